"""Soil measurement import: read a CSV in the stocks input layout, validate, store all-or-nothing.

The layout (docs/nomenclature.md): ``profile_id, depth_top_cm, depth_bottom_cm, soc_g_kg`` and either
``bulk_density_g_cm3`` or the core sample triple ``sample_mass_g, core_diameter_mm, cores_per_sample``;
optional ``coarse_fraction_vol, som_g_kg``. Rows are numbered as a spreadsheet shows them (header = 1).

``read_measurements`` is the one place that reads and validates the file: the layout and its physical
checks are the stocks reader's (``fourpermille.io.profiles.read_profiles``: numbers, ranges, layers from
the surface, contiguous, a density for every layer); the platform adds what its database needs.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from fourpermille.errors import InputError
from fourpermille.io.profiles import read_profiles
from fourpermille.io.tables import read_csv_columns
from fourpermille.web.monitoring.models import NUMERIC_COLUMNS, MeasurementUpload, SoilMeasurement

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


@transaction.atomic
def import_measurements(site, uploaded_file, user, note: str = "") -> ImportResult:
    """Validate ``uploaded_file`` (a Django UploadedFile or any binary file object) and store its rows.

    All-or-nothing: any error raises InputError naming the file, row and column, and nothing is stored.
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
    return ImportResult(upload=upload, rows=len(table), profiles=upload.profile_count)


def _rename(error: InputError, name: str) -> InputError:
    """The error as located in the uploaded file's own name (not the temporary path)."""
    from dataclasses import replace

    return replace(error, file=name)


@dataclass
class SiteStocks:
    """SOC stocks of a site's profiles at a fixed depth, from its latest upload."""

    depth_cm: float
    upload: MeasurementUpload | None
    profiles: list[tuple[str, float]]  # (profile_id, soc_stock_t_ha [t C/ha])
    error: str = ""

    @property
    def mean_t_ha(self) -> float | None:
        """Mean stock of the profiles [t C/ha] (None without profiles)."""
        if not self.profiles:
            return None
        return sum(v for _p, v in self.profiles) / len(self.profiles)


def measurement_table(upload: MeasurementUpload) -> pd.DataFrame:
    """The stored rows of an upload as the stocks layout (index: spreadsheet row; empty columns dropped)."""
    rows = list(upload.measurements.order_by("row").values("row", "profile_id", *NUMERIC_COLUMNS))
    table = pd.DataFrame(rows).set_index("row")
    table = table.dropna(axis="columns", how="all")
    return table.astype({c: float for c in table.columns if c != "profile_id"})


def site_stocks(site, depth_cm: float | None = None) -> SiteStocks:
    """Fixed-depth SOC stock of every profile of the site's latest upload (``fourpermille.stocks``).

    Parameters
    ----------
    depth_cm : float [cm]
        Reporting depth; default ``fourpermille.stocks.DEFAULT_DEPTH_CM`` (30 cm, the initiative's topsoil).

    Returns
    -------
    SiteStocks; ``error`` holds the reason when the stocks cannot be computed (e.g. profiles shallower than
    the depth), so that a page can say it instead of failing.
    """
    from fourpermille import stocks

    depth = stocks.DEFAULT_DEPTH_CM if depth_cm is None else depth_cm
    upload = site.uploads.first()
    if upload is None:
        return SiteStocks(depth, None, [])
    try:
        result = stocks.compute_stocks(measurement_table(upload), depth_cm=depth, method="fixed")
    except InputError as error:
        return SiteStocks(depth, upload, [], error=str(error.in_file(upload.file_name)))
    values = [(str(p), float(v)) for p, v in zip(result["profile_id"], result["soc_stock_t_ha"], strict=True)]
    return SiteStocks(depth, upload, values)
