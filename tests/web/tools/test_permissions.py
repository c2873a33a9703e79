"""Permission matrix of the catalogue (anonymous, member editor, STC reviewer, secretariat x read / create /
propose / change / retire / decide) and the proposal workflow with its notifications.

Pages: "login" = sent to the login page, 403 = refused, "ok" = allowed (200, or 302 elsewhere)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fourpermille.web.notifications.models import Kind, Notification
from fourpermille.web.tools.models import ExternalTool, ToolStatus
from tests.web.conftest import page_client
from tests.web.test_permissions import check_page

pytestmark = pytest.mark.django_db

ROLES = ["anon", "editor-a", "reviewer-other", "secretariat"]


def who(role):
    return None if role == "anon" else role


def matrix(expected: dict):
    return pytest.mark.parametrize("role,status", [(r, expected[r]) for r in ROLES])


def proposal_data(name="Soil carbon app", **extra):
    data = {
        "name": name,
        "developer": "A research institute",
        "category": "calculator",
        "purpose_en": "Estimates soil carbon.",
        "inputs_en": "Soil samples.",
        "outputs_en": "A stock.",
        "validation_en": "not stated",
        "scales": ["farm"],
        "cost": "free",
        "languages": ["en"],
        "licence_kind": "not_stated",
        "licence": "",
        "validation_reference": "",
        "link": "https://example.org/app",
        "sources": "https://example.org/app/manual",
        "monitoring": "on",
    }
    data.update(extra)
    return data


def full_data(name="Full entry"):
    return proposal_data(
        name,
        purpose_fr="Estime le carbone du sol.",
        purpose_es="Estima el carbono del suelo.",
        inputs_fr="Échantillons de sol.",
        inputs_es="Muestras de suelo.",
        outputs_fr="Un stock.",
        outputs_es="Una existencia.",
        validation_fr="non précisée",
        validation_es="no indicada",
        last_checked="2026-12-02",
    )


@pytest.fixture
def proposal(users):
    return ExternalTool.objects.create(
        slug="proposed-tool",
        name="Proposed tool",
        developer="d",
        category="model",
        purpose_en="p",
        inputs_en="i",
        outputs_en="o",
        validation_en="v",
        scales="plot",
        link="https://example.org",
        sources="https://example.org",
        last_checked="2026-12-01",
        status=ToolStatus.SUBMITTED,
        proposed_by=users["editor-a"],
    )


# --- read ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_list_detail_and_compare_are_public(client, role):
    c = page_client(client, who(role))
    assert c.get(reverse("tools:tool-list")).status_code == 200
    assert c.get(reverse("tools:tool-detail", args=["rothc"])).status_code == 200
    assert c.get(reverse("tools:tool-compare") + "?t=rothc&t=dndc").status_code == 200


@matrix({"anon": 404, "editor-a": 200, "reviewer-other": 404, "secretariat": 200})
def test_a_proposal_is_read_by_its_proposer_and_the_secretariat(client, proposal, role, status):
    assert page_client(client, who(role)).get(proposal.get_absolute_url()).status_code == status


@matrix({"anon": "login", "editor-a": "ok", "reviewer-other": 403, "secretariat": "ok"})
def test_proposals_page(client, proposal, role, status):
    response = page_client(client, who(role)).get(reverse("tools:tool-proposals"))
    check_page(response, status)
    if status == "ok":
        assert proposal.get_absolute_url() in response.content.decode()


def test_another_member_does_not_see_someone_elses_proposal(client, proposal):
    response = page_client(client, "editor-b").get(reverse("tools:tool-proposals"))
    assert proposal.get_absolute_url() not in response.content.decode()
    assert page_client(client, "editor-b").get(proposal.get_absolute_url()).status_code == 404


# --- create / propose --------------------------------------------------------------------------------


@matrix({"anon": "login", "editor-a": 403, "reviewer-other": 403, "secretariat": "ok"})
def test_create_page(client, role, status):
    check_page(page_client(client, who(role)).get(reverse("tools:tool-create")), status)


@matrix({"anon": "login", "editor-a": "ok", "reviewer-other": 403, "secretariat": "ok"})
def test_propose_page(client, role, status):
    check_page(page_client(client, who(role)).get(reverse("tools:tool-propose")), status)


def test_the_secretariat_publishes_directly_and_needs_every_language(client):
    c = page_client(client, "secretariat")
    incomplete = c.post(reverse("tools:tool-create"), {**full_data(), "purpose_es": ""})
    assert incomplete.status_code == 200 and "purpose_es" in incomplete.context["form"].errors
    response = c.post(reverse("tools:tool-create"), full_data())
    tool = ExternalTool.objects.get(name="Full entry")
    assert response.status_code == 302 and response["Location"].endswith(tool.get_absolute_url())
    assert tool.status == ToolStatus.PUBLISHED and tool.slug == "full-entry"
    assert tool.scales == "farm" and tool.languages == "en" and tool.monitoring


def test_a_member_proposes_and_the_secretariat_is_notified(client, users):
    response = page_client(client, "editor-a").post(reverse("tools:tool-propose"), proposal_data())
    tool = ExternalTool.objects.get(name="Soil carbon app")
    assert response.status_code == 302
    assert tool.status == ToolStatus.SUBMITTED and tool.proposed_by == users["editor-a"]
    note = Notification.objects.get(recipient=users["secretariat"], kind=Kind.CONTRIBUTION_SUBMITTED)
    assert note.params["title"] == "Soil carbon app" and note.url == tool.get_absolute_url()
    assert not Notification.objects.filter(
        recipient=users["editor-a"], kind=Kind.CONTRIBUTION_SUBMITTED
    ).exists()


def test_a_proposal_without_sources_is_refused(client):
    response = page_client(client, "editor-a").post(
        reverse("tools:tool-propose"), proposal_data(sources="see the manual")
    )
    assert response.status_code == 200 and "sources" in response.context["form"].errors
    assert not ExternalTool.objects.filter(name="Soil carbon app").exists()


# --- change / retire / decide -------------------------------------------------------------------------


@matrix({"anon": "login", "editor-a": 403, "reviewer-other": 403, "secretariat": "ok"})
def test_change_page(client, role, status):
    check_page(page_client(client, who(role)).get(reverse("tools:tool-update", args=["rothc"])), status)


@matrix({"anon": "login", "editor-a": 403, "reviewer-other": 403, "secretariat": "ok"})
def test_retire(client, role, status):
    response = page_client(client, who(role)).post(
        reverse("tools:tool-retire", args=["rothc"]), {"action": "retire"}
    )
    check_page(response, status)
    retired = ExternalTool.objects.get(slug="rothc").status == ToolStatus.RETIRED
    assert retired is (status == "ok")


def test_a_retired_entry_stays_readable_and_can_be_reinstated(client):
    c = page_client(client, "secretariat")
    c.post(reverse("tools:tool-retire", args=["rothc"]), {"action": "retire"})
    page = client.get(reverse("tools:tool-detail", args=["rothc"]))
    assert page.status_code == 200 and "Retired" in page.content.decode()
    c.post(reverse("tools:tool-retire", args=["rothc"]), {"action": "reinstate"})
    assert ExternalTool.objects.get(slug="rothc").status == ToolStatus.PUBLISHED


@matrix({"anon": "login", "editor-a": 403, "reviewer-other": 403, "secretariat": "ok"})
def test_decide(client, proposal, role, status):
    response = page_client(client, who(role)).post(
        reverse("tools:tool-decide", args=[proposal.slug]), {"outcome": "reject"}
    )
    check_page(response, status)
    rejected = ExternalTool.objects.get(pk=proposal.pk).status == ToolStatus.REJECTED
    assert rejected is (status == "ok")


def test_publishing_needs_the_translations_and_notifies_the_proposer(client, users, proposal):
    c = page_client(client, "secretariat")
    url = reverse("tools:tool-decide", args=[proposal.slug])
    c.post(url, {"outcome": "publish"})
    assert ExternalTool.objects.get(pk=proposal.pk).status == ToolStatus.SUBMITTED  # French/Spanish missing
    ExternalTool.objects.filter(pk=proposal.pk).update(
        purpose_fr="p fr",
        purpose_es="p es",
        inputs_fr="i",
        inputs_es="i",
        outputs_fr="o",
        outputs_es="o",
        validation_fr="v",
        validation_es="v",
    )
    c.post(url, {"outcome": "publish"})
    assert ExternalTool.objects.get(pk=proposal.pk).status == ToolStatus.PUBLISHED
    note = Notification.objects.get(recipient=users["editor-a"], kind=Kind.CONTRIBUTION_DECIDED)
    assert note.params == {"title": "Proposed tool", "outcome": "published"}
    assert c.post(url, {"outcome": "reject"}).status_code == 302  # already decided: refused with a message
    assert ExternalTool.objects.get(pk=proposal.pk).status == ToolStatus.PUBLISHED
