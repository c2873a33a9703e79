"""``fourpermille grid``: the science over raster maps, lazily and chunked, locally or on a dask cluster.

``grid run`` reads the input rasters, aligns them onto the SOC map's grid, checks them (before any
computation), builds every output lazily and writes them band by band (NetCDF + Cloud-Optimised GeoTIFF),
with zonal totals per polygon as CSV and a PNG preview of each map.
``grid demo`` does the same on the small synthetic region shipped with the package.

Parallel engine: ``--scheduler ADDRESS`` (or the environment variable ``FOURPERMILLE_SCHEDULER``) uses a
running dask.distributed cluster; ``local`` (default) starts a LocalCluster on this machine; ``threads``
uses dask's threaded scheduler without dask.distributed (the lightest, for small regions).
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from fourpermille.cli.main import app
from fourpermille.cli.options import (
    CHUNK,
    D_YEARS,
    DPM_RPM,
    HORIZON_YEARS,
    ROTHC_DEPTH_CM,
    WORKERS,
    number_option,
    output_directory,
)
from fourpermille.errors import InputError, ParameterError

grid_app = typer.Typer(
    help="Maps: 4 per 1000 targets (and the models) over rasters, with zonal totals.", no_args_is_help=True
)
app.add_typer(grid_app, name="grid")

#: Environment variable holding the dask.distributed scheduler address.
SCHEDULER_ENV = "FOURPERMILLE_SCHEDULER"
#: How long to wait for a dask.distributed scheduler before giving up.
SCHEDULER_CONNECT_TIMEOUT = "10s"
#: The demo's Tier 1 practice change: conventional cropland to no-till with high input (no manure).
DEMO_PRACTICE_BEFORE = "long_term_cultivated,full_tillage,medium"
DEMO_PRACTICE_AFTER = "long_term_cultivated,no_till,high_without_manure"


@contextlib.contextmanager
def dask_scheduler(address: str | None, workers: int | None = None):
    """Make the requested dask scheduler the default for the block; yield a description of it.

    ``address``: a dask.distributed scheduler address (``tcp://host:8786``), ``local`` (a LocalCluster of
    ``workers`` processes) or ``threads`` (dask's threaded scheduler, no dask.distributed).
    """
    import dask

    address = address or os.environ.get(SCHEDULER_ENV) or "local"
    if address == "threads":
        with dask.config.set(scheduler="threads"):
            yield "dask threads"
        return
    from distributed import Client, LocalCluster

    if address == "local":
        with (
            LocalCluster(
                n_workers=workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield f"LocalCluster, worker processes: {len(client.scheduler_info()['workers'])}"
        return
    try:
        client = Client(address, timeout=SCHEDULER_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"cannot reach the dask scheduler at {address!r}: {exc}", column="--scheduler"
        ) from None
    with client:
        yield f"dask.distributed cluster at {address} ({len(client.scheduler_info()['workers'])} workers)"


def _parse_classes(text: str | None):
    if not text:
        return None
    try:
        return [int(c) for c in text.split(",") if c.strip()]
    except ValueError:
        raise ParameterError(
            f"land-use classes must be integers separated by commas; got {text!r}",
            column="--land-use-classes",
        ) from None


def _parse_codes(text: str, option: str) -> dict[int, str]:
    out = {}
    for item in text.split(","):
        code, sep, name = item.partition("=")
        try:
            out[int(code)] = name.strip()
        except ValueError:
            raise ParameterError(
                f"{option} takes CODE=NAME,... with integer codes; got {item!r}", column=option
            ) from None
        if not sep or not name.strip():
            raise ParameterError(f"{option} takes CODE=NAME,...; got {item!r}", column=option)
    return out


def _parse_plant_cover(text: str) -> tuple[int, ...]:
    digits = text.strip()
    if len(digits) != 12 or set(digits) - {"0", "1"}:
        raise ParameterError(
            f"--plant-cover takes 12 digits 0 (bare) or 1 (covered), January to December; got {text!r}",
            column="--plant-cover",
        )
    return tuple(int(d) for d in digits)


def _parse_resampling(items: list[str]) -> dict[str, str]:
    from fourpermille.errors import check_choice
    from fourpermille.io.rasters import RESAMPLING_METHODS, VARIABLES

    out = {}
    for item in items or []:
        name, sep, method = item.partition("=")
        if not sep:
            raise ParameterError(f"--resampling takes VARIABLE=METHOD; got {item!r}", column="--resampling")
        check_choice("resampling variable", name, VARIABLES)
        out[name] = check_choice("resampling method", method, RESAMPLING_METHODS)
    return out


def run_grid(
    sources: dict,
    outdir: Path,
    *,
    years: float,
    growth: str,
    land_use_classes,
    zones_path,
    zone_field: str,
    formats,
    chunks: int,
    scheduler: str | None,
    workers: int | None,
    previews: bool,
    resampling: dict[str, str] | None = None,
    console: Console | None = None,
    rothc=None,
    tier1=None,
):
    """Read, check, build and write; return what :func:`~fourpermille.io.rasters.write_outputs` returns.

    ``rothc``, ``tier1``: :class:`fourpermille.grid.RothCOptions`, :class:`fourpermille.grid.Tier1Options`.
    """
    from fourpermille import grid
    from fourpermille.io import rasters

    console = console or Console()
    resampling = resampling or {}
    srcs = {
        name: rasters.RasterSource(p.path, p.variable, resampling.get(name))
        for name, p in sources.items()
        if p is not None
    }
    if "soc_stock_t_ha" not in srcs and not {"soc_g_kg", "bulk_density_g_cm3"} <= set(srcs):
        raise InputError("give --soc (a SOC stock map), or --soc-g-kg with --bulk-density", column="--soc")
    inputs = rasters.load_inputs(srcs, chunks=chunks)
    zones = names = None
    if zones_path is not None:
        try:
            geoms, names, zcrs = rasters.read_zones(zones_path, zone_field)
        except InputError as exc:
            raise exc.in_file(str(zones_path)) from None
    with dask_scheduler(scheduler, workers) as where:
        console.print(
            f"[dim]grid {inputs.sizes['y']} x {inputs.sizes['x']} cells, chunks {chunks}, {where}[/]"
        )
        rasters.check_inputs(inputs, land_use_classes)
        outputs = grid.build(
            inputs,
            years=years,
            growth=growth,
            land_use_classes=land_use_classes,
            rothc=rothc,
            tier1=tier1,
        )
        if zones_path is not None:
            zones = grid.rasterize_zones(geoms, outputs["soc_stock_t_ha"], crs=zcrs)
        with Progress(
            TextColumn("[bold]computing and writing maps"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        ) as bar:
            task = bar.add_task("maps", total=inputs.sizes["y"])
            result = rasters.write_outputs(
                outputs,
                outdir,
                formats=formats,
                zones=zones,
                zone_names=names,
                on_band=lambda done, total: bar.update(task, completed=done),
            )
    if previews and result["geotiffs"]:
        from fourpermille.reports.maps import plot_map

        result["previews"] = []
        for tif in result["geotiffs"]:
            data, extent, units = rasters.read_preview(tif)
            png = tif.with_suffix(".png")
            plot_map(data, extent, png, title=outputs[tif.stem].attrs.get("long_name", tif.stem), units=units)
            result["previews"].append(png)
    _report(result, outdir, console)
    return result


def _report(result, outdir: Path, console: Console) -> None:
    console.print(
        f"wrote {outdir}: "
        + ", ".join(
            str(p.relative_to(outdir))
            for p in ([result["netcdf"]] if result["netcdf"] else [])
            + result["geotiffs"]
            + result.get("previews", [])
        )
    )
    table = result["zonal"]
    if table is None:
        return
    show = Table(title="zonal totals")
    cols = ["zone", "area_ha"] + [c for c in table.columns if c.endswith(("_t", "_t_co2e"))][:4]
    for c in cols:
        show.add_column(c, justify="right")
    for _, row in table.iterrows():
        show.add_row(*(str(row[c]) if c == "zone" else f"{row[c]:,.0f}" for c in cols))
    console.print(show)
    console.print(f"zonal totals: {outdir / 'zonal_totals.csv'}")


def _source(text: str | None):
    from fourpermille.io.files import check_input_file
    from fourpermille.io.rasters import RasterSource

    if not text:
        return None
    source = RasterSource.parse(text)
    check_input_file(source.path)  # a directory or a missing file named as such, before any reading
    return source


SCHEDULER_HELP = (
    f"dask.distributed scheduler address (tcp://host:8786); 'local' starts a LocalCluster, "
    f"'threads' uses dask threads only. Default: ${SCHEDULER_ENV}, else 'local'."
)


@grid_app.command("run")
def run_command(
    soc: str | None = typer.Option(
        None, "--soc", help="SOC stock raster [t C/ha], 0-30 cm; its grid is the output grid."
    ),
    soc_g_kg: str | None = typer.Option(
        None, "--soc-g-kg", help="Instead of --soc: SOC concentration raster [g C/kg] (with --bulk-density)."
    ),
    bulk_density: str | None = typer.Option(
        None, "--bulk-density", help="Fine-earth bulk density raster [g/cm3], with --soc-g-kg."
    ),
    land_use: str | None = typer.Option(None, "--land-use", help="Land-use / land-cover class raster."),
    land_use_classes: str | None = typer.Option(
        None, "--land-use-classes", help="Classes to keep, e.g. '10,11,20' (cropland); all cells otherwise."
    ),
    clay: str | None = typer.Option(None, "--clay", help="Clay raster [%]."),
    tmp: str | None = typer.Option(
        None, "--tmp", help="Monthly air temperature [degC]: 12 bands or FILE.nc:VAR."
    ),
    pre: str | None = typer.Option(
        None, "--pre", help="Monthly precipitation [mm]: 12 bands or FILE.nc:VAR."
    ),
    pet: str | None = typer.Option(None, "--pet", help="Monthly open-pan evaporation [mm]."),
    c_input: str | None = typer.Option(None, "--c-input", help="Plant carbon input raster [t C/ha/yr]."),
    resampling: list[str] = typer.Option(
        [],
        "--resampling",
        help="VARIABLE=METHOD to override the default (e.g. clay_pct=average); repeatable.",
    ),
    years: float = number_option(
        30, "--years", allowed=HORIZON_YEARS, help="Horizon of the 4 per 1000 target [yr]."
    ),
    growth: str = typer.Option("linear", "--growth", help="linear: SOC0(1+rt); compound: SOC0(1+r)^t."),
    zones: Path | None = typer.Option(None, "--zones", help="GeoJSON polygons for zonal totals (CSV)."),
    zone_field: str = typer.Option("name", "--zone-field", help="Property naming each polygon."),
    output: Path = typer.Option(..., "-o", "--output", help="Output directory.", callback=output_directory),
    formats: str = typer.Option("nc,tif", "--formats", help="Comma-separated subset of nc,tif."),
    chunks: int = number_option(1024, "--chunks", allowed=CHUNK, help="Chunk edge [cells]."),
    scheduler: str | None = typer.Option(None, "--scheduler", help=SCHEDULER_HELP),
    workers: int | None = number_option(
        None, "--workers", allowed=WORKERS, help="Workers of the LocalCluster (default 2)."
    ),
    previews: bool = typer.Option(True, "--previews/--no-previews", help="PNG preview of each map."),
    depth: float = number_option(
        30.0, "--depth", allowed=ROTHC_DEPTH_CM, help="RothC: depth of the soil layer of the SOC map [cm]."
    ),
    dpm_rpm: float = number_option(
        1.44, "--dpm-rpm", allowed=DPM_RPM, help="RothC: DPM/RPM ratio of the plant input [-]."
    ),
    plant_cover: str = typer.Option(
        "111111111111", "--plant-cover", help="RothC: plant cover January..December, 12 digits 0/1."
    ),
    practice_before: str = typer.Option(
        "long_term_cultivated,full_tillage,medium",
        "--practice-before",
        help="Tier 1: current LAND_USE,MANAGEMENT,INPUT (IPCC names).",
    ),
    practice_after: str | None = typer.Option(
        None,
        "--practice-after",
        help="Tier 1: new practice, e.g. long_term_cultivated,no_till,medium; "
        "Tier 1 maps are made when given.",
    ),
    climate_zone: str | None = typer.Option(
        None,
        "--climate-zone",
        help="Tier 1: IPCC climate zone: a name for the whole grid, or a raster of "
        "codes with --climate-zone-codes.",
    ),
    climate_zone_codes: str | None = typer.Option(
        None, "--climate-zone-codes", help="Tier 1: CODE=NAME,... of the climate-zone raster."
    ),
    soil_class: str | None = typer.Option(
        None, "--soil-class", help="Tier 1: IPCC soil class (HAC, LAC, SAN ...) or a raster of codes."
    ),
    soil_class_codes: str | None = typer.Option(
        None, "--soil-class-codes", help="Tier 1: CODE=NAME,... of the soil-class raster."
    ),
    d_years: int = number_option(
        20, "--d-years", allowed=D_YEARS, help="Tier 1: years to the new equilibrium, D."
    ),
    ipcc_factors: str = typer.Option("2019", "--ipcc-factors", help="Tier 1: factor tables, 2019 or 2006."),
) -> None:
    """Compute the maps for input rasters and write them (NetCDF, COG, PNG, zonal CSV).

    RothC maps (equilibrium, input holding the SOC map, extra input for 4 per 1000) are added when
    --clay, --tmp, --pre and --pet are given.
    """
    sources = {
        "soc_stock_t_ha": _source(soc),
        "soc_g_kg": _source(soc_g_kg),
        "bulk_density_g_cm3": _source(bulk_density),
        "land_use": _source(land_use),
        "clay_pct": _source(clay),
        "tmp_c": _source(tmp),
        "pre_mm": _source(pre),
        "pet_mm": _source(pet),
        "c_inp_t_ha_yr": _source(c_input),
    }
    from fourpermille.grid import RothCOptions, Tier1Options

    tier1 = None
    if practice_after is not None:
        layers = {}
        for name, value, codes in (
            ("climate_zone", climate_zone, climate_zone_codes),
            ("soil_class", soil_class, soil_class_codes),
        ):
            if codes:
                sources[name] = _source(value)
                layers[f"{name}_names"] = _parse_codes(codes, f"--{name.replace('_', '-')}-codes")
            elif value:
                layers[name] = value
        tier1 = Tier1Options(practice_before, practice_after, d_years=d_years, factors=ipcc_factors, **layers)
    run_grid(
        sources,
        output,
        years=years,
        growth=growth,
        land_use_classes=_parse_classes(land_use_classes),
        zones_path=zones,
        zone_field=zone_field,
        formats=[f.strip() for f in formats.split(",")],
        chunks=chunks,
        scheduler=scheduler,
        workers=workers,
        previews=previews,
        resampling=_parse_resampling(resampling),
        rothc=RothCOptions(depth=depth, dpm_rpm=dpm_rpm, plant_cover=_parse_plant_cover(plant_cover)),
        tier1=tier1,
    )


@grid_app.command("demo")
def demo_command(
    output: Path = typer.Option(
        Path("var/grid_demo"), "-o", "--output", help="Output directory.", callback=output_directory
    ),
    years: float = number_option(
        30, "--years", allowed=HORIZON_YEARS, help="Horizon of the 4 per 1000 target [yr]."
    ),
    scheduler: str | None = typer.Option("threads", "--scheduler", help=SCHEDULER_HELP),
    workers: int | None = number_option(
        None, "--workers", allowed=WORKERS, help="Workers of the LocalCluster (default 2)."
    ),
) -> None:
    """Run everything on the small synthetic region shipped with the package (cropland only).

    Tier 1: full tillage, medium input -> no-till, high input without manure.
    """
    from fourpermille.grid import Tier1Options
    from fourpermille.io.grid_demo import CLIMATE_ZONE_CODES, CROPLAND, DEMO_DIR, SOIL_CLASS_CODES
    from fourpermille.io.rasters import RasterSource

    d = DEMO_DIR
    sources = {
        "soc_stock_t_ha": RasterSource(d / "soc_stock_t_ha.tif"),
        "land_use": RasterSource(d / "land_use.tif"),
        "clay_pct": RasterSource(d / "clay_pct.tif"),
        "c_inp_t_ha_yr": RasterSource(d / "c_inp_t_ha_yr.tif"),
        "tmp_c": RasterSource(d / "climate.nc", "tmp_c"),
        "pre_mm": RasterSource(d / "climate.nc", "pre_mm"),
        "pet_mm": RasterSource(d / "climate.nc", "pet_mm"),
        "climate_zone": RasterSource(d / "climate_zone.tif"),
        "soil_class": RasterSource(d / "soil_class.tif"),
    }
    tier1 = Tier1Options(
        DEMO_PRACTICE_BEFORE,
        DEMO_PRACTICE_AFTER,
        climate_zone_names=CLIMATE_ZONE_CODES,
        soil_class_names=SOIL_CLASS_CODES,
    )
    run_grid(
        sources,
        output,
        years=years,
        growth="linear",
        land_use_classes=[CROPLAND],
        zones_path=d / "regions.geojson",
        zone_field="name",
        formats=["nc", "tif"],
        chunks=64,
        scheduler=scheduler,
        workers=workers,
        previews=True,
        tier1=tier1,
    )
