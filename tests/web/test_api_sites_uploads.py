"""The API beside the pages: a measurement upload takes the campaign's sampling date (required, the same
rule as the upload page) and its name; a site shows its geometry type and area [ha]; a KML network link
in a geometry file is refused with a clear error (never fetched), in the reader's language."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from fourpermille.errors import InputError
from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.projects.geometry import describe
from fourpermille.web.projects.models import Site
from tests.web.conftest import api_client

pytestmark = pytest.mark.django_db

CSV = b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,30,18,1.25\n"
POLYGON = {
    "type": "Polygon",
    "coordinates": [[[2.0, 45.0], [2.01, 45.0], [2.01, 45.01], [2.0, 45.01], [2.0, 45.0]]],
}


@pytest.fixture
def site(projects):
    return projects["draft-a"].sites.get()


def post(site, **fields):
    data = {"file": SimpleUploadedFile("campaign.csv", CSV), **fields}
    return api_client("editor-a").post(f"/api/sites/{site.pk}/measurements/", data, format="multipart")


def test_an_upload_records_its_sampling_date_and_campaign(site):
    response = post(site, sampled_on="2025-03-12", campaign="baseline")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["sampled_on"] == "2025-03-12" and body["campaign"] == "baseline"
    upload = MeasurementUpload.objects.get(pk=body["id"])
    assert upload.sampled_on == dt.date(2025, 3, 12) and upload.campaign == "baseline"
    listed = api_client("editor-a").get(f"/api/uploads/{upload.pk}/").json()
    assert listed["sampled_on"] == "2025-03-12" and listed["file_name"] == "campaign.csv"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "This field is required."),
        ({"sampled_on": "12/03/2025"}, "Date has wrong format"),
        ({"sampled_on": (dt.date.today() + dt.timedelta(days=2)).isoformat()}, "in the future"),
        ({"sampled_on": "1850-06-01"}, "before 1900"),
    ],
)
def test_an_upload_without_a_valid_sampling_date_is_refused(site, fields, message):
    response = post(site, **fields)
    assert response.status_code == 400
    assert message in " ".join(response.json()["sampled_on"])
    assert not site.uploads.exists()


def test_a_site_shows_its_geometry_type_and_area(site, projects):
    client = api_client("editor-a")
    site.geometry = json.dumps(POLYGON)
    site.save()
    site.refresh_from_db()
    body = client.get(f"/api/sites/{site.pk}/").json()
    assert body["geometry_type"] == "Polygon"
    assert (
        body["area_ha"] == pytest.approx(site.area_ha) and 70 < body["area_ha"] < 90
    )  # 0.01° x 0.01° at 45° N
    point = Site.objects.create(
        project=site.project, name="Well", geometry=json.dumps({"type": "Point", "coordinates": [2.5, 45.5]})
    )
    body = client.get(f"/api/sites/{point.pk}/").json()
    assert body["geometry_type"] == "Point" and body["area_ha"] is None
    # read-only: a client cannot set them
    response = client.patch(
        f"/api/sites/{point.pk}/", {"area_ha": 5, "geometry_type": "Polygon"}, format="json"
    )
    point.refresh_from_db()
    assert (point.area_ha, point.geometry_type) == (None, "Point")
    assert response.status_code == 200
    summary = client.get(f"/api/projects/{site.project.pk}/").json()
    assert any(s.get("geometry_type") == "Polygon" and s.get("area_ha") for s in summary.get("sites", []))


def test_a_kml_network_link_error_reads_in_the_users_language():
    error = InputError("refused", file="linked.kml", details={"problem": "kml_network_link"})
    assert "KML network links are refused" in describe(error)
    with translation.override("fr"):
        text = describe(error)
    assert text.startswith("linked.kml") and "liens réseau KML" in text
