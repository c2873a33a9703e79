"""Greenhouse-gas balance beside soil carbon: N2O of managed soils, CH4 of rice, woody biomass carbon, GWP.

- :mod:`~fourpermille.ghg.n2o`: IPCC 2019 Refinement Vol 4 Ch 11 Tier 1, direct (Eq. 11.1) and indirect
  (Eq. 11.9, 11.10) N2O, crop residue N (Eq. 11.6, 11.7), N mineralised from SOC loss (Eq. 11.8);
- :mod:`~fourpermille.ghg.rice`: Ch 5 Tier 1 CH4 from rice (Eq. 5.1, 5.2, 5.3);
- :mod:`~fourpermille.ghg.biomass`: Tier 1 biomass carbon of woody practices (Ch 2 Eq. 2.7-2.9);
- :mod:`~fourpermille.ghg.tables`: the default factors with their table and page, and GWP-100 (AR6, AR5).

The project-level balance (scenarios, per gas, with and without the project) is
:mod:`fourpermille.estimate_scenarios`.
"""

from fourpermille.ghg.biomass import WoodyBiomass, biomass_carbon_path, hedgerow_default
from fourpermille.ghg.n2o import (
    N2O_PER_N2O_N,
    N2OFactors,
    N2OResult,
    NitrogenInputs,
    crop_residue_n,
    n2o_climate,
    n2o_factors,
    n2o_managed_soils,
    som_mineralised_n,
)
from fourpermille.ghg.rice import RiceCultivation, amendment_scaling, rice_ch4_t_ha, rice_emission_factor
from fourpermille.ghg.tables import DEFAULT_GWP, GWP_SETS, gwp100

__all__ = [
    "DEFAULT_GWP",
    "GWP_SETS",
    "N2O_PER_N2O_N",
    "N2OFactors",
    "N2OResult",
    "NitrogenInputs",
    "RiceCultivation",
    "WoodyBiomass",
    "amendment_scaling",
    "biomass_carbon_path",
    "crop_residue_n",
    "gwp100",
    "hedgerow_default",
    "n2o_climate",
    "n2o_factors",
    "n2o_managed_soils",
    "rice_ch4_t_ha",
    "rice_emission_factor",
    "som_mineralised_n",
]
