"""Demo events (named "... (demo)", ``is_demo``) around today: meetings held in several regions with their
registrations and attendance, upcoming ones open for registration (one nearly full), one cancelled."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fourpermille.web.events import services
from fourpermille.web.events.models import Event, EventFormat, EventKind, Registration

#: (title, kind, region, format, days from today, hours long, capacity, organisers, registered, attended)
EVENTS = [
    (
        "Africa regional meeting, Dakar (demo)",
        EventKind.REGIONAL_MEETING,
        "africa",
        EventFormat.IN_PERSON,
        -120,
        6,
        40,
        ["demo-editor-1"],
        ["demo-editor-2", "demo-reviewer-2", "demo-editor-3"],
        ["demo-editor-2", "demo-reviewer-2"],
    ),
    (
        "Science meets practice: cover crops (demo)",
        EventKind.SCIENCE_PRACTICE,
        "europe",
        EventFormat.HYBRID,
        -60,
        4,
        None,
        ["demo-secretariat", "demo-reviewer-1"],
        ["demo-editor-3", "demo-editor-4"],
        ["demo-editor-3", "demo-editor-4"],
    ),
    (
        "Asia and Pacific science-practice workshop (demo)",
        EventKind.SCIENCE_PRACTICE,
        "asia",
        EventFormat.IN_PERSON,
        -400,
        8,
        30,
        ["demo-reviewer-3"],
        ["demo-editor-1"],
        ["demo-editor-1"],
    ),
    (
        "Webinar: measuring soil carbon (demo)",
        EventKind.WEBINAR,
        "",
        EventFormat.ONLINE,
        14,
        2,
        3,
        ["demo-secretariat"],
        ["demo-editor-1", "demo-editor-2"],
        [],
    ),
    (
        "Latin America regional meeting (demo)",
        EventKind.REGIONAL_MEETING,
        "latin_america",
        EventFormat.HYBRID,
        45,
        7,
        None,
        ["demo-editor-2"],
        ["demo-reviewer-3"],
        [],
    ),
    (
        "North America regional meeting (demo)",
        EventKind.REGIONAL_MEETING,
        "north_america",
        EventFormat.IN_PERSON,
        30,
        5,
        None,
        ["demo-secretariat"],
        [],
        [],
    ),
]

AGENDA = "Invented for the demonstration. 09:00 welcome; 09:30 results in the region; 11:00 discussion."


@transaction.atomic
def load_app_demo() -> None:
    if Event.objects.filter(is_demo=True).exists():
        return
    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    today = timezone.now().astimezone(dt.UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    for title, kind, region, fmt, days, hours, capacity, organisers, registered, attended in EVENTS:
        start = today + dt.timedelta(days=days)
        event = Event.objects.create(
            title=title,
            kind=kind,
            region=region,
            format=fmt,
            start=start,
            end=start + dt.timedelta(hours=hours),
            location="" if fmt == EventFormat.ONLINE else "Conference centre (demo)",
            online_link="" if fmt == EventFormat.IN_PERSON else "https://meet.example.org/fourpermille-demo",
            agenda=AGENDA,
            capacity=capacity,
            cancelled=title.startswith("North America"),
            is_demo=True,
        )
        event.organisers.set([users[u] for u in organisers])
        for username in registered:
            if event.has_started:  # registered before it began
                Registration.objects.create(event=event, user=users[username], attended=username in attended)
            else:  # through the service: the organisers are notified (in the platform only: demo)
                services.register(event, users[username])
