"""The funding page's layout (/funding): the year's figures, contributions by body and by
partner group against the comparators' averages, the comparator tables, planned against
actual and five years of contributions, each chart with its meaning in words and each
table downloadable. The numbers are the panels of views/funding.py."""
from __future__ import annotations

from dash import dcc, html

from dashboard.components.breakdown import GRAPH_CONFIG, bar_figure, chart_panel, trend_figure
from dashboard.components.grouped_bars import grouped_bar_figure, series_styles
from dashboard.components.notices import unavailable
from dashboard.components.tables import table_view
from dashboard.views.deepdive import figure_tiles, page_heading
from dashboard.views.funding import (
    ACTUAL, AMOUNT, BUDGET_PANEL, BY_AGENCY_PANEL, BY_GROUP_PANEL, BY_YEAR_PANEL, FIGURES,
    FIGURES_PANEL, MEAN_ALL, MEAN_UNITARY, PER_HEAD_PANEL, PLANNED, QUERIES, SHARE,
    SHARES_PANEL, STEMS, TOTAL, funding,
)
from dashboard.views.panels import Panel, TableData, cell_text, shown


# ---- the page -----------------------------------------------------------------------------
def _section(title: str, anchor: str, children: list) -> html.Section:
    return html.Section([html.H2(title, className="h4 mt-2", id=anchor), *children],
                        className="mb-4", **{"aria-labelledby": anchor})


def _graph_block(panel: Panel, figure, words: str) -> html.Figure:
    """A chart whose numbers are the visible table below it (so none is hidden)."""
    return html.Figure([html.Figcaption(words, className="small text-body-secondary mb-1",
                                        id=f"{panel.key}-words"),
                        dcc.Graph(figure=figure, config=GRAPH_CONFIG,
                                  id={"type": "chart", "panel": panel.key},
                                  className="breakdown-graph")], className="mb-1")


def _table(panel: Panel, table: TableData, search: str, caption: str | None = None):
    """A panel's table as shown, the partnership's own row in bold, with its CSV."""
    rows = [{**r, "partnership": html.Strong(r["partnership"])} if r.get("own") else r
            for r in table.rows]
    return table_view(TableData(columns=table.columns, rows=rows, implies_total=False),
                      caption or panel.title, table_id=f"{panel.key}-table",
                      download_href=panel.download_href, search=search)


def _money(value) -> str:
    return cell_text(AMOUNT, value)


def _pct(value) -> str:
    return cell_text(SHARE, value)


def _agency_words(table: TableData, year: str) -> str:
    if not table.rows:
        return f"No contributions are recorded for {year}."
    top = max(table.rows, key=lambda r: r["amount_gbp"] or 0)
    return (f"{len(table.rows)} contributing bodies in {year}; the largest is {top['agency']} "
            f"({_money(top['amount_gbp'])}, {_pct(top['share_pct'])} of the total).")


def _group_words(table: TableData, f: dict) -> str:
    if not table.rows:
        return "No contributions and no comparator figures for this year."
    cyear = f.get("comparator_year")
    parts = [f"{r['label']} {_pct(r['share_pct'])}"
             + (f" against {_pct(r['mean_share_pct'])} (all) and "
                f"{_pct(r['mean_share_pct_unitary'])} (unitary)" if cyear else "")
             for r in table.rows]
    head = (f"This partnership's shares in {f.get('year')}"
            + (f" beside the comparators' average shares in {cyear}: " if cyear else ": "))
    return head + "; ".join(parts) + "."


def comparator_year_words(ds, f: dict) -> str:
    """Which comparator year is used, and why when it is not the funding year."""
    year, cyear = f.get("year"), f.get("comparator_year")
    if cyear is None:
        return "There are no comparator figures to compare with."
    demo = (" The demo's comparators are the real 2016/17 Eastern region figures "
            "published in a 2020 independent review." if ds.is_demo else "")
    if cyear == year:
        return f"Comparator figures for {cyear}, the funding year.{demo}"
    return (f"Comparator figures are for {cyear}: comparators.csv has no figures for "
            f"{year or 'the funding year'}, so its latest year is used.{demo}")


def _recovery_words(f: dict) -> str:
    lines = {r["line"]: r for r in f.get("budget_lines") or []}
    income = (lines.get("training_income") or {}).get("actual_gbp")
    spend = (lines.get("training") or {}).get("actual_gbp")
    if f.get("training_cost_recovery_pct") is None:
        return ("Training cost recovery cannot be worked out yet: it needs an actual amount "
                "on both the training income and the training expenditure lines.")
    return (f"Training cost recovery: {_pct(f['training_cost_recovery_pct'])} "
            f"(training income {_money(income)} over training expenditure "
            f"{_money(spend)}, actual amounts).")


def _contributions_section(ds, filters, state, search, f) -> html.Section:
    year = f.get("year")
    if not ds.available("contributions"):
        return _section("Contributions", "contributions",
                        [unavailable("Contributions", ds.unavailable_reason("contributions"),
                                     search)])
    agencies = shown(BY_AGENCY_PANEL, ds, filters, state)
    groups = shown(BY_GROUP_PANEL, ds, filters, state)
    cyear = f.get("comparator_year")
    names = [(SHARE, f"This partnership, {year}")]
    if cyear:
        names += [(MEAN_ALL, f"Average of all comparators, {cyear}"),
                  (MEAN_UNITARY, f"Average of unitary comparators, {cyear}")]
    by_agency = bar_figure(agencies, "agency", AMOUNT)
    by_agency.update_layout(margin=dict(r=90))   # room for "£171,100" at a bar's end
    by_agency.update_xaxes(tickprefix="£", tickangle=0, nticks=4)
    charts = [
        chart_panel(BY_AGENCY_PANEL, agencies, by_agency,
                    words=_agency_words(agencies, year), search=search),
        chart_panel(BY_GROUP_PANEL, groups,
                    grouped_bar_figure(groups, "label", series_styles(names)),
                    words=_group_words(groups, f), search=search),
    ]
    return _section("Contributions", "contributions",
                    [html.Div([html.Div(c, className="col-12 col-xl-6") for c in charts],
                              className="row g-3")])


def _comparators_section(ds, filters, state, search, f) -> html.Section:
    title = "Against comparator partnerships"
    if not ds.available("comparators"):
        return _section(title, "comparators",
                        [unavailable("Comparators", ds.unavailable_reason("comparators"), search)])
    shares = shown(SHARES_PANEL, ds, filters, state)
    per_head = shown(PER_HEAD_PANEL, ds, filters, state)
    left_out = [r["partnership"] for r in shares.rows[1:]
                if not r.get("own") and r.get("total_gbp") is None
                and not r["partnership"].startswith("Average of")]
    notes = [html.P(comparator_year_words(ds, f), id="comparator-year")]
    if left_out:
        notes.append(html.P("Left out of the averages (a partner-group amount is missing): "
                            + ", ".join(left_out) + ".", className="small"))
    return _section(title, "comparators", [
        *notes,
        html.P("The partnership's own row is first, in bold; the averages are means of the "
               "comparators' percentages, as the 2020 review computes them.",
               className="small text-body-secondary"),
        _table(SHARES_PANEL, shares, search),
        _table(PER_HEAD_PANEL, per_head, search),
        html.P("The partnership's budget here is its actual expenditure in the year (the "
               "budget per head figure); a comparator's is the budget published for it.",
               className="small text-body-secondary"),
    ])


def _budget_section(ds, filters, state, search, f) -> html.Section:
    title = "Planned and actual spending"
    if not ds.available("budget"):
        return _section(title, "budget",
                        [unavailable("The budget", ds.unavailable_reason("budget"), search)])
    table = shown(BUDGET_PANEL, ds, filters, state)
    if not table.rows:
        return _section(title, "budget",
                        [html.P(f"No budget lines are recorded for {f.get('year')}.",
                                id="no-budget-lines")])
    without = sum(1 for r in table.rows if r["actual_gbp"] is None)
    verb = "has" if without == 1 else "have"
    words = (f"Planned and actual amounts of each budget line in {f.get('year')}"
             + (f"; {without} of {len(table.rows)} lines {verb} no actual amount yet."
                if without else "."))
    figure = grouped_bar_figure(table, "label", series_styles([(PLANNED, "Planned"),
                                                               (ACTUAL, "Actual")]))
    return _section(title, "budget", [
        html.H3(BUDGET_PANEL.title, className="h5"),
        _graph_block(BUDGET_PANEL, figure, words),
        _table(BUDGET_PANEL, table, search),
        html.P(_recovery_words(f), id="training-cost-recovery"),
    ])


def _trend_section(ds, filters, state, search) -> html.Section | None:
    if not ds.available("contributions"):
        return None
    years = shown(BY_YEAR_PANEL, ds, filters, state)
    known = [r for r in years.rows if r["contributions_total"] is not None]
    words = ("No contributions are recorded in these years." if not known else
             f"Partner contributions from {known[0]['label']} "
             f"({_money(known[0]['contributions_total'])}) to {known[-1]['label']} "
             f"({_money(known[-1]['contributions_total'])}); a year with none is a gap.")
    figure = trend_figure(years, "year", "label", TOTAL)
    figure.update_yaxes(tickprefix="£")
    return chart_panel(BY_YEAR_PANEL, years, figure, words=words, search=search,
                       drill_param="year", label_key="label", code_key="year")


def render(ds, filters, state, search: str) -> html.Div:
    f = funding(ds, filters)
    year = f.get("year")
    heading = page_heading(ds, filters, "Funding",
                           "What each partner contributes, how the shares compare with other "
                           "partnerships, and spending against plan.", QUERIES, STEMS, search,
                           year=year)
    if not ds.available("contributions") and not ds.available("budget"):
        return html.Div([*heading,
                         unavailable("Contributions", ds.unavailable_reason("contributions"),
                                     search),
                         unavailable("The budget", ds.unavailable_reason("budget"), search)],
                        id="funding")
    figures = shown(FIGURES_PANEL, ds, filters, state)
    lines = f.get("budget_lines") or []
    no_actuals = (html.P(f"No actual expenditure is recorded for {year} yet, so budget per "
                         "head is £0.00 until it is.", className="small", id="no-actuals")
                  if lines and all(r["actual_gbp"] is None for r in lines
                                   if r["kind"] == "expenditure") else None)
    public = (html.P("Public mode does not change this page: money is never suppressed.",
                     className="small text-body-secondary") if filters.public else None)
    return html.Div(
        [*heading, public,
         html.H2(f"Figures for {year}" if year else "Figures", className="h4"),
         figure_tiles(figures, FIGURES, search, download_href=FIGURES_PANEL.download_href,
                      public=filters.public), no_actuals,
         _contributions_section(ds, filters, state, search, f),
         _comparators_section(ds, filters, state, search, f),
         _budget_section(ds, filters, state, search, f),
         _section("Over five years", "trend",
                  [_trend_section(ds, filters, state, search)])
         if ds.available("contributions") else None],
        id="funding")
