"""fourpermille.grid: the engines' kernels over grids, lazily; zonal totals."""

from __future__ import annotations

import math
from pathlib import Path

import dask  # noqa: E402
import dask.array as dsa  # noqa: E402
import numpy as np
import pytest
import rioxarray  # noqa: E402, F401
import xarray as xr  # noqa: E402
from shapely.geometry import box  # noqa: E402

from fourpermille import grid  # noqa: E402
from fourpermille import target as target_mod  # noqa: E402
from fourpermille.errors import InputError, ParameterError  # noqa: E402
from fourpermille.units import CO2_PER_C  # noqa: E402
from tests.grid.helpers import CRS, ORIGIN, RES

pytestmark = pytest.mark.requires_dask


def _forbid(*args, **kwargs):
    raise AssertionError("computed before being written")


def _grid(values, crs=CRS, origin=ORIGIN, res=RES, chunks=7):
    ny, nx = values.shape
    x = origin[0] + res * (np.arange(nx) + 0.5)
    y = origin[1] - res * (np.arange(ny) + 0.5)
    da = xr.DataArray(dsa.from_array(values, chunks=chunks), dims=("y", "x"), coords={"y": y, "x": x})
    return da.rio.write_crs(crs)


@pytest.fixture
def soc():
    rng = np.random.default_rng(1)
    values = rng.uniform(20, 120, (23, 31))
    values[3, 4] = np.nan
    return _grid(values)


def test_nothing_is_computed_until_asked(soc):
    with dask.config.set(scheduler=_forbid):
        ds = grid.target(soc, 30)
        ds = grid.build(soc.rename("soc_stock_t_ha").to_dataset(), years=20, growth="compound")
        zones = grid.rasterize_zones(
            [box(ORIGIN[0], ORIGIN[1] - 1000, ORIGIN[0] + 1000, ORIGIN[1])], ds["soc_stock_t_ha"]
        )
        sums = grid.zone_sums([ds["target_soc_t_ha"]], zones, grid.cell_area_ha(ds["soc_stock_t_ha"]), 1)
    assert all(isinstance(ds[n].data, dsa.Array) for n in ds.data_vars)
    assert isinstance(sums, dsa.Array)


@pytest.mark.parametrize("growth", ["linear", "compound"])
def test_a_sample_of_cells_equals_the_site_level_function_exactly(soc, growth):
    ds = grid.target(soc, 30, growth=growth).compute()
    values = soc.values
    rng = np.random.default_rng(7)
    for i, j in zip(rng.integers(0, 23, 25), rng.integers(0, 31, 25), strict=True):
        expected = target_mod.target_stock(float(values[i, j]), 30, growth=growth)
        got = float(ds["target_soc_t_ha"].values[i, j])
        assert got == expected or (math.isnan(expected) and math.isnan(got))
        gain = target_mod.relative_gain(30, growth=growth)
        assert ds["target_increment_t_ha_yr"].values[i, j] == pytest.approx(
            values[i, j] * gain / 30, rel=1e-15, nan_ok=True
        )
    assert np.isnan(ds["target_soc_t_ha"].values[3, 4])


def test_linear_target_of_45_after_30_years_is_50_4_with_yearly_increment_0_18(soc):
    # Minasny et al. (2017) Geoderma 292: 0.4 %/yr of the stock; 45 t C/ha -> +0.18 t C/ha/yr.
    da = _grid(np.full((4, 5), 45.0))
    ds = grid.target(da, 30).compute()
    np.testing.assert_allclose(ds["target_soc_t_ha"].values, 50.4)
    np.testing.assert_allclose(ds["target_increment_t_ha_yr"].values, 0.18)
    assert ds["target_soc_t_ha"].attrs["units"] == "t C/ha"


def test_bad_target_options(soc):
    with pytest.raises(ParameterError, match="linear, compound"):
        grid.target(soc, 30, growth="exponential")
    with pytest.raises(InputError, match="years must be > 0"):
        grid.target(soc, 0)


def test_geographic_cell_areas_add_up_to_the_sphere():
    # Area of the authalic sphere 4 pi R^2 (Snyder 1987, USGS PP 1395; R_q = 6371007.2 m for WGS84).
    lat = 89.5 - np.arange(180.0)
    lon = -179.5 + np.arange(360.0)
    da = xr.DataArray(np.zeros((180, 360)), dims=("y", "x"), coords={"y": lat, "x": lon}).rio.write_crs(4326)
    total = float(grid.cell_area_ha(da).sum())
    assert total == pytest.approx(4 * math.pi * grid.AUTHALIC_RADIUS_M**2 / 1e4, rel=1e-12)


def test_projected_cell_area_is_dx_dy(soc):
    assert float(grid.cell_area_ha(soc)[0, 0]) == RES * RES / 1e4


def test_zonal_totals_equal_a_brute_force_sum_in_t_c_and_t_co2e(soc):
    ds = grid.target(soc, 30)
    # zone A: the 10 left columns; zone B: columns 10-19, rows 0-9; cells elsewhere belong to none.
    left, top = ORIGIN
    a = box(left, top - 23 * RES, left + 10 * RES, top)
    b = box(left + 10 * RES, top - 10 * RES, left + 20 * RES, top)
    zones = grid.rasterize_zones([a, b], soc)
    z = zones.values
    assert (z[:, :10] == 1).all() and (z[:10, 10:20] == 2).all() and (z[10:, 10:] == 0).all()
    table = grid.zonal_totals(ds, zones, ["A", "B"])
    values = ds["target_soc_t_ha"].values
    expect_a = np.nansum(values[:, :10]) * 1.0  # 1 ha cells
    expect_b = np.nansum(values[:10, 10:20])
    assert table["target_soc_t"].tolist() == pytest.approx([expect_a, expect_b], rel=1e-12)
    assert table["target_soc_t_co2e"].tolist() == pytest.approx([expect_a * CO2_PER_C, expect_b * CO2_PER_C])
    assert table["cells"].tolist() == [230, 100]
    assert table["area_ha"].tolist() == pytest.approx([230.0, 100.0])
    assert table["target_soc_area_ha"].tolist() == pytest.approx([229.0, 100.0])  # one NaN cell in A
    assert table["target_increment_t_yr"].tolist() == pytest.approx(
        [expect_a / 1.12 * 0.004, expect_b / 1.12 * 0.004]
    )


def test_zones_given_in_lon_lat_are_reprojected(soc):
    import shapely
    from pyproj import Transformer

    left, top = ORIGIN
    laea = shapely.segmentize(box(left + 300, top - 1200, left + 1500, top - 200), 10.0)
    tr = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)
    lonlat = shapely.transform(laea, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))
    direct = grid.rasterize_zones([laea], soc).values
    via_lonlat = grid.rasterize_zones([lonlat], soc, crs="EPSG:4326").values
    assert direct.sum() == 10 * 12
    np.testing.assert_array_equal(via_lonlat, direct)


def test_build_masks_to_the_land_uses_asked_for(soc):
    lu = _grid(np.where(np.arange(31)[None, :] < 15, 1.0, 3.0) * np.ones((23, 1)))
    inputs = xr.Dataset({"soc_stock_t_ha": soc, "land_use": lu}).rio.write_crs(CRS)
    out = grid.build(inputs, years=30, land_use_classes=[1]).compute()
    assert np.isnan(out["target_soc_t_ha"].values[:, 15:]).all()
    assert np.isfinite(out["target_soc_t_ha"].values[:3, :15]).all()
    assert out.attrs["land_use_classes"] == "1"
    with pytest.raises(InputError, match="no land-use map"):
        grid.build(soc.rename("soc_stock_t_ha").to_dataset(), land_use_classes=[1])


# ------------------------------------------------------------------------------------------- RothC


@pytest.fixture(scope="module")
def region():
    from fourpermille.io.grid_demo import synthetic_region

    return synthetic_region(12, 15, chunks=5)


def test_rothc_maps_are_lazy(region):
    with dask.config.set(scheduler=_forbid):
        ds = grid.rothc_maps(
            *(region[n] for n in ("soc_stock_t_ha", "clay_pct", "tmp_c", "pre_mm", "pet_mm")),
            region["c_inp_t_ha_yr"],
            years=30,
        )
    assert all(isinstance(ds[n].data, dsa.Array) for n in ds.data_vars)


def test_rothc_sample_of_cells_equals_the_three_site_level_engine_calls(region):
    # The grid runs the batch's fused pass (one moisture cycle, one annual map, one solve); the three engine
    # calls it replaces give the same numbers to 1e-9 (the model is affine in the inputs).
    from fourpermille import rothc

    names = ("soc_stock_t_ha", "clay_pct", "tmp_c", "pre_mm", "pet_mm")
    ds = grid.rothc_maps(*(region[n] for n in names), region["c_inp_t_ha_yr"], years=30).compute()
    r = region.compute()
    pattern = np.full(12, 1 / 12)
    pc = np.ones(12)
    rng = np.random.default_rng(3)
    checked = 0
    for i, j in zip(rng.integers(0, 12, 12), rng.integers(0, 15, 12), strict=True):
        soc = float(r["soc_stock_t_ha"][i, j])
        if not np.isfinite(soc):
            assert np.isnan(ds["required_additional_input_t_ha_yr"].values[i, j])
            continue
        clay = np.array([float(r["clay_pct"][i, j])])
        tmp, pre, pet = (r[n].values[:, i, j][None, :].astype(float) for n in ("tmp_c", "pre_mm", "pet_mm"))
        iom = rothc.falloon_iom(np.array([soc]))
        held = rothc.equilibrium_input(
            clay, 30.0, tmp, pre, pet, pattern, 0.0, pc, 1.44, np.array([soc]), iom=iom
        )
        extra = rothc.four_per_1000_input(clay, 30.0, iom, tmp, pre, pet, held.c_inp, 0.0, pc, 1.44, 30)
        eq = rothc.equilibrium(
            clay, 30.0, iom, tmp, pre, pet, float(r["c_inp_t_ha_yr"][i, j]) * pattern, 0.0, pc, 1.44
        )
        assert ds["equilibrium_input_t_ha_yr"].values[i, j] == pytest.approx(held.c_inp_t_ha_yr[0], rel=1e-9)
        assert ds["required_additional_input_t_ha_yr"].values[i, j] == pytest.approx(
            extra.required_additional_input_t_ha_yr[0], rel=1e-9
        )
        assert ds["required_input_increase_pct"].values[i, j] == pytest.approx(
            extra.required_input_increase_fraction[0] * 100.0, rel=1e-9
        )
        assert ds["rothc_soc_eq_t_ha"].values[i, j] == pytest.approx(eq.soc[0], rel=1e-9)
        checked += 1
    assert checked >= 5


def test_rothc_maps_equal_the_outputs_of_the_former_three_call_composition():
    """Issue 17: results identical to today's to 1e-9. tests/data/rothc/fused_pass_reference.npz holds the
    RothC maps of a 30 x 40 synthetic region computed by the code of commit cd0a6f3 (three engine calls
    per cell), with the default options (build) and with other options (rothc_maps)."""
    from fourpermille.io.grid_demo import synthetic_region

    ref = np.load(Path(__file__).parents[1] / "data" / "rothc" / "fused_pass_reference.npz")
    ds = synthetic_region(30, 40, chunks=16)
    built = grid.build(ds, years=30, land_use_classes=[1]).compute()
    other = grid.rothc_maps(
        ds["soc_stock_t_ha"],
        ds["clay_pct"],
        ds["tmp_c"],
        ds["pre_mm"],
        ds["pet_mm"],
        ds["c_inp_t_ha_yr"],
        years=20,
        growth="compound",
        options=grid.RothCOptions(depth=25.0, dpm_rpm=0.67, plant_cover=(0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0)),
    ).compute()
    compared = 0
    for prefix, out in (("grid_", built), ("grid2_", other)):
        for key in (k for k in ref.files if k.startswith(prefix)):
            name = key[len(prefix) :]
            expected = ref[key]
            assert np.array_equal(np.isnan(out[name].values), np.isnan(expected)), name
            np.testing.assert_allclose(out[name].values, expected, rtol=1e-9, atol=0, err_msg=name)
            compared += np.isfinite(expected).sum()
    assert compared > 1000


def test_rothc_extra_input_gives_the_target_in_a_forward_run(region):
    # The engine's own claim, checked through the grid: raising the held input by the extra input and running
    # RothC forward for 30 years from equilibrium lands on SOC0 x 1.12.
    from fourpermille import rothc

    names = ("soc_stock_t_ha", "clay_pct", "tmp_c", "pre_mm", "pet_mm")
    ds = grid.rothc_maps(*(region[n] for n in names), years=30).compute()
    r = region.compute()
    i, j = np.argwhere(np.isfinite(r["soc_stock_t_ha"].values))[0]
    soc = float(r["soc_stock_t_ha"][i, j])
    clay = float(r["clay_pct"][i, j])
    tmp, pre, pet = (np.tile(r[n].values[:, i, j].astype(float), 31) for n in ("tmp_c", "pre_mm", "pet_mm"))
    held = float(ds["equilibrium_input_t_ha_yr"][i, j])
    extra = float(ds["required_additional_input_t_ha_yr"][i, j])
    c_inp = np.concatenate([np.full(12, held / 12), np.full(360, (held + extra) / 12)])
    sim = rothc.simulate(clay, 30.0, rothc.falloon_iom(soc), tmp, pre, pet, c_inp, 0.0, np.ones(372), 1.44)
    assert sim.equilibrium.soc == pytest.approx(soc, rel=1e-9)
    assert sim.monthly["soc"][..., -1] == pytest.approx(soc * 1.12, rel=1e-6)


def test_rothc_bad_options(region):
    args = [region[n] for n in ("soc_stock_t_ha", "clay_pct", "tmp_c", "pre_mm", "pet_mm")]
    with pytest.raises(InputError, match="plant cover needs 12 values"):
        grid.rothc_maps(*args, options=grid.RothCOptions(plant_cover=(1, 0, 2)))
    with pytest.raises(InputError, match="depth must be > 0"):
        grid.RothCOptions(depth=0.0)
    with pytest.raises(ParameterError, match="linear, compound"):
        grid.rothc_maps(*args, growth="fast")


# ------------------------------------------------------------------------------------------- IPCC Tier 1

ZONES = {1: "warm_temperate_moist", 2: "cool_temperate_moist"}
SOILS = {1: "HAC", 3: "SAN"}
BEFORE = "long_term_cultivated,full_tillage,medium"
AFTER = "long_term_cultivated,no_till,high_without_manure"


def test_tier1_no_till_in_warm_temperate_moist_hac_from_the_tables():
    # SOC_REF 64 t C/ha (2019 Refinement Vol 4 Ch 2 Table 2.3 (Updated), W1 HAC); F_LU 0.69 (long-term
    # cultivated), F_MG 1.10 (no-till), F_I 1.00 (medium) for warm temperate moist (Ch 5 Table 5.5 (Updated)):
    # 64 x 0.69 = 44.16 -> 64 x 0.69 x 1.10 = 48.576 t C/ha, (48.576 - 44.16) / 20 = 0.2208 t C/ha/yr.
    like = _grid(np.zeros((3, 4)))
    ds = grid.tier1_maps(
        "warm_temperate_moist", "HAC", BEFORE, "long_term_cultivated,no_till,medium", like=like
    ).compute()
    np.testing.assert_allclose(ds["tier1_soc_before_t_ha"].values, 44.16, rtol=1e-12)
    np.testing.assert_allclose(ds["tier1_soc_after_t_ha"].values, 48.576, rtol=1e-12)
    np.testing.assert_allclose(ds["tier1_change_t_ha_yr"].values, 0.2208, rtol=1e-12)


def test_tier1_sample_of_cells_equals_the_site_level_engine_exactly(region):
    from fourpermille import ipcc

    with dask.config.set(scheduler=_forbid):
        lazy = grid.tier1_maps(
            region["climate_zone"],
            region["soil_class"],
            BEFORE,
            AFTER,
            climate_zone_names=ZONES,
            soil_class_names=SOILS,
        )
    ds = lazy.compute()
    z, s = region["climate_zone"].values, region["soil_class"].values
    rng = np.random.default_rng(5)
    for i, j in zip(rng.integers(0, 12, 15), rng.integers(0, 15, 15), strict=True):
        if np.isnan(s[i, j]):
            assert np.isnan(ds["tier1_change_t_ha_yr"].values[i, j])
            continue
        zone, soil = ZONES[int(z[i, j])], SOILS[int(s[i, j])]
        ref = ipcc.soc_ref(zone, soil).value
        f0 = ipcc.stock_change_factors(zone, "long_term_cultivated", "full_tillage", "medium")
        f1 = ipcc.stock_change_factors(zone, "long_term_cultivated", "no_till", "high_without_manure")
        before = ipcc.soc_stock(ref, f0.f_lu.value, f0.f_mg.value, f0.f_i.value)
        after = ipcc.soc_stock(ref, f1.f_lu.value, f1.f_mg.value, f1.f_i.value)
        assert ds["tier1_soc_before_t_ha"].values[i, j] == before
        assert ds["tier1_soc_after_t_ha"].values[i, j] == after
        assert ds["tier1_change_t_ha_yr"].values[i, j] == (after - before) / 20


def test_tier1_errors_come_before_anything_is_computed(region):
    from fourpermille.errors import ParameterError

    with dask.config.set(scheduler=_forbid):
        with pytest.raises(ParameterError, match="valid|must be one of|allowed"):
            grid.tier1_maps(
                region["climate_zone"],
                region["soil_class"],
                BEFORE,
                "long_term_cultivated,zero_till",
                climate_zone_names=ZONES,
                soil_class_names=SOILS,
            )
        with pytest.raises(InputError, match="needs the names of its codes"):
            grid.tier1_maps(
                region["climate_zone"], region["soil_class"], BEFORE, AFTER, soil_class_names=SOILS
            )
        with pytest.raises(ParameterError, match="d_years"):
            grid.tier1_maps("warm_temperate_moist", "HAC", BEFORE, AFTER, d_years=0, like=region["clay_pct"])


def test_build_with_every_engine_stays_lazy(region):
    with dask.config.set(scheduler=_forbid):
        out = grid.build(
            region,
            years=30,
            land_use_classes=[1],
            tier1=grid.Tier1Options(BEFORE, AFTER, climate_zone_names=ZONES, soil_class_names=SOILS),
        )
    assert {
        "target_soc_t_ha",
        "required_additional_input_t_ha_yr",
        "rothc_soc_eq_t_ha",
        "tier1_change_t_ha_yr",
    } <= set(out)
    assert all(isinstance(out[n].data, dsa.Array) for n in out.data_vars)
