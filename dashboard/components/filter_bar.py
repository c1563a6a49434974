"""The one filter bar (period, agency, priority area); its state lives in the address."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.format import format_date, humanise_code

FILTER_IDS = {
    "period": "filter-period",
    "from": "filter-from",
    "to": "filter-to",
    "agency": "filter-agency",
    "area": "filter-area",
}


def _field(label: str, control, control_id: str, width: str, help_text: str | None = None,
           help_id: str | None = None):
    # the label's id lets assets/a11y.js name a dropdown's button by its label too
    children = [html.Label(label, htmlFor=control_id, id=f"{control_id}-label",
                           className="form-label"), control]
    if help_text or help_id:
        extra = {"id": help_id, "aria-live": "polite"} if help_id else {}
        children.append(html.Div(help_text, className="filter-note", **extra))
    return html.Div(children, className=width)


def filter_bar(*, as_of: dt.date, agencies: Sequence[str],
               areas: Sequence[tuple[str, str]],
               presets: Sequence[tuple[str, str]]) -> html.Section:
    """The period's presets are a native select and its dates native inputs (keyboard-
    and screen-reader-friendly); lists are multi-select dropdowns. Values are set from
    the address by the shell's callback."""
    agency_options = [{"label": humanise_code(a), "value": a} for a in agencies]
    area_options = [{"label": name, "value": area_id} for area_id, name in areas]
    max_date = as_of.isoformat()
    return html.Section(
        html.Div(
            html.Div(
                [
                    _field("Period", dbc.Select(
                        id=FILTER_IDS["period"], options=[
                            {"label": label, "value": value} for value, label in presets],
                        value=presets[0][0], className="form-select"),
                        FILTER_IDS["period"], "col-12 col-md-2"),
                    _field("From", dcc.Input(
                        id=FILTER_IDS["from"], type="date", max=max_date,
                        className="form-control", debounce=False),
                        FILTER_IDS["from"], "col-6 col-md-2", help_id="filter-period-note"),
                    _field("To", dcc.Input(
                        id=FILTER_IDS["to"], type="date", max=max_date,
                        className="form-control", debounce=False),
                        FILTER_IDS["to"], "col-6 col-md-2", f"Blank: {format_date(as_of)}"),
                    _field("Agency", dcc.Dropdown(
                        id=FILTER_IDS["agency"], options=agency_options, multi=True,
                        placeholder="All agencies", searchable=True),
                        FILTER_IDS["agency"], "col-12 col-md-2"),
                    _field("Priority area", dcc.Dropdown(
                        id=FILTER_IDS["area"], options=area_options, multi=True,
                        placeholder="All priority areas", searchable=True),
                        FILTER_IDS["area"], "col-12 col-md-2"),
                    html.Div(
                        dcc.Link("Clear filters", id="filter-clear", href="/",
                                 className="btn btn-outline-dark btn-sm"),
                        className="col-12 col-md-2 d-flex align-items-center",
                    ),

                ],
                className="row g-2 align-items-start",
            ),
            className="container-xxl",
        ),
        className="filter-bar no-print", id="filter-bar",
        **{"aria-label": "Filters"},
    )
