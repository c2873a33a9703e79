"""The three dashboards in headless chromium, on the demo data: each renders, its charts and maps have
drawn elements (SVG paths), hovering shows values, a filter changes what is drawn, and no request leaves
127.0.0.1. Screenshots: test-artifacts/screenshots/*.png (see tests/browser/conftest.py)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

#: How long a wait on a state may take before the test fails: generous, the machine may be shared with other
#: CPU-heavy jobs. Every wait below is on a state of the page (elements, chart options, a tooltip shown),
#: never a fixed sleep, so a fast machine does not wait longer.
TIMEOUT_MS = 90_000
#: The SOC monitoring page's refresh interval [s] while charts, tooltips and zoom are checked: longer than
#: the test, because a refresh redraws the charts (hiding a tooltip, resetting a zoom). Issue 12, item 11:
#: at ?refresh=2 on a loaded machine the tooltip was hidden by the next redraw before it was ever seen.
STILL_REFRESH_S = 3600
#: The refresh interval [s] of the near-real-time check (a new upload appears without a reload).
LIVE_REFRESH_S = 2
#: The shipped Natural Earth 1:110m boundaries have 177 countries (Antarctica is left out): a drawn world
#: map has well over this many SVG paths.
MIN_MAP_PATHS = 150


def paths(page, selector: str) -> int:
    return page.locator(f"{selector} .dash-chart svg path").count()


def wait_paths(page, selector: str, minimum: int) -> None:
    page.wait_for_function(
        "([s, n]) => document.querySelectorAll(s + ' .dash-chart svg path').length > n",
        arg=[selector, minimum],
        timeout=TIMEOUT_MS,
    )


def chart_option(page, selector: str, expression: str):
    """Evaluate ``expression`` on the ECharts option of the chart in ``selector`` (as ``o``)."""
    return page.evaluate(
        "(s) => { const o = echarts.getInstanceByDom(document.querySelector(s + ' .dash-chart'))"
        f".getOption(); return {expression}; }}",
        selector,
    )


#: Shows the tooltip of a data point (ECharts' showTip, as the mouse does) and returns its text once it is
#: visible with text, else false. Run at every poll: a redraw of the chart between two polls hides the
#: tooltip, and the next poll shows it again, so the wait ends on the state whatever the machine's load.
SHOW_TOOLTIP_JS = """([s, i, d]) => {
  const node = document.querySelector(s + ' .dash-chart');
  const chart = node && echarts.getInstanceByDom(node);
  if (!chart) { return false; }
  chart.dispatchAction({type: 'showTip', seriesIndex: i, dataIndex: d});
  const tips = Array.from(node.children).filter((c) => c.tagName === 'DIV' && !c.querySelector('svg'));
  const tip = tips[tips.length - 1];
  if (!tip) { return false; }
  const style = getComputedStyle(tip);
  const text = tip.innerText.trim();
  return style.display !== 'none' && style.visibility !== 'hidden' && text ? text : false;
}"""


def tooltip_text(page, selector: str, series: int = 0, index: int = 0) -> str:
    """Hover a data point and read its tooltip (see :data:`SHOW_TOOLTIP_JS`)."""
    shown = page.wait_for_function(
        SHOW_TOOLTIP_JS, arg=[selector, series, index], timeout=TIMEOUT_MS, polling=250
    )
    return shown.json_value()


def wait_site_map(page, selector: str) -> None:
    """The Leaflet site map of a card drawn: boundaries, and the sites of the card's current table."""
    page.wait_for_function(
        "([s, n]) => { const m = document.querySelector(s + ' .dash-chart');"
        " return m && m.getAttribute('data-ready') === 'true'"
        " && m.getAttribute('data-boundaries') === 'drawn'"
        " && m.querySelectorAll('.leaflet-overlay-pane svg path').length > n; }",
        arg=[selector, MIN_MAP_PATHS],
        timeout=TIMEOUT_MS,
    )


def map_points(page, selector: str) -> int:
    return int(page.locator(f"{selector} .dash-chart").get_attribute("data-points"))


def map_zoom(page, selector: str) -> float:
    return page.evaluate(
        "(s) => document.querySelector(s + ' .dash-chart').fourpermilleSoc.map.getZoom()", selector
    )


#: Opens the popup of the first site (zooming into its cluster, once per drawn marker: a second request
#: would move the map again later) and returns its text once shown, else false. Run at every poll, so a
#: redraw between two polls only delays the answer.
SHOW_POPUP_JS = """(s) => {
  const state = document.querySelector(s + ' .dash-chart').fourpermilleSoc;
  const open = document.querySelector(s + ' .leaflet-popup-content');
  if (open && open.innerText.trim()) { return open.innerText.trim(); }
  const points = state.layers.getLayers()[0];
  const first = points && points.getLayers()[0];
  if (!first || first.askedForPopup) { return false; }
  first.askedForPopup = true;
  if (points.zoomToShowLayer) { points.zoomToShowLayer(first, () => first.openPopup()); }
  else { first.openPopup(); }
  return false;
}"""


def popup_text(page, selector: str) -> str:
    shown = page.wait_for_function(SHOW_POPUP_JS, arg=selector, timeout=TIMEOUT_MS, polling=250)
    return shown.json_value()


def table_rows(page, selector: str) -> int:
    return page.locator(f"{selector} .dash-table-wrap tbody tr").count()


def select_and_wait(page, selector: str, value: str) -> None:
    """Choose a filter value and wait until every chart of the page has been refetched and redrawn."""
    before = page.locator(".dash-page").get_attribute("data-refreshed")
    page.select_option(selector, value)
    page.wait_for_function(
        "(b) => { const r = document.querySelector('.dash-page').getAttribute('data-refreshed');"
        " return r !== null && r !== b; }",
        arg=before,
        timeout=TIMEOUT_MS,
    )


def assert_local_only(page) -> None:
    assert page.recorder.urls, "no request recorded"
    assert page.recorder.foreign == [], f"requests left 127.0.0.1: {page.recorder.foreign}"
    assert any("/static/dashboard/vendor/echarts/echarts.min.js" in u for u in page.recorder.urls)
    assert page.js_errors == [], page.js_errors


def test_progress_page(base_url, demo, page):
    page.goto(f"{base_url}/dashboard/")
    wait_paths(page, "#card-members-by-country", MIN_MAP_PATHS)
    for card in (
        "members-by-type",
        "members-by-region",
        "projects-by-status",
        "hectares",
        "commitments",
        "resources",
        "soc-change",
    ):
        wait_paths(page, f"#card-{card}", 3)
    assert page.locator(".dash-objective").count() == 24
    assert page.locator(".dash-objective .dash-spark svg path").count() > 10  # KPI sparklines drawn
    assert page.locator(".dash-progress").count() >= 15  # objectives with a numeric 2030 target
    tip = tooltip_text(page, "#card-members-by-type")
    assert "State or local authority" in tip and "Consortium members" in tip
    assert chart_option(page, "#card-members-by-country", "o.series[0].roam") is True  # zoom and pan
    members = page.locator('.dash-tile[data-key="members"] strong').inner_text()
    regions_before = chart_option(page, "#card-members-by-region", "o.series[1].data")
    shot(page, "progress")

    select_and_wait(page, "select[name=region]", "europe")
    assert page.locator('.dash-tile[data-key="members"] strong').inner_text() != members
    regions_after = chart_option(page, "#card-members-by-region", "o.series[1].data")
    assert regions_after != regions_before
    assert sum(v for v in regions_after if v) < sum(v for v in regions_before if v)
    assert "region=europe" in page.locator("#card-members-by-type .dash-csv").get_attribute("href")
    assert "region=europe" in page.url
    page.locator("#card-members-by-region details summary").click()
    shot(page, "progress-europe")

    # French: the same page, labels and charts in French, a filter works there too
    page.goto(f"{base_url}/fr/dashboard/")
    wait_paths(page, "#card-members-by-country", MIN_MAP_PATHS)
    assert "avancement" in page.locator("h1").inner_text()
    title = page.locator("#card-members-by-region h2").inner_text()
    assert title.startswith("Membres et partenaires par région") and title.endswith("démo")  # demo members
    page.select_option("select[name=org_type]", "research")
    page.wait_for_function(
        "() => document.querySelector('#card-members-by-type .dash-csv').href.includes('org_type=research')",
        timeout=TIMEOUT_MS,
    )
    shot(page, "progress-fr")
    assert_local_only(page)


def wait_monitoring_drawn(page) -> None:
    """The SOC monitoring page's map, site series and zone chart drawn, and a site picked."""
    wait_site_map(page, "#card-site-map")
    wait_paths(page, "#card-site-series", 4)
    wait_paths(page, "#card-stocks-by-zone", 2)
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-site-select]'); return s && s.value !== ''; }",
        timeout=TIMEOUT_MS,
    )


def test_monitoring_page(base_url, demo, page):
    from fourpermille.web.monitoring.services import import_measurements
    from fourpermille.web.projects.models import Site

    page.goto(f"{base_url}/dashboard/soc/?refresh={STILL_REFRESH_S}")
    wait_monitoring_drawn(page)
    n_sites = map_points(page, "#card-site-map")
    assert n_sites == table_rows(page, "#card-site-map") > 0
    # dense points are clustered at world scale; sites with an outline have it drawn
    assert page.locator("#card-site-map .fpm-cluster").count() > 0
    monitored_outlines = Site.objects.filter(soc__isnull=False, geometry_type="Polygon").count()
    outlines = int(page.locator("#card-site-map .dash-chart").get_attribute("data-outlines"))
    assert 0 < outlines <= monitored_outlines
    assert "t C/ha" in popup_text(page, "#card-site-map")
    assert "Measured" in tooltip_text(page, "#card-site-series", series=2)
    # zoom: the mouse wheel over the map changes its zoom
    page.evaluate(
        "() => document.querySelector('#card-site-map .dash-chart').fourpermilleSoc.map.closePopup()"
    )
    zoom_before = map_zoom(page, "#card-site-map")
    box = page.locator("#card-site-map .dash-chart").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function(
        "(z) => document.querySelector('#card-site-map .dash-chart').fourpermilleSoc.map.getZoom() !== z",
        arg=zoom_before,
        timeout=TIMEOUT_MS,
    )
    # the region selector zooms to the region (Europe: the map's centre is in Europe)
    page.select_option("#card-site-map [data-map-region]", "europe")
    page.wait_for_function(
        "() => { const c = document.querySelector('#card-site-map .dash-chart').fourpermilleSoc.map"
        ".getCenter(); return c.lat > 40 && c.lat < 66 && c.lng > -20 && c.lng < 40; }",
        timeout=TIMEOUT_MS,
    )
    shot(page, "monitoring")

    # near real time: a new upload for the site on show appears at the next refresh, no reload, no flush
    page.goto(f"{base_url}/dashboard/soc/?refresh={LIVE_REFRESH_S}")
    wait_monitoring_drawn(page)
    site_id = int(page.locator("[data-site-select]").input_value())
    campaigns = table_rows(page, "#card-site-series")
    import_measurements(
        Site.objects.get(pk=site_id),
        ContentFile(
            b"profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\nP1,0,30,30,1.2\n",
            name="new.csv",
        ),
        None,
    )
    page.wait_for_function(
        "(n) => document.querySelectorAll('#card-site-series .dash-table-wrap tbody tr').length > n",
        arg=campaigns,
        timeout=TIMEOUT_MS,
    )

    page.select_option("select[name=region]", "europe")
    page.wait_for_function(
        "(n) => Number(document.querySelector('#card-site-map .dash-chart')"
        ".getAttribute('data-points')) !== n",
        arg=n_sites,
        timeout=TIMEOUT_MS,
    )
    assert 0 < map_points(page, "#card-site-map") < n_sites
    page.select_option("select[name=metric]", "change")
    page.wait_for_function(
        "() => document.querySelector('#card-site-map .fpm-legend-title').textContent.includes('Change')",
        timeout=TIMEOUT_MS,
    )
    assert page.locator("#card-site-map .fpm-legend-ends span").first.inner_text().startswith("-")
    shot(page, "monitoring-europe-change")
    assert_local_only(page)


def test_a_refresh_keeps_the_zoom_and_the_popup_is_read(base_url, demo, page):
    """Issue 12, item 11: a refresh redraws the map. The popup is read within one poll (a redraw between
    two polls only delays it), and a refresh with the same sites keeps the reader's zoom instead of
    fitting the map to the sites again."""
    page.goto(f"{base_url}/dashboard/soc/?refresh={STILL_REFRESH_S}")
    wait_monitoring_drawn(page)
    assert "t C/ha" in popup_text(page, "#card-site-map")
    zoom = map_zoom(page, "#card-site-map")
    page.evaluate(
        """() => {
          const node = document.querySelector('#card-site-map .dash-chart');
          const table = JSON.parse(document.getElementById(
            document.querySelector('#card-site-map').getAttribute('data-script')).textContent);
          node.removeAttribute('data-ready');
          return FourPermilleMap.socMap(node, table, {});
        }"""
    )
    page.wait_for_function(
        "() => document.querySelector('#card-site-map .dash-chart').getAttribute('data-ready') === 'true'",
        timeout=TIMEOUT_MS,
    )
    assert map_zoom(page, "#card-site-map") == zoom
    assert "t C/ha" in popup_text(page, "#card-site-map")
    assert page.js_errors == [], page.js_errors


def test_project_page(base_url, demo, page):
    from fourpermille.web.projects.models import Project, ProjectStatus

    # a published demo project with monitored sites (the database may also hold other tests' records)
    project = (
        Project.objects.filter(status=ProjectStatus.PUBLISHED, is_demo=True, sites__soc__isnull=False)
        .distinct()
        .order_by("pk")
        .first()
    )
    n_sites = project.sites.count()
    page.goto(f"{base_url}/dashboard/projects/{project.pk}/")
    wait_site_map(page, "#card-project-sites")
    wait_paths(page, "#card-project-series", 4)
    assert map_points(page, "#card-project-sites") == n_sites
    assert map_zoom(page, "#card-project-sites") > 6  # zoomed to the sites
    for section in ("#section-commitment", "#section-assessment", "#section-ex-ante", "#section-mrv"):
        assert page.locator(section).is_visible()
    assert page.locator("#section-mrv a[download]").count() >= 2
    measured_before = chart_option(page, "#card-project-series", "o.series[2].data")
    assert "Measured" in tooltip_text(page, "#card-project-series", series=2)
    shot(page, "project")

    options = page.locator("select[data-series-select] option")
    assert options.count() == 1 + n_sites
    page.select_option("select[data-series-select]", index=1)
    page.wait_for_function(
        "() => document.querySelector('#card-project-series .dash-table-wrap caption').textContent"
        ".includes('(demo)')",
        timeout=TIMEOUT_MS,
    )
    assert chart_option(page, "#card-project-series", "o.series[2].data") != measured_before
    href = page.locator("#section-mrv a[download]").first.get_attribute("href")
    csv = page.request.get(f"{base_url}{href}")
    assert csv.ok and csv.headers["content-type"].startswith("text/csv")
    shot(page, "project-site")
    assert_local_only(page)
