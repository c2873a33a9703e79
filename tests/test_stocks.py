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
        # issue 12 item 1: non-finite and absurd depths were accepted
        (6, "depth_bottom_cm", np.inf, "inf is not a finite number; the allowed range is (0, 1000] cm"),
        (6, "depth_bottom_cm", float("1e400"), "not a finite number"),
        (6, "depth_bottom_cm", 1e12, "1e+12 is outside the allowed range (0, 1000] cm"),
        (6, "soc_g_kg", np.inf, "inf is not a finite number; the allowed range is [0, 600] g C/kg"),
        (6, "bulk_density_g_cm3", -np.inf, "-inf is not a finite number"),
    ],
)
def test_bad_values_name_row_and_column(two_profiles, row, column, value, message):
    two_profiles[column] = two_profiles[column].astype(float)
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


def test_docstring_examples():
    import doctest

    result = doctest.testmod(stocks)
    assert result.attempted >= 4 and result.failed == 0


# --- ESM on cases worked by hand ---------------------------------------------------------------------------
@pytest.fixture
def uniform():
    """SOC 10 g/kg and BD 1.25 g/cm3 everywhere: 125 t/ha of soil and 1.25 t C/ha per cm."""
    return profile_table([("u", 0, 10, 10.0, 1.25), ("u", 10, 30, 10.0, 1.25), ("u", 30, 60, 10.0, 1.25)])


@pytest.mark.parametrize("esm_method", ["spline", "hyman", "layers"])
def test_esm_uniform_profile_by_hand(uniform, esm_method):
    out = stocks.esm_stocks(uniform, [1250.0, 3750.0], esm_method=esm_method, cumulative=True)
    np.testing.assert_allclose(out.soc_stock_t_ha, [12.5, 37.5], rtol=1e-12)
    np.testing.assert_allclose(out.soil_mass_t_ha, [1250.0, 3750.0], rtol=1e-12)
    np.testing.assert_allclose(out.equivalent_depth_cm, [10.0, 30.0], rtol=1e-12)
    layers = stocks.esm_stocks(uniform, [1250.0, 3750.0], esm_method=esm_method)
    np.testing.assert_allclose(layers.soc_stock_t_ha, [12.5, 25.0], rtol=1e-12)


def test_esm_layers_rounds_down_to_whole_mm(uniform):
    # 12.5 t/ha per mm: 1260 t/ha is 100.8 mm -> 100 mm, 1250 t/ha, 12.5 t C/ha
    out = stocks.esm_stocks(uniform, [1260.0], esm_method="layers", cumulative=True)
    assert out.equivalent_depth_cm.iloc[0] == pytest.approx(10.0)
    assert out.soil_mass_t_ha.iloc[0] == pytest.approx(1250.0)
    spline = stocks.esm_stocks(uniform, [1260.0], esm_method="spline", cumulative=True)
    assert spline.equivalent_depth_cm.iloc[0] == pytest.approx(10.08)
    assert spline.soc_stock_t_ha.iloc[0] == pytest.approx(12.6)


def test_mineral_hyman_default_som_is_twice_soc(uniform):
    # SOM = 2 x 10 g/kg = 20 g/kg: mineral mass = 0.98 x soil mass
    out = stocks.esm_stocks(uniform, [0.98 * 1250.0], esm_method="mineral-hyman", cumulative=True)
    assert out.soil_mass_t_ha.iloc[0] == pytest.approx(1250.0, rel=1e-12)
    assert out.soc_stock_t_ha.iloc[0] == pytest.approx(12.5, rel=1e-12)
    given = stocks.esm_stocks(uniform.assign(som_g_kg=20.0), [1225.0], esm_method="mineral-hyman")
    assert given.soc_stock_t_ha.iloc[0] == pytest.approx(12.5, rel=1e-12)


def test_reference_masses_lightest_and_mean(two_profiles):
    # masses to 30 cm: a 1.2x1000 + 1.4x2000 = 4000; b 1.3x1500 + 1.45x1500 = 4125 t/ha
    np.testing.assert_allclose(stocks.reference_masses(two_profiles, [10, 30]), [1200.0, 4000.0])
    np.testing.assert_allclose(stocks.reference_masses(two_profiles, 30, "mean"), [4062.5])
    default = stocks.compute_stocks(two_profiles, depth_cm=30, method="esm", cumulative=True)
    np.testing.assert_allclose(default.ref_mass_t_ha, 4000.0)


def test_esm_reduces_compaction_artefact():
    """The same soil compacted by a tenth in its top 20 cm: ESM sees the same carbon, fixed depth more."""
    loose = profile_table([("loose", 0, 20, 20.0, 1.1), ("loose", 20, 60, 8.0, 1.5)])
    dense = profile_table([("dense", 0, 18, 20.0, 1.1 * 20 / 18), ("dense", 18, 60, 8.0, 1.5)], 4)
    table = pd.concat([loose, dense])
    fixed = stocks.compute_stocks(table, depth_cm=30).soc_stock_t_ha.to_numpy()
    assert fixed[1] > fixed[0] * 1.02
    for esm_method in ("spline", "hyman", "layers"):
        esm = stocks.compute_stocks(
            table, method="esm", esm_method=esm_method, ref_mass_t_ha=[3700.0], cumulative=True
        ).soc_stock_t_ha.to_numpy()
        # layers is exact here (uniform layers, whole mm); the splines through three knots only nearly
        tolerance = 1e-9 * esm[0] if esm_method == "layers" else 0.25 * (fixed[1] - fixed[0])
        assert abs(esm[1] - esm[0]) <= tolerance, esm_method


def test_per_profile_reference_masses(two_profiles):
    out = stocks.esm_stocks(two_profiles, {"a": [1200.0], "b": [1300.0, 2000.0]}, cumulative=True)
    assert out.profile_id.tolist() == ["a", "b", "b"]
    assert out.soc_stock_t_ha.iloc[0] == pytest.approx(24.0)
    with pytest.raises(ParameterError, match="no reference masses for profile 'b'"):
        stocks.esm_stocks(two_profiles, {"a": [1200.0]})


def test_extrapolation_limit(two_profiles):
    # b holds 1.3x1500 + 1.45x2500 = 5575 t/ha to 40 cm; 35 % more (the default) is 7526.25 t/ha
    stocks.esm_stocks(two_profiles, [7500.0])
    with pytest.raises(InputError, match="7600 t/ha is beyond what profile 'b'") as err:
        stocks.esm_stocks(two_profiles, [7600.0])
    assert (err.value.row, err.value.column) == (6, "depth_bottom_cm")
    with pytest.raises(InputError, match="6200 t/ha is beyond what profile 'b'"):
        stocks.esm_stocks(two_profiles, [6200.0], max_extrapolation=0.1)
    stocks.esm_stocks(two_profiles, [7600.0], max_extrapolation=0.4)
    with pytest.raises(ParameterError):
        stocks.esm_stocks(two_profiles, [6200.0], max_extrapolation=-1)


def test_many_profiles_match_one_by_one():
    from benchmarks.bench_stocks import synthetic_profiles

    table = synthetic_profiles(8, seed=4)
    for kwargs in (
        {"method": "fixed", "depth_cm": [10.0, 30.0]},
        {"method": "esm", "esm_method": "spline", "ref_mass_t_ha": [1300.0, 3900.0]},
        {"method": "esm", "esm_method": "mineral-hyman", "ref_mass_t_ha": [1300.0, 3900.0]},
        {"method": "esm", "esm_method": "layers", "ref_mass_t_ha": [1300.0, 3900.0]},
    ):
        together = stocks.compute_stocks(table, **kwargs)
        alone = pd.concat(
            [stocks.compute_stocks(p, **kwargs) for _, p in table.groupby("profile_id", sort=False)],
            ignore_index=True,
        )
        pd.testing.assert_frame_equal(together, alone)


@pytest.mark.parametrize("esm_method", ["spline", "mineral-hyman", "hyman", "layers"])
def test_esm_at_own_layer_masses_gives_fixed_depth_stocks(esm_method):
    """Every ESM method passes through the profile's own cumulative masses: at the masses its layers hold,
    the ESM stocks are its fixed-depth stocks and the equivalent depths its layer bottoms."""
    from benchmarks.bench_stocks import synthetic_profiles

    table = synthetic_profiles(6, seed=11)
    table["depth_bottom_cm"] = table.depth_bottom_cm.round(1)  # whole mm, for layers
    for pid, profile in table.groupby("profile_id", sort=False):
        bottoms = profile.depth_bottom_cm.to_numpy()
        fixed = stocks.compute_stocks(profile, depth_cm=bottoms, cumulative=True)
        mineral = esm_method == "mineral-hyman"
        refs = stocks.reference_masses(profile, bottoms, mineral=mineral)
        esm = stocks.esm_stocks(profile, refs, esm_method=esm_method, cumulative=True)
        np.testing.assert_allclose(esm.soc_stock_t_ha, fixed.soc_stock_t_ha, rtol=1e-9, err_msg=pid)
        np.testing.assert_allclose(esm.soil_mass_t_ha, fixed.soil_mass_t_ha, rtol=1e-9, err_msg=pid)
        np.testing.assert_allclose(esm.equivalent_depth_cm, bottoms, rtol=1e-9, err_msg=pid)


def test_fixed_depth_unchanged_by_splitting_a_layer():
    """Property: cutting a layer in two with the same SOC and BD changes no fixed-depth stock."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    layer = st.tuples(st.floats(1.0, 40.0), st.floats(0.0, 80.0), st.floats(0.8, 1.8), st.floats(0.0, 0.6))

    @settings(max_examples=40, deadline=None)
    @given(st.lists(layer, min_size=1, max_size=5), st.floats(0.05, 0.95), st.data())
    def check(layers, cut, data):
        bottoms = np.cumsum([t for t, *_ in layers])
        tops = np.r_[0.0, bottoms[:-1]]
        rows = [
            ("p", a, b, soc, bd, cf) for (a, b, (_, soc, bd, cf)) in zip(tops, bottoms, layers, strict=True)
        ]
        k = data.draw(st.integers(0, len(rows) - 1))
        pid, a, b, soc, bd, cf = rows[k]
        mid = a + cut * (b - a)
        split = rows[:k] + [(pid, a, mid, soc, bd, cf), (pid, mid, b, soc, bd, cf)] + rows[k + 1 :]
        cols = [
            "profile_id",
            "depth_top_cm",
            "depth_bottom_cm",
            "soc_g_kg",
            "bulk_density_g_cm3",
            "coarse_fraction_vol",
        ]
        depths = sorted({float(bottoms[-1]), float(bottoms[-1]) * 0.37})
        one = stocks.compute_stocks(pd.DataFrame(rows, columns=cols), depth_cm=depths)
        two = stocks.compute_stocks(pd.DataFrame(split, columns=cols), depth_cm=depths)
        np.testing.assert_allclose(two.soc_stock_t_ha, one.soc_stock_t_ha, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(two.soil_mass_t_ha, one.soil_mass_t_ha, rtol=1e-9, atol=1e-9)

    check()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("sample_mass_g", np.inf, "not a finite number; the allowed range is (0, 100000] g"),
        ("core_diameter_mm", 1e12, "outside the allowed range (0, 1000] mm"),
        ("cores_per_sample", 0.0, "outside the allowed range [1, 10000]"),
        ("cores_per_sample", np.inf, "not a finite number"),
    ],
)
def test_core_columns_have_physical_ranges(column, value, message):
    table = pd.DataFrame(
        {
            "profile_id": ["a"],
            "depth_top_cm": [0.0],
            "depth_bottom_cm": [30.0],
            "soc_g_kg": [12.0],
            "sample_mass_g": [740.0],
            "core_diameter_mm": [38.0],
            "cores_per_sample": [3.0],
        },
        index=pd.RangeIndex(2, 3),
    )
    table.loc[2, column] = value
    with pytest.raises(InputError) as err:
        stocks.check_profiles(table)
    assert (err.value.row, err.value.column) == (2, column)
    assert message in str(err.value)


def test_every_numeric_column_has_a_physical_range():
    assert set(stocks.PROFILE_RANGES) == set(stocks.NUMERIC_COLUMNS)
    assert not stocks.PROFILE_RANGES["depth_bottom_cm"].contains([np.inf, 1e12, np.nan, 0.0]).any()
    assert stocks.PROFILE_RANGES["depth_bottom_cm"].contains([30.0, 1000.0]).all()


# --- the rule for profiles that do not reach the reporting depth -------------------------------------------
@pytest.fixture
def mixed_depths():
    """P1 sampled 0-20 cm, P2 0-30 cm with coarse fragments, P3 0-10-40 cm."""
    table = profile_table(
        [
            ("P1", 0, 10, 20.0, 1.2),
            ("P1", 10, 20, 15.0, 1.3),
            ("P2", 0, 15, 18.0, 1.25),
            ("P2", 15, 30, 11.0, 1.4),
            ("P3", 0, 10, 22.0, 1.1),
            ("P3", 10, 40, 9.0, 1.5),
        ]
    )
    return table.assign(coarse_fraction_vol=[0.0, 0.0, 0.2, 0.3, 0.0, 0.0])


def test_reporting_depth_stocks_exclude_shallow_profiles(mixed_depths):
    out = stocks.reporting_depth_stocks(mixed_depths)
    assert list(out.columns) == stocks.REPORTING_COLUMNS
    assert out.profile_id.tolist() == ["P1", "P2", "P3"]
    assert out.status.tolist() == ["shallow", "included", "included"]
    assert out.reaches_depth.tolist() == [False, True, True]
    assert out.sampled_depth_cm.tolist() == [20.0, 30.0, 40.0]
    assert np.isnan(out.soc_stock_t_ha.iloc[0]) and np.isnan(out.soil_mass_t_ha.iloc[0])
    # by hand (Eq. 2): P2 = 18 x 1.25 x 15 x 0.8 / 10 + 11 x 1.4 x 15 x 0.7 / 10 = 27 + 16.17 = 43.17;
    # P3 = 22 x 1.1 x 10 / 10 + 9 x 1.5 x 20 / 10 = 24.2 + 27 = 51.2 (the 30-40 cm part left out)
    assert out.soc_stock_t_ha.iloc[1] == pytest.approx(43.17, rel=1e-12)
    assert out.soc_stock_t_ha.iloc[2] == pytest.approx(51.2, rel=1e-12)


def test_reporting_depth_stocks_equal_compute_stocks(mixed_depths):
    out = stocks.reporting_depth_stocks(mixed_depths)
    excluded = stocks.compute_stocks(mixed_depths, shallow="exclude")
    np.testing.assert_array_equal(out.soc_stock_t_ha.to_numpy(), excluded.soc_stock_t_ha.to_numpy())
    for pid in ("P2", "P3"):
        alone = stocks.compute_stocks(mixed_depths[mixed_depths.profile_id == pid])
        assert out.set_index("profile_id").soc_stock_t_ha[pid] == alone.soc_stock_t_ha.iloc[0]
    with pytest.raises(InputError, match="profile 'P1' ends at 20 cm") as err:
        stocks.compute_stocks(mixed_depths)
    assert (err.value.row, err.value.column) == (3, "depth_bottom_cm")
    assert stocks.SHALLOW_RULE == "exclude"


def test_shallow_rule_is_checked():
    with pytest.raises(ParameterError, match="shallow must be one of raise, exclude"):
        stocks.compute_stocks(profile_table([("a", 0, 30, 10.0, 1.2)]), shallow="extrapolate")
    with pytest.raises(ParameterError, match="one reporting depth"):
        stocks.reporting_depth_stocks(profile_table([("a", 0, 30, 10.0, 1.2)]), depth_cm=[10, 30])
