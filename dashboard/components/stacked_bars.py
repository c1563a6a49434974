"""Horizontal stacked bars: one bar per category, split into named parts (the actions of
an owner: overdue, open and not yet due, completed). Each part has its name in the
legend and on hover, and the part that needs attention carries a hatch as well as its
colour, so colour is never the only cue (WCAG 1.4.1). Every part of a bar carries the
category's code for the drill-down, as bar_figure's bars do."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.components.breakdown import _number
from dashboard.components.charts import FONT
from dashboard.views.panels import TableData, cell_text, Col


@dataclass(frozen=True)
class Part:
    col: Col          # the column holding this part's value in each row
    name: str         # its name in the legend and on hover ("Overdue")
    colour: str       # >= 3:1 on white (WCAG 1.4.11: marks that carry meaning)
    hatch: str = ""   # a plotly pattern shape ("/"), so the part differs by more than colour


def stacked_bar_figure(table: TableData, label_key: str, parts: Sequence[Part],
                       code_key: str | None = None, height: int | None = None) -> go.Figure:
    """The table's rows as bars in its order (top first), each split into `parts`; a
    part's value is written inside it when it fits."""
    rows = table.rows
    labels = [str(r.get(label_key)) for r in rows]
    codes = [[r.get(code_key) if code_key else None] for r in rows]
    fig = go.Figure()
    for part in parts:
        values = [_number(r.get(part.col.key)) for r in rows]
        text = [cell_text(part.col, r.get(part.col.key)) if v else "" for r, v in
                zip(rows, values)]
        fig.add_trace(go.Bar(
            y=labels, x=[v or 0 for v in values], orientation="h", name=part.name,
            marker=dict(color=part.colour, line=dict(color="#ffffff", width=1),
                        pattern=dict(shape=part.hatch, fgcolor="#ffffff", size=6,
                                     solidity=0.25)),
            text=text, textposition="inside", insidetextanchor="middle",
            textfont=dict(color="#ffffff"), customdata=codes,
            hovertemplate=f"%{{y}}: %{{x}} {part.name.lower()}<extra></extra>",
        ))
    fig.update_layout(
        template="plotly_white", font=FONT, barmode="stack",
        height=height or max(200, 30 * len(rows) + 80 + 20 * len(parts)),
        # the legend, one part a line in reading order, sits above the bars at the
        # chart's left edge: a horizontal one wraps to the plot's width, which long
        # category labels make too narrow for it
        margin=dict(l=8, r=16, t=24 + 20 * len(parts), b=32),
        legend=dict(orientation="v", xref="container", yref="container", x=0, y=1,
                    xanchor="left", yanchor="top", traceorder="normal"),
        yaxis=dict(autorange="reversed", automargin=True),
        xaxis=dict(gridcolor="#e9ecef", rangemode="tozero"),
    )
    return fig
