"""``fourpermille grid``: the demo end to end, and bad input as one line with nothing written."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.cli.helpers import run_cli

pytest.importorskip("rioxarray")

from tests.grid.helpers import soc_field, write_tif  # noqa: E402

pytestmark = pytest.mark.requires_dask


@pytest.mark.slow
def test_demo_writes_maps_previews_and_zonal_totals(tmp_path):
    import rasterio
    import xarray as xr

    out = tmp_path / "demo"
    result = run_cli("grid", "demo", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    maps = out / "maps"
    for name in (
        "soc_stock_t_ha",
        "target_soc_t_ha",
        "target_increment_t_ha_yr",
        "rothc_soc_eq_t_ha",
        "equilibrium_input_t_ha_yr",
        "required_additional_input_t_ha_yr",
        "required_input_increase_pct",
        "tier1_change_t_ha_yr",
    ):
        with rasterio.open(maps / f"{name}.tif") as src:
            assert src.crs.to_epsg() == 3035
            assert src.shape == (160, 200)
        assert (maps / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    nc = xr.open_dataset(out / "fourpermille_grid.nc")
    assert '"tmp_c": "bilinear"' in nc.attrs["resampling"]
    pct = nc["required_input_increase_pct"].values
    assert np.isfinite(pct).sum() == np.isfinite(nc["soc_stock_t_ha"].values).sum() > 0
    # extra input / current input = 0.12 SOC0 / G_30 (the engine's Eq. 2): positive, and below 100 %
    assert 0 < np.nanmin(pct) and np.nanmax(pct) < 100
    table = pd.read_csv(out / "zonal_totals.csv")
    assert table["zone"].tolist() == ["West", "North-East", "South-East"]
    # totals = sum of the map x 100 ha per 1 km cell; CO2e = C x 44/12
    soc = nc["soc_stock_t_ha"].values
    assert table["soc_stock_t"].sum() == pytest.approx(np.nansum(soc) * 100.0, rel=1e-5)
    assert (table["soc_stock_t_co2e"] / table["soc_stock_t"]).tolist() == pytest.approx([44 / 12] * 3)
    assert "zonal totals" in result.stdout


def test_soc_in_percent_is_one_line_exit_2_and_nothing_written(tmp_path):
    write_tif(tmp_path / "soc.tif", soc_field() / 20.0)
    out = tmp_path / "out"
    result = run_cli(
        "grid",
        "run",
        "--soc",
        str(tmp_path / "soc.tif"),
        "-o",
        str(out),
        "--scheduler",
        "threads",
        "--no-previews",
    )
    assert result.exit_code == 2
    assert "soc.tif" in result.stderr and "concentration in %" in result.stderr
    assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert not out.exists()


def test_run_with_zones_on_threads(tmp_path):
    import json

    write_tif(tmp_path / "soc.tif", soc_field())
    write_tif(tmp_path / "lu.tif", np.where(np.arange(30)[None, :] < 10, 1.0, 2.0) * np.ones((20, 1)))
    zones = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:3035"}},
        "features": [
            {
                "type": "Feature",
                "properties": {"region": "all"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [3.5e6, 2.798e6],
                            [3.503e6, 2.798e6],
                            [3.503e6, 2.8e6],
                            [3.5e6, 2.8e6],
                            [3.5e6, 2.798e6],
                        ]
                    ],
                },
            }
        ],
    }
    (tmp_path / "zones.geojson").write_text(json.dumps(zones))
    out = tmp_path / "out"
    result = run_cli(
        "grid",
        "run",
        "--soc",
        str(tmp_path / "soc.tif"),
        "--land-use",
        str(tmp_path / "lu.tif"),
        "--land-use-classes",
        "1",
        "--zones",
        str(tmp_path / "zones.geojson"),
        "--zone-field",
        "region",
        "-o",
        str(out),
        "--scheduler",
        "threads",
        "--no-previews",
        "--chunks",
        "8",
    )
    assert result.exit_code == 0, result.stderr
    table = pd.read_csv(out / "zonal_totals.csv")
    expected = soc_field()[:, :10].astype(float).sum() * 1.0  # 1 ha cells, cropland columns 0-9 only
    assert table["soc_stock_t"].iloc[0] == pytest.approx(expected, rel=1e-6)
    assert table["area_ha"].iloc[0] == pytest.approx(600.0)
    assert table["soc_stock_area_ha"].iloc[0] == pytest.approx(200.0)


def test_bad_zone_field_names_the_file(tmp_path):
    write_tif(tmp_path / "soc.tif", soc_field())
    (tmp_path / "z.geojson").write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {"name": "a"}, "geometry": {"type": "Point", '
        '"coordinates": [0, 0]}}]}'
    )
    result = run_cli(
        "grid",
        "run",
        "--soc",
        str(tmp_path / "soc.tif"),
        "--zones",
        str(tmp_path / "z.geojson"),
        "--zone-field",
        "country",
        "-o",
        str(tmp_path / "out"),
        "--scheduler",
        "threads",
    )
    assert result.exit_code == 2
    assert "z.geojson" in result.stderr and "country" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    write_tif(tmp_path / "soc.tif", soc_field())
    from fourpermille.cli import grid as grid_cli

    monkeypatch.setattr(grid_cli, "SCHEDULER_CONNECT_TIMEOUT", "1s")
    monkeypatch.setenv("FOURPERMILLE_SCHEDULER", "tcp://127.0.0.1:9")
    result = run_cli("grid", "run", "--soc", str(tmp_path / "soc.tif"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "cannot reach the dask scheduler at 'tcp://127.0.0.1:9'" in result.stderr


def test_bad_resampling_lists_the_allowed_methods(tmp_path):
    write_tif(tmp_path / "soc.tif", soc_field())
    result = run_cli(
        "grid",
        "run",
        "--soc",
        str(tmp_path / "soc.tif"),
        "-o",
        str(tmp_path / "out"),
        "--resampling",
        "clay_pct=smooth",
    )
    assert result.exit_code == 2
    assert "nearest, bilinear" in result.stderr


def test_bad_plant_cover(tmp_path):
    write_tif(tmp_path / "soc.tif", soc_field())
    result = run_cli(
        "grid",
        "run",
        "--soc",
        str(tmp_path / "soc.tif"),
        "-o",
        str(tmp_path / "out"),
        "--plant-cover",
        "1111",
    )
    assert result.exit_code == 2
    assert "12 digits" in result.stderr


def test_tier1_with_one_zone_and_soil_for_the_grid(tmp_path):
    import xarray as xr

    write_tif(tmp_path / "soc.tif", soc_field())
    out = tmp_path / "out"
    result = run_cli(
        "grid",
        "run",
        "--soc",
        str(tmp_path / "soc.tif"),
        "-o",
        str(out),
        "--scheduler",
        "threads",
        "--no-previews",
        "--formats",
        "nc",
        "--practice-after",
        "long_term_cultivated,no_till,medium",
        "--climate-zone",
        "warm_temperate_moist",
        "--soil-class",
        "HAC",
    )
    assert result.exit_code == 0, result.stderr
    nc = xr.open_dataset(out / "fourpermille_grid.nc")
    # Table 2.3 (Updated) W1 HAC 64 t C/ha x F_LU 0.69 x (F_MG 1.10 - 1) / D 20 yr (see tests/grid)
    np.testing.assert_allclose(nc["tier1_change_t_ha_yr"].values, 0.2208, rtol=1e-6)
    assert nc.attrs["tier1_after"] == "long_term_cultivated,no_till,medium"


def test_tier1_missing_soil_class_is_an_error(tmp_path):
    write_tif(tmp_path / "soc.tif", soc_field())
    result = run_cli(
        "grid",
        "run",
        "--soc",
        str(tmp_path / "soc.tif"),
        "-o",
        str(tmp_path / "out"),
        "--scheduler",
        "threads",
        "--practice-after",
        "long_term_cultivated,no_till,medium",
        "--climate-zone",
        "warm_temperate_moist",
    )
    assert result.exit_code == 2
    assert "soil_class" in result.stderr
    assert not (tmp_path / "out").exists()


def test_no_soc_map_is_a_clear_error(tmp_path):
    write_tif(tmp_path / "bd.tif", np.full((20, 30), 1.3))
    result = run_cli("grid", "run", "--bulk-density", str(tmp_path / "bd.tif"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "--soc-g-kg with --bulk-density" in result.stderr


@pytest.mark.slow
def test_local_cluster_gives_the_same_maps_as_threads(tmp_path):
    import xarray as xr

    write_tif(tmp_path / "soc.tif", soc_field())
    maps = {}
    for scheduler in ("threads", "local"):
        out = tmp_path / scheduler
        result = run_cli(
            "grid",
            "run",
            "--soc",
            str(tmp_path / "soc.tif"),
            "-o",
            str(out),
            "--scheduler",
            scheduler,
            "--workers",
            "1",
            "--no-previews",
            "--formats",
            "nc",
            "--chunks",
            "8",
        )
        assert result.exit_code == 0, result.stderr
        maps[scheduler] = xr.open_dataset(out / "fourpermille_grid.nc")["target_soc_t_ha"].values
    assert "LocalCluster, worker processes: 1" in result.stdout
    np.testing.assert_array_equal(maps["local"], maps["threads"])


@pytest.mark.slow
def test_grid_on_a_cluster_reached_by_its_scheduler_address(tmp_path):
    """What a multi-machine run does (docs/guide/grid.md): ``--scheduler tcp://HOST:PORT`` of a running
    dask.distributed cluster, here a LocalCluster of 2 separate worker processes. Every map (RothC's fused
    pass, Tier 1, targets) and the zonal totals equal those of dask threads."""
    import logging

    import xarray as xr
    from distributed import LocalCluster

    maps, totals = {}, {}
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        for label, scheduler in (("threads", "threads"), ("cluster", cluster.scheduler_address)):
            out = tmp_path / label
            result = run_cli("grid", "demo", "-o", str(out), "--scheduler", scheduler)
            assert result.exit_code == 0, result.stderr
            with xr.open_dataset(out / "fourpermille_grid.nc") as ds:
                maps[label] = ds.load()
            totals[label] = (out / "zonal_totals.csv").read_text()
        said = " ".join(result.stdout.split())
        assert f"dask.distributed cluster at {cluster.scheduler_address} (2 workers)" in said
    assert "required_additional_input_t_ha_yr" in maps["cluster"]
    for name in maps["threads"].data_vars:
        np.testing.assert_array_equal(
            maps["cluster"][name].values, maps["threads"][name].values, err_msg=name
        )
    assert totals["cluster"] == totals["threads"]
