"""The case-reviews page (views/case_reviews.py) on a hand-worked fixture: its figures are
summary's, each review's three clocks are worked in working days around bank holidays,
events after as_of have not happened, each view lists the reviews its figure counts,
the table sorts and pages in SQL, public mode suppresses and hides, and a download
equals the screen.

as_of 2024-03-31 (a Sunday); England and Wales bank holidays on the way: Coronation Mon
8 May 2023, Spring Mon 29 May 2023, Christmas Mon 25 and Tue 26 Dec 2023, New Year Mon
1 Jan 2024, Good Friday 29 Mar 2024, Easter Monday 1 Apr 2024. add_working_days(d, n):
d itself not counted; from a weekend, the first working day after it is day 1.

C1 aware Fri 5 May 2023. Notification due +5: Tue 9 (Mon 8 Coronation), 10, 11, 12, Mon
   15 May. Notified Tue 16 May: late by 1 working day. Rapid review due Tue 16 May + 15:
   17, 18, 19 (3), 22-26 (8), [29 May], 30, 31 May, 1, 2 Jun (12), 5, 6, 7 Jun (15) = Wed
   7 Jun. Rapid review Fri 9 Jun: late by 2 (8, 9 Jun). LCSPR decided 31 Aug 2023: due
   31 Aug + 6 months = 29 Feb 2024 (clamped); published 1 Mar 2024: late by 1 day.
C2 aware Wed 20 Dec 2023. Due +5: Thu 21, Fri 22, [25, 26], Wed 27, Thu 28, Fri 29 Dec.
   Notified Fri 29 Dec: on time (on the due date). Rapid due Fri 29 Dec + 15: [1 Jan],
   2-5 (4), 8-12 (9), 15-19 (14), Mon 22 Jan (15). Rapid review 22 Jan: on time. No LCSPR.
C3 aware Fri 1 Mar 2024. Due +5: 4-8 Mar = Fri 8 Mar; notified Thu 7 Mar: on time.
   Rapid due Thu 7 Mar + 15: 8 (1), 11-15 (6), 18-22 (11), 25-28 (15) = Thu 28 Mar.
   Rapid review 3 Apr 2024, after as_of: not yet; as_of 31 Mar > 28 Mar: overdue by 1
   working day (add_working_days(28 Mar, 1) is Tue 2 Apr, past Good Friday, the weekend
   and Easter Monday, and 31 Mar is on or before it). Outcome lcspr from 3 Apr: pending
   at as_of.
C4 aware Mon 25 Mar 2024. Due +5: 26, 27, 28, [29 Mar, 1 Apr], Tue 2 (4), Wed 3 Apr (5).
   Not notified by as_of: within time. Rapid review: no clock until notification.
C5 aware Sat 13 Jan 2024. Due +5: Mon 15 (1) ... Fri 19 Jan. Notified Sat 20 Jan: late
   by 1 working day (the least n with 20 Jan <= add_working_days(19 Jan, n) = Mon 22).
   Rapid due Sat 20 Jan + 15: 22-26 (5), 29 Jan-2 Feb (10), 5-9 Feb (15) = Fri 9 Feb;
   rapid review Fri 9 Feb: on time. No LCSPR.
C6 aware Wed 1 Feb 2023 (before the default period). Due Wed 8 Feb; notified Thu 2 Feb:
   on time. Rapid due Thu 2 Feb + 15: 3 (1), 6-10 (6), 13-17 (11), 20-23 (15) = Thu 23 Feb;
   rapid review Mon 20 Feb: on time. LCSPR decided 1 Mar 2023, due 1 Sep 2023, not
   published: overdue by 31 Mar 2024 - 1 Sep 2023 = 29 + 31 + 30 + 31 + 31 + 29 + 31 =
   212 days. Counted in lcspr_overdue whatever the period.
C7 aware Mon 15 Jan 2024. Due +5: 16-19, Mon 22 Jan; notified Tue 16 Jan: on time. Rapid
   due Tue 16 Jan + 15: 17-19 (3), 22-26 (8), 29 Jan-2 Feb (13), 5, 6 Feb (15) = Tue
   6 Feb; rapid review 6 Feb: on time. LCSPR decided 20 Feb 2024, due 20 Aug 2024: not
   yet, within time.
C8 aware Tue 1 Aug 2023. Due +5: 2, 3, 4, 7, Tue 8 Aug; notified Wed 2 Aug: on time.
   Rapid due Wed 2 Aug + 15: 3, 4 (2), 7-11 (7), 14-18 (12), 21, 22, 23 (15) = Wed 23 Aug;
   rapid review Mon 21 Aug: on time. LCSPR decided 1 Sep 2023, due 1 Mar 2024; published
   2 Apr 2024, after as_of: not yet, and overdue by 31 Mar - 1 Mar = 30 days.

Default period 1 Apr 2023 to 31 Mar 2024: C1-C5, C7, C8 (7 incidents; C6 is before it).
  notified by as_of: C1 C2 C3 C5 C7 C8 (6), in time all but C1 and C5: 4 -> 66.7%
  notified and rapid review by as_of: C1 C2 C5 C7 C8 (5; C3's is after as_of), in time
    all but C1: 4 -> 80%
  outcome at as_of: lcspr C1 C7 C8 (3), no_lcspr C2 C5, pending C3 C4: rate 3 / 5 = 60%
  LCSPRs decided and published by as_of: C1 (late): 0%;  overdue: C6, C8 = 2
"""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from dashboard.address import parse_search
from dashboard.components.static_html import render_html
from dashboard.csv_out import neutralise
from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import case_reviews as cv
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import ViewState, drill_search, parse_state
from metric_fixtures import load, review

ROWS = [
    review("C1", "2023-05-05", "2023-05-16", "2023-06-09", "lcspr",
           lcspr_decided_on="2023-08-31", lcspr_completed_on="2024-02-01",
           lcspr_published_on="2024-03-01", recommendations=4),
    review("C2", "2023-12-20", "2023-12-29", "2024-01-22", "no_lcspr"),
    review("C3", "2024-03-01", "2024-03-07", "2024-04-03", "lcspr"),
    review("C4", "2024-03-25"),
    review("C5", "2024-01-13", "2024-01-20", "2024-02-09", "no_lcspr"),
    review("C6", "2023-02-01", "2023-02-02", "2023-02-20", "lcspr",
           lcspr_decided_on="2023-03-01"),
    review("C7", "2024-01-15", "2024-01-16", "2024-02-06", "lcspr",
           lcspr_decided_on="2024-02-20"),
    review("C8", "2023-08-01", "2023-08-02", "2023-08-21", "lcspr",
           lcspr_decided_on="2023-09-01", lcspr_published_on="2024-04-02"),
]
CLOCK_KEYS = ("notify_due", "notified_on", "notify_words", "rapid_due", "rapid_on",
              "rapid_words", "outcome", "lcspr_due", "lcspr_words")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reviews")
    load(folder, case_reviews=ROWS)
    return folder


def figures(ds, params):
    f = parse_filters(params, ds)
    return f, shown(cv.FIGURES_PANEL, ds, f, ViewState()).rows[0]


def reviews(ds, params=None, view="all", **state) -> list[dict]:
    f = parse_filters(params or {}, ds)
    return cv.CLOCKS_PANEL.data(ds, f, ViewState(rows=view, page=0, **state)).rows


def d(text):
    return None if text is None else dt.datetime.fromisoformat(text)


FILTER_SETS = [{}, {"from": "all"}, {"from": "2024-01-01", "to": "2024-03-31"},
               {"from": "2023-01-01", "to": "2023-06-30"},
               # neither narrows case reviews
               {"agency": "police", "area": "neglect", "status": "completed"}]


@pytest.mark.parametrize("params", FILTER_SETS)
def test_figures_are_summarys(ds, params):
    f, row = figures(ds, params)
    s = summary(ds, f)["case_reviews"]
    for fig in cv.FIGURES:
        assert row[fig.col.key] == pytest.approx(s[fig.col.key]), fig.col.key


def test_figures_worked_by_hand(ds):
    _, row = figures(ds, {})
    assert {f.col.key: row[f.col.key] for f in cv.FIGURES} == {
        "incidents": 7, "panel_notified_within_5wd_pct": pytest.approx(400 / 6),
        "rapid_review_within_15wd_pct": pytest.approx(80.0), "lcspr_count": 3,
        "lcspr_rate_pct": pytest.approx(60.0), "lcspr_within_6m_pct": pytest.approx(0.0),
        "lcspr_overdue": 2}


def test_each_clock_worked_by_hand_around_bank_holidays(ds):
    rows = {r["review_id"]: r for r in reviews(ds, {"from": "all"})}
    expected = {
        "C1": ("2023-05-15", "2023-05-16", "Late by 1 working day",
               "2023-06-07", "2023-06-09", "Late by 2 working days",
               "lcspr", "2024-02-29", "Late by 1 day"),
        "C2": ("2023-12-29", "2023-12-29", "On time",
               "2024-01-22", "2024-01-22", "On time", "no_lcspr", None, None),
        "C3": ("2024-03-08", "2024-03-07", "On time",
               "2024-03-28", None, "Not yet: overdue by 1 working day", "pending", None, None),
        "C4": ("2024-04-03", None, "Not yet: within time",
               None, None, "Not timed: the panel has not been notified", "pending", None,
               None),
        "C5": ("2024-01-19", "2024-01-20", "Late by 1 working day",
               "2024-02-09", "2024-02-09", "On time", "no_lcspr", None, None),
        "C6": ("2023-02-08", "2023-02-02", "On time",
               "2023-02-23", "2023-02-20", "On time",
               "lcspr", "2023-09-01", "Not yet: overdue by 212 days"),
        "C7": ("2024-01-22", "2024-01-16", "On time", "2024-02-06", "2024-02-06", "On time",
               "lcspr", "2024-08-20", "Not yet: within time"),
        "C8": ("2023-08-08", "2023-08-02", "On time", "2023-08-23", "2023-08-21", "On time",
               "lcspr", "2024-03-01", "Not yet: overdue by 30 days"),
    }
    for rid, want in expected.items():
        got = tuple(rows[rid][k] for k in CLOCK_KEYS)
        want = tuple(d(v) if k.endswith(("_due", "_on")) else v
                     for k, v in zip(CLOCK_KEYS, want))
        assert got == want, rid
    # C8's publication on 2 Apr is after as_of: not shown as published yet
    assert rows["C8"]["lcspr_published_on"] is None
    assert rows["C1"]["recommendations"] == 4


def test_a_later_as_of_sees_the_later_events(folder):
    # as_of Fri 5 Apr 2024: C3's rapid review on Wed 3 Apr is late by 2 working days
    # (Tue 2, Wed 3 Apr: Good Friday and Easter Monday do not count); its outcome is now
    # lcspr. C8 was published on 2 Apr: late by 2 Apr - 1 Mar = 32 days. C4 is notified
    # neither: due Wed 3 Apr, so now overdue by 2 working days (4, 5 Apr).
    later = load_dataset(folder, as_of=dt.date(2024, 4, 5))
    rows = {r["review_id"]: r for r in reviews(later, {"from": "all"})}
    assert rows["C3"]["rapid_words"] == "Late by 2 working days"
    assert rows["C3"]["outcome"] == "lcspr"
    assert rows["C8"]["lcspr_words"] == "Late by 32 days"
    assert rows["C8"]["lcspr_published_on"] == d("2024-04-02")
    assert rows["C4"]["notify_words"] == "Not yet: overdue by 2 working days"


def test_each_view_lists_the_reviews_its_figure_counts(ds):
    for params in FILTER_SETS:
        _, row = figures(ds, params)
        assert len(reviews(ds, params, "all")) == row["incidents"]
        assert len(reviews(ds, params, "lcspr")) == row["lcspr_count"]
        assert len(reviews(ds, params, "lcspr_overdue")) == row["lcspr_overdue"]
    # by hand, in the default period; overdue clocks first, then the latest aware first
    def ids(view, params=None):
        return [r["review_id"] for r in reviews(ds, params, view)]

    assert ids("all") == ["C3", "C8", "C4", "C7", "C5", "C2", "C1"]
    assert ids("lcspr") == ["C8", "C7", "C1"]
    assert ids("pending") == ["C3", "C4"]
    # C6 is before the period, but its LCSPR is overdue: listed, as lcspr_overdue counts it
    assert ids("lcspr_overdue") == ["C8", "C6"]
    assert ids("overdue_or_late") == ["C3", "C8", "C6", "C5", "C1"]


def test_the_table_sorts_and_pages_in_sql(tmp_path):
    # 30 reviews aware on 30 consecutive Mondays from 3 Apr 2023, each notified the day
    # after: two pages of 25
    rows = [review(f"R{i:02d}", (dt.date(2023, 4, 3) + dt.timedelta(weeks=i)).isoformat(),
                   (dt.date(2023, 4, 4) + dt.timedelta(weeks=i)).isoformat())
            for i in range(30)]
    many = load(tmp_path, case_reviews=rows)
    f = parse_filters({"from": "all"}, many)
    first = cv.CLOCKS_PANEL.data(many, f, ViewState(sort="aware_on"))
    assert first.total == 30 and len(first.rows) == 25
    assert [r["review_id"] for r in first.rows[:2]] == ["R00", "R01"]
    second = cv.CLOCKS_PANEL.data(many, f, ViewState(sort="aware_on", page=2))
    assert [r["review_id"] for r in second.rows] == ["R25", "R26", "R27", "R28", "R29"]
    down = cv.CLOCKS_PANEL.data(many, f, ViewState(sort="notify_due", descending=True))
    assert down.rows[0]["review_id"] == "R29"
    # the clocks' words are not columns of the query: a sort by them is ignored
    words = cv.CLOCKS_PANEL.data(many, f, ViewState(sort="notify_words"))
    assert words.total == 30


# ---- by quarter and outcome ------------------------------------------------------------
def test_quarters_and_outcomes_by_hand(ds):
    f = parse_filters({}, ds)
    quarters = shown(cv.QUARTER_PANEL, ds, f, ViewState()).rows
    # Apr-Jun 2023: C1; Jul-Sep: C8; Oct-Dec: C2; Jan-Mar 2024: C3 C4 C5 C7
    assert [(r["label"], r["incidents"], r["lcspr_count"]) for r in quarters] == [
        ("Apr–Jun 2023", 1, 1), ("Jul–Sep 2023", 1, 1), ("Oct–Dec 2023", 1, 0),
        ("Jan–Mar 2024", 4, 1)]
    # Jan-Mar 2024: notified C3 C5 C7, in time C3 C7; rapid reviews C5 C7, both in time
    assert quarters[3]["panel_notified_within_5wd_pct"] == pytest.approx(200 / 3)
    assert quarters[3]["rapid_review_within_15wd_pct"] == pytest.approx(100.0)
    # a click on a point narrows the period to its quarter
    search = drill_search("", "period:quarterly", quarters[3]["period"])
    assert search == "?from=2024-01-01&to=2024-03-31"
    assert figures(ds, parse_search(search))[1]["incidents"] == 4
    outcomes = shown(cv.OUTCOME_PANEL, ds, f, ViewState()).rows
    assert [(r["label"], r["incidents"]) for r in outcomes] == [
        ("LCSPR", 3), ("No LCSPR", 2), ("Pending", 2)]
    # every quarter of the period is listed, one without incidents as 0
    gap = shown(cv.QUARTER_PANEL, ds, parse_filters({"from": "2023-07-01", "to": "2023-12-31"},
                                                    ds), ViewState()).rows
    assert [(r["label"], r["incidents"]) for r in gap] == [("Jul–Sep 2023", 1),
                                                           ("Oct–Dec 2023", 1)]
    assert [(r["label"], r["incidents"]) for r in shown(
        cv.QUARTER_PANEL, ds, parse_filters({"from": "2022-10-01", "to": "2023-03-31"}, ds),
        ViewState()).rows] == [("Oct–Dec 2022", 0), ("Jan–Mar 2023", 1)]


# ---- public mode and downloads ---------------------------------------------------------
def test_public_mode_suppresses_small_counts_and_hides_the_reviews(ds, client):
    f, row = figures(ds, {"public": "1"})
    assert row["incidents"] == 7                       # 7 is not small
    assert row["lcspr_count"] == "c"                   # 3
    assert row["lcspr_rate_pct"] == "c"                # from 3 of 5
    assert row["panel_notified_within_5wd_pct"] == "c"  # 4 of 6: a numerator of 4
    assert row["rapid_review_within_15wd_pct"] == "c"   # 4 of 5
    assert row["lcspr_within_6m_pct"] == "c"            # from 1 LCSPR published
    assert row["lcspr_overdue"] == "c"                  # 2
    quarters = shown(cv.QUARTER_PANEL, ds, f, ViewState()).rows
    assert [r["incidents"] for r in quarters] == ["c", "c", "c", "c"]
    markup = render_html(cv.render(ds, f, ViewState(), "?public=1"))
    assert "Record-level tables are hidden in public mode." in markup
    assert "C1" not in markup and "See the" not in markup
    assert client.get("/download/case-reviews/reviews.csv?public=1").status_code == 403
    got = list(csv.reader(io.StringIO(client.get(
        "/download/case-reviews/figures.csv?public=1").get_data(as_text=True))))
    assert got[1][:2] == ["7", "c"]


def test_a_download_equals_the_screen(ds, client):
    for key, search in (("reviews", "?from=all&rows=overdue_or_late&sort=aware_on"),
                        ("reviews", ""), ("by-quarter", "?from=all"), ("by-outcome", ""),
                        ("figures", "?from=2024-01-01")):
        response = client.get(f"/download/case-reviews/{key}.csv{search}")
        assert response.status_code == 200, key
        got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        params = parse_search(search)
        panel = next(p for p in (cv.CLOCKS_PANEL, cv.QUARTER_PANEL, cv.OUTCOME_PANEL,
                                 cv.FIGURES_PANEL) if p.key == key)
        header, rows = csv_rows(shown(panel, ds, parse_filters(params, ds),
                                      parse_state(params).every_row()))
        assert got[0] == header
        assert got[1:] == [["" if r[h] is None else neutralise(str(r[h])) for h in header]
                           for r in rows]
    got = list(csv.DictReader(io.StringIO(client.get(
        "/download/case-reviews/reviews.csv?rows=lcspr_overdue").get_data(as_text=True))))
    assert [(r["Review"], r["LCSPR publication due"], r["LCSPR publication (6 months)"])
            for r in got] == [("C8", "2024-03-01", "Not yet: overdue by 30 days"),
                              ("C6", "2023-09-01", "Not yet: overdue by 212 days")]


def test_the_screen_marks_overdue_clocks_and_says_what_the_page_covers(ds):
    markup = render_html(cv.render(ds, parse_filters({"agency": "police"}, ds), ViewState(),
                                   "?agency=police"))
    assert "12 months to 31 Mar 2024" in markup
    assert "The agency filter does not narrow this page." in markup
    assert ('<span class="clock-words overdue-text">Not yet: overdue by 1 working day</span>'
            in markup)
    assert '<span class="clock-words">Late by 2 working days</span>' in markup
    assert "the first and last" not in markup          # the default year is whole quarters
    # each view says how many reviews it lists, where a figure gives it
    for words in ("All reviews in the period (7)", "LCSPRs (3)", "LCSPRs overdue (2)",
                  "Pending (2)"):
        assert words in markup


def test_an_absent_case_reviews_file_is_said(tmp_path):
    absent = load(tmp_path, case_reviews=None)
    markup = render_html(cv.render(absent, parse_filters({}, absent), ViewState(), ""))
    assert "The case-review figures cannot be shown" in markup
