"""The top menu: a few groups (Bootstrap dropdowns) that stay on one row of a 1366 px window in English,
French and Spanish (the longest menu: the secretariat's), and a collapsed menu on a 390 px phone whose
groups open inside it. Screenshots: test-artifacts/screenshots/menu-<lang>-<width>.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 90_000
DEMO_USER, DEMO_PASSWORD = "demo-secretariat", "fourpermille-demo"
#: Items of one row may differ in top by a pixel or two (borders, the bell's badge) [px].
ROW_TOLERANCE_PX = 4
#: The "Knowledge" group in each language (the lead fills it with the knowledge apps).
KNOWLEDGE = {"en": "Knowledge", "fr": "Connaissances", "es": "Conocimiento"}
PRACTICES = {"en": "Practices", "fr": "Pratiques", "es": "Prácticas"}

#: Returns the vertical extent of each top-level entry of the menu bar (the brand, each group, the user area).
ROWS_JS = """() => {
  const boxes = [document.querySelector('.fp-navbar .navbar-brand'),
                 ...document.querySelectorAll('#site-menu > .navbar-nav > .nav-item'),
                 ...document.querySelectorAll('#site-menu > .user > *')]
    .filter(el => el && el.offsetParent !== null)
    .map(el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom,
                                                             text: el.innerText.trim().slice(0, 30)}; });
  return boxes;
}"""


def login(page, base_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base_url}/login/", timeout=TIMEOUT_MS)
    page.fill("input[name=username]", DEMO_USER)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_url(re.compile(r".*/$"), timeout=TIMEOUT_MS)


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_menu_is_one_row_at_1366_px(page, base_url, demo, lang):
    login(page, base_url, 1366)
    prefix = "" if lang == "en" else f"/{lang}"  # English pages have no language prefix
    page.goto(f"{base_url}{prefix}/", timeout=TIMEOUT_MS)
    expect(page.locator("#site-menu")).to_be_visible()
    boxes = page.evaluate(ROWS_JS)
    shot(page, f"menu-{lang}-1366")
    assert len(boxes) >= 6, boxes  # brand, 4 groups, bell/user/language
    brand = boxes[0]
    for box in boxes:  # every entry's middle lies inside the brand's line: one row
        centre = (box["top"] + box["bottom"]) / 2
        assert brand["top"] - ROW_TOLERANCE_PX <= centre <= brand["bottom"] + ROW_TOLERANCE_PX, (lang, boxes)
    height = page.locator("nav.fp-navbar").bounding_box()["height"]
    assert height < 80, f"{lang}: the menu bar is {height} px high (two rows?)"
    # the Knowledge group opens and holds the practices
    page.get_by_role("button", name=KNOWLEDGE[lang]).click()
    link = page.locator("[data-menu=knowledge] .dropdown-menu").get_by_role("link", name=PRACTICES[lang])
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(rf".*{prefix}/practices/$"), timeout=TIMEOUT_MS)


def test_menu_collapses_on_a_phone(page, base_url, demo):
    login(page, base_url, 390)
    page.goto(f"{base_url}/es/", timeout=TIMEOUT_MS)
    menu = page.locator("#site-menu")
    expect(menu).to_be_hidden()
    page.locator(".navbar-toggler").click()
    expect(menu).to_be_visible()
    page.get_by_role("button", name=KNOWLEDGE["es"]).click()
    knowledge = page.locator("[data-menu=knowledge] .dropdown-menu")
    expect(knowledge.get_by_role("link", name=PRACTICES["es"])).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    page.screenshot(path=str(shot(page, "menu-es-390").with_name("menu-es-390-open.png")))
