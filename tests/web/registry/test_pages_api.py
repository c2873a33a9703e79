"""Public registry pages and CSV, and the API: public reads, writes by role."""

from __future__ import annotations

import csv
import io

import pytest

from fourpermille.registry import serial
from fourpermille.web.registry import services
from fourpermille.web.registry.models import ExternalCredit, Retirement
from tests.web.conftest import api_client
from tests.web.registry.helpers import mrv_record, organisation, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(projects):
    """Two issuances (France 2025, Kenya 2024) of org A's and another org's projects; a retirement."""
    org_a = projects["draft-a"].organisation
    france = project(org_a, "Beauce soils", "France")
    kenya = project(organisation("Kenya org"), "Rift soils", "Kenya")
    ExternalCredit.objects.create(project=france, registry="verra", external_id="VCS-77")
    a = services.issue(mrv_record(france), "Verifier A")
    b = services.issue(mrv_record(kenya, "2020-2024"), "Verifier B")
    r = services.retire(a.account, services.RetirementRequest(12, "Ville de Test", "pledge", "France"))
    return a, b, r


@pytest.mark.parametrize("lang", ["", "/fr", "/es"])
def test_public_pages_in_three_languages(client, world, lang):
    a, b, r = world
    page = client.get(f"{lang}/registry/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Beauce soils" in text and "Rift soils" in text and "Ville de Test" in text
    detail = client.get(f"{lang}{a.get_absolute_url()}".replace("/fr/fr", "/fr").replace("/es/es", "/es"))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert services.serials(a) in body and "VCS-77" in body and "Verifier A" in body
    assert client.get(f"{lang}/registry/retirements/{r.pk}/").status_code == 200


def test_translations_are_there(client, world):
    assert "Registre" in client.get("/fr/registry/").content.decode()
    assert "Registro" in client.get("/es/registry/").content.decode()


def test_filters_and_csv(client, world):
    a, b, r = world
    assert "Rift soils" not in client.get("/registry/?country=France").content.decode()
    assert "Beauce soils" not in client.get("/registry/?vintage=2024").content.decode()
    retired_only = client.get("/registry/?status=retired").content.decode()
    assert "Beauce soils" in retired_only and "Rift soils" not in retired_only
    response = client.get("/registry/?country=France&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["project"] for row in rows] == ["Beauce soils"]
    row = rows[0]
    assert int(row["held"]) + int(row["buffer"]) + int(row["retired"]) + int(row["cancelled"]) == a.units
    assert row["retired"] == "12" and row["external_ids"] == "Verra (VCS) VCS-77"


def test_api_reads_are_public(world):
    a, b, r = world
    client = api_client(None)
    listing = client.get("/api/registry/issuances/?country=Kenya").json()
    assert [i["id"] for i in listing["results"]] == [b.pk]
    assert listing["results"][0]["units_now"]["held"] == b.holder_units
    assert listing["results"][0]["label"]["granted"] is False  # a draft project: no assessment
    assert listing["results"][0]["label"]["reasons"][0] == "no_safeguards"
    assert client.get(f"/api/registry/retirements/{r.pk}/").json()["beneficiary"] == "Ville de Test"
    assert client.get("/api/registry/verify/").json() == {
        "sound": True,
        "entries": 6,
        "problems": [],
    }  # 2 accounts, 2 issuances, split, retirement
    assert client.get("/api/registry/ledger/1/").status_code == 200


def test_api_writes_by_role(world, projects):
    a, b, r = world
    anonymous, editor_a, editor_b, secretariat = (
        api_client(w) for w in (None, "editor-a", "editor-b", "secretariat")
    )
    retire = {"quantity": 5, "beneficiary": "B", "reason": "R", "location": "France"}
    assert anonymous.post("/api/registry/retirements/", retire, format="json").status_code in (401, 403)
    assert editor_b.post("/api/registry/retirements/", retire, format="json").status_code == 403  # no account
    made = editor_a.post("/api/registry/retirements/", retire, format="json")
    assert made.status_code == 201, made.content
    assert Retirement.objects.get(pk=made.json()["id"]).account == a.account
    too_much = editor_a.post("/api/registry/retirements/", {**retire, "quantity": 10**6}, format="json")
    assert too_much.status_code == 400 and "asked" in too_much.json()["detail"]
    org_b = projects["draft-b"].organisation
    moved = editor_a.post(
        "/api/registry/transfers/", {"to_organisation": org_b.pk, "quantity": 3}, format="json"
    )
    assert moved.status_code == 201
    assert services.balance(services.account_for(org_b)) == 3
    issue = {"mrv_record": mrv_record(a.project, "2026-2030").pk, "verifier": "V"}
    assert editor_a.post("/api/registry/issuances/", issue, format="json").status_code == 403
    assert secretariat.post("/api/registry/issuances/", issue, format="json").status_code == 201
    cancel = {"project": a.project.pk, "quantity": 2, "reason": "loss"}
    assert editor_a.post("/api/registry/cancellations/", cancel, format="json").status_code == 403
    assert secretariat.post("/api/registry/cancellations/", cancel, format="json").json()["from_buffer"] == 2
    assert services.verify() == []


def test_cadt_export_uses_cadt_field_names_and_pick_lists(client, world):
    a, b, r = world
    units = client.get("/registry/?country=France&format=cadt").json()["units"]
    assert sum(u["unitCount"] for u in units) == a.units
    statuses = {u["unitStatus"]: u for u in units}
    assert set(statuses) == {"Held", "Buffer", "Retired"}  # CADT unitStatus pick-list values
    retired = statuses["Retired"]
    assert retired["unitCount"] == 12 and "Ville de Test" in retired["unitStatusReason"]
    block = r.blocks.get()
    assert retired["unitBlockStart"] == serial(a.project_id, 2025, block.first, block.first)
    assert retired["unitBlockEnd"] == serial(a.project_id, 2025, block.last, block.last)
    assert retired["vintageYear"] == 2025 and retired["unitType"] == "Removal - nature"
    assert retired["issuance"]["verificationBody"] == "Verifier A"
    assert retired["issuance"]["startDate"] == "2020-01-01" and retired["issuance"]["endDate"] == "2025-12-31"
    assert retired["unitRegistryLink"].endswith(a.get_absolute_url())


def test_account_page_moves_units_only_for_its_editors(client, world, projects):
    from tests.web.conftest import page_client

    a, b, r = world
    url = a.account.get_absolute_url()
    assert "Retire units" not in client.get(url).content.decode()  # public: read only
    before = services.balance(a.account)
    retire = {
        "retire-quantity": 7,
        "retire-beneficiary": "Town",
        "retire-reason": "pledge",
        "retire-location": "France",
    }
    client.post(url, retire)
    assert services.balance(a.account) == before  # anonymous: nothing moves
    editor_b = page_client(client, "editor-b")
    editor_b.post(url, retire)
    assert services.balance(a.account) == before
    client.logout()
    editor_a = page_client(client, "editor-a")
    asked = editor_a.post(url, retire)  # first the confirmation page, nothing moves yet
    body = asked.content.decode()
    assert asked.status_code == 200 and "Please confirm" in body and "Town" in body
    assert 'name="retire-confirmed" value="1"' in body and services.balance(a.account) == before
    response = editor_a.post(url, {**retire, "retire-confirmed": "1"})
    assert response.status_code == 302 and services.balance(a.account) == before - 7
    too_much = editor_a.post(url, {**retire, "retire-quantity": 10**6, "retire-confirmed": "1"})
    assert "asked" in too_much.content.decode() and services.balance(a.account) == before - 7
    org_b = projects["draft-b"].organisation
    transfer = {"transfer-to_organisation": org_b.pk, "transfer-quantity": 4}
    assert "Please confirm" in editor_a.post(url, transfer).content.decode()
    assert services.balance(services.account_for(org_b)) == 0
    moved = editor_a.post(url, {**transfer, "transfer-confirmed": "1"})
    assert moved.status_code == 302 and services.balance(services.account_for(org_b)) == 4
    assert services.verify() == []


def test_the_filter_bar_is_a_crispy_form_that_keeps_the_chosen_values(client, world):
    html = client.get("/registry/?country=France&status=retired").content.decode()
    bar = html[
        html.index("data-registry-filters") : html.index("</form>", html.index("data-registry-filters"))
    ]
    # crispy-bootstrap5 renders each field in its wrapper with its label: div_id_<field>, form-label
    for field in ("country", "vintage", "practice", "status"):
        assert f'id="div_id_{field}"' in bar and f'for="id_{field}"' in bar
    assert '<option value="France" selected>' in bar and '<option value="retired" selected>' in bar
    french = client.get("/fr/registry/").content.decode()
    assert "Pays" in french[french.index("data-registry-filters") :][:3000]
