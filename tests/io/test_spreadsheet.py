"""Excel downloads: text never becomes a formula, numbers and dates keep their type (io.spreadsheet)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest

from fourpermille.io.spreadsheet import write_csv, write_xlsx

openpyxl = pytest.importorskip("openpyxl")

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "=cmd|' /C calc'!A0"]


def book_of(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_formula_like_text_is_stored_as_text():
    data = write_xlsx(["name"], [[text] for text in HOSTILE])
    sheet = book_of(data).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for c in cells} == {"s"}
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml


def test_numbers_dates_and_empty_cells_keep_their_type():
    when = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    data = write_xlsx(
        ["count", "area [ha]", "budget", "negative", "date", "when", "none"],
        [[196, 12.5, Decimal("1500.25"), -3.5, dt.date(2024, 1, 2), when, None]],
    )
    row = [c.value for c in book_of(data).active[2]]
    assert row[:4] == [196, 12.5, 1500.25, -3.5]
    assert row[4].date() == dt.date(2024, 1, 2)
    assert row[5] == dt.datetime(2024, 5, 1, 10, 0)  # in UTC
    assert row[6] is None


def test_characters_xml_forbids_are_dropped_and_the_sheet_is_named():
    data = write_xlsx(["a"], [["x\x01y\x0bz"]], sheet="organisations: [2024]/all")
    book = book_of(data)
    assert book.active["A2"].value == "xyz"
    assert book.sheetnames == ["organisations 2024all"]


def test_csv_and_xlsx_hold_the_same_values():
    header, rows = ["name", "value"], [["=1+1", 2], ["plain", -1.5]]
    csv_text = write_csv(header, rows)
    assert csv_text.splitlines()[1] == "'=1+1,2"
    sheet = book_of(write_xlsx(header, rows)).active
    assert [[c.value for c in r] for r in sheet.iter_rows(min_row=2)] == [["=1+1", 2], ["plain", -1.5]]
