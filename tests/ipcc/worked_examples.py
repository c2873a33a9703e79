"""The IPCC worked examples (tests/data/ipcc2019/README.md) and how their printed numbers are rounded."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

EXAMPLES = json.loads((Path(__file__).parents[1] / "data" / "ipcc2019" / "worked_examples.json").read_text())
BOX_2_2_FILE = Path(__file__).parents[2] / "examples" / "ipcc2019_box2_2_units.csv"
MT = 1e6  # t C per Mt C


def as_printed(value: float, decimals: int) -> float:
    """``value`` rounded as the Guidelines' spreadsheets print it: half away from zero (Excel's ROUND).

    Python's ``round`` rounds half to even on the binary value, so a stock such as 80.85 (77 x 1.05) would
    print as 80.8 instead of the Box's 80.9; the binary noise is removed first (12 significant decimals).
    """
    exact = Decimal(repr(round(float(value), 12)))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def box_2_2_units() -> pd.DataFrame:
    """Box 2.2 (Updated) inputs as a land-unit table: one row per unit and inventory year, 1 Mha each."""
    inputs = EXAMPLES["ipcc2019_box2_2_approach1"]["inputs"]
    rows = []
    for unit, uses in inputs["land_units"].items():
        for year, use in zip(inputs["years"], uses, strict=True):
            rows.append(
                {
                    "unit_id": f"unit{unit}",
                    "year": year,
                    "area_ha": inputs["unit_area_Mha"] * 1e6,
                    "soc_ref_t_ha": inputs["SOCREF_tC_ha"],
                    "f_lu": inputs["FLU"][use],
                    "f_mg": inputs["FMG"],
                    "f_i": inputs["FI"],
                }
            )
    return pd.DataFrame(rows)
