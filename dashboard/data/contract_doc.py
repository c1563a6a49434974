"""The data contract (contract.py) rendered for people: datasets/README.md and templates.

    python -m dashboard.data.contract_doc            writes datasets/README.md
    python -m dashboard.data.contract_doc --check    exit 1 when it is out of date

`markdown()` returns the README; `template_csv(stem)` the header of one file's template
and `template_toml()` a partnership.toml to fill in (used by `python -m dashboard
template` and, later, the data-returns page); `write_template(folder)` writes a starter
folder.  Everything here is generated from contract.py, so the README, the templates
and the validator cannot disagree.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import contract as C

README_PATH = Path(__file__).resolve().parents[2] / "datasets" / "README.md"
REGENERATE = "python -m dashboard.data.contract_doc"

KIND_LABELS = {
    C.TEXT: "text", C.KEY: "identifier", C.CODE: "code", C.DATE: "date",
    C.DATETIME: "date-time", C.BOOLEAN: "true/false", C.INTEGER: "whole number",
    C.NUMBER: "number", C.MONEY: "money (£)", C.YEAR: "financial year", C.NAME: "name",
}
KIND_FORMS = {
    C.DATE: "`YYYY-MM-DD`",
    C.DATETIME: "`YYYY-MM-DDTHH:MM[:SS]`",
    C.BOOLEAN: "`true`/`false`, `1`/`0`, `yes`/`no`",
    C.MONEY: "≥ 0, at most 2 decimals",
    C.YEAR: "`YYYY/YY`, e.g. `2023/24`",
}

CONVENTIONS = f"""\
- **Files.** Each file is a CSV (UTF-8, a header row, commas) or a Parquet file with the
  same stem (`mash_contacts.parquet` instead of `mash_contacts.csv`, never both). Column
  names are matched trimmed and in any case; columns not listed here are ignored (a
  notice says so); optional columns may be left out of the header.
- **Empty cell = missing.** A *required* column is never empty. Values are trimmed.
- **Codes** are the exact words listed; they are matched after trimming and
  lower-casing. **Identifiers** (`area_id`, `indicator_id`) are matched the same way.
- **Dates** are `YYYY-MM-DD`; **date-times** `YYYY-MM-DDTHH:MM[:SS]` (a space may
  replace the `T`), local time. Every date lies from {C.DATE_MIN} to {C.DATE_MAX};
  outside that range it is a type error.
- **Money** is pounds, at most 2 decimal places, never negative.
- **No names, addresses or dates of birth**: children and cases only by the pseudonymous
  references the sending agency issues.
- **Rejected rows.** A row that breaks a rule is quarantined: left out of every figure and
  listed in the validation report (`python -m dashboard validate DIR`). A file that
  cannot be read, or lacks a required column, is unavailable as a whole; the rest of
  the dashboard still works.
- **Unique keys** are checked among the rows that pass every other rule: the first such
  row with a key is kept and later ones are rejected as repeats.
- **References to another file** must match one of that file's accepted rows. When that
  file is absent or unavailable the check is skipped with one warning and no row is
  rejected for it.
- A file with a header and no rows is accepted with a notice ("no rows yet")."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _number(x: float) -> str:
    return f"{x:g}"


def allowed(c: C.Column) -> str:
    """The allowed values of a column, in words."""
    parts = []
    if c.codes[:len(C.AGENCIES)] == C.AGENCIES:
        parts.append(" or ".join(["an agency code (see Agencies)",
                                  *(f"`{v}`" for v in c.codes[len(C.AGENCIES):])]))
    elif c.codes:
        parts.append(", ".join(f"`{v}`" for v in c.codes))
    if c.kind in KIND_FORMS:
        parts.append(KIND_FORMS[c.kind])
    if c.minimum is not None and c.maximum is not None:
        parts.append(f"{_number(c.minimum)} to {_number(c.maximum)}")
    elif c.minimum is not None:
        parts.append(f"{'>' if c.min_exclusive else '≥'} {_number(c.minimum)}")
    elif c.maximum is not None:
        parts.append(f"≤ {_number(c.maximum)}")
    if c.max_length is not None:
        parts.append(f"at most {c.max_length:,} characters")
    return "; ".join(parts)


def reference_sentence(r: C.Reference, spec: C.FileSpec) -> str:
    when = "" if spec.column(r.column).required else ", when given,"
    same = "".join(f", on a row with this row's {s}" for s in r.same)
    return f"{r.column}{when} must be one of the {r.target_column} values of {r.target}.csv{same}."


def file_rules(spec: C.FileSpec) -> list[str]:
    """The file's rules in words (the columns' own types, codes and ranges aside)."""
    out: list[str] = []
    for text in ([r.help for r in spec.rules] + [i.help for i in spec.ignore]
                 + [reference_sentence(r, spec) for r in C.REFERENCES if r.stem == spec.stem]
                 + list(spec.checks)):
        if text and text not in out:
            out.append(text)
    return out


def _settings_section() -> list[str]:
    lines = [
        "## partnership.toml (required)",
        "",
        "The folder's settings, in [TOML](https://toml.io). A missing or invalid setting "
        "stops the folder from loading: `validate` names every one at once.",
        "",
        "| setting | type | required or default | meaning | example |",
        "|---|---|---|---|---|",
    ]
    for s in C.PARTNERSHIP_SETTINGS:
        need = "required" if s.required else (f"default `{s.default}`" if s.default
                                              else "optional")
        lines.append(f"| `{s.name}` | {s.kind} | {need} | {_cell(s.note)} | `{s.example}` |")
    return lines


def _file_section(spec: C.FileSpec) -> list[str]:
    lines = [f"## {spec.stem}.csv ({'required' if spec.required_file else 'optional'})", ""]
    if spec.help:
        lines += [spec.help, ""]
    lines += ["| column | type | required | allowed values | note |", "|---|---|---|---|---|"]
    for c in spec.columns:
        lines.append(f"| `{c.name}` | {KIND_LABELS[c.kind]} | {'yes' if c.required else ''} | "
                     f"{_cell(allowed(c))} | {_cell(c.note)} |")
    lines.append("")
    if spec.key:
        lines += [f"Unique key: ({', '.join(f'`{k}`' for k in spec.key)})"
                  if len(spec.key) > 1 else f"Unique key: `{spec.key[0]}`", ""]
    rules = file_rules(spec)
    if rules:
        lines += ["Rules:", ""] + [f"- {r}" for r in rules] + [""]
    return lines


def markdown() -> str:
    """datasets/README.md, generated from contract.py."""
    lines = [
        "# What a dataset folder holds",
        "",
        f"<!-- Generated from dashboard/data/contract.py by `{REGENERATE}`; "
        "do not edit by hand. -->",
        "",
        "The dashboard reads one folder per partnership: `partnership.toml` and the files "
        "below. `python -m dashboard template DIR` writes a starter folder (every file "
        "with its header only); `python -m dashboard validate DIR` checks a folder and "
        "lists every problem. The bundled example is `datasets/demo/`.",
        "",
        "## Conventions",
        "",
        CONVENTIONS,
        "",
        *_settings_section(),
        "",
        "## Files",
        "",
        "Files are read in this order; a file is checked against the files above it.",
        "",
        "| file | required | one row is |",
        "|---|---|---|",
        *(f"| [`{f.stem}.csv`](#{f.stem}csv-{'required' if f.required_file else 'optional'}) "
          f"| {'yes' if f.required_file else ''} | {_cell(f.help)} |" for f in C.FILES),
        "",
        "## Agencies",
        "",
        "The agency codes used by several files: "
        + ", ".join(f"`{a}`" for a in C.AGENCIES) + ".",
        "",
    ]
    for spec in C.FILES:
        lines += _file_section(spec)
    return "\n".join(lines).rstrip("\n") + "\n"


# ---- templates ---------------------------------------------------------------------------
def template_csv(stem: str) -> str:
    """The template of one dataset file: its header row, every contract column in order."""
    return ",".join(c.name for c in C.BY_STEM[stem].columns) + "\n"


def template_toml() -> str:
    """A partnership.toml to fill in: every setting explained; the required ones are
    left commented out, so `validate` names each until it is filled in."""
    lines = [
        "# partnership.toml: the settings of this dataset folder (datasets/README.md",
        "# describes them and every file). Lines starting with # are comments.",
        "# Fill in the required settings and remove the # in front of them; the optional",
        "# ones show their default.",
        "",
    ]
    for s in C.PARTNERSHIP_SETTINGS:
        if s.required:
            # an empty placeholder: uncommented but not filled in, validate still names it
            blank = '""' if s.kind == "text" else "0"
            lines += [f"# {s.name} (required): {s.note}", f"#   e.g. {s.name} = {s.example}",
                      f"# {s.name} = {blank}"]
        else:
            value = s.default if s.default is not None else s.example
            default = f", default {s.default}" if s.default is not None else ""
            lines += [f"# {s.name} (optional{default}): {s.note}", f"# {s.name} = {value}"]
        lines.append("")
    return "\n".join(lines)


class TemplateRefused(Exception):
    """The template was not written (one line for the user)."""


def template_files() -> dict[str, str]:
    """File name -> content of the starter folder."""
    return {"partnership.toml": template_toml(),
            **{f"{spec.stem}.csv": template_csv(spec.stem) for spec in C.FILES}}


def write_template(folder: Path, force: bool = False) -> tuple[list[Path], list[Path]]:
    """Write partnership.toml and every contract file's header into `folder`; returns
    (written, kept).

    Refuses a path that is a file, and a folder that holds anything unless `force`.
    Even with `force` an existing file is never overwritten (it may hold a partner's
    returns): it is kept and listed, so --force adds the files a folder lacks.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise TemplateRefused(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise TemplateRefused(f"{folder} is not empty; choose a new folder, or add --force to "
                              "add the template's files to it (existing files are kept)")
    written, kept = [], []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in template_files().items():
            path = folder / name
            if path.exists():
                kept.append(path)
                continue
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise TemplateRefused(f"could not write the template into {folder}: {exc}") from None
    return written, kept


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"{REGENERATE}",
                                     description="write datasets/README.md from the contract")
    parser.add_argument("--check", action="store_true",
                        help="only check that datasets/README.md is up to date (exit 1 if not)")
    args = parser.parse_args(argv)
    text = markdown()
    current = README_PATH.read_text(encoding="utf-8") if README_PATH.is_file() else None
    if args.check:
        if current != text:
            print(f"{README_PATH} is out of date: run {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        README_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {README_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
