"""The pandas peer of the benchmark (benchmarks/pandas_peer.py) computes the same eight
front-door figures as `summary`: otherwise the comparison in README "Performance" would
time two different things."""
from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from dashboard.data import load_dataset
from dashboard.filters import NO_FILTERS
from dashboard.metrics import mash_section
from dashboard.settings import demo_folder

PEER = Path(__file__).resolve().parents[1] / "benchmarks" / "pandas_peer.py"


@pytest.fixture(scope="module")
def peer():
    spec = importlib.util.spec_from_file_location("pandas_peer", PEER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("to, start", [
    ("2024-03-31", "2023-04-01"), ("2024-02-29", "2023-03-01"),
    ("2025-02-28", "2024-03-01"), ("2024-02-28", "2023-02-28")])
def test_rolling_year_as_metrics_md(peer, to, start):
    assert peer.rolling_year_start(dt.date.fromisoformat(to)) == dt.date.fromisoformat(start)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, peer):
    folder = demo_folder()
    parquet = tmp_path_factory.mktemp("peer") / "contacts.parquet"
    peer.prepare(str(folder / "mash_contacts.csv"), str(parquet))
    return load_dataset(folder), parquet


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 12, 29), dt.date(2024, 5, 7)])
def test_peer_figures_equal_summary_on_the_demo(peer, demo, as_of):
    # as_of after Christmas and after the May bank holiday: the working-day clock counts
    # bank holidays in both implementations (summary's "mash" is mash_section)
    ds, parquet = demo
    as_of = as_of or ds.as_of
    ours = mash_section(ds, NO_FILTERS, as_of)
    theirs = peer.figures(str(parquet), as_of, ds.partnership.bank_holidays)
    assert set(theirs) == set(ours)
    for key, value in ours.items():
        assert theirs[key] == pytest.approx(value, rel=1e-12), key
