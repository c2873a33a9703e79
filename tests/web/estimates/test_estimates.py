"""Ex-ante estimates and MRV results on the platform (fourpermille.web.estimates)."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fourpermille import estimate as estimate_mod
from fourpermille import mrv
from fourpermille.io import mrv as mrv_io
from fourpermille.web.dashboard import providers
from fourpermille.web.estimates import demo, services
from fourpermille.web.estimates.models import ExAnteRecord, MrvRecord
from fourpermille.web.monitoring.services import import_measurements
from fourpermille.web.resources.models import Practice
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db

# Layers of the demo profiles' kind: three 10 cm layers per profile (invented values).
CSV = (
    "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"
    "P1,0,10,21.0,1.20\nP1,10,20,15.0,1.30\nP1,20,30,10.0,1.35\n"
    "P2,0,10,18.0,1.25\nP2,10,20,13.0,1.32\nP2,20,30,9.0,1.38\n"
    "P3,0,10,24.0,1.18\nP3,10,20,16.5,1.28\nP3,20,30,11.0,1.33\n"
)


@pytest.fixture
def project(projects, users, django_capture_on_commit_callbacks):
    """draft-a made complete: cover crops, two sites (HAC soil class; one with a measured 0-30 cm stock);
    its ex-ante record computed as the changes commit."""
    p = projects["draft-a"]
    with django_capture_on_commit_callbacks(execute=True):
        p.practices.set([Practice.objects.get(code="cover-crops")])
        site = p.sites.get()
        site.soil_class = "HAC"
        site.save()
        second = p.sites.create(
            name="second site",
            climate_zone="warm_temperate_moist",
            soil_class="LAC",
            baseline_soc_t_ha=42.0,
            baseline_depth_cm=30,
            geometry=json.dumps({"type": "Point", "coordinates": [3.0, 43.6]}),
        )
        for s in (site, second):
            import_measurements(s, ContentFile(CSV.encode(), name="m.csv"), users["editor-a"])
    return p


def _direct(climate_zone, soil_class, soc_t_ha, start_year):
    """The science core called by hand with the documented mapping (docs/guide/ex-ante.md)."""
    data = {
        "area_ha": 100.0,
        "climate_zone": climate_zone,
        "soil_class": soil_class,
        "current": {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "medium"},
        "practices": ["cover_crops"],
        "start_year": start_year,
        "uncertainty": {"draws": services.DRAWS, "seed": services.SEED},
    }
    if soc_t_ha is not None:
        data["soc_t_ha"] = soc_t_ha
    return estimate_mod.estimate(estimate_mod.parse_project(data))


def test_ex_ante_provider_equals_the_science_core(project):
    result = providers.ex_ante(project)
    first = _direct("cool_temperate_moist", "HAC", None, 2024)
    second = _direct("warm_temperate_moist", "LAC", 42.0, 2024)
    gains = [first.summary["tier1_gain_t_ha"], second.summary["tier1_gain_t_ha"]]
    assert all(g > 0 for g in gains)  # cover crops raise the input level: a gain under Tier 1
    assert result.method == "IPCC 2019 Tier 1"
    assert result.horizon_years == 20
    assert result.change_t_ha_yr == pytest.approx(np.mean(gains) / 20, rel=1e-12)
    assert result.total_t_c == pytest.approx(np.mean(gains) * 100, rel=1e-12)
    expected = (first.table["tier1_soc_t_ha"] + second.table["tier1_soc_t_ha"]) / 2
    assert [y for y, _v in result.trajectory] == list(range(2024, 2045))
    np.testing.assert_allclose([v for _y, v in result.trajectory], expected, rtol=1e-12)
    # The stored JSON is the science core's own JSON of each site, interval included.
    record = ExAnteRecord.objects.get(project=project)
    site = record.result["sites"][0]["estimate"]["summary"]
    assert site["tier1_gain_t_ha_lower"] == pytest.approx(first.summary["tier1_gain_t_ha_lower"])
    assert record.inputs[1]["input"]["soc_t_ha"] == 42.0


def _status(project) -> str:
    return ExAnteRecord.objects.get(project=project).status


def test_estimate_recomputed_when_the_project_changes(project, django_capture_on_commit_callbacks):
    """Changing a site or the practices marks the record stale in the transaction; it is recomputed once
    the transaction commits (on-commit work), not when a page asks for it."""
    before = providers.ex_ante(project).change_t_ha_yr
    site = project.sites.get(name="second site")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        site.baseline_soc_t_ha = 84.0
        site.save()
        assert _status(project) == "stale" and providers.ex_ante(project) is None
    assert callbacks and _status(project) == "ok"
    after = providers.ex_ante(project).change_t_ha_yr
    assert after > before  # a larger measured stock, the same relative factor change: a larger gain
    with django_capture_on_commit_callbacks(execute=True):
        project.practices.add(Practice.objects.get(code="reduced-tillage"))
        assert _status(project) == "stale"
    assert providers.ex_ante(project).change_t_ha_yr > after
    with django_capture_on_commit_callbacks(execute=True):
        project.sites.get(name="second site").delete()
    assert providers.ex_ante(project).trajectory[0][1] == pytest.approx(
        _direct("cool_temperate_moist", "HAC", None, 2024).summary["soc0_t_ha"]
    )


def test_a_failed_computation_leaves_a_failed_record_and_the_command_rebuilds_it(
    project, client, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    def broken(projects):
        raise RuntimeError("engine down")

    monkeypatch.setattr(estimate_mod, "estimate_many", broken)
    site = project.sites.get(name="second site")
    with django_capture_on_commit_callbacks(execute=True):
        site.baseline_soc_t_ha = 84.0
        site.save()  # the user's change is kept: the failure is recorded, not raised
    record = ExAnteRecord.objects.get(project=project)
    assert record.status == "failed" and "engine down" in record.error
    assert Site_soc(site) == 84.0
    page = page_client(client, "editor-a").get(project.get_absolute_url())
    assert page.status_code == 200 and "computation failed" in page.content.decode()
    monkeypatch.undo()
    call_command("compute_estimates", "--stale", stdout=io.StringIO())
    assert _status(project) == "ok"


def Site_soc(site) -> float:
    return type(site).objects.get(pk=site.pk).baseline_soc_t_ha


def test_pages_compute_no_estimate(project, client, monkeypatch):
    """A GET reads stored records only: with the science core's estimate broken, every page still works,
    and a project without a record says its estimate is being computed."""

    def forbidden(*args, **kwargs):
        raise AssertionError("an estimate was computed inside a request")

    monkeypatch.setattr(estimate_mod, "estimate", forbidden)
    monkeypatch.setattr(estimate_mod, "estimate_many", forbidden)
    c = page_client(client, "editor-a")
    urls = [
        project.get_absolute_url(),
        reverse("dashboard:project", args=[project.pk]),
        reverse("estimates:ex-ante-json", args=[project.pk]),
        "/dashboard/",
        "/dashboard/soc/",
        "/api/dashboard/progress/soc-change/",
    ]
    for url in urls:
        assert c.get(url).status_code == 200, url
    ExAnteRecord.objects.filter(project=project).delete()
    assert "being computed" in c.get(project.get_absolute_url()).content.decode()
    assert "being computed" in c.get(reverse("dashboard:project", args=[project.pk])).content.decode()
    assert c.get(reverse("estimates:ex-ante-json", args=[project.pk])).status_code == 404
    assert c.get("/api/dashboard/progress/soc-change/").status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("no practice", "the project lists no practice"),
        ("biochar", "none of the project's practices (biochar) has an IPCC Tier 1 effect"),
        ("no soil", "has neither an IPCC soil class nor a baseline SOC stock at 0-30 cm"),
        ("no site", "the project has no site"),
        ("two land uses", "the practices start from different current land use"),
    ],
)
def test_missing_inputs_are_named_instead_of_a_number(project, client, change, message):
    if change == "no practice":
        project.practices.clear()
    elif change == "biochar":
        project.practices.set([Practice.objects.get(code="biochar")])
    elif change == "no soil":
        project.sites.update(soil_class="", baseline_soc_t_ha=None)
    elif change == "no site":
        project.sites.all().delete()
    else:
        project.practices.add(Practice.objects.get(code="improved-grazing"))
    services.compute_ex_ante(project)  # (a queryset update sends no signal)
    assert providers.ex_ante(project) is None
    reasons = [services.reason_text(r) for r in ExAnteRecord.objects.get(project=project).missing]
    assert any(message in reason for reason in reasons)
    page = page_client(client, "editor-a").get(project.get_absolute_url()).content.decode()
    assert "No ex-ante estimate" in page and message in page.replace("&#x27;", "'")


def test_project_pages_show_the_numbers(project, client):
    estimate = providers.ex_ante(project)
    c = page_client(client, "editor-a")
    page = c.get(project.get_absolute_url()).content.decode()
    assert f"{estimate.change_t_ha_yr:.3f} t C/ha/yr" in page
    dash = c.get(reverse("dashboard:project", args=[project.pk])).content.decode()
    assert f"{estimate.change_t_ha_yr:.3f} t C/ha/yr" in dash
    download = c.get(estimate.report_url)
    assert json.loads(download.content)["result"]["summary"]["change_t_ha_yr"] == estimate.change_t_ha_yr
    png = c.get(reverse("estimates:ex-ante-png", args=[project.pk, 0]))
    assert png["Content-Type"] == "image/png" and png.content[:4] == b"\x89PNG"
    assert page_client(client, "editor-b").get(estimate.report_url).status_code == 404


# --- MRV --------------------------------------------------------------------------------------------------


_FILES: dict = {}


def _files(project, fresh=False):
    """A real `fourpermille mrv change --esm` / `credits` run on the fixture's two sites (the fixture's
    measurements are the same in every test, so the run is made once unless ``fresh``)."""
    if fresh or "files" not in _FILES:
        baseline, repeat = demo.campaigns(project, demo.DEMO_SEED)
        change, credits = demo.compute_files(baseline, repeat, 5)
        _FILES["files"] = baseline, repeat, change, credits
    return _FILES["files"]


def test_demo_mrv_result_equals_the_science_core(project, tmp_path):
    baseline, repeat, change, credits = _files(project)
    upload = services.MrvUpload("2024-2029", (change, "change.json"), (credits, "credits.json"))
    record = services.store_mrv(project, upload, None, is_demo=True)
    (result,) = providers.mrv(project)
    # By hand: stocks at equivalent soil mass, paired stratified change (sites as strata), 95 % interval.
    baseline.to_csv(tmp_path / "b.csv", index=False)
    repeat.to_csv(tmp_path / "r.csv", index=False)
    layers = mrv_io.read_campaign(tmp_path / "b.csv"), mrv_io.read_campaign(tmp_path / "r.csv")
    b, r, _info = mrv.campaign_stocks(*layers, esm=True)
    direct = mrv.stratified_change(b, r).change
    low, high = direct.interval(0.95)
    assert result.period == "2024-2029"
    assert result.change_t_ha_yr == pytest.approx(direct.mean / 5, rel=1e-9)
    assert (result.ci95_low_t_ha_yr, result.ci95_high_t_ha_yr) == (
        pytest.approx(low / 5, rel=1e-9),
        pytest.approx(high / 5, rel=1e-9),
    )
    assert result.change_t_ha_yr > 0  # the invented repeat raised every profile by -1..+6 %: net gain
    assert result.verified is False
    assert record.report_html.startswith("<!DOCTYPE html") or "<html" in record.report_html[:200]
    assert bytes(record.report_pdf)[:5] == b"%PDF-"


def test_demo_is_deterministic(project):
    first = _files(project, fresh=True)[2]
    second = _files(project, fresh=True)[2]
    assert json.loads(first)["net_change"] == json.loads(second)["net_change"]


def _post(client, who, project, **files):
    data = {"period": "2024-2029", "note": "", **files}
    return page_client(client, who).post(reverse("estimates:mrv-upload", args=[project.pk]), data)


def _upload(content, name="change.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_upload_by_editor_then_shown(project, client):
    _b, _r, change, credits = _files(project)
    response = _post(client, "editor-a", project, change=_upload(change), credits=_upload(credits, "c.json"))
    assert response.status_code == 302
    record = MrvRecord.objects.get(project=project)
    assert record.verified is False and record.uploaded_by.username == "editor-a"
    page = client.get(project.get_absolute_url()).content.decode()
    result = services.mrv_result(record)
    assert f"{result.change_t_ha_yr:.3f}" in page and "2024-2029" in page
    assert client.get(result.report_url).status_code == 200
    dash = client.get(reverse("dashboard:project", args=[project.pk])).content.decode()
    assert "2024-2029" in dash and f"{result.change_t_ha_yr:.3f}" in dash
    pdf = client.get(reverse("estimates:mrv-report", args=[record.pk, "pdf"]))
    assert pdf.content[:5] == b"%PDF-"


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), ("editor-b", 403), ("reviewer-assigned", 403), ("secretariat", 302)]
)
def test_upload_permissions(project, client, who, status):
    change = _files(project)[2]
    response = _post(client, who, project, change=_upload(change))
    assert response.status_code == status
    assert MrvRecord.objects.filter(project=project).exists() == (who == "secretariat")


def test_only_the_secretariat_marks_verified(project, client):
    change = _files(project)[2]
    _post(client, "editor-a", project, change=_upload(change), verified="on")
    assert MrvRecord.objects.get(project=project).verified is False
    MrvRecord.objects.all().delete()
    _post(client, "secretariat", project, change=_upload(change), verified="on")
    assert MrvRecord.objects.get(project=project).verified is True


def _broken(change: bytes, edit) -> bytes:
    data = json.loads(change)
    edit(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("not json", "change.json: not a valid JSON file."),
        ("credits as change", "change.json: not a fourpermille.mrv.change file"),
        ("missing mean", "change.json: field 'net_change.mean_t_ha' must be a number."),
        ("text se", "change.json: field 'net_change.se_t_ha' must be a number."),
        ("negative se", "needs a standard error"),
        ("bad period", "The period must read START-END in years"),
        ("change as credits", "c.json: not a fourpermille.mrv.credits file"),
        ("duplicate period", "already has a result for 2024-2029"),
        ("numbers only", "change.json: the report cannot be built from it"),
    ],
)
def test_bad_uploads_store_nothing_and_say_why(project, client, case, message):
    _b, _r, change, credits = _files(project)
    files = {"change": _upload(change)}
    period = "2024-2029"
    if case == "not json":
        files["change"] = _upload(b"{not json")
    elif case == "credits as change":
        files["change"] = _upload(credits)
    elif case == "missing mean":
        files["change"] = _upload(_broken(change, lambda d: d["net_change"].pop("mean_t_ha")))
    elif case == "text se":
        files["change"] = _upload(_broken(change, lambda d: d["net_change"].update(se_t_ha="x")))
    elif case == "negative se":
        files["change"] = _upload(_broken(change, lambda d: d["net_change"].update(se_t_ha=-1)))
    elif case == "bad period":
        period = "2029-2024"
    elif case == "numbers only":
        keep = {"kind", "net_change", "project"}
        files["change"] = _upload(
            _broken(
                change, lambda d: [d.pop(k) for k in list(d) if k not in keep] and d["project"].pop("strata")
            )
        )
    elif case == "change as credits":
        files["credits"] = _upload(change, "c.json")
    else:
        services.store_mrv(project, services.MrvUpload(period, (change, "first.json")), None)
    before = MrvRecord.objects.count()
    response = page_client(client, "editor-a").post(
        reverse("estimates:mrv-upload", args=[project.pk]), {"period": period, **files}
    )
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert MrvRecord.objects.count() == before


def test_mrv_report_hidden_from_those_who_cannot_see_the_project(project, client):
    change = _files(project)[2]
    record = services.store_mrv(project, services.MrvUpload("2024-2029", (change, "c.json")), None)
    url = reverse("estimates:mrv-report", args=[record.pk, "html"])
    assert page_client(client, "editor-b").get(url).status_code == 404
    assert math.isfinite(services.mrv_result(record).change_t_ha_yr)


# --- French and Spanish -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_catalogue_translated_and_compiled(lang):
    import gettext
    from pathlib import Path

    from tests.web.test_i18n import po_entries

    folder = Path(services.__file__).parent / "locale" / lang / "LC_MESSAGES"
    po = po_entries(folder / "django.po")
    assert len(po) > 60 and [k for k, v in po.items() if not v] == []
    with open(folder / "django.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    assert [k for k, v in po.items() if mo.gettext(k) != v] == []


def test_project_page_in_french(project, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # computed in English, shown in French
        project.practices.set([Practice.objects.get(code="biochar")])
    page = page_client(client, "editor-a").get("/fr" + project.get_absolute_url()).content.decode()
    assert "Pas d'estimation ex ante" in page
    assert "aucune des pratiques du projet (biochar)" in page
    assert "Résultats MRV" in page
