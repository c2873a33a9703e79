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

Examples
--------
>>> project = parse_scenario_project({
...     "area_ha": 100, "climate_zone": "W1", "soil_class": "HAC", "uncertainty": {"draws": 0},
...     "current": {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "medium"},
...     "nitrogen": {"synthetic_n_kg_ha": 100},
...     "scenarios": [{"id": "no_till", "practices": ["no_till"], "area_ha": 50}]})
>>> s = estimate_scenarios(project).scenarios[0]
>>> round(s.soc_gain_t_c, 1)  # 64 t C/ha (Table 2.3) x 0.69 (F_LU) x (1.10 - 1) (no-till) x 50 ha
220.8
>>> round(s.gases["soc_co2"].net_t_co2e, 1)  # x 44/12, a removal
-809.6
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


# --- inputs


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
    cultivation (its fields over the baseline's; None: the baseline's); ``biomass``: the woody system
    (None: the catalogue default where one exists); ``extra_input_t_c_ha_yr``: RothC extra plant input
    [t C/ha/yr] (None: 0).
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


# --- results


@dataclass
class GasBalance:
    """One gas (or the total) of one scenario [t CO2e], whole project area; emissions +, removals -.

    ``with_project_t_co2e_yr`` / ``without_project_t_co2e_yr``: per year of the horizon (years 1..H);
    ``*_t_co2e``: over the horizon, with the 95 % Monte Carlo bounds (NaN without draws); ``net_*``: with
    minus without (negative: the scenario mitigates); ``net_t_co2e_yr_lower``/``_upper``: the 95 % bounds of
    each year's net balance (empty without draws).
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
    net_t_co2e_yr_lower: list[float] = field(default_factory=list)
    net_t_co2e_yr_upper: list[float] = field(default_factory=list)

    @property
    def net_t_co2e_yr(self) -> list[float]:
        """With minus without project, per year [t CO2e/yr]."""
        return [
            a - b for a, b in zip(self.with_project_t_co2e_yr, self.without_project_t_co2e_yr, strict=True)
        ]


@dataclass
class ScenarioResult:
    """The balance of one scenario (``gases``: :data:`GASES` and ``total``) and its 4 per 1000 figures.

    Units: ``soc_gain_t_c`` and ``target_gain_t_c`` [t C over the horizon, project area];
    ``shortfall_4p1000_t_c`` = target - gain [t C] (<= 0: reached); ``n2o_share_of_soc_gain`` [-]: extra N2O
    over the SOC CO2 removed, both vs baseline (NaN without SOC gain); ``t_co2e_per_eur`` [t CO2e/EUR]:
    -net total / total cost; ``rank``: 1 = smallest gap; ``rothc_soc_gain_t_c`` [t C] with climate.
    ``tier1_soc_t_ha_yr`` and ``rothc_soc_t_ha_yr`` [t C/ha]: the mean stock of the project area, years
    0..H (Tier 1 with the published rates and stock gains; RothC with the units' extra inputs).
    """

    id: str
    name: str
    area_adopted_ha: float
    gases: dict[str, GasBalance]
    soc_gain_t_c: float
    target_gain_t_c: float
    shortfall_4p1000_t_c: float
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
    tier1_soc_t_ha_yr: list[float] = field(default_factory=list)
    rothc_soc_t_ha_yr: list[float] | None = None


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
        out.update(
            format=FORMAT,
            version=FORMAT_VERSION,
            units={
                "_t_co2e": "t CO2e (project area; emissions +, removals -)",
                "_t_co2e_yr": "t CO2e per year",
                "_t_c": "t C (project area)",
                "_t_ha": "t C/ha",
                "t_co2e_per_eur": "t CO2e mitigated per EUR",
            },
            baseline=result(self.baseline),
            scenarios=[result(s) for s in self.scenarios],
        )
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

        fields_ = {
            k: v for k, v in data.items() if k not in ("format", "version", "units", "baseline", "scenarios")
        }
        return cls(
            **fields_, baseline=result(data["baseline"]), scenarios=[result(s) for s in data["scenarios"]]
        )


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


# --- parsing

SCENARIO_FIELDS = ("nitrogen", "rice", "ghg", "scenarios")
_NITROGEN_NUMBERS = {  # field -> (low, high) [kg N/ha/yr, t/ha, -]
    "synthetic_n_kg_ha": (0.0, 2000.0),
    "organic_n_kg_ha": (0.0, 5000.0),
    "grazing_cpp_n_kg_ha": (0.0, 5000.0),
    "grazing_so_n_kg_ha": (0.0, 5000.0),
    "yield_t_ha": (0.0, 200.0),
    "residue_removed": (0.0, 1.0),
    "cover_crop_n_kg_ha": (0.0, 1000.0),
}


def is_scenario_project(data) -> bool:
    """Whether a parsed project file has scenarios (else it is the one-plan format of :mod:`estimate`)."""
    return isinstance(data, dict) and "scenarios" in data


def _named(where: str, call, *args):
    try:
        return call(*args)
    except ParameterError as exc:
        raise InputError(f"field '{where}': {exc.message}") from None


def _mapping(value, where: str, allowed) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"field '{where}': must be a mapping")
    for key in value:
        if key not in allowed:
            raise InputError(f"field '{where}.{key}': unknown field; allowed: {', '.join(allowed)}")
    return value


def _f(where: str, data, key: str, *args, **kwargs):
    """:func:`fourpermille.estimate._field` naming the field's whole path (``where.key``)."""
    try:
        return est._field(data, key, *args, **kwargs)
    except InputError as exc:
        raise InputError(exc.message.replace(f"field '{key}'", f"field '{where}.{key}'", 1)) from None


def _nitrogen_fields(data, where: str) -> dict:
    """Checked nitrogen fields of a mapping (a subset of :class:`Nitrogen`)."""
    allowed = (*_NITROGEN_NUMBERS, "synthetic_n_by_type", "crop")
    data = _mapping(data, where, allowed)
    out = {}
    for key, (low, high) in _NITROGEN_NUMBERS.items():
        if key in data:
            out[key] = _f(where, data, key, float, low=low, high=high)
    if "crop" in data and data["crop"] is not None:
        out["crop"] = _named(f"{where}.crop", lambda c: ghg_tables.crop_residue(c).crop, str(data["crop"]))
    if "synthetic_n_by_type" in data:
        split = _mapping(
            data["synthetic_n_by_type"],
            f"{where}.synthetic_n_by_type",
            [k for k in ghg_tables.FERTILISER_TYPES if k != "unspecified"],
        )
        out["synthetic_n_by_type"] = {
            k: _f(f"{where}.synthetic_n_by_type", split, k, float, low=0.0, high=2000.0) for k in split
        }
    return out


def _checked_nitrogen(nitrogen: Nitrogen, where: str) -> Nitrogen:
    if sum(nitrogen.synthetic_n_by_type.values()) > nitrogen.synthetic_n_kg_ha + 1e-9:
        raise InputError(f"field '{where}.synthetic_n_by_type': adds up to more than synthetic_n_kg_ha")
    if nitrogen.yield_t_ha > 0 and nitrogen.crop is None:
        raise InputError(f"field '{where}.crop': a yield needs its crop (Table 11.1a name)")
    if nitrogen.crop is not None:
        _named(f"{where}.crop", n2o_mod.crop_residue_n, nitrogen.crop, nitrogen.yield_t_ha, 0.0)
    return nitrogen


def _rice(data, where: str, region: str) -> rice_mod.RiceCultivation | None:
    if data is None:
        return None
    allowed = ("water_regime", "pre_season", "organic_amendments", "cultivation_days", "seasons_per_year")
    data = _mapping(data, where, allowed)
    amendments = _mapping(
        data.get("organic_amendments"), f"{where}.organic_amendments", ghg_tables.ORGANIC_AMENDMENTS
    )
    kwargs = {
        "region": region,
        "water_regime": str(data.get("water_regime", "continuously_flooded")),
        "pre_season": str(data.get("pre_season", "non_flooded_short")),
        "organic_amendments": {
            k: _f(f"{where}.organic_amendments", amendments, k, float, low=0.0, high=200.0)
            for k in amendments
        },
        "cultivation_days": _f(
            where, data, "cultivation_days", float, required=False, low=0.0, high=366.0, low_open=True
        ),
        "seasons_per_year": _f(
            where,
            data,
            "seasons_per_year",
            float,
            required=False,
            default=1.0,
            low=0.0,
            high=3.0,
            low_open=True,
        ),
    }
    return _named(where, lambda: rice_mod.RiceCultivation(**kwargs))


def _merged(base, changes):
    """The unit's rice fields over the baseline's (None: the unit gives no rice of its own)."""
    if changes is None:
        return None
    if isinstance(base, dict) and isinstance(changes, dict):
        return {**base, **changes}
    return changes


def _biomass(data, where: str) -> biomass_mod.WoodyBiomass | None:
    if data is None:
        return None
    data = _mapping(
        data,
        where,
        (
            "growth_t_c_ha_yr",
            "growth_sd_t_c_ha_yr",
            "stock_gain_t_c_ha",
            "stock_gain_sd_t_c_ha",
            "maturity_years",
            "source",
        ),
    )
    years = _f(where, data, "maturity_years", float, low=0.0, high=500.0, low_open=True)
    source = str(data.get("source", "given by the project"))
    if "growth_t_c_ha_yr" in data:
        growth = _f(where, data, "growth_t_c_ha_yr", float, low=0.0, high=50.0)
        sd = _f(where, data, "growth_sd_t_c_ha_yr", float, required=False, default=0.0, low=0.0, high=50.0)
        return biomass_mod.WoodyBiomass.from_growth_rate(growth, years, sd, source)
    if "stock_gain_t_c_ha" in data:
        gain = _f(where, data, "stock_gain_t_c_ha", float, low=0.0, high=1000.0)
        sd = _f(where, data, "stock_gain_sd_t_c_ha", float, required=False, default=0.0, low=0.0, high=1000.0)
        return biomass_mod.WoodyBiomass(gain, years, "stock_difference", sd, source)
    raise InputError(
        f"field '{where}': give growth_t_c_ha_yr (gain-loss) or stock_gain_t_c_ha (stock "
        "difference) with maturity_years"
    )


def parse_scenario_project(data) -> ScenarioProject:
    """Check a parsed project file with scenarios (docs/guide/ex-ante.md); a :class:`ScenarioProject`.

    The site fields are those of :func:`fourpermille.estimate.parse_project` (without ``practices`` and
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
    if not isinstance(data, dict):
        raise InputError("a project file must be a mapping of fields (see docs/guide/ex-ante.md)")
    for key in ("practices", "extra_input_t_c_ha_yr"):
        if key in data:
            raise InputError(f"field '{key}': with scenarios, give it in each scenario's adoptions")
    site = {k: v for k, v in data.items() if k not in SCENARIO_FIELDS}
    base = est.parse_project(site)
    options = _options(data.get("ghg"))
    nitrogen = _checked_nitrogen(Nitrogen(**_nitrogen_fields(data.get("nitrogen"), "nitrogen")), "nitrogen")
    rice = _rice(data.get("rice"), "rice", options.rice_region)
    if base.land_use == "paddy_rice" and rice is None:
        raise InputError(
            "field 'rice': the current land use is paddy rice: give its cultivation (water_regime, "
            "pre_season ...)"
        )
    scenarios = data.get("scenarios")
    if not isinstance(scenarios, list) or not scenarios:
        raise InputError("field 'scenarios': must be a non-empty list of scenarios")
    parsed, ids = [], set()
    for i, item in enumerate(scenarios):
        scenario = _scenario(item, f"scenarios[{i}]", base, nitrogen, options, data.get("rice"))
        if scenario.id in ids or scenario.id == BASELINE_ID:
            raise InputError(f"field 'scenarios[{i}].id': {scenario.id!r} is used twice (or is 'baseline')")
        ids.add(scenario.id)
        parsed.append(scenario)
    return ScenarioProject(base=base, nitrogen=nitrogen, rice=rice, options=options, scenarios=tuple(parsed))


def _options(data) -> GhgOptions:
    data = _mapping(data, "ghg", ("gwp", "n2o_factors", "n2o_climate", "rice_region", "cn_ratio"))
    out = GhgOptions(
        gwp=str(data.get("gwp", ghg_tables.DEFAULT_GWP)),
        n2o_factors=str(data.get("n2o_factors", "aggregated")),
        n2o_climate=None if data.get("n2o_climate") is None else str(data["n2o_climate"]),
        rice_region=str(data.get("rice_region", "world")),
        cn_ratio=_f("ghg", data, "cn_ratio", float, required=False, low=1.0, high=100.0),
    )
    for key, allowed in (
        ("gwp", ghg_tables.GWP_SETS),
        ("n2o_factors", ghg_tables.DISAGGREGATIONS),
        ("rice_region", ghg_tables.RICE_REGIONS),
    ):
        if getattr(out, key) not in allowed:
            raise InputError(
                f"field 'ghg.{key}': must be one of {', '.join(allowed)}; got {getattr(out, key)!r}"
            )
    if out.n2o_climate is not None and out.n2o_climate not in ghg_tables.N2O_CLIMATES:
        raise InputError(f"field 'ghg.n2o_climate': must be wet or dry; got {out.n2o_climate!r}")
    return out


def _scenario(
    item, where: str, base: est.Project, nitrogen: Nitrogen, options: GhgOptions, rice_base=None
) -> Scenario:
    allowed = (
        "id",
        "name",
        "adoptions",
        "practices",
        "area_ha",
        "year",
        "nitrogen",
        "rice",
        "biomass",
        "extra_input_t_c_ha_yr",
        "costs",
        "yield_change_pct",
    )
    item = _mapping(item, where, allowed)
    if "id" not in item:
        raise InputError(f"field '{where}.id': missing (required)")
    sid = str(item["id"])
    shortcut = {
        k: item[k]
        for k in ("practices", "area_ha", "year", "nitrogen", "rice", "biomass", "extra_input_t_c_ha_yr")
        if k in item
    }
    if shortcut and "adoptions" in item:
        raise InputError(f"field '{where}': give either adoptions or one adoption's practices, area_ha, year")
    raw = item.get("adoptions", [shortcut] if shortcut else None)
    if not isinstance(raw, list) or not raw:
        raise InputError(f"field '{where}.adoptions': must be a non-empty list")
    adoptions = tuple(
        _adoption(
            a, f"{where}.adoptions[{j}]" if "adoptions" in item else where, base, nitrogen, options, rice_base
        )
        for j, a in enumerate(raw)
    )
    total = sum(a.area_ha for a in adoptions)
    if total > base.area_ha * (1 + 1e-9):
        raise InputError(
            f"field '{where}.adoptions': the adoption areas add up to {total:g} ha, more than the "
            f"project area {base.area_ha:g} ha"
        )
    costs = item.get("costs")
    if costs is not None:
        costs = _mapping(costs, f"{where}.costs", ("investment_eur", "yearly_eur"))
        costs = Costs(
            _f(
                f"{where}.costs",
                costs,
                "investment_eur",
                float,
                required=False,
                default=0.0,
                low=0.0,
                high=1e12,
            ),
            _f(f"{where}.costs", costs, "yearly_eur", float, required=False, default=0.0, low=0.0, high=1e12),
        )
    change = _f(where, item, "yield_change_pct", float, required=False, default=0.0, low=-100.0, high=1000.0)
    return Scenario(sid, str(item.get("name", sid)), adoptions, costs, change)


def _adoption(
    item, where: str, base: est.Project, nitrogen: Nitrogen, options: GhgOptions, rice_base=None
) -> Adoption:
    item = _mapping(
        item, where, ("practices", "area_ha", "year", "nitrogen", "rice", "biomass", "extra_input_t_c_ha_yr")
    )
    plan = item.get("practices")
    if not isinstance(plan, list) or not plan or not all(isinstance(p, str) for p in plan):
        raise InputError(f"field '{where}.practices': must be a non-empty list of practice ids")
    db = practices_db.load()
    ids = tuple(dict.fromkeys(_named(f"{where}.practices", db.get, p).id for p in plan))
    area = _f(
        where,
        item,
        "area_ha",
        float,
        required=False,
        default=base.area_ha,
        low=0.0,
        high=base.area_ha,
        low_open=True,
    )
    last = base.start_year + base.years - 1
    year = _f(
        where, item, "year", int, required=False, default=base.start_year, low=base.start_year, high=last
    )
    try:
        est.tier1_states(replace(base, practices=ids))
    except ParameterError as exc:
        raise InputError(f"field '{where}.practices': {exc.message}") from None
    fields_ = _nitrogen_fields(item.get("nitrogen"), f"{where}.nitrogen")
    if fields_:
        _checked_nitrogen(replace(nitrogen, **fields_), f"{where}.nitrogen")
    extra = _f(where, item, "extra_input_t_c_ha_yr", float, required=False, low=-100.0, high=100.0)
    return Adoption(
        ids,
        area,
        year,
        fields_ or None,
        _rice(_merged(rice_base, item.get("rice")), f"{where}.rice", options.rice_region),
        _biomass(item.get("biomass"), f"{where}.biomass"),
        extra,
    )


def scenario_project_from_plan(project: est.Project, data: dict | None = None) -> ScenarioProject:
    """The one-plan project of :mod:`fourpermille.estimate` as a scenario project: the plan adopted on the
    whole area from the start year (scenario id ``plan``); ``data`` may add ``nitrogen``/``rice``/``ghg``."""
    data = data or {}
    options = _options(data.get("ghg"))
    nitrogen = _checked_nitrogen(Nitrogen(**_nitrogen_fields(data.get("nitrogen"), "nitrogen")), "nitrogen")
    rice = _rice(data.get("rice"), "rice", options.rice_region)
    extra = project.extra_input_t_c_ha_yr[0] if project.extra_input_t_c_ha_yr else None
    plan = Scenario(
        "plan",
        "plan",
        (Adoption(project.practices, project.area_ha, project.start_year, extra_input_t_c_ha_yr=extra),),
    )
    base = replace(project, practices=(), extra_input_t_c_ha_yr=None)
    return ScenarioProject(base, nitrogen, rice, options, (plan,) if project.practices else ())


# --- the balance


class _Draws:
    """Monte Carlo draws of table factors, shared by every unit and scenario (one draw per table entry)."""

    def __init__(self, n: int, seed):
        self.n = n
        self.rng = np.random.default_rng(None if seed is None else seed + 1)
        self.cache: dict[tuple, np.ndarray] = {}

    def factor(self, f: ghg_tables.Factor, key: str | None = None):
        """Draws (n, 1) of a factor: normal truncated at 0, SD the source's or the 95 % range / (2 x 1.96)."""
        if not self.n:
            return f.value
        key = key or (f.name, f.source, f.value, f.low, f.high)
        if key not in self.cache:
            sd = f.sd if math.isfinite(f.sd) else ((f.high - f.low) / 2.0 / Z_95 if f.has_range else 0.0)
            self.cache[key] = positive_normal([f.value], [sd], self.n, self.rng)
        return self.cache[key]

    def value(self, key: str, mean: float, sd: float):
        """Draws (n, 1) of a catalogue number with its SD (normal truncated at 0)."""
        if not self.n:
            return mean
        if key not in self.cache:
            self.cache[key] = positive_normal([mean], [sd], self.n, self.rng)
        return self.cache[key]


@dataclass
class _Unit:
    """Per-hectare yearly figures of a land unit [t CO2e/ha/yr] (years 1..H; (H,) or (n, H) with draws),
    and its SOC stock path (years 0..H) [t C/ha]."""

    area_ha: float
    soc: np.ndarray
    soc_draws: np.ndarray | None
    flux: dict
    flux_draws: dict
    notes: list


def _unit_nitrogen(project: ScenarioProject, adoption: Adoption | None, yield_change_pct: float) -> Nitrogen:
    nitrogen = project.nitrogen
    if adoption is None:
        return nitrogen
    changes = dict(adoption.nitrogen or {})
    if "residue_retention" in adoption.practices and "residue_removed" not in changes:
        changes["residue_removed"] = 0.0
    nitrogen = replace(nitrogen, **changes)
    if yield_change_pct:
        nitrogen = replace(nitrogen, yield_t_ha=nitrogen.yield_t_ha * (1.0 + yield_change_pct / 100.0))
    return nitrogen


def _n2o_factors(
    project: ScenarioProject, draws: _Draws, irrigated: bool, rice_regime: str, mc: bool
) -> n2o_mod.N2OFactors:
    options = project.options
    climate = None
    if options.n2o_factors == "climate":
        climate = options.n2o_climate or _named(
            "ghg.n2o_climate", n2o_mod.n2o_climate, project.base.climate_zone, irrigated
        )
    table = n2o_mod.n2o_factor_table(options.n2o_factors, climate, rice_regime)
    values = {name: (draws.factor(f) if mc else f.value) for name, f in table.items()}
    gasf = {
        kind: (draws.factor(ghg_tables.frac_gasf(kind)) if mc else ghg_tables.frac_gasf(kind).value)
        for kind in ghg_tables.FERTILISER_TYPES
    }
    return n2o_mod.N2OFactors(
        **values,
        frac_gasf=gasf,
        disaggregation=options.n2o_factors,
        climate=climate,
        sources={name: f.source for name, f in table.items()},
    )


_EF1FR_REGIME = {
    "continuously_flooded": "continuously_flooded",
    "single_drainage": "drained",
    "multiple_drainage": "drained",
}


def _n2o_per_ha(
    project: ScenarioProject, nitrogen: Nitrogen, som_n, rice, irrigated: bool, draws: _Draws, mc: bool
):
    """N2O [t CO2e/ha/yr] of a unit's nitrogen (som_n: (H,) kg N/ha/yr)."""
    residue = 0.0
    if nitrogen.crop is not None and nitrogen.yield_t_ha > 0:
        residue = n2o_mod.crop_residue_n(nitrogen.crop, nitrogen.yield_t_ha, nitrogen.residue_removed)
    regime = _EF1FR_REGIME.get(rice.water_regime, "aggregated") if rice is not None else "aggregated"
    inputs = n2o_mod.NitrogenInputs(
        synthetic_n_kg_ha=nitrogen.synthetic_n_kg_ha,
        organic_n_kg_ha=nitrogen.organic_n_kg_ha,
        crop_residue_n_kg_ha=residue + nitrogen.cover_crop_n_kg_ha,
        som_n_kg_ha=som_n,
        grazing_cpp_n_kg_ha=nitrogen.grazing_cpp_n_kg_ha,
        grazing_so_n_kg_ha=nitrogen.grazing_so_n_kg_ha,
        synthetic_n_by_type=dict(nitrogen.synthetic_n_by_type),
        flooded_rice=rice is not None,
        rice_water_regime=regime,
    )
    factors = _n2o_factors(project, draws, irrigated, regime, mc)
    gwp = ghg_tables.gwp100("N2O", project.options.gwp).value
    return np.asarray(n2o_mod.n2o_managed_soils(inputs, factors).total) / KG_PER_T * gwp


def _rice_per_ha(
    project: ScenarioProject, rice, nitrogen: Nitrogen, practices: tuple, draws: _Draws, mc: bool
):
    """CH4 [t CO2e/ha/yr] of a rice unit (0 without rice)."""
    if rice is None:
        return 0.0
    amendments = dict(rice.organic_amendments)
    straw = ("straw_short", "straw_long")
    if (
        "residue_retention" in practices
        and not any(k in amendments for k in straw)
        and nitrogen.crop is not None
    ):
        amendments["straw_short"] = n2o_mod.crop_residue_dry_matter(
            nitrogen.crop, nitrogen.yield_t_ha, nitrogen.residue_removed
        )
    rice = replace(rice, organic_amendments=amendments)
    values = None
    if mc:
        table = rice_mod.rice_factor_table(rice)
        values = {k: draws.factor(f) for k, f in table.items() if not k.startswith("cfoa:")}
        values["cfoa"] = {k[5:]: draws.factor(f) for k, f in table.items() if k.startswith("cfoa:")}
    gwp = ghg_tables.gwp100("CH4", project.options.gwp).value
    return np.asarray(rice_mod.rice_ch4_t_ha(rice, values)) * gwp


def _catalogue_number(item: dict) -> tuple[float, float]:
    """(value, SD) of a catalogue number: its range taken as mean +- SD where it says so, else as a 95 %
    interval."""
    value = item.get("value", (item.get("low", 0.0) + item.get("high", 0.0)) / 2.0)
    low, high = item.get("low", value), item.get("high", value)
    per_sd = 2.0 if "SD" in str(item.get("range", "")) else 2.0 * Z_95
    return float(value), float(high - low) / per_sd


def _unit(
    project: ScenarioProject, adoption: Adoption | None, scenario: Scenario | None, draws: _Draws, notes: list
) -> _Unit:
    """A land unit's per-hectare figures: the baseline (``adoption`` None) or an adoption."""
    base = project.base
    years, d_years = base.years, check_d_years(base.d_years)
    t = np.arange(years + 1)
    start = 0 if adoption is None else adoption.year - base.start_year
    practices = () if adoption is None else adoption.practices
    unit_project = replace(base, practices=practices)
    soc0, new_eq, soc0_d, new_d, tier1_notes = est.tier1_equilibria(unit_project, base.draws, base.seed)
    if adoption is not None:
        notes.extend(n for n in tier1_notes if n not in notes and not n.startswith("SOC0"))
    share = np.clip((t - start) / d_years, 0.0, 1.0)
    soc = soc0 + (new_eq - soc0) * share
    soc_d = soc0_d[:, None] + (new_d - soc0_d)[:, None] * share if soc0_d.size else None
    db = practices_db.load()
    biomass_path = np.zeros(years + 1)
    biomass_d = None
    for pid in practices:
        practice = db.get(pid)
        effects = practice.estimate_effects
        if "soc_rate" in effects and practice.sequestration:
            value, sd = _catalogue_number(practice.sequestration[0])
            span = np.clip(t - start, 0, d_years)
            soc = soc + value * span
            if soc_d is not None:
                soc_d = soc_d + draws.value(f"rate:{pid}", value, sd) * span
            notes.append(
                f"{pid}: {value:g} t C/ha/yr for {d_years} years ({practice.sequestration[0]['reference']})"
            )
        if "soc_stock_gain" in effects and "soc_stock_gain_t_c_ha" in practice.extra:
            item = practice.extra["soc_stock_gain_t_c_ha"]
            value, sd = _catalogue_number(item)
            maturity = ghg_tables.added_default("hedgerow_maturity_years").value
            gain_share = np.clip((t - start) / maturity, 0.0, 1.0)
            soc = soc + value * gain_share
            if soc_d is not None:
                soc_d = soc_d + draws.value(f"stock:{pid}", value, sd) * gain_share
            notes.append(f"{pid}: soil +{value:g} t C/ha over {maturity:g} years ({item['reference']})")
        if "biomass" in effects:
            woody = adoption.biomass or (biomass_mod.hedgerow_default() if pid == "hedgerows" else None)
            if woody is None:
                notes.append(
                    f"{pid}: no biomass growth rate or stock difference given (no default with a source "
                    "is packaged): biomass carbon left out"
                )
                continue
            biomass_path = biomass_path + biomass_mod.biomass_carbon_path(woody, years, start)
            if draws.n:
                gains = draws.value(
                    f"biomass:{pid}:{woody.source}:{woody.stock_gain_t_c_ha}",
                    woody.stock_gain_t_c_ha,
                    woody.sd_t_c_ha,
                )
                path = biomass_mod.biomass_carbon_path(woody, years, start, gains[:, 0])
                biomass_d = path if biomass_d is None else biomass_d + path
            notes.append(
                f"{pid}: biomass +{woody.stock_gain_t_c_ha:g} t C/ha over {woody.maturity_years:g} years "
                f"({woody.source})"
            )
    # N2O: before adoption the unit is managed as the baseline.
    state_use = est.tier1_states(unit_project)[1].land_use
    before = _unit_nitrogen(project, None, 0.0)
    after = _unit_nitrogen(project, adoption, scenario.yield_change_pct if scenario else 0.0)
    rice_before = project.rice if base.land_use == "paddy_rice" else None
    rice_after = rice_before
    if adoption is not None and state_use == "paddy_rice":
        rice_after = adoption.rice or project.rice
        if rice_after is None:
            raise InputError(
                "field 'scenarios': a unit moved to paddy rice needs its rice cultivation (rice)"
            )
    irrigated = "irrigation" in practices
    cn = (
        project.options.cn_ratio
        or n2o_mod.cn_ratio_default(
            land_use_change=ipcc_chapter(base.land_use) == "grassland"
            and ipcc_chapter(state_use) == "cropland"
        ).value
    )
    active = np.arange(1, years + 1) > start
    flux, flux_d = {}, {}
    for mc in (False, True):
        if mc and not draws.n:
            break
        path = soc_d if mc else soc
        if path is None:
            continue
        dsoc = np.diff(path, axis=-1)
        som = n2o_mod.som_mineralised_n(dsoc, cn)
        n2o_b = _n2o_per_ha(project, before, 0.0, rice_before, False, draws, mc)
        n2o_a = _n2o_per_ha(project, after, som, rice_after, irrigated, draws, mc)
        ch4_b = _rice_per_ha(project, rice_before, before, (), draws, mc)
        ch4_a = _rice_per_ha(project, rice_after, after, practices, draws, mc)
        bio = biomass_d if mc else biomass_path
        shape = dsoc.shape
        out = {
            "soc_co2": -dsoc * CO2_PER_C,
            "n2o": np.broadcast_to(np.where(active, n2o_a, n2o_b), shape).astype(float),
            "ch4": np.broadcast_to(np.where(active, ch4_a, ch4_b), shape).astype(float),
            "biomass_co2": np.broadcast_to(
                -np.diff(bio, axis=-1) * CO2_PER_C if bio is not None else 0.0, shape
            ).astype(float),
        }
        (flux_d if mc else flux).update(out)
    area = base.area_ha if adoption is None else adoption.area_ha
    return _Unit(area, soc, soc_d, flux, flux_d, notes)


def ipcc_chapter(land_use: str) -> str:
    """The IPCC chapter (``cropland``, ``grassland``, ``native``) of a land use."""
    from fourpermille.ipcc import tables as ipcc

    return ipcc.LAND_USES[land_use][0]


def _combine(units: list[_Unit], remainder_ha: float, baseline: _Unit, mc: bool) -> dict:
    """Whole-project yearly fluxes [t CO2e/yr] per gas: units x area + remainder at the baseline."""
    key = "flux_draws" if mc else "flux"
    out = {}
    for gas in GASES:
        total = getattr(baseline, key)[gas] * remainder_ha
        for unit in units:
            total = total + getattr(unit, key)[gas] * unit.area_ha
        out[gas] = total
    out["total"] = sum(out[g] for g in GASES)
    return out


def _balance(gas: str, with_, without, with_d, without_d) -> GasBalance:
    net = float(np.sum(with_) - np.sum(without))
    out = GasBalance(
        gas,
        [float(v) for v in with_],
        [float(v) for v in without],
        float(np.sum(with_)),
        float(np.sum(without)),
        net,
    )
    if with_d is not None:
        out.with_project_t_co2e_lower, out.with_project_t_co2e_upper = (
            float(v) for v in interval(with_d.sum(-1))
        )
        out.net_t_co2e_lower, out.net_t_co2e_upper = (
            float(v) for v in interval(with_d.sum(-1) - without_d.sum(-1))
        )
        low, high = interval(np.broadcast_to(with_d - without_d, with_d.shape))
        out.net_t_co2e_yr_lower, out.net_t_co2e_yr_upper = [float(v) for v in low], [float(v) for v in high]
    return out


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
    base = project.base
    draws = _Draws(base.draws, base.seed)
    mc = bool(base.draws)
    notes: list[str] = []
    baseline = _unit(project, None, None, draws, notes)
    soc0 = float(baseline.soc[0])
    base_flux = _combine([], base.area_ha, baseline, False)
    base_flux_d = _combine([], base.area_ha, baseline, True) if mc else None
    target_gain_t_ha = float(soc0 * target_mod.relative_gain(base.years))
    rothc_site = None
    if base.climate is not None and rothc is not None:
        rothc_site = rothc(replace(base, extra_input_t_c_ha_yr=None), soc0)
        notes.append(
            "Tier 1 and RothC differ by design: Tier 1 moves the stock to a new equilibrium set by the "
            "practice's stock change factor, linearly over D years; RothC follows the carbon input the "
            "practices add (extra_input_t_c_ha_yr) through its pools month by month, with the site's "
            "climate and clay."
        )
    elif base.climate is not None:
        notes.append("monthly climate given but no RothC engine available: RothC left out")
    if project.nitrogen == Nitrogen() and not any(a.nitrogen for s in project.scenarios for a in s.adoptions):
        notes.append(
            "no nitrogen inputs given (field 'nitrogen'): N2O counts only the N mineralised where soil "
            "carbon is lost (Eq. 11.8)"
        )

    def result(sid, name, units: list[_Unit], scenario: Scenario | None, unit_notes) -> ScenarioResult:
        adopted = sum(u.area_ha for u in units)
        remainder = base.area_ha - adopted
        flux = _combine(units, remainder, baseline, False) if units else base_flux
        flux_d = (_combine(units, remainder, baseline, True) if units else base_flux_d) if mc else None
        gases = {
            g: _balance(g, flux[g], base_flux[g], flux_d[g] if mc else None, base_flux_d[g] if mc else None)
            for g in (*GASES, "total")
        }
        gain = sum(u.area_ha * (u.soc[-1] - u.soc[0]) for u in units)
        target = target_gain_t_ha * base.area_ha
        soc_removed = -gases["soc_co2"].net_t_co2e
        share = gases["n2o"].net_t_co2e / soc_removed if soc_removed > 0 else math.nan
        out = ScenarioResult(
            sid,
            name,
            adopted,
            gases,
            float(gain),
            target,
            float(target - gain),
            bool(gain >= target),
            share,
            notes=unit_notes,
        )
        if mc and units and all(u.soc_draws is not None for u in units):
            gains = sum(u.area_ha * (u.soc_draws[:, -1] - u.soc_draws[:, 0]) for u in units)
            out.soc_gain_t_c_lower, out.soc_gain_t_c_upper = (float(v) for v in interval(gains))
        if scenario is not None:
            out.yield_change_pct = scenario.yield_change_pct
            if scenario.costs is not None:
                out.cost_eur = scenario.costs.total_eur(base.years)
                mitigated = -gases["total"].net_t_co2e
                out.t_co2e_per_eur = mitigated / out.cost_eur if out.cost_eur > 0 else None
        if rothc_site is not None and scenario is not None:
            path = _rothc_path(project, scenario, rothc)
            out.rothc_soc_t_ha_yr = [float(v) for v in path]
            out.rothc_soc_gain_t_c = float(path[-1] - path[0]) * base.area_ha
        elif rothc_site is not None:
            out.rothc_soc_t_ha_yr = [float(v) for v in rothc_site["rothc_soc_t_ha"]]
        stock = baseline.soc * remainder + sum(u.soc * u.area_ha for u in units)
        out.tier1_soc_t_ha_yr = [float(v) for v in stock / base.area_ha]
        return out

    results = []
    for scenario in project.scenarios:
        unit_notes: list[str] = []
        units = [_unit(project, a, scenario, draws, unit_notes) for a in scenario.adoptions]
        db = practices_db.load()
        for pid in dict.fromkeys(p for a in scenario.adoptions for p in a.practices):
            practice = db.get(pid)
            if practice.not_estimated:
                unit_notes.append(f"{pid}: left out of the estimate: {practice.not_estimated}")
        results.append(result(scenario.id, scenario.name, units, scenario, unit_notes))
    for rank, r in enumerate(sorted(results, key=lambda r: r.shortfall_4p1000_t_c), start=1):
        r.rank = rank
    gwp = project.options.gwp
    rothc_summary = None
    if rothc_site is not None:
        rothc_summary = {k: v for k, v in rothc_site.items() if not k.startswith("rothc_soc_t_ha")}
        rothc_summary["rothc_extra_input_for_4p1000_t_c_yr"] = (
            rothc_site["rothc_extra_input_for_4p1000_t_c_ha_yr"] * base.area_ha
        )
    return ScenarioEstimate(
        project=base.name,
        area_ha=base.area_ha,
        years=[base.start_year + t for t in range(1, base.years + 1)],
        horizon_years=base.years,
        gwp=gwp,
        gwp_values={g: ghg_tables.gwp100(g, gwp).value for g in ("CO2", "CH4", "N2O")},
        n2o_factors=project.options.n2o_factors,
        soc0_t_ha=soc0,
        target_gain_t_ha=target_gain_t_ha,
        baseline=result(BASELINE_ID, "baseline (current management)", [], None, []),
        scenarios=results,
        draws=base.draws,
        seed=base.seed,
        rothc=rothc_summary,
        notes=notes,
    )


def _rothc_path(project: ScenarioProject, scenario: Scenario, rothc) -> np.ndarray:
    """RothC mean stock of the project area under a scenario, years 0..H [t C/ha]: each unit's run with its
    extra input from its year of adoption (the equilibrium repeats itself until then), the rest at the
    baseline (the equilibrium of the current stock)."""
    base = project.base
    soc0 = None
    total = np.zeros(base.years + 1)
    adopted = 0.0
    for adoption in scenario.adoptions:
        extra = adoption.extra_input_t_c_ha_yr
        if extra is None:  # the catalogue's published default (the one the practice pages show), else 0
            extra = practices_db.default_extra_input(practices_db.load(), adoption.practices) or 0.0
        run = np.asarray(
            rothc(replace(base, extra_input_t_c_ha_yr=(extra, extra, extra)), _soc0(project))[
                "rothc_soc_t_ha"
            ],
            float,
        )
        start = adoption.year - base.start_year
        shifted = np.concatenate([np.full(start, run[0]), run[: base.years + 1 - start]])
        total += adoption.area_ha * shifted
        adopted += adoption.area_ha
        soc0 = run[0]
    if soc0 is None:
        soc0 = _soc0(project)
    total += (base.area_ha - adopted) * soc0
    return total / base.area_ha


def _soc0(project: ScenarioProject) -> float:
    """SOC0 of the project [t C/ha]: the measured stock or the Tier 1 equilibrium of current management."""
    return float(est.tier1_equilibria(replace(project.base, practices=()), 0)[0])
