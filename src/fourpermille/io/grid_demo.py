"""A synthetic region for the grid demo, the tests and the benchmark, generated lazily chunk by chunk.

Every cell's values are a function of its global row/column (smooth patterns plus a hashed noise), so any
chunk can be generated alone and a 5,000 x 5,000 region never exists whole in memory. The values are
plausible for a temperate cropland region (topsoil stocks 25-120 t C/ha, clay 5-55 %, a temperate
climate) but they describe no real place.

The demo files shipped in ``fourpermille/data/grid_demo/`` are written from :func:`synthetic_region` by
``scripts/make_grid_demo.py``: the soil and land-use layers on a 1 km grid in ETRS89-LAEA (EPSG:3035),
the climate as a NetCDF file with a 12-month time axis on a 0.25 degree longitude/latitude grid (so the
demo exercises the alignment), and a GeoJSON file of regions.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

#: Where the shipped demo files live.
DEMO_DIR = Path(__file__).resolve().parent.parent / "data" / "grid_demo"
#: Land-use classes of the synthetic region (and their names).
LAND_USE_CLASSES = {1: "cropland", 2: "grassland", 3: "forest", 4: "water or built-up"}
CROPLAND = 1
#: Codes of the IPCC climate zone and soil class maps of the synthetic region.
CLIMATE_ZONE_CODES = {1: "warm_temperate_moist", 2: "cool_temperate_moist"}
SOIL_CLASS_CODES = {1: "HAC", 3: "SAN"}
#: Sandy soils (IPCC SAN) where clay is below this [%] (the IPCC SAN class: < 8 % clay and > 70 % sand;
#: a looser cut here so that the small demo has some).
SANDY_CLAY_MAX_PCT = 14.0
#: Warm temperate where the mean annual temperature exceeds 10 degC (IPCC 2019 Vol 4 Ch 3 Annex 3A.5).
WARM_TEMPERATE_MIN_MAT_C = 10.0
#: Grid of the synthetic region: ETRS89-LAEA Europe, 1 km cells, upper-left corner in France.
DEMO_CRS = "EPSG:3035"
DEMO_RES_M = 1000.0
DEMO_ORIGIN = (3_500_000.0, 2_800_000.0)
#: Demo region size (rows, columns).
DEMO_SHAPE = (160, 200)

_MIX = np.uint64(0x9E3779B97F4A7C15)


def _hash01(rows, cols, seed: int):
    """Uniform [0, 1) noise that depends only on (row, column, seed): splitmix64 of the cell index."""
    with np.errstate(over="ignore"):
        z = (
            rows.astype(np.uint64) * np.uint64(0x100000001B3)
            + cols.astype(np.uint64)
            + np.uint64(seed) * _MIX
        )
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _field(name: str, r0: int, r1: int, c0: int, c1: int, seed: int, n_rows: int) -> np.ndarray:
    """One synthetic 2-D layer over rows r0:r1, columns c0:c1 of the region (only what it needs)."""
    rows, cols = np.meshgrid(np.arange(r0, r1), np.arange(c0, c1), indexing="ij")
    if name == "climate_zone":
        column = np.arange(r0, r1, dtype=float)[:, None]
        mat = _climate(column, np.arange(1, 13), n_rows)["tmp_c"].mean(axis=0)
        zone = np.where(mat > WARM_TEMPERATE_MIN_MAT_C, 1.0, 2.0).astype(np.float32)
        return np.broadcast_to(zone, rows.shape).copy()

    def clay():
        return (
            28.0
            + 18.0 * np.cos(rows / 51.0) * np.sin(cols / 43.0)
            + 8.0 * (_hash01(rows, cols, seed + 2) - 0.5)
        ).astype(np.float32)

    if name == "clay_pct":
        return clay()
    smooth = (np.sin(rows / 37.0) + np.cos(cols / 23.0) + 0.5 * np.sin((rows + cols) / 11.0)) / 2.5
    cover = smooth + 0.6 * (_hash01(rows, cols, seed) - 0.5)
    land_use = np.select([cover < -0.15, cover < 0.3, cover < 0.75], [1, 2, 3], 4).astype(np.float32)
    if name == "land_use":
        return land_use
    water = land_use == 4
    if name == "soil_class":
        return np.where(water, np.nan, np.where(clay() < SANDY_CLAY_MAX_PCT, 3.0, 1.0)).astype(np.float32)
    if name == "c_inp_t_ha_yr":
        base = np.select([land_use == 1, land_use == 2, land_use == 3], [2.2, 3.0, 4.0], np.nan)
        return (base + 0.8 * smooth).astype(np.float32)
    if name == "soc_stock_t_ha":
        soc = 55.0 + 30.0 * smooth + 10.0 * (_hash01(rows, cols, seed + 1) - 0.5)
        soc = soc + np.select([land_use == 2, land_use == 3], [15.0, 30.0], 0.0)
        return np.where(water, np.nan, soc).astype(np.float32)
    raise KeyError(name)


def _climate(rows: np.ndarray, month: np.ndarray, n_rows: int) -> dict[str, np.ndarray]:
    """Monthly climate (month, y, x): warmer to the south, a sine seasonal cycle peaking in July."""
    north = 1.0 - rows / max(n_rows - 1, 1)  # 1 at the top row
    season = np.cos(2 * np.pi * (month[:, None, None] - 7) / 12.0)
    tmp = 13.0 - 4.0 * north + 8.0 * season
    pre = 55.0 + 25.0 * north - 15.0 * season
    pet = np.clip(55.0 + 50.0 * season - 10.0 * north, 5.0, None)
    return {
        "tmp_c": tmp.astype(np.float32),
        "pre_mm": pre.astype(np.float32),
        "pet_mm": pet.astype(np.float32),
    }


def synthetic_region(
    ny: int,
    nx: int,
    chunks: int = 1024,
    seed: int = 0,
    crs: str = DEMO_CRS,
    res: float = DEMO_RES_M,
    origin: tuple[float, float] = DEMO_ORIGIN,
):
    """A lazy synthetic region of ``ny`` x ``nx`` cells: every input of the grid tools, dask-backed.

    Returns
    -------
    xarray.Dataset (y, x) and (month, y, x) with a CRS: soc_stock_t_ha [t C/ha], clay_pct [%],
    land_use [class, :data:`LAND_USE_CLASSES`], c_inp_t_ha_yr [t C/ha/yr], tmp_c [degC],
    pre_mm [mm], pet_mm [mm], climate_zone and soil_class [IPCC codes, :data:`CLIMATE_ZONE_CODES`,
    :data:`SOIL_CLASS_CODES`]; NaN on water/built-up cells for the soil variables.
    """
    import dask.array as dsa
    import rioxarray  # noqa: F401
    import xarray as xr

    from fourpermille.io.rasters import VARIABLES

    ych = tuple(min(chunks, ny - i) for i in range(0, ny, chunks))
    xch = tuple(min(chunks, nx - i) for i in range(0, nx, chunks))
    months = np.arange(1, 13)

    def make2d(name):
        def block(block_info=None):
            (r0, r1), (c0, c1) = block_info[None]["array-location"]
            return _field(name, r0, r1, c0, c1, seed, ny)

        return dsa.map_blocks(
            block,
            chunks=(ych, xch),
            dtype=np.float32,
            meta=np.array((), np.float32),
            name=f"synthetic-{name}-{ny}-{nx}-{chunks}-{seed}",
        )

    def make3d(name):
        def block(block_info=None):
            _, (r0, r1), (c0, c1) = block_info[None]["array-location"]
            # the climate varies by row only: computed on one column, broadcast (a view, no copy)
            column = _climate(np.arange(r0, r1, dtype=float)[:, None], months, ny)[name]
            return np.broadcast_to(column, (12, r1 - r0, c1 - c0))

        return dsa.map_blocks(
            block,
            chunks=((12,), ych, xch),
            dtype=np.float32,
            meta=np.array((), np.float32),
            name=f"synthetic-{name}-{ny}-{nx}-{chunks}",
        )

    x = origin[0] + res * (np.arange(nx) + 0.5)
    y = origin[1] - res * (np.arange(ny) + 0.5)
    layers = ("soc_stock_t_ha", "clay_pct", "land_use", "c_inp_t_ha_yr", "climate_zone", "soil_class")
    data = {n: (("y", "x"), make2d(n)) for n in layers}
    data.update({n: (("month", "y", "x"), make3d(n)) for n in ("tmp_c", "pre_mm", "pet_mm")})
    ds = xr.Dataset(data, coords={"y": y, "x": x, "month": months})
    for name in ds.data_vars:
        spec = VARIABLES[name]
        ds[name].attrs = {"units": spec.unit, "long_name": spec.long_name, "source": f"synthetic:{name}"}
    ds.attrs["resampling"] = '{"all": "none (synthetic, generated on the grid)"}'
    return ds.rio.write_crs(crs)
