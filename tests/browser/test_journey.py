"""The whole journey in headless chromium, every step clicked as its user would: an organisation applies to
join with its signed declaration and confirms the e-mail; the secretariat approves; the contact opens the
first account from the invitation; she creates a project, draws its site on the map, uploads a measurement
campaign with its sampling date and submits; the secretariat starts the eligibility check, confirms the
request complete, assigns a reviewer and declares the project eligible; the reviewer, notified under the
bell, assesses every criterion on one page (a draft), previews the report, submits and completes; the
secretariat publishes; the report downloads as a PDF naming the project (read back with pdftotext).

One test, helper functions per actor. Every step waits for a state of the page, never for a time; the
e-mails are read from Django's test outbox (their links are what the people would click)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.test_onboarding import PASSWORD, PDF, link_in, log_out, people  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 90_000  # generous: the machine may be shared
TITLE = "Zaï pits on degraded land"
ORGANISATION = "Terres Vivantes"
FATOU_PASSWORD = "mulch-and-compost-42"


def log_in(page, base_url, username, password=PASSWORD):
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{base_url}/", timeout=TIMEOUT_MS)


def message(page, text: str) -> None:
    expect(page.locator(".messages")).to_contain_text(text, timeout=TIMEOUT_MS)


def open_from_menu(page, group: str, item: str) -> None:
    """Click a page of the top menu: its group (a dropdown), then the item."""
    page.locator(f"[data-menu={group}] > .dropdown-toggle").click()
    page.locator(f"[data-menu={group}] .dropdown-menu").get_by_role("link", name=item, exact=True).click()


def wait_map(page, selector: str) -> None:
    page.wait_for_function(
        "(s) => { const m = document.querySelector(s); return m && m.getAttribute('data-ready') !== null"
        " && m.getAttribute('data-boundaries') === 'drawn'; }",
        arg=selector,
        timeout=TIMEOUT_MS,
    )


def apply_and_confirm(page, base_url, tmp_path) -> None:
    declaration = tmp_path / "declaration-signed.pdf"
    declaration.write_bytes(PDF)
    page.goto(f"{base_url}/organisations/join/")
    page.fill("input[name=name]", ORGANISATION)
    page.select_option("select[name=type]", "farmers")
    page.fill("input[name=country]", "Burkina Faso")
    page.select_option("select[name=region]", "africa")
    page.fill("input[name=contact_name]", "Fatou Ouédraogo")
    page.fill("input[name=contact_email]", "fatou@terres-vivantes.example.org")
    page.fill("input[name=declaration_signed]", "2026-10-15")
    page.set_input_files("input[name=declaration]", str(declaration))
    page.check("input[name=accept]")
    page.get_by_role("button", name="Send the application").click()
    expect(page.locator("h1")).to_have_text("Application received", timeout=TIMEOUT_MS)
    page.goto(base_url + link_in(mail.outbox[-1], "/join/confirm/"))
    expect(page.locator("main")).to_contain_text("is with the secretariat", timeout=TIMEOUT_MS)


def secretariat_approves(page, base_url) -> None:
    log_in(page, base_url, "sam")
    page.get_by_role("link", name="Join requests to decide").click()
    page.get_by_role("link", name=ORGANISATION).click()
    page.get_by_role("button", name="Approve: create the organisation and invite its contact").click()
    message(page, f"{ORGANISATION} approved")
    log_out(page)


def invitation_accepted(page, base_url) -> None:
    invitation = mail.outbox[-1]
    assert invitation.to == ["fatou@terres-vivantes.example.org"]
    page.goto(base_url + link_in(invitation, "/invitation/"))
    expect(page.locator("main")).to_contain_text(f"invited to edit for {ORGANISATION}", timeout=TIMEOUT_MS)
    page.fill("input[name=username]", "fatou")
    page.fill("input[name=first_name]", "Fatou")
    page.fill("input[name=last_name]", "Ouédraogo")
    page.fill("input[name=password1]", FATOU_PASSWORD)
    page.fill("input[name=password2]", FATOU_PASSWORD)
    page.get_by_role("button", name="Open my account").click()
    page.wait_for_url(f"{base_url}/login/", timeout=TIMEOUT_MS)
    message(page, "your account is open")


def create_project_with_a_drawn_site(page, base_url) -> None:
    log_in(page, base_url, "fatou", FATOU_PASSWORD)
    page.goto(f"{base_url}/projects/new/")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=summary]", "Restoring soil organic carbon with zaï pits and compost.")
    page.fill("input[name=country]", "Burkina Faso")
    page.select_option("select[name=region]", "africa")
    page.select_option("select[name=modality]", "1")
    page.select_option("select[name=primary_aim]", "soc_increase")
    page.fill("input[name=area_ha]", "250")
    page.fill("input[name=start]", "2025-01-01")
    page.locator("input[name=objectives]").first.check()
    page.locator("main form [type=submit]").click()
    expect(page.locator("h1")).to_contain_text(TITLE, timeout=TIMEOUT_MS)
    page.click("text=Add a site")
    wait_map(page, "#site-editor-map")
    page.fill("input[name=name]", "Plot north")
    page.select_option("select[name=climate_zone]", "tropical_dry")
    page.evaluate(
        "() => document.getElementById('site-editor-map').fourpermilleMap.setView([12.36, -1.52], 15)"
    )
    page.click("#site-editor-map .leaflet-pm-icon-polygon")
    box = page.locator("#site-editor-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(-120, -80), (120, -90), (140, 90), (-110, 100)]
    for dx, dy in corners + corners[:1]:  # closed on its first vertex
        page.mouse.click(cx + dx, cy + dy)
    expect(page.locator("#site-editor-map")).to_have_attribute(
        "data-geometry-state", "ok", timeout=TIMEOUT_MS
    )
    shot(page, "journey-site-drawn")
    page.click("main form[data-site-form] button[type=submit]")
    wait_map(page, "#site-map")
    expect(page.locator("[data-site-area]")).to_have_text(
        re.compile(r"\d"), timeout=TIMEOUT_MS
    )  # its area [ha]


def upload_measurements_and_submit(page, base_url, tmp_path) -> None:
    template = page.request.get(f"{base_url}/projects/sites/measurements-template.csv")
    assert template.ok
    header = template.text().splitlines()[0]
    campaign = tmp_path / "baseline-2025.csv"
    campaign.write_text(f"{header}\nZ1,0,30,6.1,1.45,0.1\nZ2,0,30,5.4,1.5,0.05\n")
    page.set_input_files("#id_file", str(campaign))
    page.fill("#id_sampled_on", "2025-03-12")
    page.fill("#id_campaign", "baseline")
    page.get_by_role("button", name="Upload").click()
    message(page, "2 rows from 2 profiles imported.")
    row = page.locator("table[data-uploads] tbody tr").first
    expect(row).to_contain_text("baseline-2025.csv")
    expect(row).to_contain_text("2025-03-12")
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("button", name="Submit for assessment").click()
    message(page, "Submitted")
    log_out(page)


def secretariat_checks_eligibility_and_assigns(page, base_url, reviewer) -> None:
    log_in(page, base_url, "sam")
    open_from_menu(page, "projects", "Projects")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Start the eligibility check").click()
    message(page, "Done: the project is now")
    page.get_by_role("link", name="Assessment", exact=True).click()
    expect(page.locator("h1")).to_contain_text(TITLE, timeout=TIMEOUT_MS)
    page.select_option("select[name=request_complete]", "true")
    page.get_by_role("button", name="Save").click()
    message(page, "Eligibility saved.")
    page.select_option("select[name=reviewer]", str(reviewer.pk))
    page.get_by_role("button", name="Assign").click()
    message(page, "Reviewer assigned.")
    page.get_by_role("button", name="Eligible: start the review").click()
    message(page, "Done: the project is now")
    log_out(page)


def reviewer_assesses_on_one_page(page, base_url) -> None:
    log_in(page, base_url, "rita")
    bell = page.locator("a.bell")
    expect(bell).not_to_have_attribute("data-unread", "0", timeout=TIMEOUT_MS)
    bell.click()
    item = page.locator("li.notification.unread", has_text=f"You are assigned to review “{TITLE}”.")
    item.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r".*/assessment/\d+/$"), timeout=TIMEOUT_MS)
    page.get_by_role("link", name="Assess all criteria on one page").click()
    evidence = page.locator("[data-evidence]")
    expect(evidence).to_contain_text("Plot north", timeout=TIMEOUT_MS)
    expect(evidence).to_contain_text("sampled 2025-03-12")
    cards = page.locator("[data-criterion]")
    for index in range(cards.count()):
        card = cards.nth(index)
        card.locator("select").select_option("met")
        card.locator("textarea").fill(
            f"{card.get_attribute('data-criterion')}: documented in the concept note."
        )
    page.fill("#id_report-report", "Every criterion is met; the baseline campaign is sound.")
    page.select_option("#id_report-recommendation", "support")
    page.fill("#id_report-letter_of_support", "The STC supports the Zaï pits project.")
    expect(page.locator("[data-draft-status][data-saved]")).to_be_attached(
        timeout=TIMEOUT_MS
    )  # kept as typed
    shot(page, "journey-assess-one-page")
    page.get_by_role("button", name="Preview report").click()
    expect(page.locator("h1")).to_contain_text(f"Assessment report: {TITLE}", timeout=TIMEOUT_MS)
    expect(page.locator("[data-draft]")).to_be_visible()
    expect(page.locator("body")).to_contain_text("1.1: documented in the concept note.")
    shot(page, "journey-report-preview")
    page.get_by_role("link", name="Back to the assessment page").click()
    page.once("dialog", lambda dialog: dialog.accept())  # "Record these results?"
    page.get_by_role("button", name="Submit assessment").click()
    message(page, "Assessment submitted")
    page.get_by_role("button", name="Complete the assessment").click()
    message(page, "Done: the project is now")
    log_out(page)


def secretariat_publishes_and_downloads_the_report(page, base_url, tmp_path) -> str:
    log_in(page, base_url, "sam")
    open_from_menu(page, "projects", "Projects")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Publish as investment opportunity").click()
    message(page, "Done: the project is now")
    page.get_by_role("link", name="Assessment", exact=True).click()
    link = page.get_by_role("link", name="Report (PDF)")
    expect(link).to_be_visible(timeout=TIMEOUT_MS)
    response = page.request.get(base_url + link.get_attribute("href"))  # what the browser downloads
    assert response.ok and response.headers["content-type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.body())
    assert path.read_bytes().startswith(b"%PDF")
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed to read the PDF back"
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_join_create_draw_upload_submit_assess_publish_and_download(base_url, people, page, tmp_path):  # noqa: F811
    from fourpermille.web.projects.models import Project

    mail.outbox.clear()
    apply_and_confirm(page, base_url, tmp_path)
    secretariat_approves(page, base_url)
    invitation_accepted(page, base_url)
    create_project_with_a_drawn_site(page, base_url)
    upload_measurements_and_submit(page, base_url, tmp_path)
    secretariat_checks_eligibility_and_assigns(page, base_url, people["rita"])
    reviewer_assesses_on_one_page(page, base_url)
    text = secretariat_publishes_and_downloads_the_report(page, base_url, tmp_path)

    project = Project.objects.get(title=TITLE)
    assert project.status == "published" and project.sites.get().geometry_type == "Polygon"
    assert TITLE in " ".join(text.split()) and "Support (letter of support)" in text
    assert page.recorder.foreign == []
    assert page.js_errors == []
