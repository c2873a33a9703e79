"""Woody biomass (IPCC Ch 2 Eq. 2.7-2.9, Drexler et al. 2021 hedgerows) and GWP-100 (AR6, AR5)."""

import pytest

from fourpermille.errors import ParameterError
from fourpermille.ghg import biomass, tables


def test_growth_rate_and_stock_difference_paths():
    b = biomass.WoodyBiomass.from_growth_rate(1.5, maturity_years=10)
    path = biomass.biomass_carbon_path(b, years=15, start=2)
    assert path[2] == 0 and path[7] == pytest.approx(7.5) and path[12] == path[15] == pytest.approx(15.0)
    sd = biomass.WoodyBiomass(40.0, 20, "stock_difference")
    assert biomass.biomass_carbon_path(sd, 10)[10] == pytest.approx(20.0)  # Eq. 2.8: 40 / 20 x 10
    with pytest.raises(ParameterError, match="maturity_years"):
        biomass.WoodyBiomass(1.0, 0)


def test_hedgerow_default_from_drexler_2021():
    h = biomass.hedgerow_default()
    # Drexler et al. (2021) abstract: 87 +- 40 Mg C/ha biomass over cropland; 20 and 50 years periods.
    assert (h.stock_gain_t_c_ha, h.sd_t_c_ha, h.maturity_years) == (87.0, 40.0, 50.0)
    assert "10.1007/s10113-021-01798-8" in h.source


def test_gwp100_sets():
    # AR6 WG1 Table 7.15: CH4 non-fossil 27.0, N2O 273; AR5 WG1 Table 8.A.1: 28, 265.
    assert tables.gwp100("CH4").value == 27.0 and tables.gwp100("N2O").value == 273
    assert tables.gwp100("CH4", "AR5").value == 28 and tables.gwp100("N2O", "AR5").value == 265
    assert tables.gwp100("CO2", "AR5").value == 1.0
    assert "Table 7.15" in tables.gwp100("N2O").source
    with pytest.raises(ParameterError, match="AR6, AR5"):
        tables.gwp100("N2O", "AR4")
