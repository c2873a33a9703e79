"""Existing databases: the platform's practice records become those of the catalogue (fourpermille.practices).

The platform kept its own list of 17 names (web/resources/data/practices.yaml, now gone). Each old record
is moved to the catalogue practice it names (its projects, commitments and documents follow), then
deleted if its code is not a catalogue code; every catalogue practice gets a record with its name,
category and description. ``OLD_TO_NEW`` is the decision written in the commit and in
docs/guide/platform.md (several names were the same practice under another name).
"""

from django.db import migrations

OLD_TO_NEW = {
    "organic-amendments": ["manure", "compost"],
    "water-harvesting": ["irrigation"],
    "grassland-restoration": ["degraded-land-restoration"],
    "dryland-restoration": ["degraded-land-restoration"],
    "erosion-control": ["degraded-land-restoration"],
    "cropland-to-grassland": ["set-aside"],
    "silvopasture": ["agroforestry"],
}


def forwards(apps, schema_editor):
    from fourpermille import practices

    Practice = apps.get_model("resources", "Practice")
    Project = apps.get_model("projects", "Project")
    Commitment = apps.get_model("commitments", "Commitment")
    Document = apps.get_model("resources", "Document")
    records = {}
    for entry in practices.load().practices.values():
        code = entry.id.replace("_", "-")
        record, _created = Practice.objects.update_or_create(
            code=code,
            defaults={"name": entry.name, "category": entry.category, "description": entry.description},
        )
        records[code] = record
    for old in Practice.objects.exclude(code__in=list(records)):
        targets = [records[code] for code in OLD_TO_NEW.get(old.code, [])]
        for model, field in ((Project, "practices"), (Commitment, "actions"), (Document, "practices")):
            for owner in model.objects.filter(**{field: old}):
                getattr(owner, field).add(*targets)
        old.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0002_practice_categories_of_the_catalogue"),
        ("projects", "0001_initial"),
        ("commitments", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
