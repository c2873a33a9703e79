"""How many sampling points a monitoring campaign needs: power analysis for a change in SOC stock.

VM0042 v2.2 (Section 8.2.1.3, item 11, p.33-34, after FAO 2019) gives the minimum detectable difference
of a re-sampling design and the sample size that detects it:

    MDD >= S / sqrt(n) x (t_alpha,nu + t_beta,nu)                                   (VM0042 Eq. 1)
    n   >= (S x (t_alpha + t_beta) / MDD)^2                                         (VM0042 Eq. 2)

with S the standard deviation of the point differences in SOC stock between t0 and t1, t_alpha the
two-sided critical value of Student's t at the significance level alpha and t_beta the one-sided
quantile for the power 1 - beta. Both t-values depend on the degrees of freedom nu, which depend on n:
the equation is solved by iterating n -> nu(n) -> t -> n until n stops changing.

For the 4 per 1000 initiative the difference to detect is the target gain after ``years``:
MDD = SOC0 x rate x years (linear) or SOC0 x ((1 + rate)^years - 1) (compound). With the coefficient of
variation of the point stocks, CV = sigma / SOC0, SOC0 cancels and n depends only on CV and the gain.

Designs
-------
paired
    The same points are re-sampled (nu = n - 1). S is the SD of the point changes:
    S = sigma x sqrt(2 (1 - rho)), rho the correlation between the two campaigns' point stocks. With
    the default rho = 0.5, S = sigma = CV x SOC0.
independent
    New random points each campaign, n per campaign (nu = 2 (n - 1)). The difference of two means of
    n points each has variance 2 sigma^2 / n, so Eq. 2 becomes n >= 2 (sigma (t_alpha + t_beta) / MDD)^2.

References
----------
Verra (2025) VM0042 Methodology for Improved Agricultural Land Management, v2.2, Section 8.2.1.3,
Equations (1)-(2).
FAO (2019) Measuring and modelling soil carbon stocks and stock changes in livestock production systems:
Guidelines for assessment. Rome. https://www.fao.org/3/ca2934en/ca2934en.pdf
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from scipy import stats

from fourpermille.errors import ParameterError, check_choice
from fourpermille.mrv import limits
from fourpermille.target import FOUR_PER_1000, relative_gain

DESIGNS = ("paired", "independent")
#: Correlation of point stocks between campaigns assumed for a paired design when none is known: with
#: rho = 0.5 the SD of the point changes equals the SD of the stock (S = CV x SOC0 in Eq. 2).
DEFAULT_CORRELATION = 0.5
#: Smallest sample a t-based design can use (one degree of freedom).
MIN_SAMPLE_SIZE = 2


@dataclass(frozen=True)
class SampleSize:
    """Result of :func:`sample_size`; ``n`` is per campaign."""

    n: int
    design: str
    mdd_relative: float
    sd_relative: float
    t_alpha: float
    t_beta: float
    degrees_of_freedom: int
    iterations: int
    cv: float
    alpha: float
    power: float
    correlation: float | None

    def as_dict(self) -> dict:
        return asdict(self)


def sample_size_for_difference(
    sd_relative: float,
    mdd_relative: float,
    alpha: float = 0.05,
    power: float = 0.8,
    design: str = "paired",
) -> SampleSize:
    """Sample size (VM0042 Eq. 2) to detect a difference ``mdd`` given the SD ``sd`` of the design.

    Parameters
    ----------
    sd_relative : float [-]
        S / SOC0: for ``paired`` the SD of the point changes, for ``independent`` the SD of the point
        stocks (the same in both campaigns), both relative to the initial stock (any common unit works).
    mdd_relative : float [-]
        Minimum detectable difference relative to the same reference.
    alpha : float [-]
        Significance level of the two-sided test.
    power : float [-]
        1 - beta.
    design : {'paired', 'independent'}

    Returns
    -------
    SampleSize with ``n`` per campaign (the smallest whole n that satisfies Eq. 2 with the t-values at
    its own degrees of freedom).

    Notes
    -----
    The smallest whole n with n >= m (S (t_alpha(nu(n)) + t_beta(nu(n))) / MDD)^2, m = 1 (paired) or
    2 (independent), nu(n) = m (n - 1). The left side grows with n and the right side falls, so that n
    is unique. It is found by iterating on n from the normal-quantile solution (nu infinite): up one
    step while Eq. 2 fails at the current t-values, then down while the next smaller n still holds
    (plain fixed-point iteration n -> t(nu(n)) -> n can oscillate at small n, this cannot).
    """
    check_choice("design", design, DESIGNS)
    _check_open_unit("alpha", alpha)
    _check_open_unit("power", power)
    if not (sd_relative > 0 and math.isfinite(sd_relative)):
        raise ParameterError(f"the standard deviation must be > 0; got {sd_relative:g}")
    if not (mdd_relative > 0 and math.isfinite(mdd_relative)):
        raise ParameterError(f"the difference to detect must be > 0; got {mdd_relative:g}")
    groups = 1 if design == "paired" else 2

    def t_values(df: float) -> tuple[float, float]:
        if math.isinf(df):
            return float(stats.norm.ppf(1.0 - alpha / 2.0)), float(stats.norm.ppf(power))
        return float(stats.t.ppf(1.0 - alpha / 2.0, df)), float(stats.t.ppf(power, df))

    def required(df: float) -> float:  # right-hand side of Eq. 2
        t_a, t_b = t_values(df)
        return groups * (sd_relative * (t_a + t_b) / mdd_relative) ** 2

    def dof(n: int) -> int:
        return groups * (n - 1)

    def holds(n: int) -> bool:
        return n >= required(dof(n))

    n = max(MIN_SAMPLE_SIZE, math.ceil(required(math.inf) - 1e-12))
    iteration = 0
    while not holds(n):  # t at nu(n) is larger than assumed: n must grow
        n = max(n + 1, math.ceil(required(dof(n)) - 1e-12))
        iteration += 1
    while n > MIN_SAMPLE_SIZE and holds(n - 1):  # the jump may overshoot: walk down to the smallest n
        n -= 1
        iteration += 1
    t_a, t_b = t_values(dof(n))
    return SampleSize(
        n=int(n),
        design=design,
        mdd_relative=float(mdd_relative),
        sd_relative=float(sd_relative),
        t_alpha=t_a,
        t_beta=t_b,
        degrees_of_freedom=dof(n),
        iterations=iteration,
        cv=float("nan"),
        alpha=float(alpha),
        power=float(power),
        correlation=None,
    )


def sample_size(
    cv: float,
    years: float,
    rate: float = FOUR_PER_1000,
    growth: str = "linear",
    alpha: float = 0.05,
    power: float = 0.8,
    design: str = "paired",
    correlation: float = DEFAULT_CORRELATION,
) -> SampleSize:
    """Points per campaign to detect the 4 per 1000 gain after ``years`` (VM0042 Eq. 1-2).

    Parameters
    ----------
    cv : float [-]
        Coefficient of variation of the point SOC stocks (SD / mean) in a campaign.
    years : float [yr]
        Time between the two campaigns.
    rate : float [1/yr]
        Relative annual gain to detect, 0.004 for 4 per 1000.
    growth : {'linear', 'compound'}
    alpha : float [-]
        Significance level (two-sided).
    power : float [-]
        Probability of detecting the gain if it is there (1 - beta).
    design : {'paired', 'independent'}
    correlation : float [-]
        Paired design only: correlation rho of the point stocks between the campaigns, in [-1, 1).

    Returns
    -------
    SampleSize; ``n`` points per campaign.

    Examples
    --------
    >>> sample_size(0.2, 10, design="paired").n
    199
    """
    limits.check_number("cv", cv, limits.CV)
    limits.check_number("years", years, limits.YEARS)
    limits.check_number("rate", rate, limits.RATE)
    limits.check_number("alpha", alpha, limits.ALPHA)
    limits.check_number("power", power, limits.POWER)
    check_choice("design", design, DESIGNS)
    mdd = relative_gain(years, rate, growth)
    if design == "paired":
        if not (-1.0 <= correlation < 1.0):
            raise ParameterError(f"correlation must be in [-1, 1); got {correlation:g}")
        sd = cv * math.sqrt(2.0 * (1.0 - correlation))
    else:
        sd = cv
    result = sample_size_for_difference(sd, mdd, alpha=alpha, power=power, design=design)
    return SampleSize(
        **{
            **result.as_dict(),
            "cv": float(cv),
            "correlation": float(correlation) if design == "paired" else None,
        }
    )


def _check_open_unit(name: str, value: float) -> None:
    if not (0.0 < value < 1.0):
        raise ParameterError(f"{name} must be between 0 and 1 (exclusive); got {value:g}")
