from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fourpermille.web.core.forms import DateInput, OwnOrganisationFormMixin
from fourpermille.web.monitoring.services import validate_sampling_date
from fourpermille.web.projects.geometry import ACCEPTED_ENDINGS, geometry_text, read_uploaded_geometry
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
    """A site: its geometry drawn on the map (the map writes GeoJSON into ``geometry``), typed as GeoJSON,
    or read from an uploaded file, which wins when both are given."""

    geometry_file = forms.FileField(
        label=_("Or upload the site"),
        required=False,
        help_text=_(
            "GeoJSON (.geojson, .json), KML (.kml), GeoPackage (.gpkg) or zipped Shapefile (.zip): one "
            "point, "
            "or one or more polygons (joined as one site). Other coordinate systems are converted to "
            "longitude, latitude."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_ENDINGS}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["geometry"].required = False
        order = ["name", "geometry", "geometry_file"]
        self.order_fields(order + [f for f in self.fields if f not in order])

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("geometry_file")
        if upload:
            try:
                site = read_uploaded_geometry(upload)
            except forms.ValidationError as error:
                self.add_error("geometry_file", error)
                return cleaned
            text = geometry_text(site)
            cleaned["geometry"] = text
            self.errors.pop("geometry", None)
            # shown again (drawn on the map) if another field sends the form back
            self.data = self.data.copy()
            self.data[self.add_prefix("geometry")] = text
            self.instance.geometry_source = upload.name[:255]
        elif "geometry" not in self.errors:
            if not cleaned.get("geometry"):
                self.add_error("geometry", _("Draw the site on the map, type its GeoJSON or upload a file."))
            elif cleaned["geometry"] != self.initial.get("geometry"):
                self.instance.geometry_source = ""
        return cleaned

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
        widgets = {"geometry": forms.Textarea(attrs={"rows": 3, "data-geometry-input": ""})}


class TransitionForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Soil measurements (CSV)"))
    sampled_on = forms.DateField(
        label=_("Sampling date"),
        widget=DateInput(),
        help_text=_("The day the soil was sampled (the campaign's date), not today's upload."),
    )
    campaign = forms.CharField(
        label=_("Campaign"),
        max_length=100,
        required=False,
        help_text=_("A name for the campaign, e.g. “baseline” or “2026 repeat”."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean_sampled_on(self):
        day = self.cleaned_data["sampled_on"]
        validate_sampling_date(day)  # the one rule, shared with the API
        return day

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)d bytes."),
                params={"limit": settings.MAX_UPLOAD_BYTES},
            )
        return upload
