"""One helper each (issue 6): missing values, ISO dates and the `as_written` rounding live
in dashboard/analysis/values.py, and CSV for people is written by dashboard/csv_out.py;
no other module decides these again on its own."""
from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from dashboard.analysis.values import as_written, is_missing, parse_iso_date, to_date

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "dashboard").rglob("*.py"))

# What a module would write instead of calling the helper.
OWN_WAYS = {
    "a missing-value test of its own (use values.is_missing)":
        re.compile(r"math\.isnan\(|is pd\.NA\b|is pd\.NaT\b|\b(\w+) != \1\b"),
    "an ISO date parsed on its own (use values.parse_iso_date or to_date)":
        re.compile(r"\bdate\.fromisoformat\("),
    "a number's written form on its own (use values.as_written)":
        re.compile(r"Decimal\(repr\("),
}
# CSV for people goes through csv_out.to_csv (cells neutralised); these write data files
# into a dataset folder (or convert an upload into one), which stay as sent (product.md).
CSV_WRITERS = {"dashboard/csv_out.py", "dashboard/returns.py", "dashboard/data/reader.py",
               "dashboard/demo/common.py"}


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("what", OWN_WAYS)
def test_no_module_but_values_decides_it_again(what):
    found = [f"{_rel(p)}:{n}" for p in SOURCES if _rel(p) != "dashboard/analysis/values.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if OWN_WAYS[what].search(line.split("#", 1)[0])]
    assert found == [], what


def test_csv_is_written_by_csv_out_or_for_the_dataset_folder_only():
    writers = {_rel(p) for p in SOURCES if "csv.writer(" in p.read_text(encoding="utf-8")
               or "csv.DictWriter(" in p.read_text(encoding="utf-8")}
    assert writers <= CSV_WRITERS, writers - CSV_WRITERS


@pytest.mark.parametrize("value", [None, float("nan"), pd.NA, pd.NaT])
def test_missing_values(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "", False, dt.date(2024, 1, 1)])
def test_present_values(value):
    assert not is_missing(value)


def test_iso_dates_are_written_exactly():
    assert parse_iso_date(" 2024-02-29 ") == dt.date(2024, 2, 29)
    for text in ("20240229", "2024-W09-4", "2024-02-30", "29/02/2024"):
        with pytest.raises(ValueError):
            parse_iso_date(text)
    assert to_date(pd.Timestamp("2024-02-29 13:00")) == dt.date(2024, 2, 29)
    assert to_date(float("nan")) is None


def test_as_written_is_the_shortest_decimal_form():
    assert as_written(1.1) - as_written(0.2) == as_written(0.9)
    assert not math.isclose(1.1 - 0.2, 0.9, rel_tol=0, abs_tol=0)
