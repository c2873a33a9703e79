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
