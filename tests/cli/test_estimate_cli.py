"""``fourpermille estimate``: JSON, PNG, table; bad files end in one line, exit 2 and nothing written."""

import json
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli

EXAMPLE = Path(__file__).parents[2] / "examples" / "project.yaml"


@pytest.mark.slow
def test_example_project_json_png_and_table(tmp_path):
    out, png = tmp_path / "e.json", tmp_path / "e.png"
    result = run_cli("estimate", str(EXAMPLE), "-o", str(out), "--plot", str(png))
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    s = data["summary"]
    assert s["tier1_gain_t_ha_lower"] < s["tier1_gain_t_ha"] < s["tier1_gain_t_ha_upper"]
    assert len(data["table"]) == 21
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "4 per 1000" in result.stdout and "t CO2e" in result.stdout
    # The example gives monthly climate: the RothC trajectory and the input +4 per 1000 needs are there.
    assert "rothc_soc_t_ha" in data["table"][0] and s["rothc_extra_input_for_4p1000_t_c_ha_yr"] > 0
    assert s["rothc_gain_t_ha_lower"] < s["rothc_gain_t_ha"] < s["rothc_gain_t_ha_upper"]
    # The per-gas balance of the plan (adopted on the whole area from the start year).
    ghg = data["ghg"]["scenarios"][0]
    assert ghg["soc_gain_t_c"] == pytest.approx(s["tier1_gain_t"])
    assert ghg["gases"]["soc_co2"]["net_t_co2e"] == pytest.approx(-s["tier1_gain_t_co2e"])


def _fails(tmp_path, text, suffix=".yaml", expect=()):
    project = tmp_path / f"p{suffix}"
    project.write_text(text)
    out, png = tmp_path / "o.json", tmp_path / "o.png"
    result = run_cli("estimate", str(project), "-o", str(out), "--plot", str(png))
    assert result.exit_code == 2, result.stdout
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert str(project) in line
    for part in expect:
        assert part in line, line
    assert not out.exists() and not png.exists()


def test_bad_project_files(tmp_path):
    good = EXAMPLE.read_text()
    _fails(tmp_path, good.replace("area_ha: 250", "area_ha: -1"), expect=("field 'area_ha'",))
    _fails(
        tmp_path,
        good.replace("climate_zone: warm_temperate_moist", "climate_zone: sahara"),
        expect=("unknown climate zone 'sahara'", "warm_temperate_moist"),
    )
    _fails(
        tmp_path,
        good.replace("[no_till, cover_crops, residue_retention]", "[no_till, magic]"),
        expect=("unknown practice 'magic'",),
    )
    _fails(
        tmp_path,
        good.replace("[no_till, cover_crops, residue_retention]", "[improved_grassland]"),
        expect=("does not apply to long_term_cultivated",),
    )
    _fails(tmp_path, "area_ha: [unclosed", expect=("not valid YAML",))
    _fails(tmp_path, '{"area_ha": 1,', suffix=".json", expect=("not valid JSON",))
    _fails(tmp_path, "area_ha: 1", suffix=".txt", expect=("must end in .yaml",))
    result = run_cli("estimate", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2 and "file not found" in result.stderr


def test_json_project_without_climate(tmp_path):
    project = tmp_path / "p.json"
    project.write_text(
        json.dumps(
            {
                "project": "grassland restoration",
                "area_ha": 40,
                "climate_zone": "tropical_moist",
                "soil_class": "LAC",
                "current": {"land_use": "grassland", "management": "severely_degraded", "input": "none"},
                "practices": ["degraded_land_restoration"],
                "uncertainty": {"draws": 200, "seed": 2},
            }
        )
    )
    out = tmp_path / "o.json"
    result = run_cli("estimate", str(project), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    s = json.loads(out.read_text())["summary"]
    # Table 2.3 (Updated) T3 LAC 38 t C/ha; Table 6.2 (Updated): severely degraded 0.7 -> nominal 1.0.
    assert s["soc0_t_ha"] == pytest.approx(38 * 0.7)
    assert s["tier1_gain_t_ha"] == pytest.approx(38 * 0.3)
    assert "rothc_gain_t_ha" not in s


SCENARIOS = Path(__file__).parents[2] / "examples" / "project_scenarios.yaml"


@pytest.mark.slow
def test_scenario_project_per_gas_json_and_stacked_bars(tmp_path):
    from fourpermille.estimate_rothc import rothc_trajectory
    from fourpermille.estimate_scenarios import estimate_scenarios
    from fourpermille.io.project import read_any_project

    out, png = tmp_path / "s.json", tmp_path / "s.png"
    result = run_cli("estimate", str(SCENARIOS), "-o", str(out), "--plot", str(png))
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text())
    assert data["format"] == "fourpermille.scenario-estimate" and len(data["scenarios"]) == 3
    assert set(data["scenarios"][0]["gases"]) == {"soc_co2", "n2o", "ch4", "biomass_co2", "total"}
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # One truth: the file holds what the core function returns for the same project.
    core = estimate_scenarios(read_any_project(SCENARIOS), rothc=rothc_trajectory).to_dict()
    assert json.loads(json.dumps(core)) == data
    for s in data["scenarios"]:
        assert f"{s['gases']['total']['net_t_co2e']:,.0f}" in result.stdout


def test_scenario_file_errors_name_the_field(tmp_path):
    good = SCENARIOS.read_text()
    _fails(
        tmp_path,
        good.replace("area_ha: 200", "area_ha: 2000"),
        expect=("field 'scenarios[0].adoptions[0].area_ha'",),
    )
    _fails(tmp_path, good.replace("gwp: AR6", "gwp: AR3"), expect=("field 'ghg.gwp'", "AR6, AR5"))
