"""CSV for spreadsheets: text that a spreadsheet would run as a formula is neutralised.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some spreadsheets
strip before looking) is read by Excel, LibreOffice and Google Sheets as a formula, so a profile id
``=cmd|' /C calc'!A0`` or a site name ``=HYPERLINK(...)`` typed by one user would run on the computer of
whoever opens the download (CSV injection, OWASP). Such text gets a leading apostrophe, which spreadsheets
show as plain text. Numbers are left alone, negative ones included (in cells and in text that is a number):
they are data, not formulas.

Every CSV the platform writes goes through ``write_csv`` (or ``spreadsheet_safe`` per cell). The same
tables as Excel workbooks go through ``write_xlsx``: there every text cell is stored as a string cell
(never a formula, whatever it starts with), numbers as numbers, dates as dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import numbers
import re
from collections.abc import Iterable
from decimal import Decimal

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


#: Characters an XLSX (XML) cell cannot hold: control characters other than tab, newline, carriage return.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: Excel's limit on a sheet's name [characters].
_SHEET_NAME_MAX = 31


def _xlsx_value(value):
    """``value`` as openpyxl stores it: numbers and dates as such (aware times in UTC, as Excel has no
    time zones), everything else as text with the characters XML forbids removed."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Number) and not isinstance(value, complex):
        return float(value) if isinstance(value, Decimal) else value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, dt.date):
        return value
    return _XML_ILLEGAL.sub("", str(value))


def write_xlsx(header: Iterable, rows: Iterable[Iterable], sheet: str = "data") -> bytes:
    """An Excel workbook (one sheet named ``sheet``) of ``header`` and ``rows``; text is never a formula.

    openpyxl would store a string starting with ``=`` as a formula; each text cell is set to the string
    type after assignment, so ``=HYPERLINK(...)`` typed by one user reaches whoever opens the file as the
    text it is. Needs openpyxl (the ``web`` extra).

    Example
    -------
    >>> from openpyxl import load_workbook
    >>> book = load_workbook(io.BytesIO(write_xlsx(["name", "area [ha]"], [["=1+1", 2.5]])))
    >>> [(c.value, c.data_type) for c in book.active[2]]
    [('=1+1', 's'), (2.5, 'n')]
    """
    from openpyxl import Workbook

    book = Workbook()
    worksheet = book.active
    worksheet.title = (
        _XML_ILLEGAL.sub("", sheet).translate(str.maketrans("", "", "[]:*?/\\"))[:_SHEET_NAME_MAX] or "data"
    )
    for values in [header, *rows]:
        cells = [_xlsx_value(v) for v in values]
        worksheet.append(cells)
        for cell, value in zip(worksheet[worksheet.max_row], cells, strict=True):
            if isinstance(value, str):
                cell.data_type = "s"
    worksheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
