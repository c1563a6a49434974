"""Every page of the menu (and an area page), in real Chromium, in public mode: it draws,
shows no "coming" text, logs no console error, and axe-core finds no violation (each
page's own browser tests check it in normal mode); and the back button steps back
through filter changes."""
from __future__ import annotations

import re

import pytest

from dashboard.views.shell import nav_pages
from test_app_pages import assert_accessible

pytestmark = pytest.mark.browser




@pytest.mark.parametrize("half", [0, 1])     # in two halves, that two test workers share
def test_every_page_draws_and_is_accessible_in_public_mode(half, served, app_page):
    public = "?public=1"
    paths = [p["path"] for p in nav_pages()] + ["/area/online_harm"]
    assert len(paths) >= 13
    for path in paths[half::2]:
        app_page.goto(served.url + path + public)
        app_page.wait_for_selector("main h1")
        app_page.wait_for_load_state("networkidle")
        text = app_page.inner_text("body")          # the page and its menus
        assert "coming in a later release" not in text, path
        assert "(coming)" not in text.lower(), path
        assert app_page.locator("[data-page-error]").count() == 0, path
        assert_accessible(app_page)


def test_the_back_button_steps_back_through_filter_changes(served, app_page):
    app_page.goto(served.url + "/front-door")
    app_page.wait_for_selector("#page-covers")
    app_page.select_option("#filter-period", "all")
    app_page.wait_for_url(re.compile(r"from=all"))
    app_page.select_option("#filter-period", "last_fy")
    app_page.wait_for_url(re.compile(r"from=2022-04-01&to=2023-03-31"))
    app_page.go_back()
    app_page.wait_for_url(re.compile(r"/front-door\?from=all$"))
    app_page.wait_for_function(
        "document.querySelector('#page-covers').innerText.startsWith('All dates')")
    # the controls follow the address too (their own callback, answered separately)
    app_page.wait_for_function("document.querySelector('#filter-period').value === 'all'")
    app_page.go_back()
    app_page.wait_for_url(re.compile(r"/front-door$"))
    app_page.wait_for_function(
        "document.querySelector('#page-covers').innerText.startsWith('12 months')")
