"""The complete ex-ante assessment on the platform: a site's climate (CSV or typed), scenarios, RothC beside
Tier 1, the greenhouse-gas balance per scenario, its page, dashboard card, downloads and demo."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fourpermille.errors import InputError
from fourpermille.estimate import CLIMATE_FIELDS
from fourpermille.rothc.parameters import PAN_COEFFICIENT
from fourpermille.web.estimates import climate as climate_mod
from fourpermille.web.estimates import demo, services
from fourpermille.web.estimates.models import (
    ClimateMonth,
    ExAnteRecord,
    Scenario,
    ScenarioPractice,
    SiteClimate,
)
from fourpermille.web.monitoring.services import import_measurements, site_stocks
from fourpermille.web.resources.models import Practice
from tests.web.conftest import page_client

pytestmark = pytest.mark.django_db

# The first year of the Rothamsted RothC-26.3 example input (RothC_Code v2.0.0 RothC_input.dat).
TEMP = [3.73, 3.08, 5.49, 7.4, 10.94, 14.4, 16.28, 16.24, 13.78, 9.51, 6.22, 4.09]
RAIN = [52.2, 42.9, 35.2, 52, 64.9, 46.3, 63.5, 60.6, 58.8, 63.4, 72.5, 60.9]
EVAP = [6.6, 17.3, 40.7, 70.5, 103.5, 117.3, 130.1, 106.9, 61.9, 29.5, 8.8, 3.9]
CLIMATE_CSV = "month,temperature_c,rain_mm,evaporation_mm\n" + "".join(
    f"{m},{t},{r},{e}\n" for m, t, r, e in zip(range(1, 13), TEMP, RAIN, EVAP, strict=True)
)
PROFILES = (
    "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"
    "P1,0,10,21.0,1.20\nP1,10,20,15.0,1.30\nP1,20,30,10.0,1.35\n"
    "P2,0,10,18.0,1.25\nP2,10,20,13.0,1.32\nP2,20,30,9.0,1.38\n"
)


def _upload(content: str, name="climate.csv"):
    return SimpleUploadedFile(name, content.encode(), content_type="text/csv")


def _climate_post(mode="upload", **extra):
    data = {
        "mode": mode,
        f"{mode}-evaporation_kind": "pan",
        f"{mode}-clay_pct": "24",
        f"{mode}-depth_cm": "30",
    }
    data.update(extra)
    return data


@pytest.fixture
def project(projects, django_capture_on_commit_callbacks):
    """draft-a: cover crops, one cool temperate site (HAC) with the Rothamsted climate and clay 24 %."""
    p = projects["draft-a"]
    with django_capture_on_commit_callbacks(execute=True):
        p.practices.set([Practice.objects.get(code="cover-crops")])
        site = p.sites.get()
        site.soil_class = "HAC"
        site.clay_pct = 24
        site.save()
        climate_mod.store_climate(
            site,
            climate_mod.typed_table({"temperature_c": TEMP, "rain_mm": RAIN, "evaporation_mm": EVAP}),
            evaporation_kind="pan",
            clay_pct=24.0,
            depth_cm=30.0,
        )
    return p


@pytest.fixture
def with_scenarios(project, django_capture_on_commit_callbacks):
    """The project with a baseline and three alternatives (the figures are test values)."""
    practices = {p.code: p for p in Practice.objects.all()}
    with django_capture_on_commit_callbacks(execute=True):
        Scenario.objects.create(
            project=project,
            name="Baseline",
            is_baseline=True,
            synthetic_n_kg_ha=150,
            crop="winter_wheat",
            yield_t_ha=7.0,
        )
        cover = Scenario.objects.create(
            project=project, name="Cover crops", investment_eur=0, yearly_cost_eur=5000, cover_crop_n_kg_ha=30
        )
        ScenarioPractice.objects.create(
            scenario=cover,
            practice=practices["cover-crops"],
            area_ha=100,
            adoption_year=2025,
            extra_input_t_c_ha_yr=0.9,
        )
        ca = Scenario.objects.create(
            project=project, name="Conservation", investment_eur=10000, yearly_cost_eur=2000
        )
        for code, extra in (("reduced-tillage", 0.5), ("residue-retention", 0.3)):
            ScenarioPractice.objects.create(
                scenario=ca,
                practice=practices[code],
                area_ha=60,
                adoption_year=2025,
                extra_input_t_c_ha_yr=extra,
            )
        trees = Scenario.objects.create(project=project, name="Trees", investment_eur=50000)
        ScenarioPractice.objects.create(
            scenario=trees,
            practice=practices["agroforestry"],
            area_ha=15,
            adoption_year=2026,
            extra_input_t_c_ha_yr=0.3,
        )
        ScenarioPractice.objects.create(
            scenario=trees, practice=practices["hedgerows"], area_ha=2, adoption_year=2026
        )
    return project


# --- Climate ---------------------------------------------------------------------------------------------


def test_typical_year_csv_is_stored_and_runs_rothc(project, client, django_capture_on_commit_callbacks):
    site = project.sites.get()
    c = page_client(client, "editor-a")
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            reverse("estimates:site-climate", args=[site.pk]),
            _climate_post(**{"upload-file": _upload(CLIMATE_CSV)}),
        )
    assert response.status_code == 302
    climate = SiteClimate.objects.get(site=site)
    assert climate.source == "climate.csv" and climate.months.count() == 12
    record = ExAnteRecord.objects.get(project=project)
    sent = record.inputs[0]["input"]["climate"]
    assert sent["temperature_c"] == TEMP and sent["evaporation_mm"] == EVAP
    # Cover and input shares: the cropland default (Rothamsted example: bare in September, input in August)
    assert sent["plant_cover"] == [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1]
    assert sent["plant_input_share"] == [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    summary = record.result["sites"][0]["estimate"]["summary"]
    assert summary["rothc_extra_input_for_4p1000_t_c_ha_yr"] > 0  # RothC ran: the inverse gives the need


def test_a_series_is_averaged_month_by_month_and_pet_converted(project):
    site = project.sites.get()
    rows = "year,month,temperature_c,rain_mm,evaporation_mm\n" + "".join(
        f"{y},{m},{t + d},{r},{e}\n"
        for y, d in ((2001, -1.0), (2002, 1.0))
        for m, t, r, e in zip(range(1, 13), TEMP, RAIN, EVAP, strict=True)
    )
    table = climate_mod.read_climate_csv(rows.encode(), "series.csv", "pet")
    assert table.is_series and table.years == [2001, 2002]
    climate = climate_mod.store_climate(site, table, evaporation_kind="pet", clay_pct=24, depth_cm=30)
    year = climate_mod.typical_year(climate)
    np.testing.assert_allclose(year["temperature_c"], TEMP, rtol=1e-9)
    np.testing.assert_allclose(year["evaporation_mm"], np.array(EVAP) / PAN_COEFFICIENT, rtol=1e-6)


@pytest.mark.parametrize(
    ("content", "row", "column", "text"),
    [
        (
            CLIMATE_CSV.replace("7,16.28,", "7,75,"),
            8,
            "temperature_c",
            "outside the allowed range [-60, 60] °C",
        ),
        (
            CLIMATE_CSV.replace("3,5.49,35.2", "3,5.49,-2"),
            4,
            "rain_mm",
            "outside the allowed range [0, 3000] mm",
        ),
        (CLIMATE_CSV.replace("12,4.09", "13,4.09"), 13, "month", "not a month"),
        (CLIMATE_CSV.replace("5,10.94,64.9", "5,10.94,abc"), 6, "rain_mm", "'abc' is not a number"),
        (CLIMATE_CSV.replace("12,4.09", "11,4.09"), 13, "month", "appears twice"),
        (CLIMATE_CSV.replace("rain_mm", "rainfall"), 1, "rainfall", "unknown column 'rainfall'"),
        (CLIMATE_CSV.replace("rain_mm", "rain"), 1, "rain", "mixed column names"),
    ],
)
def test_bad_climate_files_store_nothing_and_say_where(project, client, content, row, column, text):
    site = project.sites.get()
    before = list(ClimateMonth.objects.filter(climate__site=site).values_list("temperature_c", flat=True))
    with pytest.raises(InputError) as error:
        climate_mod.read_climate_csv(content.encode(), "bad.csv")
    assert error.value.file == "bad.csv" and error.value.row == row and error.value.column == column
    assert text in str(error.value)
    response = page_client(client, "editor-a").post(
        reverse("estimates:site-climate", args=[site.pk]),
        _climate_post(**{"upload-file": _upload(content, "bad.csv")}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was stored" in page and "bad.csv" in page
    after = list(ClimateMonth.objects.filter(climate__site=site).values_list("temperature_c", flat=True))
    assert after == before  # the stored climate is untouched (all or nothing)


def test_the_allowed_ranges_are_the_science_cores():
    assert climate_mod.allowed_range("temperature_c") == CLIMATE_FIELDS["temperature_c"][0]
    assert climate_mod.allowed_range("evaporation_mm") == CLIMATE_FIELDS["evaporation_mm"][0]


def test_typed_year_and_own_plant_cover(project, client, django_capture_on_commit_callbacks):
    site = project.sites.get()
    data = _climate_post("typed", **{"typed-plant_cover": "1 1 1 1 1 1 1 0 0 1 1 1", "typed-input_share": ""})
    for i in range(12):
        data[f"typed-temperature_c_{i + 1}"] = TEMP[i] + 1
        data[f"typed-rain_mm_{i + 1}"] = RAIN[i]
        data[f"typed-evaporation_mm_{i + 1}"] = EVAP[i]
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client(client, "editor-a").post(
            reverse("estimates:site-climate", args=[site.pk]), data
        )
    assert response.status_code == 302
    sent = ExAnteRecord.objects.get(project=project).inputs[0]["input"]["climate"]
    assert sent["temperature_c"][0] == pytest.approx(TEMP[0] + 1)
    assert sent["plant_cover"] == [1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1]
    data["typed-temperature_c_3"] = "99"
    response = page_client(client, "editor-a").post(reverse("estimates:site-climate", args=[site.pk]), data)
    assert response.status_code == 400 and SiteClimate.objects.get(site=site).months.get(
        month=3
    ).temperature_c == (pytest.approx(TEMP[2] + 1))


def test_southern_sites_have_their_seasons_moved():
    north = climate_mod.default_for("long_term_cultivated", 45.0)
    south = climate_mod.default_for("long_term_cultivated", -30.0)
    assert north.input_share.index(1) == 7 and south.input_share.index(1) == 1
    assert climate_mod.default_for("grassland", 10.0).plant_cover == (1,) * 12


def test_climate_page_permissions(project, client):
    url = reverse("estimates:site-climate", args=[project.sites.get().pk])
    assert page_client(client, "editor-b").get(url).status_code == 403
    assert page_client(client, "editor-a").get(url).status_code == 200


# --- Scenarios -------------------------------------------------------------------------------------------


def test_scenario_file_groups_practices_into_adoptions(with_scenarios):
    record = ExAnteRecord.objects.get(project=with_scenarios)
    data = record.inputs[0]["scenario_input"]
    assert "practices" not in data and data["nitrogen"] == {
        "synthetic_n_kg_ha": 150.0,
        "yield_t_ha": 7.0,
        "crop": "winter_wheat",
    }
    by_name = {s["name"]: s for s in data["scenarios"]}
    conservation = by_name["Conservation"]["adoptions"]
    assert len(conservation) == 1  # same area and year: one land unit
    assert sorted(conservation[0]["practices"]) == ["reduced_tillage", "residue_retention"]
    assert conservation[0]["extra_input_t_c_ha_yr"] == pytest.approx(0.8)
    assert len(by_name["Trees"]["adoptions"]) == 2
    assert by_name["Cover crops"]["costs"] == {"investment_eur": 0.0, "yearly_eur": 5000.0}


def test_stored_balance_is_the_science_cores(with_scenarios):
    """The stored result is exactly what the core computes from the stored input (one truth)."""
    from fourpermille import estimate_scenarios as core
    from fourpermille.estimate_rothc import rothc_trajectory

    record = ExAnteRecord.objects.get(project=with_scenarios)
    data = record.inputs[0]["scenario_input"]
    expected = core.estimate_scenarios(core.parse_scenario_project(data), rothc=rothc_trajectory).to_dict()
    stored = record.result["sites"][0]["scenarios"]
    assert json.loads(json.dumps(expected)) == stored
    ranking = record.result["scenario_summary"]
    assert [r["rank"] for r in ranking] == [1, 2, 3]
    gaps = [r["shortfall_4p1000_t_c"] for r in ranking]
    assert gaps == sorted(gaps)
    for row in ranking:
        result = next(s for s in stored["scenarios"] if s["id"] == row["id"])
        assert row["net_t_co2e"]["total"] == pytest.approx(result["gases"]["total"]["net_t_co2e"])
        assert sum(row["net_t_co2e"][g] for g in services.GAS_ORDER) == pytest.approx(
            row["net_t_co2e"]["total"]
        )
    cover = next(r for r in ranking if r["name"] == "Cover crops")
    assert cover["n2o_share_of_soc_gain"] > 0  # cover crop N: extra N2O takes back part of the SOC gain
    assert cover["t_co2e_per_eur"] == pytest.approx(-cover["net_t_co2e"]["total"] / (5000 * 20))


def test_measured_stock_is_the_scenarios_baseline(with_scenarios, users, django_capture_on_commit_callbacks):
    site = with_scenarios.sites.get()
    with django_capture_on_commit_callbacks(execute=True):
        import_measurements(site, ContentFile(PROFILES.encode(), name="m.csv"), users["editor-a"])
    measured = site_stocks(site).mean_t_ha
    record = ExAnteRecord.objects.get(project=with_scenarios)
    assert record.inputs[0]["scenario_input"]["soc_t_ha"] == pytest.approx(measured)
    assert record.result["sites"][0]["scenarios"]["soc0_t_ha"] == pytest.approx(measured)
    assert record.result["sites"][0]["estimate"]["summary"]["soc0_t_ha"] == pytest.approx(measured)


def test_scenario_forms(project, client, django_capture_on_commit_callbacks):
    practice = Practice.objects.get(code="cover-crops")
    data = {
        "name": "Cover crops everywhere",
        "description": "",
        "investment_eur": "1000",
        "yearly_cost_eur": "200",
        "yield_change_pct": "-2",
        "synthetic_n_kg_ha": "",
        "organic_n_kg_ha": "",
        "cover_crop_n_kg_ha": "25",
        "crop": "",
        "yield_t_ha": "",
        "practices-TOTAL_FORMS": "1",
        "practices-INITIAL_FORMS": "0",
        "practices-MIN_NUM_FORMS": "0",
        "practices-MAX_NUM_FORMS": "1000",
        "practices-0-practice": practice.pk,
        "practices-0-area_ha": "80",
        "practices-0-adoption_year": "2025",
        "practices-0-extra_input_t_c_ha_yr": "0.7",
    }
    url = reverse("estimates:scenario-create", args=[project.pk])
    assert page_client(client, "editor-b").post(url, data).status_code == 403
    too_big = {**data, "practices-0-area_ha": "150"}
    response = page_client(client, "editor-a").post(url, too_big)
    assert response.status_code == 400 and "exceeds the project" in response.content.decode()
    assert not Scenario.objects.filter(project=project).exists()
    baseline_with_practice = {**data, "is_baseline": "on"}
    response = page_client(client, "editor-a").post(url, baseline_with_practice)
    assert response.status_code == 400 and "adopts no practice" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client(client, "editor-a").post(url, data)
    assert response.status_code == 302
    scenario = Scenario.objects.get(project=project)
    assert scenario.practices.get().area_ha == 80
    record = ExAnteRecord.objects.get(project=project)
    assert record.result["sites"][0]["scenarios"]["scenarios"][0]["name"] == "Cover crops everywhere"
    page = (
        page_client(client, "editor-a").get(reverse("estimates:project", args=[project.pk])).content.decode()
    )
    assert "Compare at least 3 alternatives" in page
    with django_capture_on_commit_callbacks(execute=True):
        page_client(client, "editor-a").post(reverse("estimates:scenario-delete", args=[scenario.pk]))
    assert not Scenario.objects.exists()
    assert "scenarios" not in ExAnteRecord.objects.get(project=project).result["sites"][0]


# --- The page, the dashboard and the downloads -----------------------------------------------------------


def test_pages_show_the_stored_numbers_and_compute_nothing(with_scenarios, client, monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("a page computed an estimate")

    monkeypatch.setattr(services, "run_scenarios", forbidden)
    monkeypatch.setattr(services, "estimate_all", forbidden)
    record = ExAnteRecord.objects.get(project=with_scenarios)
    c = page_client(client, "editor-a")
    page = c.get(reverse("estimates:project", args=[with_scenarios.pk])).content.decode()
    summary = record.result["sites"][0]["estimate"]["summary"]
    assert f"{summary['rothc_extra_input_for_4p1000_t_c_ha_yr']:.2f}" in page
    assert f"{summary['tier1_gain_t_ha']:.2f}" in page
    assert "Why RothC and Tier 1 differ" in page
    first = record.result["scenario_summary"][0]
    assert f"{first['net_t_co2e']['total']:,.0f}" in page
    dash = c.get(reverse("dashboard:project", args=[with_scenarios.pk])).content.decode()
    assert 'id="section-scenarios"' in dash and f"{first['net_t_co2e']['total']:,.0f}" in dash
    site_page = c.get(with_scenarios.sites.get().get_absolute_url()).content.decode()
    assert reverse("estimates:site-climate", args=[with_scenarios.sites.get().pk]) in site_page
    detail = c.get(with_scenarios.get_absolute_url()).content.decode()
    assert reverse("estimates:project", args=[with_scenarios.pk]) in detail
    assert (
        page_client(client, "editor-b")
        .get(reverse("estimates:project", args=[with_scenarios.pk]))
        .status_code
        == 404
    )


def test_page_in_french_and_spanish(with_scenarios, client):
    c = page_client(client, "editor-a")
    url = reverse("estimates:project", args=[with_scenarios.pk])
    fr = c.get("/fr" + url).content.decode()
    assert "Pourquoi RothC et le niveau 1 diffèrent" in fr and "Bilan de gaz à effet de serre" in fr
    es = c.get("/es" + url).content.decode()
    assert "Por qué difieren RothC y el nivel 1" in es and "Balance de gases de efecto invernadero" in es


def test_downloads_carry_the_command_lines_numbers(with_scenarios, client, tmp_path):
    """End to end: the exported project file, run by ``fourpermille estimate`` in a subprocess, gives the
    JSON the page serves, and the same PNG."""
    c = page_client(client, "editor-a")
    exported = c.get(reverse("estimates:project-file", args=[with_scenarios.pk, 0]))
    assert exported.status_code == 200
    path = tmp_path / "project.yaml"
    path.write_bytes(exported.content)
    assert "scenarios" in yaml.safe_load(exported.content)
    out, png = tmp_path / "out.json", tmp_path / "out.png"
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "from fourpermille.cli.entry import run; run()",
            "estimate",
            str(path),
            "-o",
            str(out),
            "--plot",
            str(png),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    page_json = json.loads(c.get(reverse("estimates:ex-ante-json", args=[with_scenarios.pk])).content)
    assert json.loads(out.read_text()) == page_json["result"]["sites"][0]["scenarios"]
    page_png = c.get(reverse("estimates:scenarios-png", args=[with_scenarios.pk, 0]))
    assert page_png["Content-Type"] == "image/png" and page_png.content == png.read_bytes()


# --- Demo ------------------------------------------------------------------------------------------------


def test_demo_project_shows_rothc_tier1_and_three_scenarios(
    projects, client, django_capture_on_commit_callbacks
):
    project = projects["draft-a"]
    project.is_demo = True
    project.save()
    assert demo.demo_exante_project() == project
    with django_capture_on_commit_callbacks(execute=True):
        project.sites.update(soil_class="HAC", clay_pct=24)
        assert demo.load_demo_exante() is True
    assert demo.load_demo_exante() is False  # once
    services.compute_ex_ante(project)
    record = ExAnteRecord.objects.get(project=project)
    assert record.status == "ok", record.missing
    assert len(record.result["scenario_summary"]) == 3
    assert "rothc_gain_t_ha" in record.result["sites"][0]["estimate"]["summary"]
    assert all(s.is_demo for s in Scenario.objects.filter(project=project))
    page = (
        page_client(client, "secretariat")
        .get(reverse("estimates:project", args=[project.pk]))
        .content.decode()
    )
    assert page.count('class="badge demo"') >= 5  # the project, the climate and each scenario say demo
    assert "(demo)" in page and "Hedgerows and agroforestry (demo)" in page


def test_gwp_set_and_n2o_factors_are_chosen_per_project(
    with_scenarios, client, django_capture_on_commit_callbacks
):
    """AR5 weighs N2O at 265 instead of AR6's 273 (AR5 WG1 Table 8.A.1; AR6 WG1 Table 7.15): the project
    file carries the choice and the N2O balance scales by their ratio."""
    before = ExAnteRecord.objects.get(project=with_scenarios).result["scenario_summary"]
    url = reverse("estimates:options", args=[with_scenarios.pk])
    assert (
        page_client(client, "editor-b").post(url, {"gwp": "AR5", "n2o_factors": "aggregated"}).status_code
        == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = page_client(client, "editor-a").post(url, {"gwp": "AR5", "n2o_factors": "aggregated"})
    assert response.status_code == 302
    record = ExAnteRecord.objects.get(project=with_scenarios)
    assert record.inputs[0]["scenario_input"]["ghg"] == {"gwp": "AR5", "n2o_factors": "aggregated"}
    assert record.result["sites"][0]["scenarios"]["gwp"] == "AR5"
    after = {r["id"]: r for r in record.result["scenario_summary"]}
    for row in before:
        assert after[row["id"]]["net_t_co2e"]["n2o"] == pytest.approx(row["net_t_co2e"]["n2o"] * 265 / 273)
        assert after[row["id"]]["net_t_co2e"]["soc_co2"] == pytest.approx(row["net_t_co2e"]["soc_co2"])
