"""Actions and recommendations (/actions): the tracker of every action raised by the
as-of date (source, owner, area, due date, status at as_of, days overdue, evidence, the
indicator it is meant to move), its headline figures, breakdowns by source, owner, area,
subgroup and status, and completion on time by quarter (metrics.md "Actions" and
"Linked actions").

Actions are always as at as_of: never narrowed by the period or the agency. Counts of
actions are never suppressed in public mode (product.md: written to be published), and
the tracker is not a record-level table about children, so it stays visible in public
mode too (its panel is not `records`).
"""
from __future__ import annotations

from dataclasses import replace

from dash import dcc, html

from dashboard.address import merge_search
from dashboard.analysis import periods
from dashboard.analysis.values import clean, plain, to_date
from dashboard.components.breakdown import bar_figure, chart_panel, trend_figure
from dashboard.components.format import format_date, format_period, overdue_words
from dashboard.components.stacked_bars import Part, stacked_bar_figure
from dashboard.data import contract as C
from dashboard.views import queries
from dashboard.views.deepdive import (
    Figure, RecordView, code_rows, figure_tiles, figures_by, figures_table,
    figures_together, missing_file,
    page_heading, records_section,
)
from dashboard.views.panels import (
    CODE, COUNT, DATE, PERCENT, TEXT, Col, Panel, TableData, order_rows, register, shown,
)
from dashboard.views.state import VIEW_PARAMS

PAGE = "actions"
STEM = "actions"
QUERIES = ("action_figures", "actions_tracker", "actions_on_time_by_quarter")

# Counts of actions are never small (product.md): no `small`, no `base`.
TOTAL = Col("total", "Actions", COUNT)
OPEN = Col("open", "Open", COUNT)
OVERDUE = Col("overdue", "Overdue", COUNT)
COMPLETED = Col("completed", "Completed", COUNT)
ON_TIME = Col("completed_on_time_pct", "Completed on time", PERCENT)
IMPACT = Col("impact_evidenced_pct", "Impact evidenced", PERCENT)
OPEN_NOT_DUE = Col("open_not_due", "Open, not yet due", COUNT)
FIGURES = (
    Figure("actions", TOTAL, "all"), Figure("actions", OPEN, "open"),
    Figure("actions", OVERDUE, "overdue"), Figure("actions", COMPLETED, "completed"),
    Figure("actions", ON_TIME, "completed"), Figure("actions", IMPACT, "impact_evidenced"),
)
BREAKDOWN_COLS = [Col("label", "Category", TEXT, sortable=False), TOTAL, OPEN, OVERDUE,
                  COMPLETED, ON_TIME, IMPACT]
# the parts of a bar: what needs attention first, hatched as well as red
PARTS = (Part(OVERDUE, "Overdue", "#b3261e", "/"),
         Part(OPEN_NOT_DUE, "Open, not yet due", "#0b3d91"),
         Part(COMPLETED, "Completed", "#5f6368"))
# breakdown -> (title, the filter a bar narrows to, or None)
# (in the order drawn: owners, many and long-named, last and at full width)
BREAKDOWNS = {
    "source_type": ("Actions by source", "source-type"),
    "area_id": ("Actions by priority area", "area"),
    "subgroup": ("Actions by subgroup", None),
    "status": ("Actions by status at the as-of date", "status"),
    "owner": ("Actions by owner", "owner"),
}
WIDE = ("owner", "on-time-by-quarter")
RECORD_VIEWS = (
    RecordView("all", "All actions"),
    RecordView("open", "Open"),
    RecordView("overdue", "Overdue"),
    RecordView("completed", "Completed"),
    RecordView("impact_evidenced", "Impact evidenced"),
)
TRACKER_COLS = [
    # what a meeting asks first (what, who, when, where it stands) comes first, so a
    # narrow screen shows it before the table scrolls sideways
    Col("action_id", "Action", TEXT), Col("recommendation", "Recommendation", TEXT),
    Col("owner", "Owner", TEXT), Col("due_on", "Due", DATE), Col("status", "Status", CODE),
    # words, not only a number: "304 days overdue" (sorted by the number, in SQL)
    Col("days_overdue", "Days overdue", TEXT),
    Col("completed_on", "Completed", DATE), Col("source_type", "Source", CODE),
    Col("source_ref", "Source reference", TEXT), Col("area_name", "Priority area", TEXT),
    Col("subgroup", "Subgroup", TEXT), Col("raised_on", "Raised", DATE),
    Col("evidence", "Evidence", TEXT), Col("indicator_name", "Indicator", TEXT),
]
# kept beside the columns (not shown): where the indicator's link goes
LINK_KEYS = ("indicator_id", "indicator_area_id")
QUARTER_COLS = [Col("label", "Quarter due", TEXT, sortable=False),
                Col("due", "Actions due", COUNT),
                Col("completed_on_time", "Completed on time", COUNT),
                Col("completed_on_time_pct", "Completed on time (%)", PERCENT)]


# ---- panel data -------------------------------------------------------------------------
def _figure_row(ds, filters) -> dict | None:
    rows = figures_by(ds, "action_figures", filters, "none")
    return rows[0] if rows else None


def _figures_data(ds, filters, state) -> TableData:
    return figures_table(_figure_row(ds, filters), FIGURES)


def _area_names(ds) -> dict[str, str]:
    return {a["area_id"]: a["name"] for a in queries.priority_areas(ds)}


def _breakdown_data(breakdown: str):
    def data(ds, filters, state) -> TableData:
        # owner is free text: a comma in it is written \, in the address (product.md)
        rows = code_rows(figures_by(ds, "action_figures", filters, breakdown), (lambda c: c.replace(",", "\\,")) if breakdown == "owner"
                         else (lambda c: c))
        names = _area_names(ds) if breakdown == "area_id" else {}
        for r in rows:
            r["open_not_due"] = (r.get("open") or 0) - (r.get("overdue") or 0)
            if breakdown == "owner":              # grouped as the filter matches owners
                r["label"] = r["written"]           # (case-insensitive), first spelling
            elif breakdown == "subgroup" and r["code"] != "none":
                r["label"] = r["category"]          # free text: as written, not recased
            elif breakdown == "area_id" and r["code"] != "none":
                r["label"] = names.get(r["category"], r["category"])
        codes = C.ACTION_STATUSES if breakdown == "status" else None
        return TableData(columns=BREAKDOWN_COLS, rows=order_rows(rows, codes, by="total"))
    return data


def _quarter_data(ds, filters, state) -> TableData:
    """The computed indicator actions_completed_on_time (metrics.md): its complete
    quarters, from every action whatever the filters (as its indicator card shows it)."""
    rows = []
    for r in ds.run("actions_on_time_by_quarter").to_dict("records"):
        start = to_date(r["category"])
        value = clean(r["completed_on_time_pct"])
        if value is None or not periods.is_complete(start, "quarterly", ds.as_of):
            continue
        rows.append({"period": start.isoformat(), "label": format_period(start, "quarterly"),
                     "due": clean(r["due"]), "completed_on_time": clean(r["completed_on_time"]),
                     "completed_on_time_pct": value})
    return TableData(columns=QUARTER_COLS, rows=rows, implies_total=False)


def _tracker_data(ds, filters, state) -> TableData:
    """The tracker: every action of the chosen view, sorted and paged in SQL."""
    keys = {v.key for v in RECORD_VIEWS}
    view = state.rows if state.rows in keys else RECORD_VIEWS[0].key
    sort = state.sort if state.sort in {c.key for c in TRACKER_COLS} else None
    frame, total = ds.run_table("actions_tracker", filters, view=view, sort=sort,
                                descending=state.descending, limit=state.limit,
                                offset=state.offset)
    rows = []
    for r in frame.to_dict("records"):
        row = {k: plain(r.get(k)) for k in (*(c.key for c in TRACKER_COLS), *LINK_KEYS)}
        row["days_overdue"] = overdue_words(row["days_overdue"])
        if row["area_name"] is None:      # priority_areas unavailable: the code itself
            row["area_name"] = plain(r.get("area_id"))
        if row["indicator_name"] is None:
            row["indicator_name"] = row["indicator_id"]
        rows.append(row)
    return TableData(columns=TRACKER_COLS, rows=rows, total=total, implies_total=False)


FIGURES_PANEL = register(Panel(PAGE, "figures", "Actions figures", _figures_data))
BREAKDOWN_PANELS = {b: register(Panel(PAGE, f"by-{b.replace('_', '-')}", title,
                                      _breakdown_data(b)))
                    for b, (title, _) in BREAKDOWNS.items()}
QUARTER_PANEL = register(Panel(PAGE, "on-time-by-quarter",
                               "Completed on time, by quarter due", _quarter_data))
# not `records`: the tracker is about actions, not children, and stays in public mode
TRACKER_PANEL = register(Panel(PAGE, "tracker", "Action tracker", _tracker_data))


# ---- the screen -------------------------------------------------------------------------
def filters_only(search: str) -> str:
    """The address's filters without the tracker's view state (for links to other pages)."""
    return merge_search(search, {k: None for k in VIEW_PARAMS})


def tracker_screen(search: str):
    """The tracker's cells as the screen shows them: days overdue marked in colour beside
    its words, the indicator a link to its area page (keeping the filters)."""
    def decorate(table: TableData) -> TableData:
        rows = []
        for r in table.rows:
            r = dict(r)
            if r.get("days_overdue"):
                r["days_overdue"] = html.Span(r["days_overdue"], className="overdue-text")
            if r.get("indicator_name") and r.get("indicator_area_id"):
                r["indicator_name"] = dcc.Link(
                    r["indicator_name"],
                    href=f"/area/{r['indicator_area_id']}{filters_only(search)}")
            rows.append(r)
        return replace(table, rows=rows)
    return decorate


def _bars_words(table: TableData, breakdown: str) -> str:
    if not table.rows:
        return "No actions match the filters."
    most = max(table.rows, key=lambda r: r.get("overdue") or 0)
    count = f"{len(table.rows)} {'category' if len(table.rows) == 1 else 'categories'}"
    if not most.get("overdue"):
        return f"{count}; none has an overdue action."
    return (f"{count}; the most overdue: {most['label']} ({most['overdue']:,} of "
            f"{most['total']:,}).")


def _status_words(table: TableData) -> str:
    if not table.rows:
        return "No actions match the filters."
    return "; ".join(f"{r['label']} {r['total']:,}" for r in table.rows) + "."


def _quarter_words(table: TableData) -> str:
    if not table.rows:
        return "No complete quarter has actions due yet."
    last = table.rows[-1]
    return (f"The computed indicator: of the actions due in each complete quarter, the share "
            f"completed by their due date, from every action whatever the filters. "
            f"{last['label']}: {last['completed_on_time']:,} of {last['due']:,} on time.")


def render(ds, filters, state, search: str) -> html.Div:
    heading = page_heading(
        ds, filters, "Actions and recommendations",
        "Every recommendation and action tracked to completion, as at the as-of date: the "
        "period and the agency filter never narrow them (owners are written as text: "
        "filter by owner instead).", QUERIES, (STEM,), search)
    missing = missing_file(ds, STEM, "The actions tracker", search)
    if missing is not None:
        return html.Div([*heading, missing], id="actions-page")
    # every panel's rows in one run, and the record table's page beside it
    figures_together(ds, "action_figures", filters, records=(TRACKER_PANEL, state, RECORD_VIEWS))
    row = _figure_row(ds, filters) or {}
    figures = shown(FIGURES_PANEL, ds, filters, state)
    counts = {"all": row.get("total"), "open": row.get("open"), "overdue": row.get("overdue"),
              "completed": row.get("completed"),
              "impact_evidenced": row.get("impact_evidenced")}
    counts = {k: int(v) for k, v in counts.items() if clean(v) is not None}
    charts = []
    for breakdown, (title, param) in BREAKDOWNS.items():
        panel = BREAKDOWN_PANELS[breakdown]
        table = shown(panel, ds, filters, state)
        if breakdown == "status":
            figure, words = bar_figure(table, "label", TOTAL, "code"), _status_words(table)
        else:
            figure = stacked_bar_figure(table, "label", PARTS, "code")
            words = _bars_words(table, breakdown)
        charts.append((breakdown, chart_panel(
            panel, table, figure, words=words, search=search, drill_param=param,
            label_key="label", code_key="code")))
    quarters = shown(QUARTER_PANEL, ds, filters, state)
    charts.append((QUARTER_PANEL.key, chart_panel(
        QUARTER_PANEL, quarters,
        trend_figure(quarters, "period", "label", QUARTER_COLS[-1]),
        words=_quarter_words(quarters), search=search)))
    return html.Div(
        [*heading,
         # actions are published: their counts are never suppressed, so the tiles keep
         # their links to the tracker in public mode too
         figure_tiles(figures, FIGURES, search, download_href=FIGURES_PANEL.download_href,
                      counts=counts, public=False),
         html.H2("By source, owner, area, subgroup and status", className="h4"),
         html.Div([html.Div(c, className="col-12" if key in WIDE else "col-12 col-xl-6")
                   for key, c in charts],
                  className="row g-3"),
         records_section(TRACKER_PANEL, ds, filters, state, search, RECORD_VIEWS, counts,
                         title="The action tracker",
                         what=f"as at {format_date(ds.as_of)}",
                         decorate=tracker_screen(search))],
        id="actions-page")
