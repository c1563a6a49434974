"""Months, quarters, complete and due periods, and financial years (metrics.md "Time")."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

# Length of each reporting frequency in calendar months. Quarters are Jan-Mar, Apr-Jun,
# Jul-Sep, Oct-Dec, labelled by their first day (metrics.md "Month / quarter of a date").
FREQUENCY_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3}

# partnership.toml `return_lag_days` default: a return is due 30 days after its period ends.
DEFAULT_RETURN_LAG_DAYS = 30

# metrics.md "Within 6 months of A".
SIX_MONTHS = 6

# UK public-sector financial year: 1 April to 31 March.
FY_START_MONTH = 4

# "YYYY/YY" where YY = (YYYY + 1) % 100, e.g. 2023/24 (and 1999/00). Spelled out as one
# alternative per final two digits so that the regex alone enforces it; no look-arounds,
# so the same pattern also works in RE2 (DuckDB) and pandas `str.fullmatch`.
FY_PATTERN = re.compile(
    r"^\d{2}(?:" + "|".join(f"{i:02d}/{(i + 1) % 100:02d}" for i in range(100)) + r")$"
)


# -- calendar months --------------------------------------------------------------------
def add_months(d: date, n: int) -> date:
    """d plus n calendar months, same day number clamped to the month's last day."""
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last_day))


def within_6_months(a: date, b: date) -> bool:
    """metrics.md "Within 6 months of A": B ≤ A + 6 calendar months."""
    return b <= add_months(a, SIX_MONTHS)


# -- months and quarters ----------------------------------------------------------------
def _months(frequency: str) -> int:
    try:
        return FREQUENCY_MONTHS[frequency]
    except KeyError:
        raise ValueError(
            f"unknown frequency {frequency!r} (expected one of {', '.join(FREQUENCY_MONTHS)})"
        ) from None


def month_start(d: date) -> date:
    """First day of d's calendar month."""
    return date(d.year, d.month, 1)


def quarter_start(d: date) -> date:
    """First day of d's quarter (1 Jan, 1 Apr, 1 Jul or 1 Oct)."""
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def period_start(d: date, frequency: str) -> date:
    """First day of the month or quarter containing d."""
    months = _months(frequency)
    return date(d.year, months * ((d.month - 1) // months) + 1, 1)


def next_period(start: date, frequency: str) -> date:
    """Start of the period after the one containing `start`."""
    return add_months(period_start(start, frequency), _months(frequency))


def period_end(start: date, frequency: str) -> date:
    """Last day of the period containing `start`."""
    return next_period(start, frequency) - timedelta(days=1)


def is_period_start(d: date, frequency: str) -> bool:
    """True when d is the first day of a month / quarter."""
    return d == period_start(d, frequency)


# -- complete and due periods -----------------------------------------------------------
def is_complete(start: date, frequency: str, as_of: date) -> bool:
    """metrics.md "Complete period": its last day is on or before as_of."""
    return period_end(start, frequency) <= as_of


def last_complete_period(frequency: str, as_of: date) -> date:
    """Start of the latest complete period at as_of."""
    current = period_start(as_of, frequency)
    if is_complete(current, frequency, as_of):
        return current
    return add_months(current, -_months(frequency))


def is_due(
    start: date, frequency: str, as_of: date, lag_days: int = DEFAULT_RETURN_LAG_DAYS
) -> bool:
    """metrics.md "Due period": complete, and its last day + lag_days ≤ as_of."""
    end = period_end(start, frequency)
    return end <= as_of and end + timedelta(days=lag_days) <= as_of


def last_due_period(
    frequency: str, as_of: date, lag_days: int = DEFAULT_RETURN_LAG_DAYS
) -> date:
    """Start of the latest due period (as_of 2024-03-31, lag 30: Feb 2024 / Oct 2023)."""
    # last day + lag ≤ as_of  ⇔  last day ≤ as_of − lag; a negative lag cannot make an
    # incomplete period due.
    return last_complete_period(frequency, as_of - timedelta(days=max(lag_days, 0)))


def _period_range(first: date, last: date, frequency: str) -> list[date]:
    """Period starts from period_start(first) to `last` inclusive, in order."""
    starts: list[date] = []
    current = period_start(first, frequency)
    while current <= last:
        starts.append(current)
        current = next_period(current, frequency)
    return starts


def due_periods(
    expected_from: date,
    frequency: str,
    as_of: date,
    lag_days: int = DEFAULT_RETURN_LAG_DAYS,
) -> list[date]:
    """Every due period start from the period of expected_from on, oldest first."""
    return _period_range(expected_from, last_due_period(frequency, as_of, lag_days), frequency)


def complete_periods(first: date, frequency: str, as_of: date) -> list[date]:
    """Every complete period start from period_start(first) on, oldest first."""
    return _period_range(first, last_complete_period(frequency, as_of), frequency)


def last_n_complete_periods(n: int, frequency: str, as_of: date) -> list[date]:
    """The n latest complete period starts at as_of, oldest first."""
    if n <= 0:
        return []
    latest = last_complete_period(frequency, as_of)
    months = _months(frequency)
    return [add_months(latest, -months * k) for k in range(n - 1, -1, -1)]


# -- financial years --------------------------------------------------------------------
def is_financial_year(s: str) -> bool:
    """True for a well-formed "YYYY/YY" label such as "2023/24"."""
    return isinstance(s, str) and FY_PATTERN.fullmatch(s) is not None


def _fy_first_year(fy: str) -> int:
    if not is_financial_year(fy):
        raise ValueError(f"not a financial year {fy!r} (expected YYYY/YY, e.g. 2023/24)")
    return int(fy[:4])


def _fy_label(first_year: int) -> str:
    return f"{first_year:04d}/{(first_year + 1) % 100:02d}"


def financial_year_start(fy: str) -> date:
    """1 April of the financial year's first calendar year."""
    return date(_fy_first_year(fy), FY_START_MONTH, 1)


def financial_year_end(fy: str) -> date:
    """31 March of the financial year's second calendar year."""
    return date(_fy_first_year(fy) + 1, FY_START_MONTH, 1) - timedelta(days=1)


def financial_year_of(d: date) -> str:
    """The financial year containing d, e.g. 2024-03-31 -> "2023/24"."""
    return _fy_label(d.year if d.month >= FY_START_MONTH else d.year - 1)


def previous_financial_years(fy: str, n: int) -> list[str]:
    """The n financial years ending with fy, oldest first."""
    first_year = _fy_first_year(fy)
    return [_fy_label(first_year - k) for k in range(max(n, 0) - 1, -1, -1)]
