"""Targets over a million stocks: vectorised numpy against a per-stock Python loop (the baseline)."""

from __future__ import annotations

import json
import time

import numpy as np

from fourpermille.target import target_stock


def main() -> None:
    rng = np.random.default_rng(0)
    soc0 = rng.uniform(10, 120, 1_000_000)
    t0 = time.perf_counter()
    target_stock(soc0, 30, growth="compound")
    vectorised = time.perf_counter() - t0
    sample = soc0[:10_000]
    t0 = time.perf_counter()
    for value in sample:
        target_stock(float(value), 30, growth="compound")
    loop = (time.perf_counter() - t0) * len(soc0) / len(sample)
    print(
        json.dumps(
            {
                "bench": "target",
                "figure": "stocks_per_s",
                "value": len(soc0) / vectorised,
                "unit": "1/s",
                "speedup_vs_python_loop": loop / vectorised,
            }
        )
    )
