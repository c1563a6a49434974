"""Case reviews (/case-reviews): serious incidents against the statutory timescales
(metrics.md "Case reviews"): notification to the national panel within 5 working days of
becoming aware, the rapid review within 15 working days of notification, and the LCSPR
published within six months of the decision; their figures by quarter of aware_on, the
outcomes, and each review's three clocks.

Case reviews are "reviews" (product.md): in public mode their counts from 1 to 5 and the
percentages worked from them show as c, and the review table, which is record-level, is
hidden.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.analysis import periods
from dashboard.analysis.values import clean, plain, to_date
from dashboard.components.breakdown import bar_figure, chart_panel, trend_figure
from dashboard.components.format import format_period
from dashboard.data import contract as C
from dashboard.definitions import definition_href
from dashboard.views.deepdive import (
    Figure, RecordView, code_rows, figure_tiles, figures_table, missing_file, page_heading,
    records_section,
)
from dashboard.views.panels import (
    CODE, COUNT, DATE, PERCENT, TEXT, Col, Panel, TableData, cell_text, order_rows, register,
    shown,
)

PAGE = "case-reviews"
STEM = "case_reviews"
QUERIES = ("case_review_figures", "case_review_clocks")

INCIDENTS = Col("incidents", "Incidents", COUNT, small=True)
NOTIFIED = Col("panel_notified_within_5wd_pct", "Panel notified within 5 working days",
               PERCENT, base=("notified", "notified_within_5wd"))
RAPID = Col("rapid_review_within_15wd_pct", "Rapid reviews within 15 working days", PERCENT,
            base=("rapid_reviews", "rapid_review_within_15wd"))
LCSPRS = Col("lcspr_count", "LCSPRs", COUNT, small=True)
RATE = Col("lcspr_rate_pct", "LCSPR rate", PERCENT, base=("outcomes_decided", "lcspr_count"))
WITHIN_6M = Col("lcspr_within_6m_pct", "LCSPRs published within 6 months", PERCENT,
                base=("lcsprs_published", "lcsprs_within_6m"))
LCSPR_OVERDUE = Col("lcspr_overdue", "LCSPRs overdue", COUNT, small=True)
FIGURES = (
    Figure("case_reviews", INCIDENTS, "all"),
    Figure("case_reviews", NOTIFIED, "overdue_or_late"),
    Figure("case_reviews", RAPID, "overdue_or_late"),
    Figure("case_reviews", LCSPRS, "lcspr"), Figure("case_reviews", RATE, "lcspr"),
    Figure("case_reviews", WITHIN_6M, "lcspr"),
    Figure("case_reviews", LCSPR_OVERDUE, "lcspr_overdue", as_at=True),
)
# the counts each derived figure is worked from (suppressed with it in public mode)
BASES = [Col(k, k, COUNT, small=True) for k in (
    "notified", "notified_within_5wd", "rapid_reviews", "rapid_review_within_15wd",
    "outcomes_decided", "lcsprs_published", "lcsprs_within_6m")]
QUARTER_COLS = [Col("label", "Quarter aware", TEXT, sortable=False), INCIDENTS, NOTIFIED,
                RAPID, LCSPRS]
OUTCOME_COLS = [Col("label", "Outcome at the as-of date", TEXT, sortable=False), INCIDENTS]
RECORD_VIEWS = (
    RecordView("all", "All reviews in the period"),
    RecordView("overdue_or_late", "Overdue or late"),
    RecordView("lcspr", "LCSPRs"),
    RecordView("lcspr_overdue", "LCSPRs overdue"),
    RecordView("pending", "Pending"),
)
CLOCK_COLS = [
    # each clock's verdict first (which are late or overdue, at a glance), then the dates
    # it was worked from
    Col("review_id", "Review", TEXT), Col("aware_on", "Aware", DATE),
    Col("outcome", "Outcome", CODE),
    Col("notify_words", "Notification (5 working days)", TEXT, sortable=False),
    Col("rapid_words", "Rapid review (15 working days)", TEXT, sortable=False),
    Col("lcspr_words", "LCSPR publication (6 months)", TEXT, sortable=False),
    Col("notify_due", "Notification due", DATE), Col("notified_on", "Panel notified", DATE),
    Col("rapid_due", "Rapid review due", DATE), Col("rapid_on", "Rapid review", DATE),
    Col("lcspr_decided_on", "LCSPR decided", DATE),
    Col("lcspr_due", "LCSPR publication due", DATE),
    Col("lcspr_published_on", "LCSPR published", DATE),
    Col("recommendations", "Recommendations", COUNT),
]
# clock (the prefix of its columns in case_review_clocks) -> (the unit of its days late
# or overdue, what an untimed clock lacks)
CLOCKS = {
    "notify": ("working day", "no awareness date"),
    "rapid": ("working day", "the panel has not been notified"),
    "lcspr": ("day", "no decision date"),
}


def clock_words(state: str | None, days, unit: str, untimed: str) -> str | None:
    """A clock at as_of in words: 'On time', 'Late by 3 working days', 'Not yet: overdue
    by 1 working day', 'Not yet: within time', 'Not timed: …'; None when there is no such
    clock (the LCSPR clock of a review that is not an LCSPR)."""
    if state is None:
        return None
    if state == "on_time":
        return "On time"
    if state == "untimed":
        return f"Not timed: {untimed}"
    if state == "running":
        return "Not yet: within time"
    n = int(days)
    by = f"{n:,} {unit}{'' if n == 1 else 's'}"
    return f"Late by {by}" if state == "late" else f"Not yet: overdue by {by}"


# ---- panel data -------------------------------------------------------------------------
def _figure_row(ds, filters) -> dict | None:
    frame = ds.run("case_review_figures", filters, breakdown="none")
    return frame.to_dict("records")[0] if len(frame) else None


def _figures_data(ds, filters, state) -> TableData:
    return figures_table(_figure_row(ds, filters), FIGURES, BASES)


def _quarters(ds, filters, seen: list[dt.date]) -> list[dt.date]:
    """Every quarter of the period (up to as_of), so a quarter with no incident shows 0;
    with from=all, from the first quarter with an incident."""
    date_from, date_to = filters.period(ds.as_of)
    last = periods.quarter_start(min(date_to, ds.as_of))
    first = periods.quarter_start(date_from) if date_from else (min(seen) if seen else None)
    out = []
    while first is not None and first <= last:
        out.append(first)
        first = periods.next_period(first, "quarterly")
    return out


def _quarter_data(ds, filters, state) -> TableData:
    records = ds.rows("case_review_figures", filters, breakdown="quarter").records()
    by_start = {to_date(r["category"]): r for r in code_rows(records)}
    seen = [q for q, r in by_start.items() if r.get("incidents")]
    rows = []
    for q in _quarters(ds, filters, seen):
        r = dict(by_start.get(q) or {"incidents": 0, "lcspr_count": 0})
        r.update(period=q.isoformat(), label=format_period(q, "quarterly"))
        rows.append(r)
    return TableData(columns=QUARTER_COLS, rows=rows)


def _outcome_data(ds, filters, state) -> TableData:
    records = ds.rows("case_review_figures", filters, breakdown="outcome").records()
    rows = [r for r in code_rows(records) if r.get("incidents")]
    return TableData(columns=OUTCOME_COLS, rows=order_rows(rows, C.OUTCOMES))


def _clock_data(ds, filters, state) -> TableData:
    """The reviews of the chosen view with their clocks, sorted and paged in SQL."""
    keys = {v.key for v in RECORD_VIEWS}
    view = state.rows if state.rows in keys else RECORD_VIEWS[0].key
    sortable = {c.key for c in CLOCK_COLS if c.sortable}
    sort = state.sort if state.sort in sortable else None
    frame, total = ds.run_table("case_review_clocks", filters, view=view, sort=sort,
                                descending=state.descending, limit=state.limit,
                                offset=state.offset)
    rows = []
    for r in frame.to_dict("records"):
        row = {k: plain(v) for k, v in r.items()}
        for clock, (unit, untimed) in CLOCKS.items():
            row[f"{clock}_words"] = clock_words(row[f"{clock}_state"], row[f"{clock}_days"],
                                                unit, untimed)
        rows.append(row)
    return TableData(columns=CLOCK_COLS, rows=rows, total=total, implies_total=False)


FIGURES_PANEL = register(Panel(PAGE, "figures", "Case-review figures", _figures_data))
QUARTER_PANEL = register(Panel(PAGE, "by-quarter", "Incidents by quarter", _quarter_data))
NOTIFIED_PANEL = register(Panel(PAGE, "by-quarter-notified",
                                "Panel notified within 5 working days, by quarter",
                                _quarter_data))
RAPID_PANEL = register(Panel(PAGE, "by-quarter-rapid",
                             "Rapid reviews within 15 working days, by quarter",
                             _quarter_data))
OUTCOME_PANEL = register(Panel(PAGE, "by-outcome", "Outcomes of the rapid reviews",
                               _outcome_data))
CLOCKS_PANEL = register(Panel(PAGE, "reviews", "Reviews and their clocks", _clock_data,
                              records=True))


# ---- the screen -------------------------------------------------------------------------
def clocks_screen(table: TableData) -> TableData:
    """Each clock's words kept readable, an overdue one marked in colour as well (the
    words say it already)."""
    rows = []
    for r in table.rows:
        r = dict(r)
        for key in ("notify_words", "rapid_words", "lcspr_words"):
            if isinstance(r.get(key), str):
                overdue = "overdue" in r[key]
                r[key] = html.Span(r[key], className="clock-words" +
                                   (" overdue-text" if overdue else ""))
        rows.append(r)
    return replace(table, rows=rows)


def drawable(table: TableData, col: Col) -> bool:
    """Whether a chart of `col` has anything to draw: in public mode every value may be
    c (or undefined), and an empty pair of axes would look like a zero."""
    return any(isinstance(r.get(col.key), (int, float)) for r in table.rows)


def nothing_to_draw(message: str) -> go.Figure:
    """A chart that says in words why it has no marks (its numbers table still shows
    every value, c included)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper",
                       yref="paper", font=dict(size=14, color="#1a1a1a"))
    fig.update_layout(height=120, margin=dict(l=8, r=8, t=8, b=8),
                      xaxis=dict(visible=False), yaxis=dict(visible=False))
    return fig


SUPPRESSED = "Every value here is c in public mode: nothing to draw."


def quarter_axis(fig, table: TableData, counts: bool) -> None:
    """Ticks at the quarters' starts (every quarter while they fit, else every other
    one or every year), labelled as months; whole numbers on a count's axis."""
    starts = [r["period"] for r in table.rows]
    if starts:
        step = 3 if len(starts) <= 8 else 6 if len(starts) <= 16 else 12
        fig.update_xaxes(tick0=starts[0], dtick=f"M{step}", tickformat="%b %Y")
    if counts:
        largest = max([r.get(INCIDENTS.key) for r in table.rows
                       if isinstance(r.get(INCIDENTS.key), int)] or [0])
        if largest <= 10:
            fig.update_yaxes(dtick=1, rangemode="tozero")


def _partial_words(ds, filters, table: TableData) -> str:
    """Says when the period cuts the first or last quarter (the rolling year does)."""
    if not table.rows:
        return ""
    date_from, date_to = filters.period(ds.as_of)
    end = min(date_to, ds.as_of)
    first = to_date(table.rows[0]["period"])
    cut_first = date_from is not None and date_from != first
    cut_last = end != periods.period_end(to_date(table.rows[-1]["period"]), "quarterly")
    which = [w for w, cut in (("first", cut_first), ("last", cut_last)) if cut]
    if not which:
        return ""
    return (f" The {' and '.join(which)} quarter{'s are' if len(which) == 2 else ' is'} "
            "only partly in the period.")


def _quarter_words(table: TableData, col: Col, public: bool, partial: str) -> str:
    if not table.rows:
        return "No quarter in the period."
    if col is INCIDENTS:
        counts = [r.get("incidents") for r in table.rows]
        if any(isinstance(n, str) for n in counts):
            return (f"Incidents in each of {len(table.rows)} quarters; counts from 1 to 5 "
                    f"are shown as c in public mode.{partial}")
        return (f"{sum(counts):,} incidents over {len(table.rows)} quarters, "
                f"{min(counts):,} to {max(counts):,} a quarter.{partial}")
    return (f"Of each quarter's incidents, the share on time ({col.label.lower()}); a "
            "quarter with none to time has no point." +
            (" Shares worked from 1 to 5 reviews are c in public mode." if public else "")
            + partial)


def _outcome_words(table: TableData) -> str:
    if not table.rows:
        return "No incidents in the period."
    return "; ".join(f"{r['label']} {cell_text(INCIDENTS, r['incidents'])}"
                     for r in table.rows) + "."


def render(ds, filters, state, search: str) -> html.Div:
    heading = page_heading(
        ds, filters, "Case reviews",
        "Serious incidents against the statutory timescales: the national panel notified "
        "within 5 working days of the partnership becoming aware, the rapid review within "
        "15 working days of notification, and a local child safeguarding practice review "
        "(LCSPR) published within six months of the decision. Incidents are chosen by the "
        "day the partnership became aware; overdue LCSPRs are counted whatever the period.",
        QUERIES, (STEM,), search)
    missing = missing_file(ds, STEM, "The case-review figures", search)
    if missing is not None:
        return html.Div([*heading, missing], id="case-reviews-page")
    row = _figure_row(ds, filters) or {}
    counts = {"all": clean(row.get("incidents")), "lcspr": clean(row.get("lcspr_count")),
              "lcspr_overdue": clean(row.get("lcspr_overdue"))}
    if counts["all"] is not None:     # pending: no decision (LCSPR or not) by as_of
        counts["pending"] = counts["all"] - (clean(row.get("outcomes_decided")) or 0)
    figures = shown(FIGURES_PANEL, ds, filters, state)
    quarters = shown(QUARTER_PANEL, ds, filters, state)
    outcomes = shown(OUTCOME_PANEL, ds, filters, state)
    partial = _partial_words(ds, filters, quarters)
    charts = []
    for panel, col in ((QUARTER_PANEL, INCIDENTS), (NOTIFIED_PANEL, NOTIFIED),
                       (RAPID_PANEL, RAPID)):
        if drawable(quarters, col) or not filters.public:
            figure = trend_figure(quarters, "period", "label", col)
            quarter_axis(figure, quarters, counts=col is INCIDENTS)
        else:
            figure = nothing_to_draw(SUPPRESSED)
        charts.append(chart_panel(
            panel, quarters, figure, search=search, drill_param="period:quarterly",
            words=_quarter_words(quarters, col, filters.public, partial),
            label_key="label", code_key="period"))
    if drawable(outcomes, INCIDENTS) or not filters.public:
        outcome_figure = bar_figure(outcomes, "label", INCIDENTS, "code")
        if all(isinstance(r.get("incidents"), int) and r["incidents"] <= 10
               for r in outcomes.rows):
            outcome_figure.update_xaxes(dtick=1)       # whole reviews, not 0.5
    else:
        outcome_figure = nothing_to_draw(SUPPRESSED)
    charts.append(chart_panel(OUTCOME_PANEL, outcomes, outcome_figure,
                              words=_outcome_words(outcomes), search=search))
    return html.Div(
        [*heading,
         figure_tiles(figures, FIGURES, search, download_href=FIGURES_PANEL.download_href,
                      counts=counts, public=filters.public),
         html.H2("By quarter and outcome", className="h4"),
         html.Div([html.Div(c, className="col-12 col-xl-6") for c in charts],
                  className="row g-3"),
         records_section(CLOCKS_PANEL, ds, filters, state, search, RECORD_VIEWS,
                         counts={k: int(v) for k, v in counts.items() if v is not None},
                         title="Each review against its clocks",
                         what="reviews and their statutory clocks", decorate=clocks_screen),
         html.P(dcc.Link("How each clock is worked out",
                         href=definition_href("case_reviews.clocks")),
                className="small no-print")],
        id="case-reviews-page")
