"""Plain accessible tables (caption, column headers with scope) of data as text."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from dash import html

from dashboard.components.format import DASH, is_missing

Column = tuple[str, str, Callable | None]  # (heading, key, formatter)


def data_table(rows: Sequence[dict], columns: Sequence[Column], caption: str, *,
               table_id: str | None = None, numeric: Sequence[str] = ()) -> html.Div:
    head = html.Thead(html.Tr([
        html.Th(h, scope="col", className="text-end" if k in numeric else None)
        for h, k, _ in columns
    ]))
    body = []
    for row in rows:
        cells = []
        for _, key, fmt in columns:
            value = row.get(key)
            text = DASH if is_missing(value) else (fmt(value) if fmt else str(value))
            cells.append(html.Td(text, className="text-end" if key in numeric else None))
        body.append(html.Tr(cells))
    kwargs = {"id": table_id} if table_id else {}
    # A table wider than the screen scrolls sideways inside its wrapper: the wrapper
    # takes focus so that keyboard users can scroll it too (WCAG 2.1.1), and is a named
    # region so a screen reader says what the focus landed on.
    return html.Div(
        html.Table(
            [html.Caption(caption, className="caption-top"), head, html.Tbody(body)],
            className="table table-sm table-striped align-middle", **kwargs,
        ),
        className="table-responsive", tabIndex="0", role="region",
        **{"aria-label": caption},
    )
