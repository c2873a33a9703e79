"""Existing databases: the objectives' English text moves to its ``_en`` column (django-modeltranslation),
and French and Spanish are filled from ``data/roadmap_objectives.fr.csv`` / ``.es.csv`` wherever the English
text is still the plan's (``data/roadmap_objectives.csv``): a text the secretariat rewrote keeps no stale
translation (it shows in English until translated). A translation already entered is never replaced."""

import csv
import io
from importlib import resources

from django.db import migrations

FIELDS = ("text", "baseline_2020", "target_2030", "target_2050", "kpi")


def _rows(name):
    text = resources.files("fourpermille.web.roadmap").joinpath("data", name).read_text(encoding="utf-8")
    return {row["objective"]: row for row in csv.DictReader(io.StringIO(text))}


def forwards(apps, schema_editor):
    RoadmapObjective = apps.get_model("roadmap", "RoadmapObjective")
    english = _rows("roadmap_objectives.csv")
    translated = {lang: _rows(f"roadmap_objectives.{lang}.csv") for lang in ("fr", "es")}
    for objective in RoadmapObjective.objects.all():
        for field in FIELDS:
            original = getattr(objective, field)
            if not getattr(objective, f"{field}_en"):
                setattr(objective, f"{field}_en", original)
            source = english.get(objective.code)
            if source is None or source[field] != original:
                continue
            for lang, rows in translated.items():
                if not getattr(objective, f"{field}_{lang}") and rows[objective.code][field]:
                    setattr(objective, f"{field}_{lang}", rows[objective.code][field])
        objective.save()


class Migration(migrations.Migration):
    dependencies = [("roadmap", "0005_translated_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
