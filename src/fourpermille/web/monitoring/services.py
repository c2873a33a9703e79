"""Soil measurement import: read a CSV in the stocks input layout, validate, store all-or-nothing.

The layout (docs/nomenclature.md): ``profile_id, depth_top_cm, depth_bottom_cm, soc_g_kg`` and either
``bulk_density_g_cm3`` or the core sample triple ``sample_mass_g, core_diameter_mm, cores_per_sample``;
optional ``coarse_fraction_vol, som_g_kg``. Rows are numbered as a spreadsheet shows them (header = 1).

``read_measurements`` is the one place that reads and validates the file: the layout and its physical
checks are the stocks reader's (``fourpermille.io.profiles.read_profiles``: numbers, finite and inside
``fourpermille.stocks.PROFILE_RANGES``, layers from the surface, contiguous, a density for every layer);
the platform adds what its database needs.

The stock route: when an upload is stored, ``fourpermille.stocks.reporting_depth_stocks`` computes the
stock of every profile to the reporting depth in one vectorised call, inside the same transaction, and
``models.ProfileStock`` keeps one row per profile (with whether it reaches the depth, and so counts, under
``fourpermille.stocks.SHALLOW_RULE``). Pages, API and downloads read or aggregate those rows.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from dataclasses import dataclass
from datetime import date

import pandas as pd
from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from fourpermille import stocks
from fourpermille.errors import InputError
from fourpermille.io.profiles import read_profiles
from fourpermille.io.tables import read_csv_columns
from fourpermille.web.monitoring.models import (
    NUMERIC_COLUMNS,
    MeasurementUpload,
    ProfileStatus,
    ProfileStock,
    SoilMeasurement,
)

MAX_ROWS = 20_000
MAX_PROFILE_ID_CHARS = 100  # the database column's length


@dataclass
class ImportResult:
    upload: MeasurementUpload
    rows: int
    profiles: int


def read_measurements(path: str | os.PathLike) -> pd.DataFrame:
    """Read and validate a measurement table; InputError names the row and column of the first problem.

    Returns
    -------
    DataFrame indexed by spreadsheet row with the layout's columns, as ``read_profiles`` returns it
    (``bulk_density_g_cm3`` derived from the core columns where those were given).
    """
    table = read_profiles(path)
    _check_storable(table)
    return table


def uploaded_columns(path: str | os.PathLike) -> set[str]:
    """The columns the file itself holds (the reader may add derived ones, which are not stored)."""
    return set(read_csv_columns(path))  # the reader's own rules: a ';' or UTF-16 file has the same columns


def _check_storable(table: pd.DataFrame) -> None:
    """What the database needs beyond the layout: bounded rows, storable identifiers, whole core counts."""
    if len(table) > MAX_ROWS:
        raise InputError(
            _("too many rows (%(n)d); at most %(max)d per file") % {"n": len(table), "max": MAX_ROWS}
        )
    ids = table["profile_id"].astype(str)
    empty = ids.str.strip() == ""
    if empty.any():
        raise InputError(_("a value is required"), row=int(empty.idxmax()), column="profile_id")
    too_long = ids.str.len() > MAX_PROFILE_ID_CHARS
    if too_long.any():
        raise InputError(
            _("a profile identifier has at most %(n)d characters") % {"n": MAX_PROFILE_ID_CHARS},
            row=int(too_long.idxmax()),
            column="profile_id",
        )
    unprintable = ~ids.map(str.isprintable).astype(bool)
    if unprintable.any():
        raise InputError(
            _("the profile identifier holds control characters"),
            row=int(unprintable.idxmax()),
            column="profile_id",
        )
    if "cores_per_sample" in table.columns:
        values = table["cores_per_sample"]
        fractional = values.notna() & (values != values.round())
        if fractional.any():
            raise InputError(
                _("the number of cores must be a whole number"),
                row=int(fractional.idxmax()),
                column="cores_per_sample",
            )


def _optional(value):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


#: The earliest sampling date accepted (a campaign dated before is a typing error).
EARLIEST_SAMPLING_YEAR = 1900


def validate_sampling_date(day: date) -> None:
    """A campaign's sampling date: not in the future, not before :data:`EARLIEST_SAMPLING_YEAR` (the upload
    page and the API both check it with this; :class:`django.core.exceptions.ValidationError`)."""
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    if day > timezone.localdate():
        raise ValidationError(_("The sampling date is in the future."), code="future")
    if day.year < EARLIEST_SAMPLING_YEAR:
        raise ValidationError(_("The sampling date is before 1900."), code="too_early")


@transaction.atomic
def import_measurements(
    site, uploaded_file, user, note: str = "", sampled_on: date | None = None, campaign: str = ""
) -> ImportResult:
    """Validate ``uploaded_file`` (a Django UploadedFile or any binary file object) and store its rows.

    ``sampled_on`` is the campaign's sampling date (the upload form requires it; without it the campaign
    is dated by its upload day). All-or-nothing: any error raises InputError naming the file, row and
    column, and nothing is stored.
    """
    name = os.path.basename(getattr(uploaded_file, "name", "") or "measurements.csv")
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > settings.MAX_UPLOAD_BYTES:
        raise InputError(
            _("the file is larger than the limit of %(limit)d bytes") % {"limit": settings.MAX_UPLOAD_BYTES},
            file=name,
        )
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as tmp:
        total = 0
        chunks = (
            uploaded_file.chunks()
            if hasattr(uploaded_file, "chunks")
            else iter(lambda: uploaded_file.read(65536), b"")
        )
        for chunk in chunks:
            total += len(chunk)
            if total > settings.MAX_UPLOAD_BYTES:
                os.unlink(tmp.name)
                raise InputError(
                    _("the file is larger than the limit of %(limit)d bytes")
                    % {"limit": settings.MAX_UPLOAD_BYTES},
                    file=name,
                )
            digest.update(chunk)
            tmp.write(chunk)
    try:
        table = read_measurements(tmp.name)
        stored = uploaded_columns(tmp.name)
    except InputError as error:
        raise error.in_file(name) if error.file is None else _rename(error, name) from None
    finally:
        os.unlink(tmp.name)
    upload = MeasurementUpload.objects.create(
        site=site,
        file_name=name,
        sha256=digest.hexdigest(),
        row_count=len(table),
        profile_count=table["profile_id"].nunique(),
        uploaded_by=user if user and user.is_authenticated else None,
        note=note,
        sampled_on=sampled_on,
        campaign=campaign,
    )
    columns = [c for c in NUMERIC_COLUMNS if c in table.columns and c in stored]
    SoilMeasurement.objects.bulk_create(
        [
            SoilMeasurement(
                upload=upload,
                site=site,
                row=int(row),
                profile_id=record["profile_id"],
                **{
                    c: (
                        int(record[c])
                        if c == "cores_per_sample" and _optional(record[c]) is not None
                        else _optional(record[c])
                    )
                    for c in columns
                },
            )
            for row, record in table.iterrows()
        ]
    )
    store_profile_stocks(upload, table)
    return ImportResult(upload=upload, rows=len(table), profiles=upload.profile_count)


#: Reporting depth of the stored profile stocks [cm]: the initiative's and IPCC Tier 1's 0-30 cm.
REPORTING_DEPTH_CM = stocks.DEFAULT_DEPTH_CM


def _stock_rows(result: pd.DataFrame, upload_ids, site_ids, model=ProfileStock) -> list:
    """ProfileStock rows from ``stocks.reporting_depth_stocks``' table; ``upload_ids`` and ``site_ids`` are
    one id for every row, or a sequence of ids row by row."""
    n = len(result)
    uploads = [upload_ids] * n if isinstance(upload_ids, int) else list(upload_ids)
    sites = [site_ids] * n if isinstance(site_ids, int) else list(site_ids)
    return [
        model(
            upload_id=upload_id,
            site_id=site_id,
            profile_id=pid,
            depth_cm=depth,
            sampled_depth_cm=sampled,
            status=str(status),
            soil_mass_t_ha=None if math.isnan(mass) else mass,
            soc_stock_t_ha=None if math.isnan(stock) else stock,
        )
        for upload_id, site_id, pid, depth, sampled, status, mass, stock in zip(
            uploads,
            sites,
            result["profile_id"].tolist(),
            result["depth_cm"].tolist(),
            result["sampled_depth_cm"].tolist(),
            result["status"].tolist(),
            result["soil_mass_t_ha"].tolist(),
            result["soc_stock_t_ha"].tolist(),
            strict=True,
        )
    ]


def store_profile_stocks(upload: MeasurementUpload, table: pd.DataFrame) -> list[ProfileStock]:
    """Compute (one vectorised call) and store the stock of every profile of a validated upload table."""
    result = stocks.reporting_depth_stocks(table, REPORTING_DEPTH_CM)
    return ProfileStock.objects.bulk_create(_stock_rows(result, upload.pk, upload.site_id))


#: Uploads whose stocks are computed in one call by ``compute_missing_profile_stocks``.
STOCK_BATCH_UPLOADS = 5000
_KEY_SEPARATOR = "\x1f"  # between upload id and profile id in a batch's profile key (unit separator)


@transaction.atomic
def compute_missing_profile_stocks(
    upload_model=MeasurementUpload, measurement_model=SoilMeasurement, stock_model=ProfileStock
) -> int:
    """Store the profile stocks of every upload that has none (records stored before the stock route,
    bulk loads such as the demo and the benchmark). Vectorised: one ``reporting_depth_stocks`` call per
    batch of uploads; an upload whose stored rows fail the checks (stored before the checks refused them)
    gets its profiles recorded as ``invalid`` with the reason. The models can be a migration's historical
    ones. Returns the number of profile rows stored."""
    missing = list(
        upload_model.objects.filter(profile_stocks__isnull=True)
        .order_by("pk")
        .values_list("pk", "site_id", "file_name")
    )
    stored = 0
    for start in range(0, len(missing), STOCK_BATCH_UPLOADS):
        batch = {pk: site_id for pk, site_id, _name in missing[start : start + STOCK_BATCH_UPLOADS]}
        names = {pk: name for pk, _site, name in missing[start : start + STOCK_BATCH_UPLOADS]}
        rows = list(
            measurement_model.objects.filter(upload_id__in=list(batch))
            .order_by("upload_id", "row")
            .values("upload_id", "row", "profile_id", *NUMERIC_COLUMNS)
        )
        if not rows:
            continue
        table = pd.DataFrame(rows)
        key = table["upload_id"].astype(str) + _KEY_SEPARATOR
        table["profile_id"] = key + table["profile_id"].astype(str)
        try:
            objects = _batch_stock_rows(table, batch, _StockRecord)
        except InputError:
            objects = []
            for upload_id, part in table.groupby("upload_id", sort=True):
                objects += _upload_stock_rows(
                    part, int(upload_id), batch[upload_id], names[upload_id], _StockRecord
                )
        _insert(stock_model, objects)
        stored += len(objects)
    return stored


@dataclass
class _StockRecord:
    """A ProfileStock row to insert in bulk (no model instance: their construction is the slow part)."""

    upload_id: int
    site_id: int
    profile_id: str
    depth_cm: float
    sampled_depth_cm: float | None = None
    status: str = ""
    soil_mass_t_ha: float | None = None
    soc_stock_t_ha: float | None = None
    note: str = ""


_INSERTED_FIELDS = (
    "upload_id",
    "site_id",
    "profile_id",
    "depth_cm",
    "sampled_depth_cm",
    "status",
    "soil_mass_t_ha",
    "soc_stock_t_ha",
    "note",
)


def _insert(stock_model, objects: list) -> None:
    """Plain multi-row inserts: a benchmark's hundreds of thousands of profiles through ``bulk_create``
    would spend minutes building SQL, not computing stocks."""
    if not objects:
        return
    table = connection.ops.quote_name(stock_model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f) for f in _INSERTED_FIELDS)
    placeholders = ", ".join(["%s"] * len(_INSERTED_FIELDS))
    rows = [tuple(getattr(o, f) for f in _INSERTED_FIELDS) for o in objects]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), STOCK_BATCH_UPLOADS):
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
            cursor.executemany(sql, rows[start : start + STOCK_BATCH_UPLOADS])


def _layout(table: pd.DataFrame) -> pd.DataFrame:
    """Stored rows as the stocks layout: index the spreadsheet row, empty columns dropped, floats."""
    out = table.drop(columns=["upload_id"]).dropna(axis="columns", how="all")
    return out.astype({c: float for c in out.columns if c not in ("profile_id", "row")})


def _batch_stock_rows(table: pd.DataFrame, sites: dict, stock_model) -> list:
    # rows of several uploads: a plain index (spreadsheet rows repeat); an error is located per upload
    result = stocks.reporting_depth_stocks(
        _layout(table).drop(columns=["row"]).reset_index(drop=True), REPORTING_DEPTH_CM
    )
    keys = result["profile_id"].str.split(_KEY_SEPARATOR, n=1, expand=True)
    upload_ids = keys[0].astype(int).tolist()
    return _stock_rows(
        result.assign(profile_id=keys[1]), upload_ids, [sites[u] for u in upload_ids], stock_model
    )


def _upload_stock_rows(part: pd.DataFrame, upload_id: int, site_id: int, name: str, stock_model) -> list:
    part = part.assign(profile_id=part["profile_id"].str.split(_KEY_SEPARATOR, n=1).str[1])
    try:
        result = stocks.reporting_depth_stocks(_layout(part).set_index("row"), REPORTING_DEPTH_CM)
    except InputError as error:
        return [
            stock_model(
                upload_id=upload_id,
                site_id=site_id,
                profile_id=pid,
                depth_cm=REPORTING_DEPTH_CM,
                status=ProfileStatus.INVALID,
                note=str(error.in_file(name))[:500],
            )
            for pid in part["profile_id"].drop_duplicates()
        ]
    return _stock_rows(result, upload_id, site_id, stock_model)


def _rename(error: InputError, name: str) -> InputError:
    """The error as located in the uploaded file's own name (not the temporary path)."""
    from dataclasses import replace

    return replace(error, file=name)


@dataclass
class SiteStocks:
    """SOC stocks of a site's profiles to the reporting depth, from its latest campaign (stored rows)."""

    depth_cm: float
    upload: MeasurementUpload | None
    profiles: list[ProfileStock]
    mean_t_ha: float | None = None  # mean over the included profiles [t C/ha]

    @property
    def included(self) -> list[ProfileStock]:
        return [p for p in self.profiles if p.status == ProfileStatus.INCLUDED]

    @property
    def excluded(self) -> list[ProfileStock]:
        return [p for p in self.profiles if p.status != ProfileStatus.INCLUDED]


def measurement_table(upload: MeasurementUpload) -> pd.DataFrame:
    """The stored rows of an upload as the stocks layout (index: spreadsheet row; empty columns dropped)."""
    rows = list(upload.measurements.order_by("row").values("row", "profile_id", *NUMERIC_COLUMNS))
    table = pd.DataFrame(rows).set_index("row")
    table = table.dropna(axis="columns", how="all")
    return table.astype({c: float for c in table.columns if c != "profile_id"})


def included_stocks(queryset=None):
    """The stored profile stocks that count (reach the reporting depth): what every mean aggregates."""
    queryset = ProfileStock.objects.all() if queryset is None else queryset
    return queryset.filter(status=ProfileStatus.INCLUDED)


def site_stocks(site) -> SiteStocks:
    """Stored stock of every profile of the site's latest campaign (by sampling date,
    ``UploadQuerySet.latest_campaign_first``), 0 to ``REPORTING_DEPTH_CM``, and the mean of those that reach
    it (``fourpermille.stocks.SHALLOW_RULE``: the others are listed, not counted)."""
    from django.db.models import Avg

    upload = site.uploads.latest_campaign_first().first()
    if upload is None:
        return SiteStocks(REPORTING_DEPTH_CM, None, [])
    rows = list(upload.profile_stocks.filter(depth_cm=REPORTING_DEPTH_CM).order_by("pk"))
    mean = included_stocks(upload.profile_stocks.filter(depth_cm=REPORTING_DEPTH_CM)).aggregate(
        mean=Avg("soc_stock_t_ha")
    )["mean"]
    return SiteStocks(REPORTING_DEPTH_CM, upload, rows, mean)


#: The downloadable template: the columns of the layout with a density measured directly, and one example
#: row (a 0-30 cm layer, so the profile reaches the reporting depth). The reader also accepts the core
#: sample triple instead of ``bulk_density_g_cm3`` and ``som_g_kg`` (``template_columns``).
TEMPLATE_ROW = {
    stocks.PROFILE_ID: "P1",
    stocks.TOP: 0,
    stocks.BOTTOM: 30,
    stocks.SOC: 14.2,
    stocks.BULK_DENSITY: 1.31,
    stocks.COARSE: 0.05,
}


def template_csv() -> str:
    """The template CSV offered on the upload page: header and one example row (``TEMPLATE_ROW``)."""
    header = ",".join(TEMPLATE_ROW)
    row = ",".join(f"{v:g}" if isinstance(v, float | int) else str(v) for v in TEMPLATE_ROW.values())
    return f"{header}\n{row}\n"


def template_columns() -> list[dict]:
    """Every column the reader accepts with its unit and range, from ``fourpermille.stocks.PROFILE_RANGES``
    (the reader's own checks), for the guide beside the upload form."""
    required = {stocks.PROFILE_ID, stocks.TOP, stocks.BOTTOM, stocks.SOC}
    core = {stocks.SAMPLE_MASS, stocks.CORE_DIAMETER, stocks.CORES}
    rows = [{"name": stocks.PROFILE_ID, "unit": "", "low": None, "high": None, "need": "required"}]
    for name, limits in stocks.PROFILE_RANGES.items():
        need = (
            "required"
            if name in required
            else "density"
            if name == stocks.BULK_DENSITY or name in core
            else "optional"
        )
        rows.append({"name": name, "unit": limits.unit, "low": limits.low, "high": limits.high, "need": need})
    return rows
