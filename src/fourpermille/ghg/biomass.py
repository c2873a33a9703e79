"""Biomass carbon of woody practices (agroforestry, hedgerows, silvopasture): IPCC Tier 1 on the planted area.

Two Tier 1 ways to get the yearly change of living biomass carbon (IPCC 2019 Refinement Vol 4 Ch 2 section
2.2.1, applied to woody perennials of cropland and grassland as Ch 5 section 5.2.1 and Ch 6 do):

- gain-loss (Eq. 2.7, 2.9): the biomass grows at ``G`` [t C/ha/yr] until it matures after ``T`` years and
  then stays (no harvest of the woody part within the horizon)::

      C_B(t) = G x min(t, T)                                                    [t C/ha]

- stock difference (Eq. 2.8): the mature system holds ``dC`` [t C/ha] more than the land it replaces, reached
  linearly over ``T`` years::

      C_B(t) = dC x min(t, T) / T,      i.e. dC_B/dt = (C_mature - C_before) / T    (2.8)

Both are a linear rise to a plateau; a practice adopted in year ``a`` starts there. Values are per hectare
of the planted (adopted) area, in t C; the CO2 removed is -dC_B x 44/12.

Defaults: hedgerows (stock difference) from the meta-analysis of Drexler et al. (2021): 87 +- 40 t C/ha of
biomass above that of cropland (mean +- SD), reached over 50 years (the paper's longer period: the
conservative reading; 20 years is its other). No default with a source is packaged for agroforestry or
silvopasture: the project gives its system's growth rate or stock difference.

References
----------
IPCC (2019) 2019 Refinement Vol 4 Ch 2 Eq. 2.7, 2.8, 2.9; Ch 5 section 5.2.1.
Drexler S., Gensior A., Don A. (2021) Regional Environmental Change 21(3).
https://doi.org/10.1007/s10113-021-01798-8

Examples
--------
>>> b = WoodyBiomass.from_growth_rate(2.0, maturity_years=10)
>>> biomass_carbon_path(b, years=12).tolist()[8:12]
[16.0, 18.0, 20.0, 20.0]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from fourpermille.errors import ParameterError
from fourpermille.ghg import tables

METHODS = ("growth_rate", "stock_difference")


@dataclass(frozen=True)
class WoodyBiomass:
    """Biomass carbon of a woody system per hectare planted.

    ``stock_gain_t_c_ha`` [t C/ha]: mature biomass above that of the land before; ``maturity_years`` [yr]
    to reach it; ``sd_t_c_ha`` [t C/ha] its standard deviation (0 or NaN: exact); ``method``:
    ``growth_rate`` or ``stock_difference``; ``source``: where the numbers come from.
    """

    stock_gain_t_c_ha: float
    maturity_years: float
    method: str = "stock_difference"
    sd_t_c_ha: float = 0.0
    source: str = "given by the project"

    def __post_init__(self):
        if self.method not in METHODS:
            raise ParameterError(f"unknown biomass method {self.method!r}; valid names: {', '.join(METHODS)}")
        if not 0 < self.maturity_years <= 500:
            raise ParameterError(f"maturity_years must be in (0, 500]; got {self.maturity_years}")
        if not 0 <= self.stock_gain_t_c_ha <= 1000:
            raise ParameterError(
                f"biomass stock gain must be in [0, 1000] t C/ha; got {self.stock_gain_t_c_ha}"
            )

    @classmethod
    def from_growth_rate(
        cls,
        growth_t_c_ha_yr: float,
        maturity_years: float,
        sd_t_c_ha_yr: float = 0.0,
        source: str = "given by the project",
    ) -> WoodyBiomass:
        """Gain-loss form (Eq. 2.7, 2.9): growth ``G`` [t C/ha/yr] for ``maturity_years``."""
        if not 0 <= growth_t_c_ha_yr <= 50:
            raise ParameterError(f"biomass growth must be in [0, 50] t C/ha/yr; got {growth_t_c_ha_yr}")
        return cls(
            growth_t_c_ha_yr * maturity_years,
            maturity_years,
            "growth_rate",
            sd_t_c_ha_yr * maturity_years,
            source,
        )

    @property
    def growth_t_c_ha_yr(self) -> float:
        """Mean yearly gain until maturity [t C/ha/yr]."""
        return self.stock_gain_t_c_ha / self.maturity_years


def hedgerow_default() -> WoodyBiomass:
    """Hedgerow biomass by stock difference, Drexler et al. (2021): 87 +- 40 t C/ha over 50 years."""
    stock = tables.added_default("hedgerow_biomass_c_stock")
    years = tables.added_default("hedgerow_maturity_years")
    return WoodyBiomass(
        stock.value,
        years.value,
        "stock_difference",
        stock.sd if math.isfinite(stock.sd) else 0.0,
        stock.source,
    )


def biomass_carbon_path(biomass: WoodyBiomass, years: int, start: int = 0, stock_gain=None) -> np.ndarray:
    """Biomass carbon above the land before, years 0..``years`` [t C/ha] (Eq. 2.7-2.9, linear to a plateau).

    Parameters
    ----------
    biomass : WoodyBiomass
    years : int
        Horizon [yr].
    start : int
        Year (from the project start) the system is planted.
    stock_gain : array (draws,), optional
        Monte Carlo draws of the stock gain [t C/ha] replacing ``biomass.stock_gain_t_c_ha``.

    Returns
    -------
    array (years + 1,) or (draws, years + 1) [t C/ha]
    """
    t = np.arange(years + 1) - start
    share = np.clip(t / biomass.maturity_years, 0.0, 1.0)
    gain = biomass.stock_gain_t_c_ha if stock_gain is None else np.asarray(stock_gain, float)[..., None]
    return gain * share
