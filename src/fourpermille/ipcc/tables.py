"""IPCC Tier 1 default tables for mineral soils: reference stocks and stock change factors.

The tables are packaged as CSV files beside this module (``data/``, sources in ``data/README.md``):

- SOC_REF [t C/ha, 0-30 cm] by climate zone and soil class: 2019 Refinement Vol 4 Ch 2 Table 2.3 (Updated),
  p. 2.35, uncertainty as a 95 % confidence interval (% of the mean);
- F_LU, F_MG, F_I for cropland (2019 Refinement Vol 4 Ch 5 Table 5.5 (Updated), pp. 5.27-5.28; the superseded
  2006 Table 5.5 rows as the ``"2006"`` set) and grassland (Ch 6 Table 6.2 (Updated), p. 6.6), uncertainty as
  +-2 standard deviations (% of the mean).

Names (climate zones, soil classes, land uses, management, input levels) are the snake_case names below; the
labels printed in the tables and the zone codes (``W1``, ``T3`` ...) are accepted too. A name that is not
known raises :class:`~fourpermille.errors.ParameterError` listing the valid names. A combination the
published table does not cover (e.g. tropical montane tillage factors in Table 5.5 (Updated)) raises an
error too: no value is guessed.

References
----------
IPCC (2019) 2019 Refinement to the 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol 4
(Agriculture, Forestry and Other Land Use), Ch 2, 5, 6. https://www.ipcc-nggip.iges.or.jp/public/2019rf/vol4.html
IPCC (2006) 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol 4, Ch 5.
https://www.ipcc-nggip.iges.or.jp/public/2006gl/vol4.html
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd

from fourpermille.errors import InputError, ParameterError

SOCREF_FILE = "ipcc2019_table2_3_socref.csv"
FACTORS_FILE = "ipcc2019_stock_change_factors.csv"
SOCREF_SOURCE = "IPCC 2019 Refinement Vol 4 Ch 2 Table 2.3 (Updated), p. 2.35"

#: Factor sets that can be selected: the 2019 Refinement tables or the superseded 2006 ones.
FACTOR_SETS = ("2019", "2006")

# --- names -------------------------------------------------------------------------------------------------

#: IPCC climate zones (2019 Refinement Vol 4 Ch 3 Annex 3A.5): name -> (Table 2.3 row label, code aliases).
CLIMATE_ZONES = {
    "polar_moist": ("Polar Moist/Dry (Px undiff)", ()),
    "polar_dry": ("Polar Moist/Dry (Px undiff)", ()),
    "boreal_moist": ("Boreal Moist/Dry (Bx undiff)", ()),
    "boreal_dry": ("Boreal Moist/Dry (Bx undiff)", ()),
    "cool_temperate_moist": ("Cool temperate moist (C1)", ("C1",)),
    "cool_temperate_dry": ("Cool temperate dry (C2)", ("C2",)),
    "warm_temperate_moist": ("Warm temperate moist (W1)", ("W1",)),
    "warm_temperate_dry": ("Warm temperate dry (W2)", ("W2",)),
    "tropical_montane": ("Tropical montane (T1)", ("T1",)),
    "tropical_wet": ("Tropical wet (T2)", ("T2",)),
    "tropical_moist": ("Tropical moist (T3)", ("T3",)),
    "tropical_dry": ("Tropical dry (T4)", ("T4",)),
}

#: Soil classes of Table 2.3: code -> description.
SOIL_CLASSES = {
    "HAC": "high activity clay mineral soils",
    "LAC": "low activity clay mineral soils",
    "SAN": "sandy soils",
    "POD": "spodic soils",
    "VOL": "volcanic soils",
    "WET": "wetland soils",
}
_SOIL_ALIASES = {
    "high_activity_clay": "HAC",
    "low_activity_clay": "LAC",
    "sandy": "SAN",
    "spodic": "POD",
    "volcanic": "VOL",
    "wetland": "WET",
}

#: Land uses: name -> (chapter, F_LU level label in the factor table). ``native`` is the reference condition
#: (native vegetation, all factors 1 by the definition of SOC_REF, Vol 4 Ch 2 Eq. 2.25).
LAND_USES = {
    "long_term_cultivated": ("cropland", "Long-term cultivated"),
    "paddy_rice": ("cropland", "Paddy rice"),
    "perennial_tree_crop": ("cropland", "Perennial/Tree crop"),
    "set_aside": ("cropland", "Set aside (<20 yr)"),
    "grassland": ("grassland", "All grassland"),
    "native": ("native", None),
}

#: ``none``: the factor is not used for that land use (its value is 1).
NOT_USED = "none"

#: Management (F_MG) levels by chapter: name -> level label.
MANAGEMENT = {
    "cropland": {
        "full_tillage": "Full tillage",
        "reduced_tillage": "Reduced tillage",
        "no_till": "No-till",
    },
    "grassland": {
        "nominally_managed": "Nominally managed (non-degraded)",
        "high_intensity_grazing": "High intensity grazing",
        "severely_degraded": "Severely degraded",
        "improved_grassland": "Improved grassland",
    },
}

#: Input (F_I) levels by chapter: name -> level label (grassland: improved grassland only).
INPUT = {
    "cropland": {
        "low": "Low input",
        "medium": "Medium input",
        "high_without_manure": "High input without manure",
        "high_with_manure": "High input with manure",
    },
    "grassland": {
        "medium": "Medium (improved grassland only)",
        "high": "High (improved grassland only)",
    },
}
#: Cropland input levels from lowest to highest carbon input.
CROPLAND_INPUT_ORDER = ("low", "medium", "high_without_manure", "high_with_manure")

#: Land uses for which the table says tillage and input factors are not used (Table 5.5 (Updated)).
FACTORS_NOT_USED = {"paddy_rice": ("management", "input"), "native": ("management", "input")}

#: Levels defined as the reference (factor 1 exactly, no error) in both the 2006 and 2019 tables.
_REFERENCE_LEVELS = {
    ("cropland", "FMG", "Full tillage"),
    ("cropland", "FI", "Medium input"),
    ("grassland", "FLU", "All grassland"),
    ("grassland", "FMG", "Nominally managed (non-degraded)"),
    ("grassland", "FI", "Medium (improved grassland only)"),
}

# Temperature and moisture regimes of the factor tables -> the climate zones they cover.
_TEMPERATURE = {
    "cool temperate/boreal": {"boreal", "cool_temperate"},
    "temperate/boreal": {"boreal", "cool_temperate", "warm_temperate"},
    "warm temperate": {"warm_temperate"},
    "tropical": {"tropical"},
    "tropical montane": {"tropical_montane"},
    "temperate/boreal and tropical": {"boreal", "cool_temperate", "warm_temperate", "tropical"},
    "all": {"polar", "boreal", "cool_temperate", "warm_temperate", "tropical", "tropical_montane"},
}
_MOISTURE = {
    "dry": {"dry"},
    "moist": {"moist"},
    "moist/wet": {"moist", "wet"},
    "dry and moist/wet": {"dry", "moist", "wet", "montane"},
    "dry and moist": {"dry", "moist", "wet", "montane"},
    "n/a": {"dry", "moist", "wet", "montane"},
    "all": {"dry", "moist", "wet", "montane"},
}


def _zone_parts(zone: str) -> tuple[str, str]:
    """(temperature group, moisture group) of a climate zone name."""
    if zone == "tropical_montane":
        return "tropical_montane", "montane"
    group, moisture = zone.rsplit("_", 1)
    return group, moisture


def _normalise(name) -> str:
    text = str(name).strip().lower()
    text = re.sub(r"[^a-z0-9<>]+", "_", text)
    return text.strip("_")


def _resolve(kind: str, value, canonical, aliases=None) -> str:
    """Map ``value`` to a canonical name, else raise ParameterError listing the valid names."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        value = ""
    key = _normalise(value)
    for name in canonical:
        if key == _normalise(name):
            return name
    for alias, name in (aliases or {}).items():
        if key == _normalise(alias):
            return name
    raise ParameterError(f"unknown {kind} {str(value)!r}; valid names: {', '.join(canonical)}")


def climate_zone_name(value) -> str:
    """The canonical climate zone name for ``value`` (a name, a Table 2.3 label or a code such as ``W1``)."""
    aliases = {}
    labels = [label for label, _ in CLIMATE_ZONES.values()]
    for name, (label, codes) in CLIMATE_ZONES.items():
        for code in codes:
            aliases[code] = name
        if labels.count(label) == 1:  # the undifferentiated polar and boreal rows name two zones
            aliases[label] = name
    return _resolve("climate zone", value, list(CLIMATE_ZONES), aliases)


def soil_class_name(value) -> str:
    """The canonical soil class code (HAC, LAC, SAN, POD, VOL, WET) for ``value``."""
    return _resolve("soil class", value, list(SOIL_CLASSES), _SOIL_ALIASES)


def land_use_name(value) -> str:
    """The canonical land use name for ``value`` (a name or the table's label)."""
    aliases = {label: name for name, (_, label) in LAND_USES.items() if label}
    return _resolve("land use", value, list(LAND_USES), aliases)


def management_name(value, land_use: str) -> str:
    """The canonical management name for ``value`` on ``land_use`` (``none`` where the factor is not used)."""
    chapter = LAND_USES[land_use][0]
    if "management" in FACTORS_NOT_USED.get(land_use, ()):
        return _resolve(f"management for {land_use} (the factor is not used)", value or NOT_USED, [NOT_USED])
    levels = MANAGEMENT[chapter]
    return _resolve(f"management for {land_use}", value, list(levels), {v: k for k, v in levels.items()})


def input_name(value, land_use: str, management: str | None = None) -> str:
    """The canonical input level for ``value`` on ``land_use`` (``none`` where the factor is not used).

    Grassland input levels apply to improved grassland only (Table 6.2 (Updated)): on other grassland the
    input must be ``medium`` or ``none`` (factor 1).
    """
    chapter = LAND_USES[land_use][0]
    if "input" in FACTORS_NOT_USED.get(land_use, ()):
        return _resolve(f"input for {land_use} (the factor is not used)", value or NOT_USED, [NOT_USED])
    levels = INPUT[chapter]
    if chapter == "grassland" and management != "improved_grassland":
        name = _resolve(
            f"input for {land_use} managed as {management} (input levels apply to improved grassland only)",
            value or NOT_USED,
            ["medium", NOT_USED],
            {v: k for k, v in levels.items()},
        )
        return name
    return _resolve(f"input for {land_use}", value, list(levels), {v: k for k, v in levels.items()})


# --- tables ------------------------------------------------------------------------------------------------


@functools.cache
def _read(name: str) -> pd.DataFrame:
    with resources.files("fourpermille.ipcc").joinpath("data", name).open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype=str, keep_default_na=False)


def socref_table() -> pd.DataFrame:
    """Table 2.3 (Updated) as packaged: ``climate_zone, soil_class, socref_tC_ha, ci95_pct_of_mean, n, note``.

    Returns a copy with the numeric columns as float (NaN where the table prints NA or NO).
    """
    return _socref_parsed().copy()


@functools.cache
def _socref_parsed() -> pd.DataFrame:
    table = _read(SOCREF_FILE).copy()
    for column in ("socref_tC_ha", "ci95_pct_of_mean", "n"):
        table[column] = pd.to_numeric(table[column].replace("", np.nan), errors="coerce")
    return table


@functools.cache
def _socref_index() -> dict:
    table = _socref_parsed()
    return {
        (row.climate_zone, row.soil_class): (float(row.socref_tC_ha), float(row.ci95_pct_of_mean), row.note)
        for row in table.itertuples()
    }


def factor_table(factors: str | None = None) -> pd.DataFrame:
    """The stock change factor rows as packaged, with ``value`` and ``error_2sd_pct_of_mean`` as float.

    Parameters
    ----------
    factors : {'2019', '2006'}, optional
        Keep only the rows of that set (``None``: all rows).
    """
    table = _factors_parsed().copy()
    if factors is not None:
        table = table[table["factor_set"] == _factor_set(factors)].reset_index(drop=True)
    return table


@functools.cache
def _factors_parsed() -> pd.DataFrame:
    table = _read(FACTORS_FILE).copy()
    table["value"] = pd.to_numeric(table["value"], errors="coerce")
    table["error_2sd_pct_of_mean"] = pd.to_numeric(
        table["error_2sd_pct_of_mean"].replace({"NA": np.nan, "": np.nan}), errors="coerce"
    )
    table["factor_set"] = np.where(table["source_table"].str.startswith("IPCC2006"), "2006", "2019")
    table["chapter"] = np.where(table["source_table"].str.contains("Ch6"), "grassland", "cropland")
    return table


@functools.cache
def _factor_index() -> dict:
    """(factor set, chapter, factor, level) -> the rows, in table order."""
    index: dict = {}
    for row in _factors_parsed().itertuples():
        index.setdefault((row.factor_set, row.chapter, row.factor, row.level), []).append(row)
    return index


def _factor_set(factors) -> str:
    text = str(factors).strip()
    if text not in FACTOR_SETS:
        raise ParameterError(f"factors must be one of {', '.join(FACTOR_SETS)}; got {factors!r}")
    return text


@dataclass(frozen=True)
class TableValue:
    """One value of a published table, with its uncertainty and where it comes from.

    ``ci95_pct`` is set for SOC_REF (95 % confidence interval, % of the mean); ``err2sd_pct`` for stock
    change factors (+-2 standard deviations, % of the mean). Both are NaN for exact reference values.
    ``key`` identifies the table entry (the same entry drawn once per Monte Carlo draw).
    """

    value: float
    source: str
    key: str
    ci95_pct: float = np.nan
    err2sd_pct: float = np.nan


def soc_ref(climate_zone: str, soil_class: str) -> TableValue:
    """Default reference SOC stock SOC_REF [t C/ha, 0-30 cm] (Table 2.3 (Updated), p. 2.35).

    Parameters
    ----------
    climate_zone : str
        IPCC climate zone (see :data:`CLIMATE_ZONES`).
    soil_class : str
        HAC, LAC, SAN, POD, VOL or WET.

    Returns
    -------
    TableValue with ``value`` [t C/ha] and ``ci95_pct`` [% of the mean].

    Examples
    --------
    >>> soc_ref("warm_temperate_moist", "HAC").value
    64.0
    """
    zone = climate_zone_name(climate_zone)
    soil = soil_class_name(soil_class)
    label = CLIMATE_ZONES[zone][0]
    value, ci95, note = _socref_index()[(label, soil)]
    if not np.isfinite(value):
        raise ParameterError(
            f"Table 2.3 (Updated) has no SOC_REF for {zone} x {soil} ({note or 'no value'}); give "
            "soc_ref_t_ha directly"
        )
    return TableValue(value=value, source=SOCREF_SOURCE, key=f"SOC_REF|{label}|{soil}", ci95_pct=ci95)


def _factor_row(factor: str, chapter: str, level: str, zone: str, factors: str) -> TableValue:
    """The row of ``factor`` at ``level`` covering ``zone`` in the chosen set (ParameterError if none)."""
    if (chapter, factor, level) in _REFERENCE_LEVELS:
        source = (
            f"IPCC{factors} reference level (factor 1 by definition; "
            f"Table {'5.5' if chapter == 'cropland' else '6.2'})"
        )
        return TableValue(value=1.0, source=source, key=f"{factor}|{chapter}|{level}|reference")
    rows = _factor_index().get((factors, chapter, factor, level), [])
    group, moisture = _zone_parts(zone)
    matches = [
        row
        for row in rows
        if group in _TEMPERATURE.get(row.temperature_regime.strip().lower(), set())
        and moisture in _MOISTURE.get(row.moisture_regime.strip().lower(), set())
    ]
    if not matches:
        raise ParameterError(
            f"the {factors} factor table has no {factor} for '{level}' in climate zone {zone}"
            + ("" if len(rows) else f" (no {factors} row for this level is packaged)")
            + f"; give {factor_column(factor)} directly or use another factor set"
        )
    row = matches[0]
    return TableValue(
        value=float(row.value),
        source=row.source_table,
        key=f"{factor}|{row.source_table}|{level}|{row.temperature_regime}|{row.moisture_regime}",
        err2sd_pct=float(row.error_2sd_pct_of_mean),
    )


def factor_column(factor: str) -> str:
    """Input column name of a factor: FLU -> f_lu, FMG -> f_mg, FI -> f_i."""
    return {"FLU": "f_lu", "FMG": "f_mg", "FI": "f_i"}[factor]


@dataclass(frozen=True)
class Factors:
    """Stock change factors of one land use, management and input level in one climate zone."""

    f_lu: TableValue
    f_mg: TableValue
    f_i: TableValue
    land_use: str
    management: str
    input: str


def stock_change_factors(
    climate_zone: str,
    land_use: str,
    management: str | None = None,
    input: str | None = None,
    factors: str = "2019",
) -> Factors:
    """F_LU, F_MG and F_I from Table 5.5 (cropland) or Table 6.2 (grassland).

    Parameters
    ----------
    climate_zone : str
    land_use : str
        One of :data:`LAND_USES`.
    management : str
        Tillage (cropland) or grassland management (see :data:`MANAGEMENT`); ``none`` where not used.
    input : str
        Carbon input level (see :data:`INPUT`); ``none`` where not used.
    factors : {'2019', '2006'}
        The 2019 Refinement tables or the superseded 2006 ones.

    Returns
    -------
    Factors: three :class:`TableValue` [-] with their +-2 SD errors [% of the mean].

    Examples
    --------
    >>> f = stock_change_factors("warm_temperate_moist", "long_term_cultivated", "no_till", "medium")
    >>> (f.f_lu.value, f.f_mg.value, f.f_i.value)
    (0.69, 1.1, 1.0)
    """
    factors = _factor_set(factors)
    zone = climate_zone_name(climate_zone)
    use = land_use_name(land_use)
    mg = management_name(management, use)
    inp = input_name(input, use, mg)
    chapter, lu_level = LAND_USES[use]
    one = TableValue(value=1.0, source="factor not used (1)", key="one")
    if chapter == "native":
        return Factors(one, one, one, use, mg, inp)
    f_lu = _factor_row("FLU", chapter, lu_level, zone, factors)
    f_mg = one if mg == NOT_USED else _factor_row("FMG", chapter, MANAGEMENT[chapter][mg], zone, factors)
    f_i = one if inp == NOT_USED else _factor_row("FI", chapter, INPUT[chapter][inp], zone, factors)
    return Factors(f_lu, f_mg, f_i, use, mg, inp)


# --- whole tables ------------------------------------------------------------------------------------------

#: Columns of a table given by names, and of one given by values.
NAME_COLUMNS = ("climate_zone", "soil_class", "land_use", "management", "input")
VALUE_COLUMNS = ("soc_ref_t_ha", "f_lu", "f_mg", "f_i")
#: Optional uncertainty columns for values given directly (conventions as in the tables).
VALUE_ERROR_COLUMNS = ("soc_ref_ci95_pct", "f_lu_err2sd_pct", "f_mg_err2sd_pct", "f_i_err2sd_pct")


def resolve_table(units: pd.DataFrame, factors: str = "2019") -> pd.DataFrame:
    """Add SOC_REF and factors (with their errors and table keys) to a table of land units.

    Parameters
    ----------
    units : DataFrame
        Either the columns ``soc_ref_t_ha, f_lu, f_mg, f_i`` [t C/ha, -, -, -] (optionally with
        ``soc_ref_ci95_pct, f_lu_err2sd_pct, f_mg_err2sd_pct, f_i_err2sd_pct`` [%]) or the columns
        ``climate_zone, soil_class, land_use, management, input`` looked up in the default tables.
    factors : {'2019', '2006'}

    Returns
    -------
    A copy with ``soc_ref_t_ha, f_lu, f_mg, f_i``, the four error columns and ``key_soc_ref, key_f_lu,
    key_f_mg, key_f_i`` (table entries, shared by the Monte Carlo draws); ``attrs['sources']`` lists the
    tables used.

    Raises
    ------
    InputError
        Unknown name (listing the valid names) or a combination the tables do not cover, naming the row
        (the index label) and the column.
    """
    factors = _factor_set(factors)
    out = units.copy()
    has_values = all(c in out.columns for c in VALUE_COLUMNS)
    has_names = all(c in out.columns for c in NAME_COLUMNS)
    if not has_values and not has_names:
        raise InputError(
            "needs the columns (" + ", ".join(VALUE_COLUMNS) + ") or (" + ", ".join(NAME_COLUMNS) + ")"
        )
    sources: set[str] = set()
    if has_values:
        for column in VALUE_COLUMNS:
            values = pd.to_numeric(out[column], errors="coerce")
            bad = values.isna() | (values <= 0)
            if bad.any():
                row = bad.idxmax()
                raise InputError(
                    f"must be a number > 0; got {units[column][row]!r}", row=_plain(row), column=column
                )
            out[column] = values.astype(float)
        for column in VALUE_ERROR_COLUMNS:
            out[column] = pd.to_numeric(out[column], errors="coerce") if column in out else np.nan
        # Rows giving the same value with the same error share one table entry (one draw per Monte Carlo
        # draw), as rows looked up from the same table cell do.
        for column, error in zip(VALUE_COLUMNS, VALUE_ERROR_COLUMNS, strict=True):
            out[f"key_{column.removesuffix('_t_ha')}"] = [
                f"{column}|given|{v!r}|{e!r}" for v, e in zip(out[column], out[error], strict=True)
            ]
        sources.add("values given in the input")
        out.attrs["sources"] = sorted(sources)
        return out

    rows = []
    looked_up: dict = {}
    for label, unit in zip(out.index, out[list(NAME_COLUMNS)].itertuples(index=False), strict=True):
        names = tuple(unit)
        if names in looked_up:
            rows.append(looked_up[names])
            continue
        unit = dict(zip(NAME_COLUMNS, names, strict=True))
        column = "climate_zone"
        try:
            zone = climate_zone_name(unit["climate_zone"])
            column = "soil_class"
            ref = soc_ref(zone, unit["soil_class"])
            column = "land_use"
            use = land_use_name(unit["land_use"])
            column = "management"
            mg = management_name(unit["management"], use)
            column = "input"
            inp = input_name(unit["input"], use, mg)
            column = "land_use"
            f = stock_change_factors(zone, use, mg, inp, factors)
        except ParameterError as exc:
            raise ParameterError(exc.message, row=_plain(label), column=column) from None
        sources.update({ref.source, f.f_lu.source, f.f_mg.source, f.f_i.source})
        looked_up[names] = {
            "soc_ref_t_ha": ref.value,
            "soc_ref_ci95_pct": ref.ci95_pct,
            "key_soc_ref": ref.key,
            "f_lu": f.f_lu.value,
            "f_lu_err2sd_pct": f.f_lu.err2sd_pct,
            "key_f_lu": f.f_lu.key,
            "f_mg": f.f_mg.value,
            "f_mg_err2sd_pct": f.f_mg.err2sd_pct,
            "key_f_mg": f.f_mg.key,
            "f_i": f.f_i.value,
            "f_i_err2sd_pct": f.f_i.err2sd_pct,
            "key_f_i": f.f_i.key,
        }
        rows.append(looked_up[names])
    resolved = pd.DataFrame(rows, index=out.index)
    for column in resolved.columns:
        out[column] = resolved[column]
    out.attrs["sources"] = sorted(s for s in sources if "not used" not in s)
    return out


def _plain(label):
    return label.item() if hasattr(label, "item") else label
