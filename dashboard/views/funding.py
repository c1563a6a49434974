"""Funding (/funding), its numbers: for one financial year (the `year` filter, else the latest that has
started by as_of), partner contributions by contributing body and by partner group, the
shares against comparator partnerships and their averages, contributions and budget per
head beside the comparators', planned against actual per budget line, training cost
recovery, and contributions over five years (metrics.md "Funding").

Every figure is `summary`'s funding section (metrics.funding_section, worked out once per
year) or comes from the queries it runs; money is never suppressed in public mode, so
public mode changes nothing here. The page's layout is views/funding_page.py.
"""
from __future__ import annotations

from dashboard import metrics
from dashboard.analysis import periods
from dashboard.analysis.values import clean
from dashboard.components.format import humanise_code
from dashboard.data.contract import PARTNER_GROUPS
from dashboard.filters import sql_value
from dashboard.views.deepdive import Figure, figures_table
from dashboard.views.panels import (
    BOOL, CODE, COUNT, MONEY, PENCE, PERCENT, TEXT, Col, Panel, TableData, register,
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
    return ds.memo.remember(("funding_section", funding_year(ds, filters), ds.as_of),
                            lambda: metrics.funding_section(ds, filters, ds.as_of) or {})


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
    groups = {}
    if f.get("year") and ds.available("contributions"):
        groups = {r["partner_group"]: r
                  for r in ds.rows("contributions_by_group", filters).records()}
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
