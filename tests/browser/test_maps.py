"""Maps in headless chromium, on the demo data: an editor draws a polygon site on the site form's map, the
server checks it and gives its area, the site is saved and shows on the project page's map. Every wait is
on a state of the page (attributes the map script sets, elements shown), never a fixed sleep; no request
leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from tests.browser.conftest import shot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TIMEOUT_MS = 90_000  # generous: the machine may be shared with other CPU-heavy jobs
PASSWORD = "fourpermille-demo"  # the demo accounts' password (portal.demo.DEMO_PASSWORD)


def log_in(page, base_url, username):
    page.goto(f"{base_url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url, timeout=TIMEOUT_MS)


def editable_project(username):
    """A demo project to which ``username`` may add sites, and that user."""
    from django.contrib.auth import get_user_model

    from fourpermille.web.projects.models import Project, Site

    user = get_user_model().objects.get(username=username)
    for project in Project.objects.filter(is_demo=True).order_by("pk"):
        if user.has_perm("projects.change_site", Site(project=project)):
            return project
    raise AssertionError(f"{username} may add sites to no demo project")


def wait_map(page, selector):
    page.wait_for_function(
        "(s) => { const m = document.querySelector(s); return m && m.getAttribute('data-ready') !== null"
        " && m.getAttribute('data-boundaries') === 'drawn'; }",
        arg=selector,
        timeout=TIMEOUT_MS,
    )


def test_an_editor_draws_a_polygon_site_and_sees_it_on_the_project_page(base_url, demo, page):
    from fourpermille.web.projects.models import Site

    project = editable_project("demo-editor-1")
    sites_before = project.sites.count()
    log_in(page, base_url, "demo-editor-1")
    page.goto(f"{base_url}/projects/{project.pk}/")
    wait_map(page, "#project-sites-map")
    page.click("text=Add a site")
    wait_map(page, "#site-editor-map")
    page.fill("input[name=name]", "Drawn field")
    page.select_option("select[name=climate_zone]", "warm_temperate_moist")

    # draw a quadrilateral with the polygon tool, closing it on its first vertex
    page.evaluate("() => document.getElementById('site-editor-map').fourpermilleMap.setView([43.6, 3.9], 15)")
    page.click("#site-editor-map .leaflet-pm-icon-polygon")
    box = page.locator("#site-editor-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    corners = [(-120, -80), (120, -90), (140, 90), (-110, 100)]
    for dx, dy in corners + corners[:1]:
        page.mouse.click(cx + dx, cy + dy)
    page.wait_for_function(
        "() => document.getElementById('site-editor-map').getAttribute('data-geometry-state') === 'ok'",
        timeout=TIMEOUT_MS,
    )
    status = page.locator("[data-geometry-status]").inner_text()
    assert "ha" in status and "WGS 84" in status, status
    geometry = page.locator("textarea[name=geometry]").input_value()
    assert '"Polygon"' in geometry
    shot(page, "maps-site-drawn")

    page.click("main form[data-site-form] button[type=submit]")
    page.wait_for_url(
        lambda url: "/projects/sites/" in url and url.rstrip("/").split("/")[-1].isdigit(), timeout=TIMEOUT_MS
    )
    site = Site.objects.get(project=project, name="Drawn field")
    assert site.geometry_type == "Polygon" and site.area_ha > 1
    wait_map(page, "#site-map")
    assert (
        page.locator("[data-site-area]")
        .inner_text()
        .startswith(f"{site.area_ha:.2f}".rstrip("0").rstrip("."))
    )

    page.goto(f"{base_url}/projects/{project.pk}/")
    wait_map(page, "#project-sites-map")
    assert int(page.locator("#project-sites-map").get_attribute("data-ready")) == sites_before + 1
    assert page.locator("main table a", has_text="Drawn field").count() == 1
    # the drawn outline is on the map: a polygon path beside the other sites' paths
    assert page.locator("#project-sites-map .leaflet-overlay-pane path.leaflet-interactive").count() >= (
        sites_before + 1
    )
    shot(page, "maps-project-with-drawn-site")
    assert page.recorder.foreign == [], page.recorder.foreign
    assert any("/static/maps/vendor/leaflet/leaflet.js" in u for u in page.recorder.urls)
    assert page.js_errors == [], page.js_errors


def test_a_geometry_file_is_uploaded_on_the_map_in_spanish(base_url, demo, page, tmp_path):
    import numpy as np
    import pyogrio
    import shapely
    from shapely.geometry import Polygon

    project = editable_project("demo-editor-1")
    path = tmp_path / "parcela.gpkg"
    field = Polygon([(-3.70, 40.40), (-3.69, 40.40), (-3.69, 40.41), (-3.70, 40.41)])
    pyogrio.raw.write(
        str(path),
        shapely.to_wkb(np.array([field], dtype=object)),
        field_data=[],
        fields=[],
        geometry_type="Polygon",
        crs="EPSG:4326",
        driver="GPKG",
    )
    log_in(page, base_url, "demo-editor-1")
    page.goto(f"{base_url}/es/projects/{project.pk}/sites/new/")
    wait_map(page, "#site-editor-map")
    assert "Dibujar" in page.locator("#site-editor-map .leaflet-pm-toolbar").first.inner_html() or (
        page.locator("#site-editor-map [title^='Dibujar']").count() > 0
    )
    page.set_input_files("input[name=geometry_file]", str(path))
    page.wait_for_function(
        "() => document.getElementById('site-editor-map').getAttribute('data-geometry-state') === 'ok'",
        timeout=TIMEOUT_MS,
    )
    assert "Polígono" in page.locator("[data-geometry-status]").inner_text()
    assert page.locator("#site-editor-map .leaflet-overlay-pane path").count() >= 1
    shot(page, "maps-upload-es")
    assert page.recorder.foreign == [] and page.js_errors == [], page.js_errors
