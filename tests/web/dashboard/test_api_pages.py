"""Dashboard API and pages on the test world (tests/web/conftest.py): aggregates, filters, CSV, languages,
visibility of unpublished projects, bad filters as 400."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.base import ContentFile

from fourpermille.web.monitoring.services import import_measurements
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db

HEADER = "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"


def rows_by_first(table):
    return {row[0]: row for row in table["rows"]}


def test_members_by_type_counts_and_region_filter(client):
    table = client.get("/api/dashboard/progress/members-by-type/").json()
    counts = rows_by_first(table)
    assert counts["Research or education"][1:] == [0, 1]  # Org A: forum partner
    assert counts["NGO or civil society"][1:] == [0, 1]  # Org B
    africa = rows_by_first(client.get("/api/dashboard/progress/members-by-type/?region=africa").json())
    assert africa["Research or education"][1:] == [0, 0]
    assert africa["NGO or civil society"][1:] == [0, 1]


def test_summary_counts_match_the_world(client):
    summary = {row[0]: row[2] for row in client.get("/api/dashboard/progress/summary/").json()["rows"]}
    assert summary["members"] == 2
    assert summary["projects"] == 4
    assert summary["published"] == 1
    assert summary["hectares"] == 200  # review-a and published-a, 100 ha each (drafts do not count)
    assert summary["sites"] == 4


def test_projects_by_status_and_modality(client):
    rows = rows_by_first(client.get("/api/dashboard/progress/projects-by-status/").json())
    assert rows["Draft"][1:] == [2, 0]
    assert rows["Published as investment opportunity"][1:] == [1, 0]


def test_period_filter(client):
    # Every world project starts on 2024-01-01 with no end: a period ending in 2020 excludes them all.
    rows = rows_by_first(client.get("/api/dashboard/progress/projects-by-status/?year_to=2020").json())
    assert all(sum(row[1:]) == 0 for row in rows.values())


@pytest.mark.parametrize(
    "query, field",
    [("region=mars", "region"), ("year_from=1900", "year_from"), ("year_from=2030&year_to=2020", "year_to")],
)
def test_bad_filter_is_400_naming_the_field(client, query, field):
    response = client.get(f"/api/dashboard/progress/summary/?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_unknown_chart_is_404(client):
    assert client.get("/api/dashboard/progress/nothing/").status_code == 404


def test_csv_matches_json(client):
    table = client.get("/api/dashboard/progress/members-by-region/").json()
    response = client.get("/api/dashboard/progress/members-by-region/?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [c["label"] for c in table["columns"]]
    assert rows[1:] == [[str(v) for v in row] for row in table["rows"]]


def test_french_labels(client):
    table = client.get("/api/dashboard/progress/members-by-region/?lang=fr").json()
    assert table["title"] == "Membres et partenaires par région"
    assert table["columns"][1]["label"] == "Membres du Consortium"


def test_roadmap_objectives_and_progress(client):
    rows = rows_by_first(client.get("/api/dashboard/progress/roadmap/").json())
    assert len(rows) == 24
    a1 = rows["A1"]
    assert a1[7:10] == [13.0, 196.0, 196.0]  # roadmap_objectives.csv: KPI baseline and targets
    assert a1[10:13] == [13.0, "entered", 2020] and a1[17] == 0.0  # only the 2020 value: no progress yet
    a2 = rows["A2"]
    assert a2[10:14] == [
        1.0,
        "computed",
        None,
        1,
    ]  # counted on the platform: one project assessed and published
    assert a2[17] == 0.0  # baseline 5, target 20: 1 selected is below the baseline -> clipped to 0


def _measure(site, soc):
    return import_measurements(site, ContentFile(f"{HEADER}P1,0,30,{soc},1.2\n".encode(), name="m.csv"), None)


def test_monitoring_map_shows_only_visible_sites(client, projects, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _measure(projects["published-a"].sites.get(), 20)
        _measure(projects["draft-a"].sites.get(), 25)
    public = client.get("/api/dashboard/monitoring/site-map/").json()
    assert [row[2] for row in public["rows"]] == ["published-a"]
    secretariat = page_client(client, "secretariat").get("/api/dashboard/monitoring/site-map/").json()
    assert sorted(row[2] for row in secretariat["rows"]) == ["draft-a", "published-a"]


def test_monitoring_filters(client, projects, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _measure(projects["published-a"].sites.get(), 20)
    assert len(client.get("/api/dashboard/monitoring/site-map/?region=europe").json()["rows"]) == 1
    assert client.get("/api/dashboard/monitoring/site-map/?region=africa").json()["rows"] == []
    # the world's projects have no practices: any land use filter leaves nothing
    assert client.get("/api/dashboard/monitoring/site-map/?land_use=tillage").json()["rows"] == []
    assert client.get("/api/dashboard/monitoring/site-map/?metric=colour").status_code == 400


def test_monitoring_labels_demo_sites(client, projects, django_capture_on_commit_callbacks):
    """Issue 11: demo is labelled wherever it shows; the SOC monitoring page and its tables too."""
    site = projects["published-a"].sites.get()
    with django_capture_on_commit_callbacks(execute=True):
        _measure(site, 20)
    for key in ("site-map", "stocks-by-zone"):
        assert client.get(f"/api/dashboard/monitoring/{key}/").json()["meta"]["demo"] is False
    assert "Figures marked demo" not in client.get("/dashboard/soc/").content.decode()
    site.is_demo = True
    site.save()
    for key in ("site-map", "stocks-by-zone"):
        assert client.get(f"/api/dashboard/monitoring/{key}/").json()["meta"]["demo"] is True
    page = client.get("/dashboard/soc/").content.decode()
    assert "Figures marked demo include records invented for the demonstration." in page
    card = page[page.index('id="card-site-map"') :]
    assert 'class="badge demo"' in card[: card.index("</h2>")]


def test_new_upload_appears_at_once(client, projects, django_capture_on_commit_callbacks):
    site = projects["published-a"].sites.get()
    assert client.get(f"/api/dashboard/sites/{site.pk}/series/").json()["rows"] == []
    with django_capture_on_commit_callbacks(execute=True):
        _measure(site, 20)
    rows = client.get(f"/api/dashboard/sites/{site.pk}/series/").json()["rows"]
    assert rows[0][1] == pytest.approx(72.0)  # 20 x 1.2 x 30 x 0.1
    assert rows[-1][6] > rows[0][6]  # the 4 per 1000 target rises over the horizon
    assert client.get(f"/api/dashboard/sites/{site.pk}/series/")["Cache-Control"] == "no-store"


def test_unpublished_project_data_is_hidden(client, projects):
    draft = projects["draft-a"]
    site = draft.sites.get()
    for url in (
        f"/dashboard/projects/{draft.pk}/",
        f"/api/dashboard/projects/{draft.pk}/series/",
        f"/api/dashboard/projects/{draft.pk}/sites/",
        f"/api/dashboard/sites/{site.pk}/series/",
        f"/api/dashboard/sites/{site.pk}/measurements.csv",
    ):
        assert client.get(url).status_code == 404, url
    assert page_client(client, "editor-b").get(f"/dashboard/projects/{draft.pk}/").status_code == 403
    assert page_client(client, "editor-a").get(f"/dashboard/projects/{draft.pk}/").status_code == 200


def test_pages_render_in_english_and_french(client, projects):
    published = projects["published-a"]
    for url, text in [
        ("/dashboard/", "The 4 per 1000 Initiative: progress"),
        ("/dashboard/soc/", "Soil organic carbon monitoring"),
        (f"/dashboard/projects/{published.pk}/", "STC assessment"),
        ("/fr/dashboard/", "L’Initiative 4 pour 1000 : avancement"),
        ("/fr/dashboard/soc/", "Suivi du carbone organique des sols"),
        (f"/fr/dashboard/projects/{published.pk}/", "Évaluation par le CST"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def test_project_page_sections(client, projects):
    published = projects["published-a"]
    html = client.get(f"/dashboard/projects/{published.pk}/").content.decode()
    for section in (
        "section-commitment",
        "section-assessment",
        "card-project-sites",
        "section-ex-ante",
        "section-mrv",
        "card-project-series",
    ):
        assert f'id="{section}"' in html
    assert "Report." in html  # the published assessment's report
    assert "The ex-ante estimate of this project is being computed or is not available." in html


def test_project_page_shows_a_registered_ex_ante_provider(client, projects, monkeypatch):
    from fourpermille.web.dashboard import providers

    monkeypatch.setattr(providers, "_ex_ante", [])
    providers.register_ex_ante(
        lambda project: providers.ExAnteEstimate(method="RothC-26.3", change_t_ha_yr=0.321, horizon_years=20)
    )
    html = client.get(f"/dashboard/projects/{projects['published-a'].pk}/").content.decode()
    assert "RothC-26.3" in html and "0.321" in html
    table = client.get("/api/dashboard/progress/soc-change/").json()
    assert table["columns"][2]["key"] == "expected"


def test_site_measurements_download(client, projects):
    site = projects["published-a"].sites.get()
    _measure(site, 20)
    response = client.get(f"/api/dashboard/sites/{site.pk}/measurements.csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("upload_id,file_name,row,profile_id")
    assert len(lines) == 2


def test_hectares_count_each_project_once_per_category(client, projects):
    from fourpermille.web.resources.models import Practice

    cropland = list(Practice.objects.filter(category="organic_inputs").order_by("code")[:2])
    grassland = Practice.objects.filter(category="grassland_management").first()
    projects["published-a"].practices.set([*cropland, grassland])
    projects["review-a"].practices.set(cropland[:1])
    projects["draft-a"].practices.set(cropland[:1])  # drafts do not count
    rows = rows_by_first(client.get("/api/dashboard/progress/hectares/").json())
    assert rows["Organic inputs"][1:] == [100, 100]  # published-a once, although it has two such practices
    assert rows["Grassland and grazing"][1:] == [100, 0]
    assert rows["Peatlands and wetlands"][1:] == [0, 0]


@pytest.mark.parametrize(
    "who", [None, "editor-a", "editor-b", "reviewer-assigned", "reviewer-other", "secretariat"]
)
def test_visibility_condition_matches_the_platform(who, users):
    from django.contrib.auth.models import AnonymousUser

    from fourpermille.web.dashboard.services.monitoring import visible_project_q
    from fourpermille.web.projects.models import Project
    from fourpermille.web.projects.services import visible_projects

    user = users[who] if who else AnonymousUser()
    expected = set(visible_projects(user).values_list("pk", flat=True))
    assert set(Project.objects.filter(visible_project_q(user)).values_list("pk", flat=True)) == expected


def test_stocks_by_zone(client, projects, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _measure(projects["published-a"].sites.get(), 20)
        _measure(projects["draft-a"].sites.get(), 25)  # not public
    table = client.get("/api/dashboard/monitoring/stocks-by-zone/").json()
    assert table["rows"] == [["Cool temperate moist", 1, 72.0, None, 0.288]]  # 20 x 1.2 x 30 x 0.1; x 0.004


def test_cached_figures_follow_every_change(client, projects, django_capture_on_commit_callbacks):
    from fourpermille.web.community.models import Organisation

    def members():
        rows = client.get("/api/dashboard/progress/summary/").json()["rows"]
        return {row[0]: row[2] for row in rows}["members"]

    assert members() == members() == 2  # the second answer comes from the cache
    Organisation.objects.create(name="Org C", type="company", country="Chile", region="latin_america")
    assert members() == 3
    site = projects["published-a"].sites.get()
    assert client.get("/api/dashboard/monitoring/site-map/").json()["rows"] == []
    with django_capture_on_commit_callbacks(execute=True):
        _measure(site, 20)
    assert [row[0] for row in client.get("/api/dashboard/monitoring/site-map/").json()["rows"]] == [site.pk]
    project = projects["published-a"]
    project.region = "africa"
    project.save()
    assert client.get("/api/dashboard/monitoring/site-map/?region=europe").json()["rows"] == []
