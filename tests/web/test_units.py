"""Units are written in the page's language through one filter (``ui.unit``): the French project page
says "t C/ha/an" in its ex-ante block as in its MRV block, never the English "t C/ha/yr"."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from fourpermille.web.core.templatetags.ui import UNITS, unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "t C/ha/yr"), ("fr", "t C/ha/an"), ("es", "t C/ha/año")]
)
def test_a_unit_is_written_in_the_pages_language(lang, expected):
    with translation.override(lang):
        assert Template('{% load ui %}{{ "t C/ha/yr"|unit }}').render(Context()) == expected


def test_an_unknown_unit_is_an_error_naming_the_known_ones():
    with pytest.raises(ValueError, match="known: t C/ha/yr"):
        unit("t C/ha/y")
    assert set(UNITS) >= {"t C/ha/yr", "t C/ha", "ha"}


def test_the_ex_ante_block_of_the_project_page_writes_its_rate_in_french(projects):
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    estimate = SimpleNamespace(method="IPCC 2019 Tier 1", change_t_ha_yr=0.512, status="ok")
    with translation.override("fr"):
        html = render_to_string(
            "estimates/project_section.html",
            {"project": projects["draft-a"], "estimate": estimate, "mrv": []},
        )
    assert "0,512 t C/ha/an" in html
    assert "C/ha/yr" not in html
