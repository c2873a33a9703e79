"""IPCC Tier 1 over many land units: Approach 1 and 2 with Monte Carlo draws (vectorised kernels)."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd

from fourpermille.ipcc import stock_change

UNITS = 5_000
DRAWS = 50


def _units(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    ids = np.repeat([f"u{i}" for i in range(n)], 2)
    management = np.where(rng.random(2 * n) < 0.5, "full_tillage", "no_till")
    management[0::2] = "full_tillage"
    return pd.DataFrame(
        {
            "unit_id": ids,
            "year": np.tile([2000, 2010], n),
            "area_ha": np.repeat(rng.uniform(1, 100, n), 2),
            "climate_zone": "warm_temperate_moist",
            "soil_class": "HAC",
            "land_use": "long_term_cultivated",
            "management": management,
            "input": "medium",
        }
    )


def main() -> None:
    units = _units(UNITS)
    for approach in (1, 2):
        t0 = time.perf_counter()
        out = stock_change(
            units, approach=approach, d_years=20, n_draws=DRAWS, seed=0, years=range(2010, 2031)
        )
        elapsed = time.perf_counter() - t0
        print(
            json.dumps(
                {
                    "bench": "ipcc_tier1",
                    "approach": approach,
                    "units": UNITS,
                    "draws": DRAWS,
                    "years": len(out),
                    "seconds": round(elapsed, 3),
                    "figure": "unit_draw_years_per_s",
                    "value": UNITS * (DRAWS + 1) * len(out) / elapsed,
                    "unit": "1/s",
                }
            )
        )
