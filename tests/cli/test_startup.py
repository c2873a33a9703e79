"""Issue 17: the command line starts at once; heavy libraries are imported only by the commands using them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("scipy.stats", "matplotlib", "xarray", "dask", "django", "numba")


def _modules_after(code: str) -> set[str]:
    """The modules imported by ``code`` in a fresh interpreter (sys.modules at its end)."""
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_package_and_the_command_line_imports_no_heavy_library():
    loaded = _modules_after("import fourpermille\nimport fourpermille.cli.main")
    assert not [m for m in HEAVY if m in loaded]
    assert "fourpermille.cli.main" in loaded
    # no subcommand module either: they are imported when their command runs
    assert not [m for m in loaded if m.startswith("fourpermille.cli.") and m != "fourpermille.cli.main"]


def _command_paths() -> list[list[str]]:
    """Every command and subcommand of the tree, as argv prefixes: ['mrv'], ['mrv', 'change'] ..."""
    import typer

    from fourpermille.cli.main import _register_commands, app

    _register_commands()
    paths = []

    def walk(command, path):
        paths.append(path)
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return paths


#: Owned by the estimate work (issue 17 asks it too): its module imports the science at the top.
@pytest.mark.parametrize("path", [pytest.param(p, id=" ".join(p) or "root") for p in _command_paths()])
def test_every_help_imports_neither_the_science_nor_numpy(path):
    """Each command's ``--help`` (a subprocess, so nothing is imported already) loads none of the heavy
    libraries, no numpy, pandas or pyarrow, and none of the science: it prints in a fraction of a second."""
    args = [*path, "--help"]
    code = (
        "import contextlib, io\nfrom fourpermille.cli.main import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    assert main({args!r}) == 0"
    )
    loaded = _modules_after(code)
    assert not [m for m in (*HEAVY, "numpy", "pandas", "pyarrow", "scipy") if m in loaded]
    assert not [
        m
        for m in loaded
        if m.startswith("fourpermille.") and not m.startswith(("fourpermille.cli", "fourpermille.errors"))
    ]


def test_rothc_batch_imports_neither_pandas_nor_scipy(tmp_path, data_dir):
    batch = data_dir / "rothc" / "batch"
    out = tmp_path / "out.csv"
    code = (
        "from fourpermille.cli.main import main\n"
        f"assert main(['rothc', 'batch', '--sites', {str(batch / 'sites.csv')!r}, "
        f"'--climate', {str(batch / 'climate.csv')!r}, "
        f"'--management', {str(batch / 'management.csv')!r}, "
        f"'-o', {str(out)!r}]) == 0"
    )
    loaded = _modules_after(code)
    assert out.exists()
    assert not [m for m in ("pandas", "scipy", *HEAVY) if m in loaded]


def test_the_command_table_lists_exactly_what_the_modules_register():
    from fourpermille.cli.main import COMMANDS, _register_commands, app

    _register_commands()
    registered = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    assert registered == set(COMMANDS)


def test_cli_constants_equal_the_core_ones():
    from fourpermille import stocks, target
    from fourpermille.cli import mrv as mrv_cli
    from fourpermille.cli import options, rothc_batch
    from fourpermille.cli import rothc as rothc_cli
    from fourpermille.ipcc.tier1 import D_YEARS_DEFAULT
    from fourpermille.mrv.power import DEFAULT_CORRELATION
    from fourpermille.rothc.batch import DEFAULT_CHUNK
    from fourpermille.rothc.model import METHODS

    assert rothc_batch.BATCH_CHUNK == DEFAULT_CHUNK
    assert rothc_batch.GROWTHS == target.GROWTHS
    assert rothc_cli.SPINUP_METHODS == METHODS
    assert options.FOUR_PER_1000 == target.FOUR_PER_1000
    assert options.D_YEARS_DEFAULT == D_YEARS_DEFAULT
    assert options.MAX_EXTRAPOLATION_FRACTION == stocks.MAX_EXTRAPOLATION_FRACTION
    assert mrv_cli.DEFAULT_CORRELATION == DEFAULT_CORRELATION
