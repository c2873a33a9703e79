"""SOC stock observations and site summaries, computed in the database from the soil measurements.

A layer's stock over the accounting depth ``D`` (the initiative's topsoil, 0-30 cm):

    stock_layer = soc x bd x (1 - cf) x (min(bottom, D) - top) x 0.1                          (1)

[t C/ha] with ``soc`` [g C/kg], ``bd`` the fine-earth bulk density [g/cm3] (fine-earth mass over the
fine-earth volume, as docs/nomenclature.md defines ``bulk_density_g_cm3``), ``cf`` the coarse fraction
[volume fraction]; thicknesses [cm]; 0.1 = units.T_HA_PER_G_KG_G_CM3_CM. This is
``fourpermille.stocks.layer_soc_stock`` written for the database, and a test checks the two agree. From a
core sample, ``bd (1 - cf)`` is the fine-earth mass over the core volume (``stocks.bulk_density_from_cores``
divides by ``1 - cf``), so the coarse fraction cancels: mass / (cores x pi (diameter / 20)^2 x
(bottom - top)), diameter in mm.
A profile's stock is the sum over its layers above D; a campaign (one upload) is summarised by the mean
over its profiles and the 95 % interval of that mean, mean +/- t(0.975, n-1) s / sqrt(n).

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

from django.db import transaction
from django.db.models import Count, ExpressionWrapper, F, FloatField, Max, Sum, Value
from django.db.models.functions import Coalesce, Least
from scipy import stats

from fourpermille.target import FOUR_PER_1000
from fourpermille.units import T_HA_PER_G_KG_G_CM3_CM
from fourpermille.web.dashboard.models import SiteSoc, StockObservation
from fourpermille.web.dashboard.services.cache import bump
from fourpermille.web.monitoring.models import MeasurementUpload, SoilMeasurement
from fourpermille.web.projects.models import Site

#: Accounting depth of the 4 per 1000 topsoil [cm] (the initiative: "top 30-40 cm"; 30 cm as IPCC Tier 1).
ACCOUNTING_DEPTH_CM = 30.0
#: Two-sided confidence level of the campaign interval [-].
CONFIDENCE = 0.95
DAYS_PER_YEAR = 365.25  # [d/yr] Julian year
MM_PER_CM = 10.0


def layer_stock_expression(depth_cm: float = ACCOUNTING_DEPTH_CM):
    """ORM expression of equation (1) for one SoilMeasurement row [t C/ha] (rows with top < depth)."""
    thickness = F("depth_bottom_cm") - F("depth_top_cm")
    core_volume = (
        F("cores_per_sample")
        * Value(math.pi)
        * (F("core_diameter_mm") / Value(2 * MM_PER_CM)) ** 2
        * thickness
    )
    fine_earth_per_volume = Coalesce(
        F("bulk_density_g_cm3") * (Value(1.0) - Coalesce(F("coarse_fraction_vol"), Value(0.0))),
        F("sample_mass_g") / core_volume,
    )
    within = Least(F("depth_bottom_cm"), Value(depth_cm)) - F("depth_top_cm")
    return ExpressionWrapper(
        F("soc_g_kg") * fine_earth_per_volume * within * Value(T_HA_PER_G_KG_G_CM3_CM),
        output_field=FloatField(),
    )


def profile_stocks(measurements, depth_cm: float = ACCOUNTING_DEPTH_CM):
    """Per (upload, profile): stock [t C/ha] and the depth it covers [cm], aggregated in the database."""
    return (
        measurements.filter(depth_top_cm__lt=depth_cm)
        .values("upload_id", "profile_id")
        .annotate(
            stock=Sum(layer_stock_expression(depth_cm)),
            depth=Max(Least(F("depth_bottom_cm"), Value(depth_cm))),
        )
        .order_by("upload_id", "profile_id")
    )


def campaign_summary(stocks: list[float]) -> tuple[float, float | None, float | None, float | None]:
    """Mean, standard deviation and 95 % interval of the mean of profile stocks [t C/ha]."""
    n = len(stocks)
    mean = sum(stocks) / n
    if n < 2:
        return mean, None, None, None
    sd = math.sqrt(sum((s - mean) ** 2 for s in stocks) / (n - 1))
    half = t_quantile(n - 1) * sd / math.sqrt(n)
    return mean, sd, mean - half, mean + half


@functools.cache
def t_quantile(degrees_of_freedom: int) -> float:
    """Two-sided Student t quantile for CONFIDENCE [-] (cached: bulk refreshes ask for few distinct n)."""
    return float(stats.t.ppf(0.5 + CONFIDENCE / 2, degrees_of_freedom))


def _observation(upload_id: int, site_id: int, sampled_on: date, profiles: list[tuple[float, float]]):
    mean, sd, low, high = campaign_summary([stock for stock, _depth in profiles])
    return StockObservation(
        upload_id=upload_id,
        site_id=site_id,
        sampled_on=sampled_on,
        depth_cm=min(depth for _stock, depth in profiles),
        soc_stock_t_ha=mean,
        soc_stock_sd_t_ha=sd,
        ci95_low_t_ha=low,
        ci95_high_t_ha=high,
        profile_count=len(profiles),
    )


@transaction.atomic
def refresh_upload(upload_id: int) -> StockObservation | None:
    """(Re)compute the observation of one upload and its site's summary. None if nothing is measured."""
    upload = MeasurementUpload.objects.filter(pk=upload_id).first()
    if upload is None:
        return None
    profiles = [
        (row["stock"], row["depth"])
        for row in profile_stocks(SoilMeasurement.objects.filter(upload_id=upload_id))
        if row["stock"] is not None
    ]
    existing = StockObservation.objects.filter(upload_id=upload_id).first()
    if not profiles:
        if existing:
            existing.delete()
        refresh_site(upload.site_id)
        return None
    sampled_on = existing.sampled_on if existing else upload.uploaded_at.date()
    observation = _observation(upload_id, upload.site_id, sampled_on, profiles)
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


@transaction.atomic
def refresh_all(sampled_on: dict[int, date] | None = None) -> tuple[int, int]:
    """Rebuild every observation and site summary (after bulk loads that send no signals).

    ``sampled_on`` maps upload id -> sampling date; other uploads keep their recorded date, or the upload
    date. Returns (observations, sites).
    """
    dates = dict(StockObservation.objects.values_list("upload_id", "sampled_on"))
    dates.update(sampled_on or {})
    uploads = dict(MeasurementUpload.objects.values_list("pk", "site_id"))
    uploaded = dict(MeasurementUpload.objects.values_list("pk", "uploaded_at"))
    StockObservation.objects.all().delete()
    SiteSoc.objects.all().delete()
    observations: list[StockObservation] = []
    per_site: dict[int, list[tuple[date, float]]] = defaultdict(list)
    current, profiles = None, []

    def flush():
        if current is None or not profiles:
            return
        day = dates.get(current) or uploaded[current].date()
        observation = _observation(current, uploads[current], day, profiles)
        observations.append(observation)
        per_site[observation.site_id].append((day, observation.soc_stock_t_ha))

    n_observations = 0
    for row in profile_stocks(SoilMeasurement.objects.all()).iterator(chunk_size=BATCH):
        if row["upload_id"] != current:
            flush()
            current, profiles = row["upload_id"], []
            if len(observations) >= BATCH:
                StockObservation.objects.bulk_create(observations)
                n_observations += len(observations)
                observations = []
        if row["stock"] is not None:
            profiles.append((row["stock"], row["depth"]))
    flush()
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
