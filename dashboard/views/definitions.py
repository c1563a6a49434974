"""Definitions (/definitions): what every figure means, from dashboard/definitions.py
(the same text as queries/README.md)."""
from __future__ import annotations

from dash import dcc, html

from dashboard.components.format import format_date
from dashboard.definitions import SECTIONS, anchor


def render(ds, filters, qs: str = "") -> html.Div:
    toc = html.Nav(
        html.Ul([html.Li(dcc.Link(s.title, href=f"#sec-{s.key}")) for s in SECTIONS],
                className="definitions-toc"),
        **{"aria-label": "Sections"},
    )
    sections = []
    for s in SECTIONS:
        items = []
        for d in s.entries:
            items.append(html.Dt(d.name, id=anchor(d.key), tabIndex="-1"))
            detail = [html.Span(code_spans(d.text))]
            if d.queries:
                detail += [html.Br(), html.Small(
                    ["Computed by ", *_join([html.Code(f"queries/{q}.sql") for q in d.queries]),
                     " · in summary as ", html.Code(d.key)],
                    className="text-body-secondary")]
            items.append(html.Dd(detail, className="mb-3"))
        sections.append(html.Section(
            [html.H2(s.title, className="h4", id=f"sec-{s.key}"),
             html.P(code_spans(s.intro)), html.Dl(items)],
            className="mb-4", **{"aria-labelledby": f"sec-{s.key}"}))
    return html.Div(
        [html.H1("Definitions", className="h2"),
         html.P("What every figure on this dashboard counts, in plain words. The as-of "
                f"date here is {format_date(ds.as_of)}.", className="lead"),
         toc, *sections],
        id="definitions",
    )


def code_spans(text: str) -> list:
    """The table's text is also queries/README.md's Markdown: `from=all` is code there, so
    here it is an html.Code, not a word between backticks."""
    return [html.Code(part) if i % 2 else part
            for i, part in enumerate(text.split("`")) if part]


def _join(parts: list) -> list:
    out: list = []
    for i, part in enumerate(parts):
        if i:
            out.append(", ")
        out.append(part)
    return out
