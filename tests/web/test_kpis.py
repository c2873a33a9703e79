"""Every roadmap KPI has one source of truth (``roadmap.services.kpi_figures``): the progress dashboard, its
API, the roadmap list and detail pages, the objectives API and the figures API show the same value and say
whether it is computed from records or entered by the secretariat. Figures derived from demo records carry
the demo label wherever they show."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from fourpermille.web.community.models import Organisation
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective
from fourpermille.web.roadmap.services import COMPUTED, kpi_figures
from tests.web.conftest import api_client, page_client

pytestmark = pytest.mark.django_db

FIGURE = re.compile(
    r'class="kpi-figure" data-objective="(?P<code>\w+)" data-kind="(?P<kind>\w+)" '
    r'data-value="(?P<value>[^"]*)" data-demo="(?P<demo>\w+)"'
)


def page_figures(html: str) -> dict[str, tuple[str, float | None, bool]]:
    return {
        m["code"]: (m["kind"], float(m["value"]) if m["value"] else None, m["demo"] == "true")
        for m in FIGURE.finditer(html)
    }


@pytest.fixture
def entered(db):
    """An entered value newer than the 2020 baseline, with its source, and a demo value."""
    a1 = RoadmapObjective.objects.get(code="A1")
    KpiValue.objects.create(objective=a1, year=2024, value=21, note="UNFCCC NDC registry, 2024 review")
    b1 = RoadmapObjective.objects.get(code="B1")
    KpiValue.objects.create(objective=b1, year=2025, value=7, note="Demo value (invented)", is_demo=True)


def every_view(client) -> dict[str, dict[str, tuple[str, float | None, bool]]]:
    """code -> (kind, value, demo) as each page and API shows it."""
    views = {"dashboard page": page_figures(client.get("/dashboard/").content.decode())}
    views["roadmap list"] = page_figures(client.get(reverse("roadmap:objective-list")).content.decode())
    views["roadmap pages"] = {}
    for objective in RoadmapObjective.objects.exclude(kpi=""):
        html = client.get(reverse("roadmap:objective-detail", args=[objective.code])).content.decode()
        views["roadmap pages"].update(page_figures(html))
    table = client.get("/api/dashboard/progress/roadmap/").json()
    keys = [c["key"] for c in table["columns"]]
    views["dashboard API"] = {
        row[0]: (row[keys.index("kind")], row[keys.index("value")], row[keys.index("demo")])
        for row in table["rows"]
    }
    api = api_client(None)
    views["objectives API"] = {}
    url = "/api/objectives/"
    while url:
        page = api.get(url).json()
        views["objectives API"].update(
            {
                o["code"]: (o["current"]["kind"], o["current"]["value"], o["current"]["demo"])
                for o in page["results"]
            }
        )
        url = page["next"]
    views["figures API"] = {
        o["objective"]: (o["kind"], o["value"], o["demo"])
        for o in api.get("/api/figures/").json()["objectives"]
    }
    return views


def test_every_kpi_shows_the_same_value_everywhere(client, entered):
    service = {code: (f.kind, f.value, f.demo) for code, f in kpi_figures().items()}
    with_kpi = set(RoadmapObjective.objects.exclude(kpi="").values_list("code", flat=True))
    assert len(with_kpi) > 15
    for name, shown in every_view(client).items():
        assert with_kpi <= set(shown), (name, with_kpi - set(shown))
        for code in with_kpi:
            assert shown[code] == service[code], (name, code)
    assert service["A1"] == ("entered", 21.0, False)
    assert service["B1"] == ("entered", 7.0, True)
    for code in ("A3", "A4", "B2", "B3", "B4", "D1", "D2", "E1"):  # counted from the knowledge apps' records
        assert service[code][0] == "computed", code
    assert service["A2"] == ("computed", 1.0, False)  # the world's one assessed and published project
    assert service["A5"] == ("none", None, False)  # qualitative: no KPI


def test_the_page_says_which_kind_each_kpi_is(client, entered):
    a2 = client.get(reverse("roadmap:objective-detail", args=["A2"])).content.decode()
    assert 'computed from <span class="kpi-records">1</span> record on the platform' in a2
    assert '<a href="/projects/?selected=true" class="kpi-records-link">' in a2
    a1 = client.get(reverse("roadmap:objective-detail", args=["A1"])).content.decode()
    assert re.search(r"2024, entered by the secretariat on \d{4}-\d{2}-\d{2}", a1)
    assert "source: UNFCCC NDC registry, 2024 review" in a1
    dashboard = client.get("/dashboard/").content.decode()
    assert 'computed from <span class="kpi-records">1</span> record on the platform' in dashboard
    assert "source: UNFCCC NDC registry, 2024 review" in dashboard
    french = client.get("/fr/roadmap/A2/").content.decode()
    assert "calculé à partir de" in french


def test_the_kpi_link_lists_exactly_the_records_counted(client, projects):
    figure = kpi_figures()["A2"]
    listed = client.get(figure.url + "&format=csv").content.decode().strip().splitlines()
    assert len(listed) - 1 == figure.records == 1  # header + the one published project


def test_an_entered_value_applies_to_its_year_where_the_records_are_incomplete(client):
    """A2 is counted from the projects; the secretariat enters this year's value from a call run outside
    the platform, with its source: it applies for this year, and every view says the records count 1."""
    a2 = RoadmapObjective.objects.get(code="A2")
    year = timezone.localdate().year
    secretariat = page_client(client, "secretariat")
    add = reverse("roadmap:add-value", args=["A2"])
    page = secretariat.post(add, {"year": year, "value": 7}, follow=True)
    assert "Source: This field is required." in page.content.decode()  # a counted KPI needs its source
    assert not a2.values.exists()
    secretariat.post(
        reverse("roadmap:add-value", args=["A2"]),
        {"year": year, "value": 7, "note": "2026 call run by e-mail, 6 projects not on the platform"},
    )
    figure = kpi_figures()["A2"]
    assert (figure.kind, figure.value, figure.year, figure.counted.value) == ("entered", 7.0, year, 1.0)
    for name, shown in every_view(client).items():
        assert shown["A2"] == ("entered", 7.0, False), name
    html = client.get("/roadmap/A2/").content.decode()
    assert "the records on the platform are incomplete for this year: they count 1" in html
    # an earlier year's value is history: this year is counted again once this year's value is deleted
    KpiValue.objects.create(objective=a2, year=year - 1, value=3, note="2025 call")
    a2.values.filter(year=year).delete()
    assert kpi_figures()["A2"].kind == "computed"
    assert dict(kpi_figures()["A2"].series) == {year - 1: 3.0}
    # the API asks for the source too
    api = api_client("secretariat")
    response = api.post("/api/kpi-values/", {"objective": a2.pk, "year": year, "value": 40}, format="json")
    assert response.status_code == 400 and "source" in str(response.json())


def test_a_year_with_a_value_is_not_overwritten_silently(client):
    a1 = RoadmapObjective.objects.get(code="A1")
    KpiValue.objects.create(objective=a1, year=2024, value=21, note="NDC review 2024")
    secretariat = page_client(client, "secretariat")
    page = secretariat.post(
        reverse("roadmap:add-value", args=["A1"]), {"year": 2024, "value": 30, "note": "typo?"}, follow=True
    )
    assert "2024 already has a value (21, source: NDC review 2024)" in page.content.decode()
    assert a1.values.get(year=2024).value == 21
    replace = {"year": 2024, "value": 30, "note": "fixed", "replace": "on"}
    secretariat.post(reverse("roadmap:add-value", args=["A1"]), replace)
    assert a1.values.get(year=2024).value == 30


def test_demo_records_label_the_kpi_and_the_dashboard(client, projects):
    published = projects["published-a"]
    published.is_demo = True
    published.save()
    figures = every_view(client)
    for name, shown in figures.items():
        assert shown["A2"] == ("computed", 1.0, True), name
    dashboard = client.get("/dashboard/").content.decode()
    a2_card = dashboard[dashboard.index('data-objective="A2"') :]
    a2_card = a2_card[: a2_card.index("</article>")]
    assert 'class="badge demo"' in a2_card
    assert 'class="badge demo"' in client.get("/roadmap/A2/").content.decode()
    # the headline tiles and charts counting projects say demo; members (no demo organisation) do not
    tiles = client.get("/api/dashboard/progress/summary/").json()["rows"]
    assert {row[0]: row[3] for row in tiles}["projects"] is True
    assert {row[0]: row[3] for row in tiles}["members"] is False
    by_status = client.get("/api/dashboard/progress/projects-by-status/").json()
    assert by_status["meta"]["demo"] is True
    by_type = client.get("/api/dashboard/progress/members-by-type/").json()
    assert by_type["meta"]["demo"] is False
    assert "Figures marked demo include records invented for the demonstration." in dashboard
    section = dashboard[dashboard.index('id="card-projects-by-status"') :]
    assert 'class="badge demo"' in section[: section.index("</h2>")]
    section = dashboard[dashboard.index('id="card-members-by-type"') :]
    assert 'class="badge demo"' not in section[: section.index("</h2>")]


def test_a_demo_organisation_labels_the_member_figures(client):
    Organisation.objects.create(
        name="Demo org", type="ngo", country="Chile", region="latin_america", is_demo=True
    )
    tiles = client.get("/api/dashboard/progress/summary/").json()["rows"]
    assert {row[0]: row[3] for row in tiles}["members"] is True
    assert client.get("/api/dashboard/progress/members-by-country/").json()["meta"]["demo"] is True


def test_no_demo_label_without_demo_records(client):
    dashboard = client.get("/dashboard/").content.decode()
    assert 'class="badge demo"' not in dashboard
    assert "Figures marked demo" not in dashboard


def test_the_migration_labels_demo_values_and_drops_typed_computed_ones():
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "fourpermille.web.roadmap.migrations.0004_kpi_values_demo_and_computed"
    )
    a2, b4 = RoadmapObjective.objects.get(code="A2"), RoadmapObjective.objects.get(code="B4")
    KpiValue.objects.create(objective=a2, year=2024, value=12, note="typed before A2 was computed")
    demo = KpiValue.objects.create(objective=b4, year=2024, value=3, note=migration.DEMO_NOTE)
    migration.forwards(apps, None)
    assert not a2.values.exists()
    demo.refresh_from_db()
    assert demo.is_demo
    assert set(migration.COMPUTED) <= set(COMPUTED)


def test_every_counted_kpi_links_to_a_page_of_its_records(client):
    """Each KPI the knowledge apps count (issue 14) says how many records it counted and links to them."""
    figures = kpi_figures()
    assert set(COMPUTED) >= {"A2", "A3", "A4", "B2", "B3", "B4", "D1", "D2", "E1"}
    for code in COMPUTED:
        figure = figures[code]
        assert figure.kind == "computed" and figure.records is not None, code
        response = client.get(figure.url)
        assert response.status_code == 200, (code, figure.url)
    d1 = client.get(reverse("roadmap:objective-detail", args=["D1"])).content.decode()
    assert "working groups active in the last 12 months" in d1
    assert 'data-objective="D1" data-kind="computed"' in d1
