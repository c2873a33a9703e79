"""Existing databases: the framework's English text (title, steps, criteria, indicators) moves to its
``_en`` columns (django-modeltranslation), and French and Spanish are filled from
``data/default_framework.translations.yaml`` wherever the English text is still the default framework's
(``data/default_framework.yaml``), in every version (drafts start as copies of it). A text the secretariat
rewrote gets no stale translation; a translation already entered is never replaced. Translating a published
version changes no criterion: the version stays frozen in what it asks."""

from importlib import resources

import yaml
from django.db import migrations


def _yaml(name):
    text = resources.files("fourpermille.web.assessment").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _clean(text):
    return " ".join(str(text or "").split())


def _fill(record, fields, english, translations):
    """``english``: field -> the default's English; ``translations``: language -> field -> text."""
    for field in fields:
        original = getattr(record, field)
        if not getattr(record, f"{field}_en"):
            setattr(record, f"{field}_en", original)
        if english is None or _clean(english.get(field)) != _clean(original):
            continue
        for lang, texts in translations.items():
            text = _clean(texts.get(field)) if texts else ""
            if text and not getattr(record, f"{field}_{lang}"):
                setattr(record, f"{field}_{lang}", text)
    record.save()


def forwards(apps, schema_editor):
    default = _yaml("default_framework.yaml")
    translations = _yaml("default_framework.translations.yaml")
    steps = {s["number"]: s for s in default["steps"]}
    criteria = {c["code"]: c for s in default["steps"] for c in s["criteria"]}
    indicators = {i["code"]: i for c in criteria.values() for i in c.get("indicators", [])}

    def of(kind, key):
        return {lang: tables.get(kind, {}).get(key, {}) for lang, tables in translations.items()}

    for framework in apps.get_model("assessment", "Framework").objects.all():
        _fill(
            framework, ("title", "notes"), default, {lang: t["framework"] for lang, t in translations.items()}
        )
    for step in apps.get_model("assessment", "Step").objects.all():
        _fill(step, ("name", "description"), steps.get(step.number), of("steps", step.number))
    for criterion in apps.get_model("assessment", "Criterion").objects.all():
        _fill(criterion, ("name", "guidance"), criteria.get(criterion.code), of("criteria", criterion.code))
    for indicator in apps.get_model("assessment", "Indicator").objects.all():
        _fill(
            indicator,
            ("name", "method", "metric"),
            indicators.get(indicator.code),
            of("indicators", indicator.code),
        )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_translated_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
