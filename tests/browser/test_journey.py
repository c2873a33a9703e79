"""The project journey in headless chromium, from measurements to the printed report: an organisation's
editor downloads the template CSV, uploads a campaign with its sampling date and submits the project; the
secretariat checks eligibility and assigns a reviewer; the reviewer assesses every criterion on one page,
saves, previews the report and completes; the project is published and its report prints to PDF.

Joining (apply, approve, invitation) is walked by test_onboarding.py and drawing a site by test_maps.py;
this test starts where they end, with their fixtures. Every step waits for a state, never for a time."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot
from tests.browser.test_onboarding import PASSWORD, TIMEOUT_MS, log_in, log_out, people  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def project(people):  # noqa: F811
    """An active organisation with its editor, and its project with one site (as drawn on the map)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from fourpermille.web.community.models import Organisation, Person
    from fourpermille.web.core import roles
    from fourpermille.web.projects.models import Project, Site
    from fourpermille.web.roadmap.models import RoadmapObjective

    organisation = Organisation.objects.create(
        name="Terres Vivantes", type="farmers", country="Burkina Faso", region="africa", status="active"
    )
    editor = get_user_model().objects.create_user("fatou", "fatou@example.org", PASSWORD)
    editor.groups.add(Group.objects.get(name=roles.EDITOR))
    Person.objects.create(user=editor, organisation=organisation)
    project = Project.objects.create(
        organisation=organisation,
        title="Zaï pits on degraded land",
        summary="Restoring soil organic carbon with zaï pits and compost.",
        country="Burkina Faso",
        region="africa",
        modality=1,
        primary_aim="soc_increase",
        area_ha=250,
        start=dt.date(2025, 1, 1),
    )
    project.objectives.add(RoadmapObjective.objects.order_by("code").first())
    polygon = [[[-1.52, 12.36], [-1.51, 12.36], [-1.51, 12.37], [-1.52, 12.37], [-1.52, 12.36]]]
    Site.objects.create(
        project=project,
        name="Plot north",
        climate_zone="tropical_dry",
        geometry=json.dumps({"type": "Polygon", "coordinates": polygon}),
    )
    return project


def test_measurements_submit_assess_on_one_page_publish_and_print(base_url, people, project, page, tmp_path):  # noqa: F811
    from fourpermille.web.assessment import workflow
    from fourpermille.web.projects.models import Project

    site = project.sites.get()
    # 1. the editor takes the template, fills it in and uploads the campaign with its sampling date
    log_in(page, base_url, "fatou")
    page.goto(f"{base_url}{site.get_absolute_url()}")
    template = page.request.get(f"{base_url}/projects/sites/measurements-template.csv")
    assert template.ok and template.text().startswith("profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg")
    header = template.text().splitlines()[0]
    campaign = tmp_path / "baseline-2025.csv"
    campaign.write_text(f"{header}\nZ1,0,30,6.1,1.45,0.1\nZ2,0,30,5.4,1.5,0.05\n")
    page.set_input_files("#id_file", str(campaign))
    page.fill("#id_sampled_on", "2025-03-12")
    page.fill("#id_campaign", "baseline")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".messages")).to_contain_text("2 rows from 2 profiles imported.", timeout=TIMEOUT_MS)
    row = page.locator("table[data-uploads] tbody tr").first
    expect(row).to_contain_text("baseline-2025.csv")
    expect(row).to_contain_text("2025-03-12")
    shot(page, "journey-site-uploaded")
    page.goto(f"{base_url}{project.get_absolute_url()}")
    page.get_by_role("button", name="Submit for assessment").click()
    expect(page.locator(".messages")).to_contain_text("Submitted", timeout=TIMEOUT_MS)
    log_out(page)

    # 2. the secretariat's eligibility check and reviewer assignment (the workflow its pages call)
    sam, rita = people["sam"], people["rita"]
    project = Project.objects.get(pk=project.pk)
    workflow.transition(project, "start_eligibility", sam)
    workflow.edit_assessment(project.assessment, sam, request_complete=True)
    workflow.assign_reviewer(project.assessment, rita, sam)
    workflow.transition(project, "declare_eligible", sam)
    assessment = project.assessment

    # 3. the reviewer assesses every criterion on one page, saves, previews, completes
    log_in(page, base_url, "rita")
    page.goto(f"{base_url}/assessment/{assessment.pk}/assess/")
    evidence = page.locator("[data-evidence]")
    expect(evidence).to_contain_text("Plot north", timeout=TIMEOUT_MS)
    expect(evidence).to_contain_text("sampled 2025-03-12")
    for criterion in assessment.framework.criteria():
        page.select_option(f"#c{criterion.pk}-outcome", "met")
        page.fill(f"#c{criterion.pk}-rationale", f"{criterion.code}: documented in the concept note.")
    page.fill("#id_report-report", "Every criterion is met; the baseline campaign is sound.")
    page.select_option("#id_report-recommendation", "support")
    page.fill("#id_report-letter_of_support", "The STC supports the Zaï pits project.")
    shot(page, "journey-assess-one-page")
    page.get_by_role("button", name="Save and preview the report").click()
    expect(page.locator("h1")).to_contain_text(
        "Assessment report: Zaï pits on degraded land", timeout=TIMEOUT_MS
    )
    expect(page.locator("[data-draft]")).to_be_visible()
    shot(page, "journey-report-preview")
    page.goto(f"{base_url}/assessment/{assessment.pk}/assess/")
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.locator(".messages")).to_contain_text("Assessment completed", timeout=TIMEOUT_MS)
    log_out(page)

    # 4. published by the secretariat from the project page; the report prints to PDF
    log_in(page, base_url, "sam")
    page.goto(f"{base_url}{project.get_absolute_url()}")
    page.get_by_role("button", name="Publish as investment opportunity").click()
    expect(page.locator(".messages")).to_contain_text("Done: the project is now", timeout=TIMEOUT_MS)
    assert Project.objects.get(pk=project.pk).status == "published"
    pdf = page.request.get(f"{base_url}/assessment/{assessment.pk}/report.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    body = pdf.body()
    assert body.startswith(b"%PDF")
    pypdf = pytest.importorskip("pypdf")
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(body)).pages)
    assert "Zaï pits on degraded land" in text and "Support (letter of support)" in text

    assert page.recorder.foreign == []
    assert page.js_errors == []
