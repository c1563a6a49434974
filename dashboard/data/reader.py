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
import pandas as pd

BINARY_SNIFF_BYTES = 1 << 16


class UnreadableFile(Exception):
    """The file as a whole cannot be used (a file-level error)."""


@dataclass
class RawTable:
    header: list[str]           # column names as written (trimmed)
    frame: pd.DataFrame         # columns c0..cN (text) plus _row
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
    try:
        frame = pd.read_csv(
            io.StringIO(text), header=None, dtype=str, keep_default_na=False,
            na_values=[], skip_blank_lines=True, engine="c",
        )
        ragged: list[tuple[int, int]] = []
    except pd.errors.ParserError:
        frame, ragged = _read_csv_ragged(text)
    except pd.errors.EmptyDataError:
        raise UnreadableFile("the file is empty (no header row)") from None
    header = [str(h).strip() for h in frame.iloc[0].tolist()]
    frame = frame.iloc[1:].reset_index(drop=True)
    frame.columns = [f"c{i}" for i in range(frame.shape[1])]
    frame = frame.astype("string")
    frame.insert(0, "_row", np.arange(1, len(frame) + 1, dtype=np.int64))
    return RawTable(header, frame, warnings, ragged)


def _read_csv_ragged(text: str) -> tuple[pd.DataFrame, list[tuple[int, int]]]:
    """Slow path for files whose rows have more fields than the header.

    Such rows are kept (as extra text) so they can be reported with their number;
    only this path loops in Python, and only for a malformed file.
    """
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    width = len(rows[0])
    ragged = [(i, len(r)) for i, r in enumerate(rows[1:], start=1) if len(r) > width]
    fixed = [(r + [""] * (width - len(r)))[:width] for r in rows]
    return pd.DataFrame(fixed, dtype="string"), ragged


def _read_parquet(path: Path) -> RawTable:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:
        raise UnreadableFile(f"the file is not a readable Parquet file ({exc})") from None
    header = [str(n).strip() for n in table.column_names]
    columns = {}
    for i, name in enumerate(table.column_names):
        col = table.column(name)
        if col.type == "bool":
            col = pc.if_else(col, "true", "false")
        columns[f"c{i}"] = pd.Series(col.cast("string").to_pandas(), dtype="string")
    frame = pd.DataFrame(columns, index=range(table.num_rows))
    frame.insert(0, "_row", np.arange(1, table.num_rows + 1, dtype=np.int64))
    return RawTable(header, frame)
