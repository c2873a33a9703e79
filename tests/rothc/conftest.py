"""Shared fixtures: the upstream example inputs (see tests/data/rothc/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fourpermille.io.rothc_dat import read_rothc_dat
from fourpermille.rothc import simulate

DATA = Path(__file__).parent.parent / "data" / "rothc"
V2_INPUT = DATA / "RothC_Code__RothC_input.dat"
PY_INPUT = DATA / "RothC_Py__RothC_input.dat"


def run_file(path, spinup="upstream", **kw):
    inp = read_rothc_dat(path, allow_negative_pevap=True)
    d = inp.drivers()
    sim = simulate(
        inp.clay,
        inp.depth,
        inp.iom,
        d["temp"],
        d["rain"],
        d["pevap"],
        d["c_inp"],
        d["fym"],
        d["pc"],
        d["dpm_rpm"],
        modern=d["modern"],
        moisture=inp.moisture,
        spinup=spinup,
        **kw,
    )
    return inp, sim


@pytest.fixture(scope="session")
def v2_upstream():
    return run_file(V2_INPUT, "upstream")


@pytest.fixture(scope="session")
def py_upstream():
    return run_file(PY_INPUT, "upstream")


@pytest.fixture(scope="session")
def v2_exact():
    return run_file(V2_INPUT, "exact")
