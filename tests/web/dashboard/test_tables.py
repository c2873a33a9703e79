"""The table view's rows are built in Python (``Table.rows_html``) for speed (issue 17); they must print
exactly what the template loop they replace printed, in every language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from fourpermille.web.dashboard.services.tables import Table

#: The loop ``dashboard/_table.html`` had before.
TEMPLATE_LOOP = Template(
    "{% for row in table.rows %}<tr>{% for value in row %}<td>{% if value is None %}—{% else %}{{ value }}"
    "{% endif %}</td>{% endfor %}</tr>{% endfor %}"
)
ROWS = [
    ["Europe", 1180, 0.176, None, 12.5, True, "<b>&amp; 'quoted' \"x\"</b>"],
    ["Afrique de l'Ouest", 0, -0.0042, 1234567.891, 3, False, ""],
    ["2026-12-02", dt.date(2026, 12, 2), 1e-7, float("nan"), -12, None, "é à ü"],
]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_rows_html_prints_what_the_template_loop_printed(language):
    table = Table("t", "T", [(str(i), str(i)) for i in range(7)], ROWS)
    with translation.override(language):
        assert str(table.rows_html()) == TEMPLATE_LOOP.render(Context({"table": table}))


def test_empty_table_says_so():
    from django.template.loader import render_to_string

    html = render_to_string("dashboard/_table.html", {"table": Table("t", "T", [("a", "A")], [])})
    assert "No data for this selection." in html and "<td" in html
