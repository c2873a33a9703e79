"""Ex-ante greenhouse-gas balance of a project's management scenarios: SOC, N2O, CH4 and biomass, per gas.

A project (one site, or a homogeneous area, as in :mod:`fourpermille.estimate`) has a baseline (current
management continued on its whole area) and alternative scenarios. A scenario is a set of *adoptions*: a
group of catalogue practices adopted on ``area_ha`` hectares from ``year`` on (a land unit; units do not
overlap, the rest of the project stays at the baseline), with optional nitrogen, rice and woody-biomass data,
the RothC extra input, costs and a yield change. For the baseline and each scenario, year by year over the
horizon and for the whole project area [t CO2e/yr; emissions positive, removals negative]:

- ``soc_co2``: -dSOC x 44/12, SOC from IPCC Tier 1 (:func:`fourpermille.estimate.tier1_equilibria`: linear
  to the new equilibrium over D years from the year of adoption), plus the published rates or stock gains
  of practices without a Tier 1 level (``estimate.effects`` of the catalogue: ``soc_rate`` over D years,
  ``soc_stock_gain`` over the system's maturity);
- ``n2o``: IPCC 2019 Ch 11 Tier 1 (:mod:`fourpermille.ghg.n2o`), direct and indirect, from the unit's N inputs
  (the baseline's, changed by the adoption and its practices; crop residue N from yield x (1 + yield change);
  F_SOM where the Tier 1 stock falls) x GWP(N2O);
- ``ch4``: rice CH4 (:mod:`fourpermille.ghg.rice`, Ch 5 Tier 1) x GWP(CH4, biogenic);
- ``biomass_co2``: -dC_biomass x 44/12 of woody practices (:mod:`fourpermille.ghg.biomass`).

Results: per gas and in total, per year and over the horizon, for the scenario ("with project") and the
baseline ("without project"), their difference (the net balance; negative = mitigation), the 95 % Monte Carlo
interval of each (factor draws shared by baseline and scenarios, so the difference is not blurred by draws
common to both), the share of the SOC gain that the extra N2O takes back, the 4 per 1000 gap (target gain of
the project area minus the scenario's Tier 1 SOC gain over the horizon, t C; scenarios ranked by it,
smallest first) and, with costs, t CO2e mitigated per euro. With monthly climate, RothC runs per unit beside
Tier 1 (:func:`fourpermille.estimate_rothc.rothc_trajectory`) and gives the extra input +4 per 1000 needs.

Everything a catalogue practice does here is stated in its ``estimate`` entry (``effects`` and ``note``);
a practice with no effect says why (``estimate.not_estimated``) and the result lists it in its notes.

References
----------
IPCC (2019) 2019 Refinement Vol 4 Ch 2 Eq. 2.25, Ch 5 (Eq. 5.1-5.3), Ch 11 (Eq. 11.1-11.10).
IPCC AR6 WG1 (2021) Table 7.15; AR5 WG1 (2013) Table 8.A.1 (GWP-100).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from fourpermille import estimate as est
from fourpermille import practices as practices_db
from fourpermille import target as target_mod
from fourpermille.errors import InputError, ParameterError
from fourpermille.ghg import biomass as biomass_mod
from fourpermille.ghg import n2o as n2o_mod
from fourpermille.ghg import rice as rice_mod
from fourpermille.ghg import tables as ghg_tables
from fourpermille.ipcc.tier1 import check_d_years
from fourpermille.ipcc.uncertainty import Z_95, interval, positive_normal
from fourpermille.units import CO2_PER_C

#: Version of the file format of :meth:`ScenarioEstimate.to_dict`.
FORMAT = "fourpermille.scenario-estimate"
FORMAT_VERSION = 1
#: The gases of the balance, in the order of tables and plots.
GASES = ("soc_co2", "n2o", "ch4", "biomass_co2")
GAS_LABELS = {"soc_co2": "SOC (CO2)", "n2o": "N2O", "ch4": "CH4", "biomass_co2": "biomass (CO2)"}
BASELINE_ID = "baseline"
#: Effect channels a practice can have in the estimate (catalogue field ``estimate.effects``).
EFFECTS = ("soc_tier1", "soc_rate", "soc_stock_gain", "n2o", "ch4_rice", "biomass", "rothc_input")
KG_PER_T = 1000.0


# --- inputs ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nitrogen:
    """Nitrogen management of one hectare [kg N/ha/yr], and the crop for the residue N (Eq. 11.6).

    ``crop`` (Table 11.1a name) with ``yield_t_ha`` [t fresh weight/ha/yr] and ``residue_removed`` [-] give
    F_CR; ``cover_crop_n_kg_ha`` [kg N/ha/yr] is added to F_CR (cover crop biomass returned).
    """

    synthetic_n_kg_ha: float = 0.0
    synthetic_n_by_type: dict = field(default_factory=dict)
    organic_n_kg_ha: float = 0.0
    grazing_cpp_n_kg_ha: float = 0.0
    grazing_so_n_kg_ha: float = 0.0
    crop: str | None = None
    yield_t_ha: float = 0.0
    residue_removed: float = 0.0
    cover_crop_n_kg_ha: float = 0.0


@dataclass(frozen=True)
class Costs:
    """Costs of a scenario [EUR]: once at the start (``investment_eur``) and every year (``yearly_eur``)."""

    investment_eur: float = 0.0
    yearly_eur: float = 0.0

    def total_eur(self, years: int) -> float:
        """Investment + yearly x years [EUR] (undiscounted)."""
        return self.investment_eur + self.yearly_eur * years


@dataclass(frozen=True)
class Adoption:
    """Practices adopted together on ``area_ha`` [ha] from calendar ``year`` on (one land unit).

    ``nitrogen``: fields replacing the baseline's (None: the baseline's); ``rice``: the unit's rice
    cultivation (None: the baseline's); ``biomass``: the woody system (None: the catalogue default where one
    exists); ``extra_input_t_c_ha_yr``: RothC extra plant input [t C/ha/yr] (None: 0).
    """

    practices: tuple[str, ...]
    area_ha: float
    year: int
    nitrogen: dict | None = None
    rice: rice_mod.RiceCultivation | None = None
    biomass: biomass_mod.WoodyBiomass | None = None
    extra_input_t_c_ha_yr: float | None = None


@dataclass(frozen=True)
class Scenario:
    """An alternative to the baseline: adoptions, optional costs and yield change [%]."""

    id: str
    name: str
    adoptions: tuple[Adoption, ...]
    costs: Costs | None = None
    yield_change_pct: float = 0.0


@dataclass(frozen=True)
class GhgOptions:
    """Choices of the balance: GWP set (``AR6``, ``AR5``), N2O factors (``aggregated``, ``climate``) and the
    wet/dry class (None: from the climate zone), rice region (Table 5.11), C:N ratio R of Eq. 11.8."""

    gwp: str = ghg_tables.DEFAULT_GWP
    n2o_factors: str = "aggregated"
    n2o_climate: str | None = None
    rice_region: str = "world"
    cn_ratio: float | None = None


@dataclass(frozen=True)
class ScenarioProject:
    """A checked project with scenarios: the site (``base``, a :class:`fourpermille.estimate.Project` with no
    practices), baseline nitrogen and rice, options and the scenarios."""

    base: est.Project
    nitrogen: Nitrogen
    rice: rice_mod.RiceCultivation | None
    options: GhgOptions
    scenarios: tuple[Scenario, ...]


# --- results ---------------------------------------------------------------------------------------------------


@dataclass
class GasBalance:
    """One gas (or the total) of one scenario [t CO2e], whole project area; emissions +, removals -.

    ``with_project_t_co2e_yr`` / ``without_project_t_co2e_yr``: per year of the horizon (years 1..H);
    ``*_t_co2e``: over the horizon, with the 95 % Monte Carlo bounds (NaN without draws); ``net_*``: with
    minus without (negative: the scenario mitigates).
    """

    gas: str
    with_project_t_co2e_yr: list[float]
    without_project_t_co2e_yr: list[float]
    with_project_t_co2e: float
    without_project_t_co2e: float
    net_t_co2e: float
    with_project_t_co2e_lower: float = math.nan
    with_project_t_co2e_upper: float = math.nan
    net_t_co2e_lower: float = math.nan
    net_t_co2e_upper: float = math.nan

    @property
    def net_t_co2e_yr(self) -> list[float]:
        """With minus without project, per year [t CO2e/yr]."""
        return [a - b for a, b in zip(self.with_project_t_co2e_yr, self.without_project_t_co2e_yr, strict=True)]


@dataclass
class ScenarioResult:
    """The balance of one scenario (``gases``: :data:`GASES` and ``total``) and its 4 per 1000 figures.

    Units: ``soc_gain_t_c`` and ``target_gain_t_c`` [t C over the horizon, project area];
    ``gap_4p1000_t_c`` = target - gain [t C] (<= 0: reached); ``n2o_share_of_soc_gain`` [-]: extra N2O
    over the SOC CO2 removed, both vs baseline (NaN without SOC gain); ``t_co2e_per_eur`` [t CO2e/EUR]:
    -net total / total cost; ``rank``: 1 = smallest gap; ``rothc_soc_gain_t_c`` [t C] with climate.
    """

    id: str
    name: str
    area_adopted_ha: float
    gases: dict[str, GasBalance]
    soc_gain_t_c: float
    target_gain_t_c: float
    gap_4p1000_t_c: float
    reaches_4p1000: bool
    n2o_share_of_soc_gain: float
    cost_eur: float | None = None
    t_co2e_per_eur: float | None = None
    yield_change_pct: float = 0.0
    rank: int = 0
    rothc_soc_gain_t_c: float | None = None
    soc_gain_t_c_lower: float = math.nan
    soc_gain_t_c_upper: float = math.nan
    notes: list[str] = field(default_factory=list)


@dataclass
class ScenarioEstimate:
    """Result of :func:`estimate_scenarios`: the project figures and one :class:`ScenarioResult` each."""

    project: str
    area_ha: float
    years: list[int]
    horizon_years: int
    gwp: str
    gwp_values: dict[str, float]
    n2o_factors: str
    soc0_t_ha: float
    target_gain_t_ha: float
    baseline: ScenarioResult
    scenarios: list[ScenarioResult]
    draws: int
    seed: int | None
    rothc: dict | None = None
    notes: list[str] = field(default_factory=list)

    def ranked(self) -> list[ScenarioResult]:
        """The scenarios by rank (smallest 4 per 1000 gap first)."""
        return sorted(self.scenarios, key=lambda s: s.rank)

    def to_dict(self) -> dict:
        """The versioned JSON-ready form (``format``, ``version``); :meth:`from_dict` reads it back."""
        def result(r: ScenarioResult) -> dict:
            out = {k: _plain(v) for k, v in r.__dict__.items() if k != "gases"}
            out["gases"] = {g: {k: _plain(v) for k, v in b.__dict__.items()} for g, b in r.gases.items()}
            return out

        out = {k: _plain(v) for k, v in self.__dict__.items() if k not in ("baseline", "scenarios")}
        out.update(format=FORMAT, version=FORMAT_VERSION,
                   units={"_t_co2e": "t CO2e (project area; emissions +, removals -)",
                          "_t_co2e_yr": "t CO2e per year", "_t_c": "t C (project area)", "_t_ha": "t C/ha",
                          "t_co2e_per_eur": "t CO2e mitigated per EUR"},
                   baseline=result(self.baseline), scenarios=[result(s) for s in self.scenarios])
        return out

    @classmethod
    def from_dict(cls, data: dict) -> ScenarioEstimate:
        """Read :meth:`to_dict`'s output; InputError on another format or a newer version."""
        if data.get("format") != FORMAT:
            raise InputError(f"not a scenario estimate (format {data.get('format')!r}, expected {FORMAT!r})")
        if int(data.get("version", 0)) > FORMAT_VERSION:
            raise InputError(f"scenario estimate version {data['version']} is newer than {FORMAT_VERSION}")

        def result(d: dict) -> ScenarioResult:
            gases = {g: GasBalance(**{k: _nan(v) for k, v in b.items()}) for g, b in d["gases"].items()}
            return ScenarioResult(**{k: _nan(v) for k, v in d.items() if k != "gases"}, gases=gases)

        fields_ = {k: v for k, v in data.items() if k not in ("format", "version", "units", "baseline",
                                                                "scenarios")}
        return cls(**fields_, baseline=result(data["baseline"]), scenarios=[result(s) for s in data["scenarios"]])


def _plain(value):
    if isinstance(value, float | np.floating):
        value = float(value)
        return None if math.isnan(value) else value
    if isinstance(value, np.integer | np.bool_):
        return value.item()
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _nan(value):
    return math.nan if value is None else value


# --- parsing ---------------------------------------------------------------------------------------------------

SCENARIO_FIELDS = ("nitrogen", "rice", "ghg", "scenarios")


def is_scenario_project(data) -> bool:
    """Whether a parsed project file has scenarios (else it is the one-plan format of :mod:`estimate`)."""
    return isinstance(data, dict) and "scenarios" in data


def parse_scenario_project(data) -> ScenarioProject:
    """Check a parsed project file with scenarios (docs/guide/ex-ante.md) and return a :class:`ScenarioProject`.

    The site fields are those of :func:`fourpermille.estimate.parse_project` (without ``practices``,
    ``extra_input_t_c_ha_yr``); ``nitrogen``, ``rice`` and ``ghg`` describe the baseline and the options;
    ``scenarios`` is a list of at least one scenario.

    Raises
    ------
    InputError
        Naming the field (``scenarios[2].adoptions[0].area_ha`` ...): what :func:`parse_project` refuses, an
        adoption area <= 0 or adoptions adding up to more than the project area, a year outside the horizon,
        an unknown practice or one that does not apply, unknown crop, fertiliser type, rice or GWP names,
        two scenarios with one id.
    """
    raise NotImplementedError


def scenario_project_from_plan(project: est.Project, data: dict | None = None) -> ScenarioProject:
    """The one-plan project of :mod:`fourpermille.estimate` as a scenario project: the plan adopted on the
    whole area from the start year (scenario id ``plan``); ``data`` may add ``nitrogen``/``rice``/``ghg``."""
    raise NotImplementedError


# --- the balance -----------------------------------------------------------------------------------------------


def estimate_scenarios(project: ScenarioProject, rothc=None) -> ScenarioEstimate:
    """The greenhouse-gas balance of the baseline and each scenario (see the module docstring).

    Parameters
    ----------
    project : ScenarioProject
        From :func:`parse_scenario_project`.
    rothc : callable, optional
        :func:`fourpermille.estimate_rothc.rothc_trajectory`; used when the site has monthly climate.

    Returns
    -------
    ScenarioEstimate
    """
    raise NotImplementedError
