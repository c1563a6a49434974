"""Charts of several figures at once, for the deep-dive pages: bars stacked by part
(organisations by the state of their return), bars side by side (standards met as
self-rated and at challenge) and one line per series over time (entries heard by
source). Like components/breakdown.py, a chart only draws the TableData it is given,
each bar or point carries its filter code (or period start) for the drill-down, and
every series is named in a legend and in the hover text, never by colour alone (the
numbers are in the table beside the chart too). Labels are data text: written as text
(breakdown.chart_text), never read as markup.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import plotly.graph_objects as go

from dashboard.analysis.values import is_missing
from dashboard.components.breakdown import chart_text
from dashboard.components.charts import FONT, figure
from dashboard.views.panels import Col, TableData, cell_text

# Each at least 3:1 against white (WCAG 1.4.11), and told apart by name and marker too.
# six styles, so the six voice channels never share one
SERIES_COLOURS = ("#0b3d91", "#b35900", "#1b6b34", "#9d1c3f", "#5a5f66", "#6a3d9a")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


def _number(value) -> float | None:
    if isinstance(value, str) or is_missing(value):
        return None
    return float(value)


def _count_axis(values) -> dict:
    """A count axis in whole numbers: one tick per unit while the counts are small (else
    plotly's own ticks, which are whole by then)."""
    top = max([v for v in values if v is not None] or [0])
    return dict(tickformat=",d", dtick=1 if top <= 8 else None, rangemode="tozero",
                gridcolor="#e9ecef")


def _legend() -> dict:
    # in the order the series are given (plotly reverses a stack's legend otherwise)
    return dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0,
                font=dict(size=12), traceorder="normal")


def stacked_bars(table: TableData, label_key: str, parts: Sequence[Col],
                 code_key: str | None = None,
                 colours: Sequence[str] = SERIES_COLOURS) -> go.Figure:
    """Horizontal bars, one per row (top first), each split into `parts` (counts that
    add up to the row's whole), with a legend naming the parts."""
    rows = table.rows
    labels = [chart_text(r.get(label_key)) for r in rows]
    data: list[dict] = []
    for i, col in enumerate(parts):
        data.append(dict(
            type="bar", y=labels, x=[_number(r.get(col.key)) or 0 for r in rows], orientation="h",
            name=col.label, marker_color=colours[i % len(colours)],
            customdata=[[r.get(code_key) if code_key else None,
                         cell_text(col, r.get(col.key))] for r in rows],
            hovertemplate=f"%{{y}}: {col.label.lower()} %{{customdata[1]}}<extra></extra>",
        ))
    return figure(data, dict(
        font=FONT, barmode="stack", legend=_legend(),
        height=max(200, 34 * len(rows) + 110), margin=dict(l=8, r=16, t=40, b=32),
        yaxis=dict(autorange="reversed", automargin=True),
        xaxis=_count_axis([sum(_number(r.get(c.key)) or 0 for c in parts) for r in rows]),
    ))


def paired_bars(table: TableData, label_key: str, series: Sequence[Col],
                code_key: str | None = None,
                colours: Sequence[str] = SERIES_COLOURS,
                texts: dict[str, Callable[[dict], str]] | None = None) -> go.Figure:
    """Horizontal bars side by side, one group per row (top first) and one bar per
    series (percentages 0-100), each bar's value written at its end ("–" for none), or
    what `texts[col.key](row)` says (a share with the number it is taken over)."""
    rows = table.rows
    labels = [chart_text(r.get(label_key)) for r in rows]
    data: list[dict] = []
    for i, col in enumerate(series):
        write = (texts or {}).get(col.key) or (lambda r, c=col: cell_text(c, r.get(c.key)))
        text = [write(r) for r in rows]
        data.append(dict(
            type="bar", y=labels, x=[_number(r.get(col.key)) or 0 for r in rows], orientation="h",
            name=col.label, marker_color=colours[i % len(colours)], text=text,
            textposition="outside", cliponaxis=False,
            customdata=[[r.get(code_key) if code_key else None, t] for r, t in zip(rows, text)],
            hovertemplate=f"%{{y}}: {col.label.lower()} %{{customdata[1]}}<extra></extra>",
        ))
    percent = all(c.kind == "percent" for c in series)
    return figure(data, dict(
        font=FONT, barmode="group", legend=_legend(),
        bargap=0.25, height=max(220, 22 * len(rows) * max(1, len(series)) + 110),
        margin=dict(l=8, r=140, t=40, b=32),
        yaxis=dict(autorange="reversed", automargin=True),
        xaxis=dict(ticksuffix="%" if percent else "", gridcolor="#e9ecef",
                   **({"range": [0, 100]} if percent else {})),
    ))


def series_lines(table: TableData, period_key: str, label_key: str, series: Sequence[Col],
                 height: int = 280, colours: Sequence[str] = SERIES_COLOURS) -> go.Figure:
    """One line per series over periods; every point carries its period start for the
    drill-down; lines differ in colour, marker and dash."""
    rows = table.rows
    data: list[dict] = []
    for i, col in enumerate(series):
        data.append(dict(
            type="scatter", x=[r.get(period_key) for r in rows], y=[_number(r.get(col.key)) for r in rows],
            name=col.label, mode="lines+markers",
            line=dict(color=colours[i % len(colours)], width=2, dash=DASHES[i % len(DASHES)]),
            marker=dict(size=7, color=colours[i % len(colours)],
                        symbol=MARKERS[i % len(MARKERS)]),
            customdata=[[r.get(period_key), chart_text(r.get(label_key)),
                         cell_text(col, r.get(col.key))] for r in rows],
            hovertemplate=(f"%{{customdata[1]}}: {col.label.lower()} %{{customdata[2]}}"
                           "<extra></extra>"),
        ))
    return figure(data, dict(
        font=FONT, legend=_legend(), height=height,
        margin=dict(l=48, r=12, t=40, b=40),
        yaxis=_count_axis([_number(r.get(c.key)) for r in rows for c in series]),
        xaxis=dict(showgrid=False),
    ))
