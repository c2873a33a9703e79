"""``fourpermille tier1``: IPCC Tier 1 SOC stock change of mineral soils from a CSV of land units."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import typer

from fourpermille.cli.main import app
from fourpermille.cli.options import D_YEARS, D_YEARS_DEFAULT, DRAWS, SEED, number_option, output_file
from fourpermille.errors import InputError


def read_units(path: Path):
    """Read and check a land-unit CSV (errors name the file, row and column)."""
    from fourpermille.io.tables import read_csv_table
    from fourpermille.ipcc import tables as ipcc_tables

    return read_csv_table(
        path,
        required=("unit_id", "year", "area_ha"),
        numeric=(
            "year",
            "area_ha",
            *ipcc_tables.VALUE_COLUMNS,
            *ipcc_tables.VALUE_ERROR_COLUMNS,
            "soc_initial_t_ha",
        ),
        optional=(*ipcc_tables.VALUE_ERROR_COLUMNS, "soc_initial_t_ha"),
        alternatives={
            "stock and factors": [ipcc_tables.VALUE_COLUMNS, ipcc_tables.NAME_COLUMNS],
        },
    )


@app.command("tier1")
def tier1_command(
    units: Path = typer.Argument(
        ...,
        help="CSV: unit_id, year, area_ha and either soc_ref_t_ha, f_lu, f_mg, "
        "f_i or climate_zone, soil_class, land_use, management, input.",
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Write the result as CSV.", callback=output_file),
    approach: str = typer.Option("1", "--approach", help="1: aggregate areas; 2 (or 3): tracked land units."),
    d_years: int = number_option(
        D_YEARS_DEFAULT, "--d-years", allowed=D_YEARS, help="Years to the new equilibrium, D [yr]."
    ),
    factors: str = typer.Option("2019", "--factors", help="Stock change factors: 2019 or 2006."),
    uncertainty: int = number_option(
        0, "--uncertainty", allowed=DRAWS, help="Monte Carlo draws for the 95 % interval."
    ),
    seed: int | None = number_option(None, "--seed", allowed=SEED, help="Seed of the Monte Carlo draws."),
    per_unit: bool = typer.Option(False, "--per-unit", help="One row per unit and year."),
) -> None:
    """IPCC Tier 1 (2019 Refinement, Eq. 2.25) stock and annual change per inventory year."""
    from rich.console import Console

    from fourpermille.io.files import atomic_path
    from fourpermille.ipcc.inventory import stock_change

    table = read_units(units)
    console = Console(stderr=True)
    try:
        with console.status(f"Monte Carlo: {uncertainty} draws" if uncertainty else "Tier 1"):
            result = stock_change(
                table,
                approach=approach,
                d_years=d_years,
                factors=factors,
                n_draws=uncertainty,
                seed=seed,
                per_unit=per_unit,
            )
    except InputError as exc:
        raise exc.in_file(str(units)) from None
    with atomic_path(output) as tmp:
        result.to_csv(tmp, index=False, float_format="%.6f")
    _print(result)


#: Columns shown on screen (the CSV has every column, in t C).
_SHOWN = (
    "unit_id",
    "year",
    "soc_t",
    "soc_t_minus_d",
    "soc_t_previous",
    "delta_soc_t_per_yr",
    "delta_soc_t_per_yr_lower",
    "delta_soc_t_per_yr_upper",
)
#: Stocks of a whole inventory are shown in Mt C (as the IPCC Guidelines print them) from this size on [t C].
_MT_FROM_T = 1e6


def _print(result) -> None:
    from rich.console import Console
    from rich.table import Table

    attrs = result.attrs
    mega = result["soc_t"].abs().max() >= _MT_FROM_T
    scale, unit = (1e6, "Mt C") if mega else (1.0, "t C")
    out = Table(
        title=(
            f"IPCC Tier 1, Approach {attrs['approach']}, D = {attrs['d_years']} yr, factors "
            f"{attrs['factors']}"
            + (f", {attrs['n_draws']} draws" if attrs["n_draws"] else "")
            + f"; stocks in {unit}, changes in {unit}/yr"
        )
    )
    columns = [c for c in _SHOWN if c in result.columns]
    for column in columns:
        out.add_column(column, justify="right")
    shown = (
        result
        if len(result) <= 25
        else result.iloc[list(range(10)) + list(range(len(result) - 10, len(result)))]
    )
    for _, row in shown.iterrows():
        out.add_row(*(_cell(c, row[c], scale) for c in columns))
    Console().print(out)


def _cell(column, value, scale: float) -> str:
    if column == "unit_id":
        return str(value)
    if column == "year":
        return f"{int(value)}"
    if value != value:  # NaN: no value
        return "-"
    # one decimal, half away from zero as the Guidelines' tables print (80.85 shows as 80.9)
    rounded = Decimal(repr(round(float(value) / scale, 9))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{rounded:,}"
