"""Each validated version of a dataset folder as its own DuckDB file (issue 11).

A folder is read and validated once: the clean typed tables, the quarantined rows, the
findings (the validation report), what was learnt about each file and the working-day
calendar go into `<cache>/db/<fingerprint>.duckdb`. The fingerprint is a hash of
everything that shapes the file: the content of every data file in the folder and of
partnership.toml, the package version, the code that reads and validates, and the
DuckDB and holidays versions. A start on unchanged files finds the file and opens it
read-only (no reading, no validating); any change gives another name, so a cache that
does not match is never used. A file that cannot be opened, or whose own record of its
fingerprint differs (corrupt, foreign, half-written by a crash), is removed and built
again.

A build writes to a temporary name and renames it into place when complete, under a
lock, so that gunicorn workers starting together build it once and never open a
half-written file; the others wait and open it. Older files are removed, keeping the
newest few (a process still reading a removed file keeps reading it: POSIX unlinks a
file only when the last process closes it).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import duckdb

from .entries import entry_problem

log = logging.getLogger(__name__)

# Bump when what a database file holds changes shape in a way the code hash misses.
FORMAT = 1
SUBDIR = "db"
SUFFIX = ".duckdb"
KEEP = 3                 # database files kept in the cache folder (the newest)
META_TABLE = "_store_meta"
# DuckDB's own memory (its buffer pool) per connection: a build spills to its file
# and a serving worker evicts pages rather than growing (issue 11: ≤ 2 GB a process,
# Python and pandas included)
MEMORY_LIMIT = "1GB"
# a build's, the same (validate.COPY_MEMORY_LIMIT while Arrow holds a file being read)
BUILD_MEMORY_LIMIT = MEMORY_LIMIT


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lscp-dashboard")
    except PackageNotFoundError:
        return "unknown"


@lru_cache(maxsize=1)
def code_identity() -> str:
    """A hash of the code that reads, validates and lays out the tables: a change there
    must not serve a file built by the old code, whatever the package version says."""
    from .dataset import BUILD_DIR

    root = Path(__file__).resolve().parents[1]
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted([*root.glob("data/*.py"), root / "analysis" / "workdays.py",
                        *BUILD_DIR.glob("*.sql")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Digests of files already hashed, by path, with the file's size, inode, modification
# and change times when hashed: a file whose four are unchanged is not read again (a
# restart, a reload that changed one file). The change time (ctime) moves on every
# write and cannot be set back (a copy that keeps the modification time still changes
# it), so a changed file is always hashed again. Kept in this process and in the cache
# folder (digests.json); the fingerprint is always made of content hashes.
_digests: dict[str, tuple] = {}
DIGESTS_FILE = "digests.json"


def _stat_key(st: os.stat_result) -> list:
    return [st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns]


def file_digest(path: Path) -> str:
    """The BLAKE2b digest of a file's content (600 MB in about a second), read again
    only when the file may have changed since it was last hashed."""
    key = str(Path(path).resolve())
    st = os.stat(key)
    known = _digests.get(key)
    if known is not None and list(known[0]) == _stat_key(st):
        return known[1]
    with open(key, "rb") as f:
        digest = hashlib.file_digest(f, "blake2b").hexdigest()
    if _stat_key(os.stat(key)) == _stat_key(st):   # not changed while it was read
        _digests[key] = (_stat_key(st), digest)
    return digest


def _load_digests(out: Path) -> None:
    try:
        saved = json.loads((out / DIGESTS_FILE).read_text(encoding="utf-8"))
        for key, (stat_key, digest) in saved.items():
            _digests.setdefault(key, (stat_key, digest))
    except (OSError, ValueError, TypeError):
        pass   # none yet, or unreadable: every file is hashed


def _save_digests(out: Path, paths: list[Path]) -> None:
    keep = {str(Path(p).resolve()) for p in paths}
    data = {k: v for k, v in _digests.items() if k in keep}
    try:
        old = json.loads((out / DIGESTS_FILE).read_text(encoding="utf-8"))
        data = {**{k: v for k, v in old.items() if k not in data}, **data}
    except (OSError, ValueError):
        pass
    data = dict(list(data.items())[-512:])
    tmp = out / f".{DIGESTS_FILE}.{os.getpid()}"
    try:
        tmp.write_text(json.dumps(data), encoding="utf-8")
        os.replace(tmp, out / DIGESTS_FILE)
    except OSError:
        pass


def fingerprint(folder: Path, files: dict[str, Path]) -> str:
    """The name of the database file for the folder as it is now."""
    import holidays

    digest = hashlib.blake2b(digest_size=20)
    parts = [f"format {FORMAT}", f"package {package_version()}", f"code {code_identity()}",
             f"duckdb {duckdb.__version__}", f"holidays {holidays.__version__}",
             f"partnership.toml {file_digest(folder / 'partnership.toml')}"]
    for stem, path in sorted(files.items()):
        # an entry that is not a regular file is never opened (a pipe would block): its
        # problem is what validation reports, so it is what shapes the database
        problem = entry_problem(path, folder)
        parts.append(f"{path.name} " + (f"problem {problem}" if problem else file_digest(path)))
    for part in parts:
        digest.update(part.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def database_dir(cache_dir: Path, folder: Path) -> Path:
    """`<cache>/db`, created private to this user; never inside the data folder."""
    from .dataset import DatasetFolderError

    root = Path(cache_dir).expanduser().resolve()
    data = Path(folder).resolve()
    if root == data or data in root.parents:
        raise DatasetFolderError(f"the cache folder {root} is inside the data folder {data}; "
                                 "choose a folder elsewhere (--cache-dir or DASHBOARD_CACHE)")
    out = root / SUBDIR
    try:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise DatasetFolderError(f"the cache folder {out} cannot be created "
                                 f"({exc.strerror or exc}); choose a folder the dashboard may "
                                 "write (--cache-dir or DASHBOARD_CACHE)") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise DatasetFolderError(f"the cache folder {out} cannot be written; choose a folder "
                                 "the dashboard may write (--cache-dir or DASHBOARD_CACHE)")
    return out


def _loaded_to_json(loaded) -> str:
    return json.dumps({
        "available": loaded.available, "reasons": loaded.reasons,
        "sources": {stem: p.name for stem, p in loaded.sources.items()},
        "file_stats": loaded.file_stats, "built_at": loaded.built_at.isoformat(),
    })


def _loaded_from_json(text: str, folder: Path):
    from .dataset import Loaded

    data = json.loads(text)
    return Loaded(data["available"], data["reasons"],
                  {stem: folder / name for stem, name in data["sources"].items()},
                  data["file_stats"], dt.datetime.fromisoformat(data["built_at"]))


def _open(path: Path, fp: str, folder: Path):
    """(read-only connection, Loaded) of a complete database file of fingerprint `fp`;
    raises on anything else."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
        if rows.get("fingerprint") != fp or rows.get("format") != str(FORMAT):
            raise ValueError("its fingerprint does not match its name")
        con.execute("SET enable_progress_bar = false")
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        return con, _loaded_from_json(rows["loaded"], folder)
    except BaseException:
        con.close()
        raise


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def open_or_build(folder: Path, partnership, files: dict[str, Path], cache_dir: Path,
                  progress: Callable[[str], None] | None = None):
    """(read-only connection, Loaded, path) of the database for the folder as it is,
    built first when there is none that matches."""
    from .dataset import build

    say = progress or (lambda line: None)
    out = database_dir(cache_dir, folder)
    started = time.monotonic()
    _load_digests(out)
    fp = fingerprint(folder, files)
    _save_digests(out, [folder / "partnership.toml", *files.values()])
    path = out / f"{fp}{SUFFIX}"
    opened = _try_open(path, fp, folder)
    if opened is None:
        with open(out / f"{fp}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)     # one build per fingerprint at a time
            opened = _try_open(path, fp, folder)  # built by another process meanwhile?
            if opened is None:
                say(f"building the database for {folder} (once per version of its files) "
                    f"in {out}")
                from . import validate   # pandas and pyarrow: only a build needs them

                tmp = out / f".{fp}.{os.getpid()}.building{SUFFIX}"
                _remove(tmp)
                con = duckdb.connect(str(tmp))
                try:
                    con.execute("SET enable_progress_bar = false")
                    con.execute(f"SET memory_limit = '{BUILD_MEMORY_LIMIT}'")
                    loaded = build(con, folder, partnership, files, None, say,
                                   memory_limits=(validate.COPY_MEMORY_LIMIT,
                                                  BUILD_MEMORY_LIMIT))
                    con.execute(f"CREATE TABLE {META_TABLE} (key VARCHAR, value VARCHAR)")
                    con.executemany(f"INSERT INTO {META_TABLE} VALUES (?, ?)", [
                        ["fingerprint", fp], ["format", str(FORMAT)],
                        ["loaded", _loaded_to_json(loaded)]])
                    con.execute("CHECKPOINT")
                finally:
                    con.close()
                os.replace(tmp, path)
                say(f"database built in {time.monotonic() - started:.1f} s")
                opened = _open(path, fp, folder)
        try:
            (out / f"{fp}.lock").unlink()
        except FileNotFoundError:
            pass
    else:
        os.utime(path)   # the newest in use is kept when old ones are removed
    prune(out, keep=KEEP, current=path)
    con, loaded = opened
    return con, loaded, path


def _try_open(path: Path, fp: str, folder: Path):
    if not path.exists():
        return None
    try:
        return _open(path, fp, folder)
    except Exception as exc:  # corrupt, foreign or half-written: never used
        log.warning("ignoring the database file %s (%s); building it again", path, exc)
        _remove(path)
        return None


def prune(out: Path, keep: int = KEEP, current: Path | None = None) -> list[Path]:
    """Remove all but the `keep` most recently used database files (never `current`),
    and building files left by a process that died; returns those removed."""
    files = sorted((p for p in out.glob(f"*{SUFFIX}") if not p.name.startswith(".")),
                   key=lambda p: p.stat().st_mtime, reverse=True)
    removed = []
    for p in files[keep:]:
        if current is not None and p == current:
            continue
        _remove(p)
        removed.append(p)
    for p in out.glob(f".*.building{SUFFIX}"):
        pid = p.name.split(".")[2]
        if pid.isdigit() and not _alive(int(pid)):
            _remove(p)
            removed.append(p)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
