"""An MRV upload is checked against its project: period inside the project's, area consistent or stated."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from fourpermille.web.estimates.services import AREA_TOLERANCE, MrvInputError, check_against_project


def project(start=date(2020, 1, 1), end=None, area_ha=100):
    return SimpleNamespace(start=start, end=end, area_ha=area_ha)


def change(area_ha=100.0):
    return SimpleNamespace(area_ha=area_ha)


def test_a_period_and_area_that_fit_pass():
    check_against_project(project(end=date(2030, 12, 31)), "2020-2025", change(100.0 * (1 + AREA_TOLERANCE)))


@pytest.mark.parametrize("period,end", [("2019-2024", None), ("2022-2031", date(2030, 12, 31))])
def test_a_period_outside_the_projects_is_refused(period, end):
    with pytest.raises(MrvInputError, match=f"The period {period} is outside the project's"):
        check_against_project(project(end=end), period, change())


def test_an_area_far_from_the_projects_is_refused():
    with pytest.raises(MrvInputError, match="covers 120.0 ha but the project states 100.0 ha"):
        check_against_project(project(), "2021-2024", change(120.0))


def test_without_any_area_the_project_must_state_one():
    check_against_project(project(area_ha=100), "2021-2024", change(None))  # point-count weights: stated
    with pytest.raises(MrvInputError, match="Neither the project nor the result states an area"):
        check_against_project(project(area_ha=None), "2021-2024", change(None))
