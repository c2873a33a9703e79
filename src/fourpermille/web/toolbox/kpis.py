"""Roadmap KPI B4 counted from the toolbox's anonymous usage records."""

from __future__ import annotations

from django.urls import reverse

from fourpermille.web.roadmap.kpi_types import KpiCount
from fourpermille.web.toolbox import countries
from fourpermille.web.toolbox.models import ToolboxUsage


def countries_using_toolbox(year: int | None = None) -> KpiCount:
    """B4: distinct countries (ISO codes; runs of unknown country not counted) where a toolbox calculator
    ran, in ``year`` or ever; ``records``: the usage rows (calculator, country, month) counted."""
    usage = ToolboxUsage.objects.filter(count__gt=0).exclude(country=countries.UNKNOWN)
    if year is not None:
        usage = usage.filter(month__year=year)
    url = reverse("toolbox:usage") + (f"?year={year}" if year is not None else "")
    return KpiCount(
        value=float(usage.values("country").distinct().count()),
        records=usage.count(),
        demo=usage.filter(is_demo=True).exists(),
        url=url,
    )
