"""The one filter bar: a control for every filter of filters.PARAMS; its state lives in
the address. Each page shows only the filters that narrow it (the shell hides the
others: which narrow a page follows from the parameters its queries take)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.format import format_date, humanise_code
from dashboard.filters import CODES, FINANCIAL_YEAR, FLAG, FROM, NOT_RECORDED, PARAMS, TEXT

FIELD = "filter-field"      # pattern-matching id type of each control's wrapper
# Always in view where they narrow the page; the others fold under "More filters".
PRIMARY = ("from", "to", "agency", "area")
MORE_FILTERS_ID = "more-filters"
MORE_FILTERS_BUTTON = "more-filters-button"
# Lists whose column may be empty offer "Not recorded" (product.md: `none`).
OFFER_NOT_RECORDED = ("area", "screening-rag")


def control_id(name: str) -> str:
    """The id of a parameter's control: filter-agency, filter-age-band, …"""
    return f"filter-{name}"


def _field(name: str, label: str, control, width: str, help_text: str | None = None,
           help_id: str | None = None) -> html.Div:
    cid = control_id(name) if name != "period" else "filter-period"
    # the label's id lets assets/a11y.js name a dropdown's button by its label too
    children = [html.Label(label, htmlFor=cid, id=f"{cid}-label", className="form-label"),
                control]
    if help_text or help_id:
        # read with its control (assets/a11y.js sets the control's aria-describedby from
        # data-describes); on screen the page heading says the period in words, so the
        # note does not cost the bar a line
        extra = {"aria-live": "polite"} if help_id else {}
        children.append(html.Div(help_text, className="filter-note visually-hidden",
                                 id=help_id or f"{cid}-note", **{"data-describes": cid},
                                 **extra))
    return html.Div(children, className=width, id={"type": FIELD, "param": name})


def _options(p, choices: Mapping[str, Sequence]) -> list[dict]:
    if p.name in choices:
        values = choices[p.name]
    else:
        values = [(code, humanise_code(code)) for code in p.codes or ()]
    options = [{"label": label, "value": value} for value, label in values]
    if p.name in OFFER_NOT_RECORDED:
        options.append({"label": "Not recorded", "value": NOT_RECORDED})
    return options


def _control(p, choices: Mapping[str, Sequence], max_date: str):
    cid = control_id(p.name)
    label = p.title
    if p.kind == CODES:
        return dcc.Dropdown(id=cid, options=_options(p, choices), multi=True,
                            placeholder=f"All ({label.lower()})", searchable=True)
    if p.kind == TEXT:
        return dcc.Input(id=cid, type="text", debounce=True, className="form-control",
                         placeholder="any; commas separate")
    if p.kind == FINANCIAL_YEAR:
        default = (choices.get("defaults") or {}).get(p.name)
        return dcc.Dropdown(id=cid, options=[{"label": v, "value": v}
                                             for v in choices.get(p.name, ())],
                            multi=False, searchable=False,
                            placeholder=f"Latest: {default}" if default else "Latest")
    return dcc.Input(id=cid, type="date", max=max_date, className="form-control",
                     debounce=False)


def filter_bar(*, as_of: dt.date, choices: Mapping[str, Sequence],
               presets: Sequence[tuple[str, str]]) -> html.Section:
    """Dates are native inputs and the period's presets a native select (keyboard- and
    screen-reader-friendly); lists are multi-select dropdowns; free text is a text box.
    `choices` gives the options that come from the data: area (area_id, name) pairs,
    funding years and self-assessment rounds."""
    max_date = as_of.isoformat()
    primary = [_field("period", "Period", dbc.Select(
        id="filter-period", options=[{"label": label, "value": value}
                                     for value, label in presets],
        value=presets[0][0], className="form-select"), "col-12 col-sm-4 col-md-2")]
    more = []
    for p in PARAMS:
        if p.kind == FLAG:
            continue
        help_text = help_id = None
        if p.kind == FROM:
            help_id = "filter-period-note"
        elif p.name == "to":
            help_text = f"Blank: {format_date(as_of)}"
        width = "col-6 col-sm-4 col-md-auto date-field" if p.name in ("from", "to") else \
            "col-12 col-sm-6 col-md-2"
        field = _field(p.name, p.title, _control(p, choices, max_date), width,
                       help_text, help_id)
        (primary if p.name in PRIMARY else more).append(field)
    # the other filters fold away behind a button in the same row (a disclosure button:
    # aria-expanded says whether they show); they open by themselves when one is set
    primary.append(html.Div(
        [html.Button("More filters", id=MORE_FILTERS_BUTTON, type="button",
                     className="btn btn-outline-dark btn-sm",
                     **{"aria-expanded": "false", "aria-controls": MORE_FILTERS_ID}),
         dcc.Link("Clear filters", id="filter-clear", href="/",
                  className="btn btn-outline-dark btn-sm")],
        className="col-12 col-md-auto d-flex align-items-end gap-2 pb-1 filter-actions"))
    return html.Section(
        html.Div([
            html.Div(primary, className="row g-2 align-items-end"),
            dbc.Collapse(html.Div(more, className="row g-2 align-items-start more-filters-row"),
                         id=MORE_FILTERS_ID, is_open=False),
        ], className="container-xxl"),
        className="filter-bar no-print", id="filter-bar", **{"aria-label": "Filters"},
    )
