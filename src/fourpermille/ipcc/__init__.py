"""IPCC Tier 1 soil organic carbon of mineral soils (2019 Refinement Vol 4; 2006 factors selectable).

- :mod:`~fourpermille.ipcc.tables`: the default tables (SOC_REF, F_LU, F_MG, F_I) and lookups by name;
- :mod:`~fourpermille.ipcc.tier1`: Eq. 2.25 and the Approach 1 and Approach 2/3 kernels;
- :mod:`~fourpermille.ipcc.uncertainty`: Monte Carlo draws from the published errors;
- :func:`stock_change`: a table of land units in, the stock change per inventory year out.
"""

from fourpermille.ipcc.inventory import OUTPUT_COLUMNS, stock_change
from fourpermille.ipcc.tables import (
    CLIMATE_ZONES,
    FACTOR_SETS,
    INPUT,
    LAND_USES,
    MANAGEMENT,
    SOIL_CLASSES,
    resolve_table,
    soc_ref,
    stock_change_factors,
)
from fourpermille.ipcc.tier1 import D_YEARS_DEFAULT, soc_stock

__all__ = [
    "CLIMATE_ZONES",
    "D_YEARS_DEFAULT",
    "FACTOR_SETS",
    "INPUT",
    "LAND_USES",
    "MANAGEMENT",
    "OUTPUT_COLUMNS",
    "SOIL_CLASSES",
    "resolve_table",
    "soc_ref",
    "soc_stock",
    "stock_change",
    "stock_change_factors",
]
