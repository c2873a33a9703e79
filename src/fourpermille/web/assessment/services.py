"""Criteria framework services: load the documented default, start a new version, publish it."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fourpermille.web.assessment.models import (
    Assessment,
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


def page_rows(assessment: Assessment, data=None) -> list[PageRow]:
    """The criteria of the assessment's framework in the workflow's order (safeguards first), each with its
    stored result, or with the values posted in ``data`` when given (a page shown again after a refusal)."""
    results = {r.criterion_id: r for r in assessment.results.select_related("reviewer")}
    criteria = assessment.framework.criteria().prefetch_related("indicators")
    rows = []
    for criterion in sorted(criteria, key=lambda c: (not c.is_safeguard, c.step.number, c.position, c.code)):
        result = results.get(criterion.pk)
        row = PageRow(criterion, result, result.outcome if result else "", result.rationale if result else "")
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


def save_page(assessment: Assessment, user, rows: list[PageRow], report: dict | None) -> PageSaved:
    """Store what the reviewer typed on the page, criterion by criterion through ``workflow.record_result``
    (which enforces safeguards first and ends the review on a safeguard not met), then the report fields
    through ``workflow.edit_assessment``. A row that cannot be stored keeps its text and gets its reason;
    the rows before and after it are stored. Unchanged rows are not written again."""
    from fourpermille.web.assessment import workflow
    from fourpermille.web.core.errors import WorkflowError
    from fourpermille.web.projects.models import Project, ProjectStatus

    saved = PageSaved()
    for row in rows:
        if not row.outcome and not row.rationale:
            continue
        if row.result and (row.result.outcome, row.result.rationale) == (row.outcome, row.rationale):
            continue
        if not row.outcome or not row.rationale:
            row.error = _("Give both the outcome and its rationale.")
            saved.errors += 1
            continue
        if saved.ended_on_safeguard:
            row.error = _("Not stored: the review ended on a safeguard.")
            saved.errors += 1
            continue
        try:
            row.result = workflow.record_result(assessment, row.criterion, row.outcome, row.rationale, user)
        except WorkflowError as error:
            row.error = str(error)
            saved.errors += 1
            continue
        saved.recorded += 1
        if Project.objects.get(pk=assessment.project_id).status == ProjectStatus.SAFEGUARD_FAILED:
            saved.ended_on_safeguard = True
    if report is not None and not saved.ended_on_safeguard:
        current = Assessment.objects.get(pk=assessment.pk)
        changed = {k: v for k, v in report.items() if getattr(current, k) != v}
        if changed:
            workflow.edit_assessment(assessment, user, **changed)
    return saved


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


def document_context(assessment: Assessment, kind: str) -> dict:
    """What the report (``kind="report"``) or the letter of support (``"letter"``) shows: the project, the
    framework version, the results step by step (safeguards first), the report and the recommendation."""
    from fourpermille.web.assessment import workflow

    project = assessment.project
    rows = page_rows(assessment)
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
        "draft": not assessment.completed_at,
    }


def document_html(assessment: Assessment, kind: str, request=None) -> str:
    from django.template.loader import render_to_string

    return render_to_string(DOCUMENT_TEMPLATE, document_context(assessment, kind), request=request)


def document_pdf(assessment: Assessment, kind: str) -> bytes:
    """The same HTML document as PDF (``fourpermille.reports.pdf.html_to_pdf``, the platform's one PDF
    route)."""
    from fourpermille.reports.pdf import html_to_pdf

    return html_to_pdf(document_html(assessment, kind))
