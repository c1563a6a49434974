"""What every deep-dive page is made of: its heading with the period it covers and the
filters that do not narrow it, its headline figures (each linking to its definition and
to the rows behind it), charts by each breakdown, and the record table behind them.

A page module (views/front_door.py, …) declares its panels and calls these; the numbers
come from the same queries as `summary`, so a page and `summary` always agree.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from dash import dcc, html

from dashboard.address import merge_search
from dashboard.analysis.values import clean, plain
from dashboard.audit import record_access
from dashboard.components.format import covers_words, humanise_code
from dashboard.components.notices import not_narrowed_note, rejected_note, unavailable
from dashboard.components.tables import pager, table_view
from dashboard.data.dataset import at_once
from dashboard.definitions import BY_KEY, definition_href
from dashboard.views import queries
from dashboard.views.panels import COUNT, MONEY, Col, Panel, TableData, cell_text, shown_page
from dashboard.views.state import PAGE_SIZE, ViewState, rows_search

RECORDS_ANCHOR = "records"


# ---- heading ---------------------------------------------------------------------------
def page_heading(ds, filters, title: str, intro: str, page_queries: Sequence[str],
                 stems: Sequence[str], search: str, year: str | None = None) -> list:
    """H1, what the page covers ("12 months to 31 Oct 2026", "Financial year 2026/27"
    (`year`, for a page whose queries take $year) or "As at …"), which set filters do
    not narrow it, and a note for each file that is missing or had rows rejected."""
    covers = covers_words(page_queries, filters.period(ds.as_of), ds.as_of, year=year,
                          from_chosen=filters.date_from is not None)
    parts: list = [html.H1(title, className="h2"),
                   html.P(intro, className="lead mb-1") if intro else None,
                   html.P(covers, className="text-body-secondary", id="page-covers")]
    parts.append(not_narrowed_note(filters, page_queries, "this page"))
    for stem in stems:
        if ds.available(stem):
            parts.append(rejected_note("Incomplete", *queries.rejected_rows(ds, stem), search))
    return [p for p in parts if p is not None]


def missing_file(ds, stem: str, what: str, search: str):
    """The note that replaces a page's body when its file is unavailable, else None."""
    if ds.available(stem):
        return None
    return unavailable(what, ds.unavailable_reason(stem), search)


# ---- headline figures ------------------------------------------------------------------
AS_AT_WORDS = "At the as-of date, whatever the period"

@dataclass(frozen=True)
class Figure:
    """A headline figure of a page: `col` says how it is written and suppressed (its
    key is the column of the figures query and the `summary` key), `rows` the record
    view that lists the rows behind it, `definition` the definition it links to when
    that is not its own key (`voice.by_source` for the heard-by-source figures).
    `as_at`: a figure the period never narrows (metrics.md: pending_overdue,
    lcspr_overdue, awaiting_over_90d), which says so on its tile, since the page's
    heading names the period."""
    section: str
    col: Col
    rows: str | None = None
    definition: str | None = None
    as_at: bool = False


def figures_table(row: dict | None, figures: Sequence[Figure], extra: Sequence[Col] = ()
                  ) -> TableData:
    """The page's figures as a one-row table (so public mode and the CSV treat them as
    any other table). `extra` names the counts the derived figures are worked from."""
    columns = [f.col for f in figures] + [c for c in extra if c.key not in
                                          {f.col.key for f in figures}]
    values = {c.key: clean((row or {}).get(c.key)) for c in columns}
    if row is None:   # no rows at all (an empty file): counts and sums are 0 (metrics.md)
        values.update({c.key: 0 for c in columns if c.kind in (COUNT, MONEY)})
    return TableData(columns=[f.col for f in figures], rows=[values], implies_total=False)


def figure_tiles(table: TableData, figures: Sequence[Figure], search: str,
                 counts: dict | None = None, public: bool = False,
                 download_href: str | None = None) -> html.Div:
    """A small card per figure: its value, a link to its definition and, outside public
    mode, a link to the rows behind it; then the figures as CSV (`download_href`, the
    page's figures panel: the tiles as shown, suppressed in public mode)."""
    row = table.rows[0] if table.rows else {}
    tiles = []
    for f in figures:
        key = f"{f.section}.{f.col.key}"
        body = [html.H3(f.col.label, className="h6 mb-1"),
                html.P(cell_text(f.col, row.get(f.col.key)), className="kpi-value mb-1",
                       **{"data-figure": key})]
        if f.as_at:
            body.append(html.P(AS_AT_WORDS, className="small text-body-secondary mb-1",
                               **{"data-as-at": key}))
        links = []
        if (f.definition or key) in BY_KEY:
            links.append(dcc.Link(["Definition", html.Span(f": {f.col.label}",
                                                           className="visually-hidden")],
                                  href=definition_href(f.definition or key),
                                  className="me-3"))
        if f.rows and not public:
            n = (counts or {}).get(f.rows)
            words = "See the rows" if n is None else f"See the {n:,} row{'' if n == 1 else 's'}"
            links.append(dcc.Link([words, html.Span(f": {f.col.label}",
                                                    className="visually-hidden")],
                                  href=rows_search(search, f.rows) + f"#{RECORDS_ANCHOR}"))
        if links:
            body.append(html.P(links, className="small mb-0 no-print"))
        tiles.append(html.Div(html.Div(html.Div(body, className="card-body p-2"),
                                       className="card kpi-tile h-100"),
                              className="col-6 col-md-4 col-xl-3"))
    download = html.P(html.A(["Download CSV", html.Span(": these figures",
                                                        className="visually-hidden")],
                             href=download_href + search, download="",
                             **{"data-download": "figures"}),
                      className="small mb-4 no-print") if download_href else None
    return html.Section(
        [html.H2("Figures", className="visually-hidden", id="page-figures-heading"),
         html.Div(tiles, className="row g-2 " + ("mb-1" if download else "mb-4")),
         download],
        id="page-figures", **{"aria-labelledby": "page-figures-heading"})


# ---- record tables ---------------------------------------------------------------------
@dataclass(frozen=True)
class RecordView:
    key: str          # the `rows` parameter
    label: str        # "Decided late"


def records_section(panel: Panel, ds, filters, state: ViewState, search: str,
                    views: Sequence[RecordView], counts: dict | None = None, *,
                    title: str = "Rows behind the figures",
                    what: str = "pseudonymised records",
                    decorate: Callable[[TableData], TableData] | None = None
                    ) -> html.Section:
    """The rows behind the figures: a choice of view, the table sorted and paged in SQL
    (sort and page in the address), and its CSV. A record-level panel (pseudonymised
    records) is hidden in public mode (product.md); a table written to be published (the
    action tracker: `panel.records` false) stays. `decorate` turns the screen's cells
    into links or marks (the data, and so the CSV, stay as they are)."""
    heading = html.H2(title, className="h4", id=RECORDS_ANCHOR, tabIndex="-1")
    if filters.public and panel.records:
        return html.Section([heading, html.P("Record-level tables are hidden in public "
                                             "mode.")], className="mb-4")
    current = current_view(state, views)

    def named(v: RecordView) -> str:   # "Overdue (12)" when the view's count is known
        n = (counts or {}).get(v.key)
        return v.label if n is None else f"{v.label} ({n:,})"

    choice = html.Ul([
        html.Li(html.Strong(named(v), **{"aria-current": "true"}) if v.key == current else
                dcc.Link(named(v), href=rows_search(search, v.key) + f"#{RECORDS_ANCHOR}"),
                className="me-3")
        for v in views], className="list-unstyled d-flex flex-wrap small mb-2",
        **{"aria-label": "Which rows"})
    table, state = record_page(panel, ds, filters, state, views)
    if panel.records and not record_access("view", panel.page, panel.key, filters,
                                           len(table.rows), table.total, current):
        return html.Section([heading, html.P("Record-level rows cannot be shown now: the "
                                             "audit log cannot be written. Tell your "
                                             "administrator.", role="alert")],
                            className="mb-4")
    label = next(v.label for v in views if v.key == current)
    return html.Section(
        [heading, choice,
         table_view(decorate(table) if decorate else table, f"{label}: {what}",
                    table_id=f"{panel.key}-table",
                    state=state, sortable=True, download_href=panel.download_href,
                    search=merge_search(search, {"rows": current})),
         pager(table.total or 0, state, search, PAGE_SIZE)],
        className="mb-4", **{"aria-labelledby": RECORDS_ANCHOR})


def current_view(state: ViewState, views: Sequence[RecordView]) -> str:
    """The record view the address chooses, else the first."""
    return state.rows if state.rows in {v.key for v in views} else views[0].key


def record_page(panel: Panel, ds, filters, state: ViewState, views: Sequence[RecordView]):
    """(table, state) of the page of a record table that records_section shows, worked
    out once per filter set and view (figures_together can work it out beside the
    page's figures)."""
    state = replace(state, rows=current_view(state, views))
    return ds.memo.remember(("record_page", panel.page, panel.key, filters, state, ds.as_of),
                            lambda: shown_page(panel, ds, filters, state))


def record_data(query: str, columns: Sequence[Col], views: Sequence[RecordView]) -> Callable:
    """A panel's data function for a record table: queries/<query>.sql under the filters
    with `$view` the chosen record view, sorted and paged in SQL."""
    keys = {v.key for v in views}

    def data(ds, filters, state: ViewState) -> TableData:
        view = state.rows if state.rows in keys else views[0].key
        sort = state.sort if state.sort in {c.key for c in columns} else None
        frame, total = ds.run_table(query, filters, view=view, sort=sort,
                                    descending=state.descending, limit=state.limit,
                                    offset=state.offset)
        rows = [{c.key: plain(r.get(c.key)) for c in columns} for r in frame.to_dict("records")]
        return TableData(columns=list(columns), rows=rows, total=total, implies_total=False)

    return data


def figures_together(ds, query: str, filters, records: tuple | None = None) -> None:
    """Work out every breakdown of a figures query (mash_figures, audit_figures,
    action_figures, training_figures) in one run (breakdown 'all': one reading of the
    rows, issue 11) for a page that shows them all; its panels then take their rows
    from it (figures_by). `records`: (panel, state, views) of the page's record table,
    whose page is then worked out at the same time in another thread (`at_once`)."""
    def figures():
        ds.memo.remember((query, "all", filters, ds.as_of), lambda: _by_breakdown(
            ds.rows(query, filters, breakdown="all").records()))
    if records is None or (filters.public and records[0].records):
        figures()
    else:
        panel, state, views = records
        at_once(figures, lambda: record_page(panel, ds, filters, state, views))


def _by_breakdown(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["breakdown"], []).append(r)
    return out


def figures_by(ds, query: str, filters, name: str) -> list[dict]:
    """One breakdown's rows of a figures query (plain values, in the query's order):
    from the page's run of them all when it made one (figures_together), else on its
    own (a panel's download, the public Overview's figure), once per filter set."""
    together = ds.memo.get((query, "all", filters, ds.as_of))
    if together is None:
        return ds.memo.remember((query, name, filters, ds.as_of),
                                lambda: ds.rows(query, filters, breakdown=name).records())
    return together.get(name, [])


def code_rows(records: list[dict], code_of: Callable[[str], str | None] = lambda c: c
              ) -> list[dict]:
    """Breakdown rows (`Rows.records()`, figures_by) with the category's words (`label`)
    and its filter code (`code`): 'Not recorded' selects `none` (product.md)."""
    out = []
    for r in records:
        category = r.get("category")
        r = {k: clean(v) for k, v in r.items()}
        r["code"] = "none" if category == "Not recorded" else code_of(category)
        r["label"] = category if category in ("Not recorded", "Pending") else humanise_code(
            category)
        out.append(r)
    return out
