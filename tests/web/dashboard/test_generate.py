"""The benchmark volume generator (small volume here): counts, summaries, and bad arguments."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from fourpermille.web.dashboard.generate import ROWS_PER_CAMPAIGN, generate
from fourpermille.web.dashboard.models import SiteSoc, StockObservation
from fourpermille.web.monitoring.models import SoilMeasurement

pytestmark = pytest.mark.django_db


def test_generate_small_volume():
    counts = generate(projects=5, sites=10, measurements=100)
    campaigns = 100 // 10 // ROWS_PER_CAMPAIGN
    assert counts["measurements"] == 10 * campaigns * ROWS_PER_CAMPAIGN == 100
    assert SoilMeasurement.objects.filter(site__name__endswith="(bench)").count() == 100
    assert StockObservation.objects.filter(site__name__endswith="(bench)").count() == 10 * campaigns
    summaries = SiteSoc.objects.filter(site__name__endswith="(bench)")
    assert summaries.count() == 10
    assert all(s.observation_count == campaigns and s.change_t_ha_yr is not None for s in summaries)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"sites": 5, "projects": 10}, "--sites must be at least --projects"),
        ({"measurements": 0}, "at least 1"),
    ],
)
def test_bad_arguments(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_dashboard_data", **options)


def test_generate_computes_every_ex_ante_record():
    """No page computes an estimate: the generator leaves every generated project with a current record
    (computed, or naming what the project lacks), the same as computing each one alone."""
    from fourpermille.web.estimates import services
    from fourpermille.web.estimates.models import ExAnteRecord
    from fourpermille.web.projects.models import Project

    counts = generate(projects=12, sites=24, measurements=240)
    generated = Project.objects.filter(title__endswith="(bench)")
    assert counts["ex_ante_records"] == 12
    records = ExAnteRecord.objects.filter(project__in=generated)
    assert records.count() == 12 and not services.stale_projects().filter(pk__in=generated).exists()
    assert {r.status for r in records} <= {"ok", "missing"} and records.filter(status="ok").exists()
    for record in records.filter(status="ok"):  # each site estimated alone by the core, as before
        sites = [{**item, "estimate": services.run_estimate(item["input"])} for item in record.inputs]
        alone = services.combine(sites, float(record.project.area_ha))
        assert record.change_t_ha_yr == pytest.approx(alone["change_t_ha_yr"], rel=1e-12)
        assert [y for y, _v in record.summary["trajectory"]] == [y for y, _v in alone["trajectory"]]
        stocks = [v for _y, v in record.summary["trajectory"]]
        assert stocks == pytest.approx([v for _y, v in alone["trajectory"]], rel=1e-12)
