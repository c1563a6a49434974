"""Plotly figures: the SPC (XmR) chart of an indicator and the headline sparkline.

go.Figure only (plotly.express costs ~8x per figure). Special-cause points differ by
shape as well as colour, and every line has a legend entry with its name (and value).
The SPC chart draws what analysis/spc.py decided (which points are improving or
concerning, where a segment starts, why): it decides none of it.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from html import escape
from typing import NamedTuple

import plotly.graph_objects as go

from dashboard.analysis.spc import (
    MIN_POINTS,
    NOT_ENOUGH_DATA_TEXT,
    POINT_COMMON,
    POINT_CONCERNING,
    POINT_IMPROVING,
    POINT_NO_SPC,
    SegmentedSpc,
    SpcResult,
    SpcSegment,
    as_segmented,
    break_indices,
    point_kinds,
    point_reasons,
)
from dashboard.components import TRACE_TYPES
from dashboard.components.format import as_date, format_period, format_value, is_missing
from dashboard.data.contract import UNIT_RANGES



def chart_text(value) -> str:
    """Data text as a chart shows it: plotly reads <b>, <a href>, <br> … in labels,
    annotations and hover text as markup, so '&', '<' and '>' are written as entities,
    which it shows as text. The one helper for every chart."""
    return escape(str(value), quote=False)


__all__ = ["Benchmark", "COLOURS", "SYMBOLS", "benchmark_text", "chart_text", "chart_words",
           "limit_text", "point_kinds", "point_reasons", "sparkline_svg", "spc_figure",
           "figure"]

# Marks on white need 3:1 (WCAG 1.4.11); all of these are >= 4.5:1.
COLOURS = {
    POINT_COMMON: "#5f6368",
    POINT_IMPROVING: "#005eb8",
    POINT_CONCERNING: "#b35900",
    POINT_NO_SPC: "#5f6368",
    "mean": "#1a1a1a",
    "limit": "#5f6368",
    "target": "#6f1d8a",
    "line": "#8a9096",
    "break": "#3d4045",
}
SYMBOLS = {POINT_COMMON: "circle", POINT_IMPROVING: "diamond", POINT_CONCERNING: "x",
           POINT_NO_SPC: "circle-open"}
# The legend entry of the points of several segments too short for SPC.
NO_SPC_TEXT = f"No SPC: fewer than {MIN_POINTS} points between method breaks"
POINT_TEXT = {
    POINT_COMMON: "Common cause",
    POINT_IMPROVING: "Special cause – improving",
    POINT_CONCERNING: "Special cause – concerning",
}
# Benchmarks differ by dash as well as colour (never colour alone, WCAG 1.4.1), and from
# the limits (dash) and the target (dashdot). Colours >= 4.5:1 on white.
BENCHMARK_STYLES = {
    "england": ("#00703c", "dot"),
    "region": ("#7a4a00", "longdash"),
    "statistical_neighbours": ("#00707f", "longdashdot"),
}
OTHER_BENCHMARK_STYLES = (("#4c2c92", "dot"), ("#6b4e16", "longdash"))
# Plotly checks every property of a figure as it is built, which costs more than the
# page's queries (issue 11). Figures built with `figure` skip that check when served;
# the tests set DASHBOARD_CHECK_FIGURES=1 (tests/conftest.py), so a misspelt property
# still fails there.
CHECK_FIGURES = os.environ.get("DASHBOARD_CHECK_FIGURES") == "1"


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A plotly Figure from plain trace and layout dicts, checked only under test (its
    properties, and that its trace types are those the dashboard's template styles)."""
    if CHECK_FIGURES:
        kinds = {t.get("type", "scatter") for t in data} - set(TRACE_TYPES)
        if kinds:
            raise ValueError(f"trace types {sorted(kinds)} are not styled by the "
                             "dashboard's template (components/__init__.py TRACE_TYPES)")
    return go.Figure(data=data, layout=layout, _validate=CHECK_FIGURES)


FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
            size=13, color="#1a1a1a")
# Layout is worked out for the narrowest box the chart is shown in (a half-width card).
ASSUMED_WIDTH_PX = 520
PLOT_MARGIN_LEFT = 48  # room for the y axis' tick labels
PLOT_MARGIN_X = 60  # left and right margins together
# A character of the chart's font is about this many font sizes wide (for label layout).
CHAR_WIDTH_EM = 0.55
# A legend entry's symbol and gaps, in pixels, besides its text.
LEGEND_ITEM_PX = 46
MIN_LEGEND_ROWS = 2  # the room the legend always had, so charts without breaks keep it
BREAK_REASON_CHARS = 36  # longer reasons are shortened on the chart (whole on hover)
# A break label at or past this fraction of the x axis hangs to the left of its line.
BREAK_LABEL_FLIP = 0.55


class Benchmark(NamedTuple):
    """A published comparator drawn as a step line (any 4-tuple in this order will do)."""

    comparator: str  # england, region, statistical_neighbours
    label: str  # "England"
    steps: Sequence[tuple]  # (period_start, value)
    source: str | None = None


class _Draft:
    """A figure being drawn as plain dicts (plotly's checked objects cost more than the
    page's queries, issue 11): made a Figure once, by `figure`."""

    def __init__(self):
        self.data: list[dict] = []
        self.layout: dict = {}

    def add_trace(self, trace: dict) -> None:
        self.data.append(trace)

    def add_shape(self, **shape) -> None:
        self.layout.setdefault("shapes", []).append(shape)

    def add_annotation(self, **note) -> None:
        self.layout.setdefault("annotations", []).append(note)


def _line(x0, x1, y: float, name: str, colour: str, dash: str, width: float = 1.5,
          **kwargs) -> dict:
    return dict(
        type="scatter", x=[x0, x1], y=[y, y], mode="lines", name=name,
        line=dict(color=colour, dash=dash, width=width),
        hovertemplate=f"{name}<extra></extra>",  # the name carries the value
        **kwargs,
    )


# -- values and limits in the unit's range ------------------------------------------------
def drawn_at(y: float, unit: str | None) -> float | None:
    """The edge of the unit's possible range where a line at y is drawn, when y lies
    beyond it (a percentage UCL of 104.2 is drawn at 100); None when y is within it."""
    low, high = UNIT_RANGES.get(unit or "", (None, None))
    if high is not None and y > high:
        return float(high)
    if low is not None and y < low:
        return float(low)
    return None


def _edge_text(edge: float, unit: str | None) -> str:
    return f"{edge:g}%" if unit == "percent" else f"{edge:g}"


def limit_text(y: float, unit: str | None) -> str:
    """A limit's value in its unit, saying where it is drawn when that differs:
    '104.2% (drawn at 100%)'. The number itself is never changed."""
    edge = drawn_at(y, unit)
    text = format_value(y, unit)
    return text if edge is None else f"{text} (drawn at {_edge_text(edge, unit)})"


def _drawn_y(y: float, unit: str | None) -> float:
    edge = drawn_at(y, unit)
    return y if edge is None else edge


# -- points -------------------------------------------------------------------------------
def _span_text(xs, segment: SpcSegment, frequency: str | None) -> str:
    """'Apr 2021 – Nov 2022', or 'Since Oct 2023' for a latest segment after a break."""
    first, last = xs[segment.start], xs[segment.stop - 1]
    if segment.stop == len(xs) and segment.start > 0:
        return f"Since {format_period(first, frequency)}"
    return f"{format_period(first, frequency)} – {format_period(last, frequency)}"


def _no_spc_text(xs, segment: SpcSegment, frequency: str | None) -> str:
    """What a segment too short for SPC is called in the legend and in words."""
    still = "yet" if segment.stop == len(xs) else ""
    return (f"{_span_text(xs, segment, frequency)}: fewer than {MIN_POINTS} points, "
            f"no SPC {still}").rstrip()


def _points_trace(xs, ys, idx: list[int], spc: SegmentedSpc, name: str, style: str,
                  unit: str | None, frequency: str | None, hover_name: str | None = None,
                  **kwargs) -> dict:
    labels = [format_period(xs[i], frequency) for i in idx]
    return dict(
        type="scatter", x=[xs[i] for i in idx], y=[ys[i] for i in idx], mode="markers", name=name,
        marker=dict(
            color=COLOURS[style], symbol=SYMBOLS[style],
            size=12 if style in (POINT_IMPROVING, POINT_CONCERNING) else 7,
            line=dict(color=COLOURS[style] if style == POINT_NO_SPC else "#ffffff",
                      width=1.5 if style == POINT_NO_SPC else 1),
        ),
        # the hover says why a point is special cause, one rule a line
        customdata=[[label, format_value(ys[i], unit),
                     "".join("<br>– " + r for r in point_reasons(spc, i))]
                    for label, i in zip(labels, idx)],
        hovertemplate=("%{customdata[0]}: %{customdata[1]}<br>" + (hover_name or name)
                       + "%{customdata[2]}<extra></extra>"),
        **kwargs,
    )


def _add_points(fig: _Draft, xs, ys, spc: SegmentedSpc, polarity: str,
                unit: str | None, frequency: str | None) -> None:
    kinds = point_kinds(spc, polarity)
    if not any(segment.result for segment in spc.segments):
        # no chart at all: the points are just values (the note says why)
        fig.add_trace(_points_trace(xs, ys, list(range(len(xs))), spc, "Value",
                                    POINT_COMMON, unit, frequency))
        return
    for kind in (POINT_COMMON, POINT_IMPROVING, POINT_CONCERNING):
        idx = [i for i, k in enumerate(kinds) if k == kind]
        if idx or kind == POINT_COMMON:
            fig.add_trace(_points_trace(xs, ys, idx, spc, POINT_TEXT[kind], kind, unit,
                                        frequency))
    short = [segment for segment in spc.segments if segment.result is None]
    for n, segment in enumerate(short):
        dated = _no_spc_text(xs, segment, frequency)
        # one legend entry for them all, dated when there is only one; dated on hover
        fig.add_trace(_points_trace(
            xs, ys, list(range(segment.start, segment.stop)), spc,
            dated if len(short) == 1 else NO_SPC_TEXT, POINT_NO_SPC, unit, frequency,
            hover_name=dated, legendgroup=POINT_NO_SPC, showlegend=n == 0,
        ))


# -- each segment's mean and limits -------------------------------------------------------
def _add_latest_lines(fig: _Draft, xs, result: SpcResult, segment: SpcSegment,
                      unit: str | None) -> None:
    """The latest segment's lines, each with its own legend entry and value (as a chart
    without breaks has always had them)."""
    x0, x1 = xs[segment.start], xs[segment.stop - 1]
    for y, name, colour, dash in (
        (result.mean, "Mean", COLOURS["mean"], "solid"),
        (result.ucl, "Upper process limit", COLOURS["limit"], "dash"),
        (result.lcl, "Lower process limit", COLOURS["limit"], "dash"),
    ):
        fig.add_trace(_line(x0, x1, _drawn_y(y, unit), f"{name} {limit_text(y, unit)}",
                            colour, dash))


def _add_earlier_lines(fig: _Draft, xs, result: SpcResult, segment: SpcSegment,
                       unit: str | None, frequency: str | None) -> None:
    """An earlier segment's lines under one legend entry that gives all three values, so
    the legend stays short and a printed chart still reads exactly."""
    x0, x1 = xs[segment.start], xs[segment.stop - 1]
    span = _span_text(xs, segment, frequency)
    group = f"segment-{segment.start}"
    fig.add_trace(_line(
        x0, x1, result.mean,
        f"{span}: mean {format_value(result.mean, unit)}, limits "
        f"{limit_text(result.lcl, unit)} to {limit_text(result.ucl, unit)}",
        COLOURS["mean"], "solid", legendgroup=group,
    ))
    for y, name in ((result.ucl, "Upper process limit"), (result.lcl, "Lower process limit")):
        fig.add_trace(_line(x0, x1, _drawn_y(y, unit),
                            f"{name} {limit_text(y, unit)}, {span}", COLOURS["limit"], "dash",
                            legendgroup=group, showlegend=False))


def _add_segment_lines(fig: _Draft, xs, spc: SegmentedSpc, unit: str | None,
                       frequency: str | None) -> None:
    latest = spc.segments[-1]
    for segment in spc.segments:
        if segment.result is None:
            continue
        if segment is latest:
            _add_latest_lines(fig, xs, segment.result, segment, unit)
        else:
            _add_earlier_lines(fig, xs, segment.result, segment, unit, frequency)


def _short_segment_notes(xs, spc: SegmentedSpc) -> list[dict]:
    """'No SPC yet' at the foot of each segment too short for SPC, when another segment
    has a chart (its legend entry says why). Anchored inside the data's span, so that the
    note never widens the axis."""
    if not any(s.result for s in spc.segments):
        return []
    notes = []
    for segment in spc.segments:
        if segment.result is not None:
            continue
        latest = segment.stop == len(xs)
        notes.append(dict(
            text="No SPC yet" if latest else "No SPC", xref="x", yref="paper", y=0,
            x=xs[segment.stop - 1] if latest else xs[segment.start],
            xanchor="right" if latest else "left", xshift=-3 if latest else 3,
            yanchor="bottom", showarrow=False, font=dict(size=11, color="#1a1a1a"),
            bgcolor="rgba(255,255,255,0.85)",
        ))
    return notes


# -- benchmarks ---------------------------------------------------------------------------
def _sorted_steps(entry) -> list[tuple[dt.date, float]]:
    return sorted((as_date(p), float(v)) for p, v in entry[2] if not is_missing(v))


def benchmark_text(entry, unit: str | None, frequency: str | None) -> str:
    """The comparator and its latest step: 'England 28.4 (Apr 2023)'."""
    label = entry[1]
    latest = _sorted_steps(entry)
    if not latest:
        return f"{label}: no published figure"
    period, value = latest[-1]
    return f"{label} {format_value(value, unit)} ({format_period(period, frequency)})"


def _visible_steps(steps: list[tuple[dt.date, float]], xs) -> list[tuple[dt.date, float, dt.date]]:
    """(x, value, the step's own period) over the chart's span: a step published before
    the first point starts at it, and the latest step runs on to the last point."""
    if not xs:
        return [(p, v, p) for p, v in steps]
    first, last = xs[0], xs[-1]
    before = [(p, v) for p, v in steps if p <= first]
    out = [(first, before[-1][1], before[-1][0])] if before else []
    out += [(p, v, p) for p, v in steps if p > first]
    if out and out[-1][0] < last:
        out.append((last, out[-1][1], out[-1][2]))
    return out


def _benchmark_style(comparator: str, index: int) -> tuple[str, str]:
    fallback = OTHER_BENCHMARK_STYLES[index % len(OTHER_BENCHMARK_STYLES)]
    return BENCHMARK_STYLES.get(comparator, fallback)


def _benchmark_trace(entry, index: int, xs, unit: str | None,
                     frequency: str | None) -> dict | None:
    comparator, label, _, source = entry
    points = _visible_steps(_sorted_steps(entry), xs)
    if not points:
        return None
    colour, dash = _benchmark_style(comparator, index)
    source_text = f"<br>Source: {chart_text(source)}" if source else ""
    return dict(
        type="scatter", x=[x for x, _, _ in points], y=[v for _, v, _ in points],
        mode="lines", name=benchmark_text(entry, unit, frequency),
        line=dict(color=colour, dash=dash, width=2, shape="hv"),
        customdata=[[format_value(v, unit), format_period(p, frequency), source_text]
                    for _, v, p in points],
        hovertemplate=(f"{label} %{{customdata[0]}} (%{{customdata[1]}})"
                       "%{customdata[2]}<extra></extra>"),
    )


# -- method breaks ------------------------------------------------------------------------
def _break_label(reason: str, when: dt.date, frequency: str | None) -> str:
    """The reason (shortened when long: whole on hover) and when the break starts."""
    if len(reason) > BREAK_REASON_CHARS:
        reason = reason[:BREAK_REASON_CHARS].rsplit(" ", 1)[0].rstrip(" ,;:–-") + "…"
    return f"{reason} ({format_period(when, frequency)})"


def _place_labels(spans: list[tuple[float, float]]) -> list[int]:
    """The row of each label (0 nearest the plot), the first where it overlaps none."""
    rows: list[list[tuple[float, float]]] = []
    placed = []
    for lo, hi in spans:
        for r, taken in enumerate(rows):
            if all(hi <= a or lo >= b for a, b in taken):
                taken.append((lo, hi))
                placed.append(r)
                break
        else:
            rows.append([(lo, hi)])
            placed.append(len(rows) - 1)
    return placed


def _visible_breaks(breaks, xs) -> list[tuple[dt.date, str]]:
    """Breaks inside the series (a break at or before the first point, or after the
    last, splits nothing and is not drawn)."""
    if not xs:
        return []
    out = [(as_date(when), str(reason)) for when, reason in breaks or ()]
    return sorted((w, r) for w, r in out if xs[0] < w <= xs[-1])


def _check_segments(visible: list[tuple[dt.date, str]], xs, spc: SegmentedSpc) -> None:
    """The segments given must start at the breaks drawn: a chart computed without its
    breaks would draw lines across them."""
    starts = set(break_indices(xs, [when for when, _ in visible]))
    if starts != set(spc.breaks):
        raise ValueError(
            f"the SPC's segments start at points {sorted(spc.breaks)} but the breaks drawn "
            f"start at points {sorted(starts)}: compute it with compute_spc_segments")


def _break_x(when: dt.date, xs) -> dt.datetime:
    """Where a break's line is drawn: halfway between the last point measured the old way
    and the break's period_start, so that no point sits on the line."""
    before = max(x for x in xs if x < when)
    return dt.datetime.combine(before, dt.time()) + (when - before) / 2


def _add_breaks(fig: _Draft, breaks, xs, frequency: str | None, label_size: int) -> int:
    """Each break as a vertical line labelled with its reason above the plot (rows
    chosen so that labels do not overlap); returns the rows of labels drawn."""
    labels = []
    for when, reason in _visible_breaks(breaks, xs):
        text = _break_label(reason, when, frequency)
        x = _break_x(when, xs)
        at = (x.date() - xs[0]).days / max((xs[-1] - xs[0]).days, 1)
        width = len(text) * CHAR_WIDTH_EM * label_size / (ASSUMED_WIDTH_PX - PLOT_MARGIN_X)
        right = at >= BREAK_LABEL_FLIP
        labels.append((x, when, reason, text, right,
                       (at - width, at) if right else (at, at + width)))
    rows = _place_labels([span for *_, span in labels])
    for (x, when, reason, text, right, _), row in zip(labels, rows):
        fig.add_shape(type="line", x0=x, x1=x, xref="x", yref="paper", y0=0, y1=1,
                      line=dict(color=COLOURS["break"], width=1.5, dash="solid"))
        # the reason is data text: shortened first, then escaped (never cut an entity)
        fig.add_annotation(
            text=chart_text(text), hovertext=f"Method break from "
            f"{format_period(when, frequency)}: {chart_text(reason)}", x=x, xref="x", yref="paper", y=1, yanchor="bottom",
            yshift=2 + row * round(1.5 * label_size), xanchor="right" if right else "left",
            xshift=-3 if right else 3, showarrow=False,
            font=dict(size=label_size, color="#1a1a1a"),
        )
    return max(rows) + 1 if rows else 0


# -- layout -------------------------------------------------------------------------------
def legend_rows(names: Sequence[str], font_size: int,
                width: int = ASSUMED_WIDTH_PX - PLOT_MARGIN_X) -> int:
    """Rows a horizontal legend of these names takes across a plot width pixels wide."""
    rows, used = 1, 0.0
    for name in names:
        item = LEGEND_ITEM_PX + len(name) * CHAR_WIDTH_EM * font_size
        if used and used + item > width:
            rows, used = rows + 1, 0.0
        used += item
    return rows if names else 0


def _legend_names(fig: _Draft) -> list[str]:
    return [t["name"] for t in fig.data if t.get("showlegend") is not False and t.get("name")]


LEGEND_MIN_PX = 13


def month_ticks(xs, frequency: str | None) -> dict:
    """Ticks at months or quarters, labelled "Apr 2025", not only at years: every quarter
    on a short series, every half year on a long one."""
    if not xs:
        return {}
    months = (xs[-1].year - xs[0].year) * 12 + xs[-1].month - xs[0].month
    step = 3 if months <= 24 else 6 if months <= 54 else 12
    first = xs[0]
    start = dt.date(first.year, ((first.month - 1) // step) * step + 1, 1) if step < 12 \
        else dt.date(first.year, 1, 1)
    return dict(tick0=start.isoformat(), dtick=f"M{step}", tickformat="%b %Y")


def _layout(fig: _Draft, xs, x_range, unit, height, font_size, break_rows,
            frequency: str | None = None) -> None:
    layout_x = dict(showgrid=False, linecolor="#5f6368", ticks="outside",
                    **month_ticks(xs, frequency))
    if x_range and (x_range[0] or x_range[1]) and xs:
        lo = x_range[0] or xs[0]
        hi = x_range[1] or xs[-1]
        pad = dt.timedelta(days=15)
        layout_x["range"] = [lo - pad, hi + pad]
    if height is not None:
        fig.layout["height"] = height
    legend_size = max(LEGEND_MIN_PX, font_size - 2)   # legible from across a room
    for n, trace in enumerate(fig.data):
        # an entry of its own unless it shares one (see the legend's traceorder)
        if not trace.get("legendgroup"):
            trace["legendgroup"] = f"entry-{n}"
    rows = max(MIN_LEGEND_ROWS, legend_rows(_legend_names(fig), legend_size))
    fig.layout.update(
        font={**FONT, "size": font_size},
        # The legend sits at the foot of the figure (not under the plot area), so it
        # never covers the tick labels whatever the height; the margin fits its rows.
        # Break labels sit above the plot, so they never cover a point.
        margin=dict(l=PLOT_MARGIN_LEFT, r=PLOT_MARGIN_X - PLOT_MARGIN_LEFT, t=12 + break_rows * round(1.5 * legend_size),
                    b=round((1.6 + 1.5 * rows) * font_size) + 4),
        # "grouped", every entry in a group, lays entries out one after another, each as
        # wide as its words (a plain horizontal legend gives every entry the widest one's
        # width, so one long name puts every entry on a row of its own).
        legend=dict(orientation="h", yref="container", yanchor="bottom", y=0, x=0,
                    font=dict(size=legend_size), traceorder="grouped", tracegroupgap=0),
        xaxis=layout_x,
        yaxis=dict(gridcolor="#e9ecef", zeroline=False,
                   ticksuffix="%" if unit == "percent" else ""),
        hovermode="closest",
    )


def spc_figure(
    series: Sequence[tuple],
    spc: SpcResult | SegmentedSpc | None,
    *,
    target: float | None = None,
    polarity: str = "higher_is_better",
    unit: str | None = None,
    frequency: str | None = None,
    x_range: tuple[dt.date | None, dt.date | None] | None = None,
    height: int | None = 300,
    font_size: int = 13,
    breaks: Sequence[tuple] | None = None,
    benchmarks: Sequence[Benchmark] | None = None,
) -> go.Figure:
    """An XmR chart: values, each segment's mean and limits, target, benchmarks, method
    breaks, special-cause points by kind.

    series: (period_start, value) in time order. spc: the chart spc.py computed for the
    series (a SegmentedSpc when it has breaks). breaks: (period_start, reason), drawn as
    labelled vertical lines (the segments themselves come from spc). benchmarks:
    Benchmark entries, drawn as step lines. A segment of fewer than 12 points is a plain
    run, and says why. Limits beyond the unit's range are drawn at its edge and say so.
    height None: the chart fills the height of its box (on screen the box sets it, and a
    printed chart is resized by its box alone, see assets/print.js).
    """
    xs = [as_date(p) for p, _ in series]
    ys = [None if is_missing(v) else float(v) for _, v in series]
    segmented = as_segmented(spc, ys)
    fig = _Draft()
    fig.add_trace(dict(
        type="scatter", x=xs, y=ys, mode="lines", name="Value", showlegend=False,
        line=dict(color=COLOURS["line"], width=2), hoverinfo="skip",
    ))
    _add_points(fig, xs, ys, segmented, polarity, unit, frequency)
    if xs:
        _add_segment_lines(fig, xs, segmented, unit, frequency)
    if target is not None and not is_missing(target) and xs:
        fig.add_trace(_line(xs[0], xs[-1], float(target),
                            f"Target {format_value(float(target), unit)}",
                            COLOURS["target"], "dashdot", width=2))
    for index, entry in enumerate(benchmarks or ()):
        trace = _benchmark_trace(entry, index, xs, unit, frequency)
        if trace is not None:
            fig.add_trace(trace)
    if not any(segment.result for segment in segmented.segments):
        fig.add_annotation(
            text=NOT_ENOUGH_DATA_TEXT if xs else "No values yet",
            xref="paper", yref="paper", x=0.01, y=0.99, showarrow=False,
            xanchor="left", yanchor="top", font=dict(size=12, color="#1a1a1a"),
            bgcolor="rgba(255,255,255,0.85)",
        )
    for note in _short_segment_notes(xs, segmented):
        fig.add_annotation(**note)
    if spc is not None:
        _check_segments(_visible_breaks(breaks, xs), xs, segmented)
    break_rows = _add_breaks(fig, breaks, xs, frequency, font_size - 2)
    _layout(fig, xs, x_range, unit, height, font_size, break_rows, frequency)
    return figure(fig.data, fig.layout)


def _segment_words(xs, segment: SpcSegment, unit: str | None,
                   frequency: str | None) -> str:
    result = segment.result
    if result is None:
        return f"fewer than {MIN_POINTS} points, so no SPC"
    return (f"mean {format_value(result.mean, unit)}, upper process limit "
            f"{limit_text(result.ucl, unit)}, lower process limit "
            f"{limit_text(result.lcl, unit)}")


def _kinds_words(kinds: list[str]) -> str:
    return (f"{kinds.count(POINT_IMPROVING)} special-cause improving and "
            f"{kinds.count(POINT_CONCERNING)} special-cause concerning points.")


def chart_words(
    series: Sequence[tuple],
    spc: SpcResult | SegmentedSpc | None,
    *,
    polarity: str = "higher_is_better",
    unit: str | None = None,
    frequency: str | None = None,
    breaks: Sequence[tuple] | None = None,
    benchmarks: Sequence[Benchmark] | None = None,
) -> str:
    """What spc_figure draws, in words (for screen readers and the meeting pack)."""
    if not series:
        return "No values yet."
    xs = [as_date(p) for p, _ in series]
    segmented = as_segmented(spc, [v for _, v in series])
    text = (f"{len(series)} {'quarterly' if frequency == 'quarterly' else 'monthly'} values "
            f"from {format_period(xs[0], frequency)} to {format_period(xs[-1], frequency)}.")
    for when, reason in _visible_breaks(breaks, xs):
        text += f" Method break from {format_period(when, frequency)}: {reason}."
    if not any(segment.result for segment in segmented.segments):
        text += f" Not enough data for SPC (fewer than {MIN_POINTS} points)."
    elif len(segmented.segments) == 1:
        words = _segment_words(xs, segmented.segments[0], unit, frequency)
        text += f" {words[0].upper()}{words[1:]}. {_kinds_words(point_kinds(segmented, polarity))}"
    else:
        for segment in segmented.segments:
            text += (f" {_span_text(xs, segment, frequency)}: "
                     f"{_segment_words(xs, segment, unit, frequency)}.")
        text += " " + _kinds_words(point_kinds(segmented, polarity))
    named = [benchmark_text(entry, unit, frequency) for entry in benchmarks or ()]
    if named:
        text += " Benchmarks: " + "; ".join(named) + "."
    return text


SPARK_WIDTH_PX = 240          # the drawing's own units; the image scales to its box
SPARK_FONT_PX = 11
SPARK_MARGIN_X = 46           # room at each end for the first and last values, at least
SPARK_MARGIN_Y = 4


def sparkline_svg(points: Sequence[tuple[str, float | None]], *, unit: str | None = None,
                  height: int = 64, target: float | None = None) -> str:
    """A small trend line as an SVG drawing (its numbers are given in words beside it):
    from a zero baseline, so that 4 to 6 does not look like a surge, points evenly
    spaced, a gap where a value is missing, the first and last values written at the
    ends and the target, if any, as a dotted line. A drawing, not a plotly chart: the
    Overview shows one per tile, and the browser would otherwise load and run plotly.js
    for them alone (issue 11: the Overview drawn within 2 s)."""
    ys = [None if is_missing(v) else float(v) for _, v in points]
    known = [i for i, y in enumerate(ys) if y is not None]
    top = max([y for y in ys if y is not None] + ([target] if target is not None else []),
              default=1)
    top = (100 if unit == "percent" else top * 1.25) or 1
    labels = {i: format_value(ys[i], unit) for i in (known[:1] + known[-1:])}
    # each end as wide as its value's words ("£301,874" needs more than "8")
    left, right = (max(SPARK_MARGIN_X, round(len(labels.get(i, "")) * CHAR_WIDTH_EM
                                             * SPARK_FONT_PX) + 8)
                   for i in (known[0] if known else -1, known[-1] if known else -1))
    inner_w = SPARK_WIDTH_PX - left - right
    inner_h = height - 2 * SPARK_MARGIN_Y

    def x(i: int) -> float:
        return left + (inner_w * i / (len(ys) - 1) if len(ys) > 1 else inner_w / 2)

    def y(v: float) -> float:
        return SPARK_MARGIN_Y + inner_h * (1 - min(max(v / top, 0), 1))

    colour = "#0b3d91"
    parts = []
    if target is not None and ys:
        parts.append(f'<line x1="{x(0):.1f}" x2="{x(len(ys) - 1):.1f}" y1="{y(target):.1f}" '
                     f'y2="{y(target):.1f}" stroke="{COLOURS["target"]}" stroke-width="1.5" '
                     f'stroke-dasharray="2 3"/>')
    run: list[str] = []
    for i, v in enumerate([*ys, None]):       # a missing value ends a run of the line
        if v is not None:
            run.append(f"{x(i):.1f},{y(v):.1f}")
            continue
        if len(run) > 1:
            parts.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" '
                         f'stroke-width="2" stroke-linejoin="round"/>')
        run = []
    parts += [f'<circle cx="{x(i):.1f}" cy="{y(ys[i]):.1f}" r="2" fill="{colour}"/>'
              for i in known]
    if known:
        first, last = known[0], known[-1]
        ends = [(first, "end", -5)] + ([(last, "start", 5)] if last != first else [])
        # beside its point, never cut by the drawing's top or foot
        half = SPARK_FONT_PX / 2 + 1
        parts += [f'<text x="{x(i) + dx:.1f}" y="{min(max(y(ys[i]), half), height - half):.1f}" '
                  f'text-anchor="{anchor}" dominant-baseline="middle">'
                  f'{escape(labels[i])}</text>' for i, anchor, dx in ends]
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SPARK_WIDTH_PX} {height}" '
            f'width="{SPARK_WIDTH_PX}" height="{height}" font-family="{escape(FONT["family"])}" '
            f'font-size="{SPARK_FONT_PX}" fill="#1a1a1a">{"".join(parts)}</svg>')
