"""Grouped horizontal bars: several figures per category side by side (a partnership's
shares beside the comparators' averages; planned beside actual spending).

Each series has its own colour AND fill pattern, named in the legend, and each bar's
value is written at its end, so no series is told apart by colour alone; the numbers
are in the table beside the chart too. A chart only draws what it is given.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from dashboard.analysis.values import is_missing
from dashboard.components.charts import FONT, figure
from dashboard.views.panels import MONEY, PENCE, PERCENT, Col, TableData, cell_text


@dataclass(frozen=True)
class Series:
    col: Col            # the column of the table the bars show
    name: str           # its name in the legend
    colour: str         # at least 3:1 against white (WCAG 1.4.11)
    pattern: str = ""   # plotly's pattern shape: "", "/", ".", "x", …


# dark blue 11.5:1, dark orange 4.6:1, grey-green 5.3:1 on white
SERIES_STYLES = (("#0b3d91", ""), ("#a04a00", "/"), ("#3d6b57", "."))


def _number(value) -> float | None:
    if isinstance(value, str) or is_missing(value):
        return None
    return float(value)


def grouped_bar_figure(table: TableData, label_key: str, series: Sequence[Series],
                       height: int | None = None) -> go.Figure:
    """One group of bars per row (top first), one bar per series."""
    rows = table.rows
    labels = [str(r.get(label_key)) for r in rows]
    data: list[dict] = []
    for s in series:
        data.append(dict(
            type="bar", y=labels, x=[_number(r.get(s.col.key)) or 0 for r in rows], orientation="h",
            name=s.name, marker=dict(color=s.colour, line=dict(color=s.colour, width=1),
                                     pattern=dict(shape=s.pattern, fillmode="overlay",
                                                  fgcolor="white", solidity=0.3)),
            text=[cell_text(s.col, r.get(s.col.key)) for r in rows], textposition="outside",
            cliponaxis=False,
            hovertemplate=f"{s.name}, %{{y}}: %{{text}}<extra></extra>",
        ))
    kind = series[0].col.kind if series else None
    return figure(data, dict(
        font=FONT, barmode="group", bargap=0.25,
        height=height or max(200, (18 * len(series) + 22) * len(rows) + 110),
        margin=dict(l=8, r=90, t=8, b=32),
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
        yaxis=dict(autorange="reversed", automargin=True),
        xaxis=dict(ticksuffix="%" if kind == PERCENT else "",
                   tickprefix="£" if kind in (MONEY, PENCE) else "",
                   rangemode="tozero", gridcolor="#e9ecef", automargin=True),
    ))


def series_styles(cols_and_names: Sequence[tuple[Col, str]]) -> list[Series]:
    """Series in the house order of colours and patterns."""
    return [Series(col, name, *SERIES_STYLES[i % len(SERIES_STYLES)])
            for i, (col, name) in enumerate(cols_and_names)]
