"""Default factors of the greenhouse-gas balance, read from the packaged tables with their source.

The tables (``data/``, provenance in ``data/README.md``) are copied unchanged from the project's shared
reference set: IPCC 2019 Refinement Vol 4 Ch 11 Table 11.1 (direct N2O), Table 11.3 (indirect N2O),
Table 11.1a (crop residues), Ch 5 Tables 5.11-5.14 (rice CH4) and the GWP-100 values of IPCC AR6 (WG1 Table
7.15) and AR5 (WG1 Table 8.A.1). Defaults the shared set lacks are in ``data/ghg_added_defaults.csv``, each
row with its source.

Every lookup (cached) returns a :class:`Factor`: the value, its uncertainty range (low, high; NaN where none
is printed) and a one-line source naming the table and page. A name that is not in a table raises
:class:`~fourpermille.errors.ParameterError` listing the valid names.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from importlib import resources

import pandas as pd

from fourpermille.errors import ParameterError

DIRECT_FILE = "ipcc2019_v4_ch11_table11_1_direct_n2o.csv"
INDIRECT_FILE = "ipcc2019_v4_ch11_table11_3_indirect_n2o.csv"
RESIDUE_FILE = "ipcc2019_v4_ch11_table11_1a_crop_residue.csv"
RICE_FILE = "ipcc2019_v4_ch5_rice_ch4.csv"
GWP_FILE = "gwp100_ar6_ar5.csv"
ADDED_FILE = "ghg_added_defaults.csv"


@dataclass(frozen=True)
class Factor:
    """One default factor: ``value``, 95 % range ``low``/``high`` (NaN: none), ``unit``, ``source``."""

    name: str
    value: float
    low: float
    high: float
    unit: str
    source: str
    #: Standard deviation where the source gives one instead of a range (NaN otherwise).
    sd: float = math.nan

    @property
    def has_range(self) -> bool:
        """Whether the table prints an uncertainty range for the factor."""
        return math.isfinite(self.low) and math.isfinite(self.high)


def _number(text) -> float:
    text = str(text).strip()
    if text in ("", "nan", "−", "-", "None"):
        return math.nan
    return float(text)


@functools.cache
def _read(name: str) -> pd.DataFrame:
    path = resources.files("fourpermille.ghg").joinpath("data", name)
    with path.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False)


def _row_factor(row, name: str) -> Factor:
    page = row.get("page", "")
    page = "" if not page or page == "not found" else f", p. {page.split(' ')[0]}"
    source = f"IPCC 2019 Refinement Vol 4 Ch {row['chapter']} {row['table_id']}{page} (transcribed)"
    return Factor(
        name,
        _number(row["value"]),
        _number(row.get("range_low", "")),
        _number(row.get("range_high", "")),
        row["unit"],
        source,
    )


@functools.cache
def _lookup(file: str, parameter: str, disaggregation: str, name: str) -> Factor:
    table = _read(file)
    rows = table[(table["parameter"] == parameter) & (table["disaggregation"] == disaggregation)]
    if rows.empty:  # a programming error: the names below are fixed
        raise KeyError(f"{file}: no row {parameter!r} / {disaggregation!r}")
    return _row_factor(rows.iloc[0], name)


# --- N2O (Ch 11) --------------------------------------------------------------------------------------------

#: How the N2O factors are chosen: the aggregated defaults or the climate-disaggregated ones (Table 11.1,
#: 11.3 (Updated)).
DISAGGREGATIONS = ("aggregated", "climate")
#: Climate classes of the disaggregated factors (wet, dry; Ch 11 Table 11.1 footnotes).
N2O_CLIMATES = ("wet", "dry")

_AGG = "aggregated default"
#: Factor name -> (file, parameter, {disaggregation: row label}); ``aggregated`` always present.
_N2O_ROWS = {
    "ef1_synthetic": (
        DIRECT_FILE,
        "EF1",
        {
            "aggregated": _AGG,
            "wet": "Synthetic fertiliser inputs in wet climates",
            "dry": "All N inputs in dry climates",
        },
    ),
    "ef1_other": (
        DIRECT_FILE,
        "EF1",
        {"aggregated": _AGG, "wet": "Other N inputs in wet climates", "dry": "All N inputs in dry climates"},
    ),
    "ef3_prp_cpp": (
        DIRECT_FILE,
        "EF3PRP,CPP",
        {"aggregated": _AGG, "wet": "Wet climates", "dry": "Dry climates"},
    ),
    "ef3_prp_so": (
        DIRECT_FILE,
        "EF3PRP,SO",
        {"aggregated": "aggregated default (no disaggregation printed: '–')"},
    ),
    "ef4": (INDIRECT_FILE, "EF4", {"aggregated": _AGG, "wet": "Wet climates", "dry": "Dry climates"}),
    "ef5": (INDIRECT_FILE, "EF5", {"aggregated": "aggregated default (no climate disaggregation)"}),
    "frac_gasf": (INDIRECT_FILE, "Frac_GASF", {"aggregated": _AGG}),
    "frac_gasm": (INDIRECT_FILE, "Frac_GASM", {"aggregated": _AGG}),
    "frac_leach": (INDIRECT_FILE, "Frac_LEACH-(H)", {"aggregated": "wet climates (aggregated default)"}),
}

#: EF1FR for flooded rice (Table 11.1 (Updated)): water regime -> row label.
FLOODED_RICE_EF1 = {
    "aggregated": _AGG,
    "continuously_flooded": "Continuous flooding",
    "drained": "Single and multiple drainage",
}

#: Synthetic fertiliser types of the disaggregated Frac_GASF (Table 11.3 (Updated)) -> row label.
FERTILISER_TYPES = {
    "unspecified": _AGG,
    "urea": "Urea",
    "ammonium": "Ammonium-based",
    "nitrate": "Nitrate-based",
    "ammonium_nitrate": "Ammonium-nitrate-based",
}


def n2o_factor(name: str, disaggregation: str = "aggregated", climate: str | None = None) -> Factor:
    """One N2O factor of Table 11.1 / 11.3 (Updated).

    Parameters
    ----------
    name : str
        ``ef1_synthetic``, ``ef1_other``, ``ef3_prp_cpp``, ``ef3_prp_so``, ``ef4``, ``ef5``, ``frac_gasf``,
        ``frac_gasm``, ``frac_leach``.
    disaggregation : ``"aggregated"`` or ``"climate"``
    climate : ``"wet"`` or ``"dry"``, needed with ``"climate"``

    Returns
    -------
    Factor [kg N2O-N (kg N)-1 for EF; kg N (kg N)-1 for Frac]. Where the table prints no climate split
    (EF3PRP,SO, EF5, Frac_GASF, Frac_GASM) the aggregated value is returned. Frac_LEACH-(H) is the wet
    climate value; in dry climates without irrigation it is 0 (Table 11.3 footnote, as transcribed).
    """
    if name not in _N2O_ROWS:
        raise ParameterError(f"unknown N2O factor {name!r}; valid names: {', '.join(_N2O_ROWS)}")
    _check(disaggregation, DISAGGREGATIONS, "N2O factor disaggregation")
    file, parameter, rows = _N2O_ROWS[name]
    if disaggregation == "climate":
        _check(climate, N2O_CLIMATES, "N2O climate class")
        if name == "frac_leach" and climate == "dry":
            base = _lookup(file, parameter, rows["aggregated"], name)
            return Factor(
                name,
                0.0,
                0.0,
                0.0,
                base.unit,
                base.source + "; 0 in dry climates without irrigation (table footnote)",
            )
        label = rows.get(climate, rows["aggregated"])
    else:
        label = rows["aggregated"]
    return _lookup(file, parameter, label, name)


def flooded_rice_ef1(water_regime: str = "aggregated") -> Factor:
    """EF1FR for N applied to flooded rice [kg N2O-N (kg N)-1] (Table 11.1 (Updated))."""
    _check(water_regime, FLOODED_RICE_EF1, "flooded rice water regime")
    return _lookup(DIRECT_FILE, "EF1FR", FLOODED_RICE_EF1[water_regime], "ef1_fr")


def frac_gasf(fertiliser_type: str = "unspecified") -> Factor:
    """Frac_GASF of a synthetic fertiliser type [kg (NH3-N + NOx-N) (kg N)-1] (Table 11.3 (Updated))."""
    _check(fertiliser_type, FERTILISER_TYPES, "synthetic fertiliser type")
    return _lookup(INDIRECT_FILE, "Frac_GASF", FERTILISER_TYPES[fertiliser_type], "frac_gasf")


@dataclass(frozen=True)
class CropResidue:
    """Table 11.1a factors of one crop: dry matter fraction of the harvested product ``dry`` [-], above-ground
    residue to yield ratio ``r_ag`` [-], N contents ``n_ag``, ``n_bg`` [kg N (kg d.m.)-1], below- to
    above-ground biomass ratio ``rs`` [-] (NaN where the table prints none), and the ``source``."""

    crop: str
    dry: float
    r_ag: float
    n_ag: float
    rs: float
    n_bg: float
    source: str


def crop_names() -> tuple[str, ...]:
    """The crops of Table 11.1a (as keyed in the transcription)."""
    return tuple(_read(RESIDUE_FILE)["crop_as_keyed_in_source"].str.split(" ").str[0])


@functools.cache
def crop_residue(crop: str) -> CropResidue:
    """The Table 11.1a factors of ``crop`` (``generic``, ``maize``, ``winter_wheat`` ...)."""
    table = _read(RESIDUE_FILE)
    keys = table["crop_as_keyed_in_source"].str.split(" ").str[0]
    if crop not in set(keys):
        raise ParameterError(f"unknown crop {crop!r}; valid crops (Table 11.1a): {', '.join(keys)}")
    row = table[keys == crop].iloc[0]
    return CropResidue(
        crop,
        _number(row["DRY_dry_matter_fraction_of_harvested_product"]),
        _number(row["R_AG_ratio_AG_residue_dm_to_harvested_yield_dm"]),
        _number(row["N_AG_kgN_per_kg_dm"]),
        _number(row["RS_ratio_below_to_above_ground_biomass"]),
        _number(row["N_BG_kgN_per_kg_dm"]),
        "IPCC 2019 Refinement Vol 4 Ch 11 Table 11.1a (transcribed)",
    )


# --- rice CH4 (Ch 5) ---------------------------------------------------------------------------------------

#: Regions of Table 5.11 (Updated) baseline EFc.
RICE_REGIONS = {
    "world": "World",
    "africa": "Africa",
    "east_asia": "East Asia",
    "southeast_asia": "Southeast Asia",
    "south_asia": "South Asia",
    "europe": "Europe",
    "north_america": "North America",
    "south_america": "South America",
}
#: Water regimes during cultivation (Table 5.12 (Updated)): name -> row label.
WATER_REGIMES = {
    "irrigated": "Irrigated (aggregated case)",
    "rainfed_and_deep_water": "Rainfed and deep water (aggregated case)",
    "continuously_flooded": "Irrigated - Continuously flooded (disaggregated case)",
    "single_drainage": "Irrigated - Single drainage period (disaggregated case)",
    "multiple_drainage": "Irrigated - Multiple drainage periods (disaggregated case)",
    "regular_rainfed": "Rainfed - Regular rainfed (disaggregated case)",
    "drought_prone": "Rainfed - Drought prone (disaggregated case)",
    "deep_water": "Deep water (disaggregated case)",
    "upland": "Upland (disaggregated case)",
}
#: Pre-season water regimes (Table 5.13 (Updated)): name -> row label.
PRE_SEASON = {
    "aggregated": "aggregated case",
    "non_flooded_short": "Non-flooded pre-season <180 d (disaggregated case)",
    "non_flooded_long": "Non-flooded pre-season >180 d (disaggregated case)",
    "flooded": "Flooded pre-season (>30 d) (disaggregated case)",
    "non_flooded_over_year": "Non-flooded pre-season >365 d (disaggregated case)",
}
#: Organic amendments (Table 5.14 (Updated)): name -> row label. Straw is applied as dry weight, the
#: others as fresh weight [t/ha].
ORGANIC_AMENDMENTS = {
    "straw_short": "Straw incorporated shortly (<30 days) before cultivation",
    "straw_long": "Straw incorporated long (>30 days) before cultivation",
    "compost": "Compost",
    "farmyard_manure": "Farm yard manure",
    "green_manure": "Green manure",
}


@functools.cache
def _rice(label_column: str, label: str, parameter_prefix: str, name: str) -> Factor:
    table = _read(RICE_FILE)
    rows = table[(table[label_column] == label) & table["parameter"].str.startswith(parameter_prefix)]
    if rows.empty:
        raise KeyError(f"{RICE_FILE}: no row {parameter_prefix!r} / {label!r}")
    return _row_factor(rows.iloc[0], name)


def rice_baseline_ef(region: str = "world") -> Factor:
    """Baseline EFc [kg CH4 ha-1 d-1] of Table 5.11 (Updated) for a region."""
    _check(region, RICE_REGIONS, "rice region")
    return _rice("disaggregation", RICE_REGIONS[region], "EFc", "ef_c")


@functools.cache
def rice_cultivation_days(region: str = "world") -> Factor:
    """Default cultivation period [d] of Table 5.11A (New) (a region without its own row: the world's)."""
    _check(region, RICE_REGIONS, "rice region")
    table = _read(RICE_FILE)
    label = RICE_REGIONS[region]
    rows = table[
        (table["disaggregation"] == label) & table["parameter"].str.startswith("Default cultivation")
    ]
    if rows.empty:
        label = "World"
    return _rice("disaggregation", label, "Default cultivation", "cultivation_days")


def water_regime_factor(regime: str) -> Factor:
    """SFw [-] of Table 5.12 (Updated)."""
    _check(regime, WATER_REGIMES, "rice water regime")
    return _rice("disaggregation", WATER_REGIMES[regime], "SFw", "sf_w")


def pre_season_factor(regime: str) -> Factor:
    """SFp [-] of Table 5.13 (Updated)."""
    _check(regime, PRE_SEASON, "rice pre-season water regime")
    return _rice("disaggregation", PRE_SEASON[regime], "SFp", "sf_p")


def amendment_factor(amendment: str) -> Factor:
    """CFOA [-] of Table 5.14 (Updated)."""
    _check(amendment, ORGANIC_AMENDMENTS, "organic amendment")
    return _rice("disaggregation", ORGANIC_AMENDMENTS[amendment], "CFOA", "cfoa")


def amendment_exponent() -> Factor:
    """The exponent of Eq. 5.3, SFo = (1 + sum ROA_i CFOA_i)^0.59 [-]."""
    return _rice("disaggregation", "exponent", "SFo exponent", "sfo_exponent")


# --- GWP-100

#: GWP-100 sets: name -> {gas: (report prefix, table prefix, gas label)}. CH4 from soils, rice and biomass
#: is biogenic: AR6 gives it the non-fossil value; AR5 Table 8.A.1 has one CH4 value (no climate-carbon
#: feedback).
GWP_SETS = {
    "AR6": {"CH4": ("IPCC AR6", "Table 7.15", "CH4 non-fossil"), "N2O": ("IPCC AR6", "Table 7.15", "N2O")},
    "AR5": {"CH4": ("IPCC AR5", "Table 8.A.1 (no", "CH4"), "N2O": ("IPCC AR5", "Table 8.A.1 (no", "N2O")},
}
DEFAULT_GWP = "AR6"


@functools.cache
def gwp100(gas: str, gwp_set: str = DEFAULT_GWP) -> Factor:
    """GWP-100 of ``gas`` (``CH4``, ``N2O``; ``CO2`` is 1 by definition) in ``gwp_set`` (``AR6``, ``AR5``)."""
    _check(gwp_set, GWP_SETS, "GWP set")
    if gas == "CO2":
        return Factor("gwp_CO2", 1.0, math.nan, math.nan, "-", "reference gas (1 by definition)")
    _check(gas, GWP_SETS[gwp_set], "gas")
    report, table_prefix, label = GWP_SETS[gwp_set][gas]
    table = _read(GWP_FILE)
    rows = table[
        table["report"].str.startswith(report)
        & table["table"].str.startswith(table_prefix)
        & (table["gas"] == label)
        & (table["metric"] == "GWP-100")
    ]
    row = rows.iloc[0]
    return Factor(
        f"gwp_{gas}",
        float(row["value"]),
        math.nan,
        math.nan,
        "kg CO2e (kg gas)-1",
        f"{row['report']} {row['table']} (transcribed)",
    )


# --- added defaults


@functools.cache
def added_default(name: str) -> Factor:
    """A default of ``data/ghg_added_defaults.csv`` (each row with its source)."""
    table = _read(ADDED_FILE)
    if name not in set(table["name"]):
        raise ParameterError(f"unknown default {name!r}; valid names: {', '.join(table['name'])}")
    row = table[table["name"] == name].iloc[0]
    return Factor(
        name,
        _number(row["value"]),
        _number(row["low"]),
        _number(row["high"]),
        row["unit"],
        f"{row['source']}; {row['locator']}",
        sd=_number(row["sd"]),
    )


def _check(value, allowed, what: str) -> None:
    if value not in allowed:
        raise ParameterError(f"unknown {what} {value!r}; valid names: {', '.join(allowed)}")
