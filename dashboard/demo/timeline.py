"""The demo's time line: month arithmetic, the 48-month window, working days.

Working days use the maintained `holidays` calendar through `analysis.workdays`, the
same calendar the dashboard counts with, so the synthetic clocks (decision within one
working day, panel notification within five) line up with the figures exactly.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from ..analysis.workdays import WEEKMASK, bank_holidays

MONTHS = 48
RETURN_LAG_DAYS = 30
REGION = "england-and-wales"
# The window starts four years before end-month and due dates run a year past it; the
# dashboard takes as_of from 1950 to 2100 and every date must lie in 1900-2099.
FIRST_END_YEAR, LAST_END_YEAR = 1955, 2098


def month_add(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(d: date, k: int) -> date:
    """d + k calendar months, the day number clamped to the month's length."""
    y, m = month_add(d.year, d.month, k)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def fy_label(start_year: int) -> str:
    """Financial year label `2023/24` of the year starting 1 April start_year."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def fy_of(d: date) -> int:
    """Start year of the financial year holding d."""
    return d.year if d.month >= 4 else d.year - 1


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of `YYYY-MM`; ValueError with a sentence a user understands."""
    parts = str(text).strip().split("-")
    try:
        if len(parts) != 2 or len(parts[0]) != 4 or len(parts[1]) != 2:
            raise ValueError
        y, m = int(parts[0]), int(parts[1])
        date(y, m, 1)
    except (ValueError, TypeError):
        raise ValueError(f"end-month must be a month in the form YYYY-MM (e.g. 2026-10), "
                         f"not {text!r}") from None
    if not FIRST_END_YEAR <= y <= LAST_END_YEAR:
        raise ValueError(f"end-month must lie between {FIRST_END_YEAR}-01 and "
                         f"{LAST_END_YEAR}-12, not {text!r}")
    return y, m


@lru_cache(maxsize=None)
def easter_sunday(y: int) -> date:
    """Easter Sunday, from the maintained calendar's Good Friday."""
    good_friday = _holiday_named(y, "Good Friday")
    return good_friday + timedelta(days=2)


def _holiday_named(y: int, name: str) -> date:
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=[y]).get_named(name)
    return found[0]


def school_holiday(d: date) -> bool:
    """Roughly the school holidays (summer, Christmas, Easter, half terms): referrals
    from schools stop when they close."""
    y = d.year
    if d.month == 8 or (d.month == 7 and d.day >= 22) or (d.month == 9 and d.day <= 3):
        return True
    if (d.month == 12 and d.day >= 21) or (d.month == 1 and d.day <= 3):
        return True
    easter = easter_sunday(y)
    if easter - timedelta(days=9) <= d <= easter + timedelta(days=8):
        return True
    for (m, day) in ((2, 15), (5, 28), (10, 27)):  # half-term weeks, roughly
        mid = date(y, m, day)
        monday = mid - timedelta(days=mid.weekday())
        if monday <= d <= monday + timedelta(days=6):
            return True
    return False


class WorkCalendar:
    """Working days, vectorised over numpy dates (metrics.md "Working day")."""

    def __init__(self, first_year: int, last_year: int) -> None:
        days = bank_holidays(REGION, first_year, last_year)
        # Weekend entries (a Saturday Christmas) change nothing: keep the weekday ones,
        # the days an office that would be open is closed.
        weekday_days = sorted(x for x in days if x.weekday() < 5)
        self.holidays = np.array(weekday_days, dtype="datetime64[D]")
        self.cal = np.busdaycalendar(weekmask=WEEKMASK, holidays=self.holidays)

    def is_working(self, d):
        return np.is_busday(np.asarray(d, dtype="datetime64[D]"), busdaycal=self.cal)

    def add_wd(self, d, n):
        """add_working_days of metrics.md (vectorised): from a non-working day the first
        working day after it is day 1."""
        return np.busday_offset(np.asarray(d, dtype="datetime64[D]"), n, roll="backward",
                                busdaycal=self.cal)

    def add_wd_date(self, d: date, n: int) -> date:
        return self.add_wd(np.datetime64(d, "D"), n).astype(object)

    def roll_forward(self, d: date) -> date:
        """d itself when it is a working day, else the next working day."""
        return np.busday_offset(np.datetime64(d, "D"), 0, roll="forward",
                                busdaycal=self.cal).astype(object)


class Window:
    """The demo's 48 months ending at end_month, and the periods derived from as_of."""

    def __init__(self, end_month: str) -> None:
        ey, em = parse_month(end_month)
        sy, sm = month_add(ey, em, -(MONTHS - 1))
        self.start = date(sy, sm, 1)
        self.as_of = month_end(ey, em)
        self.months = [date(*month_add(sy, sm, k), 1) for k in range(MONTHS)]
        lag = timedelta(days=RETURN_LAG_DAYS)
        # Due periods (metrics.md): complete, and last day + lag on or before as_of.
        self.due_months = [m for m in self.months
                           if month_end(m.year, m.month) + lag <= self.as_of]
        self.first_quarter = self._first_quarter()
        self.due_quarters = self._due_quarters(lag)
        self.cal = WorkCalendar(self.start.year - 1, self.as_of.year + 2)

    def _first_quarter(self) -> date:
        q = quarter_start(self.start)
        return q if q >= self.start else add_months(q, 3)

    def _due_quarters(self, lag: timedelta) -> list[date]:
        out, q = [], self.first_quarter
        while add_months(q, 3) - timedelta(days=1) + lag <= self.as_of:
            out.append(q)
            q = add_months(q, 3)
        return out

    def complete_quarters(self) -> list[date]:
        """Quarters of the window whose last day is on or before as_of."""
        out, q = [], self.first_quarter
        while add_months(q, 3) - timedelta(days=1) <= self.as_of:
            out.append(q)
            q = add_months(q, 3)
        return out

    def frac(self, d: date) -> float:
        """Position of d in the window, 0 at the start and 1 at as_of."""
        return (d - self.start).days / max(1, (self.as_of - self.start).days)

    def month_index(self, d: date) -> int:
        return (d.year - self.start.year) * 12 + d.month - self.start.month
