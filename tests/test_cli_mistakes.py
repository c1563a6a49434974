"""The command line as a new user meets it: every mistake gives one clear line on stderr
and exit status 2, never a traceback; every option says what it does and its default."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.filters import FLAG, PARAMS

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "datasets" / "demo"


def _file(tmp_path):
    p = tmp_path / "data.csv"
    p.write_text("a,b\n")
    return str(p)


MISTAKES = {
    "port too large": lambda t: ["--port", "99999"],
    "port negative": lambda t: ["--port", "-1"],
    "port not a number": lambda t: ["--port", "eighty"],
    "bad as-of": lambda t: ["--as-of", "2024-13-01"],
    "a file for the data folder": lambda t: ["--data", _file(t)],
    "a missing data folder": lambda t: ["--data", str(t / "nope")],
    "not a command": lambda t: ["servee"],
    "an unknown option": lambda t: ["--colour", "blue"],
    "serve beyond loopback": lambda t: ["--host", "0.0.0.0"],
    "summary without a folder": lambda t: ["summary"],
    "summary of a file": lambda t: ["summary", _file(t)],
    "summary bad from": lambda t: ["summary", str(DEMO), "--from", "2024-02-30"],
    "summary from after to": lambda t: ["summary", str(DEMO), "--from", "2024-03-01",
                                        "--to", "2024-02-01"],
    "summary unknown code": lambda t: ["summary", str(DEMO), "--agency", "martians"],
    "summary bad year": lambda t: ["summary", str(DEMO), "--year", "2023-24"],
    "summary bad round": lambda t: ["summary", str(DEMO), "--round", "2023/25"],
    "summary bad as-of": lambda t: ["summary", str(DEMO), "--as-of", "tomorrow"],
    "validate a missing folder": lambda t: ["validate", str(t / "nope")],
    "validate bad format": lambda t: ["validate", str(DEMO), "--format", "xml"],
    "demo-data bad end month": lambda t: ["demo-data", "--out", str(t / "d"),
                                          "--end-month", "2026-13"],
    "demo-data end month not a month": lambda t: ["demo-data", "--out", str(t / "d"),
                                                  "--end-month", "October"],
    "demo-data out is a file": lambda t: ["demo-data", "--out", _file(t)],
    "demo-data into a folder of other files": lambda t: ["demo-data", "--out",
                                                         str(_file(t).rsplit("/", 1)[0])],
    "demo-data negative contacts": lambda t: ["demo-data", "--out", str(t / "d"),
                                              "--contacts", "-5"],
    "demo-data seed not a number": lambda t: ["demo-data", "--out", str(t / "d"),
                                              "--seed", "abc"],
    # a typo with extra zeros: numpy could not allocate 722 GiB (a MemoryError traceback)
    "demo-data far too many contacts": lambda t: ["demo-data", "--out", str(t / "d"),
                                                  "--contacts", "99999999999999"],
    "template into a file": lambda t: ["template", _file(t)],
    "template into a folder of other files": lambda t: ["template",
                                                        str(_file(t).rsplit("/", 1)[0])],
    "template without a folder": lambda t: ["template"],
    "versions of a missing folder": lambda t: ["versions", str(t / "nope")],
    "versions of a file": lambda t: ["versions", _file(t)],
    "versions of a folder that is not a dataset": lambda t: ["versions", str(t)],
    "restore without a version": lambda t: ["restore", str(DEMO), "indicators"],
    "restore an unknown stem": lambda t: ["restore", str(DEMO), "indicatorz",
                                          "20240101T000000Z-a.csv"],
    "restore a path, not a version name": lambda t: ["restore", str(DEMO), "indicators",
                                                     "../partnership.toml"],
    "restore a version that is not there": lambda t: ["restore", str(DEMO), "indicators",
                                                      "20240101T000000Z-a.csv"],
    "add-user unknown upload stem": lambda t: ["add-user", str(t / "u.toml"), "asha",
                                               "--uploads", "indicator"],
    "add-user no upload stem": lambda t: ["add-user", str(t / "u.toml"), "asha",
                                          "--uploads", ","],
    "add-user unknown agency": lambda t: ["add-user", str(t / "u.toml"), "asha",
                                          "--agency", "martians"],
}


@pytest.mark.parametrize("name", MISTAKES)
def test_each_mistake_is_one_line_and_exit_2(name, tmp_path, capsys):
    argv = MISTAKES[name](tmp_path)
    try:
        status = main(argv)
    except SystemExit as exc:   # argparse and run_server exit
        status = exc.code
    out, err = capsys.readouterr()
    assert status == 2, (name, out, err)
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("error: ") and "Traceback" not in err


def test_a_port_in_use_is_one_line_before_anything_claims_to_run():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "dashboard", "--port", str(port)],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == "" and "Dash is running" not in proc.stderr
    assert proc.stderr.strip().splitlines() == [
        f"error: port {port} on 127.0.0.1 is already in use (another dashboard?); choose "
        "another with --port"]


def test_summary_help_describes_every_option_with_its_address_name(capsys):
    with pytest.raises(SystemExit):
        main(["summary", "--help"])
    text = capsys.readouterr().out
    for p in PARAMS:
        if p.kind != FLAG:
            assert f"--{p.name} VALUE" in text, p.name
    assert "FROM_" not in text and "F_AGENCY" not in text
    assert "rolling year" in text and "default: as_of" in text


def test_serve_help_gives_every_default(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "default: 127.0.0.1" in text and "default: 8050" in text
    assert "default: $DASHBOARD_DATA" in text


def test_every_option_of_every_command_says_its_default():
    """Each optional option's help names its default (required options and positional
    arguments have none)."""
    from dashboard.__main__ import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    missing = []
    for name, sub in commands.items():
        for action in sub._actions:
            if not action.option_strings or action.required or action.dest == "help":
                continue
            if "default" not in (action.help or ""):
                missing.append(f"{name} {action.option_strings[0]}")
    assert missing == []


def test_too_many_demo_contacts_is_refused_before_anything_is_written(tmp_path, capsys):
    assert main(["demo-data", "--out", str(tmp_path / "d"), "--contacts", "100000001"]) == 2
    assert "100,000,000" in capsys.readouterr().err
    assert not (tmp_path / "d").exists()


def test_summary_into_a_pipe_closed_early_stops_quietly():
    """`python -m dashboard summary DIR | head -c 100`: the reader goes away; no traceback."""
    proc = subprocess.run(
        f"{sys.executable} -m dashboard summary {DEMO} | head -c 100 >/dev/null",
        shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
    assert proc.stderr == ""
