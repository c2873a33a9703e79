"""A toolbox calculation in headless chromium: SOC stocks of the example profiles, uploaded from the form,
give the result table, the chart and the CSV download, on a phone-wide page. Waits for states only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 45_000  # generous: the CI machine is shared


def test_stocks_calculation(page, base_url):
    from fourpermille.web.toolbox import services
    from fourpermille.web.toolbox.models import ToolboxUsage

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/toolbox/stocks/")
    page.set_input_files("input[name=profiles]", str(services.EXAMPLE_PROFILES))
    page.fill("input[name=depth_cm]", "10,30")
    page.get_by_role("button", name="Calculate").click()
    table = page.locator("#result-table")
    expect(table).to_be_visible(timeout=TIMEOUT_MS)
    expect(table.locator("tbody tr")).to_have_count(12)
    expect(page.locator("[data-toolbox-chart=result]")).to_have_attribute(
        "data-drawn", "true", timeout=TIMEOUT_MS
    )
    expect(page.locator("#cli-command")).to_contain_text(
        "fourpermille stocks sample_profiles.csv --depth-cm 10,30"
    )
    expect(page.get_by_role("link", name="Download stocks.csv")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    shot(page, "toolbox-stocks-390")
    assert ToolboxUsage.objects.get().count == 1
