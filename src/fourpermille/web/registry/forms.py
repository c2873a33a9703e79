from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Organisation


class RetireForm(forms.Form):
    quantity = forms.IntegerField(label=capfirst(_("units [t CO2e]")), min_value=1)
    beneficiary = forms.CharField(label=capfirst(_("beneficiary")), max_length=200)
    reason = forms.CharField(label=capfirst(_("reason")), max_length=300)
    location = forms.CharField(
        label=capfirst(_("location")), max_length=100, help_text=_("Country or region of the claim.")
    )


class TransferForm(forms.Form):
    to_organisation = forms.ModelChoiceField(
        label=capfirst(_("to")), queryset=Organisation.objects.order_by("name")
    )
    quantity = forms.IntegerField(label=capfirst(_("units [t CO2e]")), min_value=1)
