"""Events of the test world: editor-a organises them; editor-b is a logged-in user."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from fourpermille.web.events.models import Event

PEOPLE = {"anon": None, "user": "editor-b", "organiser": "editor-a", "secretariat": "secretariat"}


def who(role):
    return PEOPLE[role]


def make_event(days: float = 10, hours: float = 2, **fields) -> Event:
    start = timezone.now() + dt.timedelta(days=days)
    values = {
        "title": "Soil webinar",
        "kind": "webinar",
        "format": "online",
        "online_link": "https://meet.example.org/secret-room",
        "start": start,
        "end": start + dt.timedelta(hours=hours),
    }
    values.update(fields)
    event = Event.objects.create(**values)
    event.organisers.add(get_user_model().objects.get(username="editor-a"))
    return event


@pytest.fixture
def upcoming(db):
    return make_event()


@pytest.fixture
def past(db):
    return make_event(days=-30, title="Dakar meeting", kind="regional_meeting", region="africa")
