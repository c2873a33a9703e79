"""The secretariat's assessment queue: filtered by stage, age in stage and reviewer (or none assigned); the
eligibility conditions include a reviewer assigned, and declaring eligible is refused without one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fourpermille.web.assessment import workflow
from fourpermille.web.core.errors import WorkflowError
from fourpermille.web.projects.models import Project, WorkflowEvent
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def titles(response):
    return sorted(a.project.title for a in response.context["object_list"])


@pytest.fixture
def waiting(projects, users):
    """draft-b submitted (no reviewer); its submission dated 40 days back."""
    project = projects["draft-b"]
    workflow.transition(project, "submit", users["secretariat"])
    WorkflowEvent.objects.filter(project=project).update(at=timezone.now() - dt.timedelta(days=40))
    return Project.objects.get(pk=project.pk)


def test_filters_by_stage_reviewer_unassigned_and_age(client, waiting):
    c = page_client(client, "secretariat")
    url = reverse("assessment:list")
    assert titles(c.get(url, {"stage": "submitted"})) == ["draft-b"]
    assert titles(c.get(url, {"unassigned": "no"})) == ["draft-b"]
    reviewer = waiting.assessment.__class__.objects.get(project__title="review-a").assignments.get().reviewer
    assert titles(c.get(url, {"reviewer": reviewer.pk})) == ["published-a", "review-a"]
    assert titles(c.get(url, {"age": "30"})) == ["draft-b"]
    assert titles(c.get(url, {"age": "90"})) == []
    page = c.get(url, {"sort": "age"})
    assert titles(page) == ["draft-b", "published-a", "review-a"]
    assert [a.project.title for a in page.context["object_list"]][0] == "draft-b"  # waiting longest first
    assert "data-stage-since" in page.content.decode()


def test_a_reviewer_sees_no_reviewer_filters(client):
    page = page_client(client, "reviewer-assigned").get(reverse("assessment:list"))
    form = page.context["filter"].form if "filter" in page.context else None
    if form is not None:
        assert "unassigned" not in form.fields and "reviewer" not in form.fields
    assert "published-a" in page.content.decode()


def test_eligibility_conditions_include_a_reviewer_assigned(client, waiting, users):
    checks = workflow.eligibility_checks(waiting)
    reviewer_check = [c for c in checks if c.label == "At least one reviewer is assigned"]
    assert reviewer_check and not reviewer_check[0].passed
    page = page_client(client, "secretariat").get(waiting.assessment.get_absolute_url()).content.decode()
    assert "At least one reviewer is assigned" in page
    workflow.transition(waiting, "start_eligibility", users["secretariat"])
    workflow.edit_assessment(waiting.assessment, users["secretariat"], request_complete=True)
    with pytest.raises(WorkflowError, match="At least one reviewer is assigned"):
        workflow.transition(waiting, "declare_eligible", users["secretariat"])
    workflow.assign_reviewer(waiting.assessment, users["reviewer-assigned"], users["secretariat"])
    assert all(c.passed for c in workflow.eligibility_checks(waiting) if "reviewer" in c.label)
