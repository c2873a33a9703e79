"""Small rasters written on the fly for the grid tests."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("rioxarray")
pytest.importorskip("dask")

import rasterio  # noqa: E402
from rasterio.transform import from_origin  # noqa: E402

#: A small projected grid: ETRS89-LAEA, 100 m cells (1 ha each).
CRS = "EPSG:3035"
ORIGIN = (3_500_000.0, 2_800_000.0)
RES = 100.0


def write_tif(path, data, crs=CRS, origin=ORIGIN, res=RES, nodata=np.nan, units=None, dtype="float32"):
    """Write a 2-D (one band) or 3-D (bands) array as GeoTIFF; ``crs=None`` writes none."""
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[None]
    profile = {
        "driver": "GTiff",
        "height": data.shape[1],
        "width": data.shape[2],
        "count": data.shape[0],
        "dtype": dtype,
        "transform": from_origin(origin[0], origin[1], res, res),
        "nodata": nodata,
    }
    if crs is not None:
        profile["crs"] = crs
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data.astype(dtype))
        if units:
            dst.update_tags(units=units)
    return path


def soc_field(ny=20, nx=30, seed=0):
    rng = np.random.default_rng(seed)
    return rng.uniform(20, 120, (ny, nx)).astype("float32")
