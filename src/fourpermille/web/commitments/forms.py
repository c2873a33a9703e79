from django import forms
from django.utils.translation import gettext_lazy as _

from fourpermille.web.commitments.models import Commitment, Milestone
from fourpermille.web.core.forms import DateInput, OwnOrganisationFormMixin


class CommitmentForm(OwnOrganisationFormMixin, forms.ModelForm):
    change_reason = forms.CharField(
        max_length=100,
        required=False,
        label=_("Reason for this revision"),
        help_text=_("Kept with this revision in the commitment's history."),
    )

    class Meta:
        model = Commitment
        fields = [
            "organisation",
            "title",
            "target_text",
            "target_value",
            "target_unit",
            "actions",
            "start",
            "end",
            "resources_amount",
            "resources_currency",
            "resources_kind",
        ]
        widgets = {"start": DateInput(), "end": DateInput(), "actions": forms.CheckboxSelectMultiple}
        help_texts = {
            "title": _("A short name, e.g. “Soil carbon in our member farms by 2030”."),
            "target_value": _("The target as a number, in the unit chosen below (optional)."),
            "actions": _("The practices the commitment relies on."),
            "start": _("First day of the timetable."),
            "end": _("Last day of the timetable."),
            "resources_amount": _("Money or staff time dedicated to the commitment."),
            "resources_currency": _("Three-letter ISO 4217 code, e.g. EUR."),
        }


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "description", "achieved"]
        widgets = {"date": DateInput()}
