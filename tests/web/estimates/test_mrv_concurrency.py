"""Issue 12 item 3: six MRV uploads for the same period at once store one result; the others get the form
error "already has a result", never an IntegrityError (a 500).

Real concurrency needs threads with their own database connections on committed data (``transaction=True``)
and a database that lets them write at once: PostgreSQL. The SQLite in-memory test database serialises
writers, so there the race is made deterministic instead
(``test_estimates.test_upload_race_for_one_period_is_a_form_error``).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path

import pytest
from django.db import connection, connections

from fourpermille import mrv
from fourpermille.io import mrv as mrv_io
from fourpermille.web.estimates import services
from fourpermille.web.estimates.models import MrvRecord

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "mrv"
UPLOADS = 6

pytestmark = pytest.mark.django_db(transaction=True)


def _change_bytes() -> bytes:
    report = mrv.measured_change(
        mrv_io.read_campaign(EXAMPLES / "baseline_2020.csv"),
        mrv_io.read_campaign(EXAMPLES / "repeat_2025.csv"),
        mrv.ChangeOptions(years=5),
    )
    return json.dumps(mrv_io.json_ready(report.to_dict())).encode()


def _project():
    from fourpermille.web.community.models import Organisation
    from fourpermille.web.projects.models import Project

    org = Organisation.objects.create(name="Race org", type="research", country="France", region="europe")
    return Project.objects.create(
        organisation=org,
        title="race",
        summary="s",
        country="France",
        region="europe",
        modality=1,
        primary_aim="soc_increase",
        area_ha=50,
        start=dt.date(2020, 1, 1),
    )


def test_six_concurrent_uploads_for_one_period_store_one(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; on SQLite the race is made deterministic")
    project = _project()
    services.ex_ante_record(project)  # stored before the race, as on a project page
    change = _change_bytes()
    checked = threading.Barrier(UPLOADS, timeout=60)
    real_check = services._period_taken

    def check_then_wait(project, period):
        taken = real_check(project, period)
        checked.wait()  # every upload has checked before any stores: the race of the issue, every time
        return taken

    monkeypatch.setattr(services, "_period_taken", check_then_wait)
    outcomes: list = []
    lock = threading.Lock()

    def upload():
        try:
            services.store_mrv(project, services.MrvUpload("2020-2025", (change, "change.json")), None)
            outcome = "stored"
        except services.MrvInputError as error:
            outcome = str(error)
        except Exception as error:  # noqa: BLE001 -- what the test is about: nothing else may escape
            outcome = repr(error)
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=upload) for _ in range(UPLOADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert len(outcomes) == UPLOADS
    assert outcomes.count("stored") == 1, outcomes
    assert sorted(set(outcomes) - {"stored"}) == ["This project already has a result for 2020-2025."]
    assert MrvRecord.objects.filter(project=project).count() == 1
