"""D2 and A4: meetings of a kind held in a year, and the past-events list its link opens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fourpermille.web.events.kpis import meetings_per_year
from fourpermille.web.events.models import Event
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def _event(title, kind, start, hours=4, **fields):
    return Event.objects.create(
        title=title, kind=kind, start=start, end=start + dt.timedelta(hours=hours), format="online", **fields
    )


def test_meetings_per_year_counts_meetings_held_that_year(client):
    year = timezone.now().year - 1
    at = dt.datetime(year, 5, 10, 9, tzinfo=dt.UTC)
    _event("Dakar", "regional_meeting", at, region="africa")
    _event("Lima", "regional_meeting", at + dt.timedelta(days=90), region="latin_america", is_demo=True)
    _event("Cancelled", "regional_meeting", at, cancelled=True)
    _event("Webinar", "webinar", at)
    _event("Other year", "regional_meeting", at - dt.timedelta(days=365))
    _event("Science", "science_practice", at)
    _event("Future", "regional_meeting", timezone.now() + dt.timedelta(days=5))

    d2 = meetings_per_year(year, "regional_meeting")
    assert (d2.value, d2.records, d2.demo) == (2.0, 2, True)
    assert d2.url == f"/events/past/?year={year}&kind=regional_meeting"
    csv = page_client(client, None).get(d2.url + "&format=csv").content.decode()
    assert sorted(line.split(",")[0] for line in csv.splitlines()[1:]) == ["Dakar", "Lima"]

    a4 = meetings_per_year(year, "science_practice")
    assert (a4.value, a4.demo) == (1.0, False)
    assert meetings_per_year(timezone.now().year + 1, "regional_meeting").value == 0


def test_a_meeting_not_yet_ended_is_not_held():
    now = timezone.now()
    _event("Now", "science_practice", now - dt.timedelta(hours=1), hours=3)
    assert meetings_per_year(now.year, "science_practice").value == 0


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="regional_meeting"):
        meetings_per_year(2025, "party")
