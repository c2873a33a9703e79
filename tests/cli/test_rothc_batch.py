"""``fourpermille rothc batch`` as a lean process (fourpermille.cli.rothc_batch, issue 17): the same results
as before to 1e-9, the same through the console script and the typer tree, one-line errors, lean imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.csv as pacsv
import pytest

from fourpermille.cli import entry, rothc_batch
from fourpermille.io import rothc_dat
from tests.cli.helpers import run_cli

DATA = Path(__file__).parents[1] / "data" / "rothc" / "batch_regression"


def _args(out: Path, *extra: str) -> list[str]:
    return [
        "rothc",
        "batch",
        "--sites",
        str(DATA / "sites.csv"),
        "--climate",
        str(DATA / "climate.csv"),
        "--management",
        str(DATA / "management.csv"),
        "-o",
        str(out),
        *extra,
    ]


def _columns(path: Path) -> dict:
    table = pacsv.read_csv(path)
    return {name: table.column(name).to_pylist() for name in table.column_names}


def _assert_same(got: dict, expected: dict) -> None:
    assert list(got) == list(expected)
    assert got["site_id"] == expected["site_id"]
    for name in list(expected)[1:]:
        np.testing.assert_allclose(got[name], expected[name], rtol=1e-9, atol=0, err_msg=name)


def test_console_script_gives_the_results_of_before(tmp_path, capsys):
    out = tmp_path / "out.csv"
    with pytest.raises(SystemExit) as done:
        entry.run(_args(out))
    assert done.value.code == 0
    assert "40 sites" in capsys.readouterr().out
    _assert_same(_columns(out), _columns(DATA / "expected.csv"))


def test_typer_tree_forwards_to_the_same_command(tmp_path):
    out = tmp_path / "out.csv"
    res = run_cli(*_args(out))
    assert res.exit_code == 0, res.stderr
    assert "RothC sites: 40/40" in res.stderr
    _assert_same(_columns(out), _columns(DATA / "expected.csv"))


def test_threaded_and_single_thread_reads_are_identical(monkeypatch):
    paths = [DATA / f"{name}.csv" for name in ("sites", "climate", "management")]
    one = rothc_dat.read_batch_tables(*paths)
    monkeypatch.setattr(rothc_dat, "THREADED_CSV_BYTES", 0)
    threaded = rothc_dat.read_batch_tables(*paths)
    assert list(one.site_id) == list(threaded.site_id)
    for key in one.monthly:
        assert np.array_equal(one.monthly[key], threaded.monthly[key])
    assert np.array_equal(one.clay, threaded.clay) and np.array_equal(one.iom, threaded.iom)


@pytest.mark.parametrize(
    ("extra", "expect"),
    [
        (["--years", "2.5"], "--years takes a whole number; got '2.5'"),
        (["--years", "0"], "--years must be a finite number in [1, 500] yr; got 0"),
        (["--rate", "nan"], "--rate must be a finite number in (0, 0.1] 1/yr; got nan"),
        (["--growth", "cubic"], "--growth"),
        (["--no-such-option"], "unrecognized arguments: --no-such-option (see 'fourpermille rothc batch"),
    ],
)
def test_bad_options_end_with_one_line_and_exit_code_2(tmp_path, extra, expect):
    out = tmp_path / "out.csv"
    res = run_cli(*_args(out, *extra))
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expect in lines[0]
    assert not out.exists()


def test_missing_required_option_is_one_line():
    res = run_cli("rothc", "batch", "--sites", str(DATA / "sites.csv"))
    assert res.exit_code == 2 and res.stderr.count("\n") == 1
    assert "the following arguments are required: --climate, --management, -o/--output" in res.stderr


def test_help_lists_every_option_with_its_range():
    res = run_cli("rothc", "batch", "--help")
    assert res.exit_code == 0
    for option, (_kind, allowed) in rothc_batch.NUMBERS.items():
        assert option in res.stdout and str(allowed) in " ".join(res.stdout.split())
    assert rothc_batch.SUMMARY.split(":")[0] in run_cli("rothc", "--help").stdout


def test_console_script_batch_imports_no_typer_rich_pydantic_or_pandas(tmp_path):
    code = (
        "import contextlib, io, json, sys\nfrom fourpermille.cli.entry import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        run({_args(tmp_path / 'out.csv')!r})\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0\n"
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(out.stdout.strip().splitlines()[-1]))
    assert (tmp_path / "out.csv").exists()
    heavy = ("typer", "click", "rich", "pydantic", "pandas", "scipy", "numba", "django", "xarray", "dask")
    assert not [m for m in heavy if m in loaded]
