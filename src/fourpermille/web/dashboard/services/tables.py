"""Every chart is drawn from a ``Table``: the same rows feed the chart, its accessible table view and its
CSV download, so the three always agree."""

from __future__ import annotations

from dataclasses import dataclass, field

from fourpermille.io.spreadsheet import write_csv


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

    def as_csv(self) -> str:
        """The rows as CSV; text a spreadsheet would run as a formula is neutralised (``write_csv``)."""
        return write_csv([str(label) for _k, label in self.columns], self.rows)


def rounded(value, digits: int = 2):
    """A float rounded for display (None stays None)."""
    return None if value is None else round(float(value), digits)
