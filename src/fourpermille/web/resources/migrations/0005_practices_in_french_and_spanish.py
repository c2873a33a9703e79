"""Existing databases: each practice's English name and description move to their ``_en`` columns
(django-modeltranslation); catalogue practices get their French and Spanish from the catalogue
(``fourpermille.practices``, its ``translations``), the source of the names. A translation already entered
is never replaced."""

from django.db import migrations

FIELDS = ("name", "description")


def forwards(apps, schema_editor):
    from fourpermille import practices

    Practice = apps.get_model("resources", "Practice")
    catalogue = {entry.id.replace("_", "-"): entry for entry in practices.load().practices.values()}
    for practice in Practice.objects.all():
        entry = catalogue.get(practice.code)
        for field in FIELDS:
            if not getattr(practice, f"{field}_en"):
                setattr(practice, f"{field}_en", getattr(practice, field))
            for lang in ("fr", "es"):
                text = (entry.translations.get(lang, {}).get(field) if entry else None) or None
                if text and not getattr(practice, f"{field}_{lang}"):
                    setattr(practice, f"{field}_{lang}", text)
        practice.save()


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_translated_fields")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
