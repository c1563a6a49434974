"""One helper each for the small things every layer needs: missing values, ISO dates
and JSON-ready scalars. (Pure Python: no Dash, no DuckDB.)"""
from __future__ import annotations

import datetime as dt
import math
import re
import sys
from decimal import Decimal
from typing import Any

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_missing(value: Any) -> bool:
    """None, NaN, pandas' NA / NaT: no value."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    pd = sys.modules.get("pandas")   # no pandas loaded: no value can be its NA or NaT
    return pd is not None and (value is pd.NA or value is pd.NaT)


def as_written(x: Any) -> Decimal:
    """A number as the data wrote it: a float's shortest decimal form, exactly (1.1 − 0.2
    is 0.9 here, where binary floating point gives 0.9000000000000001). RAG bands and
    SPC lines compare numbers in this form, so "on the target" and "on the mean" mean
    what metrics.md says."""
    if isinstance(x, Decimal):
        return x
    return Decimal(repr(float(x)))


def parse_iso_date(value: Any) -> dt.date:
    """A date written YYYY-MM-DD exactly (date.fromisoformat alone also takes 20240331
    and 2024-W13-7); a date or datetime passes through. ValueError otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return dt.date.fromisoformat(value.strip())  # ValueError for 2024-13-01
    raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")


def to_date(value: Any) -> dt.date | None:
    """A date from a date, datetime, pandas Timestamp or ISO text (its first 10
    characters); None for a missing value."""
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "date") and callable(value.date):  # pandas Timestamp
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


def iso(value: Any) -> str | None:
    """ISO text of a date (None for a missing value)."""
    d = to_date(value)
    return None if d is None else d.isoformat()


def clean(value: Any) -> Any:
    """A JSON-ready scalar: NaN/NA -> None, Decimal/numpy -> float/int, dates -> ISO."""
    if is_missing(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.datetime, dt.date)) or type(value).__name__ == "Timestamp":
        return iso(value)
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def plain(value: Any) -> Any:
    """A plain Python value for a table cell: NaN/NA -> None, numpy -> int/float,
    Decimal -> float, pandas Timestamp -> datetime (a time of day is kept)."""
    if is_missing(value):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value
