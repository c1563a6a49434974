"""indicators.csv: the values agencies supply, one small generator per indicator.

Each generator draws from its own seed stream, so changing one series never moves
another. Latest values are pinned where the story needs a colour (amber, red, green).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from .areas import CATALOGUE, CHILD_POPULATION, LATE_STARTER, expected_from
from .common import S_INDICATORS, columns, rng_for, write_csv
from .timeline import Window
from ..analysis.values import parse_iso_date

COLUMNS = columns("indicators")

# Month-of-year seasonal offsets (index 0 = January).
SEASON_SUMMER = np.array([-0.08, -0.06, -0.02, 0.02, 0.08, 0.12, 0.15, 0.12, 0.0, -0.04,
                          -0.1, -0.09])
SEASON_DA = np.array([0.12, -0.06, -0.06, -0.04, 0.0, 0.06, 0.08, 0.04, -0.05, -0.04,
                      -0.03, 0.1])
SEASON_TERM = np.array([0.04, 0.02, 0.05, -0.03, 0.0, 0.04, -0.04, -0.2, 0.08, 0.1, 0.08,
                        -0.06])

# police_missing_episodes: from this month of the window, absent episodes are recorded
# as missing (a change of definition: indicator_breaks.csv starts SPC again there).
MISSING_DEFINITION_MONTH = 28
MISSING_DEFINITION_UPLIFT = 0.25
MISSING_DEFINITION_REASON = "Absent episodes now recorded as missing (new national definition)"


@dataclass(frozen=True)
class Periods:
    """The due periods of the window and their position in it."""
    win: Window
    months: list[date]
    quarters: list[date]

    @classmethod
    def of(cls, win: Window) -> "Periods":
        return cls(win, win.due_months, win.due_quarters)

    @property
    def nm(self) -> int:
        return len(self.months)

    @property
    def nq(self) -> int:
        return len(self.quarters)

    @property
    def moy(self) -> np.ndarray:
        """Month of year (0 = January) of each due month."""
        return np.array([m.month - 1 for m in self.months], dtype=np.int64)

    @property
    def tm(self) -> np.ndarray:
        return np.linspace(0, 1, self.nm) if self.nm > 1 else np.zeros(self.nm)

    @property
    def tq(self) -> np.ndarray:
        return np.linspace(0, 1, self.nq) if self.nq > 1 else np.zeros(self.nq)


def pct_rows(iid, periods, p, den_mean, rng, with_nd=True, force_last=None) -> list[list]:
    """Percent rows from true rates p: with a drawn denominator and the numerator it
    implies (value = 100·n/d exactly), or the value alone."""
    out = []
    for i, (ps, pi) in enumerate(zip(periods, p)):
        pi = float(np.clip(pi, 0.0, 100.0))
        last = i == len(periods) - 1 and force_last is not None
        if with_nd:
            d = int(max(5, rng.poisson(den_mean)))
            n = int(round((force_last if last else pi) / 100 * d))
            n = min(max(n, 0), d)
            out.append([iid, ps.isoformat(), f"{100 * n / d:.1f}", str(n), str(d)])
        else:
            v = force_last if last else pi
            out.append([iid, ps.isoformat(), f"{v:.1f}", "", ""])
    return out


def rate_rows(iid, periods, counts) -> list[list]:
    """Counts per 10,000 children (the denominator is the child population)."""
    return [[iid, ps.isoformat(), f"{10000 * n / CHILD_POPULATION:.2f}", str(int(n)),
             str(CHILD_POPULATION)] for ps, n in zip(periods, counts)]


def count_rows(iid, periods, counts) -> list[list]:
    return [[iid, ps.isoformat(), str(int(n)), "", ""] for ps, n in zip(periods, counts)]


def _referrals(p: Periods, rng) -> list[list]:
    """Referrals per month, term-time seasonality."""
    lam = 140 * (1 + SEASON_TERM[p.moy]) * (1 + 0.04 * p.tm)
    return rate_rows("la_referrals_rate_10k", p.months, rng.poisson(lam))


def _rereferrals(p: Periods, rng) -> list[list]:
    """Stable around 20.5%, latest amber."""
    return pct_rows("la_rereferrals_12m_pct", p.months, 20.5 + rng.normal(0, 1.0, p.nm), 140,
                    rng, force_last=21.2)


def _assessment_days(p: Periods, rng) -> list[list]:
    """Mean days, stable around 31, green; slower in August."""
    rows = []
    for i, ps in enumerate(p.months):
        d = int(max(20, rng.poisson(120)))
        mean_days = 32.5 - 2.0 * p.tm[i] + rng.normal(0, 1.6) + 2.5 * (p.moy[i] == 7)
        n = int(round(mean_days * d))
        rows.append(["la_assessment_days", ps.isoformat(), f"{n / d:.2f}", str(n), str(d)])
    return rows


def _new_birth_visits(p: Periods, rng) -> list[list]:
    """Dips in August and December; latest amber."""
    dip = np.where(p.moy == 7, -3.5, np.where(p.moy == 11, -2.5, 0.0))
    return pct_rows("health_new_birth_visit_14d_pct", p.months,
                    95.3 + dip + rng.normal(0, 0.8, p.nm), 160, rng, force_last=93.6)


def _gcp2(p: Periods, rng) -> list[list]:
    """Gradual improvement from about 55% to about 74% (amber)."""
    return pct_rows("la_gcp2_completion_pct", p.quarters,
                    55 + 19 * p.tq + rng.normal(0, 2.5, p.nq), 38, rng, force_last=74.0)


def _persistent_absence(p: Periods, rng) -> list[list]:
    """Autumn and spring higher; latest amber."""
    season = np.array([{1: 1.4, 4: 0.3, 7: -1.2, 10: 0.6}[q.month] for q in p.quarters])
    return pct_rows("education_persistent_absence_pct", p.quarters,
                    21.5 - 2.0 * p.tq + season + rng.normal(0, 0.4, p.nq), 0, rng,
                    with_nd=False, force_last=19.1)


def _return_interviews(p: Periods, rng) -> list[list]:
    """Deterioration: the last 8 months fall every month (a trend; red)."""
    vals = 86.0 + rng.normal(0, 1.3, p.nm)
    if p.nm >= 8:
        steps = np.array([84.6, 83.0, 81.1, 79.4, 77.2, 75.3, 73.0, 70.6])
        vals[-8:] = steps + rng.uniform(-0.3, 0.3, 8)
    return [["la_return_interviews_72h_pct", ps.isoformat(), f"{v:.1f}", "", ""]
            for ps, v in zip(p.months, vals)]


def _missing_episodes(p: Periods, rng) -> list[list]:
    """Count with summer peaks; no target; a step up when the definition widens."""
    lam = 40 * (1 + SEASON_SUMMER[p.moy])
    widened = np.array([p.win.month_index(m) >= MISSING_DEFINITION_MONTH for m in p.months],
                       dtype=bool)
    lam = lam * np.where(widened, 1 + MISSING_DEFINITION_UPLIFT, 1.0)
    return count_rows("police_missing_episodes", p.months, rng.poisson(lam))


def _first_time_entrants(p: Periods, rng) -> list[list]:
    """Small counts per quarter; latest green."""
    fte = rng.poisson(6.5 - 1.0 * p.tq)
    if p.nq:
        fte[-1] = 7
    return rate_rows("yj_first_time_entrants_10k", p.quarters, fte)


def _feel_safe(p: Periods, rng) -> list[list]:
    """Mean survey answer, latest amber."""
    rows = []
    for i, ps in enumerate(p.quarters):
        d = int(max(30, rng.poisson(120)))
        mean = 3.82 + rng.normal(0, 0.07) if i < p.nq - 1 else 3.86
        n = int(round(mean * d))
        rows.append(["voluntary_feel_safe_score", ps.isoformat(), f"{n / d:.2f}", str(n),
                     str(d)])
    return rows


def _encompass(p: Periods, rng) -> list[list]:
    """Missing returns: the last due month, and one 19 months earlier."""
    rows = pct_rows("police_encompass_notifications_pct", p.months,
                    95.8 + rng.normal(0, 1.1, p.nm), 75, rng)
    drop = {p.nm - 1, p.nm - 20}
    return [r for i, r in enumerate(rows) if i not in drop]


def _marac(p: Periods, rng) -> list[list]:
    """Improvement: a sustained step up in the last 12 months."""
    rates = 77.5 + rng.normal(0, 2.2, p.nm)
    if p.nm >= 12:
        rates[-12:] = 93.0 + rng.normal(0, 1.2, 12)
    return pct_rows("health_marac_attendance_pct", p.months, rates, 60, rng, force_last=93.5)


def _da_incidents(p: Periods, rng) -> list[list]:
    """Count, peaks at Christmas and New Year and in summer."""
    return count_rows("police_da_incidents_children", p.months,
                      rng.poisson(96 * (1 + SEASON_DA[p.moy])))


def _probation_checks(p: Periods, rng) -> list[list]:
    """Good and steady, latest green."""
    return pct_rows("probation_safeguarding_checks_pct", p.quarters,
                    87.5 + rng.normal(0, 2.0, p.nq), 64, rng, force_last=88.5)


def _l3_training(p: Periods, rng) -> list[list]:
    """Slipping, latest red."""
    return pct_rows("health_l3_training_compliance_pct", p.quarters,
                    88.5 - 4.0 * p.tq + rng.normal(0, 1.0, p.nq), 0, rng, with_nd=False,
                    force_last=83.4)


def _dsl_training(p: Periods, rng) -> list[list]:
    """A newer return (fewer than 12 quarters: no SPC yet), latest green."""
    start = parse_iso_date(expected_from(p.win)[LATE_STARTER])
    qs = [q for q in p.quarters if q >= start]
    nd = len(qs)
    rates = 90 + 6 * np.linspace(0, 1, max(nd, 1))[:nd] + rng.normal(0, 0.8, nd)
    return pct_rows(LATE_STARTER, qs, rates, 74, rng, force_last=96.3)


# (seed stream, generator): the stream numbers are fixed, so the values never move
# when a generator is added or reordered.
SUPPLIED = (
    (1, _referrals), (2, _rereferrals), (3, _assessment_days), (4, _new_birth_visits),
    (5, _gcp2), (6, _persistent_absence), (7, _return_interviews), (8, _missing_episodes),
    (9, _first_time_entrants), (10, _feel_safe), (11, _encompass), (12, _marac),
    (13, _da_incidents), (14, _probation_checks), (15, _l3_training), (16, _dsl_training),
)


def indicator_rows(win: Window, seed: int) -> list[list]:
    periods = Periods.of(win)
    rows: list[list] = []
    for stream, make in SUPPLIED:
        rows += make(periods, rng_for(seed, S_INDICATORS, stream))
    order = {c[0]: i for i, c in enumerate(CATALOGUE)}
    rows.sort(key=lambda r: (order[r[0]], r[1]))
    return rows


def write_indicators(out: Path, rows: list[list]) -> int:
    return write_csv(out / "indicators.csv", COLUMNS, rows)
