"""What every file writer of the demo shares: seed streams, CSV writing, number formats."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from ..data.contract import BY_STEM

# Seed streams: one per file, so that e.g. --contacts never changes the other files,
# and a new file never shifts the numbers of an old one.
(S_CONTACTS, S_INDICATORS, S_AUDITS, S_REVIEWS, S_ACTIONS, S_TRAINING, S_MONEY, S_IDS,
 S_SELF_ASSESSMENTS, S_VOICE, S_BENCHMARKS, S_COMMENTARY) = range(1, 13)


def columns(stem: str) -> list[str]:
    """A file's header: the contract's columns in order (the demo's rows follow it)."""
    return [c.name for c in BY_STEM[stem].columns]


def rng_for(seed: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, *stream])


def write_csv(path: Path, columns: list[str], rows: list[list]) -> int:
    """Write a small CSV (UTF-8, LF, quoted only when needed); return its data rows."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return len(rows)


def money(x: float | None) -> str:
    return "" if x is None else f"{round(x + 1e-9, 2):.2f}"


def boolean(x: bool) -> str:
    return "true" if x else "false"


def num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def iso(d) -> str:
    """A date as YYYY-MM-DD, or empty for None."""
    return "" if d is None else d.isoformat()


def pick(rng: np.random.Generator, items, p=None):
    return items[int(rng.choice(len(items), p=p))]
