"""CSV for spreadsheets: text that a spreadsheet would run as a formula is neutralised.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some spreadsheets
strip before looking) is read by Excel, LibreOffice and Google Sheets as a formula, so a profile id
``=cmd|' /C calc'!A0`` or a site name ``=HYPERLINK(...)`` typed by one user would run on the computer of
whoever opens the download (CSV injection, OWASP). Such text gets a leading apostrophe, which spreadsheets
show as plain text. Numbers are left alone, negative ones included (in cells and in text that is a number):
they are data, not formulas.

Every CSV the platform writes goes through ``write_csv`` (or ``spreadsheet_safe`` per cell).
"""

from __future__ import annotations

import csv
import io
import numbers
import re
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_safe(value):
    """``value`` as a CSV cell: None becomes empty, numbers stay numbers, formula-like text is quoted.

    Example
    -------
    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe(-1.5), spreadsheet_safe("-1.5")
    ('\\'=HYPERLINK("http://x")', -1.5, '-1.5')
    """
    if value is None:
        return ""
    if isinstance(value, numbers.Number):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(header: Iterable, rows: Iterable[Iterable]) -> str:
    """A CSV document (``\\n`` line ends), every cell of ``header`` and ``rows`` made spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([spreadsheet_safe(v) for v in header])
    writer.writerows([spreadsheet_safe(v) for v in row] for row in rows)
    return out.getvalue()
