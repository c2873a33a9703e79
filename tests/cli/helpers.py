"""Run the command line in-process and capture what a user would see."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from fourpermille.cli.main import main


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Result:
    """Run ``fourpermille ARGS`` and return its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    from fourpermille.cli import main as main_mod

    console_file = main_mod.err_console.file
    main_mod.err_console.file = err
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        main_mod.err_console.file = console_file
    return Result(code, out.getvalue(), err.getvalue())
