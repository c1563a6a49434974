"""Funding (/funding): for one financial year (the `year` filter, else the latest that has
started by as_of), partner contributions by contributing body and by partner group, the
shares against comparator partnerships and their averages, contributions and budget per
head beside the comparators', planned against actual per budget line, training cost
recovery, and contributions over five years (metrics.md "Funding").

Every figure is `summary`'s funding section (metrics.funding_section, worked out once per
year) or comes from the queries it runs; money is never suppressed in public mode, so
public mode changes nothing here.
"""
from __future__ import annotations

from dash import dcc, html

from dashboard import metrics
from dashboard.analysis import periods
from dashboard.analysis.values import clean
from dashboard.components.breakdown import (
    GRAPH_CONFIG, bar_figure, chart_panel, trend_figure,
)
from dashboard.components.format import humanise_code
from dashboard.components.grouped_bars import grouped_bar_figure, series_styles
from dashboard.components.notices import unavailable
from dashboard.components.tables import table_view
from dashboard.data.contract import PARTNER_GROUPS
from dashboard.filters import sql_value
from dashboard.views.deepdive import Figure, figure_tiles, figures_table, page_heading
from dashboard.views.panels import (
    BOOL, CODE, COUNT, MONEY, PENCE, PERCENT, TEXT, Col, Panel, TableData, cell_text,
    register, shown,
)

PAGE = "funding"
STEMS = ("contributions", "budget", "comparators")
QUERIES = ("contributions_by_group", "contributions_by_agency", "budget_lines",
           "budget_figures", "comparator_year", "comparator_means", "comparator_shares",
           "contributions_by_year")
TREND_YEARS = 5   # product.md: the last five financial years up to the chosen year

TOTAL = Col("contributions_total", "Partner contributions", MONEY)
PER_HEAD = Col("contributions_per_head_gbp", "Contributions per head", PENCE)
BUDGET_PER_HEAD = Col("budget_per_head_gbp", "Budget per head", PENCE)
RECOVERY = Col("training_cost_recovery_pct", "Training cost recovery", PERCENT)
FIGURES = tuple(Figure("funding", c) for c in (TOTAL, PER_HEAD, BUDGET_PER_HEAD, RECOVERY))

LABEL = Col("label", "Partner group", TEXT, sortable=False)
AMOUNT = Col("amount_gbp", "Contributions", MONEY)
SHARE = Col("share_pct", "Share", PERCENT)
MEAN_ALL = Col("mean_share_pct", "Comparator average", PERCENT)
MEAN_UNITARY = Col("mean_share_pct_unitary", "Unitary comparator average", PERCENT)
SHARE_COLS = [Col(f"share_{g}", f"{humanise_code(g)} share", PERCENT) for g in PARTNER_GROUPS]
PARTNERSHIP = Col("partnership", "Partnership", TEXT)
PLANNED = Col("planned_gbp", "Planned", MONEY)
ACTUAL = Col("actual_gbp", "Actual", MONEY)
VARIANCE = Col("budget_variance_gbp", "Variance (actual − planned)", MONEY)


def funding_year(ds, filters) -> str | None:
    return sql_value(ds, filters, "year", ds.as_of)


def funding(ds, filters) -> dict:
    """summary's funding section for the page's year ({} when neither contributions.csv
    nor budget.csv is available). It depends on the year alone: worked out once per
    year, whichever panel or download asks first."""
    key = ("funding_section", funding_year(ds, filters), ds.as_of)
    if key not in ds.memo:
        ds.memo[key] = metrics.funding_section(ds, filters, ds.as_of) or {}
    return ds.memo[key]


def _comparator_rows(ds, filters) -> list[dict]:
    """The comparator year's rows of comparator_shares (the query behind summary's
    `comparators`), with their populations and budgets."""
    cyear = funding(ds, filters).get("comparator_year")
    if cyear is None:
        return []
    return [{k: clean(v) for k, v in r.items()}
            for r in ds.run("comparator_shares", comparator_year=cyear).to_dict("records")]


def _own_label(ds, filters) -> str:
    return f"{ds.partnership.name} (this partnership, {funding_year(ds, filters)})"


# ---- panels -------------------------------------------------------------------------------
def _figures_data(ds, filters, state) -> TableData:
    return figures_table(funding(ds, filters), FIGURES)


def _by_group_data(ds, filters, state) -> TableData:
    f = funding(ds, filters)
    groups = {r["partner_group"]: r for r in
              ds.run("contributions_by_group", filters).to_dict("records")} \
        if f.get("year") and ds.available("contributions") else {}
    means = f.get("comparator_mean_share_pct") or {}
    unitary = f.get("comparator_mean_share_pct_unitary") or {}
    rows = []
    if groups or means:
        for g in PARTNER_GROUPS:
            mine = groups.get(g, {})
            rows.append({"code": g, "label": humanise_code(g),
                         "amount_gbp": clean(mine.get("amount_gbp")),
                         "share_pct": clean(mine.get("share_pct")),
                         "mean_share_pct": means.get(g), "mean_share_pct_unitary": unitary.get(g)})
    return TableData(columns=[LABEL, AMOUNT, SHARE, MEAN_ALL, MEAN_UNITARY], rows=rows,
                     implies_total=False)


def _by_agency_data(ds, filters, state) -> TableData:
    year = funding_year(ds, filters)
    rows = []
    if year and ds.available("contributions"):
        for r in ds.run("contributions_by_agency", filters).to_dict("records"):
            rows.append({k: clean(v) for k, v in r.items()})
    return TableData(columns=[Col("agency", "Contributing body", TEXT, sortable=False),
                              Col("partner_group", "Partner group", CODE), AMOUNT, SHARE],
                     rows=rows, implies_total=False)


def _comparator_shares_data(ds, filters, state) -> TableData:
    f = funding(ds, filters)
    own = {"partnership": _own_label(ds, filters), "own": True, "unitary": None,
           "total_gbp": f.get("contributions_total"),
           **{f"share_{g}": (f.get("share_pct") or {}).get(g) for g in PARTNER_GROUPS}}
    rows = [own] + [{k: r[k] for k in ("partnership", "unitary", "total_gbp",
                                       *(c.key for c in SHARE_COLS))}
                    for r in _comparator_rows(ds, filters)]
    if f.get("comparator_year"):
        for label, means in (("Average of all comparators", "comparator_mean_share_pct"),
                             ("Average of unitary comparators",
                              "comparator_mean_share_pct_unitary")):
            rows.append({"partnership": label, "unitary": None, "total_gbp": None,
                         **{f"share_{g}": (f.get(means) or {}).get(g) for g in PARTNER_GROUPS}})
    return TableData(columns=[PARTNERSHIP, Col("unitary", "Unitary", BOOL),
                              Col("total_gbp", "Contributions", MONEY), *SHARE_COLS],
                     rows=rows, implies_total=False)


def _expenditure_actual(lines: list[dict] | None):
    """The year's expenditure actuals added up: the budget behind budget_per_head_gbp."""
    if not lines:
        return None
    return sum(float(r["actual_gbp"]) for r in lines
               if r["kind"] == "expenditure" and r["actual_gbp"] is not None)


def _per_head_data(ds, filters, state) -> TableData:
    f = funding(ds, filters)
    own = {"partnership": _own_label(ds, filters), "own": True,
           "total_population": ds.partnership.total_population,
           "total_gbp": f.get("contributions_total"),
           "contributions_per_head_gbp": f.get("contributions_per_head_gbp"),
           "budget_gbp": _expenditure_actual(f.get("budget_lines")),
           "budget_per_head_gbp": f.get("budget_per_head_gbp")}
    rows = [own] + [{k: r[k] for k in ("partnership", "total_population", "total_gbp",
                                       "contributions_per_head_gbp", "budget_gbp",
                                       "budget_per_head_gbp")}
                    for r in _comparator_rows(ds, filters)]
    return TableData(columns=[PARTNERSHIP, Col("total_population", "Population", COUNT),
                              Col("total_gbp", "Contributions", MONEY), PER_HEAD,
                              Col("budget_gbp", "Budget", MONEY), BUDGET_PER_HEAD],
                     rows=rows, implies_total=False)


def _budget_data(ds, filters, state) -> TableData:
    rows = [{**r, "label": f"{humanise_code(r['line'])} ({r['kind']})"}
            for r in funding(ds, filters).get("budget_lines") or []]
    return TableData(columns=[Col("label", "Budget line", TEXT, sortable=False),
                              Col("kind", "Kind", CODE), PLANNED, ACTUAL, VARIANCE],
                     rows=rows, implies_total=False)


def _by_year_data(ds, filters, state) -> TableData:
    """product.md: contributions_total for each of the last five financial years up to
    the funding year (the Overview's funding trend)."""
    year = funding_year(ds, filters)
    rows = []
    if year and ds.available("contributions"):
        totals = {r["financial_year"]: clean(r["contributions_total"])
                  for r in ds.run("contributions_by_year").to_dict("records")}
        rows = [{"year": y, "label": y, "contributions_total": totals.get(y)}
                for y in periods.previous_financial_years(year, TREND_YEARS)]
    return TableData(columns=[Col("label", "Financial year", TEXT, sortable=False), TOTAL],
                     rows=rows, implies_total=False)


FIGURES_PANEL = register(Panel(PAGE, "figures", "Funding figures", _figures_data))
BY_AGENCY_PANEL = register(Panel(PAGE, "by-partner", "Contributions by contributing body",
                                 _by_agency_data))
BY_GROUP_PANEL = register(Panel(PAGE, "by-partner-group",
                                "Shares by partner group against the comparators",
                                _by_group_data))
SHARES_PANEL = register(Panel(PAGE, "comparator-shares", "Shares of each comparator partnership",
                              _comparator_shares_data))
PER_HEAD_PANEL = register(Panel(PAGE, "per-head", "Contributions and budget per head",
                                _per_head_data))
BUDGET_PANEL = register(Panel(PAGE, "budget-lines", "Planned and actual, per budget line",
                              _budget_data))
BY_YEAR_PANEL = register(Panel(PAGE, "by-year", "Contributions over five financial years",
                               _by_year_data))


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
    words = (f"Planned and actual amounts of each budget line in {f.get('year')}"
             + (f"; {without} of {len(table.rows)} lines have no actual amount yet."
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
         figure_tiles(figures, FIGURES, search, public=filters.public), no_actuals,
         _contributions_section(ds, filters, state, search, f),
         _comparators_section(ds, filters, state, search, f),
         _budget_section(ds, filters, state, search, f),
         _section("Over five years", "trend",
                  [_trend_section(ds, filters, state, search)])
         if ds.available("contributions") else None],
        id="funding")
