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

#: Output columns (one row per inventory year; per unit with ``per_unit=True``).
OUTPUT_COLUMNS = ("year", "soc_t", "soc_t_minus_d", "delta_soc_t_per_yr")
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
        Years to report (default: Approach 1 every year from the first survey + D to the last; Approach 2
        every year after the first). Years after the last record continue the last land use.

    Returns
    -------
    DataFrame with ``year, soc_t, soc_t_minus_d, delta_soc_t_per_yr`` [yr, t C, t C, t C/yr] (``unit_id``
    first with ``per_unit``); with ``n_draws`` also ``soc_t_lower, soc_t_upper, delta_soc_t_per_yr_lower,
    delta_soc_t_per_yr_upper`` (2.5th and 97.5th percentiles). Point values use the table means.
    ``attrs``: approach, d_years, factors, n_draws, seed, sources.

    Notes
    -----
    Approach 1: delta(t) = (SOC(t) - SOC(t - D)) / D. Approach 2: delta(t) = SOC(t) - SOC(t - 1) with each
    unit moving linearly to its new equilibrium over D years (2019 Refinement Vol 4 Ch 2 Eq. 2.25).
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


def _frame(years, soc_t, before, delta, unit=None):
    """Point values from draw 0, the interval from draws 1.. (if any)."""
    data = {}
    if unit is not None:
        data["unit_id"] = unit
    data.update(year=years, soc_t=soc_t[0], soc_t_minus_d=before[0], delta_soc_t_per_yr=delta[0])
    if soc_t.shape[0] > 1:
        data["soc_t_lower"], data["soc_t_upper"] = interval(soc_t[1:])
        data["delta_soc_t_per_yr_lower"], data["delta_soc_t_per_yr_upper"] = interval(delta[1:])
    return pd.DataFrame(data)


def _approach1(unit_ids, unit_index, year, area, soc_eq, d_years, per_unit, years):
    out_years, soc_t, before, delta = tier1.approach1_kernel(year, area, soc_eq, d_years, years)
    if not per_unit:
        return _frame(out_years, soc_t, before, delta)
    # Per unit: each unit's stock in each survey (zero where it does not appear), then the same snapshots
    # in force as for the totals. A unit appears at most once per survey (years increase within a unit).
    surveys = np.unique(year)
    per = np.zeros(soc_eq.shape[:-1] + (len(unit_ids), surveys.size))
    per[..., unit_index, np.searchsorted(surveys, year)] = soc_eq * area
    now = np.searchsorted(surveys, out_years, side="right") - 1
    then = np.searchsorted(surveys, out_years - d_years, side="right") - 1
    s_all = per[..., now]
    b_all = np.where(then >= 0, per[..., np.maximum(then, 0)], np.nan)
    d_all = (s_all - b_all) / d_years
    frames = [
        _frame(out_years, s_all[..., u, :], b_all[..., u, :], d_all[..., u, :], unit=name)
        for u, name in enumerate(unit_ids)
    ]
    return pd.concat(frames, ignore_index=True)


def _approach2(unit_ids, unit_index, year, areas, soc_eq, changed, d_years, per_unit, years, initial):
    last = None if years is None else int(np.max(years))
    all_years, stock, present = tier1.approach2_kernel(
        unit_index, year, soc_eq, changed, len(unit_ids), d_years, initial, last_year=last
    )
    total = np.where(present, stock, 0.0) * areas[:, None]  # (draws, units, years) [t C]
    before = np.full_like(total, np.nan)
    if d_years < total.shape[-1]:
        before[..., d_years:] = total[..., :-d_years]
    previous = np.full_like(total, np.nan)
    previous[..., 1:] = total[..., :-1]
    # A unit's first year has no change of its own (its land enters the inventory there).
    previous = np.where(np.roll(present, 1, axis=-1) | ~present, previous, total)
    delta = total - previous
    if years is None:
        pick = np.arange(1, all_years.size)
    else:
        years = np.asarray(years, int)
        outside = years < all_years[0]
        if outside.any():
            raise InputError(f"year {years[outside][0]} is before the first inventory year {all_years[0]}")
        pick = years - all_years[0]
    if not per_unit:
        return _frame(
            all_years[pick], total.sum(-2)[..., pick], before.sum(-2)[..., pick], delta.sum(-2)[..., pick]
        )
    frames = []
    for u, name in enumerate(unit_ids):
        frames.append(
            _frame(all_years[pick], total[..., u, pick], before[..., u, pick], delta[..., u, pick], unit=name)
        )
    return pd.concat(frames, ignore_index=True)
