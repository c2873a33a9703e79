"""The home page after login, per role: the organisation and its projects' next steps (editor), the
assignments (reviewer), the queue with counts (secretariat); a visitor is offered to join."""

from __future__ import annotations

import pytest

from fourpermille.web.community.models import JoinRequest, JoinRequestStatus
from fourpermille.web.portal.home import home_for
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def test_an_editor_sees_their_organisation_and_each_projects_next_step(client, users):
    page = page_client(client, "editor-a").get("/").content.decode()
    assert "My organisation" in page and "Org A" in page
    assert "Complete the project and its sites, then submit it for assessment." in page  # draft-a
    assert "The STC reviewers are assessing it." in page  # review-a
    assert "draft-b" not in page  # another organisation's
    home = home_for(users["editor-a"])
    assert home.projects_by_status == {"draft": 1, "in_review": 1, "published": 1}
    assert home.projects_to_act_on == 1


def test_a_reviewer_sees_their_assignments_with_progress(client, users):
    home = home_for(users["reviewer-assigned"])
    by_title = {a.assessment.project.title: a for a in home.assignments}
    assert set(by_title) == {"review-a", "published-a"}
    assert by_title["review-a"].action_needed and by_title["review-a"].assessed == 0
    assert by_title["published-a"].assessed == by_title["published-a"].criteria > 0
    page = page_client(client, "reviewer-assigned").get("/").content.decode()
    assert "My assignments" in page and "Assess the criteria, safeguards first" in page
    assert home_for(users["reviewer-other"]).assignments == []


def test_the_secretariat_sees_the_queue_needing_action(client, users):
    JoinRequest.objects.create(
        name="Applicant",
        type="ngo",
        country="Peru",
        region="latin_america",
        contact_name="C",
        contact_email="c@example.org",
        declaration_signed="2026-01-01",
        declaration="join-requests/x.pdf",
        status=JoinRequestStatus.PENDING,
    )
    queue = {str(item.label): item.count for item in home_for(users["secretariat"]).queue}
    assert queue["Join requests to decide"] == 1
    assert queue["Submitted projects: start the eligibility check"] == 0
    page = page_client(client, "secretariat").get("/").content.decode()
    assert (
        "Needing action" in page and "/organisations/join/requests/" in page and "/accounts/manage/" in page
    )
    assert "My organisation" not in page


def test_a_visitor_is_offered_to_join(client):
    page = client.get("/").content.decode()
    assert "/organisations/join/" in page and "Welcome" not in page


def test_the_home_page_in_french(client):
    page = page_client(client, "editor-a").get("/fr/").content.decode()
    assert "Mon organisation" in page
