"""The registry's rules (fourpermille.registry): serials, issuance from credits, splits, the hash chain,
and the invariants after randomised sequences of operations."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fourpermille import mrv, registry
from fourpermille.errors import ParameterError
from fourpermille.mrv import Estimate
from fourpermille.registry import Block, Ledger, RegistryError


def test_serial_round_trip_and_format():
    block = Block(12, 2024, 1, 950)
    assert block.serial == "4P1000-000012-2024-000000001-000000950"
    assert registry.parse_serial(block.serial) == block
    assert block.quantity == 950
    with pytest.raises(ParameterError, match="4P1000-PPPPPP"):
        registry.parse_serial("VCS-12-2024-1-950")
    with pytest.raises(ParameterError, match="first <= last"):
        Block(12, 2024, 10, 9)


@given(first=st.integers(1, 10_000), size=st.integers(2, 10_000), data=st.data())
def test_split_partitions_the_block(first, size, data):
    block = Block(3, 2030, first, first + size - 1)
    n = data.draw(st.integers(1, size - 1))
    head, tail = block.split(n)
    assert head.quantity == n and head.quantity + tail.quantity == block.quantity
    assert (head.first, tail.last, head.last + 1) == (block.first, block.last, tail.first)
    assert not head.overlaps(tail)


def test_split_refuses_empty_parts():
    with pytest.raises(RegistryError, match="1 to 9"):
        Block(1, 2024, 1, 10).split(10)


def test_next_block_follows_the_serials_taken():
    taken = [Block(1, 2024, 1, 10), Block(1, 2024, 11, 15), Block(2, 2024, 1, 100)]
    assert registry.next_block(taken, 1, 2024, 5) == Block(1, 2024, 16, 20)
    assert registry.next_block(taken, 1, 2025, 5) == Block(1, 2025, 1, 5)
    assert registry.overlapping(taken) == []
    assert registry.overlapping([*taken, Block(1, 2024, 15, 16)]) == [
        (Block(1, 2024, 11, 15), Block(1, 2024, 15, 16))
    ]


def test_issuance_plan_rounds_down_the_units_and_up_the_buffer():
    plan = registry.issuance_plan(950.4, 237.6)
    assert (plan.units, plan.buffer_units, plan.holder_units) == (1188, 238, 950)
    assert plan.units == plan.buffer_units + plan.holder_units
    assert registry.issuance_plan(10.0, 0.0).buffer_units == 0
    with pytest.raises(RegistryError, match="nothing to issue"):
        registry.issuance_plan(-5.0, 0.0)
    with pytest.raises(RegistryError, match="nothing to issue"):
        registry.issuance_plan(0.4, 0.2)


def _credits(method):
    project = Estimate(mean=1.0, se=0.1, df=30)
    return mrv.compute_credits(project, method=method, area_ha=100.0, buffer=0.2)


@pytest.mark.parametrize("method", registry.RULE_SETS)
def test_buffer_is_the_rule_sets_own_deduction(method):
    credits = _credits(method).to_dict()
    buffer = registry.buffer_deduction(credits)
    # The buffer is 20 % of the stock term before it: credits + buffer = 0.8 / 0.2 * buffer + buffer.
    assert buffer == pytest.approx(0.2 * (credits["credits_t_co2e"] + buffer), rel=0.05)
    plan = registry.plan_from_credits(credits)
    assert plan.units == int(credits["credits_t_co2e"] + buffer)
    with pytest.raises(RegistryError, match="per hectare"):
        registry.plan_from_credits({**credits, "per_hectare": True})
    with pytest.raises(ParameterError, match="vm0042, gold-standard"):
        registry.buffer_deduction({**credits, "method": "cdm"})


def test_vintage_and_periods():
    assert registry.vintage_of("2020-2025") == 2025
    with pytest.raises(ParameterError, match="START-END"):
        registry.vintage_of("2025-2020")
    assert registry.periods_overlap((2020, 2025), (2024, 2026))
    assert not registry.periods_overlap((2020, 2025), (2025, 2030))


def _chain(n=4):
    entries, previous = [], None
    for i in range(n):
        previous = registry.make_entry(previous, "transfer", {"i": i}, {"mrv": {"x": i}, "code": "0.1.0"})
        entries.append(previous)
    return entries


def test_chain_verifies_and_catches_every_kind_of_tampering():
    entries = _chain()
    assert registry.verify_chain(entries) == []
    edited = list(entries)
    edited[1] = dataclasses.replace(entries[1], payload={"i": 99})
    assert registry.verify_chain(edited) == [
        "entry 2: its content does not match its hash (edited after it was written)"
    ]
    rehashed = dataclasses.replace(entries[1], evidence_hash="f" * 64)
    rehashed = dataclasses.replace(
        rehashed, hash=registry.entry_hash(2, "transfer", {"i": 1}, "f" * 64, entries[0].hash)
    )
    problems = registry.verify_chain([entries[0], rehashed, *entries[2:]])
    assert problems == ["entry 3: previous_hash does not match the hash of the entry before"]
    assert "entry 3: expected sequence 2" in registry.verify_chain([entries[0], *entries[2:]])[0]


def test_evidence_hash_ignores_key_order():
    assert registry.evidence_hash({"a": 1, "b": [1, 2]}) == registry.evidence_hash({"b": [1, 2], "a": 1})
    assert registry.evidence_hash({"a": 1}) != registry.evidence_hash({"a": 2})


ACCOUNTS = ["org-1", "org-2", "org-3"]
operation = st.one_of(
    st.tuples(
        st.just("issue"),
        st.integers(1, 3),
        st.integers(2020, 2023),
        st.floats(1, 5000),
        st.floats(0, 0.5),
        st.sampled_from(ACCOUNTS),
    ),
    st.tuples(
        st.just("transfer"), st.sampled_from(ACCOUNTS), st.sampled_from(ACCOUNTS), st.integers(1, 3000)
    ),
    st.tuples(st.just("retire"), st.sampled_from(ACCOUNTS), st.integers(1, 3000)),
    st.tuples(st.just("cancel"), st.integers(1, 3), st.integers(1, 3000)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operation, min_size=1, max_size=1000))
def test_invariants_hold_after_random_operations(ops):
    ledger = Ledger()
    for op in ops:
        before = {a: ledger.balance(a) for a in [*ACCOUNTS, registry.BUFFER_ACCOUNT]}
        try:
            if op[0] == "issue":
                _, project, vintage, credits, share, account = op
                ledger.issue(
                    project,
                    vintage,
                    registry.issuance_plan(credits * (1 - share), credits * share),
                    account,
                    {"op": list(op)},
                )
            elif op[0] == "transfer":
                ledger.transfer(op[1], op[2], op[3])
                assert ledger.balance(op[1]) == before[op[1]] - op[3]
                assert ledger.balance(op[2]) == before[op[2]] + op[3]
            elif op[0] == "retire":
                ledger.retire(op[1], op[2], "a beneficiary")
                assert ledger.balance(op[1]) == before[op[1]] - op[2]
            else:
                ledger.cancel(op[1], op[2])
        except RegistryError:
            # A refused operation changes nothing.
            assert {a: ledger.balance(a) for a in before} == before
        assert all(ledger.balance(a) >= 0 for a in before)
    assert ledger.check() == []


def test_cancellation_takes_the_buffer_first():
    ledger = Ledger()
    ledger.issue(1, 2024, registry.issuance_plan(80.0, 20.0), "org-1", {})
    assert (ledger.balance("org-1"), ledger.balance("buffer")) == (80, 20)
    ledger.cancel(1, 15)
    assert (ledger.balance("org-1"), ledger.balance("buffer")) == (80, 5)
    ledger.cancel(1, 10)
    assert (ledger.balance("org-1"), ledger.balance("buffer")) == (75, 0)
    with pytest.raises(RegistryError, match="75 active units; 76 asked"):
        ledger.cancel(1, 76)
    assert ledger.check() == []


def test_check_reports_a_broken_balance_and_an_overlap():
    holdings = [(1, Block(1, 2024, 1, 10), "a", "active"), (1, Block(1, 2024, 10, 12), "a", "retired")]
    problems = registry.check_invariants({1: 12}, holdings)
    assert problems[0].startswith("issuance 1: issued 12 != held 10 + retired 3")
    assert "serial ranges overlap" in problems[1]


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(st.lists(operation, min_size=1000, max_size=1000))
def test_invariants_hold_after_1000_operations(ops):
    test_invariants_hold_after_random_operations.hypothesis.inner_test(ops)


def test_label_needs_every_safeguard_then_the_assessment_and_a_verified_result():
    ok = registry.label_decision({"S1": "met", "S2": "not_applicable"}, True, True)
    assert ok.granted and ok.reasons == ()
    refused = registry.label_decision({"S1": "met", "S2": "partly_met", "S3": None}, True, True)
    assert not refused.granted and refused.reasons == ("safeguards_not_met",)
    assert refused.text() == ["safeguard criteria not met: S2, S3"]
    assert registry.label_decision({}, True, True).text() == ["no safeguard criterion was assessed"]
    everything = registry.label_decision({"S1": "not_met"}, False, False, withdrawn="verification withdrawn")
    assert everything.reasons == (
        "safeguards_not_met",
        "assessment_not_published",
        "mrv_not_verified",
        "withdrawn",
    )
    assert everything.text()[-1] == "withdrawn: verification withdrawn"


def test_rule_sets_compared_on_the_same_change():
    from pathlib import Path

    from fourpermille.io import mrv as mrv_io

    examples = Path(__file__).resolve().parents[2] / "examples" / "mrv"
    change = mrv.measured_change(
        mrv_io.read_campaign(examples / "baseline_2020.csv"),
        mrv_io.read_campaign(examples / "repeat_2025.csv"),
        mrv.ChangeOptions(years=5),
    )
    outcomes = registry.compare_rule_sets(change, area_ha=250.0, buffer=0.2)
    assert [o.method for o in outcomes] == list(registry.RULE_SETS)
    for o in outcomes:
        direct = mrv.credits_for_change(change, o.method, buffer=0.2, area_ha=250.0).to_dict()
        assert o.credits == direct  # the core's own credits, nothing recomputed
        if o.plan is not None:
            assert o.plan == registry.plan_from_credits(direct)
        else:
            assert "nothing to issue" in o.refusal
