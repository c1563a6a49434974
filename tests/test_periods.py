"""Months, quarters, complete and due periods, financial years (metrics.md "Time")."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.analysis.periods import (
    FY_PATTERN,
    add_months,
    complete_periods,
    due_periods,
    financial_year_end,
    financial_year_of,
    financial_year_start,
    is_complete,
    is_due,
    is_financial_year,
    is_period_start,
    last_complete_period,
    last_due_period,
    last_n_complete_periods,
    month_start,
    next_period,
    period_end,
    period_start,
    previous_financial_years,
    quarter_start,
    within_6_months,
)

AS_OF = date(2024, 3, 31)


# -- calendar months ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # clamped to leap-year February
        (date(2022, 8, 31), 6, date(2023, 2, 28)),  # clamped to February
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 11, 15), 3, date(2024, 2, 15)),  # over the year end
        (date(2024, 3, 31), -1, date(2024, 2, 29)),  # backwards, clamped
        (date(2024, 1, 15), -13, date(2022, 12, 15)),
        (date(2024, 5, 10), 0, date(2024, 5, 10)),
    ],
)
def test_add_months(d, n, expected):
    assert add_months(d, n) == expected


def test_within_6_months():
    # 31 Aug 2023 + 6 months = 29 Feb 2024 (clamped).
    assert within_6_months(date(2023, 8, 31), date(2024, 2, 29))
    assert not within_6_months(date(2023, 8, 31), date(2024, 3, 1))
    # 15 Jan + 6 months = 15 Jul: that day is within, the next is not.
    assert within_6_months(date(2024, 1, 15), date(2024, 7, 15))
    assert not within_6_months(date(2024, 1, 15), date(2024, 7, 16))


# -- months and quarters --------------------------------------------------------------
def test_month_and_quarter_starts():
    assert month_start(date(2024, 2, 29)) == date(2024, 2, 1)
    assert quarter_start(date(2024, 3, 31)) == date(2024, 1, 1)
    assert quarter_start(date(2024, 4, 1)) == date(2024, 4, 1)
    assert quarter_start(date(2024, 9, 30)) == date(2024, 7, 1)
    assert quarter_start(date(2024, 11, 5)) == date(2024, 10, 1)
    assert period_start(date(2024, 11, 5), "monthly") == date(2024, 11, 1)
    assert period_start(date(2024, 11, 5), "quarterly") == date(2024, 10, 1)


def test_period_end_and_next_period():
    assert period_end(date(2024, 2, 1), "monthly") == date(2024, 2, 29)
    assert period_end(date(2023, 10, 1), "quarterly") == date(2023, 12, 31)
    assert next_period(date(2023, 12, 1), "monthly") == date(2024, 1, 1)
    assert next_period(date(2023, 10, 1), "quarterly") == date(2024, 1, 1)


def test_is_period_start():
    assert is_period_start(date(2024, 5, 1), "monthly")
    assert not is_period_start(date(2024, 5, 1), "quarterly")
    assert is_period_start(date(2024, 4, 1), "quarterly")
    assert not is_period_start(date(2024, 4, 2), "monthly")


def test_unknown_frequency_is_an_error():
    with pytest.raises(ValueError):
        period_start(date(2024, 1, 1), "weekly")


# -- complete and due periods ---------------------------------------------------------
def test_is_complete():
    assert is_complete(date(2024, 3, 1), "monthly", date(2024, 3, 31))
    assert not is_complete(date(2024, 3, 1), "monthly", date(2024, 3, 30))
    assert not is_complete(date(2024, 1, 1), "quarterly", date(2024, 3, 30))


def test_last_complete_period():
    assert last_complete_period("monthly", date(2024, 3, 31)) == date(2024, 3, 1)
    assert last_complete_period("monthly", date(2024, 3, 30)) == date(2024, 2, 1)
    assert last_complete_period("quarterly", date(2024, 3, 31)) == date(2024, 1, 1)
    assert last_complete_period("quarterly", date(2024, 3, 30)) == date(2023, 10, 1)
    assert last_complete_period("monthly", date(2024, 1, 15)) == date(2023, 12, 1)


def test_metrics_md_due_example():
    # as_of 2024-03-31, lag 30: February ends 29 Feb, + 30 days = 30 Mar ≤ 31 Mar (due);
    # March ends 31 Mar, + 30 = 30 Apr (not due). Oct-Dec ends 31 Dec, + 30 = 30 Jan
    # (due); Jan-Mar ends 31 Mar (not due).
    assert last_due_period("monthly", AS_OF) == date(2024, 2, 1)
    assert last_due_period("quarterly", AS_OF) == date(2023, 10, 1)
    assert last_due_period("monthly", AS_OF, lag_days=30) == date(2024, 2, 1)
    assert is_due(date(2024, 2, 1), "monthly", AS_OF)
    assert not is_due(date(2024, 3, 1), "monthly", AS_OF)
    assert is_due(date(2023, 10, 1), "quarterly", AS_OF)
    assert not is_due(date(2024, 1, 1), "quarterly", AS_OF)


def test_due_boundary_and_lag():
    # 29 Feb + 30 days = 30 Mar: due on 30 Mar, not on 29 Mar.
    assert is_due(date(2024, 2, 1), "monthly", date(2024, 3, 30))
    assert not is_due(date(2024, 2, 1), "monthly", date(2024, 3, 29))
    assert last_due_period("monthly", date(2024, 3, 29)) == date(2024, 1, 1)
    # lag 0: due as soon as complete.
    assert last_due_period("monthly", AS_OF, lag_days=0) == date(2024, 3, 1)
    assert is_due(date(2024, 3, 1), "monthly", AS_OF, lag_days=0)
    # lag 60: 31 Jan + 60 = 31 Mar (due), 29 Feb + 60 = 29 Apr (not).
    assert last_due_period("monthly", AS_OF, lag_days=60) == date(2024, 1, 1)


def test_due_periods():
    assert due_periods(date(2023, 11, 1), "monthly", AS_OF) == [
        date(2023, 11, 1),
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
    ]
    assert due_periods(date(2023, 4, 1), "quarterly", AS_OF) == [
        date(2023, 4, 1),
        date(2023, 7, 1),
        date(2023, 10, 1),
    ]
    assert due_periods(date(2024, 2, 1), "monthly", AS_OF) == [date(2024, 2, 1)]
    assert due_periods(date(2024, 3, 1), "monthly", AS_OF) == []
    assert due_periods(date(2025, 1, 1), "quarterly", AS_OF) == []


def test_complete_periods():
    # From mid-November: its month on, up to March 2024 (complete on 31 Mar).
    assert complete_periods(date(2023, 11, 15), "monthly", AS_OF) == [
        date(2023, 11, 1),
        date(2023, 12, 1),
        date(2024, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]
    assert complete_periods(date(2023, 8, 20), "quarterly", date(2024, 3, 30)) == [
        date(2023, 7, 1),
        date(2023, 10, 1),
    ]
    assert complete_periods(date(2024, 3, 5), "monthly", date(2024, 3, 30)) == []


def test_last_n_complete_periods():
    assert last_n_complete_periods(3, "quarterly", date(2024, 3, 30)) == [
        date(2023, 4, 1),
        date(2023, 7, 1),
        date(2023, 10, 1),
    ]
    assert last_n_complete_periods(2, "monthly", date(2024, 1, 31)) == [
        date(2023, 12, 1),
        date(2024, 1, 1),
    ]
    assert last_n_complete_periods(0, "monthly", AS_OF) == []


# -- financial years ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("s", "valid"),
    [
        ("2023/24", True),
        ("2020/21", True),
        ("1999/00", True),  # (1999 + 1) % 100 = 0
        ("2009/10", True),
        ("2023/25", False),
        ("2023/23", False),
        ("2023-24", False),
        ("2023/2024", False),
        ("23/24", False),
        (" 2023/24", False),
        ("2023/24\n", False),
        ("", False),
        (2023, False),
    ],
)
def test_is_financial_year(s, valid):
    assert is_financial_year(s) is valid


def test_fy_pattern_works_in_pandas():
    labels = pd.Series(["2023/24", "2023/25", "1999/00"])
    assert labels.str.fullmatch(FY_PATTERN.pattern).tolist() == [True, False, True]


def test_financial_year_bounds():
    assert financial_year_start("2023/24") == date(2023, 4, 1)
    assert financial_year_end("2023/24") == date(2024, 3, 31)
    assert financial_year_end("1999/00") == date(2000, 3, 31)
    with pytest.raises(ValueError):
        financial_year_start("2023/25")


def test_financial_year_of():
    assert financial_year_of(date(2024, 3, 31)) == "2023/24"
    assert financial_year_of(date(2024, 4, 1)) == "2024/25"
    assert financial_year_of(date(2000, 1, 1)) == "1999/00"


def test_previous_financial_years():
    assert previous_financial_years("2023/24", 3) == ["2021/22", "2022/23", "2023/24"]
    assert previous_financial_years("2000/01", 2) == ["1999/00", "2000/01"]
    assert previous_financial_years("2023/24", 1) == ["2023/24"]
    assert previous_financial_years("2023/24", 0) == []
    with pytest.raises(ValueError):
        previous_financial_years("2023", 2)


# -- properties -----------------------------------------------------------------------
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31))


@given(a=dates, b1=dates, b2=dates)
def test_within_6_months_is_monotonic_in_b(a, b1, b2):
    early, late = sorted((b1, b2))
    if within_6_months(a, late):
        assert within_6_months(a, early)


@given(a1=dates, a2=dates)
def test_add_months_is_monotonic(a1, a2):
    early, late = sorted((a1, a2))
    assert add_months(early, 6) <= add_months(late, 6)


@given(d=dates, frequency=st.sampled_from(["monthly", "quarterly"]))
def test_period_contains_its_dates(d, frequency):
    start = period_start(d, frequency)
    assert start <= d <= period_end(start, frequency)
    assert is_period_start(start, frequency)
    assert next_period(start, frequency) == period_end(start, frequency) + timedelta(days=1)


@given(d=dates)
def test_financial_year_round_trip(d):
    fy = financial_year_of(d)
    assert is_financial_year(fy)
    assert financial_year_start(fy) <= d <= financial_year_end(fy)
