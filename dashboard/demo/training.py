"""training.csv: bookings on the partnership's multi-agency courses."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np

from .common import S_TRAINING, boolean, columns, money, rng_for, write_csv
from .timeline import Window, fy_of, month_end

COLUMNS = columns("training")
COURSES = [
    ("MA01", "Multi-agency safeguarding essentials", "front_door", ("in_person", "virtual")),
    ("MA02", "Thresholds and making a good referral to the MASH", "front_door", ("virtual",)),
    ("MA03", "Neglect and the Graded Care Profile 2", "neglect", ("in_person",)),
    ("MA04", "Recognising and responding to child exploitation", "exploitation",
     ("in_person", "virtual")),
    ("MA05", "Children missing from home, care and education", "exploitation", ("virtual",)),
    ("MA06", "Domestic abuse: the impact on children", "domestic_abuse",
     ("in_person", "virtual")),
    ("MA07", "Safer sleep and infant safety", "neglect", ("e_learning",)),
    ("MA08", "Professional curiosity and escalation", "learning_and_improvement",
     ("in_person",)),
    ("MA09", "Learning from local child safeguarding practice reviews",
     "learning_and_improvement", ("virtual",)),
    ("MA10", "Harmful sexual behaviour in children and young people", "", ("virtual",)),
    ("MA11", "Online safety for practitioners", "", ("e_learning",)),
    ("MA12", "Designated safeguarding lead refresher", "learning_and_improvement",
     ("virtual", "in_person")),
]
DSL_COURSE = "MA12"
AGENCY_MIX = {"education": 0.30, "health": 0.24, "local_authority": 0.18, "police": 0.07,
              "voluntary": 0.10, "housing": 0.03, "probation": 0.02, "youth_justice": 0.03,
              "other": 0.03}
TRAIN_AGENCIES = list(AGENCY_MIX)
TRAIN_AGENCY_P = np.array(list(AGENCY_MIX.values()))
ATTENDANCE = {"in_person": 0.83, "virtual": 0.86, "e_learning": 0.92}
# Fees from April 2025 (financial year 2025/26) rose for schools and the voluntary sector.
NEW_FEES_FROM_FY = 2025


def _fee(agency: str, mode: str, fy: int) -> float | None:
    """Schools, the voluntary sector and others pay; statutory partners fund the
    programme through their contributions."""
    new = fy >= NEW_FEES_FROM_FY
    if agency == "education":
        return 10.0 if mode == "e_learning" else (45.0 if new else 40.0)
    if agency == "voluntary":
        return 10.0 if mode == "e_learning" else (30.0 if new else 25.0)
    if agency == "other":
        return 15.0 if mode == "e_learning" else 62.5
    return None


def _scores(rng, win: Window, day: date, tf: float) -> tuple[str, str, str, str]:
    """Rating, confidence before and after, three-month follow-up of an attendee."""
    rating = cb = ca = imp = ""
    if rng.random() < 0.92:
        rating = str(1 + int(rng.choice(5, p=[0.01, 0.03, 0.12, 0.42, 0.42])))
    if rng.random() < 0.95:
        b = 1 + int(rng.choice(5, p=[0.08, 0.27, 0.4, 0.2, 0.05]))
        up_p = [0.14 - 0.04 * tf, 0.55, 0.26 + 0.04 * tf, 0.05]
        a = min(5, b + int(rng.choice(4, p=up_p)))
        cb, ca = str(b), str(a)
    if day + timedelta(days=91) <= win.as_of and rng.random() < 0.4:
        imp = str(1 + int(rng.choice(5, p=[0.03, 0.1, 0.3, 0.37, 0.2])))
    return rating, cb, ca, imp


def _booking(rng, win: Window, course: tuple, mode: str, day: date, tf: float) -> list:
    cid, title, area, _modes = course
    if cid == DSL_COURSE:
        ag = "education" if rng.random() < 0.9 else "voluntary"
    else:
        ag = TRAIN_AGENCIES[int(rng.choice(len(TRAIN_AGENCIES), p=TRAIN_AGENCY_P))]
    attended = rng.random() < ATTENDANCE[mode]
    scores = _scores(rng, win, day, tf) if attended else ("", "", "", "")
    return [None, cid, title, day.isoformat(), mode, area, ag, boolean(attended), *scores,
            money(_fee(ag, mode, fy_of(day)))]


def _session(rng, win: Window, m: date) -> list[list]:
    course = COURSES[int(rng.integers(len(COURSES)))]
    modes = course[3]
    mode = modes[int(rng.integers(len(modes)))]
    day = win.cal.roll_forward(m + timedelta(days=int(rng.integers(0, 27))))
    if day > month_end(m.year, m.month):
        day = win.cal.add_wd_date(m, 1)
    tf = win.frac(day)
    n_book = int(rng.integers(9, 21)) if mode != "e_learning" else int(rng.integers(8, 17))
    return [_booking(rng, win, course, mode, day, tf) for _ in range(n_book)]


def training_rows(win: Window, seed: int) -> list[list]:
    rng = rng_for(seed, S_TRAINING)
    rows = []
    for m in win.months:
        n_sessions = {8: 1, 12: 3}.get(m.month, 4) + int(rng.integers(0, 2))
        for _ in range(n_sessions):
            rows += _session(rng, win, m)
    rows.sort(key=lambda r: (r[3], r[1]))
    for i, r in enumerate(rows):
        r[0] = f"TB{i + 1:06d}"
    return rows


def write_training(out: Path, rows: list[list]) -> int:
    return write_csv(out / "training.csv", COLUMNS, rows)
