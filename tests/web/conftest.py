"""Web fixtures. The reference data and a small world of users, organisations and projects are built once
per session in the test database; each test runs in a transaction that is rolled back.

The world (user name -> role):
  editor-a (edits org A), editor-b (edits org B), reviewer-assigned (assigned to the projects under review),
  reviewer-other (an STC reviewer with no assignment), secretariat; plus anonymous.
Projects of org A: draft-a (draft), review-a (in review, reviewer-assigned), published-a (published).
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PASSWORD = "a-test-password-1"
USERS = ["editor-a", "editor-b", "reviewer-assigned", "reviewer-other", "secretariat"]


def build_world() -> None:
    from fourpermille.web.assessment import workflow
    from fourpermille.web.assessment.models import Outcome, Recommendation
    from fourpermille.web.community.models import Organisation, Person
    from fourpermille.web.core import roles
    from fourpermille.web.portal.seed import seed
    from fourpermille.web.projects.models import Project, Site
    from fourpermille.web.roadmap.models import RoadmapObjective

    seed()
    User = get_user_model()
    org_a = Organisation.objects.create(name="Org A", type="research", country="France", region="europe")
    org_b = Organisation.objects.create(name="Org B", type="ngo", country="Kenya", region="africa")

    def user(name, group, organisation=None):
        u = User.objects.create_user(name, password=PASSWORD)
        u.groups.add(Group.objects.get(name=group))
        Person.objects.create(user=u, organisation=organisation)
        Token.objects.create(user=u, key=f"token-{name}".ljust(40, "0")[:40])
        return u

    user("editor-a", roles.EDITOR, org_a)
    user("editor-b", roles.EDITOR, org_b)
    reviewer = user("reviewer-assigned", roles.REVIEWER)
    user("reviewer-other", roles.REVIEWER)
    secretariat = user("secretariat", roles.SECRETARIAT)
    objective = RoadmapObjective.objects.get(code="A2")

    def project(title, organisation=org_a):
        p = Project.objects.create(
            organisation=organisation,
            title=title,
            summary="s",
            country="France",
            region="europe",
            modality=1,
            primary_aim="soc_increase",
            area_ha=100,
            start=dt.date(2024, 1, 1),
        )
        p.objectives.add(objective)
        Site.objects.create(
            project=p,
            name=f"{title} site",
            climate_zone="cool_temperate_moist",
            geometry=json.dumps({"type": "Point", "coordinates": [2.0, 48.0]}),
        )
        return p

    project("draft-a")
    project("draft-b", org_b)
    for title in ("review-a", "published-a"):
        p = project(title)
        workflow.transition(p, "submit", secretariat)
        workflow.transition(p, "start_eligibility", secretariat)
        workflow.edit_assessment(p.assessment, secretariat, request_complete=True)
        workflow.assign_reviewer(p.assessment, reviewer, secretariat)
        workflow.transition(p, "declare_eligible", secretariat)
        if title == "published-a":
            for criterion in p.assessment.framework.criteria():
                workflow.record_result(p.assessment, criterion, Outcome.MET, "ok", reviewer)
            workflow.edit_assessment(
                p.assessment,
                reviewer,
                report="Report.",
                recommendation=Recommendation.SUPPORT,
                letter_of_support="Letter.",
            )
            workflow.transition(p, "complete", reviewer)
            workflow.transition(p, "publish", secretariat)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_world()


@pytest.fixture(autouse=True)
def _clean_state():
    """Empty cache (login throttle) and English: a request in French leaves French active in the thread."""
    cache.clear()
    translation.activate("en")
    yield
    cache.clear()
    translation.activate("en")


@pytest.fixture
def users(db):
    return {name: get_user_model().objects.get(username=name) for name in USERS}


@pytest.fixture
def projects(db):
    from fourpermille.web.projects.models import Project

    return {p.title: p for p in Project.objects.all()}


def page_client(client, who: str | None):
    """A Django test client logged in as ``who`` (None: anonymous)."""
    if who:
        client.force_login(get_user_model().objects.get(username=who))
    return client


def api_client(who: str | None) -> APIClient:
    """An API client with ``who``'s token (None: anonymous)."""
    client = APIClient()
    if who:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user__username=who).key}")
    return client
