"""One site's monthly climate from a CSV file: the one reader of the platform's climate upload and of the
toolbox, in either column naming the project uses.

- the platform's: ``month, temperature_c, rain_mm, evaporation_mm`` (the evaporation's kind, open pan or
  PET, said by the caller);
- the command line's (``fourpermille rothc batch`` and ``site-data`` tables): ``month, temp, rain`` and
  ``pevap`` (open pan) or ``pet`` (potential evapotranspiration): the column name says the kind. A
  ``site_id`` or ``climate_id`` column may be there if it holds one site.

A typical year has 12 rows (months 1-12 once each); with a ``year`` column, a monthly series (every year
complete). Values are checked against the science core's ranges (``fourpermille.estimate.CLIMATE_FIELDS``),
PET after its conversion to open-pan evaporation (``fourpermille.sitedata.pevap_from_pet``), but stored as
given. An error names the file, the spreadsheet row, the column and the range.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace

import numpy as np

from fourpermille.errors import InputError
from fourpermille.estimate import CLIMATE_FIELDS
from fourpermille.io.tables import read_csv_table
from fourpermille.sitedata import pevap_from_pet

#: The platform's column -> field of the core's climate mapping (they are the same names).
COLUMNS = ("temperature_c", "rain_mm", "evaporation_mm")
#: The command line's names of the same columns; ``pet`` is evaporation given as PET.
BATCH_NAMES = {"temp": "temperature_c", "rain": "rain_mm", "pevap": "evaporation_mm", "pet": "evaporation_mm"}
PAN = "pan"
PET = "pet"
YEAR_RANGE = (1800, 2200)
MONTHS = range(1, 13)
SITE_KEYS = ("site_id", "climate_id")


def allowed_range(column: str) -> tuple[float, float]:
    """The science core's allowed range of a climate column (its unit in :func:`unit`)."""
    return CLIMATE_FIELDS[column][0]


def unit(column: str) -> str:
    return "mm" if column.endswith("_mm") else "°C"


@dataclass
class ClimateTable:
    """Checked monthly rows: (year or None, month, temperature_c, rain_mm, evaporation_mm), evaporation as
    given, of kind ``evaporation_kind`` (``pan`` or ``pet``)."""

    rows: list[tuple[int | None, int, float, float, float]]
    evaporation_kind: str = PAN

    @property
    def is_series(self) -> bool:
        return self.rows[0][0] is not None

    @property
    def years(self) -> list[int]:
        return sorted({r[0] for r in self.rows if r[0] is not None})


def check_value(value: float, field: str, file: str | None, row, column: str | None = None) -> None:
    """InputError naming file, row and column (the file's name of ``field``) if ``value`` is outside the
    core's range of ``field``."""
    low, high = allowed_range(field)
    if not low <= value <= high:
        raise InputError(
            f"{value:g} is outside the allowed range [{low:g}, {high:g}] {unit(field)}",
            file=file,
            row=row,
            column=column or field,
        )


def read_climate_csv(content: bytes, name: str, evaporation_kind: str = PAN) -> ClimateTable:
    """Parse and check one site's monthly climate (see the module notes).

    ``evaporation_kind`` applies to the platform's ``evaporation_mm`` column; the command line's ``pevap``
    and ``pet`` columns say their own kind. InputError naming file, row and column; nothing is returned
    half-checked.
    """
    name = os.path.basename(name) or "climate.csv"
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as tmp:
        tmp.write(content)
    try:
        table = read_csv_table(
            tmp.name,
            required=["month"],
            numeric=["month", "year", *COLUMNS, *BATCH_NAMES],
            optional=["year", *COLUMNS, *BATCH_NAMES, *SITE_KEYS],
        )
    except InputError as error:
        raise replace(error, file=name) from None
    finally:
        os.unlink(tmp.name)
    names, evaporation_kind = _naming(table.columns, name, evaporation_kind)
    for key in SITE_KEYS:
        if key in table.columns and table[key].astype(str).str.strip().nunique() > 1:
            raise InputError(
                f"the file holds {table[key].nunique()} sites; give one site's months",
                file=name,
                column=key,
            )
    has_year = "year" in table.columns
    rows = []
    seen: dict[tuple, int] = {}
    for row, record in table.iterrows():
        values = {}
        for column in ["month", *(["year"] if has_year else []), *names]:
            value = record[column]
            if np.isnan(value):
                raise InputError("empty cell: a number is needed", file=name, row=int(row), column=column)
            values[names.get(column, column)] = float(value)
        month = values["month"]
        if month not in MONTHS:
            raise InputError(
                f"{month:g} is not a month: a whole number in [1, 12]",
                file=name,
                row=int(row),
                column="month",
            )
        year = None
        if has_year:
            year = values["year"]
            if year != int(year) or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                raise InputError(
                    f"{year:g} is not a year in [{YEAR_RANGE[0]}, {YEAR_RANGE[1]}]",
                    file=name,
                    row=int(row),
                    column="year",
                )
            year = int(year)
        for column, field in names.items():
            value = values[field]
            if field == "evaporation_mm" and evaporation_kind == PET:
                value = float(pevap_from_pet(value))
            check_value(value, field, name, int(row), column)
        key = (year, int(month))
        if key in seen:
            when = f"{year}-{int(month):02d}" if year else f"month {int(month)}"
            raise InputError(
                f"{when} appears twice (rows {seen[key]} and {int(row)})",
                file=name,
                row=int(row),
                column="month",
            )
        seen[key] = int(row)
        rows.append((year, int(month), values["temperature_c"], values["rain_mm"], values["evaporation_mm"]))
    _check_complete(rows, name)
    return ClimateTable(sorted(rows, key=lambda r: (r[0] or 0, r[1])), evaporation_kind)


def _naming(columns, name: str, evaporation_kind: str) -> tuple[dict[str, str], str]:
    """{file column: field} of the naming the file uses, and the evaporation's kind."""
    present = set(columns)
    batch = [c for c in BATCH_NAMES if c in present]
    platform = [c for c in COLUMNS if c in present]
    if batch and not platform:
        if "pevap" in present and "pet" in present:
            raise InputError("give pevap (open pan) or pet, not both", file=name, row=1, column="pet")
        evaporation = "pet" if "pet" in present else "pevap"
        for column in ("temp", "rain", evaporation):
            if column not in present:
                raise InputError(f"missing column {column!r} (or use {', '.join(COLUMNS)})", file=name, row=1)
        return {
            c: BATCH_NAMES[c] for c in ("temp", "rain", evaporation)
        }, PET if evaporation == "pet" else PAN
    if batch:
        raise InputError(
            f"mixed column names: {', '.join(platform)} with {', '.join(batch)}; use one naming",
            file=name,
            row=1,
            column=batch[0],
        )
    for column in COLUMNS:
        if column not in present:
            raise InputError(f"missing column {column!r}", file=name, row=1)
    return {c: c for c in COLUMNS}, evaporation_kind


def _check_complete(rows, name: str) -> None:
    by_year: dict[int | None, set[int]] = {}
    for year, month, *_values in rows:
        by_year.setdefault(year, set()).add(month)
    for year, months in sorted(by_year.items(), key=lambda item: item[0] or 0):
        missing = sorted(set(MONTHS) - months)
        if missing:
            what = f"year {year}" if year is not None else "the typical year"
            raise InputError(
                f"{what} lacks month(s) {', '.join(map(str, missing))}: every month 1-12 is needed",
                file=name,
                column="month",
            )
