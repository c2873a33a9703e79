"""Soil measurements of a site, uploaded as CSV in the stocks input layout (see docs/nomenclature.md).

One ``MeasurementUpload`` per accepted file; its ``SoilMeasurement`` rows keep the spreadsheet row number
they came from. Imports are all-or-nothing (``services.import_measurements``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.projects.models import Site


class UploadQuerySet(models.QuerySet):
    def latest_campaign_first(self):
        """Newest sampling first: a campaign is dated by its sampling date (``sampled_on``); an upload stored
        before the date was asked for is dated by its upload day. Ties: the later upload first."""
        return self.annotate(
            campaign_day=Coalesce("sampled_on", TruncDate("uploaded_at"), output_field=models.DateField())
        ).order_by("-campaign_day", "-uploaded_at", "-pk")


class MeasurementUpload(models.Model):
    """One accepted file of one sampling campaign of a site."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="uploads", verbose_name=_("site"))
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    profile_count = models.PositiveIntegerField(_("profiles"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    sampled_on = models.DateField(
        _("sampling date"),
        null=True,
        blank=True,
        help_text=_("The day the soil was sampled (the campaign's date), not the day of the upload."),
    )
    campaign = models.CharField(
        _("campaign"), max_length=100, blank=True, help_text=_("A name for the campaign, e.g. “baseline”.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("measurement upload")
        verbose_name_plural = _("measurement uploads")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.row_count})"

    @property
    def campaign_date(self):
        """The sampling date, or the upload day of an upload stored without one."""
        return self.sampled_on or self.uploaded_at.date()

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.site.project.organisation_id


#: The numeric columns of the stocks input layout (fourpermille.stocks), as stored per measurement row.
NUMERIC_COLUMNS = [
    "depth_top_cm",
    "depth_bottom_cm",
    "soc_g_kg",
    "bulk_density_g_cm3",
    "sample_mass_g",
    "core_diameter_mm",
    "cores_per_sample",
    "coarse_fraction_vol",
    "som_g_kg",
]


class SoilMeasurement(models.Model):
    """One layer of one profile. Either ``bulk_density_g_cm3`` or the core sample triple is given."""

    upload = models.ForeignKey(
        MeasurementUpload, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("upload")
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("site")
    )
    row = models.PositiveIntegerField(_("row in file"))
    profile_id = models.CharField(_("profile"), max_length=100)
    depth_top_cm = models.FloatField(_("top [cm]"))
    depth_bottom_cm = models.FloatField(_("bottom [cm]"))
    soc_g_kg = models.FloatField(_("SOC [g C/kg]"))
    bulk_density_g_cm3 = models.FloatField(_("bulk density [g/cm3]"), null=True, blank=True)
    sample_mass_g = models.FloatField(_("sample mass [g]"), null=True, blank=True)
    core_diameter_mm = models.FloatField(_("core diameter [mm]"), null=True, blank=True)
    cores_per_sample = models.PositiveIntegerField(_("cores per sample"), null=True, blank=True)
    coarse_fraction_vol = models.FloatField(_("coarse fraction [0-1]"), null=True, blank=True)
    som_g_kg = models.FloatField(_("SOM [g/kg]"), null=True, blank=True)

    class Meta:
        ordering = ["upload", "profile_id", "depth_top_cm"]
        verbose_name = _("soil measurement")
        verbose_name_plural = _("soil measurements")

    def __str__(self) -> str:
        return f"{self.profile_id} {self.depth_top_cm:g}-{self.depth_bottom_cm:g} cm"


class ProfileStatus(models.TextChoices):
    """How a profile counts at the reporting depth (``fourpermille.stocks.SHALLOW_RULE``)."""

    INCLUDED = "included", _("included")
    SHALLOW = "shallow", _("excluded: sampled shallower than the reporting depth")
    INVALID = "invalid", _("excluded: its rows fail the checks")


class ProfileStock(models.Model):
    """The SOC stock of one profile of one upload, 0 to the reporting depth, as
    ``fourpermille.stocks.reporting_depth_stocks`` computed it when the upload was stored. Every page, API
    and download that shows a stock reads (or aggregates) these rows; none computes a stock itself."""

    upload = models.ForeignKey(
        MeasurementUpload, on_delete=models.CASCADE, related_name="profile_stocks", verbose_name=_("upload")
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="profile_stocks", verbose_name=_("site")
    )
    profile_id = models.CharField(_("profile"), max_length=100)
    depth_cm = models.FloatField(_("reporting depth [cm]"))
    sampled_depth_cm = models.FloatField(_("sampled to [cm]"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProfileStatus.choices)
    soil_mass_t_ha = models.FloatField(_("soil mass [t/ha]"), null=True, blank=True)
    soc_stock_t_ha = models.FloatField(_("SOC stock [t C/ha]"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["upload", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["upload", "profile_id", "depth_cm"], name="monitoring_one_stock_per_profile_depth"
            ),
            models.CheckConstraint(
                condition=models.Q(status="included", soc_stock_t_ha__isnull=False)
                | (~models.Q(status="included") & models.Q(soc_stock_t_ha__isnull=True)),
                name="monitoring_stock_iff_included",
            ),
        ]
        indexes = [models.Index(fields=["site", "status"], name="monitoring_stock_site_status")]
        verbose_name = _("profile SOC stock")
        verbose_name_plural = _("profile SOC stocks")

    def __str__(self) -> str:
        return f"{self.profile_id} 0-{self.depth_cm:g} cm: {self.soc_stock_t_ha}"

    @property
    def organisation_id_for_permissions(self) -> int:
        return self.site.project.organisation_id
