"""Every setting in dashboard/settings.py is documented in the README."""
from pathlib import Path

from dashboard.settings import SETTINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme():
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in README]
    assert missing == []


def test_readme_starts_with_the_two_commands():
    blocks = README.split("```sh\n")[1:3]
    first, second = (b.split("```")[0].strip() for b in blocks)
    assert first.endswith("python -m dashboard")
    assert second == "bash .ci/run"
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "pytest" in ci
