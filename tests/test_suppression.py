"""Small-number suppression for public mode (product.md "Cross-cutting features users
expect"): primary, derived, secondary; every grid worked by hand in the comments."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.analysis.suppression import (
    SMALL_MAX,
    SMALL_MIN,
    SUPPRESSED,
    Spec,
    is_small,
    is_suppressed,
    suppress_breakdown,
    suppress_count,
    suppress_derived,
    suppress_rows,
    suppress_table,
    table_lines,
)

c = SUPPRESSED


def test_constants_are_the_dfe_convention():
    assert (SUPPRESSED, SMALL_MIN, SMALL_MAX) == ("c", 1, 5)


# -- primary ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("n", "small"),
    [
        (0, False),  # 0 reveals no child
        (1, True),
        (5, True),
        (6, False),
        (5.0, True),  # a count that pandas turned into a float
        (np.int64(3), True),  # a count straight from a DataFrame
        (Decimal(2), True),
        (None, False),
        (math.nan, False),
        (pd.NA, False),
        ("c", False),  # already hidden
        (True, False),  # a flag, not a count
    ],
)
def test_is_small(n, small):
    assert is_small(n) is small


@pytest.mark.parametrize(("n", "shown"), [(0, 0), (1, c), (5, c), (6, 6), (None, None), (c, c)])
def test_suppress_count(n, shown):
    assert suppress_count(n) == shown


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_missing_count_stays_the_same_missing(missing):
    assert suppress_count(missing) is missing


def test_is_suppressed():
    assert is_suppressed("c") and not is_suppressed("C") and not is_suppressed(0)
    assert not is_suppressed(None)


# -- derived ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "bases", "shown"),
    [
        (0.0, (0, 40), 0.0),  # 0 of 40: nothing small, shown
        (7.5, (3, 40), c),  # 3 of 40: numerator small
        (75.0, (3, 4), c),  # both small
        (0.0, (0, 4), c),  # 0 of 4: denominator small
        (4.2, (3,), c),  # mean over 3 records
        (4.2, (6,), 4.2),  # mean over 6 records
        (12.5, (5, 40), c),  # 5 is still small
        (15.0, (6, 40), 15.0),  # 6 is not
        (80.0, (32, c), c),  # denominator hidden by secondary suppression
        (None, (None,), None),  # no records, no mean: stays missing
        (33.3, (), 33.3),  # nothing to judge by
    ],
)
def test_suppress_derived(value, bases, shown):
    assert suppress_derived(value, *bases) == shown


# -- one-column breakdowns --------------------------------------------------------------
@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        # One small (3): the smallest non-zero other, 8, goes too.
        ([10, 3, 8, 20], [10, c, c, 20]),
        # One small (2); 7 and 7 tie as smallest: the first in display order goes.
        ([7, 2, 7, 9], [c, c, 7, 9]),
        # Two small: neither can be worked out from the total, nothing more.
        ([4, 10, 2, 30], [c, 10, c, 30]),
        # Zeros are never chosen: 9 is the smallest non-zero.
        ([0, 3, 0, 9], [0, c, 0, c]),
        # All the others are zero: nothing to choose, stays single.
        ([0, 4, 0], [0, c, 0]),
        # Missing is never chosen either.
        ([None, 2, 12], [None, c, c]),
        ([None, 2], [None, c]),
        # No small count: unchanged.
        ([0, 6, 40], [0, 6, 40]),
        # A single category.
        ([3], [c]),
        ([], []),
    ],
)
def test_suppress_breakdown(counts, shown):
    assert suppress_breakdown(counts) == shown


def test_breakdown_keeps_the_values_it_shows():
    counts = [np.int64(12), 3, 40.0]
    shown = suppress_breakdown(counts)
    assert shown == [c, c, 40.0] and shown[2] is counts[2]


# -- tables -----------------------------------------------------------------------------
def test_table_row_choice_forces_a_column():
    # Rows and columns both carry totals. Pass 1, rows first:
    #   r0 [c 10 7]: one c → smallest of 10, 7 is 7            → [c 10 c]
    #   r1, r2: no c.
    # then columns:
    #   A [c 20 15]: one c → 15 (r2)                           → [c 20 c]
    #   B [10 8 12]: no c.
    #   C [c 30 9]: one c (r0's, from the row) → 9 (r2)        → [c 30 c]
    # Pass 2: r0 two c, r1 none, r2 [c 12 c] two; A two, B none, C two: stable.
    grid = [
        [c, 10, 7],
        [20, 8, 30],
        [15, 12, 9],
    ]
    assert suppress_table(grid) == [
        [c, 10, c],
        [20, 8, 30],
        [c, 12, c],
    ]


def test_table_needs_a_second_round():
    # Pass 1, rows:   r0 [c 9 6] → 6 goes                    → r0 [c 9 c]
    #         cols:   A [c 8 7] → 7 (r2) goes                 → r2 [c 25 35] single now
    #                 B [9 30 25]: no c
    #                 C [c 12 35] → 12 (r1) goes               → r1 [8 30 c] single now
    # Pass 2, rows:   r0 [c 9 c] two
    #                 r1 [8 30 c] → 8 goes                     → r1 [c 30 c]
    #                 r2 [c 25 35] → 25 goes                   → r2 [c c 35]
    #         cols:   A [c c c]; B [9 30 c] → 9 (r0) goes      → B [c 30 c]; C [c c 35]
    # Pass 3: every row and column has two or three c: stable.
    grid = [
        [c, 9, 6],
        [8, 30, 12],
        [7, 25, 35],
    ]
    assert suppress_table(grid) == [
        [c, c, c],
        [c, 30, c],
        [c, c, 35],
    ]


def test_only_lines_with_totals_count():
    grid = [
        [c, 10, 7],
        [20, 8, 30],
    ]
    # Rows only: r0 [c 10 7] → 7.
    assert suppress_table(grid, cols_with_totals=False) == [[c, 10, c], [20, 8, 30]]
    # Columns only: A [c 20] → 20.
    assert suppress_table(grid, rows_with_totals=False) == [[c, 10, 7], [c, 8, 30]]
    # Neither: nothing implies a total, nothing to protect.
    assert suppress_table(grid, False, False) == grid


def test_a_line_with_nothing_left_stays_single():
    # r0 [c 0 None]: no non-zero unsuppressed cell, stays. Columns only hold r0's c with
    # zeros/missing below (A [c 0]), or nothing suppressed.
    grid = [[c, 0, None], [0, 9, 9]]
    assert suppress_table(grid) == grid


def test_table_input_is_not_changed():
    grid = [[c, 10, 7], [20, 8, 30]]
    suppress_table(grid)
    assert grid == [[c, 10, 7], [20, 8, 30]]


def test_ragged_table_is_an_error():
    with pytest.raises(ValueError):
        suppress_table([[1, 2], [3]])


def test_table_lines_are_rows_then_columns_in_display_order():
    assert table_lines(2, 2) == [
        [(0, 0), (0, 1)],
        [(1, 0), (1, 1)],
        [(0, 0), (1, 0)],
        [(0, 1), (1, 1)],
    ]


# -- the property -----------------------------------------------------------------------
raw_cells = st.one_of(
    st.integers(min_value=0, max_value=12),  # 0, small and not small, in equal measure
    st.just(SUPPRESSED),  # hidden upstream
    st.none(),
)


@st.composite
def tables(draw):
    n_rows = draw(st.integers(min_value=0, max_value=5))
    n_cols = draw(st.integers(min_value=1, max_value=5))
    raw = [[draw(raw_cells) for _ in range(n_cols)] for _ in range(n_rows)]
    return [[suppress_count(v) for v in row] for row in raw]


def _lines(grid, rows, cols):
    n_cols = len(grid[0]) if grid else 0
    lines = []
    if rows:
        lines += [list(row) for row in grid]
    if cols:
        lines += [[row[j] for row in grid] for j in range(n_cols)]
    return lines


@settings(max_examples=400, deadline=None)
@given(tables(), st.booleans(), st.booleans())
def test_secondary_suppression_property(primary, rows, cols):
    shown = suppress_table(primary, rows, cols)
    assert len(shown) == len(primary)
    for before_row, after_row in zip(primary, shown):
        assert len(before_row) == len(after_row)
        for before, after in zip(before_row, after_row):
            # Primary-suppressed cells stay suppressed; nothing else changes but to c.
            if is_suppressed(before):
                assert is_suppressed(after)
            else:
                assert after is before or (is_suppressed(after) and before not in (0, None))
    # No line that carries a total has exactly one c, unless nothing is left to hide.
    for line in _lines(shown, rows, cols):
        if sum(is_suppressed(v) for v in line) == 1:
            assert all(is_suppressed(v) or v in (0, None) for v in line)
    # Stable: running it again changes nothing.
    assert suppress_table(shown, rows, cols) == shown


# -- breakdown rows with derived columns ------------------------------------------------
CONTACTS_SPEC = Spec(
    counts=("contacts", "decided", "within_1wd"),
    derived={"within_1wd_pct": ("decided", "within_1wd")},
    total_lines=("contacts", "decided"),
)


def test_suppress_rows_counts_then_secondary_then_derived():
    rows = [
        {"agency": "Police", "contacts": 40, "decided": 38, "within_1wd": 30, "within_1wd_pct": 78.9, "indicators": 2},
        {"agency": "Health", "contacts": 3, "decided": 3, "within_1wd": 3, "within_1wd_pct": 100.0, "indicators": 1},
        {"agency": "School", "contacts": 12, "decided": 10, "within_1wd": 0, "within_1wd_pct": 0.0, "indicators": 4},
        {"agency": "LA", "contacts": 25, "decided": 20, "within_1wd": 4, "within_1wd_pct": 20.0, "indicators": 3},
    ]
    # Primary: contacts [40 c 12 25]; decided [38 c 10 20]; within_1wd [30 c 0 c].
    # Secondary down contacts: one c → 12 (School); down decided: one c → 10 (School).
    #   within_1wd carries no total: stays [30 c 0 c].
    # Derived within_1wd_pct from decided and within_1wd:
    #   Police 38, 30 → 78.9 shown; Health c; School decided c → c (0 of a hidden 10
    #   would give the 10 back with any other figure); LA within_1wd c (4) → c.
    # Columns named nowhere (agency, indicators) pass through: indicators are never
    # suppressed.
    assert suppress_rows(rows, CONTACTS_SPEC) == [
        {"agency": "Police", "contacts": 40, "decided": 38, "within_1wd": 30, "within_1wd_pct": 78.9, "indicators": 2},
        {"agency": "Health", "contacts": c, "decided": c, "within_1wd": c, "within_1wd_pct": c, "indicators": 1},
        {"agency": "School", "contacts": c, "decided": c, "within_1wd": 0, "within_1wd_pct": c, "indicators": 4},
        {"agency": "LA", "contacts": 25, "decided": 20, "within_1wd": c, "within_1wd_pct": c, "indicators": 3},
    ]
    assert rows[1]["contacts"] == 3  # the input is not changed


def test_suppress_rows_without_a_shown_base_column():
    # within_1wd is a base but not a column of these rows: the percentage is judged by
    # decided alone. Secondary down contacts: [c 12 25] → 12 goes.
    rows = [
        {"agency": "Health", "contacts": 3, "decided": 30, "within_1wd_pct": 50.0},
        {"agency": "School", "contacts": 12, "decided": 10, "within_1wd_pct": 0.0},
        {"agency": "LA", "contacts": 25, "decided": 20, "within_1wd_pct": 20.0},
    ]
    assert suppress_rows(rows, CONTACTS_SPEC) == [
        {"agency": "Health", "contacts": c, "decided": 30, "within_1wd_pct": 50.0},
        {"agency": "School", "contacts": c, "decided": 10, "within_1wd_pct": 0.0},
        {"agency": "LA", "contacts": 25, "decided": 20, "within_1wd_pct": 20.0},
    ]


def test_suppress_rows_across_and_down():
    # Outcomes of contacts by agency: each row adds up to the agency's contacts, each
    # column to the outcome's total. Primary: Police [30 c 9]; Health [12 20 15].
    # Rows first: Police [30 c 9] → 9 goes → [30 c c]. Health: no c.
    # Columns: nfa [30 12] none; early_help [c 20] → 20 goes; s47 [c 15] → 15 goes.
    # Pass 2: Health [12 c c] two; every column two: stable.
    spec = Spec(
        counts=("nfa", "early_help", "s47"),
        total_lines=("nfa", "early_help", "s47"),
        across=("nfa", "early_help", "s47"),
    )
    rows = [
        {"agency": "Police", "nfa": 30, "early_help": 4, "s47": 9},
        {"agency": "Health", "nfa": 12, "early_help": 20, "s47": 15},
    ]
    assert suppress_rows(rows, spec) == [
        {"agency": "Police", "nfa": 30, "early_help": c, "s47": c},
        {"agency": "Health", "nfa": 12, "early_help": c, "s47": c},
    ]


def test_suppress_rows_without_a_total_column():
    # decided carries a total in the spec but these rows have no such column: the
    # contacts column alone is protected ([c 9] → 9 goes), no column is invented.
    rows = [{"agency": "Health", "contacts": 2}, {"agency": "LA", "contacts": 9}]
    assert suppress_rows(rows, CONTACTS_SPEC) == [
        {"agency": "Health", "contacts": c},
        {"agency": "LA", "contacts": c},
    ]


def test_suppress_rows_of_nothing():
    assert suppress_rows([], CONTACTS_SPEC) == []


@pytest.mark.parametrize(
    "kwargs",
    [
        {"counts": ("decided",), "derived": {"pct": ("decided", "within_1wd")}},
        {"counts": ("decided",), "total_lines": ("contacts",)},
        {"counts": ("decided",), "across": ("contacts",)},
    ],
)
def test_spec_names_every_base_and_total_among_its_counts(kwargs):
    with pytest.raises(ValueError):
        Spec(**kwargs)
