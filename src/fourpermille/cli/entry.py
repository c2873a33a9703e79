"""The ``fourpermille`` console script: the command line, or one line naming the extra to install.

``pip install fourpermille`` installs the science core only; the command line comes with the ``cli`` extra,
plots and reports with ``reports``, grids with ``grid`` (pyproject.toml, ``[project.optional-dependencies]``).
When a package of an extra is missing, the command ends with one line saying which extra to install and exit
code 2, instead of a traceback. This module imports nothing outside the standard library until it runs.
"""

from __future__ import annotations

import sys

#: Top-level module of an optional package -> the extra that installs it.
EXTRA_OF_MODULE = {
    "typer": "cli",
    "click": "cli",  # typer's own dependency
    "rich": "cli",
    "pyarrow": "cli",
    "matplotlib": "reports",
    "jinja2": "reports",
    "weasyprint": "reports",
    "xarray": "grid",
    "dask": "grid",
    "distributed": "grid",
    "rioxarray": "grid",
    "rasterio": "grid",
    "netCDF4": "grid",
}
MISSING_EXTRA_EXIT_CODE = 2


def missing_extra_message(exc: ModuleNotFoundError) -> str | None:
    """The one-line message for a missing optional package, or None if ``exc`` is about another module."""
    module = (exc.name or "").split(".")[0]
    extra = EXTRA_OF_MODULE.get(module)
    if extra is None:
        return None
    return (
        f"error: this needs the package '{module}', which is not installed; it comes with the '{extra}' "
        f"extra: pip install 'fourpermille[{extra}]'"
    )


#: argv prefix -> module whose ``run(rest_of_argv)`` runs that command without the typer tree (lean commands:
#: their process is mostly start-up, see fourpermille.cli.rothc_batch).
LEAN_COMMANDS = {("rothc", "batch"): "fourpermille.cli.rothc_batch"}


def run(argv: list[str] | None = None) -> None:
    """Console-script entry point: run the command line and exit with its code."""
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        lean = LEAN_COMMANDS.get(tuple(args[:2]))
        if lean is not None:
            import importlib

            code = importlib.import_module(lean).run(args[2:])
        else:
            from fourpermille.cli.main import main

            code = main(args)
    except ModuleNotFoundError as exc:
        message = missing_extra_message(exc)
        if message is None:
            raise
        print(message, file=sys.stderr)
        code = MISSING_EXTRA_EXIT_CODE
    sys.exit(code)
