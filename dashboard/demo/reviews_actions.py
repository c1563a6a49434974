"""case_reviews.csv and actions.csv: serious incidents, their reviews, and the actions
that reviews, audits, inspections and self-assessments raise.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from .areas import AREA_IDS, SUBGROUP
from .common import S_ACTIONS, S_REVIEWS, columns, iso, pick, rng_for, write_csv
from .timeline import Window, add_months, month_end
from ..analysis.values import parse_iso_date

REVIEW_COLUMNS = columns("case_reviews")
ACTION_COLUMNS = columns("actions")
N_REVIEWS = 25


# ------------------------------------------------------------------------- case reviews

def _aware_dates(win: Window, rng) -> list[date]:
    """Roughly one incident every two months, with jitter; the last two are recent."""
    cal = win.cal
    span = (win.as_of - win.start).days
    offsets = np.linspace(15, span - 75, N_REVIEWS - 2) + rng.integers(-20, 21, N_REVIEWS - 2)
    aware = [cal.roll_forward(win.start + timedelta(days=int(o))) for o in offsets]
    aware += [cal.roll_forward(win.as_of - timedelta(days=24)),
              cal.roll_forward(win.as_of - timedelta(days=9))]
    return [min(a, win.as_of) for a in aware]


def _lcspr(rec: dict, win: Window, rng, rapid: date, overdue: bool) -> None:
    """An LCSPR: decided weeks after the rapid review, completed 3-7 months later,
    published weeks after that; the overdue one waits on criminal proceedings."""
    cal = win.cal
    rec["outcome"] = "lcspr"
    decided = cal.roll_forward(rapid + timedelta(days=int(rng.integers(7, 28))))
    completed = cal.roll_forward(add_months(decided, int(rng.integers(3, 7)))
                                 + timedelta(days=int(rng.integers(0, 20))))
    published = cal.roll_forward(completed + timedelta(days=int(rng.integers(10, 50))))
    if overdue:  # publication delayed by criminal proceedings
        completed = cal.roll_forward(add_months(decided, 5))
        published = None
    rec["lcspr_decided_on"] = decided
    rec["lcspr_completed_on"] = completed if completed <= win.as_of else None
    rec["lcspr_published_on"] = (published if published is not None
                                 and published <= win.as_of
                                 and rec["lcspr_completed_on"] else None)
    if rec["lcspr_completed_on"]:
        rec["recommendations"] = int(rng.integers(3, 7))


def _known_at_as_of(rec: dict, as_of: date) -> None:
    """Nothing after as_of is known yet."""
    for key in ("panel_notified_on", "rapid_review_on"):
        if rec[key] is not None and rec[key] > as_of:
            rec[key] = None
    undecided = rec["rapid_review_on"] is None and rec["outcome"] in ("lcspr", "no_lcspr")
    if undecided:
        rec["outcome"] = ""
    if undecided or (rec["lcspr_decided_on"] is not None and rec["lcspr_decided_on"] > as_of):
        rec["lcspr_decided_on"] = rec["lcspr_completed_on"] = None
        rec["lcspr_published_on"] = rec["recommendations"] = None


def _review(win: Window, rng, i: int, a: date, rid: str, overdue_i: int) -> dict:
    cal = win.cal
    late_notify = rng.random() < 0.2
    k_n = int(rng.integers(6, 11)) if late_notify else int(rng.choice([1, 1, 2, 2, 3, 4, 5]))
    notified = cal.add_wd_date(a, k_n)
    k_r = int(rng.integers(16, 26)) if rng.random() < 0.25 else int(rng.integers(9, 16))
    rapid = cal.add_wd_date(notified, k_r)
    rec = {"review_id": rid, "aware_on": a, "panel_notified_on": notified,
           "rapid_review_on": rapid, "outcome": "", "lcspr_decided_on": None,
           "lcspr_completed_on": None, "lcspr_published_on": None, "recommendations": None}
    if i == N_REVIEWS - 1:  # the latest incident: notified, rapid review not yet held
        rec["panel_notified_on"] = cal.add_wd_date(a, 2)
        rec["rapid_review_on"] = None
    elif i == N_REVIEWS - 2:  # rapid review held, panel decision awaited
        rec["outcome"] = "pending"
        rec["panel_notified_on"] = cal.add_wd_date(a, 3)
        rec["rapid_review_on"] = cal.add_wd_date(rec["panel_notified_on"], 12)
        if rec["rapid_review_on"] > win.as_of:
            rec["rapid_review_on"] = None
    elif rng.random() < 0.3 or i == overdue_i:
        _lcspr(rec, win, rng, rapid, overdue=i == overdue_i)
    else:
        rec["outcome"] = "no_lcspr"
        rec["recommendations"] = int(rng.choice([0, 1, 1, 2, 2, 3]))
    _known_at_as_of(rec, win.as_of)
    return rec


def case_reviews(win: Window, seed: int) -> list[dict]:
    rng = rng_for(seed, S_REVIEWS)
    aware = _aware_dates(win, rng)
    # The LCSPR that is overdue at as_of: decided 7-14 months before as_of.
    target = add_months(win.as_of, -11)
    overdue_i = int(np.argmin([abs((a - target).days) for a in aware[:-2]]))
    reviews, per_year = [], {}
    for i, a in enumerate(aware):
        per_year[a.year] = per_year.get(a.year, 0) + 1
        reviews.append(_review(win, rng, i, a, f"SI-{a.year}-{per_year[a.year]:02d}",
                               overdue_i))
    return reviews


def review_rows(reviews: list[dict]) -> list[list]:
    return [[r["review_id"], iso(r["aware_on"]), iso(r["panel_notified_on"]),
             iso(r["rapid_review_on"]), r["outcome"], iso(r["lcspr_decided_on"]),
             iso(r["lcspr_completed_on"]), iso(r["lcspr_published_on"]),
             "" if r["recommendations"] is None else str(r["recommendations"])]
            for r in reviews]


def write_case_reviews(out: Path, reviews: list[dict]) -> int:
    return write_csv(out / "case_reviews.csv", REVIEW_COLUMNS, review_rows(reviews))


# ------------------------------------------------------------------------- actions

# Recommendations by area, with the indicator each is meant to move (None: no single
# indicator measures it).
RECS = {
    "front_door": [
        ("Refresh the threshold guidance and relaunch it with all referring agencies",
         "mash_conversion_rate"),
        ("Introduce a daily multi-agency triage meeting at the MASH",
         "mash_decision_within_1wd"),
        ("Audit a sample of no-further-action decisions each quarter",
         "mash_repeat_contacts_12m"),
        ("Agree an escalation route for referrers who disagree with a MASH decision", None),
        ("Give referrers written feedback on the outcome of every contact", None),
        ("Strengthen the step-down process from social care to early help",
         "la_rereferrals_12m_pct"),
    ],
    "neglect": [
        ("Embed the Graded Care Profile 2 in all neglect assessments",
         "la_gcp2_completion_pct"),
        ("Train health visitors and school nurses in recognising cumulative neglect",
         "health_new_birth_visit_14d_pct"),
        ("Publish a multi-agency neglect practice guide", None),
        ("Review the oversight of children on plans for neglect for more than 18 months",
         None),
        ("Ensure dental and health appointments missed are followed up as a neglect "
         "indicator", None),
    ],
    "exploitation": [
        ("Offer every child returning from a missing episode a return home interview "
         "within 72 hours", "la_return_interviews_72h_pct"),
        ("Share exploitation intelligence at a weekly multi-agency meeting",
         "police_missing_episodes"),
        ("Map peer groups and places of concern for contextual safeguarding plans",
         "voluntary_feel_safe_score"),
        ("Review the transition of exploited young people to adult services", None),
        ("Develop a disruption toolkit with the community safety partnership",
         "yj_first_time_entrants_10k"),
    ],
    "domestic_abuse": [
        ("Notify schools of domestic abuse incidents before the next school day",
         "police_encompass_notifications_pct"),
        ("Ensure health is represented at every MARAC meeting", "health_marac_attendance_pct"),
        ("Record the voice of the child in all domestic abuse risk assessments", None),
        ("Include unborn babies in domestic abuse safety planning", None),
        ("Brief GPs on routine enquiry about domestic abuse", None),
    ],
    "learning_and_improvement": [
        ("Publish a seven-minute briefing on the review's learning", None),
        ("Evaluate the impact of multi-agency training three months after each course",
         "training_confidence_uplift"),
        ("Track review recommendations to completion at every partnership meeting",
         "actions_completed_on_time"),
        ("Include families and practitioners in every multi-agency audit", None),
        ("Report audit findings to the partnership with an action plan",
         "audit_good_or_better"),
        ("Commission a thematic review of professional curiosity", None),
    ],
}
OWNERS = {
    "front_door": ["MASH Manager", "Children's Social Care", "Police", "Early Help Service"],
    "neglect": ["Children's Social Care", "ICB Designated Nurse", "Health Visiting Service",
                "Education Safeguarding Team"],
    "exploitation": ["Police", "Children's Social Care", "Youth Justice Service",
                     "Community Safety Partnership"],
    "domestic_abuse": ["Police", "ICB Designated Nurse", "Domestic Abuse Partnership",
                       "Probation Service"],
    "learning_and_improvement": ["Partnership Business Unit",
                                 "Learning and Improvement Subgroup", "Training Coordinator",
                                 "ICB Designated Doctor"],
}
EVIDENCE = [
    "Revised guidance published on the partnership website and briefed to practitioners",
    "Minutes of the subgroup show the new process in place; dip sample of 10 cases confirmed it",
    "Training delivered to {n} practitioners; evaluation returned",
    "Procedure updated and signed off by the executive group",
    "Quarterly performance report shows the change sustained",
    "Re-audit of cases found the practice embedded",
    "Seven-minute briefing circulated and discussed in team meetings",
]


@dataclass(frozen=True)
class FollowUp:
    """An action another file asks for (a standard not met in a self-assessment), with
    everything decided by that file; `key` is how that file finds its action_id."""
    key: tuple
    source_type: str
    source_ref: str
    recommendation: str
    owner: str
    area_id: str
    raised_on: date
    due_on: date
    status: str
    completed_on: date | None
    evidence: str
    indicator_id: str

    def as_row(self) -> list:
        return [None, self.source_type, self.source_ref, self.recommendation, self.owner,
                self.area_id, SUBGROUP.get(self.area_id, ""), self.raised_on.isoformat(),
                self.due_on.isoformat(), self.status, iso(self.completed_on), self.evidence,
                self.indicator_id]


@dataclass(frozen=True)
class Source:
    """Something that raises actions: a review, an audit, an inspection..."""
    source_type: str
    source_ref: str
    raised_on: date
    area: str | None   # None: each action gets an area of its own
    count: int


def _review_sources(reviews: list[dict], rng) -> list[Source]:
    out = []
    for r in reviews:
        if r["outcome"] == "no_lcspr" and r["recommendations"]:
            out.append(Source("rapid_review", r["review_id"],
                              r["rapid_review_on"] + timedelta(days=int(rng.integers(5, 20))),
                              None, r["recommendations"]))
        if r["outcome"] == "lcspr" and r["recommendations"]:
            out.append(Source("lcspr", r["review_id"], r["lcspr_completed_on"], None,
                              r["recommendations"]))
    return out


def _audit_sources(audits: list[list], rng) -> list[Source]:
    out, seen = [], set()
    for row in audits:
        if row[1] != "single_agency" and row[0] not in seen:
            seen.add(row[0])
            k = int(rng.integers(1, 4)) if row[1] == "multi_agency" else 1
            out.append(Source("audit", row[0], parse_iso_date(row[6]) + timedelta(days=21),
                              row[2], k))
    return out


def _calendar_sources(win: Window) -> list[Source]:
    """Independent reviews, an inspection and business plans. (Section 11 actions are
    the follow-ups of self_assessments.csv.)"""
    out = []
    for y in range(win.start.year, win.as_of.year + 1):
        d = date(y, 6, 15)
        if win.start <= d <= win.as_of and y % 2 == 1:
            out.append(Source("independent_review", f"ISR-{y}", d, None, 4))
    mid = add_months(win.start, 20)
    out.append(Source("inspection", f"JTAI-{mid.year}", mid + timedelta(days=12),
                      "exploitation", 5))
    for k in (8, 26, 40):
        d = add_months(win.start, k)
        if d <= win.as_of:
            out.append(Source("other", f"BP-{d.year}", d + timedelta(days=3), None, 2))
    return out


def _progress(win: Window, rng, raised: date, due: date) -> tuple[str, date | None]:
    """Status and completion date at as_of: most completed on time, some late, some
    still open after their due date."""
    p_ontime = 0.55 + 0.3 * win.frac(raised)
    completed = None
    if due < win.as_of:
        r = rng.random()
        if r < p_ontime:
            completed = raised + timedelta(days=int((due - raised).days * rng.uniform(0.4, 1.0)))
        elif r < p_ontime + 0.6 * (1 - p_ontime):
            completed = due + timedelta(days=int(rng.integers(3, 150)))
            if completed > win.as_of:
                completed = None
        if completed is None:
            return ("not_started" if rng.random() < 0.35 else "in_progress"), None
        return "completed", completed
    elapsed = (win.as_of - raised).days / max(1, (due - raised).days)
    if rng.random() < 0.35 * elapsed:
        days = int((win.as_of - raised).days * rng.uniform(0.3, 1.0))
        return "completed", raised + timedelta(days=days)
    started = elapsed > 0.35 or rng.random() < 0.4
    return ("in_progress" if started else "not_started"), None


def _action(win: Window, rng, src: Source) -> list:
    a = src.area if src.area is not None else AREA_IDS[int(rng.choice(len(AREA_IDS),
                                                                       p=[0.2] * 5))]
    rec, indicator = pick(rng, RECS[a])
    owner = pick(rng, OWNERS[a])
    due = src.raised_on + timedelta(days=int(rng.integers(60, 270)))
    due = month_end(due.year, due.month)
    status, completed = _progress(win, rng, src.raised_on, due)
    evidence = ""
    if completed is not None:
        if completed <= win.as_of - timedelta(days=90) and rng.random() < 0.45:
            status = "impact_evidenced"
        evidence = pick(rng, EVIDENCE).format(n=int(rng.integers(25, 180)))
    keep_area = rng.random() < 0.92
    return [None, src.source_type, src.source_ref, rec, owner, a if keep_area else "",
            SUBGROUP[a] if keep_area else "", src.raised_on.isoformat(), due.isoformat(),
            status, iso(completed), evidence, indicator or ""]


def action_rows(win: Window, seed: int, reviews: list[dict], audits: list[list],
                follow_ups: list[FollowUp] = ()) -> tuple[list[list], dict[tuple, str]]:
    """actions.csv rows in order raised, numbered ACT-0001...; and the action_id given
    to each follow-up, by its key."""
    rng = rng_for(seed, S_ACTIONS)
    sources = [Source("scr", "SCR-LEGACY-01", win.start + timedelta(days=9), None, 3)]
    sources += _review_sources(reviews, rng)
    sources += _audit_sources(audits, rng)
    sources += _calendar_sources(win)
    sources.sort(key=lambda s: (s.raised_on, s.source_type, s.source_ref))
    rows: list[tuple[list, tuple | None]] = []
    for src in sources:
        if src.raised_on <= win.as_of:
            rows += [(_action(win, rng, src), None) for _ in range(src.count)]
    rows += [(f.as_row(), f.key) for f in follow_ups if f.raised_on <= win.as_of]
    rows.sort(key=lambda r: r[0][7])  # stable: same-day actions keep their order
    ids = {}
    for i, (r, key) in enumerate(rows):
        r[0] = f"ACT-{i + 1:04d}"
        if key is not None:
            ids[key] = r[0]
    return [r for r, _ in rows], ids


def write_actions(out: Path, rows: list[list]) -> int:
    return write_csv(out / "actions.csv", ACTION_COLUMNS, rows)
