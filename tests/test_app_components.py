"""Shared widgets: RAG badges and SPC icons carry words, the SPC figure marks special
causes by shape, colours pass WCAG AA contrast, static HTML escapes data text."""
import datetime as dt
import re
from pathlib import Path

import pytest
from dash import dcc, html

from dashboard.analysis.spc import compute_spc, point_kinds, point_reasons, variation_direction
from dashboard.components.charts import COLOURS, SYMBOLS, sparkline_svg, spc_figure
from dashboard.components.format import format_period, format_value
from dashboard.components.kpi import trend_words
from dashboard.components.rag import assurance_icon, rag_badge, rag_counts_list, variation_icon
from dashboard.components.static_html import render_html

CSS = (Path(__file__).resolve().parents[1] / "assets" / "dashboard.css").read_text()


def text_of(component) -> str:
    return re.sub(r"<[^>]+>", "", render_html(component))


def luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    f = lambda c: c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4  # noqa: E731
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def css_var(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


@pytest.mark.parametrize("background,text", [
    ("rag-red", "#ffffff"), ("rag-amber", "#1a1a1a"), ("rag-green", "#ffffff"),
    ("rag-grey", "#ffffff"), ("spc-improving", "#ffffff"), ("spc-concerning", "#ffffff"),
])
def test_badge_text_passes_aa_contrast(background, text):
    assert contrast(css_var(background), text) >= 4.5


@pytest.mark.parametrize("name", ["common", "improving", "concerning", "mean", "limit", "target"])
def test_chart_marks_pass_non_text_contrast_on_white(name):
    assert contrast(COLOURS[name], "#ffffff") >= 3.0


@pytest.mark.parametrize("rag,word", [("red", "Red"), ("amber", "Amber"), ("green", "Green"),
                                      ("grey", "Grey"), (None, "Grey"), ("bogus", "Grey")])
def test_rag_badge_says_its_rag_in_words(rag, word):
    badge = rag_badge(rag)
    assert word in text_of(badge)
    assert badge.className.startswith("rag-badge")


def test_rag_counts_name_each_colour():
    text = text_of(rag_counts_list({"red": 2, "amber": 0, "green": 1}))
    assert text == "2 red0 amber1 green0 grey"


@pytest.mark.parametrize("variation,polarity,words,direction", [
    ("special_cause_improving", "higher_is_better", "Improving (high)", 1),
    ("special_cause_improving", "lower_is_better", "Improving (low)", -1),
    ("special_cause_concerning", "higher_is_better", "Concerning (low)", -1),
    ("special_cause_concerning", "lower_is_better", "Concerning (high)", 1),
    ("common_cause", "higher_is_better", "Common cause", 0),
    (None, "higher_is_better", "Not enough data", 0),
])
def test_variation_icon_carries_words_and_direction(variation, polarity, words, direction):
    icon = variation_icon(variation, polarity)
    assert words in text_of(icon)
    assert icon.title  # the full meaning on hover
    assert variation_direction(variation, polarity) == direction


@pytest.mark.parametrize("assurance,has_target,words", [
    ("consistently_passing", True, "Consistently passing"),
    ("consistently_failing", True, "Consistently failing"),
    ("hit_and_miss", True, "Hit and miss"),
    (None, False, "No target"),
    (None, True, "No assurance yet"),
])
def test_assurance_icon_carries_words(assurance, has_target, words):
    assert words in text_of(assurance_icon(assurance, has_target))


def _series(values, start=dt.date(2022, 1, 1)):
    out = []
    for i, v in enumerate(values):
        m = start.month - 1 + i
        out.append((dt.date(start.year + m // 12, m % 12 + 1, 1), v))
    return out


def test_spc_figure_has_limits_target_and_special_causes_by_shape():
    values = [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 10, 9, 10, 30]  # last point outside
    spc = compute_spc(values)
    fig = spc_figure(_series(values), spc, target=12, polarity="lower_is_better",
                     unit="count")
    names = [t.name for t in fig.data]
    # each line's legend entry carries its value, so a printed chart reads exactly
    assert f"Mean {format_value(spc.mean, 'count')}" in names
    assert f"Upper process limit {format_value(spc.ucl, 'count')}" in names
    assert f"Lower process limit {format_value(spc.lcl, 'count')}" in names
    assert "Target 12" in names
    concerning = next(t for t in fig.data if t.name == "Special cause – concerning")
    assert concerning.marker.symbol == SYMBOLS["concerning"] != SYMBOLS["common"]
    assert concerning.y[-1] == 30
    assert point_kinds(spc, "lower_is_better")[-1] == "concerning"
    assert point_kinds(spc, "higher_is_better")[-1] == "improving"
    mean = next(t for t in fig.data if t.name.startswith("Mean"))
    assert mean.y[0] == pytest.approx(spc.mean)


def test_spc_hover_says_why_a_point_is_special_cause():
    values = [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 10, 9, 10, 30]
    spc = compute_spc(values)
    fig = spc_figure(_series(values), spc, polarity="lower_is_better", unit="count")
    concerning = next(t for t in fig.data if t.name == "Special cause – concerning")
    label, value, reasons = concerning.customdata[-1]
    assert (label, value) == ("Feb 2023", "30")
    assert reasons == "<br>– outside the process limits"
    assert "%{customdata[2]}" in concerning.hovertemplate
    improving = next(t for t in fig.data if t.name == "Special cause – improving")
    assert improving.customdata[0][2] == "<br>– in a run of 7+ points below the mean"
    rising = compute_spc([1, 2, 1, 2, 1, 2, 3, 4, 5, 6, 7, 8])
    assert point_reasons(rising, 11) == [
        "outside the process limits", "in a run of 7+ rising points"]
    assert point_reasons(compute_spc([5, 6, 4, 6, 5, 4, 6, 5, 6, 4, 5, 6]), 0) == [
        "within the process limits"]


def test_spc_figure_without_enough_points_says_so_and_zooms_to_the_period():
    fig = spc_figure(_series([1, 2, 3]), None, target=None, unit="percent",
                     x_range=(dt.date(2022, 2, 1), None))
    assert "Not enough data for SPC" in fig.layout.annotations[0].text
    assert not any(t.name.startswith("Target") for t in fig.data)
    assert str(fig.layout.xaxis.range[0]).startswith("2022-01-17")


def test_sparkline_and_trend_words():
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.w3.org/2000/svg"}
    # a percentage runs from 0 to 100 over the 56 units between the 4-unit margins; the
    # three points sit at 46, 120 and 194 (46 units left free at each end for values)
    svg = ET.fromstring(sparkline_svg([("Jan 2024", 50.0), ("Feb 2024", None),
                                       ("Mar 2024", 60.0)], unit="percent"))
    dots = [(c.get("cx"), c.get("cy")) for c in svg.findall("s:circle", ns)]
    assert dots == [("46.0", "32.0"), ("194.0", "26.4")]     # 4 + 56 * (1 - 0.6)
    assert svg.findall("s:polyline", ns) == []     # a gap either side: no line to draw
    assert [(t.text, t.get("text-anchor")) for t in svg.findall("s:text", ns)] == [
        ("50.0%", "end"), ("60.0%", "start")]
    # a count runs from 0 to 1.25 times the highest of its values and target
    svg = ET.fromstring(sparkline_svg([("Q1", 2), ("Q2", 4)], unit="count", target=5))
    assert svg.find("s:polyline", ns).get("points") == "46.0,42.1 194.0,24.2"
    target = svg.find("s:line", ns)                            # 4 + 56 * (1 - 5 / 6.25)
    assert (target.get("y1"), target.get("stroke-dasharray")) == ("15.2", "2 3")
    assert sparkline_svg([]).startswith("<svg") and "<text" not in sparkline_svg([])
    # a long value takes more room at its end: 8 characters of 11 px at 0.55 em, + 8
    svg = ET.fromstring(sparkline_svg([("2022/23", 260550), ("2026/27", 301874)],
                                      unit="money"))
    assert [c.get("cx") for c in svg.findall("s:circle", ns)] == ["56.0", "184.0"]
    assert trend_words([("Jan 2024", 50.0), ("Feb 2024", None), ("Mar 2024", 60.0)],
                       "percent", "Last 3 months") == (
        "Last 3 months: 50.0% (Jan 2024) to 60.0% (Mar 2024)")
    assert trend_words([], "percent", "months") == "months: no values"


def test_formats():
    assert format_value(None, "percent") == "–"
    assert format_value(83.44, "percent") == "83.4%"
    assert format_value(12.0, "count") == "12"
    # halves round up, as in money and in the spreadsheets partners compare with
    assert format_value(1.25, "rate_per_10k") == "1.3 per 10,000"
    assert format_value(0.125, "percent") == "0.1%"
    assert format_value(2.45, "percent") == "2.5%"
    assert format_value(1234.5, None) == "1,234.5"
    assert format_value(234504.21, "money") == "£234,504"
    assert format_period("2024-01-01", "quarterly") == "Jan–Mar 2024"
    assert format_period(dt.date(2024, 2, 1), "monthly") == "Feb 2024"


def test_static_html_escapes_data_text_and_attributes():
    tree = html.Div([html.Span("<script>alert(1)</script>", title='"x"'),
                     dcc.Link("go", href="/a"), html.Br()],
                    className="c", style={"fontSize": "2px"}, id={"type": "x"},
                    **{"data-area": "a&b"})
    out = render_html(tree)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert 'title="&quot;x&quot;"' in out and 'data-area="a&amp;b"' in out
    assert '<span>go</span>' in out and "<br>" in out and 'style="font-size: 2px"' in out
    assert "id=" not in out  # pattern-matching ids are dropped


def test_period_words_say_what_a_period_is():
    import datetime as dt

    from dashboard.components.format import period_words

    d = dt.date
    assert period_words(d(2025, 11, 1), d(2026, 10, 31), from_chosen=False) == (
        "12 months to 31 Oct 2026")
    # the default rolling year stays "12 months" even when it is a financial year
    assert period_words(d(2023, 4, 1), d(2024, 3, 31), from_chosen=False) == (
        "12 months to 31 Mar 2024")
    assert period_words(d(2023, 4, 1), d(2024, 3, 31)) == "Financial year 2023/24"
    assert period_words(None, d(2024, 3, 31)) == "All dates to 31 Mar 2024"
    assert period_words(d(2024, 1, 1), d(2024, 3, 31)) == "1 Jan 2024 to 31 Mar 2024"
    assert period_words(d(2023, 4, 1), None) == "–"


def test_a_value_never_rounds_across_its_target():
    from dashboard.components.format import format_against_target

    assert format_against_target(0.964, 1, "score") == "0.96"
    assert format_against_target(89.96, 90, "percent") == "89.96%"
    assert format_against_target(90.04, 90, "percent") == "90.04%"
    assert format_against_target(85.0, 90, "percent") == "85.0%"     # no need: as usual
    assert format_against_target(90, 90, "percent") == "90.0%"       # on the target
    assert format_against_target(4.9996, 5, "count") == "4.9996"
    assert format_against_target(None, 5, "count") == "–"
    assert format_against_target(92.14, None, "percent") == "92.1%"


def test_rag_and_assurance_that_seem_to_disagree_are_explained():
    from dashboard.components.rag import rag_assurance_note

    assert "misses the target" in rag_assurance_note("green", "consistently_failing")
    assert "meets the target" in rag_assurance_note("red", "consistently_passing")
    assert rag_assurance_note("green", "consistently_passing") is None
    assert rag_assurance_note("grey", "consistently_failing") is None


def test_chart_ticks_are_months_or_quarters_and_legends_legible():
    import datetime as dt

    from dashboard.analysis.spc import compute_spc
    from dashboard.components.charts import month_ticks, spc_figure

    xs = [dt.date(2024 + (m // 12), m % 12 + 1, 1) for m in range(3, 27)]   # Apr 24-Mar 26
    assert month_ticks(xs, "monthly") == {"tick0": "2024-04-01", "dtick": "M3",
                                          "tickformat": "%b %Y"}
    long = [dt.date(2020 + (m // 12), m % 12 + 1, 1) for m in range(0, 60)]
    assert month_ticks(long, "monthly")["dtick"] == "M12"
    values = [float(v % 7) for v in range(24)]
    fig = spc_figure(list(zip(xs, values)), compute_spc(values), unit="count",
                     frequency="monthly")
    assert fig.layout.xaxis.dtick == "M3" and fig.layout.legend.font.size >= 13


def test_figures_are_checked_under_test_and_not_when_served(monkeypatch):
    import plotly.graph_objects as go
    import pytest

    from dashboard.components import charts

    assert charts.CHECK_FIGURES           # tests/conftest.py: a misspelt property fails
    with pytest.raises(ValueError):
        charts.figure([dict(type="bar", x=[1], colour="red")], {})
    # served, plotly's check is skipped; the figure is the same
    monkeypatch.setattr(charts, "CHECK_FIGURES", False)
    fast = charts.figure([dict(type="bar", x=[1], y=["a"], marker=dict(color="#0b3d91"))],
                         dict(height=200, xaxis=dict(ticksuffix="%")))
    checked = go.Figure(go.Bar(x=[1], y=["a"], marker_color="#0b3d91"))
    checked.update_layout(height=200, xaxis=dict(ticksuffix="%"))
    assert fast.to_plotly_json() == checked.to_plotly_json()
