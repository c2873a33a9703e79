"""The working group list's filters, sort keys and download columns (core.lists)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Region
from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.groups.models import GroupKind, WorkingGroup

ALL = _("All")


def posted_since(queryset, since):
    """Groups with a visible thread or reply posted on or after ``since`` (a date)."""
    return queryset.filter(
        Q(threads__hidden=False, threads__created_at__date__gte=since)
        | Q(threads__replies__hidden=False, threads__replies__created_at__date__gte=since)
    ).distinct()


class WorkingGroupFilter(SearchFilterSet):
    search_fields = ("name", "description")
    kind = django_filters.ChoiceFilter(choices=GroupKind.choices, label=_("Kind"), empty_label=ALL)
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"), empty_label=ALL)
    active_since = django_filters.DateFilter(
        method="filter_active_since",
        label=_("Posts since"),
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = WorkingGroup
        fields = ["q", "kind", "region", "active_since"]

    def filter_active_since(self, queryset, name, value):
        return posted_since(queryset, value) if value else queryset


SORT_FIELDS = {
    "name": ("name",),
    "kind": ("kind", "name"),
    "region": ("region", "name"),
    "members": ("member_count", "name"),
    "activity": ("last_post", "name"),
}

EXPORT_COLUMNS = [
    Column(_("Name"), "name"),
    Column(_("Kind"), "get_kind_display"),
    Column(_("Region"), "get_region_display"),
    Column(_("Private"), "private"),
    Column(_("Members"), "member_count"),
    Column(_("Threads"), "thread_count"),
    Column(_("Last post"), "last_post"),
    Column(_("Demo data"), "is_demo"),
]
