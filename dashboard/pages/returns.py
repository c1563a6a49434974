"""Data returns (/returns): a signed-in user allowed to send files uploads one, sees its
check, confirms or cancels; an administrator restores or purges versions. The work is in
dashboard/returns.py (no Dash), the background check and the server-side refusals in
returns_jobs.py, what is shown in views/returns.py. Not in the menu for everyone: the
navbar shows "Data returns" only to users who may send a file (auth.account_controls)."""
import base64
import binascii
import logging

import dash
from dash import Input, Output, State

from dashboard import returns as R
from dashboard import returns_jobs as J
from dashboard.views import returns as V

log = logging.getLogger(__name__)

dash.register_page(__name__, path="/returns", name="Data returns",
                   title="Data returns – LSCP dashboard", order=98, nav=False, queries=())

HIDDEN = {"display": "none"}


def _missing_rows(ds, agency):
    from dashboard.filters import NO_FILTERS
    from dashboard.metrics import MISSING, REJECTED, return_statuses

    rows = [r for r in return_statuses(ds, NO_FILTERS)
            if r["status"] in (MISSING, REJECTED)]
    return [r for r in rows if r["source"] == agency] if agency else rows


def layout(**_kwargs):
    from dashboard.views.context import current_dataset

    problem = J.refusal()
    if problem:
        return V.refused(problem)
    user = J.uploader()
    ds = current_dataset()
    try:
        missing = V.missing_section(_missing_rows(ds, user.agency), user.agency)
    except Exception:  # the page still takes returns when the figures cannot be drawn
        log.exception("missing returns for the Returns page")
        missing = None
    admin = R.is_admin(user)
    return V.layout(stems=R.upload_stems(user), max_mb=J.upload_max_bytes() // (1024 * 1024),
                    admin=admin, user_name=user.name, agency=user.agency, missing=missing,
                    versions=R.versions(ds.folder) if admin else (),
                    version_options=_version_options(ds.folder) if admin else ())


def _version_options(folder):
    return [{"label": f"{stem}: {name}", "value": f"{stem}/{name}"}
            for stem, name in R.version_files(folder)]


@dash.callback(
    Output(V.STEM_INFO, "children"),
    Input(V.STEM, "value"),
)
def _stem_info(stem):
    if not isinstance(stem, str) or J.refusal() or stem not in R.upload_stems(J.uploader()):
        raise dash.exceptions.PreventUpdate
    return V.template_section(stem, J.TEMPLATE_PATH, J.columns(stem))


def _decode(contents) -> bytes:
    if not isinstance(contents, str):
        raise R.ReturnsError("the upload arrived damaged; send the file again")
    try:
        _, data = contents.split(",", 1)
        return base64.b64decode(data, validate=True)
    except (ValueError, binascii.Error):
        raise R.ReturnsError("the upload arrived damaged; send the file again") from None


@dash.callback(
    Output(V.JOB, "data"),
    Output(V.POLL, "disabled"),
    Output(V.STATUS, "children"),
    Output(V.PREVIEW, "children"),
    Output("returns-actions", "style"),
    Output(V.RESULT, "children"),
    Output(V.UPLOAD_AREA, "children"),
    Input(V.UPLOAD, "contents"),
    Input(V.POLL, "n_intervals"),
    Input(V.CONFIRM, "n_clicks"),
    Input(V.CANCEL, "n_clicks"),
    State(V.UPLOAD, "filename"),
    State(V.STEM, "value"),
    State(V.JOB, "data"),
    prevent_initial_call=True,
)
def _returns(contents, _n, _confirm, _cancel, filename, stem, job):
    """Upload → start the check; poll → its progress, then the preview; Confirm → write
    it and reload; Cancel → forget it (both draw the drop zone again)."""
    out = _step(contents, filename, stem, job)
    if dash.ctx.triggered_id in (V.CONFIRM, V.CANCEL):
        return (*out, V.upload_component(J.upload_max_bytes() // (1024 * 1024)))
    return (*out, dash.no_update)


def _step(contents, filename, stem, job):
    # values as the browser sends them; anything else (a hand-made request) is ignored
    job = job if isinstance(job, str) else None
    filename = filename if isinstance(filename, str) else ""
    stem = stem if isinstance(stem, str) else None
    from dashboard.views.context import current_dataset, dataset_holder

    user = J.uploader()
    if user is None:               # the server refuses first (returns_jobs.register)
        raise dash.exceptions.PreventUpdate
    trigger = dash.ctx.triggered_id
    nothing = dash.no_update
    try:
        root = J.jobs_dir()
    except Exception as exc:   # no cache folder: say so
        return None, True, V.status_view({"state": "failed", "message": str(exc)})[0], \
            None, HIDDEN, None
    if trigger == V.UPLOAD:
        if not contents:
            raise dash.exceptions.PreventUpdate
        if job:
            J.drop(root, job)
        try:
            if stem not in R.upload_stems(user):
                raise R.NotAllowed(f"you may not send the {stem} file")
            data = _decode(contents)
            limit = J.upload_max_bytes()
            if len(data) > limit:
                raise R.ReturnsError(f"the file is larger than the limit of "
                                     f"{limit // (1024 * 1024)} MB")
            holder = dataset_holder()
            new_job = J.start_check(root, holder.folder, current_dataset(), stem, data,
                                    filename or "", user)
        except R.ReturnsError as exc:
            return None, True, V.status_view({"state": "failed", "message": str(exc)})[0], \
                None, HIDDEN, None
        status, stop = V.status_view({"state": "running", "step": 0, "steps": J.STEPS})
        return new_job, False, status, None, HIDDEN, None
    if not job:
        raise dash.exceptions.PreventUpdate
    if trigger == V.POLL:
        status = J.read_status(root, job, user)
        shown, stop = V.status_view(status)
        if status.get("state") != J.DONE:
            return nothing, stop, shown, nothing, HIDDEN, nothing
        try:
            checked = J.load_check(root, job, user)
        except (R.ReturnsError, OSError, ValueError):
            return None, True, V.status_view({"state": "failed", "message":
                                              "the check could not be read; send the file "
                                              "again"})[0], None, HIDDEN, None
        return nothing, True, shown, V.preview(checked), \
            ({} if checked.can_confirm else HIDDEN), nothing
    if trigger == V.CANCEL:
        J.drop(root, job)
        return None, True, None, None, HIDDEN, "Cancelled: nothing was changed."
    if trigger == V.CONFIRM:
        try:
            checked = J.load_check(root, job, user)
            entry = R.confirm(dataset_holder().folder, checked, user)
        except R.Stale as exc:
            J.drop(root, job)
            return None, True, None, None, HIDDEN, dash.html.P(
                ["Not written: ", str(exc), "."], className="alert alert-warning",
                **{"data-returns-state": "stale"})
        except R.ReturnsError as exc:
            return nothing, True, nothing, nothing, HIDDEN, dash.html.P(
                ["Not written: ", str(exc), "."], className="alert alert-danger")
        except OSError as exc:     # a read-only or full data folder: say so, keep the check
            log.error("writing a return of %s failed: %s", job, exc)
            return nothing, True, nothing, nothing, {}, dash.html.P(
                ["Not written: the data folder cannot be written (",
                 exc.strerror or type(exc).__name__, "); ask your administrator."],
                className="alert alert-danger")
        J.drop(root, job)
        reloaded = dataset_holder().reload_everywhere("a data return")
        kept = (f" The file it replaced is kept as {entry['version_file']}."
                if entry["version_file"] else "")
        words = (" The dashboard now shows the new figures." if reloaded else
                 " The dashboard could not load the new set yet: see the Data quality page.")
        done = (f"merged into the {checked.stem} file" if checked.stem in R.MERGED
                else f"is now the {checked.stem} file")
        return None, True, None, None, HIDDEN, dash.html.P(
            [f"Confirmed: {checked.filename} {done} "
             f"({entry['rows_accepted']} rows accepted, {entry['rows_quarantined']} "
             f"quarantined).{kept}{words}"], className="alert alert-success",
            **{"data-returns-state": "confirmed"})
    raise dash.exceptions.PreventUpdate


@dash.callback(
    Output(V.VERSIONS, "children", allow_duplicate=True),
    Output(V.VERSION_PICK, "options", allow_duplicate=True),
    Input(V.RESULT, "children"),
    prevent_initial_call=True,
)
def _versions_after_a_return(_result):
    """An administrator's list of versions follows a confirmed return (the file replaced
    is a new version). The list exists only for administrators."""
    from dashboard.views.context import dataset_holder

    user = J.uploader()
    if user is None or not R.is_admin(user):
        raise dash.exceptions.PreventUpdate
    folder = dataset_holder().folder
    return V.versions_table(R.versions(folder)), _version_options(folder)


@dash.callback(
    Output(V.ADMIN_RESULT, "children"),
    Output(V.VERSIONS, "children"),
    Output(V.VERSION_PICK, "options"),
    Output(V.PURGE_YES, "style"),
    Input(V.RESTORE, "n_clicks"),
    Input(V.PURGE, "n_clicks"),
    Input(V.PURGE_YES, "n_clicks"),
    State(V.VERSION_PICK, "value"),
    prevent_initial_call=True,
)
def _admin(_restore, _purge, _yes, picked):
    picked = picked if isinstance(picked, str) else None
    """Restore a version, or purge one in two steps (Purge, then "Yes, delete it for
    good"): an administrator only."""
    from dashboard.views.context import current_dataset, dataset_holder

    user = J.uploader()
    if user is None or not R.is_admin(user):
        raise dash.exceptions.PreventUpdate
    if not dash.ctx.triggered or not dash.ctx.triggered[0].get("value"):
        raise dash.exceptions.PreventUpdate
    holder = dataset_holder()
    folder = holder.folder
    stem, _, name = (picked or "").partition("/")
    trigger = dash.ctx.triggered_id
    keep = dash.no_update
    try:
        if not name:
            raise R.ReturnsError("choose a version first")
        if trigger == V.PURGE:
            R._version_file(folder, stem, name)          # it exists: ask to be sure
            return dash.html.P([f"Delete {name} of {stem} for good? Only for a file that "
                                "should never have been sent (say, with names in it); the "
                                "log records it."], className="alert alert-warning"), \
                keep, keep, {}
        if trigger == V.RESTORE:
            entry = R.restore(folder, stem, name, user, before=current_dataset())
            holder.reload_everywhere("a version restored")
            message = (f"Restored {stem} from {name}; the file it replaced is kept as "
                       f"{entry['version_file'] or 'nothing (there was none)'}.")
        else:
            R.purge(folder, stem, name, user)
            message = f"Purged {name} of {stem}; the log records it."
    except R.ReturnsError as exc:
        return dash.html.P(["Not done: ", str(exc), "."], className="alert alert-danger"), \
            keep, keep, HIDDEN
    except OSError as exc:
        log.error("%s of %s failed: %s", trigger, picked, exc)
        return dash.html.P(["Not done: the data folder cannot be written (",
                            exc.strerror or type(exc).__name__, ")."],
                           className="alert alert-danger"), keep, keep, HIDDEN
    return dash.html.P(message, className="alert alert-success"), \
        V.versions_table(R.versions(folder)), _version_options(folder), HIDDEN
