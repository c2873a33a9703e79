"""Every subcommand against bad input: exactly one line on stderr, exit code 2, no output file left behind.

Issue 12, item 10 (and the command-line part of item 1): a missing file, a directory, an empty file, binary
garbage, a file in the wrong encoding, NaN / inf / out-of-range numbers in options and in files, and an
output that cannot be written, for every subcommand but ``mrv`` (tests/cli/test_mrv_bad_input.py).
The README promises it: "Bad input ends with one line naming the file, row and column and exit code 2;
no output file is left behind."
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from tests.cli.helpers import run_cli

ROOT = Path(__file__).parents[2]
ROTHC = ROOT / "tests" / "data" / "rothc"
HAS_GRID = all(importlib.util.find_spec(m) for m in ("rioxarray", "dask"))
#: The RothC_Py example has months of negative open-pan evaporation (condensation).
NEG = "--allow-negative-pevap"
NEEDS_GRID = pytest.mark.skipif(not HAS_GRID, reason="grid needs rioxarray and dask")

PROFILES = """profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3
a,0,10,20,1.2
a,10,30,12,1.4
b,0,15,18,1.3
b,15,40,10,1.45
"""
#: The example project without monthly climate and with few draws: quick to compute.
PROJECT = """project: Quick
area_ha: 250
climate_zone: warm_temperate_moist
soil_class: HAC
current: {land_use: long_term_cultivated, management: full_tillage, input: low}
practices: [no_till]
years: 20
uncertainty: {draws: 0}
"""
ZONES = (
    '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:3035"}}, '
    '"features": [{"type": "Feature", "properties": {"name": "all"}, "geometry": {"type": "Polygon", '
    '"coordinates": [[[3500000, 2798000], [3503000, 2798000], [3503000, 2800000], [3500000, 2800000], '
    "[3500000, 2798000]]]}}]}"
)


@pytest.fixture
def good(tmp_path) -> dict[str, Path]:
    """Valid inputs of every subcommand, in tmp_path/good."""
    d = tmp_path / "good"
    d.mkdir()
    files = {
        "profiles": d / "profiles.csv",
        "units": d / "units.csv",
        "project": d / "project.yaml",
        "dat": d / "RothC_input.dat",
        "sites": d / "sites.csv",
        "climate": d / "climate.csv",
        "management": d / "management.csv",
        "zones": d / "zones.geojson",
    }
    files["profiles"].write_text(PROFILES)
    files["project"].write_text(PROJECT)
    files["zones"].write_text(ZONES)
    shutil.copy(ROOT / "examples" / "tier1_units.csv", files["units"])
    shutil.copy(ROTHC / "RothC_Py__RothC_input.dat", files["dat"])
    for name in ("sites", "climate", "management"):
        shutil.copy(ROTHC / "batch" / f"{name}.csv", files[name])
    if HAS_GRID:
        from tests.grid.helpers import soc_field, write_tif

        files["soc"] = write_tif(d / "soc.tif", soc_field())
    return files


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in root.rglob("*")}


def assert_refused(tmp_path, args, expect=()) -> str:
    """Run ``fourpermille ARGS``: one line on stderr with ``expect`` in it, exit 2, tmp_path unchanged."""
    before = snapshot(tmp_path)
    result = run_cli(*map(str, args))
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 2, (args, result.exit_code, result.stderr[-2000:])
    assert len(lines) == 1, (args, result.stderr[-2000:])
    assert lines[0].startswith("error: ") and "Traceback" not in result.stderr
    for part in expect:
        assert part in lines[0], (args, lines[0])
    assert snapshot(tmp_path) == before, f"{args}: files were written or changed"
    return lines[0]


# --- input files ----------------------------------------------------------------------------------------

#: subcommand -> (suffix of its input, the good input it replaces, argv(good, bad input, output dir))
FILE_INPUTS = {
    "stocks": (".csv", "profiles", lambda g, bad, out: ["stocks", bad, "-o", out / "s.csv"]),
    "stocks --reference-profiles": (
        ".csv",
        "profiles",
        lambda g, bad, out: [
            "stocks",
            g["profiles"],
            "--method",
            "esm",
            "--reference-profiles",
            bad,
            "-o",
            out / "s.csv",
        ],
    ),
    "tier1": (".csv", "units", lambda g, bad, out: ["tier1", bad, "-o", out / "t.csv"]),
    "estimate": (
        ".yaml",
        "project",
        lambda g, bad, out: ["estimate", bad, "-o", out / "e.json", "--plot", out / "e.png"],
    ),
    "rothc run": (".dat", "dat", lambda g, bad, out: ["rothc", "run", bad, "-o", out / "m.csv", NEG]),
    "rothc equilibrium-input": (
        ".dat",
        "dat",
        lambda g, bad, out: ["rothc", "equilibrium-input", bad, "--target-soc", "50", NEG],
    ),
    "rothc inverse": (".dat", "dat", lambda g, bad, out: ["rothc", "inverse", bad, "--years", "30", NEG]),
    **{
        f"rothc batch --{table}": (
            ".csv",
            table,
            lambda g, bad, out, table=table: [
                "rothc",
                "batch",
                *[
                    a
                    for t in ("sites", "climate", "management")
                    for a in (f"--{t}", bad if t == table else g[t])
                ],
                "-o",
                out / "b.csv",
            ],
        )
        for table in ("sites", "climate", "management")
    },
    "grid run --soc": (
        ".tif",
        "soc",
        lambda g, bad, out: [
            "grid",
            "run",
            "--soc",
            bad,
            "-o",
            out / "grid",
            "--scheduler",
            "threads",
            "--no-previews",
        ],
    ),
    "grid run --zones": (
        ".geojson",
        "zones",
        lambda g, bad, out: [
            "grid",
            "run",
            "--soc",
            g["soc"],
            "--zones",
            bad,
            "-o",
            out / "grid",
            "--scheduler",
            "threads",
            "--no-previews",
        ],
    ),
}


def _binary() -> bytes:
    return bytes(range(256)) * 8 + b"\x00\xff\xfe garbage"


def _latin1(text: str) -> bytes:
    lines = text.splitlines()
    row = min(1, len(lines) - 1)
    lines[row] = "é" + lines[row]  # row 2: a name typed in a Latin-1 (Windows) spreadsheet
    return "\n".join(lines).encode("latin-1") + b"\n"


#: kind of bad file -> (make(path, good text or None), words expected in the message)
FILE_KINDS = {
    "missing": (lambda path, text: None, "file not found"),
    "directory": (lambda path, text: path.mkdir(), "directory"),
    "empty": (lambda path, text: path.write_bytes(b""), None),
    "binary": (lambda path, text: path.write_bytes(_binary()), None),
    "latin-1": (lambda path, text: path.write_bytes(_latin1(text)), "not UTF-8"),
}
#: Inputs where the encoding has no meaning (numbers only, or a raster).
NO_TEXT = {".dat", ".tif"}

FILE_CASES = [
    pytest.param(
        command, kind, id=f"{command}-{kind}", marks=[NEEDS_GRID] if command.startswith("grid") else []
    )
    for command, (suffix, _, _) in FILE_INPUTS.items()
    for kind in FILE_KINDS
    if not (kind == "latin-1" and suffix in NO_TEXT)
]


@pytest.mark.parametrize(("command", "kind"), FILE_CASES)
def test_bad_input_file(tmp_path, good, command, kind):
    suffix, replaces, argv = FILE_INPUTS[command]
    make, words = FILE_KINDS[kind]
    bad = tmp_path / f"bad{suffix}"
    text = good[replaces].read_text() if suffix not in NO_TEXT else None
    make(bad, text)
    out = tmp_path / "out"
    out.mkdir()
    line = assert_refused(tmp_path, argv(good, bad, out), expect=[str(bad)] + ([words] if words else []))
    if kind == "latin-1" and suffix == ".csv":
        assert "row 2" in line


# --- numbers: options and values in files ---------------------------------------------------------------

#: (id, argv(good, output dir), words expected): NaN, infinite or physically impossible numbers.
NUMBER_CASES = [
    *[
        (f"target --soc0 {v}", lambda g, o, v=v: ["target", "--soc0", v], ["--soc0", "(0, 1000] t C/ha"])
        for v in ("nan", "inf", "-inf", "1e400", "0", "-5", "5000")
    ],
    *[
        (f"target --years {v}", lambda g, o, v=v: ["target", "--soc0", "40", "--years", v], ["--years"])
        for v in ("0", "-3", "100000", "nan")
    ],
    *[
        (
            f"target --rate {v}",
            lambda g, o, v=v: ["target", "--soc0", "40", "--rate", v, "-o", o / "t.csv"],
            ["--rate", "(0, 0.1] 1/yr"],
        )
        for v in ("nan", "inf", "0", "0.4", "-0.004")
    ],
    *[
        (
            f"target --baseline-rate {v}",
            lambda g, o, v=v: ["target", "--soc0", "40", "--baseline-rate", v],
            ["--baseline-rate", "[-0.1, 0.1] 1/yr"],
        )
        for v in ("nan", "-inf", "-2")
    ],
    *[
        (
            f"stocks --depth-cm {v}",
            lambda g, o, v=v: ["stocks", g["profiles"], "--depth-cm", v, "-o", o / "s.csv"],
            ["--depth-cm", "(0, 1000] cm"],
        )
        for v in ("nan", "inf", "10,nan", "0", "-10", "1e12")
    ],
    *[
        (
            f"stocks --ref-mass-t-ha {v}",
            lambda g, o, v=v: [
                "stocks",
                g["profiles"],
                "--method",
                "esm",
                "--ref-mass-t-ha",
                v,
                "-o",
                o / "s.csv",
            ],
            ["--ref-mass-t-ha", "t/ha"],
        )
        for v in ("nan", "inf", "1200,-1")
    ],
    *[
        (
            f"stocks --max-extrapolation {v}",
            lambda g, o, v=v: ["stocks", g["profiles"], "--max-extrapolation", v, "-o", o / "s.csv"],
            ["--max-extrapolation", "[0, 1]"],
        )
        for v in ("nan", "inf", "-0.1", "5")
    ],
    (
        "stocks: inf in a file",
        lambda g, o: ["stocks", _with(g["profiles"], "a,10,30,12", "a,10,inf,12"), "-o", o / "s.csv"],
        ["row 3", "column 'depth_bottom_cm'", "is not a finite number", "(0, 1000] cm"],
    ),
    *[
        (
            f"tier1 --d-years {v}",
            lambda g, o, v=v: ["tier1", g["units"], "--d-years", v, "-o", o / "t.csv"],
            ["--d-years", "[1, 500] yr"],
        )
        for v in ("0", "-5", "100000")
    ],
    *[
        (
            f"tier1 --uncertainty {v}",
            lambda g, o, v=v: ["tier1", g["units"], "--uncertainty", v, "-o", o / "t.csv"],
            ["--uncertainty"],
        )
        for v in ("-1", "10000000")
    ],
    ("tier1 --seed -1", lambda g, o: ["tier1", g["units"], "--seed", "-1", "-o", o / "t.csv"], ["--seed"]),
    (
        "tier1: 1e400 in a file",
        lambda g, o: ["tier1", _replace_field(g["units"], "area_ha", "1e400"), "-o", o / "t.csv"],
        ["row 2", "column 'area_ha'", "not a finite number"],
    ),
    *[
        (
            f"estimate: area_ha {v}",
            lambda g, o, v=v: [
                "estimate",
                _with(g["project"], "area_ha: 250", f"area_ha: {v}"),
                "-o",
                o / "e.json",
            ],
            ["area_ha"],
        )
        for v in (".nan", ".inf", "1e400", "-1")
    ],
    (
        "estimate: NaN in JSON",
        lambda g, o: ["estimate", _json_project(g, "NaN"), "-o", o / "e.json"],
        ["area_ha"],
    ),
    *[
        (
            f"rothc equilibrium-input --target-soc {v}",
            lambda g, o, v=v: ["rothc", "equilibrium-input", g["dat"], "--target-soc", v, NEG],
            ["--target-soc"],
        )
        for v in ("nan", "inf", "-1", "1e6")
    ],
    *[
        (
            f"rothc inverse {opt} {v}",
            lambda g, o, opt=opt, v=v: ["rothc", "inverse", g["dat"], "--years", "30", opt, v, NEG],
            [opt],
        )
        for opt, v in (
            ("--years", "0"),
            ("--years", "100000"),
            ("--rate", "nan"),
            ("--rate", "inf"),
            ("--rate", "-1"),
        )
    ],
    *[
        (
            f"rothc batch {opt} {v}",
            lambda g, o, opt=opt, v=v: [
                "rothc",
                "batch",
                "--sites",
                g["sites"],
                "--climate",
                g["climate"],
                "--management",
                g["management"],
                opt,
                v,
                "-o",
                o / "b.csv",
            ],
            [opt],
        )
        for opt, v in (("--years", "0"), ("--rate", "nan"), ("--chunk-size", "0"))
    ],
    (
        "rothc batch: inf in a file",
        lambda g, o: [
            "rothc",
            "batch",
            "--sites",
            g["sites"],
            "--management",
            g["management"],
            "--climate",
            _replace_field(g["climate"], "temp", "inf"),
            "-o",
            o / "b.csv",
        ],
        ["row 2", "column 'temp'", "inf"],
    ),
    *[
        (
            f"grid run {opt} {v}",
            lambda g, o, opt=opt, v=v: [
                "grid",
                "run",
                "--soc",
                g["soc"],
                opt,
                v,
                "-o",
                o / "grid",
                "--scheduler",
                "threads",
            ],
            [opt],
        )
        for opt, v in (
            ("--years", "nan"),
            ("--years", "inf"),
            ("--years", "-1"),
            ("--depth", "nan"),
            ("--depth", "0"),
            ("--dpm-rpm", "nan"),
            ("--dpm-rpm", "-1"),
            ("--chunks", "0"),
            ("--workers", "0"),
            ("--d-years", "0"),
        )
    ],
    *[
        (f"grid demo {opt} {v}", lambda g, o, opt=opt, v=v: ["grid", "demo", opt, v, "-o", o / "grid"], [opt])
        for opt, v in (("--years", "nan"), ("--years", "1e400"), ("--workers", "-2"))
    ],
    ("target --soc0 abc", lambda g, o: ["target", "--soc0", "abc"], ["--soc0"]),
    (
        "tier1 --d-years 2.5",
        lambda g, o: ["tier1", g["units"], "--d-years", "2.5", "-o", o / "t.csv"],
        ["--d-years"],
    ),
]


def _with(path: Path, old: str, new: str) -> Path:
    text = path.read_text()
    assert old in text
    bad = path.with_name("bad_" + path.name)
    bad.write_text(text.replace(old, new, 1))
    return bad


def _replace_field(path: Path, column: str, value: str) -> Path:
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    fields = lines[1].split(",")
    fields[header.index(column)] = value
    lines[1] = ",".join(fields)
    bad = path.with_name("bad_" + path.name)
    bad.write_text("\n".join(lines) + "\n")
    return bad


def _json_project(good, area: str) -> Path:
    bad = good["project"].with_name("bad_project.json")
    bad.write_text(
        '{"area_ha": ' + area + ', "climate_zone": "warm_temperate_moist", "soil_class": "HAC", '
        '"current": {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "low"}, '
        '"uncertainty": {"draws": 0}}'
    )
    return bad


def _params(cases):
    return [
        pytest.param(argv, expect, id=name, marks=[NEEDS_GRID] if name.startswith("grid") else [])
        for name, argv, expect in cases
    ]


@pytest.mark.parametrize(("argv", "expect"), _params(NUMBER_CASES))
def test_bad_number(tmp_path, good, argv, expect):
    out = tmp_path / "out"
    out.mkdir()
    args = argv(good, out)
    line = assert_refused(tmp_path, args, expect=expect)
    if "must be a finite number" in line:
        assert "got" in line  # the value given is echoed beside the allowed range


# --- names: the one subcommand without files or numbers --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["practices", "show", "no_such_practice"], ["unknown practice 'no_such_practice'", "no_till"]),
        (["practices", "list", "--land-use", "nonsense"], ["unknown land use 'nonsense'", "grassland"]),
        (["practices", "list", "--climate", "XX"], ["XX"]),
    ],
    ids=["show unknown id", "list unknown land use", "list unknown climate"],
)
def test_bad_practice_names(tmp_path, args, expect):
    assert_refused(tmp_path, args, expect=expect)


# --- outputs that cannot be written ---------------------------------------------------------------------

#: subcommand -> argv(good, output path): each writes ``output path`` (a file, or a directory for grid/demo)
OUTPUTS = {
    "stocks -o": lambda g, out: ["stocks", g["profiles"], "-o", out],
    "tier1 -o": lambda g, out: ["tier1", g["units"], "-o", out],
    "target -o": lambda g, out: ["target", "--soc0", "40", "-o", out],
    "target --plot": lambda g, out: ["target", "--soc0", "40", "--plot", out],
    "estimate -o": lambda g, out: ["estimate", g["project"], "-o", out],
    "estimate --plot": lambda g, out: ["estimate", g["project"], "--plot", out],
    "rothc run -o": lambda g, out: ["rothc", "run", g["dat"], "-o", out, NEG],
    "rothc batch -o": lambda g, out: [
        "rothc",
        "batch",
        "--sites",
        g["sites"],
        "--climate",
        g["climate"],
        "--management",
        g["management"],
        "-o",
        out,
    ],
    "demo --out": lambda g, out: ["demo", "--out", out],
    "grid run -o": lambda g, out: [
        "grid",
        "run",
        "--soc",
        g["soc"],
        "-o",
        out,
        "--scheduler",
        "threads",
        "--no-previews",
    ],
}
DIRECTORY_OUTPUTS = {"demo --out", "grid run -o"}


@pytest.mark.parametrize("where", ["an existing directory", "under a file"])
@pytest.mark.parametrize(
    "command",
    [pytest.param(c, marks=[NEEDS_GRID] if c.startswith("grid") else []) for c in OUTPUTS],
)
def test_unwritable_output(tmp_path, good, command, where):
    blocker = tmp_path / "blocker"
    if where == "under a file":
        blocker.write_text("a file, not a directory")
        out = blocker / "out"
    elif command in DIRECTORY_OUTPUTS:
        blocker.write_text("a file where the output directory should go")
        out = blocker
    else:
        blocker.mkdir()
        out = blocker
    assert_refused(tmp_path, OUTPUTS[command](good, out), expect=[str(out)])


# --- the ranges are those of the science core -----------------------------------------------------------


def test_option_ranges_match_the_science_core():
    from fourpermille import estimate, stocks
    from fourpermille.cli import options

    assert (options.SOC_STOCK_T_HA.low, options.SOC_STOCK_T_HA.high) == estimate.SOC_RANGE_T_HA
    assert options.MAX_BULK_DENSITY_G_CM3 == stocks.BULK_DENSITY_RANGE[1]
    assert options.T_HA_PER_G_CM2 == stocks.T_HA_PER_G_CM2
    assert options.RATE_PER_YR.contains(0.004) and not options.RATE_PER_YR.contains(float("nan"))


def test_every_numeric_option_is_range_checked():
    """No float or int option of a subcommand (but mrv's) without a range check."""
    import inspect
    import typing

    from fourpermille.cli.main import _register_commands, app

    _register_commands()
    numeric = {int, float, int | None, float | None}
    unchecked, seen = [], 0

    def walk(typer_app, path):
        nonlocal seen
        for info in typer_app.registered_commands:
            hints = typing.get_type_hints(info.callback)
            for name, param in inspect.signature(info.callback).parameters.items():
                if hints[name] in numeric:
                    seen += 1
                    if getattr(param.default, "callback", None) is None:
                        unchecked.append(f"{' '.join(path)} {info.name}: {name}")
        for group in typer_app.registered_groups:
            if group.name != "mrv":
                walk(group.typer_instance, [*path, group.name])

    walk(app, [])
    # rothc batch is parsed by argparse (fourpermille.cli.rothc_batch): its numbers are checked from NUMBERS
    from fourpermille.cli import rothc_batch

    for action in rothc_batch.parser()._actions:
        if action.metavar in ("INTEGER", "FLOAT"):
            seen += 1
            if not set(action.option_strings) & set(rothc_batch.NUMBERS):
                unchecked.append(f"rothc batch: {action.option_strings}")
    assert seen > 20 and unchecked == []
