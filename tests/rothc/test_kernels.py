"""The vectorised kernels against a scalar transcription of RothC.for (tests/rothc/oracle.py), case by case:
bare fallow, farmyard manure, woodland DPM/RPM, the Farina et al. (2013) moisture options, sub-zero months;
the compiled loop against the numpy loop; mass balance; the exact equilibrium against a long spin-up."""

from __future__ import annotations

import numpy as np
import pytest

from fourpermille.errors import InputError, MassBalanceError, ParameterError
from fourpermille.rothc import (
    MoistureOptions,
    Pools,
    equilibrium,
    rate_modifiers,
    run_pools,
    simulate,
)
from fourpermille.rothc import kernels as k
from fourpermille.rothc import parameters as p

from .oracle import Site

MONTHS = np.arange(12)
# Rothamsted's example climate (first year of RothC_input.dat, RothC_Code @1e0dadc)
TEMP = np.array([3.73, 3.08, 5.49, 7.4, 10.94, 14.4, 16.28, 16.24, 13.78, 9.51, 6.22, 4.09])
RAIN = np.array([52.2, 42.9, 35.2, 52, 64.9, 46.3, 63.5, 60.6, 58.8, 63.4, 72.5, 60.9])
PEVAP = np.array([6.6, 17.3, 40.7, 70.5, 103.5, 117.3, 130.1, 106.9, 61.9, 29.5, 8.8, 3.9])
# a dry, hot climate that drives the deficit to its limits
DRY_TEMP = TEMP + 12.0
DRY_RAIN = np.array([40, 30, 20, 10, 5, 0, 0, 0, 5, 20, 40, 50.0])
DRY_PEVAP = np.array([40, 60, 90, 130, 180, 220, 240, 220, 160, 100, 50, 30.0])

CASES = {
    "bare_fallow": dict(c_inp=np.zeros(12), fym=np.zeros(12), pc=np.zeros(12), dpm_rpm=np.full(12, 1.44)),
    "fym": dict(
        c_inp=np.where(MONTHS == 7, 1.7, 0.0),
        fym=np.where(MONTHS == 2, 3.0, 0.0),
        pc=np.where((MONTHS >= 3) & (MONTHS <= 7), 1.0, 0.0),
        dpm_rpm=np.full(12, 1.44),
    ),
    "woodland": dict(c_inp=np.full(12, 0.25), fym=np.zeros(12), pc=np.ones(12), dpm_rpm=np.full(12, 0.25)),
    "grassland": dict(c_inp=np.full(12, 0.4), fym=np.zeros(12), pc=np.ones(12), dpm_rpm=np.full(12, 0.67)),
}
START = (0.3, 5.0, 0.8, 30.0)


def _oracle_run(site, temp, rain, pevap, case, years, start=START):
    site.dpm, site.rpm, site.bio, site.hum = start
    rows = []
    for _ in range(years):
        for m in range(12):
            rows.append(
                site.month(
                    temp[m],
                    rain[m],
                    pevap[m],
                    case["c_inp"][m],
                    case["fym"][m],
                    int(case["pc"][m]),
                    case["dpm_rpm"][m],
                )
            )
    return {key: np.array([r[key] for r in rows]) for key in rows[0]}


def _ours(clay, depth, temp, rain, pevap, case, years, moisture=MoistureOptions(), start=START):
    tile = lambda x: np.tile(x, years)  # noqa: E731
    rms = rate_modifiers(
        tile(temp), tile(rain), tile(pevap), tile(case["pc"]), clay, depth, moisture=moisture
    )
    run = run_pools(
        Pools(*map(np.asarray, start)),
        rms.rate_m,
        clay,
        tile(case["c_inp"]),
        tile(case["fym"]),
        tile(case["dpm_rpm"]),
    )
    return rms, run


def _close(ours, ref, rel=1e-12, what=""):
    ours, ref = np.asarray(ours, float), np.asarray(ref, float)
    err = np.max(np.abs(ours - ref) / np.maximum(np.abs(ref), 1e-9))
    assert err < rel, f"{what}: {err}"


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("climate", ["example", "dry"])
def test_cases_against_scalar_oracle(name, climate):
    case = CASES[name]
    temp, rain, pevap = (TEMP, RAIN, PEVAP) if climate == "example" else (DRY_TEMP, DRY_RAIN, DRY_PEVAP)
    ref = _oracle_run(Site(23.4, 23.0, 3.0), temp, rain, pevap, case, 3)
    rms, run = _ours(23.4, 23.0, temp, rain, pevap, case, 3)
    for key in ("rm_tmp", "rm_moist", "rm_pc", "smd"):
        _close(getattr(rms, key), ref[key], what=key)
    for key in ("dpm", "rpm", "bio", "hum"):
        _close(getattr(run.pools, key), ref[key], what=key)
    _close(run.co2, ref["co2"], what="co2")


def test_bare_fallow_loses_carbon_and_respects_the_bare_limit():
    case = CASES["bare_fallow"]
    rms, run = _ours(23.4, 23.0, DRY_TEMP, DRY_RAIN, DRY_PEVAP, case, 3)
    total = run.pools.total()
    assert np.all(np.diff(total) < 0)
    limits = k.soil_water_limits(23.4, 23.0)
    assert rms.smd.min() == pytest.approx(float(limits.smd_bare))  # bare soil stops at SMDbare
    assert np.all(rms.rm_pc == p.RM_PC_BARE)
    assert np.sum(START) - total[-1] == pytest.approx(run.co2[-1], rel=1e-12)


def test_fym_split_and_woodland_ratio():
    one = np.ones(1)
    to_dpm, to_rpm, to_hum = k.input_split(0.0 * one, 2.0 * one, 1.44)
    assert (to_dpm[0], to_rpm[0], to_hum[0]) == pytest.approx((0.98, 0.98, 0.04))
    to_dpm, to_rpm, _ = k.input_split(1.0, 0.0, 0.25)  # woodland: DPM/RPM 0.25 (RothC-26.3 manual)
    assert to_dpm / to_rpm == pytest.approx(0.25)
    assert to_dpm + to_rpm == pytest.approx(1.0)


@pytest.mark.parametrize("opt_rm,opt_bare", [(1, 2), (2, 1), (2, 2), (3, 1), (3, 2)])
@pytest.mark.parametrize("name", ["fym", "bare_fallow", "grassland"])
def test_farina_options_against_scalar_oracle(opt_rm, opt_bare, name):
    soil = dict(silt=40.0, bd=1.3, oc=1.2)
    moisture = MoistureOptions(opt_rm, opt_bare, soil["silt"], soil["bd"], soil["oc"], 0.1)
    ref = _oracle_run(
        Site(23.4, 23.0, 3.0, opt_rm, opt_bare, min_rm=0.1, **soil),
        DRY_TEMP,
        DRY_RAIN,
        DRY_PEVAP,
        CASES[name],
        3,
    )
    rms, run = _ours(23.4, 23.0, DRY_TEMP, DRY_RAIN, DRY_PEVAP, CASES[name], 3, moisture)
    for key in ("rm_moist", "smd"):
        _close(getattr(rms, key), ref[key], what=key)
    for key in ("dpm", "rpm", "bio", "hum"):
        _close(getattr(run.pools, key), ref[key], what=key)
    if opt_rm == 2 and name != "bare_fallow":
        assert rms.rm_moist.min() == pytest.approx(0.1)  # may dry past wilting point to the minimum


def test_farina_options_need_soil_properties():
    with pytest.raises(ParameterError, match="silt"):
        MoistureOptions(2, 1)
    with pytest.raises(ParameterError, match="opt_rm_moist"):
        MoistureOptions(4, 1)


def test_sub_zero_months():
    temp = np.array([-30.0, -10.0, -5.0001, -5.0, -4.9, 0.0, -1.0, 2.0, 5.0, -8.0, -60.0, 60.0])
    rm = k.temperature_modifier(temp)
    assert np.all(rm[:3] == 0.0) and rm[6] > 0 and rm[10] == 0
    assert rm[3] == pytest.approx(47.91 / (np.exp(106.06 / 13.27) + 1.0))  # -5 itself is not below -5
    case = CASES["grassland"]
    ref = _oracle_run(Site(30.0, 25.0, 2.0), temp, RAIN, PEVAP, case, 2)
    rms, run = _ours(30.0, 25.0, temp, RAIN, PEVAP, case, 2)
    for key in ("dpm", "rpm", "bio", "hum"):
        _close(getattr(run.pools, key), ref[key], what=key)
    frozen = rms.rate_m == 0
    assert frozen[:3].all()
    # no decomposition in a frozen month: only the input is added
    assert run.pools.hum[1] == pytest.approx(run.pools.hum[0])


def test_compiled_and_numpy_loops_agree(monkeypatch):
    rng = np.random.default_rng(3)
    n = 50
    rm = rng.uniform(0, 3, (n, 12))
    clay = rng.uniform(5, 70, n)
    c = rng.uniform(0, 1, (n, 12))
    f = rng.uniform(0, 1, (n, 12)) * (rng.uniform(size=(n, 1)) < 0.3)
    r = rng.uniform(0.2, 2, (n, 1))
    start = Pools(*rng.uniform(0, 20, (4, n)))
    out = {}
    for flag in ("0", "1"):
        monkeypatch.setenv("FOURPERMILLE_NUMBA", flag)
        out[flag] = run_pools(start, rm, clay, c, f, r, record="year", months=120)
    for j in range(4):
        _close(out["1"].pools[j], out["0"].pools[j], rel=1e-13)
    _close(out["1"].co2, out["0"].co2, rel=1e-13)
    assert out["1"].co2.shape == (n, 10)
    maps = {}
    modern = rng.uniform(0.9, 1.3, (n, 12))
    for flag in ("0", "1"):
        monkeypatch.setenv("FOURPERMILLE_NUMBA", flag)
        maps[flag] = k.annual_map(rm, clay, c, f, r, modern=modern)
    for ours, ref in zip(maps["1"], maps["0"], strict=True):
        _close(ours, ref, rel=1e-13)


def test_record_modes_and_cycling():
    rm = np.full(12, 0.5)
    full = run_pools(Pools(*map(np.asarray, START)), np.tile(rm, 5), 20.0, 0.1, 0.0, 1.44)
    yearly = run_pools(Pools(*map(np.asarray, START)), rm, 20.0, 0.1, 0.0, 1.44, record="year", months=60)
    end = run_pools(Pools(*map(np.asarray, START)), rm, 20.0, 0.1, 0.0, 1.44, record="end", months=60)
    assert full.pools.hum.shape == (60,) and yearly.pools.hum.shape == (5,) and end.pools.hum.shape == (1,)
    _close(yearly.pools.hum, full.pools.hum[11::12], rel=1e-14)
    _close(end.co2, full.co2[-1:], rel=1e-14)
    with pytest.raises(ParameterError, match="record"):
        run_pools(Pools(*map(np.asarray, START)), rm, 20.0, 0.1, 0.0, 1.44, record="week")


def test_mass_balance_every_month_and_over_the_run():
    case = CASES["fym"]
    tile = lambda x: np.tile(x, 4)  # noqa: E731
    sim = simulate(
        23.4,
        23.0,
        3.0,
        tile(TEMP),
        tile(RAIN),
        tile(PEVAP),
        tile(case["c_inp"]),
        tile(case["fym"]),
        tile(case["pc"]),
        tile(case["dpm_rpm"]),
        mass_balance_tolerance=1e-10,
    )
    m = sim.monthly
    active = m["soc"] - m["iom"]
    added = (m["c_inp"] + m["fym_inp"])[12:].sum()
    start = sim.equilibrium.pools.total()
    assert added - m["co2"][-1] - (active[-1] - start) == pytest.approx(0.0, abs=1e-10)
    # over the equilibrium year, respiration equals the input (steady state)
    assert m["co2"][11] == pytest.approx((m["c_inp"] + m["fym_inp"])[:12].sum(), rel=1e-10)


def test_mass_balance_error_when_partition_leaks(monkeypatch):
    monkeypatch.setattr(p, "BIO_SHARE", 0.5)  # 0.5 + 0.54 + x > x + 1: carbon created
    case = CASES["grassland"]
    with pytest.raises(MassBalanceError, match="mass balance"):
        simulate(
            23.4,
            23.0,
            3.0,
            TEMP,
            RAIN,
            PEVAP,
            case["c_inp"],
            case["fym"],
            case["pc"],
            case["dpm_rpm"],
            mass_balance_tolerance=1e-9,
        )


@pytest.mark.slow
@pytest.mark.parametrize("name", ["fym", "woodland"])
def test_exact_equilibrium_is_the_limit_of_a_long_spinup(name):
    """6000 years of the scalar oracle from empty pools vs the linear solve, to 1e-9."""
    case = CASES[name]
    site = Site(23.4, 23.0, 3.0)
    ref = _oracle_run(site, TEMP, RAIN, PEVAP, case, 6000, start=(0.0, 0.0, 0.0, 0.0))
    eq = equilibrium(
        23.4, 23.0, 3.0, TEMP, RAIN, PEVAP, case["c_inp"], case["fym"], case["pc"], case["dpm_rpm"]
    )
    for key in ("dpm", "rpm", "bio", "hum"):
        _close(getattr(eq.pools, key), ref[key][-1], rel=1e-9, what=key)
    _close(eq.soc, ref["soc"][-1], rel=1e-9)


def test_exact_equilibrium_is_a_fixed_point_for_many_sites():
    rng = np.random.default_rng(7)
    n = 200
    clay = rng.uniform(5, 60, n)
    temp = TEMP + rng.uniform(-8, 10, (n, 1))
    rain = RAIN * rng.uniform(0.2, 2, (n, 1))
    c_inp = np.where(MONTHS == 7, rng.uniform(0.5, 5, (n, 1)), 0.0)
    pc = np.where(MONTHS < 8, 1.0, 0.0)
    eq = equilibrium(clay, 25.0, 2.0, temp, rain, PEVAP, c_inp, 0.0, pc, 1.44)
    rms = rate_modifiers(temp, rain, PEVAP, pc, clay, 25.0, smd0=eq.smd)
    assert np.array_equal(rms.smd[:, -1], eq.smd)  # the deficit cycle is settled
    after = run_pools(eq.pools, rms.rate_m, clay, c_inp, 0.0, 1.44, record="end")
    for j in range(4):
        _close(after.pools[j][:, 0], eq.pools[j], rel=1e-12)
    # and the upstream rule ends close to it (its stop test is 1e-6 t C/ha per year)
    up = equilibrium(
        clay[:20], 25.0, 2.0, temp[:20], rain[:20], PEVAP, c_inp[:20], 0.0, pc, 1.44, method="upstream"
    )
    assert np.max(np.abs(up.soc - eq.soc[:20])) < 0.01
    assert np.all(up.spinup_months % 12 == 0)


def test_simulate_with_only_the_equilibrium_year():
    case = CASES["grassland"]
    sim = simulate(
        23.4, 23.0, 3.0, TEMP, RAIN, PEVAP, case["c_inp"], case["fym"], case["pc"], case["dpm_rpm"]
    )
    assert sim.monthly["soc"].shape == (12,)
    assert sim.monthly["soc"][-1] == pytest.approx(float(sim.equilibrium.soc), rel=1e-12)
    assert sim.monthly["co2"][-1] == pytest.approx(case["c_inp"].sum(), rel=1e-10)  # steady state


@pytest.mark.parametrize(
    "name,value,match",
    [
        ("temp", 61.0, r"temp\[0, 3\] = 61 is outside the allowed range \[-60, 60\] °C"),
        ("rain", -1.0, r"rain\[0, 3\] = -1 is outside"),
        ("c_inp", np.nan, r"c_inp\[0, 3\] = nan"),
        ("pc", 0.5, r"pc\[0, 3\] = 0.5 .*\(0 or 1\)"),
        ("dpm_rpm", 0.0, r"dpm_rpm\[0, 3\] = 0 is outside the allowed range \(0, inf\)"),
    ],
)
def test_drivers_are_checked_on_entry(name, value, match):
    case = CASES["grassland"]
    drivers = {"temp": TEMP, "rain": RAIN, "pevap": PEVAP, **case}
    drivers = {key: np.tile(np.asarray(v, dtype=float), (2, 1)) for key, v in drivers.items()}
    drivers[name][0, 3] = value
    with pytest.raises(InputError, match=match) as info:
        equilibrium(23.4, 23.0, 3.0, **drivers)
    assert info.value.column == name
    with pytest.raises(InputError, match=match):
        simulate(23.4, 23.0, 3.0, **drivers)
    with pytest.raises(InputError, match="clay"):
        equilibrium(np.array([20.0, 120.0]), 23.0, 3.0, **{**drivers, name: np.ones((2, 12))})
    with pytest.raises(InputError, match="depth"):
        equilibrium(20.0, 0.0, 3.0, TEMP, RAIN, PEVAP, **case)


@pytest.mark.parametrize(
    "offset,pattern", [(-1e-3, "covered"), (-6e-4, "bare_summer"), (-1.5e-3, "bare_summer"), (-2e-3, "bare")]
)
def test_settled_deficit_jumps_slow_drifts_exactly(offset, pattern):
    """A water balance within a hair of zero drifts for thousands of years before it is clamped; the jump
    must land on the same settled cycle as following every year."""
    rain = np.array([80, 60, 40, 20, 10, 5, 5, 10, 30, 50, 70, 90.0])
    pevap = (rain - offset) / 0.75
    pc = {
        "covered": np.ones(12),
        "bare": np.zeros(12),
        "bare_summer": np.array([1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1.0]),
    }[pattern]
    limits = k.soil_water_limits(23.4, 23.0)
    fast = k.settled_moisture_deficit(rain, pevap, pc, limits)
    s, years = 0.0, 0
    while True:
        nxt = k.moisture_deficit(rain, pevap, pc, limits, s)[-1]
        years += 1
        if nxt == s:
            break
        s = nxt
    assert years > 300  # a genuinely slow drift
    assert fast == pytest.approx(s, abs=1e-9)


def test_matrix_power_times_equals_the_power_applied():
    rng = np.random.default_rng(8)
    m = rng.uniform(0, 0.3, (20, 4, 4))
    v = rng.uniform(0, 10, (20, 4))
    for n in (0, 1, 2, 7, 30, 100):
        expected = np.einsum("...ij,...j->...i", k.matrix_power(m, n), v)
        np.testing.assert_allclose(k.matrix_power_times(m, v, n), expected, rtol=1e-12, atol=1e-300)
