"""Issue 10, Build 4: the bad-input corpus.

Each case spoils a copy of the app's good fixture folder (fixtures_app) in one way. Every
folder is run through `validate` and `summary` (the command line, in this process) and
the app's Flask test client (the Overview, an area page, the deep dive that reads the
spoiled file, the data-quality page and a download): never a traceback, never a 500,
and every row of every file either kept or reported. A folder-level failure (a broken
partnership.toml, two files for one stem) is one line and exit 2, and the app refuses
to start with the same DatasetFolderError.

The folder is loaded once per case: the commands get that dataset from a stand-in for
load_dataset (what they do with it is what is under test; loading is tested directly).
"""
from __future__ import annotations

import csv
import io
import json
import logging
import os
import random
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

import dashboard.data as data_pkg
from dashboard.__main__ import main
from dashboard.app import create_app
from dashboard.data import DatasetFolderError, load_dataset
from dashboard.data import contract as C
from fixtures_app import write_fixture

# the deep dive (page, download) that reads each file; others are read by the Overview
DEEP_DIVE = {
    "mash_contacts": ("/front-door", "front-door/records"),
    "actions": ("/actions", "actions/tracker"),
    "audits": ("/audits", "audits/records"),
    "training": ("/training", "training/records"),
    "case_reviews": ("/case-reviews", "case-reviews/reviews"),
    "contributions": ("/funding", "funding/by-partner"),
}
DEFAULT_DEEP_DIVE = ("/actions", "actions/tracker")


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("good") / "data")


# ---- ways to spoil a file ------------------------------------------------------------
def text_of(folder: Path, name: str) -> str:
    return (folder / name).read_bytes().decode("utf-8")   # line endings as written


def edit(name: str, change):
    """A case that rewrites the text of `name` with change(text)."""
    def build(folder: Path):
        path = folder / name
        path.write_bytes(change(text_of(folder, name)).encode("utf-8"))
    return build


def put(name: str, content: bytes | str):
    def build(folder: Path):
        (folder / name).write_bytes(content.encode() if isinstance(content, str) else content)
    return build


def encode(name: str, encoding: str, bom: bytes = b""):
    def build(folder: Path):
        text = text_of(folder, name).replace("North", "Nørth Côte")
        (folder / name).write_bytes(bom + text.encode(encoding))
    return build


def lines(name: str, change):
    """change(list of lines) -> list of lines (CRLF kept)."""
    return edit(name, lambda t: "\r\n".join(change(t.split("\r\n"))))


def cell(name: str, row: int, column: str, value: str):
    """Row `row` (1 = first data row) gets `value` in `column`."""
    def build(folder: Path):
        path = folder / name
        with path.open(newline="", encoding="utf-8") as f:
            records = list(csv.reader(f))
        records[row][records[0].index(column)] = value
        buf = io.StringIO()
        csv.writer(buf).writerows(records)
        path.write_bytes(buf.getvalue().encode("utf-8"))
    return build


def to_parquet(name: str, then=None):
    """`name` written as Parquet instead (all text columns), then optionally spoiled."""
    def build(folder: Path):
        csv_path = folder / name
        table = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in text_of(folder, name).split("\r\n")[0].split(",")}))
        parquet = csv_path.with_suffix(".parquet")
        pq.write_table(table, parquet)
        csv_path.unlink()
        if then:
            then(parquet, table)
    return build


def truncate(path: Path, _table):
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def nest(path: Path, table: pa.Table):
    i = table.schema.get_field_index("owner")
    pq.write_table(table.set_column(i, "owner", pa.array([[v] for v in table.column(i).to_pylist()])),
                   path)


def remove(name: str):
    return lambda folder: (folder / name).unlink()


def replace_entry(name: str, kind: str):
    def build(folder: Path):
        path = folder / name
        if kind == "outside":
            outside = folder.parent / f"outside-{name}"
            path.rename(outside)
            path.symlink_to(outside)
            return
        path.unlink()
        if kind == "folder":
            path.mkdir()
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "dangling":
            path.symlink_to(folder / "nothing-here.csv")
    return build


def toml(change):
    return edit("partnership.toml", change)


def both(*builds):
    def build(folder: Path):
        for b in builds:
            b(folder)
    return build


RANDOM = random.Random(10)
GARBAGE = bytes(RANDOM.randrange(256) for _ in range(4000))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(40)
LONG = "x" * (200 * 1024)
EXTRA_ROW = lambda ls: ls[:2] + [ls[2] + ",surplus,cells"] + ls[3:]   # noqa: E731
SHORT_ROW = lambda ls: ls[:2] + [ls[2].split(",")[0]] + ls[3:]       # noqa: E731

# name -> (build, stem spoiled or None, folder-level failure expected)
CASES = {
    # truncated and empty files
    "truncated csv": (edit("mash_contacts.csv", lambda t: t[: len(t) // 2]), "mash_contacts", False),
    "truncated inside a quote": (edit("actions.csv", lambda t: t[: t.index('"x') + 3]), "actions", False),
    "truncated parquet": (to_parquet("audits.csv", truncate), "audits", False),
    "empty file": (put("actions.csv", b""), "actions", False),
    "blank lines only": (put("actions.csv", "\r\n \r\n\r\n"), "actions", False),
    "header only": (lines("mash_contacts.csv", lambda ls: ls[:1]), "mash_contacts", False),
    "required file empty": (put("priority_areas.csv", b""), "priority_areas", False),
    "required file absent": (remove("indicator_catalogue.csv"), "indicator_catalogue", False),
    # encodings
    "UTF-16 LE with BOM": (encode("mash_contacts.csv", "utf-16-le", b"\xff\xfe"), "mash_contacts", False),
    "UTF-16 BE without BOM": (encode("training.csv", "utf-16-be"), "training", False),
    "Latin-1": (encode("mash_contacts.csv", "latin-1"), "mash_contacts", False),
    "UTF-8 BOM": (encode("audits.csv", "utf-8", b"\xef\xbb\xbf"), "audits", False),
    "binary garbage": (put("audits.csv", GARBAGE), "audits", False),
    "a PNG named .csv": (put("training.csv", PNG), "training", False),
    "NUL in one cell": (cell("mash_contacts.csv", 5, "locality", "No\x00rth"), "mash_contacts", False),
    # headers and columns
    "duplicate header": (lines("audits.csv", lambda ls: [ls[0].replace("grade", "audited_on")] + ls[1:]), "audits", False),
    "missing required column": (lines("actions.csv", lambda ls: [ls[0].replace("due_on", "due")] + ls[1:]), "actions", False),
    "extra column": (lines("training.csv", lambda ls: [l + ",extra" if l else l for l in ls]), "training", False),
    "header in capitals and spaces": (lines("audits.csv", lambda ls: [" " + ls[0].upper().replace(",", " , ")] + ls[1:]), "audits", False),
    "a row with extra cells": (lines("mash_contacts.csv", EXTRA_ROW), "mash_contacts", False),
    "a row with too few cells": (lines("mash_contacts.csv", SHORT_ROW), "mash_contacts", False),
    "wrong delimiter": (edit("training.csv", lambda t: t.replace(",", ";")), "training", False),
    "tab delimiter": (edit("case_reviews.csv", lambda t: t.replace(",", "\t")), "case_reviews", False),
    # cells
    "a huge field": (cell("actions.csv", 2, "recommendation", LONG), "actions", False),
    "quoted newlines": (cell("actions.csv", 1, "recommendation", "line one\r\nline two\rthree\n"), "actions", False),
    "unclosed quote": (lines("audits.csv", lambda ls: ls[:3] + ['"' + ls[3]] + ls[4:]), "audits", False),
    "stray quote inside a cell": (cell("actions.csv", 3, "owner", 'Po"lice'), "actions", False),
    "CR-only line endings": (edit("mash_contacts.csv", lambda t: t.replace("\r\n", "\r")), "mash_contacts", False),
    "mixed line endings": (edit("actions.csv", lambda t: t.replace("\r\n", "\n", 2)), "actions", False),
    "formula and markup in text": (cell("actions.csv", 1, "owner", "=cmd|'/c calc'!A1<script>alert(1)</script>"), "actions", False),
    "bidi and zero-width text": (cell("audits.csv", 2, "theme", "\u202eevil\u200b\ufeff"), "audits", False),
    # dates and numbers
    "date 0000-00-00": (cell("actions.csv", 1, "due_on", "0000-00-00"), "actions", False),
    "date 2024-02-30": (cell("audits.csv", 1, "audited_on", "2024-02-30"), "audits", False),
    "date 10000-01-01": (cell("case_reviews.csv", 1, "aware_on", "10000-01-01"), "case_reviews", False),
    "date 9999-12-31": (cell("actions.csv", 2, "due_on", "9999-12-31"), "actions", False),
    "date-time garbage": (cell("mash_contacts.csv", 3, "received_at", "2024-13-45T25:61"), "mash_contacts", False),
    "negative count": (cell("case_reviews.csv", 1, "recommendations", "-2"), "case_reviews", False),
    "negative indicator count": (lines("indicators.csv", lambda ls: ls + ["yj_knife_offences,2024-01-01,-5,,"]), "indicators", False),
    "huge numbers": (cell("contributions.csv", 1, "amount_gbp", "99999999999999999999999.99"), "contributions", False),
    "infinity": (cell("training.csv", 1, "fee_gbp", "1e400"), "training", False),
    "duplicate keys": (lines("mash_contacts.csv", lambda ls: ls[:3] + [ls[1]] * 3 + ls[3:]), "mash_contacts", False),
    "rows after as_of": (cell("audits.csv", 1, "audited_on", "2030-01-01"), "audits", False),
    # not files
    "a folder named like a file": (replace_entry("mash_contacts.csv", "folder"), "mash_contacts", False),
    "a FIFO named like a file": (replace_entry("actions.csv", "fifo"), "actions", False),
    "a dangling symlink": (replace_entry("audits.csv", "dangling"), "audits", False),
    "a symlink out of the folder": (replace_entry("training.csv", "outside"), "training", False),
    # Parquet
    "nested Parquet column": (to_parquet("actions.csv", nest), "actions", False),
    "Parquet instead of CSV": (to_parquet("mash_contacts.csv"), "mash_contacts", False),
    # the folder
    "broken partnership.toml": (toml(lambda t: t + "\nname = [unclosed\n"), None, True),
    "partnership.toml bad values": (toml(lambda t: t.replace("30000", "-3").replace("2024-03-31", "2024-02-30")), None, True),
    "partnership.toml in UTF-16": (encode("partnership.toml", "utf-16"), None, True),
    "partnership.toml a folder": (both(remove("partnership.toml"), lambda f: (f / "partnership.toml").mkdir()), None, True),
    "two files for one stem": (to_parquet("audits.csv", lambda p, t: shutil.copy(p, p.with_suffix(".csv"))), None, True),
    "as_of years off": (toml(lambda t: t.replace("2024-03-31", "2019-01-31")), None, False),
}


# ---- the checks ----------------------------------------------------------------------
def expected_rows(path: Path) -> int | None:
    """Data rows in a CSV counted independently of the reader (None when not text)."""
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    csv.field_size_limit(1 << 30)
    records = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    return max(len(records) - 1, 0)


def check_rows_accounted(ds) -> None:
    """Every row read is kept or quarantined, each quarantined row has an error naming
    it, and a CSV's rows read are its data rows; an unavailable file has a file-level
    error (or is optional and absent)."""
    report = ds.report
    for spec in C.FILES:
        stem = spec.stem
        path = ds.sources.get(stem)
        if not ds.available(stem):
            if path is None:
                assert spec.required_file is False or any(
                    report["file"].str.startswith(stem) & (report["severity"] == "error")), stem
                continue
            level = report[(report["file"] == path.name) & report["row"].isna()
                           & (report["severity"] == "error")]
            assert len(level), f"{path.name} unavailable without a file-level error"
            assert "not supplied" not in ds.unavailable_reason(stem)
            continue
        read = ds.file_stats[stem]["rows_read"]
        kept = ds.con.execute(f"SELECT count(*) FROM {stem}").fetchall()[0][0]
        quarantined = {r for r, in ds.con.execute(f"SELECT _row FROM quarantined_{stem}").fetchall()}
        assert kept + len(quarantined) == read, stem
        error_rows = set(report[(report["file"] == path.name) & (report["severity"] == "error")
                                & report["row"].notna()]["row"].astype(int))
        assert error_rows == quarantined, stem
        if path.suffix == ".csv":
            assert read == expected_rows(path), stem


def run_cli(monkeypatch, capsys, ds, *argv) -> tuple[int, str, str]:
    if ds is not None:
        monkeypatch.setattr(data_pkg, "load_dataset", lambda folder, as_of=None, **cache: ds)
    code = main(list(argv))
    out = capsys.readouterr()
    monkeypatch.undo()
    return code, out.out, out.err


def no_traceback_logged(caplog) -> None:
    bad = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert not bad, [r.getMessage() for r in bad]


def route(app, path: str) -> int:
    callback = next(k for k in app.callback_map if "_pages_content.children" in k)
    body = {"output": callback,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": path},
                       {"id": "_pages_location", "property": "search", "value": ""}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code == 200, (path, response.data[:300])
    return response.status_code


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_never_crashes_and_loses_no_row(case, good, tmp_path, monkeypatch, capsys,
                                                  caplog):
    build, stem, folder_level = CASES[case]
    folder = tmp_path / "data"
    shutil.copytree(good, folder, symlinks=True)
    build(folder)
    caplog.set_level(logging.WARNING)
    if folder_level:
        with pytest.raises(DatasetFolderError):
            load_dataset(folder)
        for command in ("validate", "summary"):
            code, out, err = run_cli(monkeypatch, capsys, None, command, str(folder))
            assert code == 2 and out == "" and err.count("\n") == 1, (command, err)
        with pytest.raises(DatasetFolderError):
            create_app(folder)
        no_traceback_logged(caplog)
        return

    ds = load_dataset(folder)
    check_rows_accounted(ds)
    if stem is not None and stem != "indicators":
        spoiled = [r for r in ds.report.to_dict("records") if str(r["file"]).startswith(stem)]
        assert spoiled or ds.available(stem), f"{case}: nothing said about {stem}"

    code, out, err = run_cli(monkeypatch, capsys, ds, "validate", str(folder))
    assert code in (0, 1) and err == "" and "Traceback" not in out
    assert code == int(bool((ds.report["severity"] == "error").any()))
    code, out, err = run_cli(monkeypatch, capsys, ds, "validate", str(folder), "--format", "json")
    assert code in (0, 1) and json.loads(out)["errors"] == int((ds.report["severity"] == "error").sum())
    code, out, err = run_cli(monkeypatch, capsys, ds, "summary", str(folder))
    assert code == 0 and err == "", err
    json.loads(out)

    app = create_app(dataset=ds)
    page, download = DEEP_DIVE.get(stem, DEFAULT_DEEP_DIVE)
    area = "/area/online_harm"
    for path in ("/", area, page, "/data-quality"):
        route(app, path)
    client = app.server.test_client()
    response = client.get(f"/download/{download}.csv")
    assert response.status_code in (200, 404), response.data[:300]
    if response.status_code == 200:
        for line in csv.reader(io.StringIO(response.get_data(as_text=True))):
            assert not any(c[:1] in ("=", "+", "-", "@") and not _number(c) for c in line), line
    no_traceback_logged(caplog)


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False
