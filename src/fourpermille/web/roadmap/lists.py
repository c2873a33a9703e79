"""The roadmap objective list's filters, sort keys and download columns (core.lists). Downloads pair each
objective with its KPI figure (``roadmap.services.kpi_figures``), the same the page shows."""

from __future__ import annotations

from typing import NamedTuple

import django_filters
from django.utils.translation import gettext_lazy as _

from fourpermille.web.core.lists import Column, SearchFilterSet
from fourpermille.web.roadmap.models import Goal, RoadmapObjective
from fourpermille.web.roadmap.services import KpiFigure

ALL = _("All")


class ObjectiveFilter(SearchFilterSet):
    search_fields = ("code", "text", "kpi")
    goal = django_filters.ChoiceFilter(choices=Goal.choices, label=_("Goal"), empty_label=ALL)

    class Meta:
        model = RoadmapObjective
        fields = ["q", "goal"]


SORT_FIELDS = {"code": ("code",), "goal": ("goal", "code"), "kpi": ("kpi", "code")}


class ObjectiveRow(NamedTuple):
    objective: RoadmapObjective
    figure: KpiFigure


EXPORT_COLUMNS = [
    Column(_("Objective"), "objective.code"),
    Column(_("Goal"), "objective.get_goal_display"),
    Column(_("Objective text"), "objective.text"),
    Column(_("Key performance indicator"), "objective.kpi"),
    Column(_("KPI baseline 2020"), "objective.kpi_baseline_2020"),
    Column(_("KPI target 2030"), "objective.kpi_target_2030"),
    Column(_("KPI target 2050"), "objective.kpi_target_2050"),
    Column(_("Current value"), "figure.value"),
    Column(_("Year of the value"), "figure.year"),
    Column(_("Computed from records"), "figure.computed"),
    Column(_("Source"), "figure.source"),
    Column(_("Demo data"), "figure.demo"),
]
