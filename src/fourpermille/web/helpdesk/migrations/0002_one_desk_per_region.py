"""One helpdesk per region of the initiative (community.Region), open to questions, with a short
description in English, French and Spanish. A desk that already exists keeps what the secretariat set."""

from django.db import migrations

#: region -> (en, fr, es)
DESCRIPTIONS = {
    "africa": (
        "Questions on soil carbon practices, projects and monitoring in Africa.",
        "Questions sur les pratiques, les projets et le suivi du carbone des sols en Afrique.",
        "Preguntas sobre prácticas, proyectos y seguimiento del carbono del suelo en África.",
    ),
    "asia": (
        "Questions on soil carbon practices, projects and monitoring in Asia and the Pacific.",
        "Questions sur les pratiques, les projets et le suivi du carbone des sols en Asie et dans le"
        " Pacifique.",
        "Preguntas sobre prácticas, proyectos y seguimiento del carbono del suelo en Asia y el Pacífico.",
    ),
    "europe": (
        "Questions on soil carbon practices, projects and monitoring in Europe.",
        "Questions sur les pratiques, les projets et le suivi du carbone des sols en Europe.",
        "Preguntas sobre prácticas, proyectos y seguimiento del carbono del suelo en Europa.",
    ),
    "latin_america": (
        "Questions on soil carbon practices, projects and monitoring in Latin America and the Caribbean.",
        "Questions sur les pratiques, les projets et le suivi du carbone des sols en Amérique latine et"
        " dans les Caraïbes.",
        "Preguntas sobre prácticas, proyectos y seguimiento del carbono del suelo en América Latina y el"
        " Caribe.",
    ),
    "north_america": (
        "Questions on soil carbon practices, projects and monitoring in North America.",
        "Questions sur les pratiques, les projets et le suivi du carbone des sols en Amérique du Nord.",
        "Preguntas sobre prácticas, proyectos y seguimiento del carbono del suelo en América del Norte.",
    ),
    "middle_east": (
        "Questions on soil carbon practices, projects and monitoring in the Middle East and North Africa.",
        "Questions sur les pratiques, les projets et le suivi du carbone des sols au Moyen-Orient et en"
        " Afrique du Nord.",
        "Preguntas sobre prácticas, proyectos y seguimiento del carbono del suelo en Oriente Medio y el Norte"
        " de África.",
    ),
}


def forwards(apps, schema_editor):
    Desk = apps.get_model("helpdesk", "Desk")
    for region, (en, fr, es) in DESCRIPTIONS.items():
        Desk.objects.get_or_create(
            region=region,
            defaults={"description": en, "description_en": en, "description_fr": fr, "description_es": es},
        )


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0001_desks_and_questions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
