"""Screenshots of platform pages at desktop and phone width, in English, French and Spanish.

For looking at what we build (see README): serves nothing itself; point it at a running platform
(``make run``), e.g.

    .venv/bin/python scripts/screenshots.py --base http://127.0.0.1:8000 --user demo-secretariat \
        --out test-artifacts/shots / /dashboard/ /projects/

Writes ``OUT/<lang>-<width>-<path>.png`` (full page) and prints, per shot, the page's horizontal overflow in
pixels (document wider than the window: a page that scrolls sideways on a phone) and the HTTP status.
Needs Debian's chromium (``apt-get install chromium``) and Playwright from the dev extra.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"desktop": 1366, "phone": 390}
LANGUAGES = ("en", "fr", "es")
PASSWORD = "fourpermille-demo"  # the demo accounts' password (printed by `make run`)


def localised(path: str, lang: str) -> str:
    """The platform's URLs carry the language as a prefix, except English (prefix_default_language=False)."""
    if lang == "en" or path.startswith(("/api/", "/i18n/")):
        return path
    return f"/{lang}{path}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", help="page paths in English, e.g. /dashboard/")
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", help="demo account to log in as (none: anonymous)")
    parser.add_argument("--out", default="test-artifacts/shots", type=Path)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for device, width in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": 900})
            page = context.new_page()
            if args.user:
                page.goto(f"{args.base}/login/")
                page.fill("input[name=username]", args.user)
                page.fill("input[name=password]", PASSWORD)
                page.click("main form [type=submit]")  # the header holds the search form
                page.wait_for_load_state("networkidle")
            for lang in args.languages.split(","):
                for path in args.paths:
                    url = args.base + localised(path, lang)
                    response = page.goto(url)
                    page.wait_for_load_state("networkidle")
                    overflow = page.evaluate(
                        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                    )
                    name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "home"
                    file = args.out / f"{lang}-{device}-{name}.png"
                    page.screenshot(path=str(file), full_page=True)
                    print(json.dumps({"url": url, "status": response.status if response else None,
                                      "width": width, "overflow_px": overflow, "file": str(file)}))
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
