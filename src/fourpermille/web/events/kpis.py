"""KPIs D2 (regional meetings per year) and A4 (science-practice meetings per year) of the roadmap,
counted from the event records."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone, translation

from fourpermille.web.events.models import Event, EventKind
from fourpermille.web.roadmap.kpi_types import KpiCount


def held(now=None):
    """Events held: ended (before ``now``) and not cancelled, the past events list."""
    now = now or timezone.now()
    return Event.objects.filter(cancelled=False, end__lt=now)


def meetings_per_year(year: int, kind: str) -> KpiCount:
    """Events of ``kind`` held in ``year`` (their start, in the platform's time zone): D2 with
    ``EventKind.REGIONAL_MEETING``, A4 with ``EventKind.SCIENCE_PRACTICE``. ``url``: the past events
    list filtered on that year and kind."""
    if kind not in EventKind.values:
        raise ValueError(f"kind must be one of {', '.join(EventKind.values)}, not {kind!r}")
    events = held().filter(kind=kind, start__year=year)
    count = events.count()
    with translation.override("en"):
        url = f"{reverse('events:past')}?{urlencode({'year': year, 'kind': kind})}"
    return KpiCount(value=float(count), records=count, demo=events.filter(is_demo=True).exists(), url=url)
