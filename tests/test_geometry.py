"""fourpermille.geometry: the checks of a site geometry and its geodesic area."""

from __future__ import annotations

import math

import pytest

from fourpermille.errors import InputError
from fourpermille.geometry import (
    MAX_VERTICES,
    GeometryProblem,
    check_site_geometry,
    geodesic_area_ha,
    one_site,
)

# WGS 84 (NIMA TR8350.2, 3rd ed., table 3.1)
A = 6378137.0  # [m] semi-major axis
F = 1 / 298.257223563  # flattening
B = A * (1 - F)  # [m] semi-minor axis
E = math.sqrt(F * (2 - F))  # first eccentricity


def ellipsoid_surface_m2() -> float:
    """Surface of an oblate ellipsoid of revolution, in closed form:
    S = 2 pi a^2 + pi (b^2 / e) ln((1 + e) / (1 - e))."""
    return 2 * math.pi * A**2 + math.pi * B**2 / E * math.log((1 + E) / (1 - E))


def authalic_q(lat_deg: float) -> float:
    """Snyder (1987), Map Projections - A Working Manual, USGS Professional Paper 1395, eq. 3-12:
    q = (1 - e^2) [sin(phi) / (1 - e^2 sin^2(phi)) - 1 / (2e) ln((1 - e sin(phi)) / (1 + e sin(phi)))]."""
    s = math.sin(math.radians(lat_deg))
    return (1 - E**2) * (s / (1 - E**2 * s**2) - 1 / (2 * E) * math.log((1 - E * s) / (1 + E * s)))


def quadrangle_ha(west, east, south, north) -> float:
    """Area between two meridians and two parallels on the ellipsoid: a^2 (lambda2 - lambda1) (q2 - q1) / 2
    (Snyder 1987, the authalic latitude's q; the zone area from the equator to phi is pi a^2 q per 2 pi)."""
    return A**2 * math.radians(east - west) * (authalic_q(north) - authalic_q(south)) / 2 / 1e4


def square(west, south, size):
    return [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]


def test_the_area_of_an_octant_is_an_eighth_of_the_ellipsoid():
    """The triangle (0 E, 0 N), (90 E, 0 N), North Pole has geodesic edges (the equator and two meridians),
    so its area is exactly one eighth of the WGS 84 surface (510 065 621.7 km2)."""
    octant = check_site_geometry({"type": "Polygon", "coordinates": [[[0, 0], [90, 0], [0, 90], [0, 0]]]})
    expected_ha = ellipsoid_surface_m2() / 8 / 1e4
    assert expected_ha == pytest.approx(6_375_820_271.55, rel=1e-11)  # 510 065 621.724 km2 / 8
    assert octant.area_ha == pytest.approx(expected_ha, rel=1e-12)


def test_a_field_sized_quadrangle_matches_the_closed_form():
    """A 0.01 x 0.01 degree cell at 45 N (about 88 ha): its north and south edges are geodesics, not
    parallels, but over 800 m they differ from the parallels by less than a part in 10^8."""
    site = check_site_geometry({"type": "Polygon", "coordinates": [square(2.0, 45.0, 0.01)]})
    assert site.area_ha == pytest.approx(quadrangle_ha(2.0, 2.01, 45.0, 45.01), rel=1e-8)
    assert site.area_ha == pytest.approx(87.616, abs=5e-4)
    assert site.geometry_type == "Polygon" and site.vertices == 5
    assert (site.longitude, site.latitude) == pytest.approx((2.005, 45.005))


def test_holes_are_subtracted_whatever_the_winding_of_the_rings():
    outer = square(2.0, 45.0, 0.01)
    hole = square(2.004, 45.004, 0.002)
    expected = quadrangle_ha(2.0, 2.01, 45.0, 45.01) - quadrangle_ha(2.004, 2.006, 45.004, 45.006)
    for rings in ([outer, hole], [outer[::-1], hole], [outer, hole[::-1]], [outer[::-1], hole[::-1]]):
        site = check_site_geometry({"type": "Polygon", "coordinates": rings})
        assert site.area_ha == pytest.approx(expected, rel=1e-8)


def test_a_point_has_no_area_and_a_multipolygon_adds_its_parts():
    point = check_site_geometry({"type": "Point", "coordinates": [2.35, 48.85]})
    assert point.area_ha == 0 and (point.longitude, point.latitude) == (2.35, 48.85)
    parts = {"type": "MultiPolygon", "coordinates": [[square(2.0, 45.0, 0.01)], [square(3.0, 45.0, 0.01)]]}
    both = check_site_geometry(parts)
    one = quadrangle_ha(2.0, 2.01, 45.0, 45.01)
    assert both.area_ha == pytest.approx(2 * one, rel=1e-8)
    assert geodesic_area_ha(__import__("shapely").geometry.LineString([(0, 0), (1, 1)])) == 0


def test_a_feature_is_taken_as_its_geometry():
    feature = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1, 2]}}
    assert check_site_geometry(feature).geometry_type == "Point"


def test_rings_come_back_closed_with_lists():
    site = check_site_geometry({"type": "Polygon", "coordinates": [[[0, 0], [0.1, 0], [0.1, 0.1]]]})
    ring = site.geojson["coordinates"][0]
    assert ring[0] == ring[-1] == [0.0, 0.0] and isinstance(ring, list)


@pytest.mark.parametrize(
    ("geometry", "problem", "words"),
    [
        (
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
            "self_intersection",
            "crosses itself near (0.500000, 0.500000)",
        ),
        ({"type": "Point", "coordinates": [200, 0]}, "range", "(200.0, 0.0) is out of range"),
        ({"type": "Point", "coordinates": [0, -91]}, "range", "latitude in [-90, 90]"),
        ({"type": "Point", "coordinates": [float("nan"), 0]}, "range", "out of range"),
        ({"type": "Point", "coordinates": [float("inf"), 0]}, "range", "out of range"),
        ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "type", "got 'LineString'"),
        ({"type": "GeometryCollection", "geometries": []}, "type", "Point, Polygon, MultiPolygon"),
        ({"type": "Point", "coordinates": ["a", 0]}, "coordinates", "not pairs of numbers"),
        ({"type": "Point", "coordinates": [1]}, "coordinates", "not pairs of numbers"),
        ({"type": "Point", "coordinates": [1, 2, 3, 4]}, "coordinates", "not pairs of numbers"),
        ({"type": "Point"}, "coordinates", "not pairs of numbers"),
        ({"type": "Polygon", "coordinates": []}, "empty", "empty"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [0, 0]]]}, "invalid", "Too few points"),
        (["Point"], "not_geojson", "not a GeoJSON geometry"),
        ({"coordinates": [0, 0]}, "not_geojson", "not a GeoJSON geometry"),
    ],
)
def test_bad_geometries_name_the_feature_and_the_problem(geometry, problem, words):
    with pytest.raises(GeometryProblem) as caught:
        check_site_geometry(geometry, feature=3)
    assert caught.value.problem == problem
    assert isinstance(caught.value, InputError)
    assert str(caught.value).startswith("feature 3: ")
    assert words in str(caught.value)


def test_a_country_is_not_a_site():
    ring = [[math.cos(t / 1000) * 0.1, math.sin(t / 1000) * 0.1] for t in range(MAX_VERTICES + 1)]
    ring.append(ring[0])
    with pytest.raises(GeometryProblem, match="vertices") as caught:
        check_site_geometry({"type": "Polygon", "coordinates": [ring]})
    assert caught.value.details["limit"] == MAX_VERTICES


def test_one_site_from_the_features_of_a_file():
    a = check_site_geometry({"type": "Polygon", "coordinates": [square(2.0, 45.0, 0.01)]})
    b = check_site_geometry({"type": "Polygon", "coordinates": [square(3.0, 45.0, 0.01)]})
    point = check_site_geometry({"type": "Point", "coordinates": [2, 45]})
    assert one_site([point]) is point
    joined = one_site([a, b])
    assert joined.geometry_type == "MultiPolygon"
    assert joined.area_ha == pytest.approx(a.area_ha + b.area_ha)
    with pytest.raises(GeometryProblem) as caught:
        one_site([a, point])
    assert caught.value.problem == "several_features" and caught.value.details["count"] == 2
    with pytest.raises(GeometryProblem) as caught:
        one_site([])
    assert caught.value.problem == "no_features"
    # overlapping parcels are not one site
    overlapping = check_site_geometry({"type": "Polygon", "coordinates": [square(2.005, 45.0, 0.01)]})
    with pytest.raises(GeometryProblem) as caught:
        one_site([a, overlapping])
    assert caught.value.problem in {"self_intersection", "invalid"}
