"""Each toolbox calculator gives the numbers and the CSV of its command on the same input (issue 14), refuses
bad input naming file, row and column, and counts runs anonymously per country."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fourpermille.cli import options as cli_options
from fourpermille.web.toolbox import forms, services
from fourpermille.web.toolbox.kpis import countries_using_toolbox
from fourpermille.web.toolbox.models import ToolboxUsage
from tests.cli.helpers import run_cli
from tests.web.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def upload(path, name=None):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type="text/csv")


def post(client, name, data):
    response = client.post(reverse(f"toolbox:{name}"), data)
    assert response.status_code == 200
    return response


def outcome_of(response):
    assert "outcome" in response.context, response.context["form"].errors
    return response.context["outcome"]


def downloaded(response, name):
    """The bytes of a download link on the page (a data: URL)."""
    url = dict(response.context["downloads"])[name]
    assert f'href="{url}" download="{name}"' in response.content.decode()
    return base64.b64decode(url.split("base64,", 1)[1])


def cli_words(command: str, directory, files: dict) -> list[str]:
    """The page's command, run in ``directory`` where ``files`` were saved under the names it uses."""
    import shlex

    for name, data in files.items():
        (directory / name).write_bytes(data)
    words = shlex.split(command)
    assert words[0] == "fourpermille"
    return [
        str(directory / w) if (directory / w).exists() or w.endswith((".csv", ".json")) else w
        for w in words[1:]
    ]


def test_stocks_same_as_cli(client, tmp_path):
    data = {
        "profiles": upload(services.EXAMPLE_PROFILES, "profiles.csv"),
        "depth_cm": "10,30",
        "method": "fixed",
        "esm_method": "spline",
        "max_extrapolation": "0.35",
    }
    response = post(client, "stocks", data)
    outcome = outcome_of(response)
    assert outcome.command == "fourpermille stocks profiles.csv --depth-cm 10,30 --method fixed -o stocks.csv"
    result = run_cli(
        *cli_words(outcome.command, tmp_path, {"profiles.csv": services.EXAMPLE_PROFILES.read_bytes()})
    )
    assert result.exit_code == 0, result.stderr
    assert downloaded(response, "stocks.csv") == (tmp_path / "stocks.csv").read_bytes()
    assert dict(outcome.summary)["profiles"] == "6"


def test_stocks_esm_same_as_cli(client, tmp_path):
    data = {
        "profiles": upload(services.EXAMPLE_PROFILES, "p.csv"),
        "depth_cm": "30",
        "method": "esm",
        "esm_method": "spline",
        "max_extrapolation": "0.35",
    }
    response = post(client, "stocks", data)
    outcome = outcome_of(response)
    result = run_cli(*cli_words(outcome.command, tmp_path, {"p.csv": services.EXAMPLE_PROFILES.read_bytes()}))
    assert result.exit_code == 0, result.stderr
    assert downloaded(response, "stocks.csv") == (tmp_path / "stocks.csv").read_bytes()


def test_target_same_as_cli(client, tmp_path):
    response = post(
        client,
        "target",
        {"soc0": 42.5, "years": 20, "rate": 0.004, "growth": "compound", "baseline_rate": -0.002},
    )
    outcome = outcome_of(response)
    result = run_cli(*cli_words(outcome.command, tmp_path, {}))
    assert result.exit_code == 0, result.stderr
    assert downloaded(response, "target.csv") == (tmp_path / "target.csv").read_bytes()
    last = (tmp_path / "target.csv").read_text().splitlines()[-1].split(",")
    assert float(last[2]) == pytest.approx(outcome.values["target_soc_t_ha"], rel=1e-5)
    assert "C (" in dict(outcome.summary)["baseline type"]


def test_tier1_same_as_cli(client, tmp_path):
    data = {
        "units": upload(services.EXAMPLE_UNITS),
        "approach": "2",
        "d_years": 20,
        "factors": "2019",
        "uncertainty": 100,
        "seed": 7,
        "per_unit": "on",
    }
    response = post(client, "tier1", data)
    outcome = outcome_of(response)
    assert "--uncertainty 100 --seed 7 --per-unit" in outcome.command
    result = run_cli(
        *cli_words(outcome.command, tmp_path, {"tier1_units.csv": services.EXAMPLE_UNITS.read_bytes()})
    )
    assert result.exit_code == 0, result.stderr
    assert downloaded(response, "tier1.csv") == (tmp_path / "tier1.csv").read_bytes()


ROTHC = {
    "site_id": "hoosfield",
    "clay": 23.4,
    "depth_cm": 23,
    "iom": 3.0041,
    "plant_input_t_ha_yr": 1.74,
    "input_months": [8],
    "fym_t_ha_yr": 0,
    "covered_months": [1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12],
    "dpm_rpm": 1.44,
    "years": 30,
    "rate": 0.004,
    "growth": "linear",
}


def test_rothc_same_as_cli(client, tmp_path):
    response = post(client, "rothc", {**ROTHC, "climate": upload(services.EXAMPLE_CLIMATE)})
    outcome = outcome_of(response)
    files = {
        "rothc_climate.csv": services.EXAMPLE_CLIMATE.read_bytes(),
        "sites.csv": downloaded(response, "sites.csv"),
        "management.csv": downloaded(response, "management.csv"),
    }
    result = run_cli(*cli_words(outcome.command, tmp_path, files))
    assert result.exit_code == 0, result.stderr
    assert downloaded(response, "rothc.csv") == (tmp_path / "rothc.csv").read_bytes()
    # the CLI's summary line carries the same extra input
    assert (
        f"{100 * outcome.values['required_input_increase_fraction']:.1f} %" in result.stderr + result.stdout
    )
    # and the single-site inverse agrees with `rothc inverse`'s closed form on Rothamsted's site (> 0)
    assert outcome.values["required_additional_input_t_ha_yr"] > 0


def test_mrv_same_as_cli(client):
    response = post(
        client,
        "mrv",
        {
            "cv": 0.25,
            "years": 8,
            "design": "independent",
            "correlation": 0.5,
            "rate": 0.004,
            "growth": "linear",
            "alpha": 0.05,
            "power": 0.9,
        },
    )
    outcome = outcome_of(response)
    words = outcome.command.split()[1:]
    result = run_cli(*words)
    assert result.exit_code == 0, result.stderr
    assert downloaded(response, "sample_size.json").decode() == result.stdout
    assert json.loads(result.stdout)["n"] == outcome.values["n"]
    header, values = downloaded(response, "sample_size.csv").decode().splitlines()
    assert dict(zip(header.split(","), values.split(","), strict=True))["n"] == str(outcome.values["n"])


# --- bad input --------------------------------------------------------------------------------------------
def test_bad_profile_names_file_row_column_and_range(client):
    text = b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\np1,0,30,12,9.5\n"
    response = post(
        client,
        "stocks",
        {
            "profiles": SimpleUploadedFile("mine.csv", text),
            "depth_cm": "30",
            "method": "fixed",
            "esm_method": "spline",
            "max_extrapolation": "0.35",
        },
    )
    assert "outcome" not in response.context
    message = response.context["form"].errors["profiles"][0]
    assert message.startswith("mine.csv, row 2, column 'bulk_density_g_cm3'")
    assert "2.65" in message  # the allowed range
    assert "fourpermille-toolbox" not in message  # no server path
    assert not ToolboxUsage.objects.exists()  # nothing counted, nothing stored


def test_bad_climate_names_file_row_column(client):
    bad = services.EXAMPLE_CLIMATE.read_text().replace("hoosfield,3,5.49", "hoosfield,3,75.49")
    response = post(client, "rothc", {**ROTHC, "climate": SimpleUploadedFile("clim.csv", bad.encode())})
    message = response.context["form"].errors["climate"][0]
    assert message.startswith("clim.csv, row 4, column 'temp'")
    assert "[-60, 60]" in message


def test_bad_units_and_out_of_range_options(client):
    response = post(
        client,
        "tier1",
        {
            "units": SimpleUploadedFile("u.csv", b"unit_id,year\nx,2000\n"),
            "approach": "1",
            "d_years": 20,
            "factors": "2019",
            "uncertainty": 0,
        },
    )
    assert "u.csv, row 1: missing column 'area_ha'" in response.context["form"].errors["units"][0]
    response = post(
        client, "target", {"soc0": 50, "years": 30, "rate": 0.4, "growth": "linear", "baseline_rate": 0}
    )
    assert "rate" in response.context["form"].errors


def test_form_ranges_are_the_commands():
    for key, name in (
        ("depth_cm", "DEPTH_CM"),
        ("soil_mass_t_ha", "SOIL_MASS_T_HA"),
        ("soc_t_ha", "SOC_STOCK_T_HA"),
        ("years", "HORIZON_YEARS"),
        ("rate", "RATE_PER_YR"),
        ("baseline_rate", "BASELINE_RATE_PER_YR"),
        ("d_years", "D_YEARS"),
        ("seed", "SEED"),
        ("rothc_depth_cm", "ROTHC_DEPTH_CM"),
        ("dpm_rpm", "DPM_RPM"),
        ("extrapolation", "EXTRAPOLATION_FRACTION"),
    ):
        allowed = getattr(cli_options, name)
        assert forms.RANGES[key] == (allowed.low, allowed.high), key


# --- usage counts and KPI ---------------------------------------------------------------------------------
def test_usage_counted_per_country_without_personal_data(client, django_user_model):
    target = {"soc0": 50, "years": 30, "rate": 0.004, "growth": "linear", "baseline_rate": 0}
    post(client, "target", target)  # anonymous, no country: unknown
    post(client, "target", {**target, "country": "SN"})
    client.login(username="editor-b", password=PASSWORD)  # Org B, country "Kenya"
    post(client, "target", target)
    post(client, "target", target)
    counts = {(u.country, u.calculator): u.count for u in ToolboxUsage.objects.all()}
    assert counts == {("unknown", "target"): 1, ("SN", "target"): 1, ("KE", "target"): 2}
    fields = {f.name for f in ToolboxUsage._meta.get_fields()}
    assert fields == {"id", "calculator", "country", "month", "count", "is_demo"}
    kpi = countries_using_toolbox()
    assert (kpi.value, kpi.records, kpi.demo) == (2.0, 2, False)
    assert kpi.url == reverse("toolbox:usage")
    page = client.get(kpi.url)
    assert [r["code"] for r in page.context["rows"]] == ["KE", "SN", "unknown"]
    assert page.context["countries"] == 2


def test_kpi_by_year_and_demo():
    import datetime as dt

    ToolboxUsage.objects.create(
        calculator="rothc", country="FR", month=dt.date(2025, 3, 1), count=4, is_demo=True
    )
    ToolboxUsage.objects.create(calculator="mrv", country="BR", month=dt.date(2026, 1, 1), count=1)
    ToolboxUsage.objects.create(calculator="mrv", country="unknown", month=dt.date(2025, 1, 1), count=9)
    kpi = countries_using_toolbox(2025)
    assert (kpi.value, kpi.records, kpi.demo) == (1.0, 1, True)
    assert kpi.url.endswith("/toolbox/usage/?year=2025")
    assert countries_using_toolbox().value == 2.0


def test_demo_loader_is_idempotent_and_flagged(client):
    from fourpermille.web.toolbox.demo import load_app_demo

    load_app_demo()
    n = ToolboxUsage.objects.count()
    load_app_demo()
    assert ToolboxUsage.objects.count() == n and n > 0
    assert not ToolboxUsage.objects.filter(is_demo=False).exists()
    assert countries_using_toolbox().demo
    assert "demo" in client.get(reverse("toolbox:usage")).content.decode()


def test_country_names_map_to_iso():
    from fourpermille.web.toolbox.countries import iso_code

    assert [
        iso_code(t)
        for t in ("France", "viet nam", "Vietnam", "USA", "Côte d'Ivoire", "Bolivia", "", "Atlantis")
    ] == ["FR", "VN", "VN", "US", "CI", "BO", "unknown", "unknown"]


@pytest.mark.parametrize("user", [None, "editor-a", "reviewer-other", "secretariat"])
def test_everyone_may_run_and_read(client, user):
    if user:
        client.login(username=user, password=PASSWORD)
    for name in ("index", "stocks", "target", "tier1", "rothc", "mrv", "usage"):
        assert client.get(reverse(f"toolbox:{name}")).status_code == 200
    assert client.get(reverse("toolbox:example", args=["sample_profiles.csv"])).status_code == 200
    assert client.get(reverse("toolbox:example", args=["settings.py"])).status_code == 404
