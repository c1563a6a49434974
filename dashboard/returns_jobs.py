"""The Returns page's server side (no layout here): the check as background work, who may
use the page, the size limit, and the template downloads.

A check takes a few seconds on a real folder (the folder is loaded and validated with
the file in place), so the upload callback starts it as a thread and answers at once;
the page polls its status. As with the meeting pack (pack_jobs.py), the job lives in the
cache folder (DASHBOARD_CACHE/returns, private to the server's user, never the data
folder), so any worker can answer a poll or a confirm: per job, `status.json` and the
`Check` (`check.json` and the bytes that would be written, `check.bin`). A job belongs to
the user who started it: nobody else can read or confirm it. Confirmed or cancelled jobs
are deleted; any left are deleted after a day.

Who may post to the page's callbacks is decided here too (`refusal`): without login,
nobody (uploads need login); signed in, only a user allowed to send some file, or an
administrator; anyone else gets 403 from the server, whatever the page showed them.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import threading
import time
from pathlib import Path

from dashboard import returns as R

log = logging.getLogger(__name__)

ID_PREFIX = "returns-"                 # every id of the page's callbacks' outputs
JOB_RE_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
KEEP_JOBS_S = 24 * 3600
STALLED_S = 120          # a running check not heard from this long died with its worker
HEARTBEAT_S = 10         # a running check says it is alive this often
TEMPLATE_PATH = "/returns/template/"
STEPS = 4
RUNNING, DONE, FAILED = "running", "done", "failed"
from dashboard.security import DEFAULT_UPLOAD_MAX_MB  # noqa: E402


# ---- who may use the page ----------------------------------------------------------------
def uploader():
    """The signed-in user when they may send some file or are an administrator, else None."""
    from dashboard import auth

    user = auth.current_user()
    if user is None:
        return None
    return user if (R.upload_stems(user) or R.is_admin(user)) else None


def refusal() -> str | None:
    """Why this request may not use the Returns page (one sentence), else None."""
    from dashboard import auth

    if not auth.login_enabled():
        return ("Uploads need login: the dashboard is served without a users file, so "
                "nobody is signed in. Ask your administrator to set up login.")
    if auth.current_user() is None:
        return "Sign in to send data returns."
    if uploader() is None:
        return ("Your account may not send data returns. Ask your administrator to add "
                "the files you send to your entry in the users file.")
    return None


def upload_max_bytes() -> int:
    """The largest file the page takes (`--upload-max-mb`, DASHBOARD_UPLOAD_MAX_MB)."""
    from flask import current_app, has_app_context

    from dashboard.security import CONFIG_KEY

    cfg = current_app.config.get(CONFIG_KEY) if has_app_context() else None
    mb = getattr(cfg, "upload_max_mb", None) or DEFAULT_UPLOAD_MAX_MB
    return int(mb) * 1024 * 1024


# ---- jobs ---------------------------------------------------------------------------------
def jobs_dir() -> Path:
    from flask import current_app

    from dashboard import pack_jobs
    from dashboard.views.context import dataset_holder

    folder = pack_jobs.cache_dir(current_app.config, dataset_holder().folder, "returns")
    os.chmod(folder, 0o700)        # uploaded rows are pseudonymised records
    return folder


def _job_dir(root: Path, job: str) -> Path:
    if not job or not set(job) <= JOB_RE_CHARS or len(job) > 64:
        raise R.ReturnsError("this check is not known; send the file again")
    return root / job


def _write_status(path: Path, **status) -> None:
    tmp = path / ".status.json.part"
    status["updated"] = time.time()
    tmp.write_text(json.dumps(status, default=str), encoding="utf-8")
    os.replace(tmp, path / "status.json")


def read_status(root: Path, job: str, user) -> dict:
    """The job's status, only for the user who started it."""
    path = _job_dir(root, job)
    try:
        status = json.loads((path / "status.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"state": FAILED, "message": "this check is no longer here; send the file again"}
    if status.get("user") != R.user_name(user):
        return {"state": FAILED, "message": "this check was started by someone else"}
    if status.get("state") == RUNNING and time.time() - float(status.get("updated") or 0) \
            > STALLED_S:
        return {"state": FAILED, "message": "the check stopped (the server restarted?); "
                                            "send the file again"}
    return status


def load_check(root: Path, job: str, user) -> R.Check:
    status = read_status(root, job, user)
    if status.get("state") != DONE:
        raise R.ReturnsError(status.get("message") or "the check has not finished")
    return R.Check.load(_job_dir(root, job) / "check.json")


def drop(root: Path, job: str) -> None:
    try:
        shutil.rmtree(_job_dir(root, job), ignore_errors=True)
    except R.ReturnsError:
        pass


def prune(root: Path, keep_s: float = KEEP_JOBS_S) -> None:
    cutoff = time.time() - keep_s
    for path in root.iterdir():
        try:
            if path.is_dir() and path.stat().st_mtime < cutoff:
                shutil.rmtree(path, ignore_errors=True)
        except OSError:
            pass


def start_check(root: Path, folder: Path, before, stem: str, data: bytes, filename: str,
                user, *, wait: bool = False) -> str:
    """Start checking `data` in a thread; the job's id. (`wait`: in this thread, tests.)"""
    prune(root)
    job = secrets.token_urlsafe(18)
    path = root / job
    path.mkdir(mode=0o700)
    name = R.user_name(user)
    now = {"state": RUNNING, "step": 0, "steps": STEPS, "message": "starting", "user": name}
    lock = threading.Lock()
    finished = threading.Event()

    def write(**status):
        with lock:
            now.clear()
            now.update(status, user=name)
            _write_status(path, **now)

    def beat():
        # a heartbeat while the check runs (a big folder takes minutes to load), so a
        # check is said to have stopped only when its worker is gone
        while not finished.wait(HEARTBEAT_S):
            with lock:
                if now.get("state") == RUNNING:
                    _write_status(path, **now)

    def run():
        try:
            checked = R.check(folder, stem, data, filename, user, before=before,
                              progress=lambda step, message: write(
                                  state=RUNNING, step=step, steps=STEPS, message=message))
            checked.save(path / "check.json")
            write(state=DONE, step=STEPS, steps=STEPS, message="done")
        except R.ReturnsError as exc:
            write(state=FAILED, message=str(exc))
        except Exception:  # one sentence for the user, the details in the log
            log.exception("checking a return of %s failed", stem)
            write(state=FAILED, message="the file could not be checked (an unexpected "
                                        "error; the details are in the server log)")
        finally:
            finished.set()

    write(**now)
    threading.Thread(target=beat, name=f"return beat {job[:6]}", daemon=True).start()
    if wait:
        run()
    else:
        threading.Thread(target=run, name=f"return check {job[:6]}", daemon=True).start()
    return job


# ---- the server side: callbacks refused, the size limit, templates ------------------------
def _returns_callback(body) -> bool:
    output = body.get("output") if isinstance(body, dict) else None
    return isinstance(output, str) and (ID_PREFIX in output)


def _callback_paths(app) -> set[str]:
    from dashboard.callback_guard import ENDPOINT

    return {app.config.requests_pathname_prefix + ENDPOINT,
            app.config.routes_pathname_prefix + ENDPOINT}


def register_size_limit(app) -> None:
    """An upload over the size limit is refused (413) before its body is read: installed
    before the callback guard, which reads every callback body."""
    from flask import Response, request

    paths = _callback_paths(app)

    @app.server.before_request
    def _returns_size_limit():
        if request.method != "POST" or request.path not in paths:
            return None
        # base64 makes the upload a third larger; the rest of the body is small
        limit = upload_max_bytes() * 4 // 3 + 1024 * 1024
        if request.content_length is not None and request.content_length > limit:
            return Response(f"The file is larger than the limit of "
                            f"{upload_max_bytes() // (1024 * 1024)} MB.\n", status=413,
                            mimetype="text/plain")
        request.max_content_length = limit      # a body sent without its length
        return None


def register(app) -> None:
    """Refuse the page's callbacks (403) to anyone who may not use it (after the login
    gate and the callback guard); serve the template downloads."""
    from flask import Response, abort, request

    paths = _callback_paths(app)
    server = app.server

    @server.before_request
    def _returns_guard():
        if request.method != "POST" or request.path not in paths:
            return None
        body = request.get_json(silent=True) if request.is_json else None
        if not _returns_callback(body):
            return None
        problem = refusal()
        if problem is None:
            return None
        log.warning("refused a Returns callback from %s: %s", request.remote_addr, problem)
        return Response(problem + "\n", status=403, mimetype="text/plain")

    def template(name: str):
        from dashboard.data.contract_doc import template_csv

        if name.endswith("-columns.csv") and name[:-12] in R.STEMS:
            return Response(columns_csv(name[:-12]), mimetype="text/csv", headers={
                "Content-Disposition": f'attachment; filename="{name}"'})
        if name.endswith(".csv") and name[:-4] in R.STEMS:
            return Response(template_csv(name[:-4]), mimetype="text/csv", headers={
                "Content-Disposition": f'attachment; filename="{name}"'})
        abort(404)

    server.add_url_rule(TEMPLATE_PATH + "<name>", "returns_template", template)


def columns(stem: str) -> list[dict]:
    """Each column of a file's template: name, required, allowed values in words."""
    from dashboard.data import contract as C
    from dashboard.data.contract_doc import allowed

    out = []
    for c in C.BY_STEM[stem].columns:
        words = allowed(c).replace("`", "")
        if c.codes and c.codes[:len(C.AGENCIES)] == C.AGENCIES:
            words = ", ".join(c.codes)       # the codes themselves, not "see Agencies"
        out.append({"column": c.name, "required": "yes" if c.required else "no",
                    "allowed": words, "note": getattr(c, "note", "") or ""})
    return out


def columns_csv(stem: str) -> str:
    from dashboard.csv_out import to_csv

    return to_csv(columns(stem), ["column", "required", "allowed", "note"])
