"""Packaging: the science core installs and imports alone; the rest are extras, and the console script
names the extra a missing package comes with (pyproject.toml)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from fourpermille.cli.entry import EXTRA_OF_MODULE

ROOT = Path(__file__).parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
CORE = ("numpy", "scipy", "pandas", "pyyaml", "shapely", "pyproj")
SCIENCE = ("stocks", "target", "rothc", "ipcc", "practices", "mrv", "estimate")

#: Run before the code under test: every import of these top-level modules fails, as if not installed.
BLOCKER = """
import importlib.abc, sys
BLOCKED = set(sys.argv[1].split(","))
class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (blocked by the test)", name=name)
sys.meta_path.insert(0, Blocker())
"""


def _python(code: str, blocked, *args, cwd=None) -> subprocess.CompletedProcess:
    env_path = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + code, ",".join(blocked), *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg"},
    )


def _names(requirements) -> set[str]:
    return {Requirement(r).name.lower() for r in requirements}


def test_core_dependencies_are_the_notebook_six():
    assert _names(PROJECT["dependencies"]) == set(CORE)
    extras = PROJECT["optional-dependencies"]
    assert {"cli", "reports", "grid", "web", "all"} <= set(extras)
    assert Requirement(extras["all"][0]).extras == {"cli", "reports", "grid", "web"}


def test_science_core_imports_without_the_extras():
    blocked = [
        "typer",
        "click",
        "rich",
        "matplotlib",
        "django",
        "rest_framework",
        "xarray",
        "dask",
        "distributed",
        "rioxarray",
        "rasterio",
        "netCDF4",
        "numba",
        "jinja2",
        "reportlab",
        "pyarrow",
    ]
    code = (
        "import importlib\n"
        f"for name in {SCIENCE!r}:\n"
        "    importlib.import_module('fourpermille.' + name)\n"
        "from fourpermille import ipcc, stocks\n"
        "assert ipcc.soc_stock(64.0, 0.69, 1.10, 1.0) > 0\n"
        "print('core ok')\n"
    )
    result = _python(code, blocked)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "core ok"


def test_the_blocker_blocks():
    result = _python("import typer", ["typer"])
    assert result.returncode == 1 and "blocked by the test" in result.stderr


def _script_target() -> str:
    return PROJECT["scripts"]["fourpermille"]


def _run_script(blocked, *argv, cwd=None) -> subprocess.CompletedProcess:
    module, function = _script_target().split(":")
    code = (
        f"import sys, importlib\nsys.argv = ['fourpermille', *sys.argv[2:]]\n"
        f"getattr(importlib.import_module({module!r}), {function!r})()\n"
    )
    return _python(code, blocked, *argv, cwd=cwd)


@pytest.mark.slow
@pytest.mark.parametrize("blocked", [["typer"], ["rich"], ["typer", "click", "rich"]])
def test_console_script_without_the_cli_extra_names_it(blocked):
    result = _run_script(blocked, "tier1", "--help")
    assert result.returncode == 2, (result.stdout, result.stderr)
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line, line
    assert "pip install 'fourpermille[cli]'" in line


@pytest.mark.slow
def test_console_script_without_the_reports_extra_names_it(tmp_path):
    plot = tmp_path / "target.png"
    result = _run_script(["matplotlib"], "target", "--soc0", "45", "--years", "30", "--plot", str(plot))
    assert result.returncode == 2, (result.stdout, result.stderr)
    line = result.stderr.strip()
    assert "\n" not in line and "Traceback" not in line, line
    assert "'matplotlib'" in line and "pip install 'fourpermille[reports]'" in line
    assert not plot.exists()


@pytest.mark.slow
def test_console_script_runs_with_everything_installed():
    result = _run_script([], "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("fourpermille ")


def test_every_extra_package_the_script_names_is_in_that_extra():
    extras = PROJECT["optional-dependencies"]
    for module, extra in EXTRA_OF_MODULE.items():
        if module == "click":  # installed by typer, not declared
            continue
        assert module.lower() in _names(extras[extra]), (module, extra)


#: Distribution -> what shows it is used in src/ (an import, or the name a framework loads it by).
USED_AS = {
    "pyyaml": r"import yaml",
    "djangorestframework": r"rest_framework",
    "drf-spectacular": r"drf_spectacular",
    "django-simple-history": r"simple_history",
    "dj-database-url": r"dj_database_url",
    "django-filter": r"django_filters",
    "django-modeltranslation": r"from modeltranslation",
    "django-crispy-forms": r"crispy_forms",
    "crispy-bootstrap5": r"crispy_bootstrap5",
    "drf-spectacular-sidecar": r"drf_spectacular_sidecar",
    "pyarrow": r"to_parquet|read_parquet",
    "netcdf4": r"import netCDF4",
    "whitenoise": r"whitenoise\.",
    "rules": r"import rules|from rules",
    # the production server: started by name with the platform's config module (web/gunicorn_conf.py)
    "gunicorn": r"gunicorn -c python:fourpermille\.web\.gunicorn_conf",
}


def test_every_declared_dependency_is_used():
    """No declared dependency that nothing uses (dev tools excepted: the tests use those)."""
    source = "\n".join(p.read_text() for p in (ROOT / "src" / "fourpermille").rglob("*.py"))
    declared = set(PROJECT["dependencies"])
    for extra, requirements in PROJECT["optional-dependencies"].items():
        if extra != "dev":
            declared |= set(requirements)
    for name in sorted(_names(declared) - {"fourpermille"}):
        pattern = USED_AS.get(name, rf"(import|from) {re.escape(name.replace('-', '_'))}\b")
        assert re.search(pattern, source), f"{name} is declared but nothing in src/ uses it"
