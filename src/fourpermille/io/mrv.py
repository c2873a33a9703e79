"""Files of the MRV workflow: project areas and sampling points (GeoJSON), campaigns and strata (CSV),
results (JSON). Every error names the file and, where there is one, the row or feature and column."""

from __future__ import annotations

import json
import math
import os

import numpy as np
import pandas as pd
from shapely.geometry import mapping, shape

from fourpermille import stocks
from fourpermille.errors import InputError
from fourpermille.io.files import atomic_path
from fourpermille.io.tables import read_csv_table
from fourpermille.mrv import limits
from fourpermille.mrv.campaign import check_layers
from fourpermille.mrv.change import check_campaign
from fourpermille.mrv.credits import Credits
from fourpermille.mrv.pipeline import ChangeReport

POINT_TABLE_COLUMNS = ("point_id", "stratum", "soc_stock_t_ha")
LOCATION_COLUMNS = ("lon", "lat")
#: Decimal places of degrees written to GeoJSON: 1e-9 degree is about 0.1 mm.
COORDINATE_DECIMALS = 9
ALL_STRATA = "all"


def read_area(
    path: str | os.PathLike, strata_field: str | None = None, sd_field: str | None = None
) -> pd.DataFrame:
    """Read a project area: a GeoJSON FeatureCollection (or Feature) of Polygons/MultiPolygons in lon/lat.

    Parameters
    ----------
    path
        The GeoJSON file.
    strata_field
        Feature property naming the stratum; without it the whole area is one stratum 'all'.
    sd_field
        Feature property with the expected SD of the stock [t C/ha] (Neyman allocation), optional.

    Returns
    -------
    DataFrame, one row per feature: ``feature`` (1-based), ``stratum``, ``geometry`` (shapely), and
    ``sd_t_ha`` when ``sd_field`` is given.
    """
    name = os.fspath(path)
    data = _load_json(name)
    if data.get("type") == "Feature":
        features = [data]
    elif data.get("type") == "FeatureCollection" and isinstance(data.get("features"), list):
        features = data["features"]
    else:
        raise InputError("not a GeoJSON FeatureCollection or Feature", file=name)
    if not features:
        raise InputError("the FeatureCollection has no features", file=name)
    rows = []
    for i, feat in enumerate(features, start=1):
        where = f"feature {i}"
        if not isinstance(feat, dict):
            raise InputError(f"{where}: not a GeoJSON Feature", file=name)
        props = feat.get("properties") or {}
        _check_coordinates((feat.get("geometry") or {}).get("coordinates"), where, name)
        try:
            geom = shape(feat.get("geometry") or {})
        except Exception as exc:  # shapely raises several types for malformed geometry
            raise InputError(f"{where}: not a valid geometry ({exc})", file=name) from None
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise InputError(
                f"{where}: a {geom.geom_type} is not an area (Polygon or MultiPolygon)", file=name
            )
        if not geom.is_valid:
            raise InputError(
                f"{where}: the polygon is not valid (self-intersecting or badly ringed)", file=name
            )
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise InputError(
                f"{where}: coordinates are not longitude/latitude in degrees (WGS 84)", file=name
            )
        if strata_field is None:
            stratum = ALL_STRATA
        elif props.get(strata_field) in (None, ""):
            raise InputError(
                f"{where}: no property '{strata_field}' for the stratum; properties: "
                f"{', '.join(props) or 'none'}",
                file=name,
                column=strata_field,
            )
        else:
            stratum = str(props[strata_field])
        row = {"feature": i, "stratum": stratum, "geometry": geom}
        if sd_field is not None:
            value = props.get(sd_field)
            try:
                row["sd_t_ha"] = float(value)
            except (TypeError, ValueError):
                raise InputError(
                    f"{where}: property '{sd_field}' must be a number; got {value!r}",
                    file=name,
                    column=sd_field,
                ) from None
        rows.append(row)
    return pd.DataFrame(rows)


def stratum_sd(area: pd.DataFrame, path: str | os.PathLike | None = None) -> pd.Series:
    """Expected SD per stratum from the features' ``sd_t_ha``; features of one stratum must agree."""
    sd = area.groupby("stratum")["sd_t_ha"].agg(lambda v: sorted(set(v)))
    bad = {s: v for s, v in sd.items() if len(v) > 1}
    if bad:
        raise InputError(
            "features of one stratum give different SDs: "
            + "; ".join(f"{s}: {', '.join(map(str, v))}" for s, v in bad.items()),
            file=None if path is None else os.fspath(path),
        )
    return sd.map(lambda v: v[0])


def write_points(points: pd.DataFrame, path: str | os.PathLike, properties: dict | None = None) -> None:
    """Write sampling points as a GeoJSON FeatureCollection of Points (``point_id``, ``stratum``)."""
    features = [
        {
            "type": "Feature",
            "properties": {"point_id": str(r.point_id), "stratum": str(r.stratum)},
            "geometry": {
                "type": "Point",
                "coordinates": [
                    round(float(r.lon), COORDINATE_DECIMALS),
                    round(float(r.lat), COORDINATE_DECIMALS),
                ],
            },
        }
        for r in points.itertuples()
    ]
    collection = {"type": "FeatureCollection", "properties": properties or {}, "features": features}
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(collection, indent=1) + "\n")


def read_points(path: str | os.PathLike) -> pd.DataFrame:
    """Read sampling points (GeoJSON Points with ``point_id`` and optional ``stratum`` properties).

    Returns ``point_id, stratum, lon, lat``; duplicate or missing ids are errors naming them.
    """
    name = os.fspath(path)
    data = _load_json(name)
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise InputError("not a GeoJSON FeatureCollection of points", file=name)
    rows = []
    for i, feat in enumerate(features, start=1):
        if not isinstance(feat, dict):
            raise InputError(f"feature {i}: not a GeoJSON Feature", file=name)
        geom = feat.get("geometry") or {}
        props = feat.get("properties") or {}
        if geom.get("type") != "Point":
            raise InputError(f"feature {i}: a {geom.get('type')} is not a Point", file=name)
        if props.get("point_id") in (None, ""):
            raise InputError(f"feature {i}: no 'point_id' property", file=name, column="point_id")
        coordinates = geom.get("coordinates")
        if not isinstance(coordinates, list) or len(coordinates) < 2:
            raise InputError(f"feature {i}: a Point needs [longitude, latitude]", file=name)
        _check_coordinates(coordinates, f"feature {i}", name)
        lon, lat = coordinates[:2]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise InputError(
                f"feature {i}: coordinates ({lon:g}, {lat:g}) are not longitude in [-180, 180] and latitude "
                "in [-90, 90] degrees (WGS 84)",
                file=name,
            )
        rows.append(
            {
                "point_id": str(props["point_id"]),
                "stratum": str(props.get("stratum", ALL_STRATA)),
                "lon": float(lon),
                "lat": float(lat),
            }
        )
    points = pd.DataFrame(rows, columns=["point_id", "stratum", "lon", "lat"])
    dup = points["point_id"].duplicated(keep=False)
    if dup.any():
        raise InputError(
            f"duplicate point ids: {', '.join(sorted(set(points.point_id[dup])))}",
            file=name,
            column="point_id",
        )
    return points


def read_campaign(path: str | os.PathLike) -> pd.DataFrame:
    """Read a campaign CSV: per-point stocks or lab results per point and layer.

    Per-point stocks: ``point_id, stratum, soc_stock_t_ha`` [t C/ha] (optional ``lon, lat,
    soil_mass_t_ha``). Layers: the stocks input layout (``depth_top_cm, depth_bottom_cm, soc_g_kg`` and
    ``bulk_density_g_cm3`` or ``sample_mass_g, core_diameter_mm, cores_per_sample``; optional
    ``coarse_fraction_vol, som_g_kg``) plus ``point_id, stratum`` (optional ``lon, lat``).

    Returns
    -------
    DataFrame indexed by spreadsheet row, ``attrs['kind']`` = 'points' or 'layers'.

    Raises
    ------
    InputError naming the file, row and column: duplicate ids or samples, missing values, bad numbers.
    """
    name = os.fspath(path)
    header = _header(name)
    try:
        if "soc_stock_t_ha" in header:
            table = read_csv_table(
                name,
                required=POINT_TABLE_COLUMNS,
                numeric=("soc_stock_t_ha", "soil_mass_t_ha", *LOCATION_COLUMNS),
                optional=("soil_mass_t_ha", *LOCATION_COLUMNS),
            )
            table = check_campaign(table, "campaign")
            kind = "points"
        else:
            table = read_csv_table(
                name,
                required=("point_id", "stratum", stocks.TOP, stocks.BOTTOM, stocks.SOC),
                numeric=(*stocks.NUMERIC_COLUMNS, *LOCATION_COLUMNS),
                optional=(*stocks.OPTIONAL_COLUMNS, *LOCATION_COLUMNS),
            )
            table = check_layers(table, "campaign")
            kind = "layers"
    except InputError as exc:
        raise exc.in_file(name) from None
    table.attrs["kind"] = kind
    return table


def read_strata(path: str | os.PathLike) -> pd.Series:
    """Read stratum areas: CSV ``stratum, area_ha``. Returns a Series [ha] indexed by stratum."""
    name = os.fspath(path)
    _header(name)  # a directory or a binary file is refused here, with its name
    table = read_csv_table(name, required=("stratum", "area_ha"), numeric=("area_ha",))
    dup = table["stratum"].duplicated(keep=False)
    if dup.any():
        raise InputError(
            f"stratum listed twice: {', '.join(sorted(set(table.stratum[dup])))}",
            file=name,
            row=int(table.index[dup][0]),
            column="stratum",
        )
    bad = ~table["area_ha"].map(limits.AREA_HA.contains) | ~np.isfinite(table["area_ha"])
    if bad.any():
        row = bad.idxmax()
        raise InputError(
            f"area must be a number in {limits.AREA_HA.text()}; got {table.at[row, 'area_ha']:g}",
            file=name,
            row=int(row),
            column="area_ha",
        )
    return pd.Series(table["area_ha"].to_numpy(float), index=table["stratum"].astype(str), name="area_ha")


def write_json(data: dict, path: str | os.PathLike) -> None:
    """Write ``data`` as JSON (NaN and infinities as null), atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(json.dumps(_clean(data), indent=1) + "\n")


def json_ready(data: dict) -> dict:
    """``data`` as it will read back from JSON (numpy scalars as Python numbers, NaN as None)."""
    return _clean(data)


def read_json(path: str | os.PathLike, kind: str | None = None) -> dict:
    """Read a JSON result file; with ``kind``, check it is that kind of fourpermille result."""
    name = os.fspath(path)
    data = _load_json(name)
    if kind is not None and (not isinstance(data, dict) or data.get("kind") != kind):
        raise InputError(f"not a {kind} file (written by the matching fourpermille command)", file=name)
    return data


def read_change(path: str | os.PathLike) -> ChangeReport:
    """Read a change file (``fourpermille mrv change -o``): every field checked, InputError naming it."""
    name = os.fspath(path)
    return ChangeReport.from_dict(_load_json(name), file=name)


def read_credits(path: str | os.PathLike) -> Credits:
    """Read a credits file (``fourpermille mrv credits -o``): every field checked, InputError naming it."""
    name = os.fspath(path)
    return Credits.from_dict(_load_json(name), file=name)


def parse_json(content: bytes, name: str):
    """Parse the bytes of a JSON file (UTF-8, with or without a byte-order mark, as CSV files are read).

    Raises InputError naming ``name``: not UTF-8 text, not JSON, or nested too deep.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not a UTF-8 text file (byte {exc.start + 1} cannot be decoded): not JSON", file=name
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc})", file=name) from None
    except RecursionError:
        raise InputError("not valid JSON (nested too deep)", file=name) from None


def _load_json(name: str):
    return parse_json(_read_bytes(name), name)


def _read_bytes(name: str) -> bytes:
    """The file's bytes; InputError (not a traceback) for a missing file, a directory or no permission."""
    try:
        with open(name, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", file=name) from None
    except PermissionError:
        raise InputError("cannot be read (permission denied)", file=name) from None


def _header(name: str) -> list[str]:
    content = _read_bytes(name)
    try:
        first = content.decode("utf-8-sig").split("\n", 1)[0]
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not a UTF-8 CSV file (byte {exc.start + 1} cannot be decoded)", file=name
        ) from None
    if "\x00" in first:
        raise InputError("not a CSV text file (binary content)", file=name)
    return [c.strip() for c in first.split(",")]


def _clean(value):
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _check_coordinates(coordinates, where: str, name: str) -> None:
    """Every coordinate is a finite number (NaN or infinity would reach shapely and GEOS as warnings)."""
    stack = [coordinates]
    while stack:
        value = stack.pop()
        if isinstance(value, list | tuple):
            stack.extend(value)
        elif value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value)
        ):
            raise InputError(f"{where}: coordinate {value!r} is not a finite number of degrees", file=name)


def geometry_to_geojson(geom) -> dict:
    """A shapely geometry as a GeoJSON geometry mapping."""
    return mapping(geom)


def read_ex_ante(path: str | os.PathLike, years: float) -> dict:
    """The ex-ante (modelled) net change over ``years`` from a ``fourpermille estimate`` JSON file.

    Uses its yearly ``table``: the modelled stock (``rothc_soc_t_ha`` when present, else
    ``tier1_soc_t_ha``, with ``_lower``/``_upper`` bounds) minus ``baseline_soc_t_ha``, from year 0 to
    ``years_from_start`` = ``years``.

    Returns
    -------
    dict ``change_t_ha`` [t C/ha], ``low_t_ha``, ``high_t_ha`` (None without bounds), ``model``, ``years``.
    """
    name = os.fspath(path)
    data = _load_json(name)
    table = data.get("table") if isinstance(data, dict) else None
    if not isinstance(table, list) or not table:
        raise InputError("not a `fourpermille estimate` result (no yearly 'table')", file=name)
    rows = pd.DataFrame(table)
    model = "rothc" if "rothc_soc_t_ha" in rows else "tier1"
    needed = ["years_from_start", "baseline_soc_t_ha", f"{model}_soc_t_ha"]
    missing = [c for c in needed if c not in rows]
    if missing:
        raise InputError(f"the estimate's table lacks {', '.join(missing)}", file=name)
    rows = rows.set_index("years_from_start")
    if years not in rows.index or 0 not in rows.index:
        raise InputError(
            f"the estimate has no year {years:g} from its start (it has 0 to {rows.index.max():g}); "
            "give the monitoring period's --years in `mrv change`",
            file=name,
        )

    def net(column):
        if column not in rows:
            return None
        return float(
            (rows.at[years, column] - rows.at[years, "baseline_soc_t_ha"])
            - (rows.at[0, column] - rows.at[0, "baseline_soc_t_ha"])
        )

    return {
        "change_t_ha": net(f"{model}_soc_t_ha"),
        "low_t_ha": net(f"{model}_soc_t_ha_lower"),
        "high_t_ha": net(f"{model}_soc_t_ha_upper"),
        "model": "RothC" if model == "rothc" else "IPCC Tier 1",
        "years": float(years),
    }
