"""``fourpermille estimate``: ex-ante SOC estimate of a project against the 4 per 1000 target."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from fourpermille.cli.main import app
from fourpermille.cli.options import output_file
from fourpermille.errors import InputError
from fourpermille.io.files import atomic_path
from fourpermille.io.project import read_project


def _rothc_engine():
    """The RothC trajectory function if the RothC engine is installed in this build, else None."""
    try:
        from fourpermille.estimate_rothc import rothc_trajectory
    except ImportError:
        return None
    return rothc_trajectory


@app.command("estimate")
def estimate_command(
    project_file: Path = typer.Argument(..., help="Project file (.yaml, .yml or .json); see "
                                        "docs/guide/ex-ante.md."),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the result as JSON.", callback=output_file
    ),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write a PNG plot of the trajectories.", callback=output_file
    ),
) -> None:
    """Tier 1 (and RothC where climate is given) change over the horizon against +4 per 1000."""
    from fourpermille.estimate import estimate, to_json_dict

    project = read_project(project_file)
    console = Console(stderr=True)
    try:
        with console.status(f"estimate: {project.draws} Monte Carlo draws"):
            result = estimate(project, rothc=_rothc_engine())
    except InputError as exc:
        raise exc.in_file(str(project_file)) from None
    if output is not None:
        with atomic_path(output) as tmp:
            tmp.write_text(json.dumps(to_json_dict(result), indent=2))
    if plot is not None:
        from fourpermille.reports.estimate_plot import plot_estimate

        with atomic_path(plot) as tmp:
            plot_estimate(result.table, tmp, title=f"{project.name}: ex-ante SOC estimate")
    _print(result)


def _print(result) -> None:
    s = result.summary
    p = result.project
    out = Table(title=f"{p.name}: {p.area_ha:g} ha, {p.climate_zone}, over {p.years} years "
                      f"(practices: {', '.join(p.practices) or 'none'})")
    for column in ("", "t C/ha", "t C", "t CO2e"):
        out.add_column(column, justify="right")

    def row(label, key):
        if key not in s:
            return
        cells = [f"{s[key]:.2f}", f"{s[key.replace('_t_ha', '_t')]:,.0f}",
                 f"{s[key.replace('_t_ha', '_t_co2e')]:,.0f}"]
        low = key.replace("_t_ha", "_t_ha_lower")
        if low in s:
            high = key.replace("_t_ha", "_t_ha_upper")
            cells[0] += f" ({s[low]:.2f} to {s[high]:.2f})"
        out.add_row(label, *cells)

    out.add_row("SOC0 (start)", f"{s['soc0_t_ha']:.2f}", f"{s['soc0_t_ha'] * p.area_ha:,.0f}", "")
    row("4 per 1000 target gain", "target_gain_t_ha")
    row("IPCC Tier 1 gain", "tier1_gain_t_ha")
    row("RothC gain", "rothc_gain_t_ha")
    console = Console()
    console.print(out)
    verdict = "reaches" if s["tier1_reaches_4p1000"] else "does not reach"
    line = f"Tier 1: the plan {verdict} +4 per 1000 over {p.years} years"
    if "tier1_probability_reaches_4p1000" in s:
        line += f" (in {100 * s['tier1_probability_reaches_4p1000']:.0f} % of {s['draws']} draws)"
    console.print(line)
    if "rothc_reaches_4p1000" in s:
        verdict = "reaches" if s["rothc_reaches_4p1000"] else "does not reach"
        console.print(f"RothC: the plan {verdict} +4 per 1000 over {p.years} years; +4 per 1000 needs "
                      f"{s['rothc_extra_input_for_4p1000_t_c_ha_yr']:.2f} t C/ha/yr of extra plant input "
                      f"(the plan gives {s['rothc_extra_input_t_c_ha_yr']:.2f})")
    for note in result.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
