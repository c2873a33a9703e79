"""Demo data: proportions of members_2017.csv, every workflow stage, determinism; every page renders."""

from __future__ import annotations

import hashlib

import pytest
from django.db import transaction
from django.urls import reverse

from fourpermille.web.portal.demo import DEMO_ORGANISATIONS, allocate, load_demo, member_counts
from fourpermille.web.projects.models import ProjectStatus

pytestmark = pytest.mark.django_db


def test_member_counts_are_the_published_ones():
    # members_2017.csv (the initiative, 25 June 2017): Forum partners 258, Consortium members 130
    counts = member_counts()
    assert sum(f for f, _c in counts.values()) == 258
    assert sum(c for _f, c in counts.values()) == 130


def test_allocation_follows_the_proportions():
    counts = {k: f + c for k, (f, c) in member_counts().items()}
    allocation = allocate(counts, DEMO_ORGANISATIONS)
    assert sum(allocation.values()) == DEMO_ORGANISATIONS
    total = sum(counts.values())
    for kind, n in allocation.items():
        assert n >= 1
        assert abs(n - counts[kind] * DEMO_ORGANISATIONS / total) < 1, kind


def test_allocate_largest_remainder():
    assert allocate({"a": 5, "b": 3, "c": 2}, 10, minimum=0) == {"a": 5, "b": 3, "c": 2}
    assert allocate({"a": 1, "b": 1, "c": 1}, 4, minimum=1) == {"a": 2, "b": 1, "c": 1}
    with pytest.raises(ValueError):
        allocate({"a": 1, "b": 1}, 1, minimum=1)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock():
        block = transaction.atomic()
        block.__enter__()
        try:
            yield load_demo()
        finally:
            transaction.set_rollback(True)
            block.__exit__(None, None, None)


def fingerprint() -> str:
    from fourpermille.web.community.models import Organisation
    from fourpermille.web.monitoring.models import SoilMeasurement
    from fourpermille.web.projects.models import Project

    parts = [
        sorted(Organisation.objects.filter(is_demo=True).values_list("name", "type", "body", "country")),
        sorted(Project.objects.filter(is_demo=True).values_list("title", "status", "area_ha")),
        sorted(
            SoilMeasurement.objects.filter(site__is_demo=True).values_list(
                "site__name", "profile_id", "depth_top_cm", "soc_g_kg", "bulk_density_g_cm3", "sample_mass_g"
            ),
            key=repr,
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


# The demo's content, digested: the same on every machine and database. If you change the demo data on
# purpose, put the new digest here (the failure message prints it).
DEMO_DIGEST = "c931a3e24088f8fff1170b8806302ee4969b164833be5e249bd31a527393391a"


def test_demo_is_deterministic_and_loaded_once(demo):
    digest = fingerprint()
    assert digest == DEMO_DIGEST, f"demo content changed: new digest {digest}"
    assert load_demo().organisations == demo.organisations  # a second call loads nothing


def test_demo_covers_every_stage_and_climate(demo):
    from fourpermille.web.community.models import Organisation
    from fourpermille.web.projects.models import Project, Site

    assert demo.organisations == DEMO_ORGANISATIONS
    assert Organisation.objects.filter(is_demo=True).values("type").distinct().count() == 8
    assert demo.projects == 20
    assert set(Project.objects.filter(is_demo=True).values_list("status", flat=True)) == set(
        ProjectStatus.values
    )
    assert Site.objects.filter(is_demo=True).values("climate_zone").distinct().count() >= 6
    assert demo.measurements > 0
    assert all(
        name.endswith("(demo)")
        for name in Organisation.objects.filter(is_demo=True).values_list("name", flat=True)
    )


def test_every_page_renders_for_every_demo_account(client, demo):
    from fourpermille.web.assessment.models import Assessment, Framework
    from fourpermille.web.commitments.models import Commitment
    from fourpermille.web.community.models import Organisation
    from fourpermille.web.projects.models import Project, Site

    urls = [
        reverse(n)
        for n in (
            "home",
            "community:organisation-list",
            "commitments:list",
            "projects:list",
            "assessment:framework-list",
            "roadmap:objective-list",
            "resources:practice-list",
            "login",
        )
    ]
    urls += [o.get_absolute_url() for o in Organisation.objects.filter(is_demo=True)[:3]]
    urls += [c.get_absolute_url() for c in Commitment.objects.filter(is_demo=True)[:3]]
    one_per_status = {p.status: p for p in Project.objects.filter(is_demo=True)}
    urls += [p.get_absolute_url() for p in one_per_status.values()]
    urls += [s.get_absolute_url() for s in Site.objects.filter(is_demo=True)[:3]]
    urls += [a.get_absolute_url() for a in Assessment.objects.filter(project__in=one_per_status.values())]
    urls += [f.get_absolute_url() for f in Framework.objects.all()]
    urls += [
        reverse("roadmap:objective-detail", args=["F3"]),
        reverse("assessment:list"),
        reverse("projects:create"),
        reverse("commitments:create"),
        "/api/",
        "/api/docs/",
        "/fr/",
        "/es/",
    ]
    accounts = [None, "demo-secretariat", "demo-reviewer-1", "demo-editor-3"]
    assert set(accounts[1:]) <= {u for u, _p, _r in demo.users}
    for username in accounts:
        client.logout()
        if username:
            from django.contrib.auth import get_user_model

            client.force_login(get_user_model().objects.get(username=username))
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 302, 403), (username, url, response.status_code)
