"""Criteria framework services: load the documented default, start a new version, publish it."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fourpermille.web.assessment.models import (
    Assessment,
    AssessmentDraft,
    Criterion,
    CriterionResult,
    Framework,
    FrameworkStatus,
    Indicator,
    Step,
)
from fourpermille.web.assessment.translation import (
    CRITERION_FIELDS,
    FRAMEWORK_FIELDS,
    INDICATOR_FIELDS,
    STEP_FIELDS,
)
from fourpermille.web.core import roles
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.core.translated import every_language, from_source

DEFAULT_FRAMEWORK_FILE = "default_framework.yaml"
#: French and Spanish of the default framework, keyed by step number and criterion / indicator code.
DEFAULT_FRAMEWORK_TRANSLATIONS_FILE = "default_framework.translations.yaml"


def default_framework_data() -> dict[str, Any]:
    """The documented default framework (``assessment/data/default_framework.yaml``)."""
    text = (
        resources.files("fourpermille.web.assessment")
        .joinpath("data", DEFAULT_FRAMEWORK_FILE)
        .read_text(encoding="utf-8")
    )
    return yaml.safe_load(text)


def default_framework_translations() -> dict[str, Any]:
    """language -> {framework, steps, criteria, indicators} (``data/default_framework.translations.yaml``)."""
    text = (
        resources.files("fourpermille.web.assessment")
        .joinpath("data", DEFAULT_FRAMEWORK_TRANSLATIONS_FILE)
        .read_text(encoding="utf-8")
    )
    return yaml.safe_load(text)


def _translations_of(translations: dict[str, Any], kind: str, key) -> dict[str, dict[str, str]]:
    """language -> field -> text of one item (``kind``: framework, steps, criteria, indicators)."""
    found = {}
    for lang, tables in translations.items():
        table = tables.get(kind, {})
        item = table if kind == "framework" else table.get(key, {})
        found[lang] = {field: " ".join(str(text).split()) for field, text in item.items()}
    return found


@transaction.atomic
def load_framework(
    data: dict[str, Any], publish: bool = True, translations: dict[str, Any] | None = None
) -> Framework:
    """Create a framework version from ``data`` (the layout of the default YAML file), its text in every
    language ``translations`` gives (the layout of the default's translations file)."""
    translations = translations or {}

    def text(kind, key, english, fields):
        return from_source(english, _translations_of(translations, kind, key), fields)

    framework = Framework.objects.create(
        version=data["version"],
        **text("framework", None, {"title": data["title"], "notes": data.get("notes", "")}, FRAMEWORK_FIELDS),
    )
    for step_data in data["steps"]:
        step = Step.objects.create(
            framework=framework,
            number=step_data["number"],
            kind=step_data["kind"],
            **text("steps", step_data["number"], step_data, STEP_FIELDS),
        )
        for position, crit in enumerate(step_data["criteria"], start=1):
            english = {"name": crit["name"], "guidance": " ".join(crit.get("guidance", "").split())}
            criterion = Criterion.objects.create(
                step=step,
                code=crit["code"],
                position=position,
                sdgs=crit.get("sdgs", ""),
                is_proposal=bool(crit.get("proposal", False)),
                **text("criteria", crit["code"], english, CRITERION_FIELDS),
            )
            for ind in crit.get("indicators", []):
                Indicator.objects.create(
                    criterion=criterion,
                    code=ind["code"],
                    is_proposal=bool(ind.get("proposal", False)),
                    **text("indicators", ind["code"], ind, INDICATOR_FIELDS),
                )
    if publish:
        framework.status = FrameworkStatus.PUBLISHED
        framework.published_at = timezone.now()
        framework.save()
    return framework


def ensure_default_framework() -> Framework:
    """The default framework, loaded and published if no framework exists yet."""
    data = default_framework_data()
    existing = Framework.objects.filter(version=data["version"]).first()
    return existing or load_framework(data, translations=default_framework_translations())


@transaction.atomic
def new_framework_draft(source: Framework, version: str, by) -> Framework:
    """A draft copy of ``source`` under a new version number, for the secretariat to edit."""
    if not roles.is_secretariat(by):
        raise NotAllowed(_("Only the secretariat edits the criteria framework."))
    version = version.strip()
    if not version:
        raise WorkflowError(_("Give the new version number."))
    if Framework.objects.filter(version=version).exists():
        raise WorkflowError(_("Version %(version)s exists already.") % {"version": version})
    draft = Framework.objects.create(
        version=version,
        **every_language(source, ["title"]),
        notes=_("Copied from version %(version)s.") % {"version": source.version},
    )
    # every translation is copied: a draft starts with the text of each language of its source
    for step in source.steps.all():
        new_step = Step.objects.create(
            framework=draft, number=step.number, kind=step.kind, **every_language(step, STEP_FIELDS)
        )
        for criterion in step.criteria.all():
            new_criterion = Criterion.objects.create(
                step=new_step,
                code=criterion.code,
                position=criterion.position,
                sdgs=criterion.sdgs,
                is_proposal=criterion.is_proposal,
                **every_language(criterion, CRITERION_FIELDS),
            )
            for indicator in criterion.indicators.all():
                Indicator.objects.create(
                    criterion=new_criterion,
                    code=indicator.code,
                    is_proposal=indicator.is_proposal,
                    **every_language(indicator, INDICATOR_FIELDS),
                )
    return draft


@transaction.atomic
def publish_framework(framework: Framework, by) -> Framework:
    """Publish a draft: it becomes the version new assessments use; the previous ones are retired.

    Assessments already started keep the version they recorded.
    """
    if not roles.is_secretariat(by):
        raise NotAllowed(_("Only the secretariat publishes the criteria framework."))
    if framework.status != FrameworkStatus.DRAFT:
        raise WorkflowError(_("Only a draft can be published."))
    criteria = list(framework.criteria())
    if not criteria:
        raise WorkflowError(_("A framework needs at least one criterion."))
    if not any(c.is_safeguard for c in criteria):
        raise WorkflowError(_("A framework needs at least one safeguard (step of type safeguards)."))
    for previous in Framework.objects.filter(status=FrameworkStatus.PUBLISHED):
        previous.status = FrameworkStatus.RETIRED
        previous.save()  # saved one by one so the history records each retirement
    framework.status = FrameworkStatus.PUBLISHED
    framework.published_at = timezone.now()
    framework.save()
    return framework


# --- The reviewer's one page: every criterion, the project's evidence beside it, a draft saved as they go ---


@dataclass
class PageRow:
    """One criterion of the reviewer's page: its stored result, what was typed, and why it was not saved."""

    criterion: Criterion
    result: CriterionResult | None
    outcome: str = ""
    rationale: str = ""
    error: str = ""

    @property
    def field(self) -> str:
        return f"c{self.criterion.pk}"


def page_rows(assessment: Assessment, data=None, draft: AssessmentDraft | None = None) -> list[PageRow]:
    """The criteria of the assessment's framework in the workflow's order (safeguards first), each with its
    stored result and what the page shows: the reviewer's draft where it has the criterion, else the stored
    result, or the values posted in ``data`` when given (a page shown again after a refusal)."""
    results = {r.criterion_id: r for r in assessment.results.select_related("reviewer")}
    criteria = assessment.framework.criteria().prefetch_related("indicators")
    rows = []
    for criterion in sorted(criteria, key=lambda c: (not c.is_safeguard, c.step.number, c.position, c.code)):
        result = results.get(criterion.pk)
        row = PageRow(criterion, result, result.outcome if result else "", result.rationale if result else "")
        if draft is not None and str(criterion.pk) in draft.entries:
            row.outcome, row.rationale = draft.entry(criterion.pk)
        if data is not None:
            row.outcome = data.get(f"{row.field}-outcome", "").strip()
            row.rationale = data.get(f"{row.field}-rationale", "").strip()
        rows.append(row)
    return rows


@dataclass
class PageSaved:
    recorded: int = 0
    errors: int = 0
    ended_on_safeguard: bool = False


def draft_for(assessment: Assessment, user) -> AssessmentDraft | None:
    """The user's unsubmitted draft of this assessment, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return AssessmentDraft.objects.filter(assessment=assessment, reviewer=user).first()


def _check_reviewer_in_review(assessment: Assessment, user) -> None:
    from fourpermille.web.core.errors import NotAllowed, WorkflowError
    from fourpermille.web.projects.models import Project, ProjectStatus

    if not user.has_perm("assessment.add_criterionresult", assessment):
        raise NotAllowed(_("Only a reviewer assigned to this project records results."))
    if Project.objects.get(pk=assessment.project_id).status != ProjectStatus.IN_REVIEW:
        raise WorkflowError(_("Results are recorded only while the project is in review."))


def save_draft(assessment: Assessment, user, rows: list[PageRow], report: dict) -> AssessmentDraft:
    """Keep what the reviewer typed as their draft: nothing is recorded and the workflow does not move
    (a safeguard drafted as "not met" ends nothing until the assessment is submitted). Rows left empty are
    not kept; rows equal to the stored result are kept too, so the draft is the whole page."""
    _check_reviewer_in_review(assessment, user)
    entries = {
        str(row.criterion.pk): {"outcome": row.outcome, "rationale": row.rationale}
        for row in rows
        if row.outcome or row.rationale
    }
    draft, _created = AssessmentDraft.objects.update_or_create(
        assessment=assessment, reviewer=user, defaults={"entries": entries, **report}
    )
    return draft


def submit_draft(assessment: Assessment, user, draft: AssessmentDraft) -> tuple[PageSaved, list[PageRow]]:
    """Record the reviewer's draft through the workflow: each criterion through ``workflow.record_result``
    in the page's order (safeguards first; a safeguard not met ends the review and nothing after it is
    recorded), then the report fields through ``workflow.edit_assessment``; then the draft is deleted.

    All or nothing: a row with an outcome but no rationale (or the reverse), or a row the workflow refuses
    (a criterion before every safeguard is met), records nothing and comes back with its reason; the draft
    stays. Rows equal to the stored result are not written again."""
    from fourpermille.web.assessment import workflow
    from fourpermille.web.core.errors import WorkflowError
    from fourpermille.web.projects.models import Project, ProjectStatus

    _check_reviewer_in_review(assessment, user)
    rows = page_rows(assessment, draft=draft)
    saved = PageSaved()
    for row in rows:
        if (row.outcome or row.rationale) and not (row.outcome and row.rationale):
            row.error = _("Give both the outcome and its rationale.")
            saved.errors += 1
    if saved.errors:
        return saved, rows
    failed = False
    with transaction.atomic():
        for row in rows:
            if not row.outcome:
                continue
            if row.result and (row.result.outcome, row.result.rationale) == (row.outcome, row.rationale):
                continue
            try:
                row.result = workflow.record_result(
                    assessment, row.criterion, row.outcome, row.rationale, user
                )
            except WorkflowError as error:
                row.error = str(error)
                saved.errors += 1
                failed = True
                break
            saved.recorded += 1
            if Project.objects.get(pk=assessment.project_id).status == ProjectStatus.SAFEGUARD_FAILED:
                saved.ended_on_safeguard = True
                break
        if not failed and not saved.ended_on_safeguard:
            current = Assessment.objects.get(pk=assessment.pk)
            report = {k: getattr(draft, k) for k in workflow.REVIEWER_FIELDS}
            changed = {k: v for k, v in report.items() if getattr(current, k) != v}
            if changed:
                workflow.edit_assessment(assessment, user, **changed)
        if failed:
            transaction.set_rollback(True)
        else:
            draft.delete()
    if failed:  # nothing recorded: the page again, from the draft, with the reason on its row
        saved.recorded = 0
        rows_after = page_rows(assessment, draft=draft)
        for before, after in zip(rows, rows_after, strict=True):
            after.error = before.error
        return saved, rows_after
    return saved, rows


def project_evidence(project) -> dict:
    """What the reviewer reads beside the criteria: the project's sites with their measured stock (the
    stored profile stocks of each site's latest campaign), its ex-ante estimate and its MRV results."""
    from fourpermille.web.estimates.services import ex_ante_record
    from fourpermille.web.monitoring.services import site_stocks

    sites = [(site, site_stocks(site)) for site in project.sites.order_by("name", "pk")]
    return {
        "sites": sites,
        "estimate": ex_ante_record(project, light=True),
        "mrv_records": list(project.mrv_records.order_by("period", "pk")),
        "upload_count": sum(site.uploads.count() for site, _stocks in sites),
    }


# --- The assessment report and the letter of support: one HTML document, shown or printed to PDF ---

DOCUMENT_TEMPLATE = "assessment/document.html"
DOCUMENT_KINDS = ("report", "letter")


def document_context(assessment: Assessment, kind: str, draft: AssessmentDraft | None = None) -> dict:
    """What the report (``kind="report"``) or the letter of support (``"letter"``) shows: the project, the
    framework version, the results step by step (safeguards first), the report and the recommendation.

    With a reviewer's ``draft``: the preview of what submitting it would record (the draft's entries and
    report fields over the stored ones, shown in memory, nothing saved)."""
    from fourpermille.web.assessment import workflow

    project = assessment.project
    rows = page_rows(assessment, draft=draft)
    if draft is not None:
        assessment = Assessment.objects.get(pk=assessment.pk)  # a copy that is never saved
        for name in workflow.REVIEWER_FIELDS:
            setattr(assessment, name, getattr(draft, name))
        for row in rows:
            if row.outcome:
                row.result = CriterionResult(
                    assessment=assessment,
                    criterion=row.criterion,
                    outcome=row.outcome,
                    rationale=row.rationale,
                )
    steps: dict = {}
    for row in rows:
        steps.setdefault(row.criterion.step, []).append(row)
    return {
        "kind": kind,
        "assessment": assessment,
        "project": project,
        "steps": list(steps.items()),
        "eligibility": workflow.eligibility_checks(project),
        "reviewers": [a.reviewer for a in assessment.assignments.select_related("reviewer")],
        "draft": draft is not None or not assessment.completed_at,
    }


def document_html(
    assessment: Assessment, kind: str, request=None, draft: AssessmentDraft | None = None
) -> str:
    from django.template.loader import render_to_string

    context = document_context(assessment, kind, draft)
    if draft is not None:  # the reviewer's preview, on screen: the way back to their page
        context["back_url"] = reverse("assessment:assess", args=[assessment.pk])
    return render_to_string(DOCUMENT_TEMPLATE, context, request=request)


def document_pdf(assessment: Assessment, kind: str) -> bytes:
    """The same HTML document as PDF (``fourpermille.reports.pdf.html_to_pdf``, the platform's one PDF
    route)."""
    from fourpermille.reports.pdf import html_to_pdf

    return html_to_pdf(document_html(assessment, kind))
