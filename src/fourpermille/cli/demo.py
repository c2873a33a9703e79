"""``fourpermille demo``: stocks, ESM correction and the 4 per 1000 target on bundled sample profiles."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import typer

from fourpermille.cli.main import app
from fourpermille.cli.options import output_directory

#: Reporting depths of the demo [cm]: the 4 per 1000 top 30 cm, split at 10 cm, and the whole cores.
DEMO_DEPTHS_CM = [10.0, 30.0, 50.0, 100.0]
#: Depths [cm] at which the ESM reference masses are taken (from the first sampling).
ESM_DEPTHS_CM = [10.0, 30.0]
#: Years between the two samplings of the sample data (von Haden et al. 2020 example: Y0 and Y5).
RESAMPLING_YEARS = 5
#: Target horizon of the demo [yr].
HORIZON_YEARS = 30
FIRST, SECOND = "Y0_", "Y5_"
#: The ESM stock the target starts from (von Haden et al. 2020 method: the sample data carry SOM).
ESM_FOR_TARGET = "soc_stock_esm_mineral_hyman_t_ha"


def label(column: str) -> str:
    """Display label of a comparison column: soc_stock_esm_mineral_hyman_t_ha -> ESM mineral-hyman."""
    if column == "soc_stock_fixed_t_ha":
        return "fixed 0-30 cm"
    return "ESM " + column.removeprefix("soc_stock_esm_").removesuffix("_t_ha").replace("_", "-")


def sample_profiles_path() -> Path:
    """The bundled sample profiles (src/fourpermille/data/README.md gives their source)."""
    return Path(str(resources.files("fourpermille") / "data" / "sample_profiles.csv"))


@app.command("demo")
def demo_command(
    out: Path = typer.Option(
        Path("var/demo"),
        "--out",
        help="Directory for the CSV tables and PNG plots.",
        callback=output_directory,
    ),
) -> None:
    """Demo analysis: SOC stocks, ESM correction and the 4 per 1000 target on sample profiles."""
    import pandas as pd
    from rich.console import Console
    from rich.progress import Progress

    from fourpermille import stocks as stocks_mod
    from fourpermille import target as target_mod
    from fourpermille.io.files import atomic_path, ensure_directory
    from fourpermille.io.profiles import read_profiles
    from fourpermille.reports.plots import plot_target
    from fourpermille.reports.stock_plots import plot_fixed_vs_esm, plot_stock_by_depth

    console = Console()
    ensure_directory(out)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("demo", total=5)

        progress.update(task, description="reading sample profiles")
        profiles = read_profiles(sample_profiles_path())
        progress.advance(task)

        progress.update(task, description="fixed-depth stocks")
        by_depth = stocks_mod.compute_stocks(profiles, depth_cm=DEMO_DEPTHS_CM)
        cumulative = stocks_mod.compute_stocks(profiles, depth_cm=DEMO_DEPTHS_CM, cumulative=True)
        progress.advance(task)

        progress.update(task, description="equivalent soil mass")
        first = profiles[profiles.profile_id.str.startswith(FIRST)]
        esm_tables = []
        for method in stocks_mod.ESM_METHODS:
            ref = stocks_mod.reference_masses(first, ESM_DEPTHS_CM, "mean", mineral=method == "mineral-hyman")
            table = stocks_mod.compute_stocks(
                profiles, method="esm", esm_method=method, ref_mass_t_ha=ref, cumulative=True
            )
            esm_tables.append(table.assign(esm_method=method))
        esm = pd.concat(esm_tables, ignore_index=True)
        progress.advance(task)

        progress.update(task, description="4 per 1000 target")
        fixed30 = cumulative[cumulative.depth_bottom_cm == ESM_DEPTHS_CM[-1]].set_index("profile_id")
        top = esm.groupby(["esm_method", "profile_id"], sort=False).last()["soc_stock_t_ha"].unstack(0)
        comparison = pd.DataFrame({"soc_stock_fixed_t_ha": fixed30.soc_stock_t_ha}).join(
            top.rename(columns=lambda m: f"soc_stock_esm_{m.replace('-', '_')}_t_ha")
        )
        summary = comparison.groupby(lambda pid: pid[:3]).mean()
        soc0 = float(summary.loc[FIRST, ESM_FOR_TARGET])
        observed = pd.Series({0: soc0, RESAMPLING_YEARS: float(summary.loc[SECOND, ESM_FOR_TARGET])})
        trajectory = target_mod.trajectory(soc0, HORIZON_YEARS, observed=observed)
        progress.advance(task)

        progress.update(task, description="writing tables and plots")
        labelled = comparison.rename(columns=label)
        written = []
        for name, table in (
            ("stocks_by_depth.csv", by_depth),
            ("stocks_cumulative.csv", cumulative),
            ("stocks_esm.csv", esm),
            ("fixed_vs_esm.csv", comparison.reset_index(names="profile_id")),
            ("target.csv", trajectory),
        ):
            with atomic_path(out / name) as tmp:
                table.to_csv(tmp, index=False, float_format="%.10g")
            written.append(name)
        plots = (
            ("stock_by_depth.png", lambda p: plot_stock_by_depth(cumulative, p)),
            ("fixed_vs_esm.png", lambda p: plot_fixed_vs_esm(labelled.reset_index(names="profile_id"), p)),
            ("target.png", lambda p: plot_target(trajectory, p, title="4 per 1000 target from ESM stock")),
        )
        for name, draw in plots:
            with atomic_path(out / name) as tmp:
                draw(tmp)
            written.append(name)
        progress.advance(task)

    _summary(console, comparison, summary, trajectory, out, written)


def _summary(console, comparison, summary, trajectory, out, written) -> None:
    from rich.table import Table

    console.print(
        "[bold]Sample profiles[/bold]: von Haden et al. (2020) example; Y5 cores = Y0 cores with 1.5 cm "
        "surface compaction and no change of carbon."
    )
    table = Table(title="SOC stock 0-30 cm or its equivalent soil mass [t C/ha]")
    table.add_column("profile")
    for col in comparison.columns:
        table.add_column(label(col), justify="right")
    for pid, row in comparison.iterrows():
        table.add_row(pid, *(f"{v:.2f}" for v in row))
    console.print(table)
    change = (summary.loc[SECOND] - summary.loc[FIRST]).rename("Y5 - Y0")
    diff = Table(title="Apparent change of stock after compaction (mean Y5 - mean Y0) [t C/ha]")
    for col in change.index:
        diff.add_column(label(col), justify="right")
    diff.add_row(*(f"{v:+.2f}" for v in change))
    console.print(diff)
    final = trajectory.iloc[-1]
    console.print(
        f"4 per 1000 target from SOC0 = {trajectory.attrs['soc0_t_ha']:.2f} t C/ha (ESM, mean Y0): "
        f"{final.target_soc_t_ha:.2f} t C/ha after {int(final.year)} years "
        f"(+{final.additional_soc_t_ha:.2f} t C/ha, +{final.additional_co2e_t_ha:.2f} t CO2e/ha); "
        f"gap at year {RESAMPLING_YEARS}: {trajectory.gap_t_ha.iloc[RESAMPLING_YEARS]:+.2f} t C/ha"
    )
    console.print(f"Written to {out}: {', '.join(written)}")
