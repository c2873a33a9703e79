from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from fourpermille.web.community.models import Organisation
from fourpermille.web.registry.models import WithdrawalCause


class ConfirmedForm(forms.Form):
    """A form sent twice: first to show what will happen, then (``confirmed``) to do it."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def hidden_copy(self) -> str:
        """The entered values as hidden inputs, ``confirmed`` set: the confirmation page's form."""
        from django.utils.html import format_html, format_html_join

        values = [
            (self.add_prefix(name), value) for name, value in self.cleaned_data.items() if name != "confirmed"
        ]
        values = [(n, v.pk if hasattr(v, "pk") else v) for n, v in values]
        return format_html_join("", '<input type="hidden" name="{}" value="{}">', values) + format_html(
            '<input type="hidden" name="{}" value="1">', self.add_prefix("confirmed")
        )


class RetireForm(ConfirmedForm):
    quantity = forms.IntegerField(label=capfirst(_("units [t CO2e]")), min_value=1)
    beneficiary = forms.CharField(label=capfirst(_("beneficiary")), max_length=200)
    reason = forms.CharField(label=capfirst(_("reason")), max_length=300)
    location = forms.CharField(
        label=capfirst(_("location")), max_length=100, help_text=_("Country or region of the claim.")
    )


class TransferForm(ConfirmedForm):
    to_organisation = forms.ModelChoiceField(
        label=capfirst(_("to")), queryset=Organisation.objects.order_by("name")
    )
    quantity = forms.IntegerField(label=capfirst(_("units [t CO2e]")), min_value=1)


class CancelForm(ConfirmedForm):
    quantity = forms.IntegerField(label=capfirst(_("units [t CO2e]")), min_value=1)
    reason = forms.CharField(
        label=capfirst(_("reason")),
        max_length=300,
        help_text=_("The loss found at a later verification, e.g. 'loss at the 2030 verification'."),
    )


class WithdrawLabelForm(ConfirmedForm):
    cause = forms.ChoiceField(label=capfirst(_("cause of the withdrawal")), choices=WithdrawalCause.choices)
    reason = forms.CharField(label=capfirst(_("reason of the withdrawal")), max_length=300)


class IssuanceFilterForm(forms.Form):
    """The registry list's filter bar (GET), rendered by crispy-bootstrap5 like the platform's other forms;
    the choices are the values the registry holds (the view passes them)."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    vintage = forms.ChoiceField(label=_("Vintage"), required=False)
    practice = forms.ChoiceField(label=_("Practice"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, data=None, *, countries=(), vintages=(), practices=(), statuses=()):
        super().__init__(data)
        blank = [("", "—")]
        self.fields["country"].choices = blank + [(c, c) for c in countries]
        self.fields["vintage"].choices = blank + [(str(v), str(v)) for v in vintages]
        self.fields["practice"].choices = blank + list(practices)
        self.fields["status"].choices = blank + list(statuses)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
