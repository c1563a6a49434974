"""Horizontal stacked bars: one bar per category, split into named parts (the actions of
an owner: overdue, open and not yet due, completed). Each part has its name in the
legend and on hover, and the part that needs attention carries a hatch as well as its
colour, so colour is never the only cue (WCAG 1.4.1). Every part of a bar carries the
category's code for the drill-down, as bar_figure's bars do.

Each category's name is written above its bar, across the chart's whole width, not
beside it: names such as "Riverside and Wealdshire Integrated Care Board" would
otherwise squeeze the bars to nothing, or be cut off, on a narrow screen.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.components.breakdown import _number
from dashboard.components.charts import FONT, chart_text, figure
from dashboard.views.panels import Col, TableData, cell_text

ROW_PX = 46          # a category: its name above, its bar below
LEGEND_ROW_PX = 20


@dataclass(frozen=True)
class Part:
    col: Col          # the column holding this part's value in each row
    name: str         # its name in the legend and on hover ("Overdue")
    colour: str       # >= 3:1 on white (WCAG 1.4.11: marks that carry meaning)
    hatch: str = ""   # a plotly pattern shape ("/"), so the part differs by more than colour


def stacked_bar_figure(table: TableData, label_key: str, parts: Sequence[Part],
                       code_key: str | None = None) -> go.Figure:
    """The table's rows as bars in its order (top first), each split into `parts` and
    named above; a part's value is written inside it when it fits."""
    rows = table.rows
    positions = list(range(len(rows)))
    names = [chart_text(r.get(label_key)) for r in rows]
    codes = [[r.get(code_key) if code_key else None, name] for r, name in zip(rows, names)]
    data: list[dict] = []
    for part in parts:
        values = [_number(r.get(part.col.key)) for r in rows]
        text = [cell_text(part.col, r.get(part.col.key)) if v else "" for r, v in
                zip(rows, values)]
        data.append(dict(
            type="bar", y=positions, x=[v or 0 for v in values], orientation="h", name=part.name,
            width=0.42, offset=-0.05,
            marker=dict(color=part.colour, line=dict(color="#ffffff", width=1),
                        pattern=dict(shape=part.hatch, fgcolor="#ffffff", size=6,
                                     solidity=0.25)),
            text=text, textposition="inside", insidetextanchor="middle", textangle=0,
            textfont=dict(color="#ffffff"), customdata=codes,
            hovertemplate=f"%{{customdata[1]}}: %{{x}} {part.name.lower()}<extra></extra>",
        ))
    annotations = [dict(x=0, y=i - 0.1, xref="paper", yref="y", text=name,
                        xanchor="left", yanchor="bottom", showarrow=False,
                        font=dict(size=13, color="#1a1a1a")) for i, name in enumerate(names)]
    legend = LEGEND_ROW_PX * len(parts)
    return figure(data, dict(
        font=FONT, barmode="stack", annotations=annotations,
        height=ROW_PX * max(len(rows), 1) + legend + 60,
        # the legend sits above the bars from the chart's left edge, in reading order;
        # it wraps to as many lines as there are parts on a narrow screen, so the top
        # margin has room for them all (a vertical legend would push the bars right)
        margin=dict(l=8, r=16, t=legend + 12, b=32),
        legend=dict(orientation="h", xref="container", yref="container", x=0, y=1,
                    xanchor="left", yanchor="top", traceorder="normal"),
        # the first category at the top; room above it for its name
        yaxis=dict(range=[max(len(rows), 1) - 0.45, -0.7], showticklabels=False,
                   showgrid=False, zeroline=False, fixedrange=True),
        xaxis=dict(gridcolor="#e9ecef", rangemode="tozero"),
        bargap=0.5,
    ))
