"""The list's filters and downloads, the real catalogue entries and the copy of the old documents."""

from __future__ import annotations

import importlib
import re
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from fourpermille.web.library.models import DOI_PATTERN, Document
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db

CATALOGUE = importlib.import_module("fourpermille.web.library.migrations.0002_topics_and_reference_documents")
COPY = importlib.import_module("fourpermille.web.library.migrations.0003_copy_documents_of_resources")


def test_the_catalogue_is_loaded_real_and_sourced():
    real = Document.objects.filter(is_demo=False, source__startswith="https://")
    assert real.count() == len(CATALOGUE.DOCUMENTS) >= 10
    for document in real:
        assert document.is_published and (document.doi or document.url)
        assert not document.doi or DOI_PATTERN.match(document.doi)
    assert Document.objects.get(doi="10.1016/j.geoderma.2017.01.002").title_en == "Soil carbon 4 per mille"


@pytest.mark.parametrize(
    "query,expected",
    [
        ("kind=dataset", {"SoilGrids 2.0"}),
        ("language=fr", {"Storing carbon in French soils"}),
        ("region=africa", {"Is 4 per 1000 soil carbon storage"}),
        (
            "practice=cover-crops",
            {"Carbon sequestration in agricultural soils", "Storing carbon in French soils"},
        ),
        ("year_min=2021&year_max=2021", {"SoilGrids 2.0"}),
        ("q=tillage+research", set()),
        ("q=cover+crops", {"Carbon sequestration in agricultural soils"}),
    ],
)
def test_filters(client, query, expected):
    text = client.get(reverse("library:document-list") + "?" + query).content.decode()
    rows = re.findall(r'<a href="/library/\d+/"><span lang="\w+">([^<]+)</span>', text)
    found = {e for e in expected if any(r.startswith(e) for r in rows)}
    assert found == expected, rows
    if query.startswith(("kind", "region", "year")):
        assert len(rows) == 1


def test_topic_filter(client):
    from fourpermille.web.library.models import Topic

    topic = Topic.objects.get(code="soil-data")
    text = client.get(reverse("library:document-list") + f"?topic={topic.pk}").content.decode()
    assert "SoilGrids" in text and "Climate-smart soils" not in text


def test_csv_download_holds_the_filtered_rows(client):
    response = client.get(reverse("library:document-list") + "?kind=article&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Title,Authors,Year,Kind")
    assert len(lines) - 1 == Document.objects.filter(kind="article", status="published").count()
    response = client.get(reverse("library:document-list") + "?format=xlsx")
    assert response.content[:2] == b"PK"


def test_anonymous_users_get_no_status_filter(client, documents):
    assert 'name="status"' not in client.get(reverse("library:document-list")).content.decode()
    text = page_client(client, "secretariat").get(reverse("library:document-list") + "?status=submitted")
    assert "Doc submitted" in text.content.decode() and "Doc published" not in text.content.decode()


class _AppsWithTheOldDocuments:
    """The migration's ``apps`` with ``resources.Document`` as it was (the model is gone since resources
    0007): its rows stand in for the historical model's."""

    def __init__(self, rows):
        self.rows = rows

    def get_model(self, app_label, name):
        if (app_label, name) == ("resources", "Document"):
            return SimpleNamespace(objects=SimpleNamespace(order_by=lambda *fields: self.rows))
        return apps.get_model(app_label, name)


def _old(title, kind, language, url="", summary="", practices=()):
    return SimpleNamespace(
        title=title,
        kind=kind,
        url=url,
        language=language,
        summary=summary,
        created_at=timezone.now(),
        practices=SimpleNamespace(all=lambda: list(practices)),
    )


def test_the_old_documents_are_copied_once():
    from fourpermille.web.resources.models import Practice

    compost = Practice.objects.get(code="compost")
    old = _old("Old toolkit", "tool", "fr", "https://example.org/t", "Une boîte à outils.", [compost])
    old_apps = _AppsWithTheOldDocuments([old, _old("Old policy", "policy", "de")])
    COPY.copy_documents(old_apps, None)
    COPY.copy_documents(old_apps, None)
    copied = Document.objects.get(title_fr="Old toolkit")
    assert (copied.kind, copied.language, copied.url, copied.status) == (
        "guide",
        "fr",
        "https://example.org/t",
        "published",
    )
    assert copied.summary_fr == "Une boîte à outils." and copied.year == old.created_at.year
    assert list(copied.practices.values_list("code", flat=True)) == ["compost"]
    other = Document.objects.get(title_en="Old policy")
    assert (other.kind, other.language) == ("policy_brief", "other")
    assert Document.objects.filter(title_fr="Old toolkit").count() == 1


def test_topics_and_catalogue_summaries_are_in_french_and_spanish():
    from fourpermille.web.library.models import Topic

    for topic in Topic.objects.all():
        assert topic.name_fr and topic.name_es and topic.name_fr != topic.name_en
    for document in Document.objects.filter(is_demo=False, source__startswith="https://"):
        assert document.summary_en and document.summary_fr and document.summary_es, document.title_en
        assert len({document.summary_en, document.summary_fr, document.summary_es}) == 3


def test_seeding_again_restores_the_reference_documents_and_changes_none():
    """``seed`` (make run, a flushed browser-test database) loads the library's reference documents and the
    helpdesks again from their migrations, on the migrated state's models: a second run changes no title
    (today's models would write ``title`` into the active language's column)."""
    from fourpermille.web.helpdesk.models import Desk
    from fourpermille.web.portal.seed import seed

    fields = ("doi", "title", "title_en", "title_fr", "title_es", "summary_en")
    reference = Document.objects.filter(is_demo=False, uploaded_by=None)
    before = sorted(reference.values_list(*fields))
    assert len(before) >= 14
    added = seed()
    assert (added["library_documents"], added["desks"]) == (0, 0)
    assert sorted(reference.values_list(*fields)) == before
    reference.delete()
    Desk.objects.all().delete()
    added = seed()
    assert added["desks"] == 6 and sorted(reference.values_list(*fields)) == before
