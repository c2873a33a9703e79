"""Optional compiled loop for :func:`fourpermille.rothc.kernels.run_pools` (numba, from the ``grid`` extra).

The numpy path costs ~25 array operations per month with temporaries; this loop keeps one site's four
pools in registers over all months and is ~10x faster (``benchmarks/bench_rothc.py`` measures both). It
performs the same floating-point operations in the same order as the numpy path (no fast-math), so both
give the same numbers (tests/rothc/test_kernels.py checks them against each other). Set the environment
variable ``FOURPERMILLE_NUMBA=0`` to force the numpy path.
"""

from __future__ import annotations

import math
import os

import numpy as np

try:  # numba is optional: the grid extra installs it
    import numba
except ImportError:  # pragma: no cover - exercised only without the extra
    numba = None


def available() -> bool:
    """True when the compiled loop can be used."""
    return numba is not None and os.environ.get("FOURPERMILLE_NUMBA", "1") != "0"


def _pools_loop(
    state, rate_m, to_dpm, to_rpm, to_hum, f_co2, f_bio, f_hum, rates, step, months, stride, out, out_co2
):
    """Monthly pool update, one site at a time: ``rate_m`` and additions are ``[site, month]`` (cycled
    when ``months`` exceeds their length), ``state[pool, site]``; writes ``out[pool, site, record]``."""
    n, period = rate_m.shape
    decay = np.empty((period, 4))
    for s in range(n):
        for i in range(period):
            scaled = rate_m[s, i] * step
            for j in range(4):
                decay[i, j] = math.exp(-scaled * rates[j])
        d = state[0, s]
        r = state[1, s]
        b = state[2, s]
        h = state[3, s]
        fc = f_co2[s]
        fb = f_bio[s]
        fh = f_hum[s]
        co2 = 0.0
        slot = 0
        i = 0  # month within the drivers' period (no integer division in the loop)
        since = 0  # months since the last record
        for _ in range(months):
            d1 = d * decay[i, 0]
            r1 = r * decay[i, 1]
            b1 = b * decay[i, 2]
            h1 = h * decay[i, 3]
            decayed = (d - d1) + (r - r1) + (b - b1) + (h - h1)
            d = d1 + to_dpm[s, i]
            r = r1 + to_rpm[s, i]
            b = b1 + fb * decayed
            h = (h1 + fh * decayed) + to_hum[s, i]
            co2 = co2 + fc * decayed
            i += 1
            if i == period:
                i = 0
            since += 1
            if since == stride:
                since = 0
                out[0, s, slot] = d
                out[1, s, slot] = r
                out[2, s, slot] = b
                out[3, s, slot] = h
                out_co2[s, slot] = co2
                slot += 1


def _annual_loop(rate_m, to_dpm, to_rpm, to_hum, f_co2, f_bio, f_hum, rates, step, factor, out):
    """The 12 months applied to the unit vectors (columns 0-3) and to empty pools with each set ``g`` of
    additions ``to_*[g, site, month]`` (columns 4...); ``factor`` scales each month's update (``exc``
    for radiocarbon, 1 for carbon). Writes ``out[site, pool, column]``."""
    n, period = rate_m.shape
    groups = to_dpm.shape[0]
    cols = 4 + groups
    decay = np.empty(4)
    for s in range(n):
        for i in range(4):
            for c in range(cols):
                out[s, i, c] = 1.0 if i == c else 0.0
        fb = f_bio[s]
        fh = f_hum[s]
        for t in range(period):
            scaled = rate_m[s, t] * step
            for j in range(4):
                decay[j] = math.exp(-scaled * rates[j])
            for c in range(cols):
                d = out[s, 0, c]
                r = out[s, 1, c]
                b = out[s, 2, c]
                h = out[s, 3, c]
                d1 = d * decay[0]
                r1 = r * decay[1]
                b1 = b * decay[2]
                h1 = h * decay[3]
                decayed = (d - d1) + (r - r1) + (b - b1) + (h - h1)
                if factor == 1.0:
                    out[s, 0, c] = d1
                    out[s, 1, c] = r1
                    out[s, 2, c] = b1 + fb * decayed
                    out[s, 3, c] = h1 + fh * decayed
                else:
                    out[s, 0, c] = d1 * factor
                    out[s, 1, c] = r1 * factor
                    out[s, 2, c] = (b1 + fb * decayed) * factor
                    out[s, 3, c] = (h1 + fh * decayed) * factor
            for g in range(groups):
                out[s, 0, 4 + g] += to_dpm[g, s, t]
                out[s, 1, 4 + g] += to_rpm[g, s, t]
                out[s, 3, 4 + g] += to_hum[g, s, t]


pools_loop = numba.njit(cache=True, nogil=True)(_pools_loop) if numba is not None else None
annual_loop = numba.njit(cache=True, nogil=True)(_annual_loop) if numba is not None else None
