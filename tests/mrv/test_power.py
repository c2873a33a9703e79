"""Sample size (VM0042 v2.2 Eq. 1-2, t iterated on n), checked against statsmodels' power functions."""

import math
import warnings

import pytest
from scipy import stats

from fourpermille.errors import ParameterError
from fourpermille.mrv.power import sample_size, sample_size_for_difference


def _eq2_rhs(sd, mdd, alpha, power, df, groups):
    # VM0042 v2.2 Eq. 2, p.34: n >= (S (t_alpha + t_beta) / MDD)^2; t_alpha two-sided, t_beta one-sided.
    return groups * (sd * (stats.t.ppf(1 - alpha / 2, df) + stats.t.ppf(power, df)) / mdd) ** 2


@pytest.mark.parametrize("design,groups", [("paired", 1), ("independent", 2)])
@pytest.mark.parametrize("sd,mdd", [(0.2, 0.04), (0.15, 0.02), (0.3, 0.12), (0.1, 0.2), (0.5, 0.1)])
def test_n_is_the_smallest_whole_number_satisfying_eq2_at_its_own_degrees_of_freedom(design, groups, sd, mdd):
    r = sample_size_for_difference(sd, mdd, alpha=0.05, power=0.8, design=design)
    df = groups * (r.n - 1)
    assert r.n >= _eq2_rhs(sd, mdd, 0.05, 0.8, df, groups)
    assert r.n - 1 < _eq2_rhs(sd, mdd, 0.05, 0.8, groups * (r.n - 2), groups)
    assert r.degrees_of_freedom == df
    assert r.t_alpha == pytest.approx(stats.t.ppf(0.975, df))


def test_matches_statsmodels_power_functions_within_one_point():
    # statsmodels solves the exact non-central t power; VM0042 Eq. 2 is its central-t approximation, so
    # the two agree to within one point per campaign (checked over CV 0.05-0.5, gains 2-50 %).
    from statsmodels.stats.power import TTestIndPower, TTestPower

    checked = 0
    for sd in (0.05, 0.1, 0.2, 0.3, 0.5):
        for mdd in (0.02, 0.04, 0.1, 0.2):
            for alpha, power in ((0.05, 0.8), (0.1, 0.9)):
                effect = mdd / sd
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    exact_paired = TTestPower().solve_power(effect_size=effect, alpha=alpha, power=power)
                    exact_ind = TTestIndPower().solve_power(effect_size=effect, alpha=alpha, power=power)
                paired = sample_size_for_difference(sd, mdd, alpha, power, "paired").n
                independent = sample_size_for_difference(sd, mdd, alpha, power, "independent").n
                if math.isfinite(exact_paired) and exact_paired > 3:
                    assert abs(paired - math.ceil(exact_paired)) <= 1, (sd, mdd, alpha, power)
                    achieved = TTestPower().power(effect_size=effect, nobs=paired, alpha=alpha)
                    assert achieved > power - 0.02
                    checked += 1
                if math.isfinite(exact_ind) and exact_ind > 3:
                    assert abs(independent - math.ceil(exact_ind)) <= 1, (sd, mdd, alpha, power)
                    checked += 1
    assert checked > 40


def test_four_per_1000_after_10_years_with_cv_20_percent():
    # MDD = 0.004 x 10 = 4 % of SOC0; S = 0.2 SOC0 (rho = 0.5): n = ((1.972 + 0.843) / 0.2)^2 = 198.2 -> 199
    r = sample_size(0.2, 10, design="paired")
    assert r.mdd_relative == pytest.approx(0.04)
    assert r.n == 199
    # independent campaigns need twice the points per campaign (plus the smaller t correction)
    assert sample_size(0.2, 10, design="independent").n == 394


def test_longer_time_higher_correlation_and_compound_growth_need_fewer_points():
    base = sample_size(0.2, 5).n
    assert sample_size(0.2, 10).n < base
    assert sample_size(0.2, 5, correlation=0.8).n < base
    assert sample_size(0.2, 10, growth="compound").n <= sample_size(0.2, 10).n


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"cv": 0.0, "years": 10}, "cv must be a number in \\(0, 10\\]; got 0"),
        ({"cv": 0.2, "years": -1}, "years"),
        ({"cv": 0.2, "years": 10, "alpha": 1.5}, "alpha"),
        ({"cv": 0.2, "years": 10, "power": 0}, "power"),
        ({"cv": 0.2, "years": 10, "design": "crossover"}, "paired, independent"),
        ({"cv": 0.2, "years": 10, "correlation": 1.0}, "correlation"),
    ],
)
def test_bad_parameters_name_the_allowed_values(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        sample_size(**kwargs)
