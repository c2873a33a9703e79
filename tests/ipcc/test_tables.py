"""Default tables and lookups. Values are those printed in the cited tables."""

import numpy as np
import pandas as pd
import pytest

from fourpermille.errors import InputError, ParameterError
from fourpermille.ipcc import tables


def test_socref_warm_temperate_moist_hac():
    # 2019 Refinement Vol 4 Ch 2 Table 2.3 (Updated), p. 2.35: W1 HAC 64 t C/ha, 95 % CI 5 %.
    ref = tables.soc_ref("warm_temperate_moist", "HAC")
    assert ref.value == 64.0
    assert ref.ci95_pct == 5.0
    assert np.isnan(ref.err2sd_pct)
    assert "Table 2.3" in ref.source


@pytest.mark.parametrize(
    "zone", ["warm_temperate_moist", "W1", "w1", "Warm temperate moist (W1)", "Warm Temperate Moist"]
)
def test_climate_zone_aliases(zone):
    assert tables.climate_zone_name(zone) == "warm_temperate_moist"


def test_soil_class_aliases():
    assert tables.soil_class_name("volcanic") == "VOL"
    assert tables.soil_class_name("lac") == "LAC"


def test_boreal_zones_share_the_undifferentiated_socref_row():
    # Table 2.3 (Updated) p. 2.35: Boreal Moist/Dry (Bx undiff) POD 117.
    assert tables.soc_ref("boreal_moist", "POD").value == tables.soc_ref("boreal_dry", "POD").value == 117.0


def test_unknown_names_list_the_valid_ones():
    with pytest.raises(ParameterError, match="valid names: polar_moist, .*tropical_dry"):
        tables.soc_ref("mediterranean", "HAC")
    with pytest.raises(ParameterError, match="HAC, LAC, SAN, POD, VOL, WET"):
        tables.soc_ref("W1", "clay")
    with pytest.raises(ParameterError, match="long_term_cultivated, paddy_rice"):
        tables.stock_change_factors("W1", "orchard", "full_tillage", "medium")
    with pytest.raises(ParameterError, match="full_tillage, reduced_tillage, no_till"):
        tables.stock_change_factors("W1", "long_term_cultivated", "strip_till", "medium")
    with pytest.raises(ParameterError, match="low, medium, high_without_manure, high_with_manure"):
        tables.stock_change_factors("W1", "long_term_cultivated", "no_till", "very_high")


def test_socref_not_applicable_is_an_error():
    # Table 2.3 (Updated) prints NA for polar LAC soils.
    with pytest.raises(ParameterError, match="no SOC_REF for polar_moist x LAC"):
        tables.soc_ref("polar_moist", "LAC")


def test_cropland_factors_2019():
    # 2019 Refinement Vol 4 Ch 5 Table 5.5 (Updated), pp. 5.27-5.28.
    f = tables.stock_change_factors(
        "warm_temperate_moist", "long_term_cultivated", "no_till", "high_without_manure"
    )
    assert (f.f_lu.value, f.f_mg.value, f.f_i.value) == (0.69, 1.10, 1.11)
    assert (f.f_lu.err2sd_pct, f.f_mg.err2sd_pct, f.f_i.err2sd_pct) == (16.0, 4.0, 10.0)
    dry = tables.stock_change_factors("tropical_dry", "long_term_cultivated", "reduced_tillage", "low")
    assert (dry.f_lu.value, dry.f_mg.value, dry.f_i.value) == (0.92, 0.99, 0.95)
    wet = tables.stock_change_factors("tropical_wet", "long_term_cultivated", "full_tillage", "medium")
    assert (wet.f_lu.value, wet.f_mg.value, wet.f_i.value) == (0.83, 1.0, 1.0)
    assert np.isnan(wet.f_mg.err2sd_pct)  # reference level: exact


def test_cropland_factors_2006_are_selectable():
    # 2006 Guidelines Vol 4 Ch 5 Table 5.5 (superseded): temperate moist long-term cultivated 0.69 +-12 %,
    # no-till 1.15 +-4 %.
    f = tables.stock_change_factors(
        "cool_temperate_moist", "long_term_cultivated", "no_till", "medium", factors="2006"
    )
    assert (f.f_lu.value, f.f_mg.value, f.f_i.value) == (0.69, 1.15, 1.0)
    assert f.f_lu.err2sd_pct == 12.0
    tropical = tables.stock_change_factors(
        "tropical_moist", "long_term_cultivated", "full_tillage", "medium", factors="2006"
    )
    assert tropical.f_lu.value == 0.48
    with pytest.raises(ParameterError, match="factors must be one of 2019, 2006"):
        tables.stock_change_factors("W1", "long_term_cultivated", "no_till", "medium", factors="1996")


def test_factor_not_printed_is_an_error_not_a_guess():
    # Table 5.5 (Updated) prints no tropical-montane tillage factor.
    with pytest.raises(ParameterError, match="no FMG for 'No-till' in climate zone tropical_montane"):
        tables.stock_change_factors("tropical_montane", "set_aside", "no_till", "medium")
    # The 2006 input factors are not in the packaged table.
    with pytest.raises(ParameterError, match="no 2006 row for this level is packaged"):
        tables.stock_change_factors("W1", "long_term_cultivated", "full_tillage", "low", factors="2006")


def test_grassland_factors_2019():
    # 2019 Refinement Vol 4 Ch 6 Table 6.2 (Updated), p. 6.6.
    f = tables.stock_change_factors("tropical_moist", "grassland", "improved_grassland", "high")
    assert (f.f_lu.value, f.f_mg.value, f.f_i.value) == (1.0, 1.17, 1.11)
    g = tables.stock_change_factors("cool_temperate_dry", "grassland", "high_intensity_grazing")
    assert (g.f_mg.value, g.f_mg.err2sd_pct, g.f_i.value) == (0.9, 8.0, 1.0)
    assert tables.stock_change_factors("W2", "grassland", "severely_degraded").f_mg.value == 0.7


def test_grassland_input_applies_to_improved_grassland_only():
    with pytest.raises(ParameterError, match="input levels apply to improved grassland only"):
        tables.stock_change_factors("W1", "grassland", "nominally_managed", "high")


def test_paddy_rice_uses_no_tillage_or_input_factor():
    # Table 5.5 (Updated): paddy rice F_LU 1.35; tillage and input factors not used.
    f = tables.stock_change_factors("tropical_wet", "paddy_rice")
    assert (f.f_lu.value, f.f_mg.value, f.f_i.value) == (1.35, 1.0, 1.0)
    with pytest.raises(ParameterError, match="factor is not used"):
        tables.stock_change_factors("tropical_wet", "paddy_rice", "no_till", "none")


def test_native_land_is_the_reference():
    f = tables.stock_change_factors("W1", "native")
    assert (f.f_lu.value, f.f_mg.value, f.f_i.value) == (1.0, 1.0, 1.0)


def test_resolve_table_names_row_and_column():
    units = pd.DataFrame(
        {
            "climate_zone": ["W1", "W1"],
            "soil_class": ["HAC", "HAC"],
            "land_use": ["long_term_cultivated", "long_term_cultivated"],
            "management": ["no_till", "zero_till"],
            "input": ["medium", "medium"],
        },
        index=[2, 3],
    )
    with pytest.raises(InputError) as info:
        tables.resolve_table(units)
    assert info.value.row == 3 and info.value.column == "management"
    assert "full_tillage, reduced_tillage, no_till" in str(info.value)


def test_resolve_table_values_given_directly():
    units = pd.DataFrame({"soc_ref_t_ha": [80.0], "f_lu": [0.69], "f_mg": [1.0], "f_i": [0.92]})
    out = tables.resolve_table(units)
    assert out["f_i"].iloc[0] == 0.92
    with pytest.raises(InputError, match="must be a number > 0"):
        tables.resolve_table(units.assign(f_lu=[0.0]))
