"""Many sites: chunks and threads give the same numbers; observed stocks are fitted; targets are hit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from fourpermille.errors import InputError
from fourpermille.rothc import equilibrium, falloon_iom, four_per_1000_input
from fourpermille.rothc.batch import four_per_1000_sites

from .test_kernels import MONTHS, PEVAP, RAIN, TEMP


def _sites(n, seed=4):
    rng = np.random.default_rng(seed)
    return dict(
        clay=rng.uniform(5, 60, n),
        depth=rng.uniform(15, 35, n),
        temp=TEMP + rng.uniform(-4, 8, (n, 1)),
        rain=RAIN * rng.uniform(0.3, 2, (n, 1)),
        pevap=PEVAP * rng.uniform(0.7, 1.5, (n, 1)),
        c_inp=np.where(MONTHS == 7, rng.uniform(0.5, 4, (n, 1)), 0.02),
        fym=np.where((MONTHS == 2) & (rng.uniform(size=(n, 1)) < 0.3), 2.0, 0.0),
        pc=np.where(MONTHS < 8, 1.0, 0.0) * np.ones((n, 1)),
        dpm_rpm=np.full((n, 12), 1.44),
    )


def test_chunks_and_threads_agree_and_hit_the_target():
    s = _sites(300)
    iom = np.full(300, 2.5)
    one = four_per_1000_sites(**s, years=20, iom=iom, chunk_size=300)
    many = four_per_1000_sites(**s, years=20, iom=iom, chunk_size=37, workers=2)
    for key in one:
        np.testing.assert_array_equal(one[key], many[key])
    np.testing.assert_allclose(one["soc_yearly_t_ha"][:, -1], one["target_soc_t_ha"], rtol=1e-9)
    ref = four_per_1000_input(
        s["clay"],
        s["depth"],
        iom,
        s["temp"],
        s["rain"],
        s["pevap"],
        s["c_inp"],
        s["fym"],
        s["pc"],
        s["dpm_rpm"],
        20,
    )
    np.testing.assert_allclose(
        one["required_input_increase_fraction"], ref.required_input_increase_fraction, rtol=1e-12
    )


def test_observed_stock_is_fitted_with_falloon_iom():
    s = _sites(40)
    s["fym"] = np.where(np.arange(40)[:, None] % 2 == 1, s["fym"], 0.0)  # manure only on unobserved sites
    soc = np.where(np.arange(40) % 2 == 0, 120.0, np.nan)  # half the sites observed
    iom = np.where(np.arange(40) % 4 == 0, np.nan, 3.0)
    out = four_per_1000_sites(**s, years=10, iom=iom, soc=soc, growth="compound")
    fitted = ~np.isnan(soc)
    np.testing.assert_allclose(out["soc0_t_ha"][fitted], 120.0, rtol=1e-9)
    assert out["iom_t_ha"][0] == pytest.approx(falloon_iom(120.0))
    assert out["iom_t_ha"][2] == 3.0
    # unobserved sites keep their own input: their SOC0 is their own equilibrium
    eq = equilibrium(
        s["clay"][1],
        s["depth"][1],
        3.0,
        s["temp"][1],
        s["rain"][1],
        s["pevap"][1],
        s["c_inp"][1],
        s["fym"][1],
        s["pc"][1],
        s["dpm_rpm"][1],
    )
    assert out["soc0_t_ha"][1] == pytest.approx(float(eq.soc), rel=1e-12)
    np.testing.assert_allclose(out["target_soc_t_ha"], out["soc0_t_ha"] * 1.004**10, rtol=1e-12)
    with pytest.raises(ValueError, match="iom or soc"):
        four_per_1000_sites(**s, years=10)


REFERENCE = Path(__file__).parents[1] / "data" / "rothc" / "fused_pass_reference.npz"


def test_fused_pass_equals_the_three_engine_calls_it_replaces():
    """Issue 17: one moisture cycle, one annual map and one solve per site give the numbers of the former
    composition (equilibrium_input, then four_per_1000_input, then rate_modifiers + run_pools), which
    tests/data/rothc/fused_pass_reference.npz holds (written by the code of commit cd0a6f3), to 1e-9."""
    ref = np.load(REFERENCE)
    s = {
        key: ref[f"sites_{key}"]
        for key in ("clay", "depth", "temp", "rain", "pevap", "c_inp", "fym", "pc", "dpm_rpm")
    }
    runs = {
        "linear30": four_per_1000_sites(**s, years=30, iom=ref["sites_iom_given"], soc=ref["sites_soc"]),
        "compound12": four_per_1000_sites(
            **s, years=12, iom=ref["sites_iom"], growth="compound", rate=0.005, chunk_size=70
        ),
    }
    assert (~np.isnan(ref["sites_soc"])).sum() > 50
    for label, out in runs.items():
        names = [key[len(label) + 1 :] for key in ref.files if key.startswith(label)]
        assert set(names) == set(out)
        for name in names:
            np.testing.assert_allclose(out[name], ref[f"{label}_{name}"], rtol=1e-9, atol=0, err_msg=name)


@pytest.mark.parametrize("flag", ["0", "1"])
def test_numpy_and_compiled_paths_agree_on_the_fused_pass(monkeypatch, flag):
    ref = np.load(REFERENCE)
    s = {
        key: ref[f"sites_{key}"][:60]
        for key in ("clay", "depth", "temp", "rain", "pevap", "c_inp", "fym", "pc", "dpm_rpm")
    }
    monkeypatch.setenv("FOURPERMILLE_NUMBA", flag)
    out = four_per_1000_sites(**s, years=30, iom=ref["sites_iom_given"][:60], soc=ref["sites_soc"][:60])
    for name, values in out.items():
        np.testing.assert_allclose(values, ref[f"linear30_{name}"][:60], rtol=1e-12, atol=0, err_msg=name)


def test_alternative_input_equilibrium_and_no_forward_run():
    s = _sites(30)
    iom = np.full(30, 2.0)
    alt = np.where(np.arange(30) % 3 == 0, np.nan, 1.7)
    out = four_per_1000_sites(**s, years=15, iom=iom, yearly=False, alternative_input=alt)
    assert "soc_yearly_t_ha" not in out
    scaled = s["c_inp"] * (1.7 / s["c_inp"].sum(-1))[:, None]
    eq = equilibrium(
        s["clay"], s["depth"], iom, s["temp"], s["rain"], s["pevap"], scaled, s["fym"], s["pc"], s["dpm_rpm"]
    )
    has = ~np.isnan(alt)
    np.testing.assert_allclose(out["alternative_soc_eq_t_ha"][has], eq.soc[has], rtol=1e-10)
    assert np.isnan(out["alternative_soc_eq_t_ha"][~has]).all()


def test_bad_sites_are_named_by_their_number():
    s = _sites(20)
    s["temp"] = s["temp"].copy()
    s["temp"][13, 4] = 75.0
    with pytest.raises(InputError, match=r"temp\[13, 4\] = 75"):
        four_per_1000_sites(**s, years=10, iom=np.full(20, 2.0), chunk_size=6)
    s = _sites(20)
    s["c_inp"] = s["c_inp"].copy()
    s["c_inp"][17] = 0.0
    with pytest.raises(InputError, match="site 17"):
        four_per_1000_sites(**s, years=10, iom=np.full(20, 2.0), chunk_size=6)
    s = _sites(20)
    with pytest.raises(InputError, match="site 9: the observed SOC"):
        four_per_1000_sites(**s, years=10, soc=np.where(np.arange(20) == 9, 0.5, 80.0), chunk_size=6)
