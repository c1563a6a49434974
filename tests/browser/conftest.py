"""Browser tests: the real app, served in a thread, driven in Debian's headless Chromium.

No tool may download its own browser here: Playwright (from pip) is pointed at
/usr/bin/chromium. Every page a test opens fails the test on a console error.
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ for fixtures_app

from fixtures_app import write_fixture  # noqa: E402

CHROMIUM = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-dev-shm-usage",
]

pytestmark = pytest.mark.browser


class Served:
    def __init__(self, folder: Path):
        from werkzeug.serving import make_server

        from dashboard.app import create_app

        self.app = create_app(folder)
        self.server = make_server("127.0.0.1", 0, self.app.server, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def fixture_folder(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("fenmoor"))


@pytest.fixture(scope="session")
def served(fixture_folder):
    s = Served(fixture_folder)
    yield s
    s.close()


@pytest.fixture(scope="session")
def served_broken(tmp_path_factory):
    s = Served(write_fixture(tmp_path_factory.mktemp("fenmoor_broken"), broken=True, demo=True))
    yield s
    s.close()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    _patch_wait_for_function()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


NOT_FOUND_LOG = "Failed to load resource: the server responded with a status of 404"


def _wait_for_function(self, expression, *, arg=None, timeout=None, polling=None):
    """Page.wait_for_function without eval: the dashboard's Content-Security-Policy
    forbids eval (dashboard/security.py), and Playwright evaluates a waited-for predicate
    with eval inside the page. page.evaluate goes through the DevTools protocol, which
    CSP does not govern, so the predicate is polled with it instead."""
    import time

    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    limit = (30_000 if timeout is None else timeout) / 1000
    step = polling / 1000 if isinstance(polling, (int, float)) else 0.05
    deadline = time.monotonic() + limit
    while True:
        value = self.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise PlaywrightTimeout(f"wait_for_function timed out after {limit:.0f} s: "
                                    f"{expression[:80]}")
        time.sleep(step)


def _patch_wait_for_function():
    from playwright.sync_api import Page

    Page.wait_for_function = _wait_for_function


@pytest.fixture
def app_page(chromium, request):
    """A fresh page; any console error or uncaught exception fails the test, except the
    404 that Chromium logs for an address a test marks with expect_404(path)."""
    marker = request.node.get_closest_marker("expect_404")
    expected = set(marker.args) if marker else set()
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []

    def on_console(message):
        if message.type != "error":
            return
        url = urlsplit(message.location.get("url") or "")
        if message.text.startswith(NOT_FOUND_LOG) and url.path in expected:
            return
        errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    # generous: two test workers share two cores with their Chromiums (.ci/run -n 2)
    page.set_default_timeout(30_000)
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"
