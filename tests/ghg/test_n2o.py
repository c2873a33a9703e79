"""IPCC 2019 Vol 4 Ch 11 Tier 1 N2O: hand-computed cases of each equation (no worked example is printed)."""

import numpy as np
import pytest

from fourpermille.errors import ParameterError
from fourpermille.ghg import n2o, tables
from fourpermille.ghg.n2o import NitrogenInputs, n2o_factors


def test_factors_from_tables_11_1_and_11_3():
    agg = n2o_factors()
    assert (agg.ef1_synthetic, agg.ef1_other, agg.ef4, agg.ef5, agg.frac_gasm, agg.frac_leach) == (
        0.010,
        0.010,
        0.010,
        0.011,
        0.21,
        0.24,
    )
    assert agg.frac_gasf["unspecified"] == 0.11 and agg.frac_gasf["urea"] == 0.15
    wet = n2o_factors("climate", "wet")
    assert (wet.ef1_synthetic, wet.ef1_other, wet.ef3_prp_cpp, wet.ef4) == (0.016, 0.006, 0.006, 0.014)
    dry = n2o_factors("climate", "dry")
    assert (dry.ef1_synthetic, dry.ef1_other, dry.ef3_prp_cpp, dry.ef4, dry.frac_leach) == (
        0.005,
        0.005,
        0.002,
        0.005,
        0.0,
    )
    assert "Table 11.1" in agg.sources["ef1_synthetic"] and "11.13" in agg.sources["ef1_synthetic"]
    with pytest.raises(ParameterError, match="valid names: wet, dry"):
        n2o_factors("climate", "humid")


def test_direct_eq_11_1_by_source():
    inputs = NitrogenInputs(
        synthetic_n_kg_ha=100,
        organic_n_kg_ha=50,
        crop_residue_n_kg_ha=30,
        som_n_kg_ha=20,
        grazing_cpp_n_kg_ha=40,
        grazing_so_n_kg_ha=10,
    )
    wet = n2o_factors("climate", "wet")
    d = n2o.direct_n2o_n(inputs, wet)
    # Eq. 11.1: 100 x 0.016 + (50 + 30 + 20) x 0.006 + 40 x 0.006 + 10 x 0.003
    assert float(d.total) == pytest.approx(1.6 + 0.6 + 0.24 + 0.03)
    flooded = NitrogenInputs(synthetic_n_kg_ha=100, organic_n_kg_ha=50, flooded_rice=True)
    # EF1FR (aggregated 0.004) replaces EF1 on flooded rice.
    assert float(n2o.direct_n2o_n(flooded, n2o_factors()).total) == pytest.approx(150 * 0.004)


def test_indirect_eq_11_9_and_11_10():
    f = n2o_factors()
    inputs = NitrogenInputs(
        synthetic_n_kg_ha=100,
        synthetic_n_by_type={"urea": 60},
        organic_n_kg_ha=50,
        grazing_cpp_n_kg_ha=20,
        crop_residue_n_kg_ha=30,
        som_n_kg_ha=10,
    )
    # Eq. 11.9: (40 x 0.11 + 60 x 0.15 + (50 + 20) x 0.21) x EF4 0.010
    assert float(n2o.volatilisation_n2o_n(inputs, f)) == pytest.approx((4.4 + 9.0 + 14.7) * 0.010)
    # Eq. 11.10: (100 + 50 + 20 + 30 + 10) x 0.24 x EF5 0.011
    assert float(n2o.leaching_n2o_n(inputs, f)) == pytest.approx(210 * 0.24 * 0.011)
    total = n2o.n2o_managed_soils(inputs, f)
    n2o_n = float(n2o.direct_n2o_n(inputs, f).total) + (4.4 + 9.0 + 14.7) * 0.010 + 210 * 0.24 * 0.011
    assert float(total.total) == pytest.approx(n2o_n * 44 / 28)
    assert float(total.indirect) == pytest.approx(((4.4 + 9.0 + 14.7) * 0.010 + 210 * 0.24 * 0.011) * 44 / 28)


def test_crop_residue_eq_11_6_and_11_7_from_table_11_1a():
    wheat = tables.crop_residue("winter_wheat")
    assert (wheat.dry, wheat.r_ag, wheat.n_ag, wheat.rs, wheat.n_bg) == (0.89, 1.3, 0.006, 0.23, 0.009)
    # 7 t fresh: Crop = 6.23 t d.m.; AG_DM = 8.099; 70 % removed; BG = (8.099 + 6.23) x 0.23 x 0.009
    expected = 1000 * (8.099 * 0.006 * 0.3 + (8.099 + 6.23) * 0.23 * 0.009)
    assert n2o.crop_residue_n("winter_wheat", 7.0, 0.7) == pytest.approx(expected)
    assert n2o.crop_residue_dry_matter("winter_wheat", 7.0, 0.7) == pytest.approx(8.099 * 0.3)
    with pytest.raises(ParameterError, match="valid crops"):
        n2o.crop_residue_n("unobtainium", 1.0)


def test_som_eq_11_8_losses_only_and_default_ratios():
    assert n2o.som_mineralised_n(np.array([-0.3, 0.0, 0.4]), 10.0).tolist() == pytest.approx([30.0, 0.0, 0.0])
    assert n2o.cn_ratio_default().value == 10 and n2o.cn_ratio_default(True).value == 15
    assert "Eq. 11.8" in n2o.cn_ratio_default().source


def test_climate_classes_and_bad_inputs():
    assert n2o.n2o_climate("warm_temperate_moist") == "wet"
    assert n2o.n2o_climate("tropical_dry") == "dry"
    assert n2o.n2o_climate("tropical_dry", irrigated=True) == "wet"
    with pytest.raises(ParameterError, match="n2o_climate"):
        n2o.n2o_climate("tropical_montane")
    with pytest.raises(ParameterError, match=">= 0"):
        NitrogenInputs(synthetic_n_kg_ha=-1)
    with pytest.raises(ParameterError, match="more than"):
        NitrogenInputs(synthetic_n_kg_ha=10, synthetic_n_by_type={"urea": 20})


def test_monte_carlo_arrays_broadcast():
    f = n2o_factors()
    draws = np.array([[0.005], [0.010], [0.015]])
    factors = n2o.N2OFactors(**{**f.__dict__, "ef1_synthetic": draws})
    out = n2o.direct_n2o_n(NitrogenInputs(synthetic_n_kg_ha=100), factors).total
    assert np.asarray(out).ravel().tolist() == pytest.approx([0.5, 1.0, 1.5])
