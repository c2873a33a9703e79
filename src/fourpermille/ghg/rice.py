"""CH4 from rice cultivation, IPCC 2019 Refinement Vol 4 Ch 5 Tier 1 (section 5.5).

Per hectare and cropping season::

    CH4 = EF_i x t_i x 1e-3                     [t CH4/ha/season]                              (5.1)
    EF_i = EF_c x SF_w x SF_p x SF_o            [kg CH4/ha/d]                                  (5.2)
    SF_o = (1 + sum_i ROA_i x CFOA_i)^0.59      [-]                                            (5.3)

with ``EF_c`` the baseline factor of a field flooded continuously during cultivation, not flooded in the
180 days before it and without organic amendments (Table 5.11 (Updated), by region), ``t`` the cultivation
period [d] (Table 5.11A for defaults), ``SF_w`` the water regime during cultivation (Table 5.12 (Updated)),
``SF_p`` the pre-season water regime (Table 5.13 (Updated)), ``ROA_i`` the organic amendment applied [t/ha:
straw as dry weight, the others as fresh weight] and ``CFOA_i`` its conversion factor (Table 5.14
(Updated)). Eq. 5.1 in the Guidelines sums over areas in Gg (x 1e-6 with kg and ha); here it is per hectare.
The soil-type and cultivar factor SF_s,r of Eq. 5.2 is 1 at Tier 1.

References
----------
IPCC (2019) 2019 Refinement Vol 4 Ch 5, section 5.5, Eq. 5.1, 5.2, 5.3; Tables 5.11, 5.11A, 5.12, 5.13, 5.14
(Updated). https://www.ipcc-nggip.iges.or.jp/public/2019rf/vol4.html

Examples
--------
>>> r = RiceCultivation(region="world", water_regime="continuously_flooded",
...                     pre_season="non_flooded_short", cultivation_days=100)
>>> round(rice_ch4_t_ha(r), 4)  # 1.19 kg/ha/d x 100 d
0.119
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from fourpermille.errors import ParameterError
from fourpermille.ghg import tables

KG_PER_T = 1000.0


@dataclass(frozen=True)
class RiceCultivation:
    """One rice field's cultivation (names of :mod:`fourpermille.ghg.tables`).

    ``region``: Table 5.11 region; ``water_regime``: Table 5.12 row; ``pre_season``: Table 5.13 row;
    ``organic_amendments``: {amendment: t/ha per season} (Table 5.14 names: ``straw_short``, ``straw_long``
    [t d.m./ha], ``compost``, ``farmyard_manure``, ``green_manure`` [t fresh weight/ha]);
    ``cultivation_days`` [d] (None: Table 5.11A default of the region); ``seasons_per_year`` [1/yr].
    """

    region: str = "world"
    water_regime: str = "continuously_flooded"
    pre_season: str = "non_flooded_short"
    organic_amendments: dict = field(default_factory=dict)
    cultivation_days: float | None = None
    seasons_per_year: float = 1.0

    def __post_init__(self):
        tables.rice_baseline_ef(self.region)
        tables.water_regime_factor(self.water_regime)
        tables.pre_season_factor(self.pre_season)
        for name, amount in self.organic_amendments.items():
            tables.amendment_factor(name)
            if amount < 0:
                raise ParameterError(f"organic amendment {name}: {amount} t/ha must be >= 0")
        if self.cultivation_days is not None and not 0 < self.cultivation_days <= 366:
            raise ParameterError(f"cultivation_days must be in (0, 366]; got {self.cultivation_days}")
        if not 0 < self.seasons_per_year <= 3:
            raise ParameterError(f"seasons_per_year must be in (0, 3]; got {self.seasons_per_year}")


def amendment_scaling(amendments: dict, cfoa: dict | None = None, exponent=None):
    """SF_o = (1 + sum ROA_i x CFOA_i)^0.59 [-] (Eq. 5.3).

    Parameters
    ----------
    amendments : {name: ROA [t/ha]}
    cfoa : {name: CFOA}, optional (default: Table 5.14 (Updated)); values may be Monte Carlo arrays
    exponent : float or array, optional (default 0.59)

    Examples
    --------
    >>> round(amendment_scaling({"straw_short": 2.0}), 4)  # (1 + 2 x 1.00)^0.59
    1.9121
    """
    cfoa = cfoa or {}
    exponent = tables.amendment_exponent().value if exponent is None else exponent
    total = 1.0
    for name, amount in amendments.items():
        total = total + np.multiply(amount, cfoa.get(name, tables.amendment_factor(name).value))
    out = np.power(total, exponent)
    return out if np.ndim(out) else float(out)


def rice_emission_factor(cultivation: RiceCultivation, draws: dict | None = None):
    """Adjusted daily factor EF_i = EF_c x SF_w x SF_p x SF_o [kg CH4/ha/d] (Eq. 5.2).

    ``draws``: optional Monte Carlo values {``ef_c``, ``sf_w``, ``sf_p``, ``sfo_exponent``, ``cfoa``:
    {name: array}} replacing the table values.
    """
    draws = draws or {}
    ef_c = draws.get("ef_c", tables.rice_baseline_ef(cultivation.region).value)
    sf_w = draws.get("sf_w", tables.water_regime_factor(cultivation.water_regime).value)
    sf_p = draws.get("sf_p", tables.pre_season_factor(cultivation.pre_season).value)
    sf_o = amendment_scaling(cultivation.organic_amendments, draws.get("cfoa"), draws.get("sfo_exponent"))
    return np.multiply(np.multiply(ef_c, sf_w), np.multiply(sf_p, sf_o))


def cultivation_days(cultivation: RiceCultivation) -> float:
    """The cultivation period [d]: given, or the Table 5.11A (New) default of the region."""
    if cultivation.cultivation_days is not None:
        return float(cultivation.cultivation_days)
    return tables.rice_cultivation_days(cultivation.region).value


def rice_ch4_t_ha(cultivation: RiceCultivation, draws: dict | None = None):
    """CH4 of a hectare of rice in a year [t CH4/ha/yr] = EF_i x t x seasons / 1000 (Eq. 5.1, 5.2, 5.3)."""
    out = (
        rice_emission_factor(cultivation, draws)
        * cultivation_days(cultivation)
        * cultivation.seasons_per_year
        / KG_PER_T
    )
    return out if np.ndim(out) else float(out)


def rice_factor_table(cultivation: RiceCultivation) -> dict[str, tables.Factor]:
    """The factors a cultivation uses, with their ranges and sources (for Monte Carlo and reports)."""
    out = {
        "ef_c": tables.rice_baseline_ef(cultivation.region),
        "sf_w": tables.water_regime_factor(cultivation.water_regime),
        "sf_p": tables.pre_season_factor(cultivation.pre_season),
        "sfo_exponent": tables.amendment_exponent(),
    }
    for name in cultivation.organic_amendments:
        out[f"cfoa:{name}"] = tables.amendment_factor(name)
    return out
