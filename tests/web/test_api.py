"""The API: OpenAPI schema valid and served with vendored assets, pagination, filtering, field errors."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from tests.web.conftest import api_client

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_valid_and_complete():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    paths = schema["paths"]
    for path in (
        "/api/projects/",
        "/api/projects/{id}/transition/",
        "/api/organisations/",
        "/api/objectives/",
        "/api/figures/",
        "/api/sites/{id}/measurements/",
        "/api/assessments/{id}/results/",
        "/api/token/",
    ):
        assert path in paths, path


def test_schema_generation_has_no_warnings(capsys):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_schema_url_is_stable_and_docs_use_vendored_assets(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert b"openapi: 3" in response.content
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    assert "cdn" not in docs.lower() and "https://" not in docs
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in docs


def test_pagination(db):
    data = api_client(None).get("/api/objectives/").json()
    assert data["count"] == 24 and len(data["results"]) == 20 and data["next"].endswith("page=2")
    page2 = api_client(None).get("/api/objectives/?page=2").json()
    assert [o["code"] for o in page2["results"]] == ["E3", "F1", "F2", "F3"]


def test_filtering_and_search(db):
    data = api_client(None).get("/api/objectives/?goal=F").json()
    assert [o["code"] for o in data["results"]] == ["F1", "F2", "F3"]
    data = api_client(None).get("/api/organisations/?region=africa").json()
    assert [o["name"] for o in data["results"]] == ["Org B"]
    data = api_client("secretariat").get("/api/projects/?status=draft&ordering=title").json()
    assert [p["title"] for p in data["results"]] == ["draft-a", "draft-b"]
    data = api_client(None).get("/api/organisations/?search=kenya").json()
    assert [o["name"] for o in data["results"]] == ["Org B"]


def test_invalid_filter_value_is_400():
    response = api_client(None).get("/api/projects/?status=bogus")
    assert response.status_code == 400
    assert "status" in response.json()


def test_validation_errors_are_field_messages(db):
    from fourpermille.web.community.models import Organisation

    org = Organisation.objects.get(name="Org A")
    payload = {
        "organisation": org.pk,
        "title": "",
        "summary": "s",
        "country": "France",
        "region": "mars",
        "modality": 3,
        "primary_aim": "soc_increase",
        "area_ha": "-1",
        "start": "2025-02-30",
        "practices": ["no-such-practice"],
    }
    response = api_client("editor-a").post("/api/projects/", payload, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"title", "region", "modality", "area_ha", "start", "practices"}
    assert "not a valid choice" in errors["region"][0]


def test_cross_field_errors_come_from_the_model(db):
    from fourpermille.web.community.models import Organisation

    org = Organisation.objects.get(name="Org A")
    payload = {
        "organisation": org.pk,
        "title": "t",
        "target_text": "x",
        "start": "2030-01-01",
        "end": "2020-01-01",
        "resources_amount": "10",
    }
    errors = api_client("editor-a").post("/api/commitments/", payload, format="json").json()
    assert errors["end"] == ["The end must not be before the start."]
    assert errors["resources_currency"] == ["Give the currency of the dedicated resources."]


def test_site_geometry_is_validated(projects):
    base = {"project": projects["draft-a"].pk, "name": "s", "climate_zone": "tropical_dry"}
    client = api_client("editor-a")
    bad = [
        {"type": "Point", "coordinates": [200, 0]},
        {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},
        "not json",
        42,
    ]
    for geometry in bad:
        response = client.post("/api/sites/", {**base, "geometry": geometry}, format="json")
        assert response.status_code == 400 and "geometry" in response.json(), geometry
    good = client.post(
        "/api/sites/", {**base, "geometry": {"type": "Point", "coordinates": [2.5, 45.0]}}, format="json"
    )
    assert good.status_code == 201
    assert (good.json()["longitude"], good.json()["latitude"]) == (2.5, 45.0)


def test_commitment_history_keeps_every_revision(db):
    from fourpermille.web.community.models import Organisation

    org = Organisation.objects.get(name="Org A")
    client = api_client("editor-a")
    created = client.post(
        "/api/commitments/",
        {
            "organisation": org.pk,
            "title": "C",
            "target_text": "100 ha",
            "target_value": "100",
            "target_unit": "ha",
            "start": "2020-01-01",
            "end": "2030-12-31",
        },
        format="json",
    ).json()
    client.patch(
        f"/api/commitments/{created['id']}/", {"target_text": "200 ha", "target_value": "200"}, format="json"
    )
    history = api_client(None).get(f"/api/commitments/{created['id']}/history/").json()
    assert [(h["revision"], h["target_text"], h["history_user"]) for h in history] == [
        (2, "200 ha", "editor-a"),
        (1, "100 ha", "editor-a"),
    ]


def test_figures_are_aggregates(db):
    figures = api_client(None).get("/api/figures/").json()
    assert figures["organisations"] == 2
    assert figures["projects_by_status"]["draft"] == 2
    assert figures["published_projects"] == 1
    a1 = next(o for o in figures["objectives"] if o["objective"] == "A1")
    # roadmap_objectives.csv, row A1: 13 NDCs referring to SOC in 2019; target all 196 Parties
    assert (a1["kpi_baseline_2020"], a1["kpi_target_2030"], a1["value"]) == (13, 196, 13)
    assert (a1["kind"], a1["year"]) == ("entered", 2020)


def test_token_endpoint_and_token_writes(db):
    client = api_client(None)
    response = client.post(
        "/api/token/", {"username": "editor-a", "password": "a-test-password-1"}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/projects/").json()["count"] == 3
