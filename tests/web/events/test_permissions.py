"""Permission matrix of the events: (anonymous, logged-in user, organiser, secretariat) x (read, register,
create, edit, cancel, mark attendance). "login" = sent to the login page, "ok" = allowed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from fourpermille.web.events.models import Event
from tests.web.conftest import page_client
from tests.web.events.conftest import PEOPLE, who
from tests.web.test_permissions import check_page

pytestmark = pytest.mark.django_db

ROLES = list(PEOPLE)


def matrix(expected: dict[str, object]):
    return pytest.mark.parametrize("role,status", [(r, expected[r]) for r in ROLES])


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_events(client, upcoming, past, role):
    c = page_client(client, who(role))
    for url in (
        reverse("events:list"),
        reverse("events:past"),
        upcoming.get_absolute_url(),
        reverse("events:feed"),
    ):
        assert c.get(url).status_code == 200, url


@matrix({"anon": False, "user": False, "organiser": True, "secretariat": True})
def test_the_online_link_is_for_the_organisers_and_the_people_registered(client, upcoming, role, status):
    page = page_client(client, who(role)).get(upcoming.get_absolute_url()).content.decode()
    assert ("secret-room" in page) is status
    feed = client.get(reverse("events:feed")).content.decode()
    assert "secret-room" not in feed


@matrix({"anon": "login", "user": "ok", "organiser": "ok", "secretariat": "ok"})
def test_register(client, upcoming, role, status):
    check_page(page_client(client, who(role)).post(reverse("events:register", args=[upcoming.pk])), status)
    assert upcoming.registrations.count() == (1 if status == "ok" else 0)


@matrix({"anon": "login", "user": 403, "organiser": "ok", "secretariat": "ok"})
def test_create(client, upcoming, role, status):
    """An organiser of an event (and the secretariat) creates events; other users do not."""
    c = page_client(client, who(role))
    check_page(c.get(reverse("events:create")), status)
    data = {
        "title": "New meeting",
        "kind": "regional_meeting",
        "region": "asia",
        "format": "in_person",
        "start": "2031-05-04T09:00",
        "end": "2031-05-04T17:00",
        "location": "Bangkok",
        "agenda": "Talks",
    }
    check_page(c.post(reverse("events:create"), data), status)
    created = Event.objects.filter(title="New meeting").first()
    assert (created is not None) is (status == "ok")
    if created is not None:
        assert created.start == dt.datetime(2031, 5, 4, 9, tzinfo=dt.UTC)
        assert list(created.organisers.values_list("username", flat=True)) == [who(role)]


@matrix({"anon": "login", "user": 403, "organiser": "ok", "secretariat": "ok"})
def test_edit(client, upcoming, role, status):
    c = page_client(client, who(role))
    check_page(c.get(reverse("events:update", args=[upcoming.pk])), status)
    data = {
        "title": "Renamed webinar",
        "kind": "webinar",
        "region": "",
        "format": "online",
        "online_link": "https://meet.example.org/room",
        "start": "2031-01-01T10:00",
        "end": "2031-01-01T11:00",
        "organisers": [upcoming.organisers.get().pk],
    }
    check_page(c.post(reverse("events:update", args=[upcoming.pk]), data), status)
    upcoming.refresh_from_db()
    assert (upcoming.title == "Renamed webinar") is (status == "ok")


@matrix({"anon": "login", "user": 403, "organiser": "ok", "secretariat": "ok"})
def test_cancel(client, upcoming, role, status):
    check_page(page_client(client, who(role)).post(reverse("events:cancel", args=[upcoming.pk])), status)
    upcoming.refresh_from_db()
    assert upcoming.cancelled is (status == "ok")


@matrix({"anon": "login", "user": 403, "organiser": "ok", "secretariat": "ok"})
def test_mark_attendance(client, past, users, role, status):
    past.registrations.create(user=users["editor-b"])
    past.registrations.create(user=users["reviewer-other"])
    c = page_client(client, who(role))
    url = reverse("events:attendance", args=[past.pk])
    check_page(c.get(url), status)
    check_page(c.post(url, {"attended": [users["editor-b"].pk]}), status)
    attended = set(past.registrations.filter(attended=True).values_list("user__username", flat=True))
    assert attended == ({"editor-b"} if status == "ok" else set())
