"""The 4 per 1000 target: trajectories, baselines and the gap to the target.

The initiative's aim is a 0.4 % annual growth of the SOC stock of the top 30-40 cm of soil. From an
initial stock ``SOC0`` [t C/ha] the target after ``t`` years is, by default (linear growth),

    SOC_target(t) = SOC_base(t) + SOC0 x rate x t                                   (1)

and with compound growth

    SOC_target(t) = SOC_base(t) + SOC0 x ((1 + rate)^t - 1)                        (2)

where ``SOC_base`` is the baseline trajectory (what the stock does under current management). With a
constant baseline (type B) these are SOC0 x (1 + 0.004 t) and SOC0 x 1.004^t. The target is always
relative to the baseline: for a declining baseline (type C) it asks for +0.4 %/yr of SOC0 over what the
soil would otherwise hold.

Baselines, as the initiative frames them: A increasing, B constant, C declining.

References
----------
4 per 1000 Initiative, "Soils for Food Security and Climate", COP21 (2015); Soussana J.-F. et al. (2019)
Matching policy and science: Rationale for the '4 per 1000 - soils for food security and climate'
initiative. Soil & Tillage Research 188, 3-15. https://doi.org/10.1016/j.still.2017.12.002
Minasny B. et al. (2017) Soil carbon 4 per mille. Geoderma 292, 59-86.
https://doi.org/10.1016/j.geoderma.2017.01.002
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from fourpermille.errors import InputError, check_choice
from fourpermille.units import CO2_PER_C

if TYPE_CHECKING:  # pandas is imported by trajectory() only
    import pandas as pd

#: The initiative's annual rate [1/yr]: 4 per 1000.
FOUR_PER_1000 = 0.004
GROWTHS = ("linear", "compound")
BASELINE_TYPES = {
    "A": "increasing",
    "B": "constant",
    "C": "declining",
}
#: Relative annual change [1/yr] under which a baseline counts as constant (type B).
CONSTANT_BASELINE_TOLERANCE = 1e-4


def relative_gain(years, rate: float = FOUR_PER_1000, growth: str = "linear"):
    """Gain of the target over the baseline as a fraction of SOC0 after ``years``.

    Parameters
    ----------
    years : float or array [yr]
    rate : float [1/yr]
        Annual rate, 0.004 for 4 per 1000.
    growth : {'linear', 'compound'}

    Returns
    -------
    float or array [-]: ``rate x t`` (linear) or ``(1 + rate)^t - 1`` (compound).

    Examples
    --------
    >>> round(relative_gain(30), 6)
    0.12
    >>> round(relative_gain(30, growth="compound"), 6)
    0.127154
    """
    check_choice("growth", growth, GROWTHS)
    years = np.asarray(years, dtype=float)
    gain = rate * years if growth == "linear" else np.power(1.0 + rate, years) - 1.0
    return gain if gain.ndim else float(gain)


def target_stock(soc0, years, rate: float = FOUR_PER_1000, growth: str = "linear", baseline=None):
    """Target SOC stock [t C/ha] after ``years`` (Eq. 1 or 2).

    Parameters
    ----------
    soc0 : float or array [t C/ha]
        Initial stock.
    years : float or array [yr]
    rate : float [1/yr]
    growth : {'linear', 'compound'}
    baseline : float or array [t C/ha], optional
        Baseline stock at ``years``; SOC0 (a constant baseline) when omitted.

    Examples
    --------
    >>> target_stock(45.0, 30)
    50.4
    """
    soc0 = np.asarray(soc0, dtype=float)
    base = soc0 if baseline is None else np.asarray(baseline, dtype=float)
    out = base + soc0 * relative_gain(years, rate, growth)
    return out if out.ndim else float(out)


def baseline_from_rate(soc0: float, years, baseline_rate: float = 0.0, growth: str = "linear"):
    """Baseline stock [t C/ha] at ``years`` for a relative annual change ``baseline_rate`` [1/yr].

    The baseline grows (or declines) the same way as the target: ``SOC0 (1 + r t)`` or ``SOC0 (1 + r)^t``.
    """
    check_choice("growth", growth, GROWTHS)
    years = np.asarray(years, dtype=float)
    if growth == "linear":
        base = soc0 * (1.0 + baseline_rate * years)
    else:
        if baseline_rate <= -1.0:
            raise InputError(f"baseline rate must be > -1 for compound growth; got {baseline_rate:g}")
        base = soc0 * np.power(1.0 + baseline_rate, years)
    return base


def baseline_type(years, baseline) -> str:
    """Classify a baseline series as 'A' (increasing), 'B' (constant) or 'C' (declining).

    Uses the least-squares slope relative to the first stock [1/yr] against
    :data:`CONSTANT_BASELINE_TOLERANCE`.
    """
    years = np.asarray(years, dtype=float)
    baseline = np.asarray(baseline, dtype=float)
    if years.size < 2:
        return "B"
    slope = np.polyfit(years, baseline, 1)[0] / baseline[0]
    if slope > CONSTANT_BASELINE_TOLERANCE:
        return "A"
    if slope < -CONSTANT_BASELINE_TOLERANCE:
        return "C"
    return "B"


def trajectory(
    soc0: float,
    years: int,
    rate: float = FOUR_PER_1000,
    growth: str = "linear",
    baseline_rate: float = 0.0,
    baseline: pd.Series | None = None,
    observed: pd.Series | None = None,
) -> pd.DataFrame:
    """The 4 per 1000 target year by year, relative to a baseline, with the gap of an observed series.

    Parameters
    ----------
    soc0 : float [t C/ha]
        Initial SOC stock (year 0), > 0.
    years : int [yr]
        Horizon; rows for years 0..years.
    rate : float [1/yr]
        Target rate, 0.004 by default.
    growth : {'linear', 'compound'}
    baseline_rate : float [1/yr]
        Relative annual change of the baseline (0: constant, type B). Ignored if ``baseline`` is given.
    baseline : Series [t C/ha], optional
        Baseline stock indexed by year (0..years); overrides ``baseline_rate``.
    observed : Series [t C/ha], optional
        A measured or modelled stock indexed by year; its gap to the target is reported.

    Returns
    -------
    DataFrame, one row per year: ``year, baseline_soc_t_ha, target_soc_t_ha, additional_soc_t_ha,
    additional_co2e_t_ha`` and, with ``observed``, ``soc_t_ha, gap_t_ha, gap_co2e_t_ha`` (positive gap:
    above the target). ``attrs`` name the growth, rate and baseline type.
    """
    import pandas as pd  # here, not at the top: the array functions above serve callers without pandas

    check_choice("growth", growth, GROWTHS)
    if not np.isfinite(soc0) or soc0 <= 0:
        raise InputError(f"initial stock soc0 must be > 0 t C/ha; got {soc0:g}")
    if int(years) != years or years < 1:
        raise InputError(f"years must be a whole number >= 1; got {years}")
    years = int(years)
    year = np.arange(years + 1)
    if baseline is not None:
        base = pd.Series(baseline, dtype=float)
        missing = sorted(set(year) - set(base.index))
        if missing:
            raise InputError(f"baseline misses years {missing[:5]}{' ...' if len(missing) > 5 else ''}")
        base = base.loc[year].to_numpy()
    else:
        base = baseline_from_rate(soc0, year, baseline_rate, growth)
    target = target_stock(soc0, year, rate, growth, baseline=base)
    out = pd.DataFrame(
        {
            "year": year,
            "baseline_soc_t_ha": base,
            "target_soc_t_ha": target,
            "additional_soc_t_ha": target - base,
            "additional_co2e_t_ha": (target - base) * CO2_PER_C,
        }
    )
    if observed is not None:
        obs = pd.Series(observed, dtype=float).reindex(year)
        out["soc_t_ha"] = obs.to_numpy()
        out["gap_t_ha"] = out["soc_t_ha"] - out["target_soc_t_ha"]
        out["gap_co2e_t_ha"] = out["gap_t_ha"] * CO2_PER_C
    out.attrs.update(growth=growth, rate=rate, soc0_t_ha=float(soc0), baseline_type=baseline_type(year, base))
    return out
