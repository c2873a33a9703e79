"""IPCC Tier 1 stock change of mineral soils, with Approach 1 and Approach 2/3 activity data.

The equilibrium stock of a land unit under a land use, management and input level is (2019 Refinement
Vol 4 Ch 2, Eq. 2.25)

    SOC = SOC_REF x F_LU x F_MG x F_I x A                                              (2.25)

and the annual stock change of mineral soils is

    dC_Mineral = (SOC_0 - SOC_(0-T)) / D                                               (2.25)

with D = 20 years by default (the time for the stock to move to a new equilibrium).

Approach 1 (aggregate areas, no tracking of land units): the activity data are snapshots, one per survey
year (all rows of that year); the snapshot in force in year t is the latest one at or before t. The stock of
year t is compared with the stock D years earlier, dC(t) = (SOC(t) - SOC(t - D)) / D, where a year before the
first inventory year counts as the first inventory year: the landscape is taken to be at equilibrium with its
land use when the inventory begins (2019 Refinement Vol 4 Ch 2, Box 2.2 (Updated), pp. 2.36-2.37, whose
1995-2005 rows compare with 1990).

Approach 2/3 (tracked land units): each unit is at equilibrium with its first recorded land use, management
and input (or at a given initial stock). A change seen at an inventory year is dated to the previous
inventory year (the latest year of the whole inventory before it: the unit kept its earlier state there),
and from the stock it had then the unit moves linearly to the new equilibrium over D years and stays there:
a change seen in year c with previous inventory year p changes the stock by (SOC_new - SOC(p)) / D in each
of the years p + 1, ..., p + D. A later change restarts from the stock of its own start year. With yearly
records (p = c - 1) the first step falls in the year of the change. The annual change reported for a year
is the mean over the years since the previous reported year, (SOC(t) - SOC(t_prev)) / (t - t_prev): at the
inventory years of Box 2.2 that is (SOC_0 - SOC_(0-T)) / T over the 5-year inventory period. A unit keeps
its last record to the end of the inventory and keeps its area.

The kernels work on NumPy arrays with any leading axes (Monte Carlo draws); the only loop is over years.

References
----------
IPCC (2019) 2019 Refinement to the 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol 4 Ch 2,
section 2.3.3.1 and Eq. 2.25; Vol 3 Ch 3 (Approaches 1-3 to activity data).
https://www.ipcc-nggip.iges.or.jp/public/2019rf/vol4.html
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from fourpermille.checks import check_range, require_columns
from fourpermille.errors import InputError, ParameterError

#: Default time for the stock to reach a new equilibrium [yr] (2019 Refinement Vol 4 Ch 2, Eq. 2.25).
D_YEARS_DEFAULT = 20
APPROACHES = (1, 2)
#: Approach 3 (spatially explicit) uses the same calculation as Approach 2 (tracked land units).
APPROACH_ALIASES = {"1": 1, "2": 2, "3": 2}


def soc_stock(soc_ref, f_lu, f_mg, f_i, area=1.0):
    """Equilibrium SOC stock of Eq. 2.25.

    Parameters
    ----------
    soc_ref : float or array [t C/ha]
        Reference stock (native vegetation, 0-30 cm).
    f_lu, f_mg, f_i : float or array [-]
        Stock change factors for land use, management and input.
    area : float or array [ha], optional
        Area; 1 gives the stock per hectare.

    Returns
    -------
    float or array: [t C/ha] with ``area=1``, else [t C].

    Notes
    -----
    SOC = SOC_REF x F_LU x F_MG x F_I x A (2019 Refinement Vol 4 Ch 2, Eq. 2.25).

    Examples
    --------
    >>> round(soc_stock(64.0, 0.69, 1.10, 1.0), 3)
    48.576
    """
    out = np.asarray(soc_ref, float) * f_lu * f_mg * f_i * area
    return out if np.ndim(out) else float(out)


def approach_number(approach) -> int:
    """1 or 2 from 1, 2, 3 or their strings (Approach 3 is computed as Approach 2)."""
    key = str(approach).strip()
    if key not in APPROACH_ALIASES:
        raise ParameterError(f"approach must be one of 1, 2, 3; got {approach!r}")
    return APPROACH_ALIASES[key]


def check_d_years(d_years) -> int:
    """Return D [yr] as an int if it is a whole number >= 1, else raise ParameterError."""
    if not np.isfinite(d_years) or int(d_years) != d_years or d_years < 1:
        raise ParameterError(f"d_years must be a whole number >= 1 year; got {d_years}")
    return int(d_years)


def check_units(units: pd.DataFrame) -> pd.DataFrame:
    """Check ``unit_id, year, area_ha`` of a land-unit table; return it with ``year`` as int.

    Raises InputError naming the row and column: missing column, area <= 0, a year that is not a whole
    number, or a unit whose years are repeated or out of order (each unit's rows must come in increasing
    years).
    """
    require_columns(units, ("unit_id", "year", "area_ha"), "the land-unit table")
    out = units.copy()
    for column in ("year", "area_ha"):
        values = pd.to_numeric(out[column], errors="coerce")
        if values.isna().any():
            row = values.isna().idxmax()
            raise InputError(f"must be a number; got {units[column][row]!r}", row=_plain(row), column=column)
        out[column] = values.astype(float)
    check_range(out, "area_ha", 0.0, np.inf, "ha", low_inclusive=False)
    whole = np.floor(out["year"]) == out["year"]
    if not whole.all():
        row = (~whole).idxmax()
        raise InputError(f"must be a whole year; got {out['year'][row]:g}", row=_plain(row), column="year")
    out["year"] = out["year"].astype(int)
    out["unit_id"] = out["unit_id"].astype(str)
    previous: dict[str, tuple[int, object]] = {}
    for label, unit, year in zip(out.index, out["unit_id"], out["year"], strict=True):
        if unit in previous and year <= previous[unit][0]:
            what = "repeated" if year == previous[unit][0] else "out of order"
            raise InputError(
                f"year {year} of unit '{unit}' is {what}: it follows year {previous[unit][0]} "
                f"(row {previous[unit][1]}); each unit's rows must come in increasing years",
                row=_plain(label),
                column="year",
            )
        previous[unit] = (year, _plain(label))
    return out


# --- kernels -----------------------------------------------------------------------------------------------


def approach1_kernel(years, area, soc_eq, d_years: int = D_YEARS_DEFAULT, out_years=None):
    """Approach 1 totals from snapshot activity data.

    Parameters
    ----------
    years : array (rows,) [yr]
        Survey year of each row.
    area : array (rows,) [ha]
    soc_eq : array (..., rows) [t C/ha]
        Equilibrium stock of each row (Eq. 2.25 per hectare); leading axes (draws) are kept.
    d_years : int [yr]
    out_years : array (years,), optional
        Years to report, none before the first survey year; the survey years by default.

    Returns
    -------
    (out_years, soc_t, soc_t_minus_d, delta): the years [yr] and arrays (..., years) of the stock [t C],
    the stock D years earlier [t C] and the annual change (soc_t - soc_t_minus_d) / D [t C/yr].

    Notes
    -----
    SOC(t - D) is the stock of the first survey year when t - D is earlier (the landscape is at
    equilibrium when the inventory begins; Box 2.2 (Updated) of the 2019 Refinement Vol 4 Ch 2).
    """
    years = np.asarray(years, int)
    surveys = np.unique(years)
    out_years = surveys if out_years is None else np.asarray(out_years, int)
    check_reported_years(out_years, surveys[0])
    weights = (years[None, :] == surveys[:, None]) * np.asarray(area, float)[None, :]
    totals = np.asarray(soc_eq, float) @ weights.T  # (..., surveys)
    now = snapshot_in_force(surveys, out_years)
    before = snapshot_in_force(surveys, np.maximum(out_years - d_years, surveys[0]))
    soc_t = totals[..., now]
    soc_before = totals[..., before]
    return out_years, soc_t, soc_before, (soc_t - soc_before) / d_years


def snapshot_in_force(surveys, years):
    """Index in the sorted ``surveys`` of the latest survey at or before each of ``years``."""
    return np.searchsorted(surveys, years, side="right") - 1


def check_reported_years(years, first_year: int) -> None:
    """Raise InputError if a year to report comes before the first inventory year (nothing is known there)."""
    early = np.asarray(years) < first_year
    if early.any():
        year = np.asarray(years)[early][0]
        raise InputError(f"year {year} is before the first inventory year {first_year}")


def change_start_years(unit_index, years, changed):
    """The year each row's state takes effect (Approach 2/3): a change dates from the previous inventory year.

    Parameters
    ----------
    unit_index : array (rows,) of int
    years : array (rows,) [yr]
        Inventory year of each row; the inventory years are all the years of the table.
    changed : array (rows,) of bool
        Whether the row starts a new land use / management / input.

    Returns
    -------
    array (rows,) [yr]: for a changed row, the previous inventory year + 1 (the first year of the move to
    its new equilibrium); for any other row its own year. Within a unit the years stay increasing.

    Notes
    -----
    2019 Refinement Vol 4 Ch 2, Box 2.2 (Updated), pp. 2.36-2.37: a change seen at an inventory year is
    taken to have happened at the previous one, which reproduces every stock the Box prints for Approach 2.
    """
    years = np.asarray(years, int)
    inventory = np.unique(years)
    previous = inventory[np.maximum(np.searchsorted(inventory, years) - 1, 0)]
    return np.where(np.asarray(changed, bool), previous + 1, years)


def approach2_kernel(
    unit_index,
    years,
    soc_eq,
    changed,
    n_units: int,
    d_years: int = D_YEARS_DEFAULT,
    initial=None,
    last_year=None,
):
    """Approach 2/3 stock trajectories of tracked land units, year by year.

    Parameters
    ----------
    unit_index : array (rows,) of int
        Unit of each row (0..n_units-1); rows of a unit in increasing years.
    years : array (rows,) [yr]
        Year each row's state takes effect: a unit's first year, or the first year of the move to a new
        equilibrium (:func:`change_start_years` dates a change seen at an inventory year).
    soc_eq : array (..., rows) [t C/ha]
        Equilibrium stock of each row; leading axes (draws) are kept.
    changed : array (rows,) of bool
        Whether the row starts a new land use / management / input (the first row of a unit: False).
    n_units : int
    d_years : int [yr]
    initial : array (units,) [t C/ha], optional
        Stock of each unit at its first year (NaN or omitted: the equilibrium of its first row).
    last_year : int, optional
        Continue the trajectories to this year (default: the last year of the rows).

    Returns
    -------
    (all_years, stock, present): every year from the first to the last [yr]; stock per hectare of each unit
    in each year, array (..., units, years) [t C/ha]; ``present`` (units, years) is True from a unit's first
    year on.

    Notes
    -----
    After a change starting in year c (see :func:`change_start_years`) to an equilibrium E, from the stock
    S_c at the end of year c - 1: S(c + k) = S_c + (E - S_c) x min((k + 1) / D, 1), k = 0, 1, ...
    """
    unit_index = np.asarray(unit_index, int)
    years = np.asarray(years, int)
    soc_eq = np.asarray(soc_eq, float)
    lead = soc_eq.shape[:-1]
    end = years.max() if last_year is None else max(int(last_year), years.max())
    all_years = np.arange(years.min(), end + 1)
    n_years = all_years.size
    col = years - all_years[0]
    # Equilibrium in force and change flags on the (unit, year) grid, filled forward.
    target = np.full(lead + (n_units, n_years), np.nan)
    event = np.zeros((n_units, n_years), bool)
    target[..., unit_index, col] = soc_eq
    event[unit_index, col] = np.asarray(changed, bool)
    first = np.full(n_units, n_years)
    np.minimum.at(first, unit_index, col)
    present = np.arange(n_years)[None, :] >= first[:, None]

    start = np.full(lead + (n_units,), np.nan)
    if initial is not None:
        start = np.broadcast_to(np.asarray(initial, float), lead + (n_units,)).copy()
    stock = np.full(lead + (n_units, n_years), np.nan)
    current_target = np.full(lead + (n_units,), np.nan)
    from_stock = np.full(lead + (n_units,), np.nan)
    elapsed = np.zeros(n_units)  # years of the current transition already done
    for j in range(n_years):
        new_target = target[..., j]
        begins = first == j
        restart = event[:, j]
        previous = stock[..., j - 1] if j else from_stock
        current_target = np.where(np.isnan(new_target), current_target, new_target)
        # A unit begins at equilibrium with its first row, or at its given initial stock.
        init = np.where(np.isnan(start), new_target, start)
        from_stock = np.where(begins, init, np.where(restart, previous, from_stock))
        elapsed = np.where(begins | restart, 0.0, elapsed)
        moved = from_stock + (current_target - from_stock) * np.minimum((elapsed + 1.0) / d_years, 1.0)
        stock[..., j] = np.where(begins, init, moved)
        elapsed = np.where(begins, 0.0, elapsed + 1.0)
    return all_years, stock, present


def _plain(label):
    return label.item() if hasattr(label, "item") else label
