"""The funding, data-quality and accessibility pages in real headless Chromium, on the app
fixture with a budget, comparators and a missing, a rejected and a formula-valued return
(tests/funding_quality_fixtures.py): no console errors (the app_page fixture), figures
equal to summary, the year chosen through its control, CSVs downloaded through the
browser and read back, and axe clean."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from conftest import Served
from test_app_pages import assert_accessible

from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import data_quality as dq
from dashboard.views import funding as fv
from dashboard.views.context import DATASET_KEY
from dashboard.views.panels import cell_text, csv_rows, shown
from dashboard.views.state import ViewState, parse_state
from funding_quality_fixtures import FORMULA_VALUE, write_funding_quality_fixture

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = Served(write_funding_quality_fixture(tmp_path_factory.mktemp("fenmoor_fq")))
    yield s
    s.close()


def dataset(served):
    return served.app.server.config[DATASET_KEY].current


def funding_figures(served, **params):
    ds = dataset(served)
    return summary(ds, parse_filters(params, ds))["funding"]


def tile(page, key: str) -> str:
    return page.locator(f'[data-figure="funding.{key}"]').inner_text()


def downloaded_rows(page, link_selector: str) -> list[list[str]]:
    with page.expect_download() as info:
        page.locator(link_selector).click()
    path = Path(info.value.path())
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_funding_matches_summary_and_the_year_control_changes_it(served, app_page):
    s = funding_figures(served)
    app_page.goto(served.url + "/funding")
    app_page.wait_for_selector("#funding .js-plotly-plot")
    assert app_page.locator("#page-covers").inner_text() == "Financial year 2023/24"
    for col in (fv.TOTAL, fv.PER_HEAD, fv.BUDGET_PER_HEAD, fv.RECOVERY):
        assert tile(app_page, col.key) == cell_text(col, s[col.key]), col.key
    assert "2016/17" in app_page.locator("#comparator-year").inner_text()
    own = app_page.locator("#comparator-shares-table tbody tr").first
    assert own.locator("strong").inner_text().endswith("(this partnership, 2023/24)")
    assert_accessible(app_page)

    # the funding year through its control: the address and every figure follow
    app_page.get_by_role("button", name="Funding year").click()
    app_page.get_by_role("option", name="2022/23").click()
    app_page.wait_for_url(re.compile(r"year=2022(/|%2F)23"))
    app_page.wait_for_selector("#no-budget-lines")
    before = funding_figures(served, year="2022/23")
    app_page.wait_for_function(
        "document.querySelector('#page-covers').innerText === 'Financial year 2022/23'")
    assert tile(app_page, "contributions_total") == cell_text(
        fv.TOTAL, before["contributions_total"]) == "£120,000"
    assert tile(app_page, "budget_per_head_gbp") == "–"
    assert "No budget lines are recorded for 2022/23." in app_page.locator(
        "#no-budget-lines").inner_text()


def test_a_funding_csv_downloaded_through_the_browser_is_the_screen(served, app_page):
    app_page.goto(served.url + "/funding?year=2023/24")
    app_page.wait_for_selector("#comparator-shares-table")
    rows = downloaded_rows(app_page, '[data-download="comparator-shares-table"]')
    ds = dataset(served)
    header, expected = csv_rows(shown(fv.SHARES_PANEL, ds,
                                      parse_filters({"year": "2023/24"}, ds), ViewState()))
    assert rows[0] == header
    assert rows[1:] == [["" if r[h] is None else str(r[h]) for h in header] for r in expected]
    # and what the screen's table says, row by row
    cells = app_page.locator("#comparator-shares-table tbody tr")
    assert cells.count() == len(rows) - 1
    assert cells.nth(1).locator("td").first.inner_text() == rows[2][0] == "Ashby"
    assert rows[-2][0] == "Average of all comparators" and rows[-2][3:] == [
        "60.0", "20.0", "15.0", "5.0"]


def test_data_quality_grid_report_and_download(served, app_page):
    app_page.goto(served.url + "/data-quality")
    app_page.wait_for_selector("#returns-monthly-table")
    headers = app_page.locator("#returns-monthly-table thead th").all_inner_texts()
    police = app_page.locator("#returns-monthly-table tbody tr", has_text="police_online")
    nov = headers.index("Nov 2023")
    assert police.locator("td").nth(nov).inner_text() == "Missing"
    lessons = app_page.locator("#returns-monthly-table tbody tr", has_text="edu_online")
    jan = headers.index("Jan 2024")
    assert lessons.locator("td").nth(jan).inner_text() == "Returned but rejected"
    assert lessons.locator("td").nth(jan + 1).inner_text() == "Received"
    files = app_page.locator("#files-table tbody tr", has_text="indicators.csv")
    assert files.locator("td").nth(5).inner_text() == "125"     # rows accepted
    assert files.locator("td").nth(6).inner_text() == "3"       # rows quarantined
    assert_accessible(app_page)

    # a rejected period opens the report of its file's errors
    lessons.get_by_role("link", name="Returned but rejected").click()
    app_page.wait_for_url(re.compile(r"file=indicators.csv&severity=error"))
    app_page.wait_for_function(
        "document.querySelectorAll('#validation-report tbody tr').length === 3")
    ds = dataset(served)
    state = parse_state({"file": "indicators.csv", "severity": "error"})
    shown_rows = shown(dq.REPORT_PANEL, ds, parse_filters({}, ds), state).rows
    texts = app_page.locator("#validation-report tbody tr").all_inner_texts()
    assert [t.split("\t")[2] for t in texts] == [str(r["row"]) for r in shown_rows]

    # the report downloaded through the browser: the formula is neutralised
    rows = downloaded_rows(app_page, '[data-download="validation-report"]')
    assert rows[0] == ["Severity", "File", "Row", "Column", "Value", "Rule", "Message"]
    assert len(rows) == 4
    assert rows[3][4] == "'" + FORMULA_VALUE


def test_the_agency_filter_narrows_the_returns_grid(served, app_page):
    app_page.goto(served.url + "/data-quality?agency=police")
    app_page.wait_for_selector("#returns-monthly-table")
    assert app_page.locator("#returns-monthly-table tbody tr").count() == 1
    assert app_page.locator("#returns-quarterly-table").count() == 0
    # public mode: the report's values are hidden, and it says so
    app_page.goto(served.url + "/data-quality?public=1")
    app_page.wait_for_selector("#report-public-note")
    report_headers = app_page.locator("#validation-report thead th").all_inner_texts()
    assert "Value" not in report_headers
    assert FORMULA_VALUE not in app_page.locator("#validation-report").inner_text()
    assert_accessible(app_page)


def test_the_accessibility_statement_is_last_in_the_menu_and_accessible(served, app_page):
    app_page.goto(served.url + "/")
    app_page.wait_for_selector("[data-area-tile]")
    # the menu's last entry is Help, whose last item is the statement
    menus = app_page.locator("#nav-collapse .nav-link").all_inner_texts()
    assert menus[-1].strip() == "Help"
    app_page.locator("#nav-collapse .nav-link").last.click()
    items = app_page.locator("#nav-collapse .dropdown-menu.show .dropdown-item")
    assert items.all_inner_texts()[-1] == "Accessibility"
    items.last.click()
    app_page.wait_for_selector("#accessibility")
    assert app_page.locator("h1").inner_text() == "Accessibility statement"
    text = app_page.locator("#accessibility").inner_text()
    for words in ("WCAG", "2.2", "axe-core", "cannot be used with the keyboard",
                  "Reporting a problem", "Enforcement procedure"):
        assert words in text
    assert_accessible(app_page)


def test_the_keyboard_reaches_a_rejected_return_and_opens_its_report(served, app_page):
    app_page.goto(served.url + "/data-quality")
    app_page.wait_for_selector("#returns-monthly-table")
    for _ in range(150):
        app_page.keyboard.press("Tab")
        if app_page.evaluate("document.activeElement.textContent") == "Returned but rejected":
            break
    else:
        pytest.fail("Tab never reached the rejected return's link")
    app_page.keyboard.press("Enter")
    app_page.wait_for_url(re.compile(r"file=indicators.csv&severity=error"))
    app_page.wait_for_function(
        "document.querySelector('#validation-report caption').innerText"
        ".includes('the errors of indicators.csv')")
