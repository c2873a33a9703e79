"""One truth for the RothC extra input: the catalogue's ``rothc_extra_input`` (what the practice pages
show) is the input the ex-ante estimate's RothC run takes where an adoption gives none of its own."""

import copy
from importlib import resources

import pytest
import yaml

from fourpermille import practices
from fourpermille.estimate_rothc import rothc_trajectory
from tests.test_estimate_scenarios import CLIMATE, run

PROJECT = {
    "project": "t",
    "area_ha": 10,
    "climate_zone": "W1",
    "soil_class": "HAC",
    "clay_pct": 25,
    "climate": CLIMATE,
    "uncertainty": {"draws": 0},
    "current": {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "medium"},
    "scenarios": [{"id": "cc", "adoptions": [{"practices": ["cover_crops"], "area_ha": 10}]}],
}


@pytest.fixture
def catalogue_with_input(monkeypatch):
    """The packaged catalogue with a RothC default of 1.2 t C/ha/yr for cover crops (a test value)."""
    text = resources.files("fourpermille.practices").joinpath("data", "practices.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    entry = next(p for p in data["practices"] if p["id"] == "cover_crops")
    entry["rothc_extra_input"] = {"value": 1.2, "unit": "t C/ha/yr", "reference": "poeplau2015"}
    db = practices.validate(data)
    monkeypatch.setattr(practices, "load", lambda: db)
    return db


def test_default_extra_input_sums_the_published_values(catalogue_with_input):
    db = catalogue_with_input
    assert practices.default_extra_input(db, ["cover_crops"]) == 1.2
    assert practices.default_extra_input(db, ["cover_crops", "no_till"]) == 1.2
    assert practices.default_extra_input(db, ["no_till"]) is None


def test_the_estimate_takes_the_catalogue_default_unless_the_project_gives_one(catalogue_with_input):
    default = run(PROJECT, rothc=rothc_trajectory).scenarios[0].rothc_soc_gain_t_c
    given = copy.deepcopy(PROJECT)
    given["scenarios"][0]["adoptions"][0]["extra_input_t_c_ha_yr"] = 1.2
    assert default == pytest.approx(run(given, rothc=rothc_trajectory).scenarios[0].rothc_soc_gain_t_c)
    given["scenarios"][0]["adoptions"][0]["extra_input_t_c_ha_yr"] = 0.0
    assert run(given, rothc=rothc_trajectory).scenarios[0].rothc_soc_gain_t_c < default


def test_the_packaged_catalogue_publishes_no_default_yet_and_the_estimate_keeps_zero():
    """No meta-analysis or IPCC table in this catalogue gives a carbon input rate a project could take
    as is (see docs/guide/practices.md); every practice says so in its RothC note."""
    db = practices.load()
    assert all(p.rothc_extra_input is None for p in db.practices.values())
    assert all(p.extra.get("rothc_note") for p in db.practices.values())
    gain = run(PROJECT, rothc=rothc_trajectory).scenarios[0].rothc_soc_gain_t_c
    assert gain == pytest.approx(0.0, abs=1e-9)
