"""RothC trajectory of an ex-ante estimate: the project's stock with the practices' extra carbon input.

Steps (all with :mod:`fourpermille.rothc`, vectorised over the three input cases value / low / high):

1. The current stock SOC0 is taken to be RothC's equilibrium under current management: the plant input that
   gives it is found in closed form (:func:`fourpermille.rothc.equilibrium_input`, IOM from Falloon et al.
   1998), spread over the year as ``climate.plant_input_share`` (even by default).
2. From those equilibrium pools, RothC runs ``years`` years with the same monthly climate, the plant input
   raised by the extra input of the plan (``extra_input_t_c_ha_yr``, t C/ha/yr, spread the same way).
3. The extra input the 4 per 1000 target needs at the horizon is given too (closed-form inverse,
   :func:`fourpermille.rothc.four_per_1000_input`).

Without an extra input the run stays at SOC0 (the baseline). RothC's DPM/RPM ratio of the input is 1.44, the
value for agricultural crops and improved grassland.

References
----------
Coleman K., Jenkinson D.S. (1996) RothC-26.3. https://doi.org/10.1007/978-3-642-61094-3_17
Falloon P. et al. (1998) https://doi.org/10.1016/S0038-0717(97)00256-3
"""

from __future__ import annotations

import numpy as np

from fourpermille.rothc import equilibrium, equilibrium_input, four_per_1000_input, kernels

#: DPM/RPM ratio of plant inputs for agricultural crops and improved grassland [-] (RothC-26.3 manual,
#: Coleman & Jenkinson 1996).
DPM_RPM_CROPS = 1.44
MONTHS_PER_YEAR = 12


def rothc_trajectory(project, soc0: float) -> dict:
    """Yearly RothC stock [t C/ha] of a project with its extra input (value, low, high).

    Parameters
    ----------
    project : fourpermille.estimate.Project
        With ``climate`` (12 monthly temperature_c [°C], rain_mm [mm], evaporation_mm [mm], optional
        plant_cover [0/1], plant_input_share [-]), ``clay_pct`` [%], ``depth_cm`` [cm], ``years``.
    soc0 : float [t C/ha]
        Current stock, taken as the equilibrium under current management.

    Returns
    -------
    dict: ``rothc_soc_t_ha`` (and ``_lower``/``_upper`` when the extra input has a range), arrays of
    length years + 1; ``rothc_plant_input_t_c_ha_yr`` (current input at equilibrium),
    ``rothc_extra_input_t_c_ha_yr``, ``rothc_iom_t_ha``, ``rothc_extra_input_for_4p1000_t_c_ha_yr``.
    """
    climate = project.climate
    temp, rain, pevap = climate["temperature_c"], climate["rain_mm"], climate["evaporation_mm"]
    pc = climate.get("plant_cover", np.ones(MONTHS_PER_YEAR))
    share = climate.get("plant_input_share", np.full(MONTHS_PER_YEAR, 1.0 / MONTHS_PER_YEAR))
    share = share / share.sum()
    clay, depth = project.clay_pct, project.depth_cm
    dpm_rpm = np.full(MONTHS_PER_YEAR, DPM_RPM_CROPS)
    fym = np.zeros(MONTHS_PER_YEAR)
    current = equilibrium_input(clay, depth, temp, rain, pevap, share, fym, pc, dpm_rpm, soc0)
    eq = equilibrium(clay, depth, current.iom, temp, rain, pevap, current.c_inp, fym, pc, dpm_rpm)
    extra = np.asarray(project.extra_input_t_c_ha_yr or (0.0, 0.0, 0.0), float)  # value, low, high
    c_inp = current.c_inp + extra[:, None] * share  # (3, 12)
    months = project.years * MONTHS_PER_YEAR
    rms = kernels.rate_modifiers(temp, rain, pevap, pc, clay, depth, smd0=eq.smd)
    pools0 = kernels.Pools(*(np.broadcast_to(x, (3,)) for x in eq.pools))
    run = kernels.run_pools(pools0, rms.rate_m, clay, c_inp, fym, dpm_rpm, record="year", months=months)
    yearly = run.pools.dpm + run.pools.rpm + run.pools.bio + run.pools.hum + eq.iom  # (3, years)
    soc = np.concatenate([np.full((3, 1), float(eq.soc)), yearly], axis=1)
    need = four_per_1000_input(
        clay, depth, current.iom, temp, rain, pevap, current.c_inp, fym, pc, dpm_rpm, project.years
    )
    out = {
        "rothc_soc_t_ha": soc[0],
        "rothc_plant_input_t_c_ha_yr": float(current.c_inp_t_ha_yr),
        "rothc_extra_input_t_c_ha_yr": float(extra[0]),
        "rothc_iom_t_ha": float(current.iom),
        "rothc_extra_input_for_4p1000_t_c_ha_yr": float(need.required_additional_input_t_ha_yr),
    }
    if extra[1] != extra[2]:
        out["rothc_soc_t_ha_lower"] = soc[1]
        out["rothc_soc_t_ha_upper"] = soc[2]
    return out
