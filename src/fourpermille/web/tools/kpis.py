"""KPI E1 of the roadmap (catalogue of monitoring tools), counted from the catalogue."""

from __future__ import annotations

from django.urls import reverse

from fourpermille.web.roadmap.kpi_types import KpiCount
from fourpermille.web.tools.models import ExternalTool, ToolStatus


def monitoring_tools_catalogued() -> KpiCount:
    """E1: published catalogue entries that measure, map or model soil organic carbon stocks or their
    change (``monitoring``); ``url`` lists exactly those entries."""
    counted = ExternalTool.objects.filter(status=ToolStatus.PUBLISHED, monitoring=True)
    records = counted.count()
    return KpiCount(
        value=float(records),
        records=records,
        demo=counted.filter(is_demo=True).exists(),
        url=reverse("tools:tool-list") + "?monitoring=yes",
    )
