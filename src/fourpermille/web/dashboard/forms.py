"""Dashboard filters, validated like any form: a bad value is a 400 with the field's message (API) or a
form error on the page, never a 500."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import OrganisationType, Region
from fourpermille.web.resources.models import PracticeCategory

FIRST_YEAR = 2015  # the initiative was launched at COP21, December 2015
LAST_YEAR = 2050  # the roadmap's horizon


def _blank(choices):
    return [("", _("All"))] + list(choices)


class ProgressFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), choices=_blank(Region.choices), required=False)
    org_type = forms.ChoiceField(
        label=_("Organisation type"), choices=_blank(OrganisationType.choices), required=False
    )
    year_from = forms.IntegerField(
        label=_("From year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )
    year_to = forms.IntegerField(
        label=_("To year"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False
    )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("year_from"), cleaned.get("year_to")
        if low is not None and high is not None and high < low:
            self.add_error("year_to", _("The end year must not be before the start year."))
        return cleaned

    def period(self) -> tuple[date | None, date | None]:
        """The filter period as dates (None where open)."""
        low, high = self.cleaned_data.get("year_from"), self.cleaned_data.get("year_to")
        return (date(low, 1, 1) if low else None, date(high, 12, 31) if high else None)


class MonitoringFilterForm(forms.Form):
    region = forms.ChoiceField(label=_("Region"), choices=_blank(Region.choices), required=False)
    land_use = forms.ChoiceField(
        label=_("Practice category"),
        choices=_blank(PracticeCategory.choices),
        required=False,
        help_text=_("The category of the project's practices."),
    )
    metric = forms.ChoiceField(
        label=_("Colour sites by"),
        choices=[("stock", _("SOC stock")), ("change", _("SOC change"))],
        required=False,
    )
