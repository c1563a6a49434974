"""The meeting pack's sections beyond the Overview and the areas: overdue actions,
case-review timeliness, the funding summary and missing returns.

Each is drawn from its deep-dive page's own panels (`shown`, so public mode suppresses
them exactly as on screen and in the CSVs) and the page's own components (figure tiles,
tables): the same queries as the pages and `summary`, never a second query. A section
is short and flows after the one before it (no forced new page); its cards and short
tables keep together (the pack's print rules).

Record-level tables about children (the case reviews' clocks) are left out in public
mode; the action tracker is about actions, published, and stays (as on /actions).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from dash import html

from dashboard import metrics
from dashboard.components.format import format_date, format_period, humanise_code
from dashboard.components.tables import table_view
from dashboard.views import actions, case_reviews, funding, returns_grid
from dashboard.views.deepdive import figure_tiles
from dashboard.views.panels import Col, TableData, TEXT, shown
from dashboard.views.state import ViewState

EVERY_ROW = ViewState(page=0)
# The tracker's columns that fit an A4 page, in the tracker's order (its other columns
# are on /actions and in its CSV).
TRACKER_KEYS = ("action_id", "recommendation", "owner", "due_on", "days_overdue",
                "area_name")
CLOCK_KEYS = ("review_id", "aware_on", "outcome", "notify_words", "rapid_words",
              "lcspr_words")


@dataclass(frozen=True)
class Section:
    anchor: str        # the id the contents links to (and pypdf finds the page of)
    title: str         # its words in the contents
    body: object       # the components


def _heading(anchor: str, title: str, covers: str) -> list:
    return [html.H2(title, className="h3 mb-1", id=anchor),
            html.P(covers, className="text-body-secondary small mb-2")]


def _section(key: str, body: list, lead: int = 3) -> html.Section:
    """A section whose heading never ends a page alone: its first `lead` parts (the
    heading, what it covers, its figures) keep together."""
    return html.Section([html.Div(body[:lead], className="keep-together"), *body[lead:]],
                        className="pack-section", **{"data-pack-section": key})


def _columns(table: TableData, keys) -> TableData:
    cols = {c.key: c for c in table.columns}
    return replace(table, columns=[cols[k] for k in keys if k in cols])


def _unavailable(ds, stem: str, what: str) -> html.P:
    return html.P(f"{what}: {ds.unavailable_reason(stem) or 'its file is missing'}.",
                  className="pack-unavailable")


def _short(table: TableData) -> str:
    """Short tables keep together on one page; a long one may break between rows."""
    return "keep-together" if len(table.rows) <= 12 else ""


def overdue_actions(ds, filters) -> Section:
    anchor, title = "pack-overdue-actions", "Overdue actions"
    head = _heading(anchor, title, f"As at {format_date(ds.as_of)}; the period and the "
                    "agency filter never narrow actions.")
    if not ds.available(actions.STEM):
        return Section(anchor, title, _section("actions", [*head, _unavailable(
            ds, actions.STEM, "The actions tracker")]))
    figures = shown(actions.FIGURES_PANEL, ds, filters, EVERY_ROW)
    tracker = shown(actions.TRACKER_PANEL, ds, filters, replace(EVERY_ROW, rows="overdue",
                                                                  sort="days_overdue",
                                                                  descending=True))
    tracker = _columns(tracker, TRACKER_KEYS)
    body = [*head,
            figure_tiles(figures, actions.FIGURES, "", public=True)]
    if tracker.rows:
        body.append(html.Div(
            table_view(tracker, f"Overdue actions, most overdue first ({len(tracker.rows)})",
                       table_id="pack-overdue-table"), className=_short(tracker)))
    else:
        body.append(html.P("No action is overdue.", id="pack-no-overdue"))
    return Section(anchor, title, _section("actions", body))


def case_review_timeliness(ds, filters) -> Section:
    anchor, title = "pack-case-reviews", "Case-review timeliness"
    date_from, date_to = filters.period(ds.as_of)
    head = _heading(anchor, title, "Incidents the partnership became aware of "
                    + (f"from {format_date(date_from)} " if date_from else "")
                    + f"to {format_date(min(date_to, ds.as_of))}, against the statutory "
                    "timescales (5 working days to notify the panel, 15 to the rapid "
                    "review, six months to publish an LCSPR).")
    if not ds.available(case_reviews.STEM):
        return Section(anchor, title, _section("case_reviews", [*head, _unavailable(
            ds, case_reviews.STEM, "The case-review figures")]))
    figures = shown(case_reviews.FIGURES_PANEL, ds, filters, EVERY_ROW)
    quarters = shown(case_reviews.QUARTER_PANEL, ds, filters, EVERY_ROW)
    body = [*head,
            figure_tiles(figures, case_reviews.FIGURES, "", public=True),
            html.Div(table_view(quarters, "Incidents and timeliness by quarter of "
                                "awareness", table_id="pack-case-review-quarters"),
                     className=_short(quarters))]
    if filters.public:
        body.append(html.P("Each review's clocks are record-level and are left out of the "
                           "public version.", className="small"))
    else:
        late = shown(case_reviews.CLOCKS_PANEL, ds, filters,
                     replace(EVERY_ROW, rows="overdue_or_late"))
        late = _columns(late, CLOCK_KEYS)
        if late.rows:
            body.append(html.Div(table_view(
                late, f"Reviews overdue or late on a clock ({len(late.rows)})",
                table_id="pack-case-review-late"), className=_short(late)))
    return Section(anchor, title, _section("case_reviews", body))


def funding_summary(ds, filters) -> Section:
    anchor, title = "pack-funding", "Funding summary"
    f = funding.funding(ds, filters)
    year = f.get("year")
    head = _heading(anchor, title, (f"Financial year {year}" if year else
                                    "No financial year has started by the as-of date")
                    + "; money is never suppressed.")
    if not f:
        return Section(anchor, title, _section("funding", [*head, _unavailable(
            ds, "contributions", "Contributions and budget")]))
    figures = shown(funding.FIGURES_PANEL, ds, filters, EVERY_ROW)
    body = [*head, figure_tiles(figures, funding.FIGURES, "", public=True)]
    if ds.available("contributions"):
        groups = shown(funding.BY_GROUP_PANEL, ds, filters, EVERY_ROW)
        if groups.rows:
            body.append(html.Div(table_view(groups, funding.BY_GROUP_PANEL.title,
                                            table_id="pack-funding-groups"),
                                 className="keep-together"))
    if ds.available("budget"):
        budget = shown(funding.BUDGET_PANEL, ds, filters, EVERY_ROW)
        if budget.rows:
            body.append(html.Div(table_view(budget, funding.BUDGET_PANEL.title,
                                            table_id="pack-funding-budget"),
                                 className=_short(budget)))
    return Section(anchor, title, _section("funding", body))


MISSING_COLS = [Col("agency", "Source agency", TEXT), Col("indicator", "Indicator", TEXT),
                Col("period", "Period", TEXT), Col("status", "Status", TEXT)]


def missing_returns(ds, filters) -> Section:
    """The returns that summary counts as missing (missing, or returned but rejected),
    listed; the full grid by period is on the data-quality page."""
    anchor, title = "pack-missing-returns", "Missing returns"
    rows = returns_grid.statuses(ds, filters)
    missing = [r for r in rows if r["status"] != metrics.RECEIVED]
    head = _heading(anchor, title, f"Indicator returns due by {format_date(ds.as_of)} "
                    f"({ds.partnership.return_lag_days} days after each period ends).")
    table = TableData(columns=MISSING_COLS, implies_total=False, rows=[
        {"agency": humanise_code(r["source"]), "indicator": f"{r['name']} ({r['indicator_id']})",
         "period": format_period(r["period_start"], r["frequency"]),
         "status": returns_grid.WORDS[r["status"]]} for r in missing])
    body = [*head, html.P(returns_grid.counts_words(rows), id="pack-returns-counts",
                          **{"data-missing-returns": str(len(missing))})]
    if missing:
        body.append(html.Div(table_view(table, f"Returns missing or rejected ({len(missing)})",
                                        table_id="pack-missing-table"),
                             className=_short(table)))
    # the counts and a short list keep with the heading
    return Section(anchor, title, _section("missing_returns", body,
                                           lead=4 if len(missing) <= 12 else 3))


def sections(ds, filters) -> list[Section]:
    return [overdue_actions(ds, filters), case_review_timeliness(ds, filters),
            funding_summary(ds, filters), missing_returns(ds, filters)]
