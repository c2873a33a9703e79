"""Issue 17: after a change commits, the writer computes the public unfiltered dashboard figures, so the
landing pages read them from the cache and no aggregate runs inside their GET (services.precompute)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from fourpermille.web.community.models import Organisation
from fourpermille.web.dashboard.services import cache as dashboard_cache
from fourpermille.web.dashboard.services.precompute import precompute_public_figures

pytestmark = pytest.mark.django_db

#: Tables the dashboards aggregate: a GET answered from precomputed figures reads none of them.
DATA_TABLES = (
    "projects_project",
    "projects_site",
    "dashboard_sitesoc",
    "community_organisation",
    "commitments_commitment",
    "estimates_exanterecord",
)
PRECOMPUTED = [
    "/dashboard/",
    "/dashboard/soc/",
    "/api/dashboard/progress/summary/",
    "/api/dashboard/progress/hectares/?lang=fr",
    "/api/dashboard/progress/soc-change/?lang=es",
    "/api/dashboard/monitoring/site-map/",
    "/api/dashboard/monitoring/stocks-by-zone/?lang=fr",
]


def _aggregates(client, url: str) -> list[str]:
    """The aggregates over a data table that ``GET url`` runs (not the version row, not the cache)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in captured]
    return [
        s
        for s in sql
        if any(f'"{t}"' in s for t in DATA_TABLES)
        and any(word in s.upper() for word in ("GROUP BY", "COUNT(", "SUM(", "AVG("))
    ]


def _rename_an_organisation(django_capture_on_commit_callbacks):
    """A change as the admin makes it: a save in a transaction, its on-commit work run."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        organisation = Organisation.objects.order_by("pk").first()
        organisation.name += " (renamed)"
        organisation.save()
        organisation.save()  # two saves, two version bumps: one precompute
    return callbacks


@override_settings(DASHBOARD_PRECOMPUTE=True)
@pytest.mark.parametrize("url", PRECOMPUTED)
def test_after_a_change_the_landing_figures_are_read_not_computed(
    client, projects, url, django_capture_on_commit_callbacks
):
    cache.clear()
    callbacks = _rename_an_organisation(django_capture_on_commit_callbacks)
    assert [c for c in callbacks if c is dashboard_cache._precompute_after_commit] == [
        dashboard_cache._precompute_after_commit
    ]
    assert _aggregates(client, url) == []


@override_settings(DASHBOARD_PRECOMPUTE=True)
def test_filtered_and_signed_in_views_are_still_computed_and_current(
    client, projects, users, django_capture_on_commit_callbacks
):
    cache.clear()
    _rename_an_organisation(django_capture_on_commit_callbacks)
    assert _aggregates(client, "/dashboard/?region=europe")  # not precomputed: the request computes it
    client.force_login(users["secretariat"])
    assert _aggregates(client, "/api/dashboard/monitoring/site-map/")


@override_settings(DASHBOARD_PRECOMPUTE=True)
def test_precomputed_figures_equal_those_a_request_computes(client, projects):
    cache.clear()
    computed = {url: client.get(url).json() for url in PRECOMPUTED if url.startswith("/api/")}
    dashboard_cache.bump(precompute=False)
    cache.clear()
    assert precompute_public_figures() == 3 * (10 + 2)
    with CaptureQueriesContext(connection):
        read = {url: client.get(url).json() for url in computed}
    assert read == computed


def test_a_rolled_back_change_queues_nothing(django_capture_on_commit_callbacks, projects):
    with override_settings(DASHBOARD_PRECOMPUTE=True), django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            dashboard_cache.bump()
            raise RuntimeError("rolled back")
        with transaction.atomic():
            dashboard_cache.bump()
    assert callbacks == [dashboard_cache._precompute_after_commit]


def test_precompute_is_on_when_the_cache_is_shared_between_processes():
    assert not dashboard_cache.precompute_enabled()  # the tests' per-process memory cache
    shared = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t"}}
    with override_settings(CACHES=shared):
        assert dashboard_cache.precompute_enabled()
        with override_settings(DASHBOARD_PRECOMPUTE=False):
            assert not dashboard_cache.precompute_enabled()


def test_a_page_reads_its_cached_figures_in_one_round_trip(client, projects):
    """The progress page's ten figures: the data version read once and the cache once (a get_many)."""
    cache.clear()
    client.get("/dashboard/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/dashboard/").status_code == 200
    version_reads = [q for q in captured if "dashboard_dataversion" in q["sql"]]
    assert len(version_reads) == 1
