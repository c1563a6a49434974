"""Pages that a later release fills: they say what they will show (product.md)."""
from __future__ import annotations

from dash import dcc, html


def coming_page(title: str, will_show: str, qs: str = "") -> html.Div:
    return html.Div(
        [
            html.H1(title, className="h2"),
            html.P("This page is coming in a later release.", className="lead"),
            html.P(["It will show: ", will_show]),
            html.P(dcc.Link("Back to the Overview", href="/" + qs)),
        ],
        **{"data-coming": "true"},
    )
