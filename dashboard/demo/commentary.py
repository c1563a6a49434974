"""commentary.csv: what the owners of the figures say about them.

A latest comment on most indicators that are red or amber at as_of (and a few others
worth explaining), an earlier comment on each, and a comment on most priority areas.
One latest comment is about the period before the indicator's latest figures (the
subgroup met before they came in), so the dashboard's "written about ..., before the
latest figures" shows. Authors are roles, never people.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .areas import INDICATOR
from .common import columns, write_csv
from .timeline import Window, add_months
from ..analysis.values import parse_iso_date

COLUMNS = columns("commentary")
MAX_CHARS = 2000  # datasets.md: comment and next_steps at most 2,000 characters


@dataclass(frozen=True)
class Note:
    indicator_id: str
    author: str
    comment: str
    next_steps: str
    earlier: str
    about: str = "latest"  # latest | previous (before the latest figures) | last_due


NOTES = (
    Note("la_return_interviews_72h_pct", "Chair, exploitation subgroup",
         "Return home interviews offered within 72 hours have fallen every month for eight "
         "months. The commissioned return interview service lost two of its five workers "
         "and has not yet recruited; children who return at weekends wait longest. This "
         "is now the partnership's most concerning measure.",
         "Youth service to cover weekend return interviews from next month; recruitment "
         "to the two posts to be escalated to the commissioner; report to the executive "
         "at its next meeting.",
         "Return interviews within 72 hours are holding around target. The service is "
         "stretched over the summer and the subgroup is watching it."),
    Note("health_l3_training_compliance_pct", "Designated Nurse, ICB",
         "Level 3 safeguarding training compliance has slipped quarter on quarter and is "
         "now well below target. The gaps are in the acute trust's emergency department "
         "and among newly recruited GPs; e-learning completion is good, but the "
         "face-to-face updates are fully booked.",
         "The trust is adding two extra level 3 sessions a month; the ICB will report "
         "compliance by practice to the primary care board; review at the next quarter.",
         "Compliance is just under target after the winter. Extra sessions are planned "
         "for the spring."),
    Note("la_rereferrals_12m_pct", "Chair, front door and early help subgroup",
         "Re-referrals within 12 months are just above target but within tolerance. A dip "
         "sample found most follow a step-down to early help that did not hold.",
         "Revise the step-down protocol with early help and re-sample in three months.",
         "Re-referrals are stable around the target; no action needed beyond the "
         "quarterly dip sample."),
    Note("health_new_birth_visit_14d_pct", "Designated Nurse, ICB",
         "New birth visits within 14 days dipped, as they do in the summer and at "
         "Christmas when health visitors' leave is highest. Every family missed was seen "
         "within 21 days.",
         "Health visiting to stagger leave across the summer; the subgroup will check the "
         "next two months.",
         "New birth visits are on target after the Christmas dip recovered."),
    Note("la_gcp2_completion_pct", "Chair, neglect subgroup",
         "Use of the Graded Care Profile 2 keeps improving quarter on quarter and is close "
         "to target. Practitioners trained last year use it routinely; agency staff are "
         "not yet trained.",
         "Add the Graded Care Profile 2 to agency social workers' induction; report the "
         "next quarter's figure to the subgroup.",
         "Completion is improving slowly. The new training offer starts next quarter.",
         about="previous"),
    Note("education_persistent_absence_pct", "Education Safeguarding Lead",
         "Persistent absence is falling but remains above target, and is highest in the "
         "autumn and spring terms. Schools report anxiety-related absence as the main "
         "driver.",
         "Attendance officers and school nurses to pilot a joint plan for anxiety-related "
         "absence in three secondary schools.",
         "Persistent absence is still well above target after the autumn term."),
    Note("mash_repeat_contacts_12m", "Head of MASH",
         "About one contact in five is about a child the MASH heard about in the last "
         "year. Most repeats are police notifications of domestic abuse incidents about "
         "the same families.",
         "Audit 30 repeat contacts with police and early help; agree a family-level "
         "response after the third notification in a year.",
         "Repeat contacts are close to the target. The MASH will watch them as volumes "
         "rise in the autumn."),
    Note("training_confidence_uplift", "Chair, learning and improvement subgroup",
         "Attendees' confidence rises after our courses, most on the exploitation and "
         "neglect courses and least on e-learning.",
         "Trainers to add case discussion to the e-learning modules; the three-month "
         "follow-up will show whether practice changes.",
         "Confidence uplift is steady. Follow-up responses remain low."),
    Note("audit_good_or_better", "Chair, learning and improvement subgroup",
         "Multi-agency audits show practice improving steadily, and both re-audits found "
         "clear progress since the first audit.",
         "Keep re-auditing a year after each multi-agency audit.",
         "Audit grades are improving; the child's voice is still not evident often "
         "enough."),
    Note("actions_completed_on_time", "Partnership Business Manager",
         "Most actions due were completed on time. Those overdue are mainly Section 11 "
         "follow-ups waiting on recruitment.",
         "Owners of overdue actions to attend the next partnership meeting.",
         "Actions are being completed on time; the tracker is reviewed at every "
         "partnership meeting."),
    Note("mash_decision_within_1wd", "Head of MASH",
         "Decisions within one working day stepped up when the new MASH recording system "
         "went live: contacts are triaged on arrival and the duty manager sees the queue "
         "as it builds. The chart starts a new baseline from that month.",
         "Keep the daily triage meeting; check the new baseline is holding after a full "
         "year.",
         "Decisions within one working day improved with the triage model and levelled "
         "off at around 80%."),
    Note("police_encompass_notifications_pct", "Detective Superintendent, public protection",
         "The latest monthly return was delayed by the move to the new police records "
         "system; notifications to schools continued as normal.",
         "Send the missing month with next month's return.",
         "Notifications to schools before the next school day remain close to target.",
         about="last_due"),
    Note("health_marac_attendance_pct", "Chair, domestic abuse subgroup",
         "Health attendance at MARAC has been above target for a year since the ICB funded "
         "a dedicated MARAC health lead.",
         "Make the MARAC health lead post permanent in next year's budget.",
         "Health attendance at MARAC is still well below target; the ICB is considering a "
         "dedicated post."),
)
# One comment for most areas (the domestic abuse subgroup has not written one yet).
AREA_NOTES = {
    "front_door": ("Chair, front door and early help subgroup",
                   "The front door is faster than a year ago: most decisions are made within "
                   "one working day since the new recording system. Re-referrals and repeat "
                   "contacts are the next focus.",
                   "Step-down protocol review; repeat contact audit."),
    "neglect": ("Chair, neglect subgroup",
                "Neglect is better recognised: the Graded Care Profile 2 is used in most "
                "neglect plans, but school absence remains high.",
                "Agency staff training; joint absence pilot with schools."),
    "exploitation": ("Chair, exploitation subgroup",
                     "Return home interviews are the priority: the service's staffing gap "
                     "means children wait too long after a missing episode.",
                     "Interim cover and recruitment, reported to the executive."),
    "learning_and_improvement": ("Partnership Business Manager",
                                 "Audits and re-audits show improving practice; health "
                                 "staff's level 3 training is the concern this quarter.",
                                 "Training compliance recovery plan with the ICB."),
}


def _period_end(start: date, freq: str) -> date:
    return add_months(start, 1 if freq == "monthly" else 3) - timedelta(days=1)


def latest_periods(win: Window, indicator_rows: list[list]) -> dict[str, date]:
    """Latest period of each indicator: its latest supplied value, or for a computed
    one the latest complete period."""
    out: dict[str, date] = {}
    for r in indicator_rows:
        out[r[0]] = max(out.get(r[0], date.min), parse_iso_date(r[1]))
    last_month = date(win.as_of.year, win.as_of.month, 1)
    for iid, ind in INDICATOR.items():
        if ind["source"] == "computed":
            out[iid] = (last_month if ind["frequency"] == "monthly"
                        else win.complete_quarters()[-1])
    return out


def _about(win: Window, note: Note, latest: date) -> date:
    freq = INDICATOR[note.indicator_id]["frequency"]
    step = 1 if freq == "monthly" else 3
    if note.about == "previous":
        return add_months(latest, -step)
    if note.about == "last_due":
        return (win.due_months if freq == "monthly" else win.due_quarters)[-1]
    return latest


def _written(win: Window, period: date, freq: str, computed: bool) -> date:
    """Written once the figures are in: a month after the period for a return, two
    weeks for a computed figure (at as_of for the month just ended)."""
    lag = 14 if computed else 32
    return min(win.as_of, _period_end(period, freq) + timedelta(days=lag))


def _indicator_comments(win: Window, note: Note, latest: date) -> list[list]:
    ind = INDICATOR[note.indicator_id]
    freq, computed = ind["frequency"], ind["source"] == "computed"
    period = _about(win, note, latest)
    earlier = add_months(period, -3 if freq == "monthly" else -6)
    return [
        [ind["area_id"], note.indicator_id, earlier.isoformat(),
         _written(win, earlier, freq, computed), note.author, note.earlier, ""],
        [ind["area_id"], note.indicator_id, period.isoformat(),
         _written(win, period, freq, computed), note.author, note.comment, note.next_steps],
    ]


def _area_comments(win: Window) -> list[list]:
    month = win.due_months[-1]
    written = win.as_of - timedelta(days=3)
    return [[area, "", month.isoformat(), written, author, comment, next_steps]
            for area, (author, comment, next_steps) in AREA_NOTES.items()]


def commentary_rows(win: Window, indicator_rows: list[list]) -> list[list]:
    latest = latest_periods(win, indicator_rows)
    rows = []
    for note in NOTES:
        rows += _indicator_comments(win, note, latest[note.indicator_id])
    rows += _area_comments(win)
    rows.sort(key=lambda r: (r[3], r[0], r[1], r[2]))
    out = []
    for i, (area, iid, period, written, author, comment, next_steps) in enumerate(rows):
        if len(comment) > MAX_CHARS or len(next_steps) > MAX_CHARS:
            raise ValueError(f"a demo comment on {iid or area} is over {MAX_CHARS} characters")
        out.append([f"CM-{i + 1:04d}", area, iid, period, written.isoformat(), author,
                    comment, next_steps])
    return out


def write_commentary(out: Path, win: Window, indicator_rows: list[list]) -> int:
    return write_csv(out / "commentary.csv", COLUMNS, commentary_rows(win, indicator_rows))
