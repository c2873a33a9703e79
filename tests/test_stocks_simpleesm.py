"""Reproduction of SimpleESM (Ferchaud & Chlebowski 2022; github.com/fabienferchaud/SimpleESM, commit
19ad09ac) on its test workbook ``Test_SimpleESM.xlsx``: ``Output_FD`` (fixed depth), ``Output_ESM``
(1-mm layers, ``esm_method='layers'``) and ``Output_ESM2`` (Hyman spline on cumulative soil mass,
``esm_method='hyman'``), for the manual reference masses and the "auto" (lightest profile) option.
Expected values and how they were made: tests/data/esm/README.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fourpermille import stocks
from tests.test_stocks_reproduction import ESM, RTOL

# --- SimpleESM (Ferchaud & Chlebowski 2022) ---------------------------------------------------------------
SIMPLE_DEPTHS = [10.0, 20.0, 35.0, 40.0, 60.0]  # bottoms of the concentration layers (and reference layers)


def simple_esm_profiles() -> pd.DataFrame:
    """One profile per sampling point; SimpleESM's BD and concentration layers cut at every boundary of
    either, each piece taking the BD and the SOC of the layers it lies in (as the 1-mm accumulation does)."""
    conc = pd.read_csv(ESM / "SimpleESM_Test_SimpleESM__Concentrations.csv")
    bd = pd.read_csv(ESM / "SimpleESM_Test_SimpleESM__BD.csv")
    rows = []
    for key, c in conc.groupby(["Campaign", "Plot", "Point"], sort=False):
        b = bd[(bd.Campaign == key[0]) & (bd.Plot == key[1]) & (bd.Point == key[2])]
        c_top, c_bottom = -c.Upper_cm.to_numpy(), -c.Lower_cm.to_numpy()
        b_top, b_bottom = -b.Upper_cm.to_numpy(), -b.Lower_cm.to_numpy()
        cuts = np.unique(np.r_[c_top, c_bottom, b_top, b_bottom])
        cuts = cuts[cuts <= c_bottom.max()]
        for top, bottom in zip(cuts[:-1], cuts[1:], strict=True):
            ci = np.flatnonzero((c_top <= top) & (c_bottom >= bottom))[0]
            bi = np.flatnonzero((b_top <= top) & (b_bottom >= bottom))[0]
            rows.append(("_".join(key), top, bottom, c.SOC_g_kg.iat[ci], b.BD_g_cm3.iat[bi]))
    return pd.DataFrame(
        rows, columns=["profile_id", "depth_top_cm", "depth_bottom_cm", "soc_g_kg", "bulk_density_g_cm3"]
    )


def simple_esm_concentration_layers() -> pd.DataFrame:
    """One layer per concentration layer, its bulk density the thickness-weighted mean of the BD layers
    in it (same soil mass): SimpleESM's cubic spline (ESM2) has its knots at these layers' bottoms."""
    fine = simple_esm_profiles()
    fine["conc_bottom"] = [min(d for d in SIMPLE_DEPTHS if d >= b) for b in fine.depth_bottom_cm]
    fine["bd_x_t"] = fine.bulk_density_g_cm3 * (fine.depth_bottom_cm - fine.depth_top_cm)
    grouped = fine.groupby(["profile_id", "conc_bottom"], sort=False)
    out = grouped.agg(
        depth_top_cm=("depth_top_cm", "min"),
        depth_bottom_cm=("depth_bottom_cm", "max"),
        soc_g_kg=("soc_g_kg", "first"),
        bd_x_t=("bd_x_t", "sum"),
    ).reset_index()
    out["bulk_density_g_cm3"] = out.bd_x_t / (out.depth_bottom_cm - out.depth_top_cm)
    return out[["profile_id", "depth_top_cm", "depth_bottom_cm", "soc_g_kg", "bulk_density_g_cm3"]]


def simple_esm_output(option: str, name: str) -> pd.DataFrame:
    out = pd.read_csv(ESM / f"SimpleESM_{option}_{name}.csv", sep=";")
    out["profile_id"] = out.Point_ID
    out["depth_bottom_cm"] = -out.Lower_cm
    return out


def simple_esm_reference(option: str) -> np.ndarray:
    if option == "manual":
        ref = pd.read_csv(ESM / "SimpleESM_Test_SimpleESM__Ref_soil_mass.csv")
        return ref.Ref_soil_mass_t_ha.cumsum().to_numpy()
    return stocks.reference_masses(simple_esm_profiles(), SIMPLE_DEPTHS, "lightest")


def test_simple_esm_fixed_depth():
    got = stocks.compute_stocks(simple_esm_profiles(), depth_cm=SIMPLE_DEPTHS, cumulative=True)
    want = simple_esm_output("manual", "Output_FD")
    merged = got.merge(want, on=["profile_id", "depth_bottom_cm"])
    assert len(merged) == len(want) == len(got)
    np.testing.assert_allclose(merged.soil_mass_t_ha, merged.Soil_mass_cum, rtol=RTOL)
    np.testing.assert_allclose(merged.soc_stock_t_ha, merged.SOC_stock_cum_FD, rtol=RTOL)


@pytest.mark.parametrize("option", ["manual", "auto"])
def test_simple_esm_layers(option):
    ref = simple_esm_reference(option)
    got = stocks.esm_stocks(simple_esm_profiles(), ref, esm_method="layers", cumulative=True)
    want = simple_esm_output(option, "Output_ESM")
    got["Layer"] = np.tile(np.arange(1, len(ref) + 1), len(got) // len(ref))
    merged = got.merge(want, on=["profile_id", "Layer"])
    assert len(merged) == len(want) == len(got)
    np.testing.assert_allclose(merged.soil_mass_t_ha, merged.Soil_mass_cum_ESM, rtol=RTOL)
    np.testing.assert_allclose(merged.soc_stock_t_ha, merged.SOC_stock_cum_ESM, rtol=RTOL)
    # the depth reached by whole millimetres, exactly
    np.testing.assert_array_equal(np.round(merged.equivalent_depth_cm * 10), -np.round(merged.Lower_cm * 10))


@pytest.mark.parametrize("option", ["manual", "auto"])
def test_simple_esm_cubic_spline(option):
    ref = simple_esm_reference(option)
    got = stocks.esm_stocks(simple_esm_concentration_layers(), ref, esm_method="hyman", cumulative=True)
    want = simple_esm_output(option, "Output_ESM2")
    got["Layer"] = np.tile(np.arange(1, len(ref) + 1), len(got) // len(ref))
    merged = got.merge(want, on=["profile_id", "Layer"])
    assert len(merged) == len(want) == len(got)
    np.testing.assert_allclose(merged.soil_mass_t_ha, merged.Soil_mass_cum_ESM2, rtol=RTOL)
    np.testing.assert_allclose(merged.soc_stock_t_ha, merged.SOC_stock_cum_ESM2, rtol=RTOL)
