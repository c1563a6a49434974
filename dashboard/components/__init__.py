"""Shared widgets: plain functions that return Dash components or Plotly figures."""
import plotly.io as pio

# Every figure is drawn on Plotly's white template. Set once as the default rather than
# passed to each figure: Plotly copies and validates a template given by name on every
# figure (~40 ms each, most of a page's time), but takes its default as already valid.
pio.templates.default = "plotly_white"
