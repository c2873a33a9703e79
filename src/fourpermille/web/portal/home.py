"""What the home page shows a logged-in user, by role: their organisation, their projects and each one's
next step (editor), their assignments (reviewer), the queue waiting for them (secretariat), with counts.

Pure queries over the domain apps (the portal composes them); the template only lays them out."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from fourpermille.web.assessment.models import Assessment, Criterion, Framework
from fourpermille.web.community.models import JoinRequest, JoinRequestStatus, Organisation
from fourpermille.web.core import roles
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.projects.models import Project, ProjectStatus

S = ProjectStatus

#: An editor's next step for a project in each workflow state.
EDITOR_NEXT_STEP = {
    S.DRAFT: _("Complete the project and its sites, then submit it for assessment."),
    S.SUBMITTED: _("Waiting for the secretariat to check eligibility."),
    S.ELIGIBILITY: _("The secretariat is checking eligibility."),
    S.IN_REVIEW: _("The STC reviewers are assessing it."),
    S.COMPLETED: _("Assessment completed: waiting for the secretariat to publish it."),
    S.PUBLISHED: _("Published: upload measurements and MRV results as they come."),
    S.INELIGIBLE: _("Not eligible: read the secretariat's note."),
    S.SAFEGUARD_FAILED: _("The review ended on a safeguard: read the report."),
}

#: A reviewer's next step on an assignment in each workflow state.
REVIEWER_NEXT_STEP = {
    S.SUBMITTED: _("Waiting for the eligibility check."),
    S.ELIGIBILITY: _("Waiting for the eligibility check."),
    S.IN_REVIEW: _("Assess the criteria, safeguards first, and write the report."),
    S.COMPLETED: _("Done: waiting for publication."),
    S.PUBLISHED: _("Done: published."),
    S.SAFEGUARD_FAILED: _("Done: ended on a safeguard."),
    S.INELIGIBLE: _("Not eligible."),
    S.DRAFT: _("Withdrawn by its organisation."),
}


@dataclass
class ProjectStep:
    project: Project
    next_step: str
    action_needed: bool


@dataclass
class Assignment:
    assessment: Assessment
    assessed: int
    criteria: int
    next_step: str
    action_needed: bool


@dataclass
class QueueItem:
    label: str
    count: int
    url: str


@dataclass
class Home:
    organisation: Organisation | None = None
    members: int = 0
    projects: list[ProjectStep] = field(default_factory=list)
    projects_by_status: dict[str, int] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    queue: list[QueueItem] = field(default_factory=list)

    @property
    def queue_total(self) -> int:
        return sum(item.count for item in self.queue)

    @property
    def assignments_to_do(self) -> int:
        return sum(1 for a in self.assignments if a.action_needed)

    @property
    def projects_to_act_on(self) -> int:
        return sum(1 for p in self.projects if p.action_needed)


def home_for(user) -> Home:
    home = Home()
    if roles.is_editor(user):
        _editor(home, user)
    if roles.is_reviewer(user):
        _reviewer(home, user)
    if roles.is_secretariat(user):
        _secretariat(home)
    return home


def _editor(home: Home, user) -> None:
    organisation = Organisation.objects.filter(pk=roles.editor_organisation_id(user)).first()
    if organisation is None:
        return
    home.organisation = organisation
    home.members = organisation.people.filter(user__is_active=True).count()
    projects = Project.objects.filter(organisation=organisation).order_by("-updated_at")
    home.projects_by_status = dict(projects.values_list("status").annotate(n=Count("pk")).order_by())
    home.projects = [
        ProjectStep(p, str(EDITOR_NEXT_STEP.get(p.status, "")), p.status == S.DRAFT) for p in projects[:20]
    ]


def _reviewer(home: Home, user) -> None:
    assessments = (
        Assessment.objects.filter(assignments__reviewer=user)
        .select_related("project__organisation", "framework")
        .annotate(assessed=Count("results", distinct=True))
        .order_by("project__status", "project__title")
    )
    criteria = dict(Criterion.objects.values_list("step__framework").annotate(n=Count("pk")).order_by())
    home.assignments = [
        Assignment(
            a,
            a.assessed,
            criteria.get(a.framework_id, 0),
            str(REVIEWER_NEXT_STEP.get(a.project.status, "")),
            a.project.status == S.IN_REVIEW,
        )
        for a in assessments
    ]


def _secretariat(home: Home) -> None:
    projects = reverse("projects:list")
    counts = dict(Project.objects.values_list("status").annotate(n=Count("pk")).order_by())
    no_reviewer = (
        Assessment.objects.filter(project__status__in=(S.SUBMITTED, S.ELIGIBILITY))
        .annotate(n=Count("assignments"))
        .filter(n=0)
        .count()
    )
    home.queue = [
        QueueItem(
            _("Join requests to decide"),
            JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count(),
            reverse("community:join-list"),
        ),
        QueueItem(
            _("Submitted projects: start the eligibility check"),
            counts.get(S.SUBMITTED, 0),
            f"{projects}?status={S.SUBMITTED}",
        ),
        QueueItem(
            _("Eligibility checks to decide"),
            counts.get(S.ELIGIBILITY, 0),
            f"{projects}?status={S.ELIGIBILITY}",
        ),
        QueueItem(_("Assessments without a reviewer"), no_reviewer, reverse("assessment:list")),
        QueueItem(
            _("Completed assessments to publish"),
            counts.get(S.COMPLETED, 0),
            f"{projects}?status={S.COMPLETED}",
        ),
        QueueItem(
            _("MRV results to verify"),
            MrvRecord.objects.filter(verified=False).count(),
            reverse("admin:estimates_mrvrecord_changelist") + "?verified__exact=0",
        ),
    ]
    if Framework.current() is None:
        home.queue.insert(
            0, QueueItem(_("No criteria framework is published"), 1, reverse("assessment:framework-list"))
        )
