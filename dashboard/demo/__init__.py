"""The deterministic synthetic demo dataset: a fictional partnership's four years of data.

`write_demo(out_dir)` writes a complete dataset folder (every file of
shared/spec/datasets.md, the optional ones included) for "Riverside Borough
Safeguarding Children Partnership", a fictional partnership. Everything is synthetic:
no real child, case or person appears, children and cases are pseudonymous codes, and
the only real figures are the published 2016/17 Eastern region comparators (copied
unchanged from demo/comparators.csv).

The output depends only on the arguments: a seeded numpy Generator per file, no current
date, no hash-ordered iteration, fixed number formatting. Same arguments, same bytes.

Patterns built in, so every page has something to show:
- 48 complete months ending at `end_month`; `as_of` is the last day of `end_month`.
- Front door: seasonal contact volumes (low in August and over Christmas, high in
  September to November), about 22% repeat contacts within 12 months, a few undecided
  contacts at as_of, some of them overdue. Decisions within one working day: about 70%
  in the first year, rising to about 80% as a triage model is phased in over months
  13-30, then a visible step to about 93% in month 31, when a new MASH recording system
  goes live; indicator_breaks.csv starts SPC again there (18 monthly points after it).
- `health_marac_attendance_pct` improves: a sustained step up in the last 12 months
  (special cause improving).
- `la_return_interviews_72h_pct` deteriorates: the last 8 months fall every month
  (a trend, special cause concerning; red), so the exploitation area has a worst-moving
  indicator.
- `police_missing_episodes` steps up by a quarter in month 29, when absent episodes are
  first recorded as missing: a second break, on a supplied indicator.
- `police_encompass_notifications_pct` has missing returns: police did not send the last
  due month nor one month 19 months earlier.
- `education_dsl_training_pct` started later (fewer than 12 points: no SPC yet).
- Latest values red, amber and green across areas; some indicators have no target (grey).
- Audits improve over time; two exercises are re-audits of earlier ones and show it.
- Actions: some completed late, some open and overdue at as_of; many name the
  indicator they are meant to move (`indicator_id`).
- Case reviews: most notifications within 5 working days, some not; at least one
  LCSPR overdue (decided more than 6 months before as_of, not published); the latest
  incident is pending.
- Self-assessments: two rounds (financial years) of 19 organisations, Section 11
  standards `1`-`8` for agencies and section 175 standards `s175-1`-`s175-6` for six
  schools and a college. The latest round has a late return and a missing one; a
  challenge event tests a sample of ratings and brings some down (the acute trust's
  training standard among them); every standard not met has a `section_11` follow-up
  action, the older round's mostly completed, the latest round's mostly open.
- Voice ("you said, we did"): three years of what children, parents and carers, and
  practitioners said, through every channel; most answered and many fed back, a few
  still awaiting a response more than 90 days on.
- Benchmarks: England, region and statistical neighbours for seven indicators (supplied
  and computed), annual and published with a lag, sources marked "(synthetic)".
- Commentary: a latest comment on most red and amber indicators and on a few others
  worth explaining (the MASH step, the missing police return), an earlier comment on
  each, one latest comment about the period before the latest figures, and a comment
  on four of the five priority areas. Authors are roles.

`contacts` scales the MASH file only (the other files do not change with it); contacts
are generated and appended in chunks of whole days, so memory stays bounded.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..settings import (DEFAULT_CONTACTS, DEFAULT_END_MONTH, DEFAULT_SEED,
                        PROGRESS_MIN_CONTACTS)
from . import (areas, audits, benchmarks, commentary, contacts, folder, indicators, money,
               reviews_actions, self_assessments, training, voice)
from .folder import DemoFolderError
from .timeline import Window, parse_month

__all__ = ["write_demo", "DemoFolderError", "parse_month", "DEFAULT_CONTACTS",
           "DEFAULT_SEED", "DEFAULT_END_MONTH", "PROGRESS_MIN_CONTACTS"]


class _Progress:
    """One line per 10% of the contacts written."""

    def __init__(self, total: int, say: Callable[[str], None]) -> None:
        self.total, self.say = total, say
        self.done = self.decade = 0

    def __call__(self, rows: int) -> None:
        self.done += rows
        pct = 100 * self.done // self.total  # never says 100% before the last row
        if pct // 10 > self.decade:
            self.decade = pct // 10
            self.say(f"mash_contacts.csv: {pct}% ({self.done:,} of {self.total:,} contacts)")


def write_demo(out_dir: Path | str, contacts: int | None = None, seed: int = DEFAULT_SEED,
               end_month: str = DEFAULT_END_MONTH, *, force: bool = False,
               progress: Callable[[str], None] | None = None) -> dict:
    """Write the demo dataset to out_dir (created if needed); return a summary:
    {"out_dir", "as_of", "seed", "files": {file name: data rows}}.

    Raises ValueError for a bad end_month or contacts, and DemoFolderError when out_dir
    is a file, cannot be created, or holds anything but dataset files (unless force).
    `progress` receives a line per 10% of the contacts written, for large counts.
    """
    n_contacts = DEFAULT_CONTACTS if contacts is None else int(contacts)
    if n_contacts < 0:
        raise ValueError("contacts must be zero or more")
    seed = int(seed)
    if seed < 0:
        raise ValueError("seed must be zero or more")
    win = Window(end_month)
    out = Path(out_dir)
    folder.prepare(out, force)
    say = progress if progress is not None and n_contacts >= PROGRESS_MIN_CONTACTS else None
    files = _write_files(out, win, seed, n_contacts, say)
    return {"out_dir": str(out), "as_of": win.as_of.isoformat(), "seed": seed,
            "files": files}


def _write_files(out: Path, win: Window, seed: int, n_contacts: int,
                 say: Callable[[str], None] | None) -> dict[str, int]:
    for stem in folder.DEMO_STEMS:
        folder.drop_other_format(out, stem)
    areas.write_partnership(out, win, seed)
    files = {"partnership.toml": 1,
             "priority_areas.csv": areas.write_areas(out),
             "indicator_catalogue.csv": areas.write_catalogue(out, win)}
    indicator_rows = indicators.indicator_rows(win, seed)
    files["indicators.csv"] = indicators.write_indicators(out, indicator_rows)
    on_rows = _Progress(n_contacts, say) if say is not None else None
    files["mash_contacts.csv"] = contacts.write_contacts(out / "mash_contacts.csv",
                                                         n_contacts, win, seed, on_rows)
    reviews = reviews_actions.case_reviews(win, seed)
    files.update(_write_reviews_and_actions(out, win, seed, reviews))
    training_rows = training.training_rows(win, seed)
    files["training.csv"] = training.write_training(out, training_rows)
    files.update(money.write_money(out, win, seed, training_rows, reviews))
    files["voice.csv"] = voice.write_voice(out, voice.voice_rows(win, seed))
    files["commentary.csv"] = commentary.write_commentary(out, win, indicator_rows)
    files["indicator_benchmarks.csv"] = benchmarks.write_benchmarks(out, win, seed)
    files["indicator_breaks.csv"] = benchmarks.write_breaks(out, win)
    return files


def _write_reviews_and_actions(out: Path, win: Window, seed: int,
                               reviews: list[dict]) -> dict[str, int]:
    """Audits, case reviews and self-assessments raise actions; actions.csv numbers them
    and the self-assessments then carry their follow-up's action_id."""
    audit_rows = audits.audit_rows(win, seed)
    sa_rows, follow_ups = self_assessments.self_assessment_rows(win, seed)
    action_rows, action_ids = reviews_actions.action_rows(win, seed, reviews, audit_rows,
                                                          follow_ups)
    self_assessments.fill_action_ids(sa_rows, action_ids)
    return {
        "audits.csv": audits.write_audits(out, audit_rows),
        "case_reviews.csv": reviews_actions.write_case_reviews(out, reviews),
        "actions.csv": reviews_actions.write_actions(out, action_rows),
        "self_assessments.csv": self_assessments.write_self_assessments(out, sa_rows),
    }
