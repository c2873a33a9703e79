"""The STC assessment workflow: the only code that changes a project's status.

::

    draft --submit--> submitted --start_eligibility--> eligibility
       ^                 |                                |--declare_ineligible--> ineligible (end)
       +----withdraw-----+                                +--declare_eligible--> in_review
                                                                                   |
         (a safeguard result "not met" or "partly met" ends the review) ----------+--> safeguard_failed (end)
                                                                                   |
                                                    (all criteria, report, recommendation) --complete-->
                                                                                   v
                                                           completed --publish--> published
                                                           (only with a positive recommendation)

Who may do what is a ``rules`` permission (``assessment/rules.py``), asked here with ``user.has_perm`` and
nowhere re-checked by hand; any other move raises :class:`WorkflowError` (or
:class:`NotAllowed`) and changes nothing. Every transition is written to ``WorkflowEvent`` and to the
project's history (who, when, from, to, note).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fourpermille.web.assessment.models import (
    Assessment,
    CriterionResult,
    Framework,
    Outcome,
    Recommendation,
    ReviewerAssignment,
)
from fourpermille.web.community.models import OrganisationStatus
from fourpermille.web.core import roles
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.projects.models import PrimaryAim, Project, ProjectStatus, WorkflowEvent

S = ProjectStatus


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    #: The ``rules`` permission (``assessment/rules.py``) asked with ``user.has_perm(permission, project)``.
    permission: str
    note_required: bool = False

    def allowed(self, user, project) -> bool:
        return user.has_perm(self.permission, project)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "submit",
            gettext_lazy("Submit for assessment"),
            (S.DRAFT,),
            S.SUBMITTED,
            "assessment.submit_project",
        ),
        Transition(
            "withdraw",
            gettext_lazy("Withdraw the submission"),
            (S.SUBMITTED,),
            S.DRAFT,
            "assessment.withdraw_project",
        ),
        Transition(
            "start_eligibility",
            gettext_lazy("Start the eligibility check"),
            (S.SUBMITTED,),
            S.ELIGIBILITY,
            "assessment.start_eligibility",
        ),
        Transition(
            "declare_eligible",
            gettext_lazy("Eligible: start the review"),
            (S.ELIGIBILITY,),
            S.IN_REVIEW,
            "assessment.declare_eligible",
        ),
        Transition(
            "declare_ineligible",
            gettext_lazy("Not eligible"),
            (S.ELIGIBILITY,),
            S.INELIGIBLE,
            "assessment.declare_ineligible",
            note_required=True,
        ),
        Transition(
            "complete",
            gettext_lazy("Complete the assessment"),
            (S.IN_REVIEW,),
            S.COMPLETED,
            "assessment.complete_assessment",
        ),
        Transition(
            "publish",
            gettext_lazy("Publish as investment opportunity"),
            (S.COMPLETED,),
            S.PUBLISHED,
            "assessment.publish_project",
        ),
    ]
}


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool


def eligibility_checks(project: Project) -> list[Check]:
    """The conditions for declaring a project eligible, each with its result: the STC's eligibility
    conditions (assessment_framework.md) and, for the review to start, a reviewer assigned."""
    assessment = Assessment.objects.filter(project=project).first()
    return [
        Check(
            _("The request is complete (confirmed by the secretariat)"),
            bool(assessment and assessment.request_complete),
        ),
        Check(
            _("The organisation exists and is an active member or partner"),
            project.organisation.status == OrganisationStatus.ACTIVE,
        ),
        Check(
            _("Contributes to at least one objective of the initiative's strategy"),
            project.objectives.exists(),
        ),
        Check(
            _("Primary aim: a quantifiable SOC increase or, at least, reduced SOC losses"),
            project.primary_aim in (PrimaryAim.SOC_INCREASE, PrimaryAim.SOC_LOSS_REDUCTION),
        ),
        Check(
            _("At least one reviewer is assigned"),
            bool(assessment and assessment.assignments.exists()),
        ),
    ]


def review_checks(assessment: Assessment) -> list[Check]:
    """What must hold before a review is completed."""
    criteria = list(assessment.framework.criteria())
    done = set(assessment.results.values_list("criterion_id", flat=True))
    missing = [c.code for c in criteria if c.pk not in done]
    return [
        Check(
            _("Every criterion assessed") + (f" ({_('missing')}: {', '.join(missing)})" if missing else ""),
            not missing,
        ),
        Check(_("A report is written"), bool(assessment.report.strip())),
        Check(_("A recommendation is given"), bool(assessment.recommendation)),
        Check(
            _("A letter of support accompanies a positive recommendation"),
            assessment.recommendation == Recommendation.NOT_SUPPORTED
            or bool(assessment.letter_of_support.strip()),
        ),
    ]


def available_transitions(project: Project, user) -> list[Transition]:
    """Transitions the user may attempt from the project's current state (conditions not yet checked)."""
    return [t for t in TRANSITIONS.values() if project.status in t.sources and t.allowed(user, project)]


def _guard(transition: Transition, project: Project, note: str) -> None:
    if transition.note_required and not note.strip():
        raise WorkflowError(_("Give the reason in the note."))
    failed: list[Check] = []
    if transition.action == "submit" and Framework.current() is None:
        raise WorkflowError(_("No published criteria framework: the secretariat must publish one first."))
    if transition.action == "declare_eligible":
        failed = [c for c in eligibility_checks(project) if not c.passed]
    elif transition.action == "complete":
        failed = [c for c in review_checks(project.assessment) if not c.passed]
    elif transition.action == "publish":
        if project.assessment.recommendation not in (
            Recommendation.SUPPORT,
            Recommendation.SUPPORT_WITH_CONDITIONS,
        ):
            failed = [Check(_("Only positively assessed projects are published"), False)]
    if failed:
        raise WorkflowError(_("Conditions not met: %(list)s") % {"list": "; ".join(c.label for c in failed)})


@transaction.atomic
def transition(project: Project, action: str, user, note: str = "") -> Project:
    """Move ``project`` by ``action`` on behalf of ``user``; raise WorkflowError / NotAllowed otherwise."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    spec = TRANSITIONS.get(action)
    if spec is None:
        raise WorkflowError(
            _("Unknown action %(action)s; allowed: %(allowed)s")
            % {"action": action, "allowed": ", ".join(TRANSITIONS)}
        )
    if project.status not in spec.sources:
        raise WorkflowError(
            _("“%(action)s” is not possible while the project is “%(status)s”.")
            % {"action": spec.label, "status": project.get_status_display()}
        )
    if not spec.allowed(user, project):
        raise NotAllowed(_("You may not do “%(action)s” on this project.") % {"action": spec.label})
    _guard(spec, project, note)
    if action == "submit":
        framework = Framework.current()
        assessment, created = Assessment.objects.get_or_create(
            project=project, defaults={"framework": framework}
        )
        if not created and not assessment.results.exists():
            assessment.framework = framework
            assessment.save()
    if action == "complete":
        project.assessment.completed_at = timezone.now()
        project.assessment.save()
    if action == "declare_ineligible":
        project.assessment.eligibility_note = note
        project.assessment.save()
    return _move(project, spec.action, spec.target, user, note)


def _move(project: Project, action: str, target: str, user, note: str) -> Project:
    source = project.status
    project.status = target
    project._change_reason = f"{action}: {note}"[:100] if note else action
    project.save(update_fields=["status", "updated_at"])
    WorkflowEvent.objects.create(
        project=project,
        action=action,
        from_status=source,
        to_status=target,
        actor=user if getattr(user, "is_authenticated", False) else None,
        note=note,
    )
    return project


@transaction.atomic
def assign_reviewer(assessment: Assessment, reviewer, by, external: bool = False) -> ReviewerAssignment:
    """The secretariat assigns an STC (or external) reviewer, before or during the review."""
    if not by.has_perm("assessment.add_reviewerassignment", assessment):
        raise NotAllowed(_("Only the secretariat assigns reviewers."))
    if not roles.is_reviewer(reviewer):
        raise WorkflowError(_("%(user)s is not an STC reviewer.") % {"user": reviewer})
    if Project.objects.get(pk=assessment.project_id).status not in (S.SUBMITTED, S.ELIGIBILITY, S.IN_REVIEW):
        raise WorkflowError(_("Reviewers are assigned between submission and the end of the review."))
    assignment, _created = ReviewerAssignment.objects.get_or_create(
        assessment=assessment, reviewer=reviewer, defaults={"external": external}
    )
    return assignment


@transaction.atomic
def record_result(assessment: Assessment, criterion, outcome: str, rationale: str, by) -> CriterionResult:
    """An assigned reviewer records a criterion's outcome, safeguards first.

    A safeguard that is not met (``not_met`` or ``partly_met``) ends the review at once: the project
    goes to ``safeguard_failed``, the recommendation is "not supported" and the report states the reasons.
    """
    project = Project.objects.select_for_update().get(pk=assessment.project_id)
    assessment = Assessment.objects.get(pk=assessment.pk)
    if project.status != S.IN_REVIEW:
        raise WorkflowError(_("Results are recorded only while the project is in review."))
    if not by.has_perm("assessment.add_criterionresult", assessment):
        raise NotAllowed(_("Only a reviewer assigned to this project records results."))
    if criterion.step.framework_id != assessment.framework_id:
        raise WorkflowError(_("The criterion is not in the assessment's framework."))
    if outcome not in Outcome.values:
        raise WorkflowError(
            _("Unknown outcome %(outcome)s; allowed: %(allowed)s")
            % {"outcome": outcome, "allowed": ", ".join(Outcome.values)}
        )
    if not rationale.strip():
        raise WorkflowError(_("Give the rationale of the outcome."))
    if not criterion.is_safeguard:
        safeguards = [c for c in assessment.framework.criteria() if c.is_safeguard]
        passed = {
            r.criterion_id for r in assessment.results.filter(criterion__in=safeguards) if r.passes_safeguard
        }
        pending = [c.code for c in safeguards if c.pk not in passed]
        if pending:
            raise WorkflowError(
                _("Safeguards first: assess %(codes)s before the other criteria.")
                % {"codes": ", ".join(pending)}
            )
    result, _created = CriterionResult.objects.update_or_create(
        assessment=assessment,
        criterion=criterion,
        defaults={"outcome": outcome, "rationale": rationale, "reviewer": by},
    )
    if criterion.is_safeguard and not result.passes_safeguard:
        _end_on_safeguard(project, assessment, result, by)
    return result


def _end_on_safeguard(project: Project, assessment: Assessment, result: CriterionResult, by) -> None:
    reasons = _("Safeguard %(code)s %(name)s: %(outcome)s. %(rationale)s") % {
        "code": result.criterion.code,
        "name": result.criterion.name,
        "outcome": result.get_outcome_display(),
        "rationale": result.rationale,
    }
    assessment.report = (
        _(
            "The review ended at step 1 (safeguards): the project does not meet a safeguard of the "
            "initiative's reference criteria, so the other criteria were not assessed."
        )
        + "\n\n"
        + reasons
        + ("\n\n" + assessment.report if assessment.report.strip() else "")
    )
    assessment.recommendation = Recommendation.NOT_SUPPORTED
    assessment.letter_of_support = ""
    assessment.completed_at = timezone.now()
    assessment.save()
    _move(project, "fail_safeguard", S.SAFEGUARD_FAILED, by, reasons)


REVIEWER_FIELDS = ("report", "recommendation", "letter_of_support")
SECRETARIAT_FIELDS = ("request_complete", "eligibility_note")


@transaction.atomic
def edit_assessment(assessment: Assessment, user, **fields) -> Assessment:
    """Change the report fields (assigned reviewer, during the review) or the eligibility fields
    (secretariat, during the eligibility check). Anything else is refused."""
    project = Project.objects.select_for_update().get(pk=assessment.project_id)
    assessment = Assessment.objects.get(pk=assessment.pk)
    unknown = set(fields) - set(REVIEWER_FIELDS) - set(SECRETARIAT_FIELDS)
    if unknown:
        raise WorkflowError(
            _("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if set(fields) & set(REVIEWER_FIELDS):
        if not user.has_perm("assessment.write_report", assessment):
            raise NotAllowed(_("Only a reviewer assigned to this project writes the report."))
        if project.status != S.IN_REVIEW:
            raise WorkflowError(_("The report is written while the project is in review."))
        if fields.get("recommendation") not in (None, "", *Recommendation.values):
            raise WorkflowError(
                _("Unknown recommendation; allowed: %(allowed)s")
                % {"allowed": ", ".join(Recommendation.values)}
            )
    if set(fields) & set(SECRETARIAT_FIELDS):
        if not user.has_perm("assessment.check_eligibility", assessment):
            raise NotAllowed(_("Only the secretariat checks eligibility."))
        if project.status not in (S.SUBMITTED, S.ELIGIBILITY):
            raise WorkflowError(_("Eligibility is checked before the review starts."))
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.save()
    return assessment
