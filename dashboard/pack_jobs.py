"""The meeting pack as background work, kept on disk and shared by every server worker.

A pack takes half a minute to draw and print, longer than a production server lets a
request run, so a request never draws it: it starts a job (a thread in the worker that
was asked first) and answers at once; the progress page polls the job's status. The
job writes into a cache folder outside the data folder (DASHBOARD_CACHE), so any worker
can answer the status and serve the finished PDF, and the same pack asked again (the
same data, as-of date, filters and code) is served from disk without drawing it again.

Per pack, named by its key (`pack_key`):
  <key>.pdf    the finished pack (written beside, then renamed: never seen half-written)
  <key>.json   its status: state (running, done, failed), step / steps, what it is doing
  <key>.lock   held while a worker draws it (created exclusively, so one worker draws a
               pack at a time); its modification time is a heartbeat, touched every few
               seconds, so a lock left by a worker that died is taken over.

Why not Dash background callbacks (DiskcacheManager): they run the callback in a forked
process, which would inherit the worker's DuckDB connection (stack.md: never share one
across a fork) and kaleido's browser, and they return the result to one page, where a
pack is a file that several people (and workers) ask for; a status file, a lock and a
thread are less machinery and need no new dependency.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from dashboard.settings import CACHE_ENV, default_cache_dir  # noqa: F401 (one cache folder)

log = logging.getLogger(__name__)

CACHE_CONFIG_KEY = "LSCP_PACK_CACHE"      # Flask config: a folder (tests set their own)
RUNNING, DONE, FAILED = "running", "done", "failed"
HEARTBEAT_S = 5          # a running job touches its lock this often
STALE_S = 60             # a lock untouched this long belongs to a worker that died
RETRY_FAILED_S = 30      # a failed pack is tried again when asked after this long
KEEP_PACKS = 24          # the newest packs kept on disk; older ones are deleted
# one pack drawn at a time in a worker: drawing is CPU-bound, kaleido's browser is shared
_render_lock = threading.Lock()


def cache_dir(config: dict | None, data_folder: Path, sub: str = "packs") -> Path:
    """The packs' folder (`packs` in the cache folder; `returns` for the data returns'
    checks), created when missing; never inside the data folder (the data folder holds
    the partnership's returns, and is what is watched and versioned)."""
    from dashboard.pack_print import PackError

    root = Path((config or {}).get(CACHE_CONFIG_KEY) or default_cache_dir()).resolve()
    folder = root / sub
    data = Path(data_folder).resolve()
    if root == data or data in root.parents:
        raise PackError(f"the cache folder {root} is inside the data folder {data}; set "
                        f"{CACHE_ENV} to a folder elsewhere")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackError(f"the cache folder {folder} cannot be created ({exc.strerror}); "
                        f"set {CACHE_ENV} to a folder the server may write") from None
    return folder


# ---- what a pack is made of: its key -----------------------------------------------------
@lru_cache(maxsize=1)
def code_identity() -> str:
    """A hash of the code, queries and styles that draw a pack: a new release never
    serves a pack drawn by the old one."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for pattern in ("dashboard/**/*.py", "queries/*.sql", "assets/*.css"):
        for path in sorted(root.glob(pattern)):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def data_identity(ds) -> str:
    """The dataset's identity, the same in every worker that loaded the same files: the
    SHA-256 of each file it loaded, its partnership settings and as-of date. A file that
    changed on disk since it was loaded is not what this worker serves, so its pack is
    this worker's alone (keyed by the load time and process)."""
    return ds.memo.remember(("pack_data_identity",), lambda: _data_identity(ds))


def _data_identity(ds) -> str:
    digest = hashlib.sha256(repr((ds.partnership, ds.as_of.isoformat())).encode())
    for stem in sorted(ds.sources):
        path = Path(ds.sources[stem])
        stats = ds.file_stats.get(stem, {})
        try:
            stat = path.stat()
            unchanged = (stat.st_size == stats.get("size_bytes")
                         and stat.st_mtime == stats.get("modified_ts"))
            content = path.read_bytes() if unchanged else None
        except OSError:
            content = None
        if content is None:
            digest.update(f"changed:{ds.loaded_at.isoformat()}:{os.getpid()}".encode())
            continue
        digest.update(stem.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def pack_key(ds, filters) -> str:
    """The pack's name in the cache: data, as-of date, filters (public mode included;
    meeting mode changes nothing in a pack) and code."""
    if getattr(filters, "present", False):
        filters = filters.narrowed(present=False)
    text = "\n".join((data_identity(ds), ds.as_of.isoformat(), filters.to_query_string(),
                      code_identity()))
    return hashlib.sha256(text.encode()).hexdigest()[:40]


# ---- status on disk ----------------------------------------------------------------------
def _paths(folder: Path, key: str) -> tuple[Path, Path, Path]:
    return folder / f"{key}.pdf", folder / f"{key}.json", folder / f"{key}.lock"


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def write_status(folder: Path, key: str, **status) -> None:
    _write_atomic(_paths(folder, key)[1],
                  json.dumps({**status, "updated": _now()}).encode())


def read_status(folder: Path, key: str) -> dict:
    """The pack's status: done when its PDF is there; else what its status file says,
    `idle` when there is none, or when it says running but no live worker holds it."""
    pdf, status_path, lock = _paths(folder, key)
    if pdf.is_file():
        return {"state": DONE, "bytes": pdf.stat().st_size}
    try:
        status = json.loads(status_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"state": "idle"}
    if status.get("state") == RUNNING and not _lock_alive(lock):
        return {"state": "idle"}
    return status


def _lock_alive(lock: Path) -> bool:
    try:
        return time.time() - lock.stat().st_mtime < STALE_S
    except OSError:
        return False


def _claim(lock: Path) -> bool:
    """Take the pack's lock; True when this worker is now the one drawing it. A stale
    lock (its worker died) is moved aside first."""
    if lock.exists() and not _lock_alive(lock):
        aside = lock.with_name(f"{lock.name}.stale-{os.getpid()}-{threading.get_ident()}")
        try:
            os.replace(lock, aside)
        except OSError:
            pass
        else:
            # another worker may have taken the lock between the look and the move: a
            # fresh lock goes back (unless yet another worker holds the name by now)
            if time.time() - aside.stat().st_mtime < STALE_S:
                try:
                    os.link(aside, lock)
                except OSError:
                    pass
            aside.unlink(missing_ok=True)
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.write(fd, f"{os.getpid()}\n".encode())
    os.close(fd)
    return True


def cached_pdf(folder: Path, key: str) -> Path | None:
    pdf = _paths(folder, key)[0]
    return pdf if pdf.is_file() else None


# ---- running a job -----------------------------------------------------------------------
Build = Callable[[Callable[[int, int, str], None]], bytes]


def ensure_pack(folder: Path, key: str, build: Build, *, retry: bool = False) -> dict:
    """The pack's status, starting its job first when nobody is drawing it: when it is
    not on disk, not running in a live worker, and not failed a moment ago (or `retry`).
    `build(progress)` draws the pack and returns the PDF; progress(step, steps, words)."""
    status = read_status(folder, key)
    state = status.get("state")
    if state in (DONE, RUNNING):
        return status
    if state == FAILED and not retry and _age_s(status) < RETRY_FAILED_S:
        return status
    lock = _paths(folder, key)[2]
    if not _claim(lock):
        return read_status(folder, key) | {"state": RUNNING}
    write_status(folder, key, state=RUNNING, step=0, steps=1,
                 message="Waiting to start", started=_now())
    threading.Thread(target=_run, args=(folder, key, build), daemon=True,
                     name=f"pack-{key[:8]}").start()
    return read_status(folder, key)


def _age_s(status: dict) -> float:
    try:
        updated = dt.datetime.fromisoformat(status["updated"])
    except (KeyError, ValueError):
        return float("inf")
    return (dt.datetime.now(dt.timezone.utc) - updated).total_seconds()


def _run(folder: Path, key: str, build: Build) -> None:
    pdf_path, _, lock = _paths(folder, key)
    started = _now()
    stop = threading.Event()

    def heartbeat():
        while not stop.wait(HEARTBEAT_S):
            try:
                os.utime(lock)
            except OSError:
                return

    def progress(step: int, steps: int, message: str) -> None:
        write_status(folder, key, state=RUNNING, step=step, steps=steps, message=message,
                     started=started)

    threading.Thread(target=heartbeat, daemon=True).start()
    try:
        if not _render_lock.acquire(blocking=False):
            progress(0, 1, "Waiting: another meeting pack is being prepared")
            _render_lock.acquire()
        try:
            pdf = build(progress)
        finally:
            _render_lock.release()
        _write_atomic(pdf_path, pdf)
        write_status(folder, key, state=DONE, started=started, finished=_now(),
                     bytes=len(pdf))
        prune(folder)
    except Exception as exc:  # the status must say it failed, whatever failed
        from dashboard.pack_print import PackError

        log.exception("the meeting pack %s failed", key)
        message = str(exc) if isinstance(exc, PackError) else (
            "An unexpected error occurred while preparing the pack; the details are in "
            "the server log.")
        write_status(folder, key, state=FAILED, message=message, started=started)
    finally:
        stop.set()
        lock.unlink(missing_ok=True)


def prune(folder: Path, keep: int = KEEP_PACKS) -> None:
    """Keep the newest `keep` packs (and their status files); delete the rest."""
    packs = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in packs[keep:]:
        for path in (old, old.with_suffix(".json")):
            path.unlink(missing_ok=True)


def wait_for(folder: Path, key: str, timeout_s: float = 300, poll_s: float = 0.5) -> dict:
    """Block until the pack is done or failed (for the command line and tests)."""
    deadline = time.monotonic() + timeout_s
    while True:
        status = read_status(folder, key)
        if status.get("state") in (DONE, FAILED) or time.monotonic() > deadline:
            return status
        time.sleep(poll_s)
