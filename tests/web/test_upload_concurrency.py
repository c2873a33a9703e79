"""Issue 12, item 2: on SQLite, a stored upload answered 500 ("database is locked", raised by the dashboard
refresh after the upload had committed) and left its summary missing. Now SQLite is set up for concurrent
writers, the refresh is retried and never fails the request, and a command rebuilds what is missing.
The load benchmark (benchmarks/bench_load.py) drives the whole platform under gunicorn."""

from __future__ import annotations

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import OperationalError
from django.db.utils import ConnectionHandler

from fourpermille.web.dashboard import signals
from fourpermille.web.dashboard.models import SiteSoc, StockObservation
from fourpermille.web.dashboard.services import stocks
from fourpermille.web.monitoring.models import MeasurementUpload
from fourpermille.web.settings.base import database
from tests.web.conftest import api_client

CSV = b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,30,20,1.2\nP2,0,30,18,1.3\n"


def sqlite_connection(path):
    return ConnectionHandler({"default": database(f"sqlite:///{path}")})["default"]


@pytest.fixture
def own_databases(django_db_blocker):
    """These tests open their own SQLite files, beside the test database."""
    with django_db_blocker.unblock():
        yield


def test_sqlite_settings_wal_busy_timeout_immediate(tmp_path, own_databases):
    connection = sqlite_connection(tmp_path / "db.sqlite3")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] >= 20_000
    assert connection.transaction_mode == "IMMEDIATE"
    connection.close()


def test_sqlite_two_read_then_write_transactions_both_commit(tmp_path, own_databases):
    """The pattern of the dashboard refresh (read the summary, then write it) in two threads at once:
    with deferred transactions one of them fails at once with "database is locked"."""
    path = tmp_path / "db.sqlite3"
    setup = sqlite_connection(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE summary (site INTEGER PRIMARY KEY, n INTEGER)")
        cursor.execute("INSERT INTO summary VALUES (1, 0)")
    setup.close()
    both_read = threading.Barrier(2, timeout=3)
    errors: list[Exception] = []

    def worker():
        connection = sqlite_connection(path)
        try:
            connection.ensure_connection()
            connection._start_transaction_under_autocommit()  # what transaction.atomic() does on SQLite
            with connection.cursor() as cursor:
                n = cursor.execute("SELECT n FROM summary WHERE site = 1").fetchone()[0]
                try:
                    both_read.wait()  # deferred: both hold a snapshot; immediate: times out
                except threading.BrokenBarrierError:
                    pass
                cursor.execute("UPDATE summary SET n = %s WHERE site = 1", [n + 1])
            connection.connection.commit()
        except Exception as exc:  # noqa: BLE001  (the test reports whatever a thread raised)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = sqlite_connection(path)
    with check.cursor() as cursor:
        assert cursor.execute("SELECT n FROM summary").fetchone()[0] == 2
    check.close()


@pytest.fixture
def site(projects):
    return projects["draft-a"].sites.get()


@pytest.fixture
def fast_retries(monkeypatch):
    monkeypatch.setattr(signals, "RETRY_WAITS_S", (0.0, 0.0), raising=False)


def upload(site):
    return api_client("editor-a").post(
        f"/api/sites/{site.pk}/measurements/",
        {"file": SimpleUploadedFile("m.csv", CSV), "sampled_on": "2026-03-01"},
        format="multipart",
    )


@pytest.mark.django_db
def test_a_locked_refresh_is_retried_and_the_upload_answers_201(
    site, monkeypatch, fast_retries, django_capture_on_commit_callbacks
):
    real = stocks.refresh_upload
    calls = []

    def locked_once(upload_id):
        calls.append(upload_id)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(upload_id)

    monkeypatch.setattr(stocks, "refresh_upload", locked_once)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(site)
    assert response.status_code == 201, response.content
    assert len(calls) == 2
    assert StockObservation.objects.filter(upload_id=response.json()["id"]).exists()
    assert SiteSoc.objects.filter(site=site).exists()


@pytest.mark.django_db
def test_a_refresh_that_keeps_failing_is_logged_and_repaired_later(
    site, monkeypatch, fast_retries, django_capture_on_commit_callbacks, caplog
):
    def always_locked(upload_id):
        raise OperationalError("database is locked")

    monkeypatch.setattr(stocks, "refresh_upload", always_locked)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(site)
    assert response.status_code == 201, response.content
    upload_id = response.json()["id"]
    assert MeasurementUpload.objects.filter(pk=upload_id).exists()
    assert not StockObservation.objects.filter(upload_id=upload_id).exists()
    assert "repair_dashboard_summaries" in caplog.text

    monkeypatch.undo()
    assert signals.missing_summaries()[0] == [upload_id]
    call_command("repair_dashboard_summaries")
    assert StockObservation.objects.filter(upload_id=upload_id).exists()
    assert SiteSoc.objects.filter(site=site).exists()
    assert signals.missing_summaries() == ([], [])
