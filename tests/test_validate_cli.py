"""`python -m dashboard validate DIR [--format table|csv|json]` and `summary` on broken folders.

validate exits 1 if and only if the report has an error, 0 otherwise; folder-level
failures are in test_folder_errors.py.  Most tests call main() in-process; a few run
the real command to check exit codes and that nothing leaks a traceback.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.report import COLUMNS
from validation_fixtures import (
    OPTIONAL_STEMS, columns_of, make_folder, row, rows,
)

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def broken(tmp_path):
    """Two errors (one row each), one warning, one notice."""
    folder = make_folder(tmp_path, rows={
        "mash_contacts": rows("mash_contacts", {"age_band": "teen"},
                              {"received_at": "2023-04-02T10:15", "decided_at": "2023-04-01T09:00"}),
        "training": rows("training", {"attended": "no", "confidence_before": "",
                                      "confidence_after": "", "impact_followup": ""}),
    }, omit=("comparators",))
    return folder


# ---- exit status -----------------------------------------------------------------------------
def test_clean_folder_exits_0(tmp_path, capsys):
    code, out, err = run(capsys, "validate", str(make_folder(tmp_path)))
    assert code == 0
    assert "No findings" in out
    assert err == ""


def test_errors_exit_1(broken, capsys):
    code, out, err = run(capsys, "validate", str(broken))
    assert code == 1
    assert err == ""
    assert "decided_at 2023-04-01T09:00 is before received_at 2023-04-02T10:15" in out
    assert "2 error(s), 1 warning(s), 1 notice(s)" in out


def test_warnings_and_notices_only_exit_0(tmp_path, capsys):
    folder = make_folder(tmp_path, omit=("budget",), rows={
        "training": rows("training", {"attended": "false", "confidence_before": "",
                                      "confidence_after": "", "impact_followup": ""})})
    text = (folder / "mash_contacts.csv").read_text().replace("North", "Café")
    (folder / "mash_contacts.csv").write_bytes(text.encode("cp1252"))
    code, out, err = run(capsys, "validate", str(folder))
    assert code == 0
    assert "0 error(s), 2 warning(s), 1 notice(s)" in out


def test_notices_only_exit_0(tmp_path, capsys):
    code, out, _ = run(capsys, "validate", str(make_folder(tmp_path, omit=OPTIONAL_STEMS)))
    assert code == 0
    assert f"0 error(s), 0 warning(s), {len(OPTIONAL_STEMS)} notice(s)" in out


def test_file_level_error_exits_1(tmp_path, capsys):
    folder = make_folder(tmp_path)
    (folder / "mash_contacts.csv").write_bytes(b"")
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    assert "mash_contacts.csv" in out and "empty" in out


# ---- formats ---------------------------------------------------------------------------------
def test_table_format(broken, capsys):
    code, out, _ = run(capsys, "validate", str(broken), "--format", "table")
    lines = out.splitlines()
    assert lines[0].split() == ["severity", "file", "row", "column", "message"]
    body = [ln for ln in lines[1:] if ln.strip() and "error(s)" not in ln]
    assert len(body) == 4
    bad = next(ln for ln in body if "teen" in ln)
    assert bad.split()[:4] == ["error", "mash_contacts.csv", "2", "age_band"]


def test_table_keeps_one_line_per_finding_when_a_value_has_a_newline(tmp_path, capsys):
    folder = make_folder(tmp_path, rows={"mash_contacts": rows("mash_contacts",
                                                               {"age_band": "te\nen"})})
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 1
    body = [ln for ln in out.splitlines()[1:] if ln.strip() and "error(s)" not in ln]
    assert len(body) == 1 and "te en" in body[0]


def test_csv_format(broken, capsys):
    code, out, err = run(capsys, "validate", str(broken), "--format", "csv")
    assert code == 1 and err == ""
    records = list(csv.DictReader(io.StringIO(out)))
    assert list(records[0]) == COLUMNS
    assert len(records) == 4
    by = {(r["file"], r["row"], r["column"]): r for r in records}
    e = by[("mash_contacts.csv", "3", "decided_at")]
    assert (e["severity"], e["rule"], e["value"]) == ("error", "date_order", "2023-04-01T09:00")
    w = by[("training.csv", "2", "rating")]
    assert (w["severity"], w["rule"], w["value"]) == ("warning", "ignored_value", "4")
    n = by[("comparators.csv", "", "")]
    assert (n["severity"], n["rule"]) == ("notice", "optional_file_absent")


def test_csv_format_neutralises_formula_cells_and_keeps_numbers(tmp_path, capsys):
    # product.md: every CSV written for people neutralises text that a spreadsheet
    # would run; a row number stays a number
    hostile = '=HYPERLINK("http://example.invalid","x")'
    folder = make_folder(tmp_path, rows={"mash_contacts": [row("mash_contacts", age_band=hostile)]})
    code, out, _ = run(capsys, "validate", str(folder), "--format", "csv")
    records = list(csv.DictReader(io.StringIO(out)))
    bad = [r for r in records if r["column"] == "age_band"][0]
    assert bad["value"] == "'" + hostile
    assert bad["row"] == "1"
    assert bad["message"].startswith("age_band =HYPERLINK")   # not at the cell's start


def test_csv_format_clean_folder_has_header_only(tmp_path, capsys):
    code, out, _ = run(capsys, "validate", str(make_folder(tmp_path)), "--format", "csv")
    assert code == 0
    assert out.strip() == ",".join(COLUMNS)


def test_json_format(broken, capsys):
    code, out, err = run(capsys, "validate", str(broken), "--format", "json")
    assert code == 1 and err == ""
    doc = json.loads(out)
    assert (doc["errors"], doc["warnings"], doc["notices"]) == (2, 1, 1)
    assert all(list(f) == COLUMNS for f in doc["findings"])
    first = doc["findings"][0]
    assert first["row"] is None or isinstance(first["row"], int)
    e = next(f for f in doc["findings"] if f["rule"] == "code_list")
    assert e == {"severity": "error", "file": "mash_contacts.csv", "row": 2,
                 "column": "age_band", "value": "teen", "rule": "code_list",
                 "message": e["message"]}
    assert "age_band teen" in e["message"]


def test_json_keeps_non_ascii(tmp_path, capsys):
    folder = make_folder(tmp_path, rows={"mash_contacts": rows("mash_contacts",
                                                               {"age_band": "âge ’"})})
    code, out, _ = run(capsys, "validate", str(folder), "--format", "json")
    assert code == 1
    assert "âge ’" in out
    assert json.loads(out)["findings"][0]["value"] == "âge ’"


# ---- a required file absent: validate exits 1, summary still prints ---------------------------
@pytest.mark.parametrize("stem", ["priority_areas", "indicator_catalogue"])
def test_required_file_absent(tmp_path, capsys, stem):
    folder = make_folder(tmp_path, omit=(stem,))
    code, out, err = run(capsys, "validate", str(folder), "--format", "json")
    assert code == 1 and err == ""
    doc = json.loads(out)
    assert doc["errors"] == 1
    e = next(f for f in doc["findings"] if f["severity"] == "error")
    assert (e["file"], e["row"], e["rule"]) == (f"{stem}.csv", None, "required_file")

    code, out, err = run(capsys, "summary", str(folder))
    assert code == 0, err
    s = json.loads(out)
    assert s["indicators"] is None and s["areas"] is None and s["missing_returns"] is None
    assert s["mash"] is not None and s["validation"]["errors"] == 1
    assert s["partnership"] == "Testshire Safeguarding Children Partnership"


def test_summary_with_unreadable_optional_file(tmp_path, capsys):
    folder = make_folder(tmp_path)
    (folder / "mash_contacts.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, out, err = run(capsys, "summary", str(folder))
    assert code == 0, err
    s = json.loads(out)
    assert s["mash"] is None  # a section whose file is unavailable is null
    assert s["audits"] is not None
    assert s["validation"] == {"errors": 1, "warnings": 0, "quarantined_rows": 0}


# ---- the real command ---------------------------------------------------------------------------
def _cli(*argv):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "dashboard", *argv], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def test_real_command_exit_codes(tmp_path, broken):
    clean = _cli("validate", str(make_folder(tmp_path / "clean")))
    assert (clean.returncode, clean.stderr) == (0, "")
    bad = _cli("validate", str(broken), "--format", "json")
    assert bad.returncode == 1, bad.stderr
    assert "Traceback" not in bad.stderr
    assert json.loads(bad.stdout)["errors"] == 2
