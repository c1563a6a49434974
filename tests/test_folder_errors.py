"""Folder-level failures (datasets.md, Validation): not report rows but one clear line.

load_dataset raises DatasetFolderError; `validate` and `summary` print one line on
stderr, nothing on stdout, no traceback, and exit 2.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.__main__ import main
from dashboard.data import DatasetFolderError, load_dataset
from validation_fixtures import OPTIONAL_STEMS, PARTNERSHIP_TOML, make_folder

ROOT = Path(__file__).resolve().parents[1]
GOOD = {"name": '"Testshire SCP"', "child_population": "40000", "total_population": "160000"}


def toml(**fields) -> str:
    """partnership.toml from GOOD with `fields` replaced (None leaves a key out)."""
    merged = {**GOOD, **fields}
    return "".join(f"{k} = {v}\n" for k, v in merged.items() if v is not None)


def _missing_folder(tmp_path):
    return tmp_path / "no_such_folder"


def _a_file_not_a_folder(tmp_path):
    p = tmp_path / "data.csv"
    p.write_text("a,b\n")
    return p


def _no_toml(tmp_path):
    return make_folder(tmp_path, toml=None)


def _toml(text: str | bytes):
    def build(tmp_path):
        folder = make_folder(tmp_path)
        path = folder / "partnership.toml"
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return folder
    return build


def _two_files(first: str, second: str):
    def build(tmp_path):
        folder = make_folder(tmp_path)
        (folder / "mash_contacts.csv").rename(folder / first)
        if second.endswith(".parquet"):
            pq.write_table(pa.table({"contact_id": ["C9"]}), folder / second)
        else:
            (folder / second).write_text((folder / first).read_text())
        return folder
    return build


# (id, folder builder, words the one line must contain)
CASES = [
    ("missing_folder", _missing_folder, ("no_such_folder",)),
    ("file_not_folder", _a_file_not_a_folder, ("data.csv",)),
    ("no_partnership_toml", _no_toml, ("partnership.toml", "missing")),
    ("not_toml", _toml('name = "Testshire\nchild_population = \n'), ("partnership.toml", "TOML")),
    ("not_toml_csv", _toml("name,child_population\nX,1\n"), ("TOML",)),
    ("not_utf8", _toml(b"name = \"Caf\xe9\"\n"), ("partnership.toml",)),
    ("empty_toml", _toml(""), ("name",)),
    ("name_missing", _toml(toml(name=None)), ("name",)),
    ("name_blank", _toml(toml(name='"  "')), ("name",)),
    ("name_not_text", _toml(toml(name="5")), ("name",)),
    ("child_population_missing", _toml(toml(child_population=None)), ("child_population",)),
    ("child_population_zero", _toml(toml(child_population="0")), ("child_population", "0")),
    ("child_population_negative", _toml(toml(child_population="-5")), ("child_population", "-5")),
    ("child_population_text", _toml(toml(child_population='"41250"')), ("child_population",)),
    ("child_population_decimal", _toml(toml(child_population="41250.5")), ("child_population",)),
    ("child_population_boolean", _toml(toml(child_population="true")), ("child_population",)),
    ("total_population_missing", _toml(toml(total_population=None)), ("total_population",)),
    ("total_population_zero", _toml(toml(total_population="0")), ("total_population",)),
    ("total_population_text", _toml(toml(total_population='"many"')), ("total_population",)),
    ("as_of_impossible", _toml(toml(as_of='"2024-02-30"')), ("as_of", "2024-02-30")),
    ("as_of_uk_format", _toml(toml(as_of='"31/03/2024"')), ("as_of", "31/03/2024")),
    ("as_of_number", _toml(toml(as_of="20240331")), ("as_of",)),
    ("as_of_time_only", _toml(toml(as_of="10:30:00")), ("as_of",)),
    ("bank_holidays_unknown", _toml(toml(bank_holidays='"wales"')), ("bank_holidays", "wales")),
    ("bank_holidays_not_text", _toml(toml(bank_holidays="1")), ("bank_holidays",)),
    ("csv_and_parquet", _two_files("mash_contacts.csv", "mash_contacts.parquet"),
     ("mash_contacts.csv", "mash_contacts.parquet")),
    ("same_stem_other_case", _two_files("mash_contacts.csv", "MASH_CONTACTS.CSV"),
     ("mash_contacts.csv", "MASH_CONTACTS.CSV")),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize("name,build,words", CASES, ids=IDS)
def test_load_dataset_raises_folder_error(tmp_path, name, build, words):
    folder = build(tmp_path)
    with pytest.raises(DatasetFolderError) as info:
        load_dataset(folder)
    message = str(info.value)
    assert "\n" not in message.strip()
    for w in words:
        assert w in message, (w, message)


@pytest.mark.parametrize("command", ["validate", "summary"])
@pytest.mark.parametrize("name,build,words", CASES, ids=IDS)
def test_cli_exits_2_with_one_line(tmp_path, capsys, command, name, build, words):
    folder = build(tmp_path)
    code = main([command, str(folder)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in err
    for w in words:
        assert w in lines[0]


@pytest.mark.parametrize("extra", ["", 'as_of = 2024-03-31\n', 'as_of = "2024-03-31"\n',
                                   'bank_holidays = "scotland"\n',
                                   'bank_holidays = "northern-ireland"\n',
                                   'return_lag_days = 0\nreload_quiet_s = 0\n'],
                         ids=["minimal", "toml_date", "text_date", "scotland",
                              "northern_ireland", "zero_lag"])
def test_valid_partnership_toml_loads(tmp_path, extra):
    folder = make_folder(tmp_path, toml=toml() + extra, omit=OPTIONAL_STEMS)
    ds = load_dataset(folder)
    assert ds.partnership.name == "Testshire SCP"
    assert (ds.partnership.child_population, ds.partnership.total_population) == (40000, 160000)
    if "as_of" in extra:
        assert ds.as_of.isoformat() == "2024-03-31"


def test_toml_with_bom_loads(tmp_path):
    folder = make_folder(tmp_path, omit=OPTIONAL_STEMS)
    (folder / "partnership.toml").write_bytes(PARTNERSHIP_TOML.encode("utf-8-sig"))
    assert load_dataset(folder).partnership.child_population == 40000


def _cli(*argv):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "dashboard", *argv], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


@pytest.mark.parametrize("command", ["validate", "summary"])
def test_real_command_prints_one_line_and_exits_2(tmp_path, command):
    bad = _two_files("mash_contacts.csv", "mash_contacts.parquet")(tmp_path)
    result = _cli(command, str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "mash_contacts.csv" in result.stderr and "mash_contacts.parquet" in result.stderr


# ---- every missing or invalid setting of partnership.toml named at once ----------------------
EVERYTHING_WRONG = (
    'child_population = 0\n'
    'total_population = "many"\n'
    'as_of = "31/03/2024"\n'
    'bank_holidays = "wales"\n'
    'return_lag_days = -1\n'
    'reload_quiet_s = "soon"\n'
)  # and name missing


def test_every_bad_setting_is_named_in_one_line(tmp_path):
    folder = _toml(EVERYTHING_WRONG)(tmp_path)
    with pytest.raises(DatasetFolderError) as info:
        load_dataset(folder)
    message = str(info.value)
    assert "\n" not in message and message.startswith("partnership.toml: ")
    parts = message.removeprefix("partnership.toml: ").split("; ")
    names = ["name", "child_population", "total_population", "bank_holidays",
             "return_lag_days", "reload_quiet_s", "as_of"]
    assert len(parts) == len(names), parts
    for name in names:
        assert sum(p.startswith(name + " ") for p in parts) == 1, (name, parts)
    for shown in ("0", "'many'", "31/03/2024", "wales", "-1", "'soon'"):
        assert shown in message


def test_missing_required_settings_are_named_together_with_their_meaning(tmp_path):
    folder = _toml("as_of = 1890-01-01\n")(tmp_path)
    with pytest.raises(DatasetFolderError) as info:
        load_dataset(folder)
    message = str(info.value)
    for words in ("name is missing", "child_population is missing", "aged 0-17",
                  "total_population is missing", "as_of 1890-01-01 is outside"):
        assert words in message, (words, message)


def test_cli_names_every_bad_setting_in_one_line(tmp_path, capsys):
    folder = _toml(EVERYTHING_WRONG)(tmp_path)
    assert main(["validate", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1
    assert err.count("; ") == 6
