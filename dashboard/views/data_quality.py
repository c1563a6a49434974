"""Data quality: the validation report of the folder being served.

A first version (the panels that cannot be drawn link here); missing returns by agency
and load times come with the full Data quality page.
"""
from __future__ import annotations

from dash import html

from dashboard.components.format import format_number, is_missing
from dashboard.components.tables import data_table

MAX_ROWS = 500  # a folder with thousands of findings still renders quickly
# A broken quote can put the rest of a file into one cell: show its start, not 100 kB.
MAX_CELL_CHARS = 160


def _row_number(value) -> str:
    return "" if is_missing(value) else format_number(value, 0)


def _clip(value) -> str:
    text = str(value)
    if len(text) <= MAX_CELL_CHARS:
        return text
    return f"{text[:MAX_CELL_CHARS].rstrip()}… ({format_number(len(text), 0)} characters)"


def plural(n: int, word: str) -> str:
    """'1 error', '2 errors', '1 row', '0 rows'."""
    return f"{format_number(n, 0)} {word}{'' if n == 1 else 's'}"


def render(ds, filters, qs: str = "") -> html.Div:
    report = ds.report
    counts = ds.validation_counts()
    rows = report.head(MAX_ROWS).to_dict("records") if len(report) else []
    summary = (f"{plural(counts['errors'], 'error')}, {plural(counts['warnings'], 'warning')}, "
               f"{plural(counts['quarantined_rows'], 'row')} quarantined (left out of every "
               "figure).")
    parts = [
        html.H1("Data quality", className="h2"),
        html.P(f"Validation report of {ds.folder.name}: {summary}",
               **{"data-validation-counts": "true"}),
    ]
    if rows:
        parts.append(data_table(rows, [
            ("Severity", "severity", None), ("File", "file", None),
            ("Row", "row", _row_number), ("Column", "column", None),
            ("Value", "value", _clip), ("Rule", "rule", None), ("Message", "message", _clip),
        ], "Validation report: every finding", table_id="validation-report"))
        if len(report) > MAX_ROWS:
            parts.append(html.P(f"Showing the first {MAX_ROWS} of {len(report)} findings."))
    else:
        parts.append(html.P("No findings: every file passed validation."))
    return html.Div(parts, id="data-quality")
