"""Accessible tables (caption, column headers with scope) of data as text; record tables
sorted and paged on the server, their sort buttons carrying aria-sort."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from dash import dcc, html
from dash.development.base_component import Component

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


SORT_BUTTON = "sort-button"


def _header_cell(col, state, sortable: bool, numeric: bool) -> html.Th:
    """A column header; in a record table, a button that sorts by it in SQL, with
    aria-sort saying how the table is sorted (the GOV.UK sortable-table pattern)."""
    align = "text-end" if numeric else None
    if not (sortable and col.sortable):
        return html.Th(col.label, scope="col", className=align)
    current = state is not None and state.sort == col.key
    aria = ("descending" if state.descending else "ascending") if current else "none"
    arrow = ("▼" if state.descending else "▲") if current else "↕"
    return html.Th(
        html.Button([col.label, html.Span(f" {arrow}", **{"aria-hidden": "true"})],
                    id={"type": SORT_BUTTON, "col": col.key}, n_clicks=0,
                    className="sort-button btn btn-link p-0 text-reset fw-bold"),
        scope="col", className=align, **{"aria-sort": aria})


def is_identifier(key: str) -> bool:
    """A column of record identifiers or pseudonyms (action_id, child_ref, …): shown
    whole, never wrapped mid-word."""
    return key.endswith(("_id", "_ref"))


def table_view(table, caption: str, *, table_id: str, state=None, sortable: bool = False,
               download_href: str | None = None, search: str = "") -> html.Div:
    """An accessible table of TableData (views/panels.py): caption, column headers with
    scope (sort buttons with aria-sort when `sortable`), data text as text, and a link
    to the same table as CSV."""
    from dashboard.views.panels import NUMERIC, cell_text

    numeric = {c.key for c in table.columns if c.kind in NUMERIC}
    head = html.Thead(html.Tr([_header_cell(c, state, sortable, c.key in numeric)
                               for c in table.columns]))
    def cell(col, value):
        # a component (a link that narrows the page) is shown as it is
        return value if isinstance(value, Component) else cell_text(col, value)

    # numbers line up on the right; a date never breaks over lines ("31 Jul / 2023"),
    # nor an identifier at its hyphen ("ACT- / 0055")
    classes = {c.key: "text-end" if c.key in numeric else
               "text-nowrap" if c.kind in ("date", "datetime") or is_identifier(c.key)
               else None
               for c in table.columns}
    body = [html.Tr([html.Td(cell(c, r.get(c.key)), className=classes[c.key])
                     for c in table.columns]) for r in table.rows]
    parts = [html.Div(
        html.Table([html.Caption(caption, className="caption-top"), head, html.Tbody(body)],
                   className="table table-sm table-striped align-middle"
                   + (" record-table" if sortable else ""), id=table_id),
        className="table-responsive", tabIndex="0", role="region", **{"aria-label": caption})]
    if not table.rows:
        parts.append(html.P("No rows match the filters.", className="small"))
    links = []
    if download_href:
        links.append(html.A(["Download CSV", html.Span(f": {caption}",
                                                       className="visually-hidden")],
                            href=download_href + search, className="small me-3 no-print",
                            download="", **{"data-download": table_id}))
    if links:
        parts.append(html.P(links, className="mb-1"))
    return html.Div(parts, className="mb-3")


def pager(total: int, state, search: str, page_size: int) -> html.Nav | None:
    """Previous / next links and 'Rows 26 to 50 of 212' (the page lives in the address)."""
    from dashboard.views.state import paged_search

    if total <= page_size:
        return None
    pages = (total + page_size - 1) // page_size
    page = min(state.page, pages)
    first, last = (page - 1) * page_size + 1, min(page * page_size, total)
    items = []
    if page > 1:
        items.append(html.Li(dcc.Link("‹ Previous", href=paged_search(search, page - 1)),
                             className="me-3"))
    items.append(html.Li(f"Rows {first:,} to {last:,} of {total:,} (page {page} of {pages})",
                         className="me-3", **{"aria-current": "page"}))
    if page < pages:
        items.append(html.Li(dcc.Link("Next ›", href=paged_search(search, page + 1))))
    return html.Nav(html.Ul(items, className="list-unstyled d-flex flex-wrap small"),
                    **{"aria-label": "Pages of the table"})
