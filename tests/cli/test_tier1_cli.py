"""``fourpermille tier1``: the contract of issue 4 and every bad-input case."""

from pathlib import Path

import pandas as pd
import pytest

from tests.cli.helpers import run_cli

EXAMPLE = Path(__file__).parents[2] / "examples" / "tier1_units.csv"
HEADER = "unit_id,year,area_ha,climate_zone,soil_class,land_use,management,input\n"


def _write(tmp_path, text, name="units.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_example_approach1_and_2(tmp_path):
    out = tmp_path / "out.csv"
    result = run_cli("tier1", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    table = pd.read_csv(out)
    assert list(table.columns) == ["year", "soc_t", "soc_t_minus_d", "delta_soc_t_per_yr"]
    assert list(table["year"]) == [2025]
    out2 = tmp_path / "out2.csv"
    result = run_cli("tier1", str(EXAMPLE), "--approach", "2", "--per-unit", "-o", str(out2))
    assert result.exit_code == 0, result.stderr
    per_unit = pd.read_csv(out2)
    assert set(per_unit["unit_id"]) == {"north_field", "south_field", "meadow"}
    assert "IPCC Tier 1, Approach 2" in result.stdout


def test_values_given_directly_and_uncertainty(tmp_path):
    units = _write(tmp_path, "unit_id,year,area_ha,soc_ref_t_ha,f_lu,f_mg,f_i,f_mg_err2sd_pct\n"
                             "u1,2000,10,80,0.69,1.0,0.92,\n"
                             "u1,2020,10,80,0.69,1.15,0.92,4\n")
    out = tmp_path / "out.csv"
    result = run_cli("tier1", str(units), "--uncertainty", "300", "--seed", "1", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    row = pd.read_csv(out).iloc[0]
    assert row.delta_soc_t_per_yr == pytest.approx(10 * 80 * 0.69 * 0.92 * 0.15 / 20)
    assert row.delta_soc_t_per_yr_lower < row.delta_soc_t_per_yr < row.delta_soc_t_per_yr_upper


def _fails(tmp_path, *args, text=None, expect=()):
    units = _write(tmp_path, text) if text is not None else EXAMPLE
    out = tmp_path / "out.csv"
    result = run_cli("tier1", str(units), *args, "-o", str(out))
    assert result.exit_code == 2, result.stdout
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    for part in expect:
        assert part in line, line
    assert not out.exists()
    return line


def test_unknown_climate_lists_names_and_the_row(tmp_path):
    _fails(tmp_path, text=HEADER + "a,2000,10,W1,HAC,long_term_cultivated,full_tillage,medium\n"
                                   "a,2020,10,mediterranean,HAC,long_term_cultivated,no_till,medium\n",
           expect=("units.csv", "row 3", "column 'climate_zone'", "warm_temperate_moist"))


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        ("a,2020,10,W1,clay,long_term_cultivated,no_till,medium", "soil_class", "HAC, LAC"),
        ("a,2020,10,W1,HAC,vineyard,no_till,medium", "land_use", "long_term_cultivated"),
        ("a,2020,10,W1,HAC,long_term_cultivated,direct_drill,medium", "management", "no_till"),
        ("a,2020,10,W1,HAC,long_term_cultivated,no_till,lots", "input", "high_with_manure"),
        ("a,2020,0,W1,HAC,long_term_cultivated,no_till,medium", "area_ha", "(0, inf]"),
        ("a,1990,10,W1,HAC,long_term_cultivated,no_till,medium", "year", "out of order"),
        ("a,2020,ten,W1,HAC,long_term_cultivated,no_till,medium", "area_ha", "not a number"),
        ("a,2020,10,W1,HAC,grassland,nominally_managed,high", "input", "improved grassland only"),
    ],
)
def test_bad_rows(tmp_path, line, column, words):
    text = HEADER + "a,2000,10,W1,HAC,long_term_cultivated,full_tillage,medium\n" + line + "\n"
    _fails(tmp_path, text=text, expect=("row 3", f"column '{column}'", words))


def test_bad_options_and_files(tmp_path):
    _fails(tmp_path, "--factors", "1996", expect=("2019, 2006",))
    _fails(tmp_path, "--approach", "5", expect=("1, 2, 3",))
    _fails(tmp_path, "--d-years", "0", expect=("--d-years", "[1, 500] yr"))
    _fails(tmp_path, "--uncertainty", "-3", expect=("draws",))
    _fails(tmp_path, text="unit_id,year,area\n", expect=("missing column 'area_ha'",))
    _fails(tmp_path, text="unit_id,year,area_ha\na,2000,1\n", expect=("needs the columns",))
    _fails(tmp_path, text=HEADER + "a,2000,10,W1,HAC,long_term_cultivated,full_tillage,medium\n",
           expect=("no inventory year has activity data 20 years earlier",))
    result = run_cli("tier1", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 2 and "file not found" in result.stderr


def test_2006_factors_missing_row_is_a_clear_error(tmp_path):
    _fails(tmp_path, "--factors", "2006", expect=("2006 factor table has no FI", "f_i"))


def test_practices_list_and_show():
    result = run_cli("practices", "list", "--land-use", "grassland")
    assert result.exit_code == 0, result.stderr
    assert "improved_grassland" in result.stdout and "no_till" not in result.stdout
    shown = run_cli("practices", "show", "cover_crops")
    assert shown.exit_code == 0
    assert "[poeplau2015]" in shown.stdout and "10.1016/j.agee.2014.10.024" in shown.stdout
    bad = run_cli("practices", "show", "magic")
    assert bad.exit_code == 2 and "valid practices: no_till" in bad.stderr
    bad = run_cli("practices", "list", "--climate", "mediterranean")
    assert bad.exit_code == 2 and "warm_temperate_dry" in bad.stderr
