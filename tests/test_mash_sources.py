"""mash_figures reads the period's contacts from tables built with the database (issue
11): when a dimension filter is set or the breakdown is by a dimension, the counts of
each settled month (mash_contacts_monthly) and each other contact one by one
(mash_contacts_prepared), else their counts per day (mash_contacts_daily).
Both must give the same figures: a filter that lets every contact through (every agency
code) forces the first, no filter the second, on the bundled demo at many as_of dates,
periods and breakdowns (the hand-worked tests in test_metrics_mash.py pin each figure)."""
from __future__ import annotations

import datetime as dt
import math
import random
from pathlib import Path

import pytest

from dashboard.data import load_dataset

DEMO = Path(__file__).resolve().parent.parent / "datasets" / "demo"


@pytest.fixture(scope="module")
def demo():
    return load_dataset(DEMO)


def _rows(frame):
    return [tuple(None if isinstance(v, float) and math.isnan(v) else
                  round(v, 9) if isinstance(v, float) else v for v in row)
            for row in frame.itertuples(index=False)]


def test_daily_counts_and_each_contact_give_the_same_figures(demo):
    agencies = [r[0] for r in demo.con.execute(
        "SELECT DISTINCT referrer_agency FROM mash_contacts_prepared").fetchall()]
    rng = random.Random(11)
    last = demo.as_of
    checked = 0
    for _ in range(24):
        as_of = last - dt.timedelta(days=rng.randint(0, 900))
        date_from = None if rng.random() < 0.25 else as_of - dt.timedelta(days=rng.randint(0, 700))
        date_to = min(as_of, (date_from or as_of) + dt.timedelta(days=rng.randint(0, 700)))
        breakdown = rng.choice(["none", "month", "quarter", "decision"])
        common = dict(as_of=as_of, date_from=date_from, date_to=date_to, breakdown=breakdown)
        daily = demo.run("mash_figures", **common)
        each = demo.run("mash_figures", agency=agencies, **common)
        assert _rows(daily) == _rows(each), common
        checked += len(daily)
    assert checked > 100          # the comparison saw real figures, not empty frames


def test_the_daily_table_counts_every_contact(demo):
    n_contacts, = demo.con.execute("SELECT count(*) FROM mash_contacts").fetchone()
    n_daily, lines = demo.con.execute(
        "SELECT sum(n), count(*) FROM mash_contacts_daily").fetchone()
    n_open, = demo.con.execute("SELECT count(*) FROM mash_contacts_undecided").fetchone()
    assert n_daily == n_contacts == n_open
    assert lines < n_contacts     # it is worth reading: fewer lines than contacts


def test_every_breakdown_at_once_equals_each_on_its_own(demo):
    """breakdown 'all' (the front-door page's eight tables from one reading) gives each
    breakdown's rows exactly as asking for that breakdown alone, filtered or not."""
    agencies = sorted(r[0] for r in demo.con.execute(
        "SELECT DISTINCT referrer_agency FROM mash_contacts_prepared").fetchall())
    rng = random.Random(5)
    checked = 0
    for _ in range(10):
        as_of = demo.as_of - dt.timedelta(days=rng.randint(0, 600))
        date_from = None if rng.random() < 0.2 else as_of - dt.timedelta(days=rng.randint(0, 700))
        common = dict(as_of=as_of, date_from=date_from, date_to=as_of,
                      agency=rng.choice([None, agencies[:2], agencies[2:3]]))
        together = demo.run("mash_figures", breakdown="all", **common)
        assert set(together["breakdown"]) <= set(ALL_BREAKDOWNS)
        for breakdown in ALL_BREAKDOWNS:
            alone = demo.run("mash_figures", breakdown=breakdown, **common)
            mine = together[together["breakdown"] == breakdown].reset_index(drop=True)
            assert _rows(mine) == _rows(alone), (breakdown, common)
            checked += len(alone)
    assert checked > 300


ALL_BREAKDOWNS = ("none", "month", "referrer_agency", "decision", "primary_concern",
                  "age_band", "screening_rag", "locality")


def test_record_pages_are_the_querys_rows_sorted_then_cut(demo):
    """run_table sorts and pages around the query (its own order breaking ties, as a
    stable sort of the whole result would) whichever way the page is asked for."""
    from dashboard.filters import parse_filters

    f = parse_filters({"from": "all"}, demo)
    whole, total = demo.run_table("mash_contact_rows", f, view="all")
    assert total == len(whole) > 1000
    for sort, descending, offset in [(None, False, 0), (None, False, 1000),
                                     ("age_band", False, 0), ("age_band", True, 475),
                                     ("decided_at", True, 0), ("decided_at", False, 30),
                                     ("locality", False, 125)]:
        page, n = demo.run_table("mash_contact_rows", f, view="all", sort=sort,
                                 descending=descending, limit=25, offset=offset)
        expected = whole
        if sort is not None:    # nulls last either way; ties keep the query's order
            expected = whole.sort_values(sort, ascending=not descending, kind="stable",
                                         na_position="last")
        expected = expected.iloc[offset:offset + 25].reset_index(drop=True)
        assert n == total
        assert _rows(page) == _rows(expected), (sort, descending, offset)


def test_an_order_the_query_cannot_take_around_it_is_kept_inside():
    from dashboard.data.dataset import split_order

    text = "SELECT a, b FROM t\nORDER BY a DESC NULLS LAST, b"
    assert split_order(text, ["a", "b"]) == ("SELECT a, b FROM t", ["a DESC NULLS LAST", "b"])
    # an expression, a qualified name or a column not in the output: left as it is
    for order in ("lower(a)", "t.a", "c"):
        assert split_order(f"SELECT a FROM t\nORDER BY {order}", ["a"])[1] is None
    assert split_order("SELECT a FROM t", ["a"])[1] is None
    assert split_order("SELECT DISTINCT ON (a) a FROM t\nORDER BY a", ["a"])[1] is None


@pytest.mark.parametrize("query, names", [
    ("audit_figures", ("none", "quarter", "month", "area_id", "agency", "audit_type", "grade")),
    ("action_figures", ("none", "source_type", "owner", "area_id", "subgroup", "status")),
    ("training_figures", ("none", "month", "quarter", "attendee_agency", "course", "mode",
                          "area_id", "rating", "impact")),
])
def test_the_other_pages_breakdowns_at_once_equal_each_on_its_own(demo, query, names):
    from dashboard.filters import parse_filters

    checked = 0
    for address in ({}, {"from": "all"}, {"agency": "police", "from": "2024-01-01"},
                    {"area": "neglect"}):
        f = parse_filters(address, demo)
        together = demo.run(query, f, breakdown="all")
        assert set(together["breakdown"]) <= set(names)
        for name in names:
            alone = demo.run(query, f, breakdown=name)
            mine = together[together["breakdown"] == name].reset_index(drop=True)
            assert _rows(mine) == _rows(alone), (query, name, address)
            checked += len(alone)
    assert checked > 50


BUILD = Path(__file__).resolve().parent.parent / "queries" / "build"


def test_settled_months_and_each_contact_give_the_same_figures():
    """A settled month is read as counts (mash_contacts_monthly, by dimension, or its
    totals) and the rest of the period contact by contact (or day by day); with no
    month read as counts (mash_settles always false)
    the figures must be the same. The demo's contacts are all decided within days, so
    some are made late (decided 61 to 200 days after receipt, some after as_of) and
    some have a decision and no decision time, and the tables are built again."""
    ds = load_dataset(DEMO)
    con = ds.con
    con.execute("""
        UPDATE mash_contacts_prepared SET decided_on_any = CASE
            WHEN hash(contact_id) % 10 = 0 THEN received_on + 61 + CAST(hash(contact_id) % 140 AS INTEGER)
            WHEN hash(contact_id) % 50 = 1 THEN NULL
            ELSE decided_on_any END
        WHERE decision IS NOT NULL""")
    late, = con.execute("SELECT count(*) FROM mash_contacts_prepared "
                        "WHERE NOT mash_settles(decision, decided_on_any, received_on)").fetchone()
    assert late > 1000
    con.execute("DROP TABLE mash_contacts_monthly; DROP TABLE mash_contacts_monthly_totals; "
                "DROP TABLE mash_contacts_daily; DROP TABLE mash_contacts_undecided; "
                "DROP MACRO mash_settles")
    con.execute((BUILD / "mash_contacts_summaries.sql").read_text(encoding="utf-8"))
    agencies = sorted(r[0] for r in con.execute(
        "SELECT DISTINCT referrer_agency FROM mash_contacts_prepared").fetchall())
    rng = random.Random(3)
    cases = []
    for _ in range(40):
        as_of = ds.as_of - dt.timedelta(days=rng.choice([0, rng.randint(0, 800)]))
        date_from = (None if rng.random() < 0.2 else
                     as_of - dt.timedelta(days=rng.randint(0, 900)))
        if date_from is not None and rng.random() < 0.4:
            date_from = date_from.replace(day=1)          # a whole first month
        date_to = min(as_of, (date_from or as_of) + dt.timedelta(days=rng.randint(0, 900)))
        if rng.random() < 0.4:
            date_to = date_to.replace(day=1) - dt.timedelta(days=1)   # a whole last month
        if date_from is not None and date_to < date_from:
            date_to = as_of
        cases.append(dict(as_of=as_of, date_from=date_from, date_to=date_to,
                          agency=rng.choice([None, agencies, agencies[:3]]),
                          breakdown=rng.choice(["all", "none", "month", "quarter"])))
    with_months = [ds.run("mash_figures", **c) for c in cases]
    read, = con.execute("SELECT count(*) FROM mash_contacts_monthly").fetchone()
    totals, = con.execute("SELECT count(*) FROM mash_contacts_monthly_totals").fetchone()
    assert read > 1000 and totals > 100
    con.execute("CREATE OR REPLACE MACRO mash_settles(decision, decided_on_any, received_on) "
                "AS false; DELETE FROM mash_contacts_monthly; "
                "DELETE FROM mash_contacts_monthly_totals")
    checked = 0
    for case, frame in zip(cases, with_months):
        assert _rows(frame) == _rows(ds.run("mash_figures", **case)), case
        checked += len(frame)
    assert checked > 500
