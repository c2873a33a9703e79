"""Summaries the dashboards read instead of scanning every soil measurement.

``StockObservation``: one sampling campaign of a site (one accepted measurement upload), its mean SOC
stock over the accounting depth and the 95 % interval of that mean over the campaign's profiles.
``SiteSoc``: per site, the first and latest observation and the rate of change between them, beside the
4 per 1000 rate relative to the first stock.

Both are derived data: ``services.stocks`` recomputes them in the database when an upload is committed or
deleted (``signals``), so a new upload shows on the dashboards at once, with no cache to flush.
``sampled_on`` starts as the upload date; the secretariat corrects it in the admin when the samples were
taken earlier (the measurement upload of the monitoring app has no sampling date of its own yet).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.projects.models import Project, Site


class StockObservation(models.Model):
    upload = models.OneToOneField(
        MeasurementUpload,
        on_delete=models.CASCADE,
        related_name="stock_observation",
        verbose_name=_("upload"),
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="stock_observations", verbose_name=_("site")
    )
    sampled_on = models.DateField(_("sampled on"))
    depth_cm = models.FloatField(_("accounting depth [cm]"))
    soc_stock_t_ha = models.FloatField(_("mean SOC stock [t C/ha]"))
    soc_stock_sd_t_ha = models.FloatField(_("standard deviation [t C/ha]"), null=True, blank=True)
    ci95_low_t_ha = models.FloatField(_("95 % interval, low [t C/ha]"), null=True, blank=True)
    ci95_high_t_ha = models.FloatField(_("95 % interval, high [t C/ha]"), null=True, blank=True)
    profile_count = models.PositiveIntegerField(_("profiles"))

    class Meta:
        ordering = ["site", "sampled_on", "pk"]
        indexes = [models.Index(fields=["site", "sampled_on"], name="dash_obs_site_date")]
        verbose_name = _("SOC stock observation")
        verbose_name_plural = _("SOC stock observations")

    def __str__(self) -> str:
        return f"{self.site} {self.sampled_on}: {self.soc_stock_t_ha:.1f} t C/ha"


class SiteSoc(models.Model):
    """Per site; ``project`` .. ``latitude`` copy the site's and project's attributes the dashboards filter
    and group on (kept in step by ``signals`` when a project or site is saved), so the public maps and
    charts aggregate this one table without joins."""

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, primary_key=True, related_name="soc", verbose_name=_("site")
    )
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project")
    )
    project_status = models.CharField(_("project status"), max_length=20)
    region = models.CharField(_("region"), max_length=20)
    climate_zone = models.CharField(_("climate zone"), max_length=30)
    longitude = models.FloatField(_("longitude"), null=True)
    latitude = models.FloatField(_("latitude"), null=True)
    observation_count = models.PositiveIntegerField(_("observations"))
    measurement_count = models.PositiveIntegerField(_("soil measurements"), default=0)
    first_sampled_on = models.DateField(_("first sampled"))
    first_stock_t_ha = models.FloatField(_("first SOC stock [t C/ha]"))
    latest_sampled_on = models.DateField(_("latest sampled"), db_index=True)
    latest_stock_t_ha = models.FloatField(_("latest SOC stock [t C/ha]"), db_index=True)
    change_t_ha_yr = models.FloatField(_("change [t C/ha/yr]"), null=True, blank=True)
    relative_change_per_yr = models.FloatField(_("relative change [1/yr]"), null=True, blank=True)
    target_change_t_ha_yr = models.FloatField(_("4 per 1000 change [t C/ha/yr]"))

    class Meta:
        indexes = [
            models.Index(fields=["project_status", "region"], name="dash_sitesoc_status_region"),
            models.Index(fields=["project_status", "climate_zone"], name="dash_sitesoc_status_zone"),
        ]
        verbose_name = _("site SOC summary")
        verbose_name_plural = _("site SOC summaries")

    def __str__(self) -> str:
        return f"{self.site}: {self.latest_stock_t_ha:.1f} t C/ha"


class DataVersion(models.Model):
    """One row: a counter raised by every change the dashboards show (``signals``). Cached figures are
    keyed by it, so a change makes every process recompute, whatever cache backend it uses."""

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("dashboard data version")
