"""Site geometries: checking a site's outline or point and measuring its area on the ellipsoid.

A site is a GeoJSON ``Point``, ``Polygon`` or ``MultiPolygon`` in longitude, latitude [degrees] on WGS 84
(EPSG:4326, the axis order GeoJSON prescribes, RFC 7946 section 3.1.1). :func:`check_site_geometry` is the
one place the platform, the command line and the readers in :mod:`fourpermille.io.geometry` check one: the
type is allowed, every coordinate is finite and within range, a polygon's rings close and do not cross
themselves or each other, and the geometry is not too large to be a site. It returns a
:class:`SiteGeometry` with the area [ha] and the centroid.

Area is geodesic: the polygon's edges are geodesics on the WGS 84 ellipsoid and its area is computed with
Karney's algorithm (:meth:`pyproj.Geod.geometry_area_perimeter`, GeographicLib), not on a projected
plane, so it is right at any latitude and for any size of site.

References
----------
Karney, C. F. F. (2013). Algorithms for geodesics. Journal of Geodesy 87, 43-55.
doi:10.1007/s00190-012-0578-z

Butler, H. et al. (2016). The GeoJSON Format. RFC 7946. doi:10.17487/RFC7946

Example
-------
>>> site = check_site_geometry({"type": "Polygon", "coordinates": [[[2.0, 45.0], [2.01, 45.0],
...     [2.01, 45.01], [2.0, 45.01], [2.0, 45.0]]]})
>>> round(site.area_ha, 1)
87.6
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pyproj import Geod
from shapely.errors import ShapelyError
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

from fourpermille.errors import InputError

#: The geometry types a site may have.
SITE_GEOMETRY_TYPES = ("Point", "Polygon", "MultiPolygon")
LONGITUDE_RANGE = (-180.0, 180.0)  # [degrees east]
LATITUDE_RANGE = (-90.0, 90.0)  # [degrees north]
#: A site outline, not a country boundary: more vertices than this is a wrong file (or a country).
MAX_VERTICES = 20_000
M2_PER_HA = 10_000.0  # [m2/ha]
#: WGS 84 ellipsoid (NIMA TR8350.2, 3rd ed., 2000, table 3.1): a = 6378137 m, 1/f = 298.257223563.
WGS84 = Geod(ellps="WGS84")


class GeometryProblem(InputError):
    """A site geometry that cannot be used.

    ``details["problem"]`` names the problem for a caller that words its own message (the platform does,
    in the user's language): ``not_geojson``, ``type``, ``coordinates``, ``empty``, ``range``,
    ``self_intersection``, ``invalid``, ``too_many_vertices``. ``details`` also carries what the message
    names (``type``, ``allowed``, ``reason``, ``longitude``, ``latitude``, ``vertices``, ``limit``).
    ``row`` is the feature (1 = first) when the geometry came from a file.
    """

    @property
    def problem(self) -> str:
        return self.details.get("problem", "invalid")


@dataclass(frozen=True)
class SiteGeometry:
    """A checked site geometry.

    Attributes
    ----------
    geojson
        The geometry as a GeoJSON mapping (longitude, latitude [degrees], WGS 84).
    geometry_type
        ``Point``, ``Polygon`` or ``MultiPolygon``.
    area_ha
        Geodesic area on the WGS 84 ellipsoid [ha]; 0 for a point.
    longitude, latitude
        The centroid [degrees] (of the longitude/latitude figure: a label position, not a geodesic centre).
    vertices
        Number of coordinate pairs.
    """

    geojson: dict
    geometry_type: str
    area_ha: float
    longitude: float
    latitude: float
    vertices: int

    def to_dict(self) -> dict:
        return {
            "geometry": self.geojson,
            "geometry_type": self.geometry_type,
            "area_ha": self.area_ha,
            "longitude": self.longitude,
            "latitude": self.latitude,
            "vertices": self.vertices,
        }


def geodesic_area_ha(geometry) -> float:
    """Area of a shapely (Multi)Polygon with longitude/latitude coordinates [ha], on the WGS 84 ellipsoid.

    Rings are oriented first (exterior counter-clockwise, holes clockwise), so holes are subtracted
    whatever order the file gave the vertices in. A point or line has no area: 0.
    """
    if geometry.geom_type == "Polygon":
        parts = [geometry]
    elif geometry.geom_type == "MultiPolygon":
        parts = list(geometry.geoms)
    else:
        return 0.0
    area_m2 = sum(WGS84.geometry_area_perimeter(orient(part, sign=1.0))[0] for part in parts)
    return abs(area_m2) / M2_PER_HA


def _problem(problem: str, message: str, feature: int | None, **details) -> GeometryProblem:
    return GeometryProblem(message, row=feature, row_label="feature", details={"problem": problem, **details})


def _coordinate_pairs(geojson_type: str, coordinates) -> list:
    """Every coordinate pair of a Point, Polygon or MultiPolygon, as given (not yet checked)."""
    if geojson_type == "Point":
        return [coordinates]
    rings = coordinates if geojson_type == "Polygon" else [ring for poly in coordinates for ring in poly]
    return [pair for ring in rings for pair in ring]


def _as_lists(value):
    """shapely's mapping with lists for tuples, as JSON has them."""
    if isinstance(value, dict):
        return {key: _as_lists(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_lists(item) for item in value]
    return value


def check_site_geometry(geojson, feature: int | None = None) -> SiteGeometry:
    """Check a site geometry and measure it.

    Parameters
    ----------
    geojson
        A GeoJSON geometry mapping (``{"type": ..., "coordinates": ...}``), longitude and latitude
        [degrees] on WGS 84. A Feature is taken as its geometry.
    feature
        Its position in the file it came from (1 = first), named in errors.

    Returns
    -------
    SiteGeometry
        With the geodesic area [ha] and the centroid [degrees].

    Raises
    ------
    GeometryProblem
        Naming the feature and the problem: not a geometry, a type other than Point, Polygon or
        MultiPolygon, coordinates that are not numbers, out of range (longitude in [-180, 180], latitude
        in [-90, 90]; the first bad pair is named), an empty geometry, a ring that crosses itself (where)
        or is otherwise invalid (shapely's reason), more than :data:`MAX_VERTICES` vertices.
    """
    if isinstance(geojson, dict) and geojson.get("type") == "Feature":
        geojson = geojson.get("geometry")
    if not isinstance(geojson, dict) or "type" not in geojson:
        raise _problem("not_geojson", "not a GeoJSON geometry", feature)
    geometry_type = geojson["type"]
    if geometry_type not in SITE_GEOMETRY_TYPES:
        raise _problem(
            "type",
            f"a site is one of {', '.join(SITE_GEOMETRY_TYPES)}; got {geometry_type!r}",
            feature,
            type=str(geometry_type),
            allowed=", ".join(SITE_GEOMETRY_TYPES),
        )
    try:
        pairs = _coordinate_pairs(geometry_type, geojson["coordinates"])
        if any(len(pair) not in (2, 3) for pair in pairs):
            raise TypeError("not a coordinate pair")
        coordinates = [(float(pair[0]), float(pair[1])) for pair in pairs]
    except (KeyError, TypeError, ValueError, IndexError):
        raise _problem("coordinates", "the coordinates are not pairs of numbers", feature) from None
    if len(coordinates) > MAX_VERTICES:
        raise _problem(
            "too_many_vertices",
            f"{len(coordinates)} vertices; a site has at most {MAX_VERTICES}",
            feature,
            vertices=len(coordinates),
            limit=MAX_VERTICES,
        )
    for lon, lat in coordinates:
        if not (
            math.isfinite(lon)
            and math.isfinite(lat)
            and LONGITUDE_RANGE[0] <= lon <= LONGITUDE_RANGE[1]
            and LATITUDE_RANGE[0] <= lat <= LATITUDE_RANGE[1]
        ):
            raise _problem(
                "range",
                f"coordinate ({lon}, {lat}) is out of range: longitude must be in [-180, 180] and latitude "
                "in [-90, 90] (longitude first, in degrees on WGS 84)",
                feature,
                longitude=lon,
                latitude=lat,
            )
    try:
        geometry = shape(geojson)
        empty = geometry.is_empty
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, ShapelyError) as exc:
        raise _problem("invalid", f"not a valid geometry: {exc}", feature, reason=str(exc)) from None
    if empty:
        raise _problem("empty", "the geometry is empty", feature)
    if not geometry.is_valid:
        reason = explain_validity(geometry)
        if reason.startswith(("Self-intersection", "Ring Self-intersection")):
            where = reason[reason.find("[") + 1 : reason.find("]")].split()
            lon, lat = (float(where[0]), float(where[1])) if len(where) == 2 else (math.nan, math.nan)
            raise _problem(
                "self_intersection",
                f"the outline crosses itself near ({lon:.6f}, {lat:.6f})",
                feature,
                longitude=lon,
                latitude=lat,
            )
        raise _problem("invalid", f"invalid geometry: {reason}", feature, reason=reason)
    centroid = geometry.centroid
    return SiteGeometry(
        geojson=_as_lists(mapping(geometry)),
        geometry_type=geometry_type,
        area_ha=geodesic_area_ha(geometry),
        longitude=centroid.x,
        latitude=centroid.y,
        vertices=len(coordinates),
    )


def one_site(parts: list[SiteGeometry]) -> SiteGeometry:
    """The site that the features of one file make: the only one, or several polygons joined as one
    MultiPolygon (the parcels of one field), checked again: parts that overlap are a ``self_intersection``
    or ``invalid`` problem.

    Raises
    ------
    GeometryProblem
        ``no_features`` for none; ``several_features`` (with ``count``) when there are several and not all
        are polygons: a site is one point, or one or more polygons.
    """
    if not parts:
        raise _problem("no_features", "no features", None)
    if len(parts) == 1:
        return parts[0]
    if any(part.geometry_type == "Point" for part in parts):
        raise _problem(
            "several_features",
            f"{len(parts)} features, not all polygons; a site is one point, or one or more polygons",
            None,
            count=len(parts),
        )
    polygons = []
    for part in parts:
        coordinates = part.geojson["coordinates"]
        polygons.extend([coordinates] if part.geometry_type == "Polygon" else coordinates)
    return check_site_geometry({"type": "MultiPolygon", "coordinates": polygons})
