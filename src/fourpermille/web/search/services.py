"""One search over what the platform publishes: organisations, commitments, projects, practices, documents
of the library.

On PostgreSQL: full-text search (``django.contrib.postgres.search``), words stemmed in the reader's language
(English, French or Spanish) and, so that names and words in any language match too, as written
(``simple``), each query word also matching as a prefix; hits ranked by ``SearchRank``. On SQLite (the
embedded database): every query word must appear, case-insensitively, in one of the same fields.

Each kind's records are limited to what the user may see (``Project.objects.visible_to``,
``library.Document.objects.visible_to``; the other kinds are public, see each app's rules). Translated fields
(practice names, document titles and summaries) are searched in every language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fourpermille.web.commitments.models import Commitment
from fourpermille.web.community.models import Organisation
from fourpermille.web.core.translated import languages
from fourpermille.web.library.models import Document
from fourpermille.web.projects.models import Project
from fourpermille.web.resources.models import Practice

#: PostgreSQL text search configurations of the platform's languages.
TEXT_SEARCH_CONFIG = {"en": "english", "fr": "french", "es": "spanish"}
#: Longest query kept [characters]; most words used from it.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 8


@dataclass(frozen=True)
class Kind:
    """A kind of record the search finds: its key in URLs, its heading, its records for a user, and the
    fields searched (most telling first: the first ranks highest on PostgreSQL)."""

    key: str
    label: str
    fields: tuple[str, ...]
    #: the translated fields (one column per language): True for all of ``fields``
    translated: bool | tuple[str, ...] = False

    def is_translated(self, field: str) -> bool:
        return self.translated is True or (isinstance(self.translated, tuple) and field in self.translated)

    def records(self, user) -> QuerySet:
        return RECORDS[self.key](user)


RECORDS = {
    "organisations": lambda user: Organisation.objects.all(),
    "commitments": lambda user: Commitment.objects.select_related("organisation"),
    "projects": lambda user: Project.objects.visible_to(user).select_related("organisation"),
    "practices": lambda user: Practice.objects.all(),
    "documents": lambda user: Document.objects.visible_to(user),
}

KINDS = (
    Kind("organisations", _("Organisations"), ("name", "acronym", "country")),
    Kind("commitments", _("Commitments"), ("title", "target_text", "organisation__name")),
    Kind("projects", _("Projects"), ("title", "summary", "country", "organisation__name")),
    Kind("practices", _("Practices"), ("name", "description"), translated=True),
    Kind("documents", _("Documents"), ("title", "authors", "summary"), translated=("title", "summary")),
)
KIND_KEYS = tuple(kind.key for kind in KINDS)


def words_of(query: str) -> list[str]:
    """The words of ``query`` (runs of letters and digits in any script), at most ``MAX_WORDS``: nothing
    else reaches a query (the prefix query is written in tsquery syntax)."""
    return re.findall(r"[^\W_]+", query[:MAX_QUERY_LENGTH])[:MAX_WORDS]


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


def _columns(kind: Kind) -> list[str]:
    """The database columns searched: a translated field in every language."""
    return [column for field in kind.fields for column in _field_columns(kind, field)]


def _field_columns(kind: Kind, field: str) -> list[str]:
    return [f"{field}_{lang}" for lang in languages()] if kind.is_translated(field) else [field]


def _contains(queryset: QuerySet, kind: Kind, words: list[str]) -> QuerySet:
    """SQLite (and any database without full-text search): each word in one of the fields."""
    columns = _columns(kind)
    condition = reduce(and_, (reduce(or_, (Q(**{f"{c}__icontains": w}) for c in columns)) for w in words))
    return queryset.filter(condition).distinct()


def _full_text(queryset: QuerySet, kind: Kind, words: list[str], language: str) -> QuerySet:
    """PostgreSQL: stemmed in ``language`` or as written, each word a prefix too; best first."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = TEXT_SEARCH_CONFIG.get(language, "simple")
    weights = ("A", "B", "C", "D")
    vector = None
    for position, field in enumerate(kind.fields):
        columns = _field_columns(kind, field)
        weight = weights[min(position, len(weights) - 1)]
        for search_config in (config, "simple"):
            part = SearchVector(*columns, config=search_config, weight=weight)
            vector = part if vector is None else vector + part
    text = " ".join(words)
    prefixes = " & ".join(f"{word}:*" for word in words)
    query = SearchQuery(text, config=config, search_type="plain") | SearchQuery(
        prefixes, config="simple", search_type="raw"
    )
    return (
        queryset.annotate(search_document=vector, search_rank=SearchRank(vector, query))
        .filter(search_document=query)
        .order_by("-search_rank", "pk")
    )


def find(kind: Kind, query: str, user, language: str | None = None) -> QuerySet:
    """The records of ``kind`` that ``user`` may see and that match ``query`` (empty: none)."""
    words = words_of(query)
    records = kind.records(user)
    if not words:
        return records.none()
    if uses_full_text_search():
        return _full_text(records, kind, words, (language or get_language() or "en")[:2])
    return _contains(records, kind, words)


def kind_of(key: str | None) -> Kind | None:
    return next((kind for kind in KINDS if kind.key == key), None)
