"""The output folder of demo-data: what may be written over, and what may not.

The generator overwrites dataset files only. A folder holding anything else (someone's
notes, a real partnership's exports under another name, a subfolder), or a real
partnership's dataset (a partnership.toml without `demo = true`), is refused unless the
caller forces it: regenerating the demo must never be how real work is lost.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from ..data.contract import BY_STEM

# The stems the demo writes: every file of the contract.
DEMO_STEMS = tuple(BY_STEM)
DATASET_SUFFIXES = (".csv", ".parquet")


class DemoFolderError(ValueError):
    """The output folder cannot be used; the message is one sentence for the user."""


def dataset_stems() -> set[str]:
    return set(BY_STEM) | set(DEMO_STEMS)


def is_dataset_file(path: Path, stems: set[str]) -> bool:
    if path.name == "partnership.toml":
        return path.is_file()
    return path.is_file() and path.suffix in DATASET_SUFFIXES and path.stem in stems


def foreign_entries(out: Path) -> list[str]:
    """Names in out that are not dataset files; dot-folders (.versions/) are ignored."""
    stems = dataset_stems()
    return sorted(p.name for p in out.iterdir()
                  if not (p.is_dir() and p.name.startswith("."))
                  and not is_dataset_file(p, stems))


def holds_real_dataset(out: Path) -> bool:
    """True when out has a partnership.toml that does not say `demo = true`."""
    toml = out / "partnership.toml"
    if not toml.is_file():
        return False
    try:
        return tomllib.loads(toml.read_text("utf-8")).get("demo") is not True
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return True


def prepare(out: Path, force: bool) -> None:
    """Make out ready to write into, or raise DemoFolderError saying why not."""
    if out.exists() and not out.is_dir():
        raise DemoFolderError(f"{out} is a file, not a folder: choose a folder for --out")
    if out.is_dir() and not force:
        _refuse_unless_demo_folder(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DemoFolderError(f"cannot create the folder {out}: {exc.strerror or exc}") from None


def _refuse_unless_demo_folder(out: Path) -> None:
    foreign = foreign_entries(out)
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more"
                                           if len(foreign) > 3 else "")
        raise DemoFolderError(
            f"{out} holds files that are not dataset files ({shown}); "
            "choose an empty folder, or add --force to write there anyway")
    if holds_real_dataset(out):
        raise DemoFolderError(
            f"{out} holds a partnership's dataset (its partnership.toml does not say "
            "demo = true); choose an empty folder, or add --force to overwrite it")


def drop_other_format(out: Path, stem: str) -> None:
    """The demo writes <stem>.csv: a <stem>.parquet beside it would make the loader
    refuse the folder (two files for one stem), so it is replaced too."""
    other = out / f"{stem}.parquet"
    if other.is_file():
        other.unlink()
