"""Ex-ante estimate of a project's SOC change: IPCC Tier 1, RothC, and the 4 per 1000 target beside them.

A project (one site or a homogeneous area) states its area, IPCC climate zone and soil class (or a measured
stock), its current land use, management and input, and the practices it plans (ids of the good-practice
database). The estimate gives, year by year over the horizon (20 years by default):

- the Tier 1 stock: from the current stock SOC0 it moves linearly to the new equilibrium over D = 20 years
  (2019 Refinement Vol 4 Ch 2 Eq. 2.25, Approach 2 for one unit);
- where monthly climate and clay are given, the RothC stock with the practices' extra carbon input
  (see :func:`rothc_trajectory`);
- the baseline (current management continued: the stock stays at SOC0, as Tier 1 assumes the current
  stock is at equilibrium with current management) and the 4 per 1000 target relative to it,
  SOC0 (1 + 0.004 t);

in t C/ha, t C (x area) and t CO2e (x 44/12), with the 95 % Monte Carlo interval of the Tier 1 change and
whether the plan reaches +4 per 1000 at the horizon.

Without a measured stock, SOC0 is the Tier 1 equilibrium of the current management (SOC_REF x F_LU x
F_MG x F_I). With a measured stock, SOC0 is that stock and the new equilibrium is SOC0 x F_new / F_current:
the measured stock is taken to be at equilibrium with current management (the Tier 1 assumption).

References
----------
IPCC (2019) 2019 Refinement Vol 4 Ch 2 Eq. 2.25; Ch 5 Table 5.5; Ch 6 Table 6.2.
Soussana J.-F. et al. (2019) https://doi.org/10.1016/j.still.2017.12.002 (the 4 per 1000 target).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from fourpermille import practices as practices_db
from fourpermille import target as target_mod
from fourpermille.errors import InputError, ParameterError
from fourpermille.ipcc import tables as ipcc
from fourpermille.ipcc.tier1 import D_YEARS_DEFAULT, check_d_years
from fourpermille.ipcc.uncertainty import (
    Z_95,
    interval,
    positive_normal,
    sd_from_ci95,
    sd_from_two_sd,
)
from fourpermille.units import CO2_PER_C

HORIZON_YEARS_DEFAULT = 20
#: Physical range of a topsoil stock [t C/ha] accepted as a measurement.
SOC_RANGE_T_HA = (0.0, 1000.0)
MONTHS = 12


@dataclass(frozen=True)
class Project:
    """A checked project (names canonical, numbers in canonical units)."""

    name: str
    area_ha: float
    climate_zone: str
    soil_class: str | None
    soc_t_ha: float | None
    soc_ci95_pct: float
    land_use: str
    management: str
    input: str
    practices: tuple[str, ...]
    years: int = HORIZON_YEARS_DEFAULT
    start_year: int = 0
    d_years: int = D_YEARS_DEFAULT
    factors: str = "2019"
    draws: int = 2000
    seed: int | None = None
    strict: bool = True
    clay_pct: float | None = None
    depth_cm: float = 30.0
    extra_input_t_c_ha_yr: tuple[float, float, float] | None = None
    climate: dict | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _field(data, key, kind, required=True, default=None, low=None, high=None, low_open=False):
    """Read one field of the project mapping; InputError naming the field."""
    if key not in data or data[key] is None:
        if required:
            raise InputError(f"field '{key}': missing (required)")
        return default
    value = data[key]
    if kind is float or kind is int:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"field '{key}': must be a number; got {value!r}")
        if kind is int and int(value) != value:
            raise InputError(f"field '{key}': must be a whole number; got {value!r}")
        value = kind(value)
        too_low = low is not None and (value <= low if low_open else value < low)
        if too_low or (high is not None and value > high):
            lo = "(" if low_open else "["
            raise InputError(f"field '{key}': {value:g} is outside the allowed range {lo}{low:g}, {high:g}]")
    elif kind is str:
        value = str(value)
    return value


def parse_project(data) -> Project:
    """Check a parsed project file (YAML or JSON mapping) and return a :class:`Project`.

    Raises
    ------
    InputError
        Naming the field: missing or non-numeric values, area <= 0, unknown climate zone, soil class, land
        use, management, input or practice (listing the valid names), a practice that does not apply to the
        land use or climate, a monthly climate that is not 12 numbers.
    """
    if not isinstance(data, dict):
        raise InputError("a project file must be a mapping of fields (see docs/guide/ex-ante.md)")
    known = {
        "project",
        "area_ha",
        "climate_zone",
        "soil_class",
        "soc_t_ha",
        "soc_ci95_pct",
        "current",
        "practices",
        "years",
        "start_year",
        "d_years",
        "factors",
        "uncertainty",
        "strict_practices",
        "clay_pct",
        "depth_cm",
        "extra_input_t_c_ha_yr",
        "climate",
    }
    for key in data:
        if key not in known:
            raise InputError(f"field '{key}': unknown field; allowed: {', '.join(sorted(known))}")
    area = _field(data, "area_ha", float, low=0.0, high=np.inf, low_open=True)

    def named(key, resolver, *args):
        try:
            return resolver(*args)
        except ParameterError as exc:
            raise InputError(f"field '{key}': {exc.message}") from None

    zone = named("climate_zone", ipcc.climate_zone_name, _field(data, "climate_zone", str))
    soil = data.get("soil_class")
    soil = named("soil_class", ipcc.soil_class_name, soil) if soil is not None else None
    soc = _field(
        data, "soc_t_ha", float, required=False, low=SOC_RANGE_T_HA[0], high=SOC_RANGE_T_HA[1], low_open=True
    )
    if soil is None and soc is None:
        raise InputError("field 'soil_class': give soil_class (for SOC_REF) or a measured soc_t_ha")
    soc_ci = _field(data, "soc_ci95_pct", float, required=False, default=0.0, low=0.0, high=200.0)
    current = data.get("current")
    if not isinstance(current, dict):
        raise InputError("field 'current': needs land_use, management and input of today's management")
    use = named("current.land_use", ipcc.land_use_name, current.get("land_use"))
    mg = named("current.management", ipcc.management_name, current.get("management"), use)
    inp = named("current.input", ipcc.input_name, current.get("input"), use, mg)
    plan = data.get("practices") or []
    if not isinstance(plan, list) or not all(isinstance(p, str) for p in plan):
        raise InputError("field 'practices': must be a list of practice ids")
    db = practices_db.load()
    for pid in plan:
        named("practices", db.get, pid)
    uncertainty = data.get("uncertainty") or {}
    if not isinstance(uncertainty, dict):
        raise InputError("field 'uncertainty': must be a mapping with draws and seed")
    draws = _field(uncertainty, "draws", int, required=False, default=2000, low=0, high=1_000_000)
    seed = _field(uncertainty, "seed", int, required=False, default=None, low=0, high=2**32 - 1)
    factors = str(data.get("factors", "2019"))
    if factors not in ipcc.FACTOR_SETS:
        raise InputError(f"field 'factors': must be one of {', '.join(ipcc.FACTOR_SETS)}; got {factors!r}")
    years = _field(data, "years", int, required=False, default=HORIZON_YEARS_DEFAULT, low=1, high=500)
    d_years = _field(data, "d_years", int, required=False, default=D_YEARS_DEFAULT, low=1, high=500)
    start_year = _field(data, "start_year", int, required=False, default=0, low=0, high=3000)
    clay = _field(data, "clay_pct", float, required=False, low=0.0, high=100.0)
    depth = _field(data, "depth_cm", float, required=False, default=30.0, low=0.0, high=300.0, low_open=True)
    extra = data.get("extra_input_t_c_ha_yr")
    if extra is not None:
        extra = _extra_input(extra)
    climate = data.get("climate")
    if climate is not None:
        climate = _monthly_climate(climate)
        if clay is None:
            raise InputError("field 'clay_pct': RothC (monthly climate given) needs the clay content [%]")
    project = Project(
        name=str(data.get("project", "project")),
        area_ha=area,
        climate_zone=zone,
        soil_class=soil,
        soc_t_ha=soc,
        soc_ci95_pct=soc_ci,
        land_use=use,
        management=mg,
        input=inp,
        practices=tuple(plan),
        years=years,
        start_year=start_year,
        d_years=d_years,
        factors=factors,
        draws=draws,
        seed=seed,
        strict=bool(data.get("strict_practices", True)),
        clay_pct=clay,
        depth_cm=depth,
        extra_input_t_c_ha_yr=extra,
        climate=climate,
    )
    try:
        tier1_states(project)
    except ParameterError as exc:
        raise InputError(f"field 'practices': {exc.message}") from None
    return project


def _extra_input(extra):
    if isinstance(extra, int | float) and not isinstance(extra, bool):
        value = low = high = float(extra)
    elif isinstance(extra, dict):
        value = _field(extra, "value", float, low=-100.0, high=100.0)
        low = _field(extra, "low", float, required=False, default=value, low=-100.0, high=100.0)
        high = _field(extra, "high", float, required=False, default=value, low=-100.0, high=100.0)
    else:
        raise InputError("field 'extra_input_t_c_ha_yr': a number or {value, low, high} [t C/ha/yr]")
    if not low <= value <= high:
        raise InputError(
            f"field 'extra_input_t_c_ha_yr': needs low <= value <= high; got {low}, {value}, {high}"
        )
    return (value, low, high)


#: Monthly climate fields: name -> (allowed range, unit).
CLIMATE_FIELDS = {
    "temperature_c": ((-60.0, 60.0), "°C"),
    "rain_mm": ((0.0, 3000.0), "mm"),
    "evaporation_mm": ((0.0, 1000.0), "mm (open pan)"),
    "plant_cover": ((0.0, 1.0), "0/1"),
    "plant_input_share": ((0.0, 1.0), "-"),
}


def _monthly_climate(climate):
    if not isinstance(climate, dict):
        raise InputError("field 'climate': a mapping of 12 monthly values per variable")
    out = {}
    for key in climate:
        if key not in CLIMATE_FIELDS:
            raise InputError(f"field 'climate.{key}': unknown; allowed: {', '.join(CLIMATE_FIELDS)}")
    for key, ((low, high), unit) in CLIMATE_FIELDS.items():
        values = climate.get(key)
        if values is None:
            if key in ("temperature_c", "rain_mm", "evaporation_mm"):
                raise InputError(f"field 'climate.{key}': missing (12 monthly values [{unit}])")
            continue
        if not isinstance(values, list) or len(values) != MONTHS:
            raise InputError(f"field 'climate.{key}': needs 12 monthly values [{unit}]")
        for month, v in enumerate(values, start=1):
            if isinstance(v, bool) or not isinstance(v, int | float) or not low <= v <= high:
                raise InputError(
                    f"field 'climate.{key}', month {month}: {v!r} is outside the allowed range "
                    f"[{low:g}, {high:g}] {unit}"
                )
        out[key] = np.asarray(values, float)
    return out


# --- Tier 1 ----------------------------------------------------------------------------------------------


@dataclass
class Estimate:
    """Result of :func:`estimate`: the yearly table, a summary and notes (see :func:`to_json_dict`)."""

    project: Project
    table: pd.DataFrame
    summary: dict
    notes: list[str]


def tier1_states(project: Project):
    """(current factors, planned state, planned factors) of a project (Tier 1 tables)."""
    db = practices_db.load()
    state = practices_db.planned_state(
        db,
        project.land_use,
        project.management,
        project.input,
        project.practices,
        project.climate_zone,
        strict=project.strict,
    )
    current = ipcc.stock_change_factors(
        project.climate_zone, project.land_use, project.management, project.input, project.factors
    )
    planned = ipcc.stock_change_factors(
        project.climate_zone, state.land_use, state.management, state.input, project.factors
    )
    return current, state, planned


def _draw_table_values(values, n, rng):
    """Draw TableValues sharing draws by key: returns {key: array (n,)}."""
    out = {}
    for tv in values:
        if tv.key in out:
            continue
        if np.isfinite(tv.ci95_pct):
            sd = sd_from_ci95(tv.value, tv.ci95_pct)
        else:
            sd = sd_from_two_sd(tv.value, tv.err2sd_pct) if np.isfinite(tv.err2sd_pct) else 0.0
        out[tv.key] = positive_normal([tv.value], [sd], n, rng)[:, 0]
    return out


def tier1_equilibria(project: Project, n_draws: int = 0, seed=None):
    """Current stock SOC0 and new equilibrium [t C/ha]: point values and (optionally) Monte Carlo draws.

    Returns
    -------
    (soc0, new_eq, soc0_draws, new_eq_draws, notes): floats and arrays (n_draws,) (empty if no draws).
    """
    current, state, planned = tier1_states(project)
    notes = list(state.notes) + list(state.warnings)
    f_cur = current.f_lu.value * current.f_mg.value * current.f_i.value
    f_new = planned.f_lu.value * planned.f_mg.value * planned.f_i.value * state.factor_multiplier
    if project.soc_t_ha is None:
        ref = ipcc.soc_ref(project.climate_zone, project.soil_class)
        soc0 = ref.value * f_cur
        notes.append(
            f"SOC0 = Tier 1 equilibrium of current management: SOC_REF {ref.value:g} t C/ha "
            f"({ref.source}) x F {f_cur:.4g}"
        )
    else:
        soc0 = project.soc_t_ha
        notes.append("SOC0 = measured stock, taken to be at equilibrium with current management")
    new_eq = soc0 * f_new / f_cur
    if not n_draws:
        return soc0, new_eq, np.empty(0), np.empty(0), notes
    rng = np.random.default_rng(seed)
    factors = [current.f_lu, current.f_mg, current.f_i, planned.f_lu, planned.f_mg, planned.f_i]
    drawn = _draw_table_values(factors, n_draws, rng)

    def product(f):
        return drawn[f.f_lu.key] * drawn[f.f_mg.key] * drawn[f.f_i.key]

    low, high = state.factor_multiplier_range
    mult_sd = (high - low) / 2.0 / Z_95
    mult = positive_normal([state.factor_multiplier], [mult_sd], n_draws, rng)[:, 0]
    if project.soc_t_ha is None:
        ref = ipcc.soc_ref(project.climate_zone, project.soil_class)
        socref = _draw_table_values([ref], n_draws, rng)[ref.key]
        soc0_d = socref * product(current)
    else:
        soc0_d = positive_normal([soc0], [sd_from_ci95(soc0, project.soc_ci95_pct)], n_draws, rng)[:, 0]
    new_d = soc0_d * product(planned) * mult / product(current)
    return soc0, new_eq, soc0_d, new_d, notes


def linear_path(soc0, new_eq, years, d_years):
    """Tier 1 stock after 0..years years: SOC0 + (E - SOC0) min(t / D, 1) [t C/ha], shape (..., years+1)."""
    t = np.arange(years + 1)
    share = np.minimum(t / d_years, 1.0)
    soc0 = np.asarray(soc0, float)[..., None]
    return soc0 + (np.asarray(new_eq, float)[..., None] - soc0) * share


def estimate(project: Project, rothc=None) -> Estimate:
    """The ex-ante estimate of a project (see the module docstring).

    Parameters
    ----------
    project : Project
        From :func:`parse_project`.
    rothc : callable, optional
        ``rothc(project, soc0) -> dict`` returning yearly ``soc_t_ha`` (and ``_lower``/``_upper``) arrays of
        length years + 1 (see :func:`rothc_trajectory`); used when the project gives monthly climate.

    Returns
    -------
    Estimate whose table has one row per year: ``year, years_from_start, baseline_soc_t_ha,
    target_soc_t_ha, tier1_soc_t_ha, tier1_soc_t_ha_lower, tier1_soc_t_ha_upper`` (and ``rothc_*``), all
    [t C/ha]; the bounds are SOC0 plus the 2.5th / 97.5th percentiles of the Monte Carlo change.
    """
    d_years = check_d_years(project.d_years)
    soc0, new_eq, soc0_d, new_d, notes = tier1_equilibria(project, project.draws, project.seed)
    t = np.arange(project.years + 1)
    baseline = np.full(t.size, soc0)
    target = target_mod.target_stock(soc0, t, baseline=baseline)
    tier1 = linear_path(soc0, new_eq, project.years, d_years)
    table = pd.DataFrame(
        {
            "year": project.start_year + t,
            "years_from_start": t,
            "baseline_soc_t_ha": baseline,
            "target_soc_t_ha": target,
            "tier1_soc_t_ha": tier1,
        }
    )
    gain_target = float(target[-1] - baseline[-1])
    gain = float(tier1[-1] - soc0)
    summary = {
        "soc0_t_ha": soc0,
        "tier1_equilibrium_t_ha": new_eq,
        "horizon_years": project.years,
        "target_gain_t_ha": gain_target,
        "tier1_gain_t_ha": gain,
        "tier1_reaches_4p1000": bool(gain >= gain_target),
    }
    if soc0_d.size:
        paths = linear_path(soc0_d, new_d, project.years, d_years)
        gains = paths[:, -1] - soc0_d
        targets = soc0_d * target_mod.relative_gain(project.years)
        # The interval of the change from SOC0 (the level of SOC0 is shared by baseline, target and plan).
        low_path, high_path = interval(paths - soc0_d[:, None])
        table["tier1_soc_t_ha_lower"], table["tier1_soc_t_ha_upper"] = soc0 + low_path, soc0 + high_path
        low, high = interval(gains)
        summary.update(
            tier1_gain_t_ha_lower=float(low),
            tier1_gain_t_ha_upper=float(high),
            tier1_probability_reaches_4p1000=float(np.mean(gains >= targets)),
            draws=int(soc0_d.size),
            seed=project.seed,
        )
    if project.climate is not None and rothc is not None:
        result = rothc(project, soc0)
        for key, values in result.items():
            if key.startswith("rothc_soc_t_ha"):
                table[key] = values
            else:
                summary[key] = values
        rgain = float(table["rothc_soc_t_ha"].iloc[-1] - soc0)
        summary.update(rothc_gain_t_ha=rgain, rothc_reaches_4p1000=bool(rgain >= gain_target))
        if "rothc_soc_t_ha_lower" in table:
            summary.update(
                rothc_gain_t_ha_lower=float(table["rothc_soc_t_ha_lower"].iloc[-1] - soc0),
                rothc_gain_t_ha_upper=float(table["rothc_soc_t_ha_upper"].iloc[-1] - soc0),
            )
        if not project.extra_input_t_c_ha_yr:
            notes.append("no extra_input_t_c_ha_yr given: the RothC run keeps the current input (baseline)")
    elif project.climate is not None:
        notes.append("monthly climate given but no RothC engine available: RothC trajectory left out")
    return _with_totals(Estimate(project=project, table=table, summary=summary, notes=notes))


def _with_totals(result: Estimate) -> Estimate:
    """Add the per-project totals [t C] and CO2e [t CO2e] of the gains to a per-hectare estimate."""
    project, summary = result.project, result.summary
    for key in [k for k in list(summary) if k.endswith("_t_ha") and "gain" in k]:
        summary[key.replace("_t_ha", "_t")] = summary[key] * project.area_ha
        summary[key.replace("_t_ha", "_t_co2e")] = summary[key] * project.area_ha * CO2_PER_C
    summary["area_ha"] = project.area_ha
    result.table.attrs.update(project=project.name, growth="linear", rate=target_mod.FOUR_PER_1000)
    return result


def _shared_draws_key(project: Project) -> tuple:
    """Every input of a project's Tier 1 run except its name, area, start year and measured stock level."""
    measured = project.soc_t_ha is not None
    return (
        measured,
        None if measured else project.soil_class,
        project.soc_ci95_pct,
        project.climate_zone,
        project.land_use,
        project.management,
        project.input,
        project.practices,
        project.years,
        project.d_years,
        project.factors,
        project.draws,
        project.seed,
        project.strict,
    )


def _per_hectare_part(unit: Estimate, columns: dict, project: Project) -> Estimate:
    """``unit`` (a run at SOC0 = 1 t C/ha, or at the group's shared SOC0) for ``project``: stocks x SOC0.

    ``columns``: the unit table's columns as arrays (read once per group).
    """
    scale = 1.0 if project.soc_t_ha is None else project.soc_t_ha
    table = pd.DataFrame(
        {name: (values * scale if "_t_ha" in name else values) for name, values in columns.items()}
    )
    table["year"] = project.start_year + columns["years_from_start"]
    summary = {k: (v * scale if "_t_ha" in k else v) for k, v in unit.summary.items()}
    return Estimate(project=project, table=table, summary=summary, notes=list(unit.notes))


def estimate_many(projects: Sequence[Project]) -> list[Estimate]:
    """:func:`estimate` of many projects (IPCC Tier 1), one Monte Carlo run per group of alike projects.

    Projects that differ only in name, area [ha], start year and measured stock [t C/ha] share one run:
    every Tier 1 stock is proportional to SOC0 (the linear path to SOC0 x F_new / F_current, the
    4 per 1000 target SOC0 (1 + 0.004 t), the draws of a measured stock, a normal truncated at 0 whose
    bounds in units of its SD do not depend on the level), so the run at SOC0 = 1 t C/ha is scaled to each
    (with a soil class and no measured stock, SOC0 is the group's shared SOC_REF equilibrium). The
    probability of reaching +4 per 1000 does not depend on the scale. Projects with a monthly climate
    (RothC) or unseeded draws (independent by design) are estimated one by one.

    Parameters
    ----------
    projects : sequence of Project
        From :func:`parse_project`.

    Returns
    -------
    list of Estimate, in the order of ``projects``: equal to ``[estimate(p) for p in projects]`` to
    rounding (relative 1e-12; tests/test_estimate.py).
    """
    results: list[Estimate | None] = [None] * len(projects)
    groups: dict[tuple, list[int]] = {}
    for i, project in enumerate(projects):
        if project.climate is not None or (project.draws and project.seed is None):
            results[i] = estimate(project)
        else:
            groups.setdefault(_shared_draws_key(project), []).append(i)
    for members in groups.values():
        first = projects[members[0]]
        unit_soc = None if first.soc_t_ha is None else 1.0
        unit = estimate(replace(first, name="", area_ha=1.0, start_year=0, soc_t_ha=unit_soc))
        for key in [k for k in unit.summary if k.endswith(("_t", "_t_co2e")) or k == "area_ha"]:
            del unit.summary[key]
        columns = {name: unit.table[name].to_numpy() for name in unit.table.columns}
        for i in members:
            results[i] = _with_totals(_per_hectare_part(unit, columns, projects[i]))
    return results


def to_json_dict(result: Estimate) -> dict:
    """A JSON-ready dict: project, summary, notes and the yearly table (records)."""
    p = result.project
    return {
        "project": {
            "name": p.name,
            "area_ha": p.area_ha,
            "climate_zone": p.climate_zone,
            "soil_class": p.soil_class,
            "soc_t_ha": p.soc_t_ha,
            "current": {"land_use": p.land_use, "management": p.management, "input": p.input},
            "practices": list(p.practices),
            "years": p.years,
            "d_years": p.d_years,
            "factors": p.factors,
        },
        "units": {"_t_ha": "t C/ha", "_t": "t C (x area)", "_t_co2e": "t CO2e (x area x 44/12)"},
        "summary": {k: (float(v) if isinstance(v, np.floating) else v) for k, v in result.summary.items()},
        "notes": result.notes,
        "table": _records(result.table),
    }


def _records(table: pd.DataFrame) -> list[dict]:
    """The table's rows as dicts of Python floats (float columns) and ints (the others)."""
    columns = {
        name: [float(v) for v in values] if values.dtype.kind == "f" else [int(v) for v in values]
        for name, values in ((name, table[name].to_numpy()) for name in table.columns)
    }
    return [dict(zip(columns, row, strict=True)) for row in zip(*columns.values(), strict=True)]
