"""Ex-ante estimates and MRV results on the platform (fourpermille.web.estimates)."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import subprocess
from html import unescape

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
from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.monitoring.services import import_measurements, site_stocks
from fourpermille.web.resources.models import Practice
from tests.cli.helpers import run_cli
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
    """Both sites have measurements: their measured 0-30 cm stock (the stored profile stocks' mean of the
    latest upload, as the site page shows it) is the baseline, not the typed baseline field."""
    result = providers.ex_ante(project)
    measured = [site_stocks(site).mean_t_ha for site in project.sites.order_by("name", "pk")]
    assert measured[0] is not None
    first = _direct("cool_temperate_moist", "HAC", measured[0], 2024)
    second = _direct("warm_temperate_moist", "LAC", measured[1], 2024)
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
    assert record.inputs[1]["input"]["soc_t_ha"] == pytest.approx(measured[1], rel=1e-12)
    assert record.inputs[1]["baseline"] == {
        "source": "measured",
        "profiles": 3,
        "upload": record.inputs[1]["baseline"]["upload"],
    }


def test_typed_baseline_used_where_a_site_has_no_measurement(project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        MeasurementUpload.objects.filter(site__project=project, site__name="second site").delete()
    record = ExAnteRecord.objects.get(project=project)
    assert record.inputs[1]["input"]["soc_t_ha"] == 42.0
    assert record.inputs[1]["baseline"] == {"source": "site"}
    assert record.inputs[0]["baseline"]["source"] == "measured"


def _status(project) -> str:
    return ExAnteRecord.objects.get(project=project).status


def test_estimate_recomputed_when_the_project_changes(project, django_capture_on_commit_callbacks):
    """Changing a site or the practices marks the record stale in the transaction; it is recomputed once
    the transaction commits (on-commit work), not when a page asks for it."""
    before = providers.ex_ante(project).change_t_ha_yr
    site = project.sites.get(name="second site")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        site.climate_zone = "warm_temperate_dry"
        site.save()
        assert _status(project) == "stale" and providers.ex_ante(project) is None
    assert callbacks and _status(project) == "ok"
    after = providers.ex_ante(project).change_t_ha_yr
    assert after < before  # a dry climate: a smaller input factor (IPCC 2019 Table 5.5), a smaller gain
    with django_capture_on_commit_callbacks(execute=True):
        project.practices.add(Practice.objects.get(code="reduced-tillage"))
        assert _status(project) == "stale"
    assert providers.ex_ante(project).change_t_ha_yr > after
    with django_capture_on_commit_callbacks(execute=True):
        project.sites.get(name="second site").delete()
    assert providers.ex_ante(project).trajectory[0][1] == pytest.approx(
        site_stocks(project.sites.get()).mean_t_ha
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
        MeasurementUpload.objects.filter(site__project=project).delete()
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

# A repeat campaign of the fixture's profiles: SOC contents raised by 3 %, bulk densities as before.
REPEAT_CSV = (
    "\n".join(
        ",".join([*cells[:3], f"{float(cells[3]) * 1.03:.2f}", cells[4]]) if i else line
        for i, (line, cells) in enumerate((line, line.split(",")) for line in CSV.strip().split("\n"))
    )
    + "\n"
)
FIRST, LATEST = dt.date(2020, 5, 1), dt.date(2025, 5, 1)


@pytest.fixture
def monitored(project, users, django_capture_on_commit_callbacks):
    """The project with a second (repeat) campaign on each site; returns (project, sampling dates). The
    new uploads' stocks become the sites' measured baseline: the estimate is recomputed as they commit."""
    dates = {}
    with django_capture_on_commit_callbacks(execute=True):
        for site in project.sites.all():
            first = site.uploads.get()
            second = import_measurements(
                site, ContentFile(REPEAT_CSV.encode(), name="repeat.csv"), users["editor-a"]
            ).upload
            dates[first.pk], dates[second.pk] = FIRST, LATEST
    return project, dates


def _files(monitored):
    """The demo's own pipeline on the fixture's campaigns, written as the command line writes the files."""
    project, dates = monitored
    pair = demo.campaigns(project, dates)
    change, credits = demo.compute(pair, float(project.area_ha))
    as_bytes = [json.dumps(mrv_io.json_ready(r.to_dict())).encode() for r in (change, credits)]
    return pair, *as_bytes


def test_demo_mrv_comes_from_the_stored_campaigns_and_equals_the_command_line(monitored, tmp_path):
    """One truth: the platform's demo result is the core pipeline's, and `fourpermille mrv change --esm`
    on the same two campaigns (as CSV) writes the same change."""
    project, dates = monitored
    pair = demo.campaigns(project, dates)
    assert pair.period == "2020-2025" and pair.years == pytest.approx(5.0, abs=0.01)
    assert sorted(pair.baseline["stratum"].unique()) == sorted(project.sites.values_list("name", flat=True))
    change, credits = demo.compute(pair, float(project.area_ha))
    record = services.store_mrv_result(project, pair.period, change, credits, None, note="d", is_demo=True)
    pair.baseline.to_csv(tmp_path / "b.csv", index=False)
    pair.repeat.to_csv(tmp_path / "r.csv", index=False)
    out = tmp_path / "change.json"
    result = run_cli(
        "mrv",
        "change",
        str(tmp_path / "b.csv"),
        str(tmp_path / "r.csv"),
        "--esm",
        "--years",
        str(pair.years),
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.stderr
    cli = json.loads(out.read_text())
    assert cli["net_change"] == pytest.approx(record.change["net_change"], rel=1e-12)
    assert cli["project"]["strata"] == record.change["project"]["strata"]
    (shown,) = providers.mrv(project)
    low, high = mrv.ChangeReport.from_dict(cli).net.interval(0.95)
    assert shown.change_t_ha_yr == pytest.approx(cli["net_change"]["mean_t_ha"] / pair.years, rel=1e-12)
    assert (shown.ci95_low_t_ha_yr, shown.ci95_high_t_ha_yr) == (
        pytest.approx(low / pair.years, rel=1e-12),
        pytest.approx(high / pair.years, rel=1e-12),
    )
    # +3 % SOC on every layer at unchanged bulk density: a gain, close to 3 % of the stock over 5 years
    assert 0 < shown.change_t_ha_yr
    assert shown.is_demo and shown.file_confidence == 0.9
    # the credits are for the project's area (100 ha), not per hectare
    assert record.credits["area_ha"] == 100.0 and record.credits["per_hectare"] is False


def test_demo_mrv_needs_two_campaigns(project):
    assert demo.campaigns(project) is None


def test_demo_is_deterministic(monitored):
    assert _files(monitored)[1] == _files(monitored)[1]


def test_report_uses_the_project_area_the_ex_ante_bar_and_says_which_interval(monitored):
    """Issue 11, "figures agree": (b) 90 % beside 95 %, (c) the ex-ante bar, (d) the project's area."""
    project, dates = monitored
    pair = demo.campaigns(project, dates)
    change, credits = demo.compute(pair, float(project.area_ha))
    record = services.store_mrv_result(project, pair.period, change, credits, None)
    html = record.report_html
    assert "100 ha (the project&#39;s area" in html or "100 ha (the project's area" in html
    assert "not given (results per hectare)" not in html
    estimate = providers.ex_ante(project)
    over = estimate.change_t_ha_yr * pair.years
    assert f"{over:+.2f} t C/ha" in html  # the ex-ante row of the summary, from the stored estimate
    assert "Comparison with the 4 per 1000 target and the ex-ante estimate" in html
    low, high = change.net.interval(0.95)
    assert "90 % two-sided t intervals" in html and f"{low:+.2f} .. {high:+.2f} t C/ha" in html
    context = _report_context(project, change, credits, pair)
    labels = [f["key"] for f in context["figures"]]
    assert "target" in labels and "DEMO" not in html
    # the page shows the same 95 % interval per year and says what each interval is
    page = project_page(project)
    assert f"{low / pair.years:.3f}" in page and "90 % by default" in page


def _report_context(project, change, credits, pair):
    from fourpermille.reports.mrv import build_report_context

    ex_ante = services.ex_ante_over_period(project, pair.years)
    assert ex_ante is not None
    return build_report_context(change, credits, None, None, ex_ante, project.title, pair.period, area_ha=100)


def project_page(project):
    from django.test import Client

    client = page_client(Client(), "editor-a")
    return client.get(project.get_absolute_url()).content.decode()


def test_target_chart_draws_the_ex_ante_bar(monitored):
    """(c) The 'measured change, target and ex-ante' chart has three bars when an ex-ante estimate exists."""
    from unittest import mock

    from fourpermille.reports import mrv as report_mod

    project, dates = monitored
    pair = demo.campaigns(project, dates)
    change, credits = demo.compute(pair, float(project.area_ha))
    with mock.patch.object(
        report_mod.plt.Axes, "bar", autospec=True, side_effect=report_mod.plt.Axes.bar
    ) as bar:
        services.build_report(project, change, credits, pair.period)
    heights = [
        list(call.args[2])
        for call in bar.call_args_list
        if isinstance(call.args[2], list) and len(call.args[2]) == 3
    ]
    assert heights, "no chart with measured, target and ex-ante bars"
    assert heights[0][2] == pytest.approx(providers.ex_ante(project).change_t_ha_yr * pair.years)


def test_demo_result_is_labelled_everywhere(monitored, client):
    """(e) A demo result is never shown as verified without the demo label: pages, report, PDF, JSON."""
    project, dates = monitored
    pair = demo.campaigns(project, dates)
    change, credits = demo.compute(pair, float(project.area_ha))
    record = services.store_mrv_result(
        project, pair.period, change, credits, None, note=demo.DEMO_NOTE, verified=True, is_demo=True
    )
    c = page_client(client, "editor-a")
    for url in (project.get_absolute_url(), reverse("dashboard:project", args=[project.pk])):
        page = c.get(url).content.decode()
        row = page[page.index(pair.period) :]
        row = row[: row.index("</tr>")]
        assert "badge demo" in row and "(demo)" in row, url
    html = unescape(c.get(reverse("estimates:mrv-report", args=[record.pk, "html"])).content.decode())
    assert "DEMO (invented data)" in html and demo.DEMO_NOTE in html
    pdf = c.get(reverse("estimates:mrv-report", args=[record.pk, "pdf"])).content
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "DEMO (invented data)" in text and "Demo: computed from the demo sites" in text
    data = json.loads(c.get(reverse("estimates:mrv-report", args=[record.pk, "json"])).content)
    assert data["is_demo"] is True and data["verified"] is True and data["note"] == demo.DEMO_NOTE


def _post(client, who, project, **files):
    data = {"period": "2024-2029", "note": "", **files}
    return page_client(client, who).post(reverse("estimates:mrv-upload", args=[project.pk]), data)


def _upload(content, name="change.json"):
    return SimpleUploadedFile(name, content, content_type="application/json")


def test_upload_by_editor_then_shown(monitored, client):
    project = monitored[0]
    _pair, change, credits = _files(monitored)
    response = _post(client, "editor-a", project, change=_upload(change), credits=_upload(credits, "c.json"))
    assert response.status_code == 302
    record = MrvRecord.objects.get(project=project)
    assert record.verified is False and record.uploaded_by.username == "editor-a"
    page = client.get(project.get_absolute_url()).content.decode()
    result = services.mrv_result(record)
    assert f"{result.change_t_ha_yr:.3f}" in page and "2024-2029" in page
    assert "badge demo" not in page[page.index("2024-2029") :]
    assert client.get(result.report_url).status_code == 200
    dash = client.get(reverse("dashboard:project", args=[project.pk])).content.decode()
    assert "2024-2029" in dash and f"{result.change_t_ha_yr:.3f}" in dash
    pdf = client.get(reverse("estimates:mrv-report", args=[record.pk, "pdf"]))
    assert pdf.content[:5] == b"%PDF-"


def test_upload_with_a_byte_order_mark(monitored, client):
    """Issue 12 item 8: a JSON file with a UTF-8 BOM is accepted, as CSV files are."""
    project = monitored[0]
    change = _files(monitored)[1]
    response = _post(client, "editor-a", project, change=_upload(b"\xef\xbb\xbf" + change))
    assert response.status_code == 302
    assert MrvRecord.objects.get(project=project).change == json.loads(change)


@pytest.mark.parametrize(
    ("who", "status"), [(None, 302), ("editor-b", 403), ("reviewer-assigned", 403), ("secretariat", 302)]
)
def test_upload_permissions(monitored, client, who, status):
    project = monitored[0]
    change = _files(monitored)[1]
    response = _post(client, who, project, change=_upload(change))
    assert response.status_code == status
    assert MrvRecord.objects.filter(project=project).exists() == (who == "secretariat")


def test_only_the_secretariat_marks_verified(monitored, client):
    project = monitored[0]
    change = _files(monitored)[1]
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
        ("not json", "change.json: not valid JSON"),
        ("binary", "change.json: not a UTF-8 text file"),
        ("credits as change", "change.json: not a fourpermille.mrv.change file"),
        ("other version", "change.json, field 'version': version 2 cannot be read"),
        ("missing mean", "change.json, field 'net_change.mean_t_ha': is missing"),
        ("text se", "change.json, field 'net_change.se_t_ha': must be a number in [0, 2000] t C/ha; got 'x'"),
        ("negative se", "field 'net_change.se_t_ha': must be a number in [0, 2000] t C/ha; got -1"),
        ("df 1e-300", "field 'net_change.df': must be a number in [1, 1e+12]; got 1e-300"),
        ("years -5", "field 'years': must be a number in [1, 100] yr; got -5"),
        ("years 1e-300", "field 'years': must be a number in [1, 100] yr; got 1e-300"),
        ("net edited", "field 'net_change': disagrees with the project change minus the baseline change"),
        ("bad period", "The period must read START-END in years"),
        ("change as credits", "c.json: not a fourpermille.mrv.credits file"),
        ("credits buffer 2", "c.json, field 'buffer': must be a number in [0, 1); got 2"),
        ("duplicate period", "already has a result for 2024-2029"),
        ("numbers only", "change.json, field 'confidence': is missing: a number in [0.5, 0.999] is needed"),
    ],
)
def test_bad_uploads_store_nothing_and_say_why(monitored, client, case, message):
    project = monitored[0]
    _pair, change, credits = _files(monitored)
    files = {"change": _upload(change)}
    period = "2024-2029"
    edits = {
        "credits as change": lambda: credits,
        "not json": lambda: b"{not json",
        "binary": lambda: bytes(range(256)),
        "other version": lambda: _broken(change, lambda d: d.update(version=2)),
        "missing mean": lambda: _broken(change, lambda d: d["net_change"].pop("mean_t_ha")),
        "text se": lambda: _broken(change, lambda d: d["net_change"].update(se_t_ha="x")),
        "negative se": lambda: _broken(change, lambda d: d["net_change"].update(se_t_ha=-1)),
        "df 1e-300": lambda: _broken(change, lambda d: d["net_change"].update(df=1e-300)),
        "years -5": lambda: _broken(change, lambda d: d.update(years=-5)),
        "years 1e-300": lambda: _broken(change, lambda d: d.update(years=1e-300)),
        "net edited": lambda: _broken(change, lambda d: d["net_change"].update(mean_t_ha=9.0)),
        "numbers only": lambda: _broken(
            change,
            lambda d: (
                [d.pop(k) for k in list(d) if k not in {"kind", "version", "net_change", "project"}]
                and d["project"].pop("strata")
            ),
        ),
    }
    if case in edits:
        files["change"] = _upload(edits[case]())
    elif case == "bad period":
        period = "2029-2024"
    elif case == "change as credits":
        files["credits"] = _upload(change, "c.json")
    elif case == "credits buffer 2":
        files["credits"] = _upload(_broken(credits, lambda d: d.update(buffer=2)), "c.json")
    else:
        services.store_mrv(project, services.MrvUpload(period, (change, "first.json")), None)
    before = MrvRecord.objects.count()
    response = page_client(client, "editor-a").post(
        reverse("estimates:mrv-upload", args=[project.pk]), {"period": period, **files}
    )
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert MrvRecord.objects.count() == before


def test_upload_race_for_one_period_is_a_form_error(monitored, client, monkeypatch):
    """Issue 12 item 3, deterministic: a second upload for the period that passed the check before the first
    committed meets the unique constraint and gets the form error, not a 500."""
    project = monitored[0]
    change = _files(monitored)[1]
    services.store_mrv(project, services.MrvUpload("2024-2029", (change, "first.json")), None)
    monkeypatch.setattr(services, "_period_taken", lambda project, period: False)  # the race: both checked
    response = _post(client, "editor-a", project, change=_upload(change))
    assert response.status_code == 400
    assert "already has a result for 2024-2029" in response.content.decode()
    assert MrvRecord.objects.filter(project=project).count() == 1


def test_a_stored_result_the_reader_refuses_is_named_not_a_500(monitored, client):
    """A record stored by an older platform whose checks were weaker (here: years 0.5) is named on the page
    with the reason, and left out of the dashboards, instead of failing the page."""
    project = monitored[0]
    change = _files(monitored)[1]
    record = services.store_mrv(project, services.MrvUpload("2024-2029", (change, "c.json")), None)
    MrvRecord.objects.filter(pk=record.pk).update(change={**record.change, "years": 0.5})
    response = page_client(client, "editor-a").get(project.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert "This stored result cannot be read:" in page and "field 'years'" in page
    assert providers.mrv(project) == []


def test_mrv_report_hidden_from_those_who_cannot_see_the_project(monitored, client):
    project = monitored[0]
    change = _files(monitored)[1]
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


def test_secretariat_verifies_a_result_from_the_project_page(monitored, client):
    """Issue 13: the secretariat verifies an uploaded MRV result from the project page, naming the verifier
    and the date; the editor who uploaded it cannot; a second verification is refused."""
    import datetime as dt

    project = monitored[0]
    change = _files(monitored)[1]
    assert _post(client, "editor-a", project, change=_upload(change)).status_code == 302
    record = MrvRecord.objects.get(project=project)
    url = reverse("estimates:mrv-verify", args=[record.pk])
    editor = page_client(client, "editor-a")
    assert url not in editor.get(project.get_absolute_url()).content.decode()
    assert editor.post(url, {"verifier": "Me", "verified_on": "2026-01-05"}).status_code == 403
    secretariat = page_client(client, "secretariat")
    assert url in secretariat.get(project.get_absolute_url()).content.decode()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert secretariat.post(url, {"verifier": "SoilCert", "verified_on": tomorrow}).status_code == 400
    response = secretariat.post(url, {"verifier": "SoilCert", "verified_on": "2026-01-05"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.verified, record.verifier, record.verified_on) == (True, "SoilCert", dt.date(2026, 1, 5))
    assert url not in secretariat.get(project.get_absolute_url()).content.decode()
    again = secretariat.post(url, {"verifier": "SoilCert", "verified_on": "2026-01-05"})
    assert again.status_code == 400 and "verified already" in again.content.decode()
