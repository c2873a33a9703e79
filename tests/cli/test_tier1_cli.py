"""``fourpermille tier1``: the contract of issue 4 and every bad-input case."""

from pathlib import Path

import pandas as pd
import pytest

from tests.cli.helpers import run_cli
from tests.ipcc.worked_examples import BOX_2_2_FILE, EXAMPLES, MT, as_printed, box_2_2_units

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
    assert list(table["year"]) == [2005, 2015, 2025]  # every inventory year of the input
    out2 = tmp_path / "out2.csv"
    result = run_cli("tier1", str(EXAMPLE), "--approach", "2", "--per-unit", "-o", str(out2))
    assert result.exit_code == 0, result.stderr
    per_unit = pd.read_csv(out2)
    assert set(per_unit["unit_id"]) == {"north_field", "south_field", "meadow"}
    assert list(per_unit.columns) == ["unit_id", "year", "soc_t", "soc_t_previous", "delta_soc_t_per_yr"]
    assert "IPCC Tier 1, Approach 2" in result.stdout


@pytest.mark.parametrize(
    ("approach", "example", "before", "total"),
    [
        ("1", "ipcc2019_box2_2_approach1", "soc_t_minus_d", "SOC0_MtC"),
        ("2", "ipcc2019_box2_2_approach2", "soc_t_previous", "SOC0_total_MtC"),
    ],
)
def test_box_2_2_prints_every_year_with_the_printed_values(tmp_path, approach, example, before, total):
    """2019 Refinement Vol 4 Ch 2, Box 2.2 (Updated), pp. 2.36-2.37: examples/ipcc2019_box2_2_units.csv is
    the Box's six land units; ``tier1`` prints 1990-2020 with the Box's values (Mt C, one decimal)."""
    pd.testing.assert_frame_equal(pd.read_csv(BOX_2_2_FILE), box_2_2_units(), check_dtype=False)
    out = tmp_path / "box.csv"
    result = run_cli("tier1", str(BOX_2_2_FILE), "--approach", approach, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    printed = EXAMPLES[example]["printed"]
    columns = {total: "soc_t", "SOC0minusT_MtC": before, "dC_mineral_MtC_per_yr": "delta_soc_t_per_yr"}
    table = pd.read_csv(out)
    assert list(table["year"]) == list(range(1990, 2021, 5))
    for key, column in columns.items():
        assert [as_printed(v / MT, 1) for v in table[column]] == printed[key], column
    assert "stocks in Mt C" in result.stdout
    rows = [line for line in result.stdout.splitlines() if line.startswith("│")]
    assert len(rows) == 7
    for i, line in enumerate(rows):
        cells = [c.strip() for c in line.strip("│").split("│")]
        assert cells == [str(1990 + 5 * i), *(f"{printed[key][i]:.1f}" for key in columns)], line


def test_values_given_directly_and_uncertainty(tmp_path):
    units = _write(
        tmp_path,
        "unit_id,year,area_ha,soc_ref_t_ha,f_lu,f_mg,f_i,f_mg_err2sd_pct\n"
        "u1,2000,10,80,0.69,1.0,0.92,\n"
        "u1,2020,10,80,0.69,1.15,0.92,4\n",
    )
    out = tmp_path / "out.csv"
    result = run_cli("tier1", str(units), "--uncertainty", "300", "--seed", "1", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    row = pd.read_csv(out).set_index("year").loc[2020]
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
    _fails(
        tmp_path,
        text=HEADER + "a,2000,10,W1,HAC,long_term_cultivated,full_tillage,medium\n"
        "a,2020,10,mediterranean,HAC,long_term_cultivated,no_till,medium\n",
        expect=("units.csv", "row 3", "column 'climate_zone'", "warm_temperate_moist"),
    )


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
    result = run_cli("tier1", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.csv"))
    assert result.exit_code == 2 and "file not found" in result.stderr


def test_a_single_inventory_year_is_its_own_baseline(tmp_path):
    units = _write(tmp_path, HEADER + "a,2000,10,W1,HAC,long_term_cultivated,full_tillage,medium\n")
    out = tmp_path / "out.csv"
    result = run_cli("tier1", str(units), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    row = pd.read_csv(out).iloc[0]
    assert row.year == 2000 and row.soc_t == row.soc_t_minus_d and row.delta_soc_t_per_yr == 0.0


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
