"""Browser tests: Playwright (Python) driving Debian's chromium headless against pytest-django's
live_server, with the demo data loaded. Every request the page makes is recorded; the tests assert that
none leaves 127.0.0.1 (and a route aborts any that would, so a mistake cannot reach the network).

Screenshots go to test-artifacts/screenshots/ (gitignored; FOURPERMILLE_SCREENSHOTS overrides).
Chromium missing: the tests FAIL with a message saying how to install it, unless FOURPERMILLE_SKIP_BROWSER=1
(for a local run without a browser) makes them skip.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import urlparse

import pytest

# pytest-django's live_server listens on this address when these tests start it first (its default,
# "localhost", also binds 127.0.0.1: ``base_url`` always addresses the server as 127.0.0.1).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = os.environ.get("FOURPERMILLE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("FOURPERMILLE_SCREENSHOTS", "test-artifacts/screenshots"))
LOCAL_HOSTS = {"127.0.0.1"}


@pytest.fixture(scope="module", autouse=True)
def _orm_beside_playwright():
    """Playwright's sync API keeps an event loop in this thread, so Django refuses ORM calls (loading the
    demo, adding an upload) unless told they are safe: they are synchronous here. Set for this module
    only, and removed after it (``check --deploy`` rightly rejects the flag)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser():
    """Chromium for this module only: Playwright's sync API must be stopped before other modules (the
    platform's own browser test) start theirs."""
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = (
            f"chromium not found at {CHROMIUM}: install it (apt-get install -y chromium; .ci/run does) "
            "or set FOURPERMILLE_CHROMIUM; FOURPERMILLE_SKIP_BROWSER=1 skips the browser tests locally"
        )
        if os.environ.get("FOURPERMILLE_SKIP_BROWSER") == "1":
            pytest.skip(message)
        pytest.fail(message, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Recorder:
    """Every request URL of a page, and the ones that are not local."""

    def __init__(self):
        self.urls: list[str] = []

    def add(self, request):
        self.urls.append(request.url)

    @property
    def foreign(self) -> list[str]:
        out = []
        for url in self.urls:
            parsed = urlparse(url)
            if parsed.scheme in ("data", "blob", "about"):
                continue  # in-page data, nothing leaves the browser
            if parsed.hostname not in LOCAL_HOSTS:
                out.append(url)
        return out


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="en-GB")
    recorder = Recorder()
    context.on("request", recorder.add)

    def guard(route):
        if urlparse(route.request.url).hostname in LOCAL_HOSTS or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{error.message}\n{error.stack}"))
    page.recorder = recorder
    page.js_errors = errors
    yield page
    context.close()


_snapshot: dict[str, sqlite3.Connection] = {}


@pytest.fixture
def demo(transactional_db):
    """The demo data (portal.demo.load_demo, then dashboard.demo.load_dashboard_demo) in the test database.

    Each live-server test ends with the database flushed. On the in-memory SQLite test database the first
    load is kept as a snapshot (SQLite's backup API) and copied back for the next test in milliseconds,
    instead of loading the demo again (tens of seconds)."""
    from django.db import connection

    from fourpermille.web.dashboard.demo import load_dashboard_demo
    from fourpermille.web.portal.demo import load_demo

    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    connection.ensure_connection()
    if in_memory and "demo" in _snapshot:
        _snapshot["demo"].backup(connection.connection)
        return
    load_demo()
    load_dashboard_demo()
    if in_memory:
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        _snapshot["demo"] = snapshot


@pytest.fixture
def base_url(live_server) -> str:
    """The live server as http://127.0.0.1:PORT (the one host the pages may reach)."""
    return live_server.url.replace("://localhost:", "://127.0.0.1:")


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
