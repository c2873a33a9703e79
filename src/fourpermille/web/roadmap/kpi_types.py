"""What an app's ``kpis.py`` returns for a roadmap KPI it counts from its own records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KpiCount:
    """A KPI counted from platform records.

    ``value``: the KPI (e.g. regions with an active helpdesk); ``records``: how many records were counted to
    get it; ``demo``: any demo record among them; ``url``: the page listing exactly those records (its filter
    in the query string), linked from the KPI.
    """

    value: float
    records: int
    demo: bool
    url: str
