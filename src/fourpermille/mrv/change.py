"""Measured change of the SOC stock between two campaigns: stratified estimators with their variance.

Each campaign is a table of per-point stocks (``point_id, stratum, soc_stock_t_ha``), e.g. the output of
:func:`fourpermille.stocks.compute_stocks` with the point as profile. Within stratum h (area A_h, weight
W_h = A_h / A) the change of the mean stock and the variance of that change are

paired (the same n_h points re-sampled; d_i = SOC_i,f - SOC_i,s)

    d_h = mean(d_i),   v_h = s_d,h^2 / n_h,   nu_h = n_h - 1                                    (1)

which is VM0042 v2.2 Eq. 71 divided by A_h^2 (s_f^2 + s_s^2 - 2 COV = A_h^2 s_d^2 / n_h);

unpaired (independent random points in each campaign)

    d_h = ybar_f,h - ybar_s,h,   v_h = s_f,h^2 / n_f,h + s_s,h^2 / n_s,h                        (2)

(Eq. 71 with the covariance zero). Over the project (stratified random sampling, Cochran 1977 Eq. 5.1
and 5.6; VM0042 v2.2 Eq. 70 divided by A^2):

    D = sum_h W_h d_h,   V(D) = sum_h W_h^2 v_h                                                 (3)

Degrees of freedom for the t-based interval follow Satterthwaite (1946) over the variance components
(Cochran 1977 Eq. 5.16): nu = (sum c_k)^2 / sum(c_k^2 / nu_k), c_k each weighted variance component.
Against a baseline (control sites measured the same way, VM0042 v2.2 Eq. 70: variances add, the
covariance is excluded as the sites are independent; or a modelled baseline change given with its SD)

    D_net = D_project - D_baseline,   V(D_net) = V(D_project) + V(D_baseline)                     (4)

References
----------
Cochran W.G. (1977) Sampling Techniques, 3rd ed. Wiley. Chapter 5 (stratified random sampling).
Satterthwaite F.E. (1946) An approximate distribution of estimates of variance components. Biometrics
Bulletin 2(6), 110-114. https://doi.org/10.2307/3002019
Verra (2025) VM0042 Methodology for Improved Agricultural Land Management, v2.2, Section 8.6.2,
Equations (70)-(71).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from fourpermille.checks import require_columns
from fourpermille.errors import InputError, ParameterError, check_choice
from fourpermille.target import FOUR_PER_1000, relative_gain

DESIGNS = ("paired", "unpaired")
#: A stratum needs two points to estimate its variance.
MIN_POINTS_PER_STRATUM = 2
POINT_COLUMNS = ("point_id", "stratum", "soc_stock_t_ha")
#: Confidence level of the reported intervals unless asked otherwise (the Gold Standard's 90 %).
DEFAULT_CONFIDENCE = 0.90
_MAX_IDS_SHOWN = 10


@dataclass(frozen=True)
class Estimate:
    """A mean [t C/ha] with the standard error of the mean and its degrees of freedom."""

    mean: float
    se: float
    df: float

    def half_width(self, confidence: float = DEFAULT_CONFIDENCE) -> float:
        """Half-width of the two-sided t interval at ``confidence``."""
        if self.se == 0:
            return 0.0
        return float(stats.t.ppf(0.5 + confidence / 2.0, self.df) * self.se)

    def interval(self, confidence: float = DEFAULT_CONFIDENCE) -> tuple[float, float]:
        h = self.half_width(confidence)
        return self.mean - h, self.mean + h

    def as_dict(self) -> dict:
        return {"mean": self.mean, "se": self.se, "df": self.df}


@dataclass
class ChangeResult:
    """What :func:`stratified_change` returns: per-stratum rows and the project estimates."""

    design: str
    strata: pd.DataFrame
    change: Estimate
    initial_stock: Estimate
    final_stock: Estimate
    area_ha: float | None
    weights_from: str
    confidence: float
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        d = asdict(self)
        d["strata"] = self.strata.to_dict(orient="records")
        return d


def satterthwaite_df(components, dfs) -> float:
    """Effective degrees of freedom of a sum of independent variance estimates (Satterthwaite 1946).

    Parameters
    ----------
    components : array [any unit^2]
        The weighted variance terms c_k (already multiplied by their weights).
    dfs : array [-]
        Degrees of freedom nu_k of each term.

    Returns
    -------
    float: (sum c_k)^2 / sum(c_k^2 / nu_k); the plain sum of nu_k when every c_k is zero.
    """
    c = np.asarray(components, dtype=float)
    nu = np.asarray(dfs, dtype=float)
    if c.sum() == 0:
        return float(nu.sum())
    return float(c.sum() ** 2 / np.sum(c**2 / nu))


def check_campaign(points: pd.DataFrame, what: str = "campaign") -> pd.DataFrame:
    """Check a per-point stock table: columns, numbers, unique point ids. Returns it unchanged.

    Raises
    ------
    InputError naming the duplicated ids (and the row of the first), or the first missing stock.
    """
    require_columns(points, POINT_COLUMNS, what)
    ids = points["point_id"].astype(str)
    dup = ids.duplicated(keep=False)
    if dup.any():
        names = sorted(set(ids[dup]))
        raise InputError(
            f"duplicate point ids in the {what}: {_list(names)} (each point once)",
            row=_plain(ids[dup].index[0]),
            column="point_id",
        )
    stock = pd.to_numeric(points["soc_stock_t_ha"], errors="coerce")
    bad = stock.isna() | ~np.isfinite(stock)
    if bad.any():
        row = bad.idxmax()
        raise InputError(
            f"point {ids[row]} of the {what} has no SOC stock", row=_plain(row), column="soc_stock_t_ha"
        )
    return points


def _check_strata_sizes(points: pd.DataFrame, what: str) -> None:
    sizes = points.groupby("stratum").size()
    small = {
        s: list(points.loc[points["stratum"] == s, "point_id"])
        for s in sizes[sizes < MIN_POINTS_PER_STRATUM].index
    }
    if small:
        parts = [f"'{s}' ({len(ids)}: {_list(map(str, ids))})" for s, ids in sorted(small.items())]
        raise InputError(
            f"strata with fewer than {MIN_POINTS_PER_STRATUM} points in the {what}, whose variance "
            f"cannot be estimated: {'; '.join(parts)}",
            column="stratum",
        )


def _pair(baseline: pd.DataFrame, repeat: pd.DataFrame) -> pd.DataFrame:
    b = baseline.assign(point_id=baseline["point_id"].astype(str))
    r = repeat.assign(point_id=repeat["point_id"].astype(str))
    b_ids, r_ids = pd.Index(b["point_id"]), pd.Index(r["point_id"])
    missing = sorted(b_ids.difference(r_ids))
    if missing:
        raise InputError(
            f"paired design: the repeat campaign misses {len(missing)} point(s) of the baseline campaign: "
            f"{_list(missing)}",
            column="point_id",
        )
    extra = sorted(r_ids.difference(b_ids))
    if extra:
        raise InputError(
            f"paired design: the repeat campaign has point(s) not in the baseline campaign: {_list(extra)}",
            column="point_id",
        )
    merged = b[["point_id", "stratum", "soc_stock_t_ha"]].merge(
        r[["point_id", "stratum", "soc_stock_t_ha"]], on="point_id", suffixes=("_s", "_f")
    )
    moved = merged[merged["stratum_s"].astype(str) != merged["stratum_f"].astype(str)]
    if not moved.empty:
        raise InputError(
            "paired design: point(s) in a different stratum in the two campaigns: "
            + _list(f"{p} ({a} -> {c})" for p, a, c in moved[["point_id", "stratum_s", "stratum_f"]].values),
            column="stratum",
        )
    return merged.rename(columns={"stratum_s": "stratum"}).drop(columns="stratum_f")


def _weights(strata: list[str], areas: pd.Series | None, counts: pd.Series) -> tuple[pd.Series, str]:
    if areas is None:
        # Without areas the sample is taken as self-weighting (proportional allocation): W_h = n_h / n.
        return counts / counts.sum(), "point counts (self-weighting sample: areas not given)"
    areas = pd.Series(areas, dtype=float)
    areas.index = areas.index.astype(str)
    missing = [s for s in strata if s not in areas.index]
    if missing:
        raise InputError(
            f"no area for stratum/strata {_list(missing)}; strata with an area: {_list(areas.index)}",
            column="stratum",
        )
    bad = areas[~(areas > 0)]
    if not bad.empty:
        raise InputError(
            f"stratum area must be > 0 ha: {_list(f'{k}={v:g}' for k, v in bad.items())}", column="area_ha"
        )
    a = areas.loc[strata]
    return a / a.sum(), "stratum areas"


def stratified_change(
    baseline: pd.DataFrame,
    repeat: pd.DataFrame,
    strata_area_ha: pd.Series | dict | None = None,
    design: str = "paired",
    confidence: float = DEFAULT_CONFIDENCE,
    stratum_weights: pd.Series | dict | None = None,
) -> ChangeResult:
    """Change of the mean SOC stock between two campaigns, per stratum and for the project (Eq. 1-3).

    Parameters
    ----------
    baseline, repeat : DataFrame
        Per-point stocks ``point_id, stratum, soc_stock_t_ha`` [t C/ha] at the start and the end of
        the monitoring period.
    strata_area_ha : Series or dict [ha], optional
        Area of each stratum (index: stratum). Without it the sample is taken as self-weighting.
    design : {'paired', 'unpaired'}
        ``paired``: the same points re-sampled (every baseline point must be in the repeat campaign).
    confidence : float [-]
        Level of the reported two-sided intervals.
    stratum_weights : Series or dict [-], optional
        Weights W_h to use instead of areas or point counts: for control sites, the project's weights
        (VM0042 v2.2 Eq. 70 weights by the project strata, not by the control sites). The campaigns
        must then sample exactly those strata.

    Returns
    -------
    ChangeResult. Its ``strata`` table has one row per stratum: ``stratum, area_ha, weight, n_baseline,
    n_repeat, soc_baseline_t_ha, soc_repeat_t_ha, change_t_ha, se_change_t_ha, df, ci_low_t_ha,
    ci_high_t_ha``; ``change``, ``initial_stock`` and ``final_stock`` are project :class:`Estimate`.

    Raises
    ------
    InputError
        Duplicate point ids, a repeat campaign missing baseline points (paired), a stratum with fewer
        than 2 points, a stratum without an area; each names the ids.
    """
    check_choice("design", design, DESIGNS)
    if not (0 < confidence < 1):
        raise ParameterError(f"confidence must be between 0 and 1; got {confidence:g}")
    check_campaign(baseline, "baseline campaign")
    check_campaign(repeat, "repeat campaign")
    baseline = baseline.assign(
        stratum=baseline["stratum"].astype(str), soc_stock_t_ha=baseline["soc_stock_t_ha"].astype(float)
    )
    repeat = repeat.assign(
        stratum=repeat["stratum"].astype(str), soc_stock_t_ha=repeat["soc_stock_t_ha"].astype(float)
    )
    _check_strata_sizes(baseline, "baseline campaign")
    _check_strata_sizes(repeat, "repeat campaign")
    b_strata, r_strata = pd.Index(baseline["stratum"].unique()), pd.Index(repeat["stratum"].unique())
    strata = sorted(b_strata.union(r_strata))
    one_sided = sorted(b_strata.symmetric_difference(r_strata))
    if one_sided:
        raise InputError(f"stratum/strata sampled in one campaign only: {_list(one_sided)}", column="stratum")

    paired = _pair(baseline, repeat) if design == "paired" else None
    if stratum_weights is not None:
        given = pd.Series(stratum_weights, dtype=float)
        given.index = given.index.astype(str)
        if sorted(given.index) != strata:
            raise InputError(
                f"the control sites must cover the project strata: project {_list(sorted(given.index))}; "
                f"control {_list(strata)}",
                column="stratum",
            )
        weights, weights_from = given / given.sum(), "project stratum weights"
    else:
        areas = None if strata_area_ha is None else pd.Series(strata_area_ha)
        weights, weights_from = _weights(strata, areas, baseline.groupby("stratum").size())
    rows, change_parts, s0_parts, s1_parts = [], [], [], []
    for h in strata:
        s0 = baseline.loc[baseline["stratum"] == h, "soc_stock_t_ha"].to_numpy()
        s1 = repeat.loc[repeat["stratum"] == h, "soc_stock_t_ha"].to_numpy()
        w = float(weights[h])
        v0, v1 = s0.var(ddof=1) / s0.size, s1.var(ddof=1) / s1.size
        if design == "paired":
            pair = paired[paired["stratum"] == h]
            d = (pair["soc_stock_t_ha_f"] - pair["soc_stock_t_ha_s"]).to_numpy()
            change, var = float(d.mean()), float(d.var(ddof=1) / d.size)
            comps, dfs = [var], [d.size - 1]
        else:
            change, var = float(s1.mean() - s0.mean()), float(v1 + v0)
            comps, dfs = [v1, v0], [s1.size - 1, s0.size - 1]
        df_h = satterthwaite_df(comps, dfs)
        est = Estimate(change, math.sqrt(var), df_h)
        lo, hi = est.interval(confidence)
        change_parts.append((w * change, [w**2 * c for c in comps], dfs))
        s0_parts.append((w * s0.mean(), w**2 * v0, s0.size - 1))
        s1_parts.append((w * s1.mean(), w**2 * v1, s1.size - 1))
        rows.append(
            {
                "stratum": h,
                "area_ha": (
                    float(pd.Series(strata_area_ha)[h])
                    if strata_area_ha is not None and stratum_weights is None
                    else float("nan")
                ),
                "weight": w,
                "n_baseline": int(s0.size),
                "n_repeat": int(s1.size),
                "soc_baseline_t_ha": float(s0.mean()),
                "soc_repeat_t_ha": float(s1.mean()),
                "change_t_ha": change,
                "se_change_t_ha": est.se,
                "df": df_h,
                "ci_low_t_ha": lo,
                "ci_high_t_ha": hi,
            }
        )
    comps = [c for _, cs, _ in change_parts for c in cs]
    dfs = [d for _, _, ds in change_parts for d in ds]
    change = Estimate(
        float(sum(m for m, _, _ in change_parts)), math.sqrt(sum(comps)), satterthwaite_df(comps, dfs)
    )
    initial = _combine(s0_parts)
    final = _combine(s1_parts)
    area = (
        float(pd.Series(strata_area_ha).loc[strata].sum())
        if strata_area_ha is not None and stratum_weights is None
        else None
    )
    return ChangeResult(design, pd.DataFrame(rows), change, initial, final, area, weights_from, confidence)


def _combine(parts) -> Estimate:
    mean = float(sum(m for m, _, _ in parts))
    comps = [v for _, v, _ in parts]
    return Estimate(mean, math.sqrt(sum(comps)), satterthwaite_df(comps, [d for _, _, d in parts]))


def modelled_baseline(change_t_ha: float, sd_t_ha: float = 0.0, df: float = math.inf) -> Estimate:
    """A modelled baseline change [t C/ha] over the period, with its standard deviation [t C/ha].

    ``df`` infinite (the default) treats the model SD as known (normal quantiles).
    """
    if not math.isfinite(change_t_ha):
        raise ParameterError(f"the baseline change must be a number; got {change_t_ha}")
    if sd_t_ha < 0 or not math.isfinite(sd_t_ha):
        raise ParameterError(f"the baseline SD must be >= 0 t C/ha; got {sd_t_ha:g}")
    return Estimate(float(change_t_ha), float(sd_t_ha), float(df))


def net_change(project: Estimate, baseline: Estimate | None = None) -> Estimate:
    """Project change minus baseline change (Eq. 4); a missing baseline is a constant stock (0 +/- 0)."""
    if baseline is None:
        return project
    var_p, var_b = project.se**2, baseline.se**2
    if var_b == 0:
        df = project.df
    elif var_p == 0:
        df = baseline.df
    else:
        df = (var_p + var_b) ** 2 / (
            var_p**2 / project.df + (0.0 if math.isinf(baseline.df) else var_b**2 / baseline.df)
        )
    return Estimate(project.mean - baseline.mean, math.sqrt(var_p + var_b), float(df))


def compare_with_target(
    soc0_t_ha: float,
    years: float,
    change: Estimate,
    rate: float = FOUR_PER_1000,
    growth: str = "linear",
    confidence: float = DEFAULT_CONFIDENCE,
) -> dict:
    """The measured (net) change against the 4 per 1000 target of the initial stock.

    Parameters
    ----------
    soc0_t_ha : float [t C/ha]
        Initial stock (the baseline campaign's stratified mean).
    years : float [yr]
        Length of the monitoring period.
    change : Estimate [t C/ha]
        Net change over the period (relative to the baseline trajectory).
    rate : float [1/yr]
    growth : {'linear', 'compound'}

    Returns
    -------
    dict: ``target_change_t_ha`` (SOC0 x rate x years, or compound), ``achieved_fraction`` (change /
    target), ``annual_rate`` (change / (SOC0 years) [1/yr], compare with 0.004), ``ci_low_t_ha``,
    ``ci_high_t_ha``, ``target_met`` (mean >= target), ``target_met_with_confidence`` (lower bound >=
    target).
    """
    if not (soc0_t_ha > 0):
        raise InputError(f"the initial stock must be > 0 t C/ha; got {soc0_t_ha:g}")
    if not (years > 0):
        raise ParameterError(f"years must be > 0; got {years:g}")
    target = soc0_t_ha * relative_gain(years, rate, growth)
    lo, hi = change.interval(confidence)
    return {
        "soc0_t_ha": soc0_t_ha,
        "years": years,
        "rate": rate,
        "growth": growth,
        "target_change_t_ha": target,
        "change_t_ha": change.mean,
        "achieved_fraction": change.mean / target,
        "annual_rate": change.mean / (soc0_t_ha * years),
        "ci_low_t_ha": lo,
        "ci_high_t_ha": hi,
        "confidence": confidence,
        "target_met": bool(change.mean >= target),
        "target_met_with_confidence": bool(lo >= target),
    }


def _list(items) -> str:
    items = [str(i) for i in items]
    more = len(items) - _MAX_IDS_SHOWN
    return ", ".join(items[:_MAX_IDS_SHOWN]) + (f" ... and {more} more" if more > 0 else "")


def _plain(label):
    return label.item() if hasattr(label, "item") else label
