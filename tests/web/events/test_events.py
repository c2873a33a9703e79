"""Registration (capacity, closed events, notifications), attendance, lists, the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fourpermille.web.core.errors import WorkflowError
from fourpermille.web.events import services
from fourpermille.web.notifications.models import Kind, Notification
from tests.web.conftest import page_client
from tests.web.events.conftest import make_event

pytestmark = pytest.mark.django_db


def test_registration_notifies_the_organisers_and_confirms_to_the_person(client, upcoming, users):
    response = page_client(client, "editor-b").post(
        reverse("events:register", args=[upcoming.pk]), follow=True
    )
    page = response.content.decode()
    assert "You are registered" in page and "Cancel my registration" in page and "secret-room" in page
    notices = Notification.objects.filter(kind=Kind.EVENT_REGISTRATION)
    assert sorted(n.recipient.username for n in notices) == ["editor-a", "editor-b"]
    assert {n.params["who"] for n in notices} == {"editor-b"}
    assert {n.params["event"] for n in notices} == {"Soil webinar"}
    assert {n.url for n in notices} == {upcoming.get_absolute_url()}


def test_cancel_a_registration(client, upcoming, users):
    services.register(upcoming, users["editor-b"])
    page_client(client, "editor-b").post(reverse("events:unregister", args=[upcoming.pk]))
    assert upcoming.registrations.count() == 0


def test_a_full_event_refuses_with_a_clear_message(client, users):
    event = make_event(capacity=1)
    services.register(event, users["editor-a"])
    response = page_client(client, "editor-b").post(reverse("events:register", args=[event.pk]), follow=True)
    page = response.content.decode()
    assert "Registrations are closed: the event is full." in page
    assert "Register</button>" not in page
    assert event.registrations.count() == 1
    with pytest.raises(WorkflowError, match="full"):
        services.register(event, users["secretariat"])


def test_places_left_and_counts_are_shown(client, users):
    event = make_event(capacity=3)
    services.register(event, users["editor-a"])
    page = page_client(client, "editor-b").get(event.get_absolute_url()).content.decode()
    assert "1 person registered" in page and "capacity 3" in page and "2 places left" in page


@pytest.mark.parametrize(
    "fields,reason",
    [({"cancelled": True}, "cancelled"), ({"days": -0.01}, "begun"), ({"days": -5}, "begun")],
)
def test_closed_events_refuse_registration(users, fields, reason):
    days = fields.pop("days", 10)
    event = make_event(days=days, **fields)
    with pytest.raises(WorkflowError, match=reason):
        services.register(event, users["editor-b"])
    assert event.registrations.count() == 0


def test_attendance_is_marked_once_the_event_has_begun(users, upcoming, past):
    upcoming.registrations.create(user=users["editor-b"])
    with pytest.raises(WorkflowError, match="begun"):
        services.mark_attendance(upcoming, users["editor-a"], [users["editor-b"].pk])
    past.registrations.create(user=users["editor-b"])
    past.registrations.create(user=users["secretariat"])
    assert services.mark_attendance(past, users["editor-a"], [str(users["editor-b"].pk)]) == 1
    assert services.mark_attendance(past, users["editor-a"], []) == 0


def test_the_lists_split_upcoming_and_past_and_filter(client, upcoming, past, users):
    cancelled_past = make_event(days=-3, title="Called off", cancelled=True)
    services.mark_attendance(past, users["secretariat"], [])
    c = page_client(client, None)
    upcoming_page = c.get(reverse("events:list")).content.decode()
    assert upcoming.title in upcoming_page and past.title not in upcoming_page
    past_page = c.get(reverse("events:past")).content.decode()
    assert past.title in past_page and upcoming.title not in past_page
    assert cancelled_past.title not in past_page  # not held
    filtered = c.get(reverse("events:past") + f"?year={past.start.year}&kind=webinar").content.decode()
    assert past.title not in filtered
    csv = c.get(reverse("events:past") + f"?year={past.start.year}&region=africa&format=csv").content.decode()
    assert csv.splitlines()[0].startswith("Title,Kind,Region")
    assert [line.split(",")[0] for line in csv.splitlines()[1:]] == ["Dakar meeting"]


def test_the_form_refuses_an_end_before_the_start_and_an_online_event_without_link(client, upcoming):
    data = {
        "title": "Backwards",
        "kind": "webinar",
        "format": "online",
        "start": "2031-05-04T09:00",
        "end": "2031-05-04T08:00",
    }
    response = page_client(client, "secretariat").post(reverse("events:create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The end is before the start." in page and "Give the link of an online or hybrid event." in page
