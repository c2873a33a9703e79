"""The event lists' filters (kind, region, year, format), sort keys and download columns (core.lists)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Region
from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.events.models import Event, EventFormat, EventKind

ALL = _("All")


def year_choices():
    years = Event.objects.dates("start", "year", order="DESC")
    return [(d.year, str(d.year)) for d in years]


class EventFilter(SearchFilterSet):
    search_fields = ("title", "location", "agenda")
    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Kind"), empty_label=ALL)
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"), empty_label=ALL)
    year = django_filters.ChoiceFilter(
        choices=year_choices, method="filter_year", label=_("Year"), empty_label=ALL
    )
    format = django_filters.ChoiceFilter(choices=EventFormat.choices, label=_("Format"), empty_label=ALL)

    class Meta:
        model = Event
        fields = ["q", "kind", "region", "year", "format"]

    def filter_year(self, queryset, name, value):
        """Events starting in the year (in the platform's time zone, as the meeting KPIs count)."""
        return queryset.filter(start__year=int(value)) if value else queryset


SORT_FIELDS = {
    "start": ("start",),
    "title": ("title", "start"),
    "kind": ("kind", "start"),
    "region": ("region", "start"),
    "registered": ("registered", "start"),
}

EXPORT_COLUMNS = [
    Column(_("Title"), "title"),
    Column(_("Kind"), "get_kind_display"),
    Column(_("Region"), "get_region_display"),
    Column(_("Format"), "get_format_display"),
    Column(_("Start"), "start"),
    Column(_("End"), "end"),
    Column(_("Location"), "location"),
    Column(_("Capacity"), "capacity"),
    Column(_("Registered"), "registered"),
    Column(_("Attended"), "attended"),
    Column(_("Cancelled"), "cancelled"),
    Column(_("Demo data"), "is_demo"),
]
