"""Soil organic carbon stocks: fixed depth and equivalent soil mass (ESM).

A soil profile is a stack of contiguous layers from the surface down, each with its SOC concentration
``soc`` [g C/kg], fine-earth bulk density ``BD`` [g/cm3], thickness ``T`` [cm] and volume fraction of
coarse fragments ``CF`` [-]. Per layer

    soil mass        M   = BD x T x (1 - CF) x 100                     [t/ha]            (1)
    SOC stock        SOC = soc x BD x T x (1 - CF) / 10 = M x soc / 1000 [t C/ha]        (2)

(1 g/cm3 x 1 cm = 1 g/cm2 = 100 t/ha.) Stocks to a fixed depth add whole layers and the part of the layer
cut by the reporting boundary, in proportion to its thickness (the concentration and density are taken
as uniform within a layer).

Bulk density from core samples (VM0042 v2.2 Eq. 3): the oven-dry fine-earth mass of a composite sample
over the volume of fine earth the cores took,

    BD = m / (n x pi x (d / 20)^2 x T x (1 - CF))                                        (3)

with ``m`` [g], ``n`` cores of inner diameter ``d`` [mm] (d / 20 is the radius in cm).

Equivalent soil mass compares stocks in the same mass of soil rather than the same depth, so that a
change of bulk density (compaction, tillage) is not read as a change of carbon. Four published ways to
get the cumulative SOC stock at a reference cumulative soil mass ``M_ref`` are offered
(``esm_method``):

``spline``
    Cubic spline through the origin of cumulative SOC against cumulative soil mass, natural end
    conditions (Wendt & Hauser 2013, the approach of the VM0042 v2.2 Figure 3 spreadsheet); linear
    beyond the deepest sample.
``mineral-hyman``
    Monotone cubic spline (Hyman 1983 filter on the Forsythe-Malcolm-Moler spline, as R's
    ``spline(method = "hyman")``) of cumulative SOC and SOM against cumulative *mineral* soil mass,
    through the origin (von Haden et al. 2020). The reference masses are mineral masses; the reported
    soil mass is the mineral mass plus the interpolated SOM. SOM [g/kg] comes from ``som_g_kg`` or, where
    absent, from ``SOM_PER_SOC x soc``.
``hyman``
    The same monotone spline on cumulative *total* soil mass (SimpleESM's cubic-spline output "ESM2",
    Ferchaud & Chlebowski 2022).
``layers``
    Accumulation of 1-mm elementary layers from the surface while the cumulative mass stays at or under
    the reference (SimpleESM's main output, Ferchaud & Chlebowski 2022); below the deepest sample the
    deepest layer is repeated. Layer boundaries are taken to the nearest mm.

The equivalent depth is the depth at which the profile holds ``M_ref`` (1 mm resolution for
``layers``; exact for the others, the mass growing linearly with depth within a layer).

References
----------
Wendt J.W., Hauser S. (2013) An equivalent soil mass procedure for monitoring soil organic carbon in
multiple soil layers. European Journal of Soil Science 64, 58-65. https://doi.org/10.1111/ejss.12002
von Haden A.C., Yang W.H., DeLucia E.H. (2020) Soils' dirty little secret: Depth-based comparisons can be
inadequate for quantifying changes in soil organic carbon and other mineral soil properties. Global
Change Biology 26, 3759-3770. https://doi.org/10.1111/gcb.15124
Ferchaud F., Chlebowski F. (2022) SimpleESM: a simple R script to calculate soil organic carbon and
nitrogen stocks at equivalent soil mass. INRAE. https://hal.science/hal-04013158
Hyman J.M. (1983) Accurate monotonicity preserving cubic interpolation. SIAM J. Sci. Stat. Comput. 4,
645-654. https://doi.org/10.1137/0904045
Forsythe G.E., Malcolm M.A., Moler C.B. (1977) Computer Methods for Mathematical Computations.
Prentice-Hall (the "fmm" spline end conditions).
Pribyl D.W. (2010) A critical review of the conventional SOC to SOM conversion factor. Geoderma 156,
75-83. https://doi.org/10.1016/j.geoderma.2010.02.003
Poeplau C., Vos C., Don A. (2017) Soil organic carbon stocks are systematically overestimated by
misuse of the parameters bulk density and rock fragment content. SOIL 3, 61-66.
https://doi.org/10.5194/soil-3-61-2017
Verra (2024) VM0042 Methodology for Improved Agricultural Land Management, v2.2.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fourpermille.checks import PhysicalRange, require_columns
from fourpermille.errors import InputError, ParameterError, check_choice

# --- names --------------------------------------------------------------------------------------------
PROFILE_ID = "profile_id"
TOP, BOTTOM = "depth_top_cm", "depth_bottom_cm"
SOC, SOM = "soc_g_kg", "som_g_kg"
BULK_DENSITY = "bulk_density_g_cm3"
SAMPLE_MASS, CORE_DIAMETER, CORES = "sample_mass_g", "core_diameter_mm", "cores_per_sample"
COARSE = "coarse_fraction_vol"

REQUIRED_COLUMNS = (PROFILE_ID, TOP, BOTTOM, SOC)
CORE_COLUMNS = (SAMPLE_MASS, CORE_DIAMETER, CORES)
OPTIONAL_COLUMNS = (BULK_DENSITY, *CORE_COLUMNS, COARSE, SOM)
NUMERIC_COLUMNS = (TOP, BOTTOM, SOC, *OPTIONAL_COLUMNS)

METHODS = ("fixed", "esm")
ESM_METHODS = ("spline", "mineral-hyman", "hyman", "layers")

FIXED_COLUMNS = [PROFILE_ID, TOP, BOTTOM, "soil_mass_t_ha", "soc_stock_t_ha"]
ESM_COLUMNS = [PROFILE_ID, "ref_mass_t_ha", "soil_mass_t_ha", "soc_stock_t_ha", "equivalent_depth_cm"]

# --- constants ----------------------------------------------------------------------------------------
#: Default reporting depth [cm]: the 4 per 1000 initiative and IPCC Tier 1 report the top 30 cm.
DEFAULT_DEPTH_CM = 30.0
#: Plausible fine-earth bulk density [g/cm3]: 0.1 (organic horizons) to 2.65, the particle density of
#: quartz, the densest common soil mineral (Blake & Hartge 1986, Methods of Soil Analysis 1, ch. 13).
BULK_DENSITY_RANGE = (0.1, 2.65)
#: SOC concentration [g C/kg]: 0 to 600, above the carbon content of pure organic matter (~580 g/kg,
#: Pribyl 2010), so only data errors fail.
SOC_RANGE = (0.0, 600.0)
#: SOM concentration [g/kg].
SOM_RANGE = (0.0, 1000.0)
#: Deepest layer boundary accepted [cm]: 10 m, far below any soil carbon sampling (deep inventories reach
#: 1-3 m), so that only data errors (a typo, ``inf``, ``1e12``) fail.
MAX_DEPTH_CM = 1000.0
#: Composite core sample mass [g]: up to 100 kg (a whole soil monolith), so only data errors fail.
MAX_SAMPLE_MASS_G = 1e5
#: Inner diameter of a coring tube or pit frame [mm]: up to 1 m.
MAX_CORE_DIAMETER_MM = 1000.0
#: Cores composited into one sample [-].
MAX_CORES_PER_SAMPLE = 10_000.0
#: The physical range of every numeric input column: the one place the readers (``fourpermille.io``), the
#: command line and the platform take them from. Values outside, and non-finite values (``inf``,
#: ``1e400``, ``nan`` typed in a cell), are refused naming the row, the column and the range.
PROFILE_RANGES = {
    TOP: PhysicalRange(0.0, MAX_DEPTH_CM, "cm", high_inclusive=False),
    BOTTOM: PhysicalRange(0.0, MAX_DEPTH_CM, "cm", low_inclusive=False),
    SOC: PhysicalRange(*SOC_RANGE, "g C/kg"),
    SOM: PhysicalRange(*SOM_RANGE, "g/kg", high_inclusive=False),
    COARSE: PhysicalRange(0.0, 1.0, "(volume fraction)", high_inclusive=False),
    BULK_DENSITY: PhysicalRange(*BULK_DENSITY_RANGE, "g/cm3"),
    SAMPLE_MASS: PhysicalRange(0.0, MAX_SAMPLE_MASS_G, "g", low_inclusive=False),
    CORE_DIAMETER: PhysicalRange(0.0, MAX_CORE_DIAMETER_MM, "mm", low_inclusive=False),
    CORES: PhysicalRange(1.0, MAX_CORES_PER_SAMPLE),
}
#: SOM / SOC mass ratio used when ``som_g_kg`` is not given: 2 (Pribyl 2010, who finds it closer to
#: measurements than the conventional 1.724).
SOM_PER_SOC = 2.0
#: t/ha per (g/cm3 x cm): 1 g/cm2 = 1e-6 t / 1e-8 ha.
T_HA_PER_G_CM2 = 100.0
#: g/kg -> mass fraction.
KG_PER_G = 1e-3
#: mm per cm (the ``layers`` method works on 1-mm elementary layers).
MM_PER_CM = 10.0
#: How far beyond the mass a profile holds down to its deepest sample an ESM reference mass may reach,
#: as a fraction of that mass [-]. A project rule, set by the crediting standard's own example: VM0042
#: v2.2 Figure 3 (p. 36) takes point 3, which holds 2486 t/ha to 50 cm, to the reference mass 3253 t/ha,
#: 30.9 % beyond; von Haden's protocol sheet needs 10.8 %. Beyond this a stock is mostly extrapolation.
MAX_EXTRAPOLATION_FRACTION = 0.35
#: Tolerance [cm] when checking that layers are contiguous.
DEPTH_TOLERANCE_CM = 1e-9
#: Absolute tolerance [t/ha] when comparing a cumulative mass with a reference mass in ``layers``
#: (SimpleESM compares the running sum rounded to 10 decimals).
LAYERS_MASS_TOLERANCE = 5e-11


# --- per layer ----------------------------------------------------------------------------------------
def layer_soil_mass(bulk_density, thickness, coarse_fraction=0.0):
    """Fine-earth soil mass of a layer [t/ha] (Eq. 1).

    Parameters
    ----------
    bulk_density : float or array [g/cm3]
        Fine-earth bulk density (fine-earth mass over fine-earth volume).
    thickness : float or array [cm]
    coarse_fraction : float or array [-]
        Volume fraction of coarse fragments (> 2 mm).

    Returns
    -------
    float or array [t/ha]: ``BD x T x (1 - CF) x 100``.

    Examples
    --------
    >>> float(layer_soil_mass(1.3, 30.0))
    3900.0
    """
    fine_earth_cm = np.multiply(thickness, np.subtract(1.0, coarse_fraction))
    return np.multiply(bulk_density, fine_earth_cm) * T_HA_PER_G_CM2


def layer_soc_stock(soc, bulk_density, thickness, coarse_fraction=0.0):
    """SOC stock of a layer [t C/ha] (Eq. 2): ``soc x BD x T x (1 - CF) / 10``.

    Parameters
    ----------
    soc : float or array [g C/kg]
    bulk_density : float or array [g/cm3]
    thickness : float or array [cm]
    coarse_fraction : float or array [-]

    Examples
    --------
    >>> round(float(layer_soc_stock(10.0, 1.3, 30.0)), 10)
    39.0
    """
    return layer_soil_mass(bulk_density, thickness, coarse_fraction) * np.multiply(soc, KG_PER_G)


def bulk_density_from_cores(sample_mass, core_diameter, cores, thickness, coarse_fraction=0.0):
    """Fine-earth bulk density [g/cm3] of a composite core sample (VM0042 v2.2 Eq. 3, Eq. 3 above).

    Parameters
    ----------
    sample_mass : float or array [g]
        Oven-dry fine-earth (< 2 mm) mass of the composite sample.
    core_diameter : float or array [mm]
        Inner diameter of the coring tube.
    cores : float or array [-]
        Number of cores composited into the sample.
    thickness : float or array [cm]
        Length of the sampled layer.
    coarse_fraction : float or array [-]
        Volume fraction of coarse fragments in the cores (their volume holds no fine earth).

    Returns
    -------
    float or array [g/cm3]: ``m / (n pi (d/20)^2 T (1 - CF))``.

    Examples
    --------
    >>> round(float(bulk_density_from_cores(1000.0, 50.0, 5, 20.0)), 6)
    0.509296
    """
    radius_cm = np.divide(core_diameter, 2.0 * MM_PER_CM)
    fine_earth_cm = np.multiply(thickness, np.subtract(1.0, coarse_fraction))
    volume = np.multiply(cores, np.pi * radius_cm**2) * fine_earth_cm
    return np.divide(sample_mass, volume)


# --- checking and preparing profiles ------------------------------------------------------------------
@dataclass
class Profiles:
    """Profiles as flat arrays, sorted by profile (first appearance) then depth; layers contiguous.

    ``start[p]:start[p + 1]`` are the layers of profile ``ids[p]``; ``rows`` the input index labels.
    """

    ids: np.ndarray
    start: np.ndarray
    rows: np.ndarray
    top: np.ndarray
    bottom: np.ndarray
    soc: np.ndarray
    bulk_density: np.ndarray
    coarse: np.ndarray
    som: np.ndarray
    soil_mass: np.ndarray
    soc_stock: np.ndarray
    mineral_mass: np.ndarray
    som_mass: np.ndarray

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.start)

    @property
    def last(self) -> np.ndarray:
        """Index of each profile's deepest layer."""
        return self.start[1:] - 1


def check_profiles(profiles: pd.DataFrame) -> pd.DataFrame:
    """Check a profile table and return it with ``bulk_density_g_cm3`` filled in from cores if needed.

    Raises :class:`~fourpermille.errors.InputError` naming the row (index label) and column of the first
    bad value: missing columns or values, non-finite values, values outside their range
    (:data:`PROFILE_RANGES`: depths 0-1000 cm, bulk density 0.1-2.65 g/cm3, SOC 0-600 g/kg, SOM 0-1000
    g/kg, coarse fraction 0-1, core sample mass, diameter and count), ``depth_top_cm >= depth_bottom_cm``,
    and layers of a profile that overlap, leave a gap, or do not start at the surface.

    Parameters
    ----------
    profiles : DataFrame
        Columns ``profile_id, depth_top_cm [cm], depth_bottom_cm [cm], soc_g_kg [g C/kg]`` and either
        ``bulk_density_g_cm3 [g/cm3]`` or ``sample_mass_g [g], core_diameter_mm [mm], cores_per_sample``;
        optional ``coarse_fraction_vol [-]``, ``som_g_kg [g/kg]``.
    """
    return _check(profiles)[0]


def _check(profiles: pd.DataFrame):
    """:func:`check_profiles`, also returning the table sorted by profile and depth, its profile codes
    and identifiers."""
    require_columns(profiles, REQUIRED_COLUMNS, "the profile table")
    table = profiles.copy()
    has_bd = BULK_DENSITY in table
    has_cores = all(c in table for c in CORE_COLUMNS)
    if not (has_bd or has_cores):
        raise InputError(
            f"needs the column '{BULK_DENSITY}' or the columns {', '.join(CORE_COLUMNS)}", column=BULK_DENSITY
        )
    for column in (c for c in NUMERIC_COLUMNS if c in table):
        table[column] = _numeric(table[column], column)
    for column in (TOP, BOTTOM, SOC):
        _no_missing(table, column)
    if table[PROFILE_ID].isna().any():
        row = table[PROFILE_ID].isna().idxmax()
        raise InputError("missing profile identifier", row=_plain(row), column=PROFILE_ID)
    table[PROFILE_ID] = table[PROFILE_ID].astype(str)

    PROFILE_RANGES[TOP].check(table, TOP)
    bad = table[TOP] >= table[BOTTOM]
    if bad.any():
        row = bad.idxmax()
        raise InputError(
            f"depth_bottom_cm ({table.at[row, BOTTOM]:g}) must be greater than depth_top_cm "
            f"({table.at[row, TOP]:g})",
            row=_plain(row),
            column=BOTTOM,
        )
    PROFILE_RANGES[BOTTOM].check(table, BOTTOM)
    PROFILE_RANGES[SOC].check(table, SOC)
    if SOM in table:
        PROFILE_RANGES[SOM].check(table, SOM)
    if COARSE in table:
        PROFILE_RANGES[COARSE].check(table, COARSE)
        table[COARSE] = table[COARSE].fillna(0.0)
    else:
        table[COARSE] = 0.0

    given = table[BULK_DENSITY].notna() if has_bd else pd.Series(False, index=table.index)
    if has_bd:
        PROFILE_RANGES[BULK_DENSITY].check(table, BULK_DENSITY)
    if has_cores:
        for column in CORE_COLUMNS:
            PROFILE_RANGES[column].check(table, column)
        from_cores = bulk_density_from_cores(
            table[SAMPLE_MASS], table[CORE_DIAMETER], table[CORES], table[BOTTOM] - table[TOP], table[COARSE]
        )
        table[BULK_DENSITY] = table[BULK_DENSITY].fillna(from_cores) if has_bd else from_cores
    if table[BULK_DENSITY].isna().any():
        row = table[BULK_DENSITY].isna().idxmax()
        where = f"'{BULK_DENSITY}'" + (f" or {', '.join(CORE_COLUMNS)}" if has_cores else "")
        raise InputError(f"missing bulk density: give {where}", row=_plain(row), column=BULK_DENSITY)
    _check_bulk_density(table, given)
    ordered = _sort_profiles(table)
    _check_contiguous(*ordered)
    return table, ordered


def _check_bulk_density(table, given):
    """The densities derived from cores, against the same range as the given ones."""
    low, high = BULK_DENSITY_RANGE
    values = table[BULK_DENSITY]
    bad = (values < low) | (values > high)
    if bad.any():
        row = bad.idxmax()
        column = BULK_DENSITY if given[row] else SAMPLE_MASS
        how = "" if given[row] else " (from the core sample mass, diameter and count)"
        raise InputError(
            f"bulk density {values[row]:.4g} g/cm3{how} is outside the allowed range "
            f"[{low:g}, {high:g}] g/cm3",
            row=_plain(row),
            column=column,
        )


def _check_contiguous(t: pd.DataFrame, codes: np.ndarray, ids) -> None:
    same = codes[1:] == codes[:-1]
    tops, bottoms = t[TOP].to_numpy(float), t[BOTTOM].to_numpy(float)
    first = np.r_[True, ~same]
    bad_first = first & (tops > DEPTH_TOLERANCE_CM)
    if bad_first.any():
        i = int(np.argmax(bad_first))
        raise InputError(
            f"profile '{ids[codes[i]]}' starts at {tops[i]:g} cm: the first layer must start at the "
            "surface (0 cm)",
            row=_plain(t.index[i]),
            column=TOP,
        )
    step = tops[1:] - bottoms[:-1]
    gap = same & (step > DEPTH_TOLERANCE_CM)
    overlap = same & (step < -DEPTH_TOLERANCE_CM)
    for bad, word in ((overlap, "overlaps"), (gap, "leaves a gap after")):
        if bad.any():
            i = int(np.argmax(bad)) + 1
            raise InputError(
                f"layer {tops[i]:g}-{bottoms[i]:g} cm of profile '{ids[codes[i]]}' {word} the layer "
                f"above it ({tops[i - 1]:g}-{bottoms[i - 1]:g} cm); layers must be contiguous",
                row=_plain(t.index[i]),
                column=TOP,
            )


def _sort_profiles(table: pd.DataFrame):
    """(table sorted by profile, in order of first appearance, then depth; its profile codes; the ids).
    A table already in that order (the usual file) is not copied."""
    codes, ids = pd.factorize(table[PROFILE_ID])
    top = table[TOP].to_numpy(float)
    step = np.diff(codes)
    if np.all((step == 1) | ((step == 0) & (np.diff(top) > 0))):
        return table, codes, ids
    order = np.lexsort((top, codes))
    return table.iloc[order], codes[order], ids


def prepare_profiles(profiles: pd.DataFrame, checked: bool = False) -> Profiles:
    """Check (unless ``checked``) and flatten a profile table into :class:`Profiles` with Eq. 1-3 applied."""
    table, codes, ids = _sort_profiles(profiles) if checked else _check(profiles)[1]
    start = np.r_[0, np.flatnonzero(np.diff(codes)) + 1, len(codes)]
    top = table[TOP].to_numpy(float)
    bottom = table[BOTTOM].to_numpy(float)
    soc = table[SOC].to_numpy(float)
    bd = table[BULK_DENSITY].to_numpy(float)
    coarse = table[COARSE].to_numpy(float)
    som = table[SOM].to_numpy(float) if SOM in table else np.full_like(soc, np.nan)
    som = np.where(np.isnan(som), SOM_PER_SOC * soc, som)
    soil_mass = layer_soil_mass(bd, bottom - top, coarse)
    som_mass = soil_mass * som * KG_PER_G
    return Profiles(
        ids=np.asarray(ids, dtype=object),
        start=start,
        rows=table.index.to_numpy(),
        top=top,
        bottom=bottom,
        soc=soc,
        bulk_density=bd,
        coarse=coarse,
        som=som,
        soil_mass=soil_mass,
        soc_stock=soil_mass * soc * KG_PER_G,
        mineral_mass=soil_mass - som_mass,
        som_mass=som_mass,
    )


# --- fixed depth --------------------------------------------------------------------------------------
#: What a fixed-depth stock may do with a profile that ends above the reporting depth.
SHALLOW_RULES = ("raise", "exclude")
#: The rule for profiles that do not reach the reporting depth, wherever stocks of a set of profiles are
#: reported (the platform's site pages, dashboards, API and downloads, through
#: :func:`reporting_depth_stocks`): **exclude**. Such a profile gets no stock at that depth and is left
#: out of every mean, and the user is told which profiles were left out and why. It is not
#: extrapolated, and its shallower stock is not mixed with the others, because:
#:
#: - SOC concentration usually falls with depth, so carrying the deepest layer down to the reporting
#:   depth would overstate the stock by an amount the data cannot bound;
#: - a 0-20 cm stock is a different soil volume from a 0-30 cm stock: averaging the two (as the platform
#:   once did, reporting the mean under "0-30 cm") gives a number that describes neither;
#: - the 4 per 1000 initiative and IPCC Tier 1 account the top 30 cm (the Tier 1 reference stocks are
#:   0-30 cm stocks: 2019 Refinement, Vol. 4, Ch. 2, Table 2.3 (Updated), p. 2.35), so a profile must be
#:   sampled at least that deep to count towards a 0-30 cm figure.
#:
#: A single computation asked for by name (``compute_stocks``, the command line) keeps ``shallow='raise'``
#: by default: there the caller chose the depth and is told which profile is too shallow.
SHALLOW_RULE = "exclude"
#: Status of a profile in :func:`reporting_depth_stocks`.
STATUS_INCLUDED, STATUS_SHALLOW = "included", "shallow"
REPORTING_COLUMNS = [
    PROFILE_ID,
    "depth_cm",
    "sampled_depth_cm",
    "reaches_depth",
    "status",
    "soil_mass_t_ha",
    "soc_stock_t_ha",
]


def reporting_depth_stocks(
    profiles: pd.DataFrame | Profiles, depth_cm: float = DEFAULT_DEPTH_CM
) -> pd.DataFrame:
    """Stock of every profile from the surface to the reporting depth, under :data:`SHALLOW_RULE`.

    One vectorised call for any number of profiles: what the platform stores per profile when
    measurements are uploaded, and what every page, API and download aggregates.

    Parameters
    ----------
    profiles : DataFrame or Profiles
        See :func:`check_profiles`.
    depth_cm : float [cm]
        Reporting depth (default 30 cm).

    Returns
    -------
    DataFrame, one row per profile (in order of first appearance): ``profile_id``, ``depth_cm [cm]`` (the
    reporting depth), ``sampled_depth_cm [cm]`` (bottom of the deepest layer), ``reaches_depth`` (bool),
    ``status`` (``'included'``, or ``'shallow'``: excluded, see :data:`SHALLOW_RULE`),
    ``soil_mass_t_ha [t/ha]`` and ``soc_stock_t_ha [t C/ha]`` (0 to ``depth_cm``; NaN when excluded).
    Equal to ``compute_stocks(profiles, depth_cm, shallow='exclude')`` profile by profile.

    Examples
    --------
    >>> table = pd.DataFrame({"profile_id": ["P1", "P2"], "depth_top_cm": [0, 0], "depth_bottom_cm": [20, 30],
    ...                       "soc_g_kg": [15.0, 15.0], "bulk_density_g_cm3": [1.2, 1.2]})
    >>> reporting_depth_stocks(table)[["profile_id", "status", "soc_stock_t_ha"]].to_dict("records")
    [{'profile_id': 'P1', 'status': 'shallow', 'soc_stock_t_ha': nan}, \
{'profile_id': 'P2', 'status': 'included', 'soc_stock_t_ha': 54.0}]
    """
    prof = profiles if isinstance(profiles, Profiles) else prepare_profiles(profiles)
    depth = float(_reporting_depths(depth_cm)[0]) if np.ndim(depth_cm) == 0 else None
    if depth is None:
        raise ParameterError(f"depth_cm must be one reporting depth [cm]; got {depth_cm!r}")
    result = fixed_depth_stocks(prof, depth, shallow=SHALLOW_RULE)
    sampled = prof.bottom[prof.last]
    reaches = sampled >= depth - DEPTH_TOLERANCE_CM
    return pd.DataFrame(
        {
            PROFILE_ID: prof.ids,
            "depth_cm": depth,
            "sampled_depth_cm": sampled,
            "reaches_depth": reaches,
            "status": np.where(reaches, STATUS_INCLUDED, STATUS_SHALLOW),
            "soil_mass_t_ha": result["soil_mass_t_ha"].to_numpy(),
            "soc_stock_t_ha": result["soc_stock_t_ha"].to_numpy(),
        }
    )


def cumulative_at_depths(prof: Profiles, values: np.ndarray, depths) -> np.ndarray:
    """Cumulative sum of a per-layer quantity down to each depth, layers split in proportion to thickness.

    Parameters
    ----------
    prof : Profiles
    values : array (n layers) [any mass per area]
    depths : sequence of float [cm]

    Returns
    -------
    array (n profiles, n depths); NaN where a profile does not reach the depth.
    """
    depths = np.asarray(depths, dtype=float)
    share = np.clip((depths[None, :] - prof.top[:, None]) / (prof.bottom - prof.top)[:, None], 0.0, 1.0)
    out = np.add.reduceat(values[:, None] * share, prof.start[:-1], axis=0)
    reached = prof.bottom[prof.last][:, None] >= depths[None, :] - DEPTH_TOLERANCE_CM
    return np.where(reached, out, np.nan)


def fixed_depth_stocks(
    profiles: pd.DataFrame | Profiles,
    depth_cm=DEFAULT_DEPTH_CM,
    cumulative: bool = False,
    shallow: str = "raise",
) -> pd.DataFrame:
    """SOC stocks and soil masses to fixed depths (Eq. 1-2), one row per profile and reporting layer.

    Parameters
    ----------
    profiles : DataFrame or Profiles
        See :func:`check_profiles`.
    depth_cm : float or sequence of float [cm]
        Reporting depths, increasing: 30 gives the layer 0-30 cm; [10, 30] gives 0-10 and 10-30 cm
        (0-10 and 0-30 cm when ``cumulative``).
    cumulative : bool
        Report stocks from the surface down to each depth instead of per reporting layer.
    shallow : {'raise', 'exclude'}
        What to do with a profile whose deepest sample ends above a reporting depth (see
        :data:`SHALLOW_RULE`): 'raise' an InputError, or 'exclude' it (NaN stock and mass for the
        reporting layers it does not reach; never extrapolated).

    Returns
    -------
    DataFrame with ``profile_id, depth_top_cm [cm], depth_bottom_cm [cm], soil_mass_t_ha [t/ha],
    soc_stock_t_ha [t C/ha]``.

    Raises
    ------
    InputError
        With ``shallow='raise'``, a profile shallower than the deepest reporting depth (names its deepest
        row).
    """
    check_choice("shallow", shallow, SHALLOW_RULES)
    prof = profiles if isinstance(profiles, Profiles) else prepare_profiles(profiles)
    depths = _reporting_depths(depth_cm)
    if shallow == "raise":
        _require_depth(prof, depths[-1])
    mass = cumulative_at_depths(prof, prof.soil_mass, depths)
    soc = cumulative_at_depths(prof, prof.soc_stock, depths)
    tops = np.zeros_like(depths) if cumulative else np.r_[0.0, depths[:-1]]
    if not cumulative:
        mass = np.diff(mass, axis=1, prepend=0.0)
        soc = np.diff(soc, axis=1, prepend=0.0)
    k = len(depths)
    return pd.DataFrame(
        {
            PROFILE_ID: np.repeat(prof.ids, k),
            TOP: np.tile(tops, prof.n),
            BOTTOM: np.tile(depths, prof.n),
            "soil_mass_t_ha": mass.ravel(),
            "soc_stock_t_ha": soc.ravel(),
        }
    )


def _reporting_depths(depth_cm) -> np.ndarray:
    depths = np.atleast_1d(np.asarray(depth_cm, dtype=float))
    if depths.ndim != 1 or len(depths) == 0 or not np.all(np.isfinite(depths)) or np.any(depths <= 0):
        raise ParameterError(f"depth_cm must be one or more positive depths [cm]; got {depth_cm!r}")
    if np.any(np.diff(depths) <= 0):
        raise ParameterError(f"reporting depths must increase; got {', '.join(f'{d:g}' for d in depths)}")
    return depths


def _require_depth(prof: Profiles, depth: float) -> None:
    deepest = prof.bottom[prof.last]
    short = deepest < depth - DEPTH_TOLERANCE_CM
    if short.any():
        p = int(np.argmax(short))
        raise InputError(
            f"profile '{prof.ids[p]}' ends at {deepest[p]:g} cm; it cannot be reported to {depth:g} cm "
            "(sample deeper or ask for a shallower --depth-cm)",
            row=_plain(prof.rows[prof.last[p]]),
            column=BOTTOM,
        )


# --- reference masses ---------------------------------------------------------------------------------
def reference_masses(
    profiles: pd.DataFrame | Profiles, depth_cm=DEFAULT_DEPTH_CM, how: str = "lightest", mineral: bool = False
) -> np.ndarray:
    """Reference cumulative soil masses [t/ha] at the reporting depths, from a set of profiles.

    Parameters
    ----------
    profiles : DataFrame or Profiles
        Reference profiles (e.g. the baseline sampling, or all profiles of a comparison).
    depth_cm : float or sequence [cm]
    how : {'lightest', 'mean'}
        ``lightest``: the masses of the profile with the least soil mass down to the deepest reporting
        depth (so that no profile needs extrapolating; SimpleESM's "auto" option). ``mean``: the mean
        cumulative mass over the profiles at each depth (von Haden et al. 2020 reference cores).
    mineral : bool
        Cumulative mineral soil mass (for ``mineral-hyman``) instead of total soil mass.

    Returns
    -------
    array [t/ha], one cumulative mass per reporting depth.
    """
    check_choice("how", how, ("lightest", "mean"))
    prof = profiles if isinstance(profiles, Profiles) else prepare_profiles(profiles)
    depths = _reporting_depths(depth_cm)
    _require_depth(prof, depths[-1])
    cum = cumulative_at_depths(prof, prof.mineral_mass if mineral else prof.soil_mass, depths)
    if how == "mean":
        return cum.mean(axis=0)
    return cum[int(np.argmin(cum[:, -1]))]


# --- splines (batched over profiles with the same number of knots) ------------------------------------
def _spline_derivatives(x: np.ndarray, y: np.ndarray, kind: str) -> tuple[np.ndarray, np.ndarray]:
    """Knot derivatives ``b`` (P, n) and second-derivative/6 ``sigma`` of a cubic spline through (x, y).

    ``kind``: 'natural' (zero curvature at both ends) or 'fmm' (Forsythe, Malcolm & Moler: the third
    derivative at each end matches that of the cubic through the four end points; a parabola through
    three points). Rows are independent profiles.
    """
    n = x.shape[1]
    h = np.diff(x, axis=1)
    s = np.diff(y, axis=1) / h
    if n == 2:
        return np.repeat(s, 2, axis=1), np.zeros_like(x)
    # tridiagonal system in sigma = S''/6: sub[i] sigma[i-1] + diag[i] sigma[i] + sup[i] sigma[i+1] = rhs[i]
    diag = np.empty_like(x)
    sub = np.zeros_like(x)
    sup = np.zeros_like(x)
    rhs = np.zeros_like(x)
    diag[:, 1:-1] = 2.0 * (h[:, :-1] + h[:, 1:])
    sub[:, 1:-1] = h[:, :-1]
    sup[:, 1:-1] = h[:, 1:]
    rhs[:, 1:-1] = s[:, 1:] - s[:, :-1]
    if kind == "natural":
        diag[:, 0] = diag[:, -1] = 1.0
    else:
        diag[:, 0], sup[:, 0] = -h[:, 0], h[:, 0]
        diag[:, -1], sub[:, -1] = -h[:, -1], h[:, -1]
        if n > 3:
            d3_first = (rhs[:, 2] / (x[:, 3] - x[:, 1]) - rhs[:, 1] / (x[:, 2] - x[:, 0])) / (
                x[:, 3] - x[:, 0]
            )
            d3_last = (rhs[:, -2] / (x[:, -1] - x[:, -3]) - rhs[:, -3] / (x[:, -2] - x[:, -4])) / (
                x[:, -1] - x[:, -4]
            )
            rhs[:, 0] = d3_first * h[:, 0] ** 2
            rhs[:, -1] = -d3_last * h[:, -1] ** 2
    sigma = _solve_tridiagonal(sub, diag, sup, rhs)
    b = np.empty_like(x)
    b[:, :-1] = s - h * (sigma[:, 1:] + 2.0 * sigma[:, :-1])
    b[:, -1] = s[:, -1] + h[:, -1] * (sigma[:, -2] + 2.0 * sigma[:, -1])
    return b, sigma


def _solve_tridiagonal(sub, diag, sup, rhs):
    """Thomas algorithm along axis 1, vectorised over rows."""
    n = diag.shape[1]
    diag = diag.copy()
    rhs = rhs.copy()
    for i in range(1, n):
        t = sub[:, i] / diag[:, i - 1]
        diag[:, i] -= t * sup[:, i - 1]
        rhs[:, i] -= t * rhs[:, i - 1]
    out = np.empty_like(rhs)
    out[:, -1] = rhs[:, -1] / diag[:, -1]
    for i in range(n - 2, -1, -1):
        out[:, i] = (rhs[:, i] - sup[:, i] * out[:, i + 1]) / diag[:, i]
    return out


def _hyman_filter(x: np.ndarray, y: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Limit knot derivatives so that the Hermite cubic is monotone (Hyman 1983, Eq. 2.3-2.4)."""
    s = np.diff(y, axis=1) / np.diff(x, axis=1)
    left = np.concatenate([s[:, :1], s], axis=1)
    right = np.concatenate([s, s[:, -1:]], axis=1)
    bound = 3.0 * np.minimum(np.abs(left), np.abs(right))
    sign = np.where(left * right > 0, right, b)
    up = sign >= 0
    return np.where(up, np.minimum(np.maximum(0.0, b), bound), np.maximum(np.minimum(0.0, b), -bound))


def _evaluate(x, y, xq, kind: str) -> np.ndarray:
    """Evaluate, row by row, the spline ``kind`` through (x, y) at ``xq`` (P, m).

    'natural': natural cubic spline; beyond the last knot its last cubic continues, as in the Wendt &
    Hauser (2013) spreadsheet (VM0042 v2.2 Figure 3; R's ``stats::spline`` would continue linearly).
    'hyman': FMM spline with Hyman-filtered derivatives, evaluated as a cubic Hermite; beyond the last
    knot the last cubic continues (as R).
    """
    if kind == "natural":
        b, sigma = _spline_derivatives(x, y, "natural")
    else:
        b, _ = _spline_derivatives(x, y, "fmm")
        b = _hyman_filter(x, y, b)
    n = x.shape[1]
    i = np.clip((xq[:, :, None] >= x[:, None, :]).sum(axis=2) - 1, 0, n - 2)
    take = np.take_along_axis
    x0, x1 = take(x, i, 1), take(x, i + 1, 1)
    y0, y1 = take(y, i, 1), take(y, i + 1, 1)
    h = x1 - x0
    s = (y1 - y0) / h
    dx = xq - x0
    if kind == "natural":
        s0, s1 = take(sigma, i, 1), take(sigma, i + 1, 1)
        bi = take(b, i, 1)
        return y0 + dx * (bi + dx * (3.0 * s0 + dx * (s1 - s0) / h))
    b0, b1 = take(b, i, 1), take(b, i + 1, 1)
    c = (3.0 * s - 2.0 * b0 - b1) / h
    d = (b0 + b1 - 2.0 * s) / h**2
    return y0 + dx * (b0 + dx * (c + dx * d))


def _by_knot_count(counts: np.ndarray):
    for n in np.unique(counts):
        yield int(n), np.flatnonzero(counts == n)


def _knots(prof: Profiles, values: np.ndarray, members: np.ndarray, n: int) -> np.ndarray:
    """(len(members), n + 1) cumulative values from the origin for profiles with ``n`` layers."""
    idx = prof.start[members][:, None] + np.arange(n)[None, :]
    return np.concatenate([np.zeros((len(members), 1)), np.cumsum(values[idx], axis=1)], axis=1)


# --- equivalent soil mass -----------------------------------------------------------------------------
def esm_stocks(
    profiles: pd.DataFrame | Profiles,
    ref_mass_t_ha,
    esm_method: str = "spline",
    cumulative: bool = False,
    max_extrapolation: float = MAX_EXTRAPOLATION_FRACTION,
) -> pd.DataFrame:
    """SOC stocks at equivalent soil mass, one row per profile and reference mass.

    Parameters
    ----------
    profiles : DataFrame or Profiles
        See :func:`check_profiles`.
    ref_mass_t_ha : sequence of float, or mapping profile_id -> sequence [t/ha]
        Increasing cumulative reference soil masses from the surface (mineral soil masses for
        ``mineral-hyman``), shared by all profiles or given per profile.
    esm_method : {'spline', 'mineral-hyman', 'hyman', 'layers'}
        See the module notes.
    cumulative : bool
        Report cumulative stocks from the surface (else per layer between successive reference masses).
    max_extrapolation : float [-]
        How far a reference mass may exceed the mass the profile holds down to its deepest sample, as a
        fraction of that mass.

    Returns
    -------
    DataFrame with ``profile_id``, ``ref_mass_t_ha [t/ha]`` (the cumulative reference mass at the bottom
    of the reporting layer), ``soil_mass_t_ha [t/ha]`` (soil mass of the layer, or cumulative),
    ``soc_stock_t_ha [t C/ha]``, ``equivalent_depth_cm [cm]`` (depth at which the profile holds the
    reference mass).

    Raises
    ------
    InputError
        A reference mass beyond what a profile can be extrapolated to (names its deepest row).
    ParameterError
        Reference masses not positive and increasing; unknown method.
    """
    check_choice("esm_method", esm_method, ESM_METHODS)
    if not np.isfinite(max_extrapolation) or max_extrapolation < 0:
        raise ParameterError(f"max_extrapolation must be a fraction >= 0; got {max_extrapolation:g}")
    prof = profiles if isinstance(profiles, Profiles) else prepare_profiles(profiles)
    refs = _reference_table(prof, ref_mass_t_ha)
    mineral = esm_method == "mineral-hyman"
    basis = prof.mineral_mass if mineral else prof.soil_mass
    _check_extrapolation(prof, basis, refs, max_extrapolation, mineral)

    if esm_method == "layers":
        soil, soc, depth = _esm_layers(prof, refs)
    else:
        soil = np.empty_like(refs)
        soc = np.empty_like(refs)
        kind = "natural" if esm_method == "spline" else "hyman"
        for n, members in _by_knot_count(prof.counts):
            x = _knots(prof, basis, members, n)
            soc[members] = _evaluate(x, _knots(prof, prof.soc_stock, members, n), refs[members], kind)
            if mineral:
                som = _evaluate(x, _knots(prof, prof.som_mass, members, n), refs[members], kind)
                soil[members] = refs[members] + som
            else:
                soil[members] = refs[members]
        depth = _depth_at_mass(prof, basis, refs, spline=esm_method == "spline")

    if not cumulative:
        soil = np.diff(soil, axis=1, prepend=0.0)
        soc = np.diff(soc, axis=1, prepend=0.0)
    k = refs.shape[1]
    keep = ~np.isnan(refs).ravel()
    return pd.DataFrame(
        {
            PROFILE_ID: np.repeat(prof.ids, k),
            "ref_mass_t_ha": refs.ravel(),
            "soil_mass_t_ha": soil.ravel(),
            "soc_stock_t_ha": soc.ravel(),
            "equivalent_depth_cm": depth.ravel(),
        }
    )[keep].reset_index(drop=True)


def _reference_table(prof: Profiles, ref_mass_t_ha) -> np.ndarray:
    """(n profiles, k) reference masses, NaN-padded where per-profile lists differ in length."""
    if isinstance(ref_mass_t_ha, Mapping) or isinstance(ref_mass_t_ha, pd.Series):
        lists = []
        for pid in prof.ids:
            if pid not in ref_mass_t_ha:
                raise ParameterError(f"no reference masses for profile '{pid}'")
            lists.append(_check_ref(ref_mass_t_ha[pid]))
        k = max(len(v) for v in lists)
        out = np.full((prof.n, k), np.nan)
        for p, v in enumerate(lists):
            out[p, : len(v)] = v
        return out
    return np.tile(_check_ref(ref_mass_t_ha), (prof.n, 1))


def _check_ref(values) -> np.ndarray:
    if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray | pd.Series):
        values = [values]
    ref = np.asarray(values, dtype=float).ravel()
    if len(ref) == 0 or not np.all(np.isfinite(ref)) or np.any(ref <= 0) or np.any(np.diff(ref) <= 0):
        raise ParameterError(
            f"reference masses must be positive and increasing cumulative masses [t/ha]; got "
            f"{', '.join(f'{v:g}' for v in ref) or 'none'}"
        )
    return ref


def _check_extrapolation(prof, basis, refs, max_extrapolation, mineral):
    total = np.add.reduceat(basis, prof.start[:-1])
    limit = total * (1.0 + max_extrapolation)
    over = np.nan_to_num(refs, nan=-np.inf) > limit[:, None]
    if over.any():
        p = int(np.argmax(over.any(axis=1)))
        r = refs[p][over[p]][0]
        what = "mineral soil mass" if mineral else "soil mass"
        raise InputError(
            f"reference {what} {r:g} t/ha is beyond what profile '{prof.ids[p]}' can be extrapolated to: it "
            f"holds {total[p]:.6g} t/ha down to {prof.bottom[prof.last[p]]:g} cm and may be extrapolated by "
            f"{max_extrapolation:.0%} (to {limit[p]:.6g} t/ha); sample deeper or give smaller reference "
            "masses",
            row=_plain(prof.rows[prof.last[p]]),
            column=BOTTOM,
        )


def _depth_at_mass(prof: Profiles, basis: np.ndarray, refs: np.ndarray, spline: bool = False) -> np.ndarray:
    """Depth [cm] at which each profile holds each reference mass.

    With ``spline``, a natural cubic spline of depth on cumulative mass through the surface, as the
    Wendt & Hauser (2013) spreadsheet computes its "depth to ref mass" (VM0042 v2.2 Figure 3, column K).
    Otherwise the mass grows linearly within a layer and, below the deepest sample, at the deepest
    layer's rate.
    """
    depth = np.empty_like(refs)
    for n, members in _by_knot_count(prof.counts):
        x = _knots(prof, basis, members, n)
        idx = prof.start[members][:, None] + np.arange(n)[None, :]
        z = np.concatenate([prof.top[idx[:, :1]], prof.bottom[idx]], axis=1)
        q = refs[members]
        if spline:
            depth[members] = _evaluate(x, z, q, "natural")
            continue
        i = np.clip((q[:, :, None] >= x[:, None, :]).sum(axis=2) - 1, 0, n - 1)
        x0 = np.take_along_axis(x, i, 1)
        x1 = np.take_along_axis(x, i + 1, 1)
        z0 = np.take_along_axis(z, i, 1)
        z1 = np.take_along_axis(z, i + 1, 1)
        depth[members] = z0 + (q - x0) * (z1 - z0) / (x1 - x0)
    return depth


def _esm_layers(prof: Profiles, refs: np.ndarray):
    """SimpleESM: whole-mm accumulation while the cumulative mass stays <= the reference."""
    top_mm = np.round(prof.top * MM_PER_CM)
    bottom_mm = np.round(prof.bottom * MM_PER_CM)
    rate = prof.bulk_density * (1.0 - prof.coarse) * T_HA_PER_G_CM2 / MM_PER_CM  # t/ha per mm
    soil = np.empty_like(refs)
    soc = np.empty_like(refs)
    depth = np.empty_like(refs)
    for n, members in _by_knot_count(prof.counts):
        idx = prof.start[members][:, None] + np.arange(n)[None, :]
        thick = bottom_mm[idx] - top_mm[idx]
        r = rate[idx]
        c = prof.soc[idx] * KG_PER_G
        zero = np.zeros((len(members), 1))
        mass_at = np.concatenate([zero, np.cumsum(r * thick, axis=1)], axis=1)
        soc_at = np.concatenate([zero, np.cumsum(r * c * thick, axis=1)], axis=1)
        z_at = np.concatenate([top_mm[idx[:, :1]], bottom_mm[idx]], axis=1)
        q = refs[members]
        # layer holding the reference: the first whose bottom mass exceeds it; the deepest continues down
        k = np.clip((q[:, :, None] + LAYERS_MASS_TOLERANCE >= mass_at[:, None, 1:]).sum(axis=2), 0, n - 1)
        m0 = np.take_along_axis(mass_at, k, 1)
        rk = np.take_along_axis(r, k, 1)
        steps = np.floor((q - m0) / rk)
        # the closed form may miss the whole-mm count by one where the reference sits on a mm boundary
        steps = np.where(m0 + (steps + 1.0) * rk <= q + LAYERS_MASS_TOLERANCE, steps + 1.0, steps)
        steps = np.where(m0 + steps * rk > q + LAYERS_MASS_TOLERANCE, steps - 1.0, steps)
        soil[members] = m0 + steps * rk
        soc[members] = np.take_along_axis(soc_at, k, 1) + steps * rk * np.take_along_axis(c, k, 1)
        depth[members] = (np.take_along_axis(z_at, k, 1) + steps) / MM_PER_CM
    return soil, soc, depth


# --- the public entry point ---------------------------------------------------------------------------
def compute_stocks(
    profiles: pd.DataFrame,
    depth_cm=DEFAULT_DEPTH_CM,
    method: str = "fixed",
    esm_method: str = "spline",
    ref_mass_t_ha=None,
    cumulative: bool = False,
    reference_profiles: pd.DataFrame | None = None,
    max_extrapolation: float = MAX_EXTRAPOLATION_FRACTION,
    shallow: str = "raise",
) -> pd.DataFrame:
    """SOC stocks of soil profiles at fixed depth or at equivalent soil mass.

    Parameters
    ----------
    profiles : DataFrame
        Layers of one or more profiles (see :func:`check_profiles`); index labels name rows in errors.
    depth_cm : float or sequence of float [cm]
        Reporting depth(s) for ``fixed``; for ``esm`` without ``ref_mass_t_ha``, the depths at which the
        reference masses are taken.
    method : {'fixed', 'esm'}
    esm_method : {'spline', 'mineral-hyman', 'hyman', 'layers'}
    ref_mass_t_ha : sequence of float [t/ha], mapping profile_id -> sequence, or None
        Cumulative reference soil masses (mineral masses for ``mineral-hyman``). None: the masses at
        ``depth_cm`` of the mean of ``reference_profiles`` if given, else of the lightest profile.
    cumulative : bool
        Cumulative stocks from the surface instead of per reporting layer.
    reference_profiles : DataFrame, optional
        Profiles whose mean cumulative masses at ``depth_cm`` are the reference masses.
    max_extrapolation : float [-]
        ESM only: see :func:`esm_stocks`.
    shallow : {'raise', 'exclude'}
        Fixed depth only: profiles that end above the reporting depth raise an InputError, or are
        excluded (NaN stock); see :data:`SHALLOW_RULE` for the rule the platform applies.

    Returns
    -------
    DataFrame, one row per profile and reporting layer: ``profile_id, depth_top_cm, depth_bottom_cm,
    soil_mass_t_ha, soc_stock_t_ha`` (fixed) or ``profile_id, ref_mass_t_ha, soil_mass_t_ha,
    soc_stock_t_ha, equivalent_depth_cm`` (ESM).

    Examples
    --------
    >>> table = pd.DataFrame({"profile_id": ["a", "a"], "depth_top_cm": [0, 20], "depth_bottom_cm": [20, 40],
    ...                       "soc_g_kg": [15.0, 10.0], "bulk_density_g_cm3": [1.2, 1.4]})
    >>> compute_stocks(table).round(3).to_dict("records")
    [{'profile_id': 'a', 'depth_top_cm': 0.0, 'depth_bottom_cm': 30.0, 'soil_mass_t_ha': 3800.0, \
'soc_stock_t_ha': 50.0}]
    """
    check_choice("method", method, METHODS)
    check_choice("esm_method", esm_method, ESM_METHODS)
    prof = prepare_profiles(profiles)
    check_choice("shallow", shallow, SHALLOW_RULES)
    if method == "fixed":
        return fixed_depth_stocks(prof, depth_cm, cumulative, shallow)
    if ref_mass_t_ha is None:
        mineral = esm_method == "mineral-hyman"
        if reference_profiles is not None:
            ref_mass_t_ha = reference_masses(reference_profiles, depth_cm, "mean", mineral)
        else:
            ref_mass_t_ha = reference_masses(prof, depth_cm, "lightest", mineral)
    return esm_stocks(prof, ref_mass_t_ha, esm_method, cumulative, max_extrapolation)


# --- helpers ------------------------------------------------------------------------------------------
def _numeric(values: pd.Series, column: str) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    converted = pd.to_numeric(values, errors="coerce")
    bad = converted.isna() & values.notna() & (values.astype(str).str.strip() != "")
    if bad.any():
        row = bad.idxmax()
        raise InputError(f"'{values[row]}' is not a number", row=_plain(row), column=column)
    return converted.astype(float)


def _no_missing(table: pd.DataFrame, column: str) -> None:
    missing = table[column].isna()
    if missing.any():
        raise InputError("missing value", row=_plain(missing.idxmax()), column=column)


def _plain(label):
    return label.item() if hasattr(label, "item") else label
