"""The "4 per 1000" label: awarded when the rules grant it, refused while a safeguard is not met (the page
says why), withdrawn with date, cause and reason (the page says so); its verification page, its seal (the QR
code decodes to the page's absolute URL) and the secretariat's actions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import zxingcpp
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from PIL import Image

from fourpermille.web.assessment.models import CriterionResult
from fourpermille.web.registry import services
from fourpermille.web.registry.models import Label, LedgerEntry
from tests.web.conftest import page_client
from tests.web.registry.helpers import measured_record

pytestmark = pytest.mark.django_db


def _decode(png: bytes) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


@pytest.fixture
def labelled(projects):
    """The published project's verified result, issued: the label is awarded with the issuance."""
    record = measured_record(projects["published-a"])
    issuance = services.issue(record, "Test verification body", verified_on=dt.date(2025, 3, 1))
    return record, issuance


def test_issuance_of_a_project_that_passed_the_assessment_awards_the_label(labelled, client):
    record, issuance = labelled
    label = Label.objects.get(mrv_record=record)
    assert label.status == "granted" and label.criteria_version == services.criteria_version(record.project)
    assert label.evidence["safeguards"] and set(label.evidence["safeguards"].values()) == {"met"}
    assert LedgerEntry.objects.filter(kind="label", payload__label=label.pk).count() == 1
    assert services.verify() == []
    body = client.get(label.get_absolute_url()).content.decode()
    assert 'data-state="granted"' in body
    for text in (
        "Test verification body",  # the verifier, named
        "2025-03-01",  # the verification date
        label.criteria_version,
        label.evidence_hash,
        issuance.evidence_hash,
        "4 per 1000 target over the period",
    ):
        assert text in body
    target = services.label_page(record).target
    assert f"{target['target_change_t_ha']:.2f} t C/ha" in body  # the change file's own comparison


def test_seal_qr_decodes_to_the_label_page_url(labelled, client):
    record, _issuance = labelled
    url = f"/registry/labels/{record.project_id}/{record.period}/"
    png = client.get(url + "seal.png")
    assert png["Content-Type"] == "image/png"
    assert _decode(png.content) == [f"http://testserver{url}"]
    french = client.get(f"/fr{url}seal.png")
    assert _decode(french.content) == [f"http://testserver/fr{url}"]
    svg = client.get(url + "seal.svg?download=1")
    assert svg["Content-Type"].startswith("image/svg+xml") and "attachment" in svg["Content-Disposition"]
    text = svg.content.decode()
    assert text.startswith("<?xml") and '<path d="M' in text and record.project.title in text
    spanish = client.get(f"/es{url}seal.svg").content.decode()
    assert "4 por 1000" in spanish and "Escanear para verificar" in spanish
    assert client.get(url + "seal.gif").status_code == 404


def test_label_refused_while_a_safeguard_is_not_met(projects, client):
    record = measured_record(projects["review-a"])  # in review: safeguards not assessed yet
    services.issue(record, "V")
    assert not Label.objects.filter(mrv_record=record).exists()
    with pytest.raises(services.RegistryRefused, match="safeguard criteria not met"):
        services.award_label(record)
    url = f"/registry/labels/{record.project_id}/{record.period}/"
    body = client.get(url).content.decode()
    assert 'data-state="refused"' in body and "safeguard criteria not met" in body
    assert client.get(url + "seal.png").status_code == 404
    french = client.get(f"/fr{url}").content.decode()
    assert "critères de sauvegarde non remplis" in french


def test_a_safeguard_found_not_met_after_the_award_refuses_the_label(labelled, client):
    record, _issuance = labelled
    safeguard = next(r for r in record.project.assessment.results.all() if r.criterion.is_safeguard)
    CriterionResult.objects.filter(pk=safeguard.pk).update(outcome="partly_met")
    page = services.label_page(record)
    assert page.state == "refused" and page.decision.failing_safeguards == (safeguard.criterion.code,)
    url = f"/registry/labels/{record.project_id}/{record.period}/"
    assert "no longer met" in client.get(url).content.decode()
    assert client.get(url + "seal.svg").status_code == 404


def test_withdrawal_records_date_cause_reason_and_the_page_says_so(labelled, client):
    record, _issuance = labelled
    label = Label.objects.get(mrv_record=record)
    with pytest.raises(services.RegistryRefused, match="reason"):
        services.withdraw_label(label, "verification", "  ")
    with pytest.raises(services.RegistryRefused, match="cause"):
        services.withdraw_label(label, "whim", "because")
    row = services.withdraw_label(label, "verification", "verifier's accreditation suspended")
    record.refresh_from_db()
    assert row.status == "withdrawn" and row.withdrawn_at is not None and not record.verified
    assert services.label_page(record).decision.reasons[-1] == "withdrawn"
    with pytest.raises(services.RegistryRefused, match="already withdrawn"):
        services.withdraw_label(row, "assessment", "again")
    url = f"/registry/labels/{record.project_id}/{record.period}/"
    body = client.get(url).content.decode()
    assert 'data-state="withdrawn"' in body
    assert row.withdrawn_at.strftime("%Y-%m-%d") in body and "verifier&#x27;s accreditation suspended" in body
    assert "the verification was withdrawn" in body
    assert "retirée" in client.get(f"/fr{url}").content.decode().lower()
    assert client.get(url + "seal.png").status_code == 404
    assert LedgerEntry.objects.filter(kind="label_withdrawal", payload__label=row.pk).count() == 1
    assert services.verify() == []


def test_the_database_refuses_a_withdrawal_without_date_or_reason(labelled):
    record, _issuance = labelled
    for change in ({"status": "withdrawn"}, {"status": "withdrawn", "withdrawal_cause": "assessment"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Label.objects.filter(mrv_record=record).update(**change)


def test_edited_label_evidence_is_caught(labelled):
    record, _issuance = labelled
    Label.objects.filter(mrv_record=record).update(evidence={"safeguards": {}})
    assert any("label" in p and "evidence" in p for p in services.verify())


def test_secretariat_withdraws_on_the_page_after_confirming(labelled, client):
    record, _issuance = labelled
    url = f"/registry/labels/{record.project_id}/{record.period}/"
    data = {"withdraw-cause": "assessment", "withdraw-reason": "assessment reopened"}
    assert page_client(client, "editor-a").post(url, data).status_code == 403
    client.logout()
    secretariat = page_client(client, "secretariat")
    first = secretariat.post(url, data)
    assert first.status_code == 200 and "Please confirm" in first.content.decode()
    assert Label.objects.get(mrv_record=record).status == "granted"  # nothing done yet
    second = secretariat.post(url, {**data, "withdraw-confirmed": "1"})
    assert second.status_code == 302
    label = Label.objects.get(mrv_record=record)
    assert label.status == "withdrawn" and label.withdrawal_cause == "assessment"
    record.refresh_from_db()
    assert record.verified  # only a withdrawn verification unverifies the result


def test_secretariat_awards_a_label_the_rules_grant(projects, client):
    record = measured_record(projects["published-a"])
    url = f"/registry/labels/{record.project_id}/{record.period}/"
    assert 'data-state="eligible"' in client.get(url).content.decode()
    assert page_client(client, "editor-a").post(url, {"award": "1"}).status_code == 403
    client.logout()
    assert page_client(client, "secretariat").post(url, {"award": "1"}).status_code == 302
    assert Label.objects.get(mrv_record=record).status == "granted"


def test_an_unverified_result_without_a_label_has_no_public_page(projects, client):
    record = measured_record(projects["published-a"], verified=False)
    assert client.get(f"/registry/labels/{record.project_id}/{record.period}/").status_code == 404


def test_label_command_shows_awards_and_withdraws(projects, capsys):
    record = measured_record(projects["published-a"])
    args = [str(record.project_id), record.period]
    call_command("registry_label", "show", *args)
    assert capsys.readouterr().out.startswith("eligible")
    with pytest.raises(CommandError, match="--as"):
        call_command("registry_label", "award", *args)
    call_command("registry_label", "award", *args, "--as", "secretariat")
    assert "label awarded" in capsys.readouterr().out
    with pytest.raises(CommandError, match="reason"):
        call_command("registry_label", "withdraw", *args, "--cause", "assessment", "--as", "secretariat")
    withdraw = ["--cause", "assessment", "--reason", "reopened", "--as", "secretariat"]
    call_command("registry_label", "withdraw", *args, *withdraw)
    assert "label withdrawn" in capsys.readouterr().out
    assert Label.objects.get(mrv_record=record).withdrawal_reason == "reopened"


def test_verifier_and_verification_date_stay_with_the_mrv_result(projects):
    record = measured_record(projects["published-a"])
    record.verifier = "Named verifier"
    record.save()
    with pytest.raises(services.RegistryRefused, match="Named verifier"):
        services.issue(record, "Someone else")
    issuance = services.issue(record, "", verified_on=dt.date(2025, 6, 30))
    record.refresh_from_db()
    assert issuance.verifier == "Named verifier" and record.verified_on == dt.date(2025, 6, 30)
    unit = services.cadt_units([issuance], lambda i: "x")[0]
    assert unit["issuance"]["verificationDate"] == "2025-06-30"
    assert unit["issuance"]["verificationBody"] == "Named verifier"
