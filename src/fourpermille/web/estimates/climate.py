"""A site's monthly climate for RothC: reading it (CSV upload or 12 typed values), storing it all or
nothing, and turning it into the 12 monthly drivers the science core reads.

The CSV is read by ``fourpermille.io.climate.read_climate_csv`` (the toolbox reads with it too):
``month, temperature_c, rain_mm, evaporation_mm``, or the command line's ``month, temp, rain, pevap|pet``
(the same file ``fourpermille rothc batch`` reads for one site), for a typical year or, with ``year``, a
monthly series. The allowed ranges are the science core's; an error names the file, the spreadsheet row, the
column and the range, and nothing is stored.

RothC reads open-pan evaporation. A site that records potential evapotranspiration (PET) says so; its
values are divided by RothC's pan coefficient (``fourpermille.rothc.parameters.PAN_COEFFICIENT`` = 0.75:
RothC's soil-moisture deficit uses 0.75 x pan evaporation as evapotranspiration). A series is averaged
month by month into the typical year the estimate runs (the estimate's climate is one repeated year).

Plant cover and the monthly shares of the plant carbon input default from the land use
(:data:`DEFAULTS`); a site may give its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_

from fourpermille.errors import InputError
from fourpermille.io.climate import (  # noqa: F401 (the platform's climate upload reads with these)
    COLUMNS,
    ClimateTable,
    allowed_range,
    check_value,
    read_climate_csv,
    unit,
)
from fourpermille.sitedata import pevap_from_pet
from fourpermille.web.estimates.models import MONTHS_PER_YEAR, ClimateMonth, EvaporationKind, SiteClimate

MONTHS = range(1, MONTHS_PER_YEAR + 1)


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


def typed_table(values: dict[str, list[float]]) -> ClimateTable:
    """12 typed values per column (a typical year) as a table; InputError naming the month."""
    rows = []
    for i, month in enumerate(MONTHS):
        for column in COLUMNS:
            check_value(values[column][i], column, None, f"{month}")
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
