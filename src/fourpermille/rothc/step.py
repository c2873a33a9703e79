"""The monthly pool step of RothC-26.3, written once, and the two loops built on it.

:func:`month_step` is the arithmetic of one month of ``decomp`` in RothC.for (Rothamsted-Models/RothC_Code
v2.0.0): the pools present at the start of the month decay, ``P (1 - exp(-rate_m k / 12))``, and the decayed
carbon goes to CO2, BIO and HUM in the ratio ``x : 0.46 : 0.54``. It is plain arithmetic, so the same
function runs

- on numpy arrays (one month for every site at once) in :func:`fourpermille.rothc.kernels.run_pools` and
  :func:`fourpermille.rothc.kernels.annual_map`, and
- on floats, compiled by numba (:mod:`fourpermille.rothc._accelerated`), inside :func:`pools_loop` and
  :func:`annual_loop`, which keep one site's four pools in registers over all months.

Both paths therefore perform the same floating-point operations in the same order (no fast-math); the
tests check them against each other. The loops live in this file with the step so that numba's on-disk
cache (keyed on this file) is invalidated whenever the step changes.
"""

from __future__ import annotations

import numpy as np


def decay_factor(rate_m, rate_constant, time_step):
    """Fraction of a pool kept over one month, ``exp(-rate_m k dt)`` [-] (array or float)."""
    return np.exp(-(rate_m * time_step) * rate_constant)


def month_step(dpm, rpm, bio, hum, kept_dpm, kept_rpm, kept_bio, kept_hum, f_bio, f_hum):
    """One month of decay and partition, without inputs (RothC.for ``decomp``).

    Parameters
    ----------
    dpm, rpm, bio, hum : pools at the start of the month [t C/ha] (arrays or floats)
    kept_* : fraction of each pool kept over the month, :func:`decay_factor` [-]
    f_bio, f_hum : fractions of the decayed carbon going to BIO and HUM [-]

    Returns
    -------
    (dpm, rpm, bio, hum, decayed): the pools at the end of the month before this month's inputs, and the
    carbon decayed [t C/ha] (times the CO2 fraction it is the month's CO2).
    """
    d1 = dpm * kept_dpm
    r1 = rpm * kept_rpm
    b1 = bio * kept_bio
    h1 = hum * kept_hum
    decayed = (dpm - d1) + (rpm - r1) + (bio - b1) + (hum - h1)
    return d1, r1, b1 + f_bio * decayed, h1 + f_hum * decayed, decayed


def pools_loop(
    state, rate_m, to_dpm, to_rpm, to_hum, f_co2, f_bio, f_hum, rates, step, months, stride, out, out_co2
):
    """Monthly pool update, one site at a time (compiled by numba).

    ``rate_m`` and additions are ``[site, month]`` (cycled when ``months`` exceeds their length),
    ``state[pool, site]``; writes ``out[pool, site, record]`` and the cumulative CO2 ``out_co2[site, record]``
    every ``stride`` months.
    """
    n, period = rate_m.shape
    kept = np.empty((period, 4))
    for s in range(n):
        for i in range(period):
            for j in range(4):
                kept[i, j] = decay_factor(rate_m[s, i], rates[j], step)
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
            d, r, b, h, decayed = month_step(
                d, r, b, h, kept[i, 0], kept[i, 1], kept[i, 2], kept[i, 3], fb, fh
            )
            d = d + to_dpm[s, i]
            r = r + to_rpm[s, i]
            h = h + to_hum[s, i]
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


def annual_loop(rate_m, to_dpm, to_rpm, to_hum, f_bio, f_hum, rates, step, factor, out):
    """The months applied to the unit vectors (columns 0-3) and to empty pools with each set ``g`` of
    additions ``to_*[g, site, month]`` (columns 4...), one site at a time (compiled by numba).

    ``factor`` scales each month's update (``exc`` for radiocarbon contents, 1 for carbon). Writes
    ``out[site, pool, column]``.
    """
    n, period = rate_m.shape
    groups = to_dpm.shape[0]
    cols = 4 + groups
    kept = np.empty(4)
    for s in range(n):
        for i in range(4):
            for c in range(cols):
                out[s, i, c] = 1.0 if i == c else 0.0
        fb = f_bio[s]
        fh = f_hum[s]
        for t in range(period):
            for j in range(4):
                kept[j] = decay_factor(rate_m[s, t], rates[j], step)
            for c in range(cols):
                d, r, b, h, _ = month_step(
                    out[s, 0, c],
                    out[s, 1, c],
                    out[s, 2, c],
                    out[s, 3, c],
                    kept[0],
                    kept[1],
                    kept[2],
                    kept[3],
                    fb,
                    fh,
                )
                if factor != 1.0:
                    d = d * factor
                    r = r * factor
                    b = b * factor
                    h = h * factor
                out[s, 0, c] = d
                out[s, 1, c] = r
                out[s, 2, c] = b
                out[s, 3, c] = h
            for g in range(groups):
                out[s, 0, 4 + g] += to_dpm[g, s, t]
                out[s, 1, 4 + g] += to_rpm[g, s, t]
                out[s, 3, 4 + g] += to_hum[g, s, t]
