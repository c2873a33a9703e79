"""The initiative's progress (strategic plan objective F3): members and partners, commitments and their
resources, projects, hectares under improved practices, SOC change against the 4 per 1000 rate, and the
roadmap's KPIs. Every figure is a database aggregate (COUNT/SUM/AVG ... GROUP BY); public, because it
shows counts and sums only, never a record of an unpublished project.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Avg, Count, F, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fourpermille.web.commitments.models import Commitment, ResourceKind, TargetUnit
from fourpermille.web.community.models import Body, Organisation, OrganisationStatus, OrganisationType, Region
from fourpermille.web.dashboard.models import SiteSoc
from fourpermille.web.dashboard.services.geo import map_name
from fourpermille.web.dashboard.services.tables import Table, rounded
from fourpermille.web.projects.models import Modality, Project, ProjectStatus, Site
from fourpermille.web.resources.models import Practice, PracticeCategory
from fourpermille.web.roadmap.models import Goal, RoadmapObjective
from fourpermille.web.roadmap.services import kpi_figures

#: Projects counted as putting practices on the ground: past the eligibility check and not stopped.
ACTIVE_STATUSES = [ProjectStatus.IN_REVIEW, ProjectStatus.COMPLETED, ProjectStatus.PUBLISHED]


@dataclass(frozen=True)
class ProgressFilter:
    region: str = ""
    org_type: str = ""
    start: date | None = None
    end: date | None = None

    def organisations(self):
        queryset = Organisation.objects.filter(status=OrganisationStatus.ACTIVE)
        if self.region:
            queryset = queryset.filter(region=self.region)
        if self.org_type:
            queryset = queryset.filter(type=self.org_type)
        if self.start:
            queryset = queryset.filter(declaration_signed__gte=self.start)
        if self.end:
            queryset = queryset.filter(declaration_signed__lte=self.end)
        return queryset

    def commitments(self):
        queryset = Commitment.objects.all()
        if self.region:
            queryset = queryset.filter(organisation__region=self.region)
        if self.org_type:
            queryset = queryset.filter(organisation__type=self.org_type)
        if self.start:
            queryset = queryset.filter(end__gte=self.start)
        if self.end:
            queryset = queryset.filter(start__lte=self.end)
        return queryset

    def project_q(self, prefix: str = "") -> Q:
        """The project conditions as a Q on ``prefix`` (e.g. "site__project__"): a join, not a subquery."""
        q = Q()
        if self.region:
            q &= Q(**{f"{prefix}region": self.region})
        if self.org_type:
            q &= Q(**{f"{prefix}organisation__type": self.org_type})
        if self.start:
            q &= Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": self.start})
        if self.end:
            q &= Q(**{f"{prefix}start__lte": self.end})
        return q

    def projects(self):
        return Project.objects.filter(self.project_q())

    def site_summaries(self):
        """SiteSoc rows of the filtered projects: the region on SiteSoc's copy, other conditions joined."""
        rest = ProgressFilter(org_type=self.org_type, start=self.start, end=self.end)
        queryset = SiteSoc.objects.filter(rest.project_q("project__"))
        return queryset.filter(region=self.region) if self.region else queryset


def _demo(queryset) -> bool:
    """Whether ``queryset`` holds a demo record (its figure then carries the demo label)."""
    return queryset.filter(is_demo=True).exists()


def summary(f: ProgressFilter) -> Table:
    """Headline figures."""
    members = f.organisations().aggregate(
        total=Count("pk"),
        consortium=Count("pk", filter=Q(body=Body.CONSORTIUM)),
        forum=Count("pk", filter=Q(body=Body.FORUM)),
        countries=Count("country", distinct=True),
    )
    commitments = f.commitments().aggregate(n=Count("pk"))
    projects = f.projects().aggregate(
        n=Count("pk"),
        published=Count("pk", filter=Q(status=ProjectStatus.PUBLISHED)),
        area=Sum("area_ha", filter=Q(status__in=ACTIVE_STATUSES)),
    )
    sites = Site.objects.filter(f.project_q("project__")).aggregate(n=Count("pk"))
    # on SiteSoc's copies of the region and project (as soc_change): one join fewer than through the site
    measurements = f.site_summaries().aggregate(n=Sum("measurement_count"))
    demo_members = _demo(f.organisations())
    demo_commitments = _demo(f.commitments())
    demo_projects = _demo(f.projects())
    demo_sites = _demo(Site.objects.filter(f.project_q("project__")))
    rows = [
        ["members", _("Members and partners"), members["total"], demo_members],
        ["consortium", _("Consortium members"), members["consortium"], demo_members],
        ["forum", _("Forum partners"), members["forum"], demo_members],
        ["countries", _("Countries"), members["countries"], demo_members],
        ["commitments", _("Commitments"), commitments["n"], demo_commitments],
        ["projects", _("Projects"), projects["n"], demo_projects],
        ["published", _("Published projects"), projects["published"], demo_projects],
        [
            "hectares",
            _("Hectares under improved practices"),
            rounded(projects["area"] or 0, 0),
            demo_projects,
        ],
        ["sites", _("Monitored sites"), sites["n"], demo_sites],
        ["measurements", _("Soil measurements"), measurements["n"] or 0, demo_sites],
    ]
    return Table(
        "summary",
        _("Headline figures"),
        [("key", _("Key")), ("figure", _("Figure")), ("value", _("Value")), ("demo", _("Demo data"))],
        rows,
        note=_("Hectares: projects in review, assessed or published."),
        meta={"demo": any(row[3] for row in rows)},
    )


def _member_pivot(f: ProgressFilter, field: str, choices) -> list[list]:
    counts = {
        (row[field], row["body"]): row["n"]
        for row in f.organisations().values(field, "body").annotate(n=Count("pk")).order_by()
    }
    return [
        [
            str(label),
            counts.get((value, Body.CONSORTIUM), 0),
            counts.get((value, Body.FORUM), 0),
        ]
        for value, label in choices
    ]


def _member_columns(first_label):
    return [("group", first_label), ("consortium", _("Consortium members")), ("forum", _("Forum partners"))]


def members_by_type(f: ProgressFilter) -> Table:
    return Table(
        "members-by-type",
        _("Members and partners by organisation type"),
        _member_columns(_("Organisation type")),
        _member_pivot(f, "type", OrganisationType.choices),
        meta={"chart": "bar", "stack": True, "horizontal": True, "demo": _demo(f.organisations())},
    )


def members_by_region(f: ProgressFilter) -> Table:
    return Table(
        "members-by-region",
        _("Members and partners by region"),
        _member_columns(_("Region")),
        _member_pivot(f, "region", Region.choices),
        meta={"chart": "bar", "stack": True, "demo": _demo(f.organisations())},
    )


def members_by_country(f: ProgressFilter) -> Table:
    rows = [
        [row["country"], map_name(row["country"]), row["consortium"], row["forum"], row["n"]]
        for row in f.organisations()
        .values("country")
        .annotate(
            n=Count("pk"),
            consortium=Count("pk", filter=Q(body=Body.CONSORTIUM)),
            forum=Count("pk", filter=Q(body=Body.FORUM)),
        )
        .order_by("-n", "country")
    ]
    return Table(
        "members-by-country",
        _("Members and partners by country"),
        [
            ("country", _("Country")),
            ("map_name", _("Name on the map")),
            ("consortium", _("Consortium members")),
            ("forum", _("Forum partners")),
            ("total", _("Total")),
        ],
        rows,
        meta={"chart": "choropleth", "name_column": 1, "value_column": 4, "demo": _demo(f.organisations())},
    )


def commitments(f: ProgressFilter) -> Table:
    """Commitments by target unit: how many, and the sum of their targets."""
    by_unit = {
        row["target_unit"]: row
        for row in f.commitments().values("target_unit").annotate(n=Count("pk"), total=Sum("target_value"))
    }
    rows = []
    for value, label in [*TargetUnit.choices, ("", _("no number"))]:
        row = by_unit.get(value)
        if row:
            rows.append([str(label), row["n"], rounded(row["total"], 0)])
    return Table(
        "commitments",
        _("Commitments by target"),
        [("unit", _("Target unit")), ("commitments", _("Commitments")), ("target", _("Sum of targets"))],
        rows,
        meta={"chart": "bar", "series": [1], "demo": _demo(f.commitments())},
    )


def resources(f: ProgressFilter) -> Table:
    """Dedicated resources by kind and currency (sums, never converted between currencies)."""
    rows = [
        [
            str(ResourceKind(row["resources_kind"]).label) if row["resources_kind"] else _("unspecified"),
            row["resources_currency"],
            row["n"],
            rounded(row["total"], 0),
        ]
        for row in f.commitments()
        .exclude(resources_amount=None)
        .values("resources_kind", "resources_currency")
        .annotate(n=Count("pk"), total=Sum("resources_amount"))
        .order_by("resources_currency", "resources_kind")
    ]
    return Table(
        "resources",
        _("Dedicated resources"),
        [
            ("kind", _("Kind")),
            ("currency", _("Currency")),
            ("commitments", _("Commitments")),
            ("amount", _("Amount")),
        ],
        rows,
        note=_("Amounts are summed per currency, never converted."),
        meta={"chart": "bar", "series": [3], "label_columns": [0, 1], "demo": _demo(f.commitments())},
    )


def projects_by_status(f: ProgressFilter) -> Table:
    counts = {
        (row["status"], row["modality"]): row["n"]
        for row in f.projects().values("status", "modality").annotate(n=Count("pk")).order_by()
    }
    rows = [
        [str(label), *(counts.get((status, m), 0) for m in Modality.values)]
        for status, label in ProjectStatus.choices
    ]
    return Table(
        "projects-by-status",
        _("Projects by status and modality"),
        [("status", _("Status"))] + [(f"modality_{m}", str(label)) for m, label in Modality.choices],
        rows,
        meta={"chart": "bar", "stack": True, "horizontal": True, "demo": _demo(f.projects())},
    )


def hectares_by_practice(f: ProgressFilter) -> Table:
    """Area of active projects [ha] per practice category; a project counts once in each of its categories.

    One SQL query: the distinct (project, category) pairs of the practices table, joined to the filtered
    projects, summed by category and by published / not published.
    """
    projects = (
        f.projects()
        .filter(status__in=ACTIVE_STATUSES)
        .values(pid=F("pk"), parea=F("area_ha"), pstatus=F("status"))
    )
    project_sql, params = projects.query.sql_with_params()
    through = Practice.projects.through._meta.db_table
    practice = Practice._meta.db_table
    sql = (
        "SELECT pairs.category, "
        "SUM(CASE WHEN p.pstatus = %s THEN p.parea ELSE 0 END), "
        "SUM(CASE WHEN p.pstatus <> %s THEN p.parea ELSE 0 END) "
        f"FROM (SELECT DISTINCT t.project_id AS project_id, r.category AS category FROM {through} t "
        f"JOIN {practice} r ON r.id = t.practice_id) pairs "
        f"JOIN ({project_sql}) p ON p.pid = pairs.project_id GROUP BY pairs.category"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [ProjectStatus.PUBLISHED, ProjectStatus.PUBLISHED, *params])
        totals = {category: (published, other) for category, published, other in cursor.fetchall()}
    rows = [
        [
            str(label),
            rounded(totals.get(category, (0, 0))[0] or 0, 0),
            rounded(totals.get(category, (0, 0))[1] or 0, 0),
        ]
        for category, label in PracticeCategory.choices
    ]
    return Table(
        "hectares",
        _("Hectares under improved practices"),
        [
            ("category", _("Practice category")),
            ("published_ha", _("Published projects [ha]")),
            ("assessed_ha", _("Projects in review or assessed [ha]")),
        ],
        rows,
        note=_("A project with practices in several categories counts in each of them."),
        meta={
            "chart": "bar",
            "stack": True,
            "horizontal": True,
            "demo": _demo(f.projects().filter(status__in=ACTIVE_STATUSES)),
        },
    )


def soc_change(f: ProgressFilter, ex_ante=None) -> Table:
    """Measured SOC change of monitored sites against the 4 per 1000 rate, by region [t C/ha/yr].

    ``ex_ante``: {region: mean expected change [t C/ha/yr]} from the ex-ante estimates, when the platform
    holds them (``providers.ex_ante_by_region``); the column stays empty otherwise.
    """
    ex_ante = ex_ante or {}
    rows_by_region = {
        row["region"]: row
        for row in f.site_summaries()
        .values("region")
        .annotate(
            sites=Count("pk"),
            with_change=Count("change_t_ha_yr"),
            change=Avg("change_t_ha_yr"),
            target=Avg("target_change_t_ha_yr"),
            reaching=Count("pk", filter=Q(change_t_ha_yr__gte=F("target_change_t_ha_yr"))),
        )
        .order_by()
    }
    rows = []
    for region, label in Region.choices:
        row = rows_by_region.get(region)
        if not row:
            continue
        rows.append(
            [
                str(label),
                row["sites"],
                rounded(ex_ante.get(region), 3),
                rounded(row["change"], 3),
                rounded(row["target"], 3),
                row["reaching"],
                row["with_change"],
            ]
        )
    return Table(
        "soc-change",
        _("SOC change against the 4 per 1000 rate"),
        [
            ("region", _("Region")),
            ("sites", _("Monitored sites")),
            ("expected", _("Expected, ex ante [t C/ha/yr]")),
            ("measured", _("Measured [t C/ha/yr]")),
            ("target", _("4 per 1000 rate [t C/ha/yr]")),
            ("reaching", _("Sites at or above the rate")),
            ("with_change", _("Sites with two or more campaigns")),
        ],
        rows,
        note=_(
            "Measured: mean over sites of the least-squares slope of their campaign means (0-30 cm). "
            "4 per 1000 rate: 0.4 % of the first measured stock per year."
        ),
        meta={
            "chart": "bar",
            "series": [2, 3, 4],
            "demo": f.site_summaries().filter(site__is_demo=True).exists(),
        },
    )


def kpi_source_label(kind: str) -> str:
    """Where a KPI value comes from (``computed``, ``entered``, ``none``) in the reader's language; the
    table's note explains the words."""
    labels = {
        "computed": pgettext("source of a KPI value", "computed"),
        "entered": pgettext("source of a KPI value", "entered"),
        "none": pgettext("source of a KPI value", "none"),
    }
    return labels.get(kind, kind)


def roadmap(f: ProgressFilter) -> Table:
    """Each objective: 2020 baseline, 2030/2050 targets, the KPI's current value and progress towards 2030.

    The current value is ``roadmap.services.kpi_figures`` (the roadmap pages and the API show the same):
    computed from the filtered projects where the platform holds the records (A2, projects selected),
    otherwise the latest value the secretariat entered in the filter's years. Progress [%] = (current -
    baseline) / (target 2030 - baseline) x 100, clipped to 0-100.
    """
    figures = kpi_figures(
        projects=f.projects(),
        first_year=f.start.year if f.start else None,
        last_year=f.end.year if f.end else None,
    )
    rows = []
    for objective in RoadmapObjective.objects.order_by("code"):
        figure = figures[objective.code]
        current = figure.value
        progress = None
        if current is not None and objective.kpi_target_2030 is not None:
            base = objective.kpi_baseline_2020 or 0.0
            span = objective.kpi_target_2030 - base
            if span:
                progress = max(0.0, min(100.0, 100.0 * (current - base) / span))
        rows.append(
            [
                objective.code,
                str(Goal(objective.goal).label),
                objective.text,
                objective.kpi,
                objective.baseline_2020,
                objective.target_2030,
                objective.target_2050,
                objective.kpi_baseline_2020,
                objective.kpi_target_2030,
                objective.kpi_target_2050,
                current,
                kpi_source_label(figure.kind),
                figure.year,
                figure.records,
                figure.entered_on.isoformat() if figure.entered_on else None,
                figure.source,
                figure.demo,
                rounded(progress, 1),
                ";".join(f"{y}:{v:g}" for y, v in figure.series),
            ]
        )
    return Table(
        "roadmap",
        _("Roadmap 2020-2050: objectives and KPIs"),
        [
            ("objective", _("Objective")),
            ("goal", _("Goal")),
            ("text", _("Objective text")),
            ("kpi", _("KPI")),
            ("baseline_2020", _("Baseline 2020")),
            ("target_2030", _("Target 2030")),
            ("target_2050", _("Target 2050")),
            ("kpi_baseline_2020", _("KPI baseline 2020")),
            ("kpi_target_2030", _("KPI target 2030")),
            ("kpi_target_2050", _("KPI target 2050")),
            ("value", _("Current value")),
            ("kind", _("Source of the value")),
            ("year", _("Year")),
            ("records", _("Records counted")),
            ("entered_on", _("Entered on")),
            ("source", _("Source")),
            ("demo", _("Demo data")),
            ("progress_pct", _("Progress to 2030 [%]")),
            ("series", _("Values (year:value)")),
        ],
        rows,
        note=_(
            "Source of the value: 'computed' from the platform's records (counted live), or 'entered' by "
            "the secretariat. Progress: (current - baseline) / (2030 target - baseline), clipped to 0-100 %."
        ),
        meta={"chart": "roadmap", "demo": any(fig.demo for fig in figures.values())},
    )


CHARTS = {
    "summary": summary,
    "members-by-type": members_by_type,
    "members-by-region": members_by_region,
    "members-by-country": members_by_country,
    "commitments": commitments,
    "resources": resources,
    "projects-by-status": projects_by_status,
    "hectares": hectares_by_practice,
    "soc-change": soc_change,
    "roadmap": roadmap,
}
