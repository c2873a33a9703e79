"""The STC assessment workflow: legal and illegal transitions, conditions, safeguards first, audit."""

from __future__ import annotations

import pytest

from fourpermille.web.assessment import workflow
from fourpermille.web.assessment.models import Outcome, Recommendation
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.projects.models import Project, ProjectStatus, WorkflowEvent
from tests.web.conftest import api_client

pytestmark = pytest.mark.django_db


def refresh(project):
    return Project.objects.get(pk=project.pk)


def test_full_legal_path_records_every_event(users, projects):
    s, r, e = users["secretariat"], users["reviewer-assigned"], users["editor-a"]
    project = projects["draft-a"]
    workflow.transition(project, "submit", e)
    workflow.transition(project, "start_eligibility", s)
    workflow.edit_assessment(refresh(project).assessment, s, request_complete=True)
    workflow.assign_reviewer(refresh(project).assessment, r, s)
    workflow.transition(project, "declare_eligible", s)
    assessment = refresh(project).assessment
    for criterion in assessment.framework.criteria():
        workflow.record_result(assessment, criterion, Outcome.MET, "fine", r)
    workflow.edit_assessment(
        assessment, r, report="R", recommendation=Recommendation.SUPPORT, letter_of_support="L"
    )
    workflow.transition(project, "complete", r)
    workflow.transition(project, "publish", s)
    assert refresh(project).status == ProjectStatus.PUBLISHED
    events = list(WorkflowEvent.objects.filter(project=project).values_list("action", "actor__username"))
    assert events == [
        ("submit", "editor-a"),
        ("start_eligibility", "secretariat"),
        ("declare_eligible", "secretariat"),
        ("complete", "reviewer-assigned"),
        ("publish", "secretariat"),
    ]
    # the project's own history holds one record per status change, with who did it
    statuses = [h.status for h in refresh(project).history.order_by("history_date", "history_id")]
    assert statuses[-5:] == ["submitted", "eligibility", "in_review", "completed", "published"]


@pytest.mark.parametrize(
    "title,action",
    [
        ("draft-a", "publish"),
        ("draft-a", "complete"),
        ("draft-a", "declare_eligible"),
        ("review-a", "submit"),
        ("review-a", "publish"),
        ("published-a", "submit"),
        ("published-a", "withdraw"),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(users, projects, title, action):
    project = projects[title]
    before = project.status
    with pytest.raises(WorkflowError, match="not possible"):
        workflow.transition(project, action, users["secretariat"])
    assert refresh(project).status == before


def test_unknown_action_lists_the_allowed_ones(users, projects):
    with pytest.raises(WorkflowError, match="allowed: submit, withdraw"):
        workflow.transition(projects["draft-a"], "approve", users["secretariat"])


def test_wrong_role_is_not_allowed(users, projects):
    with pytest.raises(NotAllowed):
        workflow.transition(projects["draft-a"], "submit", users["editor-b"])
    with pytest.raises(NotAllowed):
        workflow.transition(projects["review-a"], "complete", users["reviewer-other"])


def test_declare_eligible_needs_every_condition(users, projects):
    s = users["secretariat"]
    project = projects["draft-a"]
    project.objectives.clear()
    workflow.transition(project, "submit", s)
    workflow.transition(project, "start_eligibility", s)
    with pytest.raises(WorkflowError) as info:
        workflow.transition(project, "declare_eligible", s)
    message = str(info.value)
    assert "request is complete" in message
    assert "at least one objective" in message
    assert "reviewer is assigned" in message
    assert refresh(project).status == ProjectStatus.ELIGIBILITY


def test_ineligible_needs_a_reason(users, projects):
    s = users["secretariat"]
    project = projects["draft-a"]
    workflow.transition(project, "submit", s)
    workflow.transition(project, "start_eligibility", s)
    with pytest.raises(WorkflowError, match="reason"):
        workflow.transition(project, "declare_ineligible", s)
    workflow.transition(project, "declare_ineligible", s, note="Primary aim is not SOC.")
    assert refresh(project).status == ProjectStatus.INELIGIBLE
    assert refresh(project).assessment.eligibility_note == "Primary aim is not SOC."


def test_safeguards_come_first(users, projects):
    assessment = projects["review-a"].assessment
    direct = assessment.framework.criteria().get(code="2.2")
    with pytest.raises(WorkflowError, match="Safeguards first: assess 1.1, 1.2, 1.3"):
        workflow.record_result(assessment, direct, Outcome.MET, "x", users["reviewer-assigned"])


def test_a_failed_safeguard_ends_the_review_with_a_reasoned_report(users, projects):
    reviewer = users["reviewer-assigned"]
    project = projects["review-a"]
    assessment = project.assessment
    criteria = assessment.framework.criteria()
    workflow.record_result(assessment, criteria.get(code="1.1"), Outcome.MET, "Consent documented.", reviewer)
    workflow.record_result(
        assessment,
        criteria.get(code="1.2"),
        Outcome.NOT_MET,
        "Herders' customary rights are ignored.",
        reviewer,
    )
    project = refresh(project)
    assert project.status == ProjectStatus.SAFEGUARD_FAILED
    assessment = project.assessment
    assert assessment.recommendation == Recommendation.NOT_SUPPORTED
    assert "1.2 Land tenure rights" in assessment.report
    assert "Herders' customary rights are ignored." in assessment.report
    assert assessment.completed_at is not None
    event = project.events.last()
    assert (event.action, event.to_status, event.actor) == ("fail_safeguard", "safeguard_failed", reviewer)
    # the review is over: no more results, no completion, no publication
    with pytest.raises(WorkflowError):
        workflow.record_result(assessment, criteria.get(code="1.3"), Outcome.MET, "x", reviewer)
    with pytest.raises(WorkflowError):
        workflow.transition(project, "publish", users["secretariat"])


def test_complete_needs_all_criteria_report_and_recommendation(users, projects):
    reviewer = users["reviewer-assigned"]
    project = projects["review-a"]
    with pytest.raises(WorkflowError) as info:
        workflow.transition(project, "complete", reviewer)
    assert "missing: 1.1" in str(info.value) and "report" in str(info.value)


def test_negative_recommendation_cannot_be_published(users, projects):
    reviewer, s = users["reviewer-assigned"], users["secretariat"]
    project = projects["review-a"]
    for criterion in project.assessment.framework.criteria():
        workflow.record_result(project.assessment, criterion, Outcome.MET, "ok", reviewer)
    workflow.edit_assessment(
        project.assessment, reviewer, report="R", recommendation=Recommendation.NOT_SUPPORTED
    )
    workflow.transition(project, "complete", reviewer)
    with pytest.raises(WorkflowError, match="positively assessed"):
        workflow.transition(project, "publish", s)


def test_positive_recommendation_needs_a_letter(users, projects):
    reviewer = users["reviewer-assigned"]
    project = projects["review-a"]
    for criterion in project.assessment.framework.criteria():
        workflow.record_result(project.assessment, criterion, Outcome.MET, "ok", reviewer)
    workflow.edit_assessment(project.assessment, reviewer, report="R", recommendation=Recommendation.SUPPORT)
    with pytest.raises(WorkflowError, match="letter of support"):
        workflow.transition(project, "complete", reviewer)


def test_reviewer_fields_and_secretariat_fields_are_separate(users, projects):
    assessment = projects["review-a"].assessment
    with pytest.raises(NotAllowed):
        workflow.edit_assessment(assessment, users["secretariat"], report="Not mine to write")
    with pytest.raises(NotAllowed):
        workflow.edit_assessment(assessment, users["reviewer-assigned"], request_complete=False)
    with pytest.raises(WorkflowError, match="cannot be changed"):
        workflow.edit_assessment(assessment, users["reviewer-assigned"], framework_id=1)


def test_api_illegal_transition_is_409_with_message(projects):
    response = api_client("secretariat").post(
        f"/api/projects/{projects['draft-a'].pk}/transition/", {"action": "publish"}, format="json"
    )
    assert response.status_code == 409
    assert "not possible" in response.json()["detail"]


def test_api_failed_safeguard(projects):
    client = api_client("reviewer-assigned")
    url = f"/api/assessments/{projects['review-a'].assessment.pk}/results/"
    response = client.post(
        url, {"criterion": "1.3", "outcome": "not_met", "rationale": "Evictions."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["project_status"] == "safeguard_failed"
    assert "Evictions." in response.json()["report"]


def test_assessment_records_the_framework_version_it_started_with(users, projects):
    from fourpermille.web.assessment import services
    from fourpermille.web.assessment.models import Framework

    s = users["secretariat"]
    old = Framework.current()
    draft = services.new_framework_draft(old, "2026.1", s)
    services.publish_framework(draft, s)
    assert projects["review-a"].assessment.framework == old
    workflow.transition(projects["draft-a"], "submit", users["editor-a"])
    assert refresh(projects["draft-a"]).assessment.framework == draft
