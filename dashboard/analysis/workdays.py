"""Working days and add_working_days, as metrics.md "Time" defines them.

A working day is Monday to Friday and not a bank holiday of the partnership's region.
Bank holidays come from the maintained `holidays` library (never a hand list), so
one-off days such as the State Funeral of Queen Elizabeth II (19 Sep 2022) and the
Coronation (8 May 2023) are known.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays
import numpy as np
import pandas as pd

# partnership.toml `bank_holidays` value -> (country, subdivision) for `holidays`.
# Wales shares England's bank holidays, so England's calendar serves both.
REGIONS: dict[str, tuple[str, str]] = {
    "england-and-wales": ("GB", "ENG"),
    "scotland": ("GB", "SCT"),
    "northern-ireland": ("GB", "NIR"),
}

# numpy weekmask: Monday to Friday are working days.
WEEKMASK = "1111100"

# Calendar days precomputed past `end`, so that add_working_days(d, n) for d ≤ end and
# n ≤ 15 (the longest clock in metrics.md: rapid review within 15 working days) never
# leaves the precomputed range; 15 working days span at most ~25 calendar days.
EXTENSION_DAYS = 60

# The step counts to_frame precomputes: 1 (MASH decision), 5 (panel notification),
# 15 (rapid review), the clocks metrics.md uses.
FRAME_STEPS = (1, 5, 15)


def _check_region(region: str) -> tuple[str, str]:
    try:
        return REGIONS[region]
    except KeyError:
        known = ", ".join(REGIONS)
        raise ValueError(f"unknown bank holiday region {region!r} (known: {known})") from None


def bank_holidays(region: str, start_year: int, end_year: int) -> set[date]:
    """Bank holidays of `region` in the years start_year..end_year inclusive."""
    country, subdiv = _check_region(region)
    if end_year < start_year:
        return set()
    calendar = holidays.country_holidays(
        country, subdiv=subdiv, years=range(start_year, end_year + 1)
    )
    return set(calendar.keys())


def _as_date(d: date) -> date:
    """A plain date from a date, datetime or pandas Timestamp."""
    return d.date() if isinstance(d, datetime) else d


def _to_date(d64: np.datetime64) -> date:
    return d64.astype("datetime64[D]").astype(object)


class WorkingCalendar:
    """Working days of one region, precomputed for [start, end] (and a little beyond).

    Dates outside that range still work: the holiday table is extended on demand.
    """

    def __init__(self, region: str, start: date, end: date) -> None:
        _check_region(region)
        start, end = _as_date(start), _as_date(end)
        if end < start:
            raise ValueError(f"calendar end {end} is before its start {start}")
        self.region = region
        self.start = start
        self.end = end
        self._first_year = 0
        self._last_year = -1
        # A year either side: rolling back from a non-working start day can reach
        # the previous December, and steps past `end` can reach the next January.
        self._cover(start.year - 1, (end + timedelta(days=EXTENSION_DAYS)).year + 1)

    # -- holiday table ---------------------------------------------------------------
    def _cover(self, first_year: int, last_year: int) -> None:
        """Make sure the holiday table covers first_year..last_year."""
        if self._first_year <= first_year and last_year <= self._last_year:
            return
        if self._last_year >= self._first_year:  # already built: widen, never shrink
            first_year = min(first_year, self._first_year)
            last_year = max(last_year, self._last_year)
        first_year = max(first_year, 1)
        self._first_year, self._last_year = first_year, last_year
        days = sorted(bank_holidays(self.region, first_year, last_year))
        self._busdaycal = np.busdaycalendar(weekmask=WEEKMASK, holidays=days)

    def _cover_step(self, d: date, n: int) -> None:
        # n working days never span more than 2n + 30 calendar days in the UK.
        reach = d + timedelta(days=2 * n + 30)
        self._cover(d.year - 1, reach.year + 1)

    # -- queries ---------------------------------------------------------------------
    def is_working_day(self, d: date) -> bool:
        """True when d is Monday to Friday and not a bank holiday."""
        d = _as_date(d)
        self._cover(d.year, d.year)
        return bool(np.is_busday(np.datetime64(d, "D"), busdaycal=self._busdaycal))

    def add_working_days(self, d: date, n: int) -> date:
        """The date reached by stepping forward n working days from d (d not counted).

        From a weekend or holiday the first working day after it is day 1.
        """
        d = _as_date(d)
        if n < 0:
            raise ValueError("add_working_days steps forward only (n ≥ 0)")
        if n == 0:
            return d
        self._cover_step(d, n)
        # Rolling a non-working d back to the previous working day p and stepping n
        # from p lands on the n-th working day after d, as metrics.md requires.
        reached = np.busday_offset(
            np.datetime64(d, "D"), n, roll="backward", busdaycal=self._busdaycal
        )
        return _to_date(reached)

    def within_working_days(self, a: date, b: date, n: int) -> bool:
        """metrics.md "Within n working days of A": B ≤ add_working_days(A, n)."""
        return _as_date(b) <= self.add_working_days(a, n)

    def to_frame(self) -> pd.DataFrame:
        """One row per day in [start, end]: day, working, wd_seq, add_1wd, add_5wd, add_15wd.

        Dates are Python `date` objects (DuckDB reads them as DATE). wd_seq counts the
        working days from the calendar start up to and including the day.
        """
        self._cover_step(self.end, max(FRAME_STEPS))
        days = np.arange(
            np.datetime64(self.start, "D"),
            np.datetime64(self.end, "D") + np.timedelta64(1, "D"),
            dtype="datetime64[D]",
        )
        working = np.is_busday(days, busdaycal=self._busdaycal)
        frame = pd.DataFrame(
            {
                "day": days.astype(object),
                "working": working.astype(bool),
                "wd_seq": np.cumsum(working, dtype=np.int64),
            }
        )
        for n in FRAME_STEPS:
            reached = np.busday_offset(days, n, roll="backward", busdaycal=self._busdaycal)
            frame[f"add_{n}wd"] = reached.astype(object)
        return frame
