"""Site geometries on the platform: the core's checks (``fourpermille.geometry``) and the file readers
(``fourpermille.io.geometry``), with every problem worded in the user's language."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fourpermille.errors import InputError
from fourpermille.geometry import GeometryProblem, SiteGeometry, check_site_geometry, one_site
from fourpermille.io.geometry import FORMATS, read_site_geometries

#: What an upload may be called: the endings the reader knows.
ACCEPTED_ENDINGS = ",".join(FORMATS)


def _messages() -> dict[str, str]:
    """One message per problem the core and the readers name (``details["problem"]``)."""
    return {
        "not_geojson": _("Not a GeoJSON geometry."),
        "type": _("A site is a Point, a Polygon or a MultiPolygon, not “%(type)s”."),
        "coordinates": _("The coordinates are not pairs of numbers."),
        "too_many_vertices": _("The outline has %(vertices)d vertices; a site has at most %(limit)d."),
        "range": _(
            "The coordinate (%(longitude)s, %(latitude)s) is out of range: longitude must be in "
            "[-180, 180] and latitude in [-90, 90] (longitude first, in degrees on WGS 84)."
        ),
        "empty": _("The geometry is empty."),
        "self_intersection": _(
            "The outline crosses itself near longitude %(longitude).5f, latitude %(latitude).5f: draw it "
            "again without crossing lines."
        ),
        "invalid": _("The geometry is not valid: %(reason)s."),
        "several_features": _(
            "The file holds %(count)d features and not all are polygons: a site is one point, or one or "
            "more polygons. Put one site per file."
        ),
        "no_features": _("The file holds no features."),
        "format": _(
            "Unknown file type: give a GeoJSON (.geojson, .json), KML (.kml), GeoPackage (.gpkg) or zipped "
            "Shapefile (.zip) file."
        ),
        "unreadable": _("The file cannot be read as %(format)s: %(reason)s"),
        "too_large": _("The archive unpacks to more than %(limit)d MiB."),
        "shapefile_count": _(
            "A zipped Shapefile holds one .shp file (with its .shx, .dbf and .prj files); this archive "
            "holds %(count)d."
        ),
        "shapefile_parts": _("The Shapefile lacks its %(missing)s file."),
        "too_many_features": _("More than %(limit)d features: a file of sites holds fewer."),
        "kml_network_link": _(
            "KML network links are refused: they point to a file elsewhere, which the platform does not "
            "fetch. Save the placemarks themselves in the KML file."
        ),
        "crs": _("The file's coordinate reference system is unknown."),
    }


def describe(error: InputError) -> str:
    """``error`` in the user's language, naming the file and the feature where it has them."""
    details = dict(error.details)
    problem = details.pop("problem", None)
    template = _messages().get(problem)
    try:
        message = template % details if template else str(error)
    except (KeyError, TypeError, ValueError):
        message = str(error)
    if error.file and error.row is not None:
        return _("%(file)s, feature %(feature)s: %(message)s") % {
            "file": error.file,
            "feature": error.row,
            "message": message,
        }
    if error.file:
        return _("%(file)s: %(message)s") % {"file": error.file, "message": message}
    return message


def checked_geometry(text: str) -> SiteGeometry:
    """The site geometry in GeoJSON ``text``, checked; :class:`ValidationError` worded for the user."""
    if len(text) > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The geometry is too large (at most %(n)d characters)."),
            params={"n": settings.MAX_UPLOAD_BYTES},
        )
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ValidationError(_("Not a GeoJSON geometry: the text is not valid JSON.")) from None
    try:
        return check_site_geometry(data)
    except GeometryProblem as problem:
        raise ValidationError(describe(problem)) from None


def measure(text: str) -> SiteGeometry | None:
    """The checked geometry of ``text``, or None when it is not a usable one."""
    try:
        return checked_geometry(text)
    except ValidationError:
        return None


def geometry_text(site: SiteGeometry) -> str:
    """The GeoJSON text stored for a checked geometry."""
    return json.dumps(site.geojson, separators=(",", ":"))


def read_uploaded_geometry(upload) -> SiteGeometry:
    """The site in an uploaded GeoJSON, KML, GeoPackage or zipped Shapefile file: its one feature, or its
    polygons joined as one site. :class:`ValidationError` naming the file, the feature and the problem."""
    name = Path(upload.name or "upload").name
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(file)s is larger than the limit of %(limit)d bytes."),
            params={"file": name, "limit": settings.MAX_UPLOAD_BYTES},
        )
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="fourpermille-geometry-") as folder:
        path = os.path.join(folder, "upload" + (suffix if suffix in FORMATS else ".bin"))
        with open(path, "wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            features = read_site_geometries(path, name=name)
            return one_site([f.geometry for f in features])
        except InputError as error:
            raise ValidationError(describe(error.in_file(name))) from None
