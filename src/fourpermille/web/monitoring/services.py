"""Soil measurement import: read a CSV in the stocks input layout, validate, store all-or-nothing.

The layout (docs/nomenclature.md): ``profile_id, depth_top_cm, depth_bottom_cm, soc_g_kg`` and either
``bulk_density_g_cm3`` or the core sample triple ``sample_mass_g, core_diameter_mm, cores_per_sample``;
optional ``coarse_fraction_vol, som_g_kg``. Rows are numbered as a spreadsheet shows them (header = 1).

``read_measurements`` is the one place that reads and validates the file: when the stocks reader
``fourpermille.io.profiles.read_profiles(path)`` lands, it replaces the call ``read_profile_table(path)``
there (one line).
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

from fourpermille.checks import check_range
from fourpermille.errors import InputError
from fourpermille.io.tables import read_csv_table
from fourpermille.web.monitoring.models import MeasurementUpload, SoilMeasurement

REQUIRED_COLUMNS = ["profile_id", "depth_top_cm", "depth_bottom_cm", "soc_g_kg"]
BULK_DENSITY_COLUMNS = ["bulk_density_g_cm3"]
CORE_COLUMNS = ["sample_mass_g", "core_diameter_mm", "cores_per_sample"]
OPTIONAL_COLUMNS = ["coarse_fraction_vol", "som_g_kg"]
NUMERIC_COLUMNS = [
    "depth_top_cm",
    "depth_bottom_cm",
    "soc_g_kg",
    *BULK_DENSITY_COLUMNS,
    *CORE_COLUMNS,
    *OPTIONAL_COLUMNS,
]

# Plausible physical ranges: a value outside is a unit or typing error (e.g. % instead of g/kg).
DEPTH_RANGE_CM = (0.0, 500.0)  # [cm] soil profiles rarely exceed 5 m; SOC accounting uses 30-100 cm
SOC_RANGE_G_KG = (0.0, 600.0)  # [g C/kg] pure organic (peat) material is about 500-580 g C/kg
SOM_RANGE_G_KG = (0.0, 1000.0)  # [g/kg] a mass fraction
BULK_DENSITY_RANGE_G_CM3 = (0.05, 2.65)  # [g/cm3] above 2.65 (quartz particle density) is impossible
COARSE_FRACTION_RANGE = (0.0, 1.0)  # [-] volume fraction
SAMPLE_MASS_RANGE_G = (0.0, 1.0e5)  # [g]
CORE_DIAMETER_RANGE_MM = (1.0, 500.0)  # [mm]
CORES_PER_SAMPLE_RANGE = (1, 1000)  # [-]
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
    DataFrame indexed by spreadsheet row, columns as in the layout (absent optional columns omitted).

    Notes
    -----
    The first line is the stocks layout's reader; when ``fourpermille.io.profiles.read_profiles(path)``
    lands it replaces ``read_profile_table(path)`` there. The second line holds the platform's own limits
    (rows per file, identifiers the database column can store).
    """
    table = read_profile_table(path)
    _check_storable(table)
    return table


def _check_storable(table: pd.DataFrame) -> None:
    """What the database needs beyond the layout: a bounded number of rows, storable identifiers."""
    if len(table) > MAX_ROWS:
        raise InputError(
            _("too many rows (%(n)d); at most %(max)d per file") % {"n": len(table), "max": MAX_ROWS}
        )
    _check_profile_ids(table)


def read_profile_table(path: str | os.PathLike) -> pd.DataFrame:
    """The stocks input layout, read and checked (columns, numbers, ranges, layers, a density per row)."""
    table = read_csv_table(
        path,
        required=REQUIRED_COLUMNS,
        numeric=NUMERIC_COLUMNS,
        optional=OPTIONAL_COLUMNS,
        alternatives={"bulk density": [BULK_DENSITY_COLUMNS, CORE_COLUMNS]},
    )
    for column in REQUIRED_COLUMNS:
        empty = table[column].isna() if column != "profile_id" else table[column] == ""
        if empty.any():
            raise InputError(_("a value is required"), row=int(empty.idxmax()), column=column)
    check_range(table, "depth_top_cm", *DEPTH_RANGE_CM, unit="cm")
    check_range(table, "depth_bottom_cm", *DEPTH_RANGE_CM, unit="cm")
    check_range(table, "soc_g_kg", *SOC_RANGE_G_KG, unit="g C/kg")
    ranges = {
        "bulk_density_g_cm3": (BULK_DENSITY_RANGE_G_CM3, "g/cm3"),
        "coarse_fraction_vol": (COARSE_FRACTION_RANGE, "(volume fraction)"),
        "som_g_kg": (SOM_RANGE_G_KG, "g/kg"),
        "sample_mass_g": (SAMPLE_MASS_RANGE_G, "g"),
        "core_diameter_mm": (CORE_DIAMETER_RANGE_MM, "mm"),
        "cores_per_sample": (CORES_PER_SAMPLE_RANGE, ""),
    }
    for column, ((low, high), unit) in ranges.items():
        if column in table.columns:
            check_range(table, column, low, high, unit=unit)
    if "cores_per_sample" in table.columns:
        values = table["cores_per_sample"]
        fractional = values.notna() & (values != values.round())
        if fractional.any():
            raise InputError(
                _("the number of cores must be a whole number"),
                row=int(fractional.idxmax()),
                column="cores_per_sample",
            )
    thin = table["depth_bottom_cm"] <= table["depth_top_cm"]
    if thin.any():
        raise InputError(
            _("the bottom of a layer must be below its top"), row=int(thin.idxmax()), column="depth_bottom_cm"
        )
    _check_density_given(table)
    _check_layers(table)
    return table


def _check_profile_ids(table: pd.DataFrame) -> None:
    """Profile identifiers: at most MAX_PROFILE_ID_CHARS printable characters."""
    ids = table["profile_id"]
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


def _check_density_given(table: pd.DataFrame) -> None:
    """Each row has a bulk density or the complete core triple."""
    has_bd = table["bulk_density_g_cm3"].notna() if "bulk_density_g_cm3" in table.columns else False
    for column in CORE_COLUMNS:
        if column not in table.columns:
            if "bulk_density_g_cm3" in table.columns:
                missing = ~has_bd
                if missing.any():
                    raise InputError(
                        _("a bulk density is required"),
                        row=int(missing.idxmax()),
                        column="bulk_density_g_cm3",
                    )
                return
    for column in CORE_COLUMNS:
        missing = table[column].isna() & ~has_bd
        if missing.any():
            raise InputError(
                _("give a bulk density or all of %(cols)s") % {"cols": ", ".join(CORE_COLUMNS)},
                row=int(missing.idxmax()),
                column=column,
            )


def _check_layers(table: pd.DataFrame) -> None:
    """Layers of one profile must not overlap (gaps are allowed)."""
    for profile, layers in table.groupby("profile_id", sort=False):
        ordered = layers.sort_values("depth_top_cm")
        previous_bottom = -math.inf
        for row, layer in ordered.iterrows():
            if layer["depth_top_cm"] < previous_bottom:
                raise InputError(
                    _("layer overlaps the layer above it in profile %(profile)s") % {"profile": profile},
                    row=int(row),
                    column="depth_top_cm",
                )
            previous_bottom = layer["depth_bottom_cm"]


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
    columns = [c for c in NUMERIC_COLUMNS if c in table.columns]
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
