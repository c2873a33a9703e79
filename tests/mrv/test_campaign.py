"""Per-point stocks of two campaigns through fourpermille.stocks: fixed depth, one ESM reference mass."""

import pandas as pd
import pytest

from fourpermille.errors import InputError
from fourpermille.mrv.campaign import campaign_stocks, check_layers


def layers(point, stratum, socs, bds, tops=(0, 15, 30), thick=15):
    return [
        dict(
            point_id=point,
            stratum=stratum,
            depth_top_cm=t,
            depth_bottom_cm=t + thick,
            soc_g_kg=c,
            bulk_density_g_cm3=b,
        )
        for t, c, b in zip(tops, socs, bds, strict=True)
    ]


BASE = pd.DataFrame(
    layers("p1", "A", (15, 12, 8), (1.2, 1.3, 1.4)) + layers("p2", "A", (14, 11, 7), (1.25, 1.35, 1.45))
)
# repeat: the top layer looser (BD -0.1 g/cm3) and SOC +1 g/kg on top
REP = pd.DataFrame(
    layers("p1", "A", (16, 12, 8), (1.1, 1.3, 1.4)) + layers("p2", "A", (15, 11, 7), (1.15, 1.35, 1.45))
)


def test_fixed_depth_stocks_by_hand():
    b, r, info = campaign_stocks(check_layers(BASE), check_layers(REP))
    # p1 0-30 cm: 15 x 1.2 x 15 / 10 + 12 x 1.3 x 15 / 10 = 27.0 + 23.4 = 50.4 t C/ha
    assert b.set_index("point_id").soc_stock_t_ha["p1"] == pytest.approx(50.4)
    # repeat p1: 16 x 1.1 x 1.5 + 23.4 = 26.4 + 23.4 = 49.8
    assert r.set_index("point_id").soc_stock_t_ha["p1"] == pytest.approx(49.8)
    assert info == {"method": "fixed", "depth_cm": 30.0}
    assert list(b.stratum) == ["A", "A"]


def test_esm_uses_one_reference_mass_for_both_campaigns():
    b, r, info = campaign_stocks(check_layers(BASE), check_layers(REP), esm=True)
    # lightest profile at 30 cm: repeat p1, (1.1 + 1.3) x 15 x 100 = 3600 t/ha
    assert info["ref_mass_t_ha"] == pytest.approx(3600.0)
    assert info["esm_method"] == "spline"
    # the repeat p1 profile holds exactly the reference mass at 30 cm: its ESM stock is its 0-30 cm stock
    rp1 = r.set_index("point_id").loc["p1"]
    assert rp1.soc_stock_t_ha == pytest.approx(49.8)
    assert rp1.equivalent_depth_cm == pytest.approx(30.0)
    # heavier profiles are cut shallower than 30 cm
    assert (b.equivalent_depth_cm < 30).all()


def test_duplicate_sample_is_named():
    dup = pd.concat([BASE, BASE.iloc[[1]]], ignore_index=True)
    with pytest.raises(InputError, match="duplicate samples in the campaign.*p1 at 15"):
        check_layers(dup)
