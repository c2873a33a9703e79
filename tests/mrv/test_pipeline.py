"""The MRV pipeline of the science core and its file formats (issue 11: orchestration in the core)."""

from __future__ import annotations

import doctest
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from fourpermille import mrv
from fourpermille.errors import InputError, ParameterError
from fourpermille.io import mrv as mrv_io
from fourpermille.mrv import limits, pipeline

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "mrv"


@pytest.fixture(scope="module")
def layers():
    return mrv_io.read_campaign(EXAMPLES / "baseline_2020.csv"), mrv_io.read_campaign(
        EXAMPLES / "repeat_2025.csv"
    )


@pytest.fixture(scope="module")
def report(layers):
    options = mrv.ChangeOptions(stocks=mrv.StockOptions(esm=True), years=5)
    control = (
        mrv_io.read_campaign(EXAMPLES / "control_2020.csv"),
        mrv_io.read_campaign(EXAMPLES / "control_2025.csv"),
    )
    return mrv.measured_change(
        *layers, options, strata_area_ha=mrv_io.read_strata(EXAMPLES / "strata.csv"), control=control
    )


def test_docstring_example_runs():
    assert doctest.testmod(pipeline).failed == 0


def test_pipeline_composes_the_documented_steps(layers, report):
    """Steps 1-4 by hand give the pipeline's numbers exactly."""
    areas = mrv_io.read_strata(EXAMPLES / "strata.csv")
    b, r, info = mrv.campaign_stocks(*layers, esm=True)
    project = mrv.stratified_change(b, r, areas)
    control = [mrv_io.read_campaign(EXAMPLES / f"control_{y}.csv") for y in (2020, 2025)]
    cb, cr, _ = mrv.campaign_stocks(*control, esm=True, ref_mass_t_ha=info["ref_mass_t_ha"])
    ctrl = mrv.stratified_change(cb, cr, stratum_weights=project.strata.set_index("stratum")["weight"])
    net = mrv.net_change(project.change, ctrl.change)
    assert report.project_change == project.change
    assert report.baseline.change == ctrl.change and report.baseline.source == "control sites"
    assert report.net == net
    target = mrv.compare_with_target(project.initial_stock.mean, 5, net)
    assert report.target == target
    assert report.area_ha == pytest.approx(44.57)


def test_to_dict_is_the_file_and_from_dict_reads_it_back(report, tmp_path):
    data = mrv_io.json_ready(report.to_dict())
    assert data["kind"] == mrv.CHANGE_KIND and data["version"] == mrv.CHANGE_VERSION == 1
    path = tmp_path / "c.json"
    mrv_io.write_json(data, path)
    back = mrv_io.read_change(path)
    assert back.net == report.net and back.target == report.target
    assert mrv_io.json_ready(back.to_dict()) == data  # one writer, one reader: a fixed point


def test_credits_round_trip(report):
    credits = mrv.credits_for_change(report, "gold-standard", buffer=0.1, leakage_t_co2e=2.0, change_file="c")
    data = mrv_io.json_ready(credits.to_dict())
    assert data["kind"] == mrv.CREDITS_KIND and data["buffer"] == 0.1 and data["change_file"] == "c"
    back = mrv.Credits.from_dict(data)
    assert back == credits


def test_area_for_unweighted_changes(layers):
    change = mrv.measured_change(*layers, mrv.ChangeOptions(years=5))
    assert change.area_ha is None
    per_ha = mrv.credits_for_change(change, "vm0042")
    whole = mrv.credits_for_change(change, "vm0042", area_ha=250)
    assert per_ha.per_hectare and not whole.per_hectare
    assert whole.credits_t_co2e == pytest.approx(250 * per_ha.credits_t_co2e, rel=1e-12)


@pytest.mark.parametrize(
    ("field", "options"),
    [
        ("years", {"years": -5}),
        ("years", {"years": 1e-300}),
        ("years", {"years": math.nan}),
        ("confidence", {"confidence": 1.0}),
        ("rate", {"rate": 0.0}),
        ("baseline change", {"baseline_change_t_ha": math.inf}),
        ("baseline SD", {"baseline_sd_t_ha": -1.0}),
    ],
)
def test_options_are_range_checked(field, options):
    with pytest.raises(ParameterError, match=f"^{field} must be a number in "):
        mrv.ChangeOptions(**options)


def test_stock_options_are_range_checked():
    with pytest.raises(ParameterError, match=r"depth_cm must be a number in \(0, 300\] cm; got 0"):
        mrv.StockOptions(depth_cm=0)
    with pytest.raises(ParameterError, match="ref_mass_t_ha"):
        mrv.StockOptions(esm=True, ref_mass_t_ha=-1)


def test_errors_name_the_campaign(layers):
    bad = layers[1].copy()
    bad.loc[bad.index[0], "soc_g_kg"] = -3.0
    with pytest.raises(InputError) as info:
        mrv.measured_change(layers[0], bad, names={"baseline": "b.csv", "repeat": "r.csv"})
    assert str(info.value).startswith("r.csv")


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (lambda d: d["net_change"].update(df=1e-300), "net_change.df", "[1, 1e+12]; got 1e-300"),
        (lambda d: d.update(years=-5), "years", "[1, 100] yr; got -5"),
        (lambda d: d["project"]["change"].update(se_t_ha=float("nan")), "project.change.se_t_ha", "got nan"),
        (lambda d: d["project"]["strata"][0].update(n_baseline=2.5), "project.strata.0.n_baseline", "whole"),
        (lambda d: d["points"][0].update(campaign="third"), "points.0.campaign", "baseline, repeat"),
        (lambda d: d.update(design="crossover"), "design", "paired, unpaired"),
        (
            lambda d: d["project"]["initial_stock"].update(mean_t_ha=0.0),
            "project.initial_stock.mean_t_ha",
            "> 0",
        ),
        (lambda d: d.update(version=2), "version", "reads version 1"),
    ],
)
def test_from_dict_names_the_field_and_its_range(report, edit, field, message):
    data = json.loads(json.dumps(mrv_io.json_ready(report.to_dict())))
    edit(data)
    with pytest.raises(InputError) as info:
        mrv.ChangeReport.from_dict(data, file="c.json")
    text = str(info.value)
    assert text.startswith(f"c.json, field '{field}': ") and message in text, text


def test_check_number_refuses_text_and_booleans():
    for value in ("3", True, None, [1]):
        with pytest.raises(ParameterError):
            limits.check_number("x", value, limits.YEARS)
    assert limits.check_number("x", 5, limits.YEARS) == 5.0


def test_point_stock_campaigns_cannot_use_esm():
    b = pd.DataFrame({"point_id": ["a", "b"], "stratum": "s", "soc_stock_t_ha": [40.0, 42.0]})
    with pytest.raises(InputError, match="ESM needs lab results per layer"):
        mrv.measured_change(b, b, mrv.ChangeOptions(stocks=mrv.StockOptions(esm=True)))
