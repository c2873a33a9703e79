"""Demo monitoring history for the dashboards (on top of ``portal.demo.load_demo``), clearly labelled.

Every demo site gets earlier sampling campaigns (uploads noted "Demo campaign (invented values)"), so
the SOC monitoring charts have a time series: one campaign every two years from the project's start (at
most eight years back). Each campaign is the site's latest upload (same profiles, layers, bulk density and
stones) with its SOC following an invented relative trend (between a slight loss and a strong gain) and a
noise per profile, so the history and the latest upload tell one story. The roadmap KPIs get invented
yearly values 2021-2025 between the 2020 baseline and the 2030 target, each noted "Demo value (invented)".
Nothing here is a measurement. The demo MRV results are then computed from these campaigns
(``estimates.demo.load_demo_mrv``), so that they and the monitoring rates come from the same data.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from fourpermille.web.dashboard.services.stocks import refresh_all
from fourpermille.web.estimates.demo import load_demo_mrv
from fourpermille.web.monitoring.models import MeasurementUpload, SoilMeasurement
from fourpermille.web.projects.models import Site
from fourpermille.web.roadmap.models import KpiValue, RoadmapObjective
from fourpermille.web.roadmap.services import is_computed

DEMO_SEED = 4000  # random.Random seed: the same history on every machine
CAMPAIGN_NOTE = "Demo campaign (invented values)"
KPI_NOTE = "Demo value (invented)"
CAMPAIGN_STEP_YEARS = 2
#: Invented relative SOC trends of the demo sites [1/yr]: from a slight loss to 2.5 times the 4 per 1000 rate.
DEMO_TREND_RANGE = (-0.002, 0.010)
KPI_DEMO_YEARS = range(2021, 2026)


def dashboard_demo_loaded() -> bool:
    return MeasurementUpload.objects.filter(note=CAMPAIGN_NOTE).exists()


#: Columns of a measurement row that a demo campaign copies from the site's latest upload.
MEASUREMENT_FIELDS = (
    "profile_id",
    "depth_top_cm",
    "depth_bottom_cm",
    "soc_g_kg",
    "bulk_density_g_cm3",
    "sample_mass_g",
    "core_diameter_mm",
    "cores_per_sample",
    "coarse_fraction_vol",
    "som_g_kg",
)
#: Profile-to-profile noise of an invented campaign's SOC, relative [-].
PROFILE_NOISE = (0.95, 1.05)


def _campaign_rows(latest_rows: list[dict], factor: float, rng: random.Random) -> list[dict]:
    """An earlier campaign of the same soil: the latest upload's profiles and layers (bulk density, cores,
    coarse fraction as sampled), with SOC scaled by ``factor`` and a noise per profile. So the invented
    history and the site's latest upload differ only by the site's trend and the noise."""
    noise: dict[str, float] = {}
    rows = []
    for row in latest_rows:
        scale = noise.setdefault(row["profile_id"], rng.uniform(*PROFILE_NOISE))
        rows.append({**row, "soc_g_kg": round(row["soc_g_kg"] * factor * scale, 2)})
    return rows


def load_dashboard_demo(today: date | None = None) -> tuple[int, int]:
    """Add the demo campaigns and KPI values once. Returns (campaigns added, KPI values added).

    The campaigns are written in bulk (one upload and its rows per campaign, with values inside the
    ranges ``monitoring.services.read_measurements`` accepts), then every summary is rebuilt.
    """
    if dashboard_demo_loaded():
        return 0, 0
    today = today or date.today()
    rng = random.Random(DEMO_SEED)
    dates: dict[int, date] = {}
    added = 0
    with transaction.atomic():
        for site in Site.objects.filter(is_demo=True).select_related("project").order_by("pk"):
            trend = rng.uniform(*DEMO_TREND_RANGE)
            start = max(site.project.start.year, today.year - 8)
            latest = site.uploads.order_by("-uploaded_at", "-pk").first()
            if latest is None:
                continue  # nothing measured: no history to invent around
            latest_rows = list(latest.measurements.order_by("row").values(*MEASUREMENT_FIELDS))
            for year in range(start, today.year, CAMPAIGN_STEP_YEARS):
                # stocks scale with SOC: the campaign's level relative to today's upload
                rows = _campaign_rows(latest_rows, 1 + trend * (year - today.year), rng)
                upload = MeasurementUpload.objects.create(
                    site=site,
                    file_name=f"site{site.pk}-{year}.csv",
                    sha256="",
                    row_count=len(rows),
                    profile_count=latest.profile_count,
                    note=CAMPAIGN_NOTE,
                )
                SoilMeasurement.objects.bulk_create(
                    SoilMeasurement(upload=upload, site=site, row=i, **row)
                    for i, row in enumerate(rows, start=2)
                )
                dates[upload.pk] = date(year, 4 + rng.randrange(6), 1 + rng.randrange(28))
                added += 1
            if latest.pk not in dates:
                dates[latest.pk] = today
        for upload_id, day in dates.items():  # the campaign's sampling date, as an upload form records it
            MeasurementUpload.objects.filter(pk=upload_id).update(sampled_on=day)
        kpis = _kpi_values(rng)
        refresh_all(sampled_on=dates)
        # the demo MRV results are computed from these same campaigns (first and latest of each site)
        load_demo_mrv(sampled_on=dates)
    return added, kpis


def _kpi_values(rng: random.Random) -> int:
    n = 0
    for objective in RoadmapObjective.objects.exclude(kpi_target_2030=None).order_by("code"):
        if is_computed(objective.code):
            continue  # counted from the platform's records, never entered
        base = objective.kpi_baseline_2020 or 0.0
        pace = rng.uniform(0.15, 0.75)  # share of the way to the 2030 target reached by 2025
        for year in KPI_DEMO_YEARS:
            value = base + (objective.kpi_target_2030 - base) * pace * (year - 2020) / 5
            counts = all(float(v).is_integer() for v in (base, objective.kpi_target_2030))
            value = round(value) if counts else round(value, 1)
            _obj, created = KpiValue.objects.get_or_create(
                objective=objective, year=year, defaults={"value": value, "note": KPI_NOTE, "is_demo": True}
            )
            n += created
    return n
