"""``fourpermille rothc``: run RothC-26.3 on an upstream input file, invert it, or run many sites.

Only typer is imported at the top: numpy, the engine and the readers are imported by the command that
runs (``fourpermille rothc --help`` stays instant). ``batch`` lives in :mod:`fourpermille.cli.rothc_batch`
(argparse, no typer or rich: its whole process is mostly start-up) and is only forwarded from here.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from fourpermille.cli import rothc_batch
from fourpermille.cli.main import app
from fourpermille.cli.options import (
    HORIZON_YEARS,
    RATE_PER_YR,
    SOC_STOCK_T_HA,
    number_option,
    output_file,
)
from fourpermille.errors import InputError, check_choice

rothc_app = typer.Typer(
    name="rothc",
    help="RothC-26.3 (Rothamsted v2.0.0): monthly runs, exact equilibrium, closed-form 4 per 1000 inverse.",
    no_args_is_help=True,
)
app.add_typer(rothc_app, name="rothc")

NEGATIVE_PEVAP_HELP = "Accept open-pan evaporation < 0 (condensation), as upstream's example file has."
RATE_HELP = "Target rate [1/yr]; the 4 per 1000 rate (fourpermille.target.FOUR_PER_1000) when omitted."
#: Spin-up methods (rothc.model.METHODS; a test keeps them equal).
SPINUP_METHODS = ("exact", "upstream")


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _read(path: Path, allow_negative_pevap: bool):
    from fourpermille.io import rothc_dat

    return rothc_dat.read_rothc_dat(path, allow_negative_pevap=allow_negative_pevap)


def _first_year(inp) -> dict:
    return {name: values[:12] for name, values in inp.drivers().items()}


def _target(rate: float | None, growth: str) -> float:
    """The target rate (the 4 per 1000 rate by default), after checking ``growth``."""
    from fourpermille import target as target_mod

    check_choice("--growth", growth, target_mod.GROWTHS)
    return target_mod.FOUR_PER_1000 if rate is None else rate


@rothc_app.command("run")
def run_command(
    input_file: Path = typer.Argument(..., metavar="INPUT.dat", help="RothC input (v2.0.0 or RothC_Py)."),
    output: Path = typer.Option(
        ..., "-o", "--output", help="Monthly results (CSV, or .parquet).", callback=output_file
    ),
    yearly: Path | None = typer.Option(
        None, "--yearly", help="Yearly (December) results (CSV/.parquet).", callback=output_file
    ),
    spinup: str = typer.Option("exact", "--spinup", help="exact: linear solve; upstream: Shell.for's rule."),
    allow_negative_pevap: bool = typer.Option(False, "--allow-negative-pevap", help=NEGATIVE_PEVAP_HELP),
    plot: Path | None = typer.Option(
        None, "--plot", help="PNG plot of the monthly pools and SOC.", callback=output_file
    ),
) -> None:
    """Equilibrium on the first 12 months, then the run; upstream's month/year result columns (lower-case)."""
    from fourpermille.io import rothc_dat
    from fourpermille.rothc import simulate

    check_choice("--spinup", spinup, SPINUP_METHODS)
    console = _console()
    inp = _read(input_file, allow_negative_pevap)
    d = inp.drivers()
    sim = simulate(
        inp.clay,
        inp.depth,
        inp.iom,
        d["temp"],
        d["rain"],
        d["pevap"],
        d["c_inp"],
        d["fym"],
        d["pc"],
        d["dpm_rpm"],
        modern=d["modern"],
        moisture=inp.moisture,
        spinup=spinup,
    )
    monthly = rothc_dat.monthly_table(inp, sim.monthly)
    year_table = rothc_dat.yearly_table(inp, sim.monthly) if yearly is not None else None
    rothc_dat.write_table(monthly, output)
    if year_table is not None:
        rothc_dat.write_table(year_table, yearly)
    if plot is not None:
        from fourpermille.reports.rothc_plots import plot_monthly

        plot_monthly(monthly, plot)
    eq = sim.equilibrium
    how = f"upstream spin-up, {int(eq.spinup_months)} months" if spinup == "upstream" else "exact"
    console.print(
        f"{input_file} ({inp.layout} layout): clay {inp.clay:g} %, depth {inp.depth:g} cm, "
        f"IOM {inp.iom:g} t C/ha, {inp.nsteps} months"
    )
    console.print(f"equilibrium SOC ({how}): {float(eq.soc):.4f} t C/ha, delta14C {float(eq.delta14c):.2f}")
    last = monthly.iloc[-1]
    console.print(
        f"SOC at {int(last.year)}-{int(last.month):02d}: {last.soc:.4f} t C/ha; "
        f"CO2 respired over the run: {last.co2:.4f} t C/ha"
    )
    console.print(f"wrote {output}" + (f" and {yearly}" if yearly else "") + (f" and {plot}" if plot else ""))


@rothc_app.command("equilibrium-input")
def equilibrium_input_command(
    input_file: Path = typer.Argument(..., metavar="INPUT.dat", help="RothC input; its first 12 months."),
    target_soc: float = number_option(
        ..., "--target-soc", allowed=SOC_STOCK_T_HA, help="Equilibrium SOC wanted [t C/ha]."
    ),
    falloon: bool = typer.Option(False, "--falloon", help="IOM from Falloon et al. (1998) for the target."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    allow_negative_pevap: bool = typer.Option(False, "--allow-negative-pevap", help=NEGATIVE_PEVAP_HELP),
) -> None:
    """Plant input (t C/ha/yr; the file's monthly pattern scaled) giving a target equilibrium SOC."""
    from rich.markup import escape
    from rich.table import Table

    from fourpermille.rothc import equilibrium_input

    if not target_soc > 0:
        raise InputError(f"--target-soc must be > 0 t C/ha; got {target_soc:g}", column="--target-soc")
    inp = _read(input_file, allow_negative_pevap)
    d = _first_year(inp)
    iom = None if (falloon or inp.iom == 0) else inp.iom
    try:
        res = equilibrium_input(
            inp.clay,
            inp.depth,
            d["temp"],
            d["rain"],
            d["pevap"],
            d["c_inp"],
            d["fym"],
            d["pc"],
            d["dpm_rpm"],
            target_soc,
            iom=iom,
            moisture=inp.moisture,
        )
    except InputError as exc:
        raise exc.in_file(str(input_file)) from None
    out = {
        "target_soc_t_ha": target_soc,
        "iom_t_ha": float(res.iom),
        "iom_source": "falloon" if iom is None else "file",
        "current_c_inp_t_ha_yr": float(d["c_inp"].sum()),
        "c_inp_t_ha_yr": float(res.c_inp_t_ha_yr),
        "input_scale": float(res.scale),
    }
    if as_json:
        typer.echo(json.dumps(out, indent=2))
        return
    table = Table(title=f"Plant input for an equilibrium of {target_soc:g} t C/ha ({input_file.name})")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_row(escape("IOM [t C/ha]") + (" (Falloon 1998)" if iom is None else ""), f"{res.iom:.4f}")
    table.add_row(escape("current plant input [t C/ha/yr]"), f"{out['current_c_inp_t_ha_yr']:.4f}")
    table.add_row(escape("required plant input [t C/ha/yr]"), f"{out['c_inp_t_ha_yr']:.4f}")
    table.add_row(escape("scale on the monthly pattern [-]"), f"{out['input_scale']:.6f}")
    _console().print(table)


@rothc_app.command("inverse")
def inverse_command(
    input_file: Path = typer.Argument(..., metavar="INPUT.dat", help="RothC input; its first 12 months."),
    years: int = number_option(..., "--years", allowed=HORIZON_YEARS, help="Horizon T [yr]."),
    rate: float | None = number_option(None, "--rate", allowed=RATE_PER_YR, help=RATE_HELP),
    growth: str = typer.Option("linear", "--growth", help="linear: SOC0(1+rT); compound: SOC0(1+r)^T."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    allow_negative_pevap: bool = typer.Option(False, "--allow-negative-pevap", help=NEGATIVE_PEVAP_HELP),
) -> None:
    """Extra plant input for the 4 per 1000 target after T years (baseline: the first 12 months repeated)."""
    from rich.markup import escape
    from rich.table import Table

    from fourpermille.rothc import four_per_1000_input

    rate = _target(rate, growth)
    if years < 1:
        raise InputError(f"--years must be >= 1; got {years}", column="--years")
    inp = _read(input_file, allow_negative_pevap)
    d = _first_year(inp)
    try:
        res = four_per_1000_input(
            inp.clay,
            inp.depth,
            inp.iom,
            d["temp"],
            d["rain"],
            d["pevap"],
            d["c_inp"],
            d["fym"],
            d["pc"],
            d["dpm_rpm"],
            years,
            rate=rate,
            growth=growth,
            moisture=inp.moisture,
        )
    except InputError as exc:
        raise exc.in_file(str(input_file)) from None
    out = {
        key: float(getattr(res, key))
        for key in (
            "soc0_t_ha",
            "target_soc_t_ha",
            "baseline_soc_t_ha",
            "required_input_increase_fraction",
            "required_additional_input_t_ha_yr",
        )
    }
    if as_json:
        typer.echo(json.dumps(out, indent=2))
        return
    table = Table(title=f"4 per 1000 inverse ({growth}, rate {rate:g}/yr, {years} years; {input_file.name})")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_row(escape("SOC0 (exact equilibrium) [t C/ha]"), f"{out['soc0_t_ha']:.4f}")
    table.add_row(escape(f"baseline SOC after {years} yr [t C/ha]"), f"{out['baseline_soc_t_ha']:.4f}")
    table.add_row(escape(f"target SOC after {years} yr [t C/ha]"), f"{out['target_soc_t_ha']:.4f}")
    table.add_row(
        escape("required extra plant input [% of current]"),
        f"{100 * out['required_input_increase_fraction']:.2f}",
    )
    table.add_row(
        escape("required extra plant input [t C/ha/yr]"), f"{out['required_additional_input_t_ha_yr']:.4f}"
    )
    _console().print(table)


@rothc_app.command(
    "batch",
    help=rothc_batch.SUMMARY,
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
def batch_command(ctx: typer.Context) -> None:
    """Forwarded to :mod:`fourpermille.cli.rothc_batch` (its options and ``--help``; a lean process)."""
    code = rothc_batch.run(list(ctx.args))
    if code:
        raise typer.Exit(code)
