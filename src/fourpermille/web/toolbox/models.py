"""Anonymous usage counts of the online toolbox's calculators (roadmap KPI B4: countries using it).

A count says only which calculator ran, in which country and month, and how often: no user, no address,
no input. It is kept by :func:`fourpermille.web.toolbox.services.count_use` after a calculation succeeds.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fourpermille.web.core.models import DemoFlag


class Calculator(models.TextChoices):
    STOCKS = "stocks", _("SOC stock and equivalent soil mass")
    TARGET = "target", _("4 per 1000 target and baselines")
    TIER1 = "tier1", _("IPCC Tier 1 for land units")
    ROTHC = "rothc", _("RothC: extra input for +4 per 1000")
    MRV = "mrv", _("MRV sample size")


#: Short names of the calculators, for table headers and chart legends.
SHORT_LABELS = {
    Calculator.STOCKS: _("SOC stocks"),
    Calculator.TARGET: _("4 per 1000 target"),
    Calculator.TIER1: _("IPCC Tier 1"),
    Calculator.ROTHC: _("RothC"),
    Calculator.MRV: _("MRV sample size"),
}


class ToolboxUsage(DemoFlag):
    """How many times a calculator ran in one country in one month."""

    calculator = models.CharField(_("calculator"), max_length=20, choices=Calculator.choices)
    country = models.CharField(
        _("country"), max_length=7, help_text=_("ISO 3166-1 alpha-2 code, or 'unknown'.")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        ordering = ["-month", "calculator", "country"]
        verbose_name = _("toolbox usage")
        verbose_name_plural = _("toolbox usage")
        constraints = [
            models.UniqueConstraint(
                fields=["calculator", "country", "month", "is_demo"], name="toolbox_usage_one_row_per_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.calculator} {self.country} {self.month:%Y-%m}: {self.count}"
