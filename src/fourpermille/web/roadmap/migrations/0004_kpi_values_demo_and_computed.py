"""Existing databases: label the demo KPI values, and drop the entered values of KPIs that are now computed
from the platform's records (A2, projects selected: ``roadmap.services.COMPUTED``), so that the dashboards,
the roadmap pages and the API cannot show a typed value beside the counted one."""

from django.db import migrations

#: The note ``dashboard.demo`` wrote on its invented KPI values.
DEMO_NOTE = "Demo value (invented)"
#: KPI codes computed from records when this migration was written (roadmap.services.COMPUTED).
COMPUTED = ["A2"]


def forwards(apps, schema_editor):
    KpiValue = apps.get_model("roadmap", "KpiValue")
    KpiValue.objects.filter(note=DEMO_NOTE).update(is_demo=True)
    KpiValue.objects.filter(objective__code__in=COMPUTED).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("roadmap", "0003_kpi_value_demo_flag_and_source"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
