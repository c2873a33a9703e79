"""Permission matrix: (anonymous, editor of org A, editor of org B, reviewer assigned / not assigned,
secretariat) x (read / create / change / delete / transition), over pages and the API.

Pages: 302 = sent to the login page (anonymous), 403 = refused, 200/302-elsewhere = allowed.
API: 401 = no credentials, 403 = refused, 404 = not visible to this user.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.conftest import api_client, page_client

pytestmark = pytest.mark.django_db

ROLES = ["anon", "editor-a", "editor-b", "reviewer-assigned", "reviewer-other", "secretariat"]


def who(role):
    return None if role == "anon" else role


def matrix(expected: dict[str, int]):
    """Parametrize over the six roles with the expected status of each."""
    return pytest.mark.parametrize("role,status", [(r, expected[r]) for r in ROLES])


def _login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("login") in response["Location"]


def check_page(response, status):
    if status == "login":
        assert _login_redirect(response), (response.status_code, response.get("Location"))
    elif status == "ok":
        assert response.status_code in (200, 302) and not _login_redirect(response), response.status_code
    else:
        assert response.status_code == status


# --- pages -------------------------------------------------------------------------------------------


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_read_draft_project(client, projects, role, status):
    response = page_client(client, who(role)).get(projects["draft-a"].get_absolute_url())
    check_page(response, status)


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": "ok",
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_read_project_under_review(client, projects, role, status):
    response = page_client(client, who(role)).get(projects["review-a"].get_absolute_url())
    check_page(response, status)


@pytest.mark.parametrize("role", ROLES)
def test_page_read_published_project_is_public(client, projects, role):
    response = page_client(client, who(role)).get(projects["published-a"].get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_project_list_shows_only_what_the_role_may_see(client, projects, role):
    response = page_client(client, who(role)).get(reverse("projects:list"))
    titles = {p.title for p in response.context["object_list"]}
    expected = {"published-a"} | {
        "editor-a": {"draft-a", "review-a"},
        "editor-b": {"draft-b"},
        "reviewer-assigned": {"review-a"},
        "secretariat": {"draft-a", "draft-b", "review-a"},
    }.get(role, set())
    assert titles == expected


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": "ok",
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_create_project(client, role, status):
    check_page(page_client(client, who(role)).get(reverse("projects:create")), status)


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_change_draft_project(client, projects, role, status):
    check_page(
        page_client(client, who(role)).get(reverse("projects:update", args=[projects["draft-a"].pk])), status
    )


@matrix(
    {
        "anon": "login",
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_change_project_under_review_only_secretariat(client, projects, role, status):
    url = reverse("projects:update", args=[projects["review-a"].pk])
    check_page(page_client(client, who(role)).get(url), status)


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_delete_draft_project(client, projects, role, status):
    from fourpermille.web.projects.models import Project

    pk = projects["draft-a"].pk
    response = page_client(client, who(role)).post(reverse("projects:delete", args=[pk]))
    check_page(response, status)
    assert Project.objects.filter(pk=pk).exists() == (status != "ok")


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_transition_submit(client, projects, role, status):
    from fourpermille.web.projects.models import Project

    pk = projects["draft-a"].pk
    response = page_client(client, who(role)).post(reverse("projects:transition", args=[pk, "submit"]))
    check_page(response, status)
    assert (Project.objects.get(pk=pk).status == "submitted") == (status == "ok")


@matrix(
    {
        "anon": "login",
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": "ok",
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_read_assessment(client, projects, role, status):
    url = projects["review-a"].assessment.get_absolute_url()
    check_page(page_client(client, who(role)).get(url), status)


@pytest.mark.parametrize("role", ROLES)
def test_assessment_of_published_project_is_public(client, projects, role):
    url = projects["published-a"].assessment.get_absolute_url()
    assert page_client(client, who(role)).get(url).status_code == 200


@matrix(
    {
        "anon": "login",
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": "ok",
        "reviewer-other": "ok",
        "secretariat": "ok",
    }
)
def test_page_assignment_list(client, role, status):
    check_page(page_client(client, who(role)).get(reverse("assessment:list")), status)


def test_reviewers_see_only_their_assignments(client, projects):
    response = page_client(client, "reviewer-assigned").get(reverse("assessment:list"))
    assert {a.project.title for a in response.context["object_list"]} == {"review-a", "published-a"}
    client.logout()
    response = page_client(client, "reviewer-other").get(reverse("assessment:list"))
    assert list(response.context["object_list"]) == []


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_change_organisation(client, role, status):
    from fourpermille.web.community.models import Organisation

    url = reverse("community:organisation-update", args=[Organisation.objects.get(name="Org A").pk])
    check_page(page_client(client, who(role)).get(url), status)


@matrix(
    {
        "anon": "login",
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_create_and_delete_organisation_only_secretariat(client, role, status):
    from fourpermille.web.community.models import Organisation

    check_page(page_client(client, who(role)).get(reverse("community:organisation-create")), status)
    org = Organisation.objects.get(name="Org B")
    check_page(client.post(reverse("community:organisation-delete", args=[org.pk])), status)


@matrix(
    {
        "anon": "login",
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_edit_roadmap_objective_only_secretariat(client, role, status):
    check_page(page_client(client, who(role)).get(reverse("roadmap:objective-update", args=["A1"])), status)


@matrix(
    {
        "anon": "login",
        "editor-a": "ok",
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": "ok",
    }
)
def test_page_site_upload(client, projects, role, status):
    site = projects["draft-a"].sites.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    csv = b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,30,12,1.3\n"
    response = page_client(client, who(role)).post(
        reverse("projects:site-upload", args=[site.pk]),
        {"file": SimpleUploadedFile("m.csv", csv), "sampled_on": "2026-03-01"},
    )
    check_page(response, status)
    assert site.measurements.exists() == (status == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_open_to_all(client, role):
    c = page_client(client, who(role))
    for name in (
        "home",
        "community:organisation-list",
        "commitments:list",
        "projects:list",
        "assessment:framework-list",
        "roadmap:objective-list",
        "resources:practice-list",
    ):
        assert c.get(reverse(name)).status_code == 200, name


# --- API ---------------------------------------------------------------------------------------------


def project_payload(organisation_id):
    return {
        "organisation": organisation_id,
        "title": "New",
        "summary": "s",
        "country": "France",
        "region": "europe",
        "modality": 1,
        "primary_aim": "soc_increase",
        "area_ha": "10",
        "start": "2025-01-01",
        "practices": ["cover-crops"],
        "objectives": ["A2"],
    }


@matrix(
    {
        "anon": 404,
        "editor-a": 200,
        "editor-b": 404,
        "reviewer-assigned": 404,
        "reviewer-other": 404,
        "secretariat": 200,
    }
)
def test_api_read_draft_project(projects, role, status):
    assert api_client(who(role)).get(f"/api/projects/{projects['draft-a'].pk}/").status_code == status


@matrix(
    {
        "anon": 404,
        "editor-a": 200,
        "editor-b": 404,
        "reviewer-assigned": 200,
        "reviewer-other": 404,
        "secretariat": 200,
    }
)
def test_api_read_project_under_review(projects, role, status):
    assert api_client(who(role)).get(f"/api/projects/{projects['review-a'].pk}/").status_code == status


@matrix(
    {
        "anon": 401,
        "editor-a": 201,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": 201,
    }
)
def test_api_create_project_for_org_a(role, status):
    from fourpermille.web.community.models import Organisation

    org = Organisation.objects.get(name="Org A")
    response = api_client(who(role)).post("/api/projects/", project_payload(org.pk), format="json")
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 401,
        "editor-a": 200,
        "editor-b": 404,
        "reviewer-assigned": 404,
        "reviewer-other": 404,
        "secretariat": 200,
    }
)
def test_api_change_draft_project(projects, role, status):
    response = api_client(who(role)).patch(
        f"/api/projects/{projects['draft-a'].pk}/", {"title": "Renamed"}, format="json"
    )
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 401,
        "editor-a": 403,
        "editor-b": 404,
        "reviewer-assigned": 403,
        "reviewer-other": 404,
        "secretariat": 200,
    }
)
def test_api_change_project_under_review(projects, role, status):
    response = api_client(who(role)).patch(
        f"/api/projects/{projects['review-a'].pk}/", {"title": "Renamed"}, format="json"
    )
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 401,
        "editor-a": 204,
        "editor-b": 404,
        "reviewer-assigned": 404,
        "reviewer-other": 404,
        "secretariat": 204,
    }
)
def test_api_delete_draft_project(projects, role, status):
    assert api_client(who(role)).delete(f"/api/projects/{projects['draft-a'].pk}/").status_code == status


@matrix(
    {
        "anon": 401,
        "editor-a": 200,
        "editor-b": 404,
        "reviewer-assigned": 404,
        "reviewer-other": 404,
        "secretariat": 200,
    }
)
def test_api_transition_submit(projects, role, status):
    response = api_client(who(role)).post(
        f"/api/projects/{projects['draft-a'].pk}/transition/", {"action": "submit"}, format="json"
    )
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 404,
        "editor-a": 404,
        "editor-b": 404,
        "reviewer-assigned": 200,
        "reviewer-other": 404,
        "secretariat": 200,
    }
)
def test_api_read_assessment(projects, role, status):
    response = api_client(who(role)).get(f"/api/assessments/{projects['review-a'].assessment.pk}/")
    assert response.status_code == status


@matrix(
    {
        "anon": 401,
        "editor-a": 404,
        "editor-b": 404,
        "reviewer-assigned": 200,
        "reviewer-other": 404,
        "secretariat": 403,
    }
)
def test_api_record_result(projects, role, status):
    response = api_client(who(role)).post(
        f"/api/assessments/{projects['review-a'].assessment.pk}/results/",
        {"criterion": "1.1", "outcome": "met", "rationale": "ok"},
        format="json",
    )
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 401,
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": 201,
    }
)
def test_api_create_organisation(role, status):
    response = api_client(who(role)).post(
        "/api/organisations/",
        {"name": "New org", "type": "ngo", "country": "Peru", "region": "latin_america"},
        format="json",
    )
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 401,
        "editor-a": 200,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": 200,
    }
)
def test_api_change_organisation(role, status):
    from fourpermille.web.community.models import Organisation

    org = Organisation.objects.get(name="Org A")
    response = api_client(who(role)).patch(f"/api/organisations/{org.pk}/", {"acronym": "OA"}, format="json")
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 401,
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": 204,
    }
)
def test_api_delete_organisation(role, status):
    from fourpermille.web.community.models import Organisation

    org = Organisation.objects.get(name="Org B")
    assert api_client(who(role)).delete(f"/api/organisations/{org.pk}/").status_code == status


@matrix(
    {
        "anon": 401,
        "editor-a": 201,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": 201,
    }
)
def test_api_create_commitment_for_org_a(role, status):
    from fourpermille.web.community.models import Organisation

    org = Organisation.objects.get(name="Org A")
    response = api_client(who(role)).post(
        "/api/commitments/",
        {
            "organisation": org.pk,
            "title": "C",
            "target_text": "t",
            "start": "2020-01-01",
            "end": "2030-12-31",
            "actions": ["agroforestry"],
        },
        format="json",
    )
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 401,
        "editor-a": 403,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": 200,
    }
)
def test_api_change_objective_only_secretariat(role, status):
    response = api_client(who(role)).patch("/api/objectives/A1/", {"kpi_target_2030": 150}, format="json")
    assert response.status_code == status, response.content


@matrix(
    {
        "anon": 401,
        "editor-a": 201,
        "editor-b": 403,
        "reviewer-assigned": 403,
        "reviewer-other": 403,
        "secretariat": 201,
    }
)
def test_api_upload_measurements(projects, role, status):
    from django.core.files.uploadedfile import SimpleUploadedFile

    site = projects["draft-a"].sites.get()
    csv = b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,30,12,1.3\n"
    response = api_client(who(role)).post(
        f"/api/sites/{site.pk}/measurements/",
        {"file": SimpleUploadedFile("m.csv", csv), "sampled_on": "2026-03-01"},
        format="multipart",
    )
    # editor-b and reviewers do not see the draft's site at all: 404 rather than 403
    expected = 404 if status == 403 else status
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/",
        "/api/organisations/",
        "/api/objectives/",
        "/api/figures/",
        "/api/practices/",
        "/api/frameworks/",
        "/api/commitments/",
    ],
)
def test_api_public_reads(db, path):
    assert api_client(None).get(path).status_code == 200


def test_api_anonymous_sees_published_projects_only(projects):
    data = api_client(None).get("/api/projects/").json()
    assert [p["title"] for p in data["results"]] == ["published-a"]
