"""Deep-dive charts: a figure by one breakdown dimension (bars) or over time (a line),
each beside its numbers as a table, a CSV download and, where the dimension is a filter,
a drill-down: clicking a bar or point (or its link in the table, for keyboards and
screen readers) narrows the page to it.

A chart only draws what it is given (a TableData with a category and a value column);
suppressed values ("c" in public mode) are not drawn and are labelled "c".
"""
from __future__ import annotations

from dataclasses import replace

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.analysis.values import is_missing
from dashboard.components.charts import FONT, chart_text, figure
from dashboard.components.tables import table_view
from dashboard.views.panels import Col, TableData, cell_text

DRILL = "drill"            # pattern-matching id type of a chart that narrows the page
BAR_COLOUR = "#0b3d91"     # 11.5:1 on white
GRAPH_CONFIG = {
    "displaylogo": False, "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines",
                               "hoverClosestCartesian", "hoverCompareCartesian", "zoom2d",
                               "pan2d", "zoomIn2d", "zoomOut2d", "resetScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def _number(value) -> float | None:
    if isinstance(value, str) or is_missing(value):
        return None
    return float(value)


def bar_figure(table: TableData, label_key: str, value: Col, code_key: str | None = None,
               height: int | None = None) -> go.Figure:
    """Horizontal bars, one per row, in the table's order (top first); each bar's value
    is written at its end; `code_key` is carried in customdata for the drill-down."""
    rows = table.rows
    labels = [chart_text(r.get(label_key)) for r in rows]
    values = [_number(r.get(value.key)) for r in rows]
    text = [cell_text(value, r.get(value.key)) for r in rows]
    return figure([dict(
        type="bar", y=labels, x=[v or 0 for v in values], orientation="h",
        marker=dict(color=BAR_COLOUR), text=text, textposition="outside", cliponaxis=False,
        customdata=[[r.get(code_key) if code_key else None] for r in rows],
        hovertemplate="%{y}: %{text}<extra></extra>",
    )], dict(
        font=FONT, showlegend=False,
        height=height or max(160, 34 * len(rows) + 60),
        margin=dict(l=8, r=48, t=8, b=32),
        yaxis=dict(autorange="reversed", automargin=True),
        xaxis=dict(ticksuffix="%" if value.kind == "percent" else "",
                   range=[0, 100] if value.kind == "percent" else None, gridcolor="#e9ecef"),
    ))


def trend_figure(table: TableData, period_key: str, label_key: str, value: Col,
                 height: int = 260) -> go.Figure:
    """A line over periods; each point carries its period start for the drill-down."""
    rows = table.rows
    ys = [_number(r.get(value.key)) for r in rows]
    top = max([y for y in ys if y is not None], default=0)
    top = 100 if value.kind == "percent" else (top or 1)
    pad = top * 0.05   # a zero baseline, with room so a point on it is not cut in half
    return figure([dict(
        type="scatter", x=[r.get(period_key) for r in rows], y=ys,
        mode="lines+markers", line=dict(color=BAR_COLOUR, width=2), connectgaps=False,
        marker=dict(size=7, color=BAR_COLOUR),
        customdata=[[r.get(period_key), r.get(label_key), cell_text(value, r.get(value.key))]
                    for r in rows],
        hovertemplate="%{customdata[1]}: %{customdata[2]}<extra></extra>",
    )], dict(
        font=FONT, showlegend=False, height=height,
        margin=dict(l=48, r=12, t=8, b=40),
        yaxis=dict(ticksuffix="%" if value.kind == "percent" else "", gridcolor="#e9ecef",
                   range=[-pad, top + 2 * pad], zeroline=True, zerolinecolor="#adb5bd"),
        xaxis=dict(showgrid=False),
    ))


def narrowed_links(table: TableData, label_key: str, code_key: str, param: str,
                   search: str) -> TableData:
    """The numbers table with each category a link that narrows the page to it, to the
    same address a click on its bar or point opens (a trend's period becomes from/to)."""
    from dashboard.views.state import drill_search

    rows = [{**r, label_key: dcc.Link(str(r.get(label_key)),
                                      href=drill_search(search, param, r.get(code_key)))}
            if r.get(code_key) is not None else r for r in table.rows]
    return replace(table, rows=rows)


def chart_panel(panel, table: TableData, figure: go.Figure, *, words: str,
                search: str = "", drill_param: str | None = None,
                label_key: str | None = None, code_key: str | None = None,
                table_columns: list[Col] | None = None) -> html.Section:
    """A chart with its title, its meaning in words, its numbers as a table (category
    links narrow the page), a CSV of those numbers and a PNG from the chart's camera."""
    graph_id = ({"type": DRILL, "param": drill_param, "panel": panel.key}
                if drill_param else {"type": "chart", "panel": panel.key})
    numbers = replace(table, columns=table_columns or table.columns)
    if drill_param and label_key and code_key:
        numbers = narrowed_links(numbers, label_key, code_key, drill_param, search)
    hid = f"{panel.key}-heading"
    how = (" Click a bar or point, or a link in the table, to narrow the page to it."
           if drill_param else "")
    return html.Section(
        [
            html.H3(panel.title, className="h5", id=hid),
            # the chart's meaning in words is its caption; its numbers the table below
            html.Figure([html.Figcaption(words + how, className="small text-body-secondary mb-1",
                                         id=f"{panel.key}-words"),
                         dcc.Graph(figure=figure, config=GRAPH_CONFIG, id=graph_id,
                                   className="breakdown-graph")], className="mb-1"),
            # the table's scrolling region is named apart from the chart's section (the
            # same name twice is two identical landmarks: axe landmark-unique)
            html.Details([html.Summary("Show the numbers"),
                          table_view(numbers, f"{panel.title}: the numbers",
                                     table_id=f"{panel.key}-table")],
                         open=False, className="mb-1"),
            html.P(html.A(["Download CSV", html.Span(f": {panel.title}",
                                                     className="visually-hidden")],
                          href=panel.download_href + search, download="",
                          **{"data-download": panel.key}),
                   className="small mb-0 no-print"),
        ],
        className="chart-panel mb-4", **{"aria-labelledby": hid, "data-panel": panel.key},
    )
