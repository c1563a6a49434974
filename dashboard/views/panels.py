"""Tables as data: what a chart or table shows, as columns and rows, so that the screen,
its CSV download and public mode all come from one place.

A page declares each downloadable table or chart as a `Panel`: a function of (dataset,
filters, view state) returning `TableData`. The page draws `shown(panel, …)`, and the
download route (/download/<page>/<panel>.csv) writes the very same `shown(…)` as CSV,
so a download always equals the screen (filters applied; public mode suppresses both).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from dashboard.analysis.suppression import Spec, suppress_rows
from dashboard.analysis.values import is_missing, to_date
from dashboard.components.format import (
    DASH, format_date, format_datetime, format_money, format_number, format_pence,
    format_value,
    humanise_code,
)

# Column kinds: how a value is written on screen and in a CSV (PENCE: money per head,
# shown to the penny where MONEY shows whole pounds).
TEXT, CODE, COUNT, PERCENT, NUMBER, MONEY, PENCE, DATE, DAYS, DATETIME, BOOL = (
    "text", "code", "count", "percent", "number", "money", "pence", "date", "days",
    "datetime", "bool")
NUMERIC = (COUNT, PERCENT, NUMBER, MONEY, PENCE, DAYS)
DECIMALS = {PERCENT: 1, NUMBER: 1, DAYS: 0, COUNT: 0, MONEY: 2, PENCE: 2}


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    kind: str = TEXT
    # public mode (product.md): `small` marks a count of records that is suppressed when
    # 1 to 5; `base` names the counts a derived figure is computed from.
    small: bool = False
    base: tuple[str, ...] = ()
    sortable: bool = True


@dataclass
class TableData:
    columns: Sequence[Col]
    rows: list[dict]
    total: int | None = None          # record tables: every row, not only this page
    implies_total: bool = True        # a breakdown's counts add up to a whole
    across: tuple[str, ...] = ()      # count columns that add up along each row (grades)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Panel:
    page: str                         # the page's address without '/', e.g. "front-door"
    key: str                          # unique on its page, e.g. "by-agency"
    title: str
    data: Callable                    # (ds, filters, state) -> TableData
    records: bool = False             # pseudonymised rows: hidden in public mode

    @property
    def download_href(self) -> str:
        return f"/download/{self.page}/{self.key}.csv"


PANELS: dict[tuple[str, str], Panel] = {}


def register(panel: Panel) -> Panel:
    """Make a panel downloadable (one registration per page and key)."""
    PANELS[(panel.page, panel.key)] = panel
    return panel


# ---- writing values ---------------------------------------------------------------------
def cell_text(col: Col, value) -> str:
    """A value as the screen shows it."""
    if isinstance(value, str) and col.kind in NUMERIC:
        return value                  # already suppressed ("c")
    if is_missing(value):
        return DASH
    if col.kind == CODE:
        return humanise_code(value)
    if col.kind == DATE:
        return format_date(value)
    if col.kind == DATETIME:
        return format_datetime(value)
    if col.kind == BOOL:
        return "Yes" if value else "No"
    if col.kind == MONEY:
        return format_money(value)
    if col.kind == PENCE:
        return format_pence(value)
    if col.kind == PERCENT:
        return format_value(value, "percent")
    if col.kind == COUNT:
        return format_number(value, 0)
    if col.kind == DAYS:
        return format_number(value, 0)
    if col.kind == NUMBER:
        return format_number(value, 1)
    return str(value)


def csv_value(col: Col, value):
    """A value as the CSV download writes it: the number shown (rounded as on screen,
    without its unit), dates as ISO, codes as their words, text as written."""
    if isinstance(value, str) and col.kind in NUMERIC:
        return value
    if is_missing(value):
        return None
    if col.kind == DATE:
        d = to_date(value)
        return d.isoformat() if isinstance(d, dt.date) else value
    if col.kind == DATETIME:
        return value.isoformat(timespec="minutes") if hasattr(value, "isoformat") else value
    if col.kind == BOOL:
        return "yes" if value else "no"
    if col.kind == CODE:
        return humanise_code(value)
    if col.kind in NUMERIC:
        decimals = DECIMALS[col.kind]
        number = round(float(value), decimals)
        return int(number) if decimals == 0 else number
    return value


def csv_rows(table: TableData) -> tuple[list[str], list[dict]]:
    """(header, rows) of a table as its CSV download writes them."""
    header = [c.label for c in table.columns]
    rows = [{c.label: csv_value(c, r.get(c.key)) for c in table.columns} for r in table.rows]
    return header, rows


def order_rows(rows: list[dict], codes: Sequence[str] | None = None,
               by: str | None = None) -> list[dict]:
    """A breakdown's rows in the order people read them: the contract's code order where
    the dimension has one (age bands young to old, RAG red to green), else the largest
    `by` first; 'Not recorded' and 'Pending' last."""
    last = ("Not recorded", "Pending")

    def key(r):
        tail = r.get("label") in last
        if codes:
            code = r.get("code")
            return (tail, codes.index(code) if code in codes else len(codes), str(r.get("label")))
        value = r.get(by) if by else None
        return (tail, -(value if isinstance(value, (int, float)) else -1), str(r.get("label")))

    return sorted(rows, key=key)


def with_rows(table: TableData, rows: list[dict]) -> TableData:
    return replace(table, rows=rows)


def public_spec(table: TableData) -> Spec:
    """The suppression spec of a table from its columns: counts of records (`small`)
    and the bases of derived figures are suppressed from 1 to 5; a derived figure is
    hidden with its base; a breakdown's counts imply a total down the rows, and the
    `across` columns (parts of each row's whole) along each row."""
    counts = [c.key for c in table.columns if c.small]
    for c in table.columns:
        counts += [b for b in c.base if b not in counts]
    return Spec(counts=tuple(counts),
                derived={c.key: c.base for c in table.columns if c.base},
                total_lines=tuple(c.key for c in table.columns if c.small)
                if table.implies_total else (),
                across=tuple(table.across))


def public_table(table: TableData) -> TableData:
    """A table as public mode shows it (product.md small-number suppression)."""
    return with_rows(table, suppress_rows(table.rows, public_spec(table)))


def shown(panel: Panel, ds, filters, state) -> TableData:
    """What the screen shows of a panel, and so what its download writes: its data under
    the filters, suppressed in public mode (product.md)."""
    table = panel.data(ds, filters, state)
    return public_table(table) if getattr(filters, "public", False) else table


def shown_page(panel: Panel, ds, filters, state):
    """(table, state) of a table paged in SQL: the page the address asks for, or, when
    that page is past the last (a link kept while the data or the filters changed), the
    last page, so the screen never says "no rows" of a table that has them."""
    from dashboard.views.state import PAGE_SIZE

    table = shown(panel, ds, filters, state)
    if state.page > 1 and not table.rows and table.total:
        state = replace(state, page=(table.total + PAGE_SIZE - 1) // PAGE_SIZE)
        table = shown(panel, ds, filters, state)
    return table, state
