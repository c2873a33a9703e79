"""The calculators' forms: the options of each command, with the command line's allowed ranges.

Ranges are those of the command's options (``fourpermille.cli.options``, which the platform may not import;
the numbers are repeated here and ``tests/web/toolbox/test_forms.py`` keeps them equal). Files are checked
by the command's own reader when the calculation runs.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext_lazy as _

from fourpermille.mrv import limits
from fourpermille.web.toolbox import countries
from fourpermille.web.toolbox.services import MAX_DRAWS, MAX_UPLOAD_BYTES

#: (low, high) of each numeric option, as ``fourpermille.cli.options`` (a test keeps them equal).
RANGES = {
    "depth_cm": (0.0, 1000.0),  # DEPTH_CM, low open
    "soil_mass_t_ha": (0.0, 265_000.0),  # SOIL_MASS_T_HA, low open
    "extrapolation": (0.0, 1.0),  # EXTRAPOLATION_FRACTION
    "soc_t_ha": (0.0, 1000.0),  # SOC_STOCK_T_HA, low open
    "years": (1, 500),  # HORIZON_YEARS
    "rate": (0.0, 0.1),  # RATE_PER_YR, low open
    "baseline_rate": (-0.1, 0.1),  # BASELINE_RATE_PER_YR
    "d_years": (1, 500),  # D_YEARS
    "seed": (0, 2**32 - 1),  # SEED
    "rothc_depth_cm": (0.0, 300.0),  # ROTHC_DEPTH_CM, low open
    "dpm_rpm": (0.0, 100.0),  # DPM_RPM, low open
}
MONTH_CHOICES = list(MONTHS_3.items())


def _country_choices():
    return [("", _("(from my organisation, or not counted)"))] + countries.choices()


class AboveValidator(MinValueValidator):
    """Value strictly above the limit (an open low end)."""

    message = _("Ensure this value is greater than %(limit_value)s.")

    def compare(self, a, b):
        return a <= b


def _float(label, key, *, open_low=False, **kwargs):
    low, high = RANGES[key]
    low_validator = AboveValidator(low) if open_low else MinValueValidator(low)
    return forms.FloatField(label=label, validators=[low_validator, MaxValueValidator(high)], **kwargs)


def _int(label, key, **kwargs):
    low, high = RANGES[key]
    return forms.IntegerField(label=label, min_value=low, max_value=high, **kwargs)


def _numbers(text: str, key: str, label) -> list[float]:
    """'10,30' -> [10.0, 30.0], each inside the range of ``key`` (low end open)."""
    low, high = RANGES[key]
    try:
        values = [float(v) for v in text.replace(";", ",").split(",") if v.strip()]
    except ValueError:
        raise forms.ValidationError(
            _("Numbers separated by commas, e.g. 10,30; got %(text)s."), params={"text": text}
        ) from None
    if not values:
        raise forms.ValidationError(_("Give at least one number."))
    for value in values:
        if not (low < value <= high):
            raise forms.ValidationError(
                _("%(label)s must be in (%(low)s, %(high)s]; got %(value)s."),
                params={"label": label, "low": f"{low:g}", "high": f"{high:g}", "value": f"{value:g}"},
            )
    return values


class CalculatorForm(forms.Form):
    """The optional "your country" select every calculator has (for the anonymous usage count)."""

    country = forms.ChoiceField(
        label=_("Your country (optional)"),
        required=False,
        choices=_country_choices,
        help_text=_(
            "Only counted, per calculator and month, for the usage statistics; nothing else is kept."
        ),
    )

    def clean_upload(self, name: str):
        upload = self.cleaned_data.get(name)
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than %(size)s MB."),
                params={"name": upload.name, "size": MAX_UPLOAD_BYTES // (1024 * 1024)},
            )
        return upload


class StocksForm(CalculatorForm):
    field_order = [
        "profiles",
        "depth_cm",
        "method",
        "esm_method",
        "ref_mass_t_ha",
        "max_extrapolation",
        "cumulative",
        "country",
    ]
    profiles = forms.FileField(
        label=_("Profile CSV"),
        help_text=_(
            "One row per layer: <code>profile_id, depth_top_cm, depth_bottom_cm, soc_g_kg</code> and "
            "<code>bulk_density_g_cm3</code> (or <code>sample_mass_g, core_diameter_mm, "
            "cores_per_sample</code>)."
        ),
    )
    depth_cm = forms.CharField(
        label=_("Reporting depth(s) [cm]"),
        initial="30",
        help_text=_("e.g. 30 or 10,30. ESM: the depths at which the reference masses are taken."),
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[("fixed", _("fixed depth")), ("esm", _("equivalent soil mass (ESM)"))],
        initial="fixed",
    )
    esm_method = forms.ChoiceField(
        label=_("ESM method"),
        choices=[
            ("spline", _("spline")),
            ("mineral-hyman", _("mineral soil mass (Hyman)")),
            ("hyman", _("Hyman")),
            ("layers", _("layers")),
        ],
        initial="spline",
    )
    ref_mass_t_ha = forms.CharField(
        label=_("Reference soil masses [t/ha] (ESM, optional)"),
        required=False,
        help_text=_("Cumulative masses, e.g. 1950,3253; empty: the lightest profile's masses at the depths."),
    )
    max_extrapolation = _float(
        _("ESM: largest extrapolation beyond a profile's sampled mass [-]"), "extrapolation", initial=0.35
    )
    cumulative = forms.BooleanField(label=_("Cumulative stocks from the surface"), required=False)

    def clean_profiles(self):
        return self.clean_upload("profiles")

    def clean_depth_cm(self):
        return _numbers(self.cleaned_data["depth_cm"], "depth_cm", _("Reporting depth"))

    def clean_ref_mass_t_ha(self):
        text = self.cleaned_data.get("ref_mass_t_ha", "").strip()
        return _numbers(text, "soil_mass_t_ha", _("Reference soil mass")) if text else None


GROWTH_CHOICES = [("linear", _("linear: SOC0 (1 + r t)")), ("compound", _("compound: SOC0 (1 + r)^t"))]


class TargetForm(CalculatorForm):
    field_order = ["soc0", "years", "rate", "growth", "baseline_rate", "country"]
    soc0 = _float(_("Initial SOC stock [t C/ha]"), "soc_t_ha", open_low=True, initial=50)
    years = _int(_("Horizon [yr]"), "years", initial=30)
    rate = _float(
        _("Target rate [1/yr]"),
        "rate",
        open_low=True,
        initial=0.004,
        help_text=_("0.004 is 4 per 1000 a year."),
    )
    growth = forms.ChoiceField(label=_("Growth"), choices=GROWTH_CHOICES, initial="linear")
    baseline_rate = _float(
        _("Baseline: relative annual change [1/yr]"),
        "baseline_rate",
        initial=0.0,
        help_text=_("Type A: above 0 (increasing); type B: 0 (constant); type C: below 0 (declining)."),
    )


class Tier1Form(CalculatorForm):
    field_order = ["units", "approach", "d_years", "factors", "uncertainty", "seed", "per_unit", "country"]
    units = forms.FileField(
        label=_("Land-unit CSV"),
        help_text=_(
            "<code>unit_id, year, area_ha</code> and either <code>soc_ref_t_ha, f_lu, f_mg, f_i</code> or "
            "<code>climate_zone, soil_class, land_use, management, input</code>."
        ),
    )
    approach = forms.ChoiceField(
        label=_("Approach"),
        choices=[("1", _("1: aggregate areas")), ("2", _("2: tracked land units"))],
        initial="1",
    )
    d_years = _int(_("Years to the new equilibrium, D [yr]"), "d_years", initial=20)
    factors = forms.ChoiceField(
        label=_("Stock change factors"), choices=[("2019", "IPCC 2019"), ("2006", "IPCC 2006")]
    )
    uncertainty = forms.IntegerField(
        label=_("Monte Carlo draws for the 95 % interval"),
        min_value=0,
        max_value=MAX_DRAWS,
        initial=0,
        help_text=_("0: none. The command line takes more."),
    )
    seed = _int(_("Seed of the draws"), "seed", required=False)
    per_unit = forms.BooleanField(label=_("One row per land unit and year"), required=False)

    def clean_units(self):
        return self.clean_upload("units")


DPM_RPM_CHOICES_HELP = _(
    "1.44: most crops and improved grassland; 0.67: unimproved grassland and scrub; 0.25: woodland."
)


class RothCForm(CalculatorForm):
    field_order = [
        "climate",
        "site_id",
        "clay",
        "depth_cm",
        "soc_t_ha",
        "iom",
        "plant_input_t_ha_yr",
        "input_months",
        "fym_t_ha_yr",
        "covered_months",
        "dpm_rpm",
        "years",
        "rate",
        "growth",
        "country",
    ]
    climate = forms.FileField(
        label=_("Monthly climate CSV"),
        help_text=_(
            "<code>site_id</code> or <code>climate_id</code>, <code>month</code>, <code>temp</code> [°C], "
            "<code>rain</code> [mm], <code>pevap</code> (open-pan evaporation) [mm]: 12 rows per site."
        ),
    )
    site_id = forms.SlugField(
        label=_("Site (its site_id or climate_id in the file)"), initial="hoosfield", max_length=50
    )
    clay = forms.FloatField(label=_("Clay [%]"), min_value=0, max_value=100, initial=23.4)
    depth_cm = _float(_("Soil layer depth [cm]"), "rothc_depth_cm", open_low=True, initial=23)
    soc_t_ha = _float(
        _("Measured SOC stock [t C/ha] (optional)"),
        "soc_t_ha",
        open_low=True,
        required=False,
        help_text=_("Given: IOM from Falloon et al. (1998) and the plant input fitted to this stock."),
    )
    iom = forms.FloatField(
        label=_("Inert organic matter, IOM [t C/ha] (optional)"), min_value=0, required=False, initial=3.0041
    )
    plant_input_t_ha_yr = forms.FloatField(
        label=_("Plant input [t C/ha/yr]"),
        min_value=0,
        initial=1.74,
        help_text=_("Scaled to the measured stock when one is given."),
    )
    input_months = forms.TypedMultipleChoiceField(
        label=_("Months the plant input and manure enter the soil"),
        choices=MONTH_CHOICES,
        coerce=int,
        initial=[8],
        widget=forms.CheckboxSelectMultiple,
    )
    fym_t_ha_yr = forms.FloatField(label=_("Farmyard manure [t C/ha/yr]"), min_value=0, initial=0)
    covered_months = forms.TypedMultipleChoiceField(
        label=_("Months the soil is covered by plants"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        initial=[1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12],
        widget=forms.CheckboxSelectMultiple,
    )
    dpm_rpm = _float(
        _("DPM/RPM ratio of the plant input [-]"),
        "dpm_rpm",
        open_low=True,
        initial=1.44,
        help_text=DPM_RPM_CHOICES_HELP,
    )
    years = _int(_("Horizon [yr]"), "years", initial=30)
    rate = _float(_("Target rate [1/yr]"), "rate", open_low=True, initial=0.004)
    growth = forms.ChoiceField(label=_("Growth"), choices=GROWTH_CHOICES, initial="linear")

    def clean_climate(self):
        return self.clean_upload("climate")

    def clean(self):
        data = super().clean()
        if data.get("soc_t_ha") is None and data.get("iom") is None:
            raise forms.ValidationError(_("Give the measured SOC stock, or IOM, or both."))
        return data

    def site(self) -> dict:
        keys = (
            "site_id",
            "clay",
            "depth_cm",
            "soc_t_ha",
            "iom",
            "plant_input_t_ha_yr",
            "input_months",
            "fym_t_ha_yr",
            "covered_months",
            "dpm_rpm",
        )
        return {key: self.cleaned_data[key] for key in keys}


def _limited(label, limit, **kwargs):
    """A number inside one of the MRV core's limits (``fourpermille.mrv.limits``), the same the command
    checks."""
    low = AboveValidator(limit.low) if limit.low_open else MinValueValidator(limit.low)
    high = BelowValidator(limit.high) if limit.high_open else MaxValueValidator(limit.high)
    return forms.FloatField(label=label, validators=[low, high], **kwargs)


class BelowValidator(MaxValueValidator):
    """Value strictly below the limit (an open high end)."""

    message = _("Ensure this value is less than %(limit_value)s.")

    def compare(self, a, b):
        return a >= b


class MrvForm(CalculatorForm):
    field_order = ["cv", "years", "design", "correlation", "rate", "growth", "alpha", "power", "country"]
    cv = _limited(_("Coefficient of variation of the point stocks (SD / mean) [-]"), limits.CV, initial=0.2)
    years = _limited(_("Years between the two campaigns"), limits.YEARS, initial=10)
    design = forms.ChoiceField(
        label=_("Design"),
        choices=[
            ("paired", _("paired: the same points in both campaigns")),
            ("independent", _("independent: new points")),
        ],
    )
    correlation = forms.FloatField(
        label=_("Paired: correlation of point stocks between campaigns [-]"),
        initial=0.5,
        validators=[MinValueValidator(-1.0), BelowValidator(1.0)],
    )
    rate = _limited(_("Relative annual gain to detect [1/yr]"), limits.RATE, initial=0.004)
    growth = forms.ChoiceField(label=_("Growth"), choices=GROWTH_CHOICES, initial="linear")
    alpha = _limited(_("Significance level (two-sided)"), limits.ALPHA, initial=0.05)
    power = _limited(_("Power, 1 - beta"), limits.POWER, initial=0.8)


class UsageFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
