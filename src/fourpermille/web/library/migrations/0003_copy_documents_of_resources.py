"""Copy the documents of the old ``resources.Document`` (title, kind, address, language, summary, practices)
into the library, published, before that model is removed.

Kinds map to the library's (a "tool" becomes a guide, a "policy" a policy brief); the publication year,
which the old model lacked, is the year the record was created; a language other than English, French or
Spanish is "other". Running it again copies nothing twice (same title and address).

The migration that deletes ``resources.Document`` must depend on this one.
"""

from django.db import migrations

KINDS = {
    "guide": "guide",
    "report": "report",
    "tool": "guide",
    "dataset": "dataset",
    "policy": "policy_brief",
}
LANGUAGES = ("en", "fr", "es")


def library_language(code: str) -> str:
    code = (code or "").strip().lower()[:2]
    return code if code in LANGUAGES else "other"


def copy_documents(apps, schema_editor):
    Old = apps.get_model("resources", "Document")
    Document = apps.get_model("library", "Document")
    for old in Old.objects.order_by("pk"):
        if Document.objects.filter(title=old.title, url=old.url).exists():
            continue
        language = library_language(old.language)
        text_language = language if language in LANGUAGES else "en"
        document = Document.objects.create(
            kind=KINDS.get(old.kind, "guide"),
            title=old.title,
            summary=old.summary,
            **{f"title_{text_language}": old.title, f"summary_{text_language}": old.summary},
            year=old.created_at.year,
            language=language,
            url=old.url,
            status="published",
        )
        document.practices.set(old.practices.all())


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0002_topics_and_reference_documents"),
        ("resources", "0005_practices_in_french_and_spanish"),
    ]

    operations = [migrations.RunPython(copy_documents, migrations.RunPython.noop)]
