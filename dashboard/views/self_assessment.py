"""Self-assessment (/self-assessment): Section 11 and section 175 returns for one round
(metrics.md "Self-assessments"): returns received, on time and overdue by agency and by
organisation; standards met as the organisations rated them and as tested at challenge,
per standard; ratings downgraded at challenge; the change from the previous round; then
(views/self_assessment_ratings.py) the standards not met by their effective rating with
their follow-up actions, and the organisation-by-standard table (hidden in public mode,
product.md).

Counts here are of organisations and ratings, never of children: public mode suppresses
none of them (product.md); it hides the ratings of each organisation instead.
"""
from __future__ import annotations

from dash import dcc, html

from dashboard.address import merge_search
from dashboard.analysis.values import clean, plain
from dashboard.components.breakdown import chart_panel
from dashboard.components.format import format_date, humanise_code
from dashboard.components.multi_charts import paired_bars, stacked_bars
from dashboard.components.tables import table_view
from dashboard.data import contract as C
from dashboard.metrics import self_assessment_section
from dashboard.views import queries
from dashboard.views.deepdive import (
    Figure, code_rows, figure_tiles, figures_table, missing_file, page_heading,
)
from dashboard.views.panels import (
    CODE, COUNT, DATE, PERCENT, TEXT, Col, Panel, TableData, cell_text, order_rows, register,
    shown,
)
# the ratings of each organisation (hidden in public mode) are drawn there
from dashboard.views.self_assessment_ratings import (  # noqa: F401 (panels re-exported)
    MATRIX_PANELS, NOT_MET_PANEL, agency_first, matrix_section, not_met_section,
)

PAGE = "self-assessment"
STEM = "self_assessments"
QUERIES = ("self_assessment_figures", "self_assessment_by_standard",
           "self_assessment_returns_by_agency", "self_assessment_organisations",
           "self_assessment_ratings", "self_assessment_not_met")
SECTION = "self_assessment"

ROUND = Col("round", "Round", TEXT)
ORGANISATIONS = Col("organisations", "Organisations", COUNT)
DUE = Col("returns_due", "Returns due", COUNT)
RECEIVED = Col("returns_received", "Returns received", COUNT)
OVERDUE = Col("returns_overdue", "Returns overdue", COUNT)
ON_TIME = Col("returned_on_time_pct", "Returned on time", PERCENT)
RATED = Col("standards_rated", "Standards rated", COUNT)
SELF_MET = Col("self_met_pct", "Met (self-rated)", PERCENT)
SELF_NOT_MET = Col("self_not_met_pct", "Not met (self-rated)", PERCENT)
VALIDATED = Col("validated", "Tested at challenge", COUNT)
VALIDATED_MET = Col("validated_met_pct", "Met at challenge", PERCENT)
DOWNGRADED = Col("downgraded_pct", "Downgraded at challenge", PERCENT)
PREVIOUS_ROUND = Col("previous_round", "Previous round", TEXT)
PREVIOUS_MET = Col("previous_self_met_pct", "Met (self-rated) in the previous round", PERCENT)
CHANGE = Col("change", "Change from the previous round", TEXT)
FIGURES = (
    Figure(SECTION, ROUND), Figure(SECTION, ORGANISATIONS), Figure(SECTION, DUE),
    Figure(SECTION, RECEIVED), Figure(SECTION, OVERDUE), Figure(SECTION, ON_TIME),
    Figure(SECTION, RATED), Figure(SECTION, SELF_MET), Figure(SECTION, SELF_NOT_MET),
    Figure(SECTION, VALIDATED), Figure(SECTION, VALIDATED_MET), Figure(SECTION, DOWNGRADED),
    Figure(SECTION, PREVIOUS_ROUND, definition="self_assessment.previous_self_met_pct"),
    Figure(SECTION, PREVIOUS_MET),
    Figure(SECTION, CHANGE, definition="self_assessment.previous_self_met_pct"),
)

# organisations by the state of their return at as_of (self_assessment_returns_by_agency)
RETURN_PARTS = (
    Col("returned_on_time", "Returned on time", COUNT),
    Col("returned_late", "Returned late", COUNT),
    Col("returned_not_yet_due", "Returned before the due date", COUNT),
    Col("returns_overdue", "Overdue", COUNT),
    Col("not_yet_due", "Not yet due", COUNT),
)
RETURN_WORDS = {"returned_on_time": "Returned on time", "returned_late": "Returned late",
                "returned_not_yet_due": "Returned before the due date",
                "overdue": "Overdue", "not_yet_due": "Not yet due"}
AGENCY_COLS = [Col("label", "Agency", TEXT, sortable=False), ORGANISATIONS, DUE, RECEIVED,
               *RETURN_PARTS, ON_TIME]
ORGANISATION_COLS = [
    Col("organisation", "Organisation", TEXT), Col("agency", "Agency", CODE),
    Col("framework", "Framework", CODE), Col("due_on", "Due", DATE),
    Col("submitted_on", "Submitted", DATE), Col("return_status", "Return", TEXT),
]
STANDARD_SELF_MET = Col("self_met_pct", "Met (self-rated)", PERCENT)
STANDARD_VALIDATED_MET = Col("validated_met_pct", "Met at challenge", PERCENT)
STANDARD_COLS = [Col("label", "Standard", TEXT, sortable=False),
                 Col("standards_rated", "Ratings", COUNT), STANDARD_SELF_MET,
                 Col("validated", "Tested at challenge", COUNT), STANDARD_VALIDATED_MET]
def change_words(section: dict) -> str | None:
    """The change of the self-rated met share from the previous round, in points."""
    now, before = section.get("self_met_pct"), section.get("previous_self_met_pct")
    if now is None or before is None:
        return None
    points = round(now - before, 1)
    if points == 0:
        return "No change"
    return f"{'Up' if points > 0 else 'Down'} {abs(points):.1f} points"


# ---- panels ----------------------------------------------------------------------------
def _section(ds, filters) -> dict:
    """summary's self_assessment section under the filters (the page's figures)."""
    return self_assessment_section(ds, filters, ds.as_of) or {}


def _figures_data(ds, filters, state) -> TableData:
    section = _section(ds, filters)
    return figures_table({**section, "change": change_words(section)}, FIGURES)


def _agency_data(ds, filters, state) -> TableData:
    rows = code_rows(ds.rows("self_assessment_returns_by_agency", filters).records())
    return TableData(columns=AGENCY_COLS, rows=order_rows(rows, C.AGENCIES),
                     implies_total=False)


def _organisation_data(ds, filters, state) -> TableData:
    rows = []
    for r in ds.run("self_assessment_organisations", filters).to_dict("records"):
        rows.append({c.key: plain(r.get(c.key)) for c in ORGANISATION_COLS}
                    | {"return_status": RETURN_WORDS.get(r["return_status"])})
    return TableData(columns=ORGANISATION_COLS, rows=agency_first(rows), implies_total=False)


def _standard_data(framework: str):
    def data(ds, filters, state) -> TableData:
        # the query behind summary's by_standard, in its order: one framework's standards
        rows = [{k: clean(v) for k, v in s.items()} | {"label": f"Standard {s['standard']}"}
                for s in ds.run("self_assessment_by_standard", filters).to_dict("records")
                if s["framework"] == framework]
        return TableData(columns=STANDARD_COLS, rows=rows, implies_total=False)
    return data


FIGURES_PANEL = register(Panel(PAGE, "figures", "Self-assessment figures", _figures_data))
AGENCY_PANEL = register(Panel(PAGE, "returns-by-agency", "Returns by agency", _agency_data))
ORGANISATION_PANEL = register(Panel(PAGE, "returns-by-organisation",
                                    "Returns by organisation", _organisation_data))
STANDARD_PANELS = {fw: register(Panel(PAGE, f"by-standard-{fw.replace('_', '-')}",
                                      f"{humanise_code(fw)}: standards met, self-rated "
                                      "and at challenge", _standard_data(fw)))
                   for fw in C.FRAMEWORKS}
# ---- the page --------------------------------------------------------------------------
def round_block(ds, filters, section: dict, search: str) -> html.Div:
    """Which round the page shows and why, in words, and the other rounds as links (the
    Self-assessment round control in the filter bar chooses too)."""
    as_of = format_date(ds.as_of)
    chosen = section.get("round")
    if chosen is None:
        words = (f"No self-assessment round has a return due by {as_of} yet, so there is "
                 "nothing to show; choose a round to see one that is not yet due.")
    elif filters.round:
        words = f"Round {chosen}, as chosen."
    else:
        words = (f"Round {chosen}: the latest round with a return due by {as_of} (choose "
                 "another with the Self-assessment round control).")
    if chosen is not None and not section.get("organisations"):
        words += " It has no returns in the file" + (
            " from the agencies chosen." if filters.agency else ".")
    rounds = queries.filter_choices(ds).get("round") or []
    links: list = []
    for r in rounds:
        if links:
            links.append(" · ")
        links.append(html.Strong(r, **{"aria-current": "true"}) if r == chosen else
                     dcc.Link(r, href="/self-assessment" + merge_search(
                         search, {"round": r, "page": None})))
    parts = [html.P(words, className="mb-1", id="round-words",
                    **{"data-round": chosen or ""})]
    if rounds:
        parts.append(html.P(["Rounds in the file: ", *links], className="small no-print",
                            id="round-links"))
    return html.Div(parts, className="mb-3")


def returns_words(ds, section: dict) -> str:
    """Received against all organisations (some return before they are due), never
    against the returns due (metrics.md)."""
    n = section.get("organisations") or 0
    if not n:
        return "No organisation in this round matches the filters."
    received, due = section.get("returns_received") or 0, section.get("returns_due") or 0
    overdue = section.get("returns_overdue") or 0
    return (f"{received} of {n} organisation{'' if n == 1 else 's'} "
            f"{'has' if received == 1 else 'have'} returned. {due} "
            f"{'was' if due == 1 else 'were'} due by {format_date(ds.as_of)}; "
            f"{overdue} of {'it' if due == 1 else 'them'} "
            f"{'has' if overdue == 1 else 'have'} not returned.")


def _standards_words(table: TableData) -> str:
    if not table.rows:
        return "No standard of this framework is in the round."
    return ("For each standard, the share of the organisations' own ratings that are met, "
            "and of the ratings tested at challenge (how many in brackets) the share found "
            "met; – where none was tested.")


def _tested_text(row: dict) -> str:
    """'50.0% (2 tested)': a share at challenge with the sample it is taken over."""
    n = row.get("validated") or 0
    return "– (none tested)" if not n else (
        f"{cell_text(STANDARD_VALIDATED_MET, row.get('validated_met_pct'))} ({n} tested)")


def overdue_list(organisations: TableData) -> html.Div:
    """The organisations whose return is overdue, for the meeting to chase."""
    overdue = [r for r in organisations.rows if r.get("return_status") == "Overdue"]
    if not overdue:
        return html.P("No return is overdue.", id="overdue-returns")
    return html.Div([
        html.H3("Overdue returns", className="h5"),
        html.Ul([html.Li(f"{r['organisation']} ({humanise_code(r['agency'])}), due "
                         f"{format_date(r['due_on'])}") for r in overdue],
                id="overdue-returns")])


def render(ds, filters, state, search: str) -> html.Div:
    heading = page_heading(ds, filters, "Self-assessment",
                           "Section 11 (agencies) and section 175 (schools) safeguarding "
                           "self-assessments: who has returned, how they rated themselves "
                           "and what the challenge found.", QUERIES, (STEM,), search)
    missing = missing_file(ds, STEM, "The self-assessment figures", search)
    if missing is not None:
        return html.Div([*heading, missing], id="self-assessment")
    figures = shown(FIGURES_PANEL, ds, filters, state)
    section = figures.rows[0]      # the figures as on screen: round, returns, ratings
    agencies = shown(AGENCY_PANEL, ds, filters, state)
    organisations = shown(ORGANISATION_PANEL, ds, filters, state)
    agency_chart = chart_panel(
        AGENCY_PANEL, agencies, stacked_bars(agencies, "label", RETURN_PARTS, "code"),
        words=f"Organisations by agency and the state of their return at "
              f"{format_date(ds.as_of)}.", search=search, drill_param="agency",
        label_key="label", code_key="code")
    standard_charts = []
    for panel in STANDARD_PANELS.values():
        standards = shown(panel, ds, filters, state)
        if standards.rows:
            standard_charts.append(chart_panel(
                panel, standards,
                paired_bars(standards, "label", (STANDARD_SELF_MET, STANDARD_VALIDATED_MET),
                            texts={STANDARD_VALIDATED_MET.key: _tested_text}),
                words=_standards_words(standards), search=search))
    return html.Div(
        [*heading,
         round_block(ds, filters, section, search),
         html.H2("Figures for the round", className="visually-hidden"),
         figure_tiles(figures, FIGURES, search, download_href=FIGURES_PANEL.download_href,
                      public=filters.public),
         html.H2("Returns", className="h4"),
         html.P(returns_words(ds, section), id="returns-words"),
         html.Div([html.Div(agency_chart, className="col-12 col-xl-7"),
                   html.Div(overdue_list(organisations), className="col-12 col-xl-5")],
                  className="row g-3"),
         # not a landmark of its own: the table's scrolling region already is one
         html.Div(
             [html.H3(ORGANISATION_PANEL.title, className="h5"),
              table_view(organisations, "The state of each organisation's return at "
                         f"{format_date(ds.as_of)}",
                         table_id="returns-by-organisation-table",
                         download_href=ORGANISATION_PANEL.download_href, search=search)],
             className="mb-4"),
         html.H2("Ratings", className="h4"),
         html.Div([html.Div(c, className="col-12 col-xl-6") for c in standard_charts],
                  className="row g-3"),
         not_met_section(ds, filters, state, search),
         matrix_section(ds, filters, state, search)],
        id="self-assessment")
