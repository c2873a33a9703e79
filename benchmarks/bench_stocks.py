"""SOC stocks of 100,000 profiles, fixed depth and each ESM method: the vectorised core against a
per-profile loop over the same public function (the baseline), in the same process.

Usage: ``python -m benchmarks bench_stocks`` (or ``make bench``); ``--profiles N`` via BENCH_STOCKS_N.
"""

from __future__ import annotations

import json
import os
import time

import numpy as np
import pandas as pd

from fourpermille.stocks import ESM_METHODS, compute_stocks

#: Profiles in the vectorised run (env BENCH_STOCKS_N overrides).
N_PROFILES = int(os.environ.get("BENCH_STOCKS_N", "100000"))
#: Profiles timed one by one for the loop baseline (its rate is scaled to N_PROFILES).
N_LOOP = 300
#: Reference cumulative soil masses [t/ha] for the ESM runs (about 0-10 and 0-30 cm at 1.3 g/cm3).
REF_MASS_T_HA = [1300.0, 3900.0]


def synthetic_profiles(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` profiles of 3 to 6 contiguous layers down to 40-100 cm, plausible SOC and bulk density."""
    rng = np.random.default_rng(seed)
    layers = rng.integers(3, 7, n)
    pid = np.repeat(np.arange(n), layers)
    first = np.r_[0, np.cumsum(layers)[:-1]]
    k = np.arange(len(pid)) - np.repeat(first, layers)
    depth_total = np.repeat(rng.uniform(40.0, 100.0, n), layers)
    share = rng.uniform(0.5, 1.5, len(pid))
    cum = np.zeros(len(pid))
    for p0, m in zip(first, layers, strict=True):  # setup only, not timed
        cum[p0 : p0 + m] = np.cumsum(share[p0 : p0 + m]) / share[p0 : p0 + m].sum()
    bottom = np.round(cum * depth_total, 1)
    top = np.r_[0.0, bottom[:-1]]
    top[first] = 0.0
    return pd.DataFrame(
        {
            "profile_id": pid.astype(str),
            "depth_top_cm": top,
            "depth_bottom_cm": bottom,
            "soc_g_kg": rng.uniform(5.0, 30.0, len(pid)) * np.exp(-0.3 * k),
            "bulk_density_g_cm3": rng.uniform(1.1, 1.6, len(pid)),
        }
    )


def _time(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    table = synthetic_profiles(N_PROFILES)
    starts = np.r_[0, np.flatnonzero(table.profile_id.to_numpy()[1:] != table.profile_id.to_numpy()[:-1]) + 1]
    one_by_one = [table.iloc[a:b] for a, b in zip(starts[:N_LOOP], starts[1 : N_LOOP + 1], strict=True)]
    runs = [("fixed", {"method": "fixed", "depth_cm": 30.0})]
    runs += [
        (f"esm-{m}", {"method": "esm", "esm_method": m, "ref_mass_t_ha": REF_MASS_T_HA}) for m in ESM_METHODS
    ]
    for name, kwargs in runs:
        vectorised = _time(lambda kw=kwargs: compute_stocks(table, **kw))
        loop = _time(lambda kw=kwargs: [compute_stocks(p, **kw) for p in one_by_one])
        loop_rate = len(one_by_one) / loop
        rate = N_PROFILES / vectorised
        print(
            json.dumps(
                {
                    "bench": "stocks",
                    "figure": f"{name}_profiles_per_s",
                    "value": round(rate, 1),
                    "unit": "1/s",
                    "profiles": N_PROFILES,
                    "seconds": round(vectorised, 3),
                    "loop_profiles_per_s": round(loop_rate, 1),
                    "speedup_vs_per_profile_loop": round(rate / loop_rate, 1),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
