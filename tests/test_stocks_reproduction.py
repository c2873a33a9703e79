"""Reproduction of the authors' own published ESM scripts on their example data (tests/data/esm/README.md).

- von Haden, Yang & DeLucia (2020), Global Change Biology 26, 3759-3770, doi:10.1111/gcb.15124:
  supplemental script ``ESM_FD_Calculation.R`` (github.com/cabbi-bio/ESM-R-script, commit 33885552)
  run on the four sheets of ``Example_datasets.xlsx``. Same algorithm as ``esm_method='mineral-hyman'``
  (R ``spline(method = "hyman")`` of cumulative SOC and SOM against cumulative mineral soil mass), so
  the stocks must agree to 1e-6 relative (they agree to ~4e-15; tested at 1e-10).
- SimpleESM (Ferchaud & Chlebowski 2022): tests/test_stocks_simpleesm.py.
- The spline kernels against R's own ``stats::spline``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from fourpermille import stocks

ESM = Path(__file__).parent / "data" / "esm"
SHEETS = ["a_temporal_paired", "b_temporal_random", "c_comparative", "d_protocol"]
#: von Haden's script: ESM_depths_cm <- c(10, 30, 50, 100)
VON_HADEN_DEPTHS = [10.0, 30.0, 50.0, 100.0]
#: g/cm2 -> t/ha
G_CM2 = 100.0
RTOL = 1e-10  # the issue asks 1e-6; the scripts agree to ~4e-15


# --- von Haden et al. 2020 --------------------------------------------------------------------------------
def von_haden_profiles(sheet: str) -> pd.DataFrame:
    raw = pd.read_csv(ESM / f"vonhaden2020_Example_datasets__{sheet}.csv")
    return pd.DataFrame(
        {
            "profile_id": raw.ID + "#" + raw.Rep.astype(str),
            "depth_top_cm": raw.Upper_cm.astype(float),
            "depth_bottom_cm": raw.Lower_cm.astype(float),
            "soc_g_kg": raw.SOC_pct * 10.0,
            "som_g_kg": raw.SOM_pct * 10.0,
            "bulk_density_g_cm3": raw.BD_g_cm3,
            "ID": raw.ID,
            "Ref_ID": raw.Ref_ID,
        }
    )


def von_haden_reference_masses(table: pd.DataFrame) -> dict:
    """As the script: the mean cumulative mineral mass at the ESM depths of the cores whose ID is Ref_ID."""
    columns = [c for c in table.columns if c not in ("ID", "Ref_ID")]
    by_ref = {
        ref: stocks.reference_masses(
            table.loc[table.ID == ref, columns], VON_HADEN_DEPTHS, "mean", mineral=True
        )
        for ref in table.Ref_ID.unique()
    }
    pairs = table.drop_duplicates("profile_id")
    return {pid: by_ref[ref] for pid, ref in zip(pairs.profile_id, pairs.Ref_ID, strict=True)}


def expected(sheet: str, kind: str) -> pd.DataFrame:
    out = pd.read_csv(ESM / f"vonhaden2020_{sheet}_{kind}.csv")
    out["profile_id"] = out.ID + "#" + out.Rep.astype(str)
    return out


@pytest.mark.parametrize("sheet", SHEETS)
def test_von_haden_fixed_depth(sheet):
    table = von_haden_profiles(sheet).drop(columns=["ID", "Ref_ID"])
    got = stocks.compute_stocks(table, depth_cm=VON_HADEN_DEPTHS, cumulative=True)
    want = expected(sheet, "FD")
    merged = got.merge(want, left_on=["profile_id", "depth_bottom_cm"], right_on=["profile_id", "Lower_cm"])
    assert len(merged) == len(want) == len(got)
    np.testing.assert_allclose(merged.soil_mass_t_ha, merged.Cum_Soil_g_cm2 * G_CM2, rtol=RTOL)
    np.testing.assert_allclose(merged.soc_stock_t_ha, merged.Cum_SOC_g_cm2 * G_CM2, rtol=RTOL)


@pytest.mark.parametrize("sheet", SHEETS)
@pytest.mark.parametrize("cumulative", [True, False])
def test_von_haden_mineral_hyman(sheet, cumulative):
    table = von_haden_profiles(sheet)
    refs = von_haden_reference_masses(table)
    # the script extrapolates without a mass limit (extrapolation <- TRUE); the protocol sheet's standard
    # reference is up to 10.8 % heavier than its cores, beyond our default limit of 10 %
    got = stocks.esm_stocks(
        table.drop(columns=["ID", "Ref_ID"]), refs, esm_method="mineral-hyman", cumulative=cumulative,
        max_extrapolation=0.2 if sheet == "d_protocol" else stocks.MAX_EXTRAPOLATION_FRACTION,
    )
    got["Lower_cm"] = np.tile(VON_HADEN_DEPTHS, len(got) // 4)
    want = expected(sheet, "ESM")
    merged = got.merge(want, on=["profile_id", "Lower_cm"])
    assert len(merged) == len(want) == len(got)
    # ref_mass_t_ha is the cumulative mineral mass at the bottom of each reporting layer
    np.testing.assert_allclose(merged.ref_mass_t_ha, merged.Cum_Min_Soil_g_cm2 * G_CM2, rtol=RTOL)
    soc = merged.Cum_SOC_g_cm2 if cumulative else merged.SOC_g_cm2
    soil = merged.Cum_Soil_g_cm2 if cumulative else merged.Soil_g_cm2
    np.testing.assert_allclose(merged.soc_stock_t_ha, soc * G_CM2, rtol=RTOL)
    np.testing.assert_allclose(merged.soil_mass_t_ha, soil * G_CM2, rtol=RTOL)


def test_von_haden_compaction_is_corrected():
    """The paper's point (metadata sheet): cores 4-6 are cores 1-3 with 1.5 cm surface compaction, so their
    ESM stocks equal those of the uncompacted cores while fixed-depth stocks do not."""
    want = expected("a_temporal_paired", "ESM")
    fd = expected("a_temporal_paired", "FD")
    y0 = want[want.ID.str.startswith("Y0")].Cum_SOC_g_cm2.to_numpy()
    y5 = want[want.ID.str.startswith("Y5")].Cum_SOC_g_cm2.to_numpy()
    fd_y0 = fd[fd.ID.str.startswith("Y0")].Cum_SOC_g_cm2.to_numpy()
    fd_y5 = fd[fd.ID.str.startswith("Y5")].Cum_SOC_g_cm2.to_numpy()
    assert np.max(np.abs(fd_y5 / fd_y0 - 1)) > 0.01
    assert np.max(np.abs(y5 / y0 - 1)) < 0.01


# --- the spline kernels against R's stats::spline ----------------------------------------------------------
@pytest.mark.parametrize(("esm_method", "r_method"), [("spline", "natural"), ("hyman", "hyman")])
def test_spline_kernels_match_r(esm_method, r_method):
    """``spline`` is R's natural cubic spline and ``hyman`` R's ``spline(method = "hyman")`` through the
    origin, inside and beyond the deepest sample (expected values: tests/data/esm/README.md)."""
    raw = pd.read_csv(ESM / "vonhaden2020_Example_datasets__a_temporal_paired.csv")
    table = pd.DataFrame(
        {
            "profile_id": raw.ID,
            "depth_top_cm": raw.Upper_cm.astype(float),
            "depth_bottom_cm": raw.Lower_cm.astype(float),
            "soc_g_kg": raw.SOC_pct * 10.0,
            "bulk_density_g_cm3": raw.BD_g_cm3,
        }
    )
    want = pd.read_csv(ESM / "r_stats_spline_vonhaden_a.csv")
    want = want[want.method == r_method]
    refs = want.ref_mass_t_ha.unique()
    got = stocks.esm_stocks(table, refs, esm_method=esm_method, cumulative=True, max_extrapolation=0.2)
    merged = got.merge(want, on=["profile_id", "ref_mass_t_ha"], suffixes=("", "_r"))
    assert len(merged) == len(got) == len(want)
    np.testing.assert_allclose(merged.soc_stock_t_ha, merged.soc_stock_t_ha_r, rtol=1e-9)
