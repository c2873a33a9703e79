"""N2O from managed soils, IPCC 2019 Refinement Vol 4 Ch 11 Tier 1: direct and indirect emissions.

Nitrogen added to or mineralised in a managed mineral soil, per hectare and year [kg N/ha/yr]:

- ``F_SN`` synthetic fertiliser N, ``F_ON`` organic N (manure, compost, sewage sludge, other amendments),
  ``F_CR`` N in crop residues returned to the soil (above and below ground), ``F_SOM`` N mineralised with
  the loss of soil organic carbon, ``F_PRP`` urine and dung N deposited on pasture by grazing animals
  (``CPP``: cattle, poultry, pigs; ``SO``: sheep and other animals).

Direct N2O-N (Eq. 11.1, mineral soils, without the organic-soil term) [kg N2O-N/ha/yr]::

    N2O_direct-N = (F_SN x EF1_SN + (F_ON + F_CR + F_SOM) x EF1_other)     (upland fields)
                   + (F_SN + F_ON + F_CR + F_SOM)_FR x EF1FR               (flooded rice)
                   + F_PRP,CPP x EF3PRP,CPP + F_PRP,SO x EF3PRP,SO                          (11.1)

With the aggregated factors EF1_SN = EF1_other = EF1; with the climate-disaggregated ones (Table 11.1
(Updated)) wet climates split synthetic (0.016) from other N (0.006) and dry climates use one value.

Indirect N2O-N (Eq. 11.9 volatilisation and re-deposition, Eq. 11.10 leaching and runoff)::

    N2O_ATD-N = (F_SN x Frac_GASF + (F_ON + F_PRP) x Frac_GASM) x EF4                      (11.9)
    N2O_L-N   = (F_SN + F_ON + F_PRP + F_CR + F_SOM) x Frac_LEACH-(H) x EF5                (11.10)

with Frac_GASF by fertiliser type where given (Table 11.3 (Updated)). N2O = N2O-N x 44/28.

Crop residue N (Eq. 11.6 with Frac_Renew = 1 and no burning; Eq. 11.7 and the ratios of Table 11.1a)::

    Crop   = Yield_fresh x DRY                                   [t d.m./ha]               (11.7)
    AG_DM  = Crop x R_AG                                         [t d.m./ha]
    F_CR   = 1000 (AG_DM x N_AG x (1 - Frac_Remove) + (AG_DM + Crop) x RS x N_BG)           (11.6)

N mineralised with a loss of soil carbon (Eq. 11.8) [kg N/ha/yr]::

    F_SOM = max(-dC_mineral, 0) x 1000 / R

with ``dC_mineral`` the yearly change of the mineral-soil stock [t C/ha/yr] and R the C:N ratio of soil
organic matter (default 15 for land-use change to cropland, 10 for management change on cropland; 2006
Guidelines, notes to Eq. 11.8). A gain of soil carbon gives no credit here (the method counts losses only).

Every function takes floats or numpy arrays (Monte Carlo draws broadcast).

References
----------
IPCC (2019) 2019 Refinement to the 2006 IPCC Guidelines for National Greenhouse Gas Inventories, Vol 4 Ch 11
(N2O emissions from managed soils), Eq. 11.1, 11.6, 11.7, 11.8, 11.9, 11.10; Tables 11.1, 11.1a, 11.3
(Updated). https://www.ipcc-nggip.iges.or.jp/public/2019rf/vol4.html

Examples
--------
>>> f = n2o_factors()  # aggregated defaults
>>> round(float(direct_n2o_n(NitrogenInputs(synthetic_n_kg_ha=100.0), f).total), 3)
1.0
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from fourpermille.errors import ParameterError
from fourpermille.ghg import tables

#: Molar mass ratio N2O / N2O-N (44/28), IPCC 2019 Vol 4 Ch 11 (conversion of N2O-N to N2O).
N2O_PER_N2O_N = 44.0 / 28.0
#: kg per t.
KG_PER_T = 1000.0


@dataclass(frozen=True)
class NitrogenInputs:
    """Yearly nitrogen inputs of one hectare [kg N/ha/yr] (names of Ch 11).

    ``synthetic_n_by_type`` splits ``synthetic_n_kg_ha`` by fertiliser type for Frac_GASF (``urea``,
    ``ammonium``, ``nitrate``, ``ammonium_nitrate``; the rest counts as ``unspecified``). ``flooded_rice``:
    the field is flooded rice (EF1FR replaces EF1 for F_SN, F_ON, F_CR, F_SOM), with ``rice_water_regime``
    ``aggregated``, ``continuously_flooded`` or ``drained``.
    """

    synthetic_n_kg_ha: float = 0.0
    organic_n_kg_ha: float = 0.0
    crop_residue_n_kg_ha: float = 0.0
    som_n_kg_ha: float = 0.0
    grazing_cpp_n_kg_ha: float = 0.0
    grazing_so_n_kg_ha: float = 0.0
    synthetic_n_by_type: dict = field(default_factory=dict)
    flooded_rice: bool = False
    rice_water_regime: str = "aggregated"

    def __post_init__(self):
        for f in fields(self):
            if f.name.endswith("_kg_ha") and np.any(np.asarray(getattr(self, f.name)) < 0):
                raise ParameterError(f"{f.name} must be >= 0 [kg N/ha/yr]")
        split = sum(self.synthetic_n_by_type.values()) if self.synthetic_n_by_type else 0.0
        if np.any(np.asarray(split) > np.asarray(self.synthetic_n_kg_ha) * (1 + 1e-9) + 1e-12):
            raise ParameterError("synthetic_n_by_type adds up to more than synthetic_n_kg_ha")
        for key in self.synthetic_n_by_type:
            if key not in tables.FERTILISER_TYPES:
                raise ParameterError(
                    f"unknown synthetic fertiliser type {key!r}; valid names: "
                    f"{', '.join(tables.FERTILISER_TYPES)}"
                )

    def plus(self, **changes) -> NitrogenInputs:
        """A copy with ``changes`` added to the named inputs [kg N/ha/yr]."""
        return replace(self, **{k: getattr(self, k) + v for k, v in changes.items()})


@dataclass(frozen=True)
class N2OFactors:
    """The factors of Eq. 11.1, 11.9, 11.10 [kg N2O-N (kg N)-1; Frac: kg N (kg N)-1], floats or draws.

    ``sources`` maps each factor to its table and page.
    """

    ef1_synthetic: float
    ef1_other: float
    ef1_fr: float
    ef3_prp_cpp: float
    ef3_prp_so: float
    ef4: float
    ef5: float
    frac_gasf: dict  # fertiliser type -> Frac_GASF
    frac_gasm: float
    frac_leach: float
    disaggregation: str = "aggregated"
    climate: str | None = None
    sources: dict = field(default_factory=dict)


#: Factors of :class:`N2OFactors` that are drawn in a Monte Carlo run (those with a printed range).
SCALAR_FACTORS = (
    "ef1_synthetic",
    "ef1_other",
    "ef1_fr",
    "ef3_prp_cpp",
    "ef3_prp_so",
    "ef4",
    "ef5",
    "frac_gasm",
    "frac_leach",
)


def n2o_factor_table(
    disaggregation: str = "aggregated", climate: str | None = None, rice_water_regime: str = "aggregated"
) -> dict[str, tables.Factor]:
    """The :class:`~fourpermille.ghg.tables.Factor` of every scalar N2O factor (value, range, source)."""
    out = {
        name: tables.n2o_factor(name, disaggregation, climate)
        for name in (
            "ef1_synthetic",
            "ef1_other",
            "ef3_prp_cpp",
            "ef3_prp_so",
            "ef4",
            "ef5",
            "frac_gasm",
            "frac_leach",
        )
    }
    out["ef1_fr"] = tables.flooded_rice_ef1(rice_water_regime)
    return out


def n2o_factors(
    disaggregation: str = "aggregated", climate: str | None = None, rice_water_regime: str = "aggregated"
) -> N2OFactors:
    """The Tier 1 default factors (Tables 11.1 and 11.3 (Updated)).

    Parameters
    ----------
    disaggregation : ``"aggregated"`` (default) or ``"climate"``
    climate : ``"wet"`` or ``"dry"`` (with ``"climate"``; see :func:`n2o_climate`)
    rice_water_regime : EF1FR row, ``aggregated``, ``continuously_flooded`` or ``drained``
    """
    table = n2o_factor_table(disaggregation, climate, rice_water_regime)
    gasf = {kind: tables.frac_gasf(kind).value for kind in tables.FERTILISER_TYPES}
    return N2OFactors(
        **{name: table[name].value for name in SCALAR_FACTORS},
        frac_gasf=gasf,
        disaggregation=disaggregation,
        climate=climate,
        sources={name: f.source for name, f in table.items()} | {"frac_gasf": tables.frac_gasf().source},
    )


#: IPCC climate zones that are wet / dry for the disaggregated N2O factors (Ch 11: wet = temperate and boreal
#: zones with precipitation above potential evapotranspiration, the moist and wet tropical zones).
_WET_ZONES = (
    "polar_moist",
    "boreal_moist",
    "cool_temperate_moist",
    "warm_temperate_moist",
    "tropical_wet",
    "tropical_moist",
)
_DRY_ZONES = ("polar_dry", "boreal_dry", "cool_temperate_dry", "warm_temperate_dry", "tropical_dry")


def n2o_climate(climate_zone: str, irrigated: bool = False) -> str:
    """``"wet"`` or ``"dry"`` for an IPCC climate zone; irrigated land in a dry zone counts as wet.

    Raises
    ------
    ParameterError
        For ``tropical_montane``, which can be either: the project must say (``n2o_climate``).
    """
    if climate_zone in _WET_ZONES or (irrigated and climate_zone in _DRY_ZONES):
        return "wet"
    if climate_zone in _DRY_ZONES:
        return "dry"
    raise ParameterError(
        f"climate zone {climate_zone!r} is neither wet nor dry for the N2O factors: "
        "give n2o_climate: wet or dry"
    )


def crop_residue_n(crop: str, yield_fresh_t_ha, frac_remove=0.0):
    """N in the crop residues returned to the soil, F_CR [kg N/ha/yr] (Eq. 11.6, 11.7; Table 11.1a).

    Parameters
    ----------
    crop : str
        A crop of Table 11.1a (:func:`fourpermille.ghg.tables.crop_names`).
    yield_fresh_t_ha : float or array [t fresh weight/ha/yr]
        Harvested yield.
    frac_remove : float or array [-]
        Share of the above-ground residues removed (fodder, bedding, burning counted as removal).

    Returns
    -------
    float or array [kg N/ha/yr]. A part the table does not print (RS or N_BG as '-') counts as 0.

    Examples
    --------
    >>> round(crop_residue_n("maize", 10.0, 0.0), 2)  # 8.7 t d.m. grain: 8.7*1.0*0.006 + 17.4*0.22*0.007
    79.0
    """
    f = tables.crop_residue(crop)
    frac_remove = np.asarray(frac_remove, float)
    if np.any((frac_remove < 0) | (frac_remove > 1)):
        raise ParameterError("frac_remove must be within [0, 1]")
    if not np.isfinite(f.r_ag):
        raise ParameterError(f"Table 11.1a prints no above-ground residue ratio for {crop!r}")
    crop_dm = np.asarray(yield_fresh_t_ha, float) * f.dry
    ag_dm = crop_dm * f.r_ag
    below = 0.0 if not (np.isfinite(f.rs) and np.isfinite(f.n_bg)) else (ag_dm + crop_dm) * f.rs * f.n_bg
    out = KG_PER_T * (ag_dm * f.n_ag * (1.0 - frac_remove) + below)
    return out if np.ndim(out) else float(out)


def crop_residue_dry_matter(crop: str, yield_fresh_t_ha, frac_remove=0.0):
    """Above-ground residue dry matter left on the field, AG_DM x (1 - Frac_Remove) [t d.m./ha/yr]
    (Eq. 11.7 and R_AG of Table 11.1a); the straw amendment of rice (Eq. 5.3)."""
    f = tables.crop_residue(crop)
    out = np.asarray(yield_fresh_t_ha, float) * f.dry * f.r_ag * (1.0 - np.asarray(frac_remove, float))
    return out if np.ndim(out) else float(out)


def som_mineralised_n(delta_soc_t_c_ha_yr, cn_ratio=10.0):
    """F_SOM, N mineralised with a loss of soil carbon [kg N/ha/yr] (Eq. 11.8): losses only.

    Parameters
    ----------
    delta_soc_t_c_ha_yr : float or array [t C/ha/yr]
        Yearly change of the mineral-soil stock (negative: a loss).
    cn_ratio : float [-]
        C:N ratio R of soil organic matter (:func:`cn_ratio_default`).

    Examples
    --------
    >>> som_mineralised_n(-0.5, 10.0)  # 0.5 t C lost x 1000 / 10
    50.0
    """
    loss = np.maximum(-np.asarray(delta_soc_t_c_ha_yr, float), 0.0)
    out = loss * KG_PER_T / np.asarray(cn_ratio, float)
    return out if np.ndim(out) else float(out)


def cn_ratio_default(land_use_change: bool = False) -> tables.Factor:
    """Default C:N ratio R of Eq. 11.8: 15 after a land-use change to cropland, 10 for management changes."""
    return tables.added_default(
        "cn_ratio_land_use_change" if land_use_change else "cn_ratio_management_change"
    )


@dataclass(frozen=True)
class N2OPathways:
    """N2O-N by pathway [kg N2O-N/ha/yr] (floats or arrays); ``total`` and the N2O mass."""

    synthetic: object
    organic: object
    crop_residue: object
    som: object
    grazing: object

    @property
    def total(self):
        """Sum of the pathways [kg N2O-N/ha/yr]."""
        return self.synthetic + self.organic + self.crop_residue + self.som + self.grazing


def direct_n2o_n(inputs: NitrogenInputs, factors: N2OFactors) -> N2OPathways:
    """Direct N2O-N of mineral soils by source [kg N2O-N/ha/yr] (Eq. 11.1).

    On flooded rice (``inputs.flooded_rice``) EF1FR replaces EF1 for F_SN, F_ON, F_CR and F_SOM.
    """
    if inputs.flooded_rice:
        ef_sn = ef_other = factors.ef1_fr
    else:
        ef_sn, ef_other = factors.ef1_synthetic, factors.ef1_other
    return N2OPathways(
        synthetic=np.multiply(inputs.synthetic_n_kg_ha, ef_sn),
        organic=np.multiply(inputs.organic_n_kg_ha, ef_other),
        crop_residue=np.multiply(inputs.crop_residue_n_kg_ha, ef_other),
        som=np.multiply(inputs.som_n_kg_ha, ef_other),
        grazing=np.multiply(inputs.grazing_cpp_n_kg_ha, factors.ef3_prp_cpp)
        + np.multiply(inputs.grazing_so_n_kg_ha, factors.ef3_prp_so),
    )


def volatilised_n(inputs: NitrogenInputs, factors: N2OFactors):
    """N volatilised as NH3 and NOx [kg N/ha/yr]: F_SN x Frac_GASF + (F_ON + F_PRP) x Frac_GASM (Eq. 11.9)."""
    typed = sum(inputs.synthetic_n_by_type.values()) if inputs.synthetic_n_by_type else 0.0
    synthetic = np.multiply(np.subtract(inputs.synthetic_n_kg_ha, typed), factors.frac_gasf["unspecified"])
    for kind, amount in inputs.synthetic_n_by_type.items():
        synthetic = synthetic + np.multiply(amount, factors.frac_gasf[kind])
    grazing = np.add(inputs.grazing_cpp_n_kg_ha, inputs.grazing_so_n_kg_ha)
    return synthetic + np.multiply(np.add(inputs.organic_n_kg_ha, grazing), factors.frac_gasm)


def volatilisation_n2o_n(inputs: NitrogenInputs, factors: N2OFactors):
    """Indirect N2O-N from atmospheric deposition of volatilised N [kg N2O-N/ha/yr] (Eq. 11.9).

    Examples
    --------
    >>> round(float(volatilisation_n2o_n(NitrogenInputs(synthetic_n_kg_ha=100.0), n2o_factors())), 4)
    0.11
    """
    return volatilised_n(inputs, factors) * factors.ef4


def leached_n(inputs: NitrogenInputs, factors: N2OFactors):
    """N lost by leaching and runoff [kg N/ha/yr] (Eq. 11.10).

    (F_SN + F_ON + F_PRP + F_CR + F_SOM) x Frac_LEACH-(H).
    """
    total = (
        np.asarray(inputs.synthetic_n_kg_ha)
        + inputs.organic_n_kg_ha
        + inputs.grazing_cpp_n_kg_ha
        + inputs.grazing_so_n_kg_ha
        + inputs.crop_residue_n_kg_ha
        + inputs.som_n_kg_ha
    )
    return total * factors.frac_leach


def leaching_n2o_n(inputs: NitrogenInputs, factors: N2OFactors):
    """Indirect N2O-N from leaching and runoff [kg N2O-N/ha/yr] (Eq. 11.10)."""
    return leached_n(inputs, factors) * factors.ef5


@dataclass(frozen=True)
class N2OResult:
    """N2O of one hectare and year [kg N2O/ha/yr] (floats or arrays): direct, indirect and total."""

    direct: object
    volatilisation: object
    leaching: object
    direct_by_source: N2OPathways

    @property
    def indirect(self):
        """Indirect N2O, volatilisation + leaching [kg N2O/ha/yr]."""
        return self.volatilisation + self.leaching

    @property
    def total(self):
        """Direct + indirect N2O [kg N2O/ha/yr]."""
        return self.direct + self.indirect


def n2o_managed_soils(inputs: NitrogenInputs, factors: N2OFactors) -> N2OResult:
    """N2O emitted by a hectare of managed mineral soil in a year [kg N2O/ha/yr] (Eq. 11.1, 11.9, 11.10).

    Returns
    -------
    N2OResult: direct, volatilisation and leaching N2O (N2O-N x 44/28), and the direct N2O-N by source.

    Examples
    --------
    >>> r = n2o_managed_soils(NitrogenInputs(synthetic_n_kg_ha=100.0), n2o_factors())
    >>> round(float(r.total), 4)  # (100 x 0.010 + 100 x 0.11 x 0.010 + 100 x 0.24 x 0.011) x 44/28
    2.1591
    """
    direct = direct_n2o_n(inputs, factors)
    return N2OResult(
        direct=direct.total * N2O_PER_N2O_N,
        volatilisation=volatilisation_n2o_n(inputs, factors) * N2O_PER_N2O_N,
        leaching=leaching_n2o_n(inputs, factors) * N2O_PER_N2O_N,
        direct_by_source=direct,
    )
