"""Shared widgets: plain functions that return Dash components or Plotly figures."""
import plotly.graph_objects as go
import plotly.io as pio

# The trace types the dashboard draws (charts.figure checks each figure's traces are
# among them under test).
TRACE_TYPES = ("bar", "scatter")
# Layout parts of Plotly's white template for kinds of chart the dashboard never draws
# (maps, polar, ternary and 3-D plots, colour scales).
_UNUSED_LAYOUT = ("coloraxis", "colorscale", "geo", "polar", "scene", "ternary")


def _dashboard_template() -> go.layout.Template:
    """Plotly's white template, cut to the trace types and layout the dashboard uses.
    Every figure carries its template to the browser and Plotly copies it twice on the
    server per figure: the whole white template is 7 KB of each figure's JSON (a page of
    eight charts: a third of its payload), and cut it is under 1 KB, drawn the same."""
    white = pio.templates["plotly_white"].to_plotly_json()
    return go.layout.Template(
        data={k: v for k, v in white["data"].items() if k in TRACE_TYPES},
        layout={k: v for k, v in white["layout"].items() if k not in _UNUSED_LAYOUT})


# Every figure is drawn on that template. Set once as the default rather than passed to
# each figure: Plotly copies and validates a template given by name on every figure
# (~40 ms each, most of a page's time), but takes its default as already valid.
pio.templates["dashboard"] = _dashboard_template()
pio.templates.default = "dashboard"
