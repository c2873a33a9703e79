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
        table.drop(columns=["ID", "Ref_ID"]),
        refs,
        esm_method="mineral-hyman",
        cumulative=cumulative,
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
    if esm_method == "spline":
        # beyond the deepest sample R's natural spline goes on linearly, Wendt & Hauser's cubically
        # (test_vm0042_figure3); compare within the sampled mass only
        thickness = table.depth_bottom_cm - table.depth_top_cm
        total = table.assign(m=table.bulk_density_g_cm3 * thickness * 100).groupby("profile_id").m.sum()
        got = got[got.ref_mass_t_ha.to_numpy() <= total.loc[got.profile_id].to_numpy()]
        want = want[want.ref_mass_t_ha.to_numpy() <= total.loc[want.profile_id].to_numpy()]
        assert len(got) > 0
    merged = got.merge(want, on=["profile_id", "ref_mass_t_ha"], suffixes=("", "_r"))
    assert len(merged) == len(got) == len(want)
    np.testing.assert_allclose(merged.soc_stock_t_ha, merged.soc_stock_t_ha_r, rtol=1e-9)


# --- VM0042 v2.2 Figure 3: the Wendt & Hauser (2013) spreadsheet, "Cubic spline general" sheet --------------
#: Inputs and printed outputs of Figure 3 (VM0042 v2.2, Verra 2024, p. 36): probe 21.5 mm, 4 cores per sample,
#: reference masses 1950 and 3253 Mg/ha. Columns J (cumulative reference OC mass) and K (depth to reference
#: mass) as printed: 2 decimals for point 1, 1 decimal for points 2 and 3.
VM0042_FIGURE3 = pd.DataFrame(
    {
        "profile_id": ["VM42point1"] * 2 + ["VM42point2"] * 2 + ["VM42point3"] * 2,
        "depth_top_cm": [0.0, 30.0] * 3,
        "depth_bottom_cm": [30.0, 50.0] * 3,
        "soc_g_kg": [24.29, 12.68, 28.77, 10.65, 20.68, 11.28],
        "sample_mass_g": [283.2, 189.2, 222.7, 144.3, 217.5, 143.5],
        "core_diameter_mm": [21.5] * 6,
        "cores_per_sample": [4.0] * 6,
    }
)
VM0042_FIGURE3_J = [47.36, 63.89, 49.9, 61.2, 36.8, 50.2]
VM0042_FIGURE3_K = [30.0, 50.0, 38.3, 64.6, 39.1, 65.5]
VM0042_FIGURE3_DECIMALS = [2, 2, 1, 1, 1, 1]
#: The one printed value our calculation does not round to, with our value rounded to the printed digits.
#: Point 1, column J at 1950 Mg/ha: we compute 47.3665 t C/ha (47.37), the figure prints 47.36. It is not the
#: spreadsheet truncating its display: truncation would also print 63.88 and 36.7 where the figure prints
#: 63.89 and 36.8, which are our values rounded. The figure shows its inputs rounded (24.29 and 12.68 g/kg);
#: concentrations that print so, 24.286 and 12.684 g/kg, give 47.3587 and 63.8866 t C/ha, i.e. the printed
#: 47.36 and 63.89 (test_vm0042_figure3_point1_within_the_rounding_of_its_inputs). Without the spreadsheet
#: itself we cannot tell whether it holds such unrounded inputs or whether its spline's slope at the
#: 1950.14 Mg/ha sample (0.14 Mg/ha away) differs from ours; the difference, 0.0015 t C/ha, is a sixth
#: of what the last printed digit of the concentration (0.005 g/kg x 1950 Mg/ha = 0.01 t C/ha) allows.
VM0042_FIGURE3_J_DIFFERS = {("VM42point1", 1950.0): 47.37}


def test_vm0042_figure3_cumulative_oc_mass_and_depth():
    """Columns J and K at the printed precision: equal when rounded, except the one value named above."""
    got = stocks.compute_stocks(
        VM0042_FIGURE3, method="esm", esm_method="spline", ref_mass_t_ha=[1950, 3253], cumulative=True
    )
    for profile, ref, value, depth, want, want_depth, decimals in zip(
        got.profile_id,
        got.ref_mass_t_ha,
        got.soc_stock_t_ha,
        got.equivalent_depth_cm,
        VM0042_FIGURE3_J,
        VM0042_FIGURE3_K,
        VM0042_FIGURE3_DECIMALS,
        strict=True,
    ):
        ours = VM0042_FIGURE3_J_DIFFERS.get((profile, ref), want)
        assert round(value, decimals) == ours, (profile, ref, value)
        assert round(depth, 1) == want_depth, (profile, ref, depth)
    # "Average calculated depth to reference mass" (cells D4, D5): 35.8 and 60.1 cm
    means = got.groupby("ref_mass_t_ha").equivalent_depth_cm.mean()
    assert round(means[1950.0], 1) == 35.8
    assert round(means[3253.0], 1) == 60.1


def test_vm0042_figure3_point1_within_the_rounding_of_its_inputs():
    """With point 1's concentrations at 24.286 and 12.684 g/kg (printed in Figure 3 as 24.29 and 12.68)
    every printed value of point 1 is our value rounded (see VM0042_FIGURE3_J_DIFFERS)."""
    unrounded = VM0042_FIGURE3.copy()
    unrounded.loc[[0, 1], "soc_g_kg"] = [24.286, 12.684]
    assert list(unrounded.soc_g_kg.round(2)) == list(VM0042_FIGURE3.soc_g_kg)
    got = stocks.compute_stocks(
        unrounded, method="esm", esm_method="spline", ref_mass_t_ha=[1950, 3253], cumulative=True
    )
    assert list(got.soc_stock_t_ha.round(2)[:2]) == VM0042_FIGURE3_J[:2]
    assert list(got.equivalent_depth_cm.round(1)[:2]) == VM0042_FIGURE3_K[:2]
    layers = stocks.compute_stocks(unrounded, method="esm", esm_method="spline", ref_mass_t_ha=[1950, 3253])
    assert list(layers.soc_stock_t_ha.round(1)[:2]) == [47.4, 16.5]


def test_vm0042_figure3_esm_layers_column_m():
    # column M, OC mass in the ESM layers 0-1950 and 1950-3253 Mg/ha
    got = stocks.compute_stocks(VM0042_FIGURE3, method="esm", esm_method="spline", ref_mass_t_ha=[1950, 3253])
    assert list(got.soc_stock_t_ha.round(1)) == [47.4, 16.5, 49.9, 11.3, 36.8, 13.4]


def test_vm0042_figure3_soil_mass_from_cores():
    # columns E and F: incremental soil mass 1950, 1303 Mg/ha ... from VM0042 Eq. 3
    fixed = stocks.compute_stocks(VM0042_FIGURE3, depth_cm=[30, 50])
    np.testing.assert_array_equal(fixed.soil_mass_t_ha.round(0), [1950, 1303, 1534, 994, 1498, 988])
