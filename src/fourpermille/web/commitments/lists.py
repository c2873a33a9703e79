"""The commitment list's filters, sort keys and download columns (core.lists)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fourpermille.web.commitments.models import Commitment, TargetUnit
from fourpermille.web.community.models import Region
from fourpermille.web.core.lists import Column, SearchFilterSet

ALL = _("All")


class CommitmentFilter(SearchFilterSet):
    search_fields = ("title", "organisation__name", "target_text")
    region = django_filters.ChoiceFilter(
        field_name="organisation__region", choices=Region.choices, label=_("Region"), empty_label=ALL
    )
    target_unit = django_filters.ChoiceFilter(
        choices=TargetUnit.choices, label=_("Target unit"), empty_label=ALL
    )

    class Meta:
        model = Commitment
        fields = ["q", "region", "target_unit"]


SORT_FIELDS = {
    "title": ("title",),
    "organisation": ("organisation__name", "title"),
    "target": ("target_unit", "target_value"),
    "start": ("start", "end"),
    "revision": ("revision", "title"),
}

EXPORT_COLUMNS = [
    Column(_("Commitment"), "title"),
    Column(_("Organisation"), "organisation.name"),
    Column(_("Target"), "target_text"),
    Column(_("Target value"), "target_value"),
    Column(_("Target unit"), "get_target_unit_display"),
    Column(_("Types of action"), lambda c: "; ".join(str(p) for p in c.actions.all())),
    Column(_("Start"), "start"),
    Column(_("End"), "end"),
    Column(_("Dedicated resources"), "resources_amount"),
    Column(_("Currency"), "resources_currency"),
    Column(_("Kind of resources"), "get_resources_kind_display"),
    Column(_("Revision"), "revision"),
    Column(_("Demo data"), "is_demo"),
]
