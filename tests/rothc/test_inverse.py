"""Closed-form inverses, each verified by a forward run (to 1e-9), including the independent scalar oracle."""

from __future__ import annotations

import numpy as np
import pytest

from fourpermille.errors import InputError
from fourpermille.rothc import (
    Pools,
    additional_input_for_target,
    equilibrium,
    equilibrium_input,
    falloon_iom,
    four_per_1000_input,
    rate_modifiers,
    run_pools,
)
from fourpermille.target import target_stock

from .oracle import Site
from .test_kernels import CASES, MONTHS, PEVAP, RAIN, TEMP


def test_falloon_iom():
    # Falloon et al. (1998) Eq. 1: IOM = 0.049 SOC^1.139
    assert falloon_iom(50.0) == pytest.approx(0.049 * 50.0**1.139)
    assert falloon_iom(np.array([0.0, 10.0]))[1] == pytest.approx(0.6748, abs=1e-4)  # 0.049 x 13.772


@pytest.mark.parametrize("name", ["fym", "woodland", "grassland"])
def test_equilibrium_input_hits_target_by_forward_run(name):
    case = CASES[name]
    target = 90.0
    inv = equilibrium_input(
        23.4, 23.0, TEMP, RAIN, PEVAP, case["c_inp"], case["fym"], case["pc"], case["dpm_rpm"], target
    )
    assert inv.iom == pytest.approx(falloon_iom(target))
    assert inv.c_inp_t_ha_yr == pytest.approx(inv.scale * case["c_inp"].sum())
    for method in ("exact", "upstream"):
        eq = equilibrium(
            23.4,
            23.0,
            inv.iom,
            TEMP,
            RAIN,
            PEVAP,
            inv.c_inp,
            case["fym"],
            case["pc"],
            case["dpm_rpm"],
            method=method,
        )
        tol = 1e-9 if method == "exact" else 1e-4  # the upstream rule stops short of the limit
        assert abs(eq.soc - target) / target < tol


def test_equilibrium_input_vectorised_and_given_iom():
    clay = np.array([10.0, 30.0, 60.0])
    target = np.array([30.0, 50.0, 80.0])
    case = CASES["grassland"]
    inv = equilibrium_input(
        clay, 23.0, TEMP, RAIN, PEVAP, case["c_inp"], 0.0, case["pc"], 0.67, target, iom=2.0
    )
    eq = equilibrium(clay, 23.0, 2.0, TEMP, RAIN, PEVAP, inv.c_inp, 0.0, case["pc"], 0.67)
    np.testing.assert_allclose(eq.soc, target, rtol=1e-9)
    # more clay keeps more carbon: less input needed per t C/ha of active stock
    assert inv.c_inp_t_ha_yr[0] / (target[0] - 2) > inv.c_inp_t_ha_yr[2] / (target[2] - 2)


def test_equilibrium_input_errors():
    case = CASES["bare_fallow"]
    with pytest.raises(InputError, match="no input to scale"):
        equilibrium_input(23.4, 23.0, TEMP, RAIN, PEVAP, case["c_inp"], 0.0, case["pc"], 1.44, 40.0)
    case = CASES["fym"]
    with pytest.raises(InputError, match="not above IOM"):
        equilibrium_input(
            23.4, 23.0, TEMP, RAIN, PEVAP, case["c_inp"], case["fym"], case["pc"], 1.44, 3.0, iom=3.0
        )


@pytest.mark.parametrize("growth", ["linear", "compound"])
@pytest.mark.parametrize("name", ["fym", "woodland"])
def test_four_per_1000_input_hits_target_by_forward_run(growth, name):
    case = CASES[name]
    years = 30
    inv = four_per_1000_input(
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
        years,
        growth=growth,
    )
    assert inv.target_soc_t_ha == pytest.approx(target_stock(inv.soc0_t_ha, years, growth=growth))
    assert inv.baseline_soc_t_ha == pytest.approx(inv.soc0_t_ha)
    # forward run (our kernels): start at the equilibrium, plant input x (1 + f), 30 years month by month
    rms = rate_modifiers(TEMP, RAIN, PEVAP, case["pc"], 23.4, 23.0, smd0=inv.smd0)
    f = inv.required_input_increase_fraction
    run = run_pools(
        inv.pools0,
        rms.rate_m,
        23.4,
        case["c_inp"] * (1 + f),
        case["fym"],
        case["dpm_rpm"],
        record="year",
        months=12 * years,
    )
    soc = run.pools.total() + 3.0
    assert abs(soc[-1] - inv.target_soc_t_ha) / inv.target_soc_t_ha < 1e-9
    base = run_pools(
        inv.pools0,
        rms.rate_m,
        23.4,
        case["c_inp"],
        case["fym"],
        case["dpm_rpm"],
        record="end",
        months=12 * years,
    )
    assert abs(base.pools.total()[-1] + 3.0 - inv.soc0_t_ha) < 1e-9 * inv.soc0_t_ha  # baseline stays put
    # the independent scalar oracle, from the same start
    site = Site(23.4, 23.0, 3.0)
    site.dpm, site.rpm, site.bio, site.hum = (float(x) for x in inv.pools0)
    site.smd = float(inv.smd0)
    for _ in range(years):
        for m in range(12):
            row = site.month(
                TEMP[m],
                RAIN[m],
                PEVAP[m],
                case["c_inp"][m] * (1 + f),
                case["fym"][m],
                int(case["pc"][m]),
                case["dpm_rpm"][m],
            )
    assert abs(row["soc"] - inv.target_soc_t_ha) / inv.target_soc_t_ha < 1e-9
    assert inv.required_additional_input_t_ha_yr == pytest.approx(f * case["c_inp"].sum())


def test_four_per_1000_input_many_sites_and_rates():
    rng = np.random.default_rng(11)
    n = 100
    clay = rng.uniform(5, 60, n)
    temp = TEMP + rng.uniform(-5, 8, (n, 1))
    c_inp = np.where(MONTHS == 7, rng.uniform(0.5, 4, (n, 1)), 0.0)
    pc = np.where(MONTHS < 8, 1.0, 0.0)
    inv = four_per_1000_input(clay, 23.0, 2.5, temp, RAIN, PEVAP, c_inp, 0.0, pc, 1.44, 20, rate=0.01)
    rms = rate_modifiers(temp, RAIN, PEVAP, pc, clay, 23.0, smd0=inv.smd0)
    run = run_pools(
        inv.pools0,
        rms.rate_m,
        clay,
        c_inp * (1 + inv.required_input_increase_fraction[:, None]),
        0.0,
        1.44,
        record="end",
        months=240,
    )
    np.testing.assert_allclose(run.pools.total()[:, 0] + 2.5, inv.target_soc_t_ha, rtol=1e-9)
    assert np.all(inv.required_input_increase_fraction > 0)
    with pytest.raises(InputError, match="years"):
        four_per_1000_input(clay, 23.0, 2.5, temp, RAIN, PEVAP, c_inp, 0.0, pc, 1.44, 0)


def test_additional_input_for_non_repeating_drivers():
    rng = np.random.default_rng(5)
    years = 10
    temp = np.tile(TEMP, years) + rng.normal(0, 2, 12 * years)
    rain = np.tile(RAIN, years) * rng.uniform(0.5, 1.5, 12 * years)
    pevap = np.tile(PEVAP, years)
    c_inp = np.tile(CASES["fym"]["c_inp"], years)
    fym = np.tile(CASES["fym"]["fym"], years)
    pc = np.tile(CASES["fym"]["pc"], years)
    start = Pools(*map(np.asarray, (0.2, 4.0, 0.7, 28.0)))
    rms = rate_modifiers(temp, rain, pevap, pc, 23.4, 23.0)
    target = 55.0
    fraction, base, extra = additional_input_for_target(
        start, 3.0, rms.rate_m, 23.4, c_inp, fym, 1.44, target
    )
    run = run_pools(start, rms.rate_m, 23.4, c_inp * (1 + fraction), fym, 1.44, record="end")
    assert abs(run.pools.total()[-1] + 3.0 - target) / target < 1e-9
    assert extra == pytest.approx(fraction * c_inp.sum() / years)
    assert base < target
