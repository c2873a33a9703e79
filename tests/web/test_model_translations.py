"""The data users read in French and Spanish: roadmap objectives, criteria framework, practices (field by
field, django-modeltranslation), seeded complete, copied whole, filled in existing databases, audited."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from fourpermille import practices
from fourpermille.web.assessment import services
from fourpermille.web.assessment.models import Criterion, Framework, Indicator, Step
from fourpermille.web.assessment.translation import CRITERION_FIELDS, INDICATOR_FIELDS, STEP_FIELDS
from fourpermille.web.resources.models import Practice
from fourpermille.web.roadmap.models import RoadmapObjective
from fourpermille.web.roadmap.translation import OBJECTIVE_FIELDS
from fourpermille.web.tools.models import ExternalTool
from fourpermille.web.tools.translation import TOOL_FIELDS

pytestmark = pytest.mark.django_db

TRANSLATED = [
    (RoadmapObjective, OBJECTIVE_FIELDS),
    (Step, STEP_FIELDS),
    (Criterion, CRITERION_FIELDS),
    (Indicator, INDICATOR_FIELDS),
    (Practice, ("name", "description")),
    (ExternalTool, TOOL_FIELDS),
]


@pytest.mark.parametrize("model, fields", TRANSLATED, ids=lambda v: getattr(v, "__name__", ""))
def test_every_seeded_text_is_in_french_and_spanish(model, fields):
    records = list(model.objects.all())
    assert records
    for record in records:
        for field in fields:
            english = getattr(record, f"{field}_en")
            for lang in ("fr", "es"):
                translated = getattr(record, f"{field}_{lang}")
                assert bool(translated) == bool(english), (model.__name__, record.pk, field, lang)
                if english and field not in ("metric",) and len(english) > 12:
                    assert translated != english, (model.__name__, record.pk, field, lang)


def test_the_reader_s_language_is_read():
    objective = RoadmapObjective.objects.get(code="B1")
    criterion = Criterion.objects.filter(code="1.2").first()
    with translation.override("fr"):
        assert objective.target_2030 == "50 % des Parties à la CCNUCC (98 pays)."
        assert criterion.name == "Droits fonciers"
    with translation.override("es"):
        assert objective.target_2030 == "El 50 % de las Partes de la CMNUCC (98 países)."
        assert criterion.name == "Derechos de tenencia de la tierra"
    with translation.override("en"):
        assert objective.target_2030 == "50 % of UNFCCC country Parties (98 countries)."
        assert criterion.name == "Land tenure rights"


def test_practices_read_as_the_catalogue_names_them():
    catalogue = practices.load().practices["no_till"]
    record = Practice.objects.get(code="no-till")
    for lang in ("fr", "es"):
        with translation.override(lang):
            assert record.name == catalogue.name_in(lang) == record.display_name


def test_an_untranslated_text_shows_in_english():
    objective = RoadmapObjective.objects.get(code="A3")
    objective.text_es = None
    objective.save()
    with translation.override("es"):
        assert RoadmapObjective.objects.get(code="A3").text == objective.text_en


def test_a_new_framework_version_keeps_every_translation(users):
    draft = services.new_framework_draft(Framework.current(), "2031.9", users["secretariat"])
    criterion = draft.criteria().get(code="2.2")
    source = Framework.current().criteria().get(code="2.2")
    for lang in ("en", "fr", "es"):
        assert getattr(criterion, f"name_{lang}") == getattr(source, f"name_{lang}")
        assert getattr(criterion, f"guidance_{lang}") == getattr(source, f"guidance_{lang}")
    indicator = criterion.indicators.get(code="2.2.a")
    assert indicator.method_fr.startswith("Mesurée") and indicator.method_es.startswith("Medida")
    assert draft.title_fr == Framework.current().title_fr


def test_editing_in_french_changes_the_french_only_and_is_kept_in_history():
    objective = RoadmapObjective.objects.get(code="C4")
    english = objective.text_en
    with translation.override("fr"):
        objective.text = "Texte revu par le secrétariat."
        objective.save()
    objective.refresh_from_db()
    assert objective.text_en == english and objective.text_fr == "Texte revu par le secrétariat."
    assert objective.history.first().text_fr == "Texte revu par le secrétariat."


def _migration(app, name):
    return importlib.import_module(f"fourpermille.web.{app}.migrations.{name}")


def test_existing_databases_get_the_translations_of_unedited_text():
    """The data migrations fill French and Spanish where the English is still the seeded one, never over
    a translation already entered, and leave a rewritten English text untranslated."""
    kept = RoadmapObjective.objects.get(code="A1")
    rewritten = RoadmapObjective.objects.get(code="A4")
    RoadmapObjective.objects.filter(pk__in=[kept.pk, rewritten.pk]).update(text_fr=None, text_es="déjà là")
    RoadmapObjective.objects.filter(pk=rewritten.pk).update(text="Rewritten.", text_en="Rewritten.")
    _migration("roadmap", "0006_objectives_in_french_and_spanish").forwards(django_apps, None)
    kept.refresh_from_db()
    rewritten.refresh_from_db()
    assert (
        kept.text_fr.startswith("Faire en sorte que les contributions déterminées")
        and kept.text_es == "déjà là"
    )
    assert rewritten.text_fr is None

    criterion = Criterion.objects.filter(code="3.4").first()
    Criterion.objects.filter(pk=criterion.pk).update(name_fr=None, name_es=None)
    _migration("assessment", "0003_framework_in_french_and_spanish").forwards(django_apps, None)
    criterion.refresh_from_db()
    assert (criterion.name_fr, criterion.name_es) == ("Biodiversité", "Biodiversidad")

    Practice.objects.filter(code="biochar").update(name_es=None)
    _migration("resources", "0005_practices_in_french_and_spanish").forwards(django_apps, None)
    assert Practice.objects.get(code="biochar").name_es == "Biocarbón"
