"""The pages drive the same services: workflow by forms, commitments revisions, KPI values, migrations."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from fourpermille.web.projects.models import Project
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db


def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_assessment_through_the_pages(client, users, projects):
    project = projects["draft-a"]
    c = page_client(client, "editor-a")
    c.post(reverse("projects:transition", args=[project.pk, "submit"]))
    client.logout()
    c = page_client(client, "secretariat")
    c.post(reverse("projects:transition", args=[project.pk, "start_eligibility"]))
    assessment = Project.objects.get(pk=project.pk).assessment
    response = c.post(reverse("projects:transition", args=[project.pk, "declare_eligible"]), follow=True)
    assert "Conditions not met" in " ".join(messages_of(response))
    c.post(
        reverse("assessment:edit-eligibility", args=[assessment.pk]),
        {"request_complete": "true", "eligibility_note": "Complete."},
    )
    c.post(reverse("assessment:assign", args=[assessment.pk]), {"reviewer": users["reviewer-other"].pk})
    response = c.post(reverse("projects:transition", args=[project.pk, "declare_eligible"]), follow=True)
    assert Project.objects.get(pk=project.pk).status == "in_review", messages_of(response)
    client.logout()
    c = page_client(client, "reviewer-other")
    detail = c.get(assessment.get_absolute_url())
    assert detail.status_code == 200 and detail.context["can_record"]
    criteria = {cr.code: cr for cr in assessment.framework.criteria()}
    response = c.post(
        reverse("assessment:record-result", args=[assessment.pk]),
        {"criterion": criteria["2.1"].pk, "outcome": "met", "rationale": "x"},
        follow=True,
    )
    assert "Safeguards first" in " ".join(messages_of(response))
    c.post(
        reverse("assessment:edit-report", args=[assessment.pk]),
        {"report": "Draft report.", "recommendation": "", "letter_of_support": ""},
    )
    c.post(
        reverse("assessment:record-result", args=[assessment.pk]),
        {"criterion": criteria["1.3"].pk, "outcome": "not_met", "rationale": "Displaces tenants."},
    )
    project = Project.objects.get(pk=project.pk)
    assert project.status == "safeguard_failed"
    assert "Displaces tenants." in project.assessment.report and "Draft report." in project.assessment.report
    # the organisation's editor now reads the reasoned report
    client.logout()
    assert page_client(client, "editor-a").get(assessment.get_absolute_url()).status_code == 200


def test_commitment_revisions_through_the_pages(client, users):
    from fourpermille.web.commitments.models import Commitment
    from fourpermille.web.community.models import Organisation

    c = page_client(client, "editor-a")
    org = Organisation.objects.get(name="Org A")
    form = {
        "organisation": org.pk,
        "title": "Org A 2030",
        "target_text": "1000 ha",
        "target_value": "1000",
        "target_unit": "ha",
        "start": "2021-01-01",
        "end": "2030-12-31",
        "resources_amount": "",
        "resources_currency": "",
        "resources_kind": "",
    }
    assert c.post(reverse("commitments:create"), form).status_code == 302
    commitment = Commitment.objects.get(title="Org A 2030")
    form.update(target_text="2000 ha", target_value="2000", change_reason="Scaled up")
    c.post(reverse("commitments:update", args=[commitment.pk]), form)
    page = c.get(commitment.get_absolute_url())
    revisions = list(page.context["revisions"])
    assert [(r.revision, r.target_text, r.history_change_reason) for r in revisions] == [
        (2, "2000 ha", "Scaled up"),
        (1, "1000 ha", None),
    ]
    # an editor cannot create a commitment for another organisation
    other = Organisation.objects.get(name="Org B")
    response = c.post(reverse("commitments:create"), {**form, "organisation": other.pk, "title": "B"})
    assert response.status_code == 200 and "organisation" in response.context["form"].errors


def test_kpi_values_by_the_secretariat(client):
    """Entered KPIs (A1: NDCs, which the platform does not record); A2 is computed (see test_kpis.py)."""
    from fourpermille.web.roadmap.models import KpiValue

    c = page_client(client, "secretariat")
    c.post(reverse("roadmap:add-value", args=["A1"]), {"year": 2024, "value": 12, "note": "review 2024"})
    c.post(reverse("roadmap:add-value", args=["A1"]), {"year": 2024, "value": 15, "note": "typo"})  # refused
    c.post(
        reverse("roadmap:add-value", args=["A1"]),
        {"year": 2024, "value": 14, "note": "corrected", "replace": "on"},
    )
    assert list(KpiValue.objects.filter(objective__code="A1").values_list("year", "value")) == [
        (2020, 13.0),
        (2024, 14.0),
    ]
    client.logout()
    c = page_client(client, "editor-a")
    assert c.post(reverse("roadmap:add-value", args=["A1"]), {"year": 2025, "value": 1}).status_code == 403


def test_project_form_limits_the_organisation(client):
    from fourpermille.web.community.models import Organisation

    c = page_client(client, "editor-b")
    form = c.get(reverse("projects:create")).context["form"]
    assert list(form.fields["organisation"].queryset) == [Organisation.objects.get(name="Org B")]


def test_site_creation_on_the_page(client, projects):
    c = page_client(client, "editor-a")
    response = c.post(
        reverse("projects:site-create", args=[projects["draft-a"].pk]),
        {
            "name": "Plot 7",
            "geometry": '{"type": "Point", "coordinates": [1.5, 47.2]}',
            "climate_zone": "cool_temperate_moist",
            "soil_class": "HAC",
            "wrb_group": "Luvisol",
            "clay_pct": "22",
        },
    )
    assert response.status_code == 302
    site = projects["draft-a"].sites.get(name="Plot 7")
    assert (site.longitude, site.latitude, site.clay_pct) == (1.5, 47.2, 22.0)
