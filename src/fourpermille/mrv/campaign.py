"""From lab results per point and layer to one SOC stock per point, through :mod:`fourpermille.stocks`.

A campaign table is the stocks input layout (``depth_top_cm, depth_bottom_cm, soc_g_kg`` and
``bulk_density_g_cm3`` or the core columns, optional ``coarse_fraction_vol, som_g_kg``) with
``point_id`` (the profile) and ``stratum``. Stocks are computed to a fixed depth or at equivalent soil
mass. For ESM both campaigns share one reference mass: by default the cumulative soil mass at the
reporting depth of the lightest profile of either campaign (so no profile needs extrapolating; the
"auto" reference of SimpleESM, Ferchaud & Chlebowski 2022), or one given by the user.
"""

from __future__ import annotations

import pandas as pd

from fourpermille import stocks
from fourpermille.errors import InputError
from fourpermille.mrv.change import _list, _plain

LAYER_ID_COLUMNS = ("point_id", "stratum")


def check_layers(layers: pd.DataFrame, what: str = "campaign") -> pd.DataFrame:
    """Check a campaign's layer table; returns it with ``profile_id`` = ``point_id``.

    Raises
    ------
    InputError naming the ids: a sample (point and depth) given twice, a point in two strata.
    """
    for column in LAYER_ID_COLUMNS:
        if column not in layers:
            raise InputError(f"the {what} needs the column '{column}'", column=column)
    table = layers.copy()
    table["point_id"] = table["point_id"].astype(str)
    table["stratum"] = table["stratum"].astype(str)
    key = table[["point_id", stocks.TOP]].astype(str).agg(" at ".join, axis=1)
    dup = key.duplicated(keep=False)
    if dup.any():
        raise InputError(
            f"duplicate samples in the {what} (same point and top depth [cm]): "
            + _list(sorted(set(key[dup]))),
            row=_plain(key[dup].index[0]),
            column="point_id",
        )
    strata = table.groupby("point_id")["stratum"].nunique()
    split = strata[strata > 1].index
    if len(split):
        raise InputError(f"point(s) in more than one stratum in the {what}: {_list(split)}", column="stratum")
    table["profile_id"] = table["point_id"]
    return stocks.check_profiles(table)


def point_stocks(
    layers: pd.DataFrame,
    depth_cm: float = stocks.DEFAULT_DEPTH_CM,
    method: str = "fixed",
    esm_method: str = "spline",
    ref_mass_t_ha=None,
) -> pd.DataFrame:
    """One stock per point: ``point_id, stratum, soc_stock_t_ha, soil_mass_t_ha`` (+ ESM columns).

    Parameters
    ----------
    layers : DataFrame
        Checked layer table (:func:`check_layers`).
    depth_cm : float [cm]
        Reporting depth (fixed) or depth of the reference mass (ESM, when ``ref_mass_t_ha`` is None).
    method : {'fixed', 'esm'}
    esm_method : {'spline', 'mineral-hyman', 'hyman', 'layers'}
    ref_mass_t_ha : float [t/ha], optional
        ESM reference cumulative soil mass.
    """
    result = stocks.compute_stocks(
        layers,
        depth_cm=depth_cm,
        method=method,
        esm_method=esm_method,
        ref_mass_t_ha=None if ref_mass_t_ha is None else [float(ref_mass_t_ha)],
        cumulative=True,
    )
    strata = layers.groupby("profile_id")["stratum"].first()
    out = result.rename(columns={"profile_id": "point_id"})
    out.insert(1, "stratum", out["point_id"].map(strata).to_numpy())
    return out.reset_index(drop=True)


def campaign_stocks(
    baseline_layers: pd.DataFrame,
    repeat_layers: pd.DataFrame,
    depth_cm: float = stocks.DEFAULT_DEPTH_CM,
    esm: bool = False,
    esm_method: str = "spline",
    ref_mass_t_ha: float | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Per-point stocks of both campaigns, on the same basis (fixed depth, or the same ESM reference mass).

    Returns
    -------
    (baseline points, repeat points, info): ``info`` names the method, depth, ESM method and reference
    mass [t/ha] used.
    """
    info = {"method": "esm" if esm else "fixed", "depth_cm": float(depth_cm)}
    if esm:
        if ref_mass_t_ha is None:
            both = pd.concat(
                [
                    baseline_layers.assign(profile_id="baseline:" + baseline_layers["profile_id"]),
                    repeat_layers.assign(profile_id="repeat:" + repeat_layers["profile_id"]),
                ],
                ignore_index=True,
            )
            ref_mass_t_ha = float(
                stocks.reference_masses(both, depth_cm, "lightest", esm_method == "mineral-hyman")[-1]
            )
            info["reference"] = "lightest profile of both campaigns at the reporting depth"
        else:
            info["reference"] = "given"
        info.update(esm_method=esm_method, ref_mass_t_ha=float(ref_mass_t_ha))
        method = "esm"
    else:
        method = "fixed"
    b = point_stocks(baseline_layers, depth_cm, method, esm_method, ref_mass_t_ha)
    r = point_stocks(repeat_layers, depth_cm, method, esm_method, ref_mass_t_ha)
    return b, r, info
