"""The resource library (``library.Document``) replaces the catalogue's old document list: its migration 0003
copies the old documents first, then they go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("resources", "0006_case_studies"),
        ("library", "0003_copy_documents_of_resources"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="historicaldocument_practices",
            name="document",
        ),
        migrations.RemoveField(
            model_name="historicaldocument",
            name="history_user",
        ),
        migrations.RemoveField(
            model_name="historicaldocument_practices",
            name="history",
        ),
        migrations.RemoveField(
            model_name="historicaldocument_practices",
            name="practice",
        ),
        migrations.DeleteModel(
            name="Document",
        ),
        migrations.DeleteModel(
            name="HistoricalDocument",
        ),
        migrations.DeleteModel(
            name="HistoricalDocument_practices",
        ),
    ]
