"""Reading user tables (CSV) with errors that name the file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2.
The returned DataFrame's index holds those row numbers, so the science core's checks (which name
the index label of a bad row) point at the same row the user sees.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Mapping

import pandas as pd

from fourpermille.errors import InputError

FIRST_DATA_ROW = 2


def read_csv_table(
    path: str | os.PathLike,
    required: Iterable[str] = (),
    numeric: Iterable[str] = (),
    optional: Iterable[str] = (),
    alternatives: Mapping[str, Iterable[Iterable[str]]] | None = None,
) -> pd.DataFrame:
    """Read a CSV file and check its columns and numeric values.

    Parameters
    ----------
    path
        The CSV file (comma separated, header on the first line).
    required
        Columns that must be present.
    numeric
        Columns that must hold numbers where present (empty cells become NaN).
    optional
        Columns that may be present; any other column is reported with the closest known name,
        so that a misspelt optional column is not silently ignored.
    alternatives
        ``{label: [[col, ...], [col, ...]]}``: at least one of the column groups must be complete.

    Returns
    -------
    DataFrame indexed by spreadsheet row number (header = row 1), columns stripped of white space.

    Raises
    ------
    InputError
        Missing file, missing or unknown columns, non-numeric values, with file, row and column.
    """
    name = os.fspath(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise InputError(f"not a readable CSV table ({str(exc).strip()})", file=name) from None
    table.columns = [str(c).strip() for c in table.columns]
    table.index = pd.RangeIndex(FIRST_DATA_ROW, FIRST_DATA_ROW + len(table), name="row")
    table = table.apply(lambda col: col.str.strip())

    required = list(required)
    numeric = list(numeric)
    known = set(required) | set(numeric) | set(optional)
    for groups in (alternatives or {}).values():
        for group in groups:
            known |= set(group)
    for column in required:
        if column not in table.columns:
            raise InputError(
                f"missing column '{column}'{_did_you_mean(column, table.columns)}; "
                f"required columns: {', '.join(required)}",
                file=name,
                row=1,
            )
    for label, groups in (alternatives or {}).items():
        groups = [list(g) for g in groups]
        if not any(all(c in table.columns for c in g) for g in groups):
            options = " or ".join("(" + ", ".join(g) + ")" for g in groups)
            raise InputError(f"{label}: needs the columns {options}", file=name, row=1)
    for column in table.columns:
        if known and column not in known:
            raise InputError(
                f"unknown column '{column}'{_did_you_mean(column, known)}; "
                f"allowed columns: {', '.join(sorted(known))}",
                file=name,
                row=1,
                column=column,
            )
    if table.empty:
        raise InputError("the table has no data rows", file=name)

    for column in numeric:
        if column not in table.columns:
            continue
        text = table[column]
        values = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = values.isna() & (text != "")
        if bad.any():
            row = bad.idxmax()
            raise InputError(f"'{text[row]}' is not a number", file=name, row=int(row), column=column)
        table[column] = values.astype(float)
    return table


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
