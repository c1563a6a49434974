"""The Returns page (/returns): what it shows. Data text (file names, values, messages)
always goes into components as text, never as markup.

The page: which file to send (only the stems the user may send), its template (header
and allowed values), the user's agency's missing returns, the upload (its size limit
stated), then the check's progress and preview (the file's report, rows newly
quarantined elsewhere, the figures and area RAGs that change) with Confirm and Cancel;
for an administrator, the versions with Restore and Purge.
"""
from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import returns as R
from dashboard.components.format import format_number

POLL_MS = 700
SHOWN_ROWS = 100          # findings and figures listed on screen (the rest counted)
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Grey", None: "none"}

STEM = "returns-stem"
UPLOAD = "returns-upload"
UPLOAD_AREA = "returns-upload-area"
JOB = "returns-job"
POLL = "returns-poll"
STATUS = "returns-status"
PREVIEW = "returns-preview"
CONFIRM = "returns-confirm"
CANCEL = "returns-cancel"
RESULT = "returns-result"
STEM_INFO = "returns-stem-info"
VERSIONS = "returns-versions"
VERSION_PICK = "returns-version-pick"
RESTORE = "returns-restore"
PURGE = "returns-purge"
PURGE_YES = "returns-purge-yes"
ADMIN_RESULT = "returns-admin-result"


def refused(message: str) -> html.Div:
    return html.Div([html.H1("Data returns", className="h2"),
                     html.P(message, className="alert alert-warning", role="alert",
                            id="returns-refused")], id="returns-page")


def _table(rows: list[dict], columns: list[tuple[str, str]], caption: str, table_id: str,
           limit: int = SHOWN_ROWS) -> html.Div:
    shown = rows[:limit]
    body = [html.Tr([html.Td("" if r.get(k) is None else str(r.get(k))) for k, _ in columns])
            for r in shown]
    parts = [html.Table([html.Caption(caption),
                         html.Thead(html.Tr([html.Th(w, scope="col") for _, w in columns])),
                         html.Tbody(body)],
                        className="table table-sm", id=table_id)]
    if len(rows) > limit:
        parts.append(html.P(f"… and {format_number(len(rows) - limit, 0)} more not listed "
                            "here.", className="small"))
    return html.Div(parts, className="table-responsive")


def upload_component(max_mb: int) -> dcc.Upload:
    """The drop zone; drawn again after a confirm or cancel, so that the same file can be
    chosen again (a file input does not report the same choice twice)."""
    return dcc.Upload(
        html.Div(["Drag a file here, or ",
                  html.Span("choose a file", className="btn btn-primary btn-sm")]),
        id=UPLOAD, max_size=max_mb * 1024 * 1024, multiple=False,
        accept=".csv,.parquet,.xlsx",
        className="returns-upload border rounded p-3 text-center",
        style={"borderStyle": "dashed"})


def template_section(stem: str, template_path: str, columns: list[dict]) -> html.Div:
    return html.Div([
        html.H2(f"The {stem} file", className="h4"),
        html.P([html.A(f"Download the template ({stem}.csv, the header row)",
                       href=f"{template_path}{stem}.csv", id="returns-template"),
                " · ",
                html.A("the allowed values as CSV", href=f"{template_path}{stem}-columns.csv")]),
        html.Details([html.Summary("Columns and allowed values"),
                      _table(columns, [("column", "Column"), ("required", "Required"),
                                       ("allowed", "Allowed values"), ("note", "Notes")],
                             f"Columns of {stem}", "returns-columns", limit=1000)]),
    ])


def missing_section(rows: list[dict], agency: str | None) -> html.Div:
    """The agency's missing returns (metrics.md "Data returns"): due periods of its
    supplied indicators with no accepted row."""
    who = f"{agency}'s" if agency else "every agency's"
    if not rows:
        return html.Div([html.H2("Missing returns", className="h4"),
                         html.P(f"None: {who} indicator returns are all in.",
                                id="returns-missing")])
    words = {"missing": "Not received", "rejected": "Returned but rejected"}
    return html.Div([
        html.H2("Missing returns", className="h4"),
        html.P(f"{format_number(len(rows), 0)} due indicator return"
               f"{'s are' if len(rows) != 1 else ' is'} missing ({who} indicators):",
               id="returns-missing"),
        _table([{**r, "status": words.get(r["status"], r["status"])} for r in rows],
               [("source", "Agency"), ("indicator_id", "Indicator"), ("name", "Name"),
                ("period_start", "Period from"), ("status", "Status")],
               "Missing indicator returns", "returns-missing-table"),
    ])


def layout(*, stems: tuple[str, ...], max_mb: int, admin: bool, user_name: str,
           agency: str | None, missing=None, versions=(), version_options=()) -> html.Div:
    options = [{"label": s, "value": s} for s in stems]
    upload = []
    if stems:
        upload = [
            html.Div([dbc.Label("File to send", html_for=STEM),
                      dbc.Select(id=STEM, options=options, value=stems[0],
                                 style={"maxWidth": "20rem"})], className="mb-3"),
            html.Div(id=STEM_INFO),
            html.H2("Send a file", className="h4 mt-3"),
            html.P(f"A CSV (UTF-8), Parquet or Excel (.xlsx, first sheet) file of at most "
                   f"{max_mb} MB. It is checked with the rest of the data first: nothing "
                   "changes until you confirm.", id="returns-limit"),
            html.Div(upload_component(max_mb), id=UPLOAD_AREA,
                     **{"data-upload-label": "File to send: CSV, Parquet or Excel"}),
            html.Div(id=STATUS, role="status", **{"aria-live": "polite"}, className="mt-3"),
            html.Div(id=PREVIEW),
            html.Div([html.Button("Confirm", id=CONFIRM, n_clicks=0,
                                  className="btn btn-success me-2"),
                      html.Button("Cancel", id=CANCEL, n_clicks=0,
                                  className="btn btn-outline-secondary")],
                     id="returns-actions", style={"display": "none"}, className="mt-2"),
            html.Div(id=RESULT, role="status", **{"aria-live": "polite"}, className="mt-3"),
            dcc.Store(id=JOB),
            dcc.Interval(id=POLL, interval=POLL_MS, disabled=True),
        ]
    else:
        upload = [html.P("Your account may restore and purge versions but send no file.")]
    parts = [html.H1("Data returns", className="h2"),
             html.P(["Signed in as ", html.Strong(user_name),
                     f" ({agency})" if agency else "", "."], className="lead"),
             *([missing] if missing is not None else []),
             *upload]
    if admin:
        parts += [html.Hr(), html.H2("Versions", className="h4"),
                  html.Div(versions_table(list(versions)), id=VERSIONS),
                  html.Div([dbc.Label("Version", html_for=VERSION_PICK),
                            dbc.Select(id=VERSION_PICK, options=list(version_options),
                                       value=None,
                                       style={"maxWidth": "30rem"})], className="mb-2"),
                  html.Button("Restore this version", id=RESTORE, n_clicks=0,
                              className="btn btn-outline-primary me-2"),
                  html.Button("Purge this version", id=PURGE, n_clicks=0,
                              className="btn btn-outline-danger"),
                  html.Div(id=ADMIN_RESULT, role="status", **{"aria-live": "polite"},
                           className="mt-2"),
                  html.Button("Yes, delete it for good", id=PURGE_YES, n_clicks=0,
                              className="btn btn-danger", style={"display": "none"}),
                  ]
    return html.Div(parts, id="returns-page")


def status_view(status: dict) -> tuple[list, bool]:
    """(what the status region shows, whether polling stops)."""
    state = status.get("state")
    if state == "failed":
        return [html.P(["This file cannot be used: ", status.get("message") or "",
                        " Nothing was changed."], className="alert alert-danger",
                       **{"data-returns-state": "failed"})], True
    if state == "done":
        return [html.P("Checked.", **{"data-returns-state": "done"})], True
    step, steps = int(status.get("step") or 0), max(int(status.get("steps") or 1), 1)
    return [html.P(f"Checking the file: {status.get('message') or 'starting'}.",
                   className="mb-1", **{"data-returns-state": "running"}),
            html.Progress(value=str(min(step, steps)), max=str(steps),
                          **{"aria-label": "Check progress"},
                          style={"width": "min(30rem, 100%)"})], False


def _value(v) -> str:
    if v is None:
        return "none"
    if isinstance(v, float):
        return format_number(v, 1)
    return str(v)


def preview(c: R.Check) -> html.Div:
    """What confirming would do, in words and tables."""
    parts = [html.H2(f"Check of {c.filename} as the {c.stem} file", className="h4")]
    if c.refused:
        parts.append(html.P(["This file cannot be used: ", c.refused,
                             " Nothing was changed."], className="alert alert-danger",
                            id="returns-refused-file"))
    accepted = c.rows_sent - c.sent_quarantined - len(c.refused_rows)
    sentence = (f"{format_number(c.rows_sent, 0)} row{'s' if c.rows_sent != 1 else ''} sent: "
                f"{format_number(max(accepted, 0), 0)} accepted, "
                f"{format_number(c.sent_quarantined, 0)} quarantined (left out of every "
                "figure until corrected)"
                + (f", {format_number(len(c.refused_rows), 0)} not taken (below)"
                   if c.refused_rows else "") + ".")
    parts.append(html.P(sentence, id="returns-counts"))
    if c.stem in R.MERGED:
        parts.append(html.P(
            f"Rows are added to the {c.stem} already held; "
            f"{format_number(c.replaced_rows, 0)} existing row"
            f"{'s are' if c.replaced_rows != 1 else ' is'} replaced by a row with the same "
            "indicator and period (the file as it is now is kept as a version). The file "
            f"would then hold {format_number(c.rows_accepted, 0)} accepted rows.",
            id="returns-merge"))
    if c.refused_rows:
        parts.append(_table(c.refused_rows, [("row", "Row"), ("message", "Why")],
                            "Rows not taken", "returns-refused-rows"))
    findings = [f for f in c.report if f["severity"] in ("error", "warning", "notice")]
    if findings:
        parts.append(_table(findings, [("severity", "Severity"), ("row", "Row"),
                                       ("column", "Column"), ("value", "Value"),
                                       ("message", "Message")],
                            "What the check found in the file", "returns-report"))
    else:
        parts.append(html.P("The check found nothing wrong in the file.",
                            id="returns-report-clean"))
    if c.elsewhere and c.suppressed:
        # a public_only user sees no record-level rows: how many, per file
        per_file: dict[str, int] = {}
        for f in c.elsewhere:
            per_file[f["file"]] = per_file.get(f["file"], 0) + 1
        parts.append(html.P("Findings that would newly quarantine rows of other files: "
                            + "; ".join(f"{k}: {format_number(v, 0)}"
                                        for k, v in per_file.items()) + ".",
                            id="returns-elsewhere"))
    elif c.elsewhere:
        parts.append(_table(c.elsewhere, [("file", "File"), ("row", "Row"),
                                          ("column", "Column"), ("message", "Message")],
                            "Rows of other files that would be quarantined",
                            "returns-elsewhere"))
    if c.suppressed:
        parts.append(html.P("The figures it changes are not shown: your account sees "
                            "public figures only.", id="returns-suppressed"))
    else:
        if c.rag_changes:
            parts.append(_table([{"area": r.get("name") or r["area_id"], "before": RAG_WORDS.get(
                r["before"], r["before"]), "after": RAG_WORDS.get(r["after"], r["after"])}
                for r in c.rag_changes],
                [("area", "Area"), ("before", "RAG now"), ("after", "RAG after")],
                "Area RAGs that would change", "returns-rags"))
        changes = [{"figure": x["figure"], "before": _value(x["before"]),
                    "after": _value(x["after"])} for x in c.summary_changes or []]
        if changes:
            parts.append(_table(changes, [("figure", "Figure"), ("before", "Now"),
                                          ("after", "After")],
                                "Figures that would change (no filters, the default period)",
                                "returns-figures"))
        else:
            parts.append(html.P("No figure would change.", id="returns-figures-none"))
    return html.Div(parts, id="returns-preview-body")


def versions_table(rows: list[dict]) -> html.Div:
    if not rows:
        return html.P("No data returns have been sent yet.", id="returns-log-empty")
    shown = [{**r, "sha256": (r.get("sha256") or "")[:12],
              "present": "" if not r.get("version_file") else
              ("kept" if r.get("present") else "gone")} for r in reversed(rows)]
    return _table(shown, [("time_utc", "Time (UTC)"), ("user", "User"), ("action", "Action"),
                          ("stem", "File"), ("uploaded_file", "Sent as"),
                          ("version_file", "Version kept"), ("present", "Still there"),
                          ("sha256", "SHA-256"), ("rows_accepted", "Accepted"),
                          ("rows_quarantined", "Quarantined")],
                  "The returns log, newest first", "returns-log")
