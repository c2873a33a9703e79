"""The public registry in headless chromium on the demo data: from the list, a retirement's public page and
back to its issuance (serials, label section, IDs in other registries), at desktop and phone width, with no
request leaving 127.0.0.1 and no sideways scroll at 390 px. Screenshots: test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 45_000  # generous: the CI machine is shared


def test_retirement_page_from_the_public_list(base_url, demo, page):
    from fourpermille.web.registry.demo import DEMO_BENEFICIARY, load_demo_registry
    from fourpermille.web.registry.models import Retirement

    assert load_demo_registry() == 1
    retirement = Retirement.objects.get()
    page.goto(f"{base_url}/registry/?status=retired")
    link = page.get_by_role("link", name=f"{retirement.quantity} t CO2e for {DEMO_BENEFICIARY}")
    link.click(timeout=TIMEOUT_MS)
    page.wait_for_url(f"**/registry/retirements/{retirement.pk}/", timeout=TIMEOUT_MS)
    body = page.locator("main")
    serial = retirement.blocks.get().serial
    for text in (DEMO_BENEFICIARY, serial, "Demo data: invented, not a real retirement."):
        assert text in body.inner_text()
    shot(page, "registry-retirement")
    page.locator("dd a[href*='/registry/issuances/']").first.click(timeout=TIMEOUT_MS)
    page.wait_for_url("**/registry/issuances/*/", timeout=TIMEOUT_MS)
    assert "The 4 per 1000 label" in page.locator("main").inner_text()
    assert page.locator("td code", has_text=serial).count() == 1
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base_url}/fr/registry/retirements/{retirement.pk}/")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shot(page, "registry-retirement-fr-390")
    assert page.recorder.foreign == []
    assert page.js_errors == []
