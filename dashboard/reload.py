"""Reloading (datasets.md "Reloading"): the one holder of the dataset an app serves.

`DatasetHolder.current` is the set being served; a request takes it once (context.py
`current_dataset`, kept in flask.g) and reads that one object to the end, so a swap in
the middle of a request never mixes two sets. `reload()` loads and validates the folder
as a new set and swaps it in with one assignment, unless the folder fails at folder
level or a file that changed since the serving set was loaded fails at file level: then
the serving set stays whole and `blocked` says what stopped the reload (the data-quality
page shows it). Row errors never block: those rows are quarantined as usual.

`start_watching()` runs a watchfiles watcher in a daemon thread: once no file in the
folder has changed for `reload_quiet_s` seconds (partnership.toml), it reloads (a partner
copying files one by one is not read half-way); when as_of means "today" it also reloads
when the date changes. Under gunicorn each worker process holds its own set and its own
watcher (started in the worker: create_app runs there, or at its first request after a
--preload fork); "Reload now" in one worker reaches the others through a signal file
in a private folder under the temporary directory (`signal_dir`).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.data import DatasetFolderError, load_dataset

log = logging.getLogger(__name__)

# How often the watcher wakes without a change, to see whether the folder has been quiet
# long enough or the date has changed (seconds).
TICK_S = 0.25
VERSIONS_DIR = ".versions"     # returns.VERSIONS_DIR: kept versions, not data


def can_reload() -> bool:
    """May the person making this request ask for a reload ("Reload now")? The one place
    that decides: any signed-in user; without login (loopback only: the server refuses
    to serve beyond it without login), whoever reaches the page is at the machine."""
    from dashboard import auth

    return not auth.login_enabled() or auth.current_user() is not None


@dataclass(frozen=True)
class Blocker:
    """What stopped the last reload: when, and each (file, reason); file None means the
    folder itself (missing, or partnership.toml unusable)."""
    at: dt.datetime
    problems: tuple[tuple[str | None, str], ...]


def fingerprint(folder: Path) -> dict[str, tuple]:
    """Each entry of the folder by lower-cased stem: (name, size, modification time), so
    a file changed, added, removed or renamed since a load is seen."""
    out: dict[str, tuple] = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return out
    for entry in entries:
        if entry.name == VERSIONS_DIR:
            continue   # the returns' versions and log (returns.py), never data
        try:
            st = entry.stat()
            key = (entry.name, st.st_size, st.st_mtime_ns)
        except OSError:  # a dangling link: still an entry that can change
            key = (entry.name, None, None)
        out.setdefault(Path(entry.name).stem.lower(), ())
        out[Path(entry.name).stem.lower()] += (key,)
    return out


def signal_dir(folder: Path) -> Path:
    """Where "Reload now" tells the other worker processes serving the same folder to
    reload (a folder of this user's, outside the data folder, which may be read-only)."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"lscp-dashboard-reload-{key}"


def _own_dir(path: Path) -> Path | None:
    """`path`, created private to this user; None when another user holds it."""
    try:
        path.mkdir(mode=0o700, exist_ok=True)
        st = path.stat()
    except OSError:
        return None
    return path.resolve() if st.st_uid == os.getuid() and not st.st_mode & 0o022 else None


def _in_versions(folder: Path, path) -> bool:
    """Is `path` the returns' .versions folder or inside it (not a data change)?"""
    try:
        rel = Path(path).relative_to(folder)
    except ValueError:
        return False
    return bool(rel.parts) and rel.parts[0] == VERSIONS_DIR


def changed_stems(before: dict[str, tuple], after: dict[str, tuple]) -> set[str]:
    return {stem for stem in set(before) | set(after) if before.get(stem) != after.get(stem)}


def file_level_errors(ds) -> list[tuple[str, str]]:
    """(file, message) of each file-level error of a loaded set (an error with no row)."""
    r = ds.report
    errors = r[(r["severity"] == "error") & r["row"].isna()]
    return [(str(f), str(m)) for f, m in zip(errors["file"], errors["message"])]


def blocking_problems(ds, changed: set[str]) -> list[tuple[str, str]]:
    """The file-level errors of the new set in files that changed since the serving set
    was loaded (errors the serving set already had do not block: nothing got worse)."""
    return [(f, m) for f, m in file_level_errors(ds) if Path(f).stem.lower() in changed]


class DatasetHolder:
    """The set an app serves, and its reloading. `current` is read with one attribute
    access (atomic in Python); `reload` runs one load at a time."""

    def __init__(self, folder: Path, as_of: dt.date | None = None, *, dataset=None,
                 loader: Callable = load_dataset, on_swap: Callable | None = None,
                 today: Callable[[], dt.date] = dt.date.today):
        self.folder = Path(folder)
        self._as_of = as_of          # --as-of: fixed for the life of the server
        self._loader = loader
        self._today = today
        self.on_swap = on_swap
        self._lock = threading.Lock()
        self._fingerprint = fingerprint(self.folder)
        self._current = dataset if dataset is not None else loader(self.folder, as_of=as_of)
        self.blocked: Blocker | None = None
        self.reloads = 0             # sets swapped in since start
        self._last_change: float | None = None
        self._date_tried: dt.date | None = None
        self._stop = threading.Event()
        self._ready = threading.Event()   # set once the watcher sees changes
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    @property
    def current(self):
        return self._current

    def follows_today(self) -> bool:
        """Does as_of mean "today" (no --as-of, none in partnership.toml)?"""
        return self._as_of is None and self._current.partnership.as_of is None

    # -- reloading ---------------------------------------------------------------------
    def reload(self, why: str = "asked") -> bool:
        """Load and validate the folder as a new set and swap it in; False (and
        `blocked` set) when it is refused and the serving set keeps serving."""
        with self._lock:
            seen = fingerprint(self.folder)
            try:
                new = self._loader(self.folder, as_of=self._as_of)
            except DatasetFolderError as exc:
                return self._block([(None, str(exc))])
            except Exception as exc:  # never let a reload take the serving set down
                log.exception("reload of %s failed", self.folder)
                return self._block([(None, "the folder could not be read "
                                           f"({exc.__class__.__name__}; see the server log)")])
            problems = blocking_problems(new, changed_stems(self._fingerprint, seen))
            if problems:
                return self._block(problems)
            self._current, self._fingerprint = new, seen
            self.blocked = None
            self.reloads += 1
            log.info("reloaded %s (%s): as of %s", self.folder, why, new.as_of)
        if self.on_swap is not None:
            self.on_swap(new)
        return True

    def reload_everywhere(self, why: str = "Reload now") -> bool:
        """Reload here, and tell the watchers of the other worker processes serving the
        same folder (gunicorn) to reload too, so every worker serves the same set."""
        done = self.reload(why)
        signals = _own_dir(signal_dir(self.folder))
        if signals is not None:
            (signals / "requested").write_text(f"{os.getpid()} {time.time()}\n")
        return done

    def _block(self, problems) -> bool:
        self.blocked = Blocker(dt.datetime.now(), tuple(problems))
        log.warning("reload of %s blocked: %s", self.folder,
                    "; ".join(f"{f or 'folder'}: {m}" for f, m in problems))
        return False

    def tick(self, changed: bool, now: float | None = None) -> bool | None:
        """One wake of the watcher: note a change; reload once the folder has been quiet
        for reload_quiet_s, or when the date moves on under an as_of of "today" (tried
        once per date, so a blocked set is not reloaded on every tick). Returns the
        reload's outcome, None when there was none."""
        now = time.monotonic() if now is None else now
        if changed:
            self._last_change = now
        quiet = self._current.partnership.reload_quiet_s
        if self._last_change is not None and now - self._last_change >= quiet:
            self._last_change = None
            return self.reload("files changed")
        if self.follows_today():
            today = self._today()
            if today != self._current.as_of and today != self._date_tried:
                self._date_tried = today
                return self.reload("the date changed")
        return None

    # -- watching ----------------------------------------------------------------------
    @property
    def watching(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self._pid == os.getpid()

    def start_watching(self) -> None:
        """Start the watcher thread (again in a forked process, whose threads are gone)."""
        if self.watching:
            return
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._watch, name=f"reload {self.folder.name}",
                                        daemon=True)
        self._thread.start()

    def wait_until_watching(self, timeout: float = 30) -> bool:
        """Wait until the watcher thread reports changes (watchfiles has answered once):
        a change made before that may go unseen until the next one."""
        return self._ready.wait(timeout) and self.watching

    def watch_after_fork(self) -> None:
        """In a process forked from the one that started watching (gunicorn --preload),
        whose threads did not survive the fork: watch here too. A watcher stopped on
        purpose stays stopped."""
        if self._pid is not None and self._pid != os.getpid() and not self._stop.is_set():
            self.start_watching()

    def stop_watching(self, timeout: float = 5) -> None:
        self._stop.set()
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout)
        self._thread = None

    def _asked_elsewhere(self, changes, signals: Path | None) -> bool:
        """Did another process's "Reload now" write the signal file (not this one's)?"""
        if signals is None or not any(Path(p).parent == signals for _, p in changes):
            return False
        try:
            pid = (signals / "requested").read_text().split()[0]
        except (OSError, IndexError):
            return False
        return pid != str(os.getpid())

    def _watch(self) -> None:
        import watchfiles

        signals = _own_dir(signal_dir(self.folder))
        missing = False
        while not self._stop.is_set():
            try:
                inode = self.folder.stat().st_ino
                if missing:  # back again: read it once it has been quiet
                    missing = False
                    self.tick(True)
                for changes in watchfiles.watch(
                        self.folder, *([signals] if signals else []), stop_event=self._stop,
                        recursive=False, rust_timeout=int(TICK_S * 1000),
                        yield_on_timeout=True, debounce=int(TICK_S * 1000),
                        raise_interrupt=False):
                    self._ready.set()
                    if self._asked_elsewhere(changes, signals):
                        self.reload("Reload now in another worker")
                    data = {c for c in changes
                            if (signals is None or Path(c[1]).parent != signals)
                            and not _in_versions(self.folder, c[1])}
                    self.tick(bool(data))
                    if self.folder.stat().st_ino != inode:
                        # the folder was replaced (renamed over): watch the new one
                        self.tick(True)
                        break
            except Exception as exc:  # the folder is gone: say so once, look again shortly
                if not missing:
                    missing = True
                    log.warning("watching %s: %s", self.folder, exc)
                    self.reload("the folder is unreachable")
                self._stop.wait(1)
