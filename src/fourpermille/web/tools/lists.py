"""The catalogue list's filters, sort keys and download columns (core.lists)."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.tools.models import (
    TOOL_LANGUAGES,
    Cost,
    ExternalTool,
    LicenceKind,
    Scale,
    ToolCategory,
)

ALL = _("All")
YES_NO = (("yes", _("Yes")), ("no", _("No")))


def has_code(field: str, code: str) -> Q:
    """Rows whose space-separated ``field`` holds ``code`` (a whole code, not part of another)."""
    return (
        Q(**{field: code})
        | Q(**{f"{field}__startswith": f"{code} "})
        | Q(**{f"{field}__endswith": f" {code}"})
        | Q(**{f"{field}__contains": f" {code} "})
    )


class ToolFilter(SearchFilterSet):
    search_fields = (
        "name",
        "developer",
        "purpose_en",
        "purpose_fr",
        "purpose_es",
        "inputs_en",
        "outputs_en",
    )
    category = django_filters.ChoiceFilter(choices=ToolCategory.choices, label=_("Category"), empty_label=ALL)
    scale = django_filters.ChoiceFilter(
        choices=Scale.choices, label=_("Scale"), empty_label=ALL, method="filter_scale"
    )
    cost = django_filters.ChoiceFilter(choices=Cost.choices, label=_("Cost"), empty_label=ALL)
    licence_kind = django_filters.ChoiceFilter(
        choices=LicenceKind.choices, label=_("Licence"), empty_label=ALL
    )
    language = django_filters.ChoiceFilter(
        choices=list(TOOL_LANGUAGES.items()), label=_("Language"), empty_label=ALL, method="filter_language"
    )
    monitoring = django_filters.ChoiceFilter(
        choices=YES_NO, label=_("Monitors soil carbon"), empty_label=ALL, method="filter_monitoring"
    )

    class Meta:
        model = ExternalTool
        fields = ["q", "category", "scale", "cost", "licence_kind", "language", "monitoring"]

    def filter_scale(self, queryset, name, value):
        return queryset.filter(has_code("scales", value)) if value else queryset

    def filter_language(self, queryset, name, value):
        return queryset.filter(has_code("languages", value)) if value else queryset

    def filter_monitoring(self, queryset, name, value):
        return queryset.filter(monitoring=value == "yes") if value else queryset


SORT_FIELDS = {"name": ("name",), "category": ("category", "name"), "cost": ("cost", "name")}


def _joined(attribute):
    return lambda tool: "; ".join(getattr(tool, attribute))


EXPORT_COLUMNS = [
    Column(_("Code"), "slug"),
    Column(_("Name"), "name"),
    Column(_("Developer"), "developer"),
    Column(_("Category"), "get_category_display"),
    Column(_("Purpose"), "purpose"),
    Column(_("Inputs"), "inputs"),
    Column(_("Outputs"), "outputs"),
    Column(_("Scales"), _joined("scale_labels")),
    Column(_("Cost"), "get_cost_display"),
    Column(_("Languages"), _joined("language_labels")),
    Column(_("Licence"), "get_licence_kind_display"),
    Column(_("Licence as stated"), "licence"),
    Column(_("Validation"), "validation"),
    Column(_("Validation reference"), "validation_reference"),
    Column(_("Address"), "link"),
    Column(_("Documentation read"), _joined("source_list")),
    Column(_("Monitors soil carbon"), "monitoring"),
    Column(_("Last checked"), "last_checked"),
]
