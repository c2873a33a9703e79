"""MRV figures: placing sampling points (with a minimum distance) and the stratified change of many points."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
from shapely.geometry import Polygon

from fourpermille.mrv import sample_points, stratified_change


def main() -> None:
    # a 4 km x 2 km (807 ha) district in 4 strata; 1000 points at least 25 m apart
    strata = [
        Polygon(
            [
                (3.0 + 0.0125 * i, 43.6),
                (3.0125 + 0.0125 * i, 43.6),
                (3.0125 + 0.0125 * i, 43.618),
                (3.0 + 0.0125 * i, 43.618),
            ]
        )
        for i in range(4)
    ]
    area = pd.DataFrame({"stratum": list("ABCD"), "geometry": strata})
    t0 = time.perf_counter()
    points = sample_points(area, 1000, min_distance_m=25, seed=1)
    plan_s = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "bench": "mrv_plan",
                "figure": "seconds_for_1000_points_25m_apart",
                "value": plan_s,
                "unit": "s",
                "points": len(points),
            }
        )
    )

    rng = np.random.default_rng(0)
    n = 100_000
    ids = [f"p{i}" for i in range(n)]
    stratum = rng.choice(list("ABCDEFGHIJ"), n)
    base = pd.DataFrame({"point_id": ids, "stratum": stratum, "soc_stock_t_ha": rng.normal(45, 8, n)})
    rep = base.assign(soc_stock_t_ha=base.soc_stock_t_ha + rng.normal(0.9, 2.0, n))
    t0 = time.perf_counter()
    result = stratified_change(base, rep)
    change_s = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "bench": "mrv_change",
                "figure": "points_per_s_paired_stratified",
                "value": n / change_s,
                "unit": "1/s",
                "change_t_ha": result.change.mean,
            }
        )
    )


if __name__ == "__main__":
    main()
