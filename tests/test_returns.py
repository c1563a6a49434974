"""dashboard/returns.py: a return checked before anything changes, written atomically in
the folder's format, every earlier file kept as a version with a line in the log
(product.md "Data returns through the browser")."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import threading
from pathlib import Path

import pytest

from dashboard import returns as R
from dashboard.auth import User
from dashboard.data import load_dataset
from metric_fixtures import catalogue_row, monthly_rows, write_dataset

NOW = dt.datetime(2024, 4, 2, 9, 15, 0, tzinfo=dt.timezone.utc)
OFFICER = User(name="asha.patel", public_only=False, agency="police", uploads=("indicators",
                                                                                "mash_contacts"))
HEALTH = User(name="hal", public_only=False, agency="health", uploads=("indicators",))
EVERYTHING = User(name="eve", public_only=False, agency="police", uploads="*")
ADMIN = User(name="ada", public_only=False, role="admin", uploads=("indicators",))
PUBLIC = User(name="pat", public_only=True, uploads=("indicators",))
NOBODY = User(name="nob", public_only=False)

CATALOGUE = [
    catalogue_row("pol_pct", source="police", target=80, amber_tolerance=5,
                  expected_from="2023-10-01"),
    catalogue_row("hea_pct", area_id="neglect", source="health", target=50,
                  expected_from="2023-10-01"),
]
HEADER = "indicator_id,period_start,value\n"


@pytest.fixture
def folder(tmp_path):
    return write_dataset(
        tmp_path / "data", indicator_catalogue=CATALOGUE,
        indicators=monthly_rows("pol_pct", "2023-10-01", [90, 91, 92, 93, 94, 95])
        + monthly_rows("hea_pct", "2023-10-01", [60, 61, 62, 63, 64, 65]))


def _rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _send(folder, text, user=OFFICER, stem="indicators", name="return.csv", now=NOW,
          before=None):
    checked = R.check(folder, stem, text.encode() if isinstance(text, str) else text, name,
                      user, before=before)
    return checked, R.confirm(folder, checked, user, now=now)


def test_names_of_versions_users_and_clashes(folder):
    assert R.version_user("cli:root") == "cliroot"
    assert R.version_user("a b/c@x.org") == "abcx.org"
    assert R.version_user("::") == "unknown"
    first = R._version_path(folder, "indicators", NOW, "asha.patel", ".csv")
    assert first.name == "20240402T091500Z-asha.patel.csv"
    first.write_text("x")
    second = R._version_path(folder, "indicators", NOW, "asha.patel", ".csv")
    assert second.name == "20240402T091500Z-asha.patel-2.csv"
    second.write_text("x")
    assert R._version_path(folder, "indicators", NOW, "asha.patel", ".csv").name == \
        "20240402T091500Z-asha.patel-3.csv"


def test_an_upload_merges_keeps_the_old_file_and_logs_it(folder):
    old = (folder / "indicators.csv").read_bytes()
    checked, entry = _send(folder, HEADER + "pol_pct,2024-03-01,70\npol_pct,2024-04-01,71\n")
    assert checked.refused is None and checked.replaced_rows == 1
    rows = _rows(folder / "indicators.csv")
    assert len(rows) == 13                       # 12 kept (one replaced) + 2 sent
    assert [r["value"] for r in rows if r["period_start"] == "2024-03-01"] == ["65", "70"]
    assert rows[-2]["value"] == "70" and rows[-1]["period_start"] == "2024-04-01"
    # columns are the union (numerator, denominator kept, empty for the sent rows)
    assert list(rows[0]) == list(_rows(folder / ".versions" / "indicators" /
                                       entry["version_file"])[0])
    version = folder / ".versions" / "indicators" / "20240402T091500Z-asha.patel.csv"
    assert version.read_bytes() == old          # the replaced row survives here
    written = (folder / "indicators.csv").read_bytes()
    log = _rows(folder / ".versions" / "log.csv")
    assert log == [{"time_utc": "2024-04-02T09:15:00Z", "user": "asha.patel",
                    "stem": "indicators", "uploaded_file": "return.csv",
                    "version_file": version.name,
                    "sha256": hashlib.sha256(written).hexdigest(),
                    "rows_accepted": "13", "rows_quarantined": "0", "action": "upload"}]
    assert R.versions(folder)[0]["present"] is True
    # the loader and the reloader's fingerprint leave .versions alone
    ds = load_dataset(folder)
    assert ".versions" not in " ".join(ds.report["file"].astype(str))
    from dashboard.reload import fingerprint
    assert ".versions" not in fingerprint(folder)


def test_the_preview_shows_the_report_the_figures_and_rags_that_change(folder):
    checked = R.check(folder, "indicators", (HEADER + "pol_pct,2024-03-01,10\n"
                                             "pol_pct,2024-13-01,10\n").encode(),
                      "march.csv", OFFICER)
    assert checked.rows_sent == 2 and checked.sent_quarantined == 1
    bad = [f for f in checked.report if f["severity"] == "error"]
    assert [f["row"] for f in bad] == [2] and bad[0]["column"] == "period_start"
    figures = {c["figure"]: c for c in checked.summary_changes}
    assert figures["indicators[pol_pct].value"]["before"] == 95
    assert figures["indicators[pol_pct].value"]["after"] == 10
    assert {"area_id": "front_door", "name": "Front door", "before": "green", "after": "red"} \
        in checked.rag_changes
    # nothing was written
    assert not (folder / ".versions" / "log.csv").exists()
    assert "2024-03-01,10" not in (folder / "indicators.csv").read_text()


def test_a_public_only_uploader_sees_no_figures(folder):
    checked = R.check(folder, "indicators", (HEADER + "pol_pct,2024-03-01,10\n").encode(),
                      "r.csv", PUBLIC)
    assert checked.suppressed and checked.summary_changes is None and checked.rag_changes is None


def test_rows_newly_quarantined_in_other_files_are_listed(tmp_path):
    folder = write_dataset(tmp_path / "d", indicator_catalogue=CATALOGUE,
                           actions=[{"action_id": "A1", "due_on": "2024-01-01",
                                     "indicator_id": "pol_pct"}])
    header = ",".join(c.name for c in R.C.BY_STEM["indicator_catalogue"].columns)
    text = header + "\nhea_pct,H,neglect,percent,higher_is_better,50,,monthly,health,d,2023-10-01\n"
    checked = R.check(folder, "indicator_catalogue", text.encode(), "cat.csv", EVERYTHING)
    assert [(f["file"], f["row"], f["column"]) for f in checked.elsewhere] == \
        [("actions.csv", 1, "indicator_id")]


def test_agency_rule_refuses_other_agencies_indicators(folder):
    checked = R.check(folder, "indicators", (HEADER + "pol_pct,2024-04-01,70\n"
                                             "hea_pct,2024-04-01,70\nnope,2024-04-01,1\n").encode(),
                      "r.csv", OFFICER)
    assert [r["row"] for r in checked.refused_rows] == [2, 3]
    assert (checked.rows_sent, checked.sent_quarantined) == (3, 0)
    assert "sent by health, not police" in checked.refused_rows[0]["message"]
    R.confirm(folder, checked, OFFICER, now=NOW)
    text = (folder / "indicators.csv").read_text()
    assert "pol_pct,2024-04-01,70" in text and "hea_pct,2024-04-01" not in text
    # all rows someone else's: nothing to confirm
    only = R.check(folder, "indicators", (HEADER + "hea_pct,2024-04-01,70\n").encode(),
                   "r.csv", OFFICER)
    assert only.refused and not only.can_confirm
    # uploads "*" and administrators are not bound to their agency
    for user in (EVERYTHING, ADMIN):
        assert R.check(folder, "indicators", (HEADER + "hea_pct,2024-04-01,7\n").encode(),
                       "r.csv", user).refused_rows == []


def test_a_broken_file_is_refused_and_nothing_changes(folder):
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    with pytest.raises(R.ReturnsError, match="not a CSV, Parquet or Excel"):
        R.check(folder, "mash_contacts", b"x", "contacts.xls", OFFICER)
    with pytest.raises(R.ReturnsError, match="not a text CSV"):
        R.check(folder, "mash_contacts", b"%PDF-1.4 binary", "contacts.csv", OFFICER)
    with pytest.raises(R.ReturnsError, match="no period_start column"):
        R.check(folder, "indicators", b"indicator_id,value\npol_pct,3\n", "r.csv", OFFICER)
    checked = R.check(folder, "mash_contacts", b"contact_id,child_ref\nC1,A\n", "c.csv",
                      OFFICER)
    assert checked.refused and "received_at" in checked.refused
    with pytest.raises(R.ReturnsError, match="was refused"):
        R.confirm(folder, checked, OFFICER)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()} == before
    assert not (folder / ".versions" / "log.csv").exists()


def test_rights(folder):
    with pytest.raises(R.NotAllowed):
        R.check(folder, "indicators", HEADER.encode(), "r.csv", NOBODY)
    with pytest.raises(R.NotAllowed):
        R.check(folder, "audits", HEADER.encode(), "r.csv", OFFICER)
    with pytest.raises(R.NotAllowed):
        R.restore(folder, "indicators", "20240402T091500Z-x.csv", OFFICER)
    with pytest.raises(R.NotAllowed):
        R.purge(folder, "indicators", "20240402T091500Z-x.csv", OFFICER)
    assert R.upload_stems(EVERYTHING) == R.STEMS
    assert R.upload_stems(OFFICER) == ("indicators", "mash_contacts")


def test_two_confirms_of_one_stem_at_once_one_wins_the_other_rechecks(folder):
    a = R.check(folder, "indicators", (HEADER + "pol_pct,2024-04-01,1\n").encode(), "a.csv",
                OFFICER)
    b = R.check(folder, "indicators", (HEADER + "hea_pct,2024-04-01,2\n").encode(), "b.csv",
                HEALTH)
    results = {}
    start = threading.Barrier(2)

    def go(name, checked, user):
        start.wait()
        try:
            results[name] = R.confirm(folder, checked, user, now=NOW)
        except R.Stale as exc:
            results[name] = exc

    threads = [threading.Thread(target=go, args=("a", a, OFFICER)),
               threading.Thread(target=go, args=("b", b, HEALTH))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stale = [k for k, v in results.items() if isinstance(v, R.Stale)]
    assert len(stale) == 1 and "check your file again" in str(results[stale[0]])
    assert len(R.versions(folder)) == 1
    # the loser checks again: its rows merge into the winner's file, nothing lost
    loser, user = (b, HEALTH) if stale == ["b"] else (a, OFFICER)
    again = R.check(folder, "indicators", loser.content and (
        HEADER + ("hea_pct,2024-04-01,2\n" if user is HEALTH else "pol_pct,2024-04-01,1\n")
    ).encode(), "again.csv", user)
    R.confirm(folder, again, user, now=NOW)
    text = (folder / "indicators.csv").read_text()
    assert "pol_pct,2024-04-01,1" in text and "hea_pct,2024-04-01,2" in text
    names = [e["version_file"] for e in R.versions(folder)]
    assert names == ["20240402T091500Z-asha.patel.csv", "20240402T091500Z-hal.csv"] or \
        names == ["20240402T091500Z-hal.csv", "20240402T091500Z-asha.patel.csv"]


def test_twenty_uploads_leave_twenty_versions_and_log_lines(folder):
    texts = []
    # the set before (the page passes the serving one) only feeds the preview: loaded
    # once here to keep the test short; what is written is checked against the disk
    before = load_dataset(folder)
    for i in range(20):
        text = f"{HEADER}pol_pct,2024-04-01,{i}\n"
        _send(folder, text, now=NOW, before=before)
        texts.append((folder / "indicators.csv").read_bytes())
    log = R.versions(folder)
    assert len(log) == 20 and all(e["present"] for e in log)
    files = sorted((folder / ".versions" / "indicators").iterdir())
    assert len(files) == 20
    assert log[1]["version_file"] == "20240402T091500Z-asha.patel-2.csv"
    # each version is the file the next upload replaced
    for i in range(1, 20):
        version = folder / ".versions" / "indicators" / log[i]["version_file"]
        assert version.read_bytes() == texts[i - 1]
        assert log[i - 1]["sha256"] == hashlib.sha256(texts[i - 1]).hexdigest()


def test_restore_is_a_new_version_and_purge_is_logged(folder):
    original = (folder / "indicators.csv").read_bytes()
    _, first = _send(folder, HEADER + "pol_pct,2024-04-01,1\n")
    merged = (folder / "indicators.csv").read_bytes()
    entry = R.restore(folder, "indicators", first["version_file"], ADMIN,
                      now=NOW + dt.timedelta(minutes=1))
    assert (folder / "indicators.csv").read_bytes() == original
    assert entry["action"] == "restore" and entry["uploaded_file"] == first["version_file"]
    kept = folder / ".versions" / "indicators" / entry["version_file"]
    assert kept.read_bytes() == merged            # the replaced file is a version too
    with pytest.raises(R.ReturnsError, match="not a version file name"):
        R.restore(folder, "indicators", "../partnership.toml", ADMIN)
    with pytest.raises(R.ReturnsError, match="no version"):
        R.restore(folder, "indicators", "20990101T000000Z-x.csv", ADMIN)
    gone = R.purge(folder, "indicators", first["version_file"], ADMIN, now=NOW)
    assert gone["action"] == "purge" and gone["sha256"] == hashlib.sha256(original).hexdigest()
    assert not (folder / ".versions" / "indicators" / first["version_file"]).exists()
    log = R.versions(folder)
    assert [e["action"] for e in log] == ["upload", "restore", "purge"]
    assert log[0]["present"] is False


def test_the_folder_keeps_its_format_and_excel_is_read(folder, tmp_path):
    import openpyxl
    import pyarrow.parquet as pq

    # a Parquet stem stays Parquet whatever is sent
    rows = [("C1", "A", dt.datetime(2024, 3, 1, 9, 30), "police", "neglect", "0-4")]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["contact_id", "child_ref", "received_at", "referrer_agency",
                  "primary_concern", "age_band"])
    for r in rows:
        sheet.append(list(r))
    buf = io.BytesIO()
    book.save(buf)
    checked, entry = _send(folder, buf.getvalue(), stem="mash_contacts", name="march.xlsx")
    assert checked.refused is None and checked.rows_accepted == 1, checked.report
    assert checked.target_name == "mash_contacts.csv"   # none before: CSV for Excel
    assert "C1,A,2024-03-01T09:30:00" in (folder / "mash_contacts.csv").read_text()
    assert entry["version_file"] == ""                  # nothing was replaced
    (folder / "mash_contacts.csv").unlink()
    import pyarrow as pa
    pq.write_table(pa.table({"contact_id": ["C0"], "child_ref": ["B"],
                             "received_at": ["2024-03-01T08:00"], "referrer_agency": ["police"],
                             "primary_concern": ["neglect"], "age_band": ["0-4"]}),
                   folder / "mash_contacts.parquet")
    checked, entry = _send(folder, buf.getvalue(), stem="mash_contacts", name="march.xlsx")
    assert checked.target_name == "mash_contacts.parquet"
    assert pq.read_table(folder / "mash_contacts.parquet").column("contact_id").to_pylist() \
        == ["C1"]
    assert entry["version_file"].endswith(".parquet")
    assert not (folder / "mash_contacts.csv").exists()


def test_excel_cells_are_read_as_shown():
    import openpyxl

    from dashboard.data.reader import xlsx_to_csv

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["indicator_id", "period_start", "value", "numerator", "flag", None])
    sheet.append(["pol_pct", dt.datetime(2024, 4, 1), 0.853, 12.0, True, None])
    sheet["C2"].number_format = "0.0%"
    sheet.append([None, None, None, None, None, None])          # an empty row: no row
    sheet.append(["pol_pct", dt.date(2024, 5, 1), 7, None, False])
    buf = io.BytesIO()
    book.save(buf)
    assert xlsx_to_csv(buf.getvalue()).decode() == (
        "indicator_id,period_start,value,numerator,flag\r\n"
        "pol_pct,2024-04-01,85.3,12,true\r\n"
        "pol_pct,2024-05-01,7,,false\r\n")
    with pytest.raises(R.ReturnsError, match="not a readable Excel workbook"):
        R.check(Path("."), "indicators", b"PK\x03\x04 not a zip", "r.xlsx", ADMIN)


def test_the_log_neutralises_a_formula_file_name(folder):
    _send(folder, HEADER + "pol_pct,2024-04-01,1\n", name="=HYPERLINK(1).csv")
    assert "'=HYPERLINK(1).csv" in (folder / ".versions" / "log.csv").read_text()


def test_a_check_survives_the_trip_to_disk(folder, tmp_path):
    checked = R.check(folder, "indicators", (HEADER + "pol_pct,2024-04-01,1\n").encode(),
                      "r.csv", OFFICER)
    checked.save(tmp_path / "c.json")
    again = R.Check.load(tmp_path / "c.json")
    assert again == checked


def test_versions_and_restore_on_the_command_line(folder, capsys):
    import getpass

    from dashboard.__main__ import main

    assert main(["versions", str(folder)]) == 0
    assert "no data returns" in capsys.readouterr().out
    original = (folder / "indicators.csv").read_bytes()
    _, entry = _send(folder, HEADER + "pol_pct,2024-04-01,1\n")
    assert main(["versions", str(folder)]) == 0
    out = capsys.readouterr().out
    assert entry["version_file"] in out and "asha.patel" in out
    assert main(["restore", str(folder), "indicators", entry["version_file"]]) == 0
    assert "restored indicators" in capsys.readouterr().out
    assert (folder / "indicators.csv").read_bytes() == original
    last = R.versions(folder)[-1]
    assert last["user"] == f"cli:{getpass.getuser()}" and last["action"] == "restore"


def test_add_user_sets_the_returns_keys(tmp_path):
    from dashboard.users import UsersFileError, load_users, set_password

    path = tmp_path / "users.toml"
    set_password(path, "asha", "long enough", uploads=["indicators"], agency="police",
                 admin=True)
    entry = load_users(path)["asha"]
    assert (entry.uploads, entry.agency, entry.role) == (("indicators",), "police", "admin")
    set_password(path, "asha", "long enough", uploads="*", admin=False)
    entry = load_users(path)["asha"]
    assert (entry.uploads, entry.agency, entry.role) == ("*", "police", None)
    path.write_text('[[users]]\nusername = "x"\nrole = "boss"\n')
    with pytest.raises(UsersFileError, match='role must be "admin"'):
        load_users(path)
    path.write_text('[[users]]\nusername = "x"\nuploads = ["indicatorz"]\n')
    with pytest.raises(UsersFileError, match="not a dataset file"):
        load_users(path)


def test_add_user_keys_land_in_their_own_entry(tmp_path):
    """A key added to a new entry goes under its [[users]] line, not onto the entry
    before it (the blank line between entries belongs to the next block)."""
    from dashboard.users import load_users, set_password

    path = tmp_path / "users.toml"
    set_password(path, "asha", "long enough", uploads=["indicators"])
    set_password(path, "nob", "long enough")
    set_password(path, "ada", "long enough", admin=True)
    users = load_users(path)
    assert (users["nob"].role, users["ada"].role) == (None, "admin")
    assert users["asha"].uploads == ("indicators",) and users["nob"].uploads == ()
