"""The catalogue of tools in headless chromium: a visitor filters the list to the monitoring models, ticks
two of them and compares them side by side, in French; a member proposes a tool and the secretariat
publishes it after completing the translations, the member being notified. Every step waits for the page's
state, never for a fixed time."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 45_000
PASSWORD = "a-browser-password-1"


@pytest.fixture
def people(transactional_db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from fourpermille.web.community.models import Organisation, Person
    from fourpermille.web.core import roles
    from fourpermille.web.portal.seed import seed

    seed()
    organisation = Organisation.objects.create(
        name="Org T", type="research", country="France", region="europe"
    )
    made = {}
    for username, group, org in (("sam", roles.SECRETARIAT, None), ("eve", roles.EDITOR, organisation)):
        user = get_user_model().objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        Person.objects.create(user=user, organisation=org)
        made[username] = user
    return made


def log_in(page, base_url, username):
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form [type=submit]").click()
    page.wait_for_url(f"{base_url}/", timeout=TIMEOUT_MS)


def test_filter_and_compare_in_french(page, base_url, people):
    page.goto(f"{base_url}/fr/toolbox/tools/?category=model&monitoring=yes")
    expect(page.locator("h1")).to_have_text("Catalogue des outils et méthodes", timeout=TIMEOUT_MS)
    rows = page.locator("tbody tr[data-tool]")
    expect(rows.first).to_be_visible()
    slugs = [rows.nth(i).get_attribute("data-tool") for i in range(rows.count())]
    assert "rothc" in slugs and "century" in slugs and "apsim" not in slugs
    page.check("#cmp-rothc")
    page.check("#cmp-century")
    page.get_by_role("button", name="Comparer les outils cochés").click()
    page.wait_for_url(re.compile(r"/fr/toolbox/tools/compare/\?t=.*"), timeout=TIMEOUT_MS)
    table = page.locator("table.compare-table")
    expect(table).to_contain_text("RothC (Rothamsted Carbon Model)")
    expect(table).to_contain_text("CENTURY soil organic matter model")
    expect(table).to_contain_text("Modèle de simulation")
    shot(page, "tools-compare-fr")


def test_a_proposal_is_published_and_its_author_notified(page, base_url, people):
    from fourpermille.web.notifications.models import Kind, Notification
    from fourpermille.web.tools.models import ExternalTool

    log_in(page, base_url, "eve")
    page.goto(f"{base_url}/toolbox/tools/propose/")
    page.fill("#id_name", "Soil carbon field app")
    page.fill("#id_developer", "A university")
    page.select_option("#id_category", "calculator")
    page.fill("#id_purpose_en", "Estimates soil carbon stocks from field cores.")
    page.fill("#id_inputs_en", "Soil cores.")
    page.fill("#id_outputs_en", "Stocks per point.")
    page.fill("#id_validation_en", "not stated")
    page.check("input[name=scales][value=farm]")
    page.fill("#id_link", "https://example.org/app")
    page.fill("#id_sources", "https://example.org/app/manual")
    page.get_by_role("button", name="Send the proposal").click()
    page.wait_for_url(f"{base_url}/toolbox/tools/soil-carbon-field-app/", timeout=TIMEOUT_MS)
    expect(page.locator(".alert-warning")).to_contain_text("Proposed, awaiting the secretariat")

    page.context.clear_cookies()
    log_in(page, base_url, "sam")
    page.goto(f"{base_url}/toolbox/tools/soil-carbon-field-app/")
    expect(page.get_by_role("button", name="Publish")).to_be_disabled()  # French and Spanish missing
    page.get_by_role("link", name="Edit").click()
    for field, text in (
        ("purpose", "Estime les stocks de carbone."),
        ("inputs", "Carottes de sol."),
        ("outputs", "Stocks par point."),
        ("validation", "non précisée"),
    ):
        page.fill(f"#id_{field}_fr", text)
        page.fill(f"#id_{field}_es", text + " (es)")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base_url}/toolbox/tools/soil-carbon-field-app/", timeout=TIMEOUT_MS)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".alert-warning")).to_have_count(0, timeout=TIMEOUT_MS)
    assert ExternalTool.objects.get(slug="soil-carbon-field-app").status == "published"
    assert Notification.objects.filter(
        recipient=people["eve"], kind=Kind.CONTRIBUTION_DECIDED, params__outcome="published"
    ).exists()
    shot(page, "tools-published")
