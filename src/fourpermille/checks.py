"""Checks of input tables shared by the science modules (drivers checked on entry).

A failed check raises :class:`~fourpermille.errors.InputError` naming the row (the table's index label:
the spreadsheet row when the table came from ``fourpermille.io``) and the column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from fourpermille.errors import InputError


@dataclass(frozen=True)
class PhysicalRange:
    """The values a quantity may take: ``low`` to ``high`` in ``unit``, each end open or closed.

    The science modules declare one per input column (e.g. ``fourpermille.stocks.PROFILE_RANGES``) so
    that the readers, the command line and the platform refuse the same values with the same words.
    """

    low: float
    high: float
    unit: str = ""
    low_inclusive: bool = True
    high_inclusive: bool = True

    def __str__(self) -> str:
        lo = "[" if self.low_inclusive else "("
        hi = "]" if self.high_inclusive else ")"
        return f"{lo}{self.low:g}, {self.high:g}{hi}" + (f" {self.unit}" if self.unit else "")

    def contains(self, values) -> np.ndarray:
        """True where ``values`` are finite and inside the range (NaN is False)."""
        values = np.asarray(values, dtype=float)
        above = values >= self.low if self.low_inclusive else values > self.low
        below = values <= self.high if self.high_inclusive else values < self.high
        return np.isfinite(values) & above & below

    def check(self, table: pd.DataFrame, column: str) -> None:
        """Raise :class:`InputError` at the first value of ``column`` outside the range (NaN skipped)."""
        check_range(table, column, self.low, self.high, self.unit, self.low_inclusive, self.high_inclusive)


def check_range(
    table: pd.DataFrame,
    column: str,
    low: float,
    high: float,
    unit: str = "",
    low_inclusive: bool = True,
    high_inclusive: bool = True,
) -> None:
    """Raise :class:`InputError` at the first value of ``column`` outside [low, high] (NaN skipped).

    Infinite values (``inf``, or a number too large for a float such as ``1e400``) are refused whatever
    the range, with a message that says so.
    """
    values = table[column]
    infinite = np.isinf(values.to_numpy(dtype=float))
    lo = "[" if low_inclusive else "("
    hi = "]" if high_inclusive else ")"
    allowed = f"{lo}{low:g}, {high:g}{hi}" + (f" {unit}" if unit else "")
    if infinite.any():
        row = values.index[int(np.argmax(infinite))]
        raise InputError(
            f"{values[row]:g} is not a finite number; the allowed range is {allowed}",
            row=_plain(row),
            column=column,
        )
    too_low = values < low if low_inclusive else values <= low
    too_high = values > high if high_inclusive else values >= high
    bad = (too_low | too_high) & values.notna()
    if bad.any():
        row = bad.idxmax()
        raise InputError(
            f"{values[row]:g} is outside the allowed range {allowed}",
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
