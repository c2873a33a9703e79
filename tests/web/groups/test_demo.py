"""The demo of the working groups and events: labelled, every feature exercised, loaded once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from fourpermille.web.core import roles
from fourpermille.web.events import demo as events_demo
from fourpermille.web.events.models import Event, Registration
from fourpermille.web.groups import demo as groups_demo
from fourpermille.web.groups.models import Document, Reply, Thread, WorkingGroup
from fourpermille.web.notifications.models import Kind, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(db):
    User = get_user_model()
    names = [
        "demo-secretariat",
        *(f"demo-reviewer-{i}" for i in (1, 2, 3)),
        *(f"demo-editor-{i}" for i in (1, 2, 3, 4)),
    ]
    for name in names:
        user = User.objects.create_user(name, first_name=name.split("-")[1].title(), last_name=name[-1])
        if name == "demo-secretariat":
            user.groups.add(Group.objects.get(name=roles.SECRETARIAT))


def test_the_demo_exercises_groups_and_events_and_loads_once(demo_users):
    for _ in range(2):
        groups_demo.load_app_demo()
        events_demo.load_app_demo()
    groups = WorkingGroup.objects.filter(is_demo=True)
    assert groups.count() == 4 and groups.filter(private=True).count() == 1
    assert all(g.name.endswith("(demo)") for g in groups)
    assert (
        Thread.objects.filter(is_demo=True).count() == 6 and Reply.objects.filter(is_demo=True).count() == 7
    )
    assert Document.objects.filter(is_demo=True).count() == 1
    assert Notification.objects.filter(kind=Kind.GROUP_POST).exists()

    events = Event.objects.filter(is_demo=True)
    assert events.count() == 6 and all(e.title.endswith("(demo)") for e in events)
    assert len({e.region for e in events if e.region}) >= 4
    assert {e.is_past for e in events} == {True, False}
    assert events.filter(cancelled=True).count() == 1
    assert Registration.objects.filter(attended=True).exists()
    assert Notification.objects.filter(kind=Kind.EVENT_REGISTRATION).exists()
