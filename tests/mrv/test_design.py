"""Sampling design: points inside the polygons, reproducible, minimum distance in metres, allocation."""

import itertools

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod
from shapely.geometry import Point, Polygon

from fourpermille.errors import InputError, ParameterError
from fourpermille.mrv.design import allocate, points_outside, sample_points, stratum_areas

NORTH = Polygon([(3.870, 43.610), (3.876, 43.610), (3.876, 43.6136), (3.870, 43.6136)])
SOUTH = Polygon([(3.870, 43.6064), (3.876, 43.6064), (3.876, 43.610), (3.870, 43.610)])
EAST = Polygon([(3.8765, 43.6064), (3.879, 43.6064), (3.879, 43.609), (3.8765, 43.609)])
AREA = pd.DataFrame({"stratum": ["clay", "sand", "sand"], "geometry": [NORTH, SOUTH, EAST]})


def test_stratum_areas_match_geodesic_areas():
    geod = Geod(ellps="WGS84")

    def ha(p):
        return abs(geod.geometry_area_perimeter(p)[0]) / 1e4

    expected = {"clay": ha(NORTH), "sand": ha(SOUTH) + ha(EAST)}
    areas = stratum_areas(AREA)
    for s, a in expected.items():
        assert areas[s] == pytest.approx(a, rel=1e-4)  # equal-area projection vs ellipsoidal area


def test_points_are_inside_their_stratum_polygons():
    pts = sample_points(AREA, 40, seed=3)
    assert len(pts) == 40 and pts.point_id.is_unique
    for row in pts.itertuples():
        polys = AREA[AREA.stratum == row.stratum].geometry
        assert any(p.contains(Point(row.lon, row.lat)) for p in polys), row.point_id
    assert points_outside(pts, AREA).empty


def test_same_seed_same_points_other_seed_other_points():
    a = sample_points(AREA, 25, min_distance_m=20, seed=7)
    b = sample_points(AREA, 25, min_distance_m=20, seed=7)
    c = sample_points(AREA, 25, min_distance_m=20, seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a[["lon", "lat"]], c[["lon", "lat"]])


def test_minimum_distance_in_metres_checked_with_geodesic_distances():
    pts = sample_points(AREA, 60, min_distance_m=30, seed=1)
    geod = Geod(ellps="WGS84")
    dmin = min(
        geod.inv(p.lon, p.lat, q.lon, q.lat)[2] for p, q in itertools.combinations(pts.itertuples(), 2)
    )
    assert dmin >= 30 * (1 - 1e-3)  # LAEA distances are true to < 0.1 % over a few hundred metres


def test_proportional_allocation_follows_area():
    pts = sample_points(AREA, 30, seed=1)
    strata = pts.attrs["strata"].set_index("stratum")
    share = strata.area_ha / strata.area_ha.sum()
    assert (strata.n_points - 30 * share).abs().max() < 1
    assert strata.n_points.sum() == 30


def test_neyman_allocation_hand_worked():
    # A S = 70 x 2 = 140, 20 x 8 = 160, 10 x 1 = 10; sum 310. c: 30 x 10/310 = 0.97 < 2 -> fixed at 2;
    # the other 28: a = 28 x 140/300 = 13.07, b = 14.93 -> floors 13, 14, the last point to b (0.93 > 0.07)
    counts = allocate(
        30, pd.Series({"a": 70.0, "b": 20.0, "c": 10.0}), "neyman", pd.Series({"a": 2.0, "b": 8.0, "c": 1.0})
    )
    assert counts.to_dict() == {"a": 13, "b": 15, "c": 2}
    # proportional: 21, 6, 3
    assert allocate(30, pd.Series({"a": 70.0, "b": 20.0, "c": 10.0})).to_dict() == {"a": 21, "b": 6, "c": 3}


def test_points_outside_the_area_are_found():
    pts = pd.DataFrame(
        {
            "point_id": ["in", "out", "wrong-stratum"],
            "stratum": ["clay", "clay", "clay"],
            "lon": [3.873, 3.880, 3.873],
            "lat": [43.612, 43.612, 43.608],
        }
    )
    assert list(points_outside(pts, AREA).point_id) == ["out", "wrong-stratum"]
    assert list(points_outside(pts, AREA, by_stratum=False).point_id) == ["out"]


def test_too_many_points_at_that_distance_is_a_clear_error():
    with pytest.raises(InputError, match="cannot hold .* points at least 400 m apart"):
        sample_points(AREA, 12, min_distance_m=400, seed=1)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"n": 3}, "need at least 4"),
        ({"n": 10, "min_distance_m": -5}, "min_distance_m must be a number in \\[0, 100000\\] m; got -5"),
        ({"n": 10, "allocation": "optimal"}, "proportional, neyman"),
        ({"n": 10, "allocation": "neyman"}, "standard deviation"),
    ],
)
def test_bad_design_parameters(kwargs, match):
    with pytest.raises((ParameterError, InputError), match=match):
        sample_points(AREA, **kwargs)


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None)
@given(
    areas=st.lists(st.floats(0.01, 1e4), min_size=1, max_size=8),
    extra=st.integers(0, 500),
    neyman=st.booleans(),
    data=st.data(),
)
def test_allocation_sums_to_n_with_two_per_stratum_and_follows_the_shares(areas, extra, neyman, data):
    area = pd.Series(areas, index=[f"s{i}" for i in range(len(areas))])
    n = 2 * len(areas) + extra
    sd = None
    if neyman:
        sd = pd.Series(
            data.draw(st.lists(st.floats(0.1, 50), min_size=len(areas), max_size=len(areas))),
            index=area.index,
        )
    counts = allocate(n, area, "neyman" if neyman else "proportional", sd)
    assert counts.sum() == n
    assert (counts >= 2).all()
    weight = area * sd if neyman else area
    # a larger weight never gets fewer points
    for i in weight.index:
        for j in weight.index:
            if weight[i] > weight[j]:
                assert counts[i] >= counts[j]
    # when no stratum falls under the minimum, every stratum is within one point of its exact share
    share = weight / weight.sum() * n
    if (share >= 2).all():
        assert ((counts - share).abs() < 1).all()
