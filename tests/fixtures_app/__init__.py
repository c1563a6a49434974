"""A small dataset folder for the app's tests, written in code.

Its priority areas and indicators differ from the demo's on purpose (so a page that
hard-codes the demo's areas fails here): "Fenmoor", as of 2024-03-31, with
- online_harm: a monthly rate that rises for the last 8 months (special cause
  concerning, red) and a percent that is green;
- youth_violence: a quarterly count (amber) and an indicator with no target (grey);
- early_years: a monthly percent just under target (amber) and the computed
  audit_good_or_better;
- transitions: an area with no indicators at all (grey, all counts 0).
Context on indicators: England and regional benchmarks for the online referrals rate, a
change of method on the online-lessons percent from Jan 2023 (SPC on its 14 later
points), a comment on the referrals rate about Jan 2024 (before its latest figures, Feb
2024), an area comment on online harm, and an action meant to move the referrals rate.
Optional files: budget and comparators are left out (a notice, not an error).
`broken=True` also breaks actions.csv at file level, so panels must say so.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

AS_OF = dt.date(2024, 3, 31)
NAME = "Fenmoor Test Safeguarding Partnership"

AREAS = [
    ("online_harm", "Online harm", "Online Safety Subgroup",
     "Children are safe online & know where to get help."),
    ("youth_violence", "Serious youth violence", "Youth Violence Subgroup", ""),
    ("early_years", "Early years <under-fives>", "Early Years Subgroup",
     "Babies and young children are seen and heard."),
    ("transitions", "Transitions to adulthood", "Transitions Subgroup", ""),
]

CATALOGUE = [
    # id, name, area, unit, polarity, target, tolerance, frequency, source, expected_from
    ("police_online_referrals_10k", "Online harm referrals per 10,000 children", "online_harm",
     "rate_per_10k", "lower_is_better", "10", "2", "monthly", "police", "2021-04-01"),
    ("edu_online_lessons_pct", "Schools teaching online safety", "online_harm", "percent",
     "higher_is_better", "80", "5", "monthly", "education", "2021-04-01"),
    ("yj_knife_offences", "Knife offences by under-18s", "youth_violence", "count",
     "lower_is_better", "5", "2", "quarterly", "youth_justice", "2021-04-01"),
    ("health_assault_attendances", "Emergency attendances for assault", "youth_violence",
     "count", "lower_is_better", "", "", "quarterly", "health", "2021-04-01"),
    ("hv_two_year_review_pct", "Two-year reviews by health visitors", "early_years",
     "percent", "higher_is_better", "95", "3", "monthly", "health", "2021-04-01"),
    ("audit_good_or_better", "Audit returns good or better", "early_years", "percent",
     "higher_is_better", "70", "10", "quarterly", "computed", ""),
]


def _months(start: dt.date, end: dt.date):
    d = start
    while d <= end:
        yield d
        d = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _indicator_rows() -> list[list]:
    rows = []
    months = list(_months(dt.date(2021, 4, 1), dt.date(2024, 2, 1)))  # last due: Feb 2024
    base = [9.0, 9.4, 8.8, 9.1, 9.6, 8.9, 9.3, 9.0, 9.5, 8.7]
    for i, m in enumerate(months):
        # flat and under target, then rising every month for the last 8 (a trend, red)
        rising = i - (len(months) - 8)
        value = base[i % len(base)] if rising < 0 else 9.8 + 0.9 * (rising + 1)
        rows.append(["police_online_referrals_10k", m.isoformat(), f"{value:.2f}", "", ""])
        rows.append(["edu_online_lessons_pct", m.isoformat(),
                     f"{84 + (i % 5) * 0.8:.1f}", "", ""])
        rows.append(["hv_two_year_review_pct", m.isoformat(),
                     f"{93.5 + (i % 3) * 0.3:.1f}", "", ""])
    quarters = [dt.date(y, m, 1) for y in (2021, 2022, 2023) for m in (1, 4, 7, 10)]
    quarters = [q for q in quarters if dt.date(2021, 4, 1) <= q <= dt.date(2023, 10, 1)]
    for i, q in enumerate(quarters):
        rows.append(["yj_knife_offences", q.isoformat(), str(5 + (i % 3)), "", ""])
        rows.append(["health_assault_attendances", q.isoformat(), str(30 + (i * 7) % 11), "", ""])
    return rows


def _audit_rows() -> list[list]:
    rows = []
    quarters = [dt.date(y, m, 15) for y in (2021, 2022, 2023, 2024) for m in (2, 5, 8, 11)]
    quarters = [q for q in quarters if dt.date(2021, 1, 1) <= q <= dt.date(2024, 3, 20)]
    for qi, day in enumerate(quarters):
        area = ("early_years", "online_harm")[qi % 2]
        audit_id = f"FA-{day:%Y-%m}"
        good = 2 + (qi * 3) % 4  # 2 to 5 of the quarter's 6 returns good or better
        for case in range(2):
            for ai, agency in enumerate(("local_authority", "health", "police")):
                k = case * 3 + ai
                grade = ("outstanding" if k == 0 else "good") if k < good else (
                    "inadequate" if k == 5 else "requires_improvement")
                rows.append([audit_id, "multi_agency", area, "Theme of the quarter",
                             f"C{qi:02d}{case}", agency, day.isoformat(), grade,
                             "true" if (case + ai) % 2 else "false", "true", "false", ""])
    return rows


def write_fixture(folder: Path, *, broken: bool = False, demo: bool = False) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    toml = (f'name = "{NAME}"\nchild_population = 30000\ntotal_population = 120000\n'
            f'as_of = "{AS_OF.isoformat()}"\n')
    if demo:
        toml += "demo = true\n"
    (folder / "partnership.toml").write_text(toml, encoding="utf-8")
    _write(folder / "priority_areas.csv", ["area_id", "name", "subgroup", "description"],
           [list(a) for a in AREAS])
    _write(folder / "indicator_catalogue.csv",
           ["indicator_id", "name", "area_id", "unit", "polarity", "target",
            "amber_tolerance", "frequency", "source", "definition", "expected_from"],
           [[i, n, a, u, p, t, tol, f, s, f"Definition of {n.lower()}.", e]
            for i, n, a, u, p, t, tol, f, s, e in CATALOGUE])
    _write(folder / "indicators.csv",
           ["indicator_id", "period_start", "value", "numerator", "denominator"],
           _indicator_rows())
    contacts = []
    for i in range(60):
        day = dt.date(2024, 1, 2) + dt.timedelta(days=i)
        received = dt.datetime.combine(day, dt.time(9, 30))
        decided = received + dt.timedelta(hours=20 if i % 4 else 100)
        decision = ("no_further_action", "early_help", "referral_social_care")[i % 3]
        contacts.append([f"FC{i:04d}", f"CH{i % 40:03d}", received.isoformat(timespec="minutes"),
                         ("police", "health", "education")[i % 3], "neglect", "5-9", "amber",
                         decision if i < 57 else "",
                         decided.isoformat(timespec="minutes") if i < 57 else "",
                         "false", "North"])
    _write(folder / "mash_contacts.csv",
           ["contact_id", "child_ref", "received_at", "referrer_agency", "primary_concern",
            "age_band", "screening_rag", "decision", "decided_at", "escalated", "locality"],
           contacts)
    _write(folder / "audits.csv",
           ["audit_id", "audit_type", "area_id", "theme", "case_ref", "agency", "audited_on",
            "grade", "child_voice_evident", "family_involved", "practitioner_involved",
            "reaudit_of"], _audit_rows())
    if broken:
        # a file-level error: the required column due_on is missing
        _write(folder / "actions.csv", ["action_id", "source_type", "recommendation"],
               [["FX-1", "audit", "Something"]])
    else:
        _write(folder / "actions.csv",
               ["action_id", "source_type", "source_ref", "recommendation", "owner",
                "area_id", "subgroup", "raised_on", "due_on", "status", "completed_on",
                "evidence", "indicator_id"],
               [
                   ["FX-001", "audit", "FA-2023-05", "Publish online safety guidance for "
                    "parents", "Education", "online_harm", "Online Safety Subgroup",
                    "2023-06-01", "2023-12-31", "in_progress", "", "",
                    "police_online_referrals_10k"],
                   ["FX-002", "lcspr", "LCSPR-7", "=HYPERLINK(\"x\") train all staff",
                    "Police", "online_harm", "", "2023-07-01", "2024-06-30", "not_started",
                    "", "", ""],
                   ["FX-003", "rapid_review", "RR-3", "Review the two-year check",
                    "Health", "early_years", "", "2023-01-10", "2023-06-30", "completed",
                    "2023-06-20", "Audit showed it", ""],
                   ["FX-004", "audit", "", "Agree the knife crime protocol", "Police",
                    "youth_violence", "", "2023-02-01", "2023-09-30", "completed",
                    "2024-05-01", "", ""],
               ])
    _write(folder / "case_reviews.csv",
           ["review_id", "aware_on", "panel_notified_on", "rapid_review_on", "outcome",
            "lcspr_decided_on", "lcspr_completed_on", "lcspr_published_on",
            "recommendations"],
           [["FR-1", "2023-05-02", "2023-05-04", "2023-05-19", "no_lcspr", "", "", "", "2"],
            ["FR-2", "2023-11-06", "2023-11-07", "2023-12-20", "lcspr", "2023-12-20", "", "",
             ""],
            ["FR-3", "2024-03-04", "2024-03-05", "", "", "", "", "", ""]])
    _write(folder / "contributions.csv",
           ["financial_year", "agency", "partner_group", "amount_gbp"],
           [["2022/23", "Fenmoor Council", "local_authority", "100000.00"],
            ["2022/23", "Fenmoor Police", "police", "20000.00"],
            ["2023/24", "Fenmoor Council", "local_authority", "110000.00"],
            ["2023/24", "Fenmoor ICB", "health", "30000.00"],
            ["2023/24", "Fenmoor Police", "police", "22000.50"]])
    _write(folder / "training.csv",
           ["booking_id", "course_id", "course_title", "delivered_on", "mode", "area_id",
            "attendee_agency", "attended", "rating", "confidence_before", "confidence_after",
            "impact_followup", "fee_gbp"],
           [[f"FB{i:03d}", "OS1", "Keeping children safe online", f"2024-0{1 + i % 3}-10",
             "virtual", "online_harm", ("police", "education")[i % 2],
             "true" if i % 5 else "false", "4" if i % 5 else "", "2" if i % 5 else "",
             "4" if i % 5 else "", "", "25.00"] for i in range(12)])
    _write_context(folder)
    return folder


def _write_context(folder: Path) -> None:
    """Benchmarks, a change of method and commentary (see the module's docstring)."""
    _write(folder / "indicator_benchmarks.csv",
           ["indicator_id", "period_start", "comparator", "value", "source"],
           [["police_online_referrals_10k", "2022-04-01", "england", "8.1", "National 2022"],
            ["police_online_referrals_10k", "2023-04-01", "england", "8.6", "National 2023"],
            ["police_online_referrals_10k", "2023-04-01", "region", "9.4", "Region 2023"],
            # published after as_of: not yet known
            ["police_online_referrals_10k", "2024-04-01", "england", "9.9", "National 2024"]])
    _write(folder / "indicator_breaks.csv", ["indicator_id", "period_start", "reason"],
           [["edu_online_lessons_pct", "2023-01-01", "New curriculum survey"]])
    _write(folder / "commentary.csv",
           ["comment_id", "area_id", "indicator_id", "period_start", "written_on", "author",
            "comment", "next_steps"],
           [["FCM-1", "online_harm", "police_online_referrals_10k", "2024-01-01",
             "2024-02-20", "Chair, online safety subgroup",
             "Referrals have risen every month since July.",
             "Police to review the referral pathway."],
            ["FCM-2", "online_harm", "", "2024-02-01", "2024-03-10",
             "Chair, online safety subgroup", "Online harm remains our top concern.", ""]])
