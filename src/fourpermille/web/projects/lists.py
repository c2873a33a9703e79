"""The project list's filters, sort keys and download columns (core.lists)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Region
from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.projects.models import SELECTED_STATUSES, Modality, Project, ProjectStatus

ALL = _("All")


class ProjectFilter(SearchFilterSet):
    search_fields = ("title", "organisation__name", "country")
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices, label=_("Status"), empty_label=ALL)
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"), empty_label=ALL)
    modality = django_filters.ChoiceFilter(choices=Modality.choices, label=_("Modality"), empty_label=ALL)
    selected = django_filters.BooleanFilter(
        method="filter_selected", label=_("Selected by the STC (assessment completed or published)")
    )

    class Meta:
        model = Project
        fields = ["q", "status", "region", "modality", "selected"]

    def filter_selected(self, queryset, name, value):
        if value is None:
            return queryset
        chosen = queryset.filter(status__in=SELECTED_STATUSES)
        return chosen if value else queryset.exclude(pk__in=chosen)


SORT_FIELDS = {
    "title": ("title",),
    "organisation": ("organisation__name", "title"),
    "country": ("country", "title"),
    "modality": ("modality", "title"),
    "area": ("area_ha",),
    "status": ("status", "title"),
    "start": ("start", "title"),
}

EXPORT_COLUMNS = [
    Column(_("Project"), "title"),
    Column(_("Organisation"), "organisation.name"),
    Column(_("Country"), "country"),
    Column(_("Region"), "get_region_display"),
    Column(_("Modality"), "get_modality_display"),
    Column(_("Status"), "get_status_display"),
    Column(_("Primary aim"), "get_primary_aim_display"),
    Column(_("Area [ha]"), "area_ha"),
    Column(_("Budget"), "budget_amount"),
    Column(_("Currency"), "budget_currency"),
    Column(_("Start"), "start"),
    Column(_("End"), "end"),
    Column(_("Demo data"), "is_demo"),
]
