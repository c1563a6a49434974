"""datasets/README.md is generated from dashboard/data/contract.py and kept up to date."""
from __future__ import annotations

from dashboard.data import contract as C
from dashboard.data import contract_doc as D


def test_datasets_readme_is_up_to_date():
    current = D.README_PATH.read_text(encoding="utf-8") if D.README_PATH.is_file() else ""
    assert current == D.markdown(), (
        f"{D.README_PATH} is out of date with dashboard/data/contract.py: run "
        f"`{D.REGENERATE}` and commit the result")


def test_check_option_agrees(capsys):
    assert D.main(["--check"]) == 0


def test_every_file_column_setting_and_code_is_described():
    text = D.markdown()
    for s in C.PARTNERSHIP_SETTINGS:
        assert f"| `{s.name}` |" in text
    for spec in C.FILES:
        assert f"## {spec.stem}.csv ({'required' if spec.required_file else 'optional'})" in text
        assert spec.help, spec.stem
        section = text.split(f"## {spec.stem}.csv")[1].split("\n## ")[0]
        for c in spec.columns:
            assert f"| `{c.name}` |" in section, (spec.stem, c.name)
            for code in c.codes:
                if code not in C.AGENCIES:
                    assert f"`{code}`" in section, (spec.stem, c.name, code)
        if spec.key:
            assert "Unique key" in section
    for agency in C.AGENCIES:
        assert f"`{agency}`" in text


def test_every_rule_has_words():
    for spec in C.FILES:
        for rule in spec.rules:
            assert rule.help, (spec.stem, rule.name, rule.column)
        for ignore in spec.ignore:
            assert ignore.help, spec.stem


def test_every_reference_is_described_in_its_file():
    for r in C.REFERENCES:
        section = D.markdown().split(f"## {r.stem}.csv")[1].split("\n## ")[0]
        assert f"of {r.target}.csv" in section, r
