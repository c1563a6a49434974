"""Query results shared by the workers (dashboard/data/results.py, issue 11): a dataset
kept on disk answers a query another worker already ran on the same version of the data,
with the same query text and parameters, from `<cache>/results`, and never otherwise."""
from __future__ import annotations

import datetime as dt
import stat

import pandas as pd

from dashboard.data import dataset as dataset_module, load_dataset
from dashboard.filters import NO_FILTERS
from dashboard.metrics import summary
from tests.validation_fixtures import make_folder, row


def _two_workers(tmp_path, folder):
    cache = tmp_path / "cache"
    return load_dataset(folder, cache_dir=cache), load_dataset(folder, cache_dir=cache)


def test_a_second_worker_reads_the_result_instead_of_running_the_query(tmp_path):
    folder = make_folder(tmp_path)
    first, second = _two_workers(tmp_path, folder)
    a = first.run("mash_figures", NO_FILTERS, breakdown="none")
    b = second.run("mash_figures", NO_FILTERS, breakdown="none")
    assert first.queries_run["mash_figures"] == 1
    assert second.queries_run["mash_figures"] == 0 and second.results.hits == 1
    pd.testing.assert_frame_equal(a, b)
    # the whole summary, read from the shared results, equals the one worked out
    assert summary(second, NO_FILTERS) == summary(first, NO_FILTERS)
    mode = stat.S_IMODE((tmp_path / "cache" / "results").stat().st_mode)
    assert mode == 0o700


def test_other_parameters_run_the_query(tmp_path):
    folder = make_folder(tmp_path)
    first, second = _two_workers(tmp_path, folder)
    first.run("mash_figures", NO_FILTERS, breakdown="none")
    second.run("mash_figures", NO_FILTERS, breakdown="month")
    second.run("mash_figures", NO_FILTERS, breakdown="none", as_of=dt.date(2024, 3, 1))
    assert second.queries_run["mash_figures"] == 2 and second.results.hits == 0


def test_a_new_version_of_the_data_is_never_answered_from_the_old(tmp_path):
    folder = make_folder(tmp_path)
    cache = tmp_path / "cache"
    old = load_dataset(folder, cache_dir=cache)
    before = old.run("mash_figures", NO_FILTERS, breakdown="none")
    make_folder(tmp_path, rows={"mash_contacts": [row("mash_contacts"),
                                                 row("mash_contacts", 2)]})
    new = load_dataset(folder, cache_dir=cache)
    after = new.run("mash_figures", NO_FILTERS, breakdown="none")
    assert new.results.hits == 0
    assert int(after["contacts"].iloc[0]) == int(before["contacts"].iloc[0]) + 1


def test_a_changed_query_text_is_run_again(tmp_path, monkeypatch):
    folder = make_folder(tmp_path)
    first, second = _two_workers(tmp_path, folder)
    first.run("priority_areas")
    original = dataset_module.query_text
    monkeypatch.setattr(dataset_module, "query_text",
                        lambda name: original(name) + "\n-- changed\n")
    second.run("priority_areas")
    assert second.results.hits == 0 and second.queries_run["priority_areas"] == 1


def test_a_broken_cache_costs_the_sharing_not_the_answer(tmp_path):
    folder = make_folder(tmp_path)
    first, second = _two_workers(tmp_path, folder)
    expected = first.run("mash_figures", NO_FILTERS, breakdown="none")

    class Broken:
        def get(self, key):
            raise OSError("disk I/O error")

        def set(self, key, value):
            raise OSError("database or disk is full")

    second.results._cache = Broken()
    pd.testing.assert_frame_equal(second.run("mash_figures", NO_FILTERS, breakdown="none"),
                                  expected)


def test_a_dataset_in_memory_shares_nothing(tmp_path):
    ds = load_dataset(make_folder(tmp_path))
    assert ds.results is None
    ds.run("priority_areas")
    ds.run("priority_areas")
    assert ds.queries_run["priority_areas"] == 2


def test_a_page_of_records_is_shared_and_a_whole_download_is_not(tmp_path):
    folder = make_folder(tmp_path)
    first, second = _two_workers(tmp_path, folder)
    a = first.run_table("mash_contact_rows", NO_FILTERS, view="all", sort="received_at",
                        descending=True, limit=25)
    b = second.run_table("mash_contact_rows", NO_FILTERS, view="all", sort="received_at",
                         descending=True, limit=25)
    assert second.queries_run["mash_contact_rows"] == 0 and second.results.hits == 1
    pd.testing.assert_frame_equal(a[0], b[0])
    assert a[1] == b[1]
    # another sort is another page; a download (no limit) always runs
    second.run_table("mash_contact_rows", NO_FILTERS, view="all", sort="received_at",
                     limit=25)
    first.run_table("mash_contact_rows", NO_FILTERS, view="all")
    second.run_table("mash_contact_rows", NO_FILTERS, view="all")
    assert second.queries_run["mash_contact_rows"] == 2


def test_a_results_folder_that_cannot_be_used_costs_the_sharing_only(tmp_path):
    folder = make_folder(tmp_path)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "results").write_text("not a folder")      # a FileExistsError before
    ds = load_dataset(folder, cache_dir=cache)
    assert ds.results is None and ds.database is not None
    assert len(ds.run("mash_figures", NO_FILTERS, breakdown="none")) == 1
