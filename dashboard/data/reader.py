"""Read one dataset file (CSV or Parquet) into an all-text table, whatever is in it.

Every cell comes back as text (or missing) with a `_row` number (1 = first data row),
so that validation sees exactly what the partner sent. A file that cannot be read
raises `UnreadableFile` with a sentence a data officer understands; no input makes
this module raise anything else. One bad row never costs the file (issue 10): a row
with too many fields, a NUL byte or a cell over MAX_CELL_CHARS comes back as a
`RowProblem` that validation turns into a row error (the row is quarantined).
"""
from __future__ import annotations

import csv
import io
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

BINARY_SNIFF_BYTES = 1 << 16
# A file is binary (a spreadsheet, an image, an archive), not one with a few bad cells,
# when it starts with a known signature, has a NUL byte in its first line (a header never
# does), or control characters make up more than BINARY_CONTROL_SHARE of its start (at
# least BINARY_CONTROL_MIN of them). A stray NUL in a cell is one bad row (issue 10).
BINARY_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF", b"\x89PNG", b"\x1f\x8b",
                     b"GIF8", b"\xff\xd8\xff", b"PAR1", b"BZh", b"7z\xbc\xaf")
BINARY_CONTROL_SHARE = 0.05
BINARY_CONTROL_MIN = 8
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\x0c")
# A cell longer than this (characters; 128 kB, Python csv's own limit) is a row error:
# no field of the contract needs it, and such a cell is usually a broken quote or junk.
MAX_CELL_CHARS = 1 << 17
NUL_SHOWN_AS = "\u2400"   # ␀, so the report can show where the NUL byte was


class UnreadableFile(Exception):
    """The file as a whole cannot be used (a file-level error)."""


@dataclass(frozen=True)
class RowProblem:
    """A row the reader could read but that cannot be trusted: quarantined whole."""
    row: int
    rule: str                   # row_shape, nul_byte, cell_too_long
    message: str
    column: str | None = None   # the header's name of the column, when one cell is at fault


@dataclass
class RawTable:
    header: list[str]           # column names as written (trimmed)
    frame: pa.Table             # columns c0..cN (text) plus _row
    warnings: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def read_file(path: Path) -> RawTable:
    try:
        if path.suffix.lower() == ".parquet":
            return _read_parquet(_read_bytes(path))
        # passed without a name kept here, so _read_csv can let the bytes go once parsed
        return _read_csv(_read_bytes(path))
    except UnreadableFile:
        raise
    except MemoryError:
        raise UnreadableFile("the file is too large to read into memory") from None
    except Exception as exc:  # any parser failure is a file-level finding, never a crash
        raise UnreadableFile(f"the file could not be read ({type(exc).__name__}: {exc})") from None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes. Opened without blocking and checked to be a regular file once
    open, so that a pipe put in its place (after entry_problem looked) cannot hang."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableFile("it is not a regular file (a folder, pipe, socket or "
                                 "device), so it cannot be read")
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read()
    finally:
        os.close(fd)


def looks_binary(data: bytes) -> bool:
    """Binary, not text with a few bad cells (see BINARY_SIGNATURES)."""
    head = data[:BINARY_SNIFF_BYTES]
    if head.startswith(BINARY_SIGNATURES):
        return True
    first_line = head.split(b"\n", 1)[0].split(b"\r", 1)[0]
    if b"\x00" in first_line:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls >= BINARY_CONTROL_MIN and controls > BINARY_CONTROL_SHARE * len(head)


def _utf16_without_bom(data: bytes) -> bool:
    """Text saved as UTF-16 without its byte-order mark: every other byte a NUL."""
    head = data[:4096]
    return len(head) >= 4 and (head[1::2].count(0) > 0.9 * len(head[1::2])
                               or head[0::2].count(0) > 0.9 * len(head[0::2]))


def _decode(data: bytes) -> tuple[bytes, int, bool, list[str]]:
    """(the file as UTF-8, where its text starts, whether it is empty, warnings). A valid
    UTF-8 file is used as it is (its text starts after a BOM): never held as text and
    bytes at once, which for a file of 600 MB is most of the memory a load needs."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(data):
        raise UnreadableFile("the file is UTF-16 (Excel's 'Unicode text'); save it as "
                             "'CSV UTF-8 (comma delimited)' instead")
    if looks_binary(data):
        raise UnreadableFile("the file is not a text CSV file (it contains binary data: a "
                             "spreadsheet, image or archive?); save it as 'CSV UTF-8'")
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = str(memoryview(data)[start:], "utf-8")   # only to check it is UTF-8
    except UnicodeDecodeError:
        # datasets.md: a file that is not valid UTF-8 is read as Windows-1252.
        text = data[start:].decode("cp1252", errors="replace")
        return (text.encode("utf-8"), 0, not text or text.isspace(),
                ["the file is not valid UTF-8; it was read as Windows-1252"])
    return data, start, not text or text.isspace(), []


def _read_csv(data: bytes) -> RawTable:
    encoded, start, empty, warnings = _decode(data)
    del data
    if empty:
        raise UnreadableFile("the file is empty (no header row)")
    _refuse_unclosed_quote(encoded, start)
    # newline="": csv reads \r\n, \n and a lone \r (old Mac files) as line ends itself
    head = encoded[start: start + (1 << 20)].decode("utf-8", errors="ignore")
    header = next(csv.reader(io.StringIO(head, newline="")), [])
    width = len(header)
    body = pa.py_buffer(encoded).slice(start)    # no copy
    problems: list[RowProblem] = []
    try:
        table = _read_csv_arrow(body, width)
    except pa.ArrowInvalid as exc:
        table = None
        if "straddle" in str(exc):
            # one cell larger than Arrow's block: read again in one block (the long
            # cell is then reported below, not the whole file)
            try:
                table = _read_csv_arrow(body, width, block_size=body.size + 1)
            except pa.ArrowInvalid:
                table = None
        if table is None:
            # a row with more or fewer fields than the header: the slow, forgiving path
            table, ragged = _read_csv_ragged(body.to_pybytes().decode("utf-8"), width)
            problems += [RowProblem(row, "row_shape",
                                    f"row {row} has {fields} fields but the header has "
                                    f"{width} (an unquoted comma?)") for row, fields in ragged]
    del body, encoded   # the file's bytes are freed here (the caller keeps no reference)
    table = table.rename_columns([f"c{i}" for i in range(width)])
    table = table.add_column(0, "_row", pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64)))
    names = [h.strip() for h in header]
    table, cell_problems = _bad_cells(table, names)
    return RawTable(names, table, warnings, problems + cell_problems)


def _read_csv_arrow(data: pa.Buffer, width: int, block_size: int | None = None) -> pa.Table:
    read_options = pacsv.ReadOptions(autogenerate_column_names=True, skip_rows=1)
    if block_size is not None:
        read_options.block_size = min(block_size, (1 << 31) - 1)
    table = pacsv.read_csv(
        pa.BufferReader(data),
        read_options=read_options,
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types={f"f{i}": pa.string() for i in range(width)},
            strings_can_be_null=False, quoted_strings_can_be_null=False),
    )
    if table.num_columns != width:
        raise pa.ArrowInvalid("column count differs from the header")
    return table


def _bad_cells(table: pa.Table, names: list[str]) -> tuple[pa.Table, list[RowProblem]]:
    """Rows with a NUL byte or an over-long cell, as RowProblems (one per row and rule,
    naming the first column at fault). A NUL is shown as ␀ and an over-long cell cut to
    its start, so that nothing downstream holds either."""
    import pyarrow.compute as pc

    found: dict[tuple[int, str], RowProblem] = {}
    rows = table.column("_row")
    columns = {}
    for i, name in enumerate(names):
        key = f"c{i}"
        col = table.column(key)
        has_nul = pc.fill_null(pc.match_substring(col, "\x00"), False)
        if pc.any(has_nul).as_py():
            for row in pc.filter(rows, has_nul).to_pylist():
                found.setdefault((row, "nul_byte"), RowProblem(
                    row, "nul_byte", f"row {row}: the cell in column '{name}' holds a NUL "
                    "byte (shown as ␀), which no text may contain; the row is left out",
                    column=name))
            col = pc.replace_substring(col, "\x00", NUL_SHOWN_AS)
        lengths = pc.fill_null(pc.utf8_length(col), 0)
        too_long = pc.greater(lengths, MAX_CELL_CHARS)
        if pc.any(too_long).as_py():
            for row, n in zip(pc.filter(rows, too_long).to_pylist(),
                              pc.filter(lengths, too_long).to_pylist()):
                found.setdefault((row, "cell_too_long"), RowProblem(
                    row, "cell_too_long", f"row {row}: the cell in column '{name}' holds "
                    f"{n:,} characters, more than the {MAX_CELL_CHARS:,} (128 kB) a cell "
                    "may hold (a broken quote?); the row is left out", column=name))
            col = pc.if_else(too_long, pc.utf8_slice_codeunits(col, 0, 300), col)
        columns[key] = col
    if not found:
        return table, []
    for key, col in columns.items():
        table = table.set_column(table.schema.get_field_index(key), key, col)
    return table, sorted(found.values(), key=lambda p: (p.row, p.rule))


def _refuse_unclosed_quote(data: bytes, start: int = 0) -> None:
    """A quoted field never closed would swallow every later row into one cell.

    Properly quoted fields hold an even number of double quotes (`""` escapes one), so
    an odd count whose last quote opens a field (at the start of a line or after a
    comma) means that field runs to the end of the file: refuse the file, naming the line.
    Read in the UTF-8 bytes from `start`: quotes, commas and line ends are single bytes
    there, never part of another character.
    """
    if data.count(b'"', start) % 2 == 0:
        return
    last = data.rfind(b'"', start)
    if last == start or data[last - 1: last] in (b",", b"\n", b"\r"):
        line = data.count(b"\n", start, last) + 1
        raise UnreadableFile(
            f"a quoted field opened on line {line} is never closed, so every row after it "
            "would be read as part of that one cell; close the quote (or remove it) and "
            "send the file again")


def _read_csv_ragged(text: str, width: int) -> tuple[pa.Table, list[tuple[int, int]]]:
    """Slow path for files whose rows do not all have the header's number of fields.

    Short rows get empty trailing cells; long rows are kept (truncated) so they can be
    reported with their number. Only this path loops in Python, and only for such a file.
    """
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r][1:]
    ragged = [(i, len(r)) for i, r in enumerate(rows, start=1) if len(r) > width]
    fixed = [(r + [""] * (width - len(r)))[:width] for r in rows]
    columns = list(zip(*fixed)) if fixed else [() for _ in range(width)]
    return pa.table({f"f{i}": pa.array(list(col), type=pa.string())
                     for i, col in enumerate(columns)}), ragged


def _read_parquet(data: bytes) -> RawTable:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(pa.BufferReader(data))
    except Exception as exc:
        raise UnreadableFile(f"the file is not a readable Parquet file ({exc})") from None
    header = [str(n).strip() for n in table.column_names]
    columns = []
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_nested(col.type):
            # Arrow's own error names the types but not the column (issue 10)
            raise UnreadableFile(
                f"the Parquet column '{name}' holds nested values ({col.type}); every "
                "column must hold plain values (text, numbers, dates or true/false)")
        if pa.types.is_boolean(col.type):
            col = pc.if_else(col, "true", "false")
        try:
            columns.append(col.cast(pa.string()))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
            raise UnreadableFile(f"the Parquet column '{name}' of type {col.type} cannot be "
                                 f"read as text ({exc})") from None
    out = pa.table({f"c{i}": c for i, c in enumerate(columns)}) if columns else pa.table({})
    out = out.add_column(0, "_row", pa.array(np.arange(1, table.num_rows + 1, dtype=np.int64)))
    out, problems = _bad_cells(out, header)
    return RawTable(header, out, problems=problems)


# ---- Excel returns (product.md "Data returns through the browser") ----------------------
def _xlsx_cell(value) -> str:
    """One spreadsheet cell as the text a CSV export would hold: dates ISO (a date-time
    at midnight as a date), whole numbers without '.0', true/false."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _shown(cell):
    """A cell's value as the sheet shows it where that differs in kind: a number formatted
    as a percentage (85%, stored as 0.85) is the percentage, 85, as the contract's
    percent values are."""
    value = getattr(cell, "value", None)
    fmt = getattr(cell, "number_format", "") or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in fmt:
        return round(value * 100, 10)
    return value


def xlsx_to_csv(data: bytes) -> bytes:
    """The first sheet of an Excel workbook (.xlsx, read with openpyxl, cached values of
    formulas; percentages as shown) as CSV UTF-8 bytes, so that it is read and checked
    exactly as a CSV is.
    Rows with no value at all are left out (as blank CSV lines are); the header ends at
    its last named column. Raises UnreadableFile with a sentence when it is not one."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML or openpyxl errors: one sentence
        raise UnreadableFile("the file is not a readable Excel workbook (.xlsx); save it "
                             f"again from Excel, or as 'CSV UTF-8' ({type(exc).__name__})"
                             ) from None
    try:
        if not book.worksheets:
            raise UnreadableFile("the workbook has no sheet")
        rows = (tuple(_shown(c) for c in row) for row in book.worksheets[0].iter_rows())
        header = next(rows, None)
        cells = [_xlsx_cell(v).strip() for v in (header or ())]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            raise UnreadableFile("the first sheet of the workbook is empty (no header row)")
        width = len(cells)
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(cells)
        for row in rows:
            values = [_xlsx_cell(v) for v in row]
            if not any(v.strip() for v in values):
                continue
            extra = values[width:]
            if any(v.strip() for v in extra):
                # a value beyond the header: the CSV row has more fields (row_shape)
                while not values[-1].strip():
                    values.pop()
            else:
                values = values[:width]
            writer.writerow(values)
        return buf.getvalue().encode("utf-8")
    finally:
        book.close()
