"""Data returns (product.md "Data returns through the browser"): check a file before
anything changes, write it atomically, keep every earlier file as a version. No Dash here:
the Returns page (pages/returns.py) and the command line (`versions`, `restore`) call it.

- `check(folder, stem, upload, filename, user)` builds the folder as it would be with the
  file in place, in a temporary copy (hard links to the other files, never touching the
  data folder), validates it with the loader and returns a `Check`: the file's report,
  rows newly quarantined in other files, the `summary` difference (no filters, default
  period) and the area RAGs that change (not for a public_only uploader).
- `confirm(folder, check, user)` writes the checked file beside the old one, fsyncs it
  and renames it over, after copying the old one to `.versions/<stem>/<time>-<user>.<ext>`
  and before appending a line to `.versions/log.csv`; all under a lock per folder. A
  check made against another base file (its SHA-256 differs) is refused with `Stale`:
  two confirms to one stem cannot both win, and the second is told to check again.
- indicators always merge (same key replaces; the replaced row survives in the version;
  columns are the union); a user tied to an agency sends only that agency's indicators.
- `versions`, `restore` (itself a new version) and `purge` (the only deletion; logged).
"""
from __future__ import annotations

import contextlib
import csv
import datetime as dt
import fcntl
import hashlib
import io
import os
import re
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.data import contract as C

from dashboard.reload import VERSIONS_DIR  # noqa: E402  (the reloader ignores it)
LOG_NAME = "log.csv"
LOCK_NAME = ".lock"
# product.md: the log's columns (what happened is in `action`: upload, restore, purge)
LOG_COLUMNS = ("time_utc", "user", "stem", "uploaded_file", "version_file", "sha256",
               "rows_accepted", "rows_quarantined", "action")
UPLOAD_SUFFIXES = (".csv", ".parquet", ".xlsx")
FOLDER_SUFFIXES = (".csv", ".parquet")        # what the data folder holds (find_files)
STEMS = tuple(f.stem for f in C.FILES)
MERGED = {"indicators": ("indicator_id", "period_start")}   # stem: its key (always merged)
ALL = "*"
ADMIN = "admin"
_VERSION_RE = re.compile(r"^[0-9]{8}T[0-9]{6}Z-[A-Za-z0-9._-]+\.(csv|parquet)$")
_USER_CHARS = re.compile(r"[^A-Za-z0-9._-]")


class ReturnsError(ValueError):
    """A return that cannot be taken: one sentence for the user."""


class Stale(ReturnsError):
    """The file changed since the check: check again (nothing was written)."""


class NotAllowed(ReturnsError):
    """The user may not do this."""


# ---- who may do what ------------------------------------------------------------------
def user_name(user) -> str:
    """The name logged: a signed-in user's, or the text given (`cli:<os user>`)."""
    return user if isinstance(user, str) else user.name


def is_admin(user) -> bool:
    """An administrator (users file `role = "admin"`); the command line is one too (it
    runs with the data folder's own file permissions)."""
    return isinstance(user, str) or getattr(user, "role", None) == ADMIN


def upload_stems(user) -> tuple[str, ...]:
    """The stems `user` may send, in contract order (users file `uploads`)."""
    if user is None:
        return ()
    if isinstance(user, str):
        return STEMS
    uploads = getattr(user, "uploads", ()) or ()
    if uploads == ALL:
        return STEMS
    return tuple(s for s in STEMS if s in uploads)


def may_upload(user, stem: str) -> bool:
    return stem in upload_stems(user)


def agency_bound(user) -> str | None:
    """The agency whose indicators only this user may send (product.md: a user tied to
    an agency, unless their uploads are "*" or they are an administrator)."""
    if user is None or isinstance(user, str) or is_admin(user):
        return None
    if getattr(user, "uploads", ()) == ALL:
        return None
    return getattr(user, "agency", None) or None


def version_user(name: str) -> str:
    """The user as it appears in a version file name: letters, digits, '.', '_', '-'."""
    return _USER_CHARS.sub("", name) or "unknown"


# ---- files -------------------------------------------------------------------------------
def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _existing(folder: Path, stem: str) -> Path | None:
    from dashboard.data.dataset import find_files

    return find_files(folder).get(stem)


def _file_hash(path: Path | None) -> str | None:
    return None if path is None else sha256(path.read_bytes())


def versions_dir(folder: Path) -> Path:
    return Path(folder) / VERSIONS_DIR


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_beside(target: Path, data: bytes, mode: int | None) -> None:
    """Write `data` to a new file beside `target`, fsync it, rename it over `target`
    (atomic: a reader sees the old file or the new one, never half of one). The
    temporary name is hidden and has no data-file suffix, so the loader never reads it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode if mode is not None else 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent)


_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_GUARD = threading.Lock()


@contextlib.contextmanager
def folder_lock(folder: Path):
    """One writer per data folder at a time: a thread lock (this process) and an flock
    on .versions/.lock (other processes: gunicorn workers, the command line)."""
    folder = Path(folder)
    key = str(folder.resolve())
    with _THREAD_LOCKS_GUARD:
        lock = _THREAD_LOCKS.setdefault(key, threading.Lock())
    with lock:
        vdir = versions_dir(folder)
        vdir.mkdir(exist_ok=True)
        with open(vdir / LOCK_NAME, "a") as fh:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _utc_stamp(now: dt.datetime) -> str:
    return now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _version_path(folder: Path, stem: str, now: dt.datetime, user: str, ext: str) -> Path:
    """`.versions/<stem>/<YYYYMMDDTHHMMSSZ>-<user>.<ext>`, with -2, -3 … on a clash."""
    vdir = versions_dir(folder) / stem
    vdir.mkdir(parents=True, exist_ok=True)
    base = f"{_utc_stamp(now)}-{version_user(user)}"
    n = 1
    while True:
        name = f"{base}{'' if n == 1 else f'-{n}'}{ext}"
        path = vdir / name
        if not path.exists():
            return path
        n += 1


def _keep_version(source: Path, version: Path) -> None:
    """A copy (never a hard link: a partner who later overwrites the data file in place
    must not change the kept version), fsynced."""
    data = source.read_bytes()
    with open(version, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    _fsync_dir(version.parent)


def _append_log(folder: Path, entry: dict) -> None:
    """One line in .versions/log.csv, through csv_out (the log is read by people in a
    spreadsheet: a file name like '=cmd' is neutralised)."""
    from dashboard.csv_out import to_csv

    path = versions_dir(folder) / LOG_NAME
    text = to_csv([entry], LOG_COLUMNS)
    if path.exists() and path.stat().st_size:
        text = text.split("\n", 1)[1]
    with open(path, "a", encoding="utf-8", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def versions(folder: Path) -> list[dict]:
    """Every line of the log, oldest first (each a dict of LOG_COLUMNS), with `present`:
    is the version file still there (False after a purge, or when none was kept)."""
    folder = Path(folder)
    path = versions_dir(folder) / LOG_NAME
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        v = r.get("version_file") or ""
        r["present"] = bool(v) and (versions_dir(folder) / (r.get("stem") or "") / v).is_file()
    return rows


def version_files(folder: Path, stem: str | None = None) -> list[tuple[str, str]]:
    """(stem, version file name) of every kept version, newest first."""
    out = []
    vdir = versions_dir(folder)
    for s in ([stem] if stem else STEMS):
        d = vdir / s
        if d.is_dir():
            out += [(s, p.name) for p in d.iterdir() if _VERSION_RE.match(p.name)]
    return sorted(out, key=lambda t: t[1], reverse=True)


# ---- tables ------------------------------------------------------------------------------
@dataclass
class Table:
    """A file's header (names as written) and rows (text or None), with the row number
    each came from and the rows the reader could not trust (number → message)."""
    header: list[str]
    rows: list[list[str | None]]
    numbers: list[int]
    problems: dict[int, str] = field(default_factory=dict)


def _upload_bytes(upload) -> bytes:
    if isinstance(upload, (bytes, bytearray)):
        return bytes(upload)
    return Path(upload).read_bytes()


def _read_table(data: bytes, suffix: str, what: str) -> Table:
    """`data` (a CSV or Parquet file) read by the loader's own reader."""
    from dashboard.data.reader import UnreadableFile, read_file

    with tempfile.TemporaryDirectory(prefix="lscp-read-") as tmp:
        path = Path(tmp) / f"file{suffix}"
        path.write_bytes(data)
        try:
            raw = read_file(path)
        except UnreadableFile as exc:
            raise ReturnsError(f"{what} cannot be used: {exc}") from None
    frame = raw.frame.to_pydict()
    numbers = frame.pop("_row")
    cols = [frame[f"c{i}"] for i in range(len(raw.header))]
    rows = [list(r) for r in zip(*cols)] if cols else [[] for _ in numbers]
    problems = {}
    for p in raw.problems:
        problems.setdefault(p.row, p.message)
    return Table(list(raw.header), rows, list(numbers), problems)


def _csv_bytes(table: Table) -> bytes:
    """A data file for the folder (never neutralised: data files stay as sent)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(table.header)
    for r in table.rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue().encode("utf-8")


def _parquet_bytes(table: Table) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays = [pa.array([r[i] for r in table.rows], type=pa.string())
              for i in range(len(table.header))]
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, names=list(table.header)), buf)
    return buf.getvalue()


def _encode(table: Table, suffix: str) -> bytes:
    return _parquet_bytes(table) if suffix == ".parquet" else _csv_bytes(table)


def _norm(name: str) -> str:
    return (name or "").strip().lower()


def _key_value(column: str, value: str | None) -> str:
    from dashboard.analysis.values import parse_iso_date

    text = (value or "").strip()
    if column == "period_start" and text:
        try:
            return parse_iso_date(text).isoformat()
        except ValueError:
            return text
    return text.lower()


def merge(existing: Table | None, upload: Table, key: tuple[str, ...]
          ) -> tuple[Table, list[tuple[str, int]], list[int]]:
    """The existing rows with the upload merged in (product.md: same key replaces, columns
    the union, empty where absent): (the merged table, where each merged row came from
    ("kept", its row in the old file) or ("sent", its row in the upload), the old rows
    replaced). A row without its key is added (validation then quarantines it)."""
    base = existing or Table(list(upload.header), [], [])
    header = list(base.header)
    seen = {_norm(h) for h in header}
    for h in upload.header:
        if _norm(h) not in seen:
            header.append(h)
            seen.add(_norm(h))
    index = {_norm(h): i for i, h in reversed(list(enumerate(header)))}

    def place(t: Table, row: list) -> list:
        out = [None] * len(header)
        for h, v in zip(t.header, row):
            out[index[_norm(h)]] = v
        return out

    def key_of(t: Table, row: list) -> tuple | None:
        pos = {_norm(h): i for i, h in enumerate(t.header)}
        values = tuple(_key_value(k, row[pos[k]]) for k in key)
        return values if all(values) else None

    sent_keys = {k for r in upload.rows if (k := key_of(upload, r)) is not None}
    rows, origin, replaced = [], [], []
    for n, r in zip(base.numbers, base.rows):
        if existing is not None and key_of(base, r) in sent_keys:
            replaced.append(n)
            continue
        rows.append(place(base, r))
        origin.append(("kept", n))
    for n, r in zip(upload.numbers, upload.rows):
        rows.append(place(upload, r))
        origin.append(("sent", n))
    return Table(header, rows, list(range(1, len(rows) + 1))), origin, replaced


def _check_header(table: Table, stem: str, filename: str) -> None:
    """What makes a merge impossible: a column named twice, the key missing."""
    names = [_norm(h) for h in table.header]
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        raise ReturnsError(f"{filename} cannot be used: the column {twice[0]} is named twice")
    missing = [k for k in MERGED[stem] if k not in names]
    if missing:
        raise ReturnsError(f"{filename} cannot be used: it has no {missing[0]} column (the "
                           f"{stem} file needs {', '.join(MERGED[stem])} to merge rows)")


# ---- the check ---------------------------------------------------------------------------
@dataclass
class Check:
    """What a return would do, before anything is written."""
    folder: str
    stem: str
    filename: str                  # as uploaded
    target_name: str               # the file it becomes in the folder
    content: bytes = field(repr=False)
    base_name: str | None          # the file it replaces (None: the stem had none)
    base_hash: str | None          # that file's SHA-256 when checked
    sha256: str                    # of `content`
    user: str
    action: str = "upload"
    refused: str | None = None     # a file-level problem: the return cannot be confirmed
    rows_sent: int = 0
    rows_accepted: int = 0         # of the file as it would be written
    rows_quarantined: int = 0
    sent_quarantined: int = 0      # of the rows sent (refused_rows apart)
    report: list[dict] = field(default_factory=list)       # the file's findings
    elsewhere: list[dict] = field(default_factory=list)    # rows newly quarantined in others
    refused_rows: list[dict] = field(default_factory=list)  # not taken (agency rule, reader)
    replaced_rows: int = 0         # indicators: existing rows replaced by the same key
    summary_changes: list[dict] | None = field(default_factory=list)
    rag_changes: list[dict] | None = field(default_factory=list)
    suppressed: bool = False       # public_only uploader: the differences are not shown
    as_of: str | None = None

    @property
    def can_confirm(self) -> bool:
        return self.refused is None

    # kept on disk between the check and the confirm (the page's background job)
    def save(self, path: Path) -> None:
        import json

        meta = {k: v for k, v in self.__dict__.items() if k != "content"}
        path.with_suffix(".bin").write_bytes(self.content)
        path.write_text(json.dumps(meta, default=str), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "Check":
        import json

        meta = json.loads(path.read_text(encoding="utf-8"))
        return cls(content=path.with_suffix(".bin").read_bytes(), **meta)


def _target(folder: Path, stem: str, suffix: str) -> tuple[Path | None, str]:
    """(the stem's file now, the name the return is written as): the folder's existing
    format for the stem, else the uploaded one (CSV for an Excel file)."""
    existing = _existing(folder, stem)
    if existing is not None:
        return existing, existing.name
    return None, f"{stem}{suffix if suffix in FOLDER_SUFFIXES else '.csv'}"


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)          # free on the same file system; never written to
    except OSError:
        shutil.copyfile(src, dst)


def _staging(folder: Path, skip: Path | None) -> Path:
    """A temporary copy of the folder's top-level files (hard links where possible), all
    but `skip`; hidden folders (.versions) are not part of the data."""
    tmp = Path(tempfile.mkdtemp(prefix="lscp-return-"))
    for entry in folder.iterdir():
        if skip is not None and entry.name == skip.name:
            continue
        if entry.is_file():         # follows links to files (the loader checks where)
            _link_or_copy(entry.resolve(), tmp / entry.name)
    return tmp


def _agency_filter(table: Table, before, agency: str) -> list[dict]:
    """Rows of indicators not sourced by `agency` (catalogue source) are taken out of
    `table` and returned as refused rows."""
    from dashboard.filters import NO_FILTERS

    sources = {}
    if before is not None and before.available("indicator_catalogue"):
        sources = {str(r["indicator_id"]).lower(): r["source"]
                   for r in before.run("indicator_set", NO_FILTERS).to_dict("records")}
    pos = {_norm(h): i for i, h in enumerate(table.header)}["indicator_id"]
    keep_rows, keep_numbers, refused = [], [], []
    for n, r in zip(table.numbers, table.rows):
        ind = (r[pos] or "").strip().lower()
        src = sources.get(ind)
        if src == agency:
            keep_rows.append(r)
            keep_numbers.append(n)
        else:
            why = (f"{ind or 'an empty indicator_id'} is not in the catalogue" if src is None
                   else f"{ind} is sent by {src}, not {agency}")
            refused.append({"row": n, "indicator_id": ind, "message":
                            f"row {n}: {why}; you may send only {agency}'s indicators"})
    table.rows, table.numbers = keep_rows, keep_numbers
    return refused


def _reader_refused(table: Table) -> list[dict]:
    """Rows the reader could not trust (a row with too many fields, a NUL byte, a cell
    too long): not merged, listed with the reason."""
    if not table.problems:
        return []
    keep = [(n, r) for n, r in zip(table.numbers, table.rows) if n not in table.problems]
    out = [{"row": n, "indicator_id": None, "message": f"row {n}: {m}"}
           for n, m in sorted(table.problems.items())]
    table.numbers = [n for n, _ in keep]
    table.rows = [r for _, r in keep]
    table.problems = {}
    return out


def _findings(ds, file: str) -> list[dict]:
    r = ds.report
    mine = r[r["file"] == file]
    out = []
    for rec in mine.to_dict("records"):
        out.append({k: (None if _missing(v) else (int(v) if k == "row" else str(v)))
                    for k, v in rec.items()})
    return out


def _missing(v) -> bool:
    from dashboard.analysis.values import is_missing

    return is_missing(v)


def _row_errors(ds) -> set[tuple]:
    r = ds.report
    e = r[(r["severity"] == "error") & r["row"].notna()]
    return {(str(f), int(n), str(rule), str(c)) for f, n, rule, c in
            zip(e["file"], e["row"], e["rule"], e["column"])}


def _quarantined(ds, file: str) -> int:
    r = ds.report
    e = r[(r["severity"] == "error") & (r["file"] == file) & r["row"].notna()]
    return int(e["row"].nunique())


def _flatten(value, prefix: str = "") -> dict[str, object]:
    """summary's JSON as path → scalar; lists of records by their id."""
    ids = ("indicator_id", "area_id", "audit_id", "framework", "standard", "source")
    out: dict[str, object] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        if prefix == "missing_returns":
            out[f"{prefix} (count)"] = len(value)
            return out
        for i, v in enumerate(value):
            name = next((str(v[k]) for k in ids if v.get(k) is not None), str(i))
            out.update(_flatten(v, f"{prefix}[{name}]"))
    else:
        out[prefix] = value
    return out


def summary_changes(before: dict, after: dict) -> list[dict]:
    """Each figure of `summary` that differs: {figure, before, after}."""
    a, b = _flatten(before), _flatten(after)
    out = []
    for k in list(a) + [k for k in b if k not in a]:
        if a.get(k) != b.get(k):
            out.append({"figure": k, "before": a.get(k), "after": b.get(k)})
    return out


def rag_changes(before: dict, after: dict) -> list[dict]:
    old = {a["area_id"]: a["rag"] for a in before.get("areas") or []}
    new = {a["area_id"]: a["rag"] for a in after.get("areas") or []}
    return [{"area_id": k, "before": old.get(k), "after": new.get(k)}
            for k in list(old) + [k for k in new if k not in old] if old.get(k) != new.get(k)]


def _load(folder: Path, as_of):
    from dashboard.data import DatasetFolderError, load_dataset

    try:
        return load_dataset(folder, as_of=as_of)
    except DatasetFolderError as exc:
        raise ReturnsError(f"the folder cannot be checked: {exc}") from None


def check(folder, stem: str, upload, filename: str, user, *, as_of: dt.date | None = None,
          before=None, progress=None, action: str = "upload", replace: bool = False
          ) -> Check:
    """What sending `upload` (bytes or a path) as the `stem` file would do. Raises
    ReturnsError (one sentence) when it cannot even be read; a file-level problem found
    by validation comes back as `Check.refused`. `before`: the folder's loaded set, when
    the caller has it (the serving set), else it is loaded. `replace` (an administrator's
    restore) writes the file whole, never merged. Nothing in `folder` is written."""
    say = progress or (lambda step, message: None)
    folder = Path(folder)
    filename = Path(str(filename or "")).name or "the file"
    if stem not in STEMS:
        raise ReturnsError(f"{stem!r} is not a dataset file; one of {', '.join(STEMS)}")
    if user is None or not (may_upload(user, stem) or (replace and is_admin(user))):
        raise NotAllowed(f"you may not send the {stem} file")
    suffix = Path(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise ReturnsError(f"{filename} is not a CSV, Parquet or Excel (.xlsx) file; save "
                           "it as CSV UTF-8 or .xlsx and send it again")
    data = _upload_bytes(upload)
    say(1, "reading the file")
    if suffix == ".xlsx":
        from dashboard.data.reader import UnreadableFile, xlsx_to_csv

        try:
            data, suffix = xlsx_to_csv(data), ".csv"
        except UnreadableFile as exc:
            raise ReturnsError(f"{filename} cannot be used: {exc}") from None
    base, target_name = _target(folder, stem, suffix)
    base_bytes = base.read_bytes() if base is not None else None
    own_before = before is None
    if own_before:
        say(2, "reading the data as it is")
        before = _load(folder, as_of)
    try:
        return _check(folder, stem, user, filename, data, suffix, base, base_bytes,
                      target_name, before, say, action, replace)
    finally:
        if own_before:
            before.con.close()


def _check(folder, stem, user, filename, data, suffix, base, base_bytes, target_name,
           before, say, action, replace) -> Check:
    from dashboard.filters import NO_FILTERS
    from dashboard.metrics import summary

    as_of = before.as_of
    target_suffix = Path(target_name).suffix.lower()

    refused_rows: list[dict] = []
    origin = None
    replaced = []
    sent = _read_table(data, suffix, filename)
    rows_sent = len(sent.rows)
    if stem in MERGED and not replace:
        _check_header(sent, stem, filename)
        refused_rows += _reader_refused(sent)
        agency = agency_bound(user)
        if agency:
            refused_rows += _agency_filter(sent, before, agency)
        old = _read_table(base_bytes, target_suffix, base.name) if base is not None else None
        merged, origin, replaced = merge(old, sent, MERGED[stem])
        content = _encode(merged, target_suffix)
    elif suffix == target_suffix:
        content = data                      # written as sent
    else:
        content = _encode(sent, target_suffix)

    say(3, "checking it with the rest of the folder")
    tmp = _staging(folder, base)
    try:
        (tmp / target_name).write_bytes(content)
        after = _load(tmp, as_of)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    try:
        result = Check(folder=str(folder), stem=stem, filename=filename,
                       target_name=target_name, content=content,
                       base_name=base.name if base is not None else None,
                       base_hash=sha256(base_bytes) if base_bytes is not None else None,
                       sha256=sha256(content), user=user_name(user), action=action,
                       rows_sent=rows_sent, refused_rows=refused_rows,
                       replaced_rows=len(replaced), as_of=as_of.isoformat())
        report = _findings(after, target_name)
        file_errors = [f for f in report if f["severity"] == "error" and f["row"] is None]
        if file_errors:
            result.refused = "; ".join(f["message"] for f in file_errors)
        elif stem in MERGED and not replace and not sent.rows:
            result.refused = (f"{filename} has no rows you may send"
                              if refused_rows else f"{filename} has no rows")
        result.rows_accepted = int(after.file_stats.get(stem, {}).get("rows_accepted") or 0)
        result.rows_quarantined = _quarantined(after, target_name)
        if origin is not None:
            # row numbers of the merged file → the upload's own (kept rows apart)
            old_errors = _row_errors(before)
            shown = []
            for f in report:
                if f["row"] is None:
                    shown.append(f)
                    continue
                where, n = origin[f["row"] - 1]
                if where == "sent":
                    shown.append({**f, "row": n})
                elif (base.name, n, f["rule"], str(f["column"])) not in old_errors:
                    result.elsewhere.append({**f, "row": n})
            report = shown
        result.report = report
        sent_rows = {f["row"] for f in report if f["severity"] == "error" and f["row"]}
        result.sent_quarantined = len(sent_rows)
        say(4, "comparing the figures")
        new_errors = _row_errors(after) - _row_errors(before)
        for f in after.report.to_dict("records"):
            if (f["file"] != target_name and f["severity"] == "error" and not _missing(f["row"])
                    and (str(f["file"]), int(f["row"]), str(f["rule"]), str(f["column"]))
                    in new_errors):
                result.elsewhere.append({k: (None if _missing(v) else
                                             (int(v) if k == "row" else str(v)))
                                         for k, v in f.items()})
        if getattr(user, "public_only", False):
            result.suppressed = True
            result.summary_changes = None
            result.rag_changes = None
        else:
            s_before, s_after = summary(before, NO_FILTERS), summary(after, NO_FILTERS)
            result.summary_changes = summary_changes(s_before, s_after)
            result.rag_changes = rag_changes(s_before, s_after)
            names = {}
            for ds in (before, after):
                if ds.available("priority_areas"):
                    names.update({r["area_id"]: r["name"] for r in
                                  ds.run("priority_areas", NO_FILTERS).to_dict("records")})
            for r in result.rag_changes:
                r["name"] = names.get(r["area_id"], r["area_id"])
    finally:
        after.con.close()
    return result


# ---- confirm, restore, purge -------------------------------------------------------------
def confirm(folder, checked: Check, user, *, now: dt.datetime | None = None) -> dict:
    """Write a checked return (see the module's docstring); the log entry written.
    Raises Stale when the stem's file changed since the check, NotAllowed, or
    ReturnsError when the check refused the file. The caller reloads the dashboard."""
    folder = Path(folder)
    if checked.refused:
        raise ReturnsError(f"{checked.filename} was refused: {checked.refused}")
    if user_name(user) != checked.user:
        raise NotAllowed("this check was made by someone else; check your own file")
    if checked.action == "restore":
        if not is_admin(user):
            raise NotAllowed("only an administrator may restore a version")
    elif not may_upload(user, checked.stem):
        raise NotAllowed(f"you may not send the {checked.stem} file")
    with folder_lock(folder):
        current = _existing(folder, checked.stem)
        if (_file_hash(current) != checked.base_hash
                or (current.name if current is not None else None) != checked.base_name):
            raise Stale(f"the {checked.stem} file changed after your check (another return "
                        "was confirmed); nothing was written: check your file again")
        now = now or dt.datetime.now(dt.timezone.utc)
        version = None
        mode = None
        if current is not None:
            mode = current.stat().st_mode & 0o777
            version = _version_path(folder, checked.stem, now, user_name(user),
                                    current.suffix.lower())
            _keep_version(current, version)
        _write_beside(folder / checked.target_name, checked.content, mode)
        entry = {"time_utc": now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "user": user_name(user), "stem": checked.stem,
                 "uploaded_file": checked.filename,
                 "version_file": version.name if version is not None else "",
                 "sha256": checked.sha256, "rows_accepted": checked.rows_accepted,
                 "rows_quarantined": checked.rows_quarantined, "action": checked.action}
        _append_log(folder, entry)
    return entry


def _version_file(folder: Path, stem: str, version: str) -> Path:
    if stem not in STEMS:
        raise ReturnsError(f"{stem!r} is not a dataset file; one of {', '.join(STEMS)}")
    if not _VERSION_RE.match(version or ""):
        raise ReturnsError(f"{version!r} is not a version file name (such as "
                           f"20260131T091500Z-asha.csv; see python -m dashboard versions)")
    path = versions_dir(folder) / stem / version
    if not path.is_file():
        raise ReturnsError(f"there is no version {version} of {stem} in "
                           f"{versions_dir(folder) / stem}")
    return path


def restore(folder, stem: str, version: str, user, *, as_of: dt.date | None = None,
            before=None, now: dt.datetime | None = None) -> dict:
    """Bring back a kept version of `stem` whole (an administrator; not merged), checked
    like any return and written as a new version of its own (the file it replaces is
    kept). Returns the log entry."""
    folder = Path(folder)
    if not is_admin(user):
        raise NotAllowed("only an administrator may restore a version")
    path = _version_file(folder, stem, version)
    checked = check(folder, stem, path.read_bytes(), version, user, as_of=as_of,
                    before=before, action="restore", replace=True)
    return confirm(folder, checked, user, now=now)


def purge(folder, stem: str, version: str, user, *, now: dt.datetime | None = None) -> dict:
    """Delete one kept version that should never have been sent (say, with names in it):
    an administrator only, the only deletion there is, and itself a line in the log."""
    folder = Path(folder)
    if not is_admin(user):
        raise NotAllowed("only an administrator may purge a version")
    with folder_lock(folder):
        path = _version_file(folder, stem, version)
        digest = _file_hash(path)
        path.unlink()
        _fsync_dir(path.parent)
        now = now or dt.datetime.now(dt.timezone.utc)
        entry = {"time_utc": now.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "user": user_name(user), "stem": stem, "uploaded_file": "",
                 "version_file": version, "sha256": digest, "rows_accepted": "",
                 "rows_quarantined": "", "action": "purge"}
        _append_log(folder, entry)
    return entry
