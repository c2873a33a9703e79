"""Concurrent transfers from one account: no double spend (issue 16). Real concurrency needs threads with
their own connections on committed data (``transaction=True``) and a database that lets them write at once:
PostgreSQL. Every thread is inside its transaction before any takes the account's lock (a barrier), so each
run races; the account lock (``select_for_update``) makes the later ones see what the earlier left."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from fourpermille.web.registry import services
from fourpermille.web.registry.models import Transfer
from tests.web.registry.helpers import mrv_record, organisation, project

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 6
EACH = 40  # units each thread moves


def test_concurrent_transfers_from_one_account_never_double_spend(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them")
    issuance = services.issue(mrv_record(project()), "V")
    source = issuance.account
    stock = 100
    buyer = services.account_for(organisation("Buyer"))
    services.transfer(source, buyer, services.balance(source) - stock)  # leave exactly 100 units
    targets = [services.account_for(organisation(f"Target {i}")) for i in range(THREADS)]
    ready = threading.Barrier(THREADS, timeout=60)
    real_lock = services._lock

    def wait_then_lock(*accounts):
        ready.wait()  # every transfer has begun its transaction; now they race for the lock
        real_lock(*accounts)

    monkeypatch.setattr(services, "_lock", wait_then_lock)
    outcomes: list[str] = []
    guard = threading.Lock()

    def move(target):
        try:
            services.transfer(source, target, EACH)
            outcome = "moved"
        except services.RegistryRefused as error:
            outcome = str(error)
        except Exception as error:  # noqa: BLE001 -- what the test is about: nothing else may escape
            outcome = repr(error)
        finally:
            connections.close_all()
        with guard:
            outcomes.append(outcome)

    threads = [threading.Thread(target=move, args=(t,)) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert len(outcomes) == THREADS
    assert outcomes.count("moved") == stock // EACH, outcomes
    refused = set(outcomes) - {"moved"}
    assert refused == {f"Registry org holds {stock % EACH} units; {EACH} asked."}, outcomes
    assert services.balance(source) == stock % EACH
    assert sum(services.balance(t) for t in targets) == EACH * (stock // EACH)
    assert Transfer.objects.filter(source=source).count() == 1 + stock // EACH
    assert services.verify() == []
