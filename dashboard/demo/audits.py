"""audits.csv: multi-agency, thematic, deep-dive and single-agency audit exercises.

Grades improve over the window; two multi-agency exercises re-audit earlier ones (same
area) and do visibly better.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .common import S_AUDITS, boolean, columns, rng_for, write_csv
from .timeline import Window

COLUMNS = columns("audits")

THEMES = {
    "front_door": ["Quality of referrals to the MASH", "Threshold decisions at the front door",
                   "Step-down from social care to early help"],
    "neglect": ["Chronic neglect in pre-school children", "Use of the Graded Care Profile 2",
                "Neglect of adolescents"],
    "exploitation": ["Children missing from home and return interviews",
                     "Criminal exploitation and county lines", "Contextual safeguarding plans"],
    "domestic_abuse": ["Children's voice in MARAC cases", "Unborn babies and domestic abuse",
                       "Operation Encompass notifications"],
    "learning_and_improvement": ["Professional challenge and escalation",
                                 "Impact of multi-agency training on practice",
                                 "Implementation of review recommendations"],
}
AREA_CYCLE = ["neglect", "domestic_abuse", "exploitation", "front_door",
              "learning_and_improvement"]
# Re-audits: exercise 6 re-audits 1, and 12 re-audits 7 (same area by construction).
REAUDITS = ((6, 1), (12, 7))
# Agencies joining a multi-agency audit of a case, with the chance each takes part.
MULTI_AGENCY = (("police", 0.8), ("health", 0.85), ("education", 0.6), ("probation", 0.1),
                ("voluntary", 0.12))


@dataclass
class Exercise:
    audit_id: str
    audit_type: str
    area: str
    theme: str
    month: date
    n_cases: int
    mode: str            # "multi", "deep" or the single agency's code
    reaudit_of: str = ""
    shift: float = 0.0   # a re-audit does better, the audit it repeats worse


def exercises(win: Window, rng) -> list[Exercise]:
    out = []
    maa_months = [m for m in win.months if m.month % 3 == 2]
    for k, m in enumerate(maa_months):
        area = AREA_CYCLE[k % 5]
        out.append(Exercise(f"MAA-{m.year}-{m.month:02d}", "multi_agency", area,
                            THEMES[area][(k // 5) % 3], m, int(rng.integers(6, 9)), "multi"))
    for new, old in REAUDITS:
        if new < len(out):
            out[new].theme = "Re-audit: " + out[old].theme
            out[new].reaudit_of = out[old].audit_id
            out[new].shift, out[old].shift = 0.18, -0.15
    for k, m in enumerate(win.months):
        out += _other_exercises(rng, k, m)
    out.sort(key=lambda e: (e.month, e.audit_id))
    return out


def _other_exercises(rng, k: int, m: date) -> list[Exercise]:
    out = []
    if m.month in (3, 9) and k >= 3:  # thematic audits twice a year
        area = AREA_CYCLE[(k // 6 + 2) % 5]
        out.append(Exercise(f"THM-{m.year}-{m.month:02d}", "thematic", area,
                            THEMES[area][(k // 6) % 3], m, int(rng.integers(4, 6)), "multi"))
    if m.month == 6:  # a deep dive each June
        area = AREA_CYCLE[(m.year + 1) % 5]
        out.append(Exercise(f"DD-{m.year}-06", "deep_dive", area,
                            "Deep dive: " + THEMES[area][m.year % 3].lower(), m, 3, "deep"))
    if m.month in (1, 7) and k >= 2:  # single-agency audits
        agency = "health" if m.month == 1 else "education"
        area = "neglect" if m.month == 1 else "domestic_abuse"
        out.append(Exercise(f"SAA-{m.year}-{m.month:02d}", "single_agency", area,
                            f"Single-agency audit ({agency}): " + THEMES[area][1].lower(),
                            m, int(rng.integers(8, 11)), agency))
    return out


def _case_agencies(rng, mode: str) -> list[str]:
    if mode not in ("multi", "deep"):
        return [mode]
    agencies = ["local_authority"]
    for ag, p in MULTI_AGENCY:
        if mode == "deep" or rng.random() < p:
            agencies.append(ag)
    return agencies[:5] if mode == "deep" else agencies


def _grade(rng, r: float, p_gob: float, p_inad: float) -> str:
    if r < p_gob:
        return "outstanding" if rng.random() < 0.15 else "good"
    if r < 1 - p_inad:
        return "requires_improvement"
    return "inadequate"


def _exercise_rows(rng, win: Window, ex: Exercise, case_refs: list[str]) -> list[list]:
    cal = win.cal
    tf = win.frac(ex.month)
    p_gob = min(0.92, 0.44 + 0.36 * tf + ex.shift)
    p_inad = max(0.02, 0.13 - 0.09 * tf - max(ex.shift, 0) * 0.3)
    base_day = cal.roll_forward(ex.month + timedelta(days=int(rng.integers(5, 18))))
    if base_day > win.as_of or base_day.month != ex.month.month:
        base_day = cal.roll_forward(ex.month)
    pairs = [(ref, ag) for ref in case_refs for ag in _case_agencies(rng, ex.mode)]
    k = len(pairs)
    u = rng.random(k)
    if ex.shift:  # audits and their re-audits: stratified, so the change is the story
        u = (rng.permutation(k) + u) / k
    rows = []
    for (case_ref, ag), r in zip(pairs, u):
        grade = _grade(rng, r, p_gob, p_inad)
        day = cal.roll_forward(base_day + timedelta(days=int(rng.integers(0, 6))))
        if day.month != ex.month.month or day > win.as_of:
            day = base_day
        rows.append([ex.audit_id, ex.audit_type, ex.area, ex.theme, case_ref, ag,
                     day.isoformat(), grade,
                     boolean(rng.random() < 0.55 + 0.25 * tf + ex.shift / 2),
                     boolean(rng.random() < 0.28 + 0.22 * tf),
                     boolean(rng.random() < 0.7 + 0.15 * tf),
                     ex.reaudit_of])
    return rows


def audit_rows(win: Window, seed: int) -> list[list]:
    rng = rng_for(seed, S_AUDITS)
    exs = exercises(win, rng)
    used_refs = rng.permutation(90000)[:4000] + 10000
    rows, ri = [], 0
    for ex in exs:
        refs = [f"AC{int(x):05d}" for x in used_refs[ri:ri + ex.n_cases]]
        ri += ex.n_cases
        rows += _exercise_rows(rng, win, ex, refs)
    return rows


def write_audits(out: Path, rows: list[list]) -> int:
    return write_csv(out / "audits.csv", COLUMNS, rows)
