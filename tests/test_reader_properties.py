"""Issue 10, Build 4: property tests of the reader and validator (hypothesis).

- Any bytes as a CSV or Parquet file: the reader raises nothing but UnreadableFile, and
  the validator never raises: the file is either unavailable with one file-level error,
  or every row it read is kept or quarantined, and the counts add up.
- Any rows of any text written as a CSV (any line ending, BOM or not, UTF-8 or
  Windows-1252, ragged rows, NULs, quotes, commas and line breaks in cells): every row
  written is read, kept or quarantined with an error naming it, unless the file as a
  whole looks binary.
Examples are bounded (max_examples, no deadline) so the suite stays fast.
"""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.data import contract as C
from dashboard.data.reader import UnreadableFile, looks_binary, read_file
from dashboard.data.validate import Validator

SPEC = C.BY_STEM["mash_contacts"]   # no cross-file references: validated on its own
HEADER = [c.name for c in SPEC.columns]
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOUNDED = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# text that is hard for a CSV reader, mixed with any Unicode
NASTY = st.sampled_from(list(',"\r\n \t\x00;=+-@\ufeff\u2028é€\x1a\\') + ["\r\n", '""'])
CELL = st.lists(st.one_of(NASTY, st.characters(codec="utf-8"), st.sampled_from(
    ["C1", "2024-01-02T09:30", "police", "neglect", "5-9", "amber", "true", "North"])),
    max_size=12).map("".join)


def validate(path: Path) -> tuple[Validator, dict]:
    v = Validator(duckdb.connect(":memory:"))
    v.load(SPEC, path)
    findings = v.con.execute('SELECT severity, "row", rule FROM findings').fetchall()
    return v, {"findings": findings}


def accounted(v: Validator, findings: list[tuple]) -> tuple[int, int, set[int]] | None:
    """(rows read, rows kept, rows quarantined) of an available file, checking that they
    add up; None for an unavailable file, checking it has one file-level error."""
    stem = SPEC.stem
    if not v.available[stem]:
        assert [f for f in findings if f[0] == "error" and f[1] is None], findings
        return None
    read = v.file_stats[stem]["rows_read"]
    kept = v.con.execute(f"SELECT count(*) FROM {stem}").fetchall()[0][0]
    quarantined = {r for r, in v.con.execute(f"SELECT _row FROM quarantined_{stem}").fetchall()}
    error_rows = {f[1] for f in findings if f[0] == "error" and f[1] is not None}
    assert kept + len(quarantined) == read
    assert quarantined == error_rows
    assert all(1 <= r <= read for r in error_rows)
    assert v.file_stats[stem]["rows_accepted"] == kept
    return read, kept, quarantined


def _in_tmp(name: str, data: bytes):
    tmp = tempfile.TemporaryDirectory()
    path = Path(tmp.name) / name
    path.write_bytes(data)
    return tmp, path


@FAST
@given(st.binary(max_size=3000), st.sampled_from(["mash_contacts.csv", "mash_contacts.parquet"]))
def test_the_reader_raises_nothing_but_unreadable_file(data, name):
    tmp, path = _in_tmp(name, data)
    with tmp:
        try:
            raw = read_file(path)
        except UnreadableFile as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        assert raw.frame.column("_row").to_pylist() == list(range(1, raw.frame.num_rows + 1))
        assert raw.frame.num_columns == len(raw.header) + 1


@BOUNDED
@given(st.one_of(st.binary(max_size=2000),
                 st.binary(max_size=2000).map(lambda b: (",".join(HEADER) + "\n").encode() + b)))
def test_any_bytes_as_a_data_file_never_crash_and_counts_add_up(data):
    tmp, path = _in_tmp("mash_contacts.csv", data)
    with tmp:
        v, got = validate(path)
        accounted(v, got["findings"])


ROWS = st.lists(st.lists(CELL, min_size=1, max_size=len(HEADER) + 2), max_size=12)


@BOUNDED
@given(ROWS, st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(),
       st.sampled_from(["utf-8", "cp1252"]))
def test_every_row_written_is_kept_or_quarantined(rows, ending, bom, encoding):
    def line(cells):
        buf = io.StringIO()
        # "\r\n" as the writer's terminator makes it quote every cell holding \r or \n
        csv.writer(buf, lineterminator="\r\n").writerow(cells)
        return buf.getvalue()[:-2]
    text = ending.join(line(r) for r in [HEADER, *rows]) + ending
    data = (b"\xef\xbb\xbf" if bom and encoding == "utf-8" else b"") + text.encode(
        encoding, errors="replace")
    tmp, path = _in_tmp("mash_contacts.csv", data)
    with tmp:
        v, got = validate(path)
        result = accounted(v, got["findings"])
        if result is None:
            assert looks_binary(data), got["findings"]
            return
        read, kept, quarantined = result
        assert read == len(rows)
        findings = got["findings"]
        for n, cells in enumerate(rows, start=1):
            if len(cells) > len(HEADER):
                assert ("error", n, "row_shape") in findings
            if any("\x00" in c for c in cells[:len(HEADER)]):
                assert ("error", n, "nul_byte") in findings
            if any("\x00" in c for c in cells):   # (beyond the header: a row_shape error)
                assert n in quarantined
