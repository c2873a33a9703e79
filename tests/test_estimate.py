"""Ex-ante project estimate: Tier 1 path, 4 per 1000 target, interval, bad input naming the field."""

import copy

import numpy as np
import pytest

from fourpermille.errors import InputError
from fourpermille.estimate import estimate, linear_path, parse_project, to_json_dict
from fourpermille.units import CO2_PER_C

BASE = {
    "project": "test",
    "area_ha": 100,
    "climate_zone": "W1",
    "soil_class": "HAC",
    "current": {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "medium"},
    "practices": ["no_till"],
    "uncertainty": {"draws": 0},
}


def test_tier1_path_and_target_from_the_tables():
    result = estimate(parse_project(BASE))
    s = result.summary
    # Table 2.3 (Updated): W1 HAC 64; Table 5.5 (Updated) W1: F_LU 0.69, no-till 1.10.
    assert s["soc0_t_ha"] == pytest.approx(64 * 0.69)
    assert s["tier1_equilibrium_t_ha"] == pytest.approx(64 * 0.69 * 1.10)
    assert s["tier1_gain_t_ha"] == pytest.approx(64 * 0.69 * 0.10)  # 20 years = D: the whole change
    assert s["target_gain_t_ha"] == pytest.approx(64 * 0.69 * 0.004 * 20)
    assert s["tier1_reaches_4p1000"] is True
    assert s["tier1_gain_t"] == pytest.approx(100 * 64 * 0.69 * 0.10)
    assert s["tier1_gain_t_co2e"] == pytest.approx(100 * 64 * 0.69 * 0.10 * CO2_PER_C)
    table = result.table
    assert len(table) == 21 and table["tier1_soc_t_ha"].iloc[10] == pytest.approx(64 * 0.69 * 1.05)


def test_measured_stock_scales_by_the_factor_ratio():
    result = estimate(parse_project({**BASE, "soc_t_ha": 50.0, "years": 10}))
    assert result.summary["soc0_t_ha"] == 50.0
    assert result.summary["tier1_equilibrium_t_ha"] == pytest.approx(55.0)
    assert result.summary["tier1_gain_t_ha"] == pytest.approx(2.5)  # half of D


def test_no_practice_stays_on_the_baseline_and_misses_the_target():
    result = estimate(parse_project({**BASE, "practices": []}))
    assert result.summary["tier1_gain_t_ha"] == 0.0
    assert result.summary["tier1_reaches_4p1000"] is False


def test_interval_is_seedable_and_brackets_the_gain():
    project = parse_project({**BASE, "uncertainty": {"draws": 1000, "seed": 3}})
    a, b = estimate(project), estimate(project)
    assert a.summary == b.summary
    s = a.summary
    assert s["tier1_gain_t_ha_lower"] < s["tier1_gain_t_ha"] < s["tier1_gain_t_ha_upper"]
    assert 0.0 <= s["tier1_probability_reaches_4p1000"] <= 1.0
    assert (a.table["tier1_soc_t_ha_lower"] <= a.table["tier1_soc_t_ha_upper"]).all()
    assert to_json_dict(a)["summary"]["draws"] == 1000


def test_linear_path_is_vectorised():
    paths = linear_path(np.array([40.0, 50.0]), np.array([50.0, 40.0]), 30, 20)
    assert paths.shape == (2, 31)
    np.testing.assert_allclose(paths[:, 20], [50.0, 40.0])
    np.testing.assert_allclose(paths[:, 30], [50.0, 40.0])


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"area_ha": 0}, "field 'area_ha': 0 is outside the allowed range (0, inf]"),
        ({"area_ha": -2}, "field 'area_ha'"),
        ({"area_ha": "big"}, "must be a number"),
        ({"climate_zone": "mediterranean"}, "field 'climate_zone': unknown climate zone"),
        ({"soil_class": "loam"}, "HAC, LAC, SAN"),
        ({"current": {"land_use": "orchard", "management": "x", "input": "y"}}, "field 'current.land_use'"),
        ({"practices": ["biochar_magic"]}, "valid practices: no_till"),
        (
            {"practices": ["improved_grassland"]},
            "field 'practices': practice 'improved_grassland' does not apply",
        ),
        ({"practices": ["no_till", "reduced_tillage"]}, "two different managements"),
        ({"factors": "1996"}, "field 'factors'"),
        ({"years": 0}, "field 'years'"),
        ({"colour": "blue"}, "field 'colour': unknown field"),
        ({"soil_class": None}, "give soil_class"),
        (
            {"climate": {"temperature_c": [10] * 12, "rain_mm": [50] * 12, "evaporation_mm": [40] * 12}},
            "field 'clay_pct'",
        ),
        (
            {
                "clay_pct": 20,
                "climate": {"temperature_c": [10] * 11, "rain_mm": [50] * 12, "evaporation_mm": [40] * 12},
            },
            "needs 12 monthly values",
        ),
        (
            {
                "clay_pct": 20,
                "climate": {
                    "temperature_c": [10] * 12,
                    "rain_mm": [-5] + [50] * 11,
                    "evaporation_mm": [40] * 12,
                },
            },
            "climate.rain_mm', month 1",
        ),
    ],
)
def test_bad_projects(change, words):
    data = copy.deepcopy(BASE)
    data.update(change)
    with pytest.raises(InputError) as info:
        parse_project(data)
    assert words in str(info.value)


def test_practice_allowed_with_a_warning_when_not_strict():
    result = estimate(
        parse_project(
            {
                **BASE,
                "practices": ["no_till", "hedgerows"],
                "climate_zone": "T3",
                "soil_class": "LAC",
                "strict_practices": False,
            }
        )
    )
    assert any("hedgerows" in note for note in result.notes)


def _assert_same_json(a: dict, b: dict, rel: float = 1e-12) -> None:
    """Two to_json_dict results equal: same keys, types, order; numbers to ``rel``."""
    assert type(a) is type(b)
    if isinstance(a, dict):
        assert list(a) == list(b)
        for key in a:
            _assert_same_json(a[key], b[key], rel)
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b, strict=True):
            _assert_same_json(x, y, rel)
    elif isinstance(a, float):
        assert a == pytest.approx(b, rel=rel, abs=1e-12)
    else:
        assert a == b


def test_estimate_many_equals_one_by_one():
    """One Monte Carlo run per group of alike projects, scaled: the same as estimating each (1e-12)."""
    from fourpermille.estimate import estimate_many

    seeded = {"draws": 500, "seed": 41000}
    datas = [
        {**BASE, "project": "a", "soc_t_ha": 50.0, "uncertainty": seeded},
        {**BASE, "project": "b", "soc_t_ha": 23.7, "area_ha": 5, "start_year": 2030, "uncertainty": seeded},
        {**BASE, "project": "c", "soc_t_ha": 81.2, "soc_ci95_pct": 20.0, "uncertainty": seeded},
        {**BASE, "project": "d", "soc_t_ha": 12.5, "soc_ci95_pct": 20.0, "uncertainty": seeded},
        {**BASE, "project": "e", "uncertainty": seeded},  # SOC_REF: the group shares SOC0
        {**BASE, "project": "f", "area_ha": 3, "start_year": 2001, "uncertainty": seeded},
        {**BASE, "project": "g", "soc_t_ha": 40.0, "practices": ["cover_crops"], "uncertainty": seeded},
        {**BASE, "project": "h", "soc_t_ha": 40.0, "years": 30, "uncertainty": seeded},
        {**BASE, "project": "i", "soc_t_ha": 40.0, "uncertainty": {"draws": 200}},  # unseeded: alone
        {**BASE, "project": "j", "soc_t_ha": 33.3},  # no draws
        {**BASE, "project": "k", "soc_t_ha": 66.6},
    ]
    projects = [parse_project(d) for d in datas]
    together = estimate_many(projects)
    assert [r.project.name for r in together] == [p.name for p in projects]
    for project, result in zip(projects, together, strict=True):
        if project.seed is None and project.draws:
            continue  # independent draws: not reproducible one by one
        _assert_same_json(to_json_dict(result), to_json_dict(estimate(project)))
    assert together[1].table["year"].iloc[0] == 2030
    assert together[1].summary["tier1_gain_t"] == pytest.approx(5 * together[1].summary["tier1_gain_t_ha"])


def test_json_table_rows_are_the_tables_rows_as_python_numbers():
    result = estimate(parse_project({**BASE, "soc_t_ha": 50.0, "uncertainty": {"draws": 100, "seed": 1}}))
    rows = to_json_dict(result)["table"]
    expected = result.table.to_dict(orient="records")
    assert rows == expected
    assert [type(v) for v in rows[3].values()] == [int, int] + [float] * (len(rows[3]) - 2)
