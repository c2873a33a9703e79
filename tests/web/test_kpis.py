"""Every roadmap KPI has one source of truth (``roadmap.services.kpi_figures``): the progress dashboard, its
API, the roadmap list and detail pages, the objectives API and the figures API show the same value and say
whether it is computed from records or entered by the secretariat. Figures derived from demo records carry
the demo label wherever they show."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

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
    b4 = RoadmapObjective.objects.get(code="B4")
    KpiValue.objects.create(objective=b4, year=2025, value=7, note="Demo value (invented)", is_demo=True)


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
    assert service["B4"] == ("entered", 7.0, True)
    assert service["A2"] == ("computed", 1.0, False)  # the world's one assessed and published project
    assert service["A5"] == ("none", None, False)  # qualitative: no KPI


def test_the_page_says_which_kind_each_kpi_is(client, entered):
    a2 = client.get(reverse("roadmap:objective-detail", args=["A2"])).content.decode()
    assert 'computed from <span class="kpi-records">1</span> record on the platform' in a2
    assert "Save value" not in page_client(client, "secretariat").get("/roadmap/A2/").content.decode()
    a1 = client.get(reverse("roadmap:objective-detail", args=["A1"])).content.decode()
    assert re.search(r"2024, entered by the secretariat on \d{4}-\d{2}-\d{2}", a1)
    assert "source: UNFCCC NDC registry, 2024 review" in a1
    dashboard = client.get("/dashboard/").content.decode()
    assert 'computed from <span class="kpi-records">1</span> record on the platform' in dashboard
    assert "source: UNFCCC NDC registry, 2024 review" in dashboard
    french = client.get("/fr/roadmap/A2/").content.decode()
    assert "calculé à partir de" in french


def test_a_computed_kpi_cannot_be_entered(client):
    a2 = RoadmapObjective.objects.get(code="A2")
    assert "A2" in COMPUTED
    response = page_client(client, "secretariat").post(
        reverse("roadmap:add-value", args=["A2"]), {"year": 2025, "value": 40, "note": "typed"}, follow=True
    )
    assert "computed from the platform" in response.content.decode()
    assert not a2.values.exists()
    api = api_client("secretariat")
    response = api.post("/api/kpi-values/", {"objective": a2.pk, "year": 2025, "value": 40}, format="json")
    assert response.status_code == 400 and "computed" in str(response.json())
    assert not a2.values.exists()


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
    assert set(migration.COMPUTED) == set(COMPUTED)
