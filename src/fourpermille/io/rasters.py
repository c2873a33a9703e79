"""Rasters in and out: GeoTIFF / Cloud-Optimised GeoTIFF and NetCDF, aligned onto one grid, lazily.

Reading
    :func:`open_raster` opens one file (GeoTIFF/COG through rioxarray, NetCDF through xarray) as a
    dask-backed :class:`xarray.DataArray` with dims ``(y, x)`` or ``(month, y, x)``; nothing is read yet.
    :func:`load_inputs` opens every input, checks that each grid can be aligned, and aligns them onto the
    reference grid (by default the SOC raster's). Inputs already on the reference grid are used as they
    are; the others are reprojected chunk by chunk (:func:`reproject_lazy`, still lazy), with a resampling
    method per variable (:data:`VARIABLES`, overridable) that is recorded in ``attrs['resampling']`` and
    in every output file.

Checking (:func:`check_inputs`)
    One reducing pass over the aligned inputs (valid-cell count, minimum, maximum, per month for monthly
    variables) before any science is computed: all-nodata inputs, missing months, values outside the
    physical range of the expected unit, and values that look like another unit (SOC in % where
    t C/ha is expected, temperature in K, clay as a fraction ...) raise :class:`InputError` naming the
    file and the variable.

Writing (:func:`write_outputs`, :class:`GridWriter`, :func:`iter_bands`)
    Outputs are computed band of chunk-rows by band of chunk-rows (memory bounded by two bands whatever
    the region's size; one band is written and compressed in a thread while the next is computed) and
    written into a NetCDF file (CF-1.8 metadata: units, long_name, grid_mapping)
    and one Cloud-Optimised GeoTIFF per variable. Everything is written through temporary files moved
    into place only when the whole run succeeded.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fourpermille import grid
from fourpermille.errors import InputError, check_choice

#: Default chunk edge [cells] of the lazy arrays (2-D chunk of float32: 4 MiB at 1024).
DEFAULT_CHUNK = 1024
#: Months of a monthly climate input.
MONTHS = tuple(range(1, 13))
#: Relative tolerance when deciding that two grids are the same (transform terms).
GRID_RTOL = 1e-9
#: Resampling methods accepted (rasterio's names).
RESAMPLING_METHODS = (
    "nearest",
    "bilinear",
    "cubic",
    "cubic_spline",
    "lanczos",
    "average",
    "mode",
    "min",
    "max",
    "med",
    "q1",
    "q3",
)
#: Output NetCDF conventions.
CF_CONVENTIONS = "CF-1.8"
#: Fill value of float outputs (GeoTIFF nodata and NetCDF _FillValue).
FLOAT_FILL = np.float32(np.nan)


@dataclass(frozen=True)
class VariableSpec:
    """What an input raster must hold.

    ``low``/``high`` is the physical range in ``unit``; ``looks_like`` lists (test, message) pairs on
    (minimum, maximum) that reveal a value in another unit.
    """

    name: str
    long_name: str
    unit: str
    monthly: bool
    resampling: str
    low: float | None = None
    high: float | None = None
    categorical: bool = False
    looks_like: tuple[tuple[Callable[[float, float], bool], str], ...] = ()
    units_aliases: tuple[str, ...] = ()


# Bounds and "looks like another unit" thresholds. The bounds are physical limits, not typical values:
# 0-30 cm SOC stocks of mineral and organic soils stay below 1000 t C/ha (peat at 0.05 g/cm3 x 500 g/kg
# x 30 cm x 0.1 = 750); a whole region whose largest stock is at most 15 is not plausible in t C/ha but is
# typical of a SOC concentration in % (Minasny et al. 2017, Geoderma 292, Table 1: topsoil stocks of
# 20-150 t C/ha). Monthly mean air temperature on Earth stays within -70..+50 degC; monthly
# precipitation within 0..3000 mm (Cherrapunji's record month is 9300 mm: allowed up to 10000);
# RothC carbon inputs are 0..~20 t C/ha/yr (Coleman & Jenkinson 1996).
SOC_STOCK_MAX_T_HA = 1000.0
SOC_PERCENT_SUSPECT_MAX = 15.0
CLAY_FRACTION_SUSPECT_MAX = 1.0
KELVIN_SUSPECT_MIN = 150.0
TEMPERATURE_RANGE_C = (-70.0, 50.0)
PRECIPITATION_MAX_MM = 10000.0
EVAPORATION_MAX_MM = 1500.0
CARBON_INPUT_MAX_T_HA_YR = 50.0
# Organic matter is at most ~58 % carbon (van Bemmelen factor 1.724): 580 g C/kg; bulk density lies between
# peat (~0.05 g/cm3) and the particle density of quartz (2.65 g/cm3); a map whose smallest value is 100 or
# more is in kg/m3.
SOC_CONCENTRATION_MAX_G_KG = 580.0
BULK_DENSITY_RANGE_G_CM3 = (0.05, 2.65)
KG_M3_SUSPECT_MIN = 100.0

VARIABLES: dict[str, VariableSpec] = {
    spec.name: spec
    for spec in (
        VariableSpec(
            "soc_stock_t_ha",
            "SOC stock, 0-30 cm",
            "t C/ha",
            False,
            "bilinear",
            0.0,
            SOC_STOCK_MAX_T_HA,
            looks_like=(
                (
                    lambda lo, hi: hi <= SOC_PERCENT_SUSPECT_MAX,
                    f"every value is <= {SOC_PERCENT_SUSPECT_MAX:g}: this looks like a SOC "
                    "concentration in % (or g/100 g), not a stock in t C/ha",
                ),
            ),
            units_aliases=("t C/ha", "t C ha-1", "tC/ha", "t/ha", "Mg/ha", "Mg C/ha", "Mg C ha-1", "t ha-1"),
        ),
        VariableSpec(
            "soc_g_kg",
            "SOC concentration of the fine earth, 0-30 cm",
            "g C/kg",
            False,
            "bilinear",
            0.0,
            SOC_CONCENTRATION_MAX_G_KG,
            units_aliases=("g C/kg", "g/kg", "g kg-1", "g C kg-1", "permille"),
        ),
        VariableSpec(
            "bulk_density_g_cm3",
            "fine-earth bulk density, 0-30 cm",
            "g/cm3",
            False,
            "bilinear",
            BULK_DENSITY_RANGE_G_CM3[0],
            BULK_DENSITY_RANGE_G_CM3[1],
            looks_like=(
                (
                    lambda lo, hi: lo >= KG_M3_SUSPECT_MIN,
                    f"every value is >= {KG_M3_SUSPECT_MIN:g}: this looks like kg/m3, not g/cm3",
                ),
            ),
            units_aliases=("g/cm3", "g cm-3", "Mg/m3", "t/m3", "kg/dm3"),
        ),
        VariableSpec(
            "clay_pct",
            "clay content of the fine earth",
            "%",
            False,
            "bilinear",
            0.0,
            100.0,
            looks_like=(
                (
                    lambda lo, hi: hi <= CLAY_FRACTION_SUSPECT_MAX,
                    "every value is <= 1: this looks like a fraction (0-1), not a percentage",
                ),
            ),
            units_aliases=("%", "percent", "pct"),
        ),
        VariableSpec(
            "land_use",
            "land use / land cover class",
            "1",
            False,
            "nearest",
            categorical=True,
            units_aliases=("1", "", "class"),
        ),
        VariableSpec(
            "tmp_c",
            "monthly mean air temperature",
            "degC",
            True,
            "bilinear",
            *TEMPERATURE_RANGE_C,
            looks_like=(
                (
                    lambda lo, hi: lo >= KELVIN_SUSPECT_MIN,
                    f"every value is >= {KELVIN_SUSPECT_MIN:g}: this looks like kelvin, not degC",
                ),
            ),
            units_aliases=("degC", "°C", "C", "celsius", "degree_Celsius"),
        ),
        VariableSpec(
            "pre_mm",
            "monthly precipitation",
            "mm",
            True,
            "bilinear",
            0.0,
            PRECIPITATION_MAX_MM,
            units_aliases=("mm", "mm/month", "mm month-1"),
        ),
        VariableSpec(
            "pet_mm",
            "monthly open-pan evaporation",
            "mm",
            True,
            "bilinear",
            0.0,
            EVAPORATION_MAX_MM,
            units_aliases=("mm", "mm/month", "mm month-1"),
        ),
        VariableSpec(
            "climate_zone",
            "IPCC climate zone (integer code)",
            "1",
            False,
            "nearest",
            categorical=True,
            units_aliases=("1", "", "class"),
        ),
        VariableSpec(
            "soil_class",
            "IPCC soil class (integer code)",
            "1",
            False,
            "nearest",
            categorical=True,
            units_aliases=("1", "", "class"),
        ),
        VariableSpec(
            "c_inp_t_ha_yr",
            "plant carbon input to the soil",
            "t C/ha/yr",
            False,
            "bilinear",
            0.0,
            CARBON_INPUT_MAX_T_HA_YR,
            units_aliases=("t C/ha/yr", "t C ha-1 yr-1", "tC/ha/yr", "Mg C/ha/yr", "t/ha/yr"),
        ),
    )
}


# --------------------------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class RasterSource:
    """One input: a file, optionally a NetCDF variable name, and the resampling method to align it."""

    path: Path
    variable: str | None = None
    resampling: str | None = None

    @classmethod
    def parse(cls, text: str, resampling: str | None = None) -> RasterSource:
        """``path`` or ``path:variable`` (a NetCDF variable)."""
        path, _, var = str(text).partition(".nc:")
        if var:
            return cls(Path(path + ".nc"), var, resampling)
        return cls(Path(text), None, resampling)


def _rio():
    import rioxarray  # noqa: F401  (registers the .rio accessor)


def open_raster(path, variable: str | None = None, chunks: int = DEFAULT_CHUNK, monthly: bool = False):
    """Open a GeoTIFF/COG or NetCDF raster lazily as a float32 DataArray with NaN for nodata.

    Parameters
    ----------
    path : str or Path
    variable : str, optional
        NetCDF variable; required when the file holds more than one data variable.
    chunks : int [cells]
        Chunk edge along y and x.
    monthly : bool
        The variable has 12 months: 12 bands (GeoTIFF) or a time axis of 12 months, or whole years of
        months (NetCDF, averaged month by month into a climatology).

    Returns
    -------
    xarray.DataArray with dims (y, x) or (month, y, x), a CRS (``.rio.crs``), y decreasing.
    """

    _rio()
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    suffix = path.suffix.lower()
    try:
        if suffix in (".nc", ".nc4", ".cdf", ".netcdf"):
            da = _open_netcdf(path, variable, chunks)
        else:
            import rioxarray

            da = rioxarray.open_rasterio(
                path, chunks={"band": -1, "y": chunks, "x": chunks}, masked=True, lock=False
            )
            da = da.rename(band="month") if monthly else _single_band(da, path)
    except InputError as exc:
        raise exc.in_file(str(path)) from None
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"cannot read as a raster: {exc}", file=str(path)) from None
    if da.rio.crs is None:
        raise InputError(
            "has no coordinate reference system (CRS); cannot align it onto the grid",
            file=str(path),
            column=variable,
        )
    if monthly:
        da = _monthly(da, path, variable)
    elif "month" in da.dims:
        da = da.squeeze("month", drop=True)
    da = da.astype(np.float32)
    if da.sizes["y"] > 1 and float(da.y[1] - da.y[0]) > 0:
        da = da.isel(y=slice(None, None, -1))
    da.attrs["source"] = str(path) + (f":{variable}" if variable else "")
    return da


def _single_band(da, path):
    if da.sizes["band"] != 1:
        raise InputError(f"expected 1 band, found {da.sizes['band']}", file=str(path))
    return da.squeeze("band", drop=True)


def _open_netcdf(path: Path, variable: str | None, chunks: int):
    import xarray as xr

    ds = xr.open_dataset(path, chunks={}, decode_coords="all", mask_and_scale=True)
    names = [n for n in ds.data_vars if ds[n].ndim >= 2]
    if variable is None:
        if len(names) != 1:
            raise InputError(
                f"holds {len(names)} gridded variables ({', '.join(names)}); name one as FILE.nc:VARIABLE"
            )
        variable = names[0]
    if variable not in ds.data_vars:
        raise InputError(f"has no variable {variable!r}; it has {', '.join(names)}", column=variable)
    da = ds[variable]
    ydim = next((d for d in ("y", "lat", "latitude") if d in da.dims), None)
    xdim = next((d for d in ("x", "lon", "longitude") if d in da.dims), None)
    if ydim is None or xdim is None:
        raise InputError(
            f"has no y/x (or lat/lon) dimensions; dims are {', '.join(da.dims)}", column=variable
        )
    da = da.rename({ydim: "y", xdim: "x"}) if (ydim, xdim) != ("y", "x") else da
    da = da.rio.set_spatial_dims(x_dim="x", y_dim="y")
    if da.rio.crs is None and ydim in ("lat", "latitude"):
        da = da.rio.write_crs("EPSG:4326")
    other = [d for d in da.dims if d not in ("y", "x")]
    if len(other) > 1:
        raise InputError(
            f"has dimensions {', '.join(other)} besides y/x; expected at most a time axis", column=variable
        )
    if other and other[0] != "time":
        da = da.rename({other[0]: "month"})
    return da.chunk({"y": chunks, "x": chunks})


def _monthly(da, path: Path, variable: str | None):
    """Bring a monthly variable to a ``month`` dim of exactly 1..12."""
    if "time" in da.dims:
        months = da["time"].dt.month
        present = sorted(set(int(m) for m in np.unique(months.values)))
        missing = [m for m in MONTHS if m not in present]
        if missing:
            raise InputError(
                f"monthly data lacks month(s) {', '.join(map(str, missing))}; all 12 are needed",
                file=str(path),
                column=variable,
            )
        if da.sizes["time"] == 12:
            da = da.assign_coords(time=months.values).rename(time="month").sortby("month")
        else:
            da = da.groupby("time.month").mean("time")
    elif "month" in da.dims:
        if da.sizes["month"] != 12:
            raise InputError(
                f"monthly data must have 12 bands (months 1-12); found {da.sizes['month']}"
                + (
                    f": missing month(s) {', '.join(map(str, range(da.sizes['month'] + 1, 13)))}"
                    if da.sizes["month"] < 12
                    else ""
                ),
                file=str(path),
                column=variable,
            )
        da = da.assign_coords(month=list(MONTHS))
    else:
        raise InputError(
            "monthly data must have 12 bands or a time axis of months; found one 2-D layer",
            file=str(path),
            column=variable,
        )
    return da.chunk({"month": -1})


# --------------------------------------------------------------------------------------------- grids


@dataclass(frozen=True)
class GridInfo:
    """The geometry of a raster: CRS, affine transform, shape."""

    crs: object
    transform: tuple
    shape: tuple[int, int]

    @classmethod
    def of(cls, da) -> GridInfo:
        return cls(da.rio.crs, tuple(da.rio.transform())[:6], (da.sizes["y"], da.sizes["x"]))

    def same_as(self, other: GridInfo) -> bool:
        return (
            self.shape == other.shape
            and self.crs == other.crs
            and np.allclose(self.transform, other.transform, rtol=GRID_RTOL, atol=0.0)
        )


def check_alignable(da, reference, name: str) -> None:
    """Raise :class:`InputError` if ``da`` cannot be aligned onto ``reference``'s grid.

    Catches: a grid whose coordinates are not evenly spaced (no single resolution), a geographic CRS
    with a resolution or extent that is not in degrees (e.g. metres declared as EPSG:4326), a CRS that
    cannot be transformed to the reference's, and a footprint that does not overlap the reference.
    """
    from pyproj import CRS
    from rasterio.warp import transform_bounds

    where = {"file": da.attrs.get("source"), "column": name}
    for dim in ("x", "y"):
        coord = np.asarray(da[dim].values, dtype=float)
        if coord.size > 2:
            step = np.diff(coord)
            if not np.allclose(step, step[0], rtol=1e-6, atol=0.0):
                raise InputError(
                    f"{dim} coordinates are not evenly spaced (steps {step.min():g} to "
                    f"{step.max():g}); no single resolution to align from",
                    **where,
                )
    crs = CRS.from_user_input(da.rio.crs)
    left, bottom, right, top = da.rio.bounds()
    if crs.is_geographic:
        res = max(abs(r) for r in da.rio.resolution())
        if res > 90 or left < -360 or right > 360 or bottom < -90.5 or top > 90.5:
            raise InputError(
                f"CRS {crs.to_string()} is geographic (degrees) but the resolution ({res:g}) or "
                f"extent ({left:g}, {bottom:g}, {right:g}, {top:g}) is not in degrees; "
                "fix the CRS or the transform",
                **where,
            )
    try:
        bounds = transform_bounds(crs, reference.rio.crs, left, bottom, right, top)
    except Exception as exc:  # rasterio raises CRSError / ValueError depending on the failure
        raise InputError(
            f"CRS {crs.to_string()} cannot be transformed to the grid's "
            f"{reference.rio.crs.to_string()}: {exc}",
            **where,
        ) from None
    if not all(map(math.isfinite, bounds)):
        raise InputError(
            f"extent cannot be expressed in the grid's CRS {reference.rio.crs.to_string()}", **where
        )
    rl, rb, rr, rt = reference.rio.bounds()
    if bounds[0] >= rr or bounds[2] <= rl or bounds[1] >= rt or bounds[3] <= rb:
        raise InputError(
            f"does not overlap the grid: its extent in {reference.rio.crs.to_string()} is "
            f"({bounds[0]:g}, {bounds[1]:g}, {bounds[2]:g}, {bounds[3]:g}), the grid's is "
            f"({rl:g}, {rb:g}, {rr:g}, {rt:g})",
            **where,
        )


def reproject_lazy(source, like, resampling: str):
    """Reproject ``source`` onto the grid of ``like``, chunk by chunk, without computing anything.

    Each output chunk is one task that reads only the window of ``source`` covering it (plus a margin
    for the resampling kernel) and warps it with :func:`rasterio.warp.reproject`.

    Parameters
    ----------
    source : DataArray (y, x) or (month, y, x), float, NaN for nodata, with a CRS
    like : DataArray (y, x), dask-backed, with a CRS: the target grid and its chunks
    resampling : str, one of :data:`RESAMPLING_METHODS`

    Returns
    -------
    DataArray on ``like``'s grid and chunks, float32, NaN where the source has no data.
    """
    import dask
    import dask.array as dsa
    import xarray as xr
    from affine import Affine
    from rasterio.enums import Resampling
    from rasterio.warp import reproject, transform_bounds

    check_choice("resampling", resampling, RESAMPLING_METHODS)
    method = Resampling[resampling]
    src_transform = source.rio.transform()
    src_crs = source.rio.crs
    dst_crs = like.rio.crs
    dst_transform = like.rio.transform()
    lead = [d for d in source.dims if d not in ("y", "x")]
    nlead = [source.sizes[d] for d in lead]
    ychunks, xchunks = like.chunks[like.get_axis_num("y")], like.chunks[like.get_axis_num("x")]
    src_ny, src_nx = source.sizes["y"], source.sizes["x"]
    margin = 3  # source cells around a window: enough for cubic/lanczos kernels

    def warp(src_block, src_win_transform, dst_win_transform, shape):
        out = np.full((*nlead, *shape), np.nan, dtype=np.float32)
        if src_block.size:
            reproject(
                np.ascontiguousarray(src_block, dtype=np.float32),
                out,
                src_transform=src_win_transform,
                src_crs=src_crs,
                src_nodata=np.nan,
                dst_transform=dst_win_transform,
                dst_crs=dst_crs,
                dst_nodata=np.nan,
                resampling=method,
            )
        return out

    rows = []
    y0 = 0
    for ny in ychunks:
        row = []
        x0 = 0
        for nx in xchunks:
            win_t = dst_transform @ Affine.translation(x0, y0)
            left, top = win_t @ (0, 0)
            right, bottom = win_t @ (nx, ny)
            sl, sb, sr, st = transform_bounds(
                dst_crs,
                src_crs,
                min(left, right),
                min(top, bottom),
                max(left, right),
                max(top, bottom),
                densify_pts=21,
            )
            inv = ~src_transform
            cols, rws = zip(*(inv @ (x, y) for x in (sl, sr) for y in (sb, st)), strict=True)
            c0 = max(int(math.floor(min(cols))) - margin, 0)
            c1 = min(int(math.ceil(max(cols))) + margin, src_nx)
            r0 = max(int(math.floor(min(rws))) - margin, 0)
            r1 = min(int(math.ceil(max(rws))) + margin, src_ny)
            c1, r1 = max(c1, c0), max(r1, r0)
            block = source.isel(y=slice(r0, r1), x=slice(c0, c1)).data
            task = dask.delayed(warp, pure=True)(
                block, src_transform @ Affine.translation(c0, r0), win_t, (ny, nx)
            )
            row.append(dsa.from_delayed(task, shape=(*nlead, ny, nx), dtype=np.float32))
            x0 += nx
        rows.append(row)
        y0 += ny
    data = dsa.concatenate([dsa.concatenate(r, axis=-1) for r in rows], axis=-2)
    coords = {"y": like["y"], "x": like["x"]}
    for d in lead:
        coords[d] = source[d]
    out = xr.DataArray(data, dims=(*lead, "y", "x"), coords=coords, attrs=dict(source.attrs))
    return out.rio.write_crs(dst_crs)


# --------------------------------------------------------------------------------------------- inputs


def load_inputs(
    sources: Mapping[str, RasterSource | str | os.PathLike],
    reference: str | None = None,
    chunks: int = DEFAULT_CHUNK,
):
    """Open every input raster and align it onto the grid of ``reference``; nothing is computed.

    Parameters
    ----------
    sources : mapping of variable name (a key of :data:`VARIABLES`) to a path or :class:`RasterSource`
    reference : str, optional
        The variable whose grid (CRS, resolution, extent) every other is aligned onto: the SOC stock map,
        or the SOC concentration map when no stock map is given.
    chunks : int [cells]

    Returns
    -------
    xarray.Dataset on the reference grid, dask-backed; ``attrs['resampling']`` maps each variable to
    the method used ("none" when already on the grid); ``attrs['sources']`` to its file.
    """
    import xarray as xr

    unknown = [n for n in sources if n not in VARIABLES]
    if unknown:
        raise InputError(f"unknown input variable(s) {', '.join(unknown)}; allowed: {', '.join(VARIABLES)}")
    if reference is None:
        reference = (
            "soc_g_kg" if "soc_stock_t_ha" not in sources and "soc_g_kg" in sources else "soc_stock_t_ha"
        )
    if reference not in sources:
        raise InputError(
            f"the reference grid variable {reference!r} is not among the inputs ({', '.join(sources)})"
        )
    srcs = {n: s if isinstance(s, RasterSource) else RasterSource.parse(str(s)) for n, s in sources.items()}
    opened = {n: open_raster(s.path, s.variable, chunks, VARIABLES[n].monthly) for n, s in srcs.items()}
    ref = opened[reference]
    ref_grid = GridInfo.of(ref)
    aligned, methods = {}, {}
    for name, da in opened.items():
        src = srcs[name]
        if name != reference:
            check_alignable(da, ref, name)
        if GridInfo.of(da).same_as(ref_grid):
            aligned[name] = da.drop_vars("spatial_ref", errors="ignore").assign_coords(y=ref.y, x=ref.x)
            methods[name] = "none (on the grid)"
        else:
            method = src.resampling or VARIABLES[name].resampling
            aligned[name] = reproject_lazy(da, ref, method).drop_vars("spatial_ref", errors="ignore")
            methods[name] = method
        _check_units_attr(da, VARIABLES[name])
        aligned[name].attrs = {
            "units": VARIABLES[name].unit,
            "long_name": VARIABLES[name].long_name,
            "source": da.attrs.get("source"),
        }
    ds = xr.Dataset(aligned).rio.write_crs(ref.rio.crs)
    ds.attrs["resampling"] = json.dumps(methods)
    ds.attrs["sources"] = json.dumps({n: aligned[n].attrs["source"] for n in aligned})
    return ds


def _check_units_attr(da, spec: VariableSpec) -> None:
    units = da.attrs.get("units")
    if units is None or spec.categorical:
        return
    norm = str(units).strip()
    if norm not in spec.units_aliases:
        raise InputError(
            f"declares units {norm!r}; {spec.name} must be in {spec.unit} (accepted spellings: "
            f"{', '.join(repr(a) for a in spec.units_aliases)})",
            file=da.attrs.get("source"),
            column=spec.name,
        )


def check_inputs(ds, land_use_classes=None) -> dict:
    """Check every aligned input before any science runs; one reducing pass over the data.

    Raises
    ------
    InputError
        All-nodata input (or no cell of the requested land uses), a month with no data, values outside
        the physical range of the variable's unit, or values that look like another unit.

    Returns
    -------
    dict name -> {"valid_cells", "min", "max"} (plain numbers).
    """
    import dask

    lazy = {}
    for name in ds.data_vars:
        da = ds[name]
        reduce_dims = ("y", "x")
        lazy[name] = (da.notnull().sum(reduce_dims).data, da.min(reduce_dims).data, da.max(reduce_dims).data)
    if land_use_classes is not None and "land_use" in ds:
        lazy["__mask__"] = (grid.land_use_mask(ds["land_use"], land_use_classes).sum().data,)
    (computed,) = dask.compute(lazy)
    summary = {}
    for name in ds.data_vars:
        count, lo, hi = (np.asarray(v) for v in computed[name])
        spec = VARIABLES.get(name)
        where = {"file": ds[name].attrs.get("source"), "column": name}
        if int(count.sum()) == 0:
            raise InputError(
                "has no data: every cell is nodata on the grid (check the nodata value and "
                "that the file covers the region)",
                **where,
            )
        if count.ndim == 1:
            empty = [int(m) for m, c in zip(ds[name]["month"].values, count, strict=True) if c == 0]
            if empty:
                raise InputError(f"month(s) {', '.join(map(str, empty))} have no data", **where)
        vmin, vmax = float(np.nanmin(lo)), float(np.nanmax(hi))
        if spec is not None and not spec.categorical:
            for test, message in spec.looks_like:
                if test(vmin, vmax):
                    raise InputError(
                        f"values {vmin:g} to {vmax:g} [{spec.unit} expected]: {message}", **where
                    )
            if (spec.low is not None and vmin < spec.low) or (spec.high is not None and vmax > spec.high):
                raise InputError(
                    f"values {vmin:g} to {vmax:g} are outside the allowed range "
                    f"{spec.low:g} to {spec.high:g} {spec.unit}; check the unit",
                    **where,
                )
        summary[name] = {"valid_cells": int(count.min()), "min": vmin, "max": vmax}
    if "__mask__" in computed and int(computed["__mask__"][0]) == 0:
        present = (
            ""
            if "land_use" not in summary
            else (f" (classes range {summary['land_use']['min']:g} to {summary['land_use']['max']:g})")
        )
        raise InputError(
            f"no cell has land use class {', '.join(map(str, land_use_classes))}{present}",
            file=ds["land_use"].attrs.get("source"),
            column="land_use",
        )
    return summary


# --------------------------------------------------------------------------------------------- writing


def _band_rows(ds) -> int | None:
    """Rows of the first band of chunk-rows :func:`iter_bands` computes (None when not chunked)."""
    try:
        ychunks = (ds.chunks or {}).get("y")
    except ValueError:  # inconsistent chunks between variables
        return None
    return int(ychunks[0]) if ychunks else None


def _cf_attrs(da) -> dict:
    keep = ("units", "long_name", "standard_name", "comment", "cell_methods", "description")
    return {k: str(v) for k, v in da.attrs.items() if k in keep}


def _netcdf_lock():
    """xarray's lock of the netCDF-C and HDF5 libraries, which are not thread-safe: the writer thread holds
    it for every call into netCDF4, so that no other thread (xarray reading or closing a cached netCDF input,
    e.g. when one is garbage-collected) enters HDF5 at the same time. Seen without it: a segmentation fault
    in the writer thread during a cluster run in the test suite."""
    from xarray.backends.netCDF4_ import NETCDF4_PYTHON_LOCK

    return NETCDF4_PYTHON_LOCK


class GridWriter:
    """Write the variables of a lazy Dataset band by band into NetCDF and/or one COG per variable.

    Use as a context manager; files are moved into place only when the block succeeds.

    Parameters
    ----------
    template : xarray.Dataset
        The outputs (lazy), on one grid with a CRS; each variable's attrs (units, long_name) go into
        the files. ``template.attrs`` become global attributes.
    netcdf : path, optional
    geotiff_dir : path, optional
        One ``NAME.tif`` Cloud-Optimised GeoTIFF per variable.
    """

    def __init__(self, template, netcdf=None, geotiff_dir=None):
        self.template = template
        self.netcdf = Path(netcdf) if netcdf is not None else None
        self.geotiff_dir = Path(geotiff_dir) if geotiff_dir is not None else None
        self.names = [n for n in template.data_vars if set(template[n].dims) == {"y", "x"}]
        self._tmpdir = None
        self._nc = None
        self._tifs = {}

    def __enter__(self) -> GridWriter:
        base = self.netcdf.parent if self.netcdf is not None else self.geotiff_dir
        base.mkdir(parents=True, exist_ok=True)
        self._tmpdir = Path(tempfile.mkdtemp(prefix=".grid-", dir=base))
        if self.netcdf is not None:
            self._open_netcdf(self._tmpdir / self.netcdf.name)
        if self.geotiff_dir is not None:
            self._open_geotiffs()
        return self

    def _open_netcdf(self, path: Path) -> None:
        import netCDF4
        from pyproj import CRS

        t = self.template
        crs = CRS.from_user_input(t.rio.crs)
        # No chunk cache for this file: each band's whole chunks are compressed and written as they come,
        # in the writer thread, instead of waiting in the cache for a serial compression pass at close.
        # (The cache size is the library's default for files created next: set for this one, restored.)
        with _netcdf_lock():
            default_cache = netCDF4.get_chunk_cache()
            netCDF4.set_chunk_cache(0, 0, 1.0)
            try:
                nc = self._create_netcdf(netCDF4, path, t, crs)
            finally:
                netCDF4.set_chunk_cache(*default_cache)
        self._nc = nc

    def _create_netcdf(self, netCDF4, path: Path, t, crs):
        nc = netCDF4.Dataset(path, "w", format="NETCDF4")
        nc.Conventions = CF_CONVENTIONS
        for key, value in t.attrs.items():
            nc.setncattr(key, value if isinstance(value, str | int | float) else json.dumps(value))
        ny, nx = t.sizes["y"], t.sizes["x"]
        nc.createDimension("y", ny)
        nc.createDimension("x", nx)
        geographic = crs.is_geographic
        for dim in ("y", "x"):
            var = nc.createVariable(dim, "f8", (dim,))
            var[:] = t[dim].values
            if geographic:
                var.standard_name = "latitude" if dim == "y" else "longitude"
                var.units = "degrees_north" if dim == "y" else "degrees_east"
            else:
                var.standard_name = f"projection_{dim}_coordinate"
                var.units = crs.axis_info[0].unit_name if crs.axis_info else "m"
                var.units = "m" if var.units in ("metre", "meter") else var.units
            var.axis = dim.upper()
        gm = nc.createVariable("spatial_ref", "i4")
        for key, value in crs.to_cf().items():
            gm.setncattr(key, value)
        gm.spatial_ref = crs.to_wkt()
        gm.GeoTransform = " ".join(str(v) for v in t.rio.transform().to_gdal())
        # one NetCDF chunk-row per band of the computation: every band writes whole chunks, compressed as
        # they are written (in the writer thread), none held back for a compression pass at close
        chunk = (min(ny, _band_rows(t) or 256), min(nx, 256))
        for name in self.names:
            var = nc.createVariable(
                name, "f4", ("y", "x"), zlib=True, complevel=4, chunksizes=chunk, fill_value=FLOAT_FILL
            )
            for key, value in _cf_attrs(t[name]).items():
                var.setncattr(key, value)
            var.grid_mapping = "spatial_ref"
        return nc

    def _open_geotiffs(self) -> None:
        import rasterio

        t = self.template
        for name in self.names:
            profile = {
                "driver": "GTiff",
                "dtype": "float32",
                "count": 1,
                "height": t.sizes["y"],
                "width": t.sizes["x"],
                "crs": t.rio.crs,
                "transform": t.rio.transform(),
                "nodata": FLOAT_FILL,
                "tiled": True,
                "blockxsize": 256,
                "blockysize": 256,
                "compress": "deflate",
                "BIGTIFF": "IF_SAFER",
            }
            dst = rasterio.open(self._tmpdir / f"{name}.tiled.tif", "w", **profile)
            attrs = _cf_attrs(t[name])
            dst.update_tags(**attrs, **{k: str(v) for k, v in t.attrs.items()})
            dst.update_tags(1, **attrs)
            dst.set_band_description(1, name)
            if "units" in attrs:
                dst.units = (attrs["units"],)
            self._tifs[name] = dst

    def write(self, rows: slice, band: Mapping[str, np.ndarray]) -> None:
        """Write one band (rows ``rows`` of every variable)."""
        from rasterio.windows import Window

        for name in self.names:
            data = np.asarray(band[name], dtype=np.float32)
            if self._nc is not None:
                with _netcdf_lock():
                    self._nc[name][rows, :] = np.ma.masked_invalid(data)
            if name in self._tifs:
                window = Window(0, rows.start, data.shape[1], data.shape[0])
                self._tifs[name].write(data, 1, window=window)

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if self._nc is not None:
                with _netcdf_lock():
                    self._nc.close()
            for dst in self._tifs.values():
                dst.close()
            if exc_type is None:
                self._finish()
        finally:
            shutil.rmtree(self._tmpdir, ignore_errors=True)

    def _finish(self) -> None:
        from rasterio.shutil import copy as rio_copy

        if self.geotiff_dir is not None:
            self.geotiff_dir.mkdir(parents=True, exist_ok=True)
            for name in self.names:
                cog = self._tmpdir / f"{name}.tif"
                rio_copy(
                    self._tmpdir / f"{name}.tiled.tif",
                    cog,
                    driver="COG",
                    compress="DEFLATE",
                    BIGTIFF="IF_SAFER",
                )
                os.replace(cog, self.geotiff_dir / f"{name}.tif")
        if self.netcdf is not None:
            self.netcdf.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._tmpdir / self.netcdf.name, self.netcdf)


def write_outputs(
    outputs,
    outdir,
    formats=("nc", "tif"),
    zones=None,
    zone_names=None,
    on_band=None,
    compute=None,
    netcdf_name: str = "fourpermille_grid.nc",
):
    """Compute ``outputs`` band by band and write them; total them per zone in the same pass.

    Parameters
    ----------
    outputs : lazy Dataset (y, x) with a CRS (as from :func:`fourpermille.grid.build`)
    outdir : directory; gets ``NETCDF_NAME`` and ``maps/NAME.tif`` (COG) per variable
    formats : subset of {"nc", "tif"}
    zones : DataArray (y, x) int zone numbers (:func:`fourpermille.grid.rasterize_zones`), optional
    zone_names : names of zones 1..n
    on_band : callable(rows_done, rows_total), called after each band (progress)
    compute : see :func:`iter_bands`

    Returns
    -------
    dict: ``netcdf`` and ``geotiffs`` paths, ``zonal`` DataFrame (or None).
    """
    for fmt in formats:
        check_choice("format", fmt, ("nc", "tif"))
    outdir = Path(outdir)
    netcdf = outdir / netcdf_name if "nc" in formats else None
    tif_dir = outdir / "maps" if "tif" in formats else None
    names = [n for n in outputs.data_vars if n.endswith(("_t_ha", "_t_ha_yr"))]
    work = outputs
    if zones is not None:
        area = grid.cell_area_ha(outputs[names[0]])
        work = outputs.assign(__zones__=zones, __area__=area)
    total_rows = outputs.sizes["y"]
    sums = None
    writer = GridWriter(outputs, netcdf=netcdf, geotiff_dir=tif_dir)
    with writer, ThreadPoolExecutor(1, thread_name_prefix="grid-writer") as background:
        # band k is written (and compressed) in a thread while band k + 1 is computed; waiting for the
        # previous write before handing over the next keeps at most two bands in memory
        pending = None
        for rows, band in iter_bands(work, names, len(zone_names or ()), compute):
            if pending is not None:
                pending.result()
            pending = background.submit(writer.write, rows, band)
            if "__sums__" in band:
                sums = band["__sums__"] if sums is None else sums + band["__sums__"]
            if on_band is not None:
                on_band(rows.stop, total_rows)
        if pending is not None:
            pending.result()
    table = None
    if zones is not None:
        table = grid.zonal_table(sums, names, zone_names)
        write_csv(table, outdir / "zonal_totals.csv")
    return {
        "netcdf": netcdf,
        "geotiffs": [tif_dir / f"{n}.tif" for n in writer.names] if tif_dir else [],
        "zonal": table,
    }


def iter_bands(
    work, names=(), n_zones: int = 0, compute: Callable | None = None
) -> Iterator[tuple[slice, dict]]:
    """Compute ``work`` one band of chunk-rows at a time; yield (row slice, {name: float32 array}).

    With ``__zones__`` and ``__area__`` variables in ``work``, the band's zone sums of ``names``
    (:func:`fourpermille.grid.zone_sums`) come as ``__sums__``, from the same graph (no recomputation).
    ``compute`` takes a dict of lazy arrays and returns it computed; :func:`dask.compute` on the current
    scheduler (a dask.distributed Client when one is the default) by default. Memory is bounded by one
    band of outputs whatever the region's size.
    """
    import dask

    if compute is None:

        def compute(lazy):
            return dask.compute(lazy)[0]

    ychunks = (work.chunks.get("y") if work.chunks else None) or (work.sizes["y"],)
    y0 = 0
    for ny in ychunks:
        rows = slice(y0, y0 + ny)
        band = work.isel(y=rows)
        # the maps travel (from the workers of a cluster) as float32, the type the files hold: half the bytes
        lazy = {n: band[n].data.astype(np.float32) for n in band.data_vars if not n.startswith("__")}
        if "__zones__" in band:
            lazy["__sums__"] = grid.zone_sums(
                [band[n] for n in names], band["__zones__"], band["__area__"], n_zones
            )
        done = compute(lazy)
        yield rows, {n: np.asarray(v) for n, v in done.items()}
        y0 += ny


def read_preview(path, max_size: int = 800):
    """Read a GeoTIFF decimated to at most ``max_size`` cells a side (COG overviews make it cheap).

    Returns (2-D float array with NaN for nodata, extent (left, right, bottom, top), units).
    """
    import rasterio
    from rasterio.enums import Resampling

    with rasterio.open(path) as src:
        scale = max(src.height / max_size, src.width / max_size, 1.0)
        shape = (max(int(src.height / scale), 1), max(int(src.width / scale), 1))
        data = src.read(1, out_shape=shape, masked=True, resampling=Resampling.average)
        b = src.bounds
        units = src.units[0] if src.units and src.units[0] else src.tags(1).get("units", "")
    return data.filled(np.nan).astype(float), (b.left, b.right, b.bottom, b.top), units


# --------------------------------------------------------------------------------------------- zones


def read_zones(path, field: str):
    """Read polygons from a GeoJSON file: (list of shapely geometries, list of names, CRS).

    Parameters
    ----------
    path : GeoJSON FeatureCollection (RFC 7946; a ``crs`` member is honoured, EPSG:4326 otherwise)
    field : str
        Property holding the zone's name (country, region ...).
    """
    from pyproj import CRS
    from shapely.geometry import shape

    from fourpermille.io.files import read_text

    path = Path(path)
    text = read_text(path, what="GeoJSON")  # missing, directory, encoding: named (issue 12)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not a GeoJSON file: {exc}", file=str(path)) from None
    features = data.get("features") if isinstance(data, dict) else None
    if not features:
        raise InputError("has no features (expected a GeoJSON FeatureCollection of polygons)", file=str(path))
    crs_name = (data.get("crs") or {}).get("properties", {}).get("name", "EPSG:4326")
    geoms, names = [], []
    for i, feat in enumerate(features, start=1):
        props = feat.get("properties") or {}
        if field not in props:
            raise InputError(
                f"feature has no property {field!r}; it has {', '.join(props) or 'none'}",
                file=str(path),
                row=f"feature {i}",
                column=field,
            )
        geom = shape(feat["geometry"])
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise InputError(
                f"geometry is a {geom.geom_type}; zones must be polygons", file=str(path), row=f"feature {i}"
            )
        geoms.append(geom)
        names.append(str(props[field]))
    return geoms, names, CRS.from_user_input(crs_name)


def write_csv(table, path) -> None:
    """Write a DataFrame as CSV through a temporary file (10 significant digits: totals reach 1e10 t)."""
    from fourpermille.io.files import atomic_path

    with atomic_path(path) as tmp:
        table.to_csv(tmp, index=False, float_format="%.10g")
