"""mash_figures reads the period's contacts from one of two tables built with the
database (issue 11): each contact (mash_contacts_prepared) when a dimension filter is set
or the breakdown is by a dimension, else their counts per day (mash_contacts_daily).
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
