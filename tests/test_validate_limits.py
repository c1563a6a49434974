"""Limits of datasets.md that need hand-made content: commentary's 2,000 characters
(Unicode code points, a line ending counted as one), the date range 1900-01-01 to
2099-12-31 (a type error outside it; `summary` still works), and "no rows yet"."""
from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.__main__ import main
from dashboard.data import contract as C
from dashboard.data import load_dataset
from validation_fixtures import (
    STEMS, clean_rows, clean_table, columns_of, errors, findings, make_folder, only, row,
)

LIMIT = C.COMMENT_LIMIT


def counted(text: str) -> int:
    """datasets.md's count: code points, \\r\\n, \\r and \\n each one character."""
    return len(text.replace("\r\n", "\n").replace("\r", "\n"))


def text_of(n: int) -> str:
    """A text counting exactly n: astral emoji (one code point, two UTF-16 units, four
    bytes), a combining accent (two code points), and all three line endings."""
    head = "😀" * 10 + "\r\n" + "e\u0301" + "\rline\n" + "É"
    text = head + "x" * (n - counted(head))
    assert counted(text) == n and len(text) == n + 1 and len(text.encode("utf-8")) > n
    return text


@pytest.mark.parametrize("column", ["comment", "next_steps"])
def test_text_of_exactly_the_limit_passes_one_more_is_an_error(tmp_path, column):
    data = [row("commentary", 1, **{column: text_of(LIMIT)}),
            row("commentary", 2, **{column: text_of(LIMIT + 1)})]
    ds = load_dataset(make_folder(tmp_path, rows={"commentary": data}))
    e = only(ds, file="commentary.csv", severity="error")
    assert (e["row"], e["column"], e["rule"]) == (2, column, "too_long")
    assert "2,001" in e["message"] and "2,000" in e["message"] and column in e["message"]
    assert clean_rows(ds, "commentary") == [1]
    # the text is kept as written, line endings included
    assert clean_table(ds, "commentary").loc[0, column] == text_of(LIMIT)


def test_limit_counts_a_windows_file_line_endings_once(tmp_path):
    # the whole file written with CRLF row ends, the cell holding CRLF line breaks
    folder = make_folder(tmp_path)
    header = columns_of("commentary")
    ok = row("commentary", 1, comment=("a" * 99 + "\r\n") * 20)            # 100 × 20
    long = row("commentary", 2, comment=("a" * 99 + "\r\n") * 20 + "b")    # 2,001
    lines = [",".join(header)]
    for r in (ok, long):
        lines.append(",".join('"' + r[c] + '"' if "\n" in r[c] or "," in r[c] else r[c]
                              for c in header))
    (folder / "commentary.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    ds = load_dataset(folder)
    e = only(ds, file="commentary.csv", severity="error")
    assert (e["row"], e["rule"]) == (2, "too_long")
    assert clean_rows(ds, "commentary") == [1]


def test_outer_spaces_are_not_counted(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"commentary": [
        row("commentary", 1, comment="  " + "x" * LIMIT + "  ")]}))
    assert errors(ds) == []


# ---- dates between 1900-01-01 and 2099-12-31 -------------------------------------------------
def test_action_due_in_9999_is_quarantined_and_summary_still_works(tmp_path, capsys):
    data = [row("actions"),
            row("actions", 2, status="in_progress", completed_on="", due_on="9999-12-31")]
    folder = make_folder(tmp_path, rows={"actions": data})
    ds = load_dataset(folder)
    e = only(ds, file="actions.csv", severity="error")
    assert (e["row"], e["column"], e["rule"], e["value"]) == (2, "due_on", "type", "9999-12-31")
    assert "1900-01-01" in e["message"] and "2099-12-31" in e["message"]
    assert clean_rows(ds, "actions") == [1]
    assert main(["summary", str(folder)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["actions"]["total"] == 1
    assert out["validation"] == {"errors": 1, "warnings": 0, "quarantined_rows": 1}


def test_far_dates_in_parquet_are_type_errors_too(tmp_path):
    import datetime as dt
    folder = make_folder(tmp_path, omit=("actions",))
    base = row("actions", status="in_progress", completed_on="")
    table = {c: [base[c], base[c]] for c in columns_of("actions") if c not in
             ("raised_on", "due_on", "completed_on")}
    table["action_id"] = ["A1", "A2"]
    table["raised_on"] = pa.array([dt.date(2023, 8, 1), dt.date(1066, 10, 14)], pa.date32())
    table["due_on"] = pa.array([dt.date(2099, 12, 31), dt.date(2023, 12, 31)], pa.date32())
    pq.write_table(pa.table(table), folder / "actions.parquet")
    ds = load_dataset(folder)
    e = only(ds, file="actions.parquet", severity="error")
    assert (e["row"], e["column"], e["rule"]) == (2, "raised_on", "type")
    assert "1066-10-14" in e["message"] and "1900-01-01" in e["message"]
    assert clean_rows(ds, "actions") == [1]


@pytest.mark.parametrize("as_of", [None, "2099-12-31"], ids=["fixture as_of", "as_of 2099-12-31"])
def test_valid_dates_at_the_ends_of_the_range_draw_every_figure(tmp_path, as_of):
    # Issue 10, Found 1: "no valid row may crash any figure". In every file of the app's
    # fixture, row 1's dates become 1900-01-01 and row 2's 2099-12-31 (the first day of a
    # month or quarter where the contract asks for one): every row is still valid, and
    # summary, the meeting pack's content and every page with the whole period are drawn
    # (a due date in 2099 with the working-day calendar, 1wd and 15wd clocks, periods).
    import csv
    import io

    from dashboard.app import create_app
    from dashboard.filters import parse_filters
    from dashboard.metrics import summary
    from dashboard.pack import pack_content
    from fixtures_app import AREAS, write_fixture
    from test_app_factory import route

    folder = write_fixture(tmp_path / "fx")
    if as_of:
        toml = folder / "partnership.toml"
        toml.write_text("\n".join(ln if not ln.startswith("as_of") else f'as_of = "{as_of}"'
                                   for ln in toml.read_text().splitlines()) + "\n")
    month_starts = {"period_start", "expected_from"}
    changed = 0
    for spec in C.FILES:
        path = folder / f"{spec.stem}.csv"
        dated = [c for c in spec.columns if c.kind in (C.DATE, C.DATETIME)]
        if not dated or not path.exists():
            continue
        with path.open(newline="", encoding="utf-8") as f:
            records = list(csv.reader(f))
        for r, day in ((1, "1900-01-01"), (2, "2099-12-31")):
            for c in dated if len(records) > r else []:
                i = records[0].index(c.name)
                if records[r][i]:   # an empty date says something (not yet done): kept
                    value = "2099-10-01" if day > "2000" and c.name in month_starts else day
                    records[r][i] = value + ("T23:59" if c.kind == C.DATETIME and day > "2000"
                                             else "T00:00" if c.kind == C.DATETIME else "")
                    changed += 1
        buf = io.StringIO()
        csv.writer(buf).writerows(records)
        path.write_text(buf.getvalue(), encoding="utf-8")
    assert changed >= 20
    ds = load_dataset(folder)
    assert errors(ds) == [], errors(ds)
    filters = parse_filters({"from": "all"}, ds)
    out = summary(ds, filters)
    assert out["validation"]["quarantined_rows"] == 0
    assert pack_content(ds, filters).sections
    app = create_app(dataset=ds)
    for path in ("/", f"/area/{AREAS[0][0]}", "/front-door", "/audits", "/actions",
                 "/case-reviews", "/training", "/funding", "/self-assessment", "/voice",
                 "/data-quality"):
        route(app, path, "?from=all")


# ---- a header and no rows: one notice -------------------------------------------------------
@pytest.mark.parametrize("stem", STEMS)
def test_header_only_file_gets_one_no_rows_notice(tmp_path, stem):
    folder = make_folder(tmp_path, rows={stem: []})
    ds = load_dataset(folder)
    n = only(ds, file=f"{stem}.csv", rule="no_rows")
    assert (n["severity"], n["row"], n["column"]) == ("notice", None, None)
    assert "no rows yet" in n["message"]
    assert ds.available(stem) and clean_rows(ds, stem) == []


def test_parquet_with_no_rows_gets_the_notice(tmp_path):
    folder = make_folder(tmp_path, omit=("voice",))
    pq.write_table(pa.table({c: pa.array([], pa.string()) for c in columns_of("voice")}),
                   folder / "voice.parquet")
    ds = load_dataset(folder)
    assert [f["rule"] for f in findings(ds, file="voice.parquet")] == ["no_rows"]
