"""Joining, end to end in headless chromium: an organisation applies with its signed declaration (upload),
confirms the e-mail, the secretariat approves, the contact opens the first account from the invitation link
(read from the test outbox), logs in and finds the organisation on the home page; then a reviewer assigned
to the organisation's project sees the notification under the bell and opens it. Every step waits for the
page's state, never for a fixed time. Screenshots: test-artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 45_000  # generous: the CI machine is shared
PASSWORD = "a-browser-password-1"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def people(transactional_db):
    """The reference data (groups, criteria framework) and a secretariat member and an STC reviewer."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from fourpermille.web.community.models import Person
    from fourpermille.web.core import roles
    from fourpermille.web.portal.seed import seed

    seed()
    made = {}
    for username, group in (("sam", roles.SECRETARIAT), ("rita", roles.REVIEWER)):
        user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        Person.objects.create(user=user)
        made[username] = user
    return made


def link_in(message, part: str) -> str:
    for url in re.findall(r"https?://\S+", message.body):
        path = "/" + url.split("://", 1)[1].split("/", 1)[1]
        if part in path:
            return path
    raise AssertionError(f"no link with {part!r} in {message.body}")


def log_in(page, base_url, username, password=PASSWORD):
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{base_url}/", timeout=TIMEOUT_MS)


def log_out(page):
    page.locator("button.fp-user").click()  # the user menu holds "Log out"
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible(timeout=TIMEOUT_MS)


def no_sideways_scroll(page) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_apply_approve_invite_log_in_and_be_notified(base_url, people, page, tmp_path):
    from fourpermille.web.assessment import workflow
    from fourpermille.web.community.models import JoinRequest, Organisation
    from fourpermille.web.projects.models import Project

    mail.outbox.clear()
    declaration = tmp_path / "declaration-signed.pdf"
    declaration.write_bytes(PDF)

    # 1. the application, with the signed declaration
    page.goto(f"{base_url}/organisations/join/")
    page.fill("input[name=name]", "Terres Vivantes")
    page.select_option("select[name=type]", "farmers")
    page.fill("input[name=country]", "Burkina Faso")
    page.select_option("select[name=region]", "africa")
    page.fill("input[name=contact_name]", "Fatou Ouédraogo")
    page.fill("input[name=contact_email]", "fatou@terres-vivantes.example.org")
    page.fill("input[name=declaration_signed]", "2026-10-15")
    page.set_input_files("input[name=declaration]", str(declaration))
    page.check("input[name=accept]")
    shot(page, "onboarding-apply")
    page.get_by_role("button", name="Send the application").click()
    expect(page.locator("h1")).to_have_text("Application received", timeout=TIMEOUT_MS)

    # 2. the e-mail confirmation
    (confirmation,) = mail.outbox
    page.goto(base_url + link_in(confirmation, "/join/confirm/"))
    expect(page.locator("main")).to_contain_text("is with the secretariat", timeout=TIMEOUT_MS)
    assert JoinRequest.objects.get().status == "pending"

    # 3. the secretariat approves
    log_in(page, base_url, "sam")
    expect(page.locator("#my-queue")).to_be_visible(timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Join requests to decide").click()
    page.get_by_role("link", name="Terres Vivantes").click()
    expect(page.get_by_role("link", name="declaration-signed.pdf")).to_be_visible(timeout=TIMEOUT_MS)
    shot(page, "onboarding-decide")
    page.get_by_role("button", name="Approve: create the organisation and invite its contact").click()
    expect(page.locator(".messages")).to_contain_text("Terres Vivantes approved", timeout=TIMEOUT_MS)
    log_out(page)

    # 4. the invitation opens the first account
    invitation = mail.outbox[-1]
    assert invitation.to == ["fatou@terres-vivantes.example.org"]
    page.goto(base_url + link_in(invitation, "/invitation/"))
    expect(page.locator("main")).to_contain_text(
        "You are invited to edit for Terres Vivantes", timeout=TIMEOUT_MS
    )
    page.fill("input[name=username]", "fatou")
    page.fill("input[name=first_name]", "Fatou")
    page.fill("input[name=last_name]", "Ouédraogo")
    page.fill("input[name=password1]", "mulch-and-compost-42")
    page.fill("input[name=password2]", "mulch-and-compost-42")
    page.get_by_role("button", name="Open my account").click()
    page.wait_for_url(f"{base_url}/login/", timeout=TIMEOUT_MS)
    expect(page.locator(".messages")).to_contain_text("your account is open", timeout=TIMEOUT_MS)

    # 5. logged in, the home page shows the organisation
    log_in(page, base_url, "fatou", "mulch-and-compost-42")
    organisation = page.locator("#my-organisation + div")
    expect(organisation).to_contain_text("Terres Vivantes", timeout=TIMEOUT_MS)
    expect(organisation).to_contain_text("Farmers' organisation")
    shot(page, "onboarding-home-editor")
    page.set_viewport_size({"width": 390, "height": 900})
    no_sideways_scroll(page)
    shot(page, "onboarding-home-editor-390")
    page.set_viewport_size({"width": 1440, "height": 1000})
    log_out(page)

    # 6. the organisation's project is submitted; the secretariat assigns rita, who is notified
    fatou = Organisation.objects.get(name="Terres Vivantes").people.get().user
    project = Project.objects.create(
        organisation=Organisation.objects.get(name="Terres Vivantes"),
        title="Zaï pits on degraded land",
        summary="Restoring soil organic carbon with zaï pits and compost.",
        country="Burkina Faso",
        region="africa",
        modality=1,
        primary_aim="soc_increase",
        area_ha=250,
        start=dt.date(2027, 1, 1),
    )
    workflow.transition(project, "submit", fatou)
    workflow.assign_reviewer(Project.objects.get(pk=project.pk).assessment, people["rita"], people["sam"])

    log_in(page, base_url, "rita")
    bell = page.locator("a.bell")
    expect(bell).to_have_attribute("data-unread", "1", timeout=TIMEOUT_MS)
    bell.click()
    item = page.locator("li.notification.unread")
    expect(item).to_contain_text(
        "You are assigned to review “Zaï pits on degraded land”.", timeout=TIMEOUT_MS
    )
    shot(page, "onboarding-notifications")
    item.get_by_role("link").click()
    page.wait_for_url(f"**/assessment/{project.assessment.pk}/", timeout=TIMEOUT_MS)
    expect(page.locator("a.bell")).to_have_attribute("data-unread", "0", timeout=TIMEOUT_MS)

    assert page.recorder.foreign == []
    assert page.js_errors == []


def test_the_application_form_fits_a_phone_in_french(base_url, people, page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base_url}/fr/organisations/join/")
    expect(page.locator("h1")).to_have_text("Demander à rejoindre l'initiative", timeout=TIMEOUT_MS)
    no_sideways_scroll(page)
    shot(page, "onboarding-apply-fr-390")
