"""metrics.md "Case reviews": every `summary.case_reviews` figure on hand-worked fixtures.

Working-day arithmetic (England and Wales; d itself not counted):
  Fri 5 May 2023 + 5 wd: Tue 9 (Mon 8 May is the Coronation), 10, 11, 12, Mon 15 May.
  Mon 15 May 2023 + 15 wd: 16-19 (4), 22-26 (9), [Mon 29 May Spring bank holiday],
      30, 31, 1, 2 Jun (13), 5 (14), Tue 6 Jun 2023 (15).
  Mon 8 Jan 2024 + 5 wd = Mon 15 Jan.  Sat 13 Jan 2024 + 5 wd: Mon 15 (1) ... Fri 19 Jan.
  Tue 16 Jan 2024 + 15 wd: 17-19 (3), 22-26 (8), 29 Jan-2 Feb (13), 5 (14), Tue 6 Feb.
  Fri 19 Jan 2024 + 15 wd: 22-26 (5), 29 Jan-2 Feb (10), 5-9 Feb (15) = Fri 9 Feb.
  Fri 1 Sep 2023 + 5 wd = Fri 8 Sep.  Mon 4 Sep 2023 + 15 wd = Mon 25 Sep.
  Wed 1 Mar 2023 + 5 wd = Wed 8 Mar.  Thu 2 Mar 2023 + 15 wd = Thu 23 Mar.
  Fri 1 Mar 2024 + 5 wd = Fri 8 Mar.
"""
from __future__ import annotations

import pytest

from metric_fixtures import load, review, summarise, summary_of

CASE_REVIEW_KEYS = ["incidents", "panel_notified_within_5wd_pct", "rapid_review_within_15wd_pct",
                    "lcspr_count", "lcspr_rate_pct", "lcspr_within_6m_pct", "lcspr_overdue"]

# as_of 2024-03-31
ROWS = [
    # notified on day 5 (bank holiday skipped): in time; rapid review on day 15 from
    # notification (Tue 6 Jun; from aware_on it would be late, 30 May): in time.
    # LCSPR decided 31 Aug 2023, published 29 Feb 2024 = 31 Aug + 6 months clamped: in time.
    review("R1", "2023-05-05", "2023-05-15", "2023-06-06", "lcspr",
           lcspr_decided_on="2023-08-31", lcspr_completed_on="2024-02-01",
           lcspr_published_on="2024-02-29"),
    # notified Tue 16 Jan > Mon 15 Jan: late; rapid review Wed 7 Feb > Tue 6 Feb: late
    review("R2", "2024-01-08", "2024-01-16", "2024-02-07", "no_lcspr"),
    # aware on a Saturday: day 5 is Fri 19 Jan: in time; rapid review Mon 12 Feb > Fri 9 Feb:
    # late; LCSPR decided 20 Feb 2024, not published, not yet overdue (due 20 Aug 2024)
    review("R3", "2024-01-13", "2024-01-19", "2024-02-12", "lcspr",
           lcspr_decided_on="2024-02-20"),
    # never notified: out of both timeliness denominators
    review("R4", "2024-02-01", None, "2024-02-10", "no_lcspr"),
    # notified 2 Apr 2024, after as_of: not notified yet (out of the denominator); pending
    review("R5", "2024-03-25", "2024-04-02"),
    # notified Mon 4 Sep <= Fri 8 Sep: in time; rapid 20 Sep <= 25 Sep: in time;
    # LCSPR decided 25 Sep 2023, published 26 Mar 2024 > 25 Mar 2024: late
    review("R6", "2023-09-01", "2023-09-04", "2023-09-20", "lcspr",
           lcspr_decided_on="2023-09-25", lcspr_published_on="2024-03-26"),
    # notified 2 Mar <= 8 Mar, rapid 20 Mar <= 23 Mar: both in time; LCSPR decided
    # 1 Apr 2023, unpublished, and as_of > 1 Oct 2023: overdue
    review("R7", "2023-03-01", "2023-03-02", "2023-03-20", "lcspr",
           lcspr_decided_on="2023-04-01"),
    # notified 4 Mar <= 8 Mar: in time; rapid review 10 Apr 2024 after as_of: outcome
    # pending at as_of, out of the rapid-review denominator
    review("R8", "2024-03-01", "2024-03-04", "2024-04-10", "lcspr"),
    # aware after as_of: ignored
    review("R9", "2024-04-02", "2024-04-03"),
]


def figures(incidents, panel, rapid, count, rate, within, overdue):
    def approx(x):
        return x if x is None else pytest.approx(x)
    return {"incidents": incidents, "panel_notified_within_5wd_pct": approx(panel),
            "rapid_review_within_15wd_pct": approx(rapid), "lcspr_count": count,
            "lcspr_rate_pct": approx(rate), "lcspr_within_6m_pct": approx(within),
            "lcspr_overdue": overdue}


@pytest.fixture(scope="module")
def reviews_ds(tmp_path_factory):
    return load(tmp_path_factory.mktemp("reviews"), case_reviews=ROWS)


def test_case_review_figures(reviews_ds):
    c = summarise(reviews_ds, {"from": "all"})["case_reviews"]
    assert list(c) == CASE_REVIEW_KEYS
    assert c == figures(
        8,              # R1-R8
        100.0 * 5 / 6,  # notified by as_of: R1, R2, R3, R6, R7, R8; in time all but R2
        100.0 * 3 / 5,  # both dates by as_of: R1, R2, R3, R6, R7; in time R1, R6, R7
        4,              # outcome lcspr at as_of: R1, R3, R6, R7 (R8 pending)
        100.0 * 4 / 6,  # lcspr over lcspr (4) + no_lcspr (R2, R4)
        50.0,           # decided and published: R1 (in time), R6 (late)
        1,              # R7
    )


def test_default_period_is_the_rolling_year(reviews_ds):
    # as_of 2024-03-31: the rolling year starts 2023-04-01, so R7 (1 Mar 2023) is out
    c = summarise(reviews_ds)["case_reviews"]
    assert c == figures(
        7,              # R1-R6, R8
        80.0,           # notified: R1, R2, R3, R6, R8; in time all but R2: 4 / 5
        50.0,           # both: R1, R2, R3, R6; in time R1, R6
        3,              # R1, R3, R6
        60.0,           # 3 over 3 + R2, R4
        50.0,           # R1 (in time), R6 (late)
        1,              # R7, whatever the period
    )


def test_period_filter_by_aware_on_but_lcspr_overdue_never(reviews_ds):
    c = summarise(reviews_ds, {"from": "2023-06-01"})["case_reviews"]
    # R1 (5 May 2023) and R7 (1 Mar 2023) are out: R2, R3, R4, R5, R6, R8
    assert c == figures(
        6,
        75.0,           # notified: R2, R3, R6, R8; in time R3, R6, R8
        100.0 / 3,      # both: R2, R3, R6; in time R6
        2,              # R3, R6
        50.0,           # R3, R6 over R3, R6, R2, R4
        0.0,            # R6 only, late
        1,              # R7, whatever the period
    )
    c = summarise(reviews_ds, {"from": "2023-03-01", "to": "2023-05-05"})["case_reviews"]
    # R7 and R1 (both bounds inclusive)
    assert c["incidents"] == 2
    assert c["lcspr_count"] == 2
    assert c["lcspr_rate_pct"] == pytest.approx(100.0)
    assert c["lcspr_within_6m_pct"] == pytest.approx(100.0)   # R1 only has both dates
    assert c["lcspr_overdue"] == 1


def test_agency_and_area_filters_do_not_apply(reviews_ds):
    base = summarise(reviews_ds)["case_reviews"]
    assert summarise(reviews_ds, {"agency": "police"})["case_reviews"] == base
    assert summarise(reviews_ds, {"area": "neglect"})["case_reviews"] == base


def test_events_after_as_of_have_not_happened(tmp_path):
    # --as-of 2024-02-08 (Thu)
    c = summary_of(tmp_path, case_reviews=ROWS, as_of="2024-02-08")["case_reviews"]
    assert c == figures(
        6,              # aware by as_of: R1, R2, R3, R4, R6, R7
        80.0,           # notified: R1, R2, R3, R6, R7; in time all but R2: 4 / 5
        75.0,           # both by as_of: R1, R2, R6, R7 (R3's rapid review is 12 Feb);
                        # in time R1, R6, R7: 3 / 4
        3,              # R1, R6, R7; R3 and R4 are pending (rapid reviews after as_of)
        75.0,           # 3 over 3 + R2
        None,           # R1 (29 Feb) and R6 (26 Mar) are not yet published: no LCSPR has both
        1,              # R7; R1 is due 29 Feb 2024 and R6 25 Mar 2024, both after as_of
    )


@pytest.mark.parametrize("as_of, overdue", [
    ("2023-10-01", 0),   # decided 1 Apr 2023 + 6 months = 1 Oct 2023: as_of not after it
    ("2023-10-02", 1),
])
def test_lcspr_overdue_boundary(tmp_path, as_of, overdue):
    rows = [review("R", "2023-03-01", "2023-03-02", "2023-03-20", "lcspr",
                   lcspr_decided_on="2023-04-01")]
    assert summary_of(tmp_path, case_reviews=rows, as_of=as_of)["case_reviews"]["lcspr_overdue"] == overdue


@pytest.mark.parametrize("as_of, overdue", [
    ("2024-01-09", 1),   # published 10 Jan 2024, after as_of: unpublished, past 15 Dec 2023
    ("2024-01-10", 0),   # published on as_of
])
def test_lcspr_overdue_publication_after_as_of(tmp_path, as_of, overdue):
    rows = [review("R", "2023-05-01", "2023-05-02", "2023-05-20", "lcspr",
                   lcspr_decided_on="2023-06-15", lcspr_published_on="2024-01-10")]
    c = summary_of(tmp_path, case_reviews=rows, as_of=as_of)["case_reviews"]
    assert c["lcspr_overdue"] == overdue
    # once published (late: after 15 Dec 2023) it is in the 6-month figure, before that null
    assert c["lcspr_within_6m_pct"] == (None if overdue else pytest.approx(0.0))


@pytest.mark.parametrize("decided, published, within", [
    ("2023-08-31", "2024-02-29", 100.0),  # 31 Aug + 6 months = 29 Feb 2024 (leap year)
    ("2023-08-31", "2024-03-01", 0.0),
    ("2022-08-31", "2023-02-28", 100.0),  # 28 Feb 2023
    ("2022-08-31", "2023-03-01", 0.0),
    ("2023-06-15", "2023-12-15", 100.0),  # same day number
    ("2023-06-15", "2023-12-16", 0.0),
])
def test_lcspr_within_6_months(tmp_path, decided, published, within):
    rows = [review("R", "2022-05-03", "2022-05-04", "2022-05-20", "lcspr",
                   lcspr_decided_on=decided, lcspr_published_on=published)]
    c = summary_of(tmp_path, case_reviews=rows, filters={"from": "all"})["case_reviews"]
    assert c["lcspr_within_6m_pct"] == pytest.approx(within)


def test_no_rows_counts_zero_percentages_null(tmp_path):
    assert summary_of(tmp_path, case_reviews=[])["case_reviews"] == figures(0, None, None, 0, None,
                                                                            None, 0)


def test_pending_only_gives_null_rates(tmp_path):
    rows = [review("R", "2024-03-20")]
    assert summary_of(tmp_path, case_reviews=rows)["case_reviews"] == figures(1, None, None, 0, None,
                                                                              None, 0)


def test_section_null_when_file_absent(tmp_path):
    assert summary_of(tmp_path)["case_reviews"] is None
