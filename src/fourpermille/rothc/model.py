"""RothC-26.3 runs: the equilibrium (exact, or by the upstream spin-up rule) and the monthly simulation.

States, parameters and drivers
------------------------------
- Parameters (per site, leading axes): ``clay`` [%], ``depth`` [cm], ``iom`` [t C/ha] and the
  :class:`~fourpermille.rothc.kernels.MoistureOptions`; constants in :mod:`fourpermille.rothc.parameters`.
- Drivers (monthly, months on the last axis): ``temp`` [°C], ``rain`` [mm], ``pevap`` [mm] (open pan),
  ``c_inp`` [t C/ha] plant input, ``fym`` [t C/ha] farmyard manure, ``pc`` [0/1] plant cover,
  ``dpm_rpm`` [-], ``modern`` [% modern] (radiocarbon only).
- States: the active :class:`~fourpermille.rothc.kernels.Pools` [t C/ha], the moisture deficit ``smd``
  [mm], and (optionally) the radiocarbon contents of the pools [t C/ha].
- Rates: :class:`~fourpermille.rothc.kernels.RateModifiers` (a, b, c, a b c), monthly CO2 [t C/ha].

The exact equilibrium
---------------------
Repeating the first 12 months, the moisture deficit settles on its own annual cycle (independent of the
pools), after which the rate modifiers repeat every year and the December pools follow the affine map
``P_n = M P_(n-1) + c`` (:func:`~fourpermille.rothc.kernels.annual_map`). Its fixed point
``P* = (I - M)^-1 c`` is the exact cyclic equilibrium, the limit of an infinitely long spin-up. The spectral
radius of M is below 1 (every pool decays when rate_m > 0 in some month), so the fixed point exists and
is unique.

The upstream rule (``method="upstream"``) is Shell.for's: zero pools, SMD = 0, cycle the first 12 months;
after each December compare DPM+RPM+BIO+HUM with the previous December and stop when the change is below
1e-6 t C/ha. Once the deficit cycle has settled, the years are advanced with the same annual map (the
same arithmetic, a year at a time), so the rule costs microseconds instead of ~20 000 monthly steps.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from fourpermille.errors import InputError, check_choice
from fourpermille.rothc import kernels as k
from fourpermille.rothc import parameters as p
from fourpermille.rothc.kernels import CLASSIC, MoistureOptions, Pools

METHODS = ("exact", "upstream")


class Equilibrium(NamedTuple):
    """The equilibrium state at the end of the equilibrium year (December), per site."""

    pools: Pools  #: active pools [t C/ha]
    iom: np.ndarray  #: inert organic matter [t C/ha]
    soc: np.ndarray  #: DPM + RPM + BIO + HUM + IOM [t C/ha]
    smd: np.ndarray  #: December moisture deficit carried into the run [mm]
    radiocarbon: Pools | None  #: radiocarbon content of the pools [t C/ha], when asked for
    delta14c: np.ndarray | None  #: delta 14C of the soil [per mil], when asked for
    cycle_start: Pools  #: pools one year earlier (equal to ``pools`` for the exact method) [t C/ha]
    cycle_radiocarbon_start: Pools | None
    spinup_months: np.ndarray  #: months run by the upstream rule (0 for the exact method)


class Simulation(NamedTuple):
    """A full RothC run as Shell.for does it: the equilibrium year (12 months) and then the run."""

    equilibrium: Equilibrium
    monthly: dict  #: name -> array (sites..., months): the 12 equilibrium months, then the run


#: Allowed ranges of parameters and drivers checked on entry: (low, high, bounds, unit); pevap may be < 0
#: (condensation; upstream's own example has such months).
RANGES = {
    "clay": (0.0, 100.0, "[]", "%"),
    "depth": (0.0, np.inf, "()", "cm"),
    "iom": (0.0, np.inf, "[)", "t C/ha"),
    "temp": (-60.0, 60.0, "[]", "°C"),
    "rain": (0.0, np.inf, "[)", "mm"),
    "pevap": (-np.inf, np.inf, "()", "mm"),
    "c_inp": (0.0, np.inf, "[)", "t C/ha"),
    "fym": (0.0, np.inf, "[)", "t C/ha"),
    "dpm_rpm": (0.0, np.inf, "()", "-"),
    "pc": (0.0, 1.0, "[]", "0/1"),
    "modern": (0.0, np.inf, "[)", "%"),
}


def check_drivers(**arrays) -> None:
    """Raise :class:`~fourpermille.errors.InputError` at the first value outside :data:`RANGES`.

    The error names the variable (``column``) and the index of the bad value (sites..., month).
    """
    for name, values in arrays.items():
        if values is None:
            continue
        a = np.asarray(values, dtype=float)
        low, high, kind, unit = RANGES[name]
        bad = ~np.isfinite(a) if name != "pevap" else np.isnan(a)
        bad |= (a < low) if kind[0] == "[" else (a <= low)
        bad |= (a > high) if kind[1] == "]" else (a >= high)
        if name == "pc":
            bad |= (a != 0.0) & (a != 1.0)
        if bad.any():
            where = np.unravel_index(int(np.argmax(bad)), a.shape) if a.ndim else ()
            index = ", ".join(str(int(i)) for i in where)
            hi = "inf" if np.isinf(high) else f"{high:g}"
            lo = "-inf" if np.isinf(low) else f"{low:g}"
            raise InputError(
                f"{name}[{index}] = {a[where]:g} is outside the allowed range "
                f"{kind[0]}{lo}, {hi}{kind[1]} {unit}" + (" (0 or 1)" if name == "pc" else ""),
                column=name,
            )


MONTHLY_COLUMNS = (
    "c_inp",
    "fym_inp",
    "temp",
    "rm_tmp",
    "rain",
    "pevap",
    "smd",
    "rm_moist",
    "pc",
    "rm_pc",
    "dpm",
    "rpm",
    "bio",
    "hum",
    "iom",
    "soc",
    "co2",
)


def falloon_iom(soc):
    """Inert organic matter from the total SOC stock (Falloon et al. 1998).

    Parameters
    ----------
    soc : array [t C/ha]

    Returns
    -------
    array [t C/ha]: ``IOM = 0.049 SOC^1.139``.

    References
    ----------
    Falloon P. et al. (1998) Soil Biol. Biochem. 30, 1207-1211. https://doi.org/10.1016/S0038-0717(97)00256-3

    Examples
    --------
    >>> round(falloon_iom(50.0), 4)
    4.2201
    """
    soc = np.asarray(soc, dtype=float)
    out = p.FALLOON_COEFFICIENT * np.power(soc, p.FALLOON_EXPONENT)
    return out if out.ndim else float(out)


def _first_year(x):
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        return np.broadcast_to(x, (p.MONTHS_PER_YEAR,))
    if x.shape[-1] == 1:
        return np.broadcast_to(x, x.shape[:-1] + (p.MONTHS_PER_YEAR,))
    if x.shape[-1] < p.MONTHS_PER_YEAR:
        raise InputError(f"the equilibrium needs 12 months of drivers; got {x.shape[-1]}")
    return x[..., : p.MONTHS_PER_YEAR]


def equilibrium(
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
    *,
    modern=None,
    moisture: MoistureOptions = CLASSIC,
    method: str = "exact",
) -> Equilibrium:
    """Equilibrium of the first 12 months of drivers repeated (Shell.for's spin-up, or its exact limit).

    Parameters
    ----------
    clay : array [%]; depth : array [cm]; iom : array [t C/ha] -- per site (leading axes)
    temp [°C], rain [mm], pevap [mm], c_inp [t C/ha], fym [t C/ha], pc [0/1], dpm_rpm [-] :
        monthly arrays, months on the last axis; only the first 12 months are used
    modern : array [% modern], optional
        Percent modern of the inputs; when given, radiocarbon is computed too.
    moisture : MoistureOptions
    method : {'exact', 'upstream'}
        'exact': the fixed point of the annual map; 'upstream': Shell.for's stop rule.

    Returns
    -------
    Equilibrium

    Notes
    -----
    ``P* = (I - M)^-1 c`` with ``M``, ``c`` the annual affine map over the settled moisture cycle; the
    radiocarbon contents have their own affine map (``exc``-weighted) and fixed point.
    """
    check_choice("method", method, METHODS)
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
        modern=modern,
    )
    temp, rain, pevap, c_inp, fym, pc, dpm_rpm = (
        _first_year(x) for x in (temp, rain, pevap, c_inp, fym, pc, dpm_rpm)
    )
    modern = None if modern is None else _first_year(modern) / 100.0
    iom = np.asarray(iom, dtype=float)
    limits = k.soil_water_limits(clay, depth, moisture)
    if method == "exact":
        smd = k.settled_moisture_deficit(rain, pevap, pc, limits)
        rms = k.rate_modifiers(temp, rain, pevap, pc, clay, depth, smd0=smd, moisture=moisture)
        maps = k.annual_map(rms.rate_m, clay, c_inp, fym, dpm_rpm, modern=modern)
        pools = Pools.from_stack(k.fixed_point(maps[0], maps[1]))
        radio = Pools.from_stack(k.fixed_point(maps[2], maps[3])) if modern is not None else None
        months = np.zeros(np.shape(pools.dpm), dtype=np.int64)
        start, radio_start = pools, radio
    else:
        pools, radio, smd, months, start, radio_start = _spinup_upstream(
            clay, depth, temp, rain, pevap, c_inp, fym, pc, dpm_rpm, modern, moisture
        )
    soc = pools.dpm + pools.rpm + pools.bio + pools.hum + iom
    d14c = None
    if radio is not None:
        d14c = k.delta14c(soc, radio.total() + k.iom_radiocarbon(iom))
    shape = np.broadcast_shapes(np.shape(soc), np.shape(smd))
    return Equilibrium(
        pools,
        np.broadcast_to(iom, shape),
        soc,
        np.broadcast_to(smd, shape),
        radio,
        d14c,
        start,
        radio_start,
        months,
    )


def _spinup_upstream(clay, depth, temp, rain, pevap, c_inp, fym, pc, dpm_rpm, modern, moisture):
    """Shell.for's spin-up: month by month until the deficit cycle settles, then a year at a time."""
    arrays = {
        "temp": temp,
        "rain": rain,
        "pevap": pevap,
        "c_inp": c_inp,
        "fym": fym,
        "pc": pc,
        "dpm_rpm": dpm_rpm,
    }
    if modern is not None:
        arrays["modern"] = modern
    site_shape = np.broadcast_shapes(
        np.shape(clay), np.shape(depth), *(np.shape(a)[:-1] for a in arrays.values())
    )
    n = int(np.prod(site_shape, dtype=np.int64))
    flat = {
        name: np.broadcast_to(a, site_shape + (np.shape(a)[-1],)).reshape(n, -1) for name, a in arrays.items()
    }
    clay_f = np.broadcast_to(np.asarray(clay, dtype=float), site_shape).reshape(n)
    depth_f = np.broadcast_to(np.asarray(depth, dtype=float), site_shape).reshape(n)
    moist_f = _flat_moisture(moisture, site_shape, n)
    pools = np.zeros((n, 4))
    radio = np.zeros((n, 4))
    previous = np.zeros((n, 4))
    radio_previous = np.zeros((n, 4))
    smd = np.zeros(n)
    toc1 = np.zeros(n)
    years = np.zeros(n, dtype=np.int64)
    active = np.arange(n)
    settled = np.zeros(n, dtype=bool)
    tol = p.UPSTREAM_SPINUP_TOLERANCE
    # Phase 1: whole months while the moisture cycle of some active site is still moving.
    while active.size and not settled[active].all():
        idx = active
        sub_m = _subset_moisture(moist_f, idx)
        rms = k.rate_modifiers(
            flat["temp"][idx],
            flat["rain"][idx],
            flat["pevap"][idx],
            flat["pc"][idx],
            clay_f[idx],
            depth_f[idx],
            smd0=smd[idx],
            moisture=sub_m,
        )
        run = k.run_pools(
            Pools.from_stack(pools[idx]),
            rms.rate_m,
            clay_f[idx],
            flat["c_inp"][idx],
            flat["fym"][idx],
            flat["dpm_rpm"][idx],
            modern=flat["modern"][idx] if modern is not None else None,
            radiocarbon0=Pools.from_stack(radio[idx]),
            record="end",
        )
        new_smd = rms.smd[:, -1]
        settled[idx] = new_smd == smd[idx]
        smd[idx] = new_smd
        previous[idx] = pools[idx]
        pools[idx] = run.pools.stack()[:, 0]
        if run.radiocarbon is not None:
            radio_previous[idx] = radio[idx]
            radio[idx] = run.radiocarbon.stack()[:, 0]
        years[idx] += 1
        toc0 = toc1[idx]
        toc1[idx] = Pools.from_stack(pools[idx]).total()
        done = np.abs(toc1[idx] - toc0) < tol
        active = idx[~done]
    # Phase 2: the deficit cycle has settled, so each year is the same affine map.
    if active.size:
        idx = active
        sub_m = _subset_moisture(moist_f, idx)
        rms = k.rate_modifiers(
            flat["temp"][idx],
            flat["rain"][idx],
            flat["pevap"][idx],
            flat["pc"][idx],
            clay_f[idx],
            depth_f[idx],
            smd0=smd[idx],
            moisture=sub_m,
        )
        maps = k.annual_map(
            rms.rate_m,
            clay_f[idx],
            flat["c_inp"][idx],
            flat["fym"][idx],
            flat["dpm_rpm"][idx],
            modern=flat["modern"][idx] if modern is not None else None,
        )
        m, c = maps[0], maps[1]
        sub_pools, sub_radio = pools[idx], radio[idx]
        sub_prev, sub_rprev = previous[idx], radio_previous[idx]
        sub_toc1, sub_years = toc1[idx], years[idx]
        live = np.arange(idx.size)
        while live.size:
            sub_prev[live] = sub_pools[live]
            sub_pools[live] = np.einsum("sij,sj->si", m[live], sub_pools[live]) + c[live]
            if modern is not None:
                sub_rprev[live] = sub_radio[live]
                sub_radio[live] = np.einsum("sij,sj->si", maps[2][live], sub_radio[live]) + maps[3][live]
            sub_years[live] += 1
            toc0 = sub_toc1[live]
            sub_toc1[live] = Pools.from_stack(sub_pools[live]).total()
            live = live[~(np.abs(sub_toc1[live] - toc0) < tol)]
        pools[idx], radio[idx], previous[idx], radio_previous[idx] = sub_pools, sub_radio, sub_prev, sub_rprev
        years[idx] = sub_years

    def shaped(a):
        return Pools.from_stack(a.reshape(site_shape + (4,)))

    has_radio = modern is not None
    return (
        shaped(pools),
        shaped(radio) if has_radio else None,
        smd.reshape(site_shape),
        (years * p.MONTHS_PER_YEAR).reshape(site_shape),
        shaped(previous),
        shaped(radio_previous) if has_radio else None,
    )


def _flat_moisture(moisture: MoistureOptions, site_shape, n) -> MoistureOptions:
    def flat(x):
        return None if x is None else np.broadcast_to(np.asarray(x, dtype=float), site_shape).reshape(n)

    return MoistureOptions(
        moisture.opt_rm_moist,
        moisture.opt_smd_bare,
        flat(moisture.silt),
        flat(moisture.bulk_density),
        flat(moisture.organic_carbon),
        flat(moisture.min_rm_moist),
    )


def _subset_moisture(moisture: MoistureOptions, idx) -> MoistureOptions:
    def sub(x):
        return None if x is None else x[idx]

    return MoistureOptions(
        moisture.opt_rm_moist,
        moisture.opt_smd_bare,
        sub(moisture.silt),
        sub(moisture.bulk_density),
        sub(moisture.organic_carbon),
        sub(moisture.min_rm_moist),
    )


def simulate(
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
    *,
    modern=None,
    moisture: MoistureOptions = CLASSIC,
    spinup: str = "exact",
    mass_balance_tolerance: float | None = None,
) -> Simulation:
    """Run RothC as Shell.for does: equilibrium on the first 12 months, then months 13 to the end.

    Parameters
    ----------
    clay [%], depth [cm], iom [t C/ha] : per site
    temp [°C], rain [mm], pevap [mm], c_inp [t C/ha], fym [t C/ha], pc [0/1], dpm_rpm [-] :
        monthly, months on the last axis (>= 12)
    modern : array [% modern], optional; radiocarbon (``delta14c``) is computed when given
    moisture : MoistureOptions
    spinup : {'exact', 'upstream'}
    mass_balance_tolerance : float [t C/ha], optional; raise MassBalanceError beyond it

    Returns
    -------
    Simulation: ``monthly`` holds :data:`MONTHLY_COLUMNS` (and ``delta14c``), first the 12 months of the
    equilibrium year (CO2 cumulated within that year), then the run (CO2 cumulated from its start, as
    upstream).
    """
    check_drivers(
        temp=temp, rain=rain, pevap=pevap, c_inp=c_inp, fym=fym, pc=pc, dpm_rpm=dpm_rpm, modern=modern
    )
    eq = equilibrium(
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
        modern=modern,
        moisture=moisture,
        method=spinup,
    )
    drivers = {
        "temp": temp,
        "rain": rain,
        "pevap": pevap,
        "c_inp": c_inp,
        "fym": fym,
        "pc": pc,
        "dpm_rpm": dpm_rpm,
    }
    if modern is not None:
        drivers["modern"] = np.asarray(modern, dtype=float) / 100.0
    months = max(np.shape(v)[-1] if np.ndim(v) else 0 for v in drivers.values())
    site_shape = np.shape(eq.soc)
    drivers = {
        n: np.broadcast_to(np.asarray(v, dtype=float), site_shape + (months,)) for n, v in drivers.items()
    }
    parts = []
    for lo, hi, start, rstart in (
        (0, p.MONTHS_PER_YEAR, eq.cycle_start, eq.cycle_radiocarbon_start),
        (p.MONTHS_PER_YEAR, months, eq.pools, eq.radiocarbon),
    ):
        if hi <= lo:
            continue  # only the equilibrium year was given
        d = {n: v[..., lo:hi] for n, v in drivers.items()}
        rms = k.rate_modifiers(
            d["temp"], d["rain"], d["pevap"], d["pc"], clay, depth, smd0=eq.smd, moisture=moisture
        )
        run = k.run_pools(
            start,
            rms.rate_m,
            clay,
            d["c_inp"],
            d["fym"],
            d["dpm_rpm"],
            modern=d.get("modern"),
            radiocarbon0=rstart,
            mass_balance_tolerance=mass_balance_tolerance,
        )
        parts.append(_columns(d, rms, run, eq.iom))
    monthly = {name: np.concatenate([part[name] for part in parts], axis=-1) for name in parts[0]}
    return Simulation(eq, monthly)


def _columns(drivers, rms, run, iom):
    shape = run.pools.dpm.shape
    iom_m = np.broadcast_to(np.asarray(iom, dtype=float)[..., None], shape)
    soc = run.pools.dpm + run.pools.rpm + run.pools.bio + run.pools.hum + iom_m
    out = {
        "c_inp": drivers["c_inp"],
        "fym_inp": drivers["fym"],
        "temp": drivers["temp"],
        "rm_tmp": rms.rm_tmp,
        "rain": drivers["rain"],
        "pevap": drivers["pevap"],
        "smd": rms.smd,
        "rm_moist": rms.rm_moist,
        "pc": drivers["pc"],
        "rm_pc": rms.rm_pc,
        "dpm": run.pools.dpm,
        "rpm": run.pools.rpm,
        "bio": run.pools.bio,
        "hum": run.pools.hum,
        "iom": iom_m,
        "soc": soc,
        "co2": run.co2,
    }
    out = {name: np.broadcast_to(v, shape) for name, v in out.items()}
    if run.radiocarbon is not None:
        out["delta14c"] = k.delta14c(soc, run.radiocarbon.total() + k.iom_radiocarbon(iom_m))
    return out
