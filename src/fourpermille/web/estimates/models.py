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
    history = HistoricalRecords(excluded_fields=["report_html", "report_pdf"])

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
