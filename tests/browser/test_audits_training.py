"""The audits and training pages in real headless Chromium on the app fixture: figures
equal to `summary`, filters through the address and through a control, a drill-down by
clicking a bar in the chart, a CSV downloaded through the browser equal to the numbers
table on screen, public mode, and axe-core finding nothing."""
from __future__ import annotations

import csv
import re

import pytest

from dashboard.views import audits as au
from dashboard.views import training as tr
from dashboard.views.panels import cell_text

from test_app_pages import assert_accessible, figures

pytestmark = pytest.mark.browser


def open_page(page, url):
    page.goto(url)
    page.wait_for_selector("#page-figures")
    page.wait_for_selector(".js-plotly-plot")


def assert_figures(page, section, shown_figures, s):
    """Each headline figure as summary gives it (after the page has redrawn: the first
    figure but one is waited for)."""
    probe = shown_figures[1]
    page.wait_for_function(
        "([key, text]) => { const e = document.querySelector(`[data-figure=\"${key}\"]`);"
        " return e !== null && e.innerText === text; }",
        arg=[f"{section}.{probe.col.key}", cell_text(probe.col, s[section][probe.col.key])])
    for fig in shown_figures:
        key = f"{section}.{fig.col.key}"
        got = page.locator(f'[data-figure="{key}"]').inner_text()
        assert got == cell_text(fig.col, s[section][fig.col.key]), key


def test_audits_page_figures_are_summarys_and_accessible(served, app_page):
    open_page(app_page, served.url + "/audits")
    assert app_page.locator("h1").inner_text() == "Audits"
    assert_figures(app_page, "audits", au.FIGURES, figures(served))
    # the fixture has no re-audit: the page says so rather than showing an empty table
    assert "No audit exercise re-audits another" in app_page.locator(
        '[data-panel="reaudits"]').inner_text()
    assert_accessible(app_page)


def test_training_page_figures_are_summarys_and_accessible(served, app_page):
    open_page(app_page, served.url + "/training")
    assert app_page.locator("h1").inner_text() == "Training"
    assert_figures(app_page, "training", tr.FIGURES, figures(served))
    assert_accessible(app_page)


def test_a_filter_in_the_address_and_one_through_a_control(served, app_page):
    open_page(app_page, served.url + "/audits?from=all&agency=police")
    assert_figures(app_page, "audits", au.FIGURES,
                   figures(served, **{"from": "all", "agency": "police"}))
    assert "Police" in app_page.locator("#filter-agency").inner_text()

    open_page(app_page, served.url + "/training")
    before = app_page.locator('[data-figure="training.bookings"]').inner_text()
    app_page.fill("#filter-from", "2024-02-01")
    app_page.wait_for_url(re.compile(r"from=2024-02-01"))
    s = figures(served, **{"from": "2024-02-01"})
    # bookings on 10 Feb and 10 Mar: 8 of the fixture's 12
    assert s["training"]["bookings"] == 8 and before == "12"
    assert_figures(app_page, "training", tr.FIGURES, s)


def click_first_bar(page, panel):
    """A real click on a plotly bar: the mouse goes to the bar's middle, where plotly's
    drag layer (above the bars) turns it into the click on that bar."""
    bar = page.locator(f'[data-panel="{panel}"] .js-plotly-plot .bars .point path').first
    bar.wait_for()
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_clicking_a_bar_narrows_the_page(served, app_page):
    open_page(app_page, served.url + "/audits?from=all")
    # by agency, most returns first; the three agencies tie at 26, so in the order of
    # their words: Health's bar first (its code rides in the bar's customdata)
    first = app_page.evaluate(
        "document.querySelector('[data-panel=\"by-agency\"] .js-plotly-plot')"
        ".data[0].customdata[0][0]")
    assert first == "health"
    click_first_bar(app_page, "by-agency")
    app_page.wait_for_url(re.compile(r"agency=health"))
    assert "from=all" in app_page.url
    app_page.wait_for_function(
        "document.querySelector('#filter-agency').innerText.includes('Health')")
    assert_figures(app_page, "audits", au.FIGURES,
                   figures(served, **{"from": "all", "agency": "health"}))

    # a link in the numbers table does the same, for keyboards: a month of training
    open_page(app_page, served.url + "/training")
    panel = app_page.locator('[data-panel="by-month"]')
    panel.locator("summary").click()
    panel.get_by_role("link", name="Feb 2024").click()
    app_page.wait_for_url(re.compile(r"from=2024-02-01&to=2024-02-29"))
    assert_figures(app_page, "training", tr.FIGURES,
                   figures(served, **{"from": "2024-02-01", "to": "2024-02-29"}))


def screen_cells(page, table_id):
    rows = page.locator(f"#{table_id} tr")
    return [[c.strip() for c in rows.nth(i).locator("th, td").all_inner_texts()]
            for i in range(rows.count())]


def as_shown(value: str) -> str:
    """A CSV cell as the screen writes it: '–' for nothing, numbers without their unit."""
    return "–" if value == "" else value


def test_a_csv_downloaded_equals_the_numbers_table(served, app_page):
    open_page(app_page, served.url + "/audits?from=all")
    panel = app_page.locator('[data-panel="by-quarter"]')
    panel.locator("summary").click()
    with app_page.expect_download() as info:
        panel.locator('[data-download="by-quarter"]').click()
    with open(info.value.path(), newline="", encoding="utf-8") as fh:
        downloaded = list(csv.reader(fh))
    screen = screen_cells(app_page, "by-quarter-table")
    assert downloaded[0] == screen[0]
    assert len(downloaded) == len(screen) == 1 + 13      # 13 quarters audited
    for row, shown in zip(downloaded[1:], screen[1:]):
        assert row[0] == shown[0]                        # the quarter, in words
        for value, text in zip(row[1:], shown[1:]):
            assert text.rstrip("%").replace(",", "") == as_shown(value) or (
                float(value) == pytest.approx(float(text.rstrip("%")), abs=0.05))


def test_public_mode_shows_c_and_hides_the_rows(served, app_page):
    # February 2024: one audit exercise, 2 cases and 6 agency returns (2 good or better)
    open_page(app_page, served.url + "/audits?public=1&from=2024-02-01")
    assert app_page.locator('[data-figure="audits.cases"]').inner_text() == "c"
    assert app_page.locator('[data-figure="audits.agency_returns"]').inner_text() == "6"
    assert app_page.locator('[data-figure="audits.good_or_better_pct"]').inner_text() == "c"
    assert "Record-level tables are hidden in public mode." in app_page.locator(
        "#audits").inner_text()
    assert app_page.locator("#records-table").count() == 0
    assert app_page.get_by_role("link", name=re.compile("See the")).count() == 0
    assert_accessible(app_page)
    # March 2024: 4 bookings
    open_page(app_page, served.url + "/training?public=1&from=2024-03-01")
    assert app_page.locator('[data-figure="training.bookings"]').inner_text() == "c"
    assert app_page.locator('[data-figure="training.fee_income_gbp"]').inner_text() == "£100"
    assert app_page.locator("#records-table").count() == 0
