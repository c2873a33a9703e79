"""Reading soil profile tables (one row per layer) for :mod:`fourpermille.stocks`."""

from __future__ import annotations

import os

import pandas as pd

from fourpermille import stocks
from fourpermille.errors import InputError
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
