"""Data quality (/data-quality): when each file was loaded and what was accepted and
quarantined, missing returns by agency and period (views/returns_grid.py), the findings
counted by file and rule, and the validation report itself (file, row, column, value,
rule, message), listed by file and severity through the address (`file`, `severity`:
view parameters, never SQL) and paged. Every table is downloadable.

Public mode: the report's rows quote the data they found wrong, so its value column is
hidden, and so is the message of a row-level finding (it quotes values too); the rows
accepted from the files of records (contacts, audits, case reviews, training bookings)
are counts of records, so 1 to 5 show as c.
"""
from __future__ import annotations

from dash import dcc, html

from dashboard.address import merge_search
from dashboard.analysis.suppression import suppress_count
from dashboard.components.format import format_date, format_datetime, format_number, is_missing
from dashboard.components.notices import not_narrowed_note
from dashboard.components.tables import pager, table_view
from dashboard.views.panels import (
    CODE, COUNT, DATETIME, TEXT, Col, Panel, TableData, register, shown, shown_page,
)
from dashboard.views.returns_grid import QUERIES, returns_section
from dashboard.views.state import PAGE_SIZE, SEVERITIES, ViewState

PAGE = "data-quality"
# A broken quote can put the rest of a file into one cell: show its start, not 100 kB.
MAX_CELL_CHARS = 160
# product.md: counts of contacts, audit rows, reviews and bookings are suppressed 1-5
RECORD_STEMS = frozenset({"mash_contacts", "audits", "case_reviews", "training"})
HIDDEN_IN_PUBLIC = "(hidden in public mode)"
REPORT_ANCHOR = "report"


def _clip(value) -> str:
    text = str(value)
    if len(text) <= MAX_CELL_CHARS:
        return text
    return f"{text[:MAX_CELL_CHARS].rstrip()}… ({format_number(len(text), 0)} characters)"


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors', '1 row', '0 rows'."""
    return f"{format_number(n, 0)} {word}{'' if n == 1 else 's'}"


# ---- files loaded ---------------------------------------------------------------------
def _status(f: dict) -> str:
    if f["loaded"]:
        return "Loaded"
    if not f["supplied"]:
        return "Not supplied"
    return f"Not loaded: {f['reason']}"


def _files_data(ds, filters, state) -> TableData:
    rows = []
    for f in ds.file_loads():
        accepted = f["rows_accepted"]
        if filters.public and f["stem"] in RECORD_STEMS:
            accepted = suppress_count(accepted)
        rows.append({**f, "status": _status(f), "rows_accepted": accepted})
    return TableData(columns=[
        Col("file", "File", TEXT), Col("status", "Status", TEXT),
        Col("modified_at", "File last changed", DATETIME),
        Col("loaded_at", "Loaded by the dashboard", DATETIME),
        Col("size_bytes", "Size (bytes)", COUNT), Col("rows_accepted", "Rows accepted", COUNT),
        Col("rows_quarantined", "Rows quarantined", COUNT), Col("errors", "Errors", COUNT),
        Col("warnings", "Warnings", COUNT), Col("notices", "Notices", COUNT),
    ], rows=rows, implies_total=False)


# ---- findings by file and rule ----------------------------------------------------------
def _rules_data(ds, filters, state) -> TableData:
    report = ds.report
    rows = []
    if len(report):
        counts = (report.groupby(["file", "severity", "rule"], sort=False, dropna=False)
                  .size().reset_index(name="findings"))
        rows = [{k: (None if is_missing(v) else v) for k, v in r.items()}
                for r in counts.to_dict("records")]
    return TableData(columns=[Col("file", "File", TEXT), Col("severity", "Severity", CODE),
                              Col("rule", "Rule", TEXT), Col("findings", "Findings", COUNT)],
                     rows=rows, implies_total=False)


# ---- the report -------------------------------------------------------------------------
def chosen_findings(ds, state: ViewState):
    """The report's rows for the file and severity in the address (all when unset)."""
    report = ds.report
    if state.file:
        report = report[report["file"] == state.file]
    if state.severity:
        report = report[report["severity"] == state.severity]
    return report


def _report_data(ds, filters, state) -> TableData:
    chosen = chosen_findings(ds, state)
    page = chosen if state.limit is None else chosen.iloc[state.offset:state.offset + state.limit]
    columns = [Col("severity", "Severity", CODE), Col("file", "File", TEXT),
               Col("row", "Row", COUNT), Col("column", "Column", TEXT),
               Col("value", "Value", TEXT), Col("rule", "Rule", TEXT),
               Col("message", "Message", TEXT)]
    rows = []
    for r in page.to_dict("records"):
        r = {k: (None if is_missing(v) else v) for k, v in r.items()}
        r["row"] = None if r["row"] is None else int(r["row"])
        for key in ("value", "message"):
            if r[key] is not None:
                r[key] = _clip(r[key])
        if filters.public and r["row"] is not None:
            r["message"] = HIDDEN_IN_PUBLIC
        rows.append(r)
    if filters.public:
        columns = [c for c in columns if c.key != "value"]
    return TableData(columns=columns, rows=rows, total=len(chosen), implies_total=False)


FILES_PANEL = register(Panel(PAGE, "files", "Files: when loaded, rows accepted and "
                             "quarantined", _files_data))
RULES_PANEL = register(Panel(PAGE, "findings-by-rule", "Number of findings of each rule, "
                             "by file and severity", _rules_data))
REPORT_PANEL = register(Panel(PAGE, "report", "Validation report", _report_data))


def _choice(label: str, href: str, current: bool):
    return html.Li(html.Strong(label, **{"aria-current": "true"}) if current else
                   dcc.Link(label, href=href), className="me-3")


def _report_choices(ds, state: ViewState, search: str) -> list:
    """Links that list one file's or one severity's findings (kept in the address)."""
    report = ds.report

    def href(**changes):
        return merge_search(search, {**changes, "page": None}) + f"#{REPORT_ANCHOR}"

    files = [_choice("All files", href(file=None), state.file is None)]
    for name, n in report["file"].value_counts(sort=False).items():
        files.append(_choice(f"{name} ({n})", href(file=name), state.file == name))
    severities = [_choice("All severities", href(severity=None), state.severity is None)]
    for s in SEVERITIES:
        n = int((report["severity"] == s).sum())
        severities.append(_choice(f"{s.capitalize()}s ({n})", href(severity=s),
                                  state.severity == s))
    return [html.Ul(files, className="list-unstyled d-flex flex-wrap small mb-1",
                    **{"aria-label": "Findings of which file"}),
            html.Ul(severities, className="list-unstyled d-flex flex-wrap small mb-2",
                    **{"aria-label": "Findings of which severity"})]


def report_caption(state: ViewState) -> str:
    """'Validation report: every finding', or which findings the address lists."""
    if not (state.file or state.severity):
        return "Validation report: every finding"
    which = f"{state.severity}s" if state.severity else "findings"
    return f"Validation report: the {which}" + (f" of {state.file}" if state.file else "")


def _report_section(ds, filters, state: ViewState, search: str) -> html.Section:
    heading = html.H2("Validation report", className="h4", id=REPORT_ANCHOR, tabIndex="-1")
    if not len(ds.report):
        return html.Section([heading, html.P("No findings: every file passed validation.")],
                            className="mb-4")
    table, state = shown_page(REPORT_PANEL, ds, filters, state)
    parts = [heading, *_report_choices(ds, state, search)]
    if filters.public:
        parts.append(html.P("Public mode: the Value column, and the message of each finding "
                            "about a row, are hidden, since they quote the data.",
                            className="small", id="report-public-note"))
    parts += [table_view(table, report_caption(state), table_id="validation-report",
                         download_href=REPORT_PANEL.download_href, search=search),
              pager(table.total or 0, state, search, PAGE_SIZE)]
    return html.Section(parts, className="mb-4", **{"aria-labelledby": REPORT_ANCHOR})


def _section(title: str, anchor: str, children: list) -> html.Section:
    return html.Section([html.H2(title, className="h4", id=anchor), *children],
                        className="mb-4", **{"aria-labelledby": anchor})


# ---- reloading (datasets.md "Reloading") ------------------------------------------------
RELOAD_BUTTON_ID = "reload-now"
RELOAD_RESULT_ID = "reload-result"


def blocker_view(blocked) -> html.Div:
    """What stopped the last reload, file by file, and when."""
    items = [html.Li([html.Strong(f or "The folder"),
                      ": " + (m[len(f) + 2:] if f and m.startswith(f + ": ") else m)])
             for f, m in blocked.problems]
    return html.Div(
        [html.P(f"The last reload, at {format_datetime(blocked.at)}, was refused, so the "
                "data loaded before it is still shown. What blocked it:", className="mb-1"),
         html.Ul(items, className="mb-0")],
        className="alert alert-warning", id="reload-blocked", role="alert")


def reload_section(blocked, allowed: bool, quiet_s: int = 10) -> html.Section:
    """The last reload's blocker, if any, and the "Reload now" button for those allowed."""
    parts = [html.P("The dashboard reads the folder again when its files change, once "
                    f"none has changed for {plural(quiet_s, 'second')} (reload_quiet_s). "
                    "A file that changed and can no longer be read blocks the reload: the "
                    "data loaded before keeps serving, whole.", className="small")]
    if blocked is not None:
        parts.append(blocker_view(blocked))
    if allowed:
        parts += [html.Button("Reload now", id=RELOAD_BUTTON_ID, type="button",
                              className="btn btn-outline-primary btn-sm no-print"),
                  html.Div(id=RELOAD_RESULT_ID, role="status", className="mt-2")]
    return _section("Reloading", "reloading", parts)


def reload_now(href: str):
    """The "Reload now" button: reload the folder at once (checked again here, not only
    by hiding the button) and say what happened."""
    from dashboard.reload import can_reload
    from dashboard.views.context import dataset_holder
    from dashboard.views.shell import loaded_words

    if not can_reload():
        return html.P("Only a signed-in user can reload the data.", className="text-danger")
    holder = dataset_holder()
    if not holder.reload_everywhere("Reload now"):
        return blocker_view(holder.blocked)
    ds = holder.current
    return html.P([f"Reloaded: data as of {format_date(ds.as_of)}, "
                   f"{loaded_words(ds.loaded_at)}. ",
                   html.A("Show the new data", href=href, className="alert-link")],
                  className="alert alert-success mb-0", **{"data-reloaded": "true"})


def render(ds, filters, state: ViewState | None = None, search: str = "",
           reload: tuple | None = None) -> html.Div:
    """`reload`: (the last reload's blocker or None, may this user reload) from the
    dataset holder; None leaves the reloading section out."""
    state = state or ViewState()
    counts = ds.validation_counts()
    summary = (f"{plural(counts['errors'], 'error')}, {plural(counts['warnings'], 'warning')}, "
               f"{plural(counts['quarantined_rows'], 'row')} quarantined (left out of every "
               "figure).")
    files = shown(FILES_PANEL, ds, filters, state)
    rules = shown(RULES_PANEL, ds, filters, state)
    return html.Div([
        html.H1("Data quality", className="h2"),
        html.P("Whether every file arrived and passed validation, and which indicator "
               "returns are missing.", className="lead mb-1"),
        html.P(f"Validation report of {ds.folder.name}: {summary}",
               **{"data-validation-counts": "true"}),
        html.P(f"The folder was loaded at {format_datetime(ds.loaded_at)}; figures are as of "
               f"{format_date(ds.as_of)}. The filters narrow only the returns grid.",
               className="text-body-secondary small", id="loaded-at"),
        reload_section(*reload, quiet_s=ds.partnership.reload_quiet_s)
        if reload is not None else None,
        not_narrowed_note(filters, QUERIES, "the returns grid"),
        _section("Files", "files", [
            table_view(files, FILES_PANEL.title, table_id="files-table",
                       download_href=FILES_PANEL.download_href, search=search),
            html.P("Rows accepted from the files of contacts, audits, case reviews and "
                   "training bookings show as c from 1 to 5 in public mode.",
                   className="small text-body-secondary") if filters.public else None]),
        returns_section(ds, filters, state, search),
        _section("Findings by file and rule", "findings-by-rule", [
            table_view(rules, RULES_PANEL.title, table_id="findings-by-rule-table",
                       download_href=RULES_PANEL.download_href, search=search)
            if rules.rows else html.P("No findings.")]),
        _report_section(ds, filters, state, search),
    ], id="data-quality")
