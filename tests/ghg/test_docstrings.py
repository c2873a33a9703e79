"""The runnable examples in the ghg and scenario docstrings (hand-computed values, equations cited there)."""

import doctest

import pytest

from fourpermille import estimate_scenarios
from fourpermille.ghg import biomass, n2o, rice


@pytest.mark.parametrize("module", [n2o, rice, biomass, estimate_scenarios])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
