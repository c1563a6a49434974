"""The SPC chart with method breaks, benchmarks and limits beyond the unit's range: it
draws what spc.py computed and says in words what it drew."""
import copy
import datetime as dt

import pytest
from dash import dcc

from dashboard.analysis.spc import break_indices, compute_spc, compute_spc_segments
from dashboard.components.charts import (
    BENCHMARK_STYLES, COLOURS, Benchmark, chart_words, legend_rows, limit_text, spc_figure,
)
from dashboard.components.format import format_value
from dashboard.filters import Filters
from dashboard.views.area import chart_summary, indicator_card
from test_app_components import contrast


def months(n, start=dt.date(2021, 4, 1)):
    return [dt.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
            for i in range(n)]


# SMALL of test_spc (mean 5, limits −0.078 and 10.078), then a break, then SMALL + 20
# (mean 25, limits 19.921818 and 30.078182), then a break and 3 points.
SMALL = [3, 5, 4, 6, 5, 7, 4, 6, 5, 3, 4, 8]
VALUES = SMALL + [v + 20 for v in SMALL] + [40, 41, 42]
XS = months(len(VALUES))  # Apr 2021 .. Jun 2024
BREAKS = [(dt.date(2022, 4, 1), "New MASH recording system"),
          (dt.date(2023, 4, 1), "Definition aligned with DfE")]
SPLIT = compute_spc_segments(VALUES, break_indices(XS, [d for d, _ in BREAKS]))
ENGLAND = Benchmark("england", "England",
                    [(dt.date(2023, 4, 1), 28.4), (dt.date(2021, 4, 1), 22.6)],
                    "DfE Children in need 2022-23")
REGION = Benchmark("region", "North West", [(dt.date(2020, 4, 1), 19.0)], None)


def figure(**kwargs):
    args = dict(unit="count", frequency="monthly", breaks=BREAKS,
                benchmarks=[ENGLAND, REGION])
    args.update(kwargs)
    return spc_figure(list(zip(XS, VALUES)), SPLIT, **args)


def graph_in(component):
    """The dcc.Graph inside a component tree."""
    if isinstance(component, dcc.Graph):
        return component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, (list, tuple)) else [children]:
        if child is not None and not isinstance(child, str):
            found = graph_in(child)
            if found is not None:
                return found
    return None


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_the_segments_are_those_of_the_breaks():
    assert [(s.start, s.stop) for s in SPLIT.segments] == [(0, 12), (12, 24), (24, 27)]


def test_one_vertical_line_per_break_labelled_with_its_reason():
    fig = figure()
    lines = [s for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1]
    # each drawn between the last point measured the old way and the first the new way
    assert len(lines) == len(BREAKS)
    for line, (when, _) in zip(sorted(lines, key=lambda s: s.x0), BREAKS):
        first_new = XS.index(when)
        assert XS[first_new - 1] < line.x0.date() < XS[first_new]
    assert all(s.yref == "paper" and (s.y0, s.y1) == (0, 1) for s in lines)
    labels = [a.text for a in fig.layout.annotations]
    assert "New MASH recording system (Apr 2022)" in labels
    assert "Definition aligned with DfE (Apr 2023)" in labels
    # the labels sit above the plot, so they cover no point; the margin makes room
    for a in fig.layout.annotations:
        if a.text.endswith("2022)") or a.text.endswith("2023)"):
            assert a.yref == "paper" and a.y == 1 and a.yanchor == "bottom"
    assert fig.layout.margin.t > 12


def test_a_long_reason_is_shortened_on_the_chart_and_whole_on_hover():
    reason = "Contacts are now counted when they reach the front door, not at triage"
    fig = figure(breaks=[(BREAKS[0][0], reason), BREAKS[1]])
    label = next(a for a in fig.layout.annotations if a.text.startswith("Contacts"))
    assert "…" in label.text and label.text.endswith("(Apr 2022)")
    assert reason in label.hovertext


def test_breaks_outside_the_series_are_not_drawn():
    fig = spc_figure(list(zip(XS[:12], SMALL)), compute_spc(SMALL),
                     breaks=[(XS[0], "at the first point"), (dt.date(2030, 1, 1), "later")])
    assert not fig.layout.shapes
    assert fig.layout.margin.t == 12


def test_a_chart_computed_without_its_breaks_is_refused():
    with pytest.raises(ValueError, match="compute_spc_segments"):
        spc_figure(list(zip(XS, VALUES)), compute_spc(VALUES), breaks=BREAKS)


def test_each_segment_has_its_own_lines_and_a_short_one_none():
    fig = figure()
    first, second, short = SPLIT.segments
    # the earlier segment: one legend entry with all three values, its lines in a group
    earlier = trace(fig, "Apr 2021 – Mar 2022: mean 5, limits -0.1 (drawn at 0) to 10.1")
    assert list(earlier.x) == [XS[0], XS[11]]
    assert earlier.y[0] == pytest.approx(5.0)
    group = [t for t in fig.data if t.legendgroup == earlier.legendgroup]
    assert len(group) == 3 and [t.showlegend for t in group] == [None, False, False]
    assert sorted(t.y[0] for t in group) == pytest.approx(
        sorted([first.result.mean, first.result.ucl, 0.0]))  # LCL −0.078 drawn at 0
    # the second segment is not the latest (the short one is): it is named by its span too
    second_mean = trace(fig, "Apr 2022 – Mar 2023: mean 25, limits 19.9 to 30.1")
    assert list(second_mean.x) == [XS[12], XS[23]]
    assert second_mean.y[0] == pytest.approx(25.0)
    # no line spans the short segment
    mean_lines = [t for t in fig.data if t.mode == "lines" and t.line.color == COLOURS["mean"]]
    assert all(t.x[-1] <= XS[23] for t in mean_lines)
    # its points are a plain run, named and noted as having no SPC yet
    points = trace(fig, "Since Apr 2023: fewer than 12 points, no SPC yet")
    assert list(points.y) == [40, 41, 42]
    assert points.marker.symbol == "circle-open"
    assert "No SPC yet" in [a.text for a in fig.layout.annotations]
    assert not any(t.name == "Special cause – improving" for t in fig.data)


def test_the_latest_segment_keeps_the_named_lines():
    values = SMALL + [v + 20 for v in SMALL]
    split = compute_spc_segments(values, [12])
    fig = spc_figure(list(zip(XS, values)), split, unit="count", breaks=BREAKS[:1])
    names = [t.name for t in fig.data]
    assert "Mean 25" in names
    assert f"Upper process limit {format_value(split.latest.ucl, 'count')}" in names
    assert "Apr 2021 – Mar 2022: mean 5, limits -0.1 (drawn at 0) to 10.1" in names
    assert trace(fig, "Mean 25").x[0] == XS[12]


def test_benchmarks_are_labelled_step_lines():
    fig = figure()
    england = trace(fig, "England 28.4 (Apr 2023)")
    assert england.line.shape == "hv"
    assert england.line.dash == BENCHMARK_STYLES["england"][1]
    # the steps in time order, the latest running on to the last point
    assert list(england.x) == [XS[0], dt.date(2023, 4, 1), XS[-1]]
    assert list(england.y) == [22.6, 28.4, 28.4]
    assert "Source: DfE Children in need 2022-23" in england.customdata[1][2]
    assert "%{customdata[2]}" in england.hovertemplate
    # a step published before the first point starts at the first point, with its period
    region = trace(fig, "North West 19 (Apr 2020)")
    assert list(region.x) == [XS[0], XS[-1]]
    assert region.customdata[0][1] == "Apr 2020"
    assert region.customdata[0][2] == ""  # no source given
    assert region.line.dash != england.line.dash  # never colour alone
    assert region.line.color != england.line.color


def test_benchmark_periods_follow_the_frequency():
    fig = figure(frequency="quarterly", unit="percent")
    assert "England 28.4% (Apr–Jun 2023)" in [t.name for t in fig.data]


def test_limits_beyond_the_units_range_are_drawn_at_its_edge():
    # A percentage near 100 with big swings: mean 95.333, MR̄ = 104/11, UCL 120.48.
    values = [90, 100, 88, 100, 92, 100, 89, 100, 95, 100, 90, 100]
    result = compute_spc(values)
    ucl = result.ucl
    assert ucl > 100
    fig = spc_figure(list(zip(XS, values)), result, unit="percent")
    upper = trace(fig, f"Upper process limit {format_value(ucl, 'percent')} (drawn at 100%)")
    assert list(upper.y) == [100.0, 100.0]
    assert result.ucl == ucl  # the number itself is unchanged
    assert limit_text(-5.25, "count") == "-5.3 (drawn at 0)"
    assert limit_text(-5.25, "days") == "-5.3 days (drawn at 0)"
    assert limit_text(-5.25, "score") == "-5.3"
    assert limit_text(-0.4, "percent") == "-0.4% (drawn at 0%)"
    assert limit_text(99.0, "percent") == "99.0%"


def test_the_panel_keeps_the_unclamped_numbers():
    values = [90, 100, 88, 100, 92, 100, 89, 100, 95, 100, 90, 100]
    result = compute_spc(values)
    panel = {"indicator_id": "x", "name": "X", "source": "computed", "unit": "percent",
             "frequency": "monthly", "polarity": "higher_is_better", "target": 95.0,
             "series": list(zip(XS, values)), "spc": result, "value": 100.0,
             "latest_period": XS[11].isoformat(), "rag": "green",
             "mean": result.mean, "ucl": result.ucl, "lcl": result.lcl,
             "variation": "common_cause", "assurance": "hit_and_miss"}
    before = copy.deepcopy(panel)
    card = indicator_card(panel, Filters(), 0)
    assert panel == before and panel["ucl"] > 100
    names = [t.name for t in graph_in(card).figure.data]
    assert f"Upper process limit {format_value(panel['ucl'], 'percent')} (drawn at 100%)" in names
    assert "(drawn at 100%)" in chart_summary(panel)


def test_the_chart_in_words_mentions_breaks_segments_and_benchmarks():
    # the panel carries each comparator's published rows, oldest first
    panel = {"series": list(zip(XS, VALUES)), "spc": SPLIT, "unit": "rate_per_10k",
             "frequency": "monthly", "polarity": "lower_is_better", "breaks": BREAKS,
             "benchmark_series": {
                 "england": [(dt.date(2021, 4, 1), 22.6, "DfE Children in need 2022-23"),
                             (dt.date(2023, 4, 1), 28.4, "DfE Children in need 2022-23")],
                 "region": [(dt.date(2020, 4, 1), 19.0, None)]}}
    region = REGION._replace(label="Region")
    text = chart_summary(panel)
    assert text == chart_words(panel["series"], SPLIT, polarity="lower_is_better",
                               unit="rate_per_10k", frequency="monthly", breaks=BREAKS,
                               benchmarks=[ENGLAND._replace(steps=ENGLAND.steps[::-1]), region])
    assert "Method break from Apr 2022: New MASH recording system." in text
    assert "Method break from Apr 2023: Definition aligned with DfE." in text
    assert "Apr 2021 – Mar 2022: mean 5 per 10,000" in text
    assert "Since Apr 2023: fewer than 12 points, so no SPC." in text
    assert "Benchmarks: England 28.4 per 10,000 (Apr 2023); Region 19 per 10,000" in text


def test_the_chart_in_words_without_breaks_is_as_before():
    result = compute_spc(SMALL)
    text = chart_words(list(zip(XS, SMALL)), result, unit="count")
    assert text == ("12 monthly values from Apr 2021 to Mar 2022. Mean 5, upper process "
                    "limit 10.1, lower process limit -0.1 (drawn at 0). 0 special-cause "
                    "improving and 0 special-cause concerning points.")
    assert chart_words(list(zip(XS, SMALL[:3])), None) == (
        "3 monthly values from Apr 2021 to Jun 2021. Not enough data for SPC (fewer than 12 "
        "points).")


def test_a_chart_with_no_segment_long_enough_says_not_enough_data():
    split = compute_spc_segments(SMALL[:10] + [1, 2, 3], [10])
    fig = spc_figure(list(zip(XS, SMALL[:10] + [1, 2, 3])), split,
                     breaks=[(XS[10], "New system")])
    assert any("Not enough data for SPC" in a.text for a in fig.layout.annotations)
    assert [t.name for t in fig.data if t.mode == "markers"] == ["Value"]


@pytest.mark.parametrize("colour", [COLOURS["break"], COLOURS["no_spc"],
                                    *[c for c, _ in BENCHMARK_STYLES.values()]])
def test_new_marks_pass_non_text_contrast_on_white(colour):
    assert contrast(colour, "#ffffff") >= 3.0


def test_benchmark_styles_differ_by_dash_as_well_as_colour():
    dashes = [d for _, d in BENCHMARK_STYLES.values()]
    assert len(set(dashes)) == len(dashes)
    assert not {"dash", "dashdot", "solid"} & set(dashes)  # the limits, target and mean


def test_the_legend_has_room_for_its_rows():
    assert legend_rows([], 11) == 0
    assert legend_rows(["Mean 5"], 11) == 1
    assert legend_rows(["x" * 60] * 3, 11) == 3
    many = figure()
    few = spc_figure(list(zip(XS[:12], SMALL)), compute_spc(SMALL))
    assert many.layout.margin.b > few.layout.margin.b


def test_a_reason_and_a_source_are_data_text_on_the_chart():
    """Plotly reads <b>, <a href> … in annotations and hover text as markup: the break's
    reason and the benchmark's source are written as text (escaped), as every chart label
    is (datasets.md: they are free text)."""
    reason = "New <b>system</b> & <a href='http://x'>link</a>"
    source = "DfE <i>Children</i> in need & more"
    fig = figure(breaks=[(BREAKS[0][0], reason), BREAKS[1]],
                 benchmarks=[ENGLAND._replace(source=source), REGION])
    label = next(a for a in fig.layout.annotations if "system" in a.text)
    assert "<" not in label.text and "&lt;b&gt;system&lt;/b&gt; &amp;" in label.text
    assert "<b>" not in label.hovertext and "New &lt;b&gt;system&lt;/b&gt;" in label.hovertext
    england = next(t for t in fig.data if t.name.startswith("England"))
    hover = {row[2] for row in england.customdata}
    assert hover == {"<br>Source: DfE &lt;i&gt;Children&lt;/i&gt; in need &amp; more"}


def test_figures_are_drawn_on_the_white_template_cut_to_what_the_dashboard_draws():
    """Every figure carries its template to the browser: the dashboard's is Plotly's
    white one with only the trace types and layout it draws, so a chart looks the same
    and its JSON is ~6 KB smaller; a trace of another type fails under test."""
    import json

    import plotly.io as pio

    from dashboard.components import TRACE_TYPES
    from dashboard.components import charts

    white = pio.templates["plotly_white"].to_plotly_json()
    fig = figure()
    template = fig.layout.template.to_plotly_json()
    assert set(template["data"]) == set(TRACE_TYPES) >= {t.type for t in fig.data}
    for kind in TRACE_TYPES:
        assert template["data"][kind] == white["data"][kind]
    for key in ("xaxis", "yaxis", "colorway", "font", "plot_bgcolor", "hoverlabel"):
        assert template["layout"][key] == white["layout"][key], key
    assert "geo" in white["layout"] and "geo" not in template["layout"]
    assert len(json.dumps(template)) < len(json.dumps(white)) // 5
    assert charts.CHECK_FIGURES     # tests/conftest.py
    with pytest.raises(ValueError, match=r"\['heatmap'\] are not styled"):
        charts.figure([dict(type="heatmap", z=[[1]])], {})
