"""Opening a page in a real headless Chromium (Debian's `chromium`, driven by Playwright), for the
tests of the HTML postguard writes. Tests skip with a clear reason only where Chromium is absent;
.ci/run installs it. Nothing is downloaded: Playwright is pointed at the system browser."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed here "
                                                              "(.ci/run installs it: apt-get install chromium)")
# No background traffic of the browser's own: every request a page makes is the page's.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions"]


@contextmanager
def open_page(path: Path, width: int = 1280, height: int = 900, javascript: bool = True):
    """(page, requests): the page loaded from `path`, and every URL it asked for."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript)
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(Path(path).resolve().as_uri())
            yield page, requests
        finally:
            browser.close()
