"""The current value of every roadmap KPI: the one service the dashboards, the roadmap pages and the API call.

Each KPI has one source of truth. Where the platform holds the records a KPI counts, it is computed from
them (``COMPUTED``) and the secretariat cannot type it; elsewhere (NDCs, budgets, meetings ... that the
platform does not record) it is the latest value the secretariat entered, with its date and source. A
figure derived from demo records, or a demo value, says so (``KpiFigure.demo``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from fourpermille.web.projects.models import Project, ProjectStatus
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective

COMPUTED_KIND = "computed"
ENTERED_KIND = "entered"
NO_VALUE_KIND = "none"

#: Projects the STC has selected (objective A2's KPI, "projects selected"): assessment completed or published.
SELECTED_STATUSES = [ProjectStatus.COMPLETED, ProjectStatus.PUBLISHED]


@dataclass(frozen=True)
class KpiFigure:
    """A KPI's current value and where it comes from.

    ``kind``: ``computed`` (``records`` platform records counted), ``entered`` (typed by the secretariat:
    ``year``, ``entered_on``, ``source``) or ``none`` (nothing yet). ``series``: (year, value) of the entered
    values (empty for computed KPIs). ``demo``: derived from demo records or a demo value.
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

    @property
    def computed(self) -> bool:
        return self.kind == COMPUTED_KIND

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
        }


def _selected_projects(projects: QuerySet) -> tuple[float, int, bool]:
    counted = projects.filter(status__in=SELECTED_STATUSES).aggregate(
        n=Count("pk"), demo=Count("pk", filter=Q(is_demo=True))
    )
    return float(counted["n"]), counted["n"], counted["demo"] > 0


#: KPI code -> function(projects) -> (value, records counted, any demo record among them).
COMPUTED: dict[str, Callable[[QuerySet], tuple[float, int, bool]]] = {
    "A2": _selected_projects,
}


def is_computed(code: str) -> bool:
    """Whether objective ``code``'s KPI is computed from platform records (the secretariat cannot type it)."""
    return code in COMPUTED


def kpi_figures(
    objectives: Iterable[RoadmapObjective] | None = None,
    projects: QuerySet | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> dict[str, KpiFigure]:
    """The current figure of each objective's KPI, by objective code.

    ``projects``: the projects computed KPIs count (all by default; the dashboards pass their filter);
    ``first_year``/``last_year``: the years of entered values considered.
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
    figures = {}
    for objective in objectives:
        figures[objective.code] = _figure(objective, entered.get(objective.pk, []), projects)
    return figures


def kpi_figure(objective: RoadmapObjective, projects: QuerySet | None = None) -> KpiFigure:
    """The current figure of one objective's KPI (as :func:`kpi_figures`)."""
    return kpi_figures([objective], projects)[objective.code]


def _figure(objective: RoadmapObjective, entered: list[KpiValue], projects: QuerySet) -> KpiFigure:
    if objective.code in COMPUTED:
        value, records, demo = COMPUTED[objective.code](projects)
        return KpiFigure(objective.code, COMPUTED_KIND, value=value, records=records, demo=demo)
    if not entered:
        return KpiFigure(objective.code, NO_VALUE_KIND)
    latest = entered[-1]
    return KpiFigure(
        objective.code,
        ENTERED_KIND,
        value=latest.value,
        year=latest.year,
        entered_on=latest.updated_at.date(),
        source=latest.note,
        demo=latest.is_demo,
        series=tuple((v.year, v.value) for v in entered),
    )
