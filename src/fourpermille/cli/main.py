"""Entry point of the ``fourpermille`` command.

Every subcommand lives in its own module and registers itself on :data:`app`. Errors a user can cause
(:class:`~fourpermille.errors.InputError`) end with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from fourpermille import __version__
from fourpermille.errors import FourPermilleError

try:  # typer >= 0.2x carries its own copy of click
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - older typer on the real click
    from click.exceptions import ClickException, NoArgsIsHelpError

app = typer.Typer(
    name="fourpermille",
    help="Soil organic carbon for the 4 per 1000 initiative: stocks, targets, models, MRV.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err_console = Console(stderr=True, highlight=False)

USER_ERROR_EXIT_CODE = 2


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fourpermille {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Soil organic carbon for the 4 per 1000 initiative: stocks, targets, models, MRV."""


def _register_commands() -> None:
    # Each module adds its commands to ``app``; imported here so ``fourpermille --help`` lists them.
    from fourpermille.cli import (  # noqa: F401
        demo,
        estimate,
        grid,
        mrv,
        practices,
        rothc,
        stocks,
        target,
        tier1,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for bad input or bad usage)."""
    _register_commands()
    try:
        # Not standalone: click's usage errors come here, to be printed as one line like every bad input.
        code = app(args=argv, prog_name="fourpermille", standalone_mode=False)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except NoArgsIsHelpError as exc:
        return exc.exit_code  # the help is already printed
    except ClickException as exc:
        where = f" (see '{exc.ctx.command_path} --help')" if getattr(exc, "ctx", None) else ""
        message = " ".join(exc.format_message().split())
        err_console.print(f"error: {message}{where}", markup=False, soft_wrap=True)
        return exc.exit_code
    except typer.Abort:
        return 1
    except FourPermilleError as exc:
        err_console.print(f"error: {exc}", markup=False, soft_wrap=True)
        return USER_ERROR_EXIT_CODE
    return code if isinstance(code, int) else 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
