"""Readers and writers of ``fourpermille site-data``: site points, tables, rasters sampled at the sites,
the SoilGrids web service (only when asked for), and the tables ``rothc batch`` reads.

Rasters are sampled with rasterio at the cell holding each site (points are given in longitude/latitude,
WGS 84, and transformed to the raster's CRS); a raster's nodata, or a site outside it, is "no value".
Scale and offset tags of a band are applied. Monthly grids come as 12 files (a path pattern holding
``{month}`` or ``{month:02d}``, as WorldClim's ``wc2.1_10m_tavg_01.tif`` ... ``_12.tif``) or as one file
of 12 bands (TerraClimate's climatology written to GeoTIFF).
"""

from __future__ import annotations

import json
import os
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from fourpermille.errors import InputError, check_choice
from fourpermille.io.files import atomic_path
from fourpermille.io.spreadsheet import write_csv
from fourpermille.io.tables import read_csv_table
from fourpermille.sitedata import (
    CLIMATE_VARIABLES,
    SiteData,
    SoilLayer,
    depth_weighted_mean,
    from_soilgrids,
    pevap_from_pet,
    zone_names,
)
from fourpermille.stocks import DEFAULT_DEPTH_CM

SITE_COLUMNS = ("site_id", "lon", "lat")
SITE_VALUE_COLUMNS = ("clay", "soc_t_ha", "climate_zone")
#: The SoilGrids web service (ISRIC), version 2.0: https://rest.isric.org/soilgrids/v2.0/docs
SOILGRIDS_URL = "https://rest.isric.org/soilgrids/v2.0/properties/query"
#: ISRIC's fair-use policy for the web service: at most 5 queries a minute.
SOILGRIDS_PAUSE_S = 12.0
SOILGRIDS_CLAY_DEPTHS = ("0-5cm", "5-15cm", "15-30cm")


def read_sites(path: str | os.PathLike):
    """The sites: ``site_id, lon, lat`` (degrees, WGS 84) and optionally values already known
    (``clay`` [%], ``soc_t_ha`` [t C/ha], ``climate_zone``). Returns (table, lon, lat)."""
    name = os.fspath(path)
    table = read_csv_table(
        path, required=SITE_COLUMNS, numeric=("lon", "lat", "clay", "soc_t_ha"), optional=SITE_VALUE_COLUMNS
    )
    for column, limit in (("lon", 180.0), ("lat", 90.0)):
        bad = table[column].isna() | (table[column].abs() > limit)
        if bad.any():
            row = bad.idxmax()
            raise InputError(
                f"{table[column][row]} is outside the allowed range [-{limit:g}, {limit:g}] degrees (WGS 84)",
                file=name,
                row=row,
                column=column,
            )
    ids = table["site_id"].astype(str).str.strip()
    dup = ids.duplicated()
    if dup.any():
        row = dup.idxmax()
        raise InputError(f"site_id {ids[row]} appears twice", file=name, row=row, column="site_id")
    table["site_id"] = ids
    return table, table["lon"].to_numpy(float), table["lat"].to_numpy(float)


def read_value_table(path: str | os.PathLike, site_ids):
    """A table of known values per site (``site_id`` and any of clay, soc_t_ha, climate_zone), aligned to
    ``site_ids`` (sites it does not list get NaN/""). Returns {column: (n,) array}."""
    name = os.fspath(path)
    table = read_csv_table(
        path, required=("site_id",), numeric=("clay", "soc_t_ha"), optional=SITE_VALUE_COLUMNS
    )
    table["site_id"] = table["site_id"].astype(str).str.strip()
    _refuse_duplicates(table, name, ["site_id"])
    _refuse_unknown_sites(table, name, site_ids)
    indexed = table.set_index("site_id")
    out = {}
    for column in SITE_VALUE_COLUMNS:
        if column in indexed:
            values = indexed[column].reindex(list(site_ids))
            out[column] = (
                values.fillna("").to_numpy(object) if column == "climate_zone" else values.to_numpy(float)
            )
    return out


def read_climate_table(path: str | os.PathLike, site_ids):
    """A monthly climate table ``site_id, month, temp, rain`` and ``pevap`` or ``pet`` [mm] (PET becomes
    open-pan evaporation, :func:`fourpermille.sitedata.pevap_from_pet`). Returns {variable: (n, 12)},
    NaN for sites the table does not list.

    Raises
    ------
    InputError
        A month outside 1-12, a month twice, a site with fewer than 12 months, a site not in the sites
        table (file, row, column).
    """
    name = os.fspath(path)
    table = read_csv_table(
        path,
        required=("site_id", "month", "temp", "rain"),
        numeric=("month", "temp", "rain", "pevap", "pet"),
        optional=("pevap", "pet"),
        alternatives={"evaporation": [["pevap"], ["pet"]]},
    )
    table["site_id"] = table["site_id"].astype(str).str.strip()
    bad = ~table["month"].isin(range(1, 13))
    if bad.any():
        row = bad.idxmax()
        raise InputError(
            f"{table['month'][row]} is outside the allowed range 1-12 (whole numbers)",
            file=name,
            row=row,
            column="month",
        )
    _refuse_duplicates(table, name, ["site_id", "month"])
    _refuse_unknown_sites(table, name, site_ids)
    counts = table.groupby("site_id")["month"].count()
    short = counts[counts < 12]
    if len(short):
        site = short.index[0]
        row = table.index[table["site_id"] == site][-1]
        raise InputError(
            f"site {site} has {short.iloc[0]} months; give all 12", file=name, row=row, column="month"
        )
    if "pevap" not in table:
        table["pevap"] = pevap_from_pet(table["pet"].to_numpy(float))
    index = {site: i for i, site in enumerate(site_ids)}
    out = {variable: np.full((len(site_ids), 12), np.nan) for variable in CLIMATE_VARIABLES}
    rows = table["site_id"].map(index).to_numpy(int)
    months = table["month"].to_numpy(int) - 1
    for variable in CLIMATE_VARIABLES:
        out[variable][rows, months] = table[variable].to_numpy(float)
    return out


def _refuse_duplicates(table, name, keys):
    dup = table.duplicated(keys)
    if dup.any():
        row = dup.idxmax()
        what = ", ".join(f"{k} {table[k][row]}" for k in keys)
        raise InputError(f"{what} appears twice", file=name, row=row, column=keys[-1])


def _refuse_unknown_sites(table, name, site_ids):
    unknown = ~table["site_id"].isin(set(site_ids))
    if unknown.any():
        row = unknown.idxmax()
        raise InputError(
            f"site_id {table['site_id'][row]} is not in the sites table", file=name, row=row, column="site_id"
        )


def sample_raster(path: str | os.PathLike, lon, lat, band: int = 1) -> np.ndarray:
    """Values of ``band`` of the raster at ``path`` in the cells holding the points (lon, lat [degrees,
    WGS 84]); NaN where the raster has nodata or does not reach. Scale and offset tags are applied."""
    import rasterio
    from pyproj import Transformer

    name = os.fspath(path)
    try:
        source = rasterio.open(name)
    except (rasterio.errors.RasterioIOError, OSError) as exc:
        raise InputError(f"cannot read the raster ({' '.join(str(exc).split())})", file=name) from None
    with source:
        if not 1 <= band <= source.count:
            raise InputError(f"the raster has {source.count} band(s); band {band} was asked for", file=name)
        if source.crs is None:
            raise InputError("the raster has no coordinate reference system", file=name)
        xs, ys = Transformer.from_crs("EPSG:4326", source.crs, always_xy=True).transform(
            np.asarray(lon, float), np.asarray(lat, float)
        )
        rows, cols = rasterio.transform.rowcol(source.transform, xs, ys)
        rows, cols = np.asarray(rows), np.asarray(cols)
        inside = (rows >= 0) & (rows < source.height) & (cols >= 0) & (cols < source.width)
        out = np.full(len(rows), np.nan)
        if inside.any():
            r0, r1 = rows[inside].min(), rows[inside].max() + 1
            c0, c1 = cols[inside].min(), cols[inside].max() + 1
            window = rasterio.windows.Window(c0, r0, c1 - c0, r1 - r0)
            if (r1 - r0) * (c1 - c0) <= 4_000_000:  # one read of the box around the sites
                block = source.read(band, window=window, masked=True)
                values = block[rows[inside] - r0, cols[inside] - c0]
            else:  # sites far apart: one cell each
                values = np.ma.concatenate(
                    [
                        source.read(band, window=rasterio.windows.Window(c, r, 1, 1), masked=True).ravel()
                        for r, c in zip(rows[inside], cols[inside], strict=True)
                    ]
                )
            values = np.ma.filled(values.astype(float), np.nan)
            scale, offset = source.scales[band - 1], source.offsets[band - 1]
            out[inside] = values * scale + offset
    return out


def monthly_paths(pattern: str) -> list[str] | None:
    """The 12 files of a monthly pattern holding ``{month}`` (``{month:02d}`` ...), else None."""
    if "{month" not in pattern:
        return None
    try:
        return [pattern.format(month=m) for m in range(1, 13)]
    except (KeyError, ValueError, IndexError) as exc:
        raise InputError(
            f"bad monthly pattern ({exc}); write {{month}} or {{month:02d}}", file=pattern
        ) from None


def sample_monthly(pattern: str, lon, lat) -> np.ndarray:
    """(n, 12) values of a monthly grid: 12 files named by ``pattern`` or one file of 12 bands."""
    paths = monthly_paths(pattern)
    if paths is not None:
        return np.stack([sample_raster(p, lon, lat) for p in paths], axis=1)
    import rasterio

    try:
        with rasterio.open(pattern) as source:
            count = source.count
    except (rasterio.errors.RasterioIOError, OSError) as exc:
        raise InputError(f"cannot read the raster ({' '.join(str(exc).split())})", file=pattern) from None
    if count != 12:
        raise InputError(
            f"a monthly grid needs 12 bands (one per month) or a pattern with {{month}}; "
            f"this file has {count}",
            file=pattern,
        )
    return np.stack([sample_raster(pattern, lon, lat, band=m) for m in range(1, 13)], axis=1)


def read_zone_codes(path: str | os.PathLike) -> dict[int, str]:
    """The code table of a climate-zone raster: ``code, climate_zone`` (a zone name or code such as W1)."""
    name = os.fspath(path)
    table = read_csv_table(path, required=("code", "climate_zone"), numeric=("code",))
    bad = table["code"] != table["code"].round()
    if bad.any():
        row = bad.idxmax()
        raise InputError(f"{table['code'][row]} is not a whole number", file=name, row=row, column="code")
    return {
        int(code): str(zone).strip() for code, zone in zip(table["code"], table["climate_zone"], strict=True)
    }


class SoilGrids:
    """The SoilGrids 2.0 web service (ISRIC), one query per site, pausing between queries as the fair-use
    policy asks. Used only when the user asks (``--soilgrids-online``); tests give ``url`` on 127.0.0.1.

    ``opener(url, timeout)`` returns a file-like object (``urllib.request.urlopen`` by default);
    ``sleep`` is ``time.sleep``.
    """

    def __init__(
        self,
        url: str = SOILGRIDS_URL,
        pause_s: float = SOILGRIDS_PAUSE_S,
        timeout_s: float = 60.0,
        opener: Callable = urllib.request.urlopen,
        sleep: Callable = time.sleep,
    ):
        self.url, self.pause_s, self.timeout_s = url, pause_s, timeout_s
        self.opener, self.sleep = opener, sleep
        self._last = None

    def query_url(self, lon: float, lat: float) -> str:
        params = [
            ("lon", f"{lon:.6f}"),
            ("lat", f"{lat:.6f}"),
            ("property", "clay"),
            ("property", "ocs"),
            *(("depth", d) for d in (*SOILGRIDS_CLAY_DEPTHS, "0-30cm")),
            ("value", "mean"),
        ]
        return f"{self.url}?{urllib.parse.urlencode(params)}"

    def query(self, lon: float, lat: float) -> dict:
        if self._last is not None:
            wait = self.pause_s - (time.monotonic() - self._last)
            if wait > 0:
                self.sleep(wait)
        url = self.query_url(lon, lat)
        try:
            with self.opener(url, timeout=self.timeout_s) as answer:
                body = answer.read()
        except OSError as exc:
            raise InputError(f"the SoilGrids web service did not answer ({exc})", file=url) from None
        finally:
            self._last = time.monotonic()
        try:
            return json.loads(body)
        except ValueError:
            raise InputError("the SoilGrids web service did not answer with JSON", file=url) from None


def soilgrids_layers(answer: dict) -> dict[str, list[tuple[float, float, float | None, str]]]:
    """Property -> [(top cm, bottom cm, mean or None, mapped units)] of one web-service answer."""
    try:
        layers = answer["properties"]["layers"]
        out = {}
        for layer in layers:
            units = layer["unit_measure"]["mapped_units"]
            out[layer["name"]] = [
                (
                    float(d["range"]["top_depth"]),
                    float(d["range"]["bottom_depth"]),
                    d["values"].get("mean"),
                    units,
                )
                for d in layer["depths"]
            ]
        return out
    except (KeyError, TypeError) as exc:
        raise InputError(f"unexpected SoilGrids answer (no {exc})") from None


@dataclass
class Sources:
    """Where ``site-data`` looks for values, in order of precedence after the sites table itself.

    tables : CSVs of values per site; climate_table : a monthly climate CSV; clay : (top cm, bottom cm,
    raster) layers averaged over 0-30 cm; clay_units : "%" or "g/kg" (SoilGrids' GeoTIFFs); soc_stock :
    raster of the 0-30 cm SOC stock [t C/ha] (SoilGrids' ``ocs_0-30cm_mean``); climate_zone + zone_codes :
    a raster of codes and its code table; temp, rain, pevap or pet : monthly grids (pattern or 12 bands);
    soilgrids : the web service client, only when the user asked for it.
    """

    tables: list = field(default_factory=list)
    climate_table: str | None = None
    clay: list = field(default_factory=list)
    clay_units: str = "%"
    soc_stock: str | None = None
    climate_zone: str | None = None
    zone_codes: str | None = None
    temp: str | None = None
    rain: str | None = None
    pevap: str | None = None
    pet: str | None = None
    soilgrids: SoilGrids | None = None


CLAY_UNITS = {"%": 1.0, "g/kg": 10.0}


def gather(sites_path, sources: Sources, on_progress: Callable[[str], None] | None = None):
    """Fill every site's values from ``sources`` (see :class:`Sources`). Returns (SiteData, lon, lat).

    Errors name the file that gave the bad value (and the site as the row).
    """
    say = on_progress or (lambda message: None)
    table, lon, lat = read_sites(sites_path)
    ids = table["site_id"].to_numpy(object)
    data = SiteData.empty(ids)

    def fill(variable, values, source, file):
        try:
            return data.fill(variable, values, source)
        except InputError as exc:
            raise exc.in_file(os.fspath(file)) from None

    for column in SITE_VALUE_COLUMNS:
        if column in table:
            values = (
                table[column].fillna("").to_numpy(object)
                if column == "climate_zone"
                else table[column].to_numpy(float)
            )
            fill(column, values, "sites table", sites_path)
    for path in sources.tables:
        for column, values in read_value_table(path, ids).items():
            fill(column, values, "table", path)
    if sources.climate_table:
        climate = read_climate_table(sources.climate_table, ids)
        for variable in CLIMATE_VARIABLES:
            fill(variable, climate[variable], "table", sources.climate_table)
    if sources.clay:
        check_choice("clay units", sources.clay_units, CLAY_UNITS)
        say("clay rasters")
        layers = [
            SoilLayer(top, bottom, sample_raster(path, lon, lat) / CLAY_UNITS[sources.clay_units])
            for top, bottom, path in sources.clay
        ]
        fill("clay", depth_weighted_mean(layers), "raster", sources.clay[0][2])
    if sources.soc_stock:
        say("SOC stock raster")
        fill("soc_t_ha", sample_raster(sources.soc_stock, lon, lat), "raster", sources.soc_stock)
    if sources.climate_zone:
        if not sources.zone_codes:
            raise InputError(
                "a climate-zone raster needs its code table (--zone-codes CSV: code, climate_zone)",
                file=sources.climate_zone,
            )
        say("climate-zone raster")
        codes = sample_raster(sources.climate_zone, lon, lat)
        try:
            names = zone_names(codes, read_zone_codes(sources.zone_codes))
        except InputError as exc:
            raise InputError(
                exc.message,
                file=os.fspath(sources.climate_zone),
                row=str(ids[exc.row - 1]) if isinstance(exc.row, int) else exc.row,
                column=exc.column,
            ) from None
        fill("climate_zone", names, "raster", sources.climate_zone)
    if sources.pevap and sources.pet:
        raise InputError("give open-pan evaporation (--pevap) or PET (--pet), not both")
    for variable, pattern in (
        ("temp", sources.temp),
        ("rain", sources.rain),
        ("pevap", sources.pevap),
        ("pet", sources.pet),
    ):
        if pattern:
            say(f"{variable} grids")
            values = sample_monthly(pattern, lon, lat)
            fill(
                "pevap" if variable == "pet" else variable,
                pevap_from_pet(values) if variable == "pet" else values,
                "raster",
                pattern,
            )
    if sources.soilgrids is not None:
        todo = np.flatnonzero(~(np.isfinite(data.clay) & np.isfinite(data.soc_t_ha)))
        for k, i in enumerate(todo, start=1):
            say(f"SoilGrids web service: site {k}/{len(todo)}")
            layers = soilgrids_layers(sources.soilgrids.query(lon[i], lat[i]))
            clay = np.full(len(ids), np.nan)
            soc = np.full(len(ids), np.nan)
            if "clay" in layers:
                parts = [
                    SoilLayer(top, bottom, _soilgrids_value("clay", units, value))
                    for top, bottom, value, units in layers["clay"]
                    if bottom <= DEFAULT_DEPTH_CM
                ]
                if parts:
                    clay[i] = depth_weighted_mean(parts)[0]
            for top, bottom, value, units in layers.get("ocs", []):
                if (top, bottom) == (0.0, DEFAULT_DEPTH_CM) and value is not None:
                    soc[i] = from_soilgrids("ocs", units, value)
            url = sources.soilgrids.query_url(lon[i], lat[i])
            fill("clay", clay, "SoilGrids web service", url)
            fill("soc_t_ha", soc, "SoilGrids web service", url)
    return data, lon, lat


def _soilgrids_value(prop, units, value) -> np.ndarray:
    """One site's value of a web-service answer in our unit (NaN where the service has none)."""
    return np.array([np.nan if value is None else float(from_soilgrids(prop, units, value))])


#: The files ``site-data`` writes into its output directory.
OUTPUT_FILES = {"all": "site_data.csv", "sites": "sites.csv", "climate": "climate.csv"}


def write_site_data(data: SiteData, lon, lat, out_dir: str | os.PathLike, depth_cm: float) -> dict[str, Path]:
    """Write into ``out_dir``:

    - ``site_data.csv``: every site with lon, lat, clay, soc_t_ha, climate_zone and each value's source;
    - ``sites.csv`` (``site_id, clay, depth_cm, soc_t_ha``) and ``climate.csv`` (``site_id, month, temp,
      rain, pevap``): the sites whose clay, SOC stock and 12 months of climate are all known, as
      ``fourpermille rothc batch --sites/--climate`` read them.

    Each file is written whole or not at all. Returns the paths written.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InputError("is a file; give a directory for the outputs", file=os.fspath(out))

    def number(value, digits):
        return "" if not np.isfinite(value) else f"{value:.{digits}f}".rstrip("0").rstrip(".")

    rows, site_rows, climate_rows = [], [], []
    for i, site in enumerate(data.site_id):
        climate_sources = {data.sources[v][i] for v in CLIMATE_VARIABLES} - {""}
        rows.append(
            [
                site,
                number(lon[i], 6),
                number(lat[i], 6),
                number(data.clay[i], 2),
                number(data.soc_t_ha[i], 2),
                data.climate_zone[i],
                data.sources["clay"][i],
                data.sources["soc_t_ha"][i],
                data.sources["climate_zone"][i],
                " + ".join(sorted(climate_sources)),
            ]
        )
        monthly = np.stack([getattr(data, v)[i] for v in CLIMATE_VARIABLES], axis=1)
        if np.isfinite(data.clay[i]) and np.isfinite(data.soc_t_ha[i]) and np.isfinite(monthly).all():
            site_rows.append(
                [site, number(data.clay[i], 2), number(depth_cm, 1), number(data.soc_t_ha[i], 2)]
            )
            climate_rows.extend([site, m + 1, *(number(v, 3) for v in monthly[m])] for m in range(12))
    tables = {
        "all": (
            [
                "site_id",
                "lon",
                "lat",
                "clay",
                "soc_t_ha",
                "climate_zone",
                "clay_source",
                "soc_t_ha_source",
                "climate_zone_source",
                "climate_source",
            ],
            rows,
        ),
        "sites": (["site_id", "clay", "depth_cm", "soc_t_ha"], site_rows),
        "climate": (["site_id", "month", *CLIMATE_VARIABLES], climate_rows),
    }
    written = {}
    for key, (header, table_rows) in tables.items():
        path = out / OUTPUT_FILES[key]
        with atomic_path(path) as tmp:
            Path(tmp).write_text(write_csv(header, table_rows), encoding="utf-8")
        written[key] = path
    return written
