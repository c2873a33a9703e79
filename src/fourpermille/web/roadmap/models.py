"""The initiative's strategic plan objectives (goals A-F), their 2020 baseline, 2030 and 2050 targets and
the KPI values recorded over time. Seeded from ``data/roadmap_objectives.csv``; editable by the secretariat.

For the dashboards: ``RoadmapObjective.kpi_*`` give the tracked number (None where the objective is
qualitative) and ``KpiValue`` rows the observations, one per objective and year.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fourpermille.web.core.models import DemoFlag, TimeStamped


class Goal(models.TextChoices):
    A = "A", _("Inception & conceptualization")
    B = "B", _("Implementation")
    C = "C", _("Promotion")
    D = "D", _("Collaboration")
    E = "E", _("Follow up")
    F = "F", _("Crosscutting actions")


class RoadmapObjective(TimeStamped):
    code = models.CharField(_("objective"), max_length=10, unique=True)
    goal = models.CharField(_("goal"), max_length=1, choices=Goal.choices)
    text = models.TextField(_("objective text"))
    baseline_2020 = models.TextField(_("baseline 2020"), blank=True)
    target_2030 = models.TextField(_("target 2030"), blank=True)
    target_2050 = models.TextField(_("target 2050"), blank=True)
    kpi = models.CharField(_("key performance indicator"), max_length=200, blank=True)
    kpi_baseline_2020 = models.FloatField(_("KPI baseline 2020"), null=True, blank=True)
    kpi_target_2030 = models.FloatField(_("KPI target 2030"), null=True, blank=True)
    kpi_target_2050 = models.FloatField(_("KPI target 2050"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("roadmap objective")
        verbose_name_plural = _("roadmap objectives")

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:objective-detail", args=[self.code])

    @property
    def latest_value(self):
        return self.values.order_by("-year").first()


# The roadmap runs from the 2020 baseline to 2050; earlier years allow the initiative's history (2015-).
KPI_YEARS = (2000, 2100)


class KpiValue(TimeStamped, DemoFlag):
    """A value the secretariat entered (only for KPIs the platform cannot compute: ``roadmap.services``)."""

    objective = models.ForeignKey(
        RoadmapObjective, on_delete=models.CASCADE, related_name="values", verbose_name=_("objective")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(KPI_YEARS[0]), MaxValueValidator(KPI_YEARS[1])]
    )
    value = models.FloatField(_("value"))
    note = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Document or survey the value comes from."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["objective", "year"]
        constraints = [models.UniqueConstraint(fields=["objective", "year"], name="one_kpi_value_per_year")]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")

    def __str__(self) -> str:
        return f"{self.objective.code} {self.year}: {self.value:g}"
