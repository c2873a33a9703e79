"""RothC over a million sites: exact equilibrium + closed-form 4 per 1000 inverse + 30-year monthly run.

Every site has its own soil (clay, depth, IOM) and its own 12-month climate and management. The same
first 1,000 sites are also run, in the same benchmark run, by

- the reference Fortran (Rothamsted-Models/RothC_Code v2.0.0: ``RothC.for`` + ``Shell.for``, built with
  gfortran OUTSIDE this repository; nothing of it is committed). Point ``ROTHC_FORTRAN_EXE`` at the
  executable (default ``/work/ext/rothc/rothc``); without it the Fortran figures are skipped with a message.
  Each site gets a v2.0.0 ``RothC_input.dat`` (12 equilibrium months + the 30 years with the solved extra
  input); the executable spins up by its own rule and runs, as upstream ships it;
- pyRothC (PyPI, a dev dependency): its ODE model for the same 30 years from our equilibrium pools (it has
  no spin-up rule or inverse, so this is a lower bound of its cost for the same job).

Environment: ``ROTHC_BENCH_SITES`` (default 1,000,000), ``ROTHC_BENCH_WORKERS`` (threads, default 2),
``ROTHC_BENCH_COMPARE_SITES`` (default 1,000), ``ROTHC_BENCH_PYROTHC_SITES`` (default 1,000).
Prints one JSON line per figure.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from fourpermille.rothc.batch import four_per_1000_sites

YEARS = 30
FORTRAN_DEFAULT = "/work/ext/rothc/rothc"
BENCH = "rothc"


def emit(figure: str, value, unit: str, **extra) -> None:
    print(json.dumps({"bench": BENCH, "figure": figure, "value": value, "unit": unit, **extra}), flush=True)


def make_sites(n: int, seed: int = 2015) -> dict:
    """Random but plausible sites: soils, climates (2..28 °C means, 200-2000 mm), crops, manure, woods."""
    rng = np.random.default_rng(seed)
    month = np.arange(12)
    phase = rng.integers(0, 12, (n, 1))
    season = np.cos(2 * np.pi * (month - 6 - phase) / 12)
    temp = rng.uniform(2, 28, (n, 1)) + rng.uniform(1, 15, (n, 1)) * season
    rain = rng.gamma(2.0, rng.uniform(8, 80, (n, 1)) / 2.0, (n, 12))
    pevap = np.maximum(0.0, rng.uniform(20, 120, (n, 1)) * (1.0 + 0.9 * season))
    harvest = rng.integers(0, 12, (n, 1))
    c_inp = np.where(month == harvest, rng.uniform(0.5, 5.0, (n, 1)), 0.0) + rng.uniform(0, 0.1, (n, 12))
    pc = (((month - harvest) % 12) >= rng.integers(1, 5, (n, 1))).astype(float)
    manured = rng.uniform(size=(n, 1)) < 0.2
    fym = np.where((month == (harvest + 6) % 12) & manured, rng.uniform(1, 10, (n, 1)), 0.0)
    dpm_rpm = rng.choice([1.44, 0.67, 0.25], size=(n, 1)) * np.ones((1, 12))
    return {
        "clay": rng.uniform(5, 70, n),
        "depth": rng.uniform(15, 40, n),
        "iom": rng.uniform(0.5, 6, n),
        "temp": temp.round(2),
        "rain": rain.round(1),
        "pevap": pevap.round(1),
        "c_inp": c_inp.round(4),
        "fym": fym.round(3),
        "pc": pc,
        "dpm_rpm": dpm_rpm,
    }


def run_ours(sites: dict, workers: int) -> tuple[dict, float, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    out = four_per_1000_sites(
        sites["clay"],
        sites["depth"],
        sites["temp"],
        sites["rain"],
        sites["pevap"],
        sites["c_inp"],
        sites["fym"],
        sites["pc"],
        sites["dpm_rpm"],
        YEARS,
        iom=sites["iom"],
        workers=workers,
    )
    return out, time.perf_counter() - t0, time.process_time() - c0


def _subset(sites: dict, n: int) -> dict:
    return {key: value[:n] for key, value in sites.items()}


def write_v2_input(path: Path, site: dict, fraction: float) -> None:
    """A v2.0.0 RothC_input.dat: 12 equilibrium months, then 30 years with the extra plant input."""
    lines = [
        "benchmark site (fourpermille bench_rothc)",
        "info",
        " (-) (-)",
        " opt_RMmoist  opt_SMDbare",
        "    1          1",
        " (%) (cm) (t C/ha) (-)",
        "clay depth iom nsteps",
        f"{site['clay']:.10g} {site['depth']:.10g} {site['iom']:.10g} {12 * (YEARS + 1)}",
        "units",
        "year  month  modern  Tmp  Rain  Evap  C_inp  FYM  PC  DPM_RPM",
    ]
    for year in range(YEARS + 1):
        scale = 1.0 if year == 0 else 1.0 + fraction
        for m in range(12):
            lines.append(
                f"{year + 1} {m + 1} 100 {site['temp'][m]:.10g} {site['rain'][m]:.10g} "
                f"{site['pevap'][m]:.10g} {site['c_inp'][m] * scale:.17g} {site['fym'][m]:.10g} "
                f"{int(site['pc'][m])} {site['dpm_rpm'][m]:.10g}"
            )
    path.write_text("\n".join(lines) + "\n")


def ours_upstream_rule(sites: dict, result: dict, n: int) -> np.ndarray:
    """SOC after 30 years as Shell.for computes it (its spin-up rule), with our code: the same input file."""
    from fourpermille.rothc import simulate

    s = _subset(sites, n)
    scale = 1.0 + result["required_input_increase_fraction"][:n, None]
    drivers = {
        key: np.concatenate([s[key]] + [s[key] * (scale if key == "c_inp" else 1.0)] * YEARS, axis=1)
        for key in ("temp", "rain", "pevap", "c_inp", "fym", "pc", "dpm_rpm")
    }
    sim = simulate(s["clay"], s["depth"], s["iom"], **drivers, spinup="upstream")
    return sim.monthly["soc"][:, -1]


def run_fortran(exe: str, sites: dict, result: dict, n: int):
    """Run the reference executable once per site; returns (wall s, child CPU s, its SOC after 30 years)."""
    work = Path(tempfile.mkdtemp(prefix="rothc_fortran_"))
    try:
        socs = np.empty(n)
        for i in range(n):  # inputs written first: only the model runs are timed
            d = work / f"s{i}"
            d.mkdir()
            site = {key: value[i] for key, value in sites.items()}
            write_v2_input(d / "RothC_input.dat", site, result["required_input_increase_fraction"][i])
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        for i in range(n):
            subprocess.run([exe], cwd=work / f"s{i}", check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        for i in range(n):
            last = (work / f"s{i}" / "year_results.out").read_text().splitlines()[-1].split(",")
            socs[i] = float(last[7])
        return wall, cpu, socs
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_pyrothc(sites: dict, result_pools: np.ndarray, n: int):
    from pyRothC.RothC import RothC

    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(n):
        model = RothC(
            temperature=sites["temp"][i],
            precip=sites["rain"][i],
            evaporation=sites["pevap"][i],
            years=YEARS,
            C0=np.append(result_pools[i], sites["iom"][i]),
            input_carbon=float(sites["c_inp"][i].sum()),
            farmyard_manure=float(sites["fym"][i].sum()),
            clay=float(sites["clay"][i]),
            soil_thickness=float(sites["depth"][i]),
            DR=float(sites["dpm_rpm"][i][0]),
            bare=False,
        )
        model.compute()
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    n = int(os.environ.get("ROTHC_BENCH_SITES", 1_000_000))
    workers = int(os.environ.get("ROTHC_BENCH_WORKERS", 2))
    n_cmp = min(n, int(os.environ.get("ROTHC_BENCH_COMPARE_SITES", 1000)))
    n_py = min(n_cmp, int(os.environ.get("ROTHC_BENCH_PYROTHC_SITES", 1000)))
    sites = make_sites(n)
    four_per_1000_sites(
        *(
            _subset(sites, 8)[k]
            for k in ("clay", "depth", "temp", "rain", "pevap", "c_inp", "fym", "pc", "dpm_rpm")
        ),
        YEARS,
        iom=sites["iom"][:8],
    )  # compile the loop outside the timing
    out, wall, cpu = run_ours(sites, workers)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    target = out["target_soc_t_ha"]
    err = float(np.max(np.abs(out["soc_yearly_t_ha"][:, -1] - target) / target))
    emit(
        "wall_seconds",
        wall,
        "s",
        sites=n,
        years=YEARS,
        workers=workers,
        work="exact equilibrium + 4 per 1000 inverse + 30-year monthly run",
    )
    emit("cpu_seconds", cpu, "s", sites=n, note="all threads of this process")
    emit("sites_per_s", n / wall, "1/s", sites=n)
    emit("peak_memory", peak, "GiB", note="max RSS of the process, inputs included")
    emit("max_rel_error_target_by_forward_run", err, "-", sites=n)

    compiled_vs_numpy(sites, min(n, 20_000))
    # the same first n_cmp sites, ours alone, for per-site ratios
    small = _subset(sites, n_cmp)
    _, wall_small, cpu_small = run_ours(small, 1)
    ours_site = min(wall * 1.0 / n, wall_small / n_cmp)
    ours_site_cpu = cpu / n
    emit("ours_per_site", ours_site, "s", note=f"best of the {n}-site run and a {n_cmp}-site run")
    exe = os.environ.get("ROTHC_FORTRAN_EXE", FORTRAN_DEFAULT)
    if os.path.isfile(exe) and os.access(exe, os.X_OK):
        f_wall, f_cpu, f_soc = run_fortran(exe, small, out, n_cmp)
        same_rule = ours_upstream_rule(small, out, n_cmp)
        emit(
            "fortran_per_site",
            f_wall / n_cmp,
            "s",
            sites=n_cmp,
            cpu_per_site=f_cpu / n_cmp,
            note="Shell.for spin-up rule + 30 years, one process per site, as upstream ships it",
        )
        emit(
            "speedup_vs_fortran_per_site",
            f_wall / n_cmp / ours_site,
            "x",
            cpu_ratio=(f_cpu / n_cmp) / ours_site_cpu,
        )
        diff = np.abs(f_soc - same_rule)
        emit(
            "fortran_max_abs_diff_soc30_vs_ours_same_spinup_rule",
            float(diff.max()),
            "t C/ha",
            sites=n_cmp,
            max_rel=float(np.max(diff / same_rule)),
            note="both with Shell.for's spin-up rule; Fortran prints 4 decimals, single-precision literals",
        )
        emit(
            "fortran_max_abs_diff_soc30_vs_our_target",
            float(np.max(np.abs(f_soc - out["target_soc_t_ha"][:n_cmp]))),
            "t C/ha",
            note="the spin-up rule stops when the annual change is < 1e-6 t C/ha, "
            "which leaves slow (cold) sites short of the exact equilibrium the target is built on",
        )
    else:
        emit(
            "fortran_per_site",
            None,
            "s",
            skipped=f"no executable at {exe}: build RothC.for + Shell.for "
            "from Rothamsted-Models/RothC_Code with gfortran outside the repo and set ROTHC_FORTRAN_EXE",
        )
    try:
        import pyRothC  # noqa: F401
    except ImportError:
        emit("pyrothc_per_site", None, "s", skipped="pyRothC is not installed (pip install pyRothC)")
        return
    eq = _equilibrium_pools(small, n_py)
    p_wall, p_cpu = run_pyrothc(small, eq, n_py)
    emit(
        "pyrothc_per_site",
        p_wall / n_py,
        "s",
        sites=n_py,
        cpu_per_site=p_cpu / n_py,
        note="pyRothC 0.0.4 ODE, 30 years from our equilibrium (no spin-up, no inverse)",
    )
    emit(
        "speedup_vs_pyrothc_per_site",
        p_wall / n_py / ours_site,
        "x",
        cpu_ratio=(p_cpu / n_py) / ours_site_cpu,
    )


def compiled_vs_numpy(sites: dict, n: int) -> None:
    """Does the numba loop pay? The same work with FOURPERMILLE_NUMBA=0 (numpy path) and =1."""
    small = _subset(sites, n)
    cpu = {}
    previous = os.environ.get("FOURPERMILLE_NUMBA")
    try:
        for flag in ("0", "1"):
            os.environ["FOURPERMILLE_NUMBA"] = flag
            run_ours(_subset(small, 50), 1)  # numba's import and cache load outside the timing
            cpu[flag] = run_ours(small, 1)[2]
    finally:
        if previous is None:
            os.environ.pop("FOURPERMILLE_NUMBA", None)
        else:
            os.environ["FOURPERMILLE_NUMBA"] = previous
    emit("numpy_path_cpu_per_site", cpu["0"] / n, "s", sites=n)
    emit("compiled_path_cpu_per_site", cpu["1"] / n, "s", sites=n)
    emit("numba_speedup", cpu["0"] / cpu["1"], "x", note="CPU time, numpy loop / compiled loop")


def _equilibrium_pools(sites: dict, n: int) -> np.ndarray:
    from fourpermille.rothc import equilibrium

    s = _subset(sites, n)
    eq = equilibrium(
        s["clay"],
        s["depth"],
        s["iom"],
        s["temp"],
        s["rain"],
        s["pevap"],
        s["c_inp"],
        s["fym"],
        s["pc"],
        s["dpm_rpm"],
    )
    return eq.pools.stack()


if __name__ == "__main__":
    main()
