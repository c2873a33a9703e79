"""Result tables written as CSV, the same bytes whoever writes them.

The command line (``fourpermille stocks``, ``target``, ``tier1``) writes these files and the platform's
online toolbox offers the same tables for download: both go through :func:`csv_text`, so a table computed
from the same input is the same file, digit for digit.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from fourpermille.errors import check_choice
from fourpermille.io.files import atomic_path

if TYPE_CHECKING:
    import pandas as pd

#: Number format of each result table's floats (printf style): as many digits as the method warrants.
FLOAT_FORMATS = {
    "stocks": "%.10g",  # stocks and masses [t/ha]: full precision, for ESM comparisons between campaigns
    "target": "%.6g",  # the target trajectory [t C/ha]
    "tier1": "%.6f",  # IPCC Tier 1 stocks and changes [t C], six decimals as the inventory tables
}


def csv_text(table: pd.DataFrame, kind: str) -> str:
    """The CSV of a result ``table`` of ``kind`` (one of :data:`FLOAT_FORMATS`), without its index."""
    check_choice("kind", kind, FLOAT_FORMATS)
    return table.to_csv(index=False, float_format=FLOAT_FORMATS[kind], lineterminator="\n")


def write_csv(table: pd.DataFrame, path: str | os.PathLike, kind: str) -> None:
    """Write :func:`csv_text` to ``path`` through :func:`~fourpermille.io.files.atomic_path`."""
    text = csv_text(table, kind)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
