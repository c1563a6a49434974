"""The on-disk database (dashboard/data/store.py): each validated version of a folder is
its own DuckDB file, named by a fingerprint of everything that shapes it, opened
read-only on a restart and never used when it does not match."""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from dashboard.data import DatasetFolderError, dataset as dataset_module, load_dataset, store
from dashboard.filters import NO_FILTERS
from dashboard.metrics import summary
from dashboard.reload import DatasetHolder
from tests.validation_fixtures import make_folder, row

ROOT = Path(__file__).resolve().parents[1]


def folder_with_findings(tmp_path: Path) -> Path:
    """Findings of every kind: a quarantined row, a warning-free clean row, a row dated
    after as_of (a notice worked out at open), an unknown file."""
    folder = make_folder(tmp_path, rows={"mash_contacts": [
        row("mash_contacts"),
        row("mash_contacts", 2, decision="maybe"),                        # quarantined
        row("mash_contacts", 3, received_at="2024-06-03T10:00", decision="",
            decided_at=""),                                               # after as_of
    ]})
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    return folder


def builds(monkeypatch) -> list[Path]:
    """Records each build of a database (none when the cache is hit)."""
    seen: list[Path] = []
    real = dataset_module.build

    def counting(con, folder, *args, **kwargs):
        seen.append(folder)
        return real(con, folder, *args, **kwargs)

    monkeypatch.setattr(dataset_module, "build", counting)
    return seen


def localities(ds) -> list[str]:
    return [r[0] for r in ds.con.execute("SELECT locality FROM mash_contacts").fetchall()]


def db_files(cache: Path) -> list[Path]:
    return sorted((cache / "db").glob("*.duckdb"))


def test_a_restart_on_unchanged_files_opens_the_database_without_reading(tmp_path, monkeypatch):
    folder, cache = folder_with_findings(tmp_path), tmp_path / "cache"
    seen = builds(monkeypatch)
    first = load_dataset(folder, cache_dir=cache)
    second = load_dataset(folder, cache_dir=cache)
    assert len(seen) == 1
    assert first.database == second.database and db_files(cache) == [second.database]
    with pytest.raises(duckdb.Error):   # read-only: nothing may change a served version
        second.con.execute("DELETE FROM mash_contacts")
    assert summary(second, NO_FILTERS) == summary(load_dataset(folder), NO_FILTERS)


def test_a_restart_reads_no_unchanged_file_to_hash_it(tmp_path, monkeypatch):
    folder, cache = make_folder(tmp_path), tmp_path / "cache"
    load_dataset(folder, cache_dir=cache)
    monkeypatch.setattr(store, "_digests", {})     # a new process: digests.json only
    hashed = []
    real = store.hashlib.file_digest
    monkeypatch.setattr(store.hashlib, "file_digest",
                        lambda f, name: hashed.append(f.name) or real(f, name))
    load_dataset(folder, cache_dir=cache)
    assert hashed == []
    (folder / "audits.csv").write_text((folder / "audits.csv").read_text() + "\n")
    load_dataset(folder, cache_dir=cache)
    assert [Path(h).name for h in hashed] == ["audits.csv"]


def test_the_report_from_the_database_is_the_report_of_a_fresh_load(tmp_path):
    folder, cache = folder_with_findings(tmp_path), tmp_path / "cache"
    fresh = load_dataset(folder)
    load_dataset(folder, cache_dir=cache)
    cached = load_dataset(folder, cache_dir=cache)
    assert set(fresh.report["rule"]) >= {"code", "unknown_file", "after_as_of"} or \
        set(fresh.report["rule"]) >= {"unknown_file", "after_as_of"}
    assert (fresh.report["severity"] == "error").any()
    assert cached.report.equals(fresh.report)
    strip = lambda loads: [{k: v for k, v in f.items() if k != "loaded_at"} for f in loads]  # noqa: E731
    assert strip(cached.file_loads()) == strip(fresh.file_loads())
    assert cached.validation_counts() == fresh.validation_counts()
    # the notice of rows after as_of follows the as_of a set is opened under
    later = load_dataset(folder, as_of=dt.date(2024, 12, 31), cache_dir=cache)
    assert "after_as_of" not in set(later.report["rule"])
    assert later.database == cached.database


@pytest.mark.parametrize("change", ["data file", "partnership.toml", "new file", "versions"])
def test_a_cache_that_does_not_match_is_never_used(tmp_path, monkeypatch, change):
    folder, cache = make_folder(tmp_path), tmp_path / "cache"
    before = load_dataset(folder, cache_dir=cache)
    if change == "data file":
        path = folder / "mash_contacts.csv"
        stat = path.stat()
        # same size and modification time, in a new process (only digests.json known):
        # the change time, never set back, has it hashed again
        path.write_bytes(path.read_bytes().replace(b"North", b"South"))
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        monkeypatch.setattr(store, "_digests", {})
    elif change == "partnership.toml":
        toml = folder / "partnership.toml"
        toml.write_text(toml.read_text().replace("40000", "41000"))
    elif change == "new file":
        (folder / "extra.csv").write_text("x\n1\n")
    seen = builds(monkeypatch)
    if change == "versions":   # the package's, then DuckDB's
        monkeypatch.setattr(store, "package_version", lambda: "99.0")
        by_package = load_dataset(folder, cache_dir=cache)
        monkeypatch.setattr(store.duckdb, "__version__", "0.0.1")
        after = load_dataset(folder, cache_dir=cache)
        assert len(seen) == 2 and by_package.database not in (before.database, after.database)
    else:
        after = load_dataset(folder, cache_dir=cache)
        assert len(seen) == 1
    assert after.database != before.database
    if change == "data file":
        assert localities(after) == ["South"]
    if change == "partnership.toml":
        assert after.partnership.child_population == 41000


@pytest.mark.parametrize("damage", ["garbage", "foreign", "other fingerprint"])
def test_a_corrupt_or_foreign_file_is_ignored_and_built_again(tmp_path, monkeypatch, damage):
    folder, cache = make_folder(tmp_path), tmp_path / "cache"
    good = load_dataset(folder, cache_dir=cache)
    path = good.database
    expected = summary(good, NO_FILTERS)
    good.con.close()
    if damage == "garbage":
        path.write_bytes(b"not a database at all" * 100)
    else:
        path.unlink()
        con = duckdb.connect(str(path))
        con.execute("CREATE TABLE mash_contacts (x INTEGER)")
        if damage == "other fingerprint":
            con.execute(f"CREATE TABLE {store.META_TABLE} (key VARCHAR, value VARCHAR)")
            con.execute(f"INSERT INTO {store.META_TABLE} VALUES ('fingerprint', 'abc'), "
                        "('format', '1'), ('loaded', '{}')")
        con.close()
    seen = builds(monkeypatch)
    again = load_dataset(folder, cache_dir=cache)
    assert len(seen) == 1 and again.database == path
    assert summary(again, NO_FILTERS) == expected


def test_old_files_are_removed_keeping_the_newest(tmp_path):
    folder, cache = make_folder(tmp_path), tmp_path / "cache"
    paths = []
    for i in range(store.KEEP + 1):
        toml = folder / "partnership.toml"
        toml.write_text(toml.read_text().replace(f"child_population = {40000 + i - 1}"
                                                 if i else "child_population = 40000",
                                                 f"child_population = {40000 + i}"))
        paths.append(load_dataset(folder, cache_dir=cache).database)
        time.sleep(0.02)   # distinct modification times
    assert len(set(paths)) == store.KEEP + 1
    assert db_files(cache) == sorted(paths[-store.KEEP:])
    # a file left half-built by a process that died goes too
    dead = cache / "db" / f".{'0' * 40}.999999999.building.duckdb"
    dead.write_bytes(b"x")
    load_dataset(folder, cache_dir=cache)
    assert not dead.exists()


def test_a_reload_builds_the_next_file_and_switches_to_it(tmp_path):
    folder, cache = make_folder(tmp_path), tmp_path / "cache"
    holder = DatasetHolder(folder, loader=functools.partial(load_dataset, cache_dir=cache))
    first = holder.current
    csv = folder / "mash_contacts.csv"
    csv.write_text(csv.read_text().replace("North", "Westward"))
    assert holder.reload()
    second = holder.current
    assert second.database != first.database and second.database.exists()
    assert localities(second) == ["Westward"]
    # the set still being read by a request keeps answering from its own file
    assert localities(first) == ["North"]


def test_the_cache_folder_is_never_inside_the_data_folder(tmp_path):
    folder = make_folder(tmp_path)
    with pytest.raises(DatasetFolderError, match="inside the data folder"):
        load_dataset(folder, cache_dir=folder / "cache")


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=120)


def test_validate_and_summary_keep_and_reuse_the_database(tmp_path):
    folder, cache = folder_with_findings(tmp_path), tmp_path / "cache"
    first = run_cli("validate", str(folder), "--format", "json", "--cache-dir", str(cache))
    assert first.returncode == 1 and first.stderr == ""
    [path] = db_files(cache)
    built = path.stat().st_mtime_ns
    again = run_cli("validate", str(folder), "--format", "json", "--cache-dir", str(cache))
    assert again.stdout == first.stdout and db_files(cache) == [path]
    fresh = load_dataset(folder)   # the same report as a load without the database
    assert len(json.loads(first.stdout)["findings"]) == len(fresh.report)
    out = run_cli("summary", str(folder), "--cache-dir", str(cache))
    assert out.returncode == 0 and json.loads(out.stdout)["mash"]["contacts"] == 1
    assert db_files(cache) == [path] and path.stat().st_mtime_ns >= built


def test_a_bad_cache_folder_is_one_line_and_exit_2(tmp_path):
    # (a cache folder inside the data folder: test_the_cache_folder_is_never_inside…)
    folder = make_folder(tmp_path)
    (tmp_path / "plain").write_text("x")
    out = run_cli("summary", str(folder), "--cache-dir", str(tmp_path / "plain"))
    words = "cannot be created"
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.count("\n") == 1 and words in out.stderr, out.stderr


def test_workers_starting_together_build_the_database_once(tmp_path, monkeypatch):
    # gunicorn workers start at once: one builds under the lock, the others wait and
    # open its file (threads stand in for processes: flock locks each open of the file)
    import threading

    folder, cache = make_folder(tmp_path), tmp_path / "cache"
    seen = builds(monkeypatch)
    results, errors = [], []

    def start():
        try:
            results.append(load_dataset(folder, cache_dir=cache).database)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == [] and len(seen) == 1
    assert len(set(results)) == 1 and db_files(cache) == [results[0]]
