"""``fourpermille site-data``: fill each site's clay, SOC stock, climate zone and monthly climate from
grids and tables the user has (SoilGrids, WorldClim or TerraClimate GeoTIFFs downloaded beforehand), and
write the tables ``fourpermille rothc batch`` reads."""

from __future__ import annotations

from pathlib import Path

import typer

from fourpermille.cli.main import app
from fourpermille.errors import InputError


def _layer(text: str) -> tuple[float, float, str]:
    """``TOP-BOTTOM=PATH`` (depths in cm) or a bare PATH (a 0-30 cm map)."""
    head, sep, path = text.partition("=")
    if not sep:
        return 0.0, 30.0, text
    top, dash, bottom = head.replace("cm", "").partition("-")
    try:
        if not dash:
            raise ValueError
        return float(top), float(bottom), path
    except ValueError:
        raise InputError(
            f"write a clay layer as TOP-BOTTOM=PATH (e.g. 0-5=clay_0-5cm_mean.tif); got {text!r}",
            column="--clay",
        ) from None


@app.command("site-data")
def site_data_command(
    sites: Path = typer.Argument(
        ...,
        help="CSV: site_id, lon, lat [degrees, WGS 84] (and any values known: "
        "clay, soc_t_ha, climate_zone: kept as they are).",
    ),
    output: Path = typer.Option(
        ...,
        "-o",
        "--output",
        help="Directory for site_data.csv, sites.csv and "
        "climate.csv (the last two as `rothc batch` reads them).",
    ),
    table: list[Path] = typer.Option(
        [],
        "--table",
        metavar="CSV",
        help="CSV of values per site: site_id "
        "and any of clay [%], soc_t_ha [t C/ha], climate_zone (repeatable).",
    ),
    climate_table: Path | None = typer.Option(
        None, "--climate-table", help="CSV: site_id, month, temp [°C], rain [mm], pevap or pet [mm]."
    ),
    clay: list[str] = typer.Option(
        [],
        "--clay",
        metavar="RASTER",
        help="Clay raster: PATH (0-30 cm) or TOP-BOTTOM=PATH per layer, weighted by thickness over 0-30 cm.",
    ),
    clay_units: str = typer.Option("%", "--clay-units", help="% or g/kg (SoilGrids' clay maps: g/kg)."),
    soc_stock: Path | None = typer.Option(
        None, "--soc-stock", help="Raster of the 0-30 cm SOC stock [t C/ha] (SoilGrids: ocs_0-30cm_mean)."
    ),
    climate_zone: Path | None = typer.Option(
        None, "--climate-zone", help="Raster of IPCC climate-zone codes (with --zone-codes)."
    ),
    zone_codes: Path | None = typer.Option(
        None, "--zone-codes", help="CSV: code, climate_zone (name or code such as W1)."
    ),
    temp: str | None = typer.Option(
        None,
        "--temp",
        help="Monthly mean temperature [°C]: a pattern with "
        "{month} or {month:02d} for 12 files, or one 12-band file.",
    ),
    rain: str | None = typer.Option(None, "--rain", help="Monthly rainfall [mm] (pattern or 12 bands)."),
    pevap: str | None = typer.Option(None, "--pevap", help="Monthly open-pan evaporation [mm]."),
    pet: str | None = typer.Option(None, "--pet", help="Monthly PET [mm], used as PET / 0.75."),
    soilgrids_online: bool = typer.Option(
        False,
        "--soilgrids-online",
        help="Ask ISRIC's SoilGrids web "
        "service for clay and SOC stock still missing (one query per "
        "site, at most 5 a minute; needs the internet).",
    ),
    soilgrids_url: str | None = typer.Option(
        None, "--soilgrids-url", help="Another address of the SoilGrids query service (a mirror)."
    ),
) -> None:
    """Clay, SOC stock, climate zone and monthly climate per site, from your grids and tables."""
    from rich.console import Console

    from fourpermille.io import site_data as io
    from fourpermille.stocks import DEFAULT_DEPTH_CM

    client = None
    if soilgrids_online or soilgrids_url:
        client = io.SoilGrids(url=soilgrids_url or io.SOILGRIDS_URL)
    sources = io.Sources(
        tables=[str(p) for p in table],
        climate_table=str(climate_table) if climate_table else None,
        clay=[_layer(text) for text in clay],
        clay_units=clay_units,
        soc_stock=str(soc_stock) if soc_stock else None,
        climate_zone=str(climate_zone) if climate_zone else None,
        zone_codes=str(zone_codes) if zone_codes else None,
        temp=temp,
        rain=rain,
        pevap=pevap,
        pet=pet,
        soilgrids=client,
    )
    console = Console(stderr=True, highlight=False)
    with console.status("reading") as status:
        data, lon, lat = io.gather(sites, sources, on_progress=lambda message: status.update(message))
    written = io.write_site_data(data, lon, lat, output, depth_cm=DEFAULT_DEPTH_CM)
    n = len(data.site_id)
    for variable, sources_of in data.sources.items():
        counts = {s: int((sources_of == s).sum()) for s in sorted(set(sources_of) - {""})}
        known = ", ".join(f"{count} from the {source}" for source, count in counts.items()) or "none"
        console.print(f"{variable}: {known} (of {n} sites)", markup=False)
    missing = data.missing()
    if missing:
        shown = "; ".join(f"{site} {variable}" for site, variable in missing[:10])
        more = f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        console.print(f"still unknown: {shown}{more}", markup=False)
    ready = sum(1 for _ in open(written["sites"], encoding="utf-8")) - 1
    console.print(
        f"{ready} of {n} sites ready for `fourpermille rothc batch`; wrote "
        f"{', '.join(str(p) for p in written.values())}",
        markup=False,
    )
