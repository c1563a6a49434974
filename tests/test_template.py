"""`python -m dashboard template DIR`: a starter folder from the contract.

partnership.toml explains every setting and leaves the required ones to fill in (so
`validate` names them all); every contract file is there with its header only, from
contract_doc.template_csv.  A folder that is not empty is refused unless --force, which
never overwrites; a path that is a file is refused.  Refusals are one line, exit 2.
"""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.data import contract as C
from dashboard.data import load_dataset
from dashboard.data.contract_doc import template_csv, template_toml

ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv):
    code = main([*map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_template_writes_every_file_with_its_header(tmp_path, capsys):
    folder = tmp_path / "new" / "partnership"
    code, out, err = run(capsys, "template", folder)
    assert code == 0 and err == ""
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(["partnership.toml", *(f"{f.stem}.csv" for f in C.FILES)])
    for spec in C.FILES:
        text = (folder / f"{spec.stem}.csv").read_text(encoding="utf-8")
        assert text == template_csv(spec.stem)
        rows = list(csv.reader(text.splitlines()))
        assert rows == [[c.name for c in spec.columns]]
    assert "validate" in out and "partnership.toml" in out


def test_template_toml_explains_every_setting_and_sets_none_required(tmp_path):
    text = template_toml()
    data = tomllib.loads(text)          # valid TOML as written
    assert data == {}                   # everything commented out
    for s in C.PARTNERSHIP_SETTINGS:
        assert f"# {s.name} (" in text and s.note in text
        assert f"# {s.name} = " in text
    # uncommented as they stand, the required placeholders still fail validation
    uncommented = tomllib.loads("\n".join(l.removeprefix("# ") for l in text.splitlines()
                                          if l.startswith(("# name =", "# child_population =",
                                                           "# total_population ="))))
    assert uncommented == {"name": "", "child_population": 0, "total_population": 0}


def test_validate_on_the_untouched_template_names_every_missing_setting(tmp_path, capsys):
    folder = tmp_path / "t"
    assert run(capsys, "template", folder)[0] == 0
    code, out, err = run(capsys, "validate", folder)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    for s in C.PARTNERSHIP_SETTINGS:
        assert (f"{s.name} is missing" in err) == s.required, (s.name, err)


def test_filled_in_template_validates_with_notices_only(tmp_path, capsys):
    folder = tmp_path / "t"
    assert run(capsys, "template", folder)[0] == 0
    toml = folder / "partnership.toml"
    toml.write_text(toml.read_text().replace('# name = ""', 'name = "Testshire SCP"')
                    .replace("# child_population = 0", "child_population = 40000")
                    .replace("# total_population = 0", "total_population = 160000"))
    code, out, err = run(capsys, "validate", folder, "--format", "csv")
    assert code == 0, out + err
    ds = load_dataset(folder)
    assert set(ds.report["severity"]) == {"notice"}
    assert list(ds.report["rule"]) == ["no_rows"] * len(C.FILES)


def test_not_empty_folder_is_refused_without_force(tmp_path, capsys):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    code, out, err = run(capsys, "template", folder)
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and "not empty" in err and "--force" in err
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_force_adds_the_missing_files_and_never_overwrites(tmp_path, capsys):
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    (folder / "actions.csv").write_text("action_id\nA1\n")
    code, out, err = run(capsys, "template", folder, "--force")
    assert code == 0, err
    assert (folder / "actions.csv").read_text() == "action_id\nA1\n"
    assert (folder / "notes.txt").read_text() == "mine"
    assert (folder / "voice.csv").read_text() == template_csv("voice")
    assert "kept" in out and "actions.csv" in out


def test_empty_existing_folder_is_fine(tmp_path, capsys):
    folder = tmp_path / "t"
    folder.mkdir()
    assert run(capsys, "template", folder)[0] == 0
    assert (folder / "partnership.toml").is_file()


def test_a_file_is_refused(tmp_path, capsys):
    path = tmp_path / "data.csv"
    path.write_text("a,b\n")
    for extra in ([], ["--force"]):
        code, out, err = run(capsys, "template", path, *extra)
        assert code == 2 and out == ""
        assert len(err.splitlines()) == 1 and "data.csv" in err and "not a folder" in err
    assert path.read_text() == "a,b\n"


@pytest.mark.parametrize("stem", [f.stem for f in C.FILES])
def test_template_csv_is_the_contract_header(stem):
    assert template_csv(stem) == ",".join(c.name for c in C.BY_STEM[stem].columns) + "\n"


def test_real_command(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    folder = tmp_path / "t"
    result = subprocess.run([sys.executable, "-m", "dashboard", "template", str(folder)],
                            capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    again = subprocess.run([sys.executable, "-m", "dashboard", "template", str(folder)],
                           capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert again.returncode == 2 and again.stdout == ""
    assert len(again.stderr.splitlines()) == 1 and "Traceback" not in again.stderr
