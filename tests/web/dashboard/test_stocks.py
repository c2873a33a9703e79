"""SOC stocks of the dashboards: campaign means of the stored profile stocks, the campaign interval, the
trend, the 4 per 1000 rate, and that an upload refreshes the summaries on commit (no cache to flush)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from django.core.files.base import ContentFile

from fourpermille.web.dashboard.models import SiteSoc, StockObservation
from fourpermille.web.dashboard.services import stocks
from fourpermille.web.monitoring.services import import_measurements

pytestmark = pytest.mark.django_db

HEADER = "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3,coarse_fraction_vol\n"


@pytest.fixture
def site(projects):
    return projects["published-a"].sites.get()


def upload(site, text, user=None, name="m.csv"):
    return import_measurements(site, ContentFile(text.encode(), name=name), user)


def test_layer_stock_by_hand(site, django_capture_on_commit_callbacks):
    # 20 g C/kg x 1.3 g/cm3 x (1 - 0.1) x 10 cm x 0.1 = 23.4 t C/ha; the 20-40 cm layer counts 10 cm
    # only: 10 x 1.4 x 10 x 0.1 = 14.0; total 37.4 t C/ha over 0-30 cm.
    text = HEADER + "P1,0,10,20,1.3,0.1\nP1,10,20,0,1.3,\nP1,20,40,10,1.4,\nP1,40,60,50,1.4,\n"
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(site, text)
    observation = StockObservation.objects.get(upload=result.upload)
    assert observation.soc_stock_t_ha == pytest.approx(37.4)
    assert observation.depth_cm == 30
    assert observation.profile_count == 1
    assert observation.ci95_low_t_ha is None  # one profile: no interval


def test_core_sample_bulk_density(site, django_capture_on_commit_callbacks):
    # 4 cores of 50 mm over 30 cm: 4 x pi x 2.5^2 x 30 = 2356.19 cm3; 3063.05 g -> 1.3 g/cm3;
    # 20 x 1.3 x 30 x 0.1 = 78 t C/ha.
    volume = 4 * math.pi * 2.5**2 * 30
    text = (
        "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,sample_mass_g,core_diameter_mm,cores_per_sample\n"
        f"P1,0,30,20,{1.3 * volume:.3f},50,4\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(site, text)
    assert StockObservation.objects.get(upload=result.upload).soc_stock_t_ha == pytest.approx(78.0, rel=1e-5)


def test_stored_stocks_equal_the_stocks_module(site, django_capture_on_commit_callbacks):
    """The stored profile stocks and fourpermille.stocks.compute_stocks (0-30 cm, fixed depth) agree,
    with coarse fragments and with bulk density from cores."""
    import io

    import pandas as pd

    from fourpermille import stocks as science

    text = (
        "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3,coarse_fraction_vol,"
        "sample_mass_g,core_diameter_mm,cores_per_sample\n"
        "A,0,10,21,1.25,0.15,,,\nA,10,25,14,1.4,0.05,,,\nA,25,45,8,1.5,0.3,,,\n"
        "B,0,15,18,,0.2,410,48,3\nB,15,40,11,,0.1,690,48,3\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(site, text)
    got = dict(result.upload.profile_stocks.values_list("profile_id", "soc_stock_t_ha"))
    want = science.compute_stocks(pd.read_csv(io.StringIO(text)), depth_cm=30.0)
    assert len(got) == 2
    for _, row in want.iterrows():
        assert got[row.profile_id] == pytest.approx(row.soc_stock_t_ha, rel=1e-12)
    observation = StockObservation.objects.get(upload=result.upload)
    assert observation.soc_stock_t_ha == pytest.approx(want.soc_stock_t_ha.mean(), rel=1e-12)


def test_shallow_profiles_are_not_averaged_with_deeper_ones(site, django_capture_on_commit_callbacks):
    """Issue 11: P1 0-20 cm and P2 0-30 cm gave the mean of a 0-20 and a 0-30 cm stock (55.25) under
    "0-30 cm". Now P1 is left out: the campaign is P2 alone, 0-30 cm."""
    text = HEADER + "P1,0,20,20,1.25,\nP2,0,30,20,1.25,\n"
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(site, text)
    observation = StockObservation.objects.get(upload=result.upload)
    # P2: 20 x 1.25 x 30 x 0.1 = 75 t C/ha (P1's 0-20 cm stock, 50, is not mixed in)
    assert observation.soc_stock_t_ha == pytest.approx(75.0, rel=1e-12)
    assert (observation.depth_cm, observation.profile_count) == (30.0, 1)
    statuses = dict(result.upload.profile_stocks.values_list("profile_id", "status"))
    assert statuses == {"P1": "shallow", "P2": "included"}


def test_an_upload_with_no_profile_reaching_30_cm_has_no_observation(
    site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(site, HEADER + "P1,0,20,20,1.25,\n")
    assert not StockObservation.objects.filter(upload=result.upload).exists()
    assert not SiteSoc.objects.filter(site=site).exists()


def test_campaign_interval_uses_student_t():
    # t(0.975, 2) = 4.303 (Student's t table, two-sided 95 %, 2 degrees of freedom; e.g. NIST/SEMATECH
    # e-Handbook of Statistical Methods, table 1.3.6.7.2); s = 2, n = 3: half-width 4.303 x 2 / sqrt(3).
    mean, sd, low, high = stocks.campaign_summary([40.0, 42.0, 44.0])
    assert (mean, sd) == (42.0, 2.0)
    assert high - mean == pytest.approx(4.303 * 2 / math.sqrt(3), abs=1e-3)
    assert mean - low == pytest.approx(high - mean)


def test_trend_is_the_least_squares_slope():
    points = [(date(2020, 1, 1), 50.0), (date(2022, 1, 1), 50.4), (date(2024, 1, 1), 50.8)]
    assert stocks.trend(points) == pytest.approx(0.2, rel=1e-3)
    assert stocks.trend(points[:1]) is None


def test_upload_refreshes_site_summary_on_commit(site, django_capture_on_commit_callbacks):
    first = HEADER + "P1,0,30,20,1.2,\nP2,0,30,22,1.2,\n"
    later = HEADER + "P1,0,30,21,1.2,\nP2,0,30,23,1.2,\n"
    with django_capture_on_commit_callbacks(execute=True):
        one = upload(site, first, name="2020.csv")
    StockObservation.objects.filter(upload=one.upload).update(sampled_on=date(2020, 6, 1))
    stocks.refresh_site(site.pk)
    assert SiteSoc.objects.get(site=site).observation_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        upload(site, later, name="now.csv")
    summary = SiteSoc.objects.get(site=site)
    assert summary.observation_count == 2
    # 0-30 cm stocks: 21 x 1.2 x 30 x 0.1 = 75.6 (mean of 72 and 79.2), then 79.2 (mean of 75.6 and 82.8)
    assert summary.first_stock_t_ha == pytest.approx(75.6)
    assert summary.latest_stock_t_ha == pytest.approx(79.2)
    assert summary.target_change_t_ha_yr == pytest.approx(0.004 * 75.6)
    assert summary.change_t_ha_yr > 0


def test_deleting_an_upload_updates_the_summary(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = upload(site, HEADER + "P1,0,30,20,1.2,\n")
    assert SiteSoc.objects.filter(site=site).exists()
    with django_capture_on_commit_callbacks(execute=True):
        result.upload.delete()
    assert not SiteSoc.objects.filter(site=site).exists()


def test_refresh_all_agrees_with_per_upload_refresh(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(site, HEADER + "P1,0,10,20,1.3,0.1\nP1,10,30,12,1.4,\nP2,0,30,15,1.2,\n")
    before = list(StockObservation.objects.values_list("upload_id", "soc_stock_t_ha", "ci95_low_t_ha"))
    assert stocks.refresh_all() == (1, 1)
    after = list(StockObservation.objects.values_list("upload_id", "soc_stock_t_ha", "ci95_low_t_ha"))
    assert [a[0] for a in after] == [b[0] for b in before]
    assert [a[1] for a in after] == pytest.approx([b[1] for b in before])
    assert [a[2] for a in after] == pytest.approx([b[2] for b in before])


def test_summary_follows_the_project_and_site(site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(site, HEADER + "P1,0,30,20,1.2,\n")
    summary = SiteSoc.objects.get(site=site)
    assert (summary.project_status, summary.region, summary.climate_zone) == (
        "published",
        "europe",
        "cool_temperate_moist",
    )
    project = site.project
    project.region = "africa"
    project.save()
    site.climate_zone = "tropical_dry"
    site.geometry = '{"type": "Point", "coordinates": [10.0, 5.0]}'
    site.save()
    summary.refresh_from_db()
    assert (summary.region, summary.climate_zone, summary.longitude) == ("africa", "tropical_dry", 10.0)
