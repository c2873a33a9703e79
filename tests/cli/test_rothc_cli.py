"""``fourpermille rothc run | equilibrium-input | inverse | batch``: outputs, JSON keys, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourpermille.io.rothc_dat import MONTHLY_OUTPUT_COLUMNS, YEARLY_OUTPUT_COLUMNS, read_upstream_results

from .helpers import run_cli

DATA = Path(__file__).parent.parent / "data" / "rothc"
V2 = str(DATA / "RothC_Code__RothC_input.dat")
PY = str(DATA / "RothC_Py__RothC_input.dat")
BATCH = DATA / "batch"
NEG = "--allow-negative-pevap"


def test_run_upstream_reproduces_rothc_r(tmp_path):
    monthly, yearly, plot = tmp_path / "m.csv", tmp_path / "y.csv", tmp_path / "soc.png"
    res = run_cli(
        "rothc",
        "run",
        V2,
        "-o",
        str(monthly),
        "--yearly",
        str(yearly),
        "--spinup",
        "upstream",
        "--plot",
        str(plot),
        NEG,
    )
    assert res.exit_code == 0, res.stderr
    assert "20916 months" in res.stdout and "42.4779" in res.stdout
    table = pd.read_csv(monthly)
    assert tuple(table.columns) == MONTHLY_OUTPUT_COLUMNS
    assert len(table) == 840 and list(table.month[:12]) == list(range(1, 13)) and table.year[12] == 1939
    ref = read_upstream_results(DATA / "RothC_R__month_results.out")  # RothC_R @3b6cb80, full precision
    np.testing.assert_allclose(table.soc[12:], ref["soc_t_c_ha"], rtol=1e-9)
    np.testing.assert_allclose(table.co2[12:], ref["co2_t_c_ha"], rtol=1e-9)
    ytable = pd.read_csv(yearly)
    assert tuple(ytable.columns) == YEARLY_OUTPUT_COLUMNS and len(ytable) == 70
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_run_exact_py_layout_parquet(tmp_path):
    out = tmp_path / "m.parquet"
    res = run_cli("rothc", "run", PY, "-o", str(out), NEG)
    assert res.exit_code == 0, res.stderr
    assert "(py layout)" in res.stdout and "exact" in res.stdout
    table = pd.read_parquet(out)
    # the exact equilibrium year ends where it started: December of the cycle = the fixed point
    assert table.soc[11] == pytest.approx(37.21118427065483, rel=1e-9)  # crosscheck json, clay 13 example


def test_run_bad_input_writes_nothing(tmp_path):
    lines = Path(V2).read_text().splitlines()
    tokens = lines[30].split()
    tokens[4] = "-5"  # rain
    lines[30] = "\t".join(tokens)
    bad = tmp_path / "bad.dat"
    bad.write_text("\n".join(lines) + "\n")
    out, yearly = tmp_path / "m.csv", tmp_path / "y.csv"
    res = run_cli("rothc", "run", str(bad), "-o", str(out), "--yearly", str(yearly), NEG)
    assert res.exit_code == 2
    assert res.stderr.strip() == (
        f"error: {bad}, line 31, field 'Rain': -5 is outside the allowed range [0, inf) mm"
    )
    assert "Traceback" not in res.stderr and not out.exists() and not yearly.exists()
    res = run_cli("rothc", "run", V2, "-o", str(out))  # negative open-pan evaporation, not allowed
    assert res.exit_code == 2 and "line 310, field 'Evap'" in res.stderr and not out.exists()
    res = run_cli("rothc", "run", V2, "-o", str(out), "--spinup", "forever", NEG)
    assert res.exit_code == 2 and "exact, upstream" in res.stderr


def test_inverse_json_keys_and_forward_check():
    res = run_cli("rothc", "inverse", V2, "--years", "30", "--json", NEG)
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert set(out) == {
        "soc0_t_ha",
        "target_soc_t_ha",
        "baseline_soc_t_ha",
        "required_input_increase_fraction",
        "required_additional_input_t_ha_yr",
    }
    assert out["soc0_t_ha"] == pytest.approx(42.47806054173113, rel=1e-9)  # exact equilibrium, crosscheck
    assert out["target_soc_t_ha"] == pytest.approx(out["soc0_t_ha"] * 1.12)
    assert out["required_additional_input_t_ha_yr"] == pytest.approx(
        out["required_input_increase_fraction"] * 1.74
    )  # the example's plant input is 1.74 t C/ha/yr
    compound = json.loads(
        run_cli("rothc", "inverse", V2, "--years", "30", "--json", "--growth", "compound", NEG).stdout
    )
    assert compound["required_input_increase_fraction"] > out["required_input_increase_fraction"]
    table = run_cli("rothc", "inverse", V2, "--years", "30", NEG)
    assert "required extra plant input [t C/ha/yr]" in table.stdout
    assert run_cli("rothc", "inverse", V2, "--years", "0", NEG).exit_code == 2
    bad = run_cli("rothc", "inverse", V2, "--years", "30", "--growth", "exponential", NEG)
    assert bad.exit_code == 2 and "linear, compound" in bad.stderr


def test_equilibrium_input_json_and_falloon():
    res = run_cli("rothc", "equilibrium-input", PY, "--target-soc", "40", "--json", NEG)
    assert res.exit_code == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["iom_source"] == "file" and out["iom_t_ha"] == 3.0041
    assert out["c_inp_t_ha_yr"] == pytest.approx(out["input_scale"] * 1.74)
    fall = json.loads(
        run_cli("rothc", "equilibrium-input", PY, "--target-soc", "40", "--json", "--falloon", NEG).stdout
    )
    assert fall["iom_source"] == "falloon" and fall["iom_t_ha"] == pytest.approx(0.049 * 40**1.139)
    assert run_cli("rothc", "equilibrium-input", PY, "--target-soc", "-4", NEG).exit_code == 2
    low = run_cli("rothc", "equilibrium-input", PY, "--target-soc", "2", NEG)
    assert low.exit_code == 2 and "RothC_Py__RothC_input.dat" in low.stderr and "not above IOM" in low.stderr


def test_batch_parquet_and_csv(tmp_path):
    out = tmp_path / "out.parquet"
    args = (
        "rothc",
        "batch",
        "--sites",
        str(BATCH / "sites.csv"),
        "--climate",
        str(BATCH / "climate.csv"),
        "--management",
        str(BATCH / "management.csv"),
        "--years",
        "30",
    )
    res = run_cli(*args, "-o", str(out))
    assert res.exit_code == 0, res.stderr
    assert "4 sites" in res.stdout and "RothC sites" in res.stderr  # the progress bar goes to stderr
    table = pd.read_parquet(out)
    assert list(table.site_id) == ["rothamsted", "clay_loam", "sandy_fym", "woodland"]
    np.testing.assert_allclose(table.soc_t_ha_y30, table.target_soc_t_ha, rtol=1e-9)
    assert table.soc0_t_ha[3] == pytest.approx(65.0, rel=1e-9)  # fitted to the observed stock
    assert table.iom_t_ha[3] == pytest.approx(0.049 * 65**1.139)
    # the Rothamsted site is the upstream example's first year: same answer as `rothc inverse`
    inv = json.loads(run_cli("rothc", "inverse", V2, "--years", "30", "--json", NEG).stdout)
    assert table.required_input_increase_fraction[0] == pytest.approx(
        inv["required_input_increase_fraction"], rel=1e-9
    )
    csv = tmp_path / "out.csv"
    assert run_cli(*args, "-o", str(csv), "--growth", "compound").exit_code == 0
    assert pd.read_csv(csv).shape == (4, 1 + 7 + 30)


def test_batch_bad_table_writes_nothing(tmp_path):
    clim = pd.read_csv(BATCH / "climate.csv")
    clim.loc[3, "rain"] = -1
    bad = tmp_path / "climate.csv"
    clim.to_csv(bad, index=False)
    out = tmp_path / "out.parquet"
    res = run_cli(
        "rothc",
        "batch",
        "--sites",
        str(BATCH / "sites.csv"),
        "--climate",
        str(bad),
        "--management",
        str(BATCH / "management.csv"),
        "-o",
        str(out),
    )
    assert res.exit_code == 2 and not out.exists()
    assert res.stderr.strip() == (
        f"error: {bad}, row 5, column 'rain': -1 is outside the allowed range [0, inf) mm"
    )
