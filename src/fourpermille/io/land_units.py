"""Reading IPCC Tier 1 land-unit tables (CSV) for :func:`fourpermille.ipcc.inventory.stock_change`.

One reader for the command line (``fourpermille tier1``) and the platform's online toolbox, so both refuse
the same files with the same message naming the file, row and column.
"""

from __future__ import annotations

import os

import pandas as pd

from fourpermille.io.tables import read_csv_table
from fourpermille.ipcc import tables as ipcc_tables

#: Columns every land-unit table has.
REQUIRED_COLUMNS = ("unit_id", "year", "area_ha")


def read_units(path: str | os.PathLike) -> pd.DataFrame:
    """Read and check a land-unit CSV (errors name the file, row and column).

    Columns: ``unit_id, year, area_ha`` and either ``soc_ref_t_ha, f_lu, f_mg, f_i`` (stock and factors)
    or ``climate_zone, soil_class, land_use, management, input`` (names of the IPCC tables); optional
    uncertainty columns and ``soc_initial_t_ha``.
    """
    return read_csv_table(
        path,
        required=REQUIRED_COLUMNS,
        numeric=(
            "year",
            "area_ha",
            *ipcc_tables.VALUE_COLUMNS,
            *ipcc_tables.VALUE_ERROR_COLUMNS,
            "soc_initial_t_ha",
        ),
        optional=(*ipcc_tables.VALUE_ERROR_COLUMNS, "soc_initial_t_ha"),
        alternatives={
            "stock and factors": [ipcc_tables.VALUE_COLUMNS, ipcc_tables.NAME_COLUMNS],
        },
    )
