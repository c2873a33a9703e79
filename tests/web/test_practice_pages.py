"""One practice catalogue: the platform's records are the science catalogue's (fourpermille.practices), and
the practice pages show its effects, ranges, land uses, climates and references in EN/FR/ES."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import reverse

from fourpermille import practices
from fourpermille.web.resources.models import Practice, platform_code

pytestmark = pytest.mark.django_db


def test_the_records_are_the_catalogue():
    db = practices.load()
    assert sorted(Practice.objects.values_list("code", flat=True)) == sorted(
        platform_code(p) for p in db.practices
    )
    for record in Practice.objects.all():
        entry = record.catalogue_entry()
        assert (record.name, record.category, record.description) == (
            entry.name,
            entry.category,
            entry.description,
        )


def test_list_shows_every_practice_and_which_have_no_number(client):
    page = client.get(reverse("resources:practice-list")).content.decode()
    db = practices.load()
    for entry in db.practices.values():
        assert f'data-code="{platform_code(entry.id)}"' in page
    assert page.count("No quantified effect yet") == sum(
        not p.has_quantified_effect for p in db.practices.values()
    )
    card = page[page.index('data-code="cover-crops"') :]
    card = card[: card.index("</li>")]
    assert "SOC sequestration rate [t C/ha/yr]" in card and "0.32" in card and "poeplau2015" in card


def test_detail_shows_effects_ranges_and_doi_links(client):
    page = client.get(reverse("resources:practice-detail", args=["cover-crops"])).content.decode()
    # Poeplau & Don (2015): 0.32 +- 0.08 t C/ha/yr
    assert "0.32 [0.24 – 0.4]" in page
    assert '<a href="https://doi.org/10.1016/j.agee.2014.10.024" rel="noopener">' in page
    assert "Cropland (long-term cultivated)" in page and "all climate zones" in page
    assert "input: high_without_manure" in page
    hedgerows = client.get(reverse("resources:practice-detail", args=["hedgerows"])).content.decode()
    assert "Cool temperate moist" in hedgerows and "Tropical moist" not in hedgerows
    biochar = client.get(reverse("resources:practice-detail", args=["biochar"])).content.decode()
    assert "No quantified effect yet." in biochar and "ipcc2019_ch2_biochar" in biochar
    assert "https://www.ipcc-nggip.iges.or.jp/public/2019rf/vol4.html" in biochar


@pytest.mark.parametrize(
    ("lang", "name", "category", "no_number"),
    [
        (
            "fr",
            "Cultures intermédiaires et engrais verts",
            "Couverture du sol",
            "Pas encore d’effet quantifié",
        ),
        ("es", "Cultivos de cobertura y abonos verdes", "Cobertura del suelo", "Aún sin efecto cuantificado"),
    ],
)
def test_pages_in_french_and_spanish(client, lang, name, category, no_number):
    listing, detail = (
        reverse("resources:practice-list"),
        reverse("resources:practice-detail", args=["cover-crops"]),
    )
    page = client.get(f"/{lang}{listing}").content.decode()
    assert name in page and category in page and no_number in page
    assert name in client.get(f"/{lang}{detail}").content.decode()


def test_project_pages_name_practices_in_the_reader_s_language(client, projects):
    project = projects["published-a"]
    project.practices.set([Practice.objects.get(code="cover-crops")])
    assert (
        "Cultures intermédiaires et engrais verts"
        in client.get("/fr" + project.get_absolute_url()).content.decode()
    )


class _AppsOfMigration0003:
    """Today's models plus the catalogue's old document list (removed since resources 0007), empty."""

    def get_model(self, app_label, name):
        if (app_label, name) == ("resources", "Document"):
            return SimpleNamespace(objects=SimpleNamespace(filter=lambda **lookup: []))
        return apps.get_model(app_label, name)


def test_the_migration_moves_old_names_to_the_practice_they_name(projects):
    migration = importlib.import_module(
        "fourpermille.web.resources.migrations.0003_practices_from_the_catalogue"
    )
    project = projects["published-a"]
    old = Practice.objects.create(code="silvopasture", name="Silvopasture", category="agroforestry")
    gone = Practice.objects.create(
        code="organic-amendments", name="Organic amendments", category="organic_inputs"
    )
    project.practices.set([old, gone])
    migration.forwards(_AppsOfMigration0003(), None)
    assert not Practice.objects.filter(code__in=["silvopasture", "organic-amendments"]).exists()
    assert sorted(project.practices.values_list("code", flat=True)) == ["agroforestry", "compost", "manure"]
    assert set(migration.OLD_TO_NEW) | {platform_code(p) for p in practices.load().practices} >= {
        "cover-crops",
        "reduced-tillage",
        "residue-retention",
        "organic-amendments",
        "biochar",
        "crop-rotation",
        "improved-grazing",
        "grassland-restoration",
        "cropland-to-grassland",
        "agroforestry",
        "silvopasture",
        "hedgerows",
        "reforestation",
        "dryland-restoration",
        "erosion-control",
        "water-harvesting",
        "peatland-rewetting",
    }  # every one of the platform's former 17 codes is a catalogue practice or is moved to one


def test_the_api_says_which_practices_have_a_number():
    from tests.web.conftest import api_client

    listed, url = {}, "/api/practices/"
    while url:
        page = api_client(None).get(url).json()
        listed.update({p["code"]: p["has_quantified_effect"] for p in page["results"]})
        url = page["next"]
    assert listed == {
        platform_code(p.id): p.has_quantified_effect for p in practices.load().practices.values()
    }
    assert listed["biochar"] is False and listed["cover-crops"] is True


def test_a_practice_code_with_a_nul_character_is_unknown_not_a_crash(projects):
    from tests.web.conftest import api_client

    project = projects["draft-a"]
    response = api_client("editor-a").patch(
        f"/api/projects/{project.pk}/", {"practices": ["cover\x00crops"]}, format="json"
    )
    assert response.status_code == 400 and "practices" in response.json()
