"""Credit rule sets checked against their documents' own numbers and sign conventions.

VM0042: Verra VM0042 v2.2 (2025), Eq. 37-45 and 74-79, p.54-59 and 82-85.
Gold Standard: SOC Framework Methodology v1.0 (GS 402, January 2020), Eq. 1, 2, 10, 11 and Table 6, p.27-28.
"""

import math

import pytest

from fourpermille.errors import ParameterError
from fourpermille.mrv.change import Estimate, modelled_baseline
from fourpermille.mrv.credits import compute_credits, gs_t, vm0042_t

C2CO2 = 44 / 12


def steps(result):
    return {s["step"]: s["value"] for s in result.steps}


def test_vm0042_t_at_66_7_percent_is_0_4307_for_large_samples():
    # VM0042 v2.2 p.82, Eq. 74: "t0.667 ... Equal to approximately 0.4307 at large sample sizes"
    assert round(vm0042_t(1e9), 4) == 0.4307
    assert vm0042_t(10) > vm0042_t(100) > vm0042_t(1e9)


# Gold Standard 402 v1.0, Table 6 (p.27): t-values for the 90 % confidence interval by number of samples.
GS_TABLE_6 = {
    3: 2.9200,
    4: 2.3534,
    5: 2.1319,
    6: 2.0150,
    10: 1.8331,
    15: 1.7613,
    20: 1.7291,
    30: 1.6991,
    50: 1.6766,
    75: 1.6657,
    100: 1.6604,
    150: 1.6551,
    199: 1.6526,
    200: 1.6525,
}


@pytest.mark.parametrize("n,t", sorted(GS_TABLE_6.items()))
def test_gold_standard_t_table(n, t):
    # printed to 4 decimals; the table rounds some up (n = 5: 2.13185 -> 2.1319), so within one last digit
    assert gs_t(n) == pytest.approx(t, abs=1e-4)


def test_vm0042_project_gaining_against_constant_baseline():
    # 100 ha, change 1.2 +/- 0.3 t C/ha (df 10), NPR 20 %, no leakage.
    r = compute_credits(Estimate(1.2, 0.3, 10), None, area_ha=100, method="vm0042", buffer=0.2)
    st = steps(r)
    unc = 0.3 / 1.2 * vm0042_t(10)  # Eq. 74 (the 44/12 cancels): 0.25 x 0.44376 = 0.11094
    assert st["uncertainty deduction UNC"] == pytest.approx(unc)
    wp = 1.2 * 100 * C2CO2 * (1 - unc)  # Eq. 45, I = +1: 440 x 0.88906 = 391.19 t CO2e
    assert st["project stock change after deduction"] == pytest.approx(wp)
    assert st["removals CR"] == pytest.approx(wp)  # Eq. 40: all a removal
    assert st["emission reductions ER (SOC)"] == 0
    assert r.credits_t_co2e == pytest.approx(wp * 0.8)  # Eq. 76-79: 20 % to the buffer


def test_vm0042_project_losing_carbon_more_than_baseline():
    # project -0.5 +/- 0.1 t C/ha, modelled baseline -0.2: the project loses relative to the baseline.
    r = compute_credits(
        Estimate(-0.5, 0.1, 20), modelled_baseline(-0.2), area_ha=10, method="vm0042", buffer=0.1
    )
    st = steps(r)
    unc = 0.1 / 0.3 * vm0042_t(20)
    assert st["sign switch I(dCO2_soil)"] == -1  # Eq. 44-45: the deduction multiplier becomes > 1
    wp, bsl = -0.5 * 10 * C2CO2 * (1 + unc), -0.2 * 10 * C2CO2 * (1 + unc)
    assert st["project stock change after deduction"] == pytest.approx(wp)
    assert st["baseline stock change after deduction"] == pytest.approx(bsl)
    assert st["removal switch I(dCO2_wp)"] == 0  # cumulative project change <= 0
    assert st["emission reductions ER (SOC)"] == pytest.approx(wp - bsl)  # Eq. 37 second branch, < 0
    assert st["removals CR"] == 0
    assert st["net reductions and removals ERR_NET"] < 0
    # the loss is enlarged by the uncertainty: larger in magnitude than the plain difference
    assert abs(st["net reductions and removals ERR_NET"]) > 0.3 * 10 * C2CO2
    assert any("reversal" in n for n in r.notes)
    # Eq. 75 as written: the buffer term of a loss is negative (and said so in the notes)
    assert st["buffer on reductions Bu_ER"] == pytest.approx((wp - bsl) * 0.1)
    assert any("Eq. 75 applied as written" in n for n in r.notes)


def test_vm0042_avoided_loss_is_a_reduction_not_a_removal():
    # baseline declines faster (-0.5) than the project (-0.2): I = +1, I_wp = 0, ER = wp - bsl > 0
    r = compute_credits(Estimate(-0.2, 0.05, 30), modelled_baseline(-0.5), area_ha=1, buffer=0.0)
    st = steps(r)
    unc = 0.05 / 0.3 * vm0042_t(30)
    assert st["emission reductions ER (SOC)"] == pytest.approx(0.3 * C2CO2 * (1 - unc))
    assert st["removals CR"] == 0
    assert r.credits_t_co2e > 0


def test_vm0042_gain_over_declining_baseline_splits_into_reduction_and_removal_with_leakage():
    r = compute_credits(
        Estimate(0.4, 0.1, 40), modelled_baseline(-0.2), area_ha=50, buffer=0.1, leakage_t_co2e=5.0
    )
    st = steps(r)
    unc = 0.1 / 0.6 * vm0042_t(40)
    wp, bsl = 0.4 * 50 * C2CO2 * (1 - unc), -0.2 * 50 * C2CO2 * (1 - unc)
    er, cr = -bsl, wp  # Eq. 37 (first branch) and Eq. 40
    assert st["emission reductions ER (SOC)"] == pytest.approx(er)
    assert st["removals CR"] == pytest.approx(cr)
    assert st["leakage allocated to ER"] == pytest.approx(5 * er / (er + cr))  # Eq. 39
    assert r.credits_t_co2e == pytest.approx((er + cr - 5) - 0.1 * (er + cr))  # Eq. 43, 75-79


def test_vm0042_uncertainty_is_capped_at_one():
    r = compute_credits(Estimate(0.1, 1.0, 5), None, area_ha=1)
    assert r.uncertainty == 1.0
    assert r.credits_t_co2e == pytest.approx(0.0)


def test_gold_standard_deduction_above_20_percent():
    # n = 10 points, one stratum: df = 9, t = 1.8331 (Table 6). change 1.2 +/- 0.3 t C/ha on 100 ha.
    r = compute_credits(Estimate(1.2, 0.3, 9), None, area_ha=100, method="gold-standard", buffer=0.1)
    st = steps(r)
    unc = 1.8331 * 0.3 / 1.2  # Eq. 10: half-width / change = 0.45828
    assert st["uncertainty UNC"] == pytest.approx(unc, rel=1e-4)
    assert st["uncertainty deduction UD"] == pytest.approx(unc - 0.20, rel=1e-4)  # Eq. 11: 0.25828
    dc = 120 * (1 - (unc - 0.2))  # Eq. 2: 120 t C x 0.74172 = 89.006 t C
    assert st["SOC change after deduction dC_SOC"] == pytest.approx(dc, rel=1e-4)
    assert r.credits_t_co2e == pytest.approx(dc * C2CO2 * 0.9, rel=1e-4)  # Eq. 1


def test_gold_standard_no_deduction_within_20_percent():
    r = compute_credits(Estimate(2.0, 0.1, 29), None, area_ha=10, method="gold-standard")
    assert r.deduction == 0
    assert r.credits_t_co2e == pytest.approx(20 * C2CO2)


def test_gold_standard_project_losing_carbon():
    r = compute_credits(
        Estimate(-1.0, 0.3, 9), None, area_ha=10, method="gold-standard", buffer=0.2, leakage_t_co2e=1.0
    )
    st = steps(r)
    ud = 1.8331 * 0.3 / 1.0 - 0.2
    dc = -10 * (1 + ud)  # the loss is enlarged, never shrunk
    assert st["SOC change after deduction dC_SOC"] == pytest.approx(dc, rel=1e-4)
    assert st["compliance buffer"] == 0  # no buffer taken from a negative result
    assert r.credits_t_co2e == pytest.approx(dc * C2CO2 - 1.0, rel=1e-4)
    assert r.credits_t_co2e < -10 * C2CO2


def test_per_hectare_without_area():
    r = compute_credits(Estimate(1.0, 0.1, 50), None, method="gold-standard")
    assert r.per_hectare and r.area_ha == 1.0
    assert r.credits_t_co2e == pytest.approx(C2CO2)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"buffer": -0.1}, "buffer must be a number in \\[0, 1\\); got -0.1"),
        ({"buffer": 1.0}, "buffer"),
        ({"leakage_t_co2e": -1}, "leakage"),
        ({"method": "car"}, "vm0042, gold-standard"),
        ({"area_ha": 0}, "area"),
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        compute_credits(Estimate(1.0, 0.1, 10), **kwargs)


def test_every_step_names_its_equation_and_unit():
    for method in ("vm0042", "gold-standard"):
        r = compute_credits(Estimate(1.0, 0.2, 12), modelled_baseline(0.1, 0.05), area_ha=3, method=method)
        assert all(set(s) == {"step", "equation", "formula", "value", "unit"} for s in r.steps)
        assert all(math.isfinite(s["value"]) for s in r.steps)


def test_vm0042_cumulative_gain_switches_a_period_loss_to_the_removal_branch():
    # a later period in which the stock fell (-0.2) while the project is still above its start (cumulative
    # +300 t CO2e): I_wp = 1, so Eq. 37 counts only MIN(0, wp) - MIN(0, bsl) = the period's loss as ER < 0
    r = compute_credits(Estimate(-0.2, 0.02, 30), None, area_ha=10, cumulative_project_t_co2e=300.0)
    st = steps(r)
    assert st["removal switch I(dCO2_wp)"] == 1
    wp = -0.2 * 10 * C2CO2 * (1 + 0.02 / 0.2 * vm0042_t(30))
    assert st["emission reductions ER (SOC)"] == pytest.approx(wp)
    assert st["removals CR"] == 0
