"""File robustness: whatever bytes a partner sends, the loader reports and carries on.

Each test spoils one file of the minimal valid folder (validation_fixtures.py) and
checks the finding, that the file is (un)available, and that the other files load.
"""
from __future__ import annotations

import random
import time

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.data import load_dataset
from dashboard.data.reader import RawTable, UnreadableFile, read_file
from validation_fixtures import (
    BASE_ROWS, clean_rows, clean_table, columns_of, errors, findings, make_folder, only, row,
    rows, write_csv,
)

MASH = "mash_contacts.csv"


def _others_still_load(ds):
    for stem in ("priority_areas", "indicator_catalogue", "audits", "actions", "training"):
        assert ds.available(stem), stem
    assert clean_rows(ds, "audits") == [1]


def _unreadable(ds, name=MASH, words=()):
    e = only(ds, file=name, severity="error")
    assert (e["row"], e["rule"]) == (None, "unreadable_file")
    assert name in e["message"]
    for w in words:
        assert w in e["message"], e["message"]
    stem = name.rsplit(".", 1)[0]
    assert not ds.available(stem)
    assert name in ds.unavailable_reason(stem)
    assert clean_rows(ds, stem) == []
    _others_still_load(ds)
    return e


# ---- unreadable files ------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"   \n\n  \r\n"], ids=["zero_bytes", "blank_lines"])
def test_empty_file(tmp_path, content):
    folder = make_folder(tmp_path)
    (folder / MASH).write_bytes(content)
    _unreadable(load_dataset(folder), words=("empty",))


def test_header_only_file_is_available_with_no_rows(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).write_text(",".join(columns_of("mash_contacts")) + "\n")
    ds = load_dataset(folder)
    assert [(f["severity"], f["rule"]) for f in findings(ds)] == [("notice", "no_rows")]
    assert ds.available("mash_contacts")
    assert clean_rows(ds, "mash_contacts") == []


def test_header_only_without_newline(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).write_text(",".join(columns_of("mash_contacts")))
    ds = load_dataset(folder)
    assert [f["rule"] for f in findings(ds)] == ["no_rows"] and ds.available("mash_contacts")


def test_binary_junk(tmp_path):
    folder = make_folder(tmp_path)
    rnd = random.Random(7)
    junk = bytes(rnd.randrange(256) for _ in range(5000)) + b"\x00\x00\x00"
    (folder / MASH).write_bytes(junk)
    _unreadable(load_dataset(folder), words=("binary",))


def test_junk_with_a_nul_after_a_valid_header_is_one_bad_row(tmp_path):
    # issue 10: a NUL byte late in the file spoils its row, not the file (a binary
    # file has NULs in its first kilobyte, as the PNG and random junk here do)
    folder = make_folder(tmp_path)
    head = (",".join(columns_of("mash_contacts")) + "\n").encode()
    (folder / MASH).write_bytes(head + b"x" * 70000 + b"\x00\x01\x02\n")
    ds = load_dataset(folder)
    assert ds.available("mash_contacts")
    nul = [f for f in errors(ds) if f["rule"] == "nul_byte"]
    assert [(f["file"], f["row"]) for f in nul] == [(MASH, 1)]
    assert clean_rows(ds, "mash_contacts") == []


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
       b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


def test_png_renamed_csv(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).write_bytes(PNG)
    _unreadable(load_dataset(folder), words=("binary",))


def test_png_renamed_csv_for_a_required_file(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "priority_areas.csv").write_bytes(PNG)
    ds = load_dataset(folder)
    e = only(ds, file="priority_areas.csv", severity="error")
    assert e["rule"] == "unreadable_file"
    assert not ds.available("priority_areas")
    assert ds.available("mash_contacts")


# ---- encodings -----------------------------------------------------------------------------
def _mash_text(*localities: str) -> str:
    data = [row("mash_contacts", i + 1, locality=loc) for i, loc in enumerate(localities)]
    header = columns_of("mash_contacts")
    lines = [",".join(header)] + [",".join(r[c] for c in header) for r in data]
    return "\n".join(lines) + "\n"


def test_windows_1252_file_read_with_one_warning(tmp_path):
    folder = make_folder(tmp_path)
    text = _mash_text("Café £5", "Children’s Hub", "Crème brûlée")
    (folder / MASH).write_bytes(text.encode("cp1252"))
    ds = load_dataset(folder)
    w = only(ds, file=MASH)
    assert (w["severity"], w["row"], w["rule"]) == ("warning", None, "encoding")
    assert MASH in w["message"] and "Windows-1252" in w["message"]
    assert list(clean_table(ds, "mash_contacts")["locality"]) == [
        "Café £5", "Children’s Hub", "Crème brûlée"]
    assert ds.validation_counts() == {"errors": 0, "warnings": 1, "quarantined_rows": 0}


def test_latin1_file_read_as_windows_1252(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).write_bytes(_mash_text("Café £5").encode("latin-1"))
    ds = load_dataset(folder)
    assert only(ds, file=MASH)["rule"] == "encoding"
    assert clean_table(ds, "mash_contacts").loc[0, "locality"] == "Café £5"


def test_utf8_file_with_non_ascii_has_no_warning(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).write_bytes(_mash_text("Café £5 ’").encode("utf-8"))
    ds = load_dataset(folder)
    assert findings(ds) == []
    assert clean_table(ds, "mash_contacts").loc[0, "locality"] == "Café £5 ’"


def test_utf8_bom_is_stripped_and_header_matched(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).write_bytes(_mash_text("Café").encode("utf-8-sig"))
    ds = load_dataset(folder)
    assert findings(ds) == []
    t = clean_table(ds, "mash_contacts")
    assert list(t["contact_id"]) == ["C1"] and t.loc[0, "locality"] == "Café"


def test_bom_and_windows_line_endings(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).write_bytes(_mash_text("North", "South").replace("\n", "\r\n")
                                .encode("utf-8-sig"))
    ds = load_dataset(folder)
    assert findings(ds) == []
    assert list(clean_table(ds, "mash_contacts")["locality"]) == ["North", "South"]


# ---- shape -----------------------------------------------------------------------------------
def test_semicolon_delimiter_makes_the_file_unavailable(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).write_text(_mash_text("North").replace(",", ";"))
    ds = load_dataset(folder)
    e = only(ds, file=MASH, severity="error")
    assert (e["row"], e["rule"]) == (None, "missing_required_column")
    assert "contact_id" in e["message"] and "delimiter" in e["message"]
    assert not ds.available("mash_contacts")
    _others_still_load(ds)


def test_quoted_newlines_keep_row_numbers(tmp_path):
    folder = make_folder(tmp_path)
    data = rows("mash_contacts", {"locality": "North\nEast\nside"}, {"age_band": "teen"})
    data[0]["locality"] = "Line one\r\nline two, with a comma"
    write_csv(folder / MASH, data, columns_of("mash_contacts"))
    ds = load_dataset(folder)
    e = only(ds, file=MASH)
    assert (e["row"], e["column"], e["rule"]) == (3, "age_band", "code_list")
    t = clean_table(ds, "mash_contacts")
    assert list(t["_row"]) == [1, 2]
    assert t.loc[1, "locality"] == "North\nEast\nside"
    assert "line two, with a comma" in t.loc[0, "locality"]


def test_row_with_more_fields_than_header(tmp_path):
    folder = make_folder(tmp_path)
    text = _mash_text("North", "South", "West").splitlines()
    text[2] += ",unexpected,extra"
    (folder / MASH).write_text("\n".join(text) + "\n")
    ds = load_dataset(folder)
    e = only(ds, file=MASH)
    assert (e["severity"], e["row"], e["rule"]) == ("error", 2, "row_shape")
    assert "13" in e["message"] and "11" in e["message"]
    assert clean_rows(ds, "mash_contacts") == [1, 3]
    assert ds.validation_counts() == {"errors": 1, "warnings": 0, "quarantined_rows": 1}


def test_long_row_after_quoted_newlines_keeps_row_numbers(tmp_path):
    folder = make_folder(tmp_path)
    data = rows("mash_contacts", {"locality": "North\nEast"}, {}, {})
    write_csv(folder / MASH, data, columns_of("mash_contacts"))
    lines = (folder / MASH).read_text().split("\n")
    # lines: header, row 1, row 2 (two lines), row 3, row 4
    lines[4] += ",extra"
    (folder / MASH).write_text("\n".join(lines))
    ds = load_dataset(folder)
    e = only(ds, file=MASH)
    assert (e["row"], e["rule"]) == (3, "row_shape")
    t = clean_table(ds, "mash_contacts")
    assert list(t["_row"]) == [1, 2, 4]
    assert t.loc[1, "locality"] == "North\nEast"


def test_row_with_fewer_fields_than_header(tmp_path):
    folder = make_folder(tmp_path)
    text = _mash_text("North", "South").splitlines()
    text[2] = "C2,CH2,2024-01-08T09:30"
    (folder / MASH).write_text("\n".join(text) + "\n")
    ds = load_dataset(folder)
    got = errors(ds)
    assert {e["row"] for e in got} == {2}
    assert {e["column"] for e in got} == {"referrer_agency", "primary_concern", "age_band"}
    assert clean_rows(ds, "mash_contacts") == [1]


def test_duplicate_required_column_in_header(tmp_path):
    folder = make_folder(tmp_path)
    header = columns_of("mash_contacts") + ["contact_id"]
    write_csv(folder / MASH, [row("mash_contacts")], header)
    ds = load_dataset(folder)
    e = only(ds, file=MASH, severity="error")
    assert (e["row"], e["rule"]) == (None, "duplicate_column")
    assert "contact_id" in e["message"]
    assert not ds.available("mash_contacts")


def test_blank_line_inside_the_file(tmp_path):
    # A blank line is skipped; row numbers count data rows.
    folder = make_folder(tmp_path)
    lines = _mash_text("North", "South").splitlines()
    (folder / MASH).write_text("\n".join([lines[0], lines[1], "", lines[2]]) + "\n")
    ds = load_dataset(folder)
    assert findings(ds) == []
    assert clean_rows(ds, "mash_contacts") == [1, 2]


# ---- Parquet -------------------------------------------------------------------------------
PARQUET_ROWS = {
    "mash_contacts": rows("mash_contacts",
                          {"received_at": "2024-02-01T08:00", "decision": "", "decided_at": "",
                           "escalated": "", "screening_rag": ""},
                          {"received_at": "2024-02-03T10:00:30", "decided_at": "2024-02-05T11:00",
                           "escalated": "true", "locality": ""}),
    "training": rows("training", {"attended": "false", "rating": "", "confidence_before": "",
                                  "confidence_after": "", "impact_followup": "", "fee_gbp": ""}),
    "indicators": rows("indicators", {"value": "62.5", "numerator": "", "denominator": ""}),
    "contributions": rows("contributions", {"amount_gbp": "99.99"}),
}


def _typed(stem: str, data: list[dict]) -> pa.Table:
    """A Parquet table with native types, as a partner's system would write it."""
    from dashboard.data import contract as C
    arrays, names = [], []
    for col in C.BY_STEM[stem].columns:
        vals = [r.get(col.name, "") or None for r in data]
        if col.kind == C.DATETIME:
            arr = pa.array([None if v is None else pd.Timestamp(v).to_pydatetime() for v in vals],
                           pa.timestamp("us"))
        elif col.kind == C.DATE:
            arr = pa.array([None if v is None else pd.Timestamp(v).date() for v in vals],
                           pa.date32())
        elif col.kind == C.BOOLEAN:
            arr = pa.array([None if v is None else v.lower() in ("true", "yes", "1") for v in vals],
                           pa.bool_())
        elif col.kind == C.INTEGER:
            arr = pa.array([None if v is None else int(v) for v in vals], pa.int64())
        elif col.kind == C.NUMBER:
            arr = pa.array([None if v is None else float(v) for v in vals], pa.float64())
        elif col.kind == C.MONEY:
            from decimal import Decimal
            arr = pa.array([None if v is None else Decimal(v).quantize(Decimal("0.01"))
                            for v in vals], pa.decimal128(12, 2))
        else:
            arr = pa.array(vals, pa.string())
        arrays.append(arr)
        names.append(col.name)
    return pa.Table.from_arrays(arrays, names=names)


def _as_text(stem: str, data: list[dict]) -> pa.Table:
    cols = columns_of(stem)
    return pa.table({c: pa.array([r.get(c, "") for r in data], pa.string()) for c in cols})


@pytest.mark.parametrize("make_table", [_as_text, _typed], ids=["text_columns", "typed_columns"])
def test_parquet_gives_the_same_clean_rows_as_csv(tmp_path, make_table):
    csv_ds = load_dataset(make_folder(tmp_path / "csv", rows=PARQUET_ROWS))
    folder = make_folder(tmp_path / "pq", rows=PARQUET_ROWS)
    for stem, data in PARQUET_ROWS.items():
        (folder / f"{stem}.csv").unlink()
        pq.write_table(make_table(stem, data), folder / f"{stem}.parquet")
    pq_ds = load_dataset(folder)
    assert findings(csv_ds) == []
    assert findings(pq_ds) == []
    for stem in PARQUET_ROWS:
        a, b = clean_table(csv_ds, stem), clean_table(pq_ds, stem)
        pd.testing.assert_frame_equal(a, b, check_dtype=True, obj=stem)
        assert pq_ds.sources[stem].suffix == ".parquet"


def test_parquet_breaches_reported_with_row_numbers(tmp_path):
    data = rows("mash_contacts", {"age_band": "teen"}, {"decided_at": "2024-01-08T09:00"})
    folder = make_folder(tmp_path)
    (folder / MASH).unlink()
    pq.write_table(_typed("mash_contacts", data), folder / "mash_contacts.parquet")
    ds = load_dataset(folder)
    got = [(e["file"], e["row"], e["rule"]) for e in errors(ds)]
    assert got == [("mash_contacts.parquet", 2, "code_list"),
                   ("mash_contacts.parquet", 3, "date_order")]
    assert clean_rows(ds, "mash_contacts") == [1]


@pytest.mark.parametrize("content", [
    b"PAR1" + bytes(range(256)) * 4 + b"PAR1",
    b"this is not parquet at all",
    b"",
], ids=["junk_between_magic", "text", "empty"])
def test_corrupt_parquet(tmp_path, content):
    folder = make_folder(tmp_path)
    (folder / MASH).unlink()
    (folder / "mash_contacts.parquet").write_bytes(content)
    _unreadable(load_dataset(folder), name="mash_contacts.parquet", words=("Parquet",))


def test_truncated_parquet(tmp_path):
    folder = make_folder(tmp_path)
    (folder / MASH).unlink()
    good = tmp_path / "good.parquet"
    pq.write_table(_as_text("mash_contacts", [row("mash_contacts")]), good)
    (folder / "mash_contacts.parquet").write_bytes(good.read_bytes()[:-20])
    _unreadable(load_dataset(folder), name="mash_contacts.parquet")


# ---- read_file never raises anything but UnreadableFile --------------------------------------
@pytest.mark.parametrize("name,content", [
    ("a.csv", b"\xff\xfe\x00a\x00b"),  # UTF-16 with NULs
    ("a.csv", b"a,b\n\"unterminated,1\n"),
    ("a.csv", b"\"\"\"\n"),
    ("a.parquet", b"PAR1"),
    ("a.csv", b"\x80\x81\x82,\x83\n1,2\n"),
])
def test_read_file_raises_only_unreadable_file(tmp_path, name, content):
    p = tmp_path / name
    p.write_bytes(content)
    try:
        result = read_file(p)
    except UnreadableFile as exc:
        assert str(exc)
    else:
        assert isinstance(result, RawTable)


# ---- a large file ----------------------------------------------------------------------------
LARGE_BYTES = 30_000_000   # many of the reader's blocks; speed is for benchmarks/


@pytest.mark.large
def test_large_mash_contacts_file(tmp_path):
    """A large contacts file (many of Arrow's read blocks) loads and validates whole: the
    few bad rows among the rest are found by row number, every other row is kept. How
    fast is measured by benchmarks/scale.py, never here."""
    folder = make_folder(tmp_path)
    header = ",".join(columns_of("mash_contacts"))
    agencies = ("police", "health", "education", "local_authority", "anonymous")
    concerns = ("neglect", "domestic_abuse", "exploitation", "missing")
    line = ("MC{0:08d},CHILD{1:07d},2024-{2:02d}-{3:02d}T{4:02d}:{5:02d},{6},{7},5-9,amber,"
            "early_help,2024-{2:02d}-{3:02d}T23:59,false,Northbrook East")
    sample = len(line.format(0, 0, 1, 1, 0, 0, agencies[0], concerns[0])) + 1
    n = LARGE_BYTES // sample
    bad_every = 100_000  # a few bad rows, to check they are found among the rest
    started = time.perf_counter()
    with (folder / MASH).open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(header + "\n")
        chunk = []
        for i in range(n):
            age = "teen" if i % bad_every == 99 else None
            text = line.format(i, i % 250_000, i % 12 + 1, i % 28 + 1, i % 24, i % 60,
                               agencies[i % 5], concerns[i % 4])
            if age:
                text = text.replace(",5-9,", f",{age},")
            chunk.append(text)
            if len(chunk) == 50_000:
                fh.write("\n".join(chunk) + "\n")
                chunk.clear()
        if chunk:
            fh.write("\n".join(chunk) + "\n")
    written = time.perf_counter() - started
    size = (folder / MASH).stat().st_size
    assert size >= 0.95 * LARGE_BYTES

    started = time.perf_counter()
    ds = load_dataset(folder)
    loaded = time.perf_counter() - started
    n_bad = len([i for i in range(n) if i % bad_every == 99])
    counts = ds.validation_counts()
    assert counts == {"errors": n_bad, "warnings": 0, "quarantined_rows": n_bad}
    assert ds.con.execute("SELECT count(*) FROM mash_contacts").fetchone()[0] == n - n_bad
    bad_rows = sorted(e["row"] for e in errors(ds))
    assert bad_rows == [i + 1 for i in range(n) if i % bad_every == 99]
    print(f"\nlarge file: {size / 1e6:.0f} MB, {n} rows, written in {written:.1f} s, "
          f"loaded in {loaded:.1f} s")


def test_parquet_date_column_written_as_midnight_timestamp(tmp_path):
    """A pandas export writes a date column as timestamps at midnight: read as the date."""
    folder = make_folder(tmp_path)
    (folder / "training.csv").unlink()
    table = _typed("training", [row("training")])
    i = table.column_names.index("delivered_on")
    table = table.set_column(i, "delivered_on", table.column(i).cast(pa.timestamp("us")))
    pq.write_table(table, folder / "training.parquet")
    ds = load_dataset(folder)
    assert errors(ds) == []
    assert clean_rows(ds, "training") == [1]
