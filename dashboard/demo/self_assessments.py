"""self_assessments.csv: two rounds of Section 11 and section 175 self-assessments.

Each round every organisation rates itself against the partnership's standards (Section
11 of the Children Act 2004 for agencies, section 175 of the Education Act 2002 for
schools); a challenge event in the autumn then tests a sample of ratings, and some come
down. Standards not met get a follow-up action in actions.csv.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ..data.contract import RATINGS   # best first: met > partially_met > not_met
from .common import S_SELF_ASSESSMENTS, columns, iso, rng_for, write_csv
from .reviews_actions import FollowUp
from .timeline import Window, add_months, fy_label, month_end

COLUMNS = columns("self_assessments")

# (short code, what it asks, the indicator a shortfall would move, the priority area)
STANDARDS = {
    "section_11": (
        ("1", "senior leadership and accountability for safeguarding", None,
         "learning_and_improvement"),
        ("2", "a clear safeguarding policy and procedures", None, "learning_and_improvement"),
        ("3", "the child's voice shaping services", None, "learning_and_improvement"),
        ("4", "safeguarding training for all staff", "health_l3_training_compliance_pct",
         "learning_and_improvement"),
        ("5", "safer recruitment and managing allegations", None, "learning_and_improvement"),
        ("6", "information sharing and multi-agency working", None, "front_door"),
        ("7", "safeguarding supervision and support for staff", None,
         "learning_and_improvement"),
        ("8", "learning from reviews and audits", None, "learning_and_improvement"),
    ),
    "section_175": (
        ("s175-1", "a trained designated safeguarding lead in post",
         "education_dsl_training_pct", "learning_and_improvement"),
        ("s175-2", "staff safeguarding training and induction", None,
         "learning_and_improvement"),
        ("s175-3", "safer recruitment and the single central record", None,
         "learning_and_improvement"),
        ("s175-4", "recording concerns and referring them on", None, "front_door"),
        ("s175-5", "online safety, filtering and monitoring", None, "exploitation"),
        ("s175-6", "teaching children how to keep safe", None, "learning_and_improvement"),
    ),
}
# (organisation, agency, framework): fictional bodies of the fictional partnership.
ORGANISATIONS = (
    ("Riverside Borough Council Children's Services", "local_authority", "section_11"),
    ("Riverside Borough Council Housing Services", "housing", "section_11"),
    ("Wealdshire Police", "police", "section_11"),
    ("Riverside and Wealdshire Integrated Care Board", "health", "section_11"),
    ("Riverside Hospitals NHS Foundation Trust", "health", "section_11"),
    ("Riverside Community Health Services", "health", "section_11"),
    ("Wealdshire Mental Health Partnership", "health", "section_11"),
    ("Probation Service (Wealdshire delivery unit)", "probation", "section_11"),
    ("Riverside Youth Justice Service", "youth_justice", "section_11"),
    ("Cafcass", "cafcass", "section_11"),
    ("Riverside Homes Housing Association", "housing", "section_11"),
    ("Riverside Council for Voluntary Service", "voluntary", "section_11"),
    ("Northfield Youth Trust", "voluntary", "section_11"),
    ("St Aidan's Primary School", "education", "section_175"),
    ("Northfield Primary School", "education", "section_175"),
    ("Eastmoor Academy", "education", "section_175"),
    ("Southbank High School", "education", "section_175"),
    ("Westbridge Infant School", "education", "section_175"),
    ("Riverside College", "education", "section_175"),
)
# Returns sent after the due date (by round, 0 = the older), and the one never sent.
LATE = ({"Northfield Youth Trust"}, {"Wealdshire Mental Health Partnership",
                                     "Southbank High School"})
MISSING_IN_LATEST = "Riverside Homes Housing Association"
# Self-ratings improve between rounds: (met, partially_met, not_met) by round.
RATING_P = ((0.62, 0.33, 0.05), (0.72, 0.25, 0.03))
# The latest round's story: the acute trust rated its training standard partially met,
# and the challenge event found it not met (its level 3 training figure is red).
CHALLENGED = ("Riverside Hospitals NHS Foundation Trust", "4")
SAMPLED_ORGANISATIONS, SAMPLED_STANDARDS = 7, 3
P_DOWNGRADE, P_UPGRADE = 0.3, 0.05


@dataclass(frozen=True)
class Round:
    fy: int
    due_on: date
    challenge_on: date | None  # the challenge event; None when after as_of
    index: int                 # 0 = the older round, 1 = the latest

    @property
    def label(self) -> str:
        return fy_label(self.fy)


def rounds(win: Window) -> list[Round]:
    """The two latest financial years whose round is due (30 June, on a working day)
    and at least six weeks past its due date at as_of, so a late return can exist."""
    cal = win.cal
    latest = win.as_of.year if date(win.as_of.year, 8, 15) <= win.as_of else win.as_of.year - 1
    out = []
    for index, fy in enumerate((latest - 1, latest)):
        due = cal.roll_forward(date(fy, 6, 30))
        challenge = cal.roll_forward(date(fy, 9, 20))
        out.append(Round(fy, due, challenge if challenge <= win.as_of else None, index))
    return out


def _submitted(rng, win: Window, rnd: Round, org: str) -> date | None:
    if rnd.index == 1 and org == MISSING_IN_LATEST:
        return None
    if org in LATE[rnd.index]:
        return win.cal.roll_forward(rnd.due_on + timedelta(days=int(rng.integers(9, 35))))
    return win.cal.roll_forward(rnd.due_on - timedelta(days=int(rng.integers(1, 40))))


def _validate(rng, self_rating: str) -> str:
    """The rating after challenge: mostly confirmed, sometimes lower, rarely higher."""
    i = RATINGS.index(self_rating)
    u = rng.random()
    if u < P_DOWNGRADE and i < len(RATINGS) - 1:
        return RATINGS[i + 1]
    if u > 1 - P_UPGRADE and i > 0:
        return RATINGS[i - 1]
    return self_rating


@dataclass
class Row:
    rnd: Round
    org: str
    agency: str
    framework: str
    standard: tuple
    submitted_on: date | None
    self_rating: str = ""
    validated_rating: str = ""
    validated_on: date | None = None
    action_id: str = ""

    @property
    def effective(self) -> str:
        return self.validated_rating or self.self_rating

    def as_list(self) -> list:
        return [self.rnd.label, self.framework, self.org, self.agency, self.standard[0],
                self.rnd.due_on.isoformat(), iso(self.submitted_on), self.self_rating,
                self.validated_rating, iso(self.validated_on), self.action_id]


def _round_rows(rng, win: Window, rnd: Round) -> list[Row]:
    rows = []
    p = RATING_P[rnd.index]
    for org, agency, framework in ORGANISATIONS:
        submitted = _submitted(rng, win, rnd, org)
        for std in STANDARDS[framework]:
            row = Row(rnd, org, agency, framework, std, submitted)
            if submitted is not None:
                row.self_rating = RATINGS[int(rng.choice(3, p=p))]
            rows.append(row)
    _challenge(rng, rnd, rows)
    if rnd.index == 1:
        _challenged_at_event(rnd, rows)
    return rows


def _challenged_at_event(rnd: Round, rows: list[Row]) -> None:
    org, code = CHALLENGED
    row = next(r for r in rows if r.org == org and r.standard[0] == code)
    if row.submitted_on is None:
        return
    if rnd.challenge_on is None:
        row.self_rating = "not_met"
        return
    row.self_rating, row.validated_rating = "partially_met", "not_met"
    row.validated_on = rnd.challenge_on


def _challenge(rng, rnd: Round, rows: list[Row]) -> None:
    """Test a sample of organisations' ratings at the challenge event; make sure at least
    one rating comes down, as happens at every such event."""
    if rnd.challenge_on is None:
        return
    orgs = sorted({r.org for r in rows if r.submitted_on is not None
                   and r.submitted_on <= rnd.challenge_on}, key=_org_order)
    chosen = sorted(rng.choice(len(orgs), SAMPLED_ORGANISATIONS, replace=False))
    tested = []
    for k in chosen:
        own = [r for r in rows if r.org == orgs[k]]
        for j in sorted(rng.choice(len(own), SAMPLED_STANDARDS, replace=False)):
            own[j].validated_rating = _validate(rng, own[j].self_rating)
            own[j].validated_on = rnd.challenge_on
            tested.append(own[j])
    if not any(RATINGS.index(r.validated_rating) > RATINGS.index(r.self_rating)
               for r in tested):
        first = next((r for r in tested if r.self_rating != "not_met"), None)
        if first is not None:
            first.validated_rating = RATINGS[RATINGS.index(first.self_rating) + 1]


def _org_order(name: str) -> int:
    return [o[0] for o in ORGANISATIONS].index(name)


# ------------------------------------------------------------------------- follow-ups

def _follow_up(win: Window, row: Row, k: int) -> FollowUp:
    """The action for a standard not met: the older round's mostly done (one late, one
    with impact evidenced), the latest round's mostly open."""
    code, what, indicator, area = row.standard
    raised = min(win.as_of, (row.validated_on or row.submitted_on) + timedelta(days=14))
    due = add_months(raised, 4)
    due = month_end(due.year, due.month)
    prefix = "Section 11" if row.framework == "section_11" else "Section 175"
    status, completed = _follow_up_status(win, row.rnd.index, k, raised, due)
    if completed is not None:  # on a working day, never after as_of
        completed = min(win.cal.roll_forward(completed), win.as_of)
    evidence = ""
    if completed is not None:
        evidence = (f"Re-assessed against standard {code} at the subgroup and now met; "
                    "evidence seen by the business unit")
    return FollowUp(
        key=(row.rnd.label, row.org, code), source_type="section_11",
        source_ref=f"{'S11' if row.framework == 'section_11' else 'S175'}-{row.rnd.label}",
        recommendation=f"{prefix} standard {code} not met: put in place {what}",
        owner=row.org, area_id=area, raised_on=raised, due_on=due, status=status,
        completed_on=completed, evidence=evidence, indicator_id=indicator or "")


def _follow_up_status(win: Window, round_index: int, k: int, raised: date,
                      due: date) -> tuple[str, date | None]:
    if round_index == 1:  # latest round: open, bar the first, done quickly
        if k == 0 and raised + timedelta(days=30) <= win.as_of:
            return "completed", raised + timedelta(days=30)
        return ("not_started" if k % 3 == 2 else "in_progress"), None
    pattern = k % 4  # older round: on time, impact evidenced, late, still open
    if pattern == 3:
        return "in_progress", None
    done = due + timedelta(days=21) if pattern == 2 else due - timedelta(days=20 + 5 * k)
    done = max(done, raised)
    if done > win.as_of:
        return "in_progress", None
    if pattern == 1 and done <= win.as_of - timedelta(days=90):
        return "impact_evidenced", done
    return "completed", done


# ------------------------------------------------------------------------- the file

def self_assessment_rows(win: Window, seed: int) -> tuple[list[Row], list[FollowUp]]:
    """The rows of both rounds, and the follow-up actions their not-met standards need
    (their action_id is filled in once actions.csv has numbered them)."""
    rng = rng_for(seed, S_SELF_ASSESSMENTS)
    rows, follow_ups = [], []
    for rnd in rounds(win):
        round_rows = _round_rows(rng, win, rnd)
        not_met = [r for r in round_rows if r.effective == "not_met"]
        follow_ups += [_follow_up(win, r, k) for k, r in enumerate(not_met)]
        rows += round_rows
    return rows, follow_ups


def fill_action_ids(rows: list[Row], action_ids: dict[tuple, str]) -> None:
    for r in rows:
        r.action_id = action_ids.get((r.rnd.label, r.org, r.standard[0]), "")


def write_self_assessments(out: Path, rows: list[Row]) -> int:
    return write_csv(out / "self_assessments.csv", COLUMNS, [r.as_list() for r in rows])
