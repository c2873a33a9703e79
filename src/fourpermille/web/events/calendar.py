"""iCalendar (RFC 5545) of events, written with the ``icalendar`` package. Times are written in UTC; the
online link is never in a calendar (it is for the people registered, on the event's page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from fourpermille.web.events.models import Event

PRODUCT_ID = "-//4 per 1000 initiative//fourpermille events//EN"
UID_DOMAIN = "events.fourpermille"


def uid(event: Event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC)


def calendar(events: Iterable[Event], absolute_url, name: str) -> bytes:
    """The events as one VCALENDAR. ``absolute_url(path)`` makes the link of each event's page."""
    cal = Calendar()
    cal.add("prodid", PRODUCT_ID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for event in events:
        item = CalendarEvent()
        item.add("uid", uid(event))
        item.add("dtstamp", _utc(event.updated_at))
        item.add("dtstart", _utc(event.start))
        item.add("dtend", _utc(event.end))
        title = event.title + (" (demo)" if event.is_demo and "(demo)" not in event.title else "")
        item.add("summary", title)
        with translation.override("en"):
            page = absolute_url(event.get_absolute_url())
        item.add("url", page)
        description = event.agenda.strip()
        item.add("description", f"{description}\n\n{page}" if description else page)
        where = event.location or str(event.get_format_display())
        item.add("location", where)
        item.add("categories", [str(event.get_kind_display())])
        item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
        cal.add_component(item)
    return cal.to_ical()
