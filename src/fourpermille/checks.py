"""Checks of input tables shared by the science modules (drivers checked on entry).

A failed check raises :class:`~fourpermille.errors.InputError` naming the row (the table's index label:
the spreadsheet row when the table came from ``fourpermille.io``) and the column.
"""

from __future__ import annotations

import pandas as pd

from fourpermille.errors import InputError


def check_range(
    table: pd.DataFrame,
    column: str,
    low: float,
    high: float,
    unit: str = "",
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> None:
    """Raise :class:`InputError` at the first value of ``column`` outside [low, high] (NaN skipped)."""
    values = table[column]
    too_low = values < low if low_inclusive else values <= low
    too_high = values > high if high_inclusive else values >= high
    bad = (too_low | too_high) & values.notna()
    if bad.any():
        row = bad.idxmax()
        lo = "[" if low_inclusive else "("
        hi = "]" if high_inclusive else ")"
        raise InputError(
            f"{values[row]:g} is outside the allowed range {lo}{low:g}, {high:g}{hi}"
            + (f" {unit}" if unit else ""),
            row=_plain(row),
            column=column,
        )


def require_columns(table: pd.DataFrame, columns, what: str = "table") -> None:
    """Raise :class:`InputError` naming the first of ``columns`` missing from ``table``."""
    for column in columns:
        if column not in table.columns:
            raise InputError(
                f"{what} needs the column '{column}'; it has: {', '.join(map(str, table.columns))}",
                column=column,
            )


def _plain(label):
    """An index label as a plain Python value (numpy integers print badly in messages)."""
    return label.item() if hasattr(label, "item") else label
