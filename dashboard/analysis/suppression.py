"""Small-number suppression for public mode (product.md "Cross-cutting features users
expect", the paragraph on small-number suppression).

As the Department for Education publishes children's statistics: a count from 1 to 5
shows as ``c`` (primary suppression), and so does any percentage, rate or mean computed
from 1 to 5 records or with a numerator or denominator from 1 to 5 (SPC points included).
Then, in every row and column of a table that shows or implies a total, a line with
exactly one suppressed cell would give that cell away by subtraction, so its smallest
non-zero unsuppressed cell is suppressed too (secondary suppression), until no line has
exactly one suppressed cell.

Which figures are covered is the caller's choice, made once per figure: counts of
contacts, children, cases, audit rows, reviews and bookings and everything derived from
them are; counts of indicators, actions, organisations and voice entries, and money,
never are (pass those through untouched). Whether public mode is on is the caller's too:
these functions always suppress.

Plain lists and dicts in, new lists and dicts out; a value is never changed other than
by being replaced with ``SUPPRESSED``. Pure Python: no Dash, no DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Number
from typing import Any

from .values import is_missing

# product.md: suppressed figures show as "c" (the DfE's symbol for confidential).
SUPPRESSED = "c"
# product.md: counts from 1 to 5 are suppressed; 0 is shown (it reveals no child).
SMALL_MIN = 1
SMALL_MAX = 5

Cell = tuple[int, int]  # (row, column) in display order
Grid = list[list[Any]]


# -- primary suppression ----------------------------------------------------------------
def is_suppressed(value: Any) -> bool:
    """Already shown as ``c``."""
    return isinstance(value, str) and value == SUPPRESSED


def _is_number(value: Any) -> bool:
    # bool is a Number to Python but never a count here.
    return isinstance(value, Number) and not isinstance(value, bool) and not is_missing(value)


def is_small(n: Any) -> bool:
    """A count from 1 to 5: few enough to identify a child. 0 and a missing value are not
    small (neither reveals anyone), nor is text (``c`` is already hidden)."""
    return _is_number(n) and bool(SMALL_MIN <= n <= SMALL_MAX)


def suppress_count(n: Any) -> Any:
    """``c`` for a small count, else the count unchanged (0 stays 0, missing stays
    missing)."""
    return SUPPRESSED if is_small(n) else n


def suppress_derived(value: Any, *bases: Any) -> Any:
    """``c`` when any count the value is computed from is small, else the value unchanged.

    ``bases`` are the numerator, the denominator, or the number of records a mean or rate
    is computed from (product.md: "computed from 1 to 5 records or with a numerator or
    denominator from 1 to 5"). 0 of 40 is shown; 3 of 40 is not, since its numerator is
    small. A base that is already ``c`` (for example a denominator hidden by secondary
    suppression) also hides the value: shown beside its numerator, a percentage would
    give the hidden denominator back.
    """
    if any(is_small(b) or is_suppressed(b) for b in bases):
        return SUPPRESSED
    return value


# -- secondary suppression --------------------------------------------------------------
def _can_be_chosen(value: Any) -> bool:
    """A cell that secondary suppression may hide: a non-zero number not yet hidden
    (product.md: "its smallest non-zero unsuppressed cell"). Zeros and missing values
    reveal nothing about the hidden cell, so hiding them would protect nothing."""
    return _is_number(value) and bool(value != 0)


def _protect_line(grid: Grid, line: Sequence[Cell]) -> bool:
    """When exactly one cell of the line is suppressed, suppress the line's smallest
    non-zero unsuppressed cell, ties to the first in display order. True if it did.
    A line with nothing left to choose stays as it is (see ``suppress_table``)."""
    if sum(is_suppressed(grid[r][c]) for r, c in line) != 1:
        return False
    candidates = [(grid[r][c], i) for i, (r, c) in enumerate(line) if _can_be_chosen(grid[r][c])]
    if not candidates:
        return False
    _, i = min(candidates)  # the smallest value; equal values by position in the line
    r, c = line[i]
    grid[r][c] = SUPPRESSED
    return True


def apply_secondary(cells: Sequence[Sequence[Any]], lines: Iterable[Sequence[Cell]]) -> Grid:
    """Secondary suppression over any set of lines, each a sequence of (row, column)
    cells in display order; returns a new grid.

    Each pass visits the lines in the order given and applies a choice at once, so a
    later line sees it; passes repeat until one changes nothing (product.md: "repeat
    until no line has exactly one suppressed cell"). Every change hides one more number,
    so this ends.
    """
    grid = [list(row) for row in cells]
    lines = [list(line) for line in lines]
    changed = True
    while changed:
        changed = False
        for line in lines:
            changed |= _protect_line(grid, line)
    return grid


def table_lines(n_rows: int, n_cols: int, rows: bool = True, cols: bool = True) -> list[list[Cell]]:
    """The lines of an n_rows × n_cols table: each row left to right (when rows carry a
    total), then each column top to bottom (when columns do)."""
    lines: list[list[Cell]] = []
    if rows:
        lines += [[(r, c) for c in range(n_cols)] for r in range(n_rows)]
    if cols:
        lines += [[(r, c) for r in range(n_rows)] for c in range(n_cols)]
    return lines


def suppress_table(
    cells: Sequence[Sequence[Any]],
    rows_with_totals: bool = True,
    cols_with_totals: bool = True,
) -> Grid:
    """Secondary suppression of a table already primary-suppressed (``c`` in its cells).

    ``cells`` is the body of the table only: a shown Total row or column is not part of
    it (suppress a small total with ``suppress_count``). ``rows_with_totals``: each row
    shows or implies a total, so rows are lines; ``cols_with_totals`` likewise for
    columns. Rows are visited before columns, top to bottom and left to right.

    A line with exactly one suppressed cell and no non-zero unsuppressed cell left
    (the rest are zero, missing or nothing) stays as it is: the rule has nothing to hide.
    Returns a new grid; the input is not changed.
    """
    n_rows = len(cells)
    n_cols = max((len(row) for row in cells), default=0)
    if any(len(row) != n_cols for row in cells):
        raise ValueError("every row of the table needs the same number of cells")
    return apply_secondary(cells, table_lines(n_rows, n_cols, rows_with_totals, cols_with_totals))


def suppress_breakdown(counts: Sequence[Any]) -> list[Any]:
    """One column of counts by category (which implies a total): primary suppression of
    each count, then secondary suppression down the column."""
    column = [[suppress_count(n)] for n in counts]
    return [row[0] for row in suppress_table(column, rows_with_totals=False)]


# -- breakdown rows with derived columns ------------------------------------------------
@dataclass(frozen=True)
class Spec:
    """How to suppress the rows of one breakdown (a list of dicts, one per category).

    counts       every count column that is covered (product.md: contacts, children,
                 cases, audit rows, reviews, bookings), shown or not; each gets primary
                 suppression. Columns named nowhere (labels, money, counts of indicators,
                 actions, organisations or voice entries) pass through unchanged.
    derived      each percentage, rate or mean column → the count columns it is computed
                 from (numerator, denominator, number of records); it is ``c`` when any of
                 them is small or, after secondary suppression, ``c``. Every base must be
                 named in ``counts``.
    total_lines  count columns that show or imply a total down the rows (for example
                 contacts by agency): secondary suppression down each.
    across       count columns that add up across each row (for example outcome
                 columns): secondary suppression along each row among them. Empty when
                 no row has a total.

    Example: contacts by agency, with the share decided within one working day::

        Spec(counts=("contacts", "decided", "within_1wd"),
             derived={"within_1wd_pct": ("decided", "within_1wd")},
             total_lines=("contacts", "decided"))
    """

    counts: tuple[str, ...]
    derived: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    total_lines: tuple[str, ...] = ()
    across: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        named = set(self.counts)
        for column, bases in self.derived.items():
            if not set(bases) <= named:
                missing = sorted(set(bases) - named)
                raise ValueError(f"{column!r} is derived from {missing}, not named in counts")
        for column in (*self.total_lines, *self.across):
            if column not in named:
                raise ValueError(f"{column!r} carries a total but is not named in counts")


def _secondary_lines(n_rows: int, columns: Sequence[str], spec: Spec) -> list[list[Cell]]:
    """Rows (along ``across``) first, then each ``total_lines`` column; cells are
    (row, index in ``columns``). A column the rows do not have makes no line."""
    where = {name: i for i, name in enumerate(columns)}
    across = [where[name] for name in spec.across if name in where]
    lines = [[(r, j) for j in across] for r in range(n_rows)] if across else []
    down = [where[name] for name in spec.total_lines if name in where]
    lines += [[(r, j) for r in range(n_rows)] for j in down]
    return lines


def suppress_rows(rows: Sequence[Mapping[str, Any]], spec: Spec) -> list[dict[str, Any]]:
    """The rows of a breakdown as public mode shows them: primary suppression of every
    count, secondary suppression along the lines ``spec`` names, then every derived
    column hidden where a base is small or hidden. The rows are the categories only: a
    Total row is not one of them. Returns new dicts in the same order."""
    columns = [c for c in spec.counts if any(c in row for row in rows)]
    grid = [[suppress_count(row.get(c)) for c in columns] for row in rows]
    grid = apply_secondary(grid, _secondary_lines(len(rows), columns, spec))
    out = []
    for row, cells in zip(rows, grid):
        shown = dict(row)
        shown.update((c, v) for c, v in zip(columns, cells) if c in row)
        for column, bases in spec.derived.items():
            if column in shown:
                shown[column] = suppress_derived(shown[column], *(shown.get(b) for b in bases))
        out.append(shown)
    return out
