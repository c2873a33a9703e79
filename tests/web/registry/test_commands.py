"""The registry from the command line: issue, transfer, retire, cancel, verify (`python -m fourpermille.web`),
with the same rights as the API; and the demo issuance."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from fourpermille.web.registry import services
from fourpermille.web.registry.models import Issuance, Retirement
from tests.web.registry.helpers import mrv_record, organisation, project

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_issue_transfer_retire_cancel_verify(projects):
    org_a = projects["draft-a"].organisation
    p = project(org_a, "CLI soils")
    record = mrv_record(p)
    with pytest.raises(CommandError, match="act for the secretariat; this user is not"):
        run("registry_issue", str(record.pk), "--verifier", "V", "--as", "editor-a")
    assert "issued" in run("registry_issue", str(record.pk), "--verifier", "V", "--as", "secretariat")
    issuance = Issuance.objects.get(mrv_record=record)
    buyer = organisation("CLI buyer")
    with pytest.raises(CommandError, match="may not move units"):
        run("registry_transfer", "Org A", "CLI buyer", "5", "--as", "editor-b")
    run("registry_transfer", "Org A", str(buyer.pk), "5", "--as", "editor-a")
    assert services.balance(services.account_for(buyer)) == 5
    out = run(
        "registry_retire",
        "CLI buyer",
        "5",
        "--beneficiary",
        "B",
        "--reason",
        "R",
        "--location",
        "France",
        "--as",
        "secretariat",
    )
    assert f"/registry/retirements/{Retirement.objects.get().pk}/" in out
    with pytest.raises(CommandError, match="holds 0 units; 1 asked") as refused:
        run(
            "registry_retire",
            "CLI buyer",
            "1",
            "--beneficiary",
            "B",
            "--reason",
            "R",
            "--location",
            "F",
            "--as",
            "secretariat",
        )
    assert refused.value.returncode == 2
    assert "from the buffer" in run(
        "registry_cancel", str(p.pk), "3", "--reason", "loss", "--as", "secretariat"
    )
    assert services.balance(services.buffer_account()) == issuance.buffer_units - 3
    assert "registry sound" in run("registry_verify")


@pytest.mark.slow
def test_demo_issues_the_verified_demo_mrv_result(client):
    """load_demo, the dashboard demo history (which stores the demo MRV results), then the registry demo."""
    from fourpermille.web.dashboard.demo import load_dashboard_demo
    from fourpermille.web.estimates.models import MrvRecord
    from fourpermille.web.portal.demo import load_demo
    from fourpermille.web.registry.demo import DEMO_VERIFIER, load_demo_registry

    load_demo()
    load_dashboard_demo()
    verified = MrvRecord.objects.filter(is_demo=True, verified=True)
    assert verified.exists()
    assert load_demo_registry() == 1
    assert load_demo_registry() == 0  # once
    issuance = Issuance.objects.get()
    assert issuance.mrv_record == verified.get() and issuance.is_demo and issuance.verifier == DEMO_VERIFIER
    assert Retirement.objects.get().is_demo
    assert services.verify() == []
    page = client.get(issuance.get_absolute_url()).content.decode()
    assert "Demo data: invented, not a real issuance." in page
    # The rule-set comparison: both standards on the same verified change, the issued one as issued.
    outcomes = {o.method: o for o in services.rule_set_comparison(issuance)}
    assert outcomes["vm0042"].credits == issuance.mrv_record.credits
    assert outcomes["vm0042"].plan.units == issuance.units
    assert "Verra VM0042 v2.2" in page and "Gold Standard SOC Framework v1.0" in page
