"""Reading soil profile tables (one row per layer) for :mod:`fourpermille.stocks`."""

from __future__ import annotations

import os

import pandas as pd

from fourpermille import stocks
from fourpermille.errors import InputError, ParameterError
from fourpermille.io.tables import read_csv_table


def read_profiles(path: str | os.PathLike) -> pd.DataFrame:
    """Read and check a profile CSV.

    Columns: ``profile_id, depth_top_cm, depth_bottom_cm, soc_g_kg`` and either ``bulk_density_g_cm3`` or
    ``sample_mass_g, core_diameter_mm, cores_per_sample``; optional ``coarse_fraction_vol, som_g_kg``
    (docs/nomenclature.md for units).

    Returns
    -------
    DataFrame indexed by spreadsheet row (header = row 1), numeric columns as float, ``profile_id`` as
    text, ``bulk_density_g_cm3`` filled in from the core columns where needed.

    Raises
    ------
    InputError
        Naming the file, row and column: missing or misspelt columns, non-numbers, non-finite values
        (``inf``, ``1e400``) and values outside their physical range (``stocks.PROFILE_RANGES``, the one
        place the ranges are kept; the message gives the allowed range), ``depth_top_cm >=
        depth_bottom_cm``, overlapping or gapped layers.
    """
    table = read_csv_table(
        path,
        required=stocks.REQUIRED_COLUMNS,
        numeric=stocks.NUMERIC_COLUMNS,
        optional=stocks.OPTIONAL_COLUMNS,
        finite=False,  # stocks.check_profiles refuses inf naming the column's range
    )  # bulk density or the core columns: checked by stocks.check_profiles, after misspelt names
    try:
        return stocks.check_profiles(table)
    except InputError as exc:
        raise exc.in_file(os.fspath(path)) from None


def stocks_of_file(
    path: str | os.PathLike,
    *,
    depth_cm,
    method: str = "fixed",
    esm_method: str = "spline",
    ref_mass_t_ha=None,
    reference_path: str | os.PathLike | None = None,
    cumulative: bool = False,
    max_extrapolation: float = stocks.MAX_EXTRAPOLATION_FRACTION,
    on_step=None,
) -> pd.DataFrame:
    """SOC stocks (:func:`fourpermille.stocks.compute_stocks`) of the profiles in a CSV file.

    The one path from a profile file to its stocks, for ``fourpermille stocks`` and the platform's online
    toolbox. ESM without ``ref_mass_t_ha`` takes the reference masses from the mean of the profiles in
    ``reference_path`` when given (else the lightest profile, as ``compute_stocks``). ``on_step(text)``
    hears what is being done (a command's spinner). Errors name the file they come from.
    """
    step = on_step or (lambda text: None)
    step(f"reading {os.fspath(path)}")
    table = read_profiles(path)
    refs = ref_mass_t_ha
    if refs is None and reference_path is not None and method == "esm":
        step(f"reference masses from {os.fspath(reference_path)}")
        reference = read_profiles(reference_path)
        try:
            refs = stocks.reference_masses(
                reference, depth_cm, "mean", mineral=esm_method == "mineral-hyman"
            ).tolist()
        except ParameterError:
            raise
        except InputError as exc:
            raise exc.in_file(os.fspath(reference_path)) from None
    step(f"computing stocks of {table.profile_id.nunique()} profiles")
    try:
        return stocks.compute_stocks(
            table,
            depth_cm=depth_cm,
            method=method,
            esm_method=esm_method,
            ref_mass_t_ha=refs,
            cumulative=cumulative,
            max_extrapolation=max_extrapolation,
        )
    except ParameterError:
        raise
    except InputError as exc:
        raise exc.in_file(os.fspath(path)) from None
