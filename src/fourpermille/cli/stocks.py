"""``fourpermille stocks``: SOC stocks of soil profiles at fixed depth or equivalent soil mass."""

from __future__ import annotations

from pathlib import Path

import typer

from fourpermille.cli.main import app
from fourpermille.cli.options import (
    DEPTH_CM,
    EXTRAPOLATION_FRACTION,
    MAX_EXTRAPOLATION_FRACTION,
    SOIL_MASS_T_HA,
    number_option,
    output_file,
    parse_numbers,
)
from fourpermille.errors import InputError, ParameterError

#: Rows printed to the terminal; the CSV holds them all.
SHOWN_ROWS = 20


@app.command("stocks")
def stocks_command(
    profiles: Path = typer.Argument(..., help="Profile CSV, one row per layer (see the user guide)."),
    depth_cm: str = typer.Option(
        "30",
        "--depth-cm",
        help="Reporting depth(s) [cm], e.g. 30 or 10,30 (ESM: depths of the reference). "
        f"Allowed: {DEPTH_CM}.",
    ),
    method: str = typer.Option("fixed", "--method", help="fixed | esm (equivalent soil mass)."),
    esm_method: str = typer.Option(
        "spline", "--esm-method", help="spline | mineral-hyman | hyman | layers (see the guide)."
    ),
    ref_mass_t_ha: str | None = typer.Option(
        None,
        "--ref-mass-t-ha",
        help="Cumulative reference soil masses [t/ha], e.g. 1950,3253; default: the lightest profile's "
        f"masses at --depth-cm. Allowed: {SOIL_MASS_T_HA}.",
    ),
    reference_profiles: Path | None = typer.Option(
        None, "--reference-profiles", help="Profile CSV whose mean masses at --depth-cm are the reference."
    ),
    cumulative: bool = typer.Option(False, "--cumulative", help="Cumulative stocks from the surface."),
    max_extrapolation: float = number_option(
        MAX_EXTRAPOLATION_FRACTION,
        "--max-extrapolation",
        allowed=EXTRAPOLATION_FRACTION,
        help="ESM: how far a reference mass may exceed a profile's sampled mass, as a fraction of it.",
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Output CSV.", callback=output_file),
) -> None:
    """SOC stocks [t C/ha] per profile and reporting layer, at fixed depth or equivalent soil mass."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from fourpermille import stocks as stocks_mod
    from fourpermille.io.files import atomic_path
    from fourpermille.io.profiles import read_profiles

    depths = parse_numbers(depth_cm, "--depth-cm", DEPTH_CM)
    depth = depths if len(depths) > 1 else depths[0]
    refs = parse_numbers(ref_mass_t_ha, "--ref-mass-t-ha", SOIL_MASS_T_HA)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), transient=True) as progress:
        task = progress.add_task(f"reading {profiles}")
        table = read_profiles(profiles)
        if refs is None and reference_profiles is not None and method == "esm":
            progress.update(task, description=f"reference masses from {reference_profiles}")
            reference = read_profiles(reference_profiles)
            try:
                refs = stocks_mod.reference_masses(
                    reference, depth, "mean", mineral=esm_method == "mineral-hyman"
                ).tolist()
            except ParameterError:
                raise
            except InputError as exc:
                raise exc.in_file(str(reference_profiles)) from None
        progress.update(task, description=f"computing stocks of {table.profile_id.nunique()} profiles")
        try:
            result = stocks_mod.compute_stocks(
                table,
                depth_cm=depth,
                method=method,
                esm_method=esm_method,
                ref_mass_t_ha=refs,
                cumulative=cumulative,
                max_extrapolation=max_extrapolation,
            )
        except ParameterError:
            raise
        except InputError as exc:
            raise exc.in_file(str(profiles)) from None
        progress.update(task, description=f"writing {output}")
        with atomic_path(output) as tmp:
            result.to_csv(tmp, index=False, float_format="%.10g")
    _print(result, method, esm_method, output)


def _print(result, method: str, esm_method: str, output: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    esm = method == "esm"
    title = f"SOC stocks at equivalent soil mass ({esm_method})" if esm else "SOC stocks at fixed depth"
    out = Table(title=title)
    if esm:
        columns = [
            ("profile", "profile_id", "{}"),
            ("ref. mass t/ha", "ref_mass_t_ha", "{:.1f}"),
            ("soil mass t/ha", "soil_mass_t_ha", "{:.1f}"),
            ("SOC t C/ha", "soc_stock_t_ha", "{:.3f}"),
            ("equiv. depth cm", "equivalent_depth_cm", "{:.2f}"),
        ]
    else:
        columns = [
            ("profile", "profile_id", "{}"),
            ("top cm", "depth_top_cm", "{:g}"),
            ("bottom cm", "depth_bottom_cm", "{:g}"),
            ("soil mass t/ha", "soil_mass_t_ha", "{:.1f}"),
            ("SOC t C/ha", "soc_stock_t_ha", "{:.3f}"),
        ]
    for label, _, _ in columns:
        out.add_column(label, justify="left" if label == "profile" else "right")
    for _, row in result.head(SHOWN_ROWS).iterrows():
        out.add_row(*(fmt.format(row[col]) for _, col, fmt in columns))
    console = Console()
    console.print(out)
    more = f" (first {SHOWN_ROWS} shown)" if len(result) > SHOWN_ROWS else ""
    console.print(f"{len(result)} rows written to {output}{more}")
