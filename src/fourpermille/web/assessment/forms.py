from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from fourpermille.web.assessment.models import Assessment, Outcome
from fourpermille.web.core import roles


class EligibilityForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["request_complete", "eligibility_note"]
        widgets = {
            "request_complete": forms.NullBooleanSelect,
            "eligibility_note": forms.Textarea(attrs={"rows": 3}),
        }


class ReportForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["report", "recommendation", "letter_of_support"]
        widgets = {
            "report": forms.Textarea(attrs={"rows": 6}),
            "letter_of_support": forms.Textarea(attrs={"rows": 4}),
        }


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=get_user_model().objects.none())
    external = forms.BooleanField(label=_("External reviewer"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = (
            get_user_model().objects.filter(groups__name=roles.REVIEWER).order_by("username")
        )


class ResultForm(forms.Form):
    criterion = forms.ChoiceField(label=_("Criterion"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    rationale = forms.CharField(
        label=_("Rationale"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.pk, str(c)) for c in criteria]


class NewVersionForm(forms.Form):
    version = forms.CharField(label=_("New version"), max_length=20)
