"""Issue 11, done when: one upload of mixed-depth profiles shows the same stock for each profile on the
site page, the dashboards (pages, JSON and CSV), the REST API and the CSV downloads, equal to
``fourpermille.stocks.compute_stocks``; and the profile that does not reach 30 cm is left out everywhere,
with the reason shown (``fourpermille.stocks.SHALLOW_RULE``)."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from fourpermille import stocks
from fourpermille.errors import InputError
from fourpermille.web.monitoring.services import import_measurements
from tests.web.conftest import api_client, page_client

pytestmark = pytest.mark.django_db

# P1 sampled 0-20 cm only; P2 0-30 cm with coarse fragments; P3 0-10-45 cm, its density from cores.
TEXT = (
    "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3,coarse_fraction_vol,"
    "sample_mass_g,core_diameter_mm,cores_per_sample\n"
    "P1,0,10,22,1.2,,,,\n"
    "P1,10,20,15,1.3,,,,\n"
    "P2,0,15,19.5,1.25,0.15,,,\n"
    "P2,15,30,12.25,1.4,0.3,,,\n"
    "P3,0,10,24,,0.05,480,50,3\n"
    "P3,10,45,9.5,,0.1,1900,50,3\n"
)
TOLERANCE = 1e-9


@pytest.fixture
def stored(projects, users, django_capture_on_commit_callbacks):
    site = projects["published-a"].sites.get()
    with django_capture_on_commit_callbacks(execute=True):
        result = import_measurements(site, ContentFile(TEXT.encode(), name="mixed.csv"), users["editor-a"])
    return site, result.upload


@pytest.fixture
def expected():
    """{profile: stock [t C/ha] or None}: compute_stocks profile by profile (P1 cannot be reported)."""
    table = pd.read_csv(io.StringIO(TEXT))
    table.index = pd.RangeIndex(2, 2 + len(table))
    out = {}
    for pid in ("P2", "P3"):
        out[pid] = float(
            stocks.compute_stocks(table[table.profile_id == pid], depth_cm=30.0).soc_stock_t_ha[0]
        )
    with pytest.raises(InputError, match="profile 'P1' ends at 20 cm"):
        stocks.compute_stocks(table[table.profile_id == "P1"], depth_cm=30.0)
    out["P1"] = None
    return out


def _same(got: dict, want: dict, tolerance=TOLERANCE):
    assert set(got) == set(want)
    for pid, value in want.items():
        if value is None:
            assert got[pid] is None, pid
        else:
            assert got[pid] == pytest.approx(value, abs=tolerance, rel=0), pid


def site_depth(pid: str) -> str:
    return {"P2": "30", "P3": "45"}[pid]


def _number(text: str):
    return None if text in ("", "—") else float(text)


def test_the_coarse_fraction_and_the_cores_count(expected):
    # by hand (Eq. 1-3): P2 = 19.5 x 1.25 x 15 x 0.85 / 10 + 12.25 x 1.4 x 15 x 0.7 / 10 = 31.078125 + 18.0075
    assert expected["P2"] == pytest.approx(49.085625, rel=1e-12)
    assert expected["P3"] > 0


def test_rest_api(stored, expected):
    site, upload = stored
    body = api_client("editor-a").get(f"/api/uploads/{upload.pk}/stocks/").json()
    rows = {r["profile_id"]: r for r in body["results"]}
    _same({p: r["soc_stock_t_ha"] for p, r in rows.items()}, expected)
    assert {p: r["status"] for p, r in rows.items()} == {"P1": "shallow", "P2": "included", "P3": "included"}
    assert rows["P1"]["sampled_depth_cm"] == 20.0 and rows["P3"]["sampled_depth_cm"] == 45.0
    assert {r["depth_cm"] for r in rows.values()} == {30.0}
    public = api_client(None).get(f"/api/uploads/{upload.pk}/stocks/")
    assert public.status_code == 200  # a published project's uploads are public


def test_dashboard_json_and_csv(stored, expected, client):
    site, upload = stored
    project = site.project
    for url in (
        reverse("dashboard-api:site-profiles", args=[site.pk]),
        reverse("dashboard-api:project-profiles", args=[project.pk]),
    ):
        table = client.get(url, {"lang": "en"}).json()
        keys = [c["key"] for c in table["columns"]]
        rows = [dict(zip(keys, r, strict=True)) for r in table["rows"]]
        _same({r["profile"]: r["soc_stock_t_ha"] for r in rows}, expected)
        assert {r["profile"]: r["counts"] for r in rows}["P1"] == "left out: sampled to 20 cm"
        assert "left out of the means: 1." in table["note"]
        response = client.get(url, {"lang": "en", "format": "csv"})
        assert response["Content-Type"].startswith("text/csv")
        records = list(csv.DictReader(io.StringIO(response.content.decode())))
        _same({r["Profile"]: _number(r["SOC stock 0-30 cm [t C/ha]"]) for r in records}, expected)


def test_dashboard_pages(stored, expected, client):
    site, upload = stored
    page = client.get(reverse("dashboard:project", args=[site.project.pk])).content.decode()
    data = re.search(r'<script id="data-project-profiles" type="application/json">(.*?)</script>', page, re.S)
    table = json.loads(data.group(1))
    keys = [c["key"] for c in table["columns"]]
    _same({r[keys.index("profile")]: r[keys.index("soc_stock_t_ha")] for r in table["rows"]}, expected)
    # the server-rendered table (readable without JavaScript) shows three decimals
    for pid, value in expected.items():
        if value is not None:
            row = f'<td>{pid}</td><td class="num">{value:.3f}</td><td>included</td>'
            assert f'{row}<td class="num">{site_depth(pid)}</td>' in page
    assert "left out: sampled to 20 cm" in page
    # the campaign mean of the monitoring series is the mean of the included profiles only
    series = client.get(reverse("dashboard-api:site-series", args=[site.pk]), {"lang": "en"}).json()
    mean = (expected["P2"] + expected["P3"]) / 2
    assert series["rows"][0][1] == round(mean, 2) and series["rows"][0][4] == 2
    assert "Profiles sampled shallower than 30 cm, left out of the means: 1." in series["note"]


def test_site_page(stored, expected, client):
    site, upload = stored
    page = (
        page_client(client, "editor-a").get(reverse("projects:site-detail", args=[site.pk])).content.decode()
    )
    cells = dict(
        re.findall(
            r'<tr data-profile="(\w+)" data-status="\w+">.*?<td class="num">[^<]*</td>'
            r'<td class="num">(.*?)</td>',
            page,
        )
    )
    for pid, value in expected.items():
        if value is None:
            assert "left out (sampled to 20 cm)" in cells[pid]
        else:
            assert cells[pid] == f"{value:.2f}"
    assert f"{(expected['P2'] + expected['P3']) / 2:.2f}" in page
    assert "Profiles sampled shallower than 30 cm are left out" in page


def test_monitoring_csv_downloads(stored, expected, client):
    """The site series CSV (campaign means) agrees with the stored profile stocks."""
    site, upload = stored
    response = client.get(reverse("dashboard-api:site-series", args=[site.pk]), {"format": "csv"})
    first = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert float(first["Measured SOC stock [t C/ha]"]) == round((expected["P2"] + expected["P3"]) / 2, 2)
