"""D1: working groups with a visible post in the last twelve months, and the list its link opens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from fourpermille.web.groups import kpis
from fourpermille.web.groups.models import Reply, Thread, WorkingGroup
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def _dated(post, moment):
    type(post).objects.filter(pk=post.pk).update(created_at=moment)


def test_active_groups_counts_groups_with_a_recent_visible_post(client, users):
    now = timezone.now()
    author = users["editor-a"]
    recent = WorkingGroup.objects.create(name="Recent thread")
    _dated(
        Thread.objects.create(working_group=recent, author=author, title="t", body="b"),
        now - dt.timedelta(days=30),
    )
    by_reply = WorkingGroup.objects.create(name="Recent reply", private=True, is_demo=True)
    old = Thread.objects.create(working_group=by_reply, author=author, title="t", body="b")
    _dated(old, now - dt.timedelta(days=800))
    _dated(Reply.objects.create(thread=old, author=author, body="r"), now - dt.timedelta(days=3))
    quiet = WorkingGroup.objects.create(name="Quiet")
    _dated(
        Thread.objects.create(working_group=quiet, author=author, title="t", body="b"),
        now - dt.timedelta(days=400),
    )
    hidden = WorkingGroup.objects.create(name="Only hidden")
    Thread.objects.create(working_group=hidden, author=author, title="t", body="b", hidden=True)
    WorkingGroup.objects.create(name="Empty")

    kpi = kpis.active_groups()
    assert (kpi.value, kpi.records, kpi.demo) == (2.0, 2, True)
    since = kpis.year_before(timezone.localdate()) + dt.timedelta(days=1)
    assert kpi.url == f"/groups/?active_since={since.isoformat()}"
    # the link lists exactly the groups counted (the secretariat sees the private one too)
    page = page_client(client, "secretariat").get(kpi.url + "&format=csv").content.decode()
    rows = sorted(line.split(",")[0] for line in page.splitlines()[1:])
    assert rows == ["Recent reply", "Recent thread"]


def test_active_groups_on_a_given_day():
    group = WorkingGroup.objects.create(name="Then")
    thread = Thread.objects.create(working_group=group, title="t", body="b")
    _dated(thread, dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC))
    assert kpis.active_groups(dt.date(2026, 2, 28)).value == 1
    assert kpis.active_groups(dt.date(2026, 3, 2)).value == 0


def test_year_before_a_29_february():
    assert kpis.year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
