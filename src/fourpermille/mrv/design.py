"""Sampling design: stratified random points inside the project area, allocated across strata.

The area is a set of polygons in longitude/latitude (WGS 84), each belonging to a stratum. They are
projected to a Lambert azimuthal equal-area projection centred on the area, so that stratum areas are
exact and distances are true to well under 0.1 % over a farm or a district; points are drawn there
uniformly at random (rejection sampling in the bounding box) and mapped back to lon/lat.

Allocation of n points over strata h (area A_h, expected standard deviation S_h of the stock):

    proportional   n_h = n A_h / sum A                                   (Cochran 1977 Eq. 5.35)
    neyman         n_h = n A_h S_h / sum(A S)                            (Cochran 1977 Eq. 5.60)

rounded to whole points by the largest-remainder method, with at least ``min_per_stratum`` points in
each stratum (two are needed to estimate a stratum's variance). VM0042 v2.2 (Section 8.2.1.3, 8.6)
requires stratified random sampling with points allocated proportionally by area; Neyman allocation
minimises the variance of the stratified mean for a fixed n when the S_h are known (pilot sampling).

A minimum distance between points (e.g. 20 m, so that composite cores do not overlap) is enforced over
the whole area by rejecting candidates closer than that to any accepted point. Everything is drawn from
``numpy.random.default_rng(seed)``: the same seed, area and options give the same points.

References
----------
Cochran W.G. (1977) Sampling Techniques, 3rd ed. Wiley. Sections 5.5 and 5.9.
Verra (2025) VM0042 Methodology for Improved Agricultural Land Management, v2.2, Section 8.2.1.
Snyder J.P. (1987) Map Projections: A Working Manual. USGS Professional Paper 1395, p.182-190
(Lambert azimuthal equal-area). https://doi.org/10.3133/pp1395
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from shapely.ops import unary_union

from fourpermille.errors import InputError, ParameterError, check_choice
from fourpermille.mrv import limits

ALLOCATIONS = ("proportional", "neyman")
#: Two points per stratum at least: the variance of a stratum mean needs two.
MIN_POINTS_PER_STRATUM = 2
M2_PER_HA = 10_000.0
#: A point this close to the area's boundary [m] counts as inside (coordinates written to 1e-9 degree,
#: about 0.1 mm, are not exactly on the polygon they were drawn in).
BOUNDARY_TOLERANCE_M = 0.01
#: Candidates drawn per point still needed, and the most candidates tried per stratum per point, before
#: giving up (the area cannot hold that many points at that distance).
CANDIDATE_BATCH = 64
MAX_CANDIDATES_PER_POINT = 5_000
#: Candidates screened at once against the accepted points (memory: chunk x accepted distances).
PREFILTER_CHUNK = 256
WGS84 = CRS.from_epsg(4326)


def local_crs(geometries: Iterable) -> CRS:
    """Lambert azimuthal equal-area CRS centred on the bounding box of lon/lat ``geometries``."""
    minx, miny, maxx, maxy = shapely.total_bounds(np.asarray(list(geometries), dtype=object))
    lon0, lat0 = (minx + maxx) / 2.0, (miny + maxy) / 2.0
    return CRS.from_proj4(f"+proj=laea +lat_0={lat0:.9f} +lon_0={lon0:.9f} +datum=WGS84 +units=m +no_defs")


def to_metric(geometries, crs: CRS) -> list:
    """Project lon/lat geometries to ``crs`` [m]."""
    fwd = Transformer.from_crs(WGS84, crs, always_xy=True)
    projected = shapely.transform(
        np.asarray(list(geometries), dtype=object), lambda x, y: fwd.transform(x, y), interleaved=False
    )
    return list(projected)


def strata_geometries(features: pd.DataFrame) -> tuple[pd.Series, CRS]:
    """Union the polygons of each stratum, projected to the local metric CRS.

    Parameters
    ----------
    features : DataFrame
        ``stratum`` and ``geometry`` (shapely polygons in lon/lat), one row per polygon.

    Returns
    -------
    (Series stratum -> projected geometry [m], sorted by stratum name; the CRS).
    """
    if features.empty:
        raise InputError("the area has no polygons")
    crs = local_crs(features["geometry"])
    projected = to_metric(features["geometry"], crs)
    frame = pd.DataFrame({"stratum": features["stratum"].astype(str).to_numpy(), "geometry": projected})
    merged = frame.groupby("stratum")["geometry"].agg(lambda gs: unary_union(list(gs)))
    return merged.sort_index(), crs


def allocate(
    n: int,
    area_ha: pd.Series,
    method: str = "proportional",
    sd: pd.Series | None = None,
    min_per_stratum: int = MIN_POINTS_PER_STRATUM,
) -> pd.Series:
    """Whole numbers of points per stratum summing to ``n``.

    Parameters
    ----------
    n : int
        Total number of points.
    area_ha : Series [ha]
        Stratum areas (index: stratum).
    method : {'proportional', 'neyman'}
    sd : Series [t C/ha]
        Neyman only: expected standard deviation of the point stocks in each stratum.
    min_per_stratum : int

    Returns
    -------
    Series of int, index as ``area_ha``.

    Notes
    -----
    Shares p_h = A_h / sum A (proportional) or A_h S_h / sum(A S) (Neyman). Strata whose share n p_h
    falls below the minimum get the minimum and the rest of n is shared among the others by the same
    rule; the shares are then rounded by the largest-remainder (Hamilton) method.
    """
    check_choice("allocation", method, ALLOCATIONS)
    area_ha = pd.Series(area_ha, dtype=float)
    strata = list(area_ha.index)
    if int(n) != n or n < 1:
        raise ParameterError(f"the number of points must be a whole number >= 1; got {n}")
    n = int(n)
    if n < min_per_stratum * len(strata):
        raise ParameterError(
            f"{n} points cannot give {len(strata)} strata {min_per_stratum} points each "
            f"(need at least {min_per_stratum * len(strata)}): strata {', '.join(map(str, strata))}"
        )
    if method == "neyman":
        if sd is None:
            raise ParameterError("Neyman allocation needs the expected standard deviation of each stratum")
        sd = pd.Series(sd, dtype=float).reindex(strata)
        missing = [str(s) for s in strata if not np.isfinite(sd[s]) or sd[s] < 0]
        if missing:
            raise InputError(
                "Neyman allocation: no valid (>= 0) standard deviation for stratum/strata "
                + ", ".join(missing)
            )
        weight = area_ha * sd
        if weight.sum() <= 0:
            raise InputError("Neyman allocation: every stratum has a zero standard deviation")
    else:
        weight = area_ha.copy()
    fixed = pd.Series(False, index=strata)
    while True:
        free = ~fixed
        remaining = n - min_per_stratum * fixed.sum()
        share = weight[free] / weight[free].sum() * remaining
        low = share[share < min_per_stratum].index
        if len(low) == 0:
            break
        fixed[low] = True
    counts = pd.Series(min_per_stratum, index=strata, dtype=int)
    floor = np.floor(share).astype(int)
    counts[share.index] = floor
    left = remaining - floor.sum()
    order = (share - floor).sort_values(ascending=False, kind="stable").index[:left]
    counts[order] += 1
    return counts


def sample_points(
    features: pd.DataFrame,
    n: int,
    allocation: str = "proportional",
    sd: pd.Series | None = None,
    min_distance_m: float = 0.0,
    seed: int = 1,
) -> pd.DataFrame:
    """Stratified random sampling points inside the area's polygons.

    Parameters
    ----------
    features : DataFrame
        ``stratum`` and ``geometry`` (shapely polygons in lon/lat [degree]), one row per polygon.
    n : int
        Total number of points.
    allocation : {'proportional', 'neyman'}
    sd : Series [t C/ha], optional
        Expected SD of the stock per stratum (Neyman).
    min_distance_m : float [m]
        No two points closer than this (0: no constraint).
    seed : int
        Seed of the random generator; the same seed gives the same points.

    Returns
    -------
    DataFrame ``point_id, stratum, lon, lat, x_m, y_m`` (x, y in the local equal-area CRS), with
    ``attrs``: ``crs`` (PROJ string), ``strata`` (DataFrame ``stratum, area_ha, n_points``), ``seed``,
    ``allocation``, ``min_distance_m``.

    Raises
    ------
    InputError if a stratum cannot hold its points at the minimum distance.
    """
    limits.check_number("min_distance_m", min_distance_m, limits.MIN_DISTANCE_M)
    geoms, crs = strata_geometries(features)
    area = geoms.map(lambda g: g.area / M2_PER_HA)
    empty = [str(s) for s, a in area.items() if not a > 0]
    if empty:
        raise InputError(f"stratum/strata without area (no polygon surface): {', '.join(empty)}")
    counts = allocate(n, area, allocation, sd)
    rng = np.random.default_rng(seed)
    accepted = np.empty((0, 2))
    rows = []
    for stratum, geom in geoms.items():
        need = int(counts[stratum])
        shapely.prepare(geom)
        minx, miny, maxx, maxy = geom.bounds
        got, tried = 0, 0
        while got < need:
            if tried > MAX_CANDIDATES_PER_POINT * need:
                raise InputError(
                    f"stratum '{stratum}' ({area[stratum]:.2f} ha) cannot hold {need} points at least "
                    f"{min_distance_m:g} m apart (placed {got}); lower --min-distance-m or the number of "
                    "points"
                )
            batch = CANDIDATE_BATCH * (need - got)
            x = rng.uniform(minx, maxx, batch)
            y = rng.uniform(miny, maxy, batch)
            tried += batch
            inside = shapely.contains_xy(geom, x, y)
            inside_xy = np.column_stack([x[inside], y[inside]])
            for start in range(0, len(inside_xy), PREFILTER_CHUNK):
                cand = inside_xy[start : start + PREFILTER_CHUNK]
                if min_distance_m > 0 and accepted.size:
                    # drop candidates too close to points accepted before this chunk (vectorised); the rest
                    # are checked one by one in draw order, so the points do not depend on the chunk size
                    d = np.hypot(
                        cand[:, None, 0] - accepted[None, :, 0], cand[:, None, 1] - accepted[None, :, 1]
                    )
                    cand = cand[d.min(axis=1) >= min_distance_m]
                for px, py in cand:
                    if min_distance_m > 0 and accepted.size:
                        if np.min(np.hypot(accepted[:, 0] - px, accepted[:, 1] - py)) < min_distance_m:
                            continue
                    accepted = np.vstack([accepted, [px, py]])
                    rows.append((stratum, px, py))
                    got += 1
                    if got == need:
                        break
                if got == need:
                    break
    inv = Transformer.from_crs(crs, WGS84, always_xy=True)
    xs = np.array([r[1] for r in rows])
    ys = np.array([r[2] for r in rows])
    lon, lat = inv.transform(xs, ys)
    width = max(3, len(str(len(rows))))
    points = pd.DataFrame(
        {
            "point_id": [f"P{i + 1:0{width}d}" for i in range(len(rows))],
            "stratum": [r[0] for r in rows],
            "lon": lon,
            "lat": lat,
            "x_m": xs,
            "y_m": ys,
        }
    )
    points.attrs.update(
        crs=crs.srs,
        seed=int(seed),
        allocation=allocation,
        min_distance_m=float(min_distance_m),
        strata=pd.DataFrame(
            {"stratum": area.index, "area_ha": area.to_numpy(), "n_points": counts.loc[area.index].to_numpy()}
        ),
    )
    return points


def points_outside(points: pd.DataFrame, features: pd.DataFrame, by_stratum: bool = True) -> pd.DataFrame:
    """The points (``point_id, lon, lat`` and optionally ``stratum``) not inside the area.

    A point counts as inside if it lies within :data:`BOUNDARY_TOLERANCE_M` of a polygon of its stratum
    (of any polygon if ``by_stratum`` is false or the points have no ``stratum``).

    Returns
    -------
    DataFrame: the rows of ``points`` outside (empty if all are inside).
    """
    geoms, crs = strata_geometries(features)
    fwd = Transformer.from_crs(WGS84, crs, always_xy=True)
    x, y = fwd.transform(points["lon"].to_numpy(float), points["lat"].to_numpy(float))
    pts = shapely.points(x, y)
    if by_stratum and "stratum" in points:
        whole = {s: g for s, g in geoms.items()}
        inside = np.array(
            [
                str(s) in whole and bool(shapely.dwithin(whole[str(s)], p, BOUNDARY_TOLERANCE_M))
                for s, p in zip(points["stratum"], pts, strict=True)
            ]
        )
    else:
        union = unary_union(list(geoms))
        inside = shapely.dwithin(union, pts, BOUNDARY_TOLERANCE_M)
    return points[~inside]


def stratum_areas(features: pd.DataFrame) -> pd.Series:
    """Area [ha] of each stratum (equal-area projection), indexed by stratum."""
    geoms, _ = strata_geometries(features)
    return geoms.map(lambda g: g.area / M2_PER_HA).rename("area_ha")
