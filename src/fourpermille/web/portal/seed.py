"""Reference data every installation needs (not demo): the practice catalogue (from the science core's),
the roadmap objectives
(with their 2020 KPI baseline as the first KPI value), the default criteria framework, the role groups.
Idempotent: records that exist are left as the secretariat edited them.
"""

from __future__ import annotations

import csv
import importlib
import io
import math
from importlib import resources

from django.contrib.auth.models import Group
from django.db import transaction

from fourpermille import practices
from fourpermille.web.assessment.services import ensure_default_framework
from fourpermille.web.core import roles
from fourpermille.web.core.translated import from_source
from fourpermille.web.resources.models import Practice, platform_code
from fourpermille.web.resources.translation import PRACTICE_FIELDS
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective
from fourpermille.web.roadmap.services import is_computed
from fourpermille.web.roadmap.translation import OBJECTIVE_FIELDS, objective_translations
from fourpermille.web.tools.catalogue import load_tools

BASELINE_YEAR = 2020


def _data(package: str, name: str) -> str:
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


def _number(text: str) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    value = float(text)
    return None if math.isnan(value) else value


def load_practices() -> int:
    """One record per practice of the science catalogue (``fourpermille.practices``), its name, category
    and description kept in step with it (the catalogue is the source; the records are what projects and
    commitments point to)."""
    created = 0
    for entry in practices.load().practices.values():
        _obj, new = Practice.objects.update_or_create(
            code=platform_code(entry.id),
            defaults={
                "category": entry.category,
                **from_source(
                    {"name": entry.name, "description": entry.description},
                    entry.translations,
                    PRACTICE_FIELDS,
                ),
            },
        )
        created += new
    return created


def objective_rows() -> list[dict[str, str]]:
    """The rows of ``roadmap/data/roadmap_objectives.csv``."""
    return list(csv.DictReader(io.StringIO(_data("fourpermille.web.roadmap", "roadmap_objectives.csv"))))


def load_objectives() -> int:
    created = 0
    translations = objective_translations()
    for row in objective_rows():
        objective, new = RoadmapObjective.objects.get_or_create(
            code=row["objective"],
            defaults={
                "goal": row["goal"],
                **from_source(row, translations.get(row["objective"], {}), OBJECTIVE_FIELDS),
                "kpi_baseline_2020": _number(row["kpi_baseline_2020"]),
                "kpi_target_2030": _number(row["kpi_target_2030"]),
                "kpi_target_2050": _number(row["kpi_target_2050"]),
            },
        )
        created += new
        if new and objective.kpi_baseline_2020 is not None and not is_computed(objective.code):
            KpiValue.objects.create(
                objective=objective,
                year=BASELINE_YEAR,
                value=objective.kpi_baseline_2020,
                note="Baseline 2020 of the strategic plan",
            )
    return created


def ensure_groups() -> None:
    for name in (roles.EDITOR, roles.REVIEWER, roles.SECRETARIAT):
        Group.objects.get_or_create(name=name)


@transaction.atomic
def seed() -> dict[str, int]:
    """Load the reference data; return how many records of each kind were created."""
    ensure_groups()
    framework_existed = ensure_default_framework_exists()
    return {
        "practices": load_practices(),
        "objectives": load_objectives(),
        "frameworks": 0 if framework_existed else 1,
        "tools": load_tools(),
        "desks": _reference_migration("helpdesk", "0002_one_desk_per_region", "Desk"),
        "library_documents": _reference_migration(
            "library", "0002_topics_and_reference_documents", "Document"
        ),
    }


def _reference_migration(app_label: str, migration: str, model: str) -> int:
    """Run a data migration's ``forwards`` again (idempotent: get_or_create / update_or_create) so that the
    reference records it loads (the regional helpdesks, the library's reference documents) come back after
    a database is flushed, as the practices do. It runs on the migrated state's models, as in ``migrate``:
    today's models translate ``title`` into the active language's column (modeltranslation), the state's
    keep every column as it is. Returns how many records of ``model`` it added."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    state_apps = MigrationLoader(connection, ignore_no_migrations=True).project_state().apps
    counted = state_apps.get_model(app_label, model).objects
    before = counted.count()
    importlib.import_module(f"fourpermille.web.{app_label}.migrations.{migration}").forwards(state_apps, None)
    return counted.count() - before


def ensure_default_framework_exists() -> bool:
    from fourpermille.web.assessment.models import Framework

    existed = Framework.objects.exists()
    if not existed:
        ensure_default_framework()
    return existed
