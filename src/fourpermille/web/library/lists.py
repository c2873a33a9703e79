"""The library list's filters, sort keys and download columns (core.lists)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Region
from fourpermille.web.core.lists import MAX_QUERY, Column, SearchFilterSet
from fourpermille.web.core.translated import languages
from fourpermille.web.library.models import Document, DocumentKind, DocumentLanguage, DocumentStatus, Topic
from fourpermille.web.resources.models import Practice

ALL = _("All")


class DocumentFilter(SearchFilterSet):
    """Kind, language, region, topic, practice, years and words (title and summary in every language,
    authors, DOI). The status filter is offered to those who see more than published documents."""

    search_fields = (
        *[f"title_{lang}" for lang in languages()],
        *[f"summary_{lang}" for lang in languages()],
        "authors",
        "doi",
    )
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, label=_("Kind"), empty_label=ALL)
    language = django_filters.ChoiceFilter(
        choices=DocumentLanguage.choices, label=_("Language of the document"), empty_label=ALL
    )
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"), empty_label=ALL)
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), label=_("Topic"), empty_label=ALL
    )
    practice = django_filters.ModelChoiceFilter(
        field_name="practices",
        queryset=Practice.objects.all(),
        label=_("Practice"),
        empty_label=ALL,
        to_field_name="code",
    )
    year_min = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label=_("From year"))
    year_max = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label=_("To year"))
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices, label=_("Status"), empty_label=ALL)

    class Meta:
        model = Document
        fields = ["q", "kind", "language", "region", "topic", "practice", "year_min", "year_max", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            del self.filters["status"]

    def search(self, queryset, name, value):
        words = value.strip()[:MAX_QUERY].split()
        for word in words:
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset.distinct()


SORT_FIELDS = {
    "year": ("year",),
    "title": ("title_en", "title_fr", "title_es"),
    "kind": ("kind", "-year"),
    "language": ("language", "-year"),
}


def _topics(document) -> str:
    return "; ".join(str(topic) for topic in document.topics.all())


def _practices(document) -> str:
    return "; ".join(p.display_name for p in document.practices.all())


EXPORT_COLUMNS = [
    Column(_("Title"), lambda d: d.shown_title.text),
    Column(_("Authors"), "authors"),
    Column(_("Year"), "year"),
    Column(_("Kind"), "get_kind_display"),
    Column(_("Language of the document"), "get_language_display"),
    Column("DOI", "doi"),
    Column(_("Address"), "url"),
    Column(_("Region"), "get_region_display"),
    Column(_("Topics"), _topics),
    Column(_("Practices"), _practices),
    Column(_("Status"), "get_status_display"),
    Column(_("Summary"), lambda d: d.shown_summary.text),
    Column(_("Demo data"), "is_demo"),
]
