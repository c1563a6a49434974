"""The meeting pack's progress page in Chromium: the navbar's link (carrying public
mode) opens it, it shows the job's progress while the pack is drawn, then offers the
PDF, which downloads. The pack itself is drawn and read back in tests/test_pack.py;
here a stand-in build, held until the test has seen the progress, keeps this quick."""
from __future__ import annotations

import re
import threading

import pytest

from dashboard import pack, pack_jobs
from test_app_pages import assert_accessible

pytestmark = pytest.mark.browser

STAND_IN = b"%PDF-1.4\n% stand-in meeting pack\n%%EOF\n"


@pytest.fixture
def stand_in_build(served, tmp_path, monkeypatch):
    """Packs drawn by a stand-in into a cache of the test's own; the stand-in reports a
    step, then waits for `release`."""
    release, calls = threading.Event(), []

    def build(ds, filters, progress):
        calls.append(filters.to_query_string())
        progress(3, 10, "Drawing chart 2 of 7")
        release.wait(30)
        return STAND_IN

    monkeypatch.setattr(pack, "build_pdf", build)
    monkeypatch.setitem(served.app.server.config, pack_jobs.CACHE_CONFIG_KEY, str(tmp_path))
    return release, calls


def test_the_pack_link_shows_progress_then_downloads_the_pdf(served, app_page,
                                                              stand_in_build):
    release, calls = stand_in_build
    app_page.goto(served.url + "/?public=1&agency=police")
    app_page.wait_for_selector("[data-area-tile]")
    link = app_page.locator("#pack-link")
    assert link.get_attribute("href") == "/meeting-pack?public=1&agency=police"
    link.click()
    app_page.wait_for_url(re.compile(r"/meeting-pack\?public=1&agency=police$"))
    running = app_page.wait_for_selector("[data-pack-state='running']")
    # the poll brings the job's own words and step
    app_page.wait_for_function(
        "document.querySelector('#pack-status').innerText.includes('Drawing chart 2 of 7')")
    assert "Preparing the meeting pack" in running.inner_text()
    progress = app_page.locator("#pack-progress")
    assert progress.get_attribute("value") == "3" and progress.get_attribute("max") == "10"
    assert app_page.locator("#pack-status").get_attribute("role") == "status"
    assert app_page.inner_text("#pack-filters") == "Police only"
    assert "Public" in app_page.inner_text("#pack-public-version")
    assert_accessible(app_page)
    release.set()
    download_link = app_page.wait_for_selector("#pack-download")
    assert "ready" in app_page.inner_text("#pack-status")
    with app_page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "meeting-pack-2024-03-31-public.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read() == STAND_IN
    assert calls == ["?agency=police&public=1"]
    # asked again (another tab, another worker): ready at once, not drawn again
    app_page.goto(served.url + "/meeting-pack?agency=police&public=1")
    app_page.wait_for_selector("#pack-download")
    assert len(calls) == 1
