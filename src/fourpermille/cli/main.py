"""Entry point of the ``fourpermille`` command.

Every subcommand lives in its own module and registers itself on :data:`app` when imported. The modules
are imported lazily (:class:`LazyCommands`): ``fourpermille --help`` lists :data:`COMMANDS` without
importing any of them, and ``fourpermille NAME ...`` (or ``NAME --help``) imports only NAME's module, so
a command pays only for the libraries it uses (scipy, pandas, numba, xarray, dask ... are never imported
by this module). A new subcommand module is added to :data:`COMMANDS` (tests/cli check that the table
matches what the modules register).

Errors a user can cause (:class:`~fourpermille.errors.InputError`) end with one line on stderr and exit
code 2, never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click
import typer
import typer.core
from rich.console import Console

from fourpermille import __version__
from fourpermille.errors import FourPermilleError

try:  # typer >= 0.2x carries its own copy of click
    from typer._click.exceptions import ClickException, NoArgsIsHelpError
except ImportError:  # pragma: no cover - older typer on the real click
    from click.exceptions import ClickException, NoArgsIsHelpError

#: name -> (module that registers the subcommand on :data:`app`, the one-line help of ``--help``).
COMMANDS = {
    "demo": ("fourpermille.cli.demo", "Demo analysis: SOC stocks, ESM correction, 4 per 1000 targets."),
    "estimate": ("fourpermille.cli.estimate", "Tier 1 (and RothC where climate is given) ex-ante estimate."),
    "grid": ("fourpermille.cli.grid", "Maps: 4 per 1000 targets (and the models) over rasters."),
    "mrv": ("fourpermille.cli.mrv", "Monitoring, reporting and verification: sampling, change, credits."),
    "practices": ("fourpermille.cli.practices", "The 4 per 1000 good-practice database."),
    "rothc": ("fourpermille.cli.rothc", "RothC-26.3: monthly runs, exact equilibrium, 4 per 1000 inverse."),
    "site-data": ("fourpermille.cli.site_data", "Soil and climate of sites from your grids."),
    "stocks": ("fourpermille.cli.stocks", "SOC stocks (t C/ha) per profile and site."),
    "target": ("fourpermille.cli.target", "The 4 per 1000 target year by year."),
    "tier1": ("fourpermille.cli.tier1", "IPCC Tier 1 SOC stock change per inventory year."),
}


class LazyCommands(typer.core.TyperGroup):
    """The root group: lists :data:`COMMANDS` from the table, imports a subcommand's module on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            if getattr(self, "_listing", False):  # the root's --help: the table's line is enough
                return click.Command(cmd_name, help=COMMANDS[cmd_name][1])
            importlib.import_module(COMMANDS[cmd_name][0])  # registers on ``app``
            self.commands.update(typer.main.get_command(app).commands)
        return self.commands.get(cmd_name)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


app = typer.Typer(
    name="fourpermille",
    cls=LazyCommands,
    help="Soil organic carbon for the 4 per 1000 initiative: stocks, targets, models, MRV.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    # help texts carry units in brackets ("[t C/ha]"): print them as written, not as rich markup
    rich_markup_mode=None,
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
    """Import every subcommand module (each adds its commands to ``app``): for tests and tools that want
    the whole tree; the command line itself imports them one at a time."""
    for module, _ in COMMANDS.values():
        importlib.import_module(module)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (2 for bad input or bad usage)."""
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
