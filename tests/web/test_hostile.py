"""Malformed or hostile input gets a 4xx with a message, never a 500 (pages and API, any database)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import api_client, page_client

pytestmark = pytest.mark.django_db

HUGE_ID = "99999999999999999999999"
NUL = "a\x00b"


@pytest.mark.parametrize(
    "path",
    [
        f"/api/projects/{HUGE_ID}/",
        "/api/projects/abc/",
        "/api/projects/-1/",
        f"/api/organisations/{HUGE_ID}/",
        f"/api/projects/?organisation={HUGE_ID}",
        "/api/projects/?organisation=abc",
        f"/api/projects/?search={NUL}",
        f"/api/organisations/?country={NUL}",
        "/api/projects/?page=abc",
        "/api/projects/?page=99999999999999",
        "/api/projects/?ordering=password",
        "/api/projects/?status=<script>",
        "/api/objectives/%00/",
        f"/api/sites/?project={HUGE_ID}",
        "/api/kpi-values/?year=-5",
        "/api/kpi-values/?year=99999999999999999",
        f"/projects/{HUGE_ID}/",
        f"/organisations/{HUGE_ID}/",
        f"/projects/?q={NUL}",
        f"/organisations/?q={NUL}",
        "/projects/?status=x&region=y&modality=z&page=abc",
        f"/roadmap/{NUL}/",
        "/roadmap/" + "A" * 5000 + "/",
        f"/assessment/{HUGE_ID}/",
        f"/commitments/{HUGE_ID}/",
        "/practices/%00/",
        f"/practices/case-studies/{HUGE_ID}/",
        f"/practices/case-studies/?published_year={HUGE_ID}&q={NUL}",
    ],
)
@pytest.mark.parametrize("role", [None, "secretariat"])
def test_hostile_reads(client, path, role):
    c = api_client(role) if path.startswith("/api/") else page_client(client, role)
    response = c.get(path)
    assert 200 <= response.status_code < 500, (path, response.status_code)


BAD_PROJECT_PAYLOADS = [
    {"title": NUL},
    {"title": "x" * 100_000},
    {"area_ha": "1e400"},
    {"area_ha": 1e300},
    {"area_ha": "NaN"},
    {"area_ha": [1, 2]},
    {"modality": HUGE_ID},
    {"organisation": HUGE_ID},
    {"organisation": {"id": 1}},
    {"start": "0000-00-00"},
    {"start": "9999999-01-01"},
    {"practices": "cover-crops"},
    {"practices": [None]},
    {"practices": [{"code": "x"}]},
    {"budget_amount": "12345678901234567890"},
    {"budget_currency": "€€€"},
]


@pytest.mark.parametrize("patch", BAD_PROJECT_PAYLOADS)
def test_hostile_project_payloads(patch):
    from fourpermille.web.community.models import Organisation

    org = Organisation.objects.get(name="Org A")
    payload = {
        "organisation": org.pk,
        "title": "t",
        "summary": "s",
        "country": "France",
        "region": "europe",
        "modality": 1,
        "primary_aim": "soc_increase",
        "area_ha": "10",
        "start": "2025-01-01",
        **patch,
    }
    response = api_client("editor-a").post("/api/projects/", payload, format="json")
    assert response.status_code == 400, (patch, response.status_code, response.content[:300])
    assert response.json()


@pytest.mark.parametrize(
    "body,content_type",
    [
        ("{not json", "application/json"),
        ("[" * 100_000, "application/json"),
        ('{"a": ' * 50_000 + "1" + "}" * 50_000, "application/json"),
        ("NaN", "application/json"),
        ('{"title": "\\ud800"}', "application/json"),
        ("\xff\xfe", "application/json"),
        ("<xml/>", "application/xml"),
        ("title=x", "text/plain"),
    ],
)
def test_hostile_bodies(body, content_type):
    response = api_client("editor-a").generic("POST", "/api/projects/", body, content_type=content_type)
    assert 400 <= response.status_code < 500, (body[:30], response.status_code)


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], ["a", "b"]]]},
        {"type": "Polygon", "coordinates": [[[0, 0]]]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Point", "coordinates": []},
        {"type": "Point", "coordinates": [1]},
        {"type": "Point", "coordinates": [1, 2, 3, 4, 5]},
        '{"type": "Point", "coordinates": [1e400, 0]}',
        {"type": "Point"},
        {"type": "GeometryCollection", "geometries": []},
        {"type": None},
        ["Point"],
        "NaN",
        '{"type": "Point", "coordinates": [NaN, NaN]}',
        '{"type": "Point", "coordinates": [Infinity, 0]}',
        "[" * 10_000,
    ],
)
def test_hostile_geometries(projects, geometry):
    response = api_client("editor-a").post(
        "/api/sites/",
        {
            "project": projects["draft-a"].pk,
            "name": "s",
            "climate_zone": "tropical_dry",
            "geometry": geometry,
        },
        format="json",
    )
    assert response.status_code == 400, (geometry, response.content[:200])


@pytest.mark.parametrize(
    "geometry",
    [
        '{"type": "Point", "coordinates": [NaN, 0]}',
        "[" * 10_000,
        NUL,
        '{"type": "Polygon", "coordinates": [[["a", "b"]]]}',
    ],
)
def test_hostile_geometry_in_the_page_form(client, projects, geometry):
    response = page_client(client, "editor-a").post(
        reverse("projects:site-create", args=[projects["draft-a"].pk]),
        {"name": "s", "climate_zone": "tropical_dry", "geometry": geometry},
    )
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["geometry"]


@pytest.mark.parametrize(
    "content",
    [
        b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"
        + b"P" * 500
        + b",0,10,20,1.2\n",
        b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,10,1e400,1.2\n",
        b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,10,nan,1.2\n",
        b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,10,20,1.2,extra,cells\n",
        b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP\x001,0,10,20,1.2\n",
        b'profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"P1,0,10,20,1.2\n',
        b"\x00\x01\x02\x03" * 100,
        b"PK\x03\x04" + b"\x00" * 200,
        # UTF-16 without a byte-order mark (with one it is read: docs/nomenclature.md, CSV tables)
        "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nPé,0,10,20,1.2\n".encode(
            "utf-16-le"
        ),
        b"profile_id,profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP,P,0,10,20,1.2\n",
    ],
)
def test_hostile_uploads(projects, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    site = projects["draft-a"].sites.get()
    response = api_client("editor-a").post(
        f"/api/sites/{site.pk}/measurements/",
        {"file": SimpleUploadedFile("x.csv", content), "sampled_on": "2026-03-01"},
        format="multipart",
    )
    assert response.status_code == 400, (content[:40], response.status_code, response.content[:300])
    assert not site.measurements.exists()


def test_upload_without_file_is_a_field_error(projects):
    site = projects["draft-a"].sites.get()
    response = api_client("editor-a").post(f"/api/sites/{site.pk}/measurements/", {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()


@pytest.mark.parametrize(
    "data",
    [
        {"username": NUL, "password": "x"},
        {"username": ["a"], "password": {"b": 1}},
        {"username": "x" * 10_000, "password": "y" * 100_000},
        {},
    ],
)
def test_hostile_logins(client, data):
    assert client.post(reverse("login"), data).status_code == 200
    assert api_client(None).post("/api/token/", data, format="json").status_code == 400


@pytest.mark.parametrize("action,note", [("submit", NUL), ("x" * 5000, ""), ("publish", "n" * 100_000)])
def test_hostile_transitions(projects, action, note):
    response = api_client("secretariat").post(
        f"/api/projects/{projects['draft-a'].pk}/transition/", {"action": action, "note": note}, format="json"
    )
    assert 400 <= response.status_code < 500


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
project_fields = [
    "organisation",
    "title",
    "summary",
    "country",
    "region",
    "modality",
    "primary_aim",
    "area_ha",
    "budget_amount",
    "budget_currency",
    "start",
    "end",
    "practices",
    "objectives",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(st.sampled_from(project_fields), json_values, max_size=8))
def test_fuzzed_project_payloads_never_500(db, payload):
    for method in ("post", "patch"):
        url = "/api/projects/" if method == "post" else "/api/projects/1/"
        response = getattr(api_client("editor-a"), method)(
            url, json.loads(json.dumps(payload)), format="json"
        )
        assert response.status_code < 500, (payload, response.content[:300])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    payload=st.dictionaries(
        st.sampled_from(
            [
                "criterion",
                "outcome",
                "rationale",
                "reviewer",
                "external",
                "report",
                "recommendation",
                "request_complete",
            ]
        ),
        json_values,
        max_size=5,
    )
)
def test_fuzzed_assessment_payloads_never_500(projects, payload):
    pk = projects["review-a"].assessment.pk
    for who, path, method in (
        ("reviewer-assigned", "results", "post"),
        ("secretariat", "assign", "post"),
        ("reviewer-assigned", "edit", "patch"),
    ):
        response = getattr(api_client(who), method)(f"/api/assessments/{pk}/{path}/", payload, format="json")
        assert response.status_code < 500, (path, payload, response.content[:300])


@pytest.mark.parametrize(
    "name,data",
    [
        ("community:organisation-create", {"name": NUL, "type": "ngo", "country": "x", "region": "africa"}),
        (
            "community:organisation-create",
            {"name": "x" * 5000, "type": "bogus", "declaration_signed": "2020-13-45"},
        ),
        ("commitments:create", {"title": "t", "target_value": "9" * 40, "start": "1-1-1", "end": "x"}),
        ("projects:create", {"title": "t", "area_ha": "1e400", "modality": "7", "budget_amount": "-5"}),
        ("projects:create", {"title": "t", "area_ha": "NaN", "practices": ["x", "y"], "objectives": "%00"}),
    ],
)
def test_hostile_page_forms_give_field_errors(client, name, data):
    response = page_client(client, "secretariat").post(reverse(name), data)
    assert response.status_code == 200 and response.context["form"].errors


@pytest.mark.parametrize(
    "data",
    [
        {"year": 99999999, "value": 1},
        {"year": -1, "value": "x"},
        {"year": "", "value": ""},
        {"year": 2030, "value": "1e400"},
        {"year": 2030, "value": "nan"},
    ],
)
def test_hostile_kpi_values(client, data):
    from fourpermille.web.roadmap.models import KpiValue

    before = KpiValue.objects.count()
    response = page_client(client, "secretariat").post(reverse("roadmap:add-value", args=["A2"]), data)
    assert response.status_code == 302
    assert KpiValue.objects.count() == before
