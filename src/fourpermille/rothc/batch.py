"""Many sites at once: one fused RothC pass per site, chunk by chunk.

This is what ``fourpermille rothc batch``, the grid (:func:`fourpermille.grid.rothc_maps`) and
``benchmarks/bench_rothc.py`` run. Every site has its own soil, 12-month climate and 12-month management.
For each site, in one pass (:func:`site_pass`):

1. the settled 12-month moisture cycle and its rate modifiers, once;
2. the annual affine map once, with two input groups: the plant input pattern and the manure
   (``P_dec = M P + alpha c_plant + c_fym``, :func:`~fourpermille.rothc.kernels.annual_map_split`);
3. one 4 x 4 solve with both right-hand sides, ``(I - M) [x_plant x_fym] = [c_plant c_fym]``;
4. if an observed stock ``soc`` is given, IOM defaults to Falloon et al. (1998) and the plant input pattern
   is scaled by ``alpha`` so that the equilibrium equals ``soc`` (inverse (a) of
   :mod:`fourpermille.rothc.inverse`: ``alpha = (soc - IOM - 1' x_fym) / 1' x_plant``);
5. the exact equilibrium ``P* = alpha x_plant + x_fym`` is the initial state ``SOC0`` (the baseline stays
   there) and the extra plant input for the 4 per 1000 target after ``years`` is inverse (b),
   ``f = (SOC_target - SOC0) / 1' (I - M^T) alpha x_plant``;
6. optionally, a month-by-month forward run of ``years`` with that extra input gives the yearly stocks;
   its last December is the target (the inverse verified site by site), and the equilibrium under another
   annual plant input (same monthly pattern and manure) is ``IOM + 1' (x_fym + a x_plant)``.

The model is affine in the inputs, so every quantity comes from the one map and the one solve; the
results equal those of :func:`~fourpermille.rothc.equilibrium_input`,
:func:`~fourpermille.rothc.four_per_1000_input` and :func:`~fourpermille.rothc.equilibrium` called one
after the other (tests/rothc/test_batch.py checks it to 1e-9 against the outputs of that composition).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np

from fourpermille import target as target_mod
from fourpermille.errors import InputError
from fourpermille.rothc import kernels as k
from fourpermille.rothc import parameters as p
from fourpermille.rothc.kernels import CLASSIC, MoistureOptions, Pools
from fourpermille.rothc.model import check_drivers, falloon_iom

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
    yearly: bool = True,
    alternative_input=None,
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
    yearly : bool, run the ``years`` month by month with the extra input (``soc_yearly_t_ha``)
    alternative_input : ``(n,)`` [t C/ha/yr], optional: also the equilibrium when the annual plant input is
        this (the site's monthly pattern and manure kept), ``alternative_soc_eq_t_ha``; NaN where NaN

    Returns
    -------
    dict of arrays: ``iom_t_ha, c_inp_t_ha_yr, soc0_t_ha, target_soc_t_ha, baseline_soc_t_ha,
    required_input_increase_fraction, required_additional_input_t_ha_yr`` ``(n,)``, with ``yearly``
    ``soc_yearly_t_ha`` ``(n, years)`` (the stock each December with the extra input), with
    ``alternative_input`` ``alternative_soc_eq_t_ha`` ``(n,)``.

    Raises
    ------
    InputError
        A driver outside its range (naming it and the site), a plant input pattern summing to 0, or an
        observed stock at or below what IOM and the manure alone give.
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
        "alternative": alternative_input,
    }
    arrays = {
        key: None
        if v is None
        else np.broadcast_to(np.asarray(v, dtype=float), (n, p.MONTHS_PER_YEAR) if key in _MONTHLY else (n,))
        for key, v in arrays.items()
    }
    years = int(years)
    if years < 1:
        raise InputError(f"years must be >= 1; got {years}", column="years")
    target_mod.relative_gain(years, rate, growth)  # checks growth before any work
    arrays["iom"] = _iom(arrays["iom"], arrays["soc"], n)
    check_drivers(**{key: arrays[key] for key in ("clay", "depth", "iom") + _MONTHLY})
    out = {name: np.empty(n) for name in _PER_SITE}
    if yearly:
        out["soc_yearly_t_ha"] = np.empty((n, years))
    if alternative_input is not None:
        out["alternative_soc_eq_t_ha"] = np.empty(n)
    bounds = [(lo, min(n, lo + chunk_size)) for lo in range(0, n, chunk_size)]

    def work(bound):
        lo, hi = bound
        sub = {key: None if v is None else v[lo:hi] for key, v in arrays.items()}
        res = _site_pass(
            **{key: sub[key] for key in ("clay", "depth") + _MONTHLY},
            years=years,
            iom=sub["iom"],
            soc=sub["soc"],
            rate=rate,
            growth=growth,
            moisture=_subset(moisture, slice(lo, hi)),
            yearly=yearly,
            alternative_input=sub["alternative"],
            first_site=lo,
        )
        for name, values in res.items():
            out[name][lo:hi] = values
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


def _iom(iom, soc, n):
    """IOM [t C/ha] per site: as given, else Falloon et al. (1998) from the observed stock."""
    iom = np.full(n, np.nan) if iom is None else np.array(iom, dtype=float)
    if soc is not None:
        fill = np.isnan(iom) & ~np.isnan(soc)
        iom[fill] = falloon_iom(np.asarray(soc)[fill])
    return iom


def _site_pass(
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
    iom,
    soc,
    rate,
    growth,
    moisture,
    yearly,
    alternative_input,
    first_site,
) -> dict:
    """The fused pass of the module docstring on one chunk of ``n`` checked sites (``first_site`` is the
    number of the chunk's first site, for error messages)."""
    n = int(np.shape(clay)[0])
    fit = np.zeros(n, dtype=bool) if soc is None else ~np.isnan(soc)
    pattern_annual = np.sum(c_inp, axis=-1)
    if np.any(pattern_annual <= 0):
        site = first_site + int(np.argmax(pattern_annual <= 0))
        raise InputError(
            f"the plant input pattern (c_inp) of site {site} sums to 0 over the year: there is "
            "no input to scale",
            column="c_inp",
        )
    # 1. the settled moisture cycle, once
    limits = k.soil_water_limits(clay, depth, moisture)
    smd = k.settled_moisture_deficit(rain, pevap, pc, limits)
    rate_m = k.rate_modifiers(temp, rain, pevap, pc, clay, depth, smd0=smd, moisture=moisture).rate_m
    # 2. the annual map with the input groups, once; 3. one solve with both right-hand sides
    m, c_plant, c_fym = k.annual_map_split(rate_m, clay, c_inp, fym, dpm_rpm)
    eq = np.linalg.solve(np.eye(4) - m, np.stack(np.broadcast_arrays(c_plant, c_fym), axis=-1))
    x_plant, x_fym = eq[..., 0], eq[..., 1]
    soc_plant, soc_fym = x_plant.sum(-1), x_fym.sum(-1)
    # 4. inverse (a) where a stock is observed
    scale = np.ones(n)
    if fit.any():
        needed = np.asarray(soc)[fit] - iom[fit] - soc_fym[fit]
        if np.any(needed <= 0):
            site = first_site + int(np.nonzero(fit)[0][np.argmax(needed <= 0)])
            raise InputError(
                f"site {site}: the observed SOC is not above IOM plus the manure's equilibrium; "
                "no plant input reaches it",
                column="soc_t_ha",
            )
        scale[fit] = needed / soc_plant[fit]
    x_plant = x_plant * scale[:, None]
    c_inp = np.asarray(c_inp, dtype=float) * scale[:, None]
    annual = c_inp.sum(-1)
    # 5. the equilibrium and inverse (b)
    pools_star = x_plant + x_fym
    soc0 = pools_star.sum(-1) + iom
    response = (x_plant - k.matrix_power_times(m, x_plant, years)).sum(-1)
    target = np.asarray(target_mod.target_stock(soc0, years, rate=rate, growth=growth, baseline=soc0))
    fraction = (target - soc0) / response
    out = {
        "iom_t_ha": iom,
        "c_inp_t_ha_yr": annual,
        "soc0_t_ha": soc0,
        "target_soc_t_ha": target,
        "baseline_soc_t_ha": soc0,
        "required_input_increase_fraction": fraction,
        "required_additional_input_t_ha_yr": fraction * annual,
    }
    # 6. the forward run and the equilibrium under another input
    if yearly:
        run = k.run_pools(
            Pools.from_stack(pools_star),
            rate_m,
            clay,
            c_inp * (1.0 + fraction[:, None]),
            fym,
            dpm_rpm,
            record="year",
            months=p.MONTHS_PER_YEAR * years,
        )
        out["soc_yearly_t_ha"] = run.pools.total() + iom[:, None]
    if alternative_input is not None:
        alt = np.asarray(alternative_input, dtype=float)
        out["alternative_soc_eq_t_ha"] = iom + soc_fym + alt / pattern_annual * soc_plant
    return out


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
