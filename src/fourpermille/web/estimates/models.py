"""Ex-ante estimates and MRV results of a project (see docs/guide/platform.md, "Estimates and MRV").

``ExAnteRecord``: the project's ex-ante estimate (``fourpermille.estimate``) with the input it was computed
from, or the list of what the project lacks for it. When the project, its sites or its practices change the
record is marked stale in the same transaction and recomputed once it commits (``signals``); bulk loads
compute many at once (``services.compute_ex_ante_many``). Pages only read it: a project without a current
record shows that its estimate is being computed or not available. ``change_t_ha_yr`` repeats the summary's
figure in a column so that the dashboards average it by region in one query.

``MrvRecord``: one monitoring period's MRV result, the JSON written by ``fourpermille mrv change`` (and
optionally ``fourpermille mrv credits``) plus the verification report built from them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.dispatch import Signal
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.projects.models import Project

#: Sent after ex-ante records were written in bulk (``bulk_create`` sends no ``post_save``); keyword
#: ``count``. The apps that show the records (the dashboards) listen, so estimates imports none of them.
ex_ante_records_stored = Signal()


class ExAnteStatus(models.TextChoices):
    OK = "ok", _("computed")
    MISSING = "missing", _("inputs missing")
    STALE = "stale", _("being computed")
    FAILED = "failed", _("computation failed")


class ExAnteRecord(models.Model):
    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="ex_ante", verbose_name=_("project")
    )
    method = models.CharField(_("method"), max_length=100, blank=True)
    inputs = models.JSONField(_("input"), default=list)
    result = models.JSONField(_("result"), null=True, blank=True)
    summary = models.JSONField(_("summary"), null=True, blank=True)  # project figures, read by the pages
    missing = models.JSONField(_("missing"), default=list)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExAnteStatus.choices, default=ExAnteStatus.OK
    )
    change_t_ha_yr = models.FloatField(_("expected change [t C/ha/yr]"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        indexes = [
            # Covers the dashboards' mean change by region (filter on status, join on project, read the
            # change) so that the rows' large JSON columns are never read; also finds stale records.
            models.Index(fields=["status", "project", "change_t_ha_yr"], name="estimates_exante_change"),
        ]
        verbose_name = _("ex-ante estimate")
        verbose_name_plural = _("ex-ante estimates")

    def __str__(self) -> str:
        return f"{self.project} ({self.method or '-'})"


class MrvRecord(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="mrv_records", verbose_name=_("project")
    )
    period = models.CharField(_("monitoring period"), max_length=30)
    change = models.JSONField(_("change (fourpermille mrv change)"))
    credits = models.JSONField(_("credits (fourpermille mrv credits)"), null=True, blank=True)
    report_html = models.TextField(_("report (HTML)"))
    report_pdf = models.BinaryField(_("report (PDF)"), null=True, blank=True)
    # What the report was built from besides the change and credits (project title, area, ex-ante bar, demo
    # note, date): the report in another language is rendered from these, so it reads as the stored one.
    report_inputs = models.JSONField(_("report inputs"), null=True, blank=True, editable=False)
    verified = models.BooleanField(
        _("verified"), default=False, help_text=_("Set by the secretariat once a verifier has confirmed it.")
    )
    # Who verified the result and when they signed (shown on the registry's issuance and label pages).
    verifier = models.CharField(_("verifier"), max_length=200, blank=True)
    verified_on = models.DateField(_("verification date"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(excluded_fields=["report_html", "report_pdf", "report_inputs"])

    class Meta:
        ordering = ["project", "period", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="estimates_one_result_per_period")
        ]
        verbose_name = _("MRV result")
        verbose_name_plural = _("MRV results")

    def __str__(self) -> str:
        return f"{self.project} {self.period}"

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.project.organisation_id

    def get_absolute_url(self) -> str:
        return reverse("estimates:mrv-report", args=[self.pk, "html"])


# --- Inputs of the complete ex-ante assessment (issue 15) ------------------------------------------------
# A site's monthly climate (RothC's drivers) and a project's management scenarios. Saving or deleting any
# of them marks the project's ExAnteRecord stale (``signals``): the record is recomputed after commit.

MONTHS_PER_YEAR = 12


class EvaporationKind(models.TextChoices):
    """What the evaporation column holds: RothC reads open-pan evaporation; PET is converted by the pan
    coefficient (``fourpermille.rothc.parameters.PAN_COEFFICIENT``: PET = 0.75 x pan)."""

    PAN = "pan", _("open-pan evaporation")
    PET = "pet", _("potential evapotranspiration (PET)")


class SiteClimate(models.Model):
    """The monthly climate and soil of a site as RothC reads them, with its plant cover and the monthly
    shares of the plant carbon input (null: the documented default of the land use, ``rothc_defaults``)."""

    site = models.OneToOneField(
        "projects.Site", on_delete=models.CASCADE, related_name="climate", verbose_name=_("site")
    )
    evaporation_kind = models.CharField(
        _("evaporation column"), max_length=3, choices=EvaporationKind.choices, default=EvaporationKind.PAN
    )
    clay_pct = models.FloatField(_("clay [%]"))
    depth_cm = models.FloatField(_("depth [cm]"), default=30.0)
    plant_cover = models.JSONField(_("plant cover (12 months, 0/1)"), null=True, blank=True)
    input_share = models.JSONField(_("monthly share of the plant input (12 months)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site climate")
        verbose_name_plural = _("site climates")

    def __str__(self) -> str:
        return f"{self.site} ({self.get_evaporation_kind_display()})"

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.site.project.organisation_id


class ClimateMonth(models.Model):
    """One month of a site's climate: ``year`` null for a typical (mean) year, else one month of a series."""

    climate = models.ForeignKey(
        SiteClimate, on_delete=models.CASCADE, related_name="months", verbose_name=_("site climate")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_("month"))
    temperature_c = models.FloatField(_("temperature [°C]"))
    rain_mm = models.FloatField(_("rainfall [mm]"))
    evaporation_mm = models.FloatField(_("evaporation [mm]"))

    class Meta:
        ordering = ["climate", "year", "month"]
        constraints = [
            models.UniqueConstraint(fields=["climate", "year", "month"], name="estimates_one_climate_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=MONTHS_PER_YEAR), name="estimates_month_1_12"
            ),
        ]
        verbose_name = _("climate month")
        verbose_name_plural = _("climate months")

    def __str__(self) -> str:
        return f"{self.year or '-'}-{self.month:02d}"


class Scenario(models.Model):
    """A management scenario of a project: the baseline (today's management continued) or an alternative,
    a set of practices each with its adoption area and year, with optional costs and yield change."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=120)
    is_baseline = models.BooleanField(
        _("baseline"),
        default=False,
        help_text=_("Today's management continued; the other scenarios are compared with it."),
    )
    description = models.TextField(_("description"), blank=True)
    investment_eur = models.DecimalField(
        _("investment [EUR]"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional: one-off cost of putting the scenario in place."),
    )
    yearly_cost_eur = models.DecimalField(
        _("yearly cost [EUR/yr]"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optional: yearly running cost over the horizon (negative: a saving)."),
    )
    yield_change_pct = models.FloatField(
        _("yield change [%]"),
        null=True,
        blank=True,
        help_text=_("Optional: expected change of crop or forage yield against the baseline."),
    )
    # Nitrogen management per hectare (IPCC 2019 Ch 11 N2O): the baseline's, or an alternative's where it
    # changes it (empty: the baseline's value).
    synthetic_n_kg_ha = models.FloatField(
        _("synthetic N [kg N/ha/yr]"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Mineral fertiliser nitrogen applied each year (N2O, IPCC 2019 Ch 11)."),
    )
    organic_n_kg_ha = models.FloatField(
        _("organic N [kg N/ha/yr]"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Manure, compost and other organic nitrogen applied each year."),
    )
    cover_crop_n_kg_ha = models.FloatField(
        _("cover crop N [kg N/ha/yr]"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Nitrogen in cover crop biomass returned to the soil each year."),
    )
    crop = models.CharField(
        _("crop"),
        max_length=60,
        blank=True,
        help_text=_("Main crop, for the nitrogen of its residues (IPCC 2019 Table 11.1a)."),
    )
    yield_t_ha = models.FloatField(
        _("yield [t/ha/yr]"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Fresh-weight harvested yield of the main crop."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["project", "-is_baseline", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="estimates_scenario_name_unique"),
            models.UniqueConstraint(
                fields=["project"], condition=models.Q(is_baseline=True), name="estimates_one_baseline"
            ),
        ]
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.project.organisation_id

    def get_absolute_url(self) -> str:
        return reverse("estimates:project", args=[self.project_id]) + f"#scenario-{self.pk}"


class ScenarioPractice(models.Model):
    """One practice of a scenario: adopted on ``area_ha`` from ``adoption_year``."""

    scenario = models.ForeignKey(
        Scenario, on_delete=models.CASCADE, related_name="practices", verbose_name=_("scenario")
    )
    practice = models.ForeignKey(
        "resources.Practice", on_delete=models.PROTECT, related_name="+", verbose_name=_("practice")
    )
    area_ha = models.FloatField(_("adoption area [ha]"))
    adoption_year = models.PositiveSmallIntegerField(_("adoption year"))
    extra_input_t_c_ha_yr = models.FloatField(
        _("extra carbon input [t C/ha/yr]"),
        null=True,
        blank=True,
        help_text=_("Optional, for RothC: extra plant or organic carbon returned to the soil."),
    )

    class Meta:
        ordering = ["scenario", "practice__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scenario", "practice"], name="estimates_practice_once_per_scenario"
            )
        ]
        verbose_name = _("scenario practice")
        verbose_name_plural = _("scenario practices")

    def __str__(self) -> str:
        return f"{self.scenario}: {self.practice}"


class GwpSet(models.TextChoices):
    """GWP-100 sets of the balance (``fourpermille.ghg.tables.GWP_SETS``)."""

    AR6 = "AR6", _("IPCC AR6 (2021), the default")
    AR5 = "AR5", _("IPCC AR5 (2013)")


class N2OFactors(models.TextChoices):
    """Direct and indirect N2O emission factors of IPCC 2019 Tables 11.1 and 11.3."""

    AGGREGATED = "aggregated", _("aggregated (one factor)")
    CLIMATE = "climate", _("disaggregated by wet or dry climate")


class EstimateOptions(models.Model):
    """A project's choices for its greenhouse-gas balance (the ``ghg`` block of its project file)."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="estimate_options", verbose_name=_("project")
    )
    gwp = models.CharField(_("GWP-100 set"), max_length=3, choices=GwpSet.choices, default=GwpSet.AR6)
    n2o_factors = models.CharField(
        _("N2O emission factors"), max_length=10, choices=N2OFactors.choices, default=N2OFactors.AGGREGATED
    )

    class Meta:
        verbose_name = _("estimate options")
        verbose_name_plural = _("estimate options")

    def __str__(self) -> str:
        return f"{self.project}: {self.gwp}, {self.n2o_factors}"

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.project.organisation_id
