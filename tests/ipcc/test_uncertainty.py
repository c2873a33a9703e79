"""Monte Carlo from the published errors: the two conventions, shared entries, seeds."""

import numpy as np
import pandas as pd
import pytest

from fourpermille.errors import ParameterError
from fourpermille.ipcc import stock_change
from fourpermille.ipcc.tables import resolve_table
from fourpermille.ipcc.uncertainty import Z_95, draw_equilibrium, sd_from_ci95, sd_from_two_sd


def test_the_two_conventions_differ():
    # A 95 % CI of 20 % is 20/1.96 % per SD; an error of +-2 SD of 20 % is 10 % per SD.
    assert Z_95 == pytest.approx(1.959964, abs=1e-6)
    assert sd_from_ci95(100.0, 20.0) == pytest.approx(20.0 / 1.959964)
    assert sd_from_two_sd(100.0, 20.0) == pytest.approx(10.0)


def _one_row(**errors):
    table = pd.DataFrame({"soc_ref_t_ha": [50.0], "f_lu": [1.0], "f_mg": [1.0], "f_i": [1.0], **errors})
    return resolve_table(table)


def test_draws_follow_each_convention():
    socref = draw_equilibrium(_one_row(soc_ref_ci95_pct=[20.0]), 40_000, seed=1)[:, 0]
    factor = draw_equilibrium(_one_row(f_lu_err2sd_pct=[20.0]), 40_000, seed=1)[:, 0]
    assert socref.std() == pytest.approx(50 * 0.20 / 1.959964, rel=0.03)
    assert factor.std() == pytest.approx(50 * 0.10, rel=0.03)
    assert np.quantile(socref, 0.975) - 50 == pytest.approx(10.0, rel=0.05)  # the CI half-width


def test_draws_are_positive_and_exact_entries_stay_exact():
    wide = draw_equilibrium(_one_row(soc_ref_ci95_pct=[90.0], f_lu_err2sd_pct=[90.0]), 20_000, seed=3)
    assert (wide > 0).all()
    exact = draw_equilibrium(_one_row(), 10, seed=3)
    np.testing.assert_array_equal(exact, 50.0)


def _inventory():
    return pd.DataFrame(
        {
            "unit_id": ["a", "a", "b", "b"],
            "year": [1990, 2010, 1990, 2010],
            "area_ha": [500.0] * 4,
            "climate_zone": "tropical_moist",
            "soil_class": "LAC",
            "land_use": "long_term_cultivated",
            "management": ["full_tillage", "no_till", "full_tillage", "full_tillage"],
            "input": "medium",
        }
    )


def test_interval_is_seedable_and_brackets_the_estimate():
    a = stock_change(_inventory(), n_draws=2000, seed=42, years=[2010])
    b = stock_change(_inventory(), n_draws=2000, seed=42, years=[2010])
    c = stock_change(_inventory(), n_draws=2000, seed=7, years=[2010])
    pd.testing.assert_frame_equal(a, b)
    assert a["delta_soc_t_per_yr_lower"].iloc[0] != c["delta_soc_t_per_yr_lower"].iloc[0]
    row = a.iloc[0]
    assert row.delta_soc_t_per_yr_lower < row.delta_soc_t_per_yr < row.delta_soc_t_per_yr_upper
    assert row.soc_t_lower < row.soc_t < row.soc_t_upper
    assert a.attrs["n_draws"] == 2000 and a.attrs["seed"] == 42


def test_shared_entries_cancel_in_the_difference():
    # Unit b keeps its management: the same table entries at both dates, so its change is exactly 0 in
    # every draw, even though its stock is uncertain.
    out = stock_change(_inventory(), n_draws=500, seed=1, per_unit=True, years=[2010]).set_index("unit_id")
    assert out.loc["b", "delta_soc_t_per_yr_lower"] == 0.0 == out.loc["b", "delta_soc_t_per_yr_upper"]
    assert out.loc["b", "soc_t_lower"] < out.loc["b", "soc_t_upper"]
    assert out.loc["a", "delta_soc_t_per_yr_lower"] > 0  # no-till in Table 5.5 (Updated): 1.10 +-5 %


def test_bad_number_of_draws():
    with pytest.raises(ParameterError, match="whole number >= 1"):
        draw_equilibrium(_one_row(), 0)
