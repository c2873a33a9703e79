from django import forms
from django.utils.translation import gettext_lazy as _

from fourpermille.web.commitments.models import Commitment, Milestone
from fourpermille.web.core.forms import DateInput, OwnOrganisationFormMixin


class CommitmentForm(OwnOrganisationFormMixin, forms.ModelForm):
    change_reason = forms.CharField(max_length=100, required=False, label=_("Reason for this revision"))

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


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "description", "achieved"]
        widgets = {"date": DateInput()}
