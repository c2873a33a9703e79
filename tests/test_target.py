import numpy as np
import pandas as pd
import pytest

from fourpermille import target
from fourpermille.errors import InputError, ParameterError


def test_linear_target_is_soc0_times_one_plus_rate_t():
    # 4 per 1000 definition (initiative, COP21): +0.4 % of the initial stock per year.
    assert target.target_stock(45.0, 30) == pytest.approx(45.0 * 1.12)
    assert target.target_stock(50.0, 1) == pytest.approx(50.2)


def test_compound_target_is_soc0_times_1004_power_t():
    assert target.target_stock(45.0, 30, growth="compound") == pytest.approx(45.0 * 1.004**30)


def test_initiative_key_figure_52_to_58_6_over_30_years():
    # Initiative key figures (shared/reference/initiative/README.md): mean crop soil stock
    # 52.0 -> 58.6 t C/ha after 30 years of 4 per 1000, i.e. compound growth 52 x 1.004^30 = 58.61.
    assert round(target.target_stock(52.0, 30, growth="compound"), 1) == 58.6


def test_array_input_broadcasts():
    out = target.target_stock(np.array([10.0, 20.0]), np.array([10, 20]))
    np.testing.assert_allclose(out, [10.4, 21.6])


def test_declining_baseline_target_is_relative_to_baseline():
    table = target.trajectory(40.0, 10, baseline_rate=-0.002)
    last = table.iloc[-1]
    assert last.baseline_soc_t_ha == pytest.approx(40.0 * (1 - 0.02))
    assert last.target_soc_t_ha == pytest.approx(40.0 * (1 - 0.02) + 40.0 * 0.04)
    assert last.additional_co2e_t_ha == pytest.approx(1.6 * 44 / 12)
    assert table.attrs["baseline_type"] == "C"


@pytest.mark.parametrize(("rate", "kind"), [(0.003, "A"), (0.0, "B"), (-0.003, "C")])
def test_baseline_types(rate, kind):
    assert target.trajectory(30.0, 20, baseline_rate=rate).attrs["baseline_type"] == kind


def test_gap_of_observed_series():
    observed = pd.Series({0: 40.0, 5: 40.5, 10: 41.0})
    table = target.trajectory(40.0, 10, observed=observed)
    assert table.loc[10, "gap_t_ha"] == pytest.approx(41.0 - 41.6)
    assert np.isnan(table.loc[3, "gap_t_ha"])


def test_given_baseline_series_must_cover_years():
    with pytest.raises(InputError, match="misses years"):
        target.trajectory(40.0, 3, baseline=pd.Series({0: 40.0, 1: 40.0}))


def test_bad_growth_lists_allowed():
    with pytest.raises(ParameterError, match="linear, compound"):
        target.target_stock(40, 10, growth="exponential")


@pytest.mark.parametrize("soc0", [0.0, -1.0, float("nan")])
def test_bad_soc0(soc0):
    with pytest.raises(InputError, match="soc0"):
        target.trajectory(soc0, 10)
