"""Charts of several figures at once: bars per category in groups or stacks (grades of
each quarter, attended and not attended, confidence before and after) and several lines
over the same periods (children's voice, family and practitioner involvement).

Each series differs by pattern, dash and marker as well as colour and is named in the
legend and on hover, so colour is never the only cue (WCAG 1.4.1). A chart only draws
what it is given: suppressed values ("c" in public mode) are not drawn. Every bar and
point carries its category's filter code first in its customdata, as breakdown.py's
charts do, so a click narrows the page (app.py `_drill`).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

from dashboard.components.breakdown import BAR_COLOUR, _number
from dashboard.components.charts import FONT, figure
from dashboard.components.format import format_period
from dashboard.views.panels import PERCENT, Col, TableData, cell_text


@dataclass(frozen=True)
class Series:
    """One figure of a multi-series chart and how it looks besides its colour."""
    col: Col
    colour: str = BAR_COLOUR
    pattern: str = ""        # bar fill pattern ("", "/", "x", ".", "-", "+", "|")
    dash: str = "solid"      # line dash
    symbol: str = "circle"   # line marker


# Colours on white, each at least 3:1 (WCAG 1.4.11), told apart by pattern or dash too.
DARK_BLUE, MID_BLUE, ORANGE, DARK_RED, GREY = (
    BAR_COLOUR, "#3a6fb0", "#b35900", "#a50f15", "#5f6368")


def _axis(cols: Sequence[Col], scale: tuple[float, float] | None) -> dict:
    percent = all(c.kind == PERCENT for c in cols)
    axis = dict(ticksuffix="%" if percent else "", gridcolor="#e9ecef")
    if scale is not None:
        axis["range"] = list(scale)
    elif percent:
        axis["range"] = [0, 100]
    return axis


def _legend(n_series: int) -> dict:
    """The layout's legend setting: above the plot when there is more than one series."""
    return dict(legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0,
                            traceorder="normal")) if n_series > 1 else {}


def wrap_label(text: str, width: int = 30) -> str:
    """A long category label over two or more lines (words kept whole), so that long
    course titles do not squeeze the bars."""
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def series_bars(table: TableData, label_key: str, series: Sequence[Series], *,
                code_key: str | None = None, stacked: bool = False,
                horizontal: bool = True, total: Col | None = None,
                scale: tuple[float, float] | None = None,
                height: int | None = None) -> go.Figure:
    """Bars for several figures per category: side by side (`stacked` False) or one on
    another (`stacked`, parts of a whole). Horizontal bars run top to bottom in the
    table's order; vertical ones left to right. Grouped bars carry their value at the
    end; stacked ones carry `total` (when given) at the end of the stack."""
    rows = table.rows
    # data text is text: plotly reads '<' and '&' in labels as its own markup
    labels = [escape(str(r.get(label_key)), quote=False) for r in rows]
    labels = [wrap_label(label) for label in labels] if horizontal else labels
    codes = [[r.get(code_key) if code_key else None] for r in rows]
    data = []
    for i, s in enumerate(series):
        values = [_number(r.get(s.col.key)) for r in rows]
        words = [cell_text(s.col, r.get(s.col.key)) for r in rows]
        last = i == len(series) - 1
        if stacked:
            text = ([cell_text(total, r.get(total.key)) for r in rows]
                    if total is not None and last else None)
        else:
            text = words
        bar = dict(type="bar", name=s.col.label,
                   marker=dict(color=s.colour, pattern=dict(shape=s.pattern, fgcolor="#ffffff"),
                               line=dict(color=s.colour, width=1)),
                   text=text, textposition="outside" if text else None, cliponaxis=False,
                   customdata=[[c[0], w] for c, w in zip(codes, words)],
                   hovertemplate=f"%{{{'y' if horizontal else 'x'}}}, {s.col.label}: "
                                 "%{customdata[1]}<extra></extra>")
        if horizontal:
            data.append(dict(bar, y=labels, x=[v or 0 for v in values], orientation="h"))
        else:
            data.append(dict(bar, x=labels, y=[v or 0 for v in values]))
    value_axis = _axis([s.col for s in series], None if stacked else scale)
    category_axis = dict(automargin=True, type="category")
    n = len(rows)
    if horizontal:
        lines = max((label.count("<br>") + 1 for label in labels), default=1)
        per_row = max(24 if stacked else 18 * len(series) + 10, 16 * lines + 8)
        size = dict(height=height or max(180, per_row * n + 90),
                    margin=dict(l=8, r=56, t=40 if len(series) > 1 else 8, b=32),
                    yaxis=dict(category_axis, autorange="reversed"), xaxis=value_axis)
    else:
        size = dict(height=height or 300, margin=dict(l=48, r=12, t=40, b=40),
                    xaxis=category_axis, yaxis=value_axis)
    return figure(data, dict(font=FONT, barmode="stack" if stacked else "group",
                             showlegend=len(series) > 1, **_legend(len(series)),
                             bargap=0.25, **size))


def series_trend(table: TableData, period_key: str, label_key: str,
                 series: Sequence[Series], height: int = 300) -> go.Figure:
    """Several lines over the same periods; each point carries its period start first in
    its customdata (for the drill-down) and its figure's name on hover."""
    rows = table.rows
    data = [
        dict(
            type="scatter", x=[r.get(period_key) for r in rows], y=[_number(r.get(s.col.key)) for r in rows],
            name=s.col.label, mode="lines+markers", connectgaps=False,
            line=dict(color=s.colour, width=2, dash=s.dash),
            marker=dict(size=8, color=s.colour, symbol=s.symbol),
            customdata=[[r.get(period_key), r.get(label_key), cell_text(s.col, r.get(s.col.key))]
                        for r in rows],
            hovertemplate=f"%{{customdata[1]}}, {s.col.label}: %{{customdata[2]}}<extra></extra>",
        )
        for s in series]
    return figure(data, dict(
        font=FONT, showlegend=len(series) > 1,
        **_legend(len(series)), height=height, margin=dict(l=48, r=12, t=40, b=40),
        yaxis=dict(_axis([s.col for s in series], None), rangemode="tozero"),
        xaxis=dict(showgrid=False),
    ))


def quarter_ticks(fig: go.Figure, rows: Sequence[dict], period_key: str = "period",
                  most: int = 8) -> go.Figure:
    """Label a trend over quarters at its points ('Oct–Dec' over '2025'), not at plotly's
    month ticks, which fall between the quarters' first days; at most `most` labels."""
    periods = [r.get(period_key) for r in rows if r.get(period_key)]
    if periods:
        shown = periods[::-(-len(periods) // most)]
        fig.update_xaxes(tickvals=shown, ticktext=[
            format_period(p, "quarterly").replace(" ", "<br>", 1) for p in shown])
    return fig


def empty_figure() -> go.Figure:
    """The chart of a panel with nothing to draw: no empty axes (its caption says why)."""
    return figure([], dict(height=24, margin=dict(l=0, r=0, t=0, b=0),
                           xaxis=dict(visible=False), yaxis=dict(visible=False)))
