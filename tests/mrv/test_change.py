"""Stratified change estimators checked against a hand-worked example (arithmetic written out below)."""

import math

import pandas as pd
import pytest
from scipy import stats

from fourpermille.errors import InputError
from fourpermille.mrv.change import (
    Estimate,
    compare_with_target,
    modelled_baseline,
    net_change,
    satterthwaite_df,
    stratified_change,
)


def campaign(stocks: dict) -> pd.DataFrame:
    rows = [(pid, s, v) for s, pts in stocks.items() for pid, v in pts.items()]
    return pd.DataFrame(rows, columns=["point_id", "stratum", "soc_stock_t_ha"])


# Stratum A (60 ha) and B (40 ha): W_A = 0.6, W_B = 0.4.
BASE = campaign({"A": {"a1": 40, "a2": 44, "a3": 42}, "B": {"b1": 30, "b2": 34, "b3": 32, "b4": 28}})
REPEAT = campaign({"A": {"a1": 41, "a2": 46, "a3": 43}, "B": {"b1": 30, "b2": 35, "b3": 33, "b4": 30}})
AREAS = {"A": 60.0, "B": 40.0}


def test_paired_hand_worked_example():
    r = stratified_change(BASE, REPEAT, AREAS, design="paired")
    a, b = r.strata.set_index("stratum").loc["A"], r.strata.set_index("stratum").loc["B"]
    # A: d = 1, 2, 1 -> mean 4/3; deviations -1/3, 2/3, -1/3 -> SS = 6/9; s^2 = (6/9)/2 = 1/3;
    #    var of the mean = (1/3)/3 = 1/9, se = 1/3, df = 2
    assert a.change_t_ha == pytest.approx(4 / 3)
    assert a.se_change_t_ha == pytest.approx(1 / 3)
    assert a.df == 2
    # B: d = 0, 1, 1, 2 -> mean 1; SS = 1 + 0 + 0 + 1 = 2; s^2 = 2/3; var of the mean = (2/3)/4 = 1/6
    assert b.change_t_ha == pytest.approx(1.0)
    assert b.se_change_t_ha == pytest.approx(math.sqrt(1 / 6))
    # project: D = 0.6 x 4/3 + 0.4 x 1 = 0.8 + 0.4 = 1.2
    #          V = 0.6^2 x 1/9 + 0.4^2 x 1/6 = 0.04 + 0.026667 = 0.066667
    #          df = 0.066667^2 / (0.04^2 / 2 + 0.026667^2 / 3) = 0.0044444 / 0.0010370 = 4.285714
    assert r.change.mean == pytest.approx(1.2)
    assert r.change.se**2 == pytest.approx(0.04 + 0.16 / 6)
    assert r.change.df == pytest.approx(4.285714, rel=1e-6)
    # initial stock: 0.6 x 42 + 0.4 x 31 = 37.6; final: 0.6 x 43.3333 + 0.4 x 32 = 38.8
    assert r.initial_stock.mean == pytest.approx(37.6)
    assert r.final_stock.mean == pytest.approx(38.8)
    # 90 % interval: 1.2 +/- t(0.95, 4.2857) x 0.258199
    lo, hi = r.change.interval(0.90)
    assert hi - 1.2 == pytest.approx(stats.t.ppf(0.95, 4.285714) * math.sqrt(0.066667), rel=1e-4)
    assert r.area_ha == 100.0


def test_unpaired_hand_worked_example():
    r = stratified_change(BASE, REPEAT, AREAS, design="unpaired")
    # A: s0^2 = (4 + 4 + 0)/2 = 4 -> 4/3; s1^2 = (49/9 + 64/9 + 1/9)/2 = 19/3 -> 19/9; v_A = 31/9
    # B: s0^2 = (1 + 9 + 1 + 9)/3 = 20/3 -> 5/3; s1^2 = (4 + 9 + 1 + 4)/3 = 6 -> 3/2; v_B = 19/6
    # V = 0.36 x 31/9 + 0.16 x 19/6 = 1.24 + 0.506667 = 1.746667; the mean change is the same 1.2
    assert r.change.mean == pytest.approx(1.2)
    assert r.change.se**2 == pytest.approx(1.24 + 0.16 * 19 / 6)
    # ignoring the pairing (covariance) makes the interval much wider
    assert r.change.se > stratified_change(BASE, REPEAT, AREAS).change.se


def test_self_weighting_without_areas():
    r = stratified_change(BASE, REPEAT)  # W = n_h / n = 3/7, 4/7
    assert r.change.mean == pytest.approx(3 / 7 * 4 / 3 + 4 / 7 * 1.0)
    assert "self-weighting" in r.weights_from
    assert r.area_ha is None


def test_single_stratum_paired_equals_one_sample_t():
    base = campaign({"S": {f"p{i}": v for i, v in enumerate([40, 42, 39, 45, 41])}})
    rep = campaign({"S": {f"p{i}": v for i, v in enumerate([41, 42, 41, 46, 41.5])}})
    r = stratified_change(base, rep)
    d = pd.Series([1, 0, 2, 1, 0.5])
    assert r.change.mean == pytest.approx(d.mean())
    assert r.change.se == pytest.approx(d.std(ddof=1) / math.sqrt(5))
    assert r.change.df == 4


def test_satterthwaite_reduces_to_components():
    assert satterthwaite_df([1.0], [7]) == 7
    assert satterthwaite_df([1.0, 1.0], [5, 5]) == pytest.approx(10)
    assert 3 <= satterthwaite_df([1.0, 0.1], [3, 30]) <= 33


def test_net_change_against_control_sites_and_modelled_baseline():
    project = Estimate(1.2, 0.3, 10)
    control = Estimate(-0.5, 0.4, 8)
    net = net_change(project, control)
    assert net.mean == pytest.approx(1.7)  # a declining baseline adds to the project's effect
    assert net.se == pytest.approx(0.5)
    assert net.df == pytest.approx(0.25**2 / (0.09**2 / 10 + 0.16**2 / 8))
    model = modelled_baseline(-0.3)
    assert net_change(project, model) == Estimate(1.5, 0.3, 10)
    assert net_change(project, None) is project


def test_target_comparison():
    # SOC0 = 37.6 t C/ha over 5 years: target gain = 37.6 x 0.004 x 5 = 0.752 t C/ha
    cmp = compare_with_target(37.6, 5, Estimate(1.2, 0.258199, 4.285714))
    assert cmp["target_change_t_ha"] == pytest.approx(0.752)
    assert cmp["achieved_fraction"] == pytest.approx(1.2 / 0.752)
    assert cmp["annual_rate"] == pytest.approx(1.2 / 37.6 / 5)
    assert cmp["target_met"] is True
    assert cmp["target_met_with_confidence"] is (cmp["ci_low_t_ha"] >= 0.752)
    losing = compare_with_target(37.6, 5, Estimate(-0.8, 0.2, 20))
    assert losing["achieved_fraction"] < 0 and losing["target_met"] is False


# --- bad input: clear errors naming the ids -------------------------------------------------------------


def test_duplicate_point_ids_are_named():
    dup = pd.concat([BASE, BASE.iloc[[0]]], ignore_index=True)
    with pytest.raises(InputError, match="duplicate point ids in the baseline campaign: a1"):
        stratified_change(dup, REPEAT, AREAS)


def test_repeat_missing_baseline_points_in_paired_design():
    with pytest.raises(InputError, match="misses 1 point.*b4"):
        stratified_change(BASE, REPEAT[REPEAT.point_id != "b4"], AREAS)
    # the unpaired design accepts it
    assert stratified_change(BASE, REPEAT[REPEAT.point_id != "b4"], AREAS, design="unpaired")


def test_stratum_with_fewer_than_two_points():
    base = campaign({"A": {"a1": 40, "a2": 44}, "C": {"c1": 50}})
    rep = campaign({"A": {"a1": 41, "a2": 45}, "C": {"c1": 51}})
    with pytest.raises(InputError, match="fewer than 2 points.*'C' \\(1: c1\\)"):
        stratified_change(base, rep)


def test_stratum_without_area_and_non_positive_area():
    with pytest.raises(InputError, match="no area for stratum/strata B"):
        stratified_change(BASE, REPEAT, {"A": 60.0})
    with pytest.raises(InputError, match="> 0 ha: B=0"):
        stratified_change(BASE, REPEAT, {"A": 60.0, "B": 0.0})


def test_point_changing_stratum_between_campaigns():
    rep = REPEAT.copy()
    rep.loc[rep.point_id == "a3", "stratum"] = "B"
    with pytest.raises(InputError, match="a3 \\(A -> B\\)"):
        stratified_change(BASE, rep, AREAS)


def test_missing_stock_names_the_point():
    base = BASE.copy()
    base.loc[2, "soc_stock_t_ha"] = float("nan")
    with pytest.raises(InputError, match="point a3 of the baseline campaign has no SOC stock"):
        stratified_change(base, REPEAT, AREAS)


def test_control_sites_weighted_by_the_project_strata():
    ctrl_b = campaign({"A": {"c1": 40, "c2": 42}, "B": {"c3": 30, "c4": 31}})
    ctrl_r = campaign({"A": {"c1": 39, "c2": 41.5}, "B": {"c3": 29, "c4": 30}})
    # project weights 0.6 / 0.4 (not the controls' 2 / 2): -0.75 x 0.6 + -1.0 x 0.4 = -0.85
    r = stratified_change(ctrl_b, ctrl_r, stratum_weights={"A": 0.6, "B": 0.4})
    assert r.change.mean == pytest.approx(-0.85)
    assert r.weights_from == "project stratum weights"
    with pytest.raises(InputError, match="control sites must cover the project strata"):
        stratified_change(ctrl_b, ctrl_r, stratum_weights={"A": 0.5, "B": 0.3, "C": 0.2})
