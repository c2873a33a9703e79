"""The worked examples printed in the IPCC Guidelines, reproduced to the printed precision.

Inputs and printed values: tests/data/ipcc2019/worked_examples.json (README there). Each number is
rounded as printed (:func:`as_printed`) and compared for equality.
"""

import numpy as np
import pandas as pd
import pytest

from fourpermille.ipcc import soc_stock, stock_change, stock_change_factors
from tests.ipcc.worked_examples import EXAMPLES, MT, as_printed, box_2_2_units

BOX_1 = EXAMPLES["ipcc2019_box2_2_approach1"]
BOX_2 = EXAMPLES["ipcc2019_box2_2_approach2"]
YEARS = BOX_1["inputs"]["years"]


def _printed(values, decimals=1):
    return [as_printed(v, decimals) for v in values]


def test_as_printed_rounds_half_away_from_zero():
    assert as_printed(77 * 1.05, 1) == 80.9  # Python's round(80.85, 1) gives 80.8
    assert as_printed(-1.115, 1) == -1.1 and as_printed(-0.25, 1) == -0.3 and as_printed(46.464, 2) == 46.46


# --- 2019 Refinement Vol 4 Ch 2, Box 2.2 (Updated), pp. 2.36-2.37 ------------------------------------------
def test_box_2_2_land_use_areas():
    """The Box's area table (Mha under forest, grassland, cropland per year) from its six land units."""
    units = box_2_2_units()
    by_use = units.assign(use=units.f_lu.map({v: k for k, v in BOX_1["inputs"]["FLU"].items()}))
    areas = by_use.pivot_table(index="year", columns="use", values="area_ha", aggfunc="sum", fill_value=0)
    areas = areas / 1e6
    for use in "FGC":
        assert list(areas[use]) == BOX_1["printed"][f"{use}_Mha"]


def test_box_2_2_approach_1_every_printed_year():
    """Approach 1 (aggregate areas), 1990-2020: SOC_0, SOC_(0-T) and the annual change, as printed.

    The landscape is at equilibrium in 1990, so SOC_(0-T) of 1995-2005 (20 years back is before the
    inventory) is the 1990 stock.
    """
    out = stock_change(box_2_2_units(), approach=1, d_years=BOX_1["inputs"]["D_yr"])
    printed = BOX_1["printed"]
    assert list(out["year"]) == YEARS
    assert _printed(out["soc_t"] / MT) == printed["SOC0_MtC"]
    assert _printed(out["soc_t_minus_d"] / MT) == printed["SOC0minusT_MtC"]
    assert _printed(out["delta_soc_t_per_yr"] / MT) == printed["dC_mineral_MtC_per_yr"]


def test_box_2_2_approach_2_every_printed_year():
    """Approach 2 (tracked land units), 1990-2020: each unit's stock and the totals, as printed.

    A change seen at an inventory year is dated to the previous one (5 years earlier); the unit then moves
    linearly to its new equilibrium over D = 20 yr. Reading the change at the year it is seen instead gives
    456.3 Mt C in 1995 (printed: 451.8).
    """
    printed = BOX_2["printed"]
    per_unit = stock_change(box_2_2_units(), approach=2, per_unit=True)
    stocks = per_unit.pivot(index="unit_id", columns="year", values="soc_t") / MT
    for unit, values in printed["SOC0_unit_MtC"].items():
        assert _printed(stocks.loc[f"unit{unit}"]) == values, unit
    out = stock_change(box_2_2_units(), approach=2)
    assert list(out["year"]) == YEARS
    assert _printed(out["soc_t"] / MT) == printed["SOC0_total_MtC"]
    assert _printed(out["soc_t_previous"] / MT) == printed["SOC0minusT_MtC"]
    assert _printed(out["delta_soc_t_per_yr"] / MT) == printed["dC_mineral_MtC_per_yr"]
    # the per-unit rows add up to the totals
    np.testing.assert_allclose(per_unit.groupby("year")["soc_t"].sum(), out["soc_t"], rtol=1e-12)


def test_box_2_2_approach_2_trajectory_between_inventory_years():
    """Between inventory years the stock moves in equal yearly steps (unit 1: forest to cropland seen in
    1995, so 1990-2010 from 77 to 70.84 t C/ha), and the yearly change is one step."""
    units = box_2_2_units()
    out = stock_change(units[units.unit_id == "unit1"], approach=2, years=range(1990, 2021)).set_index("year")
    step = (77 * 0.92 - 77) * 1e6 / 20
    np.testing.assert_allclose(out.loc[1991:2010, "delta_soc_t_per_yr"], step, rtol=1e-12)
    np.testing.assert_allclose(out.loc[2011:2020, "delta_soc_t_per_yr"], 0.0, atol=1e-6)
    assert out.loc[1992, "soc_t"] == pytest.approx(77e6 + 2 * step, rel=1e-12)


# --- Tier 1 cropland example, Vol 4 Ch 5 Section 5.2.3 ----------------------------------------------------
def _strata(example) -> pd.DataFrame:
    inputs = example["inputs"]
    rows = [
        {
            "unit_id": f"{year}-{i}",
            "year": year,
            "area_ha": s["ha"],
            "soc_ref_t_ha": inputs["SOCREF"],
            "f_lu": inputs["FLU"],
            "f_mg": s["FMG"],
            "f_i": s["FI"],
        }
        for year, key in ((1990, "start_1990"), (2000, "end_2000"))
        for i, s in enumerate(inputs[key])
    ]
    return pd.DataFrame(rows)


def test_2006_ch5_cropland_example():
    """2006 IPCC Guidelines Vol 4 Ch 5, Section 5.2.3: 58.78 Mt C in 1990, 64.06 Mt C in 2000, a change of
    5.28 Mt C and 264,000 t C/yr (the 10-year change divided by D = 20 yr)."""
    example = EXAMPLES["ipcc2006_ch5_cropland_tier1_example"]
    out = stock_change(_strata(example), approach=1, d_years=example["inputs"]["D_yr"]).set_index("year")
    printed = example["printed"]
    assert as_printed(out.loc[1990, "soc_t"] / MT, 2) == printed["SOC_start_MtC"]
    assert as_printed(out.loc[2000, "soc_t"] / MT, 2) == printed["SOC_end_MtC"]
    assert as_printed(out.loc[2000, "soc_t_minus_d"] / MT, 2) == printed["SOC_start_MtC"]
    assert as_printed((out.loc[2000, "soc_t"] - out.loc[1990, "soc_t"]) / MT, 2) == printed["dSOC_MtC"]
    assert as_printed(out.loc[2000, "delta_soc_t_per_yr"], -3) == printed["annual_tC_per_yr"]


def test_2006_ch5_example_factors_are_the_2006_table():
    """The example's factors are the superseded 2006 Table 5.5 (temperate moist), our ``factors='2006'``:
    long-term cultivation 0.69, reduced tillage 1.08, no-till 1.15."""
    inputs = EXAMPLES["ipcc2006_ch5_cropland_tier1_example"]["inputs"]
    for management, f_mg in (("reduced_tillage", 1.08), ("no_till", 1.15)):
        f = stock_change_factors(
            "warm_temperate_moist", "long_term_cultivated", management, "medium", factors="2006"
        )
        assert (f.f_lu.value, f.f_mg.value) == (inputs["FLU"], f_mg)
    assert {s["FMG"] for s in inputs["end_2000"]} == {1, 1.08, 1.15}


def test_2019_ch5_cropland_example_with_its_arithmetic_corrected():
    """2019 Refinement Vol 4 Ch 5, Section 5.2.3, pp. 5.37-5.38.

    The start stock is printed as 46.46 Mt C and reproduced. The end stock is printed as 49.06 Mt C, but the
    example's own inputs give 200,000 x 64 x 0.75 x 0.92 + 700,000 x 64 x 0.75 x 1.01 + 100,000 x 64 x
    0.75 x 1.11 t C = 8.832 + 33.936 + 5.328 = 48.096 Mt C; the printed change (2.6 Mt C) and annual rate
    (130,000 t C/yr) follow from the misprinted 49.06. We assert the arithmetic of the inputs: 48.096 Mt C,
    a change of 1.632 Mt C and 81,600 t C/yr (the 10-year change divided by D = 20 yr).
    """
    example = EXAMPLES["ipcc2019_ch5_cropland_tier1_example"]
    out = stock_change(_strata(example), approach=1, d_years=example["inputs"]["D_yr"]).set_index("year")
    assert as_printed(out.loc[1990, "soc_t"] / MT, 2) == example["printed"]["SOC_start_MtC"]
    assert out.loc[1990, "soc_t"] / MT == pytest.approx(example["check"]["SOC_start_MtC"], rel=1e-12)
    assert out.loc[2000, "soc_t"] / MT == pytest.approx(48.096, rel=1e-12)
    assert example["check"]["SOC_end_MtC"] == 48.096 and example["printed"]["SOC_end_MtC"] == 49.06
    assert out.loc[2000, "delta_soc_t_per_yr"] == pytest.approx(81_600, rel=1e-12)
    assert example["check"]["annual_tC_per_yr"] == 81_600


# --- Cropland converted to grassland, 2019 Refinement Vol 4 Ch 6 Section 6.3.3, p. 6.16 -------------------
@pytest.mark.parametrize("approach", [1, 2])
def test_2019_ch6_cropland_to_grassland_example(approach):
    """SOC_(0-T) = 70 x 0.9 x 1 x 0.92 = 57.96 (printed 58.0), SOC_0 = 70 x 1 x 1.17 x 1 = 81.9, and
    (81.9 - 57.96) / 20 = 1.197 t C/ha/yr (printed 1.2), for one hectare converted D = 20 years ago."""
    example = EXAMPLES["ipcc2019_ch6_cropland_to_grassland_example"]
    inputs, printed = example["inputs"], example["printed"]
    d = inputs["D_yr"]
    units = pd.DataFrame(
        [
            {
                "unit_id": "ha",
                "year": year,
                "area_ha": 1.0,
                "soc_ref_t_ha": inputs["SOCREF"],
                "f_lu": state["FLU"],
                "f_mg": state["FMG"],
                "f_i": state["FI"],
            }
            for year, state in ((2000, inputs["start"]), (2000 + d, inputs["end"]))
        ]
    )
    row = stock_change(units, approach=approach, d_years=d).set_index("year").loc[2000 + d]
    before = row["soc_t_minus_d" if approach == 1 else "soc_t_previous"]
    assert as_printed(before, 1) == printed["SOC0minusT_tC_ha"]
    assert as_printed(row.soc_t, 1) == printed["SOC0_tC_ha"]
    assert as_printed(row.delta_soc_t_per_yr, 1) == printed["dC_tC_ha_yr"]
    check = example["check"]
    assert (before, row.soc_t, row.delta_soc_t_per_yr) == pytest.approx(
        (check["SOC0minusT_tC_ha"], check["SOC0_tC_ha"], check["dC_tC_ha_yr"]), rel=1e-12
    )
    assert soc_stock(inputs["SOCREF"], inputs["end"]["FLU"], inputs["end"]["FMG"], inputs["end"]["FI"]) == (
        pytest.approx(81.9)
    )
