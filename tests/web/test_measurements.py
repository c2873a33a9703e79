"""Soil measurement CSV import: validated, all-or-nothing, errors naming row and column."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings

from fourpermille.errors import InputError
from fourpermille.web.monitoring.models import MeasurementUpload, SoilMeasurement
from fourpermille.web.monitoring.services import import_measurements
from tests.web.conftest import api_client

pytestmark = pytest.mark.django_db

HEADER = "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"
GOOD = HEADER + "P1,0,10,20,1.2\nP1,10,30,15,1.3\nP2,0,30,18,1.25\n"


def upload(site, text, user, name="m.csv"):
    return import_measurements(site, ContentFile(text.encode(), name=name), user)


@pytest.fixture
def site(projects):
    return projects["draft-a"].sites.get()


def test_good_file_is_stored_with_row_numbers(site, users):
    result = upload(site, GOOD, users["editor-a"])
    assert (result.rows, result.profiles) == (3, 2)
    rows = list(
        site.measurements.order_by("row").values_list("row", "profile_id", "depth_bottom_cm", "soc_g_kg")
    )
    assert rows == [(2, "P1", 10.0, 20.0), (3, "P1", 30.0, 15.0), (4, "P2", 30.0, 18.0)]


def test_core_sample_layout_and_optional_columns(site, users):
    text = (
        "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,sample_mass_g,core_diameter_mm,cores_per_sample,"
        "coarse_fraction_vol,som_g_kg\nP1,0,30,12.5,850,50,4,0.1,21\n"
    )
    upload(site, text, users["editor-a"])
    m = site.measurements.get()
    assert (m.sample_mass_g, m.core_diameter_mm, m.cores_per_sample, m.coarse_fraction_vol, m.som_g_kg) == (
        850.0,
        50.0,
        4,
        0.1,
        21.0,
    )
    assert m.bulk_density_g_cm3 is None


@pytest.mark.parametrize(
    "text,row,column,message",
    [
        (HEADER + "P1,0,10,20,1.2\nP1,10,30,abc,1.3\n", 3, "soc_g_kg", "'abc' is not a number"),
        (HEADER + "P1,0,10,20,1.2\nP1,10,30,15,3.1\n", 3, "bulk_density_g_cm3", "outside the allowed range"),
        (HEADER + "P1,0,10,-2,1.2\n", 2, "soc_g_kg", "outside the allowed range"),
        (HEADER + "P1,10,10,20,1.2\n", 2, "depth_bottom_cm", "must be greater than depth_top_cm"),
        (HEADER + "P1,0,10,20,1.2\nP1,20,30,15,1.3\n", 3, "depth_top_cm", "leaves a gap"),
        (HEADER + "P1,5,10,20,1.2\n", 2, "depth_top_cm", "must start at the surface"),
        (HEADER + "P1,0,20,20,1.2\nP1,10,30,15,1.3\n", 3, "depth_top_cm", "overlaps"),
        (HEADER + "P1,0,10,20,1.2\n,0,30,15,1.3\n", 3, "profile_id", "value is required"),
        (HEADER + "P1,0,10,,1.2\n", 2, "soc_g_kg", "missing value"),
        (HEADER + "P1,0,10,20,\n", 2, "bulk_density_g_cm3", "missing bulk density"),
        (
            "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,sample_mass_g,core_diameter_mm,cores_per_sample\n"
            "P1,0,30,12,850,50,2.5\n",
            2,
            "cores_per_sample",
            "whole number",
        ),
        (
            "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3,coarse_fracton\nP1,0,10,20,1.2,0\n",
            1,
            "coarse_fracton",
            "did you mean 'coarse_fraction_vol'",
        ),
    ],
)
def test_bad_file_names_row_and_column_and_stores_nothing(site, users, text, row, column, message):
    before = (MeasurementUpload.objects.count(), SoilMeasurement.objects.count())
    with pytest.raises(InputError) as info:
        upload(site, text, users["editor-a"], name="bad.csv")
    error = info.value
    assert (error.file, error.row, error.column) == ("bad.csv", row, column)
    assert message in str(error)
    assert str(error).startswith(f"bad.csv, row {row}, column '{column}'")
    assert (MeasurementUpload.objects.count(), SoilMeasurement.objects.count()) == before


def test_missing_density_columns_are_named(site, users):
    with pytest.raises(
        InputError, match=r"needs the column 'bulk_density_g_cm3' or the columns sample_mass_g"
    ):
        upload(site, "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg\nP1,0,10,20\n", users["editor-a"])


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage\x00", b"just one line without columns"])
def test_unreadable_files_are_input_errors(site, users, content):
    with pytest.raises(InputError):
        import_measurements(site, ContentFile(content, name="x.csv"), users["editor-a"])


@override_settings(MAX_UPLOAD_BYTES=100)
def test_file_over_the_size_limit_is_refused(site, users):
    with pytest.raises(InputError, match="larger than the limit of 100 bytes"):
        upload(site, GOOD + "P3,0,30,18,1.25\n" * 10, users["editor-a"])
    assert not site.measurements.exists()


def test_rollback_when_the_database_write_fails(site, users, monkeypatch):
    """All-or-nothing even when the failure comes after validation (e.g. the database refuses a row)."""
    from django.db import DatabaseError

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SoilMeasurement.objects, "bulk_create", fail)
    with pytest.raises(DatabaseError):
        upload(site, GOOD, users["editor-a"])
    assert not MeasurementUpload.objects.filter(site=site).exists()


def test_api_upload_error_is_400_naming_row_and_column(site):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = (HEADER + "P1,0,10,20,1.2\nP1,10,30,15,x\n").encode()
    response = api_client("editor-a").post(
        f"/api/sites/{site.pk}/measurements/",
        {"file": SimpleUploadedFile("bad.csv", bad), "sampled_on": "2026-03-01"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "bad.csv, row 3, column 'bulk_density_g_cm3': 'x' is not a number",
        "file": "bad.csv",
        "row": 3,
        "column": "bulk_density_g_cm3",
    }
    assert not site.measurements.exists()


def test_page_upload_error_is_shown_and_nothing_stored(client, site):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.web.conftest import page_client

    bad = (HEADER + "P1,0,10,20,1.2\nP1,10,30,15,x\n").encode()
    response = page_client(client, "editor-a").post(
        reverse("projects:site-upload", args=[site.pk]),
        {"file": SimpleUploadedFile("bad.csv", bad), "sampled_on": "2026-03-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "Nothing was imported. bad.csv, row 3, column &#x27;bulk_density_g_cm3&#x27;"
        in response.content.decode()
    )
    assert not site.measurements.exists()


def test_site_stocks_from_the_latest_upload(site, users, client):
    """Fixed-depth stock per layer = SOC [g/kg] x BD [g/cm3] x thickness [cm] x 0.1 (t C/ha), summed to
    30 cm: P1 = 20 x 1.2 x 10 x 0.1 + 15 x 1.3 x 20 x 0.1 = 24 + 39 = 63; P2 = 18 x 1.25 x 30 x 0.1 = 67.5."""
    from django.urls import reverse

    from fourpermille.web.monitoring.services import site_stocks
    from tests.web.conftest import page_client

    upload(site, GOOD, users["editor-a"])
    stocks = site_stocks(site)
    assert stocks.depth_cm == 30
    assert [(p.profile_id, p.status, round(p.soc_stock_t_ha, 9)) for p in stocks.profiles] == [
        ("P1", "included", 63.0),
        ("P2", "included", 67.5),
    ]
    assert stocks.mean_t_ha == pytest.approx(65.25)
    page = page_client(client, "editor-a").get(reverse("projects:site-detail", args=[site.pk]))
    assert "65.2" in page.content.decode() or "65.3" in page.content.decode()


def test_site_stocks_say_which_profiles_are_left_out_and_why(site, users, client):
    from django.urls import reverse

    from fourpermille.web.monitoring.services import site_stocks
    from tests.web.conftest import page_client

    upload(site, HEADER + "P1,0,20,20,1.2\n", users["editor-a"], name="shallow.csv")
    stocks = site_stocks(site)
    assert [(p.profile_id, p.status, p.sampled_depth_cm, p.soc_stock_t_ha) for p in stocks.profiles] == [
        ("P1", "shallow", 20.0, None)
    ]
    assert stocks.mean_t_ha is None and stocks.excluded == stocks.profiles
    page = page_client(client, "editor-a").get(reverse("projects:site-detail", args=[site.pk]))
    text = page.content.decode()
    assert "sampled to 20 cm" in text and "left out" in text


# --- issue 12 item 1: infinite or absurd numbers were stored ---------------------------------------------
@pytest.mark.parametrize(
    "value,message",
    [
        ("inf", "inf is not a finite number; the allowed range is (0, 1000] cm"),
        ("1e400", "inf is not a finite number; the allowed range is (0, 1000] cm"),
        ("-inf", "must be greater than depth_top_cm"),
        ("1e12", "1e+12 is outside the allowed range (0, 1000] cm"),
        ("nan", "'nan' is not a number"),
    ],
)
def test_non_finite_or_absurd_bottom_depth_is_refused(site, users, value, message):
    text = HEADER + f"P1,0,10,20,1.2\nP1,10,{value},15,1.3\n"
    with pytest.raises(InputError) as info:
        upload(site, text, users["editor-a"], name="deep.csv")
    assert (info.value.file, info.value.row, info.value.column) == ("deep.csv", 3, "depth_bottom_cm")
    assert message in str(info.value)
    assert not site.measurements.exists() and not site.uploads.exists()


@pytest.mark.parametrize(
    "column,value,message",
    [
        ("depth_top_cm", "inf", "not a finite number; the allowed range is [0, 1000) cm"),
        ("soc_g_kg", "1e400", "not a finite number; the allowed range is [0, 600] g C/kg"),
        ("bulk_density_g_cm3", "inf", "not a finite number; the allowed range is [0.1, 2.65] g/cm3"),
        ("coarse_fraction_vol", "inf", "not a finite number; the allowed range is [0, 1) (volume fraction)"),
        ("som_g_kg", "-1e400", "not a finite number; the allowed range is [0, 1000) g/kg"),
        ("sample_mass_g", "inf", "not a finite number; the allowed range is (0, 100000] g"),
        ("core_diameter_mm", "1e12", "outside the allowed range (0, 1000] mm"),
        ("cores_per_sample", "inf", "not a finite number; the allowed range is [1, 10000]"),
    ],
)
def test_every_numeric_column_refuses_non_finite_values(site, users, column, value, message):
    columns = [
        "profile_id",
        "depth_top_cm",
        "depth_bottom_cm",
        "soc_g_kg",
        "bulk_density_g_cm3",
        "coarse_fraction_vol",
        "som_g_kg",
        "sample_mass_g",
        "core_diameter_mm",
        "cores_per_sample",
    ]
    good = dict(zip(columns, ["P1", "0", "30", "15", "", "0.1", "30", "900", "50", "4"], strict=True))
    if column == "bulk_density_g_cm3":
        good["sample_mass_g"] = ""
        good["bulk_density_g_cm3"] = "1.2"
    good[column] = value
    text = ",".join(columns) + "\n" + ",".join(good[c] for c in columns) + "\n"
    with pytest.raises(InputError) as info:
        upload(site, text, users["editor-a"], name="big.csv")
    assert (info.value.file, info.value.row, info.value.column) == ("big.csv", 2, column)
    assert message in str(info.value)
    assert not site.measurements.exists()


def test_refused_depth_leaves_the_api_and_downloads_clean(site, users):
    """Before the fix the stored inf made /api/uploads/<id>/rows/ answer 500 and the CSV hold 'inf'."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = api_client("editor-a")
    bad = (HEADER + "P1,0,1e400,15,1.3\n").encode()
    response = client.post(
        f"/api/sites/{site.pk}/measurements/",
        {"file": SimpleUploadedFile("b.csv", bad), "sampled_on": "2026-03-01"},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["column"] == "depth_bottom_cm" and "(0, 1000] cm" in response.json()["detail"]
    good = client.post(
        f"/api/sites/{site.pk}/measurements/",
        {"file": SimpleUploadedFile("g.csv", GOOD.encode()), "sampled_on": "2026-03-01"},
        format="multipart",
    )
    assert good.status_code == 201
    rows = client.get(f"/api/uploads/{good.json()['id']}/rows/")
    assert rows.status_code == 200 and len(rows.json()["results"]) == 3


def test_uploads_stored_without_stocks_get_them(site, users):
    """Bulk loads (demo, benchmark) and records stored before the stock route: their profile stocks are
    computed in one call per batch; an upload whose stored rows fail today's checks (an infinite depth,
    accepted before issue 12 was fixed) is recorded as invalid with the reason, and the others still count."""
    from fourpermille.web.monitoring.models import ProfileStock
    from fourpermille.web.monitoring.services import compute_missing_profile_stocks

    def bulk(name, rows):
        upload = MeasurementUpload.objects.create(
            site=site, file_name=name, sha256="", row_count=len(rows), profile_count=1
        )
        SoilMeasurement.objects.bulk_create(
            SoilMeasurement(upload=upload, site=site, row=i, **r) for i, r in enumerate(rows, start=2)
        )
        return upload

    layer = {"profile_id": "P1", "depth_top_cm": 0.0, "soc_g_kg": 20.0, "bulk_density_g_cm3": 1.25}
    good = bulk(
        "good.csv",
        [{**layer, "depth_bottom_cm": 30.0}, {**layer, "profile_id": "P2", "depth_bottom_cm": 20.0}],
    )
    bad = bulk("old.csv", [{**layer, "depth_bottom_cm": float("inf")}])
    assert compute_missing_profile_stocks() == 3
    assert compute_missing_profile_stocks() == 0  # once
    rows = {(r.upload_id, r.profile_id): r for r in ProfileStock.objects.filter(upload__in=[good, bad])}
    assert rows[(good.pk, "P1")].soc_stock_t_ha == pytest.approx(20 * 1.25 * 30 * 0.1, rel=1e-12)
    assert (rows[(good.pk, "P2")].status, rows[(good.pk, "P2")].sampled_depth_cm) == ("shallow", 20.0)
    invalid = rows[(bad.pk, "P1")]
    assert invalid.status == "invalid" and invalid.soc_stock_t_ha is None
    assert invalid.note.startswith("old.csv, row 2, column 'depth_bottom_cm': inf is not a finite number")


def test_admin_shows_the_stored_profile_stocks_read_only(client, site, users):
    from django.urls import reverse

    from tests.web.conftest import page_client

    result = upload(site, HEADER + "P1,0,20,20,1.2\nP2,0,30,18,1.25\n", users["editor-a"])
    users["secretariat"].is_staff = True
    users["secretariat"].save()
    page = page_client(client, "secretariat").get(
        reverse("admin:monitoring_measurementupload_change", args=[result.upload.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "67.5" in text and "excluded: sampled shallower than the reporting depth" in text
    # the upload can still be deleted from the admin, its profile stocks with it
    url = reverse("admin:monitoring_measurementupload_delete", args=[result.upload.pk])
    confirm = page_client(client, "secretariat").get(url)
    assert confirm.status_code == 200 and "permission to delete" not in confirm.content.decode()
    page_client(client, "secretariat").post(url, {"post": "yes"})
    assert not MeasurementUpload.objects.filter(pk=result.upload.pk).exists()


@pytest.mark.parametrize(
    "content",
    [
        GOOD.replace(",", ";").replace("1.2", "1,2").replace("1.3", "1,3").replace("1.25", "1,25").encode(),
        GOOD.encode("utf-16"),
        GOOD.encode("utf-8-sig"),
    ],
    ids=["semicolons and decimal commas", "UTF-16 with BOM", "UTF-8 with BOM"],
)
def test_spreadsheet_exports_store_every_value(site, users, content):
    """Issue 12, item 8: what spreadsheets write in other locales and encodings is read as the plain file
    is, and every column is stored (the stored columns come from the same reader)."""
    import_measurements(site, ContentFile(content, name="m.csv"), users["editor-a"])
    stored = site.measurements.order_by("row")
    rows = list(stored.values_list("row", "profile_id", "depth_bottom_cm", "bulk_density_g_cm3"))
    assert rows == [(2, "P1", 10.0, 1.2), (3, "P1", 30.0, 1.3), (4, "P2", 30.0, 1.25)]
