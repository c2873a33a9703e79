"""End to end in a real browser: the platform as `make run` starts it (own SQLite file, demo data, dev
server), an editor uploading measurements (a bad file refused with row and column, a good one stored) and
submitting a draft project, then the same pages in French. Needs Debian's chromium (skipped without)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="needs the chromium browser"),
    pytest.mark.skipif(bool(os.environ.get("PYTEST_DATABASE_URL")), reason="uses its own SQLite file"),
]

HEADER = "profile_id,depth_top_cm,depth_bottom_cm,soc_g_kg,bulk_density_g_cm3\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = {
        **os.environ,
        "FOURPERMILLE_VAR": str(var),
        "DJANGO_SETTINGS_MODULE": "fourpermille.web.settings.development",
    }
    env.pop("DATABASE_URL", None)
    run = [sys.executable, "-m", "fourpermille.web"]
    subprocess.run([*run, "migrate", "-v0"], env=env, check=True, timeout=300)
    out = subprocess.run(
        [*run, "load_demo"], env=env, check=True, timeout=300, capture_output=True, text=True
    )
    assert "demo-editor-3      fourpermille-demo" in out.stdout
    port = free_port()
    process = subprocess.Popen(
        [*run, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    yield base
    process.terminate()
    process.wait(timeout=30)


def test_editor_uploads_and_submits_in_a_browser(server, tmp_path):
    from playwright.sync_api import sync_playwright

    bad, good = tmp_path / "bad.csv", tmp_path / "good.csv"
    bad.write_text(HEADER + "A,0,10,18,1.2\nA,10,30,x,1.3\n")
    good.write_text(HEADER + "A,0,10,18,1.2\nA,10,30,12,1.3\n")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(server + "/login/")
        page.fill("#id_username", "demo-editor-3")
        page.fill("#id_password", "fourpermille-demo")
        page.click("main button[type=submit]")
        page.goto(server + "/projects/?status=draft")
        page.locator("table a", has_text="Mekong").click()
        project_url = page.url
        page.locator("table a", has_text="site").first.click()
        page.wait_for_load_state("load")  # the stylesheet applied
        assert (
            page.evaluate("getComputedStyle(document.querySelector('header')).display") == "flex"
        )  # CSS served
        page.set_input_files("#id_file", str(bad))
        page.click("text=Upload")
        assert page.locator(".messages li").first.inner_text() == (
            "Nothing was imported. bad.csv, row 3, column 'soc_g_kg': 'x' is not a number"
        )
        page.set_input_files("#id_file", str(good))
        page.click("text=Upload")
        assert page.locator(".messages li").first.inner_text() == "2 rows from 1 profiles imported."
        page.goto(project_url)
        page.click("text=Submit for assessment")
        assert "Submitted" in page.locator(".messages li").first.inner_text()
        page.select_option("select[name=language]", "fr")
        page.wait_for_url("**/fr/**")
        assert page.locator("h2", has_text="Historique du circuit").count() == 1
        page.goto(server + "/api/docs/")
        page.wait_for_selector(".swagger-ui .info", timeout=30_000)  # Swagger UI ran from vendored assets
        browser.close()
