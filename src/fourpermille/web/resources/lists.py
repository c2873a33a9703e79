"""The practice catalogue's and the case studies' filters, sort keys and download columns (core.lists).
Practice downloads read the catalogue sheet of each practice (names and effects in the page's language
where the catalogue has them).

Filters of the practice list: region (practices with local evidence or a published case study there,
``services.with_local_evidence``), climate zone and land use (where the catalogue lists the practice),
category and text."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fourpermille import practices as catalogue
from fourpermille.web.community.models import Region
from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.projects.models import ClimateZone
from fourpermille.web.resources.models import (
    CaseStudy,
    CaseStudyStatus,
    Practice,
    PracticeCategory,
    platform_code,
)
from fourpermille.web.resources.services import LAND_USE_LABELS, with_local_evidence

ALL = _("All")


def _catalogue_codes(**where) -> list[str]:
    """Platform codes of the catalogue practices listed for ``land_use`` / ``climate``."""
    return [platform_code(p.id) for p in catalogue.load().search(**where)]


class PracticeFilter(SearchFilterSet):
    search_fields = ("name", "code", "description")
    region = django_filters.MultipleChoiceFilter(
        choices=Region.choices,
        label=_("Region (local evidence)"),
        method="filter_region",
        help_text=_(
            "Practices applied by projects of the region with an estimate or a verified result, or "
            "with a published case study there."
        ),
    )
    climate = django_filters.ChoiceFilter(
        choices=ClimateZone.choices, label=_("Climate zone"), empty_label=ALL, method="filter_climate"
    )
    land_use = django_filters.ChoiceFilter(
        choices=list(LAND_USE_LABELS.items()), label=_("Land use"), empty_label=ALL, method="filter_land_use"
    )
    category = django_filters.ChoiceFilter(
        choices=PracticeCategory.choices, label=_("Category"), empty_label=ALL
    )

    class Meta:
        model = Practice
        fields = ["q", "region", "climate", "land_use", "category"]

    def filter_region(self, queryset, name, value):
        return with_local_evidence(queryset, value) if value else queryset

    def filter_climate(self, queryset, name, value):
        return queryset.filter(code__in=_catalogue_codes(climate=value)) if value else queryset

    def filter_land_use(self, queryset, name, value):
        return queryset.filter(code__in=_catalogue_codes(land_use=value)) if value else queryset


SORT_FIELDS = {"category": ("category", "name"), "name": ("name",), "code": ("code",)}


def _headline(attribute):
    def read(sheet):
        return getattr(sheet.headline, attribute) if sheet.headline else None

    return read


#: Columns over ``resources.services.PracticeSheet`` (the view turns each record into its sheet first).
EXPORT_COLUMNS = [
    Column(_("Code"), "record.code"),
    Column(_("Practice"), "name"),
    Column(_("Category"), "category"),
    Column(_("Description"), "description"),
    Column(_("Headline effect"), _headline("measure")),
    Column(_("Value"), _headline("value")),
    Column(_("Low"), _headline("low")),
    Column(_("High"), _headline("high")),
    Column(_("Reference"), _headline("reference")),
    Column(_("Land uses"), lambda s: "; ".join(s.land_uses)),
    Column(_("Climate zones"), lambda s: "; ".join(s.climates)),
    Column(_("Quantified effect"), "quantified"),
]


# --- case studies -----------------------------------------------------------------------------------------


class CaseStudyFilter(SearchFilterSet):
    search_fields = ("title", "summary", "body", "country", "organisation__name")
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"), empty_label=ALL)
    practice = django_filters.ModelChoiceFilter(
        field_name="practices", queryset=Practice.objects.all(), label=_("Practice"), empty_label=ALL
    )
    status = django_filters.ChoiceFilter(choices=CaseStudyStatus.choices, label=_("Status"), empty_label=ALL)
    published_year = django_filters.NumberFilter(
        field_name="decided_at", lookup_expr="year", method="filter_published_year", label=_("Published in")
    )

    class Meta:
        model = CaseStudy
        fields = ["q", "region", "practice", "status", "published_year"]

    def filter_published_year(self, queryset, name, value):
        if value is None:
            return queryset
        if not 1 <= value <= 9999:  # no date has such a year: nothing was published then
            return queryset.none()
        return queryset.filter(status=CaseStudyStatus.PUBLISHED, decided_at__year=int(value))


CASE_STUDY_SORT_FIELDS = {
    "year": ("year", "title"),
    "title": ("title",),
    "region": ("region", "title"),
    "published": ("-decided_at", "title"),
}

CASE_STUDY_COLUMNS = [
    Column(_("Title"), "title"),
    Column(_("Summary"), "summary"),
    Column(_("Region"), "get_region_display"),
    Column(_("Country"), "country"),
    Column(_("Year"), "year"),
    Column(_("Practices"), lambda s: "; ".join(p.display_name for p in s.practices.all())),
    Column(_("Project"), lambda s: s.project.title if s.project else ""),
    Column(_("Organisation"), "organisation.name"),
    Column(_("Status"), "get_status_display"),
    Column(_("Published"), lambda s: s.decided_at if s.status == CaseStudyStatus.PUBLISHED else None),
    Column(_("Demo data"), "is_demo"),
]
