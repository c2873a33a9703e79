"""Reading user tables (CSV) with errors that name the file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row 2 (blank
rows are skipped but keep their number). The returned DataFrame's index holds those row numbers, so the
science core's checks (which name the index label of a bad row) point at the same row the user sees.

What is accepted, and why:

- Encoding: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order mark; anything else is
  refused naming the row of the first bad byte (see :mod:`fourpermille.io.files`).
- Field separator: ``,``; or ``;`` or a tab when the header row holds no comma (what spreadsheets in
  French, Spanish and many other locales write). In a ``;`` or tab separated file a decimal comma is
  read as a decimal point (``1,3`` is 1.3), as those spreadsheets write numbers.
- Every row has as many fields as the header; a row with more or fewer (a trailing comma, a value with a
  comma that needed quotes) is an error naming the row and both counts, never a silent shift of columns.
- Numbers are finite: ``nan``, ``inf`` or ``1e400`` are errors naming the row and column.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from fourpermille.errors import InputError
from fourpermille.io.files import read_text

FIRST_DATA_ROW = 2
#: Field separators read, in order of preference when the header row holds more than one.
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab"}
#: A number written with a decimal comma (``1,3``, ``-0,25``, ``2,5e-3``).
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d+,\d*|,\d+)([eE][+-]?\d+)?$")


def read_csv_table(
    path: str | os.PathLike,
    required: Iterable[str] = (),
    numeric: Iterable[str] = (),
    optional: Iterable[str] = (),
    alternatives: Mapping[str, Iterable[Iterable[str]]] | None = None,
    finite: bool = True,
) -> pd.DataFrame:
    """Read a CSV file and check its columns and numeric values.

    Parameters
    ----------
    path
        The CSV file: header on the first row, fields separated by ``,`` (or ``;`` or tab, see the module
        notes), UTF-8 or UTF-16 with a byte-order mark.
    required
        Columns that must be present.
    numeric
        Columns that must hold finite numbers where present (empty cells become NaN).
    optional
        Columns that may be present; any other column is reported with the closest known name,
        so that a misspelt optional column is not silently ignored.
    alternatives
        ``{label: [[col, ...], [col, ...]]}``: at least one of the column groups must be complete.
    finite
        Refuse ``inf`` (and ``1e400``) in numeric columns here; ``False`` leaves them to a caller that
        checks every numeric column's range itself and names the range (``stocks.check_profiles``).

    Returns
    -------
    DataFrame indexed by spreadsheet row number (header = row 1), columns stripped of white space.

    Raises
    ------
    InputError
        Missing, unreadable or empty file, a bad encoding, rows with the wrong number of fields, missing,
        duplicate or unknown columns, values that are not finite numbers: with file, row and column.
    """
    name = os.fspath(path)
    text = read_text(path, what="CSV")
    delimiter = sniff_delimiter(text)
    table = _parse(text, name, delimiter)

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
                f"required columns: {', '.join(required)}{_one_column_hint(table.columns)}",
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
        if delimiter != ",":
            text = text.where(~text.str.match(_DECIMAL_COMMA), text.str.replace(",", ".", regex=False))
        values = pd.to_numeric(text.where(text != ""), errors="coerce").astype(float)
        bad = values.isna() & (text != "")
        if bad.any():
            row = bad.idxmax()
            raise InputError(
                f"'{table[column][row]}' is not a number", file=name, row=int(row), column=column
            )
        infinite = np.isinf(values)
        if finite and infinite.any():
            row = infinite.idxmax()
            raise InputError(
                f"'{table[column][row]}' is not a finite number", file=name, row=int(row), column=column
            )
        table[column] = values
    return table


def read_csv_columns(path: str | os.PathLike) -> list[str]:
    """The column names of a CSV file, read exactly as :func:`read_csv_table` reads them (same separator,
    encoding and header rules), for callers that need to know which columns the file itself holds."""
    text = read_text(path, what="CSV")
    return list(_parse(text, os.fspath(path), sniff_delimiter(text)).columns)


def sniff_delimiter(text: str) -> str:
    """The field separator of a CSV text: ``,`` if its header row holds one, else ``;`` or tab if it holds
    one of them, else ``,`` (a one-column table)."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    for delimiter in DELIMITERS:
        if delimiter in header:
            return delimiter
    return ","


def _parse(text: str, name: str, delimiter: str) -> pd.DataFrame:
    """The records of a CSV text as a DataFrame of stripped strings indexed by spreadsheet row."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True
    )
    header: list[str] | None = None
    header_row = 1
    rows: list[list[str]] = []
    numbers: list[int] = []
    number = 0
    try:
        for number, fields in enumerate(reader, start=1):
            fields = [f.strip() for f in fields]
            if not any(fields):
                continue  # a blank row (or one of empty cells): skipped, its number kept
            if header is None:
                header, header_row = fields, number
                continue
            if len(fields) != len(header):
                raise InputError(_count_message(fields, header, delimiter, header_row), file=name, row=number)
            rows.append(fields)
            numbers.append(number)
    except csv.Error as exc:
        reason = "a double quote opened and never closed" if "end of data" in str(exc) else str(exc)
        raise InputError(f"not a readable CSV table ({reason})", file=name, row=number + 1) from None
    if header is None:
        raise InputError("the file is empty (expected a header row, then one row per record)", file=name)
    table = pd.DataFrame(rows, columns=range(len(header)), index=pd.Index(numbers, name="row"), dtype=str)
    unnamed = [i for i, column in enumerate(header) if not column]
    for i in unnamed:
        if (table[i] != "").any():
            row = int(table.index[(table[i] != "").argmax()])
            raise InputError(
                f"field {i + 1} holds values but has no name in the header (row {header_row})",
                file=name,
                row=row,
            )
    keep = [i for i in range(len(header)) if header[i]]
    table = table[keep]
    table.columns = [header[i] for i in keep]
    seen: dict[str, int] = {}
    for i in keep:
        if header[i] in seen:
            raise InputError(
                f"column '{header[i]}' appears twice in the header (fields {seen[header[i]]} and {i + 1})",
                file=name,
                row=header_row,
                column=header[i],
            )
        seen[header[i]] = i + 1
    return table


def _count_message(fields: list[str], header: list[str], delimiter: str, header_row: int) -> str:
    found, expected = len(fields), len(header)
    sep = _DELIMITER_NAMES[delimiter]
    message = f"{found} fields where the header (row {header_row}) has {expected}"
    if found > expected:
        if not any(fields[expected:]):
            return message + f": a trailing {sep} at the end of the row?"
        return message + f": an extra {sep}, or a value holding {sep} that needs double quotes?"
    return message + f": {expected - found} missing (an empty value still needs its {sep})"


def _one_column_hint(columns) -> str:
    if len(columns) != 1 or not re.search(r"[^\w ]", str(columns[0])):
        return ""
    return (
        f" (the header row is one column, '{columns[0]}': separate the fields with ',', or with ';' or a tab)"
    )


def _did_you_mean(name: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
