"""Reading site geometries from files: GeoJSON, KML, GeoPackage and zipped Shapefile.

The files are read with pyogrio (GDAL's vector drivers, shipped in its wheel); every feature is brought to
longitude, latitude on WGS 84 (the file's own coordinate reference system, where it names one, is
transformed with pyproj) and checked by :func:`fourpermille.geometry.check_site_geometry`. Errors name the
file, the feature (1 = the first, counted across the file's layers) and the problem.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.errors import ShapelyError
from shapely.geometry import mapping

from fourpermille.errors import InputError
from fourpermille.geometry import GeometryProblem, SiteGeometry, check_site_geometry

#: File name endings read, and what the format is called in messages.
FORMATS = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".kml": "KML",
    ".gpkg": "GeoPackage",
    ".zip": "zipped Shapefile",
}
#: More features than this is not a project's sites (a whole cadastre, a country's boundaries).
MAX_FEATURES = 1_000
#: A zipped Shapefile that unpacks to more than this is refused before GDAL reads it [bytes].
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
#: Attribute names taken as a feature's name, in this order (KML's is ``Name``).
NAME_FIELDS = ("name", "Name", "NAME", "nom", "nombre", "site", "id")
WGS84_LONLAT = CRS.from_user_input("OGC:CRS84")
#: A KML network link (``<NetworkLink>``, with or without a namespace prefix): it names a file elsewhere
#: that GDAL's KML drivers would fetch. Sites are read from the file itself, never from the network.
KML_NETWORK_LINK = re.compile(rb"<\s*(?:[A-Za-z_][\w.-]*:)?NetworkLink[\s>/]")


@dataclass(frozen=True)
class GeometryFeature:
    """One feature of a geometry file, checked.

    Attributes
    ----------
    feature
        Its position in the file (1 = first, counted across layers).
    name
        Its name attribute, or "" when it has none.
    layer
        The layer it came from.
    geometry
        The checked geometry (longitude, latitude on WGS 84, area [ha]).
    """

    feature: int
    name: str
    layer: str
    geometry: SiteGeometry


def _format_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"unknown file type {suffix or '(none)'!r}; give one of "
            + ", ".join(f"{label} ({ending})" for ending, label in FORMATS.items()),
            file=name,
            details={"problem": "format", "allowed": ", ".join(FORMATS)},
        )
    return FORMATS[suffix]


def _refuse_kml_network_links(path: str, name: str) -> None:
    """Refuse a KML file holding a network link, before GDAL (which would fetch it) opens the file."""
    with open(path, "rb") as file:
        content = file.read()
    if KML_NETWORK_LINK.search(content):
        raise InputError(
            "KML network links (<NetworkLink>) are refused: they point to a file elsewhere, which is "
            "not fetched; save the placemarks themselves in the KML file",
            file=name,
            details={"problem": "kml_network_link"},
        )


def _shapefile_in_zip(path: str, name: str) -> str:
    """The GDAL path of the one Shapefile inside a zip archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError(
            "not a zip archive",
            file=name,
            details={"problem": "unreadable", "format": "zipped Shapefile", "reason": "not a zip archive"},
        ) from None
    if sum(member.file_size for member in members) > MAX_UNZIPPED_BYTES:
        raise InputError(
            f"the archive unpacks to more than {MAX_UNZIPPED_BYTES // 2**20} MiB",
            file=name,
            details={"problem": "too_large", "limit": MAX_UNZIPPED_BYTES // 2**20},
        )
    shapes = [m.filename for m in members if m.filename.lower().endswith(".shp") and not m.is_dir()]
    if len(shapes) != 1:
        raise InputError(
            f"a zipped Shapefile holds one .shp file (with its .shx, .dbf and .prj); this archive holds "
            f"{len(shapes)}",
            file=name,
            details={"problem": "shapefile_count", "count": len(shapes)},
        )
    stem = shapes[0][:-4].lower()
    present = {m.filename.lower() for m in members}
    missing = [ext for ext in (".shx", ".dbf") if stem + ext not in present]
    if missing:
        raise InputError(
            f"the Shapefile {shapes[0]} lacks its {' and '.join(missing)} file",
            file=name,
            details={"problem": "shapefile_parts", "missing": ", ".join(missing)},
        )
    return f"/vsizip/{os.path.abspath(path)}/{shapes[0]}"


def _to_lonlat(geometries: np.ndarray, crs: str | None, name: str) -> np.ndarray:
    """Geometries transformed from the file's CRS to longitude, latitude on WGS 84 (unchanged if it has
    none: GeoJSON and KML are longitude, latitude by definition)."""
    if not crs:
        return geometries
    try:
        source = CRS.from_user_input(crs)
    except CRSError:
        raise InputError(
            f"unknown coordinate reference system {crs!r}", file=name, details={"problem": "crs"}
        ) from None
    if source.equals(WGS84_LONLAT, ignore_axis_order=True):
        return geometries
    transformer = Transformer.from_crs(source, WGS84_LONLAT, always_xy=True)

    def transform(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometries, transform)


def _names(field_names, field_data, count: int) -> list[str]:
    fields = list(field_names)
    for candidate in NAME_FIELDS:
        if candidate in fields:
            column = field_data[fields.index(candidate)]
            return ["" if value is None else str(value).strip()[:200] for value in column]
    return [""] * count


def read_site_geometries(path: str | os.PathLike, name: str | None = None) -> list[GeometryFeature]:
    """Read and check every feature of a geometry file.

    Parameters
    ----------
    path
        The file: ``.geojson``/``.json``, ``.kml``, ``.gpkg``, or ``.zip`` holding one Shapefile
        (``.shp``, ``.shx``, ``.dbf`` and, for coordinates other than longitude/latitude, ``.prj``).
    name
        The file name shown in errors (an upload's own name rather than a temporary path); defaults to
        the path's name, whose ending also decides the format.

    Returns
    -------
    list of GeometryFeature
        In file order, with longitude, latitude on WGS 84 and the geodesic area [ha].

    Raises
    ------
    InputError
        Naming the file: an unknown ending, an unreadable file, a KML network link (refused, never
        fetched), no features, more than :data:`MAX_FEATURES`; a
        :class:`~fourpermille.geometry.GeometryProblem` naming the file and the
        feature for a geometry that fails the checks.
    """
    path = os.fspath(path)
    name = name or Path(path).name
    label = _format_of(name)
    if label == "KML":
        _refuse_kml_network_links(path, name)
    source = _shapefile_in_zip(path, name) if label == "zipped Shapefile" else path
    try:
        layers = [str(layer) for layer, _geometry_type in pyogrio.list_layers(source)]
        features: list[GeometryFeature] = []
        for layer in layers:
            meta, _fids, wkb, field_data = pyogrio.raw.read(source, layer=layer)
            if wkb is None:  # a table without geometry (a GeoPackage attribute table)
                continue
            if len(features) + len(wkb) > MAX_FEATURES:
                raise InputError(
                    f"more than {MAX_FEATURES} features; a file of sites holds fewer",
                    file=name,
                    details={"problem": "too_many_features", "limit": MAX_FEATURES},
                )
            geometries = shapely.force_2d(shapely.from_wkb(wkb))
            geometries = _to_lonlat(geometries, meta.get("crs"), name)
            names = _names(meta["fields"], field_data, len(wkb))
            for geometry, feature_name in zip(geometries, names, strict=True):
                number = len(features) + 1
                if geometry is None:
                    raise GeometryProblem(
                        "the feature has no geometry",
                        file=name,
                        row=number,
                        row_label="feature",
                        details={"problem": "empty"},
                    )
                try:
                    checked = check_site_geometry(mapping(geometry), feature=number)
                except GeometryProblem as problem:
                    raise problem.in_file(name) from None
                features.append(GeometryFeature(number, feature_name, layer, checked))
    except (DataSourceError, DataLayerError, FieldError, GeometryError, ShapelyError) as exc:
        reason = str(exc).replace(path, name).replace(os.path.abspath(path), name)
        raise InputError(
            f"cannot be read as {label}: {reason}",
            file=name,
            details={"problem": "unreadable", "format": label, "reason": reason},
        ) from None
    if not features:
        raise InputError("the file holds no features", file=name, details={"problem": "no_features"})
    return features
