"""indicator_benchmarks.csv and indicator_breaks.csv: context for the indicator charts.

Benchmarks are published figures for England, the region and statistical neighbours,
annual and lagging (a year's figure appears months after the year ends, so only what
was published by as_of is in the file). Breaks mark the months the measurement changed,
so SPC starts again there: the MASH's new recording system, and police's wider
definition of a missing episode.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable

from ..data.contract import COMPARATOR_KINDS
from .common import S_BENCHMARKS, columns, rng_for, write_csv
from .contacts import NEW_SYSTEM_MONTH, NEW_SYSTEM_REASON
from .indicators import MISSING_DEFINITION_MONTH, MISSING_DEFINITION_REASON
from .timeline import Window, add_months

BENCHMARK_COLUMNS = columns("indicator_benchmarks")
BREAK_COLUMNS = columns("indicator_breaks")
COMPARATORS = COMPARATOR_KINDS


def _fy_start(fy: int) -> date:
    return date(fy, 4, 1)


def _academic_start(fy: int) -> date:
    return date(fy, 10, 1)  # the first quarter wholly in the academic year


def _dashed(fy: int) -> str:
    return f"{fy}-{(fy + 1) % 100:02d}"


def _slashed(fy: int) -> str:
    return f"{fy}/{(fy + 1) % 100:02d}"


@dataclass(frozen=True)
class Publication:
    """An annual statistical release: which period a year's figure is about, when it
    was published, and how it names the year."""
    title: str
    period_start: Callable[[int], date]
    published_on: Callable[[int], date]
    year_label: Callable[[int], str]

    def source(self, fy: int) -> str:
        return f"{self.title} {self.year_label(fy)} (synthetic)"


CIN = Publication("DfE Children in need", _fy_start, lambda fy: date(fy + 1, 10, 30), _dashed)
HEALTH_VISITING = Publication("OHID Health visitor service delivery metrics", _fy_start,
                              lambda fy: date(fy + 1, 11, 20), _dashed)
ABSENCE = Publication("DfE Pupil absence in schools in England", _academic_start,
                      lambda fy: date(fy + 2, 3, 20), _slashed)
YOUTH_JUSTICE = Publication("YJB Youth justice statistics", _fy_start,
                            lambda fy: date(fy + 2, 1, 25), _dashed)
MASH_CLUB = Publication("Regional MASH benchmarking club", _fy_start,
                        lambda fy: date(fy + 1, 7, 15), _dashed)

# (indicator, publication, {comparator: value in the indicator's unit}, drift a year,
#  decimals). Values are plausible, not real: every figure here is synthetic.
BENCHMARKS = (
    ("la_referrals_rate_10k", CIN,
     {"england": 45.0, "region": 41.5, "statistical_neighbours": 39.0}, 0.4, 1),
    ("la_rereferrals_12m_pct", CIN,
     {"england": 22.4, "region": 21.3, "statistical_neighbours": 20.6}, -0.2, 1),
    ("la_assessment_days", CIN,
     {"england": 33.5, "region": 31.0, "statistical_neighbours": 32.2}, -0.3, 1),
    ("health_new_birth_visit_14d_pct", HEALTH_VISITING,
     {"england": 81.5, "region": 84.0, "statistical_neighbours": 86.5}, 0.5, 1),
    ("education_persistent_absence_pct", ABSENCE,
     {"england": 21.0, "region": 20.2, "statistical_neighbours": 19.6}, -0.8, 1),
    ("yj_first_time_entrants_10k", YOUTH_JUSTICE,
     {"england": 1.65, "region": 1.45, "statistical_neighbours": 1.55}, -0.05, 2),
    ("mash_decision_within_1wd", MASH_CLUB,
     {"region": 84.0, "statistical_neighbours": 86.5}, 1.0, 1),
)


def _years(win: Window, pub: Publication) -> list[int]:
    """Years published by as_of whose period starts at most a year before the window."""
    earliest = add_months(win.start, -12)
    return [fy for fy in range(win.start.year - 3, win.as_of.year + 1)
            if pub.period_start(fy) >= earliest and pub.published_on(fy) <= win.as_of]


def benchmark_rows(win: Window, seed: int) -> list[list]:
    rows = []
    for k, (iid, pub, base, drift, decimals) in enumerate(BENCHMARKS):
        rng = rng_for(seed, S_BENCHMARKS, k)
        for fy in _years(win, pub):
            for comparator in COMPARATORS:
                if comparator not in base:
                    continue
                v = base[comparator] + drift * (fy - win.start.year) + rng.normal(0, abs(drift))
                v = min(max(v, 0.0), 100.0)
                rows.append([iid, pub.period_start(fy).isoformat(), comparator,
                             f"{v:.{decimals}f}", pub.source(fy)])
    return rows


def break_rows(win: Window) -> list[list]:
    """The first month measured the new way, each with at least 12 months after it."""
    return sorted([
        ["mash_decision_within_1wd", win.months[NEW_SYSTEM_MONTH].isoformat(),
         NEW_SYSTEM_REASON],
        ["police_missing_episodes", win.months[MISSING_DEFINITION_MONTH].isoformat(),
         MISSING_DEFINITION_REASON],
    ])


def write_benchmarks(out: Path, win: Window, seed: int) -> int:
    return write_csv(out / "indicator_benchmarks.csv", BENCHMARK_COLUMNS,
                     benchmark_rows(win, seed))


def write_breaks(out: Path, win: Window) -> int:
    return write_csv(out / "indicator_breaks.csv", BREAK_COLUMNS, break_rows(win))
