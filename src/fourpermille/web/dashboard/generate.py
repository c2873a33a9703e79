"""Synthetic volume for the dashboard benchmark: organisations, projects, sites, measurement uploads and
soil measurements written with ``bulk_create`` (no signals, no history), then the dashboard summaries
rebuilt in one pass (``services.stocks.refresh_all``). Every record is flagged ``is_demo`` and named
"(bench)"; the values are invented. Deterministic for a given seed. The projects' ex-ante estimates are
computed in bulk at the end (``estimates.services.compute_ex_ante_many``: one Tier 1 Monte Carlo run per
group of alike sites), so that no page request ever computes one and the first request after generating is
no slower than any other.

Each site gets ``measurements // sites`` rows, as sampling campaigns of two profiles (0-10-20-30 cm and
0-15-30 cm: five rows per campaign) one or two years apart.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db import connection, transaction

from fourpermille.web.commitments.models import Commitment, ResourceKind, TargetUnit
from fourpermille.web.community.models import Body, Organisation, OrganisationType
from fourpermille.web.dashboard.services.stocks import refresh_all
from fourpermille.web.estimates.services import compute_ex_ante_many
from fourpermille.web.monitoring.models import MeasurementUpload, SoilMeasurement
from fourpermille.web.portal.demo import PLACES
from fourpermille.web.portal.seed import seed
from fourpermille.web.projects.models import ClimateZone, Modality, PrimaryAim, Project, ProjectStatus, Site
from fourpermille.web.resources.models import Practice

BENCH_SUFFIX = " (bench)"
BATCH = 10_000
ROWS_PER_CAMPAIGN = 5
LAYERS = [("A", 0, 10), ("A", 10, 20), ("A", 20, 30), ("B", 0, 15), ("B", 15, 30)]
#: Share of generated projects in each workflow status (most published, so the public pages are full).
STATUS_WEIGHTS = {
    ProjectStatus.PUBLISHED: 60,
    ProjectStatus.COMPLETED: 10,
    ProjectStatus.IN_REVIEW: 10,
    ProjectStatus.ELIGIBILITY: 5,
    ProjectStatus.SUBMITTED: 5,
    ProjectStatus.DRAFT: 5,
    ProjectStatus.INELIGIBLE: 3,
    ProjectStatus.SAFEGUARD_FAILED: 2,
}


MEASUREMENT_COLUMNS = [
    "upload_id",
    "site_id",
    "row",
    "profile_id",
    "depth_top_cm",
    "depth_bottom_cm",
    "soc_g_kg",
    "bulk_density_g_cm3",
]


def _insert_measurements(rows: list[tuple]) -> None:
    """Plain multi-row inserts (COPY on PostgreSQL): a million model instances would take minutes."""
    if not rows:
        return
    table = SoilMeasurement._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in MEASUREMENT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(MEASUREMENT_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", rows)


def generated() -> int:
    return Project.objects.filter(title__endswith=BENCH_SUFFIX).count()


def _bulk(model, objects) -> None:
    model.objects.bulk_create(objects, batch_size=BATCH)


@transaction.atomic
def generate(projects: int, sites: int, measurements: int, seed_value: int = 1, progress=None) -> dict:
    """Write the volume; ``progress(step, done, total)`` is called as it goes. Returns the counts."""
    report = progress or (lambda *args: None)
    seed()
    rng = random.Random(seed_value)
    practices = list(Practice.objects.order_by("code"))
    n_orgs = max(1, projects // 30)
    organisations = [
        Organisation(
            name=f"Organisation {i:05d}{BENCH_SUFFIX}",
            type=OrganisationType.values[i % len(OrganisationType.values)],
            country=PLACES[i % len(PLACES)][0],
            region=PLACES[i % len(PLACES)][1],
            body=Body.CONSORTIUM if i % 3 == 0 else Body.FORUM,
            declaration_signed=date(2015 + i % 10, 1 + i % 12, 1 + i % 28),
            is_demo=True,
        )
        for i in range(n_orgs)
    ]
    _bulk(Organisation, organisations)
    org_ids = list(
        Organisation.objects.filter(name__endswith=BENCH_SUFFIX).order_by("pk").values_list("pk", flat=True)
    )
    report("organisations", n_orgs, n_orgs)
    _bulk(
        Commitment,
        [
            Commitment(
                organisation_id=org_ids[i % len(org_ids)],
                title=f"Commitment {i}{BENCH_SUFFIX}",
                target_text="Bench commitment",
                target_value=Decimal(rng.choice([500, 1000, 5000])),
                target_unit=rng.choice([TargetUnit.HECTARES, TargetUnit.FARMERS]),
                start=date(2018 + i % 6, 1, 1),
                end=date(2030, 12, 31),
                resources_amount=Decimal(rng.choice([50_000, 250_000])),
                resources_currency="EUR",
                resources_kind=ResourceKind.FINANCIAL,
                is_demo=True,
            )
            for i in range(n_orgs * 2)
        ],
    )
    statuses = list(STATUS_WEIGHTS)
    weights = list(STATUS_WEIGHTS.values())
    _bulk(
        Project,
        [
            Project(
                organisation_id=org_ids[i % len(org_ids)],
                title=f"Project {i:05d}{BENCH_SUFFIX}",
                summary="Generated for the dashboard benchmark.",
                country=PLACES[i % len(PLACES)][0],
                region=PLACES[i % len(PLACES)][1],
                modality=Modality.values[i % 2],
                status=rng.choices(statuses, weights)[0],
                primary_aim=PrimaryAim.SOC_INCREASE,
                area_ha=Decimal(rng.choice([50, 200, 1000, 5000])),
                start=date(2016 + i % 9, 1 + i % 12, 1),
                end=date(2030, 12, 31),
                is_demo=True,
            )
            for i in range(projects)
        ],
    )
    project_rows = list(
        Project.objects.filter(title__endswith=BENCH_SUFFIX).order_by("pk").values_list("pk", "country")
    )
    through = Project.practices.through
    _bulk(
        through,
        [
            through(project_id=pk, practice_id=practice.pk)
            for pk, _country in project_rows
            for practice in rng.sample(practices, 2)
        ],
    )
    report("projects", projects, projects)
    places = {p[0]: p for p in PLACES}
    site_objects = []
    for i in range(sites):
        project_id, country = project_rows[i % len(project_rows)]
        _c, _r, lon, lat, zone = places[country]
        lon += rng.uniform(-4, 4)
        lat += rng.uniform(-3, 3)
        site_objects.append(
            Site(
                project_id=project_id,
                name=f"Site {i:06d}{BENCH_SUFFIX}",
                geometry=json.dumps({"type": "Point", "coordinates": [round(lon, 4), round(lat, 4)]}),
                longitude=lon,
                latitude=lat,
                climate_zone=zone if rng.random() < 0.8 else rng.choice(ClimateZone.values),
                baseline_soc_t_ha=rng.uniform(20, 90),
                baseline_depth_cm=30,
                is_demo=True,
            )
        )
    _bulk(Site, site_objects)
    site_ids = list(
        Site.objects.filter(name__endswith=BENCH_SUFFIX).order_by("pk").values_list("pk", flat=True)
    )
    report("sites", sites, sites)
    campaigns_per_site = max(1, measurements // sites // ROWS_PER_CAMPAIGN)
    now = datetime.now(UTC)
    uploads = [
        MeasurementUpload(
            site_id=site_id,
            file_name=f"bench-{site_id}-{k}.csv",
            sha256="0" * 64,
            row_count=ROWS_PER_CAMPAIGN,
            profile_count=2,
            note="Generated for the dashboard benchmark (bench)",
        )
        for site_id in site_ids
        for k in range(campaigns_per_site)
    ]
    for start in range(0, len(uploads), BATCH):
        MeasurementUpload.objects.bulk_create(uploads[start : start + BATCH])
    upload_rows = list(
        MeasurementUpload.objects.filter(site_id__in=site_ids, note__endswith="(bench)")
        .order_by("pk")
        .values_list("pk", "site_id")
    )
    MeasurementUpload.objects.filter(pk__in=[pk for pk, _s in upload_rows]).update(uploaded_at=now)
    report("uploads", len(upload_rows), len(upload_rows))
    sampled_on = {}
    batch: list[tuple] = []
    written = 0
    total = len(upload_rows) * ROWS_PER_CAMPAIGN
    trend = {}
    for index, (upload_id, site_id) in enumerate(upload_rows):
        k = index % campaigns_per_site
        sampled_on[upload_id] = date(2018 + 2 * k, 1 + (site_id % 12), 1 + (site_id % 28))
        level, rate = trend.setdefault(site_id, (rng.uniform(8, 30), rng.uniform(-0.004, 0.01)))
        soc_top = level * (1 + rate * 2 * k)
        for row, (profile, top, bottom) in enumerate(LAYERS, start=2):
            soc = round(soc_top * (0.7 ** (top / 10)) * rng.uniform(0.9, 1.1), 2)
            bulk_density = round(rng.uniform(1.1, 1.5), 3)
            batch.append((upload_id, site_id, row, profile, top, bottom, soc, bulk_density))
        if len(batch) >= BATCH:
            _insert_measurements(batch)
            written += len(batch)
            batch = []
            report("measurements", written, total)
    _insert_measurements(batch)
    written += len(batch)
    report("measurements", written, total)
    observations, summarised = refresh_all(sampled_on=sampled_on)
    report("summaries", summarised, summarised)
    bench_projects = Project.objects.filter(title__endswith=BENCH_SUFFIX)
    estimated = compute_ex_ante_many(bench_projects, lambda done, total: report("ex-ante", done, total))
    return {
        "organisations": n_orgs,
        "projects": projects,
        "sites": sites,
        "uploads": len(upload_rows),
        "measurements": written,
        "observations": observations,
        "site_summaries": summarised,
        "ex_ante_records": estimated,
    }
