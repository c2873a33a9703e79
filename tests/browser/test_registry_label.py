"""The label in headless chromium on the demo data: the holder's editor logs in, retires units (form, then
confirmation), opens the retirement's public page, follows it to the label's verification page, downloads
the seal and decodes its QR code: it holds the label page's absolute URL (PNG download, and the SVG as
chromium draws it). No request leaves 127.0.0.1; no sideways scroll at 390 px. Every step waits for a state
(a URL, an element), never a fixed time. Screenshots: test-artifacts/screenshots/."""

from __future__ import annotations

import io

import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 45_000  # generous: the CI machine is shared


def _decode(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_retire_then_label_page_and_seal_qr(base_url, demo, page):
    from fourpermille.web.community.models import Person
    from fourpermille.web.core import roles
    from fourpermille.web.portal.demo import DEMO_PASSWORD
    from fourpermille.web.registry.demo import load_demo_registry
    from fourpermille.web.registry.models import Issuance, Label, Retirement

    assert load_demo_registry() == 1
    issuance = Issuance.objects.get()
    label = Label.objects.get(mrv_record=issuance.mrv_record)
    editor = (
        Person.objects.filter(organisation=issuance.account.organisation, user__groups__name=roles.EDITOR)
        .first()
        .user
    )
    account_url = issuance.account.get_absolute_url()

    page.goto(f"{base_url}/login/?next={account_url}")
    page.fill("input[name=username]", editor.username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click(timeout=TIMEOUT_MS)
    page.wait_for_url(f"**{account_url}", timeout=TIMEOUT_MS)

    page.fill("#id_retire-quantity", "5")
    page.fill("#id_retire-beneficiary", "Browser town")
    page.fill("#id_retire-reason", "Browser test pledge")
    page.fill("#id_retire-location", "France")
    page.get_by_role("button", name="Retire", exact=True).click(timeout=TIMEOUT_MS)
    confirm = page.locator("#confirm")
    confirm.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert "Browser town" in page.locator("main").inner_text()
    shot(page, "registry-retire-confirm")
    confirm.click(timeout=TIMEOUT_MS)
    page.wait_for_url("**/registry/retirements/*/", timeout=TIMEOUT_MS)
    retirement = Retirement.objects.get(beneficiary="Browser town")
    assert page.url.endswith(retirement.get_absolute_url()) and retirement.quantity == 5
    assert "Browser test pledge" in page.locator("main").inner_text()
    shot(page, "registry-label-retirement")

    page.locator("a.label-link").first.click(timeout=TIMEOUT_MS)
    page.wait_for_url(f"**{label.get_absolute_url()}", timeout=TIMEOUT_MS)
    page.locator("#label-state[data-state=granted]").wait_for(timeout=TIMEOUT_MS)
    label_url = f"{base_url}{label.get_absolute_url()}"
    assert page.url == label_url and page.locator("#label-url").inner_text() == label_url
    shot(page, "registry-label-page")

    with page.expect_download(timeout=TIMEOUT_MS) as download:
        page.locator("#seal-png").click(timeout=TIMEOUT_MS)
    png = open(download.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert _decode(png) == [label_url]

    page.goto(f"{label_url}seal.svg")
    drawn = page.locator("svg")
    drawn.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert _decode(drawn.screenshot()) == [label_url]

    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{base_url}/fr{label.get_absolute_url()}")
    page.locator("#label-state[data-state=granted]").wait_for(timeout=TIMEOUT_MS)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shot(page, "registry-label-page-fr-390")
    assert page.recorder.foreign == []
    assert page.js_errors == []
