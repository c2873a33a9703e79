"""Write the synthetic demo region shipped in src/fourpermille/data/grid_demo/ (a few hundred kB).

    .venv/bin/python scripts/make_grid_demo.py [OUTDIR]

Soil, land-use, carbon-input, IPCC climate-zone and soil-class layers: GeoTIFF on a 1 km ETRS89-LAEA
grid (EPSG:3035). Climate:
NetCDF with a 12-month time axis on a 0.25 degree lon/lat grid (EPSG:4326), so that the demo exercises
reprojection and resampling. Regions: GeoJSON polygons in lon/lat. Values come from
fourpermille.io.grid_demo.synthetic_region (deterministic; re-running gives the same files).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import rioxarray  # noqa: F401
import xarray as xr
from pyproj import Transformer
from rasterio.warp import transform_bounds

from fourpermille.io.grid_demo import (
    CLIMATE_ZONE_CODES,
    DEMO_CRS,
    DEMO_DIR,
    DEMO_SHAPE,
    LAND_USE_CLASSES,
    SOIL_CLASS_CODES,
    synthetic_region,
)

CLIMATE_RES_DEG = 0.25
CLIMATE_MARGIN_DEG = 0.5
CLIMATE_YEAR = 2020


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    ny, nx = DEMO_SHAPE
    region = synthetic_region(ny, nx, chunks=max(ny, nx)).compute()
    for name in ("soc_stock_t_ha", "clay_pct", "c_inp_t_ha_yr"):
        da = region[name]
        da.rio.write_nodata(np.nan, encoded=False, inplace=True)
        da.rio.to_raster(
            outdir / f"{name}.tif", compress="deflate", predictor=3, tags={"units": da.attrs["units"]}
        )
    lu = region["land_use"].fillna(0).astype("uint8")
    lu.rio.write_nodata(0, inplace=True)
    lu.rio.to_raster(
        outdir / "land_use.tif",
        compress="deflate",
        tags={k: str(v) for k, v in {"classes": json.dumps(LAND_USE_CLASSES)}.items()},
    )

    for name, codes in (("climate_zone", CLIMATE_ZONE_CODES), ("soil_class", SOIL_CLASS_CODES)):
        layer = region[name].fillna(0).astype("uint8")
        layer.rio.write_nodata(0, inplace=True)
        layer.rio.to_raster(outdir / f"{name}.tif", compress="deflate", tags={"codes": json.dumps(codes)})

    # Climate on a coarse lon/lat grid covering the region: sample the synthetic climate at the LAEA
    # position of each lon/lat cell centre (rows clipped to the region), as a climate dataset would be.
    bounds = region.rio.bounds()
    west, south, east, north = transform_bounds(DEMO_CRS, "EPSG:4326", *bounds)
    lon = np.arange(np.floor(west) - CLIMATE_MARGIN_DEG, east + CLIMATE_MARGIN_DEG, CLIMATE_RES_DEG)
    lat = np.arange(np.floor(south) - CLIMATE_MARGIN_DEG, north + CLIMATE_MARGIN_DEG, CLIMATE_RES_DEG)
    lon2, lat2 = np.meshgrid(lon + CLIMATE_RES_DEG / 2, lat + CLIMATE_RES_DEG / 2)
    x, y = Transformer.from_crs("EPSG:4326", DEMO_CRS, always_xy=True).transform(lon2, lat2)
    res = float(abs(region.x[1] - region.x[0]))
    rows = np.clip(np.round((float(region.y[0]) - y) / res), 0, ny - 1).astype(int)
    cols = np.clip(np.round((x - float(region.x[0])) / res), 0, nx - 1).astype(int)
    time = pd.date_range(f"{CLIMATE_YEAR}-01-01", periods=12, freq="MS") + pd.Timedelta(days=14)
    climate = xr.Dataset(
        {
            name: (
                ("time", "lat", "lon"),
                region[name].values[:, rows, cols],
                {"units": region[name].attrs["units"], "long_name": region[name].attrs["long_name"]},
            )
            for name in ("tmp_c", "pre_mm", "pet_mm")
        },
        coords={
            "time": time,
            "lat": ("lat", lat + CLIMATE_RES_DEG / 2, {"units": "degrees_north"}),
            "lon": ("lon", lon + CLIMATE_RES_DEG / 2, {"units": "degrees_east"}),
        },
        attrs={"title": "synthetic monthly climate of the fourpermille grid demo", "Conventions": "CF-1.8"},
    )
    climate = climate.rio.write_crs("EPSG:4326")
    climate.to_netcdf(
        outdir / "climate.nc",
        engine="netcdf4",
        encoding={n: {"zlib": True, "dtype": "float32"} for n in ("tmp_c", "pre_mm", "pet_mm")},
    )

    # Three regions splitting the area (west, north-east, south-east), in lon/lat.
    to_ll = Transformer.from_crs(DEMO_CRS, "EPSG:4326", always_xy=True)
    left, bottom, right, top = bounds
    midx, midy = (left + right) / 2, (bottom + top) / 2

    def ring(x0, y0, x1, y1):
        pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]
        return [[round(v, 6) for v in to_ll.transform(px, py)] for px, py in pts]

    boxes = {
        "West": (left, bottom, midx, top),
        "North-East": (midx, midy, right, top),
        "South-East": (midx, bottom, right, midy),
    }
    features = [
        {
            "type": "Feature",
            "properties": {"name": name},
            "geometry": {"type": "Polygon", "coordinates": [ring(*box)]},
        }
        for name, box in boxes.items()
    ]
    (outdir / "regions.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, indent=1)
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO_DIR)
