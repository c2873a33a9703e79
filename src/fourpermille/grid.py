"""The site-level science over grids: xarray wrappers of the engines' own NumPy kernels, lazy with dask.

Every function here takes :class:`xarray.DataArray` inputs (dims ``y, x``, and ``month`` for monthly
climate; numpy- or dask-backed) and returns DataArrays/Datasets on the same grid. The computation is the
site-level engine's function applied through one :func:`xarray.apply_ufunc` call
(``dask="parallelized"``): no science is written twice. A dask-backed input stays lazy: nothing is
computed until the caller computes or writes the result (tests assert it).

Options are typed: :class:`RothCOptions`, :class:`Tier1Options` (the command line builds them).

What wraps what
    :func:`target`          :func:`fourpermille.target.target_stock` (4 per 1000 target stock) and
                            :func:`fourpermille.target.relative_gain` (yearly increment).
    :func:`rothc_maps`      :func:`fourpermille.rothc.batch.four_per_1000_sites`, the batch's fused pass
                            (input holding the SOC map, extra input for 4 per 1000, equilibrium under
                            the input map; IOM by :func:`fourpermille.rothc.falloon_iom`).
    :func:`tier1_maps`      :func:`fourpermille.ipcc.soc_stock` (Eq. 2.25) with
                            :func:`fourpermille.ipcc.soc_ref`
                            and :func:`fourpermille.ipcc.stock_change_factors`; annual change by
                            :func:`fourpermille.ipcc.tier1.approach1_kernel`.
    :func:`zonal_totals`    sums of stocks [t C/ha] x cell area [ha] per zone, in t C and t CO2e
                            (x :data:`fourpermille.units.CO2_PER_C`).

References
----------
Hoyer S. & Hamman J. (2017) xarray: N-D labeled arrays and datasets in Python. J. Open Res. Softw. 5(1),
10. https://doi.org/10.5334/jors.148
FAO (2020) GSOCseq: Global Soil Organic Carbon Sequestration Potential Map, technical manual, Rome
(the cell-by-cell RothC approach this module does as a tool).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from fourpermille import target as target_mod
from fourpermille.errors import InputError
from fourpermille.units import CO2_PER_C

#: Square metres per hectare.
M2_PER_HA = 1.0e4
#: Authalic (equal-area) radius of the WGS84 ellipsoid [m] (Snyder 1987, Map Projections: A Working
#: Manual, USGS Prof. Paper 1395: the sphere of the ellipsoid's area), for the area of geographic cells.
AUTHALIC_RADIUS_M = 6371007.2
#: Zone id of cells outside every polygon.
NO_ZONE = 0


def _apply(func, *args, output_dtype=np.float64, input_core_dims=None, kwargs=None, attrs=None, name=None):
    """The one place an engine kernel is mapped over a grid (element-wise over y, x)."""
    import xarray as xr

    out = xr.apply_ufunc(
        func,
        *args,
        kwargs=kwargs or {},
        input_core_dims=input_core_dims or [[] for _ in args],
        dask="parallelized",
        output_dtypes=[output_dtype],
        keep_attrs=True,  # keeps the coordinates' attributes (the CRS in spatial_ref) ...
    )
    out.attrs = dict(attrs or {})  # ... but a result's own attributes are its own
    return out.rename(name) if name else out


# ------------------------------------------------------------------------------------ 4 per 1000 target


def target(soc0, years: float, rate: float = target_mod.FOUR_PER_1000, growth: str = "linear"):
    """The 4 per 1000 target stock after ``years`` and the yearly increment it asks for, cell by cell.

    Parameters
    ----------
    soc0 : DataArray [t C/ha]
        Initial SOC stock (NaN where not computed).
    years : float [yr]
        Horizon T.
    rate : float [1/yr]
        0.004 for 4 per 1000.
    growth : {'linear', 'compound'}

    Returns
    -------
    xarray.Dataset with
        ``target_soc_t_ha`` [t C/ha]: SOC0 (1 + rate T) or SOC0 (1 + rate)^T (constant baseline),
        ``additional_soc_t_ha`` [t C/ha]: target - SOC0,
        ``target_increment_t_ha_yr`` [t C/ha/yr]: mean yearly increment over T, (target - SOC0) / T
        (= SOC0 x rate every year for linear growth).

    Notes
    -----
    Eq. (1)/(2) of :mod:`fourpermille.target`, applied through :func:`fourpermille.target.target_stock`
    and :func:`fourpermille.target.relative_gain`.
    """
    import xarray as xr

    if not years > 0:
        raise InputError(f"years must be > 0; got {years:g}", column="years")
    target_mod.relative_gain(years, rate, growth)  # validates growth before anything is built
    kw = {"years": years, "rate": rate, "growth": growth}
    tgt = _apply(
        target_mod.target_stock,
        soc0,
        kwargs=kw,
        name="target_soc_t_ha",
        attrs={"units": "t C/ha", "long_name": f"4 per 1000 target SOC stock after {years:g} yr ({growth})"},
    )
    gain = target_mod.relative_gain(years, rate, growth)
    add = _apply(
        np.multiply,
        soc0,
        gain,
        name="additional_soc_t_ha",
        attrs={"units": "t C/ha", "long_name": f"additional SOC of the 4 per 1000 target after {years:g} yr"},
    )
    inc = _apply(
        np.multiply,
        soc0,
        gain / years,
        name="target_increment_t_ha_yr",
        attrs={
            "units": "t C/ha/yr",
            "long_name": f"mean yearly SOC increment of the 4 per 1000 target over {years:g} yr ({growth})",
        },
    )
    ds = xr.Dataset({v.name: v for v in (tgt, add, inc)})
    ds.attrs.update(
        {"target_years": float(years), "target_rate_per_yr": float(rate), "target_growth": growth}
    )
    return ds


# ------------------------------------------------------------------------------------ stocks


def soc_stock_from_concentration(soc_g_kg, bulk_density_g_cm3, depth_cm: float, coarse_fraction_vol=0.0):
    """SOC stock [t C/ha] of a layer from its concentration, fine-earth bulk density and coarse fraction.

    Parameters
    ----------
    soc_g_kg : DataArray [g C/kg]
    bulk_density_g_cm3 : DataArray [g/cm3], fine earth
    depth_cm : float [cm], thickness of the layer (from the surface)
    coarse_fraction_vol : DataArray or float [-], volume fraction of coarse fragments (default none)

    Notes
    -----
    stock = SOC x BD x depth x (1 - CF) / 10: :func:`fourpermille.stocks.layer_soc_stock` (Eq. 2 there),
    the kernel the measured profile stocks use, mapped over the grid.
    """
    from fourpermille.stocks import layer_soc_stock

    return _apply(
        layer_soc_stock,
        soc_g_kg,
        bulk_density_g_cm3,
        float(depth_cm),
        coarse_fraction_vol,
        name="soc_stock_t_ha",
        attrs={
            "units": "t C/ha",
            "long_name": f"SOC stock, 0-{depth_cm:g} cm, from concentration x bulk density x (1 - coarse)",
        },
    )


# ------------------------------------------------------------------------------------ RothC

#: DPM/RPM ratio of the plant input of agricultural crops and improved grassland [-] (Coleman & Jenkinson
#: 1996, RothC-26.3 user guide, section 2.2; the value of the upstream example RothC_input.dat).
DPM_RPM_AGRICULTURAL = 1.44
#: Depth of the soil layer the SOC maps describe [cm] (0-30 cm: the initiative's and GSOCseq's layer).
TOPSOIL_DEPTH_CM = 30.0
#: Plant cover by month (1 covered, 0 bare) when none is given: covered all year.
PLANT_COVER_ALL_YEAR = (1,) * 12
#: Order of the outputs of :func:`_rothc_cells` (name, units, long name).
ROTHC_OUTPUTS = (
    ("rothc_soc_eq_t_ha", "t C/ha", "RothC equilibrium SOC stock under the carbon input map"),
    (
        "equilibrium_input_t_ha_yr",
        "t C/ha/yr",
        "plant carbon input holding the SOC map at RothC equilibrium (current input)",
    ),
    (
        "required_additional_input_t_ha_yr",
        "t C/ha/yr",
        "additional plant carbon input for the 4 per 1000 target",
    ),
    (
        "required_input_increase_pct",
        "%",
        "additional plant carbon input for the 4 per 1000 target, % of the current input",
    ),
)


@dataclass(frozen=True)
class RothCOptions:
    """How RothC is run on every cell of a grid (:func:`rothc_maps`).

    Parameters
    ----------
    depth : float [cm], the soil layer of the SOC map (> 0)
    dpm_rpm : float [-], DPM/RPM ratio of the plant input (> 0)
    plant_cover : 12 values 0 (bare) or 1 (covered), January to December
    """

    depth: float = TOPSOIL_DEPTH_CM
    dpm_rpm: float = DPM_RPM_AGRICULTURAL
    plant_cover: tuple[int, ...] = PLANT_COVER_ALL_YEAR

    def __post_init__(self) -> None:
        pc = tuple(self.plant_cover)
        if len(pc) != 12 or any(v not in (0, 1) for v in pc):
            raise InputError(
                f"plant cover needs 12 values of 0 or 1 (January to December); got {self.plant_cover!r}",
                column="plant_cover",
            )
        object.__setattr__(self, "plant_cover", tuple(int(v) for v in pc))
        for name in ("depth", "dpm_rpm"):
            value = float(getattr(self, name))
            if not (math.isfinite(value) and value > 0):
                raise InputError(f"{name} must be > 0; got {value:g}", column=name)
            object.__setattr__(self, name, value)


def _rothc_cells(soc, clay, tmp, pre, pet, c_input, *, years, rate, growth, options: RothCOptions):
    """One chunk: the batch's fused RothC pass (:func:`fourpermille.rothc.batch.four_per_1000_sites`) on
    the chunk's valid cells (all inputs finite), NaN elsewhere.

    Arrays (...) per cell and (..., 12) monthly; returns (..., 4) in :data:`ROTHC_OUTPUTS` order.
    """
    from fourpermille.rothc.batch import four_per_1000_sites

    out = np.full(soc.shape + (len(ROTHC_OUTPUTS),), np.nan)
    ok = np.isfinite(soc) & np.isfinite(clay) & (soc > 0)
    for monthly in (tmp, pre, pet):
        ok &= np.isfinite(monthly).all(axis=-1)
    if not ok.any():
        return out
    alternative = None
    if c_input is not None:
        ci = c_input[ok].astype(np.float64)
        alternative = np.where(np.isfinite(ci) & (ci > 0), ci, np.nan)
    res = four_per_1000_sites(
        clay[ok],
        options.depth,
        tmp[ok],
        pre[ok],
        pet[ok],
        np.full(12, 1.0 / 12.0),  # the annual input spread evenly over the months
        0.0,
        np.asarray(options.plant_cover, dtype=float),
        options.dpm_rpm,
        int(years),
        soc=soc[ok],
        rate=rate,
        growth=growth,
        chunk_size=max(int(ok.sum()), 1),
        yearly=False,
        alternative_input=alternative,
    )
    res_out = out[ok]
    if alternative is not None:
        res_out[:, 0] = res["alternative_soc_eq_t_ha"]
    res_out[:, 1] = res["c_inp_t_ha_yr"]
    res_out[:, 2] = res["required_additional_input_t_ha_yr"]
    res_out[:, 3] = res["required_input_increase_fraction"] * 100.0
    out[ok] = res_out
    return out


def rothc_maps(
    soc,
    clay,
    tmp,
    pre,
    pet,
    c_input=None,
    *,
    years: int = 30,
    rate: float = target_mod.FOUR_PER_1000,
    growth: str = "linear",
    options: RothCOptions | None = None,
):
    """RothC over a grid: equilibrium, the input holding today's stock, and the extra input for 4 per 1000.

    Parameters
    ----------
    soc : DataArray (y, x) [t C/ha], the SOC map (taken as the equilibrium under current management)
    clay : DataArray (y, x) [%]
    tmp : DataArray (month, y, x) [degC]; pre, pet : DataArray (month, y, x) [mm/month] (pet: open pan)
    c_input : DataArray (y, x) [t C/ha/yr], optional: plant input map for the equilibrium map
    years : int [yr], horizon T of the 4 per 1000 target
    rate : float [1/yr]; growth : {'linear', 'compound'}
    options : RothCOptions (depth of the SOC map's layer, DPM/RPM ratio, plant cover); defaults when omitted

    Returns
    -------
    Dataset (y, x) of :data:`ROTHC_OUTPUTS`; NaN where an input is missing (and ``rothc_soc_eq_t_ha``
    where there is no carbon input map or value).

    Notes
    -----
    Per cell (GSOCseq's approach, FAO 2020, done in closed form by the engine), the batch's one fused pass
    (:func:`fourpermille.rothc.batch.four_per_1000_sites`: one moisture cycle, one annual map, one solve):

    - IOM = 0.049 SOC^1.139 (:func:`fourpermille.rothc.falloon_iom`, Falloon et al. 1998);
    - the input holding the SOC map at equilibrium, spread evenly over the months (Eq. 1 of
      :mod:`fourpermille.rothc.inverse`, as :func:`fourpermille.rothc.equilibrium_input`);
    - the additional input for the 4 per 1000 target after T years relative to that baseline, in
      t C/ha/yr and in % of the current input (Eq. 2, as :func:`fourpermille.rothc.four_per_1000_input`);
    - the equilibrium SOC under the input map (as :func:`fourpermille.rothc.equilibrium`).

    No farmyard manure; the same monthly input pattern in every cell.
    """
    import xarray as xr

    from fourpermille.errors import check_choice

    check_choice("growth", growth, target_mod.GROWTHS)
    if int(years) < 1:
        raise InputError(f"years must be >= 1; got {years}", column="years")
    options = RothCOptions() if options is None else options
    args = [soc, clay, tmp, pre, pet] + ([c_input] if c_input is not None else [])
    core = [[], [], ["month"], ["month"], ["month"]] + ([[]] if c_input is not None else [])
    kwargs = {"years": int(years), "rate": rate, "growth": growth, "options": options}

    def kernel(*arrays):
        arrays = list(arrays) + ([None] if c_input is None else [])
        return _rothc_cells(*arrays, **kwargs)

    stacked = xr.apply_ufunc(
        kernel,
        *args,
        input_core_dims=core,
        output_core_dims=[["rothc_output"]],
        dask="parallelized",
        output_dtypes=[np.float64],
        dask_gufunc_kwargs={"output_sizes": {"rothc_output": len(ROTHC_OUTPUTS)}},
        keep_attrs=True,
    )
    out = xr.Dataset()
    for i, (name, units, long_name) in enumerate(ROTHC_OUTPUTS):
        if name == "rothc_soc_eq_t_ha" and c_input is None:
            continue
        var = stacked.isel(rothc_output=i, drop=True)
        var.attrs = {
            "units": units,
            "long_name": long_name
            + (f" after {int(years)} yr ({growth})" if name.startswith("required") else ""),
        }
        out[name] = var
    out.attrs.update(
        {
            "rothc_depth_cm": options.depth,
            "rothc_dpm_rpm": options.dpm_rpm,
            "rothc_plant_cover": "".join(str(v) for v in options.plant_cover),
            "rothc_input_pattern": "annual input spread evenly over the 12 months",
        }
    )
    return out


# ------------------------------------------------------------------------------------ IPCC Tier 1

#: Order of the outputs of :func:`_tier1_cells` (name, units, long name).
TIER1_OUTPUTS = (
    ("tier1_soc_before_t_ha", "t C/ha", "IPCC Tier 1 equilibrium SOC stock, current practice"),
    ("tier1_soc_after_t_ha", "t C/ha", "IPCC Tier 1 equilibrium SOC stock, new practice"),
    ("tier1_change_t_ha", "t C/ha", "IPCC Tier 1 SOC change of the practice change after D years"),
    ("tier1_change_t_ha_yr", "t C/ha/yr", "IPCC Tier 1 annual SOC change over D years"),
)


@dataclass(frozen=True)
class Practice:
    """A land use, management (F_MG) and input level (F_I), as named in :mod:`fourpermille.ipcc.tables`."""

    land_use: str
    management: str | None = None
    input: str | None = None

    @classmethod
    def parse(cls, text: str) -> Practice:
        """``land_use[,management[,input]]``, e.g. ``long_term_cultivated,no_till,high_without_manure``."""
        parts = [p.strip() or None for p in str(text).split(",")]
        if not parts or parts[0] is None or len(parts) > 3:
            raise InputError(f"a practice is LAND_USE[,MANAGEMENT[,INPUT]]; got {text!r}", column="practice")
        return cls(*parts)


@dataclass(frozen=True)
class Tier1Options:
    """The practice change of the IPCC Tier 1 maps (:func:`tier1_maps` through :func:`build`).

    Parameters
    ----------
    before, after : :class:`Practice` or ``"land_use,management,input"`` (parsed on creation)
    d_years : int [yr], time to the new equilibrium D; 20 when omitted
    factors : {'2019', '2006'}, the factor tables
    climate_zone, soil_class : a name for the whole grid; when omitted, the ``climate_zone`` /
        ``soil_class`` code maps of the inputs are used with ``climate_zone_names`` / ``soil_class_names``
    climate_zone_names, soil_class_names : dict code -> name of those maps
    """

    before: Practice | str
    after: Practice | str
    d_years: int | None = None
    factors: str = "2019"
    climate_zone: str | None = None
    soil_class: str | None = None
    climate_zone_names: dict | None = None
    soil_class_names: dict | None = None

    def __post_init__(self) -> None:
        for name in ("before", "after"):
            value = getattr(self, name)
            if not isinstance(value, Practice):
                object.__setattr__(self, name, Practice.parse(value))


def _codes(layer, names, what):
    """(code layer or 0, names) of a categorical layer given as one name or as a code map with names."""
    if isinstance(layer, str):
        return 0, [layer]
    if not names:
        raise InputError(f"a {what} map needs the names of its codes (code=name, ...)", column=what)
    return layer, dict(names)


def tier1_maps(
    climate_zone,
    soil_class,
    before,
    after,
    *,
    d_years: int | None = None,
    factors: str = "2019",
    climate_zone_names=None,
    soil_class_names=None,
    like=None,
):
    """IPCC Tier 1 equilibrium stocks before and after a practice change, and the change, cell by cell.

    Parameters
    ----------
    climate_zone : str (one zone for the whole grid) or DataArray (y, x) of integer codes
    soil_class : str or DataArray (y, x) of integer codes
    before, after : :class:`Practice` or ``"land_use,management,input"``
    d_years : int [yr], time to the new equilibrium, D (20 by default, Eq. 2.25)
    factors : {'2019', '2006'}, factor tables
    climate_zone_names, soil_class_names : dict code -> name, for code maps
    like : DataArray (y, x), the grid, needed when both layers are given by name

    Returns
    -------
    Dataset (y, x) of :data:`TIER1_OUTPUTS`; NaN where a code is missing or not named.

    Notes
    -----
    SOC = SOC_REF x F_LU x F_MG x F_I (2019 Refinement Vol 4 Ch 2, Eq. 2.25) through
    :func:`fourpermille.ipcc.soc_stock`, with SOC_REF from :func:`fourpermille.ipcc.soc_ref` and the
    factors from :func:`fourpermille.ipcc.stock_change_factors` (tables looked up once per code, before
    anything is computed: a combination the tables do not cover is an error here); the annual change
    (SOC_after - SOC_before) / D is :func:`fourpermille.ipcc.tier1.approach1_kernel` on the two states
    D years apart.
    """
    import xarray as xr

    from fourpermille import ipcc
    from fourpermille.ipcc.tier1 import D_YEARS_DEFAULT, check_d_years

    d_years = check_d_years(D_YEARS_DEFAULT if d_years is None else d_years)
    before = before if isinstance(before, Practice) else Practice.parse(before)
    after = after if isinstance(after, Practice) else Practice.parse(after)
    zone_layer, zones = _codes(climate_zone, climate_zone_names, "climate_zone")
    soil_layer, soils = _codes(soil_class, soil_class_names, "soil_class")
    zone_codes = [0] if isinstance(zones, list) else sorted(zones)
    soil_codes = [0] if isinstance(soils, list) else sorted(soils)
    zone_name = dict(zip(zone_codes, zones, strict=True)) if isinstance(zones, list) else zones
    soil_name = dict(zip(soil_codes, soils, strict=True)) if isinstance(soils, list) else soils
    socref = np.array(
        [[ipcc.soc_ref(zone_name[z], soil_name[s]).value for s in soil_codes] for z in zone_codes]
    )

    def factor_rows(practice):
        rows = []
        for z in zone_codes:
            f = ipcc.stock_change_factors(
                zone_name[z], practice.land_use, practice.management, practice.input, factors=factors
            )
            rows.append((f.f_lu.value, f.f_mg.value, f.f_i.value))
        return np.array(rows)

    f_before, f_after = factor_rows(before), factor_rows(after)
    zone_lut = _lookup_index(zone_codes)
    soil_lut = _lookup_index(soil_codes)

    def kernel(zone, soil):
        return _tier1_cells(zone, soil, zone_lut, soil_lut, socref, f_before, f_after, d_years)

    layers = [zone_layer, soil_layer]
    if all(isinstance(x, int) for x in layers):
        if like is None:
            raise InputError("tier1_maps needs a grid (like=) when both layers are single names")
        layers[0] = xr.zeros_like(like, dtype=np.float32)
    stacked = xr.apply_ufunc(
        kernel,
        *layers,
        output_core_dims=[["tier1_output"]],
        dask="parallelized",
        output_dtypes=[np.float64],
        dask_gufunc_kwargs={"output_sizes": {"tier1_output": len(TIER1_OUTPUTS)}},
        keep_attrs=True,
    )
    out = xr.Dataset()
    for i, (name, units, long_name) in enumerate(TIER1_OUTPUTS):
        var = stacked.isel(tier1_output=i, drop=True)
        var.attrs = {"units": units, "long_name": long_name.replace("D years", f"{d_years} years")}
        out[name] = var
    out.attrs.update(
        {
            "tier1_before": ",".join(str(v) for v in (before.land_use, before.management, before.input)),
            "tier1_after": ",".join(str(v) for v in (after.land_use, after.management, after.input)),
            "tier1_d_years": d_years,
            "tier1_factors": factors,
            "tier1_climate_zones": ";".join(f"{c}={n}" for c, n in zone_name.items()),
            "tier1_soil_classes": ";".join(f"{c}={n}" for c, n in soil_name.items()),
        }
    )
    return out


def _lookup_index(codes):
    """Array mapping a (non-negative integer) code to its row in the tables, -1 for unknown codes."""
    lut = np.full(max(codes) + 1, -1, dtype=np.int64)
    lut[np.asarray(codes)] = np.arange(len(codes))
    return lut


def _tier1_cells(zone, soil, zone_lut, soil_lut, socref, f_before, f_after, d_years):
    from fourpermille import ipcc
    from fourpermille.ipcc.tier1 import approach1_kernel

    zone = np.asarray(zone, dtype=np.float64)
    soil = np.broadcast_to(np.asarray(soil, dtype=np.float64), zone.shape)
    out = np.full(zone.shape + (len(TIER1_OUTPUTS),), np.nan)

    def index(codes, lut):
        ok = np.isfinite(codes) & (codes >= 0) & (codes < lut.size)
        idx = np.full(codes.shape, -1, dtype=np.int64)
        idx[ok] = lut[codes[ok].astype(np.int64)]
        return idx

    zi, si = index(zone, zone_lut), index(soil, soil_lut)
    ok = (zi >= 0) & (si >= 0)
    if not ok.any():
        return out
    z, s = zi[ok], si[ok]
    ref = socref[z, s]
    eq_before = ipcc.soc_stock(ref, *f_before[z].T)
    eq_after = ipcc.soc_stock(ref, *f_after[z].T)
    _, _, _, annual = approach1_kernel(
        [0, d_years], [1.0, 1.0], np.stack([eq_before, eq_after], axis=-1), d_years, out_years=[d_years]
    )
    out[ok] = np.stack([eq_before, eq_after, eq_after - eq_before, annual[..., 0]], axis=-1)
    return out


# ------------------------------------------------------------------------------------ masks and areas


def mask(ds, where):
    """``ds`` with NaN wherever ``where`` is False (e.g. outside the land uses asked for); lazy."""
    return ds.where(where)


def land_use_mask(land_use, classes):
    """True where ``land_use`` is one of ``classes`` (lazy)."""
    return land_use.isin([float(c) for c in classes])


def cell_area_ha(like):
    """Area of each cell [ha] of ``like``'s grid, lazy, chunked like ``like``.

    Parameters
    ----------
    like : DataArray (y, x) with a CRS (rioxarray)

    Returns
    -------
    DataArray (y, x) [ha].

    Notes
    -----
    Geographic CRS: the area of a cell on the authalic sphere,
    ``A = R^2 |dlambda| |sin(phi2) - sin(phi1)|`` (the sphere between two parallels and two meridians).
    Projected CRS: the nominal cell area ``|dx dy|``, exact for equal-area projections (use one, e.g.
    LAEA or Equal Earth, for national totals).
    """
    import rioxarray  # noqa: F401
    import xarray as xr
    from pyproj import CRS

    if like.rio.crs is None:
        raise InputError("the grid has no CRS: cell areas are unknown", column=str(like.name))
    crs = CRS.from_user_input(like.rio.crs)
    dx, dy = (abs(r) for r in like.rio.resolution())
    if crs.is_geographic:
        lat = np.asarray(like["y"].values, dtype=float)
        phi1, phi2 = np.radians(lat - dy / 2), np.radians(lat + dy / 2)
        per_row = AUTHALIC_RADIUS_M**2 * math.radians(dx) * np.abs(np.sin(phi2) - np.sin(phi1)) / M2_PER_HA
        rows = xr.DataArray(per_row, dims=("y",), coords={"y": like["y"]})
    else:
        rows = xr.DataArray(
            np.full(like.sizes["y"], dx * dy / M2_PER_HA), dims=("y",), coords={"y": like["y"]}
        )
    area = xr.ones_like(like, dtype=np.float64) * rows
    area.attrs = {"units": "ha", "long_name": "cell area"}
    return area.rename("cell_area_ha")


# ------------------------------------------------------------------------------------ zones


def rasterize_zones(geometries, like, crs=None):
    """Burn polygons onto ``like``'s grid, lazily, one task per chunk.

    Parameters
    ----------
    geometries : sequence of shapely Polygon/MultiPolygon
    like : DataArray (y, x) with a CRS; dask-backed (its chunks are used) or numpy-backed
    crs : CRS of the geometries (anything pyproj accepts); ``like``'s CRS when omitted

    Returns
    -------
    DataArray (y, x) int32: ``i + 1`` inside geometry ``i`` (a cell belongs to the polygon containing
    its centre; where polygons overlap the later one wins), :data:`NO_ZONE` elsewhere.
    """
    import dask.array as dsa
    import shapely
    import xarray as xr
    from affine import Affine
    from pyproj import CRS, Transformer
    from rasterio.features import rasterize

    if like.rio.crs is None:
        raise InputError("the grid has no CRS: zones cannot be placed on it", column=str(like.name))
    dst_crs = CRS.from_user_input(like.rio.crs)
    geoms = list(geometries)
    if crs is not None and CRS.from_user_input(crs) != dst_crs:
        tr = Transformer.from_crs(CRS.from_user_input(crs), dst_crs, always_xy=True)
        geoms = [
            shapely.transform(g, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1]))) for g in geoms
        ]
    geoms_arr = np.asarray(geoms, dtype=object)
    transform = like.rio.transform()

    def burn(block_info=None):
        info = block_info[None]
        (r0, r1), (c0, c1) = info["array-location"]
        shape = (r1 - r0, c1 - c0)
        t = transform @ Affine.translation(c0, r0)
        left, top = t @ (0, 0)
        right, bottom = t @ (shape[1], shape[0])
        box = shapely.box(min(left, right), min(top, bottom), max(left, right), max(top, bottom))
        hit = np.flatnonzero(shapely.intersects(geoms_arr, box))
        if not hit.size:
            return np.full(shape, NO_ZONE, dtype=np.int32)
        return rasterize(
            ((geoms_arr[i], int(i) + 1) for i in hit),
            out_shape=shape,
            transform=t,
            fill=NO_ZONE,
            dtype="int32",
        )

    chunks = like.chunks if like.chunks else tuple((n,) for n in like.shape)
    data = dsa.map_blocks(burn, chunks=chunks, dtype=np.int32, meta=np.array((), dtype=np.int32))
    out = xr.DataArray(
        data,
        dims=like.dims,
        coords={"y": like["y"], "x": like["x"]},
        attrs={"long_name": "zone number (0 = no zone)", "units": "1"},
    )
    return out.rename("zone")


def _zone_block_sums(zones, area, *values, n_zones):
    """Per zone (0..n_zones): cells, area [ha], then per value: sum(v x area), area where v is finite."""
    z = np.asarray(zones, dtype=np.int64).ravel()
    a = np.asarray(area, dtype=np.float64).ravel()
    out = np.zeros((2 + 2 * len(values), n_zones + 1))
    out[0] = np.bincount(z, minlength=n_zones + 1)
    out[1] = np.bincount(z, weights=a, minlength=n_zones + 1)
    for k, v in enumerate(values):
        v = np.asarray(v, dtype=np.float64).ravel()
        ok = np.isfinite(v)
        out[2 + 2 * k] = np.bincount(z[ok], weights=v[ok] * a[ok], minlength=n_zones + 1)
        out[3 + 2 * k] = np.bincount(z[ok], weights=a[ok], minlength=n_zones + 1)
    return out[None, None]


def zone_sums(values, zones, area, n_zones: int):
    """Lazy zone sums of per-hectare quantities: array (2 + 2 k, n_zones + 1), k = len(values).

    Rows: cells, area [ha], then for each value: sum(value x area), area where the value is finite.
    Column 0 is :data:`NO_ZONE`. The building block of :func:`zonal_totals`, also used band by band.
    """
    import dask.array as dsa

    arrays = [zones.data, area.data, *(v.data for v in values)]
    if not all(isinstance(a, dsa.Array) for a in arrays):
        return _zone_block_sums(*(np.asarray(a) for a in arrays), n_zones=n_zones)[0, 0]
    nrow = 2 + 2 * len(values)
    parts = dsa.map_blocks(
        _zone_block_sums,
        *arrays,
        n_zones=n_zones,
        new_axis=[2, 3],
        chunks=(1, 1, nrow, n_zones + 1),
        dtype=np.float64,
    )
    return parts.sum(axis=(0, 1))


def _total_name(name: str, co2e: bool) -> str:
    unit = "t_co2e" if co2e else "t"
    if name.endswith("_t_ha_yr"):
        return f"{name[: -len('_t_ha_yr')]}_{unit}_yr"
    if name.endswith("_t_ha"):
        return f"{name[: -len('_t_ha')]}_{unit}"
    raise InputError(
        f"cannot total {name!r}: zonal totals need a per-hectare quantity (name ending _t_ha or _t_ha_yr)",
        column=name,
    )


def zonal_table(sums, names, zone_names):
    """Turn :func:`zone_sums` (computed) into a table: one row per zone, totals in t C and t CO2e.

    Parameters
    ----------
    sums : array (2 + 2 k, n_zones + 1)
    names : k variable names ending in ``_t_ha`` or ``_t_ha_yr``
    zone_names : n_zones names

    Returns
    -------
    DataFrame: zone, cells, area_ha, then per variable ``NAME_t`` [t C] (or ``NAME_t_yr``
    [t C/yr]), ``NAME_t_co2e`` (x 44/12) and ``NAME_area_ha`` (area where the variable is defined).
    """
    import pandas as pd

    sums = np.asarray(sums)
    table = pd.DataFrame(
        {"zone": list(zone_names), "cells": sums[0, 1:].astype(np.int64), "area_ha": sums[1, 1:]}
    )
    for k, name in enumerate(names):
        table[_total_name(name, False)] = sums[2 + 2 * k, 1:]
        table[_total_name(name, True)] = sums[2 + 2 * k, 1:] * CO2_PER_C
        table[f"{name.rsplit('_t_ha', 1)[0]}_area_ha"] = sums[3 + 2 * k, 1:]
    return table


def zonal_totals(ds, zones, zone_names, names=None):
    """Totals per zone of the per-hectare variables of ``ds``, in t C and t CO2e (computes).

    Parameters
    ----------
    ds : Dataset (y, x) of per-hectare quantities [t C/ha or t C/ha/yr], with a CRS
    zones : DataArray (y, x) int, as from :func:`rasterize_zones`
    zone_names : names of zones 1..n
    names : variables to total; every variable whose name ends with ``_t_ha`` or ``_t_ha_yr`` by default

    Returns
    -------
    DataFrame (see :func:`zonal_table`).

    Notes
    -----
    total = sum over the zone's cells of value [t C/ha] x cell area [ha] (:func:`cell_area_ha`);
    CO2e = C x 44/12.
    """
    import dask

    names = (
        list(names) if names is not None else [n for n in ds.data_vars if n.endswith(("_t_ha", "_t_ha_yr"))]
    )
    any_var = ds[names[0]]
    area = cell_area_ha(any_var)
    sums = zone_sums([ds[n] for n in names], zones, area, len(zone_names))
    (sums,) = dask.compute(sums)
    return zonal_table(sums, names, zone_names)


# ------------------------------------------------------------------------------------ the whole run


def build(
    inputs,
    years: float = 30,
    growth: str = "linear",
    rate: float = target_mod.FOUR_PER_1000,
    land_use_classes=None,
    rothc: RothCOptions | None = None,
    tier1: Tier1Options | None = None,
):
    """Every output map the inputs allow, lazily: nothing is computed here.

    Parameters
    ----------
    inputs : Dataset on one grid with a CRS (as from :func:`fourpermille.io.rasters.load_inputs`):
        ``soc_stock_t_ha`` [t C/ha], or ``soc_g_kg`` [g C/kg] with ``bulk_density_g_cm3`` [g/cm3] (the
        stock of the layer of ``rothc.depth``, 30 cm by default); ``land_use`` [class] with
        ``land_use_classes``.
    years : float [yr]
        Horizon of the 4 per 1000 target.
    growth : {'linear', 'compound'}
    rate : float [1/yr]
    land_use_classes : sequence of land-use codes to keep; every cell when omitted
    rothc : RothCOptions, optional
        Depth, DPM/RPM ratio and plant cover for :func:`rothc_maps`; defaults when omitted.
    tier1 : Tier1Options, optional
        The practice change for :func:`tier1_maps` (no Tier 1 maps when omitted).

    Returns
    -------
    Dataset (y, x): ``soc_stock_t_ha`` (masked), the outputs of :func:`target`, and, when clay and the
    monthly climate (``clay_pct``, ``tmp_c``, ``pre_mm``, ``pet_mm``) are among the inputs, those of
    :func:`rothc_maps` (with ``c_inp_t_ha_yr`` when given); with ``tier1``, those of
    :func:`tier1_maps` (where the SOC map has data); the inputs' ``resampling`` record and the run's
    parameters in ``attrs``.
    """
    import rioxarray  # noqa: F401
    import xarray as xr

    if "soc_stock_t_ha" in inputs:
        soc = inputs["soc_stock_t_ha"]
    elif "soc_g_kg" in inputs and "bulk_density_g_cm3" in inputs:
        depth = (rothc or RothCOptions()).depth
        soc = soc_stock_from_concentration(inputs["soc_g_kg"], inputs["bulk_density_g_cm3"], depth)
    else:
        raise InputError(
            "a SOC stock map (soc_stock_t_ha), or a SOC concentration (soc_g_kg) with a bulk density map "
            "(bulk_density_g_cm3), is required",
            column="soc_stock_t_ha",
        )
    if land_use_classes is not None:
        if "land_use" not in inputs:
            raise InputError("land-use classes were given but no land-use map", column="land_use")
        soc = soc.where(land_use_mask(inputs["land_use"], land_use_classes))
    soc = soc.rename("soc_stock_t_ha")
    soc.attrs = {"units": "t C/ha", "long_name": "initial SOC stock, 0-30 cm"}
    parts = [soc.to_dataset(), target(soc, years, rate, growth)]
    climate = ("clay_pct", "tmp_c", "pre_mm", "pet_mm")
    if all(name in inputs for name in climate):
        parts.append(
            rothc_maps(
                soc,
                *(inputs[n] for n in climate),
                inputs.get("c_inp_t_ha_yr"),
                years=int(years),
                rate=rate,
                growth=growth,
                options=rothc,
            )
        )
    if tier1 is not None:
        layers = {}
        for name in ("climate_zone", "soil_class"):
            given = getattr(tier1, name)
            if given is None and name in inputs:
                given = inputs[name]
            if given is None:
                raise InputError(
                    f"the Tier 1 maps need a {name} (a name for the whole grid or a code map)", column=name
                )
            layers[name] = given
        t1 = tier1_maps(
            layers["climate_zone"],
            layers["soil_class"],
            tier1.before,
            tier1.after,
            d_years=tier1.d_years,
            factors=tier1.factors,
            climate_zone_names=tier1.climate_zone_names,
            soil_class_names=tier1.soil_class_names,
            like=soc,
        )
        parts.append(t1.where(soc.notnull()))
        parts[-1].attrs = t1.attrs
    out = xr.merge(parts, compat="override", join="exact", combine_attrs="drop_conflicts")
    out.attrs.update({k: v for k, v in inputs.attrs.items() if k in ("resampling", "sources")})
    for part in parts[1:]:
        out.attrs.update(part.attrs)
    if land_use_classes is not None:
        out.attrs["land_use_classes"] = ",".join(str(c) for c in land_use_classes)
    return out.rio.write_crs(inputs.rio.crs)
