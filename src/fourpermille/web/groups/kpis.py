"""KPI D1 of the roadmap, counted from the working groups' records."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from fourpermille.web.groups.lists import posted_since
from fourpermille.web.groups.models import WorkingGroup
from fourpermille.web.roadmap.kpi_types import KpiCount


def year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def active_groups(today: dt.date | None = None) -> KpiCount:
    """D1: working groups with a visible thread or reply in the last 12 months (``today`` included), private
    groups too. ``url``: the group list filtered on posts since that day (private groups show there to
    their members and the secretariat)."""
    today = today or timezone.localdate()
    since = year_before(today) + dt.timedelta(days=1)
    groups = posted_since(WorkingGroup.objects.all(), since)
    count = groups.count()
    with translation.override("en"):
        url = f"{reverse('groups:list')}?active_since={since.isoformat()}"
    return KpiCount(value=float(count), records=count, demo=groups.filter(is_demo=True).exists(), url=url)
