"""The command line as a user runs it: whole processes, start-up included (issue 17).

Figures (one JSON line each, with the machine's load average; CPU time is that of the child processes,
from ``resource.getrusage(RUSAGE_CHILDREN)``, so other people's jobs on the machine do not count):

- ``help_*``: ``fourpermille --help`` and subcommands' ``--help``, wall and CPU (median of 3);
- ``batch_vs_fortran``: ``fourpermille rothc batch`` on 1,000 sites (CSV in, CSV out) against the reference
  Fortran (RothC.for + Shell.for, spin-up rule + 30 years) run once per site as upstream ships it, both as
  whole processes; ratio of CPU times (target: at least 100x);
- ``batch_vs_pyrothc``: the same command on 100 sites against one Python process running pyRothC 0.0.4's
  30 years for the same 100 sites from our equilibrium pools (its imports included); ratio of CPU times
  (target: at least 300x);
- ``batch_100k_wall``: 100,000 sites from CSV, reading and writing included (target: under 15 s wall);
- ``python_numpy_floor``: a process that only imports numpy, the floor of any such command.

The Fortran executable is built outside the repository (``ROTHC_FORTRAN_EXE``, see bench_rothc.py), pyRothC
is installed in a separate virtual environment (``PYROTHC_PYTHON``, its python); without them those figures
are skipped with a message. ``ROTHC_CLI_BENCH_LARGE`` (default 100000) sets the large run.

    python3 -m venv /tmp/pyrothc && /tmp/pyrothc/bin/pip install pyRothC==0.0.4
    ROTHC_FORTRAN_EXE=/tmp/rothc/rothc PYROTHC_PYTHON=/tmp/pyrothc/bin/python \
        .venv/bin/python -m benchmarks bench_rothc_cli

The processes run ``fourpermille.cli.entry.run`` (the console script) from whatever ``fourpermille`` the
environment imports, so the same command with ``PYTHONPATH`` at an older checkout's ``src`` measures the
baseline.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.bench_rothc import FORTRAN_DEFAULT, YEARS, make_sites, write_v2_input

BENCH = "rothc_cli"
#: What the ``fourpermille`` console script runs (pyproject.toml, [project.scripts]).
FOURPERMILLE = [sys.executable, "-c", "from fourpermille.cli.entry import run; run()"]
#: A Python with pyRothC installed (keep it out of the project's environment: it pins its own numpy/scipy);
#: default: this interpreter, if it can import pyRothC.
PYROTHC_PYTHON = os.environ.get("PYROTHC_PYTHON", sys.executable)


def emit(figure: str, value, unit: str, **extra) -> None:
    load = [round(x, 2) for x in os.getloadavg()]
    print(
        json.dumps(
            {"bench": BENCH, "figure": figure, "value": value, "unit": unit, **extra, "loadavg_1_5_15": load}
        ),
        flush=True,
    )


def timed(cmd: list[str], **kw) -> tuple[float, float]:
    """Run ``cmd`` to the end; (wall s, CPU s of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def write_batch_csv(sites: dict, folder: Path) -> dict:
    """The three batch tables of ``sites`` as CSV files (pyarrow's writer, outside any timing)."""
    from fourpermille.io.rothc_dat import write_columns

    n = len(sites["clay"])
    ids = np.array([f"s{i}" for i in range(n)], dtype=object)
    long_ids = np.repeat(ids, 12)
    month = np.tile(np.arange(1, 13, dtype=float), n)
    paths = {name: folder / f"{name}.csv" for name in ("sites", "climate", "management")}
    write_columns(
        {"site_id": ids, "clay": sites["clay"], "depth_cm": sites["depth"], "iom": sites["iom"]},
        paths["sites"],
    )
    write_columns(
        {"site_id": long_ids, "month": month, **{k: sites[k].reshape(-1) for k in ("temp", "rain", "pevap")}},
        paths["climate"],
    )
    write_columns(
        {
            "site_id": long_ids,
            "month": month,
            **{k: sites[k].reshape(-1) for k in ("c_inp", "fym", "pc", "dpm_rpm")},
        },
        paths["management"],
    )
    return paths


def batch_cmd(paths: dict, out: Path) -> list[str]:
    return [
        *FOURPERMILLE,
        "rothc",
        "batch",
        "--sites",
        str(paths["sites"]),
        "--climate",
        str(paths["climate"]),
        "--management",
        str(paths["management"]),
        "--years",
        str(YEARS),
        "-o",
        str(out),
    ]


def help_figures() -> None:
    for args in (
        ["--help"],
        ["rothc", "--help"],
        ["rothc", "batch", "--help"],
        ["grid", "run", "--help"],
        ["tier1", "--help"],
        ["mrv", "--help"],
        ["mrv", "change", "--help"],
        ["practices", "--help"],
        ["stocks", "--help"],
        ["demo", "--help"],
        ["target", "--help"],
        ["estimate", "--help"],
    ):
        runs = [timed([*FOURPERMILLE, *args]) for _ in range(3)]
        emit(
            "help_" + "_".join(a for a in args if a != "--help").replace("-", "_")
            if len(args) > 1
            else "help_root",
            statistics.median(r[0] for r in runs),
            "s",
            cpu=statistics.median(r[1] for r in runs),
            command="fourpermille " + " ".join(args),
            target="under 0.5 s wall",
        )


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-rothc-cli-"))
    try:
        floor = [timed([sys.executable, "-c", "import numpy"]) for _ in range(3)]
        emit(
            "python_numpy_floor",
            statistics.median(r[1] for r in floor),
            "s CPU",
            wall=statistics.median(r[0] for r in floor),
            note="a Python process that only imports numpy",
        )
        help_figures()
        sites = make_sites(1000)
        small = work / "s1000"
        small.mkdir()
        paths = write_batch_csv(sites, small)
        timed(batch_cmd(paths, small / "warm.csv"))  # the first run fills the OS file cache
        # median of 5 whole processes: one run's CPU varies by tens of ms on a shared machine
        runs = [timed(batch_cmd(paths, small / "out.csv")) for _ in range(5)]
        ours_wall, ours_cpu = (statistics.median(r[i] for r in runs) for i in (0, 1))
        emit(
            "batch_1000_sites", ours_wall, "s", cpu=ours_cpu, command="fourpermille rothc batch (CSV in/out)"
        )
        exe = os.environ.get("ROTHC_FORTRAN_EXE", FORTRAN_DEFAULT)
        if os.path.isfile(exe) and os.access(exe, os.X_OK):
            f_wall, f_cpu = fortran_loop(exe, sites, small / "out.csv", work / "fortran")
            emit(
                "batch_vs_fortran",
                f_cpu / ours_cpu,
                "x CPU",
                fortran_cpu=f_cpu,
                fortran_wall=f_wall,
                ours_cpu=ours_cpu,
                ours_wall=ours_wall,
                wall_ratio=f_wall / ours_wall,
                sites=1000,
                target="at least 100x",
            )
        else:
            emit("batch_vs_fortran", None, "x CPU", skipped=f"no executable at {exe} (ROTHC_FORTRAN_EXE)")
        hundred = work / "s100"
        hundred.mkdir()
        sub = {k: v[:100] for k, v in sites.items()}
        paths100 = write_batch_csv(sub, hundred)
        runs = [timed(batch_cmd(paths100, hundred / "out.csv")) for _ in range(5)]
        o_wall, o_cpu = (statistics.median(r[i] for r in runs) for i in (0, 1))
        emit("batch_100_sites", o_wall, "s", cpu=o_cpu, command="fourpermille rothc batch (CSV in/out)")
        probe = subprocess.run([PYROTHC_PYTHON, "-c", "import pyRothC"], capture_output=True)
        if probe.returncode != 0:
            emit(
                "batch_vs_pyrothc",
                None,
                "x CPU",
                skipped=f"{PYROTHC_PYTHON} cannot import pyRothC (PYROTHC_PYTHON)",
            )
        else:
            p_wall, p_cpu = pyrothc_process(sub, hundred)
            emit(
                "batch_vs_pyrothc",
                p_cpu / o_cpu,
                "x CPU",
                pyrothc_cpu=p_cpu,
                pyrothc_wall=p_wall,
                ours_cpu=o_cpu,
                ours_wall=o_wall,
                sites=100,
                target="at least 300x",
            )
        large_n = int(os.environ.get("ROTHC_CLI_BENCH_LARGE", 100_000))
        large = work / "large"
        large.mkdir()
        paths_l = write_batch_csv(make_sites(large_n, seed=7), large)
        l_wall, l_cpu = timed(batch_cmd(paths_l, large / "out.csv"))
        emit(
            "batch_100k_wall",
            l_wall,
            "s",
            cpu=l_cpu,
            sites=large_n,
            target="under 15 s wall",
            note="reading the 3 CSV tables and writing the CSV result included",
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fortran_loop(exe: str, sites: dict, ours_csv: Path, folder: Path) -> tuple[float, float]:
    """The reference executable once per site (inputs written first, outside the timing)."""
    import pyarrow.csv as pacsv

    folder.mkdir()
    table = pacsv.read_csv(ours_csv)
    fraction = np.asarray(table.column("required_input_increase_fraction").to_pylist(), dtype=float)
    n = len(fraction)
    for i in range(n):
        d = folder / f"s{i}"
        d.mkdir()
        write_v2_input(d / "RothC_input.dat", {k: v[i] for k, v in sites.items()}, fraction[i])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    for i in range(n):
        subprocess.run([exe], cwd=folder / f"s{i}", check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


PYROTHC_SCRIPT = """
import numpy as np
from pyRothC.RothC import RothC
s = np.load({path!r})
for i in range(len(s["clay"])):
    RothC(temperature=s["temp"][i], precip=s["rain"][i], evaporation=s["pevap"][i], years={years},
          C0=np.append(s["pools"][i], s["iom"][i]), input_carbon=float(s["c_inp"][i].sum()),
          farmyard_manure=float(s["fym"][i].sum()), clay=float(s["clay"][i]),
          soil_thickness=float(s["depth"][i]), DR=float(s["dpm_rpm"][i][0]), bare=False).compute()
"""


def pyrothc_process(sites: dict, folder: Path) -> tuple[float, float]:
    """One Python process running pyRothC's 30 years for every site from our equilibrium pools."""
    from fourpermille.rothc import equilibrium

    eq = equilibrium(
        *(
            sites[k]
            for k in ("clay", "depth", "iom", "temp", "rain", "pevap", "c_inp", "fym", "pc", "dpm_rpm")
        )
    )
    path = folder / "pyrothc_sites.npz"
    np.savez(path, pools=eq.pools.stack(), **sites)
    return timed([PYROTHC_PYTHON, "-c", PYROTHC_SCRIPT.format(path=str(path), years=YEARS)])


if __name__ == "__main__":
    main()
