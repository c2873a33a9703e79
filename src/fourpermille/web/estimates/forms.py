from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from fourpermille.web.estimates import services
from fourpermille.web.estimates.models import (
    MONTHS_PER_YEAR,
    EstimateOptions,
    EvaporationKind,
    Scenario,
    ScenarioPractice,
)


class MrvUploadForm(forms.Form):
    period = forms.CharField(
        label=_("Monitoring period"), max_length=9, help_text=_("START-END in years, e.g. 2020-2025.")
    )
    change = forms.FileField(
        label=_("Change (JSON)"),
        # the commands in <code> (the template shows help texts as HTML): names, not words to translate
        help_text=_("The file written by <code>fourpermille mrv change -o CHANGE.json</code>."),
    )
    credits = forms.FileField(
        label=_("Credits (JSON)"),
        required=False,
        help_text=_(
            "Optional: the file written by <code>fourpermille mrv credits CHANGE.json -o CREDITS.json</code>."
        ),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    verified = forms.BooleanField(label=_("Verified"), required=False)

    def __init__(self, *args, can_verify=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_verify:
            del self.fields["verified"]

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        try:
            services.parse_period(period)
        except services.MrvInputError as error:
            raise forms.ValidationError(str(error)) from None
        return period

    def _file(self, name):
        upload = self.cleaned_data.get(name)
        if upload is None:
            return None
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(n)d bytes)."), params={"n": settings.MAX_UPLOAD_BYTES}
            )
        return upload.read(), upload.name

    def clean_change(self):
        return self._file("change")

    def clean_credits(self):
        return self._file("credits")


# --- Inputs of the complete ex-ante assessment ------------------------------------------------------------


MONTH_NAMES = [
    _("Jan"),
    _("Feb"),
    _("Mar"),
    _("Apr"),
    _("May"),
    _("Jun"),
    _("Jul"),
    _("Aug"),
    _("Sep"),
    _("Oct"),
    _("Nov"),
    _("Dec"),
]
CLAY_HELP = _("Clay content of the fine earth [%], 0-100; RothC's decomposition depends on it.")
DEPTH_HELP = _("Depth of the soil layer RothC models [cm]; 30 cm for the 4 per 1000 target.")
EVAPORATION_HELP = _(
    "Which evaporation the file or the values give. RothC reads open-pan evaporation; PET is converted "
    "(pan = PET / 0.75, RothC's pan coefficient)."
)
SERIES_HELP = _(
    "Optional: 12 values separated by commas or spaces, January first; empty keeps the default of the "
    "land use (shown above)."
)


def twelve(text: str, name: str, low: float, high: float) -> list[float] | None:
    """12 numbers from a text (commas, semicolons or spaces), each in [low, high]; None if empty."""
    text = (text or "").replace(";", " ").replace(",", " ").split()
    if not text:
        return None
    try:
        values = [float(v) for v in text]
    except ValueError:
        raise forms.ValidationError(_("%(name)s: give numbers only."), params={"name": name}) from None
    if len(values) != MONTHS_PER_YEAR:
        raise forms.ValidationError(
            _("%(name)s: give 12 values (January first); got %(n)d."), params={"name": name, "n": len(values)}
        )
    for month, value in enumerate(values, start=1):
        if not low <= value <= high:
            raise forms.ValidationError(
                _("%(name)s, month %(month)d: %(value)s is outside the allowed range [%(low)s, %(high)s]."),
                params={"name": name, "month": month, "value": value, "low": low, "high": high},
            )
    return values


class SoilAndCoverForm(forms.Form):
    """What both ways of giving the climate share: evaporation kind, clay, depth, plant cover, shares."""

    evaporation_kind = forms.ChoiceField(
        label=_("Evaporation column"), choices=EvaporationKind.choices, help_text=EVAPORATION_HELP
    )
    clay_pct = forms.FloatField(label=_("Clay [%]"), min_value=0, max_value=100, help_text=CLAY_HELP)
    depth_cm = forms.FloatField(
        label=_("Depth [cm]"), min_value=1, max_value=300, initial=30, help_text=DEPTH_HELP
    )
    plant_cover = forms.CharField(
        label=_("Plant cover (0 bare, 1 covered)"), required=False, help_text=SERIES_HELP
    )
    input_share = forms.CharField(
        label=_("Monthly share of the plant carbon input"),
        required=False,
        help_text=_(
            "Optional: 12 shares (they are scaled to sum to 1), January first; empty keeps the default."
        ),
    )

    def clean_plant_cover(self):
        values = twelve(self.cleaned_data["plant_cover"], _("Plant cover"), 0, 1)
        if values is not None and any(v not in (0, 1) for v in values):
            raise forms.ValidationError(_("Plant cover: each month is 0 (bare) or 1 (covered)."))
        return values

    def clean_input_share(self):
        values = twelve(self.cleaned_data["input_share"], _("Input share"), 0, 1)
        if values is not None and sum(values) <= 0:
            raise forms.ValidationError(_("Input share: at least one month must receive input."))
        return values


class ClimateUploadForm(SoilAndCoverForm):
    file = forms.FileField(
        label=_("Climate (CSV)"),
        help_text=_(
            "12 rows for a typical year, or the months of several complete years (the columns: see the "
            "examples below; temperature in °C, rain and evaporation in mm)."
        ),
    )
    field_order = ["file", "evaporation_kind", "clay_pct", "depth_cm", "plant_cover", "input_share"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(n)d bytes)."), params={"n": settings.MAX_UPLOAD_BYTES}
            )
        return upload.read(), upload.name


class ClimateTypedForm(SoilAndCoverForm):
    """A typical year typed in: 12 values per variable."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from fourpermille.web.estimates.climate import COLUMNS, LABELS, allowed_range

        for column in COLUMNS:
            low, high = allowed_range(column)
            for i, month in enumerate(MONTH_NAMES, start=1):
                self.fields[f"{column}_{i}"] = forms.FloatField(
                    label=f"{LABELS[column]} {month}",
                    min_value=low,
                    max_value=high,
                    widget=forms.NumberInput(attrs={"step": "any", "class": "month"}),
                )

    def general_fields(self):
        """The bound fields other than the 36 monthly values."""
        return [self[name] for name in SoilAndCoverForm.base_fields]

    def month_rows(self):
        """(label, [bound fields of the 12 months]) per variable, for the template's grid."""
        from fourpermille.web.estimates.climate import COLUMNS, LABELS

        return [(LABELS[c], [self[f"{c}_{i}"] for i in range(1, MONTHS_PER_YEAR + 1)]) for c in COLUMNS]

    def values(self) -> dict[str, list[float]]:
        from fourpermille.web.estimates.climate import COLUMNS

        return {c: [self.cleaned_data[f"{c}_{i}"] for i in range(1, MONTHS_PER_YEAR + 1)] for c in COLUMNS}


def crop_choices():
    """The crops of IPCC 2019 Table 11.1a (the N2O module's residue table), as form choices."""
    from fourpermille.ghg.tables import crop_names

    return [("", "—"), *((name, name.replace("_", " ")) for name in crop_names())]


class ScenarioForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["crop"] = forms.ChoiceField(
            label=self.fields["crop"].label,
            help_text=self.fields["crop"].help_text,
            required=False,
            choices=crop_choices(),
        )

    def clean(self):
        data = super().clean()
        if data.get("crop") and data.get("yield_t_ha") is None:
            self.add_error("yield_t_ha", _("Give the yield of the crop: its residue nitrogen depends on it."))
        return data

    class Meta:
        model = Scenario
        fields = [
            "name",
            "is_baseline",
            "description",
            "investment_eur",
            "yearly_cost_eur",
            "yield_change_pct",
            "synthetic_n_kg_ha",
            "organic_n_kg_ha",
            "cover_crop_n_kg_ha",
            "crop",
            "yield_t_ha",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "name": _("A short name, e.g. “Cover crops on half the farm”."),
        }


class ScenarioPracticeForm(forms.ModelForm):
    class Meta:
        model = ScenarioPractice
        fields = ["practice", "area_ha", "adoption_year", "extra_input_t_c_ha_yr"]
        help_texts = {
            "area_ha": _(
                "Hectares on which the practice is adopted. Practices with the same area and year are "
                "adopted together on the same land; different areas are separate parts of the project "
                "and add up to at most its area."
            ),
            "adoption_year": _("First year the practice is in place (within the 20-year horizon)."),
        }

    def clean_area_ha(self):
        area = self.cleaned_data["area_ha"]
        if area is not None and area <= 0:
            raise forms.ValidationError(_("The area must be more than 0 ha."))
        return area

    def clean_extra_input_t_c_ha_yr(self):
        value = self.cleaned_data["extra_input_t_c_ha_yr"]
        if value is not None and not -20 <= value <= 20:
            raise forms.ValidationError(_("Give an extra input between -20 and 20 t C/ha/yr."))
        return value


ScenarioPracticeFormSet = inlineformset_factory(
    Scenario, ScenarioPractice, form=ScenarioPracticeForm, extra=3, can_delete=True
)


class EstimateOptionsForm(forms.ModelForm):
    class Meta:
        model = EstimateOptions
        fields = ["gwp", "n2o_factors"]
        help_texts = {
            "gwp": _("Global warming potentials over 100 years that turn N2O and CH4 into CO2e."),
            "n2o_factors": _("IPCC 2019 Tables 11.1 and 11.3: one factor, or wet and dry climates apart."),
        }


class MrvVerifyForm(forms.Form):
    """The secretariat's verification of a stored MRV result: who verified it and when."""

    verifier = forms.CharField(
        label=_("Verifier"),
        max_length=200,
        help_text=_("The verification body or person who confirmed the result."),
    )
    verified_on = forms.DateField(
        label=_("Verification date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date the verifier signed."),
    )

    def clean_verified_on(self):
        import datetime as dt

        value = self.cleaned_data["verified_on"]
        if value > dt.date.today():
            raise forms.ValidationError(_("The verification date cannot be in the future."))
        return value
