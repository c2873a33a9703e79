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
    import fourpermille.cli.rothc  # noqa: F401
    from fourpermille.cli import (
        estimate,  # noqa: F401
        grid,  # noqa: F401
        practices,  # noqa: F401
        target,  # noqa: F401
        tier1,  # noqa: F401
    )


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for bad input)."""
    _register_commands()
    try:
        app(args=argv, standalone_mode=False)
    except FourPermilleError as exc:
        err_console.print(f"error: {exc}", markup=False, soft_wrap=True)
        return USER_ERROR_EXIT_CODE
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        err_console.print("aborted")
        return 1
    except Exception as exc:  # click's usage errors
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            return exc.exit_code
        raise
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
