"""The organisation list's filters, sort keys and download columns (core.lists)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Body, Organisation, OrganisationType, Region
from fourpermille.web.core.lists import Column, SearchFilterSet

ALL = _("All")


class OrganisationFilter(SearchFilterSet):
    search_fields = ("name", "acronym", "country")
    type = django_filters.ChoiceFilter(choices=OrganisationType.choices, label=_("Type"), empty_label=ALL)
    region = django_filters.ChoiceFilter(choices=Region.choices, label=_("Region"), empty_label=ALL)
    body = django_filters.ChoiceFilter(choices=Body.choices, label=_("Membership"), empty_label=ALL)

    class Meta:
        model = Organisation
        fields = ["q", "type", "region", "body"]


SORT_FIELDS = {
    "name": ("name",),
    "type": ("type", "name"),
    "country": ("country", "name"),
    "body": ("body", "name"),
    "declaration": ("declaration_signed", "name"),
}

EXPORT_COLUMNS = [
    Column(_("Name"), "name"),
    Column(_("Acronym"), "acronym"),
    Column(_("Type"), "get_type_display"),
    Column(_("Membership"), "get_body_display"),
    Column(_("Status"), "get_status_display"),
    Column(_("Country"), "country"),
    Column(_("Region"), "get_region_display"),
    Column(_("Declaration signed"), "declaration_signed"),
    Column(_("Website"), "website"),
    Column(_("Demo data"), "is_demo"),
]
