"""RothC-26.3, exactly as Rothamsted's Fortran v2.0.0 codes it, vectorised over sites.

Array convention (every public function)
----------------------------------------
Plain numpy arrays (or anything ``np.asarray`` accepts): **sites on the leading axes, months on the last
axis**. A per-site parameter has the site shape (e.g. ``(n,)`` or ``(ny, nx)``); a monthly driver has the
site shape plus months (``(n, months)``), or just ``(months,)`` when all sites share it; scalars broadcast.
The only Python loop is over months. Wrap with ``xarray.apply_ufunc`` using ``input_core_dims=[[], ...,
["month"], ...]`` and ``output_core_dims=[["month"]]`` (or ``[[]]`` for per-site results),
``dask="parallelized"``: nothing here needs to see more than one chunk of sites.

Units: clay, silt [%]; depth [cm]; bulk_density [g/cm3]; organic_carbon [%]; iom and pools [t C/ha];
temp [°C]; rain, pevap [mm/month] (pevap = open-pan evaporation); c_inp, fym [t C/ha/month]; pc [0/1];
dpm_rpm [-]; modern [% modern]; smd [mm] (<= 0).

High level (:mod:`fourpermille.rothc.model`, :mod:`fourpermille.rothc.inverse`)
-------------------------------------------------------------------------------
``equilibrium(clay, depth, iom, temp, rain, pevap, c_inp, fym, pc, dpm_rpm, *, modern=None,
moisture=CLASSIC, method="exact"|"upstream") -> Equilibrium``
    Pools (``Equilibrium.pools``: a :class:`Pools` of four site-shaped arrays), ``soc``, ``iom``, the
    December ``smd`` and, with ``modern``, radiocarbon and ``delta14c``, for the first 12 months repeated.
    'exact' solves the annual affine map's fixed point; 'upstream' reproduces Shell.for's stop rule
    (``spinup_months`` says how many months it took).
``simulate(clay, depth, iom, temp, rain, pevap, c_inp, fym, pc, dpm_rpm, *, modern=None, moisture=CLASSIC,
spinup="exact", mass_balance_tolerance=None) -> Simulation``
    Shell.for's whole program: equilibrium on months 1-12, then months 13..end. ``Simulation.monthly`` is a
    dict of ``(sites..., months)`` arrays named as upstream's month_results columns, lower-case
    (:data:`MONTHLY_COLUMNS`), plus ``delta14c``; the first 12 months are the equilibrium year.
``equilibrium_input(clay, depth, temp, rain, pevap, c_inp, fym, pc, dpm_rpm, target_soc, *, iom=None,
moisture=CLASSIC) -> EquilibriumInput``
    Closed-form inverse (a): scale of the plant input pattern and t C/ha/yr for a target equilibrium SOC.
``four_per_1000_input(clay, depth, iom, temp, rain, pevap, c_inp, fym, pc, dpm_rpm, years, *, rate=0.004,
growth="linear"|"compound", moisture=CLASSIC) -> FourPer1000Input``
    Closed-form inverse (b): extra plant input (fraction and t C/ha/yr) for the 4 per 1000 target after
    ``years`` relative to the baseline (the 12 months repeated from equilibrium).
``additional_input_for_target(pools0, iom, rate_m, clay, c_inp, fym, dpm_rpm, target_soc)``
    Inverse (b) for any (non-repeating) drivers, by two forward runs.
``falloon_iom(soc)``: IOM = 0.049 SOC^1.139 (Falloon et al. 1998).

Kernels (:mod:`fourpermille.rothc.kernels`), for building other runs (grids, scenarios)
--------------------------------------------------------------------------------------
``rate_modifiers(temp, rain, pevap, pc, clay, depth, *, smd0=0.0, moisture=CLASSIC) -> RateModifiers``
    ``rm_tmp, rm_moist, rm_pc, rate_m, smd``, each ``(sites..., months)``; the deficit carried from ``smd0``.
``settled_moisture_deficit(rain12, pevap12, pc12, limits, smd0=0.0)``: December deficit of the settled
    annual cycle (``limits = soil_water_limits(clay, depth, moisture)``).
``run_pools(pools0, rate_m, clay, c_inp, fym, dpm_rpm, *, modern=None, radiocarbon0=None,
record="month"|"year"|"end", mass_balance_tolerance=None) -> PoolRun``
    The monthly pool update; ``PoolRun.pools`` (:class:`Pools` of ``(sites..., records)``),
    ``PoolRun.co2`` cumulative CO2-C, ``PoolRun.radiocarbon``. Use ``record="year"`` or ``"end"`` to keep
    memory at one value per site per year.
``annual_map(rate_m12, clay, c_inp12, fym12, dpm_rpm12, *, modern=None) -> (M, c)``: the year as
    ``P_dec = M P_prev + c``, M ``(sites..., 4, 4)``, c ``(sites..., 4)``; ``annual_map_split`` gives
    ``(M, c_plant, c_fym)``; ``fixed_point(M, c)``; ``matrix_power(M, n)``.
``fourpermille.rothc.batch.four_per_1000_sites(clay, depth, temp, rain, pevap, c_inp, fym, pc, dpm_rpm,
years, *, iom=None, soc=None, rate=0.004, growth="linear", moisture=CLASSIC, chunk_size=50_000, workers=1,
on_chunk=None, yearly=True, alternative_input=None) -> dict``: one fused pass per site (one moisture
cycle, one annual map with the plant and manure input groups, one solve with both right-hand sides) giving
the fitted input, the equilibrium, the 4 per 1000 inverse and the yearly run for ``(n,)`` sites, chunked
(optionally threaded); ``rothc batch`` and the grid run it.
``matrix_power_times(M, v, n)``: ``M^n v`` by repeated squaring.
The monthly step itself is written once, :func:`fourpermille.rothc.step.month_step`, run on arrays by the
numpy kernels and on floats by the numba-compiled loops (``FOURPERMILLE_NUMBA=0`` forces numpy).
``temperature_modifier(temp)``, ``moisture_deficit(...)``, ``moisture_modifier(...)``,
``plant_cover_modifier(pc)``, ``soil_water_limits(clay, depth, moisture)``, ``partition(clay)``,
``input_split(c_inp, fym, dpm_rpm)``, ``delta14c(soc, content)``.

Example
-------
>>> import numpy as np
>>> from fourpermille.rothc import equilibrium
>>> temp = np.array([3.7, 3.1, 5.5, 7.4, 10.9, 14.4, 16.3, 16.2, 13.8, 9.5, 6.2, 4.1])
>>> rain = np.full(12, 60.0); pevap = np.array([7, 17, 41, 70, 103, 117, 130, 107, 62, 29, 9, 4.0])
>>> c_inp = np.full(12, 0.25); pc = np.ones(12)
>>> eq = equilibrium(np.array([20.0, 40.0]), 23.0, 3.0, temp, rain, pevap, c_inp, 0.0, pc, 1.44)
>>> eq.soc.round(2)
array([74.  , 79.13])

References
----------
Coleman K., Jenkinson D.S. (1996) RothC-26.3. https://doi.org/10.1007/978-3-642-61094-3_17 ;
Rothamsted-Models/RothC_Code v2.0.0 (commit 1e0dadcd3b89f892174494e404f0fb4aabc1c842);
Farina R. et al. (2013) https://doi.org/10.1016/j.geoderma.2013.01.021 ;
Falloon P. et al. (1998) https://doi.org/10.1016/S0038-0717(97)00256-3
"""

from fourpermille.rothc.inverse import (
    EquilibriumInput,
    FourPer1000Input,
    additional_input_for_target,
    equilibrium_input,
    four_per_1000_input,
)
from fourpermille.rothc.kernels import (
    CLASSIC,
    MoistureOptions,
    PoolRun,
    Pools,
    RateModifiers,
    SoilWaterLimits,
    annual_map,
    annual_map_split,
    fixed_point,
    matrix_power,
    matrix_power_times,
    rate_modifiers,
    run_pools,
    settled_moisture_deficit,
    soil_water_limits,
)
from fourpermille.rothc.model import (
    MONTHLY_COLUMNS,
    Equilibrium,
    Simulation,
    equilibrium,
    falloon_iom,
    simulate,
)

__all__ = [
    "CLASSIC",
    "MONTHLY_COLUMNS",
    "Equilibrium",
    "EquilibriumInput",
    "FourPer1000Input",
    "MoistureOptions",
    "PoolRun",
    "Pools",
    "RateModifiers",
    "Simulation",
    "SoilWaterLimits",
    "additional_input_for_target",
    "annual_map",
    "annual_map_split",
    "equilibrium",
    "equilibrium_input",
    "falloon_iom",
    "fixed_point",
    "four_per_1000_input",
    "matrix_power",
    "matrix_power_times",
    "rate_modifiers",
    "run_pools",
    "settled_moisture_deficit",
    "simulate",
    "soil_water_limits",
]
