"""``fourpermille target``: the 4 per 1000 trajectory of a stock, relative to a baseline."""

from __future__ import annotations

from pathlib import Path

import typer

from fourpermille.cli.main import app
from fourpermille.cli.options import (
    BASELINE_RATE_PER_YR,
    FOUR_PER_1000,
    HORIZON_YEARS,
    RATE_PER_YR,
    SOC_STOCK_T_HA,
    number_option,
    output_file,
)


@app.command("target")
def target_command(
    soc0: float = number_option(..., "--soc0", allowed=SOC_STOCK_T_HA, help="Initial SOC stock [t C/ha]."),
    years: int = number_option(30, "--years", allowed=HORIZON_YEARS, help="Horizon [yr]."),
    rate: float = number_option(FOUR_PER_1000, "--rate", allowed=RATE_PER_YR, help="Target rate [1/yr]."),
    growth: str = typer.Option("linear", "--growth", help="linear: SOC0(1+rt); compound: SOC0(1+r)^t."),
    baseline_rate: float = number_option(
        0.0,
        "--baseline-rate",
        allowed=BASELINE_RATE_PER_YR,
        help="Relative annual change of the baseline [1/yr]; <0 declining.",
    ),
    output: Path | None = typer.Option(
        None, "-o", "--output", help="Write the table as CSV.", callback=output_file
    ),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write a PNG plot of the trajectories.", callback=output_file
    ),
) -> None:
    """The 4 per 1000 target year by year, relative to a baseline, in t C/ha and t CO2e/ha."""
    from fourpermille import target as target_mod
    from fourpermille.io.files import atomic_path

    table = target_mod.trajectory(soc0, years, rate=rate, growth=growth, baseline_rate=baseline_rate)
    if output is not None:
        with atomic_path(output) as tmp:
            table.to_csv(tmp, index=False, float_format="%.6g")
    if plot is not None:
        from fourpermille.reports.plots import plot_target

        with atomic_path(plot) as tmp:
            plot_target(table, tmp)
    _print(table)


def _print(table) -> None:
    from rich.console import Console
    from rich.table import Table

    attrs = table.attrs
    out = Table(
        title=(
            f"4 per 1000 target ({attrs['growth']}, rate {attrs['rate']:g}/yr, "
            f"baseline type {attrs['baseline_type']})"
        )
    )
    for col in ("year", "baseline t C/ha", "target t C/ha", "additional t C/ha", "additional t CO2e/ha"):
        out.add_column(col, justify="right")
    n = len(table)
    shown = sorted({0, 1, 5, 10, 20, 30, n - 1} & set(range(n)))
    for i in shown:
        row = table.iloc[i]
        out.add_row(
            f"{int(row.year)}",
            f"{row.baseline_soc_t_ha:.2f}",
            f"{row.target_soc_t_ha:.2f}",
            f"{row.additional_soc_t_ha:.2f}",
            f"{row.additional_co2e_t_ha:.2f}",
        )
    Console().print(out)
