"""Case studies (A3): permission matrix (anonymous, member of org A, member of org B, reviewers, secretariat
x read / create / change / decide), the submit -> publish / reject workflow and its notifications."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fourpermille.web.notifications.models import Kind, Notification
from fourpermille.web.resources import services
from fourpermille.web.resources.models import CaseStudy, CaseStudyStatus, Practice
from tests.web.conftest import page_client
from tests.web.test_permissions import ROLES, check_page, matrix, who

pytestmark = pytest.mark.django_db


def _study(users, projects, status=CaseStudyStatus.DRAFT, title="Cover crops in Beauce"):
    study = CaseStudy.objects.create(
        title=title,
        summary="What we did.",
        body="The story.",
        region="europe",
        country="France",
        year=2020,
        organisation=projects["draft-a"].organisation,
        submitted_by=users["editor-a"],
    )
    CaseStudy.objects.filter(pk=study.pk).update(status=status)
    study.refresh_from_db()
    study.practices.set(Practice.objects.filter(code="cover-crops"))
    return study


def _form(**extra):
    practice = Practice.objects.get(code="cover-crops")
    return {
        "title": "Our cover crops",
        "language": "en",
        "summary": "Short.",
        "body": "Long story.",
        "region": "europe",
        "country": "France",
        "year": "2021",
        "practices": [practice.pk],
        **extra,
    }


# --- read ---------------------------------------------------------------------------------------------


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_read_draft(client, users, projects, role, status):
    study = _study(users, projects)
    check_page(page_client(client, who(role)).get(study.get_absolute_url()), status)


@pytest.mark.parametrize("role", ROLES)
def test_read_published_is_public(client, users, projects, role):
    study = _study(users, projects, CaseStudyStatus.PUBLISHED)
    assert page_client(client, who(role)).get(study.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_list_shows_published_to_all_own_drafts_to_author_all_to_secretariat(client, users, projects, role):
    _study(users, projects, CaseStudyStatus.PUBLISHED, title="Published story")
    _study(users, projects, CaseStudyStatus.DRAFT, title="Draft story")
    _study(users, projects, CaseStudyStatus.SUBMITTED, title="Submitted story")
    page = page_client(client, who(role)).get(reverse("resources:case-study-list")).content.decode()
    assert "Published story" in page
    sees_all = role in ("editor-a", "secretariat")
    assert ("Draft story" in page) == sees_all and ("Submitted story" in page) == sees_all


# --- create -------------------------------------------------------------------------------------------


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": "ok",
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_create(client, projects, role, status):
    """Members (a logged-in user with an organisation) write case studies for their organisation; the
    secretariat may write one for a member organisation, which it chooses."""
    c = page_client(client, who(role))
    check_page(c.get(reverse("resources:case-study-create")), status)
    org_b = projects["draft-b"].organisation
    # a member cannot choose another organisation: the field is not theirs, the account's is taken
    response = c.post(reverse("resources:case-study-create"), _form(organisation=org_b.pk))
    check_page(response, status)
    created = CaseStudy.objects.filter(title="Our cover crops").first()
    assert (created is not None) == (status == "ok")
    if created is not None:
        assert created.status == CaseStudyStatus.DRAFT
        assert created.submitted_by.username == role
        if role == "secretariat":
            assert created.organisation == org_b
        else:
            assert created.organisation_id == created.submitted_by.person.organisation_id


# --- change -------------------------------------------------------------------------------------------


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_change_draft(client, users, projects, role, status):
    study = _study(users, projects)
    url = reverse("resources:case-study-update", args=[study.pk])
    form = _form(title="Changed", organisation=study.organisation_id)  # the secretariat's form has the field
    response = page_client(client, who(role)).post(url, form)
    check_page(response, status)
    study.refresh_from_db()
    assert (study.title == "Changed") == (status == "ok")


@pytest.mark.parametrize("state", [CaseStudyStatus.SUBMITTED, CaseStudyStatus.PUBLISHED])
def test_author_cannot_change_once_submitted(client, users, projects, state):
    study = _study(users, projects, state)
    url = reverse("resources:case-study-update", args=[study.pk])
    assert page_client(client, "editor-a").get(url).status_code == 403
    assert page_client(client, "secretariat").get(url).status_code == 200


# --- decide -------------------------------------------------------------------------------------------


@matrix(
    {
        "anon": "login",
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_decide(client, users, projects, role, status):
    study = _study(users, projects, CaseStudyStatus.SUBMITTED)
    url = reverse("resources:case-study-decide", args=[study.pk])
    response = page_client(client, who(role)).post(url, {"decision": "publish"})
    check_page(response, status)
    study.refresh_from_db()
    assert (study.status == CaseStudyStatus.PUBLISHED) == (status == "ok")


def test_a_draft_cannot_be_decided(client, users, projects):
    study = _study(users, projects)
    url = reverse("resources:case-study-decide", args=[study.pk])
    assert page_client(client, "secretariat").post(url, {"decision": "publish"}).status_code == 403
    study.refresh_from_db()
    assert study.status == CaseStudyStatus.DRAFT


# --- workflow and notifications -----------------------------------------------------------------------


def test_submit_notifies_the_secretariat_and_decision_the_author(
    client, users, projects, django_capture_on_commit_callbacks
):
    c = page_client(client, "editor-a")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("resources:case-study-create"), _form(submit="1"))
    study = CaseStudy.objects.get(title="Our cover crops")
    assert response.status_code == 302 and study.status == CaseStudyStatus.SUBMITTED
    submitted = Notification.objects.get(kind=Kind.CONTRIBUTION_SUBMITTED)
    assert submitted.recipient == users["secretariat"]
    assert submitted.params["title"] == "Our cover crops" and submitted.url == study.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        page_client(client, "secretariat").post(
            reverse("resources:case-study-decide", args=[study.pk]), {"decision": "reject"}
        )
    study.refresh_from_db()
    assert study.status == CaseStudyStatus.REJECTED and study.decided_by == users["secretariat"]
    decided = Notification.objects.get(kind=Kind.CONTRIBUTION_DECIDED)
    assert decided.recipient == users["editor-a"] and decided.params["outcome"] == "rejected"

    # the author changes it and submits it again; the secretariat publishes it
    c.force_login(users["editor-a"])
    assert c.post(reverse("resources:case-study-submit", args=[study.pk])).status_code == 302
    services.decide_case_study(study, users["secretariat"], publish=True)
    study.refresh_from_db()
    assert study.status == CaseStudyStatus.PUBLISHED and study.decided_at is not None


def test_published_study_shows_on_its_practice_page(client, users, projects):
    _study(users, projects, CaseStudyStatus.PUBLISHED, title="Published story")
    _study(users, projects, CaseStudyStatus.SUBMITTED, title="Waiting story")
    page = client.get(reverse("resources:practice-detail", args=["cover-crops"])).content.decode()
    assert "Published story" in page and "Waiting story" not in page


def test_list_filters_and_download(client, users, projects):
    _study(users, projects, CaseStudyStatus.PUBLISHED, title="Published story")
    other = _study(users, projects, CaseStudyStatus.PUBLISHED, title="African story")
    CaseStudy.objects.filter(pk=other.pk).update(region="africa")
    url = reverse("resources:case-study-list")
    page = client.get(url, {"region": "africa"}).content.decode()
    assert "African story" in page and "Published story" not in page
    csv = client.get(url, {"format": "csv", "region": "europe"}).content.decode()
    assert "Published story" in csv and "African story" not in csv


def test_project_include_lists_the_published_studies_of_the_project(users, projects):
    from django.template.loader import render_to_string

    study = _study(users, projects, CaseStudyStatus.PUBLISHED, title="From the field")
    _study(users, projects, CaseStudyStatus.SUBMITTED, title="Not yet")
    CaseStudy.objects.filter(title__in=["From the field", "Not yet"]).update(project=projects["draft-a"])
    html = render_to_string("resources/_project_case_studies.html", {"project": projects["draft-a"]})
    assert "From the field" in html and "Not yet" not in html and study.get_absolute_url() in html
    assert (
        render_to_string("resources/_project_case_studies.html", {"project": projects["review-a"]}).strip()
        == ""
    )


def test_the_project_page_shows_its_published_case_studies(client, users, projects):
    from tests.web.conftest import page_client

    _study(users, projects, CaseStudyStatus.PUBLISHED, title="From the field")
    CaseStudy.objects.filter(title="From the field").update(project=projects["draft-a"])
    page = page_client(client, "editor-a").get(projects["draft-a"].get_absolute_url()).content.decode()
    assert 'id="project-case-studies"' in page and "From the field" in page
