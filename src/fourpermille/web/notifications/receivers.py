"""The workflows' events, turned into notifications once their transaction has committed.

| event (signal) | kind | to |
|---|---|---|
| ``projects.WorkflowEvent`` saved, action ``submit`` | submitted | the secretariat |
| ``declare_eligible`` / ``declare_ineligible`` | eligibility | the project's editors (and its reviewers) |
| ``assessment.ReviewerAssignment`` created | reviewer_assigned | the reviewer |
| ``complete`` / ``fail_safeguard`` | assessment_completed | the project's editors, the secretariat |
| ``publish`` | published | the project's editors and reviewers |
| ``estimates.MrvRecord`` created | mrv_uploaded | the secretariat, the project's editors |
| ``MrvRecord.verified`` turned on (page, admin or upload) | mrv_verified | the project's editors |
| ``community.signals.join_request_submitted`` | join_requested | the secretariat |
| ``community.signals.join_request_decided`` | join_decided | the secretariat |

The applicant of a join request, who has no account yet, receives the decision by e-mail from
``community.services``. The user who acted is never notified of their own act. Demo projects notify in
the platform only.
Every workflow transition writes a ``WorkflowEvent`` (assessment.workflow), so no transition is missed and
none is reported twice."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation

from fourpermille.web.assessment.models import ReviewerAssignment
from fourpermille.web.community.signals import join_request_decided, join_request_submitted
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.notifications import services
from fourpermille.web.notifications.models import Kind
from fourpermille.web.projects.models import Project, WorkflowEvent


def _path(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _project_params(project: Project, actor=None) -> dict:
    return {
        "project": project.title,
        "organisation": project.organisation.name,
        "by": (actor.get_full_name() or actor.get_username()) if actor is not None else "",
    }


def _later(function) -> None:
    transaction.on_commit(function, robust=True)


@receiver(post_save, sender=WorkflowEvent, dispatch_uid="notifications-workflow-event")
def workflow_event(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    event_id = instance.pk
    _later(lambda: _workflow_event(event_id))


def _workflow_event(event_id: int) -> None:
    event = WorkflowEvent.objects.select_related("project__organisation", "actor").filter(pk=event_id).first()
    if event is None:
        return
    project = event.project
    params = _project_params(project, event.actor)
    url = _path("projects:detail", project.pk)
    editors = list(services.organisation_editors(project.organisation_id))
    reviewers = list(services.project_reviewers(project))
    email = not project.is_demo
    if event.action == "submit":
        recipients, kind = list(services.secretariat()), Kind.SUBMITTED
    elif event.action in ("declare_eligible", "declare_ineligible"):
        params["outcome"] = "eligible" if event.action == "declare_eligible" else "ineligible"
        recipients, kind = editors + reviewers, Kind.ELIGIBILITY
    elif event.action in ("complete", "fail_safeguard"):
        params["outcome"] = "completed" if event.action == "complete" else "safeguard_failed"
        recipients, kind = editors + list(services.secretariat()), Kind.ASSESSMENT_COMPLETED
    elif event.action == "publish":
        recipients, kind = editors + reviewers, Kind.PUBLISHED
    else:
        return
    services.notify(recipients, kind, params, url, exclude=event.actor, email=email)


@receiver(post_save, sender=ReviewerAssignment, dispatch_uid="notifications-reviewer-assigned")
def reviewer_assigned(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    assignment_id = instance.pk
    _later(lambda: _reviewer_assigned(assignment_id))


def _reviewer_assigned(assignment_id: int) -> None:
    assignment = (
        ReviewerAssignment.objects.select_related("assessment__project__organisation", "reviewer")
        .filter(pk=assignment_id)
        .first()
    )
    if assignment is None:
        return
    project = assignment.assessment.project
    services.notify(
        [assignment.reviewer],
        Kind.REVIEWER_ASSIGNED,
        _project_params(project),
        _path("assessment:detail", assignment.assessment_id),
        email=not project.is_demo,
    )


@receiver(pre_save, sender=MrvRecord, dispatch_uid="notifications-mrv-before")
def mrv_before_save(sender, instance, raw=False, **kwargs):
    """Remember whether the stored record was verified, to tell a verification from another edit."""
    if raw or instance.pk is None:
        instance._was_verified = False
        return
    instance._was_verified = (
        MrvRecord.objects.filter(pk=instance.pk).values_list("verified", flat=True).first() or False
    )


@receiver(post_save, sender=MrvRecord, dispatch_uid="notifications-mrv-saved")
def mrv_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    record_id, verified_now = instance.pk, instance.verified and not getattr(instance, "_was_verified", False)
    actor = instance.uploaded_by if created else None
    _later(lambda: _mrv_saved(record_id, created, verified_now, actor))


def _mrv_saved(record_id: int, created: bool, verified_now: bool, actor) -> None:
    record = MrvRecord.objects.select_related("project__organisation").filter(pk=record_id).first()
    if record is None:
        return
    project = record.project
    params = {**_project_params(project, actor), "period": record.period}
    url = _path("projects:detail", project.pk)
    email = not (record.is_demo or project.is_demo)
    editors = list(services.organisation_editors(project.organisation_id))
    if created:
        services.notify(
            list(services.secretariat()) + editors, Kind.MRV_UPLOADED, params, url, exclude=actor, email=email
        )
    if verified_now:
        services.notify(editors, Kind.MRV_VERIFIED, params, url, email=email)


@receiver(join_request_submitted, dispatch_uid="notifications-join-submitted")
def join_submitted(sender, join_request, **kwargs):
    services.notify(
        services.secretariat(),
        Kind.JOIN_REQUESTED,
        {"organisation": join_request.name, "country": join_request.country},
        _path("community:join-detail", join_request.pk),
    )


@receiver(join_request_decided, dispatch_uid="notifications-join-decided")
def join_decided(sender, join_request, by=None, **kwargs):
    services.notify(
        services.secretariat(),
        Kind.JOIN_DECIDED,
        {"organisation": join_request.name, "outcome": join_request.status},
        _path("community:join-detail", join_request.pk),
        exclude=by,
    )


# --- case studies (resources.signals): submitted -> the secretariat; decided -> the author ----------------


from fourpermille.web.resources.signals import case_study_decided, case_study_submitted  # noqa: E402


def _who(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@receiver(case_study_submitted, dispatch_uid="notifications-case-study-submitted")
def case_study_was_submitted(sender, study, by, **kwargs):
    params = {"who": _who(by), "title": study.title}
    url = _path("resources:case-study-detail", study.pk)
    email = not study.is_demo
    _later(
        lambda: services.notify(
            services.secretariat(), Kind.CONTRIBUTION_SUBMITTED, params, url, exclude=by, email=email
        )
    )


@receiver(case_study_decided, dispatch_uid="notifications-case-study-decided")
def case_study_was_decided(sender, study, by, **kwargs):
    params = {"title": study.title, "outcome": study.status}
    url = _path("resources:case-study-detail", study.pk)
    author, email = study.submitted_by, not study.is_demo
    _later(lambda: services.notify([author], Kind.CONTRIBUTION_DECIDED, params, url, exclude=by, email=email))
