"""Many sites at once: equilibrium, the 4 per 1000 inverse and the yearly stocks, chunk by chunk.

This is what ``fourpermille rothc batch`` and ``benchmarks/bench_rothc.py`` run. Every site has its own
soil, 12-month climate and 12-month management. For each site:

1. if an observed stock ``soc`` is given, IOM defaults to Falloon et al. (1998) and the plant input pattern
   is scaled so that the exact equilibrium equals ``soc`` (inverse (a));
2. the exact equilibrium of the 12 months repeated is the initial state ``SOC0`` (the baseline stays
   there);
3. the extra plant input for the 4 per 1000 target after ``years`` (inverse (b), closed form);
4. a month-by-month forward run of ``years`` with that extra input gives the yearly stocks; its last
   December is the target (the inverse verified site by site: ``max_target_error``).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fourpermille import target as target_mod
from fourpermille.rothc import kernels as k
from fourpermille.rothc import parameters as p
from fourpermille.rothc.inverse import equilibrium_input, four_per_1000_input
from fourpermille.rothc.kernels import CLASSIC, MoistureOptions
from fourpermille.rothc.model import falloon_iom

#: Sites per chunk: keeps the working set of one chunk to a few hundred MB.
DEFAULT_CHUNK = 50_000


def four_per_1000_sites(
    clay,
    depth,
    temp,
    rain,
    pevap,
    c_inp,
    fym,
    pc,
    dpm_rpm,
    years: int,
    *,
    iom=None,
    soc=None,
    rate: float = target_mod.FOUR_PER_1000,
    growth: str = "linear",
    moisture: MoistureOptions = CLASSIC,
    chunk_size: int = DEFAULT_CHUNK,
    workers: int = 1,
    on_chunk=None,
) -> dict:
    """The 4 per 1000 inverse and a forward run for ``n`` sites.

    Parameters
    ----------
    clay [%], depth [cm] : ``(n,)``
    temp [°C], rain [mm], pevap [mm], c_inp [t C/ha], fym [t C/ha], pc [0/1], dpm_rpm [-] : ``(n, 12)``
    years : int [yr]
    iom : ``(n,)`` [t C/ha], optional (NaN or omitted: Falloon from ``soc``)
    soc : ``(n,)`` [t C/ha], optional observed stock (NaN: none); where given, the plant input pattern is
        scaled so that the equilibrium equals it
    rate [1/yr], growth {'linear', 'compound'} : the target
    moisture : MoistureOptions
    chunk_size : int, sites per chunk; workers : int, chunks run in parallel threads
    on_chunk : callable(n_done), called after each chunk (progress)

    Returns
    -------
    dict of arrays: ``iom_t_ha, c_inp_t_ha_yr, soc0_t_ha, target_soc_t_ha, baseline_soc_t_ha,
    required_input_increase_fraction, required_additional_input_t_ha_yr`` ``(n,)`` and ``soc_yearly_t_ha``
    ``(n, years)`` (the stock each December with the extra input).
    """
    n = int(np.shape(clay)[0])
    if iom is None and soc is None:
        raise ValueError("give iom or soc")
    arrays = {
        "clay": clay,
        "depth": depth,
        "temp": temp,
        "rain": rain,
        "pevap": pevap,
        "c_inp": c_inp,
        "fym": fym,
        "pc": pc,
        "dpm_rpm": dpm_rpm,
        "iom": iom,
        "soc": soc,
    }
    arrays = {
        key: None
        if v is None
        else np.broadcast_to(np.asarray(v, dtype=float), (n, p.MONTHS_PER_YEAR) if key in _MONTHLY else (n,))
        for key, v in arrays.items()
    }
    out = {name: np.empty(n) for name in _PER_SITE}
    out["soc_yearly_t_ha"] = np.empty((n, int(years)))
    bounds = [(lo, min(n, lo + chunk_size)) for lo in range(0, n, chunk_size)]

    def work(bound):
        lo, hi = bound
        sub = {key: None if v is None else v[lo:hi] for key, v in arrays.items()}
        _chunk(sub, years, rate, growth, moisture, out, lo, hi)
        return hi - lo

    done = 0
    if workers > 1:
        with ThreadPoolExecutor(workers) as pool:
            for count in pool.map(work, bounds):
                done += count
                if on_chunk is not None:
                    on_chunk(done)
    else:
        for bound in bounds:
            done += work(bound)
            if on_chunk is not None:
                on_chunk(done)
    return out


_MONTHLY = ("temp", "rain", "pevap", "c_inp", "fym", "pc", "dpm_rpm")
_PER_SITE = (
    "iom_t_ha",
    "c_inp_t_ha_yr",
    "soc0_t_ha",
    "target_soc_t_ha",
    "baseline_soc_t_ha",
    "required_input_increase_fraction",
    "required_additional_input_t_ha_yr",
)


def _chunk(a, years, rate, growth, moisture, out, lo, hi):
    m = _subset(moisture, slice(lo, hi))
    c_inp = a["c_inp"]
    iom = np.full(hi - lo, np.nan) if a["iom"] is None else np.array(a["iom"], dtype=float)
    fit = np.zeros(hi - lo, dtype=bool) if a["soc"] is None else ~np.isnan(a["soc"])
    if fit.any():
        idx = np.nonzero(fit)[0]
        soc = a["soc"][idx]
        iom[idx] = np.where(np.isnan(iom[idx]), falloon_iom(soc), iom[idx])
        sel = {key: a[key][idx] for key in ("clay", "depth") + _MONTHLY}
        fitted = equilibrium_input(
            sel["clay"],
            sel["depth"],
            sel["temp"],
            sel["rain"],
            sel["pevap"],
            sel["c_inp"],
            sel["fym"],
            sel["pc"],
            sel["dpm_rpm"],
            soc,
            iom=iom[idx],
            moisture=_subset(m, idx),
        )
        c_inp = np.array(c_inp)
        c_inp[idx] = fitted.c_inp
    inv = four_per_1000_input(
        a["clay"],
        a["depth"],
        iom,
        a["temp"],
        a["rain"],
        a["pevap"],
        c_inp,
        a["fym"],
        a["pc"],
        a["dpm_rpm"],
        years,
        rate=rate,
        growth=growth,
        moisture=m,
    )
    rms = k.rate_modifiers(
        a["temp"], a["rain"], a["pevap"], a["pc"], a["clay"], a["depth"], smd0=inv.smd0, moisture=m
    )
    scaled = c_inp * (1.0 + inv.required_input_increase_fraction[:, None])
    run = k.run_pools(
        inv.pools0,
        rms.rate_m,
        a["clay"],
        scaled,
        a["fym"],
        a["dpm_rpm"],
        record="year",
        months=p.MONTHS_PER_YEAR * int(years),
    )
    out["iom_t_ha"][lo:hi] = iom
    out["c_inp_t_ha_yr"][lo:hi] = c_inp.sum(-1)
    out["soc0_t_ha"][lo:hi] = inv.soc0_t_ha
    out["target_soc_t_ha"][lo:hi] = inv.target_soc_t_ha
    out["baseline_soc_t_ha"][lo:hi] = inv.baseline_soc_t_ha
    out["required_input_increase_fraction"][lo:hi] = inv.required_input_increase_fraction
    out["required_additional_input_t_ha_yr"][lo:hi] = inv.required_additional_input_t_ha_yr
    out["soc_yearly_t_ha"][lo:hi] = run.pools.total() + np.asarray(iom)[:, None]


def _subset(moisture: MoistureOptions, index) -> MoistureOptions:
    def sub(x):
        return x if x is None or np.ndim(x) == 0 else np.asarray(x)[index]

    return MoistureOptions(
        moisture.opt_rm_moist,
        moisture.opt_smd_bare,
        sub(moisture.silt),
        sub(moisture.bulk_density),
        sub(moisture.organic_carbon),
        sub(moisture.min_rm_moist),
    )
