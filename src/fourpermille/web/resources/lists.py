"""The practice catalogue's filters, sort keys and download columns (core.lists). Downloads read the
catalogue sheet of each practice (names and effects in the page's language where the catalogue has them)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.resources.models import Practice, PracticeCategory

ALL = _("All")


class PracticeFilter(SearchFilterSet):
    search_fields = ("name", "code", "description")
    category = django_filters.ChoiceFilter(
        choices=PracticeCategory.choices, label=_("Category"), empty_label=ALL
    )

    class Meta:
        model = Practice
        fields = ["q", "category"]


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
