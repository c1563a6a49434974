"""Data quality: the validation report of the folder being served.

A first version (the panels that cannot be drawn link here); missing returns by agency
and load times come with the full Data quality page.
"""
from __future__ import annotations

from dash import html

from dashboard.components.format import format_number, is_missing
from dashboard.views.tables import data_table

MAX_ROWS = 500  # a folder with thousands of findings still renders quickly


def _row_number(value) -> str:
    return "" if is_missing(value) else format_number(value, 0)


def render(ds, filters, qs: str = "") -> html.Div:
    report = ds.report
    counts = ds.validation_counts()
    rows = report.head(MAX_ROWS).to_dict("records") if len(report) else []
    summary = (f"{counts['errors']} errors, {counts['warnings']} warnings, "
               f"{counts['quarantined_rows']} rows quarantined (left out of every figure).")
    parts = [
        html.H1("Data quality", className="h2"),
        html.P(f"Validation report of {ds.folder.name}: {summary}",
               **{"data-validation-counts": "true"}),
    ]
    if rows:
        parts.append(data_table(rows, [
            ("Severity", "severity", None), ("File", "file", None),
            ("Row", "row", _row_number), ("Column", "column", None),
            ("Value", "value", None), ("Rule", "rule", None), ("Message", "message", None),
        ], "Validation report: every finding", table_id="validation-report"))
        if len(report) > MAX_ROWS:
            parts.append(html.P(f"Showing the first {MAX_ROWS} of {len(report)} findings."))
    else:
        parts.append(html.P("No findings: every file passed validation."))
    return html.Div(parts, id="data-quality")
