"""The one way the dashboard writes a CSV for people (downloads, reports, logs).

product.md: a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return
gets a leading `'`, so that a spreadsheet never runs it as a formula (CSV injection);
numbers are written unchanged. Data files written back into the dataset folder are the
exception and never pass through here: they stay as sent.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from numbers import Number

from dashboard.analysis.values import is_missing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell as written to a CSV for people: text that a spreadsheet would run gets a
    leading apostrophe; numbers, booleans and missing values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell(value) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Number):
        return str(value)
    return neutralise(str(value))


def to_csv(rows: Iterable[Mapping], columns: Sequence[str]) -> str:
    """rows (dicts) as CSV text with a header, cells neutralised, '\\n' line ends."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([neutralise(c) for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buf.getvalue()
