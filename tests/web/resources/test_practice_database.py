"""The good-practice database at /practices/: the old address redirects, the filters (region with local
evidence, climate zone, land use, category, text), the local evidence on a practice page and the KPIs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fourpermille import practices
from fourpermille.web.dashboard.providers import MrvResult
from fourpermille.web.estimates import services as estimate_services
from fourpermille.web.estimates.models import ExAnteRecord, ExAnteStatus, MrvRecord
from fourpermille.web.resources import kpis
from fourpermille.web.resources.models import CaseStudy, CaseStudyStatus, Practice, platform_code

pytestmark = pytest.mark.django_db


def _codes(page: str) -> set[str]:
    import re

    return set(re.findall(r'data-code="([a-z0-9-]+)"', page))


def _evidence(project, practice_codes, rate=0.5, verified_rate=None, monkeypatch=None):
    project.practices.add(*Practice.objects.filter(code__in=practice_codes))
    ExAnteRecord.objects.update_or_create(
        project=project, defaults={"status": ExAnteStatus.OK, "change_t_ha_yr": rate}
    )
    if verified_rate is not None:
        MrvRecord.objects.create(
            project=project, period="2020-2025", change={}, report_html="", verified=True
        )
        monkeypatch.setattr(
            estimate_services,
            "mrv_result",
            lambda record: MrvResult("2020-2025", verified_rate, None, None, True),
        )


def test_the_old_address_redirects_for_good(client):
    assert reverse("resources:practice-detail", args=["cover-crops"]) == "/practices/cover-crops/"
    response = client.get("/resources/?category=tillage")
    assert response.status_code == 301 and response["Location"] == "/practices/?category=tillage"
    response = client.get("/fr/resources/practices/cover-crops/")
    assert response.status_code == 301 and response["Location"] == "/fr/practices/cover-crops/"


def test_climate_land_use_category_and_text_filters(client):
    url = reverse("resources:practice-list")
    db = practices.load()
    expected = {platform_code(p.id) for p in db.search(climate="tropical_moist")}
    assert "hedgerows" not in expected
    assert _codes(client.get(url, {"climate": "tropical_moist"}).content.decode()) == expected
    expected = {platform_code(p.id) for p in db.search(land_use="paddy_rice")}
    assert _codes(client.get(url, {"land_use": "paddy_rice"}).content.decode()) == expected
    assert _codes(client.get(url, {"category": "tillage"}).content.decode()) == {"no-till", "reduced-tillage"}
    assert _codes(client.get(url, {"q": "biochar"}).content.decode()) == {"biochar"}
    csv = client.get(url, {"format": "csv", "category": "tillage"}).content.decode()
    assert "no-till" in csv and "cover-crops" not in csv


def test_region_filter_keeps_practices_with_local_evidence(client, projects, users, monkeypatch):
    url = reverse("resources:practice-list")
    assert _codes(client.get(url, {"region": "europe"}).content.decode()) == set()
    _evidence(projects["published-a"], ["cover-crops"])  # Europe, ex-ante estimate
    projects["draft-b"].practices.add(Practice.objects.get(code="manure"))  # Africa, no estimate: no evidence
    study = CaseStudy.objects.create(
        title="t",
        summary="s",
        body="b",
        region="africa",
        country="Kenya",
        year=2020,
        organisation=projects["draft-b"].organisation,
        submitted_by=users["editor-b"],
    )
    study.practices.add(Practice.objects.get(code="agroforestry"))
    assert _codes(client.get(url, {"region": "europe"}).content.decode()) == {"cover-crops"}
    assert _codes(client.get(url, {"region": "africa"}).content.decode()) == set()  # the study is a draft
    CaseStudy.objects.filter(pk=study.pk).update(status=CaseStudyStatus.PUBLISHED)
    assert _codes(client.get(url, {"region": "africa"}).content.decode()) == {"agroforestry"}
    both = client.get(url + "?region=africa&region=europe").content.decode()
    assert _codes(both) == {"agroforestry", "cover-crops"}


def test_practice_page_summarises_local_evidence_per_region(client, projects, monkeypatch):
    _evidence(
        projects["published-a"], ["cover-crops"], rate=0.42, verified_rate=0.31, monkeypatch=monkeypatch
    )
    _evidence(projects["draft-a"], ["cover-crops"], rate=0.2)
    page = client.get(reverse("resources:practice-detail", args=["cover-crops"])).content.decode()
    row = page[page.index('data-region="europe"') :]
    row = row[: row.index("</tr>")]
    cells = [c.split(">", 1)[1].split("<")[0].strip() for c in row.split("<td")[1:]]
    # 2 projects; ex ante: median of 0.2 and 0.42 = 0.31 [0.2 - 0.42 min-max]; measured: 0.31, 1 result
    assert cells[:3] == ["Europe", "2", "2"]
    assert "0.31" in row and "[0.2 – 0.42 min–max]" in row
    # local records: 2 ex ante + 1 verified; published: the catalogue's cover-crop figures on the page
    published = 3  # two sequestration rates and one relative change (practices.yaml)
    assert f'data-local="3" data-total="{3 + published}"' in page
    assert "3 of 6 figures on this page come from projects on this platform" in page


def test_practice_page_without_local_evidence_says_so(client):
    page = client.get(reverse("resources:practice-detail", args=["biochar"])).content.decode()
    assert "No project on this platform has an ex-ante estimate or a verified result" in page
    assert "no published default extra carbon input" in page


def test_kpi_case_studies_published_per_year(client, projects, users):
    def study(title, status, year):
        s = CaseStudy.objects.create(
            title=title,
            summary="s",
            body="b",
            region="europe",
            country="France",
            year=2019,
            organisation=projects["draft-a"].organisation,
            submitted_by=users["editor-a"],
        )
        decided = timezone.make_aware(dt.datetime(year, 6, 1)) if year else None
        CaseStudy.objects.filter(pk=s.pk).update(status=status, decided_at=decided)

    study("one", CaseStudyStatus.PUBLISHED, 2025)
    study("two", CaseStudyStatus.PUBLISHED, 2025)
    study("three", CaseStudyStatus.PUBLISHED, 2024)
    study("rejected", CaseStudyStatus.REJECTED, 2025)
    study("draft", CaseStudyStatus.DRAFT, None)
    kpi = kpis.studies_per_year(2025)
    assert (kpi.value, kpi.records, kpi.demo) == (2, 2, False)
    assert kpi.url == "/practices/case-studies/?published_year=2025"
    client.force_login(users["secretariat"])  # sees every status: the link still lists exactly those counted
    listed = {s.title for s in client.get(kpi.url).context["object_list"]}
    assert listed == {"one", "two"}


def test_kpi_regions_with_the_database(projects, users):
    assert kpis.regions_with_database().value == 0
    codes = ["cover-crops", "no-till", "manure", "compost"]
    _evidence(projects["published-a"], codes)  # Europe: 4 practices, one short
    kpi = kpis.regions_with_database()
    assert kpi.value == 0 and kpi.url == "/practices/"
    study = CaseStudy.objects.create(
        title="t",
        summary="s",
        body="b",
        region="europe",
        country="France",
        year=2020,
        organisation=projects["draft-a"].organisation,
        submitted_by=users["editor-a"],
        status="published",
    )
    study.practices.add(Practice.objects.get(code="agroforestry"))
    kpi = kpis.regions_with_database()
    assert (kpi.value, kpi.records) == (1, kpis.MIN_PRACTICES_PER_REGION)
    assert kpi.url == "/practices/?region=europe"
