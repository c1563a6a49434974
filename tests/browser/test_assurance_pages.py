"""The self-assessment and voice pages (and the area page's voice) in real headless
Chromium, on the app fixture with the self-assessments and voice entries of
fixtures_assurance.py, checked against `summary`: no console errors (the app_page
fixture), the round picker and the log's search through the page, a drill-down click on
a chart, a CSV downloaded and read back, public mode, and axe."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.csv_out import to_csv
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import self_assessment as sa
from dashboard.views import voice as v
from dashboard.views.context import DATASET_KEY
from dashboard.views.panels import cell_text, csv_rows, shown
from dashboard.views.state import parse_state
from fixtures_assurance import SCRIPT, write_assurance_fixture
from test_app_pages import assert_accessible

from conftest import Served

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = Served(write_assurance_fixture(tmp_path_factory.mktemp("assurance")))
    yield s
    s.close()


def dataset(served):
    return served.app.server.config[DATASET_KEY].current


def figures(served, section, **params):
    ds = dataset(served)
    return summary(ds, parse_filters(params, ds))[section]


def shown_figure(page, key: str) -> str:
    return page.locator(f'[data-figure="{key}"]').inner_text()


def assert_self_assessment_figures(page, s: dict):
    for fig in sa.FIGURES:
        value = sa.change_words(s) if fig.col.key == "change" else s[fig.col.key]
        assert shown_figure(page, f"self_assessment.{fig.col.key}") == cell_text(fig.col, value)


def assert_voice_figures(page, s: dict):
    expected = {"heard": s["heard"], **{f"heard_{k}": n for k, n in s["by_source"].items()},
                **{k: s[k] for k in ("responded_pct", "fed_back_pct", "median_days_to_response",
                                     "awaiting_over_90d")}}
    for fig in v.FIGURES:
        assert shown_figure(page, f"voice.{fig.col.key}") == cell_text(
            fig.col, expected[fig.col.key]), fig.col.key


def open_page(page, url, selector):
    page.goto(url)
    page.wait_for_selector(selector)


# ---- self-assessment --------------------------------------------------------------------
def test_self_assessment_figures_match_summary(served, app_page):
    open_page(app_page, served.url + "/self-assessment", "#self-assessment")
    s = figures(served, "self_assessment")
    assert s["round"] == "2023/24"
    assert_self_assessment_figures(app_page, s)
    assert "the latest round with a return due by 31 Mar 2024" in app_page.locator(
        "#round-words").inner_text()
    # the round control says which round a blank means
    assert app_page.locator("#filter-round").inner_text().strip() == "Latest: 2023/24"
    # only the filters that narrow the page are offered
    assert app_page.locator("#filter-agency").is_visible()
    assert not app_page.locator("#filter-area").is_visible()
    assert app_page.locator("#ratings-section-11-table").is_visible()
    assert "St Anne's <Primary>" in app_page.locator(
        "#returns-by-organisation-table").inner_text()
    assert_accessible(app_page)


def test_the_round_picker_changes_the_address_and_the_figures(served, app_page):
    # a shared link to a round not in the file keeps its round (the control, which
    # offers only the file's rounds, once cleared it and the page showed the latest)
    open_page(app_page, served.url + "/self-assessment?round=2030/31", "#round-words")
    app_page.wait_for_function(
        "document.querySelector('#round-words').innerText.startsWith('Round 2030/31')")
    app_page.wait_for_timeout(1000)   # the filter bar settles without rewriting the address
    assert "round=2030/31" in app_page.url
    assert "Round 2030/31" in app_page.locator("#round-words").inner_text()
    app_page.locator("#filter-round").click()
    app_page.get_by_role("option", name="2022/23").click()
    app_page.wait_for_url(re.compile(r"round=2022/23"))
    app_page.wait_for_function(
        "document.querySelector('#round-words').innerText.startsWith('Round 2022/23')")
    s = figures(served, "self_assessment", round="2022/23")
    assert (s["organisations"], s["previous_round"]) == (1, None)
    assert_self_assessment_figures(app_page, s)
    # and back to the latest through the links under the round's words
    app_page.locator("#round-links").get_by_role("link", name="2023/24").click()
    app_page.wait_for_url(re.compile(r"round=2023/24"))
    app_page.wait_for_function(
        "document.querySelector('[data-figure=\"self_assessment.organisations\"]')"
        ".innerText === '5'")


def test_a_click_on_the_agency_chart_narrows_the_page(served, app_page):
    open_page(app_page, served.url + "/self-assessment",
              '[data-panel="returns-by-agency"] .js-plotly-plot')
    # the first bar is the first agency in the contract's order: local authority
    app_page.locator('[data-panel="returns-by-agency"] g.point path').first.click(force=True)
    app_page.wait_for_url(re.compile(r"agency=local_authority"))
    app_page.wait_for_function(
        "document.querySelector('[data-figure=\"self_assessment.organisations\"]')"
        ".innerText === '1'")
    assert_self_assessment_figures(app_page, figures(served, "self_assessment",
                                                     agency="local_authority"))


def test_self_assessment_public_mode_hides_the_ratings_of_each_organisation(served, app_page):
    open_page(app_page, served.url + "/self-assessment", "#ratings-section-11-table")
    app_page.get_by_label("Public mode").check()
    app_page.wait_for_url(re.compile(r"public=1"))
    app_page.wait_for_selector("#ratings-matrix >> text=hidden in public mode")
    assert app_page.locator("#ratings-section-11-table").count() == 0
    assert app_page.locator("#not-met-table").count() == 0
    # counts of organisations are never suppressed
    assert_self_assessment_figures(app_page, figures(served, "self_assessment"))
    assert_accessible(app_page)


# ---- voice ------------------------------------------------------------------------------
def test_voice_figures_match_summary(served, app_page):
    open_page(app_page, served.url + "/voice", "#voice-log-table")
    assert_voice_figures(app_page, figures(served, "voice"))
    rows = app_page.locator("#voice-log-table tbody tr")
    assert rows.count() == 6
    # waiting over 90 days first; data text as text
    assert rows.first.locator("td").first.inner_text() == "FV2"
    assert SCRIPT in app_page.locator("#voice-log-table").inner_text()
    assert app_page.locator("#voice-log-table script").count() == 0
    # a chart's labels are text too (the area's name has <…> in it)
    assert "Early years <under-fives>" in app_page.locator(
        '[data-panel="by-area"] .ytick text').all_text_contents()
    assert_accessible(app_page)


def test_the_voice_search_through_the_page(served, app_page):
    open_page(app_page, served.url + "/voice", "#voice-log-table")
    app_page.fill("#voice-search", "people's")
    app_page.press("#voice-search", "Enter")
    app_page.wait_for_url(re.compile(r"q=people%27s"))
    app_page.wait_for_selector('#log-count[data-log-total="1"]')
    assert app_page.locator("#voice-log-table tbody tr td").first.inner_text() == "FV6"
    # a search with a quote and SQL in it finds nothing and breaks nothing
    app_page.fill("#voice-search", "x'); DROP TABLE voice; --")
    app_page.get_by_role("button", name="Search").click()
    app_page.wait_for_selector('#log-count[data-log-total="0"]')
    app_page.get_by_role("link", name="Clear the search").click()
    app_page.wait_for_selector('#log-count[data-log-total="6"]')
    # the lists narrow the log by source and channel through the address
    app_page.select_option("#voice-source", "children")
    app_page.wait_for_url(re.compile(r"source=children"))
    app_page.wait_for_selector('#log-count[data-log-total="2"]')
    app_page.select_option("#voice-channel", "survey")
    app_page.wait_for_url(re.compile(r"channel=survey"))
    app_page.wait_for_selector('#log-count[data-log-total="1"]')
    # the figures are not narrowed by the log's search
    assert_voice_figures(app_page, figures(served, "voice"))


def test_drill_down_by_area_and_by_month(served, app_page):
    open_page(app_page, served.url + "/voice", '[data-panel="by-area"] .js-plotly-plot')
    app_page.locator('[data-panel="by-area"] g.point path').first.click(force=True)
    app_page.wait_for_url(re.compile(r"area=online_harm"))
    app_page.wait_for_selector('#log-count[data-log-total="3"]')
    assert_voice_figures(app_page, figures(served, "voice", area="online_harm"))
    # a point of the monthly trend narrows the period to its month (May 2023: FV1)
    open_page(app_page, served.url + "/voice", '[data-panel="by-month"] .js-plotly-plot')
    point = app_page.locator('[data-panel="by-month"] .scatterlayer .trace').first.locator(
        "path.point").nth(1)
    point.click(force=True)
    app_page.wait_for_url(re.compile(r"from=2023-05-01&to=2023-05-31"))
    app_page.wait_for_selector('#log-count[data-log-total="1"]')
    assert_voice_figures(app_page, figures(served, "voice", **{"from": "2023-05-01",
                                                                "to": "2023-05-31"}))


def test_a_csv_downloaded_and_read_back(served, app_page):
    open_page(app_page, served.url + "/voice?q=online", "#voice-log-table")
    with app_page.expect_download() as info:
        app_page.locator('[data-download="voice-log-table"]').click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    ds = dataset(served)
    params = {"q": "online", "rows": "all"}
    header, rows = csv_rows(shown(v.LOG_PANEL, ds, parse_filters(params, ds),
                                  parse_state(params).every_row()))
    assert text == to_csv(rows, header)
    assert [r["Entry"] for r in rows] == ["FV6", "FV1"]
    # a chart's numbers too
    open_page(app_page, served.url + "/self-assessment", "#self-assessment")
    with app_page.expect_download() as info:
        app_page.locator('[data-download="returns-by-agency"]').click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    header, rows = csv_rows(shown(sa.AGENCY_PANEL, ds, parse_filters({}, ds),
                                  parse_state({}).every_row()))
    assert text == to_csv(rows, header)
    assert text.splitlines()[1].startswith("Local authority,1,0,1,")


def test_voice_public_mode_keeps_the_log(served, app_page):
    open_page(app_page, served.url + "/voice?public=1", "#voice-log-table")
    app_page.wait_for_selector("#shell.public-mode")
    assert app_page.locator("#voice-log-table tbody tr").count() == 6
    assert_voice_figures(app_page, figures(served, "voice"))      # nothing suppressed
    assert_accessible(app_page)


def test_the_area_page_shows_its_voice_and_comment(served, app_page):
    open_page(app_page, served.url + "/area/online_harm", "#area-voice-figures")
    assert app_page.locator('[data-voice-figure="voice.heard"]').inner_text().startswith("3 ")
    assert app_page.locator("[data-voice-entry]").count() == 3
    assert "Online harm remains our top concern." in app_page.locator(
        '[data-area-comment="FCM-2"]').inner_text()
    assert_accessible(app_page)
    app_page.get_by_role("link", name="See everything heard about this area").click()
    app_page.wait_for_url(re.compile(r"/voice\?area=online_harm"))
    app_page.wait_for_selector('#log-count[data-log-total="3"]')
