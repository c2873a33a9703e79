"""Tier 1 SOC stock change of a table of land units: the function behind ``fourpermille tier1``.

See :mod:`fourpermille.ipcc.tier1` for the equations and the two activity-data approaches.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fourpermille.errors import InputError
from fourpermille.ipcc import tier1
from fourpermille.ipcc.tables import resolve_table
from fourpermille.ipcc.uncertainty import draw_equilibrium, interval

#: Output columns by approach (one row per reported year; ``unit_id`` first with ``per_unit=True``).
OUTPUT_COLUMNS = {
    1: ("year", "soc_t", "soc_t_minus_d", "delta_soc_t_per_yr"),
    2: ("year", "soc_t", "soc_t_previous", "delta_soc_t_per_yr"),
}
_KEY_COLUMNS = ("key_soc_ref", "key_f_lu", "key_f_mg", "key_f_i")


def stock_change(
    units: pd.DataFrame,
    approach=1,
    d_years: int = tier1.D_YEARS_DEFAULT,
    factors: str = "2019",
    n_draws: int = 0,
    seed=None,
    per_unit: bool = False,
    years=None,
) -> pd.DataFrame:
    """Tier 1 stock and annual stock change of mineral soils, with an optional Monte Carlo interval.

    Parameters
    ----------
    units : DataFrame
        One row per land unit (Approach 2) or stratum (Approach 1) and year: ``unit_id, year, area_ha``
        [-, yr, ha] and either ``soc_ref_t_ha, f_lu, f_mg, f_i`` [t C/ha, -, -, -] or ``climate_zone,
        soil_class, land_use, management, input``. Optional ``soc_initial_t_ha`` [t C/ha] (Approach 2: the
        stock of a unit at its first year, if not at equilibrium).
    approach : {1, 2, 3}
        Activity data: 1 aggregate areas; 2 or 3 tracked land units.
    d_years : int [yr]
        Time to the new equilibrium, D (20 by default).
    factors : {'2019', '2006'}
        Factor set looked up when names are given.
    n_draws : int
        Monte Carlo draws for the 95 % interval (0: none).
    seed : int, optional
    per_unit : bool
        One row per unit and year instead of totals.
    years : array of int, optional
        Years to report, none before the first inventory year (default: every inventory year of the table).
        Years after the last record continue the last land use.

    Returns
    -------
    DataFrame of :data:`OUTPUT_COLUMNS`: Approach 1 ``year, soc_t, soc_t_minus_d, delta_soc_t_per_yr``
    [yr, t C, t C, t C/yr]; Approach 2 ``year, soc_t, soc_t_previous, delta_soc_t_per_yr`` (the stock of
    the same land at the previous reported year). ``unit_id`` first with ``per_unit``; with ``n_draws`` also
    ``soc_t_lower, soc_t_upper, delta_soc_t_per_yr_lower, delta_soc_t_per_yr_upper`` (2.5th and 97.5th
    percentiles). Point values use the table means. ``attrs``: approach, d_years, factors, n_draws, seed,
    sources.

    Notes
    -----
    Approach 1: delta(t) = (SOC(t) - SOC(t - D)) / D, SOC(t - D) taken at the first inventory year when
    t - D is earlier. Approach 2: each unit moves linearly to its new equilibrium over D years from the
    previous inventory year; delta(t) = (SOC(t) - SOC(t_prev)) / (t - t_prev) since the previous reported
    year t_prev (the previous inventory year for the first one; 0 at the first inventory year). Both
    reproduce Box 2.2 (Updated) of the 2019 Refinement Vol 4 Ch 2 (pp. 2.36-2.37; tests/ipcc).

    Examples
    --------
    >>> units = pd.DataFrame({"unit_id": ["a", "a"], "year": [1990, 2010], "area_ha": [100.0, 100.0],
    ...                       "soc_ref_t_ha": [80.0, 80.0], "f_lu": [0.7, 0.7], "f_mg": [1.0, 1.1],
    ...                       "f_i": [1.0, 1.0]})
    >>> stock_change(units, approach=2).round(1).values.tolist()
    [[1990.0, 5600.0, 5600.0, 0.0], [2010.0, 6160.0, 5600.0, 28.0]]
    """
    approach = tier1.approach_number(approach)
    d_years = tier1.check_d_years(d_years)
    checked = tier1.check_units(units)
    resolved = resolve_table(checked, factors)
    point = (resolved["soc_ref_t_ha"] * resolved["f_lu"] * resolved["f_mg"] * resolved["f_i"]).to_numpy()
    soc_eq = point[None, :]
    if n_draws:
        soc_eq = np.concatenate([soc_eq, draw_equilibrium(resolved, n_draws, seed)], axis=0)

    unit_ids = list(dict.fromkeys(resolved["unit_id"]))
    unit_index = resolved["unit_id"].map({u: i for i, u in enumerate(unit_ids)}).to_numpy()
    area = resolved["area_ha"].to_numpy(float)
    year = resolved["year"].to_numpy(int)

    if approach == 1:
        table = _approach1(unit_ids, unit_index, year, area, soc_eq, d_years, per_unit, years)
    else:
        initial = None
        if "soc_initial_t_ha" in resolved.columns:
            initial = _initial_stocks(resolved, unit_index, len(unit_ids))
        keys = list(zip(*(resolved[c].to_numpy(str) for c in _KEY_COLUMNS), strict=True))
        changed = np.zeros(len(resolved), bool)
        last_key: dict[int, tuple] = {}
        for r, (u, k) in enumerate(zip(unit_index, keys, strict=True)):
            changed[r] = u in last_key and last_key[u] != k
            last_key[u] = k
        areas = np.zeros(len(unit_ids))
        for u, a, label in zip(unit_index, area, resolved.index, strict=True):
            if areas[u] and a != areas[u]:
                raise InputError(
                    f"the area of unit '{unit_ids[u]}' changes from {areas[u]:g} to {a:g} ha; with "
                    "Approach 2/3 a tracked land unit keeps its area (split it into units instead)",
                    row=tier1._plain(label),
                    column="area_ha",
                )
            areas[u] = a
        table = _approach2(
            unit_ids, unit_index, year, areas, soc_eq, changed, d_years, per_unit, years, initial
        )
    table.attrs.update(
        approach=approach,
        d_years=d_years,
        factors=str(factors),
        n_draws=int(n_draws),
        seed=seed,
        sources=resolved.attrs.get("sources", []),
    )
    return table


def _initial_stocks(resolved, unit_index, n_units):
    values = pd.to_numeric(resolved["soc_initial_t_ha"], errors="coerce").to_numpy(float)
    initial = np.full(n_units, np.nan)
    seen = np.zeros(n_units, bool)
    for u, v in zip(unit_index, values, strict=True):
        if not seen[u]:
            initial[u] = v
            seen[u] = True
    return initial


def _frame(years, soc_t, before, delta, before_column, unit=None):
    """Point values from draw 0, the interval from draws 1.. (if any)."""
    data = {}
    if unit is not None:
        data["unit_id"] = unit
    data.update({"year": years, "soc_t": soc_t[0], before_column: before[0], "delta_soc_t_per_yr": delta[0]})
    if soc_t.shape[0] > 1:
        data["soc_t_lower"], data["soc_t_upper"] = interval(soc_t[1:])
        data["delta_soc_t_per_yr_lower"], data["delta_soc_t_per_yr_upper"] = interval(delta[1:])
    return pd.DataFrame(data)


def _approach1(unit_ids, unit_index, year, area, soc_eq, d_years, per_unit, years):
    before_column = OUTPUT_COLUMNS[1][2]
    out_years, soc_t, before, delta = tier1.approach1_kernel(year, area, soc_eq, d_years, years)
    if not per_unit:
        return _frame(out_years, soc_t, before, delta, before_column)
    # Per unit: each unit's stock in each survey (zero where it does not appear), then the same snapshots
    # in force as for the totals. A unit appears at most once per survey (years increase within a unit).
    surveys = np.unique(year)
    per = np.zeros(soc_eq.shape[:-1] + (len(unit_ids), surveys.size))
    per[..., unit_index, np.searchsorted(surveys, year)] = soc_eq * area
    now = tier1.snapshot_in_force(surveys, out_years)
    then = tier1.snapshot_in_force(surveys, np.maximum(out_years - d_years, surveys[0]))
    s_all = per[..., now]
    b_all = per[..., then]
    d_all = (s_all - b_all) / d_years
    frames = [
        _frame(out_years, s_all[..., u, :], b_all[..., u, :], d_all[..., u, :], before_column, unit=name)
        for u, name in enumerate(unit_ids)
    ]
    return pd.concat(frames, ignore_index=True)


def _approach2(unit_ids, unit_index, year, areas, soc_eq, changed, d_years, per_unit, years, initial):
    inventory = np.unique(year)
    years = inventory if years is None else np.unique(np.asarray(years, int))
    tier1.check_reported_years(years, inventory[0])
    start = tier1.change_start_years(unit_index, year, changed)
    all_years, stock, present = tier1.approach2_kernel(
        unit_index,
        start,
        soc_eq,
        changed,
        len(unit_ids),
        d_years,
        initial,
        last_year=max(int(inventory[-1]), int(np.max(years))),
    )
    # The previous reported year of each reported year: the row before, or for the first row the latest
    # inventory year before it (itself at the first inventory year, where the change is 0).
    previous = np.concatenate([[inventory[max(np.searchsorted(inventory, years[0]) - 1, 0)]], years[:-1]])
    now, then = years - all_years[0], previous - all_years[0]
    first = np.argmax(present, axis=-1)  # each unit's first year (column)
    entry = np.take_along_axis(stock, np.broadcast_to(first[:, None], stock.shape[:-1] + (1,)), axis=-1)
    soc_now = np.where(present[:, now], stock[..., now], 0.0)
    # Land that enters the inventory after the previous year counts from its first stock (no change).
    soc_then = np.where(present[:, then], stock[..., then], np.where(present[:, now], entry, 0.0))
    soc_now, soc_then = soc_now * areas[:, None], soc_then * areas[:, None]  # (draws, units, years) [t C]
    span = years - previous
    delta = (soc_now - soc_then) / np.where(span > 0, span, 1)
    before_column = OUTPUT_COLUMNS[2][2]
    if not per_unit:
        return _frame(years, soc_now.sum(-2), soc_then.sum(-2), delta.sum(-2), before_column)
    frames = [
        _frame(years, soc_now[..., u, :], soc_then[..., u, :], delta[..., u, :], before_column, unit=name)
        for u, name in enumerate(unit_ids)
    ]
    return pd.concat(frames, ignore_index=True)
