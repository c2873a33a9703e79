"""``fourpermille demo``: runs on the bundled sample profiles and writes its tables and plots."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.cli.helpers import run_cli

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_demo_writes_tables_and_plots(tmp_path):
    result = run_cli("demo", "--out", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    for name in ("stock_by_depth.png", "fixed_vs_esm.png", "target.png"):
        assert (tmp_path / name).read_bytes()[:8] == PNG, name
    comparison = pd.read_csv(tmp_path / "fixed_vs_esm.csv").set_index("profile_id")
    # Y5 cores are the Y0 cores compacted by 1.5 cm with no change of carbon (von Haden et al. 2020,
    # metadata sheet): fixed depth sees a gain, the mineral-mass ESM does not
    y0 = comparison[comparison.index.str.startswith("Y0")].mean()
    y5 = comparison[comparison.index.str.startswith("Y5")].mean()
    assert y5["soc_stock_fixed_t_ha"] - y0["soc_stock_fixed_t_ha"] > 2.0
    assert abs(y5["soc_stock_esm_mineral_hyman_t_ha"] - y0["soc_stock_esm_mineral_hyman_t_ha"]) < 0.1
    target = pd.read_csv(tmp_path / "target.csv")
    soc0 = target.target_soc_t_ha.iloc[0]
    assert target.target_soc_t_ha.iloc[-1] == pytest.approx(soc0 * (1 + 0.004 * 30), rel=1e-9)
    assert "Apparent change of stock" in result.stdout
    assert {p.name for p in tmp_path.iterdir()} == {
        "stocks_by_depth.csv",
        "stocks_cumulative.csv",
        "stocks_esm.csv",
        "fixed_vs_esm.csv",
        "target.csv",
        "stock_by_depth.png",
        "fixed_vs_esm.png",
        "target.png",
    }
