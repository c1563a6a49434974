"""Reloading in the browser: the data-quality page names what blocked a reload, Reload
now reloads, and a tab whose shell is older than the data says so; all of it passes axe
and logs no console error."""
from __future__ import annotations

import pytest

from conftest import Served
from fixtures_app import write_fixture
from test_app_pages import assert_accessible
from dashboard.views.context import DATASET_KEY


@pytest.fixture
def served_copy(tmp_path):
    s = Served(write_fixture(tmp_path / "fx"))
    yield s
    s.close()


def test_blocked_reload_reload_now_and_an_older_shell(served_copy, app_page):
    # served_copy first: fixtures close in reverse, so the page closes before its server
    # (the other way round, the page's last requests are refused and logged as errors)
    page, folder = app_page, served_copy.app.server.config[DATASET_KEY].folder
    holder = served_copy.app.server.config[DATASET_KEY]
    loaded = holder.current.loaded_at
    page.goto(served_copy.url + "/data-quality")
    page.wait_for_selector("#reload-now")
    assert f"loaded {loaded:%H:%M}" in page.inner_text("#loaded-at-shell")

    (folder / "actions.csv").write_text("action_id,source_type\nFX-1,audit\n")
    assert not holder.reload()
    page.goto(served_copy.url + "/data-quality")
    blocked = page.wait_for_selector("#reload-blocked")
    assert "actions.csv" in blocked.inner_text()
    assert_accessible(page)

    # mended, then Reload now: the result says so and links to the new data
    (folder / "actions.csv").unlink()
    with (folder / "priority_areas.csv").open("a", encoding="utf-8") as fh:
        fh.write("neglect,Neglect and home conditions,Neglect Subgroup,\n")
    page.click("#reload-now")
    page.wait_for_selector("#reload-result [data-reloaded]")
    assert holder.reloads == 1
    # this tab's shell is older than the data: the next page says so
    page.click("a.navbar-brand")
    notice = page.wait_for_selector("#reloaded-notice [data-reloaded]")
    assert "reloaded" in notice.inner_text()
    assert_accessible(page)
    # loading the page again brings the shell up to date: the new area is in the menu
    page.click("#reloaded-notice a")
    page.wait_for_selector("#nav-areas")
    assert page.locator("#reloaded-notice [data-reloaded]").count() == 0
    page.click("#nav-areas")
    page.wait_for_selector("text=Neglect and home conditions")
