"""Front door (/front-door): contacts over time, decisions within one working day,
conversion to referral, repeat contacts, re-contact after no further action and
escalations, by referrer agency, concern, age band, screening RAG, locality and
decision (metrics.md "MASH / front door"), and the contacts behind them."""
from __future__ import annotations

from dash import html

from dashboard.components.breakdown import bar_figure, chart_panel, trend_figure
from dashboard.views.chart_words import period_rows
from dashboard.views.deepdive import (
    Figure, RecordView, code_rows, figure_tiles, figures_by, figures_table,
    figures_together, missing_file,
    page_heading, record_data, records_section,
)
from dashboard.data import contract as C
from dashboard.views.panels import (
    BOOL, CODE, COUNT, DATETIME, PERCENT, TEXT, Col, Panel, TableData, order_rows, register,
    shown,
)

PAGE = "front-door"
STEM = "mash_contacts"
QUERIES = ("mash_figures", "mash_contact_rows")

CONTACTS = Col("contacts", "Contacts", COUNT, small=True)
DECIDED = Col("decided", "Decided", COUNT, small=True)
WITHIN = Col("decided_within_1wd_pct", "Decided within 1 working day", PERCENT,
             base=("decided", "decided_within_1wd"))
PENDING = Col("pending_overdue", "Pending past 1 working day", COUNT, small=True)
CONVERSION = Col("conversion_pct", "Converted to referral", PERCENT,
                 base=("decided", "converted"))
REPEAT = Col("repeat_contact_12m_pct", "Repeat contacts in 12 months", PERCENT,
             base=("contacts", "repeat_contacts_12m"))
NFA = Col("nfa_recontact_3m_pct", "Re-contact within 3 months of no further action",
          PERCENT, base=("nfa_eligible", "nfa_recontacted_3m"))
ESCALATION = Col("escalation_pct", "Escalated", PERCENT, base=("contacts", "escalated"))
FIGURES = (
    Figure("mash", CONTACTS, "all"), Figure("mash", DECIDED, "decided"),
    Figure("mash", WITHIN, "decided_late"), Figure("mash", PENDING, "pending_overdue", as_at=True),
    Figure("mash", CONVERSION, "converted"), Figure("mash", REPEAT, "repeat"),
    Figure("mash", NFA, "nfa_recontact"), Figure("mash", ESCALATION, "escalated"),
)
BREAKDOWN_COLS = [Col("label", "Category", TEXT, sortable=False), CONTACTS, DECIDED, WITHIN,
                  CONVERSION, REPEAT, ESCALATION]
# the contract's order of a dimension's codes, where it has a natural one
CODE_ORDER = {"age_band": C.AGE_BANDS, "screening_rag": C.SCREENING_RAGS,
              "decision": (*C.DECISIONS, "pending")}
# breakdown -> (title, the filter a bar narrows to, or None)
BREAKDOWNS = {
    "referrer_agency": ("Contacts by referrer agency", "agency"),
    "primary_concern": ("Contacts by primary concern", "concern"),
    "age_band": ("Contacts by age band", "age-band"),
    "screening_rag": ("Contacts by screening RAG", "screening-rag"),
    "locality": ("Contacts by locality", "locality"),
    "decision": ("Contacts by decision", None),
}
RECORD_VIEWS = (
    RecordView("all", "All contacts in the period"),
    RecordView("decided", "Decided"),
    RecordView("decided_late", "Decided late"),
    RecordView("pending_overdue", "Pending past 1 working day"),
    RecordView("converted", "Converted to referral"),
    RecordView("repeat", "Repeat contacts"),
    RecordView("nfa_recontact", "Re-contact after no further action"),
    RecordView("escalated", "Escalated"),
)
RECORD_COLS = [
    Col("contact_id", "Contact", TEXT), Col("child_ref", "Child (pseudonym)", TEXT),
    Col("received_at", "Received", DATETIME), Col("referrer_agency", "Referrer", CODE),
    Col("primary_concern", "Concern", CODE), Col("age_band", "Age band", TEXT),
    Col("screening_rag", "Screening RAG", CODE), Col("decision", "Decision", CODE),
    Col("decided_at", "Decided", DATETIME), Col("within_1wd", "Within 1 working day", BOOL),
    Col("repeat_12m", "Repeat in 12 months", BOOL), Col("escalated", "Escalated", BOOL),
    Col("locality", "Locality", TEXT),
]
# the counts each derived figure is worked from (suppressed with it in public mode)
BASES = [Col(k, k, COUNT, small=True) for k in (
    "decided_within_1wd", "converted", "repeat_contacts_12m", "nfa_eligible",
    "nfa_recontacted_3m", "escalated")]


def _figures_data(ds, filters, state) -> TableData:
    rows = figures_by(ds, "mash_figures", filters, "none")
    return figures_table(rows[0] if rows else None, FIGURES, BASES)


def _breakdown_data(breakdown: str):
    def data(ds, filters, state) -> TableData:
        rows = code_rows(figures_by(ds, "mash_figures", filters, breakdown),
                         (lambda c: c.lower()) if breakdown == "locality" else (lambda c: c))
        rows = order_rows(rows, CODE_ORDER.get(breakdown), by="contacts")
        return TableData(columns=BREAKDOWN_COLS, rows=rows)
    return data


def _month_data(ds, filters, state) -> TableData:
    rows = period_rows(figures_by(ds, "mash_figures", filters, "month"), "monthly")
    return TableData(columns=[Col("label", "Month", TEXT, sortable=False), CONTACTS, DECIDED,
                              WITHIN, CONVERSION, ESCALATION], rows=rows)


FIGURES_PANEL = register(Panel(PAGE, "figures", "Front-door figures", _figures_data))
MONTH_PANEL = register(Panel(PAGE, "by-month", "Contacts by month", _month_data))
WITHIN_MONTH_PANEL = register(Panel(PAGE, "by-month-within",
                                    "Decided within one working day, by month", _month_data))
BREAKDOWN_PANELS = {b: register(Panel(PAGE, f"by-{b.replace('_', '-')}", title,
                                      _breakdown_data(b)))
                    for b, (title, _) in BREAKDOWNS.items()}
RECORDS_PANEL = register(Panel(PAGE, "records", "Contacts",
                               record_data("mash_contact_rows", RECORD_COLS, RECORD_VIEWS),
                               records=True))


def _words_of_bars(table: TableData, col: Col) -> str:
    rows = [r for r in table.rows if not isinstance(r.get(col.key), str)]
    if not rows:
        return "No contacts match the filters."
    top = max(rows, key=lambda r: r.get(col.key) or 0)
    return (f"{len(table.rows)} categories; the most {col.label.lower()}: {top['label']} "
            f"({top.get(col.key):,}).")


def render(ds, filters, state, search: str) -> html.Div:
    heading = page_heading(ds, filters, "Front door (MASH)",
                           "Contacts received by the front door and what was decided, "
                           "against Working Together's one working day.", QUERIES, (STEM,),
                           search)
    missing = missing_file(ds, STEM, "The front-door figures", search)
    if missing is not None:
        return html.Div([*heading, missing], id="front-door")
    # every panel's rows in one run, and the record table's page beside it
    figures_together(ds, "mash_figures", filters, records=(RECORDS_PANEL, state, RECORD_VIEWS))
    figures = shown(FIGURES_PANEL, ds, filters, state)
    months = shown(MONTH_PANEL, ds, filters, state)
    month_param = "period:monthly"
    charts = [
        chart_panel(MONTH_PANEL, months, trend_figure(months, "period", "label", CONTACTS),
                    words=_month_words(months), search=search, drill_param=month_param,
                    label_key="label", code_key="period"),
        chart_panel(WITHIN_MONTH_PANEL, months, trend_figure(months, "period", "label", WITHIN),
                    words="The share of each month's decided contacts decided within one "
                          "working day.", search=search, drill_param=month_param,
                    label_key="label", code_key="period"),
    ]
    for breakdown, (title, param) in BREAKDOWNS.items():
        panel = BREAKDOWN_PANELS[breakdown]
        table = shown(panel, ds, filters, state)
        charts.append(chart_panel(panel, table, bar_figure(table, "label", CONTACTS, "code"),
                                  words=_words_of_bars(table, CONTACTS), search=search,
                                  drill_param=param, label_key="label", code_key="code"))
    return html.Div(
        [*heading,
         figure_tiles(figures, FIGURES, search, download_href=FIGURES_PANEL.download_href,
                      public=filters.public),
         html.H2("Over time and by each dimension", className="h4"),
         html.Div([html.Div(c, className="col-12 col-xl-6") for c in charts],
                  className="row g-3"),
         records_section(RECORDS_PANEL, ds, filters, state, search, RECORD_VIEWS)],
        id="front-door")


def _month_words(months: TableData) -> str:
    if not months.rows:
        return "No contacts in the period."
    first, last = months.rows[0], months.rows[-1]
    return (f"Contacts per month from {first['label']} ({first['contacts']}) to "
            f"{last['label']} ({last['contacts']}).")
