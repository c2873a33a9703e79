"""KPI B3 of the roadmap: regions with an active helpdesk, counted from the helpdesk records.

A desk is **active** on ``today`` when
  1. it is open to questions (``Desk.active``),
  2. it has at least one expert whose account is active, and
  3. one of its questions was answered within the last 12 months (an answer written in
     ``(today - 365 days, today]``).
There is one desk per region, so the KPI's value is the number of active desks. The records counted are the
answers of the last 12 months of those desks; the KPI is flagged demo when any of them is a demo answer.
``url`` is the desk list filtered to exactly these desks (``?active=1``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation

from fourpermille.web.helpdesk.models import Desk, Message, MessageKind
from fourpermille.web.roadmap.kpi_types import KpiCount

#: The window in which a desk must have answered a question to count as active [days].
ACTIVE_WINDOW_DAYS = 365


def window(today: dt.date | None) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of the 12 months ending with ``today`` (the end of that day, in the server's zone)."""
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    start = end - dt.timedelta(days=ACTIVE_WINDOW_DAYS)
    return start, end


def recent_answers(today: dt.date | None = None):
    """The answers written in the 12 months up to ``today`` (included)."""
    start, end = window(today)
    return Message.objects.filter(kind=MessageKind.ANSWER, created_at__gte=start, created_at__lt=end)


def active_desks(today: dt.date | None = None):
    """The desks active on ``today`` (module docstring)."""
    answers = recent_answers(today).filter(question__desk=OuterRef("pk"))
    experts = Desk.experts.through.objects.filter(desk=OuterRef("pk"), user__is_active=True)
    return Desk.objects.filter(active=True).filter(Exists(experts)).filter(Exists(answers))


def regions_with_active_desk(today: dt.date | None = None) -> KpiCount:
    """B3: the number of regions whose helpdesk is active (module docstring)."""
    desks = active_desks(today)
    answers = recent_answers(today).filter(question__desk__in=desks)
    with translation.override("en"):
        url = reverse("helpdesk:desk-list") + "?active=1"
    return KpiCount(
        value=float(desks.count()),
        records=answers.count(),
        demo=answers.filter(is_demo=True).exists(),
        url=url,
    )
