"""SOC stock observations and site summaries, aggregated in the database from the stored profile stocks.

The stock of each profile is computed once, by ``fourpermille.stocks.reporting_depth_stocks``, when its
upload is stored (``monitoring.services``; ``monitoring.models.ProfileStock``), 0-30 cm with the coarse
fraction, under the one rule for profiles sampled shallower than 30 cm (``fourpermille.stocks.SHALLOW_RULE``:
excluded, never extrapolated nor averaged with deeper ones). Nothing here computes a stock: a campaign
(one upload) is summarised, in the database, by the mean over its included profiles and the 95 % interval
of that mean, mean +/- t(0.975, n-1) s / sqrt(n).

The site's rate of change is the least-squares slope of its campaign means against time [t C/ha/yr];
the 4 per 1000 rate is 0.004 x the first stock (``fourpermille.target.FOUR_PER_1000``; linear growth,
constant baseline, as ``target.target_stock`` defines it).

Equivalent soil mass is not applied here: the dashboards show fixed-depth stocks.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import Avg, Count, F
from scipy import stats

from fourpermille.target import FOUR_PER_1000
from fourpermille.web.dashboard.models import SiteSoc, StockObservation
from fourpermille.web.dashboard.services.cache import bump
from fourpermille.web.monitoring.models import MeasurementUpload, ProfileStock, SoilMeasurement
from fourpermille.web.monitoring.services import (
    REPORTING_DEPTH_CM,
    compute_missing_profile_stocks,
    included_stocks,
)
from fourpermille.web.projects.models import Site

#: Accounting depth of the 4 per 1000 topsoil [cm]: the depth the profile stocks are stored at.
ACCOUNTING_DEPTH_CM = REPORTING_DEPTH_CM
#: Two-sided confidence level of the campaign interval [-].
CONFIDENCE = 0.95
DAYS_PER_YEAR = 365.25  # [d/yr] Julian year


def campaign_stocks(profile_stocks=None):
    """Per upload, aggregated in the database over the included stored profile stocks: ``n``, ``mean`` and
    ``mean_square`` [t C/ha, (t C/ha)^2] (SQLite's sample standard deviation fails on one value; the
    spread of stocks is small beside their mean, so the mean square loses nothing that matters)."""
    queryset = included_stocks(profile_stocks).filter(depth_cm=ACCOUNTING_DEPTH_CM)
    return (
        queryset.values("upload_id")
        .annotate(
            n=Count("pk"),
            mean=Avg("soc_stock_t_ha"),
            mean_square=Avg(F("soc_stock_t_ha") * F("soc_stock_t_ha")),
        )
        .order_by("upload_id")
    )


def sample_sd(n: int, mean: float, mean_square: float) -> float | None:
    """Sample standard deviation from the mean and mean square of ``n`` values (None below two)."""
    if n < 2:
        return None
    return math.sqrt(max(0.0, (mean_square - mean * mean) * n / (n - 1)))


def campaign_summary(stocks: list[float]) -> tuple[float, float | None, float | None, float | None]:
    """Mean, standard deviation and 95 % interval of the mean of profile stocks [t C/ha] (in Python: what
    ``campaign_stocks`` and ``campaign_interval`` give in the database)."""
    n = len(stocks)
    mean = sum(stocks) / n
    if n < 2:
        return mean, None, None, None
    sd = math.sqrt(sum((s - mean) ** 2 for s in stocks) / (n - 1))
    return (mean, sd, *campaign_interval(n, mean, sd))


@functools.cache
def t_quantile(degrees_of_freedom: int) -> float:
    """Two-sided Student t quantile for CONFIDENCE [-] (cached: bulk refreshes ask for few distinct n)."""
    return float(stats.t.ppf(0.5 + CONFIDENCE / 2, degrees_of_freedom))


def campaign_interval(n: int, mean: float, sd: float | None) -> tuple[float | None, float | None]:
    """95 % interval of a campaign mean of ``n`` profiles with standard deviation ``sd`` [t C/ha]."""
    if n < 2 or sd is None:
        return None, None
    half = t_quantile(n - 1) * sd / math.sqrt(n)
    return mean - half, mean + half


def _observation(upload_id: int, site_id: int, sampled_on: date, row: dict) -> StockObservation:
    n, mean = row["n"], row["mean"]
    sd = sample_sd(n, mean, row["mean_square"])
    low, high = campaign_interval(n, mean, sd)
    return StockObservation(
        upload_id=upload_id,
        site_id=site_id,
        sampled_on=sampled_on,
        depth_cm=ACCOUNTING_DEPTH_CM,
        soc_stock_t_ha=mean,
        soc_stock_sd_t_ha=sd,
        ci95_low_t_ha=low,
        ci95_high_t_ha=high,
        profile_count=n,
    )


@transaction.atomic
def refresh_upload(upload_id: int) -> StockObservation | None:
    """(Re)compute the observation of one upload and its site's summary from its stored profile stocks.
    None if no profile of the upload counts (none reaches the accounting depth)."""
    upload = MeasurementUpload.objects.filter(pk=upload_id).first()
    if upload is None:
        return None
    if not ProfileStock.objects.filter(upload_id=upload_id).exists():
        compute_missing_profile_stocks()  # an upload written in bulk, without the upload service
    row = campaign_stocks(ProfileStock.objects.filter(upload_id=upload_id)).first()
    existing = StockObservation.objects.filter(upload_id=upload_id).first()
    if row is None:
        if existing:
            existing.delete()
        refresh_site(upload.site_id)
        return None
    sampled_on = upload.sampled_on or (existing.sampled_on if existing else upload.uploaded_at.date())
    observation = _observation(upload_id, upload.site_id, sampled_on, row)
    if existing:
        observation.pk = existing.pk
    observation.save()
    refresh_site(upload.site_id)
    return observation


def trend(points: list[tuple[date, float]]) -> float | None:
    """Least-squares slope of (date, stock) points [t C/ha/yr]; None with fewer than two dates."""
    xs = [d.toordinal() / DAYS_PER_YEAR for d, _s in points]
    if len(set(xs)) < 2:
        return None
    x_mean = sum(xs) / len(xs)
    y_mean = sum(s for _d, s in points) / len(points)
    sxx = sum((x - x_mean) ** 2 for x in xs)
    sxy = sum((x - x_mean) * (s - y_mean) for x, (_d, s) in zip(xs, points, strict=True))
    return sxy / sxx


SITE_ATTRIBUTES = [
    "project_id",
    "project__status",
    "project__region",
    "climate_zone",
    "longitude",
    "latitude",
]


def site_attributes(site_ids=None) -> dict[int, dict]:
    """{site id: the attributes SiteSoc copies} for ``site_ids`` (all sites when None)."""
    sites = Site.objects.all() if site_ids is None else Site.objects.filter(pk__in=site_ids)
    return {
        row["pk"]: {
            "project_id": row["project_id"],
            "project_status": row["project__status"],
            "region": row["project__region"],
            "climate_zone": row["climate_zone"],
            "longitude": row["longitude"],
            "latitude": row["latitude"],
        }
        for row in sites.values("pk", *SITE_ATTRIBUTES)
    }


def _summary(site_id: int, points: list[tuple[date, float]], measurements: int, attributes: dict) -> SiteSoc:
    points = sorted(points)
    slope = trend(points)
    first = points[0][1]
    return SiteSoc(
        site_id=site_id,
        **attributes,
        observation_count=len(points),
        measurement_count=measurements,
        first_sampled_on=points[0][0],
        first_stock_t_ha=first,
        latest_sampled_on=points[-1][0],
        latest_stock_t_ha=points[-1][1],
        change_t_ha_yr=slope,
        relative_change_per_yr=None if slope is None or first <= 0 else slope / first,
        target_change_t_ha_yr=FOUR_PER_1000 * first,
    )


def refresh_site(site_id: int) -> SiteSoc | None:
    """Recompute one site's summary from its observations (deleted when it has none)."""
    points = list(
        StockObservation.objects.filter(site_id=site_id).values_list("sampled_on", "soc_stock_t_ha")
    )
    if not points:
        SiteSoc.objects.filter(site_id=site_id).delete()
        bump()
        return None
    attributes = site_attributes([site_id]).get(site_id)
    if attributes is None:  # the site is being deleted
        return None
    summary = _summary(site_id, points, SoilMeasurement.objects.filter(site_id=site_id).count(), attributes)
    SiteSoc.objects.update_or_create(
        site_id=site_id, defaults={f.attname: getattr(summary, f.attname) for f in SiteSoc._meta.fields}
    )
    bump()  # cached figures computed before this summary changed must not be served again
    return summary


BATCH = 5000


def _delete_without_signals(model) -> None:
    """Empty a summary table in one statement. ``QuerySet.delete`` would load every row and send its
    delete signal, and each would queue a refresh of its site after commit: tens of thousands of
    refreshes that ``refresh_all`` makes needless, since it rebuilds every summary itself."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")


@transaction.atomic
def refresh_all(sampled_on: dict[int, date] | None = None) -> tuple[int, int]:
    """Rebuild every observation and site summary (after bulk loads that send no signals), first storing
    the profile stocks of uploads that have none (``monitoring.services.compute_missing_profile_stocks``).

    ``sampled_on`` maps upload id -> sampling date; other uploads keep their recorded date, or the upload
    date. Returns (observations, sites).
    """
    compute_missing_profile_stocks()
    dates = dict(StockObservation.objects.values_list("upload_id", "sampled_on"))
    dates.update(MeasurementUpload.objects.exclude(sampled_on=None).values_list("pk", "sampled_on"))
    dates.update(sampled_on or {})
    uploads = dict(MeasurementUpload.objects.values_list("pk", "site_id"))
    uploaded = dict(MeasurementUpload.objects.values_list("pk", "uploaded_at"))
    _delete_without_signals(StockObservation)  # every summary is rebuilt below: no per-row refresh
    SiteSoc.objects.all().delete()
    observations: list[StockObservation] = []
    per_site: dict[int, list[tuple[date, float]]] = defaultdict(list)
    n_observations = 0
    for row in campaign_stocks().iterator(chunk_size=BATCH):
        upload_id = row["upload_id"]
        day = dates.get(upload_id) or uploaded[upload_id].date()
        observation = _observation(upload_id, uploads[upload_id], day, row)
        observations.append(observation)
        per_site[observation.site_id].append((day, observation.soc_stock_t_ha))
        if len(observations) >= BATCH:
            StockObservation.objects.bulk_create(observations)
            n_observations += len(observations)
            observations = []
    StockObservation.objects.bulk_create(observations)
    n_observations += len(observations)
    attributes = site_attributes()
    counts = dict(
        SoilMeasurement.objects.values("site_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("site_id", "n")
    )
    SiteSoc.objects.bulk_create(
        (
            _summary(site_id, points, counts.get(site_id, 0), attributes[site_id])
            for site_id, points in per_site.items()
        ),
        batch_size=BATCH,
    )
    bump()
    return n_observations, len(per_site)
