"""Voice (/voice): "You said, we did" (metrics.md "Voice"): what children, parents and
carers and practitioners told the partnership, what was done and whether it was fed
back; figures by source, channel and area and over time; and the log itself, searchable
and narrowed by source and channel, with what still awaits a response after 90 days
first.

Voice entries are written to be published: no count here is suppressed in public mode
and the log stays visible there (product.md).
"""
from __future__ import annotations

import datetime as dt

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.address import merge_search
from dashboard.analysis.periods import add_months
from dashboard.analysis.values import clean, plain, to_date
from dashboard.components.breakdown import bar_figure, chart_panel
from dashboard.components.format import format_period, humanise_code
from dashboard.components.multi_charts import series_lines
from dashboard.components.tables import pager, table_view
from dashboard.data import contract as C
from dashboard.views import queries
from dashboard.views.deepdive import (
    RECORDS_ANCHOR, Figure, RecordView, code_rows, figure_tiles, figures_table,
    missing_file, page_heading,
)
from dashboard.views.panels import (
    COUNT, DATE, NUMBER, PERCENT, TEXT, CODE, Col, Panel, TableData, register, shown,
)
from dashboard.views.state import MAX_SEARCH, PAGE_SIZE, ViewState, rows_search

PAGE = "voice"
STEM = "voice"
QUERIES = ("voice_figures", "voice_log")
SECTION = "voice"
SEARCH_INPUT, SEARCH_BUTTON = "voice-search", "voice-search-button"
SOURCE_SELECT, CHANNEL_SELECT = "voice-source", "voice-channel"

HEARD = Col("heard", "Heard", COUNT)
BY_SOURCE = tuple(Col(f"heard_{s}", f"Heard from {humanise_code(s).lower()}", COUNT)
                  for s in C.VOICE_SOURCES)
BY_CHANNEL = tuple(Col(f"heard_{c}", humanise_code(c), COUNT)
                   for c in C.VOICE_CHANNELS)
RESPONDED = Col("responded_pct", "Responded", PERCENT)
FED_BACK = Col("fed_back_pct", "Fed back", PERCENT)
MEDIAN = Col("median_days_to_response", "Days to respond (median)", NUMBER)
AWAITING = Col("awaiting_over_90d", "Awaiting a response over 90 days", COUNT)
FIGURES = (
    Figure(SECTION, HEARD, "all"),
    *(Figure(SECTION, c, definition="voice.by_source") for c in BY_SOURCE),
    Figure(SECTION, RESPONDED, "no_response"), Figure(SECTION, FED_BACK, "not_fed_back"),
    Figure(SECTION, MEDIAN), Figure(SECTION, AWAITING, "awaiting", as_at=True),
)
# awaiting_over_90d in a breakdown is never period-filtered: its label says so
AWAITING_ANY = Col("awaiting_over_90d", "Awaiting over 90 days (heard on any date)", COUNT)
BREAKDOWN_COLS = [Col("label", "Category", TEXT, sortable=False), HEARD, RESPONDED, FED_BACK,
                  MEDIAN, AWAITING_ANY]
MONTH_COLS = [Col("label", "Month", TEXT, sortable=False), HEARD, *BY_SOURCE, RESPONDED,
              FED_BACK]
MONTH_CHANNEL_COLS = [Col("label", "Month", TEXT, sortable=False), HEARD, *BY_CHANNEL]
# breakdown -> (title, the filter a bar narrows to, or None, the codes listed even at 0)
BREAKDOWNS = {
    "source": ("Heard by source", None, C.VOICE_SOURCES),
    "channel": ("Heard by channel", None, C.VOICE_CHANNELS),
    "area_id": ("Heard by priority area", "area", None),
}
RECORD_VIEWS = (
    RecordView("all", "Everything heard in the period"),
    RecordView("awaiting", "Awaiting a response over 90 days (heard on any date)"),
    RecordView("no_response", "Not yet responded to"),
    RecordView("not_fed_back", "Not yet fed back"),
)
LOG_COLS = [
    Col("voice_id", "Entry", TEXT), Col("heard_on", "Heard on", DATE),
    Col("source", "Source", CODE), Col("channel", "Channel", CODE),
    Col("area_name", "Priority area", TEXT), Col("theme", "Theme", TEXT),
    Col("you_said", "You said", TEXT), Col("we_did", "We did", TEXT),
    Col("responded_on", "Responded on", DATE), Col("fed_back_on", "Fed back on", DATE),
    Col("status", "Status at the as-of date", TEXT, sortable=False),
]
SORTABLE = {c.key for c in LOG_COLS if c.sortable}


def status_words(r: dict) -> str:
    """Where an entry stands at as_of, in words."""
    status = r.get("status")
    if status in ("awaiting_over_90d", "awaiting"):
        days = int(r.get("days_waiting") or 0)
        words = f"Awaiting a response ({days} day{'' if days == 1 else 's'})"
        return words + (", over 90 days" if status == "awaiting_over_90d" else "")
    if status == "fed_back":
        return "Responded and fed back"
    return "Responded, not yet fed back"


# ---- panels ----------------------------------------------------------------------------
def _figures_data(ds, filters, state) -> TableData:
    frame = ds.run("voice_figures", filters, breakdown="none")
    row = frame.to_dict("records")[0] if len(frame) else None
    return figures_table(row, FIGURES)


def _area_names(ds) -> dict[str, str]:
    return {a["area_id"]: a["name"] for a in queries.priority_areas(ds)}


def _breakdown_data(breakdown: str):
    _, _, codes = BREAKDOWNS[breakdown]

    def data(ds, filters, state) -> TableData:
        rows = code_rows(ds.rows("voice_figures", filters, breakdown=breakdown).records())
        by_code = {r["code"]: r for r in rows}
        if breakdown == "area_id":
            # every area the filter leaves, in priority_areas.csv order, 0 when none
            names = _area_names(ds)
            wanted = [a for a in names if filters.area is None or a in filters.area]
            listed = wanted + [c for c in by_code if c not in names]
        else:
            names, listed = {}, list(codes)
        out = []
        for code in listed:
            row = by_code.get(code) or {"code": code, "heard": 0, "awaiting_over_90d": 0}
            if code == "none" and not (row.get("heard") or row.get("awaiting_over_90d")):
                continue   # 'Not recorded' only when an entry has no area
            out.append({**row, "label": names.get(code) or row.get("label")
                        or humanise_code(code)})
        return TableData(columns=BREAKDOWN_COLS, rows=out, implies_total=False)
    return data


def _months(ds, filters, rows: list[dict]) -> list[dt.date]:
    """Every month of the period, so a month with nothing heard shows as 0 (from=all:
    from the first month anything was heard)."""
    start, end = filters.period(ds.as_of)
    end = min(end, ds.as_of)
    heard = [to_date(r["category"]) for r in rows if r.get("heard")]
    if start is None:
        if not heard:
            return []
        start = min(heard)
    month, last = start.replace(day=1), end.replace(day=1)
    out = []
    while month <= last:
        out.append(month)
        month = add_months(month, 1)
    return out


def _month_data(columns: list[Col]):
    """Heard per month of the period, one column per source or per channel."""
    def data(ds, filters, state) -> TableData:
        frame = ds.run("voice_figures", filters, breakdown="month")
        found = {r["category"]: r for r in (
            {k: clean(v) for k, v in r.items()} for r in frame.to_dict("records"))}
        rows = []
        for month in _months(ds, filters, list(found.values())):
            r = found.get(month.isoformat()) or {"heard": 0, **{
                c.key: 0 for c in (*BY_SOURCE, *BY_CHANNEL)}}
            rows.append({**{c.key: r.get(c.key) for c in columns},
                         "period": month.isoformat(),
                         "label": format_period(month, "monthly")})
        return TableData(columns=columns, rows=rows, implies_total=False)
    return data


def log_view(state: ViewState) -> str:
    keys = {v.key for v in RECORD_VIEWS}
    return state.rows if state.rows in keys else RECORD_VIEWS[0].key


def _log_data(ds, filters, state: ViewState) -> TableData:
    """The log under the filters, the record view, the search and source / channel,
    sorted and paged in SQL. The search is bound as $search, never put into SQL text."""
    sort = state.sort if state.sort in SORTABLE else None
    frame, total = ds.run_table(
        "voice_log", filters, view=log_view(state), search=state.q,
        source=list(state.source) if state.source else None,
        channel=list(state.channel) if state.channel else None,
        sort=sort, descending=state.descending, limit=state.limit, offset=state.offset)
    rows = []
    for r in frame.to_dict("records"):
        row = {c.key: plain(r.get(c.key)) for c in LOG_COLS}
        row["area_name"] = row["area_name"] if isinstance(row["area_name"], str) else (
            "Not recorded")
        row["status"] = status_words(r)
        rows.append(row)
    return TableData(columns=LOG_COLS, rows=rows, total=total, implies_total=False)


FIGURES_PANEL = register(Panel(PAGE, "figures", "Voice figures", _figures_data))
MONTH_PANEL = register(Panel(PAGE, "by-month", "Heard per month, by source",
                             _month_data(MONTH_COLS)))
MONTH_CHANNEL_PANEL = register(Panel(PAGE, "by-month-channel", "Heard per month, by channel",
                                     _month_data(MONTH_CHANNEL_COLS)))
BREAKDOWN_PANELS = {b: register(Panel(PAGE, f"by-{b.replace('_id', '').replace('_', '-')}",
                                      title, _breakdown_data(b)))
                    for b, (title, _, _) in BREAKDOWNS.items()}
# the log is written to be published: not a record table, so public mode keeps it
LOG_PANEL = register(Panel(PAGE, "log", "You said, we did", _log_data))


# ---- the page --------------------------------------------------------------------------
def _bar_words(table: TableData) -> str:
    total = sum(r.get("heard") or 0 for r in table.rows)
    if not total:
        return "Nothing heard in the period matches the filters."
    top = max(table.rows, key=lambda r: r.get("heard") or 0)
    return f"{total:,} heard in the period; the most: {top['label']} ({top['heard']:,})."


def _month_words(months: TableData, per: str = "source") -> str:
    if not months.rows:
        return "Nothing heard in the period."
    busiest = max(months.rows, key=lambda r: r.get("heard") or 0)
    return (f"Entries heard each month from {months.rows[0]['label']} to "
            f"{months.rows[-1]['label']}, one line per {per}; the most in "
            f"{busiest['label']} ({busiest['heard']:,}).")


def charts(ds, filters, state, search: str) -> list:
    months = shown(MONTH_PANEL, ds, filters, state)
    out = [chart_panel(MONTH_PANEL, months, series_lines(months, "period", "label", BY_SOURCE),
                       words=_month_words(months), search=search,
                       drill_param="period:monthly", label_key="label", code_key="period")]
    by_channel = shown(MONTH_CHANNEL_PANEL, ds, filters, state)
    out.append(chart_panel(MONTH_CHANNEL_PANEL, by_channel,
                           series_lines(by_channel, "period", "label", BY_CHANNEL),
                           words=_month_words(by_channel, "channel"), search=search,
                           drill_param="period:monthly", label_key="label",
                           code_key="period"))
    for breakdown, (title, param, _) in BREAKDOWNS.items():
        panel = BREAKDOWN_PANELS[breakdown]
        table = shown(panel, ds, filters, state)
        out.append(chart_panel(panel, table, bar_figure(table, "label", HEARD, "code"),
                               words=_bar_words(table),
                               search=search, drill_param=param, label_key="label",
                               code_key="code"))
    return out


ANY = "any"   # the lists' "any source" / "any channel" (a native select needs a value)


def _select(id_: str, label: str, codes, chosen) -> html.Div:
    """A native list of one code or any; several codes from the address show as one
    choice ("Children, Practitioners")."""
    value = ",".join(chosen) if chosen else ANY
    options = [{"label": f"Any {label.lower()}", "value": ANY}]
    if chosen and len(chosen) > 1:
        options.append({"label": ", ".join(humanise_code(c) for c in chosen), "value": value})
    options += [{"label": humanise_code(c), "value": c} for c in codes]
    return html.Div([html.Label(label, htmlFor=id_, className="form-label"),
                     dbc.Select(id=id_, options=options, value=value,
                                className="form-select form-select-sm")],
                    className="col-6 col-md-3")


def search_form(state: ViewState, search: str) -> html.Div:
    """The log's search box and its source and channel lists: each writes the address
    (`q`, `source`, `channel`), so a search is a link too."""
    clear = merge_search(search, {"q": None, "source": None, "channel": None, "page": None})
    return html.Div([
        html.Div([html.Label("Search the log", htmlFor=SEARCH_INPUT, className="form-label"),
                  html.Div([dcc.Input(id=SEARCH_INPUT, type="search", value=state.q or "",
                                      debounce=True, maxLength=MAX_SEARCH,
                                      className="form-control form-control-sm",
                                      placeholder="a word or phrase"),
                            html.Button("Search", id=SEARCH_BUTTON, n_clicks=0,
                                        className="btn btn-dark btn-sm")],
                           className="input-group")],
                 className="col-12 col-md-6"),
        _select(SOURCE_SELECT, "Source", C.VOICE_SOURCES, state.source),
        _select(CHANNEL_SELECT, "Channel", C.VOICE_CHANNELS, state.channel),
        html.Div(dcc.Link("Clear the search", href="/voice" + clear, className="small"),
                 className="col-12") if (state.q or state.source or state.channel) else None,
    ], className="row g-2 mb-2 no-print", role="search", **{"aria-label": "Search the log"})


def log_search(search: str | None, q: str | None, source: str | None,
               channel: str | None) -> str:
    """The address after the log's search form changes: the search words, source and
    channel set (blank removes them), the table back at page 1."""
    return merge_search(search, {"q": " ".join((q or "").split()) or None,
                                 "source": None if source in (None, "", ANY) else source,
                                 "channel": None if channel in (None, "", ANY) else channel,
                                 "page": None})


def log_section(ds, filters, state: ViewState, search: str) -> html.Section:
    current = log_view(state)
    choice = html.Ul([
        html.Li(html.Strong(v.label, **{"aria-current": "true"}) if v.key == current else
                dcc.Link(v.label, href=rows_search(search, v.key) + f"#{RECORDS_ANCHOR}"),
                className="me-3")
        for v in RECORD_VIEWS], className="list-unstyled d-flex flex-wrap small mb-2",
        **{"aria-label": "Which entries"})
    table = shown(LOG_PANEL, ds, filters, state)
    label = next(v.label for v in RECORD_VIEWS if v.key == current)
    found = table.total or 0
    narrowed = [f"“{state.q}”"] if state.q else []
    narrowed += [humanise_code(c) for c in (state.source or ()) + (state.channel or ())]
    count = (f"{found:,} entr{'y' if found == 1 else 'ies'}"
             + (f" matching {', '.join(narrowed)}" if narrowed else "") + ".")
    return html.Section(
        [html.H2("You said, we did: the log", className="h4", id=RECORDS_ANCHOR,
                 tabIndex="-1"),
         html.P("What was said and what was done, as written to be published. Entries "
                "still waiting for a response after 90 days come first. The search looks "
                "in the theme, what was said and what was done; capitals do not matter.",
                className="small text-body-secondary"),
         choice, search_form(state, search),
         html.P(count, className="small", id="log-count", role="status",
                **{"data-log-total": str(found)}),
         table_view(table, f"{label}: you said, we did", table_id="voice-log-table",
                    state=state, sortable=True, download_href=LOG_PANEL.download_href,
                    search=merge_search(search, {"rows": current})),
         pager(found, state, search, PAGE_SIZE)],
        className="mb-4", **{"aria-labelledby": RECORDS_ANCHOR})


def render(ds, filters, state, search: str) -> html.Div:
    heading = page_heading(ds, filters, "Voice: you said, we did",
                           "What children, parents and carers and practitioners told the "
                           "partnership, what was done about it and whether they were told.",
                           QUERIES, (STEM,), search)
    missing = missing_file(ds, STEM, "The voice figures", search)
    if missing is not None:
        return html.Div([*heading, missing], id="voice")
    figures = shown(FIGURES_PANEL, ds, filters, state)
    return html.Div(
        [*heading,
         html.H2("Figures for the period", className="visually-hidden"),
         # the log is published, so its links stay in public mode
         figure_tiles(figures, FIGURES, search, download_href=FIGURES_PANEL.download_href,
                      public=False),
         html.H2("Over time and by source, channel and area", className="h4"),
         html.Div([html.Div(c, className="col-12 col-xl-6")
                   for c in charts(ds, filters, state, search)], className="row g-3"),
         log_section(ds, filters, state, search)],
        id="voice")
