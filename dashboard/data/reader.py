"""Read one dataset file (CSV or Parquet) into an all-text table, whatever is in it.

Every cell comes back as text (or missing) with a `_row` number (1 = first data row),
so that validation sees exactly what the partner sent. A file that cannot be read
raises `UnreadableFile` with a sentence a data officer understands; no input makes
this module raise anything else.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

BINARY_SNIFF_BYTES = 1 << 16


class UnreadableFile(Exception):
    """The file as a whole cannot be used (a file-level error)."""


@dataclass
class RawTable:
    header: list[str]           # column names as written (trimmed)
    frame: pa.Table             # columns c0..cN (text) plus _row
    warnings: list[str] = field(default_factory=list)
    ragged: list[tuple[int, int]] = field(default_factory=list)  # (row, fields) too many fields


def read_file(path: Path) -> RawTable:
    try:
        if path.suffix.lower() == ".parquet":
            return _read_parquet(path)
        return _read_csv(path)
    except UnreadableFile:
        raise
    except MemoryError:
        raise UnreadableFile("the file is too large to read into memory") from None
    except Exception as exc:  # any parser failure is a file-level finding, never a crash
        raise UnreadableFile(f"the file could not be read ({type(exc).__name__}: {exc})") from None


def _decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile("the file is UTF-16 (Excel's 'Unicode text'); save it as "
                             "'CSV UTF-8 (comma delimited)' instead")
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise UnreadableFile("the file is not a text CSV file (it contains binary data)")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        # datasets.md: a file that is not valid UTF-8 is read as Windows-1252.
        text = data.decode("cp1252", errors="replace")
        return text, ["the file is not valid UTF-8; it was read as Windows-1252"]


def _read_csv(path: Path) -> RawTable:
    data = path.read_bytes()
    text, warnings = _decode(data)
    del data
    if not text.strip():
        raise UnreadableFile("the file is empty (no header row)")
    if "\x00" in text:
        raise UnreadableFile("the file is not a text CSV file (it contains binary data)")
    _refuse_unclosed_quote(text)
    header = next(csv.reader(io.StringIO(text[: 1 << 20])), [])
    width = len(header)
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        if table.num_columns != width:
            raise pa.ArrowInvalid("column count differs from the header")
        ragged: list[tuple[int, int]] = []
    except pa.ArrowInvalid:
        # a row with more or fewer fields than the header: the slow, forgiving path
        table, ragged = _read_csv_ragged(text, width)
    table = table.rename_columns([f"c{i}" for i in range(width)])
    table = table.add_column(0, "_row", pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64)))
    return RawTable([h.strip() for h in header], table, warnings, ragged)


def _refuse_unclosed_quote(text: str) -> None:
    """A quoted field never closed would swallow every later row into one cell.

    Properly quoted fields hold an even number of double quotes (`""` escapes one), so
    an odd count whose last quote opens a field (at the start of a line or after a
    comma) means that field runs to the end of the file: refuse the file, naming the line.
    """
    if text.count('"') % 2 == 0:
        return
    last = text.rfind('"')
    if last == 0 or text[last - 1] in ",\n\r":
        line = text.count("\n", 0, last) + 1
        raise UnreadableFile(
            f"a quoted field opened on line {line} is never closed, so every row after it "
            "would be read as part of that one cell; close the quote (or remove it) and "
            "send the file again")


def _read_csv_ragged(text: str, width: int) -> tuple[pa.Table, list[tuple[int, int]]]:
    """Slow path for files whose rows do not all have the header's number of fields.

    Short rows get empty trailing cells; long rows are kept (truncated) so they can be
    reported with their number. Only this path loops in Python, and only for such a file.
    """
    rows = [r for r in csv.reader(io.StringIO(text)) if r][1:]
    ragged = [(i, len(r)) for i, r in enumerate(rows, start=1) if len(r) > width]
    fixed = [(r + [""] * (width - len(r)))[:width] for r in rows]
    columns = list(zip(*fixed)) if fixed else [() for _ in range(width)]
    return pa.table({f"f{i}": pa.array(list(col), type=pa.string())
                     for i, col in enumerate(columns)}), ragged


def _read_parquet(path: Path) -> RawTable:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:
        raise UnreadableFile(f"the file is not a readable Parquet file ({exc})") from None
    header = [str(n).strip() for n in table.column_names]
    columns = []
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_boolean(col.type):
            col = pc.if_else(col, "true", "false")
        columns.append(col.cast(pa.string()))
    out = pa.table({f"c{i}": c for i, c in enumerate(columns)}) if columns else pa.table({})
    out = out.add_column(0, "_row", pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64)))
    return RawTable(header, out)
