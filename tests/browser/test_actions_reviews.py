"""The actions and case-reviews pages in real headless Chromium, on the app fixture
("Fenmoor", as of 2024-03-31), checked against `summary`.

Fenmoor's actions at as_of: FX-001 (audit, in progress, due 31 Dec 2023: 91 days
overdue), FX-002 (LCSPR, not started, due 30 Jun 2024; its recommendation starts with
=HYPERLINK), FX-003 (rapid review, completed 20 Jun 2023 before its due date), FX-004
(audit, due 30 Sep 2023, marked completed on 1 May 2024, after as_of: in progress and
183 days overdue). Its case reviews: FR-1 (May 2023), FR-2 (Nov 2023, an LCSPR), FR-3
(Mar 2024, pending), all in the default year.
"""
from __future__ import annotations

import csv
import re

import pytest

from dashboard.address import parse_search
from dashboard.csv_out import neutralise
from dashboard.filters import parse_filters
from dashboard.views import actions as av
from dashboard.views import case_reviews as cv
from dashboard.views.panels import cell_text, csv_rows, shown
from dashboard.views.state import parse_state

from test_app_pages import assert_accessible, dataset_of, figures, open_page

pytestmark = pytest.mark.browser


def figure_text(page, key: str) -> str:
    return page.locator(f'[data-figure="{key}"]').inner_text()


def assert_figures(page, served, view, section: str, **params):
    """Every headline figure on the page is summary's, written as the page writes it."""
    s = figures(served, **params)[section]
    for fig in view.FIGURES:
        key = f"{section}.{fig.col.key}"
        page.wait_for_function(
            "([k, v]) => document.querySelector(`[data-figure=\"${k}\"]`)?.innerText === v",
            arg=[key, cell_text(fig.col, s[fig.col.key])], timeout=15_000)


def table_texts(page, table_id: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"#{table_id} tbody tr",
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))")


# ---- actions -------------------------------------------------------------------------
def test_actions_page_figures_match_summary_and_it_is_accessible(served, app_page):
    open_page(app_page, served.url + "/actions", "#page-figures")
    assert_figures(app_page, served, av, "actions")
    assert figure_text(app_page, "actions.overdue") == "2"
    assert "As at 31 Mar 2024" in app_page.locator("#page-covers").inner_text()
    # every action is in the tracker, the overdue ones first with their days in words
    rows = table_texts(app_page, "tracker-table")
    assert [r[0] for r in rows] == ["FX-004", "FX-001", "FX-002", "FX-003"]
    assert rows[0][5] == "183 days overdue" and rows[1][5] == "91 days overdue"
    # the period is not a filter of this page: its controls are hidden
    assert not app_page.locator("#filter-from").is_visible()
    assert app_page.locator("#filter-owner").is_visible()
    assert_accessible(app_page)


def test_actions_filters_through_the_address_and_a_control(served, app_page):
    open_page(app_page, served.url + "/actions?owner=police", "#page-figures")
    assert_figures(app_page, served, av, "actions", owner="police")
    assert figure_text(app_page, "actions.total") == "2"          # FX-002, FX-004
    assert app_page.input_value("#filter-owner") == "police"
    app_page.fill("#filter-owner", "Education")
    app_page.press("#filter-owner", "Enter")
    app_page.wait_for_url(re.compile(r"owner=Education"))
    assert_figures(app_page, served, av, "actions", owner="Education")
    assert figure_text(app_page, "actions.total") == "1"          # FX-001


def test_a_click_on_a_bar_narrows_the_actions(served, app_page):
    open_page(app_page, served.url + "/actions", '[data-panel="by-source-type"] .js-plotly-plot')
    # the first bar is the largest source: audit (FX-001, FX-004); a real click on it
    # (plotly's drag layer lies over the bars and takes the click, as it does for a
    # person's: force skips Playwright's check that the bar itself receives it)
    app_page.locator('[data-panel="by-source-type"] .js-plotly-plot .bars .point path'
                     ).first.click(force=True)
    app_page.wait_for_url(re.compile(r"source-type=audit"))
    assert_figures(app_page, served, av, "actions", **{"source-type": "audit"})
    assert figure_text(app_page, "actions.total") == "2"
    assert [r[0] for r in table_texts(app_page, "tracker-table")] == ["FX-004", "FX-001"]


def test_sorting_the_tracker_by_a_column_header(served, app_page):
    open_page(app_page, served.url + "/actions", "#tracker-table")
    header = app_page.locator("#tracker-table th", has=app_page.get_by_role(
        "button", name="Due", exact=True))
    assert header.get_attribute("aria-sort") == "none"
    header.get_by_role("button").click()
    app_page.wait_for_url(re.compile(r"sort=due_on"))
    app_page.wait_for_selector('#tracker-table th[aria-sort="ascending"]')
    assert header.get_attribute("aria-sort") == "ascending"
    # due 30 Jun 2023, 30 Sep 2023, 31 Dec 2023, 30 Jun 2024
    assert [r[0] for r in table_texts(app_page, "tracker-table")] == [
        "FX-003", "FX-004", "FX-001", "FX-002"]
    header.get_by_role("button").click()
    app_page.wait_for_url(re.compile(r"sort=due_on&dir=desc|dir=desc.*sort=due_on"))
    app_page.wait_for_selector('#tracker-table th[aria-sort="descending"]')
    assert [r[0] for r in table_texts(app_page, "tracker-table")] == [
        "FX-002", "FX-001", "FX-004", "FX-003"]


def test_the_tracker_downloaded_through_the_browser_equals_the_table(served, app_page,
                                                                     tmp_path):
    open_page(app_page, served.url + "/actions?sort=action_id", "#tracker-table")
    app_page.wait_for_selector('#tracker-table th[aria-sort="ascending"]')
    screen = table_texts(app_page, "tracker-table")
    with app_page.expect_download() as info:
        app_page.locator('[data-download="tracker-table"]').click()
    path = tmp_path / "tracker.csv"
    info.value.save_as(path)
    with path.open(newline="", encoding="utf-8") as fh:
        got = list(csv.reader(fh))
    ds = dataset_of(served)
    params = parse_search("?sort=action_id&rows=all")
    table = shown(av.TRACKER_PANEL, ds, parse_filters(params, ds), parse_state(params))
    header, rows = csv_rows(table)
    assert got[0] == header
    assert len(got) - 1 == len(screen) == len(table.rows) == 4
    # the screen writes each value as the CSV does, in words for people (dates as "31 Dec
    # 2023" on screen and ISO in the file), in the same order
    for shown_row, csv_row, data, want in zip(screen, got[1:], table.rows, rows):
        assert shown_row == [cell_text(c, data.get(c.key)) for c in table.columns]
        assert csv_row == ["" if want[h] is None else neutralise(str(want[h])) for h in header]
    by_id = {r[0]: r for r in got[1:]}
    screen_by_id = {r[0]: r for r in screen}
    # data text is text on screen; a spreadsheet would run it, so the CSV neutralises it
    assert screen_by_id["FX-002"][1] == '=HYPERLINK("x") train all staff'
    assert by_id["FX-002"][1] == '\'=HYPERLINK("x") train all staff'
    assert by_id["FX-001"][5] == screen_by_id["FX-001"][5] == "91 days overdue"
    assert by_id["FX-001"][3] == "2023-12-31" and screen_by_id["FX-001"][3] == "31 Dec 2023"
    assert by_id["FX-001"][13] == screen_by_id["FX-001"][13] == (
        "Online harm referrals per 10,000 children")


def test_the_indicator_links_to_its_area_page_keeping_the_filters(served, app_page):
    open_page(app_page, served.url + "/actions?owner=education&sort=due_on", "#tracker-table")
    app_page.locator("#tracker-table").get_by_role(
        "link", name="Online harm referrals per 10,000 children").click()
    app_page.wait_for_url(re.compile(r"/area/online_harm\?owner=education$"))
    app_page.wait_for_selector("[data-indicator]")


def test_actions_in_public_mode_are_not_suppressed_and_the_tracker_stays(served, app_page):
    open_page(app_page, served.url + "/actions?public=1", "#page-figures")
    assert_figures(app_page, served, av, "actions")                # never c
    assert app_page.locator("#tracker-table tbody tr").count() == 4
    assert app_page.get_by_text("See the 2 rows").count() == 1
    assert_accessible(app_page)


# ---- case reviews --------------------------------------------------------------------
def test_case_reviews_figures_match_summary_and_it_is_accessible(served, app_page):
    open_page(app_page, served.url + "/case-reviews", "#page-figures")
    assert_figures(app_page, served, cv, "case_reviews")
    assert figure_text(app_page, "case_reviews.incidents") == "3"
    rows = table_texts(app_page, "reviews-table")
    # FR-3's rapid review was due Tue 26 Mar 2024 and has not happened by Sun 31 Mar:
    # overdue by 3 working days (Wed 27, Thu 28, then Good Friday and Easter Monday
    # are holidays: the next working day is Tue 2 Apr), so it comes first
    assert [r[0] for r in rows] == ["FR-3", "FR-2", "FR-1"]
    assert rows[0][4] == "Not yet: overdue by 3 working days"
    assert rows[1][4] == "Late by 16 working days"
    assert_accessible(app_page)


def test_case_reviews_filter_through_the_address_a_control_and_a_point(served, app_page):
    open_page(app_page, served.url + "/case-reviews?from=2023-10-01", "#page-figures")
    assert_figures(app_page, served, cv, "case_reviews", **{"from": "2023-10-01"})
    assert figure_text(app_page, "case_reviews.incidents") == "2"      # FR-2, FR-3
    app_page.fill("#filter-to", "2023-12-31")
    app_page.wait_for_url(re.compile(r"to=2023-12-31"))
    assert_figures(app_page, served, cv, "case_reviews",
                   **{"from": "2023-10-01", "to": "2023-12-31"})
    assert figure_text(app_page, "case_reviews.incidents") == "1"      # FR-2
    # a click on the first quarter's point narrows the period to that quarter
    open_page(app_page, served.url + "/case-reviews",
              '[data-panel="by-quarter"] .js-plotly-plot')
    app_page.locator('[data-panel="by-quarter"] .js-plotly-plot .scatterlayer .point'
                     ).first.click(force=True)
    app_page.wait_for_url(re.compile(r"from=2023-04-01&to=2023-06-30"))
    assert_figures(app_page, served, cv, "case_reviews",
                   **{"from": "2023-04-01", "to": "2023-06-30"})
    assert [r[0] for r in table_texts(app_page, "reviews-table")] == ["FR-1"]


def test_case_reviews_in_public_mode_suppress_and_hide_the_reviews(served, app_page):
    open_page(app_page, served.url + "/case-reviews?public=1", "#page-figures")
    assert figure_text(app_page, "case_reviews.incidents") == "c"      # 3 reviews
    assert figure_text(app_page, "case_reviews.lcspr_overdue") == "0"
    assert app_page.get_by_text("Record-level tables are hidden in public mode.").count() == 1
    assert app_page.locator("#reviews-table").count() == 0
    assert_accessible(app_page)
