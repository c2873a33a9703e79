"""The dashboards read stored ex-ante records in a fixed number of queries, however many projects there are
(issue 17: the progress page once computed every project's estimate inside the request, then read each
record with its own query)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fourpermille.web.estimates import services
from fourpermille.web.projects.models import Project, ProjectStatus, Site
from fourpermille.web.resources.models import Practice

pytestmark = pytest.mark.django_db

PAGES = [
    "/dashboard/",
    "/dashboard/?region=europe",
    "/api/dashboard/progress/soc-change/",
    "/api/dashboard/progress/summary/",
    "/dashboard/soc/",
    "/api/dashboard/monitoring/site-map/",
]


def _add_projects(n: int, organisation, start: int) -> None:
    """``n`` published projects with a site and cover crops, their ex-ante records computed in bulk."""
    cover_crops = Practice.objects.get(code="cover-crops")
    for i in range(start, start + n):
        project = Project.objects.create(
            organisation=organisation,
            title=f"volume {i}",
            summary="s",
            country="France",
            region="europe" if i % 2 else "africa",
            modality=1,
            primary_aim="soc_increase",
            area_ha=10 + i,
            start=dt.date(2024, 1, 1),
            status=ProjectStatus.PUBLISHED,
        )
        project.practices.add(cover_crops)
        Site.objects.create(
            project=project,
            name=f"volume {i} site",
            climate_zone="cool_temperate_moist",
            baseline_soc_t_ha=40.0 + i,
            baseline_depth_cm=30,
            geometry=json.dumps({"type": "Point", "coordinates": [2.0, 48.0]}),
        )
    services.compute_ex_ante_many(Project.objects.filter(title__startswith="volume "))


def _queries(client, url: str) -> int:
    cache.clear()  # cold: every figure recomputed
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_dashboard_queries_do_not_grow_with_the_projects(client, projects):
    organisation = projects["published-a"].organisation
    _add_projects(2, organisation, 0)
    project = Project.objects.get(title="volume 1")
    pages = [*PAGES, f"/dashboard/projects/{project.pk}/"]
    few = {url: _queries(client, url) for url in pages}
    _add_projects(10, organisation, 2)
    many = {url: _queries(client, url) for url in pages}
    assert many == few
    # ... and the figure is the mean of the stored records' changes (one aggregated query)
    from fourpermille.web.dashboard import providers

    with CaptureQueriesContext(connection) as captured:
        means = providers.ex_ante_by_region(Project.objects.all())
    assert len(captured) == 1
    records = services.ExAnteRecord.objects.filter(project__region="europe", status="ok")
    assert records.count() == 6
    assert means["europe"] == pytest.approx(sum(r.change_t_ha_yr for r in records) / 6, rel=1e-12)
