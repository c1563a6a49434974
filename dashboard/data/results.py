"""Query results shared by every worker (issue 11: a room of people on the same view costs
one computation).

A dataset kept on disk (store.py) is one version of the data, named by its fingerprint;
the result of a query on it depends only on that version, the query's text and the
parameters bound to it (as_of and the filters among them). So a result is kept under
the hash of exactly those, in `<cache>/results` (diskcache: one SQLite file that every
worker on the machine reads and writes safely), and any worker asking the same question
of the same version reads it instead of running the query. A new version has a new
fingerprint and so new keys; old entries are evicted, least recently stored first,
beyond SIZE_LIMIT. Nothing here depends on who asks: public mode, the audit trail of
record views and every other per-user step run on every request, after the query.

A dataset built in memory (no cache folder: tests, embedders) has no shared results.
"""
from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any, Callable

import diskcache

log = logging.getLogger(__name__)

SUBDIR = "results"
# enough for every view of a partnership many times over; a result is a few kB
SIZE_LIMIT = 256 * 1024 * 1024


def _key(version: str, name: str, sql: str, params: dict) -> str:
    h = hashlib.blake2b(digest_size=20)
    h.update(version.encode())
    h.update(b"\0" + name.encode() + b"\0")
    h.update(hashlib.blake2b(sql.encode(), digest_size=16).digest())
    # the parameters' values are dates, None, numbers, text and lists of text: their
    # repr is exact and stable, and a list is not a tuple (types are part of repr)
    h.update(repr(sorted(params.items())).encode())
    return h.hexdigest()


class SharedResults:
    """Results of queries on one dataset version, shared through `<cache>/results`."""

    def __init__(self, cache_dir: Path | str, version: str):
        folder = Path(cache_dir).expanduser().resolve() / SUBDIR
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)   # results hold figures about children: this user only
        self.folder = folder
        self.version = version
        self._cache = diskcache.Cache(str(folder), size_limit=SIZE_LIMIT)
        self.hits = 0

    def get_or_run(self, name: str, sql: str, params: dict,
                   run: Callable[[], Any]) -> Any:
        key = _key(self.version, name, sql, params)
        try:
            frame = self._cache.get(key)
        except Exception:          # a damaged or busy cache file: answer without it
            frame = None
        if frame is not None:
            self.hits += 1
            return frame
        frame = run()
        try:
            self._cache.set(key, frame)
        except Exception:          # a full disk costs the sharing, never the answer
            pass
        return frame

    def clear(self) -> None:
        """Forget every result (the benchmark measures with results cleared)."""
        self._cache.clear()

    def close(self) -> None:
        self._cache.close()


def open_shared_results(cache_dir: Path | str, version: str) -> SharedResults | None:
    """The shared results of a dataset version, or None (every answer worked out, as in
    memory) when `<cache>/results` cannot be used: a file in its place, no permission, a
    damaged cache file. Sharing is a saving, never a reason not to serve."""
    try:
        return SharedResults(cache_dir, version)
    except Exception as exc:       # OSError, sqlite3.Error from diskcache
        log.warning("query results are not shared: %s cannot be used (%s)",
                    Path(cache_dir) / SUBDIR, exc)
        return None
