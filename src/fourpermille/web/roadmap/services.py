"""The current value of every roadmap KPI: the one service the dashboards, the roadmap pages and the API call.

Each KPI has one source of truth per year. Where the platform holds the records a KPI counts (``COMPUTED``:
projects, case studies, helpdesks, the toolbox, groups, events, the tools catalogue), it is counted from them,
and its figure links to the page listing exactly those records. The secretariat can still enter a value for a
year where the records are incomplete (with its source): that value then applies for that year and the figure
says so, beside what the records count. Elsewhere (NDCs, budgets ... that the platform does not record) it is
the latest value the secretariat entered, with its date and source. A figure derived from demo records, or a
demo value, says so (``KpiFigure.demo``).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from fourpermille.web.projects.models import SELECTED_STATUSES, Project
from fourpermille.web.roadmap.kpi_types import KpiCount
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective

COMPUTED_KIND = "computed"
ENTERED_KIND = "entered"
NO_VALUE_KIND = "none"


@dataclass(frozen=True)
class KpiFigure:
    """A KPI's current value and where it comes from.

    ``kind``: which value applies: ``computed`` (``records`` platform records counted, listed at ``url``),
    ``entered`` (typed by the secretariat: ``year``, ``entered_on``, ``source``) or ``none`` (nothing yet).
    For a KPI the platform counts, an entered value applies only for its own year, where the secretariat
    found the records incomplete; ``counted`` then holds what the records give (the page shows both).
    ``series``: (year, value) of the entered values. ``demo``: derived from demo records or a demo value.
    """

    code: str
    kind: str
    value: float | None = None
    year: int | None = None
    records: int | None = None
    entered_on: date | None = None
    source: str = ""
    demo: bool = False
    series: tuple[tuple[int, float], ...] = field(default_factory=tuple)
    url: str = ""
    counted: KpiCount | None = None

    @property
    def computed(self) -> bool:
        return self.kind == COMPUTED_KIND

    @property
    def overrides_records(self) -> bool:
        """An entered value applies although the platform counts this KPI (its records are incomplete)."""
        return self.kind == ENTERED_KIND and self.counted is not None

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "kind": self.kind,
            "value": self.value,
            "year": self.year,
            "records": self.records,
            "entered_on": self.entered_on.isoformat() if self.entered_on else None,
            "source": self.source,
            "demo": self.demo,
            "url": self.url,
            "counted": None if self.counted is None else self.counted.value,
        }


def _selected_projects(projects: QuerySet, year: int) -> KpiCount:
    """A2, projects selected: the projects whose assessment is completed or published (all years)."""
    counted = projects.filter(status__in=SELECTED_STATUSES).aggregate(
        n=Count("pk"), demo=Count("pk", filter=Q(is_demo=True))
    )
    url = f"{reverse('projects:list')}?selected=true"
    return KpiCount(float(counted["n"]), counted["n"], counted["demo"] > 0, url)


@dataclass(frozen=True)
class Counter:
    """How the platform counts a KPI: ``function`` ("module:name") called as ``function(projects, year)``
    for the platform's own project records (A2), else ``function(year, **kwargs)`` (``per_year``) or
    ``function()`` (a state counted now: it applies to the current year only; earlier years keep their
    entered values)."""

    function: str
    per_year: bool = False
    projects: bool = False
    kwargs: tuple[tuple[str, str], ...] = ()

    def count(self, projects: QuerySet, year: int) -> KpiCount:
        module, name = self.function.split(":")
        function = getattr(importlib.import_module(module), name)
        if self.projects:
            return function(projects, year)
        return function(year, **dict(self.kwargs)) if self.per_year else function()


#: KPI code -> how the platform counts it from its records (each app's ``kpis`` module says how).
COMPUTED: dict[str, Counter] = {
    # projects selected (assessment completed or published)
    "A2": Counter(f"{__name__}:_selected_projects", projects=True),
    # studies per year: case studies published in the year
    "A3": Counter("fourpermille.web.resources.kpis:studies_per_year", per_year=True),
    # science-practice meetings held in the year
    "A4": Counter(
        "fourpermille.web.events.kpis:meetings_per_year",
        per_year=True,
        kwargs=(("kind", "science_practice"),),
    ),
    # regions where the good-practice database has local evidence for enough practices
    "B2": Counter("fourpermille.web.resources.kpis:regions_with_database"),
    # regions whose helpdesk has an expert and answered in the last 12 months
    "B3": Counter("fourpermille.web.helpdesk.kpis:regions_with_active_desk"),
    # countries where a toolbox calculator ran in the year
    "B4": Counter("fourpermille.web.toolbox.kpis:countries_using_toolbox", per_year=True),
    # working groups with a post in the last 12 months
    "D1": Counter("fourpermille.web.groups.kpis:active_groups"),
    # regional meetings held in the year
    "D2": Counter(
        "fourpermille.web.events.kpis:meetings_per_year",
        per_year=True,
        kwargs=(("kind", "regional_meeting"),),
    ),
    # monitoring tools and methods in the catalogue
    "E1": Counter("fourpermille.web.tools.kpis:monitoring_tools_catalogued"),
}


def is_computed(code: str) -> bool:
    """Whether objective ``code``'s KPI is counted from platform records."""
    return code in COMPUTED


def kpi_figures(
    objectives: Iterable[RoadmapObjective] | None = None,
    projects: QuerySet | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> dict[str, KpiFigure]:
    """The current figure of each objective's KPI, by objective code.

    ``projects``: the projects computed KPIs count (all by default; the dashboards pass their filter);
    ``first_year``/``last_year``: the years of entered values considered; a KPI counted per year is counted
    for ``last_year`` (the current year by default), a state counted now only when that is the current year.
    """
    objectives = list(RoadmapObjective.objects.order_by("code") if objectives is None else objectives)
    projects = Project.objects.all() if projects is None else projects
    values = KpiValue.objects.filter(objective__in=[o.pk for o in objectives])
    if first_year is not None:
        values = values.filter(year__gte=first_year)
    if last_year is not None:
        values = values.filter(year__lte=last_year)
    entered: dict[int, list[KpiValue]] = {}
    for value in values.order_by("objective_id", "year"):
        entered.setdefault(value.objective_id, []).append(value)
    this_year = timezone.localdate().year
    year = this_year if last_year is None else min(last_year, this_year)
    figures = {}
    for objective in objectives:
        figures[objective.code] = _figure(objective, entered.get(objective.pk, []), projects, year, this_year)
    return figures


def kpi_figure(objective: RoadmapObjective, projects: QuerySet | None = None) -> KpiFigure:
    """The current figure of one objective's KPI (as :func:`kpi_figures`)."""
    return kpi_figures([objective], projects)[objective.code]


def _figure(
    objective: RoadmapObjective, entered: list[KpiValue], projects: QuerySet, year: int, this_year: int
) -> KpiFigure:
    series = tuple((v.year, v.value) for v in entered)
    counter = COMPUTED.get(objective.code)
    counted = None
    if counter is not None and (counter.per_year or counter.projects or year == this_year):
        counted = counter.count(projects, year)
        same_year = [v for v in entered if v.year == year]
        if not same_year:
            return KpiFigure(
                objective.code,
                COMPUTED_KIND,
                value=counted.value,
                year=year if counter.per_year else None,
                records=counted.records,
                demo=counted.demo,
                series=series,
                url=counted.url,
            )
        entered = same_year
    if not entered:
        return KpiFigure(objective.code, NO_VALUE_KIND, series=series)
    latest = entered[-1]
    return KpiFigure(
        objective.code,
        ENTERED_KIND,
        value=latest.value,
        year=latest.year,
        entered_on=latest.updated_at.date(),
        source=latest.note,
        demo=latest.is_demo,
        series=series,
        url=counted.url if counted else "",
        counted=counted,
    )
