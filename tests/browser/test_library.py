"""The library end to end in headless chromium: a member uploads a PDF, the secretariat publishes it (the
button asks to confirm), the uploader is notified and anyone reads it; the list fits a phone in Spanish.
Every step waits for the page's state, never for a fixed time."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_onboarding import PASSWORD, TIMEOUT_MS, log_in, log_out, no_sideways_scroll

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings, tmp_path):
    """Uploaded files go to a directory of the test, not to the platform's ``var/media``."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people(transactional_db):
    """Reference data, a member of an organisation (mia) and a secretariat member (sam)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from fourpermille.web.community.models import Organisation, Person
    from fourpermille.web.core import roles
    from fourpermille.web.portal.seed import seed

    seed()
    organisation = Organisation.objects.create(
        name="Soil Lab", type="research", country="Chile", region="latin_america"
    )
    made = {}
    for username, group, org in (("mia", roles.EDITOR, organisation), ("sam", roles.SECRETARIAT, None)):
        user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        Person.objects.create(user=user, organisation=org)
        made[username] = user
    return made


def test_upload_publish_notify_and_read(base_url, people, page, tmp_path):
    from fourpermille.web.library.models import Document
    from fourpermille.web.notifications.models import Kind, Notification

    pdf = tmp_path / "guía de muestreo.pdf"
    pdf.write_bytes(PDF)
    log_in(page, base_url, "mia")
    page.goto(f"{base_url}/library/new/")
    page.select_option("main select[name=kind]", "guide")
    page.fill("main input[name=title_es]", "Guía de muestreo de suelos")
    page.fill("main input[name=year]", "2025")
    page.select_option("main select[name=language]", "es")
    page.set_input_files("main input[name=file]", str(pdf))
    page.locator("main form [type=submit]").click()
    expect(page.locator(".alert-warning")).to_contain_text("Waiting for the secretariat", timeout=TIMEOUT_MS)
    document = Document.objects.get(title_es="Guía de muestreo de suelos")
    assert document.file_name == "guía de muestreo.pdf"
    log_out(page)

    log_in(page, base_url, "sam")
    page.goto(f"{base_url}{document.get_absolute_url()}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".alert-success")).to_contain_text("Document published", timeout=TIMEOUT_MS)
    log_out(page)

    document.refresh_from_db()
    assert document.is_published and document.decided_by == people["sam"]
    assert Notification.objects.filter(recipient=people["mia"], kind=Kind.CONTRIBUTION_DECIDED).exists()
    page.goto(f"{base_url}/library/?language=es")
    expect(page.get_by_role("link", name="Guía de muestreo de suelos")).to_be_visible(timeout=TIMEOUT_MS)


def test_a_cancelled_confirmation_changes_nothing(base_url, people, page):
    from fourpermille.web.library.models import Document

    document = Document.objects.create(
        kind="report",
        title_en="Pending report",
        year=2024,
        url="https://example.org/r",
        uploaded_by=people["mia"],
        organisation=people["mia"].person.organisation,
    )
    log_in(page, base_url, "sam")
    page.goto(f"{base_url}{document.get_absolute_url()}")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("button", name="Reject")).to_be_visible(timeout=TIMEOUT_MS)
    document.refresh_from_db()
    assert document.status == "submitted"


def test_the_list_fits_a_phone_in_spanish(base_url, people, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/es/library/")
    expect(page.get_by_role("heading", name="Biblioteca de recursos")).to_be_visible(timeout=TIMEOUT_MS)
    no_sideways_scroll(page)
