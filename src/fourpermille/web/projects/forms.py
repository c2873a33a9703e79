from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fourpermille.web.core.forms import DateInput, OwnOrganisationFormMixin
from fourpermille.web.projects.models import Project, Site


class ProjectForm(OwnOrganisationFormMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "organisation",
            "title",
            "summary",
            "country",
            "region",
            "modality",
            "language",
            "primary_aim",
            "area_ha",
            "budget_amount",
            "budget_currency",
            "start",
            "end",
            "practices",
            "objectives",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "practices": forms.CheckboxSelectMultiple,
            "objectives": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "summary": _("What the project does, where and with whom, in a few sentences."),
            "modality": _(
                "A new project seeks funds; an ongoing project seeks the initiative's recognition."
            ),
            "primary_aim": _(
                "The STC assesses projects whose first aim is a quantifiable SOC increase or, at least, "
                "reduced SOC losses."
            ),
            "area_ha": _("Total area of the project's sites [ha]."),
            "budget_amount": _("Total budget, in the currency below (optional)."),
            "budget_currency": _("Three-letter ISO 4217 code, e.g. EUR."),
            "practices": _("The practices the project applies, from the good-practice catalogue."),
        }


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = [
            "name",
            "geometry",
            "climate_zone",
            "soil_class",
            "wrb_group",
            "clay_pct",
            "baseline_soc_t_ha",
            "baseline_depth_cm",
        ]
        widgets = {"geometry": forms.Textarea(attrs={"rows": 3})}


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Soil measurements (CSV)"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)d bytes."),
                params={"limit": settings.MAX_UPLOAD_BYTES},
            )
        return upload
