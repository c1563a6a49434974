"""The audit trail of record-level data (issue 10: data about children needs one).

Every view or download of pseudonymised rows (a deep-dive page's record table,
views/deepdive.py, and its CSV, downloads.py) appends one JSON line to the audit log
(`--audit-log` / DASHBOARD_AUDIT_LOG, a file outside the data folder):

    {"time": "2026-11-30T09:12:03Z", "user": "asha", "address": "10.0.0.7",
     "action": "view", "page": "front-door", "table": "contacts", "rows_view": "late",
     "filters": {"agency": "police"}, "rows": 25, "total": 118}

`rows` is how many rows went to the user (a page of the table, or the whole CSV), `total`
how many the table holds under the filters. When the log cannot be written the rows are
not shown: `record_access` returns False and the caller refuses.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import threading

log = logging.getLogger(__name__)
_lock = threading.Lock()


def audit_path():
    from dashboard.auth import _config

    cfg = _config()
    return cfg.audit_log if cfg is not None else None


def record_access(action: str, page: str, table: str, filters, rows: int,
                  total: int | None = None, rows_view: str | None = None) -> bool:
    """Append one line for this access; True when written or when no audit log is set
    (loopback without login), False when the log is set and cannot be written."""
    from flask import has_request_context, request

    from dashboard.auth import current_user

    path = audit_path()
    if path is None:
        return True
    user = current_user()
    entry = {
        "time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "user": user.name if user else None,
        "address": request.remote_addr if has_request_context() else None,
        "action": action,
        "page": page,
        "table": table,
        "rows_view": rows_view,
        "filters": filters.to_params() if filters is not None else {},
        "rows": int(rows),
        "total": None if total is None else int(total),
    }
    line = (json.dumps(entry, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
    try:
        with _lock:
            # one write to a file opened for appending: lines from several workers
            # never interleave
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
            finally:
                os.close(fd)
    except OSError as exc:
        log.error("audit log %s cannot be written (%s): record-level rows refused", path,
                  exc.strerror or exc)
        return False
    return True
