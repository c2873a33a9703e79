"""A helpdesk question, end to end in headless chromium: a member asks the Europe desk, the desk's expert
logs in, sees the notification under the bell, opens it and answers citing a practice; the member logs in,
sees the answer's notification, reads the answer and follows the cited practice to its page, then closes
the question. Every step waits for the page's state, never for a fixed time.
Screenshots: test-artifacts/screenshots/helpdesk-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.test_onboarding import PASSWORD, TIMEOUT_MS, log_in, log_out, no_sideways_scroll

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TITLE = "How deep should we sample after cover crops?"


@pytest.fixture
def people(transactional_db):
    """The reference data, a member (organisation editor in France) and the Europe desk's expert."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from fourpermille.web.community.models import Organisation, Person
    from fourpermille.web.core import roles
    from fourpermille.web.helpdesk.models import Desk
    from fourpermille.web.portal.seed import seed

    seed()
    farm = Organisation.objects.create(
        name="Ferme du Plateau", type="farmers", country="France", region="europe"
    )
    User = get_user_model()
    mia = User.objects.create_user("mia", "mia@example.org", PASSWORD, first_name="Mia", last_name="Member")
    mia.groups.add(Group.objects.get(name=roles.EDITOR))
    Person.objects.create(user=mia, organisation=farm)
    eric = User.objects.create_user(
        "eric", "eric@example.org", PASSWORD, first_name="Eric", last_name="Expert"
    )
    eric.groups.add(Group.objects.get(name=roles.REVIEWER))
    Person.objects.create(user=eric)
    Desk.objects.get(region="europe").experts.set([eric])
    return {"mia": mia, "eric": eric}


def test_a_question_asked_answered_and_notified(base_url, people, page):
    from fourpermille.web.helpdesk.models import Question, QuestionStatus
    from fourpermille.web.resources.models import Practice

    cover_crops = Practice.objects.get(code="cover-crops")

    # 1. the member asks the Europe desk (chosen for her organisation's region), allowing the FAQ
    log_in(page, base_url, "mia")
    page.goto(f"{base_url}/helpdesk/")
    page.locator("main").get_by_role("link", name="Ask a question").first.click()
    page.wait_for_url("**/helpdesk/ask/", timeout=TIMEOUT_MS)
    expect(page.locator("select[name=desk] option:checked")).to_have_text("Europe")
    expect(page.locator("input[name=country]")).to_have_value("France")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=body]", "We sow winter cover crops on 300 ha. How deep, and when to resample?")
    page.get_by_label(cover_crops.display_name).check()
    page.get_by_label("I allow publishing this question and its answers in the public FAQ").check()
    page.get_by_role("button", name="Send the question").click()
    page.wait_for_url("**/helpdesk/questions/*/", timeout=TIMEOUT_MS)
    expect(page.locator("main h1")).to_contain_text(TITLE)
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "open")
    question = Question.objects.get(title=TITLE)
    assert question.asker == people["mia"] and question.allow_publishing
    log_out(page)

    # 2. the expert sees the notification under the bell, opens it and answers citing a practice
    log_in(page, base_url, "eric")
    bell = page.locator("a.bell")
    expect(bell).to_have_attribute("data-unread", "1", timeout=TIMEOUT_MS)
    bell.click()
    item = page.locator("li.notification.unread")
    expect(item).to_contain_text(
        f"A question was asked to the Europe helpdesk: “{TITLE}”.", timeout=TIMEOUT_MS
    )
    item.get_by_role("link").click()
    page.wait_for_url(f"**/helpdesk/questions/{question.pk}/", timeout=TIMEOUT_MS)
    expect(page.locator("a.bell")).to_have_attribute("data-unread", "0", timeout=TIMEOUT_MS)
    answer = page.locator("#answer")
    answer.locator("textarea[name=body]").fill(
        "Sample 0-30 cm at equivalent soil mass; resample after 5 years."
    )
    answer.get_by_label(cover_crops.display_name).check()
    shot(page, "helpdesk-expert-answers")
    answer.get_by_role("button", name="Send the answer").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "answered", timeout=TIMEOUT_MS)
    expect(page.locator("[data-message=answer]")).to_contain_text("resample after 5 years")
    page.get_by_role("button", name="Publish in the public FAQ").click()
    expect(page.get_by_role("button", name="Remove from the public FAQ")).to_be_visible(timeout=TIMEOUT_MS)
    log_out(page)

    # 3. the member is notified, reads the answer and follows the cited practice
    log_in(page, base_url, "mia")
    bell = page.locator("a.bell")
    expect(bell).to_have_attribute("data-unread", "1", timeout=TIMEOUT_MS)
    bell.click()
    item = page.locator("li.notification.unread")
    expect(item).to_contain_text(f"The question “{TITLE}” has a new answer.", timeout=TIMEOUT_MS)
    item.get_by_role("link").click()
    page.wait_for_url(f"**/helpdesk/questions/{question.pk}/", timeout=TIMEOUT_MS)
    thread = page.locator("[data-message=answer]")
    expect(thread).to_contain_text("Eric Expert")
    expect(thread).to_contain_text("Sample 0-30 cm at equivalent soil mass")
    page.set_viewport_size({"width": 390, "height": 900})
    no_sideways_scroll(page)
    shot(page, "helpdesk-asker-reads-390")
    page.set_viewport_size({"width": 1440, "height": 1000})

    # 4. she closes it; the public FAQ shows it without her name
    page.get_by_role("button", name="Close the question").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "closed", timeout=TIMEOUT_MS)
    assert Question.objects.get(pk=question.pk).status == QuestionStatus.CLOSED
    log_out(page)
    page.goto(f"{base_url}/helpdesk/faq/?q=equivalent+soil+mass")
    entry = page.locator(f"[data-faq='{question.pk}']")
    expect(entry).to_contain_text(TITLE)
    expect(page.locator("main")).not_to_contain_text("Mia")
    entry.get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/helpdesk/faq/{question.pk}/", timeout=TIMEOUT_MS)
    page.locator(f"[data-practice='{cover_crops.code}']").click()
    page.wait_for_url(f"**{cover_crops.get_absolute_url()}", timeout=TIMEOUT_MS)

    assert page.recorder.foreign == []
    assert page.js_errors == []
