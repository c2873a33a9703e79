"""The loops of :mod:`fourpermille.rothc.step` compiled by numba (from the ``grid`` extra), on first use.

The numpy path costs ~25 array operations per month with temporaries; the compiled loops keep one site's
four pools in registers over all months. Both run :func:`fourpermille.rothc.step.month_step` (the numpy
path on arrays, these loops on floats), so both give the same numbers (tests/rothc/test_kernels.py checks
them against each other).

numba is imported, and the loops compiled or loaded from its cache, only when a run first needs them and
only for runs of at least :data:`MIN_SITES` sites: importing numba and loading the cache costs about
0.3 s of CPU, more than the numpy path needs for a few thousand sites. Set the environment variable
``FOURPERMILLE_NUMBA=0`` to force the numpy path, ``FOURPERMILLE_NUMBA=1`` to use the loops for any size.
"""

from __future__ import annotations

import importlib.util
import os
import threading

from fourpermille.rothc import step

#: Environment variable choosing the path: 0 numpy only, 1 compiled always, unset: by size.
ENV = "FOURPERMILLE_NUMBA"
#: Site-months below which the numpy path is used unless FOURPERMILLE_NUMBA=1 (the import of numba and the
#: load of its cache cost about as much as the numpy path for this many site-months).
MIN_SITE_MONTHS = 2_000_000

_compiled: dict = {}
_lock = threading.Lock()


def available(site_months: int | None = None) -> bool:
    """True when the compiled loops are to be used for a run of ``site_months`` (sites x months)."""
    flag = os.environ.get(ENV)
    if flag == "0" or importlib.util.find_spec("numba") is None:
        return False
    if flag == "1" or _compiled or site_months is None:
        return True
    return site_months >= MIN_SITE_MONTHS


def loops() -> dict:
    """``{"pools_loop": ..., "annual_loop": ...}`` compiled (numba's cache makes this fast after once)."""
    with _lock:
        if not _compiled:
            _compile()
    return _compiled


def _compile() -> None:
    import numba
    from numba.extending import register_jitable

    # the step functions are called from the loops: make them callable from compiled code
    register_jitable(step.decay_factor)
    register_jitable(step.month_step)
    jit = numba.njit(cache=True, nogil=True)
    _compiled.update(pools_loop=jit(step.pools_loop), annual_loop=jit(step.annual_loop))
