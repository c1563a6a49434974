"""dashboard/csv_out.py: the one CSV writer for people (product.md, CSV injection)."""
import csv
import io

import pytest

from dashboard.csv_out import neutralise, to_csv


@pytest.mark.parametrize("text", ["=1+1", "+44 20", "-5 days", "@SUM(A1)", "\tx", "\rx"])
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "a=b", "", None, -5, 3.25, True])
def test_other_cells_pass_unchanged(value):
    assert neutralise(value) == value


def test_to_csv_writes_numbers_unchanged_and_text_neutralised():
    rows = [{"n": -5, "x": 2.5, "t": "-5", "b": False, "m": None}]
    out = to_csv(rows, ["n", "x", "t", "b", "m"])
    assert list(csv.reader(io.StringIO(out))) == [["n", "x", "t", "b", "m"],
                                                 ["-5", "2.5", "'-5", "false", ""]]
