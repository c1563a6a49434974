"""Plotly figures: the SPC (XmR) chart of an indicator and the headline sparkline.

go.Figure only (plotly.express costs ~8x per figure). Special-cause points differ by
shape as well as colour, and every line has a legend entry with its name.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard.analysis.spc import (
    IMPROVEMENT_DIRECTION,
    NOT_ENOUGH_DATA_TEXT,
    SpcResult,
)
from dashboard.components.format import as_date, format_period, format_value, is_missing

# Marks on white need 3:1 (WCAG 1.4.11); all of these are >= 4.5:1.
COLOURS = {
    "common": "#5f6368",
    "improving": "#005eb8",
    "concerning": "#b35900",
    "mean": "#1a1a1a",
    "limit": "#5f6368",
    "target": "#6f1d8a",
    "line": "#8a9096",
}
SYMBOLS = {"common": "circle", "improving": "diamond", "concerning": "x"}
POINT_TEXT = {
    "common": "Common cause",
    "improving": "Special cause – improving",
    "concerning": "Special cause – concerning",
}
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
            size=13, color="#1a1a1a")


def _line(x0, x1, y: float, name: str, colour: str, dash: str, width: float = 1.5,
          unit: str | None = None) -> go.Scatter:
    return go.Scatter(
        x=[x0, x1], y=[y, y], mode="lines", name=name,
        line=dict(color=colour, dash=dash, width=width),
        hovertemplate=f"{name}<extra></extra>",  # the name carries the value
    )


def point_reasons(spc: SpcResult | None, i: int) -> list[str]:
    """Why point i is special cause, in the words of the rules that flag it (metrics.md
    order); ['within the process limits'] when none does."""
    if spc is None:
        return []
    reasons = []
    if spc.outside[i]:
        reasons.append("outside the process limits")
    if spc.trend[i]:
        reasons.append(f"in a run of 7+ {'rising' if spc.trend[i] > 0 else 'falling'} points")
    if spc.two_of_three[i]:
        side = "upper" if spc.two_of_three[i] > 0 else "lower"
        reasons.append(f"2 of 3 points near the {side} limit")
    if spc.shift[i]:
        reasons.append(f"in a run of 7+ points {'above' if spc.shift[i] > 0 else 'below'} "
                       "the mean")
    return reasons or ["within the process limits"]


def point_kinds(spc: SpcResult | None, polarity: str) -> list[str]:
    """'common' / 'improving' / 'concerning' for each point of the chart."""
    if spc is None:
        return []
    good = IMPROVEMENT_DIRECTION.get(polarity, 1)
    return [
        "common" if d == 0 else ("improving" if d == good else "concerning")
        for d in spc.directions
    ]


def spc_figure(
    series: Sequence[tuple],
    spc: SpcResult | None,
    *,
    target: float | None = None,
    polarity: str = "higher_is_better",
    unit: str | None = None,
    frequency: str | None = None,
    x_range: tuple[dt.date | None, dt.date | None] | None = None,
    height: int | None = 300,
    font_size: int = 13,
) -> go.Figure:
    """An XmR chart: values, mean, UCL/LCL, target, special-cause points by kind.

    series: (period_start, value) in time order. With no SPC (fewer than 12 points)
    the chart is a plain run chart with the target, and says why.
    height None: the chart fills the height of its box (on screen the box sets it, and a
    printed chart is resized by its box alone, see assets/print.js).
    """
    xs = [as_date(p) for p, _ in series]
    ys = [None if is_missing(v) else float(v) for _, v in series]
    fig = go.Figure()
    labels = [format_period(x, frequency) for x in xs]
    fig.add_trace(go.Scatter(
        x=xs, y=ys, mode="lines", name="Value", showlegend=False,
        line=dict(color=COLOURS["line"], width=2), hoverinfo="skip",
    ))
    kinds = point_kinds(spc, polarity) if spc is not None else ["common"] * len(xs)
    for kind in ("common", "improving", "concerning"):
        idx = [i for i, k in enumerate(kinds) if k == kind]
        if not idx and kind != "common":
            continue
        name = "Value" if spc is None else POINT_TEXT[kind]
        fig.add_trace(go.Scatter(
            x=[xs[i] for i in idx], y=[ys[i] for i in idx], mode="markers", name=name,
            marker=dict(
                color=COLOURS[kind], symbol=SYMBOLS[kind],
                size=7 if kind == "common" else 12,
                line=dict(color="#ffffff", width=1),
            ),
            # the hover says why a point is special cause, one rule a line
            customdata=[[labels[i], format_value(ys[i], unit),
                         "".join("<br>– " + r for r in point_reasons(spc, i))]
                        for i in idx],
            hovertemplate=("%{customdata[0]}: %{customdata[1]}<br>" + name
                           + "%{customdata[2]}<extra></extra>"),
        ))
    x0, x1 = (xs[0], xs[-1]) if xs else (None, None)
    # Each line's value is in its legend entry, so a printed chart can be read exactly.
    if spc is not None and xs:
        for y, name, colour, dash in (
            (spc.mean, "Mean", COLOURS["mean"], "solid"),
            (spc.ucl, "Upper process limit", COLOURS["limit"], "dash"),
            (spc.lcl, "Lower process limit", COLOURS["limit"], "dash"),
        ):
            fig.add_trace(_line(x0, x1, y, f"{name} {format_value(y, unit)}", colour, dash,
                                unit=unit))
    if target is not None and not is_missing(target) and xs:
        fig.add_trace(_line(x0, x1, float(target), f"Target {format_value(float(target), unit)}",
                            COLOURS["target"], "dashdot", width=2, unit=unit))
    if spc is None:
        fig.add_annotation(
            text=NOT_ENOUGH_DATA_TEXT if xs else "No values yet",
            xref="paper", yref="paper", x=0.01, y=0.99, showarrow=False,
            xanchor="left", yanchor="top", font=dict(size=12, color="#1a1a1a"),
            bgcolor="rgba(255,255,255,0.85)",
        )
    layout_x = dict(showgrid=False, linecolor="#5f6368", ticks="outside")
    if x_range and (x_range[0] or x_range[1]) and xs:
        lo = x_range[0] or xs[0]
        hi = x_range[1] or xs[-1]
        pad = dt.timedelta(days=15)
        layout_x["range"] = [lo - pad, hi + pad]
    if height is not None:
        fig.update_layout(height=height)
    fig.update_layout(
        template="plotly_white", font={**FONT, "size": font_size},
        # The legend sits at the foot of the figure (not under the plot area), so it
        # never covers the tick labels whatever the height; two rows fit in the margin.
        margin=dict(l=48, r=12, t=12, b=round(4.6 * font_size) + 4),
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0,
                    font=dict(size=font_size - 2)),
        xaxis=layout_x,
        yaxis=dict(gridcolor="#e9ecef", zeroline=False,
                   ticksuffix="%" if unit == "percent" else ""),
        hovermode="closest",
    )
    return fig


def sparkline_figure(points: Sequence[tuple[str, float | None]], *, unit: str | None = None,
                     height: int = 48) -> go.Figure:
    """A small trend line without axes (its numbers are given in words beside it)."""
    labels = [str(p) for p, _ in points]
    ys = [None if is_missing(v) else float(v) for _, v in points]
    fig = go.Figure(go.Scatter(
        x=labels, y=ys, mode="lines+markers", connectgaps=False,
        line=dict(color="#0b3d91", width=2), marker=dict(size=4, color="#0b3d91"),
        customdata=[format_value(v, unit) for v in ys],
        hovertemplate="%{x}: %{customdata}<extra></extra>",
    ))
    fig.update_layout(
        template="plotly_white", height=height, showlegend=False,
        margin=dict(l=2, r=2, t=2, b=2),
        xaxis=dict(visible=False), yaxis=dict(visible=False),
        font=FONT,
    )
    return fig
