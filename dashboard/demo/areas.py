"""Priority areas, partnership.toml and the indicator catalogue of the demo partnership."""
from __future__ import annotations

from pathlib import Path

from .common import columns, num, write_csv
from .timeline import RETURN_LAG_DAYS, Window, add_months

PARTNERSHIP_NAME = "Riverside Borough Safeguarding Children Partnership (fictional demo)"
CHILD_POPULATION = 41000
TOTAL_POPULATION = 167000

AREAS = [
    ("front_door", "Front door and early help", "Front Door and Early Help Subgroup",
     "Children and families get the right help at the right time: timely, consistent "
     "decisions at the MASH and a clear route into early help."),
    ("neglect", "Neglect", "Neglect Subgroup",
     "Neglect is recognised early and responded to consistently across agencies, using "
     "the Graded Care Profile 2."),
    ("exploitation", "Child exploitation and missing children",
     "Exploitation and Missing Subgroup",
     "Children at risk of criminal or sexual exploitation, or who go missing, are "
     "identified, protected and disrupted from harm."),
    ("domestic_abuse", "Domestic abuse", "Domestic Abuse Subgroup",
     "Children living with domestic abuse are seen, heard and protected, and schools are "
     "told before the next school day."),
    ("learning_and_improvement", "Learning and improvement",
     "Learning and Improvement Subgroup",
     "The partnership learns from audits, case reviews and training, and can show that "
     "practice changes as a result."),
]

# (id, name, area, unit, polarity, target, amber, frequency, source, definition)
CATALOGUE = [
    ("mash_decision_within_1wd", "MASH decisions within one working day", "front_door",
     "percent", "higher_is_better", 90, 5, "monthly", "computed",
     "Contacts received in the month that were decided within one working day of receipt, "
     "over contacts received in the month that have a decision."),
    ("mash_conversion_rate", "MASH contacts converted to referral", "front_door",
     "percent", "higher_is_better", None, None, "monthly", "computed",
     "Decided contacts received in the month whose decision was a referral to children's "
     "social care or a strategy discussion, over decided contacts received in the month."),
    ("mash_repeat_contacts_12m", "Repeat contacts within 12 months", "front_door",
     "percent", "lower_is_better", 22, 3, "monthly", "computed",
     "Contacts received in the month about a child with another contact in the previous "
     "365 days, over contacts received in the month."),
    ("la_referrals_rate_10k", "Referrals to children's social care per 10,000 children",
     "front_door", "rate_per_10k", "lower_is_better", None, None, "monthly",
     "local_authority",
     "Referrals to children's social care accepted in the month (numerator) per 10,000 "
     "resident children aged 0-17 (denominator: the child population)."),
    ("la_rereferrals_12m_pct", "Re-referrals within 12 months", "front_door", "percent",
     "lower_is_better", 20, 2, "monthly", "local_authority",
     "Referrals in the month about a child referred in the previous 12 months (numerator), "
     "over all referrals in the month (denominator)."),
    ("la_assessment_days", "Average days to complete a child and family assessment",
     "front_door", "days", "lower_is_better", 35, 5, "monthly", "local_authority",
     "Total days from referral to completion of the assessments completed in the month "
     "(numerator), over the number of assessments completed in the month (denominator)."),
    ("health_new_birth_visit_14d_pct", "New birth visits within 14 days", "neglect",
     "percent", "higher_is_better", 95, 3, "monthly", "health",
     "Babies whose new birth visit by a health visitor was within 14 days of birth "
     "(numerator), over babies due a new birth visit in the month (denominator)."),
    ("la_gcp2_completion_pct", "Neglect plans with a Graded Care Profile 2", "neglect",
     "percent", "higher_is_better", 80, 10, "quarterly", "local_authority",
     "Children who became subject to a child protection plan for neglect in the quarter "
     "with a Graded Care Profile 2 assessment completed, over all such children."),
    ("education_persistent_absence_pct", "Pupils persistently absent", "neglect",
     "percent", "lower_is_better", 18, 2, "quarterly", "education",
     "Pupils in the borough's schools missing 10% or more of possible sessions in the "
     "quarter, over pupils on roll."),
    ("la_return_interviews_72h_pct", "Return home interviews within 72 hours",
     "exploitation", "percent", "higher_is_better", 85, 5, "monthly", "local_authority",
     "Missing episodes ending in the month with a return home interview offered within "
     "72 hours of the child's return, over missing episodes ending in the month."),
    ("police_missing_episodes", "Missing episodes of children reported to police",
     "exploitation", "count", "lower_is_better", None, None, "monthly", "police",
     "Number of episodes of children going missing from home or care reported to police "
     "in the month."),
    ("yj_first_time_entrants_10k", "First-time entrants to the youth justice system",
     "exploitation", "rate_per_10k", "lower_is_better", 2.0, 0.5, "quarterly",
     "youth_justice",
     "Children receiving their first caution or conviction in the quarter (numerator) per "
     "10,000 resident children aged 0-17 (denominator: the child population)."),
    ("voluntary_feel_safe_score", "Young people who feel safe in their neighbourhood",
     "exploitation", "score", "higher_is_better", 4.0, 0.2, "quarterly", "voluntary",
     "Mean answer (1 = never, 5 = always) of young people in the youth services survey "
     "to 'I feel safe where I live': sum of answers (numerator) over answers "
     "(denominator)."),
    ("police_encompass_notifications_pct",
     "Domestic abuse notifications to schools before the next school day",
     "domestic_abuse", "percent", "higher_is_better", 95, 3, "monthly", "police",
     "Domestic abuse incidents with a child of school age present where the school was "
     "notified (Operation Encompass) before the start of the next school day, over all "
     "such incidents in the month."),
    ("health_marac_attendance_pct", "Health attendance at MARAC", "domestic_abuse",
     "percent", "higher_is_better", 90, 5, "monthly", "health",
     "MARAC cases with children in the household heard in the month where health "
     "services were represented (numerator), over all such cases (denominator)."),
    ("police_da_incidents_children", "Domestic abuse incidents with children present",
     "domestic_abuse", "count", "lower_is_better", None, None, "monthly", "police",
     "Number of domestic abuse incidents recorded by police in the month where a child "
     "was present in the household."),
    ("probation_safeguarding_checks_pct", "Safeguarding checks before sentence",
     "domestic_abuse", "percent", "higher_is_better", 85, 5, "quarterly", "probation",
     "Pre-sentence reports in the quarter for domestic abuse offences with child "
     "safeguarding and domestic abuse enquiries completed (numerator), over all such "
     "reports (denominator)."),
    ("audit_good_or_better", "Multi-agency audit returns graded good or better",
     "learning_and_improvement", "percent", "higher_is_better", 75, 10, "quarterly",
     "computed",
     "Audit returns (one per case per auditing agency) dated in the quarter graded good "
     "or outstanding, over all audit returns dated in the quarter."),
    ("training_confidence_uplift", "Confidence uplift after multi-agency training",
     "learning_and_improvement", "score", "higher_is_better", 1.0, 0.25, "quarterly",
     "computed",
     "Mean of self-rated confidence after the course minus confidence before (1-5 "
     "scale), over attendees of courses delivered in the quarter who gave both."),
    ("actions_completed_on_time", "Actions completed by their due date",
     "learning_and_improvement", "percent", "higher_is_better", 80, 10, "quarterly",
     "computed",
     "Actions due in the quarter that were completed on or before their due date, over "
     "all actions due in the quarter."),
    ("health_l3_training_compliance_pct", "Health staff with level 3 safeguarding training",
     "learning_and_improvement", "percent", "higher_is_better", 90, 5, "quarterly",
     "health",
     "Health staff in roles requiring level 3 safeguarding children training who are in "
     "date at the end of the quarter, over all staff in such roles."),
    ("education_dsl_training_pct", "Designated safeguarding leads trained in the last two years",
     "learning_and_improvement", "percent", "higher_is_better", 95, 5, "quarterly",
     "education",
     "Schools and colleges whose designated safeguarding lead attended the partnership's "
     "refresher in the last two years (numerator), over schools and colleges "
     "(denominator)."),
]

CATALOGUE_COLUMNS = columns("indicator_catalogue")
AREA_IDS = [a[0] for a in AREAS]
SUBGROUP = {a[0]: a[2] for a in AREAS}
INDICATOR = {c[0]: dict(zip(("indicator_id", "name", "area_id", "unit", "polarity", "target",
                             "amber_tolerance", "frequency", "source"), c[:9]))
             for c in CATALOGUE}
# A newer return: the DSL training figure starts five quarters into the window.
LATE_STARTER = "education_dsl_training_pct"
LATE_STARTER_QUARTERS = 15


def write_partnership(out: Path, win: Window, seed: int) -> None:
    text = (
        "# Synthetic demo data: a fictional partnership, generated by dashboard.demo\n"
        f"# (seed {seed}). No real child, case or person appears in this folder.\n"
        f'name = "{PARTNERSHIP_NAME}"\n'
        f"child_population = {CHILD_POPULATION}\n"
        f"total_population = {TOTAL_POPULATION}\n"
        'bank_holidays = "england-and-wales"\n'
        f"return_lag_days = {RETURN_LAG_DAYS}\n"
        f'as_of = "{win.as_of.isoformat()}"\n'
        "demo = true  # shows the 'synthetic demo data' banner\n"
    )
    (out / "partnership.toml").write_text(text, encoding="utf-8", newline="")


def write_areas(out: Path) -> int:
    return write_csv(out / "priority_areas.csv",
                     columns("priority_areas"),
                     [list(a) for a in AREAS])


def expected_from(win: Window) -> dict[str, str]:
    """Catalogue expected_from of each indicator: empty for computed ones, else the first
    period of the window (a period start of the indicator's frequency)."""
    out = {}
    for (iid, _n, _a, _u, _p, _t, _m, freq, src, _d) in CATALOGUE:
        if src == "computed":
            out[iid] = ""
        elif iid == LATE_STARTER:
            out[iid] = add_months(win.first_quarter, LATE_STARTER_QUARTERS).isoformat()
        else:
            out[iid] = (win.start if freq == "monthly" else win.first_quarter).isoformat()
    return out


def catalogue_rows(win: Window) -> list[list]:
    exp = expected_from(win)
    return [[iid, name, area, unit, pol, num(tgt), num(amb), freq, src, definition, exp[iid]]
            for (iid, name, area, unit, pol, tgt, amb, freq, src, definition) in CATALOGUE]


def write_catalogue(out: Path, win: Window) -> int:
    return write_csv(out / "indicator_catalogue.csv", CATALOGUE_COLUMNS, catalogue_rows(win))
