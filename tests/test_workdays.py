"""Working days and add_working_days (metrics.md "Time")."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis.workdays import REGIONS, WorkingCalendar, bank_holidays

ENGLAND = WorkingCalendar("england-and-wales", date(2022, 1, 1), date(2025, 12, 31))
SCOTLAND = WorkingCalendar("scotland", date(2022, 1, 1), date(2025, 12, 31))
NORTHERN_IRELAND = WorkingCalendar("northern-ireland", date(2022, 1, 1), date(2025, 12, 31))


def test_regions_map_to_gb_subdivisions():
    assert REGIONS == {
        "england-and-wales": ("GB", "ENG"),
        "scotland": ("GB", "SCT"),
        "northern-ireland": ("GB", "NIR"),
    }


def test_unknown_region_is_an_error():
    with pytest.raises(ValueError):
        bank_holidays("wessex", 2024, 2024)
    with pytest.raises(ValueError):
        WorkingCalendar("wessex", date(2024, 1, 1), date(2024, 12, 31))


def test_bank_holidays_include_one_off_days():
    days = bank_holidays("england-and-wales", 2022, 2023)
    assert date(2022, 9, 19) in days  # State Funeral of Queen Elizabeth II
    assert date(2023, 5, 8) in days  # Coronation of King Charles III
    assert date(2022, 6, 3) in days  # Platinum Jubilee
    assert bank_holidays("england-and-wales", 2024, 2023) == set()


@pytest.mark.parametrize(
    "d",
    [date(2022, 9, 19), date(2023, 5, 8)],
    ids=["state-funeral", "coronation"],
)
def test_one_off_holidays_are_not_working_days(d):
    assert d.weekday() == 0  # both were Mondays
    assert not ENGLAND.is_working_day(d)
    # The Friday before + 1 working day skips the Monday holiday to Tuesday.
    assert ENGLAND.add_working_days(d - timedelta(days=3), 1) == d + timedelta(days=1)


def test_weekends_are_not_working_days():
    assert ENGLAND.is_working_day(date(2024, 3, 8))  # Friday
    assert not ENGLAND.is_working_day(date(2024, 3, 9))  # Saturday
    assert not ENGLAND.is_working_day(date(2024, 3, 10))  # Sunday


def test_friday_plus_one_is_monday():
    assert ENGLAND.add_working_days(date(2024, 3, 8), 1) == date(2024, 3, 11)


@pytest.mark.parametrize("weekend_day", [date(2024, 3, 9), date(2024, 3, 10)])
def test_weekend_plus_one_is_monday(weekend_day):
    # The first working day after a weekend date is day 1.
    assert ENGLAND.add_working_days(weekend_day, 1) == date(2024, 3, 11)


def test_plain_weekdays_step_one_day():
    assert ENGLAND.add_working_days(date(2024, 3, 5), 1) == date(2024, 3, 6)
    # Tue 5 Mar + 5: Wed 6, Thu 7, Fri 8, Mon 11, Tue 12.
    assert ENGLAND.add_working_days(date(2024, 3, 5), 5) == date(2024, 3, 12)


def test_zero_steps_and_negative_steps():
    assert ENGLAND.add_working_days(date(2024, 3, 9), 0) == date(2024, 3, 9)
    with pytest.raises(ValueError):
        ENGLAND.add_working_days(date(2024, 3, 9), -1)


def test_christmas_and_boxing_day():
    # Fri 22 Dec 2023 + 1: Mon 25 (Christmas) and Tue 26 (Boxing Day) are holidays.
    assert ENGLAND.add_working_days(date(2023, 12, 22), 1) == date(2023, 12, 27)
    # From Christmas Day itself, the first working day after it (Wed 27) is day 1.
    assert ENGLAND.add_working_days(date(2023, 12, 25), 1) == date(2023, 12, 27)
    # 2022: Christmas on Sunday, substitute day Tue 27 Dec; Fri 23 + 1 → Wed 28.
    assert ENGLAND.add_working_days(date(2022, 12, 23), 1) == date(2022, 12, 28)


def test_easter():
    # Thu 28 Mar 2024 + 1: Good Friday 29, weekend, Easter Monday 1 Apr → Tue 2 Apr.
    assert ENGLAND.add_working_days(date(2024, 3, 28), 1) == date(2024, 3, 28) + timedelta(days=5)
    assert not ENGLAND.is_working_day(date(2024, 3, 29))
    assert not ENGLAND.is_working_day(date(2024, 4, 1))
    # Panel notification within 5 working days of Thu 28 Mar 2024:
    # Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 Apr (5).
    assert ENGLAND.add_working_days(date(2024, 3, 28), 5) == date(2024, 4, 8)


def test_fifteen_working_days_over_christmas_and_new_year():
    # Fri 20 Dec 2024 + 15: Mon 23 (1), Tue 24 (2), [25, 26 holidays], Fri 27 (3),
    # Mon 30 (4), Tue 31 (5), [1 Jan holiday], Thu 2 (6), Fri 3 (7), Mon 6..Fri 10
    # (8..12), Mon 13 (13), Tue 14 (14), Wed 15 Jan 2025 (15).
    assert ENGLAND.add_working_days(date(2024, 12, 20), 15) == date(2025, 1, 15)


def test_scotland_second_of_january():
    assert not SCOTLAND.is_working_day(date(2024, 1, 2))
    assert ENGLAND.is_working_day(date(2024, 1, 2))
    # Fri 29 Dec 2023 + 1: England → Tue 2 Jan (1 Jan is the holiday);
    # Scotland → Wed 3 Jan (1 and 2 Jan are both holidays).
    assert ENGLAND.add_working_days(date(2023, 12, 29), 1) == date(2024, 1, 2)
    assert SCOTLAND.add_working_days(date(2023, 12, 29), 1) == date(2024, 1, 3)


def test_scotland_st_andrews_day_substitute():
    # St Andrew's Day 30 Nov 2024 was a Saturday: Scotland's substitute is Mon 2 Dec.
    assert not SCOTLAND.is_working_day(date(2024, 12, 2))
    assert ENGLAND.is_working_day(date(2024, 12, 2))
    assert SCOTLAND.add_working_days(date(2024, 11, 29), 1) == date(2024, 12, 3)
    assert ENGLAND.add_working_days(date(2024, 11, 29), 1) == date(2024, 12, 2)


def test_scotland_has_no_easter_monday_and_northern_ireland_has_st_patricks_day():
    assert SCOTLAND.is_working_day(date(2024, 4, 1))
    assert not NORTHERN_IRELAND.is_working_day(date(2025, 3, 17))
    assert ENGLAND.is_working_day(date(2025, 3, 17))


def test_within_working_days_boundary():
    # Within 1 working day of Fri 8 Mar 2024 means on or before Mon 11 Mar.
    assert ENGLAND.within_working_days(date(2024, 3, 8), date(2024, 3, 11), 1)
    assert ENGLAND.within_working_days(date(2024, 3, 8), date(2024, 3, 8), 1)
    assert not ENGLAND.within_working_days(date(2024, 3, 8), date(2024, 3, 12), 1)


def test_dates_outside_the_precomputed_range():
    calendar = WorkingCalendar("england-and-wales", date(2024, 1, 1), date(2024, 12, 31))
    # Tue 24 Dec 2030 + 1: Wed 25 and Thu 26 are holidays → Fri 27.
    assert calendar.add_working_days(date(2030, 12, 24), 1) == date(2030, 12, 27)
    # Thu 30 Dec 1999 + 1: Fri 31 Dec 1999 (Millennium holiday), weekend,
    # Mon 3 Jan 2000 (New Year substitute) → Tue 4 Jan 2000.
    assert calendar.add_working_days(date(1999, 12, 30), 1) == date(2000, 1, 4)
    assert not calendar.is_working_day(date(2031, 12, 25))


def test_datetimes_are_read_as_their_date():
    assert ENGLAND.add_working_days(datetime(2024, 3, 8, 23, 59), 1) == date(2024, 3, 11)
    assert ENGLAND.add_working_days(pd.Timestamp("2024-03-08 09:00"), 1) == date(2024, 3, 11)


def test_calendar_end_before_start_is_an_error():
    with pytest.raises(ValueError):
        WorkingCalendar("england-and-wales", date(2024, 2, 1), date(2024, 1, 1))


def test_to_frame_shape_and_columns():
    calendar = WorkingCalendar("england-and-wales", date(2023, 12, 22), date(2024, 1, 2))
    frame = calendar.to_frame()
    assert list(frame.columns) == ["day", "working", "wd_seq", "add_1wd", "add_5wd", "add_15wd"]
    assert len(frame) == 12  # 22 Dec .. 2 Jan inclusive
    assert frame["day"].iloc[0] == date(2023, 12, 22)
    assert frame["day"].iloc[-1] == date(2024, 1, 2)
    # Fri 22 W, Sat, Sun, Mon 25 H, Tue 26 H, Wed 27 W, Thu 28 W, Fri 29 W, Sat, Sun,
    # Mon 1 Jan H, Tue 2 W.
    assert frame["working"].tolist() == [
        True, False, False, False, False, True, True, True, False, False, False, True,
    ]
    assert frame["wd_seq"].tolist() == [1, 1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 5]
    # Fri 22 Dec + 1 → Wed 27; Sat 30 Dec + 1 → Tue 2 Jan.
    assert frame["add_1wd"].iloc[0] == date(2023, 12, 27)
    assert frame["add_1wd"].iloc[8] == date(2024, 1, 2)
    # Tue 2 Jan + 15 (beyond the calendar end): Wed 3 .. Tue 23 Jan 2024.
    assert frame["add_15wd"].iloc[-1] == date(2024, 1, 23)


def test_to_frame_agrees_with_add_working_days():
    calendar = WorkingCalendar("scotland", date(2022, 1, 1), date(2024, 12, 31))
    frame = calendar.to_frame()
    assert len(frame) == (date(2024, 12, 31) - date(2022, 1, 1)).days + 1
    for row in frame.itertuples():
        assert row.working == calendar.is_working_day(row.day)
        assert row.add_1wd == calendar.add_working_days(row.day, 1)
        assert row.add_5wd == calendar.add_working_days(row.day, 5)
        assert row.add_15wd == calendar.add_working_days(row.day, 15)
    assert frame["wd_seq"].iloc[-1] == int(frame["working"].sum())


@settings(max_examples=200, deadline=None)
@given(
    d=st.dates(min_value=date(2022, 1, 1), max_value=date(2025, 12, 31)),
    n=st.integers(min_value=1, max_value=15),
)
def test_add_working_days_lands_on_the_nth_working_day_after(d, n):
    result = ENGLAND.add_working_days(d, n)
    assert result > d
    assert ENGLAND.is_working_day(result)
    days_after = [d + timedelta(days=k) for k in range(1, (result - d).days + 1)]
    assert sum(ENGLAND.is_working_day(x) for x in days_after) == n


@settings(max_examples=100, deadline=None)
@given(
    d=st.dates(min_value=date(2022, 1, 1), max_value=date(2025, 12, 31)),
    n=st.integers(min_value=1, max_value=14),
)
def test_add_working_days_is_stepwise(d, n):
    # Stepping n then 1 equals stepping n + 1 (a result is always a working day).
    assert ENGLAND.add_working_days(ENGLAND.add_working_days(d, n), 1) == (
        ENGLAND.add_working_days(d, n + 1)
    )
