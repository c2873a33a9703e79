"""KPI B3: regions with an active helpdesk (open, an active expert, an answer in the last 12 months)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fourpermille.web.helpdesk import kpis, workflow
from fourpermille.web.helpdesk.models import Desk, Message
from tests.web.helpdesk.conftest import new_question

pytestmark = pytest.mark.django_db


def answer(desk, asker, expert, when=None, is_demo=False):
    question = new_question(asker, desk)
    message = workflow.answer(question, expert, "Answer.", is_demo=is_demo)
    if when is not None:
        Message.objects.filter(pk=message.pk).update(created_at=when)
    return message


def test_no_answer_no_active_desk(desks):
    kpi = kpis.regions_with_active_desk()
    assert (kpi.value, kpi.records, kpi.demo) == (0, 0, False)


def test_counts_desks_with_an_expert_and_a_recent_answer(desks, users):
    answer(desks["europe"], users["editor-a"], users["reviewer-assigned"])
    answer(desks["europe"], users["editor-a"], users["reviewer-assigned"])
    answer(desks["africa"], users["editor-b"], users["reviewer-other"], is_demo=True)
    kpi = kpis.regions_with_active_desk()
    assert (kpi.value, kpi.records, kpi.demo) == (2, 3, True)
    assert kpi.url == "/helpdesk/?active=1"


def test_the_window_is_the_last_12_months(desks, users):
    today = dt.date(2026, 6, 30)
    zone = timezone.get_current_timezone()
    inside = dt.datetime(2025, 7, 1, 0, 30, tzinfo=zone)  # 364 days and a half before the end of today
    outside = dt.datetime(2025, 6, 30, 23, 30, tzinfo=zone)
    answer(desks["europe"], users["editor-a"], users["reviewer-assigned"], when=inside)
    answer(desks["africa"], users["editor-b"], users["reviewer-other"], when=outside)
    assert kpis.regions_with_active_desk(today).value == 1
    assert set(kpis.active_desks(today).values_list("region", flat=True)) == {"europe"}
    assert kpis.regions_with_active_desk(dt.date(2026, 7, 1)).value == 0
    # an answer after ``today`` does not count on ``today``
    assert kpis.regions_with_active_desk(dt.date(2025, 6, 29)).value == 0


def test_a_desk_without_an_active_expert_or_closed_does_not_count(desks, users):
    answer(desks["europe"], users["editor-a"], users["reviewer-assigned"])
    answer(desks["africa"], users["editor-b"], users["reviewer-other"])
    assert kpis.regions_with_active_desk().value == 2
    users["reviewer-other"].is_active = False
    users["reviewer-other"].save()
    assert kpis.regions_with_active_desk().value == 1
    Desk.objects.filter(region="europe").update(active=False)
    kpi = kpis.regions_with_active_desk()
    assert (kpi.value, kpi.records) == (0, 0)


def test_the_kpi_link_lists_exactly_the_desks_counted(client, desks, users):
    answer(desks["africa"], users["editor-b"], users["reviewer-other"])
    kpi = kpis.regions_with_active_desk()
    response = client.get(kpi.url)
    listed = [d.region for d in response.context["object_list"]]
    assert listed == ["africa"] and len(listed) == kpi.value
    assert len(client.get(reverse("helpdesk:desk-list")).context["object_list"]) == 6
