"""``fourpermille estimate``: ex-ante SOC estimate of a project against the 4 per 1000 target, and the
greenhouse-gas balance (SOC, N2O, CH4, biomass) of its scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from fourpermille.cli.main import app
from fourpermille.cli.options import output_file
from fourpermille.errors import InputError


def _rothc_engine():
    """The RothC trajectory function if the RothC engine is installed in this build, else None."""
    try:
        from fourpermille.estimate_rothc import rothc_trajectory
    except ImportError:
        return None
    return rothc_trajectory


@app.command("estimate")
def estimate_command(
    project_file: Path = typer.Argument(
        ..., help="Project file (.yaml, .yml or .json); see docs/guide/ex-ante.md."
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the result as JSON.", callback=output_file
    ),
    plot: Path | None = typer.Option(
        None,
        "--plot",
        help="Write a PNG plot of the trajectories (with scenarios: the balance by gas).",
        callback=output_file,
    ),
) -> None:
    """Tier 1 (and RothC where climate is given) change over the horizon against +4 per 1000; with
    scenarios, the greenhouse-gas balance of each (SOC, N2O, CH4, biomass, in t CO2e)."""
    from fourpermille.estimate import estimate, to_json_dict
    from fourpermille.estimate_scenarios import (
        ScenarioProject,
        estimate_scenarios,
        scenario_project_from_plan,
    )
    from fourpermille.io.files import atomic_path
    from fourpermille.io.project import read_any_project

    project = read_any_project(project_file)
    console = Console(stderr=True)
    if isinstance(project, ScenarioProject):
        _scenarios(project, project_file, output, plot, console)
        return
    try:
        with console.status(f"estimate: {project.draws} Monte Carlo draws"):
            result = estimate(project, rothc=_rothc_engine())
            balance = estimate_scenarios(scenario_project_from_plan(project), rothc=_rothc_engine())
    except InputError as exc:
        raise exc.in_file(str(project_file)) from None
    if output is not None:
        data = to_json_dict(result)
        data["ghg"] = balance.to_dict()
        with atomic_path(output) as tmp:
            tmp.write_text(json.dumps(data, indent=2))
    if plot is not None:
        from fourpermille.reports.estimate_plot import plot_estimate

        with atomic_path(plot) as tmp:
            plot_estimate(result.table, tmp, title=f"{project.name}: ex-ante SOC estimate")
    _print(result)


def _scenarios(project, project_file: Path, output: Path | None, plot: Path | None, console) -> None:
    from fourpermille.estimate_scenarios import estimate_scenarios
    from fourpermille.io.files import atomic_path

    try:
        with console.status(f"scenarios: {project.base.draws} Monte Carlo draws"):
            result = estimate_scenarios(project, rothc=_rothc_engine())
    except InputError as exc:
        raise exc.in_file(str(project_file)) from None
    if output is not None:
        with atomic_path(output) as tmp:
            tmp.write_text(json.dumps(result.to_dict(), indent=2))
    if plot is not None:
        from fourpermille.reports.scenario_plot import plot_scenarios

        with atomic_path(plot) as tmp:
            plot_scenarios(result, tmp)
    _print_scenarios(result)


def _print_scenarios(result) -> None:
    from fourpermille.estimate_scenarios import GAS_LABELS, GASES

    console = Console()
    title = (
        f"{result.project}: {result.area_ha:g} ha over {result.horizon_years} years, t CO2e vs baseline "
        f"(negative: mitigation; {result.gwp} GWP-100, {result.n2o_factors} N2O factors)"
    )
    out = Table(title=title)
    ranked = result.ranked()
    out.add_column("")
    for s in ranked:
        out.add_column(f"{s.rank}. {s.id}", justify="right")

    def nan(value) -> bool:
        return value is None or value != value

    for gas in GASES:
        out.add_row(GAS_LABELS[gas], *[f"{s.gases[gas].net_t_co2e:,.0f}" for s in ranked])
    out.add_row("net total", *[f"{s.gases['total'].net_t_co2e:,.0f}" for s in ranked])
    out.add_row(
        "  95 % interval",
        *[
            ""
            if nan(s.gases["total"].net_t_co2e_lower)
            else f"{s.gases['total'].net_t_co2e_lower:,.0f} to {s.gases['total'].net_t_co2e_upper:,.0f}"
            for s in ranked
        ],
    )
    out.add_row(
        "N2O / SOC gain",
        *["-" if nan(s.n2o_share_of_soc_gain) else f"{100 * s.n2o_share_of_soc_gain:.0f} %" for s in ranked],
    )
    out.add_row("SOC gain, t C", *[f"{s.soc_gain_t_c:,.0f}" for s in ranked])
    out.add_row("4 per 1000 gap, t C", *[f"{s.shortfall_4p1000_t_c:,.0f}" for s in ranked])
    out.add_row(
        "t CO2e per EUR", *["-" if s.t_co2e_per_eur is None else f"{s.t_co2e_per_eur:.3f}" for s in ranked]
    )
    console.print(out)
    base = result.baseline.gases
    console.print(
        "baseline (without project) over the horizon, t CO2e: "
        + ", ".join(f"{GAS_LABELS[g]} {base[g].with_project_t_co2e:,.0f}" for g in GASES)
    )
    console.print(
        f"4 per 1000 target: +{result.target_gain_t_ha:.2f} t C/ha over {result.horizon_years} "
        f"years (SOC0 {result.soc0_t_ha:.1f} t C/ha, Tier 1)"
    )
    if result.rothc:
        need = result.rothc["rothc_extra_input_for_4p1000_t_c_ha_yr"]
        console.print(
            f"RothC: +4 per 1000 needs {need:.2f} t C/ha/yr of extra plant input; "
            "RothC SOC gain by scenario, t C: "
            + ", ".join(
                f"{s.id} {s.rothc_soc_gain_t_c:,.0f}"
                for s in result.ranked()
                if s.rothc_soc_gain_t_c is not None
            )
        )
    for note in result.notes + [n for s in result.scenarios for n in s.notes]:
        console.print(f"note: {note}", markup=False, highlight=False)


def _print(result) -> None:
    s = result.summary
    p = result.project
    out = Table(
        title=f"{p.name}: {p.area_ha:g} ha, {p.climate_zone}, over {p.years} years "
        f"(practices: {', '.join(p.practices) or 'none'})"
    )
    for column in ("", "t C/ha", "t C", "t CO2e"):
        out.add_column(column, justify="right")

    def row(label, key):
        if key not in s:
            return
        cells = [
            f"{s[key]:.2f}",
            f"{s[key.replace('_t_ha', '_t')]:,.0f}",
            f"{s[key.replace('_t_ha', '_t_co2e')]:,.0f}",
        ]
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
        console.print(
            f"RothC: the plan {verdict} +4 per 1000 over {p.years} years; +4 per 1000 needs "
            f"{s['rothc_extra_input_for_4p1000_t_c_ha_yr']:.2f} t C/ha/yr of extra plant input "
            f"(the plan gives {s['rothc_extra_input_t_c_ha_yr']:.2f})"
        )
    for note in result.notes:
        console.print(f"note: {note}", markup=False, highlight=False)
