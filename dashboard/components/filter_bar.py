"""The one filter bar: a control for every filter of filters.PARAMS; its state lives in
the address. Each page shows only the filters that narrow it (the shell hides the
others: which narrow a page follows from the parameters its queries take), the first
IN_ROW of them in the bar's row and the rest under "More filters"."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.format import format_date, humanise_code
from dashboard.filters import CODES, FINANCIAL_YEAR, FLAG, FROM, NOT_RECORDED, PARAMS, TEXT

FIELD = "filter-field"      # pattern-matching id type of each control's wrapper
# On every page the first IN_ROW filters that narrow it (period, from and to count as
# three) are in view; the others fold under "More filters", so that the header, banner
# and filters take at most a quarter of a 1280x720 screen (issue: the meeting view).
IN_ROW = 5
FIELDS_ROW_ID = "filter-fields"
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
    fields = [_field("period", "Period", dbc.Select(
        id="filter-period", options=[{"label": label, "value": value}
                                     for value, label in presets],
        value=presets[0][0], className="form-select"), "col-12 col-sm-4 col-md-2")]
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
        fields.append(_field(p.name, p.title, _control(p, choices, max_date), width,
                             help_text, help_id))
    # one row: the fields a page folds are hidden until the button opens them (a
    # disclosure button: aria-expanded says whether they show); they then show between
    # the first fields and the buttons, in the order of the tab key; they open by
    # themselves when one is set
    fields.append(html.Div(
        [html.Button("More filters", id=MORE_FILTERS_BUTTON, type="button",
                     className="btn btn-outline-dark btn-sm",
                     **{"aria-expanded": "false", "aria-controls": FIELDS_ROW_ID}),
         dcc.Link("Clear filters", id="filter-clear", href="/",
                  className="btn btn-outline-dark btn-sm")],
        className="col-12 col-md-auto d-flex align-items-end gap-2 pb-1 filter-actions"))
    return html.Section(
        html.Div(html.Div(fields, className="row g-2 align-items-end", id=FIELDS_ROW_ID),
                 className="container-xxl"),
        className="filter-bar no-print", id="filter-bar", **{"aria-label": "Filters"},
    )
