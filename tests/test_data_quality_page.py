"""The data-quality page (views/data_quality.py, views/returns_grid.py) on the app fixture
with a missing return, a returned-but-rejected one and a formula in a rejected value
(tests/funding_quality_fixtures.py): the returns grid worked by hand and equal to
summary's missing_returns, the per-file counts, the report listed by file and severity,
public mode hiding values, and a formula neutralised in the download."""
from __future__ import annotations

import csv
import io

import pytest

from dashboard.components.static_html import render_html
from dashboard.filters import parse_filters
from dashboard.metrics import return_statuses, summary
from dashboard.views import data_quality as dq
from dashboard.views import returns_grid as rg
from dashboard.views.page import render_page
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import StateError, ViewState, parse_state
from funding_quality_fixtures import FORMULA_VALUE, REJECTED_VALUE, write_funding_quality_fixture


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_funding_quality_fixture(tmp_path_factory.mktemp("quality"))


def grid(ds, frequency, params=None, state=None):
    f = parse_filters(params or {}, ds)
    return shown(rg.GRID_PANELS[frequency], ds, f, state or ViewState())


def line(table, indicator_id):
    return next(r for r in table.rows if r["indicator"].endswith(f"({indicator_id})"))


def test_the_monthly_grid_worked_by_hand(ds):
    monthly = grid(ds, "monthly")
    # as of 31 Mar 2024 with the 30-day lag, Feb 2024 is the last due month: the latest
    # 12 are Mar 2023 to Feb 2024
    assert [c.label for c in monthly.columns] == [
        "Source agency", "Indicator", "Mar 2023", "Apr 2023", "May 2023", "Jun 2023",
        "Jul 2023", "Aug 2023", "Sep 2023", "Oct 2023", "Nov 2023", "Dec 2023", "Jan 2024",
        "Feb 2024"]
    # rows by (source, indicator): education, health, police
    assert [r["agency_label"] for r in monthly.rows] == ["Education", "Health", "Police"]
    police = line(monthly, "police_online_referrals_10k")
    assert police["2023-11-01"] == "Missing"            # the row was left out
    assert police["2023-10-01"] == police["2024-02-01"] == "Received"
    lessons = line(monthly, "edu_online_lessons_pct")
    assert lessons["2024-01-01"] == "Returned but rejected"   # its only row quarantined
    assert lessons["2024-02-01"] == "Received"
    # a quarantined repeat of a period that has its accepted row is still received
    visits = line(monthly, "hv_two_year_review_pct")
    assert set(v for k, v in visits.items() if k.startswith("20")) == {"Received"}


def test_the_quarterly_grid_and_every_period(ds):
    quarterly = grid(ds, "quarterly")
    # Oct-Dec 2023 is the last due quarter; from Apr 2021 there are 11, fewer than 12
    assert [c.label for c in quarterly.columns][2:4] == ["Apr–Jun 2021", "Jul–Sep 2021"]
    assert len(quarterly.columns) == 2 + 11
    assert all(v == "Received" for r in quarterly.rows for k, v in r.items()
               if k.startswith("20"))
    # every due month: Apr 2021 to Feb 2024 is 35 months
    every = grid(ds, "monthly", state=ViewState(all_periods=True))
    assert len(every.columns) == 2 + 35
    assert line(every, "police_online_referrals_10k")["2021-04-01"] == "Received"


def test_missing_and_rejected_cells_are_summarys_missing_returns(ds):
    f = parse_filters({}, ds)
    statuses = return_statuses(ds, f)
    not_received = [{k: r[k] for k in ("indicator_id", "source", "period_start")}
                    for r in statuses if r["status"] != "received"]
    assert not_received == summary(ds, f)["missing_returns"] == [
        {"indicator_id": "edu_online_lessons_pct", "source": "education",
         "period_start": "2024-01-01"},
        {"indicator_id": "police_online_referrals_10k", "source": "police",
         "period_start": "2023-11-01"}]
    markup = render_html(dq.render(ds, f, ViewState(), ""))
    assert "1 missing return and 1 returned but rejected" in markup
    assert "summary counts both as missing returns: 2" in markup


def test_the_agency_filter_narrows_the_grid(ds):
    monthly = grid(ds, "monthly", {"agency": "police"})
    assert [r["agency_label"] for r in monthly.rows] == ["Police"]
    assert grid(ds, "quarterly", {"agency": "police"}).rows == []
    markup = render_html(dq.render(ds, parse_filters({"agency": "police"}, ds),
                                   ViewState(), "?agency=police"))
    assert "Online harm referrals per 10,000 children" in markup
    assert "Schools teaching online safety" not in markup


def test_per_file_counts(ds):
    files = {r["file"]: r for r in shown(dq.FILES_PANEL, ds, parse_filters({}, ds),
                                         ViewState()).rows}
    # indicators.csv: 35 months x 3 + 11 quarters x 2 = 127 rows, one left out, two
    # added = 128 read; 3 quarantined (two "lots-of-it", one "=1+2"), 125 accepted
    ind = files["indicators.csv"]
    assert (ind["rows_accepted"], ind["rows_quarantined"], ind["errors"], ind["warnings"],
            ind["notices"]) == (125, 3, 3, 0, 0)
    assert ind["status"] == "Loaded" and ind["size_bytes"] > 0
    assert ind["modified_at"] is not None and ind["loaded_at"] == ds.loaded_at
    assert files["mash_contacts.csv"]["rows_accepted"] == 60
    voice = files["voice.csv"]
    assert (voice["status"], voice["rows_accepted"], voice["notices"]) == (
        "Not supplied", None, 1)
    rules = shown(dq.RULES_PANEL, ds, parse_filters({}, ds), ViewState()).rows
    assert {(r["file"], r["severity"], r["rule"]): r["findings"] for r in rules} == {
        ("indicators.csv", "error", "type"): 3,
        # the fixture's benchmark published after as_of (issue 10: counted once per file)
        ("indicator_benchmarks.csv", "notice", "after_as_of"): 1,
        ("self_assessments.csv", "notice", "optional_file_absent"): 1,
        ("voice.csv", "notice", "optional_file_absent"): 1}


def test_the_report_is_listed_by_file_and_severity(ds):
    f = parse_filters({}, ds)
    every = shown(dq.REPORT_PANEL, ds, f, ViewState())
    assert every.total == 6   # with the notice of a benchmark after as_of
    errors = shown(dq.REPORT_PANEL, ds, f, parse_state({"file": "indicators.csv",
                                                        "severity": "error"}))
    assert errors.total == 3 and [r["row"] for r in errors.rows] == [100, 127, 128]
    assert shown(dq.REPORT_PANEL, ds, f, parse_state({"file": "indicators.csv",
                                                      "severity": "notice"})).total == 0
    assert shown(dq.REPORT_PANEL, ds, f, parse_state({"severity": "notice"})).total == 3
    with pytest.raises(StateError):
        parse_state({"severity": "fatal"})
    refused = render_page({"severity": "fatal"}, dq.render, pathname="/data-quality",
                          ds=ds, with_state=True)
    assert "severity: use error, warning, notice" in render_html(refused)
    markup = render_html(dq.render(ds, f, parse_state({"severity": "notice"}),
                                   "?severity=notice"))
    assert "voice.csv was not supplied" in markup and REJECTED_VALUE not in markup


def test_a_rejected_cell_links_to_its_files_errors(ds):
    markup = render_html(dq.render(ds, parse_filters({}, ds), ViewState(), ""),
                         link_as_text=False)
    assert 'href="?file=indicators.csv&amp;severity=error#report"' in markup


def test_public_mode_hides_the_values_and_row_messages(ds):
    shown_outside = render_html(dq.render(ds, parse_filters({}, ds), ViewState(), ""))
    assert REJECTED_VALUE in shown_outside and FORMULA_VALUE in shown_outside
    f = parse_filters({"public": "1"}, ds)
    report = shown(dq.REPORT_PANEL, ds, f, ViewState())
    assert "value" not in [c.key for c in report.columns]
    row_findings = [r for r in report.rows if r["row"] is not None]
    assert row_findings and {r["message"] for r in row_findings} == {"(hidden in public mode)"}
    # a file-level finding quotes no data and keeps its message
    assert "voice.csv was not supplied; panels that need it say so" in [
        r["message"] for r in report.rows]
    markup = render_html(dq.render(ds, f, ViewState(), "?public=1"))
    assert REJECTED_VALUE not in markup and FORMULA_VALUE not in markup
    assert "the Value column, and the message of each finding about a row, are hidden" \
        in markup
    # rows accepted from a file of records: 3 case reviews show as c, 60 contacts do not
    files = {r["file"]: r for r in shown(dq.FILES_PANEL, ds, f, ViewState()).rows}
    assert files["case_reviews.csv"]["rows_accepted"] == "c"
    assert files["mash_contacts.csv"]["rows_accepted"] == 60
    assert files["actions.csv"]["rows_accepted"] == 4        # actions are never suppressed


def test_the_report_download_neutralises_a_formula(ds, client):
    response = client.get("/download/data-quality/report.csv?file=indicators.csv")
    assert response.status_code == 200
    got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert got[0] == ["Severity", "File", "Row", "Column", "Value", "Rule", "Message"]
    assert got[3] == ["Error", "indicators.csv", "128", "value", "'=1+2", "type",
                      "value =1+2 is not a number"]
    # otherwise the download is the screen's table
    header, rows = csv_rows(shown(dq.REPORT_PANEL, ds, parse_filters({}, ds),
                                  parse_state({"file": "indicators.csv"}).every_row()))
    assert got[0] == header and len(got) == 1 + len(rows) == 4
    assert got[1] == [str(rows[0][h]) for h in header]


@pytest.mark.parametrize("key", ["files", "findings-by-rule", "returns-monthly",
                                 "returns-quarterly"])
def test_every_table_downloads_as_shown(ds, client, key):
    got = list(csv.reader(io.StringIO(client.get(
        f"/download/data-quality/{key}.csv?agency=police,education").get_data(as_text=True))))
    panel = next(p for p in (dq.FILES_PANEL, dq.RULES_PANEL, *rg.GRID_PANELS.values())
                 if p.key == key)
    header, rows = csv_rows(shown(panel, ds, parse_filters({"agency": "police,education"}, ds),
                                  ViewState()))
    assert got[0] == header
    assert got[1:] == [["" if r[h] is None else str(r[h]) for h in header] for r in rows]
