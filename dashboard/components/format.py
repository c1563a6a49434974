"""How numbers and dates are written on screen and in the meeting pack."""
from __future__ import annotations

import datetime as dt
import math
from decimal import ROUND_HALF_UP, Decimal

from dashboard.analysis.values import as_written, is_missing
from dashboard.analysis.values import to_date as as_date

DASH = "–"  # metrics.md: an undefined figure is shown as "–", never 0

_UNIT_SUFFIX = {"percent": "%", "rate_per_10k": " per 10,000", "days": " days"}


def _half_up(value, decimals: int):
    """Round halves up (1.25 -> 1.3), as money here and the partners' spreadsheets do;
    Python's float formatting rounds 1.25 to 1.2."""
    if not math.isfinite(float(value)):
        return float(value)
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value, decimals: int = 1) -> str:
    if is_missing(value):
        return DASH
    if isinstance(value, str):  # already suppressed ("c") or preformatted
        return value
    if float(value).is_integer() and decimals <= 1:
        return f"{int(value):,}"
    return f"{_half_up(value, decimals):,.{decimals}f}"


def format_value(value, unit: str | None, decimals: int | None = None) -> str:
    """A value in its unit: 83.4%, 12.1 per 10,000, 1,204, 3.2 days, 4.1 (`decimals`
    overrides the unit's usual number of decimals)."""
    if is_missing(value):
        return DASH
    if isinstance(value, str):
        return value
    if unit == "money":
        return format_money(value)
    if decimals is not None:
        text = f"{_half_up(value, decimals):,.{decimals}f}"
        return text + ("%" if unit == "percent" else _UNIT_SUFFIX.get(unit or "", ""))
    if unit == "count":
        return format_number(round(value), 0) if float(value).is_integer() else format_number(value)
    if unit == "percent":
        return f"{_half_up(value, 1):,.1f}%"
    return format_number(value) + _UNIT_SUFFIX.get(unit or "", "")


MAX_DECIMALS = 6


def format_against_target(value, target, unit: str | None) -> str:
    """A value written with as many decimals as it takes not to round across its target
    (0.964 against a target of 1 is 0.96, not 1.0; 89.96% against 90% is 89.96%), so
    that the RAG beside it can always be explained from what is shown."""
    if is_missing(value) or isinstance(value, str) or is_missing(target):
        return format_value(value, unit)
    text = format_value(value, unit)
    usual = 0 if unit == "count" and float(value).is_integer() else 1
    exact, goal = as_written(value), as_written(target)
    for decimals in range(usual, MAX_DECIMALS + 1):
        shown = _half_up(value, decimals)
        if (shown > goal) == (exact > goal) and (shown < goal) == (exact < goal):
            return text if decimals == usual else format_value(value, unit, decimals)
    return format_value(value, unit, MAX_DECIMALS)


def format_money(value) -> str:
    """Whole pounds, halves rounded up (£0.50 -> £1), as finance reports do."""
    if is_missing(value):
        return DASH
    pounds = Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    # a variance below plan is written −£4,165, not £-4,165
    return f"−£{-pounds:,}" if pounds < 0 else f"£{pounds:,}"


def format_pence(value) -> str:
    """Pounds and pence (£1.40): amounts per head, which whole pounds would hide."""
    if is_missing(value):
        return DASH
    amount = _half_up(value, 2)
    return f"−£{-amount:,.2f}" if amount < 0 else f"£{amount:,.2f}"


def format_date(value) -> str:
    d = as_date(value)
    return DASH if d is None else f"{d.day} {d:%b %Y}"


def format_datetime(value) -> str:
    """'1 Nov 2025 09:30'."""
    if is_missing(value):
        return DASH
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if not isinstance(value, dt.datetime):
        value = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    return f"{value.day} {value:%b %Y %H:%M}"


def format_period(value, frequency: str | None) -> str:
    """A period start as people say it: 'Feb 2024', or 'Q1 2024 (Jan-Mar)'."""
    d = as_date(value)
    if d is None:
        return DASH
    if frequency == "quarterly":
        q = (d.month - 1) // 3 + 1
        months = ("Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec")[q - 1]
        return f"{months} {d.year}"
    return f"{d:%b %Y}"


# Codes whose words are not just the code with spaces (abbreviations, numbers).
CODE_WORDS = {
    "lcspr": "LCSPR", "no_lcspr": "No LCSPR", "scr": "SCR", "section_11": "Section 11",
    "0-4": "0-4", "cafcass": "Cafcass", "family_or_public": "Family or public",
    "e_learning": "E-learning", "parents_carers": "Parents and carers",
    "section_175": "Section 175",
}


def humanise_code(code: str | None) -> str:
    """'local_authority' -> 'Local authority' (codes are data-contract words)."""
    if not code:
        return "Not recorded"
    return CODE_WORDS.get(code, code.replace("_", " ").capitalize())


def period_words(date_from, date_to, from_chosen: bool = True) -> str:
    """The period a figure covers, as people say it: 'Financial year 2025/26' (1 April to
    31 March), '12 months to 31 Oct 2026' (the default rolling year), 'All dates to
    31 Oct 2026' (from=all), else '1 Apr 2025 to 31 Oct 2026'. A default period
    (`from_chosen` false) is always the rolling year, even when it is also a financial
    year."""
    from dashboard.analysis.periods import (
        financial_year_end, financial_year_of, financial_year_start,
    )
    from dashboard.filters import rolling_year_start

    end = as_date(date_to)
    start = as_date(date_from)
    if end is None:
        return DASH
    if start is None:
        return f"All dates to {format_date(end)}"
    fy = financial_year_of(start)
    if from_chosen and (start, end) == (financial_year_start(fy), financial_year_end(fy)):
        return f"Financial year {fy}"
    if start == rolling_year_start(end):
        return f"12 months to {format_date(end)}"
    return f"{format_date(start)} to {format_date(end)}"


def covers_words(query_names, period: tuple, as_of, year: str | None = None,
                 from_chosen: bool = True) -> str:
    """What a figure covers, from the parameters its queries take: the period in words
    for period-filtered ones ("12 months to 31 Oct 2026"), the financial year for funding,
    else "As at <as_of>" (actions, self-assessments: always as of)."""
    from dashboard.filters import narrowing_fields

    fields = narrowing_fields(query_names)
    if "date_from" in fields:
        return period_words(*period, from_chosen=from_chosen)
    if "year" in fields:
        return f"Financial year {year}" if year else "No financial year yet"
    return f"As at {format_date(as_of)}"


def overdue_words(days) -> str | None:
    """metrics.md days_overdue in words, as the tracker and the indicator cards write it:
    '304 days overdue', '1 day overdue'."""
    if is_missing(days):
        return None
    days = int(days)
    return f"{days:,} day{'' if days == 1 else 's'} overdue"
