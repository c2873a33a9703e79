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
from fourpermille.web.core import roles
from fourpermille.web.core.errors import NotAllowed, WorkflowError

DEFAULT_FRAMEWORK_FILE = "default_framework.yaml"


def default_framework_data() -> dict[str, Any]:
    """The documented default framework (``assessment/data/default_framework.yaml``)."""
    text = (
        resources.files("fourpermille.web.assessment")
        .joinpath("data", DEFAULT_FRAMEWORK_FILE)
        .read_text(encoding="utf-8")
    )
    return yaml.safe_load(text)


@transaction.atomic
def load_framework(data: dict[str, Any], publish: bool = True) -> Framework:
    """Create a framework version from ``data`` (the layout of the default YAML file)."""
    framework = Framework.objects.create(
        version=data["version"], title=data["title"], notes=data.get("notes", "")
    )
    for step_data in data["steps"]:
        step = Step.objects.create(
            framework=framework,
            number=step_data["number"],
            kind=step_data["kind"],
            name=step_data["name"],
            description=step_data.get("description", ""),
        )
        for position, crit in enumerate(step_data["criteria"], start=1):
            criterion = Criterion.objects.create(
                step=step,
                code=crit["code"],
                position=position,
                name=crit["name"],
                sdgs=crit.get("sdgs", ""),
                guidance=" ".join(crit.get("guidance", "").split()),
                is_proposal=bool(crit.get("proposal", False)),
            )
            for ind in crit.get("indicators", []):
                Indicator.objects.create(
                    criterion=criterion,
                    code=ind["code"],
                    name=ind["name"],
                    method=ind.get("method", ""),
                    metric=ind.get("metric", ""),
                    is_proposal=bool(ind.get("proposal", False)),
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
    return existing or load_framework(data)


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
        title=source.title,
        notes=_("Copied from version %(version)s.") % {"version": source.version},
    )
    for step in source.steps.all():
        new_step = Step.objects.create(
            framework=draft, number=step.number, kind=step.kind, name=step.name, description=step.description
        )
        for criterion in step.criteria.all():
            new_criterion = Criterion.objects.create(
                step=new_step,
                code=criterion.code,
                position=criterion.position,
                name=criterion.name,
                sdgs=criterion.sdgs,
                guidance=criterion.guidance,
                is_proposal=criterion.is_proposal,
            )
            for indicator in criterion.indicators.all():
                Indicator.objects.create(
                    criterion=new_criterion,
                    code=indicator.code,
                    name=indicator.name,
                    method=indicator.method,
                    metric=indicator.metric,
                    is_proposal=indicator.is_proposal,
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
