"""SOC monitoring (strategic plan objective E2): sites on a map coloured by their latest stock or their
rate of change, stocks by climate zone, and per site or project the measured stocks over time with their
95 % intervals, the fitted trend and the 4 per 1000 target (``fourpermille.target.target_stock``).

Sites shown are those of projects the user may see (published ones for the public). Figures come from the
summary tables (``models.SiteSoc``, ``models.StockObservation``), which an upload refreshes on commit, so
the page is current without a cache to flush.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear, Floor
from django.utils.translation import gettext as _

from fourpermille.target import target_stock
from fourpermille.web.core import roles
from fourpermille.web.dashboard.models import SiteSoc, StockObservation
from fourpermille.web.dashboard.services.stocks import DAYS_PER_YEAR, t_quantile, trend
from fourpermille.web.dashboard.services.tables import Table, rounded
from fourpermille.web.monitoring.models import MeasurementUpload, ProfileStatus, ProfileStock
from fourpermille.web.monitoring.services import REPORTING_DEPTH_CM
from fourpermille.web.projects.models import ClimateZone, Project, ProjectStatus, Site
from fourpermille.web.projects.services import visible_projects
from fourpermille.web.resources.models import Practice

#: Above this many sites the map shows grid cells (mean per cell, aggregated in the database).
MAP_POINT_LIMIT = 3000
#: Grid cell size of the aggregated map [degrees].
MAP_CELL_DEGREES = 2.0
#: Years the target trajectory runs past the latest campaign, at least [yr].
TARGET_HORIZON_YEARS = 5


@dataclass(frozen=True)
class MonitoringFilter:
    user: object
    region: str = ""
    land_use: str = ""
    metric: str = "stock"

    def summaries(self):
        """Site summaries shown: on SiteSoc's own copies of status, region and project (no join) for the
        public and the secretariat; joined to the project for editors and reviewers."""
        queryset = SiteSoc.objects.all()
        if not roles.is_secretariat(self.user):
            if roles.is_editor(self.user) or roles.is_reviewer(self.user):
                queryset = queryset.filter(visible_project_q(self.user, "project__"))
            else:
                queryset = queryset.filter(project_status=ProjectStatus.PUBLISHED)
        if self.region:
            queryset = queryset.filter(region=self.region)
        if self.land_use:
            queryset = queryset.filter(
                Exists(
                    Practice.projects.through.objects.filter(
                        project_id=OuterRef("project_id"), practice__category=self.land_use
                    )
                )
            )
        return queryset


def visible_project_q(user, prefix: str = "") -> Q:
    """The projects ``user`` may see (as ``projects.services.visible_projects``), as a Q on ``prefix``."""
    if roles.is_secretariat(user):
        return Q()
    q = Q(**{f"{prefix}status": ProjectStatus.PUBLISHED})
    if roles.is_editor(user):
        q |= Q(**{f"{prefix}organisation_id": roles.editor_organisation_id(user)})
    if roles.is_reviewer(user):
        q |= Q(**{f"{prefix}pk__in": visible_projects(user).values("pk")})
    return q


def site_map(f: MonitoringFilter) -> Table:
    """Monitored sites (or, when many, grid cells) with their latest stock and rate of change."""
    summaries = f.summaries()
    cell = MAP_CELL_DEGREES
    cells = list(
        summaries.annotate(cell_lon=Floor(F("longitude") / cell), cell_lat=Floor(F("latitude") / cell))
        .values("cell_lon", "cell_lat")
        .annotate(
            n=Count("pk"),
            stock=Avg("latest_stock_t_ha"),
            change=Avg("change_t_ha_yr"),
            relative=Avg("relative_change_per_yr"),
        )
        .order_by("cell_lon", "cell_lat")
    )
    count = sum(row["n"] for row in cells)
    columns_common = [
        ("latest_stock", _("Latest SOC stock [t C/ha]")),
        ("change", _("Change [t C/ha/yr]")),
        ("relative_change_pct", _("Relative change [%/yr]")),
    ]
    if count <= MAP_POINT_LIMIT:
        rows = [
            [
                row["site_id"],
                row["site__name"],
                row["site__project__title"],
                row["site__project_id"],
                rounded(row["site__longitude"], 4),
                rounded(row["site__latitude"], 4),
                rounded(row["latest_stock_t_ha"], 2),
                rounded(row["change_t_ha_yr"], 3),
                None
                if row["relative_change_per_yr"] is None
                else rounded(100 * row["relative_change_per_yr"], 3),
                row["observation_count"],
                row["latest_sampled_on"].isoformat(),
            ]
            for row in summaries.values(
                "site_id",
                "site__name",
                "site__project__title",
                "site__project_id",
                "site__longitude",
                "site__latitude",
                "latest_stock_t_ha",
                "change_t_ha_yr",
                "relative_change_per_yr",
                "observation_count",
                "latest_sampled_on",
            ).order_by("site_id")
        ]
        columns = [
            ("site_id", _("Site")),
            ("site", _("Site name")),
            ("project", _("Project")),
            ("project_id", _("Project id")),
            ("longitude", _("Longitude")),
            ("latitude", _("Latitude")),
            *columns_common,
            ("observations", _("Campaigns")),
            ("latest", _("Latest campaign")),
        ]
        meta = {"chart": "sitemap", "mode": "sites", "lon": 4, "lat": 5, "name": 1}
    else:
        rows = [
            [
                rounded(row["cell_lon"] * cell + cell / 2, 2),
                rounded(row["cell_lat"] * cell + cell / 2, 2),
                rounded(row["stock"], 2),
                rounded(row["change"], 3),
                None if row["relative"] is None else rounded(100 * row["relative"], 3),
                row["n"],
            ]
            for row in cells
        ]
        columns = [
            ("longitude", _("Cell centre longitude")),
            ("latitude", _("Cell centre latitude")),
            *columns_common,
            ("sites", _("Sites")),
        ]
        meta = {"chart": "sitemap", "mode": "cells", "lon": 0, "lat": 1, "cell_degrees": cell}
    meta["demo"] = f.summaries().filter(site__is_demo=True).exists()
    meta["metric"] = f.metric or "stock"
    meta["value"] = columns.index(
        next(c for c in columns if c[0] == ("change" if f.metric == "change" else "latest_stock"))
    )
    note = _("%(n)d monitored sites.") % {"n": count}
    if meta["mode"] == "cells":
        note += " " + _("Mean per %(d)g degree cell (too many sites to draw one by one).") % {
            "d": MAP_CELL_DEGREES
        }
    return Table("site-map", _("Monitored sites"), columns, rows, note=note, meta=meta)


def stocks_by_zone(f: MonitoringFilter) -> Table:
    """Mean latest stock, measured change and 4 per 1000 rate per IPCC climate zone."""
    by_zone = {
        row["climate_zone"]: row
        for row in f.summaries()
        .values("climate_zone")
        .annotate(
            n=Count("pk"),
            stock=Avg("latest_stock_t_ha"),
            change=Avg("change_t_ha_yr"),
            target=Avg("target_change_t_ha_yr"),
        )
        .order_by()
    }
    rows = [
        [
            str(label),
            by_zone[zone]["n"],
            rounded(by_zone[zone]["stock"], 2),
            rounded(by_zone[zone]["change"], 3),
            rounded(by_zone[zone]["target"], 3),
        ]
        for zone, label in ClimateZone.choices
        if zone in by_zone
    ]
    return Table(
        "stocks-by-zone",
        _("SOC stocks and change by climate zone"),
        [
            ("zone", _("Climate zone")),
            ("sites", _("Sites")),
            ("stock", _("Mean latest stock [t C/ha]")),
            ("change", _("Mean change [t C/ha/yr]")),
            ("target", _("4 per 1000 rate [t C/ha/yr]")),
        ],
        rows,
        meta={
            "chart": "bar",
            "series": [2],
            "secondary": [3, 4],
            "demo": f.summaries().filter(site__is_demo=True).exists(),
        },
    )


def _years(d: date) -> float:
    return d.toordinal() / DAYS_PER_YEAR


def _series_table(key, title, points, note="") -> Table:
    """points: (date, mean, low, high, n). Adds the fitted trend and the 4 per 1000 target from the first
    campaign (linear growth, constant baseline) at every campaign date and at the end of the horizon."""
    rows = []
    if points:
        first_day, soc0 = points[0][0], points[0][1]
        slope = trend([(d, m) for d, m, *_ in points])
        mean_x = np.mean([_years(d) for d, *_ in points])
        mean_y = np.mean([m for _d, m, *_ in points])
        horizon = date(max(points[-1][0].year, first_day.year) + TARGET_HORIZON_YEARS, first_day.month, 1)
        for d, mean, low, high, n in [*points, (horizon, None, None, None, None)]:
            elapsed = _years(d) - _years(first_day)
            fitted = None if slope is None else mean_y + slope * (_years(d) - mean_x)
            rows.append(
                [
                    d.isoformat(),
                    rounded(mean, 2),
                    rounded(low, 2),
                    rounded(high, 2),
                    n,
                    rounded(fitted, 2),
                    rounded(float(target_stock(soc0, elapsed)), 2),
                ]
            )
    return Table(
        key,
        title,
        [
            ("date", _("Date")),
            ("stock", _("Measured SOC stock [t C/ha]")),
            ("low", _("95 % interval, low")),
            ("high", _("95 % interval, high")),
            ("n", _("Profiles or sites")),
            ("trend", _("Fitted trend [t C/ha]")),
            ("target", _("4 per 1000 target [t C/ha]")),
        ],
        rows,
        note=note,
        meta={"chart": "series"},
    )


def site_series(site) -> Table:
    points = [
        (o.sampled_on, o.soc_stock_t_ha, o.ci95_low_t_ha, o.ci95_high_t_ha, o.profile_count)
        for o in StockObservation.objects.filter(site=site).order_by("sampled_on", "pk")
    ]
    note = _(
        "Campaign means with the 95 % interval over profiles; trend: least-squares line; target: "
        "first campaign + 0.4 % of it per year."
    )
    left_out = excluded_note(ProfileStock.objects.filter(site=site))
    return _series_table(
        "site-series",
        _("SOC stock of %(site)s (0-30 cm)") % {"site": site.name},
        points,
        note=f"{note} {left_out}".strip(),
    )


def excluded_note(profile_stocks) -> str:
    """What the means leave out and why (``fourpermille.stocks.SHALLOW_RULE``), or "" when nothing is."""
    counts = dict(
        profile_stocks.exclude(status=ProfileStatus.INCLUDED)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    parts = []
    if counts.get(ProfileStatus.SHALLOW):
        parts.append(
            _(
                "Profiles sampled shallower than %(depth)g cm, left out of the means: %(n)d. Their stock is "
                "not extrapolated to %(depth)g cm nor averaged with deeper profiles."
            )
            % {"n": counts[ProfileStatus.SHALLOW], "depth": REPORTING_DEPTH_CM}
        )
    if counts.get(ProfileStatus.INVALID):
        parts.append(
            _("Profiles whose stored rows fail the checks, left out: %(n)d.")
            % {"n": counts[ProfileStatus.INVALID]}
        )
    return " ".join(parts)


def _status_label(status: str, sampled_depth_cm: float | None) -> str:
    if status == ProfileStatus.INCLUDED:
        return _("included")
    if status == ProfileStatus.SHALLOW:
        return _("left out: sampled to %(depth)g cm") % {"depth": sampled_depth_cm}
    return _("left out: rows fail the checks")


def profile_stocks_table(profile_stocks, key: str, title: str) -> Table:
    """The stored stock of each profile (``monitoring.models.ProfileStock``), unrounded, with its campaign
    date and whether it counts: the same figure the site page shows and every mean aggregates."""
    rows = [
        [
            row["profile_id"],
            row["soc_stock_t_ha"],
            str(_status_label(row["status"], row["sampled_depth_cm"])),
            row["sampled_depth_cm"],
            (row["upload__stock_observation__sampled_on"] or row["upload__uploaded_at"].date()).isoformat(),
            row["site__name"],
            row["upload__file_name"],
            row["site_id"],
            row["upload_id"],
        ]
        for row in profile_stocks.filter(depth_cm=REPORTING_DEPTH_CM)
        .values(
            "site_id",
            "site__name",
            "upload_id",
            "upload__file_name",
            "upload__stock_observation__sampled_on",
            "upload__uploaded_at",
            "profile_id",
            "sampled_depth_cm",
            "soc_stock_t_ha",
            "status",
        )
        .order_by("site__name", "site_id", "-upload__uploaded_at", "-upload_id", "pk")
    ]
    note = _(
        "Stock of each profile from the surface to %(depth)g cm, computed by the stocks module (with the "
        "coarse fraction) when the measurements were stored."
    ) % {"depth": REPORTING_DEPTH_CM}
    left_out = excluded_note(profile_stocks)
    return Table(
        key,
        title,
        [
            ("profile", _("Profile")),
            ("soc_stock_t_ha", _("SOC stock 0-30 cm [t C/ha]")),
            ("counts", _("Counted in the means")),
            ("sampled_depth_cm", _("Sampled to [cm]")),
            ("campaign", _("Campaign")),
            ("site", _("Site name")),
            ("file", _("File")),
            ("site_id", _("Site")),
            ("upload_id", _("Upload id")),
        ],
        rows,
        note=f"{note} {left_out}".strip(),
        meta={"chart": "table"},
    )


def site_profiles(site) -> Table:
    """Every stored profile stock of the site, newest upload first."""
    return profile_stocks_table(
        ProfileStock.objects.filter(site=site),
        "site-profiles",
        _("SOC stock per profile of %(site)s") % {"site": site.name},
    )


def project_profiles(project: Project) -> Table:
    """The stored profile stocks of the latest campaign (by sampling date) of each of the project's sites.

    The latest uploads are found per site of the project first (a handful of ids), then their stocks by
    the upload index: compared row by row with each stock's latest upload, PostgreSQL ran the subquery
    for every stored stock of the platform (5 s at 1,000,000 measurements)."""
    latest = MeasurementUpload.objects.filter(site=OuterRef("pk")).latest_campaign_first()
    sites = Site.objects.filter(project=project).annotate(upload=Subquery(latest.values("pk")[:1]))
    uploads = [pk for pk in sites.values_list("upload", flat=True) if pk is not None]
    return profile_stocks_table(
        ProfileStock.objects.filter(site__project=project, upload__in=uploads),
        "project-profiles",
        _("SOC stock per profile (latest upload of each site)"),
    )


def project_series(project: Project) -> Table:
    """Per year: the mean over the project's sites of their campaign means, with the 95 % interval across
    sites (t distribution; a single site keeps its own interval)."""
    rows = (
        StockObservation.objects.filter(site__project=project)
        .annotate(year=ExtractYear("sampled_on"))
        .values("year")
        .annotate(
            mean=Avg("soc_stock_t_ha"),
            mean_square=Avg(F("soc_stock_t_ha") * F("soc_stock_t_ha")),
            n=Count("site", distinct=True),
            n_observations=Count("pk"),
            low=Avg("ci95_low_t_ha"),
            high=Avg("ci95_high_t_ha"),
        )
        .order_by("year")
    )
    points = []
    for row in rows:
        low, high, n = row["low"], row["high"], row["n_observations"]
        if n >= 2:
            # sample standard deviation of the campaign means from the database's mean and mean square
            variance = max(0.0, (row["mean_square"] - row["mean"] ** 2) * n / (n - 1))
            half = t_quantile(n - 1) * math.sqrt(variance) / math.sqrt(n)
            low, high = row["mean"] - half, row["mean"] + half
        points.append((date(row["year"], 7, 1), row["mean"], low, high, row["n"]))
    return _series_table(
        "project-series",
        _("SOC stock of the project's sites (0-30 cm)"),
        points,
        note=_("Yearly mean over the project's sites, dated mid-year; 95 % interval across sites."),
    )
