"""The workflows' events reach the right people, in the platform and by e-mail, as each one chose; the one
who acted is not told of their own act; nothing is sent for a change that is rolled back."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from fourpermille.web.assessment import workflow
from fourpermille.web.community.models import Person
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.notifications import services
from fourpermille.web.notifications.messages import text
from fourpermille.web.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(users):
    for name, user in users.items():
        user.email = f"{name}@example.org"
        user.save()
    return users


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_a_submission_notifies_the_secretariat_in_the_platform_and_by_e_mail(
    projects, addresses, mailoutbox, django_capture_on_commit_callbacks
):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(projects["draft-a"], "submit", addresses["editor-a"])
    (notification,) = Notification.objects.filter(recipient=addresses["secretariat"])
    assert notification.kind == Kind.SUBMITTED
    assert text(notification) == "Org A submitted “draft-a” for assessment."
    assert notification.url == f"/projects/{projects['draft-a'].pk}/"
    assert kinds_of(addresses["editor-a"]) == []  # the one who acted
    (message,) = mailoutbox
    assert message.to == ["secretariat@example.org"]
    assert "draft-a" in message.body and f"/projects/{projects['draft-a'].pk}/" in message.body


def test_a_rolled_back_transition_notifies_nobody(projects, users, django_capture_on_commit_callbacks):
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                workflow.transition(projects["draft-a"], "submit", users["editor-a"])
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert not Notification.objects.exists()


def test_the_eligibility_decision_reaches_the_editors_and_the_reviewers(
    projects, users, django_capture_on_commit_callbacks
):
    secretariat, reviewer = users["secretariat"], users["reviewer-assigned"]
    project = projects["draft-a"]
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(project, "submit", users["editor-a"])
        workflow.transition(project, "start_eligibility", secretariat)
        workflow.edit_assessment(project.assessment, secretariat, request_complete=True)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.assign_reviewer(project.assessment, reviewer, secretariat)
    assert kinds_of(reviewer) == [Kind.REVIEWER_ASSIGNED]
    assigned = Notification.objects.get(recipient=reviewer)
    assert assigned.url == f"/assessment/{project.assessment.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(project, "declare_eligible", secretariat)
    eligible = Notification.objects.filter(kind=Kind.ELIGIBILITY)
    assert {n.recipient.username for n in eligible} == {"editor-a", "reviewer-assigned"}
    assert text(eligible.first()) == "“draft-a”: eligible, the review starts."


def test_completion_and_publication(projects, users, django_capture_on_commit_callbacks):
    from fourpermille.web.assessment.models import Outcome, Recommendation

    project, reviewer, secretariat = projects["review-a"], users["reviewer-assigned"], users["secretariat"]
    for criterion in project.assessment.framework.criteria():
        workflow.record_result(project.assessment, criterion, Outcome.MET, "ok", reviewer)
    workflow.edit_assessment(
        project.assessment,
        reviewer,
        report="R.",
        recommendation=Recommendation.SUPPORT,
        letter_of_support="L.",
    )
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(project, "complete", reviewer)
    assert kinds_of(users["editor-a"]) == [Kind.ASSESSMENT_COMPLETED]
    assert kinds_of(secretariat) == [Kind.ASSESSMENT_COMPLETED]
    assert kinds_of(reviewer) == []
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(project, "publish", secretariat)
    assert Kind.PUBLISHED in kinds_of(users["editor-a"]) and Kind.PUBLISHED in kinds_of(reviewer)
    assert kinds_of(users["editor-b"]) == []


def test_mrv_results_uploaded_then_verified(projects, users, django_capture_on_commit_callbacks):
    project = projects["published-a"]
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        record = MrvRecord.objects.create(
            project=project, period="2024-2026", change={}, report_html="", uploaded_by=users["editor-a"]
        )
    assert kinds_of(users["secretariat"]) == [Kind.MRV_UPLOADED]
    assert kinds_of(users["editor-a"]) == []  # uploaded it
    with django_capture_on_commit_callbacks(execute=True):
        record.note = "typo"
        record.save()
    assert Notification.objects.count() == 1  # an edit is not a verification
    with django_capture_on_commit_callbacks(execute=True):
        record.verified = True
        record.save()
    (verified,) = Notification.objects.filter(kind=Kind.MRV_VERIFIED)
    assert verified.recipient == users["editor-a"]
    assert text(verified) == "The MRV result for 2024-2026 of “published-a” is verified."


def test_preferences_choose_the_platform_the_e_mail_or_neither(
    projects, addresses, mailoutbox, django_capture_on_commit_callbacks
):
    secretariat = addresses["secretariat"]
    services.set_preferences(secretariat, {Kind.SUBMITTED: (False, True)})
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(projects["draft-a"], "submit", addresses["editor-a"])
    assert not Notification.objects.filter(recipient=secretariat).exists()
    assert [m.to for m in mailoutbox] == [["secretariat@example.org"]]
    services.set_preferences(secretariat, {Kind.SUBMITTED: (True, False)})
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(projects["draft-a"], "withdraw", addresses["editor-a"])
        workflow.transition(projects["draft-a"], "submit", addresses["editor-a"])
    assert kinds_of(secretariat) == [Kind.SUBMITTED] and mailoutbox == []
    with pytest.raises(ValueError, match="allowed"):
        services.set_preferences(secretariat, {"nonsense": (True, True)})


def test_e_mails_are_written_in_the_recipients_language(
    projects, addresses, mailoutbox, django_capture_on_commit_callbacks
):
    Person.objects.filter(user=addresses["secretariat"]).update(language="es")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(projects["draft-a"], "submit", addresses["editor-a"])
    (message,) = mailoutbox
    assert "presentó" in message.body
    assert f"/es/projects/{projects['draft-a'].pk}/" in message.body


def test_demo_projects_notify_in_the_platform_only(
    projects, addresses, mailoutbox, django_capture_on_commit_callbacks
):
    project = projects["draft-a"]
    type(project).objects.filter(pk=project.pk).update(is_demo=True)
    project.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(project, "submit", addresses["editor-a"])
    assert Notification.objects.filter(recipient=addresses["secretariat"], kind=Kind.SUBMITTED).exists()
    assert mailoutbox == []


def test_a_missing_name_shows_as_a_question_mark():
    notification = Notification(kind=Kind.SUBMITTED, params={"project": "P"})
    assert text(notification) == "? submitted “P” for assessment."
    assert json.dumps(notification.params)
