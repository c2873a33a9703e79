"""fourpermille.sitedata: units, depth averages, precedence of sources, ranges, missing values."""

from __future__ import annotations

import numpy as np
import pytest

from fourpermille.errors import InputError
from fourpermille.rothc.parameters import PAN_COEFFICIENT
from fourpermille.sitedata import (
    SiteData,
    SoilLayer,
    depth_weighted_mean,
    from_soilgrids,
    pevap_from_pet,
    zone_names,
)


def test_pevap_from_pet_inverts_rothcs_pan_coefficient():
    # RothC: evapotranspiration = 0.75 x open-pan evaporation (Coleman & Jenkinson 2014)
    assert PAN_COEFFICIENT == 0.75
    np.testing.assert_allclose(pevap_from_pet([0.0, 30.0, 75.0]), [0.0, 40.0, 100.0])


def test_soilgrids_three_layers_weighted_by_thickness_over_0_30_cm():
    # SoilGrids' clay maps 0-5, 5-15, 15-30 cm: weights 5, 10, 15 over 30 cm (hand computed)
    layers = [
        SoilLayer(0, 5, np.array([30.0, 10.0])),
        SoilLayer(5, 15, np.array([20.0, 10.0])),
        SoilLayer(15, 30, np.array([10.0, np.nan])),
    ]
    got = depth_weighted_mean(layers)
    assert got[0] == pytest.approx((5 * 30 + 10 * 20 + 15 * 10) / 30)
    assert np.isnan(got[1])  # a missing layer gives no mean, not a mean of part of the depth


def test_a_layer_reaching_below_the_interval_counts_with_its_part_inside():
    layers = [SoilLayer(0, 20, np.array([10.0])), SoilLayer(20, 60, np.array([40.0]))]
    assert depth_weighted_mean(layers)[0] == pytest.approx((20 * 10 + 10 * 40) / 30)


@pytest.mark.parametrize(
    "layers, message",
    [
        ([SoilLayer(0, 5, np.ones(1)), SoilLayer(15, 30, np.ones(1))], "leave 5-15 cm uncovered"),
        ([SoilLayer(0, 5, np.ones(1))], "stop at 5 cm"),
        ([SoilLayer(5, 0, np.ones(1))], "bottom must be below the top"),
        ([], "no soil layers"),
    ],
)
def test_layers_that_do_not_cover_0_30_cm_are_refused(layers, message):
    with pytest.raises(InputError, match=message):
        depth_weighted_mean(layers)


def test_soilgrids_units_convert_as_published():
    # Poggio et al. 2021 / the web service's unit_measure: clay g/kg with conversion factor 10 -> %
    assert float(from_soilgrids("clay", "g/kg", 254)) == pytest.approx(25.4)
    assert float(from_soilgrids("ocs", "t/ha", 52)) == pytest.approx(52.0)
    with pytest.raises(InputError, match="expected 'g/kg'"):
        from_soilgrids("clay", "%", 25)
    with pytest.raises(InputError, match="not used here"):
        from_soilgrids("phh2o", "pH*10", 65)


def test_first_source_wins_and_each_value_records_its_source():
    data = SiteData.empty(["a", "b", "c"])
    assert data.fill("clay", [12.0, np.nan, np.nan], "sites table") == 1
    assert data.fill("clay", [99.0, 20.0, np.nan], "table") == 1
    assert data.fill("clay", [50.0, 50.0, 30.0], "raster") == 1
    np.testing.assert_array_equal(data.clay, [12.0, 20.0, 30.0])
    assert list(data.sources["clay"]) == ["sites table", "table", "raster"]


def test_a_monthly_series_is_taken_whole_from_one_source():
    data = SiteData.empty(["a"])
    partial = np.full((1, 12), 10.0)
    partial[0, 5] = np.nan
    assert data.fill("temp", partial, "table") == 0
    assert data.fill("temp", np.arange(12.0).reshape(1, 12), "raster") == 1
    np.testing.assert_array_equal(data.temp[0], np.arange(12.0))


def test_values_out_of_range_name_the_site_the_month_and_the_range():
    data = SiteData.empty(["a", "b"])
    message = r"row b, column 'clay': 120 is outside the allowed range \[0, 100\] %"
    with pytest.raises(InputError, match=message):
        data.fill("clay", [10.0, 120.0], "raster")
    rain = np.full((2, 12), 50.0)
    rain[0, 2] = -1.0
    with pytest.raises(InputError, match="month 3"):
        data.fill("rain", rain, "raster")


def test_climate_zone_names_are_checked_and_missing_values_listed():
    data = SiteData.empty(["a", "b"])
    data.fill("climate_zone", ["W1", ""], "table")
    assert data.climate_zone[0] == "warm_temperate_moist"
    with pytest.raises(InputError, match="row b"):
        data.fill("climate_zone", ["", "tropical_snowy"], "table")
    missing = data.missing()
    assert ("a", "clay") in missing and ("b", "climate_zone") in missing and ("a", "temp") in missing
    assert ("a", "climate_zone") not in missing


def test_zone_codes_go_through_the_users_code_table():
    names = zone_names([1.0, np.nan, 2.0], {1: "C1", 2: "tropical_dry"})
    assert list(names) == ["cool_temperate_moist", "", "tropical_dry"]
    with pytest.raises(InputError, match="code 7 is not in the code table"):
        zone_names([7.0], {1: "C1"})
