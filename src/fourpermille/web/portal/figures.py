"""Aggregated figures of the platform (public: counts and sums only, no record of an unpublished project).

For the dashboards: ``platform_figures()`` returns plain dicts and numbers, ready for JSON or templates.
"""

from __future__ import annotations

from django.db.models import Count, Sum

from fourpermille.web.commitments.models import Commitment
from fourpermille.web.community.models import Organisation, OrganisationStatus
from fourpermille.web.monitoring.models import SoilMeasurement
from fourpermille.web.projects.models import Project, ProjectStatus, Site
from fourpermille.web.roadmap.models import RoadmapObjective
from fourpermille.web.roadmap.services import kpi_figures


def _counts(queryset, field: str) -> dict[str, int]:
    return {row[field]: row["n"] for row in queryset.values(field).annotate(n=Count("pk")).order_by(field)}


def platform_figures() -> dict:
    """Counts of members and partners (by type, body, region), projects by workflow status, the area and
    budget of published projects [ha, per currency], sites and soil measurements, commitments, and each
    roadmap objective's KPI baseline, targets and current figure (``roadmap.services.kpi_figures``: its
    value, whether computed from records or entered by the secretariat, and whether it is demo data)."""
    members = Organisation.objects.filter(status=OrganisationStatus.ACTIVE)
    published = Project.objects.filter(status=ProjectStatus.PUBLISHED)
    objectives = []
    roadmap = list(RoadmapObjective.objects.order_by("code"))
    kpis = kpi_figures(roadmap)
    for objective in roadmap:
        figure = kpis[objective.code].to_dict()
        del figure["code"]
        objectives.append(
            {
                "objective": objective.code,
                "kpi": objective.kpi,
                "kpi_baseline_2020": objective.kpi_baseline_2020,
                "kpi_target_2030": objective.kpi_target_2030,
                "kpi_target_2050": objective.kpi_target_2050,
                **figure,
            }
        )
    budgets = {
        row["budget_currency"]: float(row["total"])
        for row in published.exclude(budget_amount=None)
        .values("budget_currency")
        .annotate(total=Sum("budget_amount"))
        .order_by("budget_currency")
    }
    by_status = _counts(Project.objects.all(), "status")
    return {
        "organisations": members.count(),
        "organisations_by_type": _counts(members, "type"),
        "organisations_by_body": _counts(members, "body"),
        "organisations_by_region": _counts(members, "region"),
        "projects_by_status": {s: by_status.get(s, 0) for s in ProjectStatus.values},
        "published_projects": published.count(),
        "published_area_ha": float(published.aggregate(total=Sum("area_ha"))["total"] or 0),
        "published_budget_by_currency": budgets,
        "sites": Site.objects.count(),
        "soil_measurements": SoilMeasurement.objects.count(),
        "commitments": Commitment.objects.count(),
        "objectives": objectives,
    }
