"""A site's monthly climate for RothC: reading it (CSV upload or 12 typed values), storing it all or
nothing, and turning it into the 12 monthly drivers the science core reads.

CSV layout (header on row 1, one row per month): ``month, temperature_c, rain_mm, evaporation_mm`` for a
typical year (12 rows, months 1-12 once each), plus ``year`` for a monthly series (every year complete).
The allowed ranges are the science core's (``fourpermille.estimate.CLIMATE_FIELDS``); an error names the
file, the spreadsheet row, the column and the range, and nothing is stored.

RothC reads open-pan evaporation. A site that records potential evapotranspiration (PET) says so; its
values are divided by RothC's pan coefficient (``fourpermille.rothc.parameters.PAN_COEFFICIENT`` = 0.75:
RothC's soil-moisture deficit uses 0.75 x pan evaporation as evapotranspiration). A series is averaged
month by month into the typical year the estimate runs (the estimate's climate is one repeated year).

Plant cover and the monthly shares of the plant carbon input default from the land use
(:data:`DEFAULTS`); a site may give its own.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace

import numpy as np
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from fourpermille.errors import InputError
from fourpermille.estimate import CLIMATE_FIELDS
from fourpermille.io.tables import read_csv_table
from fourpermille.sitedata import pevap_from_pet
from fourpermille.web.estimates.models import MONTHS_PER_YEAR, ClimateMonth, EvaporationKind, SiteClimate

#: CSV column -> field of the core's climate mapping.
COLUMNS = {"temperature_c": "temperature_c", "rain_mm": "rain_mm", "evaporation_mm": "evaporation_mm"}
YEAR_RANGE = (1800, 2200)
MONTHS = range(1, MONTHS_PER_YEAR + 1)


def allowed_range(column: str) -> tuple[float, float]:
    """The science core's allowed range of a climate column (its unit in :func:`unit`)."""
    return CLIMATE_FIELDS[COLUMNS[column]][0]


def unit(column: str) -> str:
    return "mm" if column.endswith("_mm") else "°C"


@dataclass(frozen=True)
class LandUseDefault:
    """Plant cover (0/1) and the share of the year's plant carbon input falling in each month, January
    first, for the northern hemisphere (shifted by six months south of the equator)."""

    plant_cover: tuple[int, ...]
    input_share: tuple[float, ...]
    source: str


#: Defaults by the land use the estimate starts from (``services.current_state``).
DEFAULTS = {
    # Winter cereal: the Rothamsted example run of RothC-26.3 (RothC_Code v2.0.0 RothC_input.dat, commit
    # 1e0dadc): soil covered every month but September (after harvest), the whole year's plant input
    # returned in August (harvest).
    "long_term_cultivated": LandUseDefault(
        plant_cover=(1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1),
        input_share=(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0),
        source=N_(
            "winter cereal as in the Rothamsted RothC-26.3 example run (RothC_Code v2.0.0 "
            "RothC_input.dat): covered except September, input at harvest in August"
        ),
    ),
    # Grassland: covered all year (RothC-26.3 manual, Coleman & Jenkinson 1996: grassland soil is
    # vegetated in every month); no seasonal data: the input spread evenly, the core's own default
    # (fourpermille.estimate_rothc).
    "grassland": LandUseDefault(
        plant_cover=(1,) * MONTHS_PER_YEAR,
        input_share=(1 / MONTHS_PER_YEAR,) * MONTHS_PER_YEAR,
        source=N_(
            "grassland covered all year (RothC-26.3 manual, Coleman & Jenkinson 1996); input spread "
            "evenly over the months (the science core's default)"
        ),
    ),
}


def default_for(land_use: str, latitude: float | None) -> LandUseDefault:
    """The documented default of a land use; south of the equator the seasons move by six months."""
    base = DEFAULTS.get(land_use, DEFAULTS["grassland"])
    if latitude is not None and latitude < 0:
        half = MONTHS_PER_YEAR // 2
        return replace(
            base,
            plant_cover=base.plant_cover[half:] + base.plant_cover[:half],
            input_share=base.input_share[half:] + base.input_share[:half],
        )
    return base


@dataclass
class ClimateTable:
    """Checked monthly rows: (year or None, month, temperature_c, rain_mm, evaporation_mm)."""

    rows: list[tuple[int | None, int, float, float, float]]

    @property
    def is_series(self) -> bool:
        return self.rows[0][0] is not None

    @property
    def years(self) -> list[int]:
        return sorted({r[0] for r in self.rows if r[0] is not None})


def _check_value(value: float, column: str, file: str, row) -> None:
    low, high = allowed_range(column)
    if not low <= value <= high:
        raise InputError(
            f"{value:g} is outside the allowed range [{low:g}, {high:g}] {unit(column)}",
            file=file,
            row=row,
            column=column,
        )


def read_climate_csv(content: bytes, name: str, evaporation_kind: str = EvaporationKind.PAN) -> ClimateTable:
    """Parse and check an uploaded climate CSV (see the module notes); InputError naming file, row, column.

    ``evaporation_kind``: PET values are checked in the range of pan evaporation after conversion.
    """
    name = os.path.basename(name) or "climate.csv"
    with tempfile.NamedTemporaryFile(suffix=".csv", delete=False) as tmp:
        tmp.write(content)
    try:
        table = read_csv_table(
            tmp.name, required=["month", *COLUMNS], numeric=["month", "year", *COLUMNS], optional=["year"]
        )
    except InputError as error:
        raise replace(error, file=name) from None
    finally:
        os.unlink(tmp.name)
    has_year = "year" in table.columns
    rows = []
    seen: dict[tuple, int] = {}
    for row, record in table.iterrows():
        values = {}
        for column in ["month", *(["year"] if has_year else []), *COLUMNS]:
            value = record[column]
            if np.isnan(value):
                raise InputError("empty cell: a number is needed", file=name, row=int(row), column=column)
            values[column] = float(value)
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
        for column in COLUMNS:
            value = values[column]
            if column == "evaporation_mm" and evaporation_kind == EvaporationKind.PET:
                value = float(pevap_from_pet(value))
            _check_value(value, column, name, int(row))
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
    return ClimateTable(sorted(rows, key=lambda r: (r[0] or 0, r[1])))


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


def typed_table(values: dict[str, list[float]]) -> ClimateTable:
    """12 typed values per column (a typical year) as a table; InputError naming the month."""
    rows = []
    for i, month in enumerate(MONTHS):
        for column in COLUMNS:
            _check_value(values[column][i], column, None, f"{month}")
        rows.append((None, month, *(values[c][i] for c in COLUMNS)))
    return ClimateTable(rows)


def store_climate(
    site,
    table: ClimateTable,
    *,
    evaporation_kind: str,
    clay_pct: float,
    depth_cm: float,
    plant_cover=None,
    input_share=None,
    source: str = "",
    is_demo: bool = False,
) -> SiteClimate:
    """Replace the site's climate by ``table`` in one transaction (nothing half-written)."""
    with transaction.atomic():
        climate, _created = SiteClimate.objects.select_for_update().get_or_create(
            site=site,
            defaults={"clay_pct": clay_pct, "depth_cm": depth_cm, "evaporation_kind": evaporation_kind},
        )
        climate.months.all().delete()
        ClimateMonth.objects.bulk_create(
            ClimateMonth(climate=climate, year=y, month=m, temperature_c=t, rain_mm=r, evaporation_mm=e)
            for y, m, t, r, e in table.rows
        )
        climate.evaporation_kind = evaporation_kind
        climate.clay_pct = clay_pct
        climate.depth_cm = depth_cm
        climate.plant_cover = plant_cover
        climate.input_share = input_share
        climate.source = source[:300]
        climate.is_demo = is_demo
        climate.save()  # the post_save signal marks the project's estimate stale
    return climate


def typical_year(climate: SiteClimate) -> dict[str, list[float]]:
    """The 12 monthly drivers [°C, mm, mm open pan] the estimate runs: a series averaged month by month;
    PET converted to pan evaporation."""
    months = list(climate.months.all())
    out = {column: [0.0] * MONTHS_PER_YEAR for column in COLUMNS}
    counts = [0] * MONTHS_PER_YEAR
    for m in months:
        i = m.month - 1
        counts[i] += 1
        out["temperature_c"][i] += m.temperature_c
        out["rain_mm"][i] += m.rain_mm
        out["evaporation_mm"][i] += m.evaporation_mm
    if not all(counts):
        raise InputError("the stored climate lacks a month")

    def pan(mean_mm: float) -> float:
        return float(pevap_from_pet(mean_mm)) if climate.evaporation_kind == EvaporationKind.PET else mean_mm

    return {
        "temperature_c": [round(v / n, 6) for v, n in zip(out["temperature_c"], counts, strict=True)],
        "rain_mm": [round(v / n, 6) for v, n in zip(out["rain_mm"], counts, strict=True)],
        "evaporation_mm": [round(pan(v / n), 6) for v, n in zip(out["evaporation_mm"], counts, strict=True)],
    }


def cover_and_shares(climate: SiteClimate, land_use: str) -> tuple[list[float], list[float], str]:
    """(plant cover, input shares, where they come from): the site's own, else the land use's default."""
    default = default_for(land_use, climate.site.latitude)
    cover = climate.plant_cover if climate.plant_cover else list(default.plant_cover)
    share = climate.input_share if climate.input_share else list(default.input_share)
    source = "site" if climate.plant_cover or climate.input_share else default.source
    return [float(v) for v in cover], [float(v) for v in share], source


LABELS = {
    "temperature_c": _("Temperature [°C]"),
    "rain_mm": _("Rainfall [mm]"),
    "evaporation_mm": _("Evaporation or PET [mm]"),
}
