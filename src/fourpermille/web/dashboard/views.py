"""Dashboard pages. Each page renders its tables on the server (readable without JavaScript, and the
accessible table view of every chart) and embeds them as JSON; ``static/dashboard/dashboard.js`` draws
the charts and maps from the same tables and refetches them from the API when a filter changes."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from fourpermille.web.commitments.models import Commitment
from fourpermille.web.dashboard.api import (
    monitoring_filter,
    monitoring_tables,
    progress_filter,
    progress_tables,
)
from fourpermille.web.dashboard.services import monitoring, progress
from fourpermille.web.dashboard.services.project import assessment_context, project_sites, science_context
from fourpermille.web.projects.models import Project
from fourpermille.web.roadmap.models import Goal
from fourpermille.web.roadmap.services import KpiFigure

#: How often the SOC monitoring page refetches its data [s] (near real time; ?refresh= overrides, >= 2).
MONITORING_REFRESH_SECONDS = 60


def card(table, api_url: str, query: str, height: int = 360) -> dict:
    separator = "&" if query else ""
    return {
        "table": table,
        "api_url": api_url,
        "csv_url": f"{api_url}?{query}{separator}format=csv",
        "script_id": f"data-{table.key}",
        "height": height,
    }


def _query(form) -> str:
    if not form.is_bound or not form.is_valid():
        return ""
    return urlencode({k: v for k, v in form.cleaned_data.items() if v not in (None, "")})


class ProgressView(TemplateView):
    template_name = "dashboard/progress.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        f, form = progress_filter(self.request.GET)
        params = form.cleaned_data if f is not None else {}
        if f is None:
            f = progress.ProgressFilter()
        query = _query(form)
        tables = progress_tables(progress.CHARTS, f, params)
        url = lambda key: reverse("dashboard-api:progress", args=[key])  # noqa: E731
        cards = {key.replace("-", "_"): card(t, url(key), query) for key, t in tables.items()}
        cards["members_by_country"]["height"] = 440
        context.update(
            form=form,
            query=query,
            cards=cards,
            summary=tables["summary"].rows,
            goals=self._goals(tables["roadmap"]),
            roadmap_card=cards["roadmap"],
            has_demo=any(t.meta.get("demo") for t in tables.values()),
        )
        return context

    @staticmethod
    def _goals(table):
        keys = [k for k, _label in table.columns]
        objectives = [dict(zip(keys, row, strict=True)) for row in table.rows]
        for o in objectives:  # the card shows the figure as the roadmap pages do (same template)
            o["figure"] = KpiFigure(
                o["objective"],
                o["kind"],
                value=o["value"],
                year=o["year"],
                records=o["records"],
                entered_on=date.fromisoformat(o["entered_on"]) if o["entered_on"] else None,
                source=o["source"],
                demo=o["demo"],
            )
        return [
            {
                "code": code,
                "label": label,
                "objectives": [o for o in objectives if o["objective"].startswith(code)],
            }
            for code, label in Goal.choices
        ]


class MonitoringView(TemplateView):
    template_name = "dashboard/monitoring.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        f, form = monitoring_filter(self.request.GET, self.request.user)
        params = form.cleaned_data if f is not None else {}
        if f is None:
            f = monitoring.MonitoringFilter(user=self.request.user)
        query = _query(form)
        tables = monitoring_tables(["site-map", "stocks-by-zone"], f, params)
        site_map, zones = tables["site-map"], tables["stocks-by-zone"]
        try:
            refresh = max(2, int(self.request.GET.get("refresh", MONITORING_REFRESH_SECONDS)))
        except ValueError:
            refresh = MONITORING_REFRESH_SECONDS
        first_site = site_map.rows[0][0] if site_map.rows and site_map.meta["mode"] == "sites" else None
        context.update(
            form=form,
            query=query,
            map_card=card(site_map, reverse("dashboard-api:monitoring", args=["site-map"]), query, 520),
            zone_card=card(zones, reverse("dashboard-api:monitoring", args=["stocks-by-zone"]), query),
            site_card=self._site_card(first_site),
            refresh_seconds=refresh,
            has_demo=site_map.meta.get("demo", False),
        )
        return context

    @staticmethod
    def _site_card(site_id):
        from fourpermille.web.dashboard.services.tables import Table
        from fourpermille.web.projects.models import Site

        if site_id is None:
            table = Table("site-series", _("SOC stock of a site"), [], [], meta={"chart": "series"})
            return card(table, "", "", 380)
        site = Site.objects.get(pk=site_id)
        return card(
            monitoring.site_series(site), reverse("dashboard-api:site-series", args=[site_id]), "", 380
        )


class ProjectDashboardView(TemplateView):
    template_name = "dashboard/project.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = get_object_or_404(Project.objects.select_related("organisation"), pk=self.kwargs["pk"])
        user = self.request.user
        if not user.has_perm("projects.view_project", project):
            if user.is_authenticated:
                raise PermissionDenied
            raise Http404
        sites = project_sites(project)
        series = monitoring.project_series(project)
        profiles = monitoring.project_profiles(project)
        context.update(
            project=project,
            commitments=Commitment.objects.filter(organisation=project.organisation)
            .prefetch_related("actions", "milestones")
            .order_by("start", "pk"),
            practices=project.practices.all(),
            sites_card=card(sites, reverse("dashboard-api:project-sites", args=[project.pk]), "", 420),
            series_card=card(series, reverse("dashboard-api:project-series", args=[project.pk]), "", 380),
            profiles_card=card(profiles, reverse("dashboard-api:project-profiles", args=[project.pk]), ""),
            site_rows=[dict(zip([k for k, _l in sites.columns], row, strict=True)) for row in sites.rows],
            **assessment_context(project, user),
            **science_context(project),
        )
        return context
