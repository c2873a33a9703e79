"""Scenario GHG balance: per gas with and without the project, ranking, costs, file format, and every
catalogue practice's effect (or its stated reason why not)."""

import copy
import json
from pathlib import Path

import pytest
import yaml

from fourpermille import estimate_scenarios as es
from fourpermille import practices as practices_db
from fourpermille.errors import InputError
from fourpermille.estimate_rothc import rothc_trajectory
from fourpermille.units import CO2_PER_C

EXAMPLE = Path(__file__).parents[1] / "examples" / "project_scenarios.yaml"
CLIMATE = yaml.safe_load(EXAMPLE.read_text())["climate"]

BASE = {
    "project": "t",
    "area_ha": 100,
    "climate_zone": "W1",
    "soil_class": "HAC",
    "current": {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "medium"},
    "uncertainty": {"draws": 0},
    "nitrogen": {"synthetic_n_kg_ha": 100},
    "scenarios": [{"id": "nt", "practices": ["no_till"], "area_ha": 50, "year": 0}],
}


def run(data, rothc=None):
    return es.estimate_scenarios(es.parse_scenario_project(copy.deepcopy(data)), rothc=rothc)


def test_hand_computed_balance_tier1_eq_2_25_and_n2o_eq_11_1():
    r = run(BASE)
    s = r.scenarios[0]
    soc0 = 64 * 0.69  # Table 2.3 W1 HAC; Table 5.5 F_LU 0.69, full tillage and medium input 1
    yearly_soc = -(soc0 * 0.10 / 20) * 50 * CO2_PER_C  # no-till 1.10 on 50 ha, linear over D = 20 yr
    assert s.gases["soc_co2"].with_project_t_co2e_yr[0] == pytest.approx(yearly_soc)
    assert s.gases["soc_co2"].net_t_co2e == pytest.approx(20 * yearly_soc)
    assert r.baseline.gases["soc_co2"].with_project_t_co2e == 0
    # Eq. 11.1, 11.9, 11.10 with the aggregated factors; AR6 GWP 273; 100 ha.
    n2o_yr = 100 * (0.010 + 0.11 * 0.010 + 0.24 * 0.011) * 44 / 28 * 273 / 1000 * 100
    assert r.baseline.gases["n2o"].with_project_t_co2e_yr[0] == pytest.approx(n2o_yr)
    assert s.gases["n2o"].net_t_co2e == pytest.approx(0.0)
    total = s.gases["total"]
    assert total.with_project_t_co2e == pytest.approx(sum(s.gases[g].with_project_t_co2e for g in es.GASES))
    assert total.net_t_co2e == pytest.approx(total.with_project_t_co2e - total.without_project_t_co2e)
    assert s.target_gain_t_c == pytest.approx(soc0 * 0.004 * 20 * 100)
    assert s.soc_gain_t_c == pytest.approx(soc0 * 0.10 * 50)
    assert s.shortfall_4p1000_t_c == pytest.approx(s.target_gain_t_c - s.soc_gain_t_c)


def test_adoption_year_delays_the_change_and_ar5_changes_n2o():
    late = copy.deepcopy(BASE)
    late["start_year"] = 2030
    late["scenarios"][0]["year"] = 2035
    s = run(late).scenarios[0]
    assert s.gases["soc_co2"].with_project_t_co2e_yr[:5] == [0.0] * 5
    assert s.soc_gain_t_c == pytest.approx(64 * 0.69 * 0.10 * 15 / 20 * 50)
    ar5 = copy.deepcopy(BASE)
    ar5["ghg"] = {"gwp": "AR5"}
    assert run(ar5).baseline.gases["n2o"].with_project_t_co2e == pytest.approx(
        run(BASE).baseline.gases["n2o"].with_project_t_co2e * 265 / 273
    )


def test_example_ranked_with_intervals_costs_rothc_and_file_format():
    data = yaml.safe_load(EXAMPLE.read_text())
    r = run(data, rothc=rothc_trajectory)
    assert len(r.scenarios) == 3
    ranked = r.ranked()
    assert [s.rank for s in ranked] == [1, 2, 3]
    assert [s.shortfall_4p1000_t_c for s in ranked] == sorted(s.shortfall_4p1000_t_c for s in ranked)
    for s in r.scenarios:
        t = s.gases["total"]
        assert t.net_t_co2e_lower < t.net_t_co2e < t.net_t_co2e_upper
        assert s.t_co2e_per_eur == pytest.approx(-t.net_t_co2e / s.cost_eur)
        assert s.rothc_soc_gain_t_c > 0
    conservation = next(s for s in r.scenarios if s.id == "conservation")
    assert 0 < conservation.n2o_share_of_soc_gain < 1  # residues and cover crop N take back part of the gain
    assert r.rothc["rothc_extra_input_for_4p1000_t_c_ha_yr"] > 0
    trees = next(s for s in r.scenarios if s.id == "trees")
    assert trees.gases["biomass_co2"].net_t_co2e < 0
    text = json.dumps(r.to_dict())
    back = es.ScenarioEstimate.from_dict(json.loads(text))
    assert back.to_dict() == json.loads(text)
    with pytest.raises(InputError, match="format"):
        es.ScenarioEstimate.from_dict({"format": "other"})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"area_ha": 500}, "scenarios[0].area_ha"),
        ({"practices": ["magic"]}, "scenarios[0].practices"),
        ({"year": 2100}, "scenarios[0].year"),
        ({"nitrogen": {"crop": "unobtainium"}}, "scenarios[0].nitrogen.crop"),
        ({"nitrogen": {"synthetic_n_kg_ha": -5}}, "synthetic_n_kg_ha"),
        ({"rice": {"water_regime": "swamp"}}, "scenarios[0].rice"),
    ],
)
def test_bad_scenarios_name_the_field(change, field):
    data = copy.deepcopy(BASE)
    data["scenarios"][0].update(change)
    with pytest.raises(InputError, match=field.replace("[", r"\[").replace("]", r"\]")):
        es.parse_scenario_project(data)


def test_bad_options_and_areas():
    data = copy.deepcopy(BASE)
    data["ghg"] = {"gwp": "AR4"}
    with pytest.raises(InputError, match="ghg.gwp"):
        es.parse_scenario_project(data)
    data = copy.deepcopy(BASE)
    data["scenarios"][0] = {
        "id": "x",
        "adoptions": [
            {"practices": ["no_till"], "area_ha": 60},
            {"practices": ["cover_crops"], "area_ha": 60},
        ],
    }
    with pytest.raises(InputError, match="add up to 120 ha"):
        es.parse_scenario_project(data)


# --- every catalogue practice: an effect in the estimate, or a stated reason ------------------------------

CROP = {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "low"}
GRASS = {"land_use": "grassland", "management": "nominally_managed", "input": "none"}
#: practice -> (current state, climate zone, adoption fields) that exercise each of its effects.
SETUPS = {
    "improved_grazing": (
        {**GRASS, "management": "high_intensity_grazing"},
        "W1",
        {"nitrogen": {"grazing_cpp_n_kg_ha": 60}},
    ),
    "degraded_land_restoration": ({**GRASS, "management": "severely_degraded"}, "W1", {}),
    "improved_grassland": (GRASS, "W1", {"nitrogen": {"synthetic_n_kg_ha": 150}}),
    "irrigation": (CROP, "W2", {}),
    "crop_rotation": (CROP, "W1", {"nitrogen": {"crop": "beans_pulses", "yield_t_ha": 3.0}}),
    "set_aside": (CROP, "W1", {"nitrogen": {"synthetic_n_kg_ha": 0}}),
    "n_fertilisation_isfm": (CROP, "W1", {"nitrogen": {"synthetic_n_kg_ha": 150}}),
    "cover_crops": (CROP, "W1", {"nitrogen": {"cover_crop_n_kg_ha": 30}}),
    "manure": (CROP, "W1", {"nitrogen": {"organic_n_kg_ha": 80}}),
    "compost": (CROP, "W1", {"nitrogen": {"organic_n_kg_ha": 60}}),
    "agroforestry": (CROP, "W1", {"biomass": {"growth_t_c_ha_yr": 1.0, "maturity_years": 20}}),
    "reforestation": (CROP, "W1", {"biomass": {"growth_t_c_ha_yr": 2.0, "maturity_years": 30}}),
    "rice_paddy_management": (CROP, "W1", {"rice": {}}),
}
AMENDMENT = {"manure": "farmyard_manure", "compost": "compost"}


def _project(pid, extra=None, rice_with=()):
    current, zone, adoption = SETUPS.get(pid, (CROP, "W1", {}))
    adoption = {**copy.deepcopy(adoption), **(extra or {})}
    practices = [pid, *rice_with]
    data = {
        "project": pid,
        "area_ha": 10,
        "climate_zone": zone,
        "soil_class": "HAC",
        "current": current,
        "uncertainty": {"draws": 0},
        "strict_practices": False,
        "ghg": {"n2o_factors": "climate"},
        "nitrogen": {
            "synthetic_n_kg_ha": 100,
            "crop": "rice" if rice_with else "winter_wheat",
            "yield_t_ha": 6.0,
            "residue_removed": 0.8,
        },
        "scenarios": [{"id": "s", "adoptions": [{"practices": practices, "area_ha": 10, **adoption}]}],
    }
    return data


def _effect_shown(pid, effect) -> bool:
    if effect in ("soc_tier1", "soc_rate", "soc_stock_gain"):
        return run(_project(pid)).scenarios[0].soc_gain_t_c > 0
    if effect == "n2o":
        return run(_project(pid)).scenarios[0].gases["n2o"].net_t_co2e != 0
    if effect == "biomass":
        return run(_project(pid)).scenarios[0].gases["biomass_co2"].net_t_co2e < 0
    if effect == "ch4_rice":
        if pid == "rice_paddy_management":
            return run(_project(pid)).scenarios[0].gases["ch4"].net_t_co2e > 0
        alone = run(_project("rice_paddy_management")).scenarios[0].gases["ch4"].with_project_t_co2e
        rice = {"organic_amendments": {AMENDMENT[pid]: 10.0}} if pid in AMENDMENT else {}
        data = _project(pid, {"rice": rice}, rice_with=("rice_paddy_management",))
        return run(data).scenarios[0].gases["ch4"].with_project_t_co2e > alone
    if effect == "rothc_input":
        data = _project(pid, {"extra_input_t_c_ha_yr": 0.5})
        data.update(clay_pct=25, climate=CLIMATE)
        return run(data, rothc=rothc_trajectory).scenarios[0].rothc_soc_gain_t_c > 0
    raise AssertionError(f"unknown effect {effect}")


@pytest.mark.parametrize("practice", list(practices_db.load().practices))
def test_every_catalogue_practice_has_an_effect_or_a_stated_reason(practice):
    p = practices_db.load().get(practice)
    if not p.estimate_effects:
        assert p.not_estimated and len(p.not_estimated) > 40
        result = run({**_project(practice), "strict_practices": False})
        assert any(practice in note and "left out" in note for note in result.scenarios[0].notes)
        return
    assert p.estimate_note
    for effect in p.estimate_effects:
        assert _effect_shown(practice, effect), f"{practice}: {effect} shows no change"


def test_measured_stock_is_the_baseline_of_tier1_and_rothc_with_falloon_iom():
    data = copy.deepcopy(BASE)
    data.update(soc_t_ha=50.0, clay_pct=25, climate=CLIMATE)
    data["scenarios"][0]["extra_input_t_c_ha_yr"] = 0.5
    r = run(data, rothc=rothc_trajectory)
    assert r.soc0_t_ha == 50.0
    assert r.scenarios[0].soc_gain_t_c == pytest.approx(50.0 * 0.10 * 50)  # no-till 1.10, measured SOC0
    assert r.rothc["rothc_iom_t_ha"] == pytest.approx(0.049 * 50.0**1.139)  # Falloon et al. (1998)
    assert r.rothc["rothc_extra_input_for_4p1000_t_c_ha_yr"] > 0
    assert r.scenarios[0].rothc_soc_gain_t_c > 0


def test_a_one_plan_project_as_a_scenario():
    from fourpermille.estimate import parse_project

    plan = {k: v for k, v in BASE.items() if k not in ("nitrogen", "scenarios")}
    project = parse_project({**plan, "practices": ["no_till"]})
    r = es.estimate_scenarios(es.scenario_project_from_plan(project))
    assert [s.id for s in r.scenarios] == ["plan"]
    assert r.scenarios[0].soc_gain_t_c == pytest.approx(64 * 0.69 * 0.10 * 100)


def test_yearly_stocks_and_yearly_intervals():
    data = yaml.safe_load(EXAMPLE.read_text())
    data["uncertainty"] = {"draws": 300, "seed": 3}
    r = run(data, rothc=rothc_trajectory)
    s = next(x for x in r.scenarios if x.id == "conservation")
    assert len(s.tier1_soc_t_ha_yr) == len(s.rothc_soc_t_ha_yr) == 21
    # Mean stock of the project area: the gain over the horizon is the scenario's gain [t C] / area.
    assert s.tier1_soc_t_ha_yr[-1] - s.tier1_soc_t_ha_yr[0] == pytest.approx(s.soc_gain_t_c / 250)
    assert s.rothc_soc_t_ha_yr[-1] - s.rothc_soc_t_ha_yr[0] == pytest.approx(s.rothc_soc_gain_t_c / 250)
    assert s.tier1_soc_t_ha_yr[1] == s.tier1_soc_t_ha_yr[0]  # adopted in 2027, the second year
    total = s.gases["total"]
    net = total.net_t_co2e_yr
    assert all(
        lo <= v <= hi
        for lo, v, hi in zip(total.net_t_co2e_yr_lower, net, total.net_t_co2e_yr_upper, strict=True)
    )
    assert any("Tier 1 and RothC differ" in n for n in r.notes)


def test_paddy_baseline_ch4_eq_5_1_and_awd_scenario():
    data = copy.deepcopy(BASE)
    data["current"] = {"land_use": "paddy_rice", "management": "none", "input": "none"}
    data["scenarios"] = [
        {"id": "awd", "practices": ["rice_paddy_management"], "rice": {"water_regime": "multiple_drainage"}}
    ]
    with pytest.raises(InputError, match="field 'rice'"):
        es.parse_scenario_project(copy.deepcopy(data))
    data["rice"] = {"water_regime": "continuously_flooded", "cultivation_days": 100}
    data["ghg"] = {"rice_region": "south_asia"}
    r = run(data)
    # Eq. 5.1-5.2: 0.85 kg CH4/ha/d (Table 5.11 South Asia) x 100 d x 100 ha x 27.0 (AR6 non-fossil)
    assert r.baseline.gases["ch4"].with_project_t_co2e_yr[0] == pytest.approx(0.85 * 100 * 100 / 1000 * 27.0)
    s = r.scenarios[0]
    assert s.gases["ch4"].net_t_co2e == pytest.approx(-(1 - 0.55) * 0.85 * 100 * 100 / 1000 * 27.0 * 20)
    # N on flooded rice: EF1FR for multiple drainage 0.005 against continuous flooding 0.003.
    assert s.gases["n2o"].net_t_co2e == pytest.approx(100 * (0.005 - 0.003) * 44 / 28 * 273 / 1000 * 100 * 20)


def test_soc_loss_mineralises_n_eq_11_8_into_direct_and_leached_n2o():
    data = copy.deepcopy(BASE)
    data["current"] = {"land_use": "long_term_cultivated", "management": "no_till", "input": "medium"}
    data["scenarios"] = [{"id": "rt", "practices": ["reduced_tillage"]}]
    s = run(data).scenarios[0]
    lost = -s.soc_gain_t_c  # t C over the horizon, project area (Tier 1 loses carbon: reduced < no-till)
    assert lost > 0
    # F_SOM = loss x 1000 / R (R = 10, management change); Eq. 11.1 EF1 0.010, Eq. 11.10 0.24 x 0.011.
    n2o_t_co2e = lost * 1000 / 10 * (0.010 + 0.24 * 0.011) * 44 / 28 * 273 / 1000
    assert s.gases["n2o"].net_t_co2e == pytest.approx(n2o_t_co2e)
    assert s.gases["soc_co2"].net_t_co2e == pytest.approx(lost * CO2_PER_C)
    assert s.n2o_share_of_soc_gain != s.n2o_share_of_soc_gain  # NaN: no SOC gain to take back


def test_a_project_without_nitrogen_says_what_its_n2o_counts():
    data = {k: v for k, v in BASE.items() if k != "nitrogen"}
    r = run(data)
    assert r.baseline.gases["n2o"].with_project_t_co2e == 0
    assert any("no nitrogen inputs given" in n for n in r.notes)
    assert not any("no nitrogen inputs given" in n for n in run(BASE).notes)
