"""Site data from location: the soil and climate a site needs, assembled from grids and tables.

A site needs, before RothC or IPCC Tier 1 can run on it: clay [%] and SOC stock [t C/ha] over the
reporting depth (0-30 cm), its IPCC climate zone, and a typical year of monthly climate (temperature [°C],
rainfall [mm], open-pan evaporation [mm]). Users often have them only as global grids downloaded
beforehand (SoilGrids 2.0 soil properties; WorldClim 2.1 or TerraClimate monthly climate; a climate-zone
map) or as tables. The readers (:mod:`fourpermille.io.site_data`) sample those at the sites; this module
does what is science in that: units, the depth average of soil layers, evaporation from potential
evapotranspiration, physical ranges, which source gave which value, and what is still missing.

Precedence: a value the sites table already holds (the user's own measurement) is kept; then a table the
user points to; then a raster; then, only when asked for, the SoilGrids web service. Every filled value
records its source.

References
----------
- Poggio, L. et al. (2021). SoilGrids 2.0: producing soil information for the globe with quantified
  spatial uncertainty. SOIL 7, 217-240. https://doi.org/10.5194/soil-7-217-2021 (units and conversion
  factors of the published maps: clay g/kg, conversion factor 10 to %; organic carbon stock 0-30 cm t/ha).
- Coleman, K. & Jenkinson, D.S. (2014). RothC - A model for the turnover of carbon in soil. Model
  description and users guide. Rothamsted Research. (open-pan evaporation; evapotranspiration =
  0.75 x open-pan evaporation, :data:`fourpermille.rothc.parameters.PAN_COEFFICIENT`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from fourpermille.checks import PhysicalRange
from fourpermille.errors import InputError
from fourpermille.ipcc.tables import climate_zone_name
from fourpermille.rothc.parameters import PAN_COEFFICIENT
from fourpermille.stocks import DEFAULT_DEPTH_CM

#: Variables of one site [unit] and the values they may take.
SITE_RANGES = {
    "clay": PhysicalRange(0.0, 100.0, "%"),
    "soc_t_ha": PhysicalRange(0.0, 1000.0, "t C/ha", low_inclusive=False),
}
#: Monthly climate variables [unit] and the values they may take (same bounds as ``rothc batch``).
CLIMATE_RANGES = {
    "temp": PhysicalRange(-60.0, 60.0, "°C"),
    "rain": PhysicalRange(0.0, 3000.0, "mm"),
    "pevap": PhysicalRange(0.0, 1500.0, "mm"),
}
CLIMATE_VARIABLES = tuple(CLIMATE_RANGES)
SOURCES = ("sites table", "table", "raster", "SoilGrids web service")


def pevap_from_pet(pet):
    """Open-pan evaporation [mm] from potential evapotranspiration [mm]: ``PET / 0.75``.

    RothC's soil moisture deficit uses ``0.75 x open-pan evaporation`` as evapotranspiration (Coleman &
    Jenkinson 2014, :data:`~fourpermille.rothc.parameters.PAN_COEFFICIENT`), so a PET series (WorldClim,
    TerraClimate) enters RothC divided by that coefficient.

    Examples
    --------
    >>> float(pevap_from_pet(75.0))
    100.0
    """
    return np.asarray(pet, dtype=float) / PAN_COEFFICIENT


@dataclass(frozen=True)
class SoilLayer:
    """Values of one soil property over one depth interval at every site.

    top_cm, bottom_cm : depth interval [cm]; values : one value per site (NaN where the grid has none).
    """

    top_cm: float
    bottom_cm: float
    values: np.ndarray


def depth_weighted_mean(
    layers: Sequence[SoilLayer], top_cm: float = 0.0, bottom_cm: float = DEFAULT_DEPTH_CM
) -> np.ndarray:
    """Thickness-weighted mean of soil layers over ``top_cm``-``bottom_cm`` (e.g. SoilGrids' 0-5, 5-15
    and 15-30 cm clay maps over 0-30 cm: weights 5, 10 and 15).

    Each layer counts with the part of its thickness inside the interval. A site where a layer that
    overlaps the interval has no value gets NaN (a mean over part of the depth would be another quantity).

    Raises
    ------
    InputError
        If the layers do not cover the interval without gaps.

    Examples
    --------
    >>> layers = [SoilLayer(0, 5, np.array([30.0])), SoilLayer(5, 15, np.array([20.0])),
    ...           SoilLayer(15, 30, np.array([10.0]))]
    >>> float(depth_weighted_mean(layers)[0])  # (5*30 + 10*20 + 15*10) / 30
    16.666666666666668
    """
    if not layers:
        raise InputError("no soil layers given")
    spans = sorted((float(layer.top_cm), float(layer.bottom_cm)) for layer in layers)
    reached = top_cm
    for top, bottom in spans:
        if bottom <= top:
            raise InputError(f"soil layer {top:g}-{bottom:g} cm: the bottom must be below the top")
        if top > reached and top < bottom_cm:
            raise InputError(
                f"the soil layers leave {reached:g}-{top:g} cm uncovered "
                f"(needed: {top_cm:g}-{bottom_cm:g} cm)"
            )
        reached = max(reached, bottom)
    if reached < bottom_cm:
        raise InputError(f"the soil layers stop at {reached:g} cm (needed: {top_cm:g}-{bottom_cm:g} cm)")
    total = 0.0
    weighted = 0.0
    for layer in layers:
        weight = max(0.0, min(layer.bottom_cm, bottom_cm) - max(layer.top_cm, top_cm))
        if weight > 0:
            weighted = weighted + weight * np.asarray(layer.values, dtype=float)
            total += weight
    return weighted / total


@dataclass
class SiteData:
    """What is known of each site: values, their sources, and what is missing.

    site_id : (n,) ; clay [%], soc_t_ha [t C/ha] : (n,) with NaN where unknown; climate_zone : (n,) names
    or "" where unknown; temp [°C], rain [mm], pevap [mm] : (n, 12) with NaN where unknown;
    sources : variable -> (n,) source names ("" where unknown).
    """

    site_id: np.ndarray
    clay: np.ndarray
    soc_t_ha: np.ndarray
    climate_zone: np.ndarray
    temp: np.ndarray
    rain: np.ndarray
    pevap: np.ndarray
    sources: dict = field(default_factory=dict)

    @classmethod
    def empty(cls, site_id) -> SiteData:
        site_id = np.asarray(site_id, dtype=object)
        n = len(site_id)
        data = cls(
            site_id,
            np.full(n, np.nan),
            np.full(n, np.nan),
            np.full(n, "", dtype=object),
            np.full((n, 12), np.nan),
            np.full((n, 12), np.nan),
            np.full((n, 12), np.nan),
        )
        data.sources = {
            name: np.full(n, "", dtype=object) for name in (*SITE_RANGES, "climate_zone", *CLIMATE_VARIABLES)
        }
        return data

    def fill(self, variable: str, values, source: str) -> int:
        """Fill ``variable`` where it is still unknown from ``values`` (NaN/"" = none); return how many.

        ``values`` is (n,) for clay, soc_t_ha and climate_zone, (n, 12) for the monthly variables.
        Values outside the physical range raise :class:`InputError` naming the site and the range.
        """
        if source not in SOURCES:
            raise ValueError(f"source must be one of {', '.join(SOURCES)}; got {source!r}")
        current = getattr(self, variable)
        if variable == "climate_zone":
            values = np.asarray(values, dtype=object)
            given = np.array([v is not None and str(v).strip() not in ("", "nan") for v in values])
            todo = given & (current == "")
            for i in np.flatnonzero(todo):
                try:
                    current[i] = climate_zone_name(str(values[i]).strip())
                except InputError as exc:
                    raise InputError(exc.message, row=str(self.site_id[i]), column=variable) from None
        else:
            values = np.asarray(values, dtype=float)
            if values.shape != current.shape:
                raise InputError(f"{variable}: expected {current.shape} values, got {values.shape}")
            limits = SITE_RANGES.get(variable) or CLIMATE_RANGES[variable]
            given = np.isfinite(values)
            bad = given & ~limits.contains(values)
            if bad.any():
                where = np.argwhere(bad)[0]
                site = self.site_id[where[0]]
                month = f", month {where[1] + 1}" if values.ndim == 2 else ""
                raise InputError(
                    f"{values[tuple(where)]:g} is outside the allowed range {limits} ({source}{month})",
                    row=str(site),
                    column=variable,
                )
            if values.ndim == 2:  # a month series counts whole: all 12 months from one source
                given = given.all(axis=1)
                todo = given & ~np.isfinite(current).any(axis=1)
                current[todo] = values[todo]
            else:
                todo = given & ~np.isfinite(current)
                current[todo] = values[todo]
        self.sources[variable][todo] = source
        return int(todo.sum())

    def missing(self) -> list[tuple[str, str]]:
        """(site_id, variable) of every value still unknown, in site order."""
        out = []
        for i, site in enumerate(self.site_id):
            for name in SITE_RANGES:
                if not np.isfinite(getattr(self, name)[i]):
                    out.append((str(site), name))
            if self.climate_zone[i] == "":
                out.append((str(site), "climate_zone"))
            for name in CLIMATE_VARIABLES:
                if not np.isfinite(getattr(self, name)[i]).all():
                    out.append((str(site), name))
        return out


def zone_names(codes, code_table: Mapping[int, str]) -> np.ndarray:
    """Climate-zone names of raster ``codes`` through the user's ``code_table`` (code -> zone name or code
    such as ``W1``); NaN (no data) gives "" (unknown).

    Raises
    ------
    InputError
        A code the table does not have (naming the site's position and the codes it has).
    """
    table = {int(code): climate_zone_name(name) for code, name in code_table.items()}
    out = np.full(len(codes), "", dtype=object)
    for i, code in enumerate(np.asarray(codes, dtype=float)):
        if not np.isfinite(code):
            continue
        if int(code) not in table:
            raise InputError(
                f"climate-zone code {code:g} is not in the code table (it has "
                f"{', '.join(map(str, sorted(table)))})",
                row=i + 1,
                column="climate_zone",
            )
        out[i] = table[int(code)]
    return out


#: SoilGrids 2.0 properties this module uses: name -> (mapped units of the published maps and of the web
#: service's integers, divisor to our unit, our variable, our unit). Poggio et al. (2021), and the
#: ``unit_measure`` block of every web-service answer (``mapped_units``, ``d_factor``): clay is mapped in
#: g/kg and divided by 10 for %; the organic carbon stock of 0-30 cm (``ocs``) is mapped in t/ha, which is
#: our unit already.
SOILGRIDS = {
    "clay": ("g/kg", 10.0, "clay", "%"),
    "ocs": ("t/ha", 1.0, "soc_t_ha", "t C/ha"),
}


def from_soilgrids(prop: str, mapped_units: str, values) -> np.ndarray:
    """Values of SoilGrids property ``prop`` in its mapped units -> our unit (see :data:`SOILGRIDS`).

    Raises
    ------
    InputError
        A property this module does not use, or units other than the published mapped units (the
        conversion would be wrong).

    Examples
    --------
    >>> float(from_soilgrids("clay", "g/kg", 254)[()])
    25.4
    """
    if prop not in SOILGRIDS:
        raise InputError(f"SoilGrids property {prop!r} is not used here (known: {', '.join(SOILGRIDS)})")
    units, divisor, _, _ = SOILGRIDS[prop]
    if mapped_units != units:
        raise InputError(f"SoilGrids property {prop!r} came in {mapped_units!r}; expected {units!r}")
    return np.asarray(values, dtype=float) / divisor
