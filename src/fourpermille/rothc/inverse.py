"""Inverse RothC in closed form: the carbon input for a target stock.

With the rate modifiers fixed (they depend on climate, soil and plant cover, never on the pools or the
inputs), every month is affine in the pools and linear in the inputs, so every stock RothC computes is
``SOC = S_0 + alpha S_plant`` when the plant input pattern is scaled by ``alpha``. Hence:

(a) the plant input for a target **equilibrium** stock (:func:`equilibrium_input`):

    alpha = (SOC_target - IOM - SOC*_fym) / SOC*_plant                                       (1)

where ``SOC*_plant = 1' (I - M)^-1 c_plant`` and ``SOC*_fym = 1' (I - M)^-1 c_fym`` are the equilibrium
active stocks of the plant input pattern alone and of the manure alone (``M``, ``c`` the annual map);

(b) the **additional** plant input for the 4 per 1000 target after T years relative to the baseline
(:func:`four_per_1000_input`). Starting at the equilibrium ``P*`` with the 12 months repeated, the
baseline stays at ``SOC0`` and raising the plant input by the fraction ``f`` adds

    Delta SOC_T = f G_T,   G_T = 1' (I - M^T) (I - M)^-1 c_plant                              (2)

(the response of initially empty pools to the plant input alone after T years), so

    f = (SOC_target(T) - SOC_base(T)) / G_T,   SOC_target from :func:`fourpermille.target.target_stock`.

For drivers that are not a repeated year, :func:`additional_input_for_target` computes the same with
two forward runs (baseline and response). Both inverses are verified by forward runs in the tests.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from fourpermille import target as target_mod
from fourpermille.errors import InputError
from fourpermille.rothc import kernels as k
from fourpermille.rothc import parameters as p
from fourpermille.rothc.kernels import CLASSIC, MoistureOptions, Pools
from fourpermille.rothc.model import _first_year, check_drivers


class EquilibriumInput(NamedTuple):
    """Result of :func:`equilibrium_input` (per site)."""

    scale: np.ndarray  #: factor on the given plant input pattern [-]
    c_inp_t_ha_yr: np.ndarray  #: annual plant input giving the target equilibrium [t C/ha/yr]
    c_inp: np.ndarray  #: the scaled monthly plant input [t C/ha/month], (sites..., 12)
    iom: np.ndarray  #: IOM used [t C/ha]


class FourPer1000Input(NamedTuple):
    """Result of :func:`four_per_1000_input` (per site)."""

    soc0_t_ha: np.ndarray  #: equilibrium (initial) stock [t C/ha]
    target_soc_t_ha: np.ndarray  #: 4 per 1000 target after T years [t C/ha]
    baseline_soc_t_ha: np.ndarray  #: baseline stock after T years [t C/ha]
    required_input_increase_fraction: np.ndarray  #: extra plant input / current plant input [-]
    required_additional_input_t_ha_yr: np.ndarray  #: extra plant input [t C/ha/yr]
    pools0: Pools  #: the equilibrium pools [t C/ha]
    smd0: np.ndarray  #: the December moisture deficit of the equilibrium [mm]


def _cycle(clay, depth, temp, rain, pevap, pc, moisture):
    """Rate modifiers of the settled 12-month cycle and its December deficit."""
    temp, rain, pevap, pc = (_first_year(x) for x in (temp, rain, pevap, pc))
    limits = k.soil_water_limits(clay, depth, moisture)
    smd = k.settled_moisture_deficit(rain, pevap, pc, limits)
    rms = k.rate_modifiers(temp, rain, pevap, pc, clay, depth, smd0=smd, moisture=moisture)
    return rms.rate_m, smd


def _annual_plant_input(c_inp):
    total = np.sum(np.asarray(c_inp, dtype=float), axis=-1)
    if np.any(total <= 0):
        raise InputError(
            "the plant input pattern (c_inp) sums to 0 over the year for some site: there is "
            "no input to scale",
            column="c_inp",
        )
    return total


def equilibrium_input(
    clay,
    depth,
    temp,
    rain,
    pevap,
    c_inp,
    fym,
    pc,
    dpm_rpm,
    target_soc,
    *,
    iom=None,
    moisture: MoistureOptions = CLASSIC,
) -> EquilibriumInput:
    """Plant input giving a target equilibrium stock, by scaling the monthly input pattern (Eq. 1).

    Parameters
    ----------
    clay [%], depth [cm] : per site
    temp [°C], rain [mm], pevap [mm], c_inp [t C/ha] (the pattern), fym [t C/ha], pc [0/1],
    dpm_rpm [-] : 12 months on the last axis
    target_soc : array [t C/ha], the equilibrium SOC wanted (IOM included)
    iom : array [t C/ha], optional; Falloon et al. (1998) from ``target_soc`` when omitted
    moisture : MoistureOptions

    Returns
    -------
    EquilibriumInput

    Raises
    ------
    InputError
        The pattern has no plant input, or the target is at or below what IOM and manure alone give.
    """
    from fourpermille.rothc.model import falloon_iom

    check_drivers(
        clay=clay,
        depth=depth,
        iom=iom,
        temp=temp,
        rain=rain,
        pevap=pevap,
        c_inp=c_inp,
        fym=fym,
        pc=pc,
        dpm_rpm=dpm_rpm,
    )
    target_soc = np.asarray(target_soc, dtype=float)
    iom = np.asarray(falloon_iom(target_soc) if iom is None else iom, dtype=float)
    c_inp, fym, dpm_rpm = (_first_year(x) for x in (c_inp, fym, dpm_rpm))
    annual = _annual_plant_input(c_inp)
    rate_m, _ = _cycle(clay, depth, temp, rain, pevap, pc, moisture)
    m_plant, c_plant, c_fym = k.annual_map_split(rate_m, clay, c_inp, fym, dpm_rpm)
    rhs = np.stack(np.broadcast_arrays(c_plant, c_fym), axis=-1)
    eq = np.linalg.solve(np.eye(4) - m_plant, rhs)
    soc_plant, soc_fym = eq[..., 0].sum(-1), eq[..., 1].sum(-1)
    needed = target_soc - iom - soc_fym
    if np.any(needed <= 0):
        raise InputError(
            "target SOC is not above IOM plus the manure's equilibrium; no plant input reaches it",
            column="target_soc",
        )
    scale = needed / soc_plant
    return EquilibriumInput(
        scale, scale * annual, scale[..., None] * c_inp, np.broadcast_to(iom, scale.shape)
    )


def four_per_1000_input(
    clay,
    depth,
    iom,
    temp,
    rain,
    pevap,
    c_inp,
    fym,
    pc,
    dpm_rpm,
    years,
    *,
    rate: float = target_mod.FOUR_PER_1000,
    growth: str = "linear",
    moisture: MoistureOptions = CLASSIC,
) -> FourPer1000Input:
    """Additional plant input for the 4 per 1000 target after ``years``, baseline = the 12 months repeated.

    Parameters
    ----------
    clay [%], depth [cm], iom [t C/ha] : per site
    temp, rain, pevap, c_inp, fym, pc, dpm_rpm : 12 months (last axis), units as in
        :func:`fourpermille.rothc.equilibrium`
    years : int [yr], horizon T
    rate : float [1/yr]; growth : {'linear', 'compound'} -- as :func:`fourpermille.target.target_stock`
    moisture : MoistureOptions

    Returns
    -------
    FourPer1000Input

    Notes
    -----
    Eq. (2) of the module: ``f = (SOC_target(T) - SOC_base(T)) / (1' (I - M^T)(I - M)^-1 c_plant)``, with
    the baseline ``SOC_base(T) = SOC0`` (the cyclic equilibrium repeats itself every December).
    """
    check_drivers(
        clay=clay,
        depth=depth,
        iom=iom,
        temp=temp,
        rain=rain,
        pevap=pevap,
        c_inp=c_inp,
        fym=fym,
        pc=pc,
        dpm_rpm=dpm_rpm,
    )
    years = int(years)
    if years < 1:
        raise InputError(f"years must be >= 1; got {years}", column="years")
    c_inp, fym, dpm_rpm = (_first_year(x) for x in (c_inp, fym, dpm_rpm))
    annual = _annual_plant_input(c_inp)
    rate_m, smd = _cycle(clay, depth, temp, rain, pevap, pc, moisture)
    m, c_plant, c_fym = k.annual_map_split(rate_m, clay, c_inp, fym, dpm_rpm)
    rhs = np.stack(np.broadcast_arrays(c_plant, c_fym), axis=-1)
    eq = np.linalg.solve(np.eye(4) - m, rhs)
    pools_star = eq[..., 0] + eq[..., 1]
    soc0 = pools_star.sum(-1) + np.asarray(iom, dtype=float)
    decayed = k.matrix_power(m, years)
    response = (eq[..., 0] - np.einsum("...ij,...j->...i", decayed, eq[..., 0])).sum(-1)
    baseline = soc0
    target = target_mod.target_stock(soc0, years, rate=rate, growth=growth, baseline=baseline)
    fraction = (target - baseline) / response
    return FourPer1000Input(
        soc0, np.asarray(target), baseline, fraction, fraction * annual, Pools.from_stack(pools_star), smd
    )


def additional_input_for_target(pools0: Pools, iom, rate_m, clay, c_inp, fym, dpm_rpm, target_soc):
    """Fraction of extra plant input for the stock to reach ``target_soc`` at the end of any drivers.

    Parameters
    ----------
    pools0 : Pools [t C/ha], start of the run
    iom : array [t C/ha]
    rate_m : array [-], rate modifiers of the run (sites..., months)
    clay [%]; c_inp, fym [t C/ha/month]; dpm_rpm [-] : the baseline management, monthly
    target_soc : array [t C/ha], wanted at the end of the last month

    Returns
    -------
    (fraction [-], baseline_soc [t C/ha], extra t C/ha/yr): the plant input is to be multiplied by
    ``1 + fraction``; the extra input is the fraction times the mean annual plant input.

    Notes
    -----
    Two forward runs: the baseline from ``pools0``, and the response of empty pools to the plant input
    alone; ``fraction = (target - SOC_base) / SOC_response``.
    """
    base = k.run_pools(pools0, rate_m, clay, c_inp, fym, dpm_rpm, record="end")
    resp = k.run_pools(Pools.zeros(), rate_m, clay, c_inp, 0.0, dpm_rpm, record="end")
    base_soc = base.pools.total()[..., -1] + np.asarray(iom, dtype=float)
    fraction = (np.asarray(target_soc, dtype=float) - base_soc) / resp.pools.total()[..., -1]
    c_inp = np.asarray(c_inp, dtype=float)
    annual = c_inp.sum(-1) * p.MONTHS_PER_YEAR / c_inp.shape[-1]
    return fraction, base_soc, fraction * annual
