"""RothC-26.3 numpy kernels: rate modifiers, the monthly pool update, the annual affine map.

Every function takes arrays with **sites on the leading axes and months on the last axis** (a driver may
also be a plain ``(months,)`` series shared by all sites, or a per-site scalar). The only Python loop is
over months. The order of operations in one month is that of ``RothC.for`` (Rothamsted-Models/RothC_Code
v2.0.0):

1. rate modifiers: temperature ``a``, moisture ``b`` (the topsoil moisture deficit is updated first with
   this month's rain and evaporation), plant retainment ``c``; ``rate_m = a b c``;
2. decay of the pools present at the start of the month, ``P (1 - exp(-rate_m k / 12))``;
3. the decayed carbon goes to CO2, BIO and HUM in the ratio ``x : 0.46 : 0.54`` (``x`` from clay);
4. this month's plant input is added to DPM and RPM (``DPM/RPM`` ratio) and farmyard manure to DPM, RPM
   and HUM (0.49, 0.49, 0.02).

Pools are carried as a :class:`Pools` tuple of four arrays (``dpm, rpm, bio, hum``); IOM is constant.
Radiocarbon is carried as the "radioactive carbon content" ``R = pool x exp(-conr x age)``
[t C/ha, modern-equivalent], which is exactly what RothC.for recomputes every month from the ages
(``DPM_Ract = DPM1 * exp(-conr*DPM_Rage)`` ...). In those terms the radiocarbon update is the same
linear map as the pools', times ``exc = exp(-conr / 12)``, plus the inputs times their fraction modern.

References
----------
Coleman K., Jenkinson D.S. (1996) RothC-26.3 - A model for the turnover of carbon in soil.
https://doi.org/10.1007/978-3-642-61094-3_17
Farina R., Coleman K., Whitmore A.P. (2013) Geoderma 200-201, 18-30.
https://doi.org/10.1016/j.geoderma.2013.01.021
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from fourpermille.errors import MassBalanceError, ParameterError, check_choice
from fourpermille.rothc import _accelerated
from fourpermille.rothc import parameters as p
from fourpermille.rothc.step import decay_factor, month_step

RECORDS = ("month", "year", "end")


class Pools(NamedTuple):
    """The four active pools [t C/ha]; each an array with sites on the leading axes."""

    dpm: np.ndarray
    rpm: np.ndarray
    bio: np.ndarray
    hum: np.ndarray

    def total(self) -> np.ndarray:
        """DPM + RPM + BIO + HUM [t C/ha] (summed in RothC.for's order)."""
        return self.dpm + self.rpm + self.bio + self.hum

    def stack(self) -> np.ndarray:
        """The pools on a last axis of length 4 (in :data:`~fourpermille.rothc.parameters.POOLS` order)."""
        return np.stack(np.broadcast_arrays(*self), axis=-1)

    @classmethod
    def from_stack(cls, array) -> Pools:
        """Inverse of :meth:`stack`: ``array[..., 4]`` -> Pools."""
        array = np.asarray(array, dtype=float)
        return cls(*(array[..., i] for i in range(4)))

    @classmethod
    def zeros(cls, shape=()) -> Pools:
        return cls(*(np.zeros(shape) for _ in range(4)))


class SoilWaterLimits(NamedTuple):
    """Moisture-deficit limits of the topsoil [mm], all <= 0 (RMF_Moist of RothC.for)."""

    smd_1bar: np.ndarray  #: deficit at -1 bar, below which decomposition slows
    smd_15bar: np.ndarray  #: deficit at -15 bar (wilting point), depth-adjusted
    smd_bare: np.ndarray  #: largest deficit a bare soil reaches
    smd_max: np.ndarray  #: largest deficit under plant cover


@dataclass(frozen=True)
class MoistureOptions:
    """The moisture options of RothC v2.0.0 (Farina et al. 2013).

    Parameters
    ----------
    opt_rm_moist : {1, 2, 3}
        1: classic RothC soil water function (from clay); 2: van Genuchten properties (Wösten et al. 1999)
        and the soil may dry to -1000 bar; 3: van Genuchten properties with the classic function.
    opt_smd_bare : {1, 2}
        1: classic bare-soil deficit limit; 2: bare soil dries to the wilting point (-15 bar).
    silt : float or array [%], needed for opt_rm_moist 2 and 3
    bulk_density : float or array [g/cm3], needed for opt_rm_moist 2 and 3
    organic_carbon : float or array [%], needed for opt_rm_moist 2 and 3
    min_rm_moist : float or array [-]
        Lowest moisture rate modifier (0.2 in classic RothC).
    """

    opt_rm_moist: int = 1
    opt_smd_bare: int = 1
    silt: object = None
    bulk_density: object = None
    organic_carbon: object = None
    min_rm_moist: object = p.RM_MOIST_MIN_DEFAULT

    def __post_init__(self) -> None:
        check_choice("opt_rm_moist", self.opt_rm_moist, p.OPT_RM_MOIST)
        check_choice("opt_smd_bare", self.opt_smd_bare, p.OPT_SMD_BARE)
        if self.opt_rm_moist != 1:
            for name in ("silt", "bulk_density", "organic_carbon"):
                if getattr(self, name) is None:
                    raise ParameterError(f"opt_rm_moist {self.opt_rm_moist} needs {name}")


CLASSIC = MoistureOptions()


# --- Rate modifiers ----------------------------------------------------------------------------------


def temperature_modifier(temp):
    """Rate modifier for air temperature ``a`` [-] (RMF_Tmp).

    Parameters
    ----------
    temp : array [°C]

    Returns
    -------
    array [-]: ``47.91 / (exp(106.06 / (T + 18.27)) + 1)``, 0 below -5 °C.
    """
    temp = np.asarray(temp, dtype=float)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        rm = p.RM_TMP_SCALE / (np.exp(p.RM_TMP_NUMERATOR / (temp + p.RM_TMP_OFFSET)) + 1.0)
    return np.where(temp < p.RM_TMP_MIN_TEMP, 0.0, rm)


def plant_cover_modifier(pc):
    """Plant retainment rate modifier ``c`` [-] (RMF_PC): 0.6 when covered (PC = 1), 1.0 when bare."""
    return np.where(np.asarray(pc) == 0, p.RM_PC_BARE, p.RM_PC_COVERED)


def van_genuchten_deficits(clay, silt, bulk_density, organic_carbon, depth):
    """Deficits below field capacity at -1, -15 and -1000 bar [mm] (CALC_SM_VG of RothC.for).

    Parameters
    ----------
    clay, silt : array [%]
    bulk_density : array [g/cm3]
    organic_carbon : array [%]
    depth : array [cm]

    Returns
    -------
    (smd_1bar, smd_15bar, smd_1000bar) [mm], each ``(theta(h) - theta_FC) x 10 x depth``.

    Notes
    -----
    Wösten et al. (1999) topsoil pedotransfer function for the van Genuchten (1980) parameters alpha, n,
    theta_s (theta_r = 0.01), m = 1 - 1/n, theta(h) = theta_r + (theta_s - theta_r)/(1 + (alpha h)^n)^m.
    """
    c = np.asarray(clay, dtype=float)
    s = np.asarray(silt, dtype=float)
    bd = np.asarray(bulk_density, dtype=float)
    om = np.asarray(organic_carbon, dtype=float) * p.OM_PER_OC
    t = p.VG_TOPSOIL
    alpha = np.exp(
        -14.96
        + 0.03135 * c
        + 0.0351 * s
        + 0.646 * om
        + 15.29 * bd
        - 0.192 * t
        - 4.671 * bd**2
        - 0.000781 * c**2
        - 0.00687 * om**2
        + 0.0449 * om**-1
        + 0.0663 * np.log(s)
        + 0.1482 * np.log(om)
        - 0.04546 * bd * s
        - 0.4852 * bd * om
        + 0.00673 * c * t
    )
    theta_s = (
        0.7919
        + 0.001691 * c
        - 0.29619 * bd
        - 0.000001491 * s**2
        + 0.0000821 * om**2
        + 0.02427 * c**-1
        + 0.01113 * s**-1
        + 0.01472 * np.log(s)
        - 0.0000733 * om * c
        - 0.000619 * bd * c
        - 0.001183 * bd * om
        - 0.0001664 * s * t
    )
    n = (
        np.exp(
            -25.23
            - 0.02195 * c
            + 0.0074 * s
            - 0.194 * om
            + 45.5 * bd
            - 7.24 * bd**2
            + 0.0003658 * c**2
            + 0.002885 * om**2
            - 12.81 * bd**-1
            - 0.1524 * s**-1
            - 0.01958 * om**-1
            - 0.2876 * np.log(s)
            - 0.0709 * np.log(om)
            - 44.6 * np.log(bd)
            - 0.02264 * bd * c
            + 0.0896 * bd * om
            + 0.00718 * c * t
        )
        + 1.0
    )
    m = 1.0 - 1.0 / n

    def theta(h):
        return p.VG_THETA_R + (theta_s - p.VG_THETA_R) / (1.0 + (alpha * h) ** n) ** m

    fc = theta(p.VG_SUCTION_FC)
    scale = p.MM_PER_CM * np.asarray(depth, dtype=float)
    return (
        (theta(p.VG_SUCTION_1BAR) - fc) * scale,
        (theta(p.VG_SUCTION_15BAR) - fc) * scale,
        (theta(p.VG_SUCTION_1000BAR) - fc) * scale,
    )


def soil_water_limits(clay, depth, moisture: MoistureOptions = CLASSIC) -> SoilWaterLimits:
    """Deficit limits of the topsoil [mm] for the chosen moisture options (RMF_Moist).

    Parameters
    ----------
    clay : array [%]
    depth : array [cm]
    moisture : MoistureOptions

    Notes
    -----
    Classic (opt_rm_moist = 1): SMD15 = -(20 + 1.3 clay - 0.01 clay^2) depth / 23, SMD1bar = 0.444 SMD15,
    bare limit 0.556 SMD15, maximum SMD15. Van Genuchten (2, 3): SMD1bar, SMD15 from
    :func:`van_genuchten_deficits`; the maximum is SMD15 (3) or SMD1000bar (2); bare limit
    SMD15 - (0.6388/0.8)(SMD15 - SMD1bar). opt_smd_bare = 2 sets the bare limit to SMD15.
    """
    clay = np.asarray(clay, dtype=float)
    depth = np.asarray(depth, dtype=float)
    if moisture.opt_rm_moist == 1:
        smd15 = -(p.SMD15_BASE + p.SMD15_CLAY * clay - p.SMD15_CLAY2 * (clay * clay))
        smd15_adj = smd15 * depth / p.SMD_REFERENCE_DEPTH
        smd1bar = p.SMD1BAR_FRACTION * smd15_adj
        smd1000 = None
    else:
        smd1bar, smd15_adj, smd1000 = van_genuchten_deficits(
            clay, moisture.silt, moisture.bulk_density, moisture.organic_carbon, depth
        )
    if moisture.opt_smd_bare == 1:
        if moisture.opt_rm_moist == 1:
            smd_bare = p.SMD_BARE_FRACTION * smd15_adj
        else:
            smd_bare = smd15_adj - p.SMD_BARE_VG_FACTOR * (smd15_adj - smd1bar)
    else:
        smd_bare = smd15_adj
    smd_max = smd1000 if moisture.opt_rm_moist == 2 else smd15_adj
    return SoilWaterLimits(*np.broadcast_arrays(smd1bar, smd15_adj, smd_bare, smd_max))


def moisture_deficit(rain, pevap, pc, limits: SoilWaterLimits, smd0=0.0):
    """Topsoil moisture deficit at the end of each month [mm] (<= 0), carried from ``smd0``.

    Parameters
    ----------
    rain, pevap : array [mm/month], months on the last axis
    pc : array [-], plant cover 0/1
    limits : SoilWaterLimits
    smd0 : array [mm], deficit before the first month

    Notes
    -----
    ``DF = rain - 0.75 pevap``; covered: ``SMD = max(SMDmax, min(0, SMD + DF))``; bare:
    ``SMD = max(min(SMDbare, SMD), min(0, SMD + DF))``.
    """
    df = np.asarray(rain, dtype=float) - p.PAN_COEFFICIENT * np.asarray(pevap, dtype=float)
    covered = np.asarray(pc) == 1
    shape = np.broadcast_shapes(df.shape, covered.shape, np.shape(smd0) + (1,), limits.smd_max.shape + (1,))
    df = np.broadcast_to(df, shape)
    covered = np.broadcast_to(covered, shape)
    smd_max, smd_bare = limits.smd_max[..., None], limits.smd_bare[..., None]
    smd_max = np.broadcast_to(smd_max, shape)[..., 0]
    smd_bare = np.broadcast_to(smd_bare, shape)[..., 0]
    out = np.empty(shape)
    s = np.broadcast_to(np.asarray(smd0, dtype=float), shape[:-1]).copy()
    for t in range(shape[-1]):
        wet = np.minimum(0.0, s + df[..., t])
        s = np.where(covered[..., t], np.maximum(smd_max, wet), np.maximum(np.minimum(smd_bare, s), wet))
        out[..., t] = s
    return out


def moisture_modifier(smd, limits: SoilWaterLimits, moisture: MoistureOptions = CLASSIC):
    """Moisture rate modifier ``b`` [-] from the deficit (RMF_Moist).

    Notes
    -----
    ``b = 1`` for SMD > SMD1bar, else ``min + (1 - min)(SMD15 - SMD)/(SMD15 - SMD1bar)``; with
    opt_rm_moist = 2 it stays at ``min`` below SMD15.
    """
    smd = np.asarray(smd, dtype=float)
    s1 = limits.smd_1bar[..., None]
    s15 = limits.smd_15bar[..., None]
    low = np.asarray(moisture.min_rm_moist, dtype=float)
    low = low[..., None] if low.ndim else low
    with np.errstate(divide="ignore", invalid="ignore"):
        ramp = low + (p.RM_MOIST_MAX - low) * (s15 - smd) / (s15 - s1)
    if moisture.opt_rm_moist == 2:
        ramp = np.where(smd > s15, ramp, low)
    return np.where(smd > s1, 1.0, ramp)


class RateModifiers(NamedTuple):
    """Monthly rate modifiers and the moisture deficit; each ``(..., months)``."""

    rm_tmp: np.ndarray  #: temperature factor a [-]
    rm_moist: np.ndarray  #: moisture factor b [-]
    rm_pc: np.ndarray  #: plant retainment factor c [-]
    rate_m: np.ndarray  #: a b c [-]
    smd: np.ndarray  #: moisture deficit at the end of the month [mm]


def rate_modifiers(
    temp, rain, pevap, pc, clay, depth, *, smd0=0.0, moisture: MoistureOptions = CLASSIC
) -> RateModifiers:
    """All rate modifiers for a run of months (RMF_Tmp, RMF_Moist, RMF_PC; ``RateM = a b c``).

    Parameters
    ----------
    temp : array [°C]; rain, pevap : array [mm/month]; pc : array [-] 0/1 -- months on the last axis
    clay : array [%]; depth : array [cm] -- per site
    smd0 : array [mm], deficit before the first month
    moisture : MoistureOptions
    """
    limits = soil_water_limits(clay, depth, moisture)
    smd = moisture_deficit(rain, pevap, pc, limits, smd0)
    rm_moist = moisture_modifier(smd, limits, moisture)
    rm_tmp = temperature_modifier(temp)
    rm_pc = plant_cover_modifier(pc)
    rate_m = rm_tmp * rm_moist * rm_pc
    shape = rate_m.shape
    return RateModifiers(np.broadcast_to(rm_tmp, shape), rm_moist, np.broadcast_to(rm_pc, shape), rate_m, smd)


def settled_moisture_deficit(rain, pevap, pc, limits: SoilWaterLimits, smd0=0.0, max_years: int = 100_000):
    """December deficit [mm] of the settled annual moisture cycle reached from ``smd0``.

    The 12 months (last axis) are repeated, as in the upstream spin-up, until the December deficit of
    every site repeats exactly (the deficit is clamped at 0 or at a limit at least once a year for any
    climate with a non-zero annual water balance, after which the cycle is exactly periodic).

    Notes
    -----
    Where the annual water balance is tiny the deficit can drift for thousands of years before it is
    clamped. While no month of the cycle touches a limit (0, SMDmax, or SMDbare when some month is bare)
    each year is the previous one shifted by the same amount ``d``, so once two successive years change
    by the same ``d``, the cycle is moved ``K`` years at once, ``K`` small enough that no month reaches a
    limit (``K |d|`` below the smallest distance of a month to a limit); then the years are followed
    again. Sites still unsettled after ``max_years`` keep their last December value.
    """
    s = np.broadcast_to(
        np.asarray(smd0, dtype=float),
        np.broadcast_shapes(np.shape(smd0), limits.smd_max.shape, np.shape(rain)[:-1], np.shape(pc)[:-1]),
    ).copy()
    active = np.ones(s.shape, dtype=bool)
    rain, pevap, pc = (np.broadcast_to(x, s.shape + (np.shape(x)[-1],)) for x in (rain, pevap, pc))
    lim = SoilWaterLimits(*(np.broadcast_to(x, s.shape) for x in limits))
    nm = rain.shape[-1]
    flat = s.reshape(-1)
    act = active.reshape(-1)
    previous_change = np.full(flat.shape, np.nan)
    any_bare = (pc.reshape(-1, nm) == 0).any(axis=-1)
    for _ in range(max_years):
        idx = np.nonzero(act)[0]
        if idx.size == 0:
            break
        sub = SoilWaterLimits(*(x.reshape(-1)[idx] for x in lim))
        path = moisture_deficit(
            rain.reshape(-1, nm)[idx], pevap.reshape(-1, nm)[idx], pc.reshape(-1, nm)[idx], sub, flat[idx]
        )
        new = path[:, -1]
        change = new - flat[idx]
        same = change == 0.0
        drift = ~same & np.isclose(change, previous_change[idx], rtol=1e-9, atol=0.0)
        if drift.any():
            d = np.where(drift, np.abs(change), np.inf)
            bare_limit = np.where(any_bare[idx], sub.smd_bare, -np.inf)
            room = np.min(
                np.minimum(
                    np.minimum(np.abs(path), np.abs(path - sub.smd_max[:, None])),
                    np.abs(path - bare_limit[:, None]),
                ),
                axis=-1,
            )
            years = np.floor(room / d) - 1.0
            jump = drift & (years >= 2.0)
            new = np.where(jump, new + years * change, new)
        previous_change[idx] = change
        flat[idx] = new
        act[idx[same]] = False
    return s


# --- Pools ---------------------------------------------------------------------------------------------


def co2_ratio(clay):
    """Ratio CO2 / (BIO + HUM) of decomposed carbon [-]: ``x = 1.67 (1.85 + 1.60 exp(-0.0786 clay))``."""
    clay = np.asarray(clay, dtype=float)
    return p.CO2_RATIO_SCALE * (
        p.CO2_RATIO_BASE + p.CO2_RATIO_CLAY_AMPLITUDE * np.exp(-p.CO2_RATIO_CLAY_DECAY * clay)
    )


def partition(clay):
    """Fractions of decomposed carbon going to CO2, BIO and HUM [-]: ``x/(x+1), 0.46/(x+1), 0.54/(x+1)``."""
    x = co2_ratio(clay)
    return x / (x + 1.0), p.BIO_SHARE / (x + 1.0), p.HUM_SHARE / (x + 1.0)


def input_split(c_inp, fym, dpm_rpm):
    """Monthly additions to DPM, RPM and HUM [t C/ha] from plant input and farmyard manure.

    Parameters
    ----------
    c_inp : array [t C/ha/month], plant carbon input
    fym : array [t C/ha/month], farmyard manure carbon
    dpm_rpm : array [-], DPM/RPM ratio of the plant input

    Returns
    -------
    (to_dpm, to_rpm, to_hum): ``r/(r+1) C + 0.49 F``, ``1/(r+1) C + 0.49 F``, ``0.02 F``.
    """
    c_inp = np.asarray(c_inp, dtype=float)
    fym = np.asarray(fym, dtype=float)
    r = np.asarray(dpm_rpm, dtype=float)
    to_dpm = r / (r + 1.0) * c_inp + p.FYM_TO_DPM * fym
    to_rpm = 1.0 / (r + 1.0) * c_inp + p.FYM_TO_RPM * fym
    to_hum = p.FYM_TO_HUM * fym
    return to_dpm, to_rpm, np.broadcast_to(to_hum, np.broadcast_shapes(to_dpm.shape, to_hum.shape))


def _month_first(x, shape):
    """``x`` broadcast to ``shape`` (sites..., months) and laid out (months, sites) contiguously."""
    x = np.broadcast_to(np.asarray(x, dtype=float), shape)
    return np.ascontiguousarray(np.moveaxis(x.reshape(-1, shape[-1]), -1, 0))


def _decay_factors(rate_m):
    """exp(-rate_m k / 12) for DPM, RPM, BIO, HUM."""
    return tuple(decay_factor(rate_m, k, p.TIME_STEP) for k in p.RATE_CONSTANT_ARRAY)


def _step(pools, decay, f_bio, f_hum):
    """:func:`~fourpermille.rothc.step.month_step` on arrays. Returns (dpm, rpm, bio, hum, decayed)."""
    return month_step(*pools, *decay, f_bio, f_hum)


class PoolRun(NamedTuple):
    """Result of :func:`run_pools`; arrays ``(..., records)``."""

    pools: Pools  #: active pools at the end of each recorded month [t C/ha]
    co2: np.ndarray  #: CO2-C respired since the start of the run (cumulative) [t C/ha]
    radiocarbon: Pools | None  #: radiocarbon content of each pool [t C/ha modern-equivalent]


def run_pools(
    pools0: Pools,
    rate_m,
    clay,
    c_inp,
    fym,
    dpm_rpm,
    *,
    modern=None,
    radiocarbon0: Pools | None = None,
    record: str = "month",
    months: int | None = None,
    mass_balance_tolerance: float | None = None,
) -> PoolRun:
    """Run the pools month by month with given rate modifiers (``decomp`` of RothC.for).

    Parameters
    ----------
    pools0 : Pools [t C/ha], per site (shape ``sites...``)
    rate_m : array [-], combined rate modifier ``a b c``, ``(sites..., months)``
    clay : array [%], per site
    c_inp, fym : array [t C/ha/month]; dpm_rpm : array [-] -- monthly (last axis)
    modern : array [fraction modern, 1 = 100 %], monthly; radiocarbon is run only when given
    radiocarbon0 : Pools, radiocarbon content at the start [t C/ha]; zeros when omitted
    record : {'month', 'year', 'end'}
        Keep every month, every 12th month (Decembers when the run starts in January) or the last.
    months : int, optional
        Length of the run; the drivers (and ``rate_m``) are repeated cyclically when it exceeds their
        length (e.g. 12 months of a settled cycle repeated for 30 years without tiling them).
    mass_balance_tolerance : float [t C/ha], optional
        If given, check every month that inputs - CO2 - change of the active pools is within it and
        raise :class:`~fourpermille.errors.MassBalanceError` otherwise.

    Returns
    -------
    PoolRun with arrays ``(sites..., records)``.
    """
    check_choice("record", record, RECORDS)
    to_dpm, to_rpm, to_hum = input_split(c_inp, fym, dpm_rpm)
    arrays = [np.asarray(rate_m, dtype=float), to_dpm, to_rpm, to_hum]
    if modern is not None:
        arrays.append(np.asarray(modern, dtype=float))
    arrays = [np.atleast_1d(a) for a in arrays]
    site_shape = np.broadcast_shapes(
        *(a.shape[:-1] for a in arrays), *(np.shape(x) for x in pools0), np.shape(clay)
    )
    period = max(a.shape[-1] for a in arrays)
    months = period if months is None else int(months)
    shape = site_shape + (period,)
    n = int(np.prod(site_shape, dtype=np.int64))
    f_co2, f_bio, f_hum = (np.broadcast_to(f, site_shape).reshape(n) for f in partition(clay))
    state = [np.broadcast_to(np.asarray(x, dtype=float), site_shape).reshape(n).copy() for x in pools0]
    stride = {"month": 1, "year": p.MONTHS_PER_YEAR, "end": months}[record]
    rec_shape = site_shape + (months // stride,)
    if modern is None and mass_balance_tolerance is None and _accelerated.available(n * months):
        out, out_co2 = _run_compiled(
            np.stack(state), arrays[:4], shape, (f_co2, f_bio, f_hum), months, stride
        )
        return PoolRun(
            Pools(*(out[j].reshape(rec_shape) for j in range(4))), out_co2.reshape(rec_shape), None
        )
    rm_t, dpm_t, rpm_t, hum_t = (_month_first(a, shape) for a in arrays[:4])
    if modern is not None:
        mod_t = _month_first(arrays[4], shape)
        r0 = radiocarbon0 if radiocarbon0 is not None else Pools.zeros()
        rstate = [np.broadcast_to(np.asarray(x, dtype=float), site_shape).reshape(n).copy() for x in r0]
        exc = np.exp(-p.RADIOCARBON_DECAY * p.TIME_STEP)
    kept = [t for t in range(months) if (t + 1) % stride == 0]
    out = np.empty((len(kept), 4, n))
    out_co2 = np.empty((len(kept), n))
    out_r = np.empty((len(kept), 4, n)) if modern is not None else None
    co2 = np.zeros(n)
    slot = 0
    for t in range(months):
        i = t % period
        decay = _decay_factors(rm_t[i])
        d, r, b, h, decayed = _step(state, decay, f_bio, f_hum)
        c = f_co2 * decayed
        new = [d + dpm_t[i], r + rpm_t[i], b, h + hum_t[i]]
        if mass_balance_tolerance is not None:
            _check_balance(state, new, c, dpm_t[i] + rpm_t[i] + hum_t[i], mass_balance_tolerance, t)
        state = new
        co2 = co2 + c
        if modern is not None:
            rd, rr, rb, rh, _ = _step(rstate, decay, f_bio, f_hum)
            m = mod_t[i]
            rstate = [rd * exc + m * dpm_t[i], rr * exc + m * rpm_t[i], rb * exc, rh * exc + m * hum_t[i]]
        if slot < len(kept) and t == kept[slot]:
            for j in range(4):
                out[slot, j] = state[j]
            out_co2[slot] = co2
            if modern is not None:
                for j in range(4):
                    out_r[slot, j] = rstate[j]
            slot += 1

    def back(a):
        return np.moveaxis(a, 0, -1).reshape(rec_shape)

    pools = Pools(*(back(out[:, i]) for i in range(4)))
    radio = Pools(*(back(out_r[:, i]) for i in range(4))) if modern is not None else None
    return PoolRun(pools, back(out_co2), radio)


def _run_compiled(state, arrays, shape, fractions, months, stride):
    """The compiled loop; returns ``out[pool, site, record]`` and ``co2[site, record]``."""
    n, period = int(np.prod(shape[:-1], dtype=np.int64)), shape[-1]
    site_major = [np.ascontiguousarray(np.broadcast_to(a, shape).reshape(n, period)) for a in arrays]
    records = months // stride
    out = np.empty((4, n, records))
    out_co2 = np.empty((n, records))
    _accelerated.loops()["pools_loop"](
        np.ascontiguousarray(state),
        *site_major,
        *(np.ascontiguousarray(f) for f in fractions),
        p.RATE_CONSTANT_ARRAY,
        p.TIME_STEP,
        months,
        stride,
        out,
        out_co2,
    )
    return out, out_co2


def _check_balance(old, new, co2, added, tolerance, month):
    residual = added - co2 - (sum(new) - sum(old))
    worst = np.max(np.abs(residual)) if residual.size else 0.0
    if worst > tolerance:
        raise MassBalanceError(
            f"RothC mass balance off by {worst:.3g} t C/ha in month {month + 1} (tolerance {tolerance:g})"
        )


# --- The annual affine map and the exact equilibrium --------------------------------------------------


def annual_map(rate_m, clay, c_inp, fym, dpm_rpm, *, modern=None):
    """The 12-month cycle as an affine map of the pools: ``P_dec = M P_prev_dec + c``.

    Parameters
    ----------
    rate_m : array [-] ``(sites..., 12)``; clay [%]; c_inp, fym [t C/ha/month]; dpm_rpm [-]
    modern : array [fraction modern], optional: also return the radiocarbon map

    Returns
    -------
    (M, c) with M ``(sites..., 4, 4)`` [-] and c ``(sites..., 4)`` [t C/ha]; with ``modern``, also
    (M_r, c_r) for the radiocarbon contents.

    Notes
    -----
    Each month is affine, ``P' = A_m P + u_m``, with ``A_m`` depending only on the rate modifiers and clay
    and ``u_m`` only on the inputs; the composition over the year is ``M = A_12 ... A_1``,
    ``c = sum_m A_12 ... A_(m+1) u_m``. The 4 columns of M and c are obtained at once by running the
    12 months on the unit vectors (no input) and on zero pools (with inputs).
    """
    matrix, (offset,) = _annual_columns(rate_m, clay, [input_split(c_inp, fym, dpm_rpm)])
    if modern is None:
        return matrix, offset
    to_dpm, to_rpm, to_hum = input_split(c_inp, fym, dpm_rpm)
    modern = np.asarray(modern, dtype=float)
    adds = [(modern * to_dpm, modern * to_rpm, modern * to_hum)]
    exc = np.exp(-p.RADIOCARBON_DECAY * p.TIME_STEP)
    r_matrix, (r_offset,) = _annual_columns(rate_m, clay, adds, factor=exc)
    return matrix, offset, r_matrix, r_offset


def annual_map_split(rate_m, clay, c_inp, fym, dpm_rpm):
    """:func:`annual_map` with the offset split into its plant and manure parts.

    Returns
    -------
    (M, c_plant, c_fym): ``c = c_plant + c_fym`` [t C/ha], shapes as :func:`annual_map`.
    """
    zero = np.zeros(())
    matrix, (c_plant, c_fym) = _annual_columns(
        rate_m, clay, [input_split(c_inp, zero, dpm_rpm), input_split(zero, fym, dpm_rpm)]
    )
    return matrix, c_plant, c_fym


def _annual_columns(rate_m, clay, additions, factor=None):
    """Run 12 months on the 4 unit vectors (no input) and on zero pools with each set of additions.

    ``factor`` multiplies the whole pool update each month (``exc`` for radiocarbon contents).
    """
    rate_m = np.asarray(rate_m, dtype=float)
    flat_adds = [a for group in additions for a in group]
    site_shape = np.broadcast_shapes(
        rate_m.shape[:-1], *(np.shape(a)[:-1] for a in flat_adds), np.shape(clay)
    )
    shape = site_shape + (p.MONTHS_PER_YEAR,)
    n = int(np.prod(site_shape, dtype=np.int64))
    if _accelerated.available(n * p.MONTHS_PER_YEAR * (4 + len(additions))):
        site_major = np.ascontiguousarray(np.broadcast_to(rate_m, shape).reshape(n, p.MONTHS_PER_YEAR))
        adds = [
            np.ascontiguousarray(
                np.stack(
                    [
                        np.broadcast_to(np.asarray(g[j], dtype=float), shape).reshape(n, p.MONTHS_PER_YEAR)
                        for g in additions
                    ]
                )
            )
            for j in range(3)
        ]
        fracs = [np.ascontiguousarray(np.broadcast_to(f, site_shape).reshape(n)) for f in partition(clay)[1:]]
        full = np.empty((n, 4, 4 + len(additions)))
        _accelerated.loops()["annual_loop"](
            site_major,
            *adds,
            *fracs,
            p.RATE_CONSTANT_ARRAY,
            p.TIME_STEP,
            1.0 if factor is None else float(factor),
            full,
        )
        return (
            full[:, :, :4].reshape(site_shape + (4, 4)),
            [full[:, :, 4 + j].reshape(site_shape + (4,)) for j in range(len(additions))],
        )
    rm_t = _month_first(rate_m, shape)
    adds_t = [[_month_first(a, shape) for a in group] for group in additions]
    _, f_bio, f_hum = (np.broadcast_to(f, site_shape).reshape(n, 1) for f in partition(clay))
    cols = 4 + len(additions)
    eye = np.eye(cols)[:4]  # pool i in column j: unit vectors in columns 0-3, zeros after
    state = [np.broadcast_to(eye[i], (n, cols)).copy() for i in range(4)]
    for t in range(p.MONTHS_PER_YEAR):
        decay = tuple(e[:, None] for e in _decay_factors(rm_t[t]))
        d, r, b, h, _ = _step(state, decay, f_bio, f_hum)
        state = [d, r, b, h] if factor is None else [x * factor for x in (d, r, b, h)]
        for j, (to_dpm, to_rpm, to_hum) in enumerate(adds_t):
            state[0][:, 4 + j] += to_dpm[t]
            state[1][:, 4 + j] += to_rpm[t]
            state[3][:, 4 + j] += to_hum[t]
    full = np.stack(state, axis=1)  # (n, 4 rows, cols)
    matrix = full[:, :, :4].reshape(site_shape + (4, 4))
    offsets = [full[:, :, 4 + j].reshape(site_shape + (4,)) for j in range(len(additions))]
    return matrix, offsets


def fixed_point(matrix, offset):
    """Solve ``(I - M) P = c`` for the cyclic steady state ``P`` (batched over leading axes)."""
    matrix = np.asarray(matrix, dtype=float)
    offset = np.asarray(offset, dtype=float)
    lhs = np.eye(matrix.shape[-1]) - matrix
    return np.linalg.solve(lhs, offset[..., None])[..., 0]


def matrix_power(matrix, exponent: int):
    """``M^n`` for a batch of square matrices by repeated squaring."""
    matrix = np.asarray(matrix, dtype=float)
    result = np.broadcast_to(np.eye(matrix.shape[-1]), matrix.shape).copy()
    base = matrix
    n = int(exponent)
    while n > 0:
        if n & 1:
            result = result @ base
        base = base @ base
        n >>= 1
    return result


def matrix_power_times(matrix, vector, exponent: int):
    """``M^n v`` for a batch of square matrices and vectors, by repeated squaring applied to the vector
    (the powers of one matrix commute, so no matrix-matrix product with the result is needed)."""
    base = np.asarray(matrix, dtype=float)
    result = np.array(vector, dtype=float)
    n = int(exponent)
    while n > 0:
        if n & 1:
            result = (base @ result[..., None])[..., 0]
        n >>= 1
        if n:
            base = base @ base
    return result


# --- Radiocarbon --------------------------------------------------------------------------------------


def radiocarbon_age(pool, content):
    """Radiocarbon age [yr] of a pool from its radiocarbon content: ``ln(pool/R)/conr``; 0 if pool <= 0."""
    pool = np.asarray(pool, dtype=float)
    content = np.asarray(content, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        age = np.log(pool / content) / p.RADIOCARBON_DECAY
    return np.where(pool <= 0.0, 0.0, age)


def iom_radiocarbon(iom):
    """Radiocarbon content of IOM [t C/ha]: IOM exp(-conr x 50000 yr)."""
    return np.asarray(iom, dtype=float) * np.exp(-p.RADIOCARBON_DECAY * p.IOM_RADIOCARBON_AGE)


def delta14c(soc, total_content):
    """delta 14C of the whole soil [per mil]: ``(exp(-age/8035) - 1) x 1000`` with the total age."""
    age = radiocarbon_age(soc, total_content)
    return (np.exp(-age / p.LIBBY_MEAN_LIFE) - 1.0) * p.PER_MIL
