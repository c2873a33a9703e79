"""The secretariat cancels on the issuance page (after confirming); the rule sets compared on one verified
campaign; projects exported in the Climate Action Data Trust (CADT) project model."""

from __future__ import annotations

import pytest

from fourpermille import registry
from fourpermille.web.registry import services
from fourpermille.web.registry.models import Cancellation
from tests.web.conftest import page_client
from tests.web.registry.helpers import measured_record, mrv_record, project

pytestmark = pytest.mark.django_db

#: CADT v1 project fields (src/validations/projects.validations.js of Chia-Network/cadt) that we fill.
CADT_PROJECT_FIELDS = {
    "projectId",
    "originProjectId",
    "registryOfOrigin",
    "currentRegistry",
    "program",
    "projectName",
    "projectLink",
    "projectDeveloper",
    "sector",
    "projectType",
    "projectTags",
    "coveredByNDC",
    "ndcInformation",
    "projectStatus",
    "projectStatusDate",
    "unitMetric",
    "methodology",
    "validationBody",
    "validationDate",
    "description",
    "projectLocations",
    "issuances",
    "labels",
}


def test_secretariat_cancels_on_the_issuance_page_after_confirming(client, projects):
    issuance = services.issue(mrv_record(project()), "V")
    url = issuance.get_absolute_url()
    data = {"cancel-quantity": 5, "cancel-reason": "loss at the 2030 verification"}
    assert "Cancel units (secretariat)" not in client.get(url).content.decode()
    assert page_client(client, "editor-a").post(url, data).status_code == 403
    client.logout()
    secretariat = page_client(client, "secretariat")
    asked = secretariat.post(url, data)
    assert "Please confirm" in asked.content.decode() and not Cancellation.objects.exists()
    done = secretariat.post(url, {**data, "cancel-confirmed": "1"})
    assert done.status_code == 302
    row = Cancellation.objects.get()
    assert (row.quantity, row.from_buffer) == (5, 5)  # the buffer first
    refused = secretariat.post(url, {**data, "cancel-quantity": 10**6, "cancel-confirmed": "1"})
    assert "active units" in refused.content.decode()
    assert services.verify() == []


def test_rule_sets_compared_on_one_verified_campaign(client, projects):
    record = measured_record(projects["published-a"])
    outcomes = services.rule_set_comparison(record)
    assert [o.method for o in outcomes] == list(registry.RULE_SETS)
    page = client.get(f"/registry/compare/{record.pk}/")
    body = page.content.decode()
    for o in outcomes:
        assert o.credits["standard"] in body
        assert f"{o.credits['credits_t_co2e']:.1f}" in body
        if o.plan is not None:
            assert f'<td class="num">{o.plan.units}</td>' in body
    assert "66.7 %" in body and "20 percent" in body  # each rule set's uncertainty treatment
    assert "Règles de crédit comparées" in client.get(f"/fr/registry/compare/{record.pk}/").content.decode()
    unverified = measured_record(project(title="unverified"), verified=False)
    assert client.get(f"/registry/compare/{unverified.pk}/").status_code == 404


def test_projects_export_in_the_cadt_project_model(client, projects):
    published = projects["published-a"]
    issuance = services.issue(measured_record(published), "Verifier P")
    other = services.issue(mrv_record(project(title="Rift soils", country="Kenya"), "2020-2024"), "V")
    response = client.get("/registry/?format=cadt-projects&country=France")
    assert "attachment" in response["Content-Disposition"]
    rows = response.json()["projects"]
    assert [r["projectName"] for r in rows] == [published.title]
    row = rows[0]
    assert set(row) == CADT_PROJECT_FIELDS
    assert row["projectId"] == f"{published.pk:06d}" and row["unitMetric"] == "tCO2e"
    assert row["projectStatus"] == "Registered" and row["coveredByNDC"] == "Unknown"  # CADT pick lists
    assert row["projectType"] == "Soil Enrichment" and row["projectDeveloper"] == published.organisation.name
    assert row["projectLink"] == f"http://testserver{published.get_absolute_url()}"
    assert row["issuances"][0]["verificationBody"] == "Verifier P"
    assert row["projectLocations"][0] == {
        "country": "France",
        "inCountryRegion": None,
        "geographicIdentifier": "48.00000,2.00000",
    }
    (label,) = row["labels"]
    assert label["label"] == "4 per 1000 label" and label["unitQuantity"] == issuance.units
    assert label["labelLink"].endswith(f"/registry/labels/{published.pk}/2020-2025/")
    assert label["validityPeriodEndDate"] is None
    everything = client.get("/registry/?format=cadt-projects").json()["projects"]
    assert {r["projectName"] for r in everything} == {published.title, other.project.title}
    assert next(r for r in everything if r["projectName"] == "Rift soils")["labels"] == []
