"""The iCalendar feed and the file of one event parse back with ``icalendar`` and carry the right times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from tests.web.events.conftest import make_event

pytestmark = pytest.mark.django_db


def _events(response):
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_holds_every_event_with_its_times_in_utc(client, upcoming, past):
    called_off = make_event(days=20, title="Called off", cancelled=True)
    events = _events(client.get(reverse("events:feed")))
    assert set(events) == {upcoming.title, past.title, called_off.title}
    item = events[upcoming.title]
    assert item.decoded("dtstart") == upcoming.start.replace(microsecond=0)
    assert item.decoded("dtend") == upcoming.end.replace(microsecond=0)
    assert item.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert str(item["uid"]) == f"event-{upcoming.pk}@events.fourpermille"
    assert str(item["url"]).endswith(upcoming.get_absolute_url())
    assert str(events[called_off.title]["status"]) == "CANCELLED"
    assert str(item["status"]) == "CONFIRMED"


def test_an_event_in_another_time_zone_keeps_its_instant(client):
    start = dt.datetime(2031, 6, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    event = make_event(title="Paris morning", start=start, end=start + dt.timedelta(hours=3))
    item = _events(client.get(reverse("events:ics", args=[event.pk])))["Paris morning"]
    assert item.decoded("dtstart") == dt.datetime(2031, 6, 1, 7, 30, tzinfo=dt.UTC)
    assert item.decoded("dtend") == dt.datetime(2031, 6, 1, 10, 30, tzinfo=dt.UTC)
    assert item.to_ical().decode().count("secret-room") == 0
