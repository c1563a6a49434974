"""Shared widgets: plain functions that return Dash components or Plotly figures."""
