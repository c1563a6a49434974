"""Audits (/audits): grades over time and by area, agency and audit type; involvement of
children's voice, families and practitioners; each re-audit beside the exercise it
re-audits (metrics.md "Audits"), and the audit rows behind them."""
from __future__ import annotations

from dash import dcc, html

from dashboard.analysis.values import plain
from dashboard.components.breakdown import GRAPH_CONFIG, bar_figure, trend_figure
from dashboard.components.series_charts import (
    DARK_BLUE, DARK_RED, MID_BLUE, ORANGE, Series, quarter_ticks, series_bars, series_trend,
)
from dashboard.components.tables import table_view
from dashboard.data import contract as C
from dashboard.metrics import first_row
from dashboard.views.chart_words import (
    area_order, bar_words, deep_chart, hidden_parts_note, name_areas, part_period_note,
    period_rows, trend_words,
)
from dashboard.views.deepdive import (
    Figure, RecordView, code_rows, figure_tiles, figures_by, figures_table,
    figures_together, missing_file,
    page_heading, record_data, records_section,
)
from dashboard.views.panels import (
    BOOL, CODE, COUNT, DATE, NUMBER, PERCENT, TEXT, Col, Panel, TableData, order_rows,
    register, shown,
)

PAGE = "audits"
STEM = "audits"
QUERIES = ("audit_figures", "audit_rows", "audit_reaudits")

CASES = Col("cases", "Cases audited", COUNT, small=True)
RETURNS = Col("agency_returns", "Agency returns", COUNT, small=True)
GOOD = Col("good_or_better_pct", "Good or better", PERCENT,
           base=("agency_returns", "good_or_better"))
INADEQUATE = Col("inadequate_pct", "Inadequate", PERCENT, base=("agency_returns", "inadequate"))
VOICE = Col("child_voice_pct", "Child's voice evident", PERCENT,
            base=("agency_returns", "child_voice"))
FAMILY = Col("family_involved_pct", "Family involved", PERCENT,
             base=("agency_returns", "family_involved"))
PRACTITIONER = Col("practitioner_involved_pct", "Practitioner involved", PERCENT,
                   base=("agency_returns", "practitioner_involved"))
FIGURES = (
    Figure("audits", CASES, "all"), Figure("audits", RETURNS, "all"),
    Figure("audits", GOOD, "below_good"), Figure("audits", INADEQUATE, "inadequate"),
    Figure("audits", VOICE, "no_child_voice"), Figure("audits", FAMILY, "no_family"),
    Figure("audits", PRACTITIONER, "no_practitioner"),
)
# the counts the percentages are worked from (suppressed with them in public mode)
BASES = [Col(k, k, COUNT, small=True) for k in (
    "good_or_better", "inadequate", "child_voice", "family_involved", "practitioner_involved")]
# rows of each grade, best first (they add up to the agency returns of their row)
GRADE_COLS = [Col("graded_outstanding", "Graded outstanding", COUNT, small=True),
              Col("graded_good", "Graded good", COUNT, small=True),
              Col("graded_requires_improvement", "Graded requires improvement", COUNT,
                  small=True),
              Col("inadequate", "Graded inadequate", COUNT, small=True)]
GRADE_SERIES = [Series(GRADE_COLS[0], DARK_BLUE), Series(GRADE_COLS[1], MID_BLUE, "/"),
                Series(GRADE_COLS[2], ORANGE, "."), Series(GRADE_COLS[3], DARK_RED, "x")]
INVOLVEMENT_SERIES = [Series(VOICE, DARK_BLUE, "", "solid", "circle"),
                      Series(FAMILY, ORANGE, "/", "dash", "square"),
                      Series(PRACTITIONER, DARK_RED, ".", "dot", "diamond")]

LABEL = Col("label", "Category", TEXT, sortable=False)
QUARTER = Col("label", "Quarter", TEXT, sortable=False)
# Grade counts are shown by quarter and overall, not beside the shares by area, agency
# and type: there, with the rows and the shares, they would let a suppressed grade be
# worked out by subtraction.
BREAKDOWN_TABLE = [CASES, RETURNS, GOOD, INADEQUATE]
INVOLVEMENT_TABLE = [RETURNS, VOICE, FAMILY, PRACTITIONER]
CODE_ORDER = {"audit_type": C.AUDIT_TYPES, "grade": C.GRADES}
# breakdown -> (title, the filter a bar narrows to, or None, what its categories are)
BREAKDOWNS = {
    "area_id": ("Good or better by priority area", "area", "areas"),
    "agency": ("Good or better by auditing agency", "agency", "agencies"),
    "audit_type": ("Good or better by audit type", "audit-type", "audit types"),
}
RECORD_VIEWS = (
    RecordView("all", "All rows in the period"),
    RecordView("below_good", "Requires improvement or inadequate"),
    RecordView("inadequate", "Inadequate"),
    RecordView("no_child_voice", "Child's voice not evident"),
    RecordView("no_family", "Family not involved"),
    RecordView("no_practitioner", "Practitioner not involved"),
)
RECORD_COLS = [
    Col("audit_id", "Audit", TEXT), Col("case_ref", "Case (pseudonym)", TEXT),
    Col("agency", "Agency", CODE), Col("area", "Priority area", TEXT),
    Col("audit_type", "Type", CODE), Col("audited_on", "Audited", DATE),
    Col("grade", "Grade", CODE), Col("child_voice_evident", "Child's voice evident", BOOL),
    Col("family_involved", "Family involved", BOOL),
    Col("practitioner_involved", "Practitioner involved", BOOL),
]
REAUDIT_COLS = [
    Col("audit_id", "Re-audit", TEXT), Col("last_audited_on", "Re-audit date", DATE),
    Col("reaudit_of", "First audit", TEXT),
    Col("reaudit_of_last_audited_on", "First audit date", DATE),
    Col("reaudit_of_good_or_better_pct", "Good or better at first audit", PERCENT,
        base=("reaudit_of_agency_returns", "reaudit_of_good_or_better")),
    Col("good_or_better_pct", "Good or better at re-audit", PERCENT,
        base=("agency_returns", "good_or_better")),
    Col("change_points", "Change (percentage points)", NUMBER,
        base=("agency_returns", "good_or_better", "reaudit_of_agency_returns",
              "reaudit_of_good_or_better")),
    Col("reaudit_of_agency_returns", "Agency returns at first audit", COUNT, small=True),
    Col("agency_returns", "Agency returns at re-audit", COUNT, small=True),
    Col("theme", "Theme", TEXT),
]
NO_ROWS = "No audit rows match the filters."


def _chart(*args, **kwargs):
    """A chart panel; with nothing to draw, it says NO_ROWS instead."""
    return deep_chart(*args, **{"empty": NO_ROWS, **kwargs})


# ---- data -------------------------------------------------------------------------------
def _figures_data(ds, filters, state) -> TableData:
    records = figures_by(ds, "audit_figures", filters, "none")
    keys = [f.col.key for f in FIGURES] + [c.key for c in BASES]
    # over no rows the counts are 0 and the percentages undefined, as summary says
    row = first_row(records, keys,
                    ("cases", "agency_returns", *(c.key for c in BASES)))
    return figures_table(row, FIGURES, BASES)


def _quarter_data(columns: list[Col], across: tuple[str, ...] = ()):
    def data(ds, filters, state) -> TableData:
        rows = period_rows(figures_by(ds, "audit_figures", filters, "quarter"), "quarterly")
        return TableData(columns=[QUARTER, *columns], rows=rows, across=across)
    return data


def _rows_by(breakdown: str, ds, filters) -> list[dict]:
    rows = code_rows(figures_by(ds, "audit_figures", filters, breakdown))
    if breakdown == "area_id":
        return order_rows(name_areas(ds, rows), area_order(ds))
    return order_rows(rows, CODE_ORDER.get(breakdown), by="agency_returns")


def _breakdown_data(breakdown: str):
    def data(ds, filters, state) -> TableData:
        return TableData(columns=[LABEL, *BREAKDOWN_TABLE],
                         rows=_rows_by(breakdown, ds, filters))
    return data


def _grade_data(ds, filters, state) -> TableData:
    return TableData(columns=[Col("label", "Grade", TEXT, sortable=False), RETURNS],
                     rows=_rows_by("grade", ds, filters))


def _agency_involvement_data(ds, filters, state) -> TableData:
    return TableData(columns=[LABEL, *INVOLVEMENT_TABLE], rows=_rows_by("agency", ds, filters))


def _reaudit_data(ds, filters, state) -> TableData:
    # metrics.md: from all accepted rows of both exercises, whatever the filters
    rows = [{k: plain(v) for k, v in r.items()}
            for r in ds.run("audit_reaudits", filters).to_dict("records")]
    return TableData(columns=REAUDIT_COLS, rows=rows, implies_total=False)


FIGURES_PANEL = register(Panel(PAGE, "figures", "Audit figures", _figures_data))
QUARTER_PANEL = register(Panel(PAGE, "by-quarter", "Good or better by quarter",
                               _quarter_data([CASES, RETURNS, GOOD, INADEQUATE])))
GRADES_QUARTER_PANEL = register(Panel(
    PAGE, "grades-by-quarter", "Grades by quarter",
    _quarter_data([RETURNS, *GRADE_COLS], tuple(c.key for c in GRADE_COLS))))
BREAKDOWN_PANELS = {b: register(Panel(PAGE, f"by-{b.replace('_id', '').replace('_', '-')}",
                                      title, _breakdown_data(b)))
                    for b, (title, _, _) in BREAKDOWNS.items()}
GRADE_PANEL = register(Panel(PAGE, "by-grade", "Agency returns by grade", _grade_data))
INVOLVEMENT_QUARTER_PANEL = register(Panel(
    PAGE, "involvement-by-quarter", "Involvement by quarter",
    _quarter_data(INVOLVEMENT_TABLE)))
INVOLVEMENT_AGENCY_PANEL = register(Panel(PAGE, "involvement-by-agency",
                                          "Involvement by auditing agency",
                                          _agency_involvement_data))
REAUDIT_PANEL = register(Panel(PAGE, "reaudits", "Re-audits", _reaudit_data))
RECORDS_PANEL = register(Panel(PAGE, "records", "Audit rows",
                               record_data("audit_rows", RECORD_COLS, RECORD_VIEWS),
                               records=True))


# ---- page -------------------------------------------------------------------------------
def render(ds, filters, state, search: str) -> html.Div:
    heading = page_heading(ds, filters, "Audits",
                           "Case audits by the partner agencies: how cases were graded, "
                           "whether the child's voice, the family and the practitioner "
                           "were part of them, and what re-audits found.", QUERIES, (STEM,),
                           search)
    missing = missing_file(ds, STEM, "The audit figures", search)
    if missing is not None:
        return html.Div([*heading, missing], id="audits")
    # every panel's rows in one run, and the record table's page beside it
    figures_together(ds, "audit_figures", filters, records=(RECORDS_PANEL, state, RECORD_VIEWS))
    figures = shown(FIGURES_PANEL, ds, filters, state)
    return html.Div(
        [*heading,
         # the tiles' titles are h3s: a heading above them keeps the outline in order
         html.H2("Headline figures", className="visually-hidden"),
         figure_tiles(figures, FIGURES, search, download_href=FIGURES_PANEL.download_href,
                      public=filters.public),
         html.H2("Grades over time", className="h4"),
         _row(_over_time(ds, filters, state, search)),
         html.H2("By priority area, agency, audit type and grade", className="h4"),
         _row(_by_dimension(ds, filters, state, search)),
         html.H2("Involvement of children's voice, families and practitioners",
                 className="h4"),
         _row(_involvement(ds, filters, state, search)),
         _reaudits(ds, filters, state, search),
         records_section(RECORDS_PANEL, ds, filters, state, search, RECORD_VIEWS)],
        id="audits")


def _row(charts: list) -> html.Div:
    return html.Div([html.Div(c, className="col-12 col-xl-6") for c in charts],
                    className="row g-3")


def _over_time(ds, filters, state, search: str) -> list:
    quarters = shown(QUARTER_PANEL, ds, filters, state)
    grades = shown(GRADES_QUARTER_PANEL, ds, filters, state)
    part = part_period_note(quarters, filters, ds.as_of, "quarterly")
    drill = dict(search=search, drill_param="period:quarterly", label_key="label",
                 code_key="period")
    return [
        _chart(QUARTER_PANEL, quarters,
                    quarter_ticks(trend_figure(quarters, "period", "label", GOOD), quarters.rows),
                    words=trend_words(quarters, GOOD, "Agency returns graded good or better "
                                      "per quarter audited", NO_ROWS) + part, **drill),
        _chart(GRADES_QUARTER_PANEL, grades,
                    series_bars(grades, "label", GRADE_SERIES, code_key="period",
                                stacked=True, horizontal=False, total=RETURNS),
                    words="Agency returns per quarter audited, by grade (best at the "
                          "bottom); the number above each bar is the quarter's agency "
                          "returns." + part + hidden_parts_note(grades, GRADE_COLS)
                    if grades.rows else NO_ROWS, **drill),
    ]


def _by_dimension(ds, filters, state, search: str) -> list:
    charts = []
    for breakdown, (title, param, noun) in BREAKDOWNS.items():
        panel = BREAKDOWN_PANELS[breakdown]
        table = shown(panel, ds, filters, state)
        figure = bar_figure(table, "label", GOOD, "code")
        figure.update_layout(margin_r=64)       # room for "100.0%" beyond the bar
        charts.append(_chart(panel, table, figure,
                                  words=bar_words(table, GOOD, noun, NO_ROWS), search=search,
                                  drill_param=param, label_key="label", code_key="code"))
    grades = shown(GRADE_PANEL, ds, filters, state)
    charts.append(_chart(GRADE_PANEL, grades, bar_figure(grades, "label", RETURNS),
                              words=_grade_words(grades), search=search))
    return charts


def _grade_words(table: TableData) -> str:
    if not table.rows:
        return NO_ROWS
    return "Agency returns of each grade, from outstanding to inadequate: " + ", ".join(
        f"{r['label'].lower()} {_count(r.get('agency_returns'))}" for r in table.rows) + "."


def _count(value) -> str:
    return value if isinstance(value, str) else f"{value:,}"


def _involvement(ds, filters, state, search: str) -> list:
    quarters = shown(INVOLVEMENT_QUARTER_PANEL, ds, filters, state)
    agencies = shown(INVOLVEMENT_AGENCY_PANEL, ds, filters, state)
    what = ("The share of agency returns where the child's voice was evident, the family "
            "took part and a frontline practitioner took part")
    return [
        _chart(INVOLVEMENT_QUARTER_PANEL, quarters,
                    quarter_ticks(series_trend(quarters, "period", "label",
                                               INVOLVEMENT_SERIES), quarters.rows),
                    words=(what + ", per quarter audited."
                           + part_period_note(quarters, filters, ds.as_of, "quarterly"))
                    if quarters.rows else NO_ROWS,
                    search=search, drill_param="period:quarterly", label_key="label",
                    code_key="period"),
        _chart(INVOLVEMENT_AGENCY_PANEL, agencies,
                    series_bars(agencies, "label", INVOLVEMENT_SERIES, code_key="code",
                                scale=(0, 118)),
                    words=what + ", by auditing agency." if agencies.rows else NO_ROWS,
                    search=search, drill_param="agency", label_key="label", code_key="code"),
    ]


def _reaudits(ds, filters, state, search: str) -> html.Section:
    """Each re-audit beside the exercise it re-audits, from all their rows whatever the
    filters and the period (metrics.md "Audits", re-audit): the page says so."""
    table = shown(REAUDIT_PANEL, ds, filters, state)
    hid = "reaudits-heading"
    words = ("Each re-audit beside the exercise it re-audits: the share of agency returns "
             "graded good or better at each, and the change in percentage points. Worked "
             "out from every row of both exercises audited by the as-of date, whatever the "
             "filters and the period.")
    parts = [html.H2("Re-audits", className="h4", id=hid),
             html.P(words, className="small text-body-secondary mb-1", id="reaudits-words")]
    if table.rows:
        labelled = TableData(columns=table.columns, rows=[
            {**r, "label": f"{r['audit_id']} (re-audit of {r['reaudit_of']})"}
            for r in table.rows], implies_total=False)
        before = Col("reaudit_of_good_or_better_pct", "First audit", PERCENT)
        after = Col("good_or_better_pct", "Re-audit", PERCENT)
        figure = series_bars(labelled, "label", [Series(before, ORANGE, "/"),
                                                 Series(after, DARK_BLUE)], scale=(0, 118))
        parts.append(html.Figure(
            [html.Figcaption("Good or better at the first audit and at the re-audit.",
                             className="visually-hidden"),
             dcc.Graph(figure=figure, config=GRAPH_CONFIG,
                       id={"type": "chart", "panel": REAUDIT_PANEL.key},
                       className="breakdown-graph")], className="mb-1"))
        parts.append(table_view(table, "Re-audits beside the exercises they re-audit",
                                table_id="reaudits-table",
                                download_href=REAUDIT_PANEL.download_href, search=search))
    else:
        parts.append(html.P("No audit exercise re-audits another by the as-of date.",
                            className="small"))
    return html.Section(parts, className="mb-4", **{"aria-labelledby": hid,
                                                     "data-panel": REAUDIT_PANEL.key})
