"""Criteria framework services: load the documented default, start a new version, publish it."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fourpermille.web.assessment.models import (
    Criterion,
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
