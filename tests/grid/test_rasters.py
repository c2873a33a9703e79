"""Reading, aligning, checking and writing rasters (fourpermille.io.rasters)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import xarray as xr  # noqa: E402

from fourpermille import grid  # noqa: E402
from fourpermille.errors import InputError  # noqa: E402
from fourpermille.io import rasters  # noqa: E402
from tests.grid.helpers import CRS, ORIGIN, RES, soc_field, write_tif

pytestmark = pytest.mark.requires_dask


def _climate(ny=20, nx=30, months=12, offset=0.0):
    m = np.arange(1, months + 1, dtype="float32")[:, None, None]
    return np.broadcast_to(10 + offset + 8 * np.cos(2 * np.pi * (m - 7) / 12), (months, ny, nx)).copy()


def test_inputs_on_the_grid_stay_lazy_and_untouched(tmp_path):
    soc = soc_field()
    write_tif(tmp_path / "soc.tif", soc)
    write_tif(tmp_path / "tmp.tif", _climate())
    ds = rasters.load_inputs(
        {"soc_stock_t_ha": tmp_path / "soc.tif", "tmp_c": tmp_path / "tmp.tif"}, chunks=8
    )
    assert ds["soc_stock_t_ha"].chunks is not None
    assert ds["tmp_c"].dims == ("month", "y", "x")
    assert list(ds["tmp_c"].month.values) == list(range(1, 13))
    np.testing.assert_array_equal(ds["soc_stock_t_ha"].values, soc)
    assert json.loads(ds.attrs["resampling"]) == {
        "soc_stock_t_ha": "none (on the grid)",
        "tmp_c": "none (on the grid)",
    }


def test_reprojection_is_lazy_and_uses_the_method_asked_for(tmp_path):
    # clay on a grid twice as coarse and shifted: nearest must copy parent cells exactly.
    soc = soc_field(20, 30)
    clay = np.arange(10 * 15, dtype="float32").reshape(10, 15) % 60 + 1
    write_tif(tmp_path / "soc.tif", soc)
    write_tif(tmp_path / "clay.tif", clay, res=2 * RES)
    src = rasters.RasterSource(tmp_path / "clay.tif", resampling="nearest")
    import dask

    with dask.config.set(scheduler=_forbid):
        ds = rasters.load_inputs({"soc_stock_t_ha": tmp_path / "soc.tif", "clay_pct": src}, chunks=7)
    assert json.loads(ds.attrs["resampling"])["clay_pct"] == "nearest"
    np.testing.assert_array_equal(ds["clay_pct"].values, np.repeat(np.repeat(clay, 2, 0), 2, 1))


def test_netcdf_lonlat_climate_with_time_axis_is_reprojected(tmp_path):
    soc = soc_field(20, 30)
    write_tif(tmp_path / "soc.tif", soc)
    lat = np.arange(40.0, 50.0, 0.5) + 0.25
    lon = np.arange(-10.0, 10.0, 0.5) + 0.25
    time = pd.date_range("2001-01-01", periods=24, freq="MS")
    tmp = np.broadcast_to(
        (time.month.values[:, None, None] - 6.0).astype("float32"), (24, lat.size, lon.size)
    )
    xr.Dataset(
        {"tmp": (("time", "lat", "lon"), tmp.copy(), {"units": "degC"})},
        coords={"time": time, "lat": lat, "lon": lon},
    ).to_netcdf(tmp_path / "clim.nc")
    ds = rasters.load_inputs(
        {
            "soc_stock_t_ha": tmp_path / "soc.tif",
            "tmp_c": rasters.RasterSource.parse(str(tmp_path / "clim.nc:tmp")),
        },
        chunks=8,
    )
    assert json.loads(ds.attrs["resampling"])["tmp_c"] == "bilinear"
    # two years averaged month by month: month m is m - 6 everywhere
    np.testing.assert_allclose(ds["tmp_c"].values[:, 5, 5], np.arange(1, 13) - 6.0)


def _forbid(*args, **kwargs):
    raise AssertionError("something was computed before it was written")


# ------------------------------------------------------------------------------------------- bad input


def _soc(tmp_path):
    return write_tif(tmp_path / "soc.tif", soc_field())


def test_no_crs_is_an_error_naming_the_file(tmp_path):
    write_tif(tmp_path / "clay.tif", np.full((20, 30), 20.0), crs=None)
    with pytest.raises(InputError, match="has no coordinate reference system") as err:
        rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "clay_pct": tmp_path / "clay.tif"})
    assert "clay.tif" in str(err.value)


def test_geographic_crs_with_metre_resolution_cannot_be_aligned(tmp_path):
    write_tif(tmp_path / "clay.tif", np.full((20, 30), 20.0), crs="EPSG:4326", origin=ORIGIN, res=RES)
    with pytest.raises(InputError, match="geographic .* not in degrees") as err:
        rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "clay_pct": tmp_path / "clay.tif"})
    assert "clay.tif" in str(err.value) and "clay_pct" in str(err.value)


def test_grid_that_does_not_overlap_is_an_error(tmp_path):
    write_tif(tmp_path / "clay.tif", np.full((20, 30), 20.0), origin=(ORIGIN[0] + 1e6, ORIGIN[1]))
    with pytest.raises(InputError, match="does not overlap the grid"):
        rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "clay_pct": tmp_path / "clay.tif"})


def test_unevenly_spaced_coordinates_have_no_resolution(tmp_path):
    x = ORIGIN[0] + np.cumsum(np.linspace(50, 150, 30))
    y = ORIGIN[1] - 100.0 * (np.arange(20) + 0.5)
    da = xr.DataArray(
        np.full((20, 30), 20.0, "float32"), dims=("y", "x"), coords={"y": y, "x": x}, name="clay"
    )
    da.rio.write_crs(CRS, inplace=True)
    da.to_dataset().to_netcdf(tmp_path / "clay.nc")
    with pytest.raises(InputError, match="not evenly spaced"):
        rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "clay_pct": tmp_path / "clay.nc"})


def test_eleven_bands_miss_a_month(tmp_path):
    write_tif(tmp_path / "tmp.tif", _climate(months=11))
    with pytest.raises(InputError, match="12 bands .* missing month\\(s\\) 12"):
        rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "tmp_c": tmp_path / "tmp.tif"})


def test_time_axis_without_july_misses_a_month(tmp_path):
    time = pd.date_range("2001-01-01", periods=12, freq="MS").delete(6)
    lat, lon = np.arange(40.0, 50.0, 0.5), np.arange(-10.0, 10.0, 0.5)
    xr.Dataset(
        {"tmp": (("time", "lat", "lon"), np.zeros((11, lat.size, lon.size), "float32"))},
        coords={"time": time, "lat": lat, "lon": lon},
    ).to_netcdf(tmp_path / "c.nc")
    with pytest.raises(InputError, match="lacks month\\(s\\) 7") as err:
        rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "tmp_c": f"{tmp_path / 'c.nc'}:tmp"})
    assert "c.nc" in str(err.value)


def test_a_single_band_where_twelve_months_are_needed(tmp_path):
    write_tif(tmp_path / "tmp.tif", np.zeros((20, 30)))
    with pytest.raises(InputError, match="12 bands"):
        rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "tmp_c": tmp_path / "tmp.tif"})


def test_all_nodata_is_caught_before_computing(tmp_path):
    write_tif(tmp_path / "clay.tif", np.full((20, 30), -9999.0), nodata=-9999.0)
    ds = rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "clay_pct": tmp_path / "clay.tif"})
    with pytest.raises(InputError, match="has no data") as err:
        rasters.check_inputs(ds)
    assert "clay.tif" in str(err.value) and "clay_pct" in str(err.value)


def test_a_month_of_nodata_is_named(tmp_path):
    clim = _climate()
    clim[3] = np.nan
    write_tif(tmp_path / "tmp.tif", clim)
    ds = rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "tmp_c": tmp_path / "tmp.tif"})
    with pytest.raises(InputError, match="month\\(s\\) 4 have no data"):
        rasters.check_inputs(ds)


@pytest.mark.parametrize(
    ("name", "values", "message"),
    [
        ("soc_stock_t_ha", np.linspace(0.5, 4.0, 600).reshape(20, 30), "concentration in %"),
        ("clay_pct", np.linspace(0.05, 0.6, 600).reshape(20, 30), "fraction"),
        ("tmp_c", None, "kelvin"),
        ("c_inp_t_ha_yr", np.linspace(100, 3000, 600).reshape(20, 30), "outside the allowed range 0 to 50"),
        ("soc_stock_t_ha", np.linspace(-20, 80, 600).reshape(20, 30), "outside the allowed range 0 to 1000"),
    ],
)
def test_values_in_the_wrong_unit_are_caught_by_range(tmp_path, name, values, message):
    if values is None:
        values = _climate(offset=273.15)
    write_tif(tmp_path / "x.tif", values)
    sources = {"soc_stock_t_ha": _soc(tmp_path)} if name != "soc_stock_t_ha" else {}
    sources[name] = tmp_path / "x.tif"
    ds = rasters.load_inputs(sources)
    with pytest.raises(InputError, match=message) as err:
        rasters.check_inputs(ds)
    assert "x.tif" in str(err.value) and name in str(err.value)


def test_declared_units_that_do_not_fit(tmp_path):
    write_tif(tmp_path / "soc.tif", soc_field(), units="g/kg")
    with pytest.raises(InputError, match="declares units 'g/kg'.*t C/ha"):
        rasters.load_inputs({"soc_stock_t_ha": tmp_path / "soc.tif"})


def test_no_cell_of_the_land_use_asked_for(tmp_path):
    write_tif(tmp_path / "lu.tif", np.full((20, 30), 3.0))
    ds = rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "land_use": tmp_path / "lu.tif"})
    with pytest.raises(InputError, match="no cell has land use class 1"):
        rasters.check_inputs(ds, land_use_classes=[1])


def test_good_inputs_pass_and_are_summarised(tmp_path):
    write_tif(tmp_path / "tmp.tif", _climate())
    ds = rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "tmp_c": tmp_path / "tmp.tif"})
    summary = rasters.check_inputs(ds)
    assert summary["soc_stock_t_ha"]["valid_cells"] == 600
    assert 20 <= summary["soc_stock_t_ha"]["min"] < summary["soc_stock_t_ha"]["max"] <= 120


def test_unknown_variable_and_missing_file(tmp_path):
    with pytest.raises(InputError, match="unknown input variable"):
        rasters.load_inputs({"soc_stock_t_ha": _soc(tmp_path), "sand_pct": tmp_path / "x.tif"})
    with pytest.raises(InputError, match="file not found"):
        rasters.load_inputs({"soc_stock_t_ha": tmp_path / "nope.tif"})


# ------------------------------------------------------------------------------------------- writing


def test_written_netcdf_and_cog_carry_values_crs_units_and_resampling(tmp_path):
    soc = soc_field()
    soc[0, 0] = np.nan
    write_tif(tmp_path / "soc.tif", soc)
    ds = rasters.load_inputs({"soc_stock_t_ha": tmp_path / "soc.tif"}, chunks=8)
    out = grid.build(ds, years=30)
    res = rasters.write_outputs(out, tmp_path / "out")
    back = xr.open_dataset(res["netcdf"], decode_coords="all")
    assert back.attrs["Conventions"] == "CF-1.8"
    assert json.loads(back.attrs["resampling"]) == {"soc_stock_t_ha": "none (on the grid)"}
    assert back["target_soc_t_ha"].attrs["units"] == "t C/ha"
    assert back["target_soc_t_ha"].encoding["grid_mapping"] == "spatial_ref"
    assert back.rio.crs.to_epsg() == 3035
    np.testing.assert_allclose(back["target_soc_t_ha"].values, soc * 1.12, rtol=1e-6)
    assert np.isnan(back["target_soc_t_ha"].values[0, 0])
    import rasterio

    tif = tmp_path / "out" / "maps" / "target_increment_t_ha_yr.tif"
    with rasterio.open(tif) as src:
        assert src.crs.to_epsg() == 3035
        assert src.tags()["units"] == "t C/ha/yr"
        assert "resampling" in src.tags()
        assert src.profile["tiled"]
        np.testing.assert_allclose(src.read(1), soc * 0.004, rtol=1e-6)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fourpermille_grid.nc", "maps"]


def test_a_failure_while_writing_leaves_nothing(tmp_path):
    write_tif(tmp_path / "soc.tif", soc_field())
    ds = rasters.load_inputs({"soc_stock_t_ha": tmp_path / "soc.tif"}, chunks=8)
    out = grid.build(ds, years=30)
    calls = []

    def boom(done, total):
        calls.append(done)
        if len(calls) == 2:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        rasters.write_outputs(out, tmp_path / "out", on_band=boom)
    assert list((tmp_path / "out").iterdir()) == []


def test_demo_climate_on_lonlat_lands_on_the_soil_grid_in_the_right_place_and_month():
    # climate.nc is the synthetic climate sampled on a 0.25 degree lon/lat grid; aligned back onto the 1 km
    # LAEA grid it must match the synthetic truth up to the bilinear interpolation error (the field changes by
    # 4 degC over the region's 160 rows: ~0.7 degC per 0.25 degree cell). A flipped axis, a shifted month or
    # a misplaced grid gives errors of 1 degC or more.
    from fourpermille.io.grid_demo import DEMO_DIR, DEMO_SHAPE, synthetic_region

    ds = rasters.load_inputs(
        {
            "soc_stock_t_ha": DEMO_DIR / "soc_stock_t_ha.tif",
            "tmp_c": rasters.RasterSource(DEMO_DIR / "climate.nc", "tmp_c"),
        },
        chunks=64,
    )
    truth = synthetic_region(*DEMO_SHAPE, chunks=max(DEMO_SHAPE))["tmp_c"].values
    assert np.abs(ds["tmp_c"].values - truth).max() < 0.25


def test_stock_from_concentration_and_bulk_density(tmp_path):
    # 20 g C/kg x 1.3 g/cm3 x 30 cm x 0.1 = 78 t C/ha (fourpermille.units.T_HA_PER_G_KG_G_CM3_CM)
    write_tif(tmp_path / "soc.tif", np.full((20, 30), 20.0))
    write_tif(tmp_path / "bd.tif", np.full((20, 30), 1.3))
    ds = rasters.load_inputs({"soc_g_kg": tmp_path / "soc.tif", "bulk_density_g_cm3": tmp_path / "bd.tif"})
    out = grid.build(ds, years=30).compute()
    np.testing.assert_allclose(out["soc_stock_t_ha"].values, 78.0, rtol=1e-6)
    np.testing.assert_allclose(out["target_soc_t_ha"].values, 78.0 * 1.12, rtol=1e-6)


def test_bulk_density_in_kg_per_m3_is_caught(tmp_path):
    write_tif(tmp_path / "soc.tif", np.full((20, 30), 20.0))
    write_tif(tmp_path / "bd.tif", np.full((20, 30), 1300.0))
    ds = rasters.load_inputs({"soc_g_kg": tmp_path / "soc.tif", "bulk_density_g_cm3": tmp_path / "bd.tif"})
    with pytest.raises(InputError, match="kg/m3"):
        rasters.check_inputs(ds)
