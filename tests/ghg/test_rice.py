"""IPCC 2019 Vol 4 Ch 5 Tier 1 rice CH4: Eq. 5.1-5.3 on hand-computed cases (no worked example printed)."""

import numpy as np
import pytest

from fourpermille.errors import ParameterError
from fourpermille.ghg import rice, tables
from fourpermille.ghg.rice import RiceCultivation


def test_tables_5_11_to_5_14():
    assert tables.rice_baseline_ef("europe").value == 1.56
    assert tables.rice_baseline_ef("world").source.startswith("IPCC 2019 Refinement Vol 4 Ch 5 Table 5.11")
    assert tables.water_regime_factor("multiple_drainage").value == 0.55
    assert tables.pre_season_factor("flooded").value == 2.41
    assert tables.amendment_factor("farmyard_manure").value == 0.21
    assert tables.amendment_exponent().value == 0.59
    assert tables.rice_cultivation_days("south_asia").value == 112
    assert tables.rice_cultivation_days("africa").value == 113  # no row of its own: the world's


def test_eq_5_1_to_5_3():
    r = RiceCultivation(
        region="south_asia",
        water_regime="single_drainage",
        pre_season="flooded",
        organic_amendments={"straw_short": 3.0, "compost": 5.0},
        cultivation_days=110,
        seasons_per_year=2,
    )
    sf_o = (1 + 3.0 * 1.00 + 5.0 * 0.17) ** 0.59  # Eq. 5.3
    assert rice.amendment_scaling(r.organic_amendments) == pytest.approx(sf_o)
    ef = 0.85 * 0.71 * 2.41 * sf_o  # Eq. 5.2
    assert float(rice.rice_emission_factor(r)) == pytest.approx(ef)
    assert rice.rice_ch4_t_ha(r) == pytest.approx(ef * 110 * 2 / 1000)  # Eq. 5.1 per ha
    upland = RiceCultivation(water_regime="upland")
    assert rice.rice_ch4_t_ha(upland) == 0.0
    default_days = RiceCultivation(region="europe")
    assert rice.rice_ch4_t_ha(default_days) == pytest.approx(1.56 * 123 / 1000)


def test_draws_and_bad_names():
    r = RiceCultivation()
    out = rice.rice_ch4_t_ha(r, {"ef_c": np.array([[1.0], [2.0]])})
    assert np.asarray(out).ravel().tolist() == pytest.approx([0.113, 0.226])
    with pytest.raises(ParameterError, match="valid names"):
        RiceCultivation(water_regime="swamp")
    with pytest.raises(ParameterError, match="valid names"):
        RiceCultivation(organic_amendments={"biochar": 1.0})
