"""The front-door deep dive in real Chromium on the app fixture: figures equal summary,
filters through the address and the controls, a drill-down by clicking a bar, sorting by a
column header, a CSV downloaded and read back, public mode, and axe clean."""
from __future__ import annotations

import csv
import io
import re

import pytest

from dashboard.components.format import format_value
from dashboard.filters import parse_filters
from dashboard.views import front_door as fd
from dashboard.views.panels import cell_text, csv_rows, shown
from dashboard.views.state import ViewState
from test_app_pages import assert_accessible, dataset_of, figures

pytestmark = pytest.mark.browser


def settle(page):
    """Wait until Dash has drawn the page for the current address."""
    page.wait_for_load_state("networkidle")
    page.wait_for_function("!document.querySelector('[data-dash-is-loading=\"true\"]')")


def click_bar(page, panel: str, index: int = 0):
    """Click a plotly bar as a person does: plotly's drag layer takes the click at the
    bar's place. Retried if the chart is drawn again under the pointer."""
    bars = page.locator(f"{panel} .js-plotly-plot .bars .point path")
    for attempt in range(3):
        try:
            bars.nth(index).scroll_into_view_if_needed()
            box = bars.nth(index).bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            page.mouse.move(x, y)
            page.mouse.click(x, y)
            return
        except Exception:   # detached by a redraw: find it again
            if attempt == 2:
                raise
            settle(page)


def open_front_door(page, url):
    page.goto(url)
    page.wait_for_selector('[data-panel="by-referrer-agency"] .js-plotly-plot')


def shown_figures(page) -> dict:
    return {el.get_attribute("data-figure"): el.inner_text()
            for el in page.locator("[data-figure]").all()}


def expected_figures(served, **params) -> dict:
    s = figures(served, **params)["mash"]
    return {f"mash.{f.col.key}": cell_text(f.col, s[f.col.key]) for f in fd.FIGURES}


def test_figures_match_summary_and_the_page_is_accessible(served, app_page):
    open_front_door(app_page, served.url + "/front-door?from=all")
    assert shown_figures(app_page) == expected_figures(served, **{"from": "all"})
    # only the filters that narrow the front door are offered: the first five in the
    # row, the rest behind "More filters"
    app_page.wait_for_selector("#filter-age-band", state="visible")
    assert not app_page.locator("#filter-concern").is_visible()
    assert not app_page.locator("#filter-owner").is_visible()
    app_page.click("#more-filters-button")
    app_page.wait_for_selector("#filter-concern", state="visible")
    assert not app_page.locator("#filter-owner").is_visible()
    assert_accessible(app_page)


def test_a_filter_through_a_control_and_a_drill_down_by_clicking_a_bar(served, app_page):
    open_front_door(app_page, served.url + "/front-door?from=all")
    # a control: the age-band dropdown
    app_page.locator("#filter-age-band").click()
    app_page.get_by_role("option", name="5-9", exact=True).click()
    app_page.keyboard.press("Escape")
    app_page.wait_for_url(re.compile(r"age-band=5-9"))
    settle(app_page)                                  # the page is drawn again for 5-9
    # a bar: the first bar of the referrer chart narrows the page to that agency
    click_bar(app_page, '[data-panel="by-referrer-agency"]')
    app_page.wait_for_url(re.compile(r"agency=education"))   # first bar: Education (ties: words)
    app_page.wait_for_function(
        "document.querySelector('[data-figure=\"mash.contacts\"]').innerText === '20'")
    assert shown_figures(app_page) == expected_figures(
        served, **{"from": "all", "age-band": "5-9", "agency": "education"})


def test_sorting_by_a_column_header_happens_in_the_address(served, app_page):
    open_front_door(app_page, served.url + "/front-door?from=all")
    header = app_page.locator("#records-table th", has=app_page.get_by_role(
        "button", name=re.compile("^Received")))
    assert header.get_attribute("aria-sort") == "none"
    header.get_by_role("button").click()
    app_page.wait_for_url(re.compile(r"sort=received_at"))
    header = app_page.locator("#records-table th[aria-sort='ascending']")
    header.wait_for()
    header.get_by_role("button").click()
    app_page.wait_for_url(re.compile(r"sort=received_at&dir=desc"))
    app_page.locator("#records-table th[aria-sort='descending']").wait_for()
    first = app_page.locator("#records-table tbody tr").first.inner_text()
    assert "FC0059" in first      # the last contact received comes first
    assert_accessible(app_page)


def test_a_downloaded_csv_equals_the_numbers_on_screen(served, app_page):
    open_front_door(app_page, served.url + "/front-door?from=all")
    with app_page.expect_download() as info:
        app_page.locator('[data-download="by-referrer-agency"]').click()
    text = open(info.value.path(), encoding="utf-8").read()
    got = list(csv.reader(io.StringIO(text)))
    ds = dataset_of(served)
    header, rows = csv_rows(shown(fd.BREAKDOWN_PANELS["referrer_agency"], ds,
                                  parse_filters({"from": "all"}, ds), ViewState()))
    assert got == [header] + [["" if r[h] is None else str(r[h]) for h in header]
                              for r in rows]


def test_public_mode_shows_c_and_hides_the_rows(served, app_page):
    # 2 to 4 Jan 2024: 3 contacts (1 each from police, health and education)
    open_front_door(app_page, served.url + "/front-door?public=1&from=2024-01-02&to=2024-01-04")
    app_page.wait_for_selector("#public-note")
    assert shown_figures(app_page)["mash.contacts"] == "c"
    assert shown_figures(app_page)["mash.decided_within_1wd_pct"] == "c"
    assert "Record-level tables are hidden in public mode." in app_page.inner_text("main")
    assert app_page.locator("#records-table").count() == 0
    assert app_page.get_by_label("Public mode").is_checked()
    assert_accessible(app_page)


def test_public_mode_applies_secondary_suppression_on_screen_and_in_the_csv(served, app_page):
    # From 1 Feb 2024: 29 contacts in February and 1 in March, 30 in all (a figure on
    # the page). March's 1 is c, and February's 29 with it, or 30 - 29 would give it away.
    open_front_door(app_page, served.url + "/front-door?public=1&from=2024-02-01")
    assert shown_figures(app_page)["mash.contacts"] == "30"
    panel = app_page.locator('[data-panel="by-month"]')
    panel.locator("summary").click()
    cells = [[c.inner_text() for c in row.locator("th, td").all()]
             for row in panel.locator("tbody tr").all()]
    assert [row[:2] for row in cells] == [["Feb 2024", "c"], ["Mar 2024", "c"]]
    with app_page.expect_download() as info:
        panel.locator('[data-download="by-month"]').click()
    got = list(csv.reader(io.StringIO(open(info.value.path(), encoding="utf-8").read())))
    assert got[0][:2] == ["Month", "Contacts"]
    assert [row[:2] for row in got[1:]] == [["Feb 2024", "c"], ["Mar 2024", "c"]]
    assert_accessible(app_page)
