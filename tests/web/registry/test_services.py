"""Registry operations on the database: issuance from a verified MRV result, transfers and splits,
retirements, cancellation from the buffer first, double claims, constraints, and tamper detection."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from fourpermille import registry as rules
from fourpermille.web.registry import services
from fourpermille.web.registry.models import Block, BlockState, ExternalCredit, LedgerEntry
from fourpermille.web.registry.services import RegistryRefused, RetirementRequest
from tests.web.registry.helpers import credits_dict, mrv_record, organisation, project

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued():
    p = project()
    record = mrv_record(p)
    return services.issue(record, "Bureau Test Verification"), p


def test_issuance_follows_the_rule_set_and_splits_the_buffer_off(issued):
    issuance, p = issued
    expected = rules.plan_from_credits(credits_dict())
    assert (issuance.units, issuance.buffer_units) == (expected.units, expected.buffer_units)
    assert issuance.vintage == 2025 and issuance.rule_set == "vm0042"
    assert issuance.verifier == "Bureau Test Verification"
    holder, buffer = issuance.blocks.order_by("first")
    assert (holder.first, holder.last) == (1, expected.holder_units)
    assert (buffer.first, buffer.last) == (expected.holder_units + 1, expected.units)
    assert holder.account.organisation == p.organisation and buffer.account.kind == "buffer"
    assert holder.serial == f"4P1000-{p.pk:06d}-2025-000000001-{expected.holder_units:09d}"
    entry = LedgerEntry.objects.get(kind="issuance")
    assert entry.evidence["mrv_credits"] == credits_dict()
    assert entry.evidence["code_version"]
    assert entry.evidence_hash == issuance.evidence_hash
    assert services.verify() == []


def test_issuance_refusals():
    p = project()
    with pytest.raises(RegistryRefused, match="not verified"):
        services.issue(mrv_record(p, "2018-2019", verified=False), "V")
    with pytest.raises(RegistryRefused, match="no credits"):
        services.issue(mrv_record(p, "2017-2018", credits=None), "V")
    with pytest.raises(RegistryRefused, match="nothing to issue"):
        services.issue(mrv_record(p, "2016-2017", credits=credits_dict(mean_t_ha=-1.0)), "V")
    record = mrv_record(p)
    with pytest.raises(RegistryRefused, match="Name the verifier"):
        services.issue(record, "  ")
    services.issue(record, "V")
    with pytest.raises(RegistryRefused, match="already issued"):
        services.issue(record, "V")
    assert services.verify() == []


def test_a_period_credited_by_another_registry_is_refused():
    p = project()
    ExternalCredit.objects.create(
        project=p, registry="verra", external_id="VCS-4242", credited_from=2023, credited_to=2026
    )
    ExternalCredit.objects.create(
        project=p, registry="gold-standard", external_id="GS-1", credited_from=2015, credited_to=2020
    )  # touches the period's start only: no overlap
    with pytest.raises(RegistryRefused, match="VCS-4242 \\(2023-2026\\)"):
        services.issue(mrv_record(p, "2020-2025"), "V")
    assert not LedgerEntry.objects.filter(kind="issuance").exists()
    services.issue(mrv_record(p, "2026-2030"), "V")


def test_second_period_of_the_same_vintage_continues_the_serials():
    p = project()
    a = services.issue(mrv_record(p, "2020-2025"), "V")
    b = services.issue(mrv_record(p, "2024-2025"), "V")
    assert b.blocks.order_by("first").first().first == a.units + 1
    assert services.verify() == []


def test_transfer_splits_and_moves_exactly_the_quantity(issued):
    issuance, p = issued
    source = issuance.account
    target = services.account_for(organisation("Buyer"))
    before = services.balance(source)
    services.transfer(source, target, 100)
    assert services.balance(source) == before - 100 and services.balance(target) == 100
    split = Block.objects.get(state=BlockState.SPLIT)
    parts = sorted((b.first, b.last) for b in split.parts.all())
    assert parts == [(split.first, 100), (101, split.last)]
    with pytest.raises(RegistryRefused, match="holds 100 units; 101 asked"):
        services.transfer(target, source, 101)
    with pytest.raises(RegistryRefused, match="two different accounts"):
        services.transfer(target, target, 1)
    with pytest.raises(RegistryRefused, match="buffer"):
        services.transfer(target, services.buffer_account(), 1)
    assert services.verify() == []


def test_retirement_names_beneficiary_reason_location(issued):
    issuance, _p = issued
    request = RetirementRequest(250, "Town of Testville", "2025 climate pledge", "France")
    retirement = services.retire(issuance.account, request)
    assert retirement.blocks.get().quantity == 250
    assert services.balance(issuance.account) == issuance.holder_units - 250
    with pytest.raises(RegistryRefused, match="beneficiary, reason and location"):
        services.retire(issuance.account, RetirementRequest(1, "", "r", "l"))
    entry = LedgerEntry.objects.get(kind="retirement")
    assert entry.payload["beneficiary"] == "Town of Testville"
    assert services.verify() == []


def test_cancellation_takes_the_buffer_first(issued):
    issuance, p = issued
    buffer = services.buffer_account()
    first = services.cancel(p, issuance.buffer_units - 5, "loss found at the 2030 verification")
    assert first.from_buffer == issuance.buffer_units - 5
    assert services.balance(buffer) == 5 and services.balance(issuance.account) == issuance.holder_units
    second = services.cancel(p, 10, "further loss")
    assert second.from_buffer == 5
    assert services.balance(buffer) == 0 and services.balance(issuance.account) == issuance.holder_units - 5
    with pytest.raises(RegistryRefused, match="active units"):
        services.cancel(p, issuance.units, "too much")
    assert services.verify() == []


def test_database_constraints_hold_without_the_services(issued):
    issuance, _p = issued
    block = issuance.blocks.first()
    for change in ({"last": block.first - 1}, {"state": BlockState.RETIRED}, {"state": "lost"}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Block.objects.filter(pk=block.pk).update(**change)


def _raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_tampering_behind_the_orm_is_caught(issued):
    issuance, _p = issued
    services.retire(issuance.account, RetirementRequest(10, "B", "R", "L"))
    call_command("registry_verify")  # sound
    entry = LedgerEntry.objects.get(kind="retirement")
    table = LedgerEntry._meta.db_table
    _raw(f"UPDATE {table} SET payload = %s WHERE id = %s", ['{"quantity": 1}', entry.pk])
    with pytest.raises(CommandError) as caught:
        call_command("registry_verify")
    assert caught.value.returncode == 1
    assert "edited after it was written" in " ".join(services.verify())


def test_edited_evidence_and_moved_serials_are_caught(issued):
    issuance, _p = issued
    entry = LedgerEntry.objects.get(kind="issuance")
    _raw(
        f"UPDATE {LedgerEntry._meta.db_table} SET evidence = %s WHERE id = %s", ['{"forged": true}', entry.pk]
    )
    assert services.verify() == [f"entry {entry.sequence}: its evidence does not match its evidence hash"]
    _raw(
        f"UPDATE {LedgerEntry._meta.db_table} SET evidence = %s WHERE id = %s",
        [__import__("json").dumps(services.evidence_for(issuance.mrv_record)), entry.pk],
    )
    assert services.verify() == []
    block = issuance.blocks.order_by("first").first()
    _raw(f"UPDATE {Block._meta.db_table} SET last = last + 5 WHERE id = %s", [block.pk])
    problems = services.verify()
    assert any("issued" in p and "!=" in p for p in problems)
    assert any("overlap" in p for p in problems)


def test_a_removed_entry_is_caught(issued):
    issuance, _p = issued
    services.retire(issuance.account, RetirementRequest(10, "B", "R", "L"))
    _raw(f"DELETE FROM {LedgerEntry._meta.db_table} WHERE sequence = %s", [LedgerEntry.objects.count()])
    assert any("ledger head" in p for p in services.verify())


def test_label_granted_only_with_every_safeguard_met(projects, client):
    from fourpermille.web.assessment.models import CriterionResult

    published = services.issue(mrv_record(projects["published-a"]), "V")
    assert services.label(published).granted
    assert "Granted for this period" in client.get(published.get_absolute_url()).content.decode()
    in_review = services.issue(mrv_record(projects["review-a"]), "V")
    assert services.label(in_review).reasons[0] == "safeguards_not_met"  # not assessed yet: not met
    assert "assessment_not_published" in services.label(in_review).reasons
    safeguard = next(r for r in projects["published-a"].assessment.results.all() if r.criterion.is_safeguard)
    CriterionResult.objects.filter(pk=safeguard.pk).update(outcome="partly_met")
    refused = services.label(published)
    assert not refused.granted and refused.failing_safeguards == (safeguard.criterion.code,)
    page = client.get(f"/fr{published.get_absolute_url()}").content.decode()
    assert "Non attribué pour cette période" in page
