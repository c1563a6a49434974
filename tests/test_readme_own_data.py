"""The README's "Use your own data" path works exactly as written: its commands, run in
order on an empty folder with the edits the README asks for, give a clean validation and
a served dashboard."""
from __future__ import annotations

import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def own_data_commands() -> list[list[str]]:
    section = README.split("## Use your own data", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = []
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            argv = shlex.split(line)
            assert argv[0] == ".venv/bin/python", line
            commands.append([sys.executable, *argv[1:]])
    return commands


def fill_in(folder: Path) -> None:
    """What the README's comments ask the user to do."""
    toml = folder / "partnership.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('# name = ""', 'name = "Testshire Safeguarding Children Partnership"')
    text = text.replace("# child_population = 0", "child_population = 40000")
    text = text.replace("# total_population = 0", "total_population = 160000")
    toml.write_text(text, encoding="utf-8")
    with (folder / "priority_areas.csv").open("a", encoding="utf-8") as fh:
        fh.write("neglect,Neglect,Neglect subgroup,Children are fed and cared for\n")
    with (folder / "indicator_catalogue.csv").open("a", encoding="utf-8") as fh:
        fh.write("audit_good_or_better,Audits good or better,neglect,percent,higher_is_better,"
                 "80,5,quarterly,computed,Audit rows graded good or outstanding / all rows,\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_readme_own_data_path(tmp_path):
    template, validate, serve = own_data_commands()
    assert template[-2:] == ["template", "mydata"] and validate[-2:] == ["validate", "mydata"]
    run = dict(cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert subprocess.run(template, **run).returncode == 0
    # untouched, validate names every setting still to fill in
    first = subprocess.run(validate, **run)
    assert first.returncode == 2
    for setting in ("name", "child_population", "total_population"):
        assert setting in first.stderr
    fill_in(tmp_path / "mydata")
    second = subprocess.run(validate, **run)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "no rows yet" in second.stdout
    port = free_port()
    proc = subprocess.Popen([*serve, "--port", str(port)], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        body = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                    body = r.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.5)
        assert "Testshire Safeguarding Children Partnership" in body
    finally:
        proc.terminate()
        proc.wait(timeout=20)
