import pytest

from fourpermille import units


def test_co2e_factor_is_44_over_12():
    assert units.c_to_co2e(12.0) == pytest.approx(44.0)
    assert units.co2e_to_c(units.c_to_co2e(3.3)) == pytest.approx(3.3)


def test_stock_unit_factor():
    # 10 g/kg x 1.3 g/cm3 x 30 cm = 39 t C/ha
    assert 10 * 1.3 * 30 * units.T_HA_PER_G_KG_G_CM3_CM == pytest.approx(39.0)
