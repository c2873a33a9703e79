"""grid.soc_stock_from_concentration is the profile stocks' kernel (coarse fraction included), lazily."""

from __future__ import annotations

import dask
import numpy as np
import pandas as pd
import pytest

from fourpermille import grid, stocks
from tests.grid.test_grid import _forbid, _grid

pytestmark = pytest.mark.requires_dask


def test_grid_stock_equals_a_one_layer_profile_with_coarse_fragments():
    rng = np.random.default_rng(3)
    soc = rng.uniform(5, 40, (9, 11))
    bd = rng.uniform(0.9, 1.6, (9, 11))
    cf = rng.uniform(0.0, 0.5, (9, 11))
    with dask.config.set(scheduler=_forbid):
        lazy = grid.soc_stock_from_concentration(_grid(soc), _grid(bd), 30.0, _grid(cf))
    assert lazy.attrs["units"] == "t C/ha" and lazy.name == "soc_stock_t_ha"
    got = lazy.compute().values
    i, j = 4, 7
    profile = pd.DataFrame(
        {
            "profile_id": ["cell"],
            "depth_top_cm": [0.0],
            "depth_bottom_cm": [30.0],
            "soc_g_kg": [soc[i, j]],
            "bulk_density_g_cm3": [bd[i, j]],
            "coarse_fraction_vol": [cf[i, j]],
        }
    )
    want = stocks.compute_stocks(profile, depth_cm=30.0)["soc_stock_t_ha"].iloc[0]
    assert got[i, j] == pytest.approx(want, rel=1e-12)
    # the coarse fraction counts: without it the stock is larger by 1 / (1 - CF)
    plain = grid.soc_stock_from_concentration(_grid(soc), _grid(bd), 30.0).compute().values
    assert plain[i, j] == pytest.approx(got[i, j] / (1 - cf[i, j]), rel=1e-12)
