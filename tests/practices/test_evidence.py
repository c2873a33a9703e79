"""Local evidence of a practice per region: counts, median and spread (IQR from 4 values, else min-max)."""

import numpy as np
import pytest

from fourpermille.errors import ParameterError
from fourpermille.practices.evidence import (
    MIN_FOR_IQR,
    EvidenceRow,
    local_share,
    rate_summary,
    summarise,
)


def test_median_and_range_below_four_values():
    s = rate_summary([0.1, 0.5, 0.3])
    assert (s.count, s.median_t_c_ha_yr, s.low_t_c_ha_yr, s.high_t_c_ha_yr, s.spread) == (
        3,
        pytest.approx(0.3),
        0.1,
        0.5,
        "range",
    )


def test_interquartile_range_from_four_values():
    values = [0.0, 1.0, 2.0, 3.0, 4.0]
    s = rate_summary(values)
    # linear interpolation between order statistics: Q1 = 1.0, Q3 = 3.0 for 0..4
    assert (s.median_t_c_ha_yr, s.low_t_c_ha_yr, s.high_t_c_ha_yr, s.spread) == (2.0, 1.0, 3.0, "iqr")
    four = rate_summary([1.0, 2.0, 3.0, 4.0])
    assert len([1, 2, 3, 4]) == MIN_FOR_IQR
    assert (four.median_t_c_ha_yr, four.low_t_c_ha_yr, four.high_t_c_ha_yr) == (2.5, 1.75, 3.25)
    assert four.low_t_c_ha_yr == np.percentile([1, 2, 3, 4], 25)


def test_no_value_no_number():
    s = rate_summary([])
    assert (s.count, s.median_t_c_ha_yr, s.spread) == (0, None, "")


def test_regions_count_projects_once_and_keep_kinds_apart():
    rows = [
        EvidenceRow("europe", 1, "ex_ante", 0.2),
        EvidenceRow("europe", 1, "measured", 0.6),
        EvidenceRow("europe", 1, "measured", 0.4),
        EvidenceRow("africa", 7, "ex_ante", 0.9),
    ]
    africa, europe = summarise(rows)
    assert (africa.region, africa.projects, africa.ex_ante.count, africa.measured.count) == (
        "africa",
        1,
        1,
        0,
    )
    assert (europe.projects, europe.ex_ante.median_t_c_ha_yr, europe.measured.median_t_c_ha_yr) == (
        1,
        0.2,
        pytest.approx(0.5),
    )
    assert europe.records == 3
    assert local_share([africa, europe], published=2) == (4, 6)


def test_bad_input_is_named():
    with pytest.raises(ParameterError, match="ex_ante, measured"):
        summarise([EvidenceRow("europe", 1, "guess", 0.1)])
    with pytest.raises(ParameterError, match="finite"):
        rate_summary([0.1, float("nan")])
    with pytest.raises(ParameterError):
        local_share([], published=-1)
