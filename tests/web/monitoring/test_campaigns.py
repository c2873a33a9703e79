"""Measurement uploads per sampling campaign: the date asked on upload, the template CSV, the site page's
rows naming their file and campaign, and the latest stock chosen by sampling date."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fourpermille import stocks
from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.monitoring.services import (
    import_measurements,
    read_measurements,
    site_stocks,
    template_columns,
    template_csv,
)
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db

HEADER = "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"


@pytest.fixture
def site(projects):
    return projects["draft-a"].sites.get()


def post_upload(client, site, text, **fields):
    data = {"file": SimpleUploadedFile("campaign.csv", text.encode()), **fields}
    return page_client(client, "editor-a").post(
        reverse("projects:site-upload", args=[site.pk]), data, follow=True
    )


def test_the_upload_form_requires_the_sampling_date_and_stores_it(site, client):
    response = post_upload(client, site, HEADER + "P1,0,30,12,1.3\n")
    assert "This field is required." in response.content.decode()
    assert not site.uploads.exists()
    post_upload(client, site, HEADER + "P1,0,30,12,1.3\n", sampled_on="2024-04-15", campaign="baseline")
    upload = site.uploads.get()
    assert (upload.sampled_on, upload.campaign, upload.file_name) == (
        date(2024, 4, 15),
        "baseline",
        "campaign.csv",
    )
    assert upload.sampled_on != upload.uploaded_at.date()


def test_a_sampling_date_in_the_future_is_refused(site, client):
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    response = post_upload(client, site, HEADER + "P1,0,30,12,1.3\n", sampled_on=tomorrow)
    assert "The sampling date is in the future." in response.content.decode()
    assert not site.uploads.exists()


def test_the_template_csv_is_accepted_by_the_reader(client, tmp_path):
    response = client.get(reverse("projects:measurement-template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    assert text == template_csv()
    lines = text.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg")
    path = tmp_path / "template.csv"
    path.write_text(text)
    table = read_measurements(path)  # the platform's own reader takes it as it is
    assert list(table["profile_id"]) == ["P1"]
    result = stocks.reporting_depth_stocks(table, 30)
    assert result["status"].tolist() == ["included"]  # the example reaches the reporting depth


def test_the_guide_lists_every_column_the_reader_checks_with_its_unit(site, client):
    names = [c["name"] for c in template_columns()]
    assert names[0] == "profile_id" and set(names[1:]) == set(stocks.PROFILE_RANGES)
    units = {c["name"]: c["unit"] for c in template_columns()}
    assert units["soc_g_kg"] == "g C/kg" and units["bulk_density_g_cm3"] == "g/cm3"
    page = (
        page_client(client, "editor-a").get(reverse("projects:site-detail", args=[site.pk])).content.decode()
    )
    assert reverse("projects:measurement-template") in page
    assert "<code>core_diameter_mm</code>" in page and "g C/kg" in page


def _import(site, user, text, name, sampled_on):
    return import_measurements(site, ContentFile(text.encode(), name=name), user, sampled_on=sampled_on)


def test_latest_stock_is_the_latest_sampling_not_the_latest_upload(site, users, client):
    """A late upload of an older campaign does not replace the newer campaign's stock: 2025 campaign
    20 x 1.0 x 30 x 0.1 = 60 t C/ha; 2019 campaign uploaded afterwards, 10 x 1.0 x 30 x 0.1 = 30."""
    _import(site, users["editor-a"], HEADER + "P1,0,30,20,1.0\n", "new.csv", date(2025, 5, 1))
    _import(site, users["editor-a"], HEADER + "P1,0,30,10,1.0\n", "old.csv", date(2019, 5, 1))
    assert site.uploads.first().file_name == "old.csv"  # uploaded last
    latest = site_stocks(site)
    assert latest.upload.file_name == "new.csv"
    assert latest.mean_t_ha == pytest.approx(60.0)
    page = (
        page_client(client, "editor-a").get(reverse("projects:site-detail", args=[site.pk])).content.decode()
    )
    assert "sampled 2025-05-01" in page
    # each measurement row names its file and campaign date
    assert "old.csv</td><td>2019-05-01</td>" in page and "new.csv</td><td>2025-05-01</td>" in page
    # the uploads are listed newest campaign first
    assert page.index(f'data-upload="{latest.upload.pk}"') < page.index("old.csv")


def test_an_upload_without_a_date_is_dated_by_its_upload_day(site, users):
    _import(site, users["editor-a"], HEADER + "P1,0,30,20,1.0\n", "sampled.csv", date(2000, 1, 1))
    _import(site, users["editor-a"], HEADER + "P1,0,30,10,1.0\n", "undated.csv", None)
    undated = MeasurementUpload.objects.get(file_name="undated.csv")
    assert undated.campaign_date == undated.uploaded_at.date()
    assert site_stocks(site).upload == undated


def test_the_dashboard_observation_takes_the_uploads_sampling_date(
    site, users, django_capture_on_commit_callbacks
):
    from fourpermille.web.dashboard.models import StockObservation

    with django_capture_on_commit_callbacks(execute=True):
        upload = _import(
            site, users["editor-a"], HEADER + "P1,0,30,20,1.0\n", "m.csv", date(2021, 9, 30)
        ).upload
    assert StockObservation.objects.get(upload=upload).sampled_on == date(2021, 9, 30)


def test_template_csv_has_one_example_row():
    rows = list(io.StringIO(template_csv()))
    assert len(rows) == 2
