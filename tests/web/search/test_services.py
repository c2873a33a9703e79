"""The global search finds each kind by its words, in the reader's language, and only what the user may see.

These run on SQLite (contains) and, with PYTEST_DATABASE_URL, on PostgreSQL (full-text search)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from fourpermille.web.search.services import KINDS, find, kind_of, uses_full_text_search, words_of

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL (PYTEST_DATABASE_URL)"
)


def titles(kind_key, query, user, language="en"):
    hits = find(kind_of(kind_key), query, user, language)
    field = {"organisations": "name", "practices": "code"}.get(kind_key, "title")
    return sorted(getattr(hit, field) for hit in hits)


def test_the_backend_is_the_database_s():
    assert uses_full_text_search() == (connection.vendor == "postgresql")


def test_projects_only_those_the_user_may_see(users):
    """draft-a and review-a are org A's, published-a is published; draft-b is org B's draft."""
    anyone = AnonymousUser()
    assert titles("projects", "published", anyone) == ["published-a"]
    assert titles("projects", "draft", anyone) == []
    assert titles("projects", "draft", users["editor-a"]) == ["draft-a"]
    assert titles("projects", "draft", users["editor-b"]) == ["draft-b"]
    assert titles("projects", "draft", users["secretariat"]) == ["draft-a", "draft-b"]
    assert titles("projects", "review", users["reviewer-assigned"]) == ["review-a"]
    assert titles("projects", "review", users["reviewer-other"]) == []


def test_organisations_by_name_and_country(users):
    assert titles("organisations", "Kenya", AnonymousUser()) == ["Org B"]
    assert titles("organisations", "org", AnonymousUser()) == ["Org A", "Org B"]
    # every word must appear
    assert titles("organisations", "org kenya", AnonymousUser()) == ["Org B"]
    assert titles("organisations", "org narnia", AnonymousUser()) == []


def test_practices_in_every_language(users):
    """Practice names are translated: the French and Spanish names find the practice in any language."""
    for query in ("No-till", "semis direct", "siembra directa"):
        for language in ("en", "fr", "es"):
            assert "no-till" in titles("practices", query, AnonymousUser(), language), (query, language)
    assert "biochar" in titles("practices", "biocarbón", AnonymousUser(), "es")


def test_commitments_and_documents(users):
    from fourpermille.web.commitments.models import Commitment
    from fourpermille.web.community.models import Organisation
    from fourpermille.web.library.models import Document

    org = Organisation.objects.get(name="Org A")
    Commitment.objects.create(
        organisation=org,
        title="Sahel restoration pledge",
        target_text="10 000 ha of grazing land",
        start="2021-01-01",
        end="2030-12-31",
    )
    Document.objects.create(
        title_en="Guide to soil sampling",
        kind="guide",
        summary_en="How to sample soils.",
        year=2024,
        url="https://example.org/g",
        status="published",
    )
    Document.objects.create(
        title_en="Draft sampling guide",
        kind="guide",
        year=2024,
        url="https://example.org/d",
        status="submitted",
        organisation=org,
    )
    assert titles("commitments", "pledge", AnonymousUser()) == ["Sahel restoration pledge"]
    assert titles("commitments", "grazing", AnonymousUser()) == ["Sahel restoration pledge"]
    # the organisation's name finds its commitments
    assert titles("commitments", "org a", AnonymousUser()) == ["Sahel restoration pledge"]
    assert titles("documents", "sampling guide", AnonymousUser()) == ["Guide to soil sampling"]
    # a submission: its organisation's members and the secretariat find it, nobody else
    assert titles("documents", "draft sampling", AnonymousUser()) == []
    assert titles("documents", "draft sampling", users["editor-b"]) == []
    assert titles("documents", "draft sampling", users["editor-a"]) == ["Draft sampling guide"]
    assert titles("documents", "draft sampling", users["secretariat"]) == ["Draft sampling guide"]


def test_library_documents_by_translated_title_authors_and_summary(users):
    """The real catalogue: a French title finds the report in any language, authors and summary words too."""
    for language in ("en", "fr", "es"):
        assert any(
            "French soils" in t or "Stocker" in t
            for t in titles("documents", "sols français", AnonymousUser(), language)
        )
    assert titles("documents", "Poeplau", AnonymousUser()) == [
        "Carbon sequestration in agricultural soils via cultivation of cover crops – A meta-analysis"
    ]
    assert (
        "SoilGrids 2.0: producing soil information for the globe with quantified spatial uncertainty"
        in titles("documents", "uncertainty", AnonymousUser())
    )


def test_the_start_of_a_word_is_enough(users):
    assert titles("organisations", "ken", AnonymousUser()) == ["Org B"]
    assert "agroforestry" in titles("practices", "agrofor", AnonymousUser())


@pytest.mark.parametrize("query", ["", "   ", "&|!:*()'", "' OR 1=1 --", "a:* & !b", "\\", "%_%"])
def test_hostile_or_empty_queries_raise_nothing(users, query):
    for kind in KINDS:
        assert isinstance(list(find(kind, query, AnonymousUser())), list)
    if not words_of(query):
        assert titles("organisations", query, AnonymousUser()) == []


def test_words_are_limited():
    assert words_of("a b c d e f g h i j") == ["a", "b", "c", "d", "e", "f", "g", "h"]
    assert words_of("x" * 500) == ["x" * 200]
    assert words_of("débit d'eau") == ["débit", "d", "eau"]
    assert words_of("%_% a:* & !b") == ["a", "b"]


@postgresql_only
def test_postgresql_stems_in_the_reader_s_language(users):
    """English stemming: "restoring" and "restoration" share their stem; French: "prairies" and "prairie"."""
    assert "degraded-land-restoration" in titles("practices", "restoring degraded", AnonymousUser(), "en")
    assert "improved-grassland" in titles("practices", "prairies", AnonymousUser(), "fr")


@postgresql_only
def test_postgresql_ranks_a_name_above_a_mention(users):
    hits = list(find(kind_of("practices"), "compost", AnonymousUser(), "en"))
    assert hits[0].code == "compost"
