"""Tier 1 stock change: Eq. 2.25, Approach 1 and Approach 2/3, bad input."""

import numpy as np
import pandas as pd
import pytest

from fourpermille.errors import InputError, ParameterError
from fourpermille.ipcc import soc_stock, stock_change


def _units(rows):
    table = pd.DataFrame(rows, columns=["unit_id", "year", "area_ha", "soc_ref_t_ha", "f_lu", "f_mg", "f_i"])
    table.index = pd.RangeIndex(2, 2 + len(table))  # spreadsheet rows
    return table


def test_eq_2_25_product():
    assert soc_stock(64.0, 0.69, 1.10, 1.11) == pytest.approx(64 * 0.69 * 1.10 * 1.11)
    np.testing.assert_allclose(soc_stock(np.array([50.0, 80.0]), 0.5, 1.0, 1.0, area=10.0), [250.0, 400.0])


def test_approach1_compares_with_the_stock_d_years_earlier():
    units = _units(
        [
            ("a", 1990, 100.0, 80.0, 0.7, 1.0, 1.0),
            ("a", 2010, 100.0, 80.0, 0.7, 1.1, 1.0),
        ]
    )
    out = stock_change(units, approach=1, d_years=20)
    assert list(out["year"]) == [1990, 2010]  # every inventory year
    row = out.iloc[1]
    assert row.soc_t == pytest.approx(100 * 80 * 0.7 * 1.1)
    assert row.soc_t_minus_d == pytest.approx(100 * 80 * 0.7)
    assert row.delta_soc_t_per_yr == pytest.approx(100 * 80 * 0.7 * 0.1 / 20)
    # the first inventory year is at equilibrium: compared with itself, no change
    assert out.iloc[0].soc_t_minus_d == out.iloc[0].soc_t and out.iloc[0].delta_soc_t_per_yr == 0.0


def test_approach1_takes_years_before_the_inventory_at_its_first_year():
    units = _units(
        [
            ("a", 2000, 100.0, 80.0, 0.7, 1.0, 1.0),
            ("a", 2005, 100.0, 80.0, 0.7, 1.1, 1.0),
            ("a", 2030, 100.0, 80.0, 0.7, 1.0, 1.0),
        ]
    )
    out = stock_change(units, approach=1, d_years=20, years=[2005, 2024, 2025, 2030]).set_index("year")
    first, second = 100 * 80 * 0.7, 100 * 80 * 0.7 * 1.1
    assert list(out["soc_t_minus_d"]) == pytest.approx([first, first, second, second])
    step = (second - first) / 20
    assert list(out["delta_soc_t_per_yr"]) == pytest.approx([step, step, 0.0, -step])
    with pytest.raises(InputError, match="year 1999 is before the first inventory year 2000"):
        stock_change(units, approach=1, years=[1999, 2005])


def test_approach2_dates_a_change_to_the_previous_inventory_year():
    units = _units(
        [
            ("a", 2000, 1.0, 80.0, 0.7, 1.0, 1.0),
            ("a", 2005, 1.0, 80.0, 0.7, 1.1, 1.0),
        ]
    )
    out = stock_change(units, approach=2, d_years=20, years=range(2000, 2031)).set_index("year")
    old, new = 80 * 0.7, 80 * 0.7 * 1.1
    step = (new - old) / 20
    assert out.loc[2000, "soc_t"] == pytest.approx(old)
    assert out.loc[2001, "soc_t"] == pytest.approx(old + step)  # seen in 2005, moving since 2000
    assert out.loc[2005, "soc_t"] == pytest.approx(old + 5 * step)
    assert out.loc[2020, "soc_t"] == pytest.approx(new)  # D = 20 steps: 2001..2020
    assert out.loc[2030, "soc_t"] == pytest.approx(new)
    np.testing.assert_allclose(out.loc[2001:2020, "delta_soc_t_per_yr"], step)
    assert out.loc[2021, "delta_soc_t_per_yr"] == pytest.approx(0.0)
    assert out.loc[2021, "soc_t_previous"] == pytest.approx(new)
    # at the inventory years (the default): the mean yearly change over each inventory period
    inventory = stock_change(units, approach=2, d_years=20).set_index("year")
    assert list(inventory.index) == [2000, 2005]
    assert inventory.loc[2005, "soc_t_previous"] == pytest.approx(old)
    assert inventory.loc[2005, "delta_soc_t_per_yr"] == pytest.approx(step)


def test_approach2_with_yearly_records_moves_in_the_year_of_the_change():
    units = _units([("a", y, 1.0, 80.0, 0.7, 1.0 if y < 2005 else 1.1, 1.0) for y in range(2000, 2011)])
    out = stock_change(units, approach=2, d_years=20).set_index("year")
    old, new = 80 * 0.7, 80 * 0.7 * 1.1
    assert out.loc[2004, "soc_t"] == pytest.approx(old)
    assert out.loc[2005, "soc_t"] == pytest.approx(old + (new - old) / 20)


def test_approach2_restarts_from_the_stock_at_a_second_change():
    units = _units(
        [
            ("a", 2000, 1.0, 100.0, 1.0, 1.0, 1.0),
            ("a", 2001, 1.0, 100.0, 0.5, 1.0, 1.0),
            ("a", 2010, 1.0, 100.0, 0.5, 1.0, 1.0),
            ("a", 2011, 1.0, 100.0, 1.0, 1.0, 1.0),
        ]
    )
    out = stock_change(units, approach=2, d_years=20, years=range(2001, 2040)).set_index("year")
    at_change = 100 - 50 * 10 / 20  # 10 steps towards 50 in 2001..2010
    assert out.loc[2010, "soc_t"] == pytest.approx(at_change)
    assert out.loc[2011, "soc_t"] == pytest.approx(at_change + (100 - at_change) / 20)
    assert out.loc[2030, "soc_t"] == pytest.approx(100.0)


def test_approaches_agree_on_a_single_change_and_per_unit_sums_to_totals():
    units = _units(
        [
            ("a", 1990, 200.0, 64.0, 0.69, 1.0, 0.92),
            ("b", 1990, 300.0, 64.0, 0.69, 1.0, 1.0),
            ("a", 2010, 200.0, 64.0, 0.69, 1.10, 1.11),
            ("b", 2010, 300.0, 64.0, 0.69, 1.0, 1.0),
        ]
    )
    # inventory years D apart: the same stocks, earlier stocks and annual changes
    one = stock_change(units, approach=1, d_years=20)
    two = stock_change(units, approach=2, d_years=20)
    np.testing.assert_allclose(one["soc_t"], two["soc_t"])
    np.testing.assert_allclose(one["soc_t_minus_d"], two["soc_t_previous"])
    np.testing.assert_allclose(one["delta_soc_t_per_yr"], two["delta_soc_t_per_yr"])
    per_unit = stock_change(units, approach=2, d_years=20, years=range(1990, 2030), per_unit=True)
    summed = per_unit.groupby("year")[["soc_t", "delta_soc_t_per_yr"]].sum()
    every_year = stock_change(units, approach=2, d_years=20, years=range(1990, 2030))
    np.testing.assert_allclose(summed["soc_t"], every_year["soc_t"])
    np.testing.assert_allclose(summed["delta_soc_t_per_yr"], every_year["delta_soc_t_per_yr"])
    per_unit1 = stock_change(units, approach=1, per_unit=True)
    assert set(per_unit1["unit_id"]) == {"a", "b"}
    summed1 = per_unit1.groupby("year")["delta_soc_t_per_yr"].sum()
    np.testing.assert_allclose(summed1, one["delta_soc_t_per_yr"])


def test_approach2_land_entering_later_adds_no_change():
    units = _units(
        [
            ("a", 2000, 10.0, 80.0, 0.7, 1.0, 1.0),
            ("b", 2005, 20.0, 80.0, 0.5, 1.0, 1.0),
        ]
    )
    out = stock_change(units, approach=2).set_index("year")
    assert out.loc[2005, "soc_t"] == pytest.approx(10 * 56 + 20 * 40)
    assert out.loc[2005, "soc_t_previous"] == pytest.approx(out.loc[2005, "soc_t"])
    assert out.loc[2005, "delta_soc_t_per_yr"] == 0.0


def test_approach3_is_computed_as_approach2():
    units = _units([("a", 2000, 1.0, 80.0, 0.7, 1.0, 1.0), ("a", 2001, 1.0, 80.0, 0.7, 1.1, 1.0)])
    pd.testing.assert_frame_equal(stock_change(units, approach=3), stock_change(units, approach=2))


def test_initial_stock_off_equilibrium():
    units = _units([("a", 2000, 1.0, 80.0, 0.5, 1.0, 1.0)]).assign(soc_initial_t_ha=60.0)
    out = stock_change(units, approach=2, d_years=20, years=[2001, 2020]).set_index("year")
    assert out.loc[2001, "soc_t"] == pytest.approx(60 - 20 / 20)
    assert out.loc[2020, "soc_t"] == pytest.approx(40.0)


def test_names_are_looked_up():
    units = pd.DataFrame(
        {
            "unit_id": ["a", "a"],
            "year": [1990, 2010],
            "area_ha": [1000.0, 1000.0],
            "climate_zone": ["W1", "W1"],
            "soil_class": ["HAC", "HAC"],
            "land_use": ["long_term_cultivated"] * 2,
            "management": ["full_tillage", "no_till"],
            "input": ["medium", "medium"],
        }
    )
    out = stock_change(units).set_index("year")
    # Table 2.3 (Updated) W1 HAC 64; Table 5.5 (Updated) W1: F_LU 0.69, no-till 1.10.
    assert out.loc[2010, "delta_soc_t_per_yr"] == pytest.approx(1000 * 64 * 0.69 * 0.10 / 20)
    assert any("Table 5.5" in s for s in out.attrs["sources"])


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"area_ha": [100.0, 0.0]}, "area_ha", "outside the allowed range"),
        ({"area_ha": [100.0, -5.0]}, "area_ha", "outside the allowed range"),
        ({"year": [2010, 1990]}, "year", "out of order"),
        ({"year": [2010, 2010]}, "year", "repeated"),
        ({"year": [2010, 2010.5]}, "year", "whole year"),
        ({"area_ha": [100.0, "lots"]}, "area_ha", "must be a number"),
    ],
)
def test_bad_units(change, column, message):
    units = _units([("a", 1990, 100.0, 80.0, 0.7, 1.0, 1.0), ("a", 2010, 100.0, 80.0, 0.7, 1.1, 1.0)])
    for key, values in change.items():
        units[key] = values
    with pytest.raises(InputError, match=message) as info:
        stock_change(units)
    assert info.value.row == 3 and info.value.column == column


def test_bad_options():
    units = _units([("a", 1990, 100.0, 80.0, 0.7, 1.0, 1.0)])
    with pytest.raises(ParameterError, match="approach must be one of 1, 2, 3"):
        stock_change(units, approach=4)
    with pytest.raises(ParameterError, match="d_years must be a whole number >= 1"):
        stock_change(units, d_years=0)
    with pytest.raises(InputError, match="needs the column 'area_ha'"):
        stock_change(units.drop(columns="area_ha"))


def test_tracked_unit_keeps_its_area():
    units = _units([("a", 1990, 100.0, 80.0, 0.7, 1.0, 1.0), ("a", 2010, 50.0, 80.0, 0.7, 1.1, 1.0)])
    with pytest.raises(InputError, match="keeps its area") as info:
        stock_change(units, approach=2)
    assert info.value.row == 3
