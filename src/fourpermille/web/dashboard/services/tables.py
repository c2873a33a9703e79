"""Every chart is drawn from a ``Table``: the same rows feed the chart, its accessible table view and its
CSV download, so the three always agree."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from fourpermille.io.spreadsheet import write_csv

#: What an empty cell shows in the table view.
NO_VALUE = "—"


@dataclass
class Table:
    """Columns as (key, label); rows as lists in column order; ``meta`` holds what only the chart needs."""

    key: str
    title: str
    columns: list[tuple[str, str]]
    rows: list[list]
    note: str = ""
    meta: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "title": str(self.title),
            "columns": [{"key": k, "label": str(label)} for k, label in self.columns],
            "rows": self.rows,
            "note": str(self.note),
            "meta": self.meta,
        }

    def rows_html(self) -> SafeString:
        """The table view's rows, ``<tr><td>...</td></tr>``, each value as ``{{ value }}`` prints it
        (localized, escaped; None as a dash). Built here rather than by a template loop: a map of a few
        hundred cells costs a tenth of the time (tests/web/dashboard/test_tables.py checks they agree)."""

        def cell(value) -> str:
            return NO_VALUE if value is None else conditional_escape(str(localize(value)))

        return mark_safe(
            "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in row) + "</tr>" for row in self.rows)
        )

    def as_csv(self) -> str:
        """The rows as CSV; text a spreadsheet would run as a formula is neutralised (``write_csv``)."""
        return write_csv([str(label) for _k, label in self.columns], self.rows)


def rounded(value, digits: int = 2):
    """A float rounded for display (None stays None)."""
    return None if value is None else round(float(value), digits)
