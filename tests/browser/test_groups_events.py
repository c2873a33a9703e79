"""Working groups and events in headless chromium, on the demo data: a member replies in a group's thread
and another member finds the notification under the bell and opens it; a user registers for an upcoming
event and the page says "registered". Every step waits for the page's state, never for a fixed time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.test_onboarding import log_in, log_out

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 45_000
DEMO_PASSWORD = "fourpermille-demo"


def test_a_reply_in_a_group_notifies_another_member(base_url, demo, page):
    from django.utils import timezone

    from fourpermille.web.groups.models import Thread
    from fourpermille.web.notifications.models import Notification

    thread = Thread.objects.get(title="Next regional meeting (demo)")  # by demo-editor-2, Africa network
    # demo-editor-2 has read everything so far: the bell counts the new notice only
    Notification.objects.filter(recipient__username="demo-editor-2").update(read_at=timezone.now())

    log_in(page, base_url, "demo-reviewer-2", DEMO_PASSWORD)  # a member of the Africa network
    page.goto(f"{base_url}{thread.get_absolute_url()}")
    page.fill("#reply-form textarea[name=body]", "Soil carbon monitoring in the Sahel, please.")
    page.locator("#reply-form [type=submit]").click()
    page.wait_for_url(re.compile(r".*/groups/threads/\d+/#reply-\d+$"), timeout=TIMEOUT_MS)
    expect(page.locator("article.post").last).to_contain_text("Soil carbon monitoring", timeout=TIMEOUT_MS)
    shot(page, "groups-reply")
    log_out(page)

    log_in(page, base_url, "demo-editor-2", DEMO_PASSWORD)
    bell = page.locator("a.bell")
    expect(bell).to_have_attribute("data-unread", "1", timeout=TIMEOUT_MS)
    bell.click()
    item = page.locator("li.notification.unread")
    expect(item).to_contain_text(
        "Raúl Revisor posted in Africa regional network (demo): “Next regional meeting (demo)”.",
        timeout=TIMEOUT_MS,
    )
    item.get_by_role("link").click()
    page.wait_for_url(re.compile(rf".*/groups/threads/{thread.pk}/"), timeout=TIMEOUT_MS)
    expect(page.get_by_text("Soil carbon monitoring in the Sahel, please.")).to_be_visible(timeout=TIMEOUT_MS)

    assert page.recorder.foreign == []
    assert page.js_errors == []


def test_a_user_registers_for_an_event(base_url, demo, page):
    from fourpermille.web.events.models import Event

    event = Event.objects.get(title="Latin America regional meeting (demo)")
    assert not event.registrations.filter(user__username="demo-editor-4").exists()

    log_in(page, base_url, "demo-editor-4", DEMO_PASSWORD)
    page.goto(f"{base_url}/events/")
    page.get_by_role("link", name=event.title).click()
    page.wait_for_url(f"**/events/{event.pk}/", timeout=TIMEOUT_MS)
    expect(page.locator("#online-link")).to_have_count(0)  # the link is for the people registered
    page.locator("#registration").get_by_role("button", name="Register").click()
    expect(page.locator("#registered-status")).to_contain_text("You are registered.", timeout=TIMEOUT_MS)
    expect(page.locator("#online-link")).to_be_visible(timeout=TIMEOUT_MS)
    shot(page, "events-registered")

    page.goto(f"{base_url}/events/")
    row = page.locator("tr", has=page.get_by_role("link", name=event.title))
    expect(row.locator(".badge", has_text="registered")).to_be_visible(timeout=TIMEOUT_MS)
    assert event.registrations.filter(user__username="demo-editor-4").exists()

    assert page.recorder.foreign == []
    assert page.js_errors == []
