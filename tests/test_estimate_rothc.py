"""RothC trajectory of an ex-ante estimate: starts at SOC0, baseline flat, consistent with the inverse."""

import copy

import numpy as np
import pytest

from fourpermille.estimate import estimate, parse_project
from fourpermille.estimate_rothc import rothc_trajectory

CLIMATE = {
    "temperature_c": [5.6, 6.6, 9.4, 11.8, 15.6, 19.4, 21.7, 21.5, 18.2, 14.3, 9.2, 6.2],
    "rain_mm": [55, 48, 52, 68, 75, 60, 38, 45, 55, 62, 60, 58],
    "evaporation_mm": [12, 22, 45, 68, 98, 125, 148, 130, 88, 48, 20, 11],
}
BASE = {
    "area_ha": 10,
    "climate_zone": "W1",
    "soil_class": "HAC",
    "clay_pct": 25,
    "climate": CLIMATE,
    "current": {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "medium"},
    "practices": ["cover_crops"],
    "uncertainty": {"draws": 0},
    "years": 20,
}


def _project(**changes):
    data = copy.deepcopy(BASE)
    data.update(changes)
    return parse_project(data)


def test_without_extra_input_rothc_stays_at_soc0():
    out = rothc_trajectory(_project(), 40.0)
    np.testing.assert_allclose(out["rothc_soc_t_ha"], 40.0, rtol=1e-9)
    assert out["rothc_soc_t_ha"].shape == (21,)


def test_the_extra_input_needed_reaches_the_target_exactly():
    need = rothc_trajectory(_project(), 40.0)["rothc_extra_input_for_4p1000_t_c_ha_yr"]
    assert need > 0
    out = rothc_trajectory(_project(extra_input_t_c_ha_yr=need), 40.0)
    # The 4 per 1000 target after 20 years: 40 x (1 + 0.004 x 20) = 43.2 t C/ha.
    assert out["rothc_soc_t_ha"][-1] == pytest.approx(43.2, rel=1e-9)
    assert np.all(np.diff(out["rothc_soc_t_ha"]) > 0)


def test_range_of_extra_input_gives_a_band_and_the_estimate_reports_it():
    result = estimate(
        _project(extra_input_t_c_ha_yr={"value": 1.0, "low": 0.5, "high": 1.5}), rothc=rothc_trajectory
    )
    table, s = result.table, result.summary
    assert (table["rothc_soc_t_ha_lower"] <= table["rothc_soc_t_ha"]).all()
    assert (table["rothc_soc_t_ha"] <= table["rothc_soc_t_ha_upper"]).all()
    assert table["rothc_soc_t_ha"].iloc[0] == pytest.approx(s["soc0_t_ha"])
    # Linear in the extra input: the gains of 0.5, 1.0, 1.5 t C/ha/yr are in proportion.
    assert s["rothc_gain_t_ha_lower"] * 2 == pytest.approx(s["rothc_gain_t_ha"], rel=1e-9)
    assert s["rothc_reaches_4p1000"] == (s["rothc_gain_t_ha"] >= s["target_gain_t_ha"])
