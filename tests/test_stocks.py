"""fourpermille.stocks: fixed-depth stocks, bulk density from cores, ESM kernels, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fourpermille import stocks
from fourpermille.errors import InputError, ParameterError


def profile_table(rows, index_start=2):
    cols = ["profile_id", "depth_top_cm", "depth_bottom_cm", "soc_g_kg", "bulk_density_g_cm3"]
    table = pd.DataFrame(rows, columns=cols)
    table.index = pd.RangeIndex(index_start, index_start + len(table), name="row")
    return table


@pytest.fixture
def two_profiles():
    return profile_table(
        [
            ("a", 0, 10, 20.0, 1.2),
            ("a", 10, 30, 12.0, 1.4),
            ("a", 30, 50, 6.0, 1.5),
            ("b", 0, 15, 18.0, 1.3),
            ("b", 15, 40, 10.0, 1.45),
        ]
    )


def test_layer_equations_by_hand():
    # Eq. 1-2: 10 g/kg x 1.3 g/cm3 x 30 cm x (1 - 0.2) / 10 = 31.2 t C/ha
    assert stocks.layer_soc_stock(10.0, 1.3, 30.0, 0.2) == pytest.approx(31.2, rel=1e-12)
    assert stocks.layer_soil_mass(1.3, 30.0, 0.2) == pytest.approx(3120.0, rel=1e-12)
    np.testing.assert_allclose(stocks.layer_soc_stock(np.array([10.0, 20.0]), 1.0, 10.0), [10.0, 20.0])


def test_bulk_density_from_cores_by_hand():
    # 3 cores of 40 mm inner diameter over 30 cm: V = 3 pi 2^2 30 = 1130.97 cm3; 1500 g -> 1.3263 g/cm3
    volume = 3 * np.pi * 2.0**2 * 30.0
    assert stocks.bulk_density_from_cores(1500.0, 40.0, 3, 30.0) == pytest.approx(1500.0 / volume, rel=1e-12)
    # coarse fragments take volume that holds no fine earth
    assert stocks.bulk_density_from_cores(1500.0, 40.0, 3, 30.0, 0.25) == pytest.approx(
        1500.0 / (0.75 * volume), rel=1e-12
    )


def test_fixed_depth_splits_layers_in_proportion(two_profiles):
    out = stocks.compute_stocks(two_profiles, depth_cm=30.0)
    assert list(out.columns) == stocks.FIXED_COLUMNS
    a = out[out.profile_id == "a"].iloc[0]
    assert a.soc_stock_t_ha == pytest.approx(20 * 1.2 * 10 / 10 + 12 * 1.4 * 20 / 10, rel=1e-12)
    assert a.soil_mass_t_ha == pytest.approx(1.2 * 1000 + 1.4 * 2000, rel=1e-12)
    b = out[out.profile_id == "b"].iloc[0]
    assert b.soc_stock_t_ha == pytest.approx(18 * 1.3 * 15 / 10 + 10 * 1.45 * 15 / 10, rel=1e-12)
    assert (out.depth_top_cm == 0).all() and (out.depth_bottom_cm == 30).all()


def test_fixed_depth_several_depths_layers_and_cumulative(two_profiles):
    layers = stocks.compute_stocks(two_profiles, depth_cm=[10, 30])
    cum = stocks.compute_stocks(two_profiles, depth_cm=[10, 30], cumulative=True)
    assert layers.depth_top_cm.tolist() == [0, 10, 0, 10]
    assert cum.depth_top_cm.tolist() == [0, 0, 0, 0]
    assert layers.groupby("profile_id").soc_stock_t_ha.sum().to_numpy() == pytest.approx(
        cum.groupby("profile_id").soc_stock_t_ha.last().to_numpy(), rel=1e-12
    )
    whole = stocks.compute_stocks(two_profiles, depth_cm=30)
    np.testing.assert_allclose(cum.soc_stock_t_ha.iloc[[1, 3]], whole.soc_stock_t_ha, rtol=1e-12)


def test_fixed_depth_rows_in_any_order(two_profiles):
    shuffled = two_profiles.sample(frac=1.0, random_state=3)
    out = stocks.compute_stocks(shuffled).sort_values("profile_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(out, stocks.compute_stocks(two_profiles))


def test_core_columns_give_bulk_density():
    table = pd.DataFrame(
        {
            "profile_id": ["p", "p"],
            "depth_top_cm": [0.0, 15.0],
            "depth_bottom_cm": [15.0, 30.0],
            "soc_g_kg": [12.0, 8.0],
            "sample_mass_g": [740.0, 800.0],
            "core_diameter_mm": [38.0, 38.0],
            "cores_per_sample": [3, 3],
        }
    )
    out = stocks.compute_stocks(table)
    bd = [m / (3 * np.pi * 1.9**2 * 15.0) for m in (740.0, 800.0)]
    assert out.soc_stock_t_ha.iloc[0] == pytest.approx((12 * bd[0] + 8 * bd[1]) * 15 / 10, rel=1e-12)


def test_coarse_fraction_reduces_stock(two_profiles):
    with_stones = two_profiles.assign(coarse_fraction_vol=0.2)
    plain = stocks.compute_stocks(two_profiles).soc_stock_t_ha
    ratio = stocks.compute_stocks(with_stones).soc_stock_t_ha / plain
    np.testing.assert_allclose(ratio, 0.8, rtol=1e-12)


# --- bad input: each names the row and the column --------------------------------------------------------
@pytest.mark.parametrize(
    ("row", "column", "value", "message"),
    [
        (3, "bulk_density_g_cm3", 2.9, "outside the allowed range [0.1, 2.65]"),
        (3, "bulk_density_g_cm3", 0.05, "outside the allowed range [0.1, 2.65]"),
        (4, "soc_g_kg", 650.0, "outside the allowed range [0, 600]"),
        (4, "soc_g_kg", -1.0, "outside the allowed range [0, 600]"),
        (5, "depth_bottom_cm", 0.0, "must be greater than depth_top_cm"),
    ],
)
def test_bad_values_name_row_and_column(two_profiles, row, column, value, message):
    two_profiles.loc[row, column] = value
    with pytest.raises(InputError) as err:
        stocks.compute_stocks(two_profiles)
    assert (err.value.row, err.value.column) == (row, column)
    assert message in str(err.value)


@pytest.mark.parametrize("value", [-0.1, 1.0, 1.5])
def test_bad_coarse_fraction(two_profiles, value):
    table = two_profiles.assign(coarse_fraction_vol=0.0)
    table.loc[5, "coarse_fraction_vol"] = value
    with pytest.raises(InputError) as err:
        stocks.compute_stocks(table)
    assert (err.value.row, err.value.column) == (5, "coarse_fraction_vol")


def test_overlapping_layers(two_profiles):
    two_profiles.loc[3, "depth_top_cm"] = 8.0
    with pytest.raises(InputError, match="overlaps") as err:
        stocks.compute_stocks(two_profiles)
    assert (err.value.row, err.value.column) == (3, "depth_top_cm")


def test_gapped_layers(two_profiles):
    two_profiles.loc[4, "depth_top_cm"] = 35.0
    with pytest.raises(InputError, match="gap") as err:
        stocks.compute_stocks(two_profiles)
    assert (err.value.row, err.value.column) == (4, "depth_top_cm")


def test_profile_not_starting_at_surface(two_profiles):
    table = two_profiles.drop(index=5)
    table.loc[6, "depth_top_cm"] = 15.0
    table.loc[6, "profile_id"] = "c"
    with pytest.raises(InputError, match="must start at the surface") as err:
        stocks.compute_stocks(table)
    assert (err.value.row, err.value.column) == (6, "depth_top_cm")


def test_profile_too_shallow_for_depth(two_profiles):
    with pytest.raises(InputError, match="ends at 40 cm") as err:
        stocks.compute_stocks(two_profiles, depth_cm=45)
    assert (err.value.row, err.value.column) == (6, "depth_bottom_cm")


def test_missing_column(two_profiles):
    with pytest.raises(InputError, match="soc_g_kg"):
        stocks.compute_stocks(two_profiles.drop(columns="soc_g_kg"))
    with pytest.raises(InputError, match="bulk_density_g_cm3"):
        stocks.compute_stocks(two_profiles.drop(columns="bulk_density_g_cm3"))


def test_bad_options(two_profiles):
    with pytest.raises(ParameterError, match="fixed, esm"):
        stocks.compute_stocks(two_profiles, method="mass")
    with pytest.raises(ParameterError, match="spline, mineral-hyman, hyman, layers"):
        stocks.compute_stocks(two_profiles, method="esm", esm_method="linear")
    with pytest.raises(ParameterError, match="increase"):
        stocks.compute_stocks(two_profiles, depth_cm=[30, 10])
    with pytest.raises(ParameterError, match="positive and increasing"):
        stocks.compute_stocks(two_profiles, method="esm", ref_mass_t_ha=[3000, 2000])
