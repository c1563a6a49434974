"""The deterministic synthetic demo dataset: a fictional partnership's four years of data.

`write_demo(out_dir)` writes a complete dataset folder (every file of
shared/spec/datasets.md) for "Riverside Borough Safeguarding Children Partnership", a
fictional partnership. Everything is synthetic: no real child, case or person appears,
children and cases are pseudonymous codes, and the only real figures are the published
2016/17 Eastern region comparators (copied unchanged from demo_comparators.csv).

The output depends only on the arguments: a seeded numpy Generator per file, no current
date, no hash-ordered iteration, fixed number formatting. Same arguments, same bytes.

Patterns built in, so every page has something to show:
- 48 complete months ending at `end_month`; `as_of` is the last day of `end_month`.
- Front door: seasonal contact volumes (low in August and over Christmas, high in
  September to November), decisions within one working day improving from about 70%
  to about 92% (a new triage model phased in over months 13-30), about 22% repeat
  contacts within 12 months, a few undecided contacts at as_of, some of them overdue.
- `health_marac_attendance_pct` improves: a sustained step up in the last 12 months
  (special cause improving).
- `la_return_interviews_72h_pct` deteriorates: the last 8 months fall every month
  (a trend, special cause concerning; red), so the exploitation area has a worst-moving
  indicator.
- `police_encompass_notifications_pct` has missing returns: police did not send the last
  due month nor one month 19 months earlier.
- `education_dsl_training_pct` started later (fewer than 12 points: no SPC yet).
- Latest values red, amber and green across areas; some indicators have no target (grey).
- Audits improve over time; two exercises are re-audits of earlier ones and show it.
- Actions: some completed late, some open and overdue at as_of.
- Case reviews: most notifications within 5 working days, some not; at least one
  LCSPR overdue (decided more than 6 months before as_of, not published); the latest
  incident is pending.

`contacts` scales the MASH file only (the other files do not change with it); contacts
are generated and appended in chunks of whole days, so memory stays bounded.
"""
from __future__ import annotations

import calendar
import csv
import io
from datetime import date, timedelta
from pathlib import Path

import numpy as np

PARTNERSHIP_NAME = "Riverside Borough Safeguarding Children Partnership (fictional demo)"
CHILD_POPULATION = 41000
TOTAL_POPULATION = 167000
RETURN_LAG_DAYS = 30
MONTHS = 48
DEFAULT_CONTACTS = 20_000
CHUNK_ROWS = 200_000
WRITE_ROWS = 20_000

COMPARATORS_FILE = Path(__file__).with_name("demo_comparators.csv")

# Seed streams: one per file, so that e.g. --contacts never changes the other files.
_S_CONTACTS, _S_INDICATORS, _S_AUDITS, _S_REVIEWS, _S_ACTIONS, _S_TRAINING, _S_MONEY, _S_IDS = (
    range(1, 9)
)

# --------------------------------------------------------------------------------------
# Calendar helpers
# --------------------------------------------------------------------------------------


def _easter(y: int) -> date:
    """Easter Sunday (Gregorian, anonymous algorithm)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return date(y, month, day)


_EARLY_MAY_MOVED = {1995: date(1995, 5, 8), 2020: date(2020, 5, 8)}
_SPRING_MOVED = {2002: date(2002, 6, 4), 2012: date(2012, 6, 4), 2022: date(2022, 6, 2)}
_ONE_OFF = {
    1999: (date(1999, 12, 31),),
    2002: (date(2002, 6, 3),),
    2011: (date(2011, 4, 29),),
    2012: (date(2012, 6, 5),),
    2022: (date(2022, 6, 3), date(2022, 9, 19)),
    2023: (date(2023, 5, 8),),
}


def _first_weekday(y: int, m: int, weekday: int) -> date:
    d = date(y, m, 1)
    return d + timedelta(days=(weekday - d.weekday()) % 7)


def _last_weekday(y: int, m: int, weekday: int) -> date:
    d = date(y, m, calendar.monthrange(y, m)[1])
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def bank_holidays_england_wales(y: int) -> list[date]:
    """England and Wales bank holidays of year y (used only to shape the synthetic data;
    the dashboard itself uses the maintained `holidays` calendar)."""
    out = []
    ny = date(y, 1, 1)
    out.append(ny + timedelta(days={5: 2, 6: 1}.get(ny.weekday(), 0)))
    easter = _easter(y)
    out += [easter - timedelta(days=2), easter + timedelta(days=1)]
    out.append(_EARLY_MAY_MOVED.get(y, _first_weekday(y, 5, 0)))
    out.append(_SPRING_MOVED.get(y, _last_weekday(y, 5, 0)))
    out.append(_last_weekday(y, 8, 0))
    xmas = date(y, 12, 25)
    if xmas.weekday() == 4:  # Friday: Boxing Day on Saturday -> Monday 28th
        out += [xmas, date(y, 12, 28)]
    elif xmas.weekday() == 5:  # Saturday: Monday 27th and Tuesday 28th
        out += [date(y, 12, 27), date(y, 12, 28)]
    elif xmas.weekday() == 6:  # Sunday: Boxing Day Monday 26th, Christmas Tuesday 27th
        out += [date(y, 12, 26), date(y, 12, 27)]
    else:
        out += [xmas, date(y, 12, 26)]
    out += list(_ONE_OFF.get(y, ()))
    return sorted(out)


def _month_add(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: date, k: int) -> date:
    y, m = _month_add(d.year, d.month, k)
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _quarter_start(d: date) -> date:
    return date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)


def _fy_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def _fy_of(d: date) -> int:
    return d.year if d.month >= 4 else d.year - 1


class _Calendar:
    """Working days (Monday-Friday, not an England and Wales bank holiday)."""

    def __init__(self, first_year: int, last_year: int) -> None:
        hols = []
        for y in range(first_year, last_year + 1):
            hols += bank_holidays_england_wales(y)
        self.holidays = np.array(sorted(hols), dtype="datetime64[D]")
        self.cal = np.busdaycalendar(weekmask="1111100", holidays=self.holidays)

    def is_working(self, d):
        return np.is_busday(np.asarray(d, dtype="datetime64[D]"), busdaycal=self.cal)

    def add_wd(self, d, n):
        """add_working_days of metrics.md (vectorised): from a non-working day the first
        working day after it is day 1."""
        return np.busday_offset(np.asarray(d, dtype="datetime64[D]"), n, roll="backward",
                                busdaycal=self.cal)

    def add_wd_date(self, d: date, n: int) -> date:
        return self.add_wd(np.datetime64(d, "D"), n).astype(object)

    def roll_forward(self, d: date) -> date:
        return np.busday_offset(np.datetime64(d, "D"), 0, roll="forward",
                                busdaycal=self.cal).astype(object)


class _Window:
    """The demo's 48 months and the periods derived from as_of."""

    def __init__(self, end_month: str) -> None:
        try:
            ey, em = (int(p) for p in end_month.split("-"))
            date(ey, em, 1)
        except (ValueError, TypeError):
            raise ValueError(f"end_month must be YYYY-MM, not {end_month!r}") from None
        sy, sm = _month_add(ey, em, -(MONTHS - 1))
        self.start = date(sy, sm, 1)
        self.as_of = _month_end(ey, em)
        self.months = [date(*_month_add(sy, sm, k), 1) for k in range(MONTHS)]
        # Due periods (metrics.md): complete, and last day + lag on or before as_of.
        lag = timedelta(days=RETURN_LAG_DAYS)
        self.due_months = [m for m in self.months
                           if _month_end(m.year, m.month) + lag <= self.as_of]
        q = _quarter_start(self.start)
        if q < self.start:
            q = _add_months(q, 3)
        self.first_quarter = q
        self.due_quarters = []
        while True:
            qe = _add_months(q, 3) - timedelta(days=1)
            if qe + lag > self.as_of:
                break
            self.due_quarters.append(q)
            q = _add_months(q, 3)
        self.cal = _Calendar(self.start.year - 1, self.as_of.year + 2)

    def frac(self, d: date) -> float:
        """Position of d in the window, 0 at the start and 1 at as_of."""
        return (d - self.start).days / max(1, (self.as_of - self.start).days)

    def month_index(self, d: date) -> int:
        return (d.year - self.start.year) * 12 + d.month - self.start.month


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------


def _write_csv(path: Path, columns: list[str], rows: list[list]) -> int:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return len(rows)


def _money(x: float | None) -> str:
    return "" if x is None else f"{round(x + 1e-9, 2):.2f}"


def _b(x: bool) -> str:
    return "true" if x else "false"


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:g}"


def _pick(rng: np.random.Generator, items, p=None):
    return items[int(rng.choice(len(items), p=p))]


# --------------------------------------------------------------------------------------
# partnership.toml, priority areas
# --------------------------------------------------------------------------------------

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


def _write_partnership(out: Path, win: _Window, seed: int) -> None:
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


def _write_areas(out: Path) -> int:
    return _write_csv(out / "priority_areas.csv",
                      ["area_id", "name", "subgroup", "description"],
                      [list(a) for a in AREAS])


# --------------------------------------------------------------------------------------
# Indicator catalogue and supplied values
# --------------------------------------------------------------------------------------

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

# Month-of-year seasonal offsets (index 0 = January).
_SEASON_SUMMER = np.array([-0.08, -0.06, -0.02, 0.02, 0.08, 0.12, 0.15, 0.12, 0.0, -0.04,
                           -0.1, -0.09])
_SEASON_DA = np.array([0.12, -0.06, -0.06, -0.04, 0.0, 0.06, 0.08, 0.04, -0.05, -0.04,
                       -0.03, 0.1])
_SEASON_TERM = np.array([0.04, 0.02, 0.05, -0.03, 0.0, 0.04, -0.04, -0.2, 0.08, 0.1, 0.08,
                         -0.06])


def _indicator_rows(win: _Window, seed: int) -> tuple[list[list], list[list]]:
    """Catalogue rows and indicators.csv rows."""
    months = win.due_months
    quarters = win.due_quarters
    dsl_from = _add_months(win.first_quarter, 15)
    expected = {}
    cat_rows = []
    for (iid, name, area, unit, pol, tgt, amb, freq, src, definition) in CATALOGUE:
        if src == "computed":
            exp = ""
        elif iid == "education_dsl_training_pct":
            exp = dsl_from.isoformat()
        else:
            exp = (win.start if freq == "monthly" else win.first_quarter).isoformat()
        expected[iid] = exp
        cat_rows.append([iid, name, area, unit, pol, _num(tgt), _num(amb), freq, src,
                         definition, exp])

    rows: list[list] = []

    def rng_for(k: int) -> np.random.Generator:
        return np.random.default_rng([seed, _S_INDICATORS, k])

    def pct_rows(iid, periods, p, den_mean, rng, with_nd=True, force_last=None):
        out = []
        for i, (ps, pi) in enumerate(zip(periods, p)):
            pi = float(np.clip(pi, 0.0, 100.0))
            if with_nd:
                d = int(max(5, rng.poisson(den_mean)))
                n = int(round(pi / 100 * d))
                if i == len(periods) - 1 and force_last is not None:
                    n = int(round(force_last / 100 * d))
                n = min(max(n, 0), d)
                out.append([iid, ps.isoformat(), f"{100 * n / d:.1f}", str(n), str(d)])
            else:
                v = force_last if (i == len(periods) - 1 and force_last is not None) else pi
                out.append([iid, ps.isoformat(), f"{v:.1f}", "", ""])
        return out

    moy_m = np.array([m.month - 1 for m in months])
    nm = len(months)
    nq = len(quarters)
    tm = np.linspace(0, 1, nm) if nm > 1 else np.zeros(nm)
    tq = np.linspace(0, 1, nq) if nq > 1 else np.zeros(nq)

    # la_referrals_rate_10k: referrals per month, term-time seasonality.
    rng = rng_for(1)
    lam = 140 * (1 + _SEASON_TERM[moy_m]) * (1 + 0.04 * tm)
    for ps, n in zip(months, rng.poisson(lam)):
        rows.append(["la_referrals_rate_10k", ps.isoformat(),
                     f"{10000 * n / CHILD_POPULATION:.2f}", str(n), str(CHILD_POPULATION)])

    # la_rereferrals_12m_pct: stable around 20.5%, latest amber.
    rng = rng_for(2)
    rows += pct_rows("la_rereferrals_12m_pct", months, 20.5 + rng.normal(0, 1.0, nm), 140,
                     rng, force_last=21.2)

    # la_assessment_days: mean days, stable around 31, green.
    rng = rng_for(3)
    for i, ps in enumerate(months):
        d = int(max(20, rng.poisson(120)))
        mean_days = 32.5 - 2.0 * tm[i] + rng.normal(0, 1.6) + 2.5 * (moy_m[i] == 7)
        n = int(round(mean_days * d))
        rows.append(["la_assessment_days", ps.isoformat(), f"{n / d:.2f}", str(n), str(d)])

    # health_new_birth_visit_14d_pct: dips in August and December; latest amber.
    rng = rng_for(4)
    dip = np.where(moy_m == 7, -3.5, np.where(moy_m == 11, -2.5, 0.0))
    rows += pct_rows("health_new_birth_visit_14d_pct", months,
                     95.3 + dip + rng.normal(0, 0.8, nm), 160, rng, force_last=93.6)

    # la_gcp2_completion_pct: gradual improvement from ~55% to ~74% (amber).
    rng = rng_for(5)
    rows += pct_rows("la_gcp2_completion_pct", quarters, 55 + 19 * tq + rng.normal(0, 2.5, nq),
                     38, rng, force_last=74.0)

    # education_persistent_absence_pct: autumn/spring higher; latest amber.
    rng = rng_for(6)
    qseason = np.array([{1: 1.4, 4: 0.3, 7: -1.2, 10: 0.6}[q.month] for q in quarters])
    rows += pct_rows("education_persistent_absence_pct", quarters,
                     21.5 - 2.0 * tq + qseason + rng.normal(0, 0.4, nq), 0, rng,
                     with_nd=False, force_last=19.1)

    # la_return_interviews_72h_pct: deterioration, the last 8 months fall every month.
    rng = rng_for(7)
    vals = 86.0 + rng.normal(0, 1.3, nm)
    if nm >= 8:
        steps = np.array([84.6, 83.0, 81.1, 79.4, 77.2, 75.3, 73.0, 70.6])
        vals[-8:] = steps + rng.uniform(-0.3, 0.3, 8)
    for ps, v in zip(months, vals):
        rows.append(["la_return_interviews_72h_pct", ps.isoformat(), f"{v:.1f}", "", ""])

    # police_missing_episodes: count, summer peaks; no target.
    rng = rng_for(8)
    for ps, n in zip(months, rng.poisson(40 * (1 + _SEASON_SUMMER[moy_m]))):
        rows.append(["police_missing_episodes", ps.isoformat(), str(int(n)), "", ""])

    # yj_first_time_entrants_10k: small counts per quarter; latest green.
    rng = rng_for(9)
    fte = rng.poisson(6.5 - 1.0 * tq)
    if nq:
        fte[-1] = 7
    for ps, n in zip(quarters, fte):
        rows.append(["yj_first_time_entrants_10k", ps.isoformat(),
                     f"{10000 * n / CHILD_POPULATION:.2f}", str(int(n)), str(CHILD_POPULATION)])

    # voluntary_feel_safe_score: mean survey answer, latest amber.
    rng = rng_for(10)
    for i, ps in enumerate(quarters):
        d = int(max(30, rng.poisson(120)))
        mean = 3.82 + rng.normal(0, 0.07) if i < nq - 1 else 3.86
        n = int(round(mean * d))
        rows.append(["voluntary_feel_safe_score", ps.isoformat(), f"{n / d:.2f}", str(n),
                     str(d)])

    # police_encompass_notifications_pct: missing returns (last due month, and one
    # 19 months earlier).
    rng = rng_for(11)
    enc = pct_rows("police_encompass_notifications_pct", months,
                   95.8 + rng.normal(0, 1.1, nm), 75, rng)
    drop = {nm - 1, nm - 20}
    rows += [r for i, r in enumerate(enc) if i not in drop]

    # health_marac_attendance_pct: improvement, a sustained step up in the last 12 months.
    rng = rng_for(12)
    p = 77.5 + rng.normal(0, 2.2, nm)
    if nm >= 12:
        p[-12:] = 93.0 + rng.normal(0, 1.2, 12)
    rows += pct_rows("health_marac_attendance_pct", months, p, 60, rng, force_last=93.5)

    # police_da_incidents_children: count, peaks at Christmas/New Year and summer.
    rng = rng_for(13)
    for ps, n in zip(months, rng.poisson(96 * (1 + _SEASON_DA[moy_m]))):
        rows.append(["police_da_incidents_children", ps.isoformat(), str(int(n)), "", ""])

    # probation_safeguarding_checks_pct: good and steady, latest green.
    rng = rng_for(14)
    rows += pct_rows("probation_safeguarding_checks_pct", quarters,
                     87.5 + rng.normal(0, 2.0, nq), 64, rng, force_last=88.5)

    # health_l3_training_compliance_pct: slipping, latest red.
    rng = rng_for(15)
    rows += pct_rows("health_l3_training_compliance_pct", quarters,
                     88.5 - 4.0 * tq + rng.normal(0, 1.0, nq), 0, rng, with_nd=False,
                     force_last=83.4)

    # education_dsl_training_pct: a newer return (fewer than 12 quarters), latest green.
    rng = rng_for(16)
    dq = [q for q in quarters if q >= dsl_from]
    nd = len(dq)
    rows += pct_rows("education_dsl_training_pct", dq,
                     90 + 6 * np.linspace(0, 1, max(nd, 1))[:nd] + rng.normal(0, 0.8, nd),
                     74, rng, force_last=96.3)

    order = {c[0]: i for i, c in enumerate(CATALOGUE)}
    rows.sort(key=lambda r: (order[r[0]], r[1]))
    return cat_rows, rows


# --------------------------------------------------------------------------------------
# MASH contacts (scales to millions: chunks of whole days, vectorised)
# --------------------------------------------------------------------------------------

AGENCY_CODES = np.array(["local_authority", "police", "health", "education", "probation",
                         "youth_justice", "housing", "cafcass", "voluntary",
                         "family_or_public", "anonymous", "other"])
# Referrer mix: in hours in term time, in hours in school holidays, out of hours.
_AGENCY_P = np.array([
    [0.10, 0.30, 0.16, 0.24, 0.02, 0.015, 0.02, 0.005, 0.04, 0.06, 0.02, 0.01],
    [0.12, 0.37, 0.19, 0.04, 0.025, 0.02, 0.025, 0.005, 0.05, 0.08, 0.03, 0.015],
    [0.06, 0.64, 0.13, 0.01, 0.005, 0.005, 0.01, 0.0, 0.01, 0.09, 0.03, 0.01],
])
AGE_CODES = np.array(["unborn", "0-4", "5-9", "10-15", "16-17"])
# Age by referrer group: health, education, police, others.
_AGE_P = np.array([
    [0.15, 0.40, 0.15, 0.20, 0.10],
    [0.00, 0.08, 0.40, 0.42, 0.10],
    [0.02, 0.25, 0.22, 0.35, 0.16],
    [0.04, 0.28, 0.25, 0.31, 0.12],
])
CONCERN_CODES = np.array(["neglect", "domestic_abuse", "physical_abuse", "sexual_abuse",
                          "emotional_abuse", "exploitation", "missing", "mental_health",
                          "online_safety", "other"])
_CONCERN_P = np.array([
    [0.35, 0.30, 0.02, 0.00, 0.03, 0.00, 0.00, 0.15, 0.00, 0.15],
    [0.30, 0.30, 0.12, 0.03, 0.08, 0.00, 0.00, 0.05, 0.00, 0.12],
    [0.25, 0.25, 0.14, 0.06, 0.10, 0.01, 0.01, 0.06, 0.03, 0.09],
    [0.15, 0.18, 0.10, 0.06, 0.08, 0.10, 0.08, 0.12, 0.06, 0.07],
    [0.10, 0.12, 0.06, 0.05, 0.06, 0.18, 0.15, 0.16, 0.05, 0.07],
])
RAG_CODES = np.array(["red", "amber", "green", ""])
_RAG_P = np.array([
    [0.11, 0.38, 0.46, 0.05],  # other concerns
    [0.32, 0.44, 0.19, 0.05],  # physical, sexual, exploitation, missing
])
DECISION_CODES = np.array(["no_further_action", "information_advice", "early_help",
                           "referral_social_care", "strategy_discussion"])
_DECISION_P = np.array([
    [0.02, 0.03, 0.05, 0.45, 0.45],  # red
    [0.10, 0.20, 0.30, 0.35, 0.05],  # amber
    [0.33, 0.35, 0.26, 0.06, 0.00],  # green
    [0.20, 0.25, 0.25, 0.25, 0.05],  # not screened
])
LOCALITIES = np.array(["Riverside Central", "Northfield", "Eastmoor", "Southbank",
                       "Westbridge", ""])
_LOCALITY_P = np.array([0.25, 0.22, 0.2, 0.17, 0.12, 0.04])

_MONTH_FACTOR = np.array([1.0, 1.0, 1.04, 0.97, 1.0, 1.04, 1.0, 0.9, 1.1, 1.12, 1.12, 1.0])
_DOW_FACTOR = np.array([1.15, 1.1, 1.1, 1.05, 1.0, 0.32, 0.26])
REPEAT_P = 0.225
_DECISION_OR_EMPTY = np.array(DECISION_CODES.tolist() + [""])
_BOOL_S = np.array(["false", "true"])
MASH_COLUMNS = ["contact_id", "child_ref", "received_at", "referrer_agency",
                "primary_concern", "age_band", "screening_rag", "decision", "decided_at",
                "escalated", "locality"]


def _draw(rng: np.random.Generator, probs: np.ndarray, group: np.ndarray) -> np.ndarray:
    """One categorical draw per row from probs[group[row]]."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    cum[:, -1] = 1.0 + 1e-9
    u = rng.random(len(group))
    c = cum[group]
    return (u[:, None] >= c).sum(axis=1)


def _school_holiday(d: date) -> bool:
    y = d.year
    if d.month == 8 or (d.month == 7 and d.day >= 22) or (d.month == 9 and d.day <= 3):
        return True
    if (d.month == 12 and d.day >= 21) or (d.month == 1 and d.day <= 3):
        return True
    easter = _easter(y)
    if easter - timedelta(days=9) <= d <= easter + timedelta(days=8):
        return True
    for (m, day) in ((2, 15), (5, 28), (10, 27)):  # half-term weeks, roughly
        mid = date(y, m, day)
        monday = mid - timedelta(days=mid.weekday())
        if monday <= d <= monday + timedelta(days=6):
            return True
    return False


def _p_within(month_idx: np.ndarray) -> np.ndarray:
    """Chance a contact is decided within one working day: ~70% in the first year, a new
    triage model phased in over months 13-30, ~92% after."""
    ramp = np.clip((month_idx - 12) / 18.0, 0.0, 1.0)
    return 0.70 + 0.22 * ramp


def _write_contacts(path: Path, n: int, win: _Window, seed: int) -> int:
    rng = np.random.default_rng([seed, _S_CONTACTS])
    cal = win.cal
    start64 = np.datetime64(win.start, "D")
    asof64 = np.datetime64(win.as_of, "D")
    days64 = np.arange(start64, asof64 + 1)
    day_int = days64.astype(np.int64)
    pydays = days64.astype(object)
    nd = len(days64)
    dow = (day_int + 3) % 7  # 0 = Monday
    month0 = np.array([d.month - 1 for d in pydays])
    month_idx = np.array([win.month_index(d) for d in pydays])
    working = cal.is_working(days64)
    school = np.array([_school_holiday(d) for d in pydays])
    bank = np.isin(days64, cal.holidays)
    xmas = np.array([(d.month == 12 and d.day >= 24) or (d.month == 1 and d.day == 1)
                     for d in pydays])
    w = (_MONTH_FACTOR[month0] * _DOW_FACTOR[dow] * np.where(bank, 0.4, 1.0)
         * np.where(xmas, 0.45, 1.0) * np.where(school & working, 0.82, 1.0)
         * (1 + 0.03 * np.arange(nd) / 365.25))
    counts = rng.multinomial(n, w / w.sum()) if n > 0 else np.zeros(nd, dtype=np.int64)

    # Chunks of whole days, about CHUNK_ROWS rows each.
    chunks, a, acc = [], 0, 0
    for i in range(nd):
        acc += int(counts[i])
        if acc >= CHUNK_ROWS:
            chunks.append((a, i + 1))
            a, acc = i + 1, 0
    if a < nd:
        chunks.append((a, nd))

    width = max(7, len(str(n)))
    ref_digits = max(7, len(str(n)) + 1)
    ref_mod = 10 ** ref_digits
    ref_mul = 7_654_321  # odd and not a multiple of 5: a permutation of 0..ref_mod-1
    ref_add = int(np.random.default_rng([seed, _S_IDS]).integers(ref_mod))
    asof_end = int(day_int[-1]) * 1440 + 1439
    n_pending_extra = 3 + n // 200_000

    # Rolling window of earlier contacts (for repeat contacts): time, child, age, locality.
    buf_t = np.zeros(0, np.int64)
    buf_child = np.zeros(0, np.int64)
    buf_age = np.zeros(0, np.int64)
    buf_loc = np.zeros(0, np.int64)
    next_child = 0
    written = 0

    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(MASH_COLUMNS) + "\n")
        for ci, (a, b) in enumerate(chunks):
            cd = np.repeat(np.arange(a, b), counts[a:b])
            m = len(cd)
            if m == 0:
                continue
            work = working[cd]
            # Time of day: working hours mostly; out of hours and weekends spread.
            u_ooh = rng.random(m)
            min_in = 480 + np.floor(600 * rng.beta(2.2, 2.6, m))
            min_ooh = (1080 + np.floor(840 * rng.random(m))) % 1440
            min_we = 420 + np.floor(1019 * rng.beta(2.0, 1.6, m))
            minute = np.where(work, np.where(u_ooh < 0.15, min_ooh, min_in), min_we)
            minute = minute.astype(np.int64)
            t = day_int[cd] * 1440 + minute
            order = np.argsort(t, kind="stable")
            t, minute = t[order], minute[order]  # cd is sorted already: same days
            work = working[cd]
            ooh = ~work | (minute < 480) | (minute >= 1080)

            # Referrer.
            ag_group = np.where(ooh, 2, np.where(school[cd], 1, 0))
            agency = _draw(rng, _AGENCY_P, ag_group)

            # Repeat contacts: reuse the child of an earlier contact within 365 days.
            comb_t = np.concatenate([buf_t, t])
            B = len(buf_t)
            left = np.searchsorted(comb_t, t, side="left")
            lo = np.searchsorted(comb_t, (day_int[cd] - 365) * 1440, side="left")
            avail = left - lo
            u_rep = rng.random(m)
            v_rep = rng.random(m)
            is_rep = (u_rep < REPEAT_P) & (avail > 0)
            j = left - 1 - np.floor(avail * v_rep ** 2).astype(np.int64)
            # Resolve chains of repeats to the first contact (pointer jumping).
            par = np.arange(B + m)
            rep_idx = np.nonzero(is_rep)[0]
            par[B + rep_idx] = j[rep_idx]
            while True:
                nxt = par[par[B:]]
                if np.array_equal(nxt, par[B:]):
                    break
                par[B:] = nxt
            root = par[B:]
            new_mask = ~is_rep
            child_new = np.full(m, -1, np.int64)
            child_new[new_mask] = next_child + np.arange(int(new_mask.sum()))
            next_child += int(new_mask.sum())
            age_grp = np.select([agency == 2, agency == 3, agency == 1], [0, 1, 2], 3)
            age_draw = _draw(rng, _AGE_P, age_grp)
            loc_draw = _draw(rng, _LOCALITY_P[None, :], np.zeros(m, np.int64))
            comb_child = np.concatenate([buf_child, child_new])
            comb_age = np.concatenate([buf_age, age_draw])
            comb_loc = np.concatenate([buf_loc, loc_draw])
            child = comb_child[root]
            age = comb_age[root]
            loc = comb_loc[root]
            grown = (age == 0) & (t - comb_t[root] > 150 * 1440)
            age = np.where(grown, 1, age)

            # Concern, screening, decision.
            concern = _draw(rng, _CONCERN_P, age)
            da_police = (agency == 1) & (rng.random(m) < 0.3)
            concern = np.where(da_police, 1, concern)
            high = np.isin(concern, [2, 3, 5, 6]).astype(np.int64)
            rag = _draw(rng, _RAG_P, high)
            decision = _draw(rng, _DECISION_P, rag)

            # Timing of the decision.
            d64 = days64[cd]
            mi = month_idx[cd]
            p_in = np.minimum(_p_within(mi) + 0.05 * (rag == 0), 0.98)
            within = rng.random(m) < p_in
            q_same = np.where(work & (minute >= 480) & (minute < 1080), 0.6,
                              np.where(work & (minute < 1380), 0.2, 0.0))
            same = within & (rng.random(m) < q_same)
            span = np.maximum(np.minimum(300, 1439 - minute) - 15, 1)
            dec_same_min = minute + 15 + np.floor(rng.random(m) * span).astype(np.int64)
            k_late = np.minimum(1 + rng.geometric(0.45, m), 10)
            deadline = cal.add_wd(d64, 1)
            late_date = cal.add_wd(d64, k_late)
            dec_min_other = 510 + np.floor(600 * rng.beta(2.0, 2.0, m)).astype(np.int64)
            dec_date = np.where(same, d64, np.where(within, deadline, late_date))
            dec_min = np.where(same, dec_same_min, dec_min_other)
            dec_t = dec_date.astype(np.int64) * 1440 + dec_min
            undecided = dec_t > asof_end
            if ci == len(chunks) - 1:
                # A handful of older contacts still undecided at as_of (overdue).
                cand = np.nonzero(~undecided & (day_int[cd] >= day_int[-1] - 14)
                                  & (day_int[cd] <= day_int[-1] - 4))[0]
                k = min(len(cand), n_pending_extra)
                if k:
                    undecided[np.sort(rng.choice(cand, k, replace=False))] = True
            nfa_like = decision <= 1
            escalated = (rng.random(m) < np.where(nfa_like, 0.055, 0.018)) & ~undecided

            # Strings, written in slices so that few Python strings exist at once.
            ids = np.arange(written + 1, written + m + 1)
            refs = (child * ref_mul + ref_add) % ref_mod
            decision = np.where(undecided, len(DECISION_CODES), decision)
            dec_t = np.where(undecided, 0, dec_t)
            for s0 in range(0, m, WRITE_ROWS):
                sl = slice(s0, s0 + WRITE_ROWS)
                dec_sl = dec_t[sl].astype("datetime64[m]").astype(str)
                dec_sl[undecided[sl]] = ""
                # No generated value contains a comma, quote or newline: no quoting.
                cols = [
                    [f"MC{x:0{width}d}" for x in ids[sl].tolist()],
                    [f"CR{x:0{ref_digits}d}" for x in refs[sl].tolist()],
                    t[sl].astype("datetime64[m]").astype(str).tolist(),
                    AGENCY_CODES[agency[sl]].tolist(),
                    CONCERN_CODES[concern[sl]].tolist(),
                    AGE_CODES[age[sl]].tolist(),
                    RAG_CODES[rag[sl]].tolist(),
                    _DECISION_OR_EMPTY[decision[sl]].tolist(),
                    dec_sl.tolist(),
                    _BOOL_S[escalated[sl].astype(np.int64)].tolist(),
                    LOCALITIES[loc[sl]].tolist(),
                ]
                fh.write("\n".join(map(",".join, zip(*cols))))
                fh.write("\n")
                del cols, dec_sl
            written += m

            # Keep only what the next chunk can refer back to.
            keep_from = (int(day_int[b - 1]) + 1 - 365) * 1440
            kb, kc = buf_t >= keep_from, t >= keep_from
            buf_t = np.concatenate([buf_t[kb], t[kc]])
            buf_child = np.concatenate([buf_child[kb], child[kc]])
            buf_age = np.concatenate([buf_age[kb], age[kc]])
            buf_loc = np.concatenate([buf_loc[kb], loc[kc]])
    return written


# --------------------------------------------------------------------------------------
# Audits
# --------------------------------------------------------------------------------------

_THEMES = {
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


def _audit_rows(win: _Window, seed: int) -> list[list]:
    rng = np.random.default_rng([seed, _S_AUDITS])
    cal = win.cal
    area_cycle = ["neglect", "domestic_abuse", "exploitation", "front_door",
                  "learning_and_improvement"]
    exercises = []  # (audit_id, type, area, theme, month, n_cases, agencies_mode, reaudit_of)
    maa_months = [m for m in win.months if m.month % 3 == 2]
    for k, m in enumerate(maa_months):
        area = area_cycle[k % 5]
        theme = _THEMES[area][(k // 5) % 3]
        exercises.append([f"MAA-{m.year}-{m.month:02d}", "multi_agency", area, theme, m,
                          int(rng.integers(6, 9)), "multi", "", 0.0])
    # Re-audits: exercise 6 re-audits 1, and 12 re-audits 7 (same area by construction).
    for new, old in ((6, 1), (12, 7)):
        if new < len(exercises):
            exercises[new][3] = "Re-audit: " + exercises[old][3]
            exercises[new][7] = exercises[old][0]
            exercises[new][8] = 0.18
            exercises[old][8] = -0.15
    for k, m in enumerate(win.months):
        if m.month in (3, 9) and k >= 3:  # thematic audits twice a year
            area = area_cycle[(k // 6 + 2) % 5]
            exercises.append([f"THM-{m.year}-{m.month:02d}", "thematic", area,
                              _THEMES[area][(k // 6) % 3], m, int(rng.integers(4, 6)),
                              "multi", "", 0.0])
        if m.month == 6:  # a deep dive each June
            area = area_cycle[(m.year + 1) % 5]
            exercises.append([f"DD-{m.year}-06", "deep_dive", area,
                              "Deep dive: " + _THEMES[area][m.year % 3].lower(), m, 3,
                              "deep", "", 0.0])
        if m.month in (1, 7) and k >= 2:  # single-agency audits
            agency = "health" if m.month == 1 else "education"
            area = "neglect" if m.month == 1 else "domestic_abuse"
            exercises.append([f"SAA-{m.year}-{m.month:02d}", "single_agency", area,
                              f"Single-agency audit ({agency}): " + _THEMES[area][1].lower(),
                              m, int(rng.integers(8, 11)), agency, "", 0.0])
    exercises.sort(key=lambda e: (e[4], e[0]))

    rows = []
    used_refs = rng.permutation(90000)[:4000] + 10000
    ri = 0
    for (aid, atype, area, theme, m, n_cases, mode, reaudit_of, shift) in exercises:
        tf = win.frac(m)
        p_gob = min(0.92, 0.44 + 0.36 * tf + shift)
        p_inad = max(0.02, 0.13 - 0.09 * tf - max(shift, 0) * 0.3)
        base_day = cal.roll_forward(m + timedelta(days=int(rng.integers(5, 18))))
        if base_day > win.as_of or base_day.month != m.month:
            base_day = cal.roll_forward(m)
        pairs = []
        for _ in range(n_cases):
            case_ref = f"AC{int(used_refs[ri]):05d}"
            ri += 1
            if mode in ("multi", "deep"):
                agencies = ["local_authority"]
                for ag, p in (("police", 0.8), ("health", 0.85), ("education", 0.6),
                              ("probation", 0.1), ("voluntary", 0.12)):
                    if mode == "deep" or rng.random() < p:
                        agencies.append(ag)
                if mode == "deep":
                    agencies = agencies[:5]
            else:
                agencies = [mode]
            pairs += [(case_ref, ag) for ag in agencies]
        k = len(pairs)
        u = rng.random(k)
        if shift:  # audits and their re-audits: stratified, so the change is the story
            u = (rng.permutation(k) + u) / k
        for (case_ref, ag), r in zip(pairs, u):
            if r < p_gob:
                grade = "outstanding" if rng.random() < 0.15 else "good"
            elif r < 1 - p_inad:
                grade = "requires_improvement"
            else:
                grade = "inadequate"
            day = base_day + timedelta(days=int(rng.integers(0, 6)))
            day = cal.roll_forward(day)
            if day.month != m.month or day > win.as_of:
                day = base_day
            rows.append([aid, atype, area, theme, case_ref, ag, day.isoformat(), grade,
                         _b(rng.random() < 0.55 + 0.25 * tf + shift / 2),
                         _b(rng.random() < 0.28 + 0.22 * tf),
                         _b(rng.random() < 0.7 + 0.15 * tf),
                         reaudit_of])
    return rows


AUDIT_COLUMNS = ["audit_id", "audit_type", "area_id", "theme", "case_ref", "agency",
                 "audited_on", "grade", "child_voice_evident", "family_involved",
                 "practitioner_involved", "reaudit_of"]


# --------------------------------------------------------------------------------------
# Case reviews
# --------------------------------------------------------------------------------------

REVIEW_COLUMNS = ["review_id", "aware_on", "panel_notified_on", "rapid_review_on",
                  "outcome", "lcspr_decided_on", "lcspr_completed_on", "lcspr_published_on",
                  "recommendations"]


def _case_reviews(win: _Window, seed: int) -> list[dict]:
    rng = np.random.default_rng([seed, _S_REVIEWS])
    cal = win.cal
    span = (win.as_of - win.start).days
    n = 25
    # Roughly one incident every two months, with jitter.
    offsets = np.linspace(15, span - 75, n - 2) + rng.integers(-20, 21, n - 2)
    aware = [cal.roll_forward(win.start + timedelta(days=int(o))) for o in offsets]
    aware += [cal.roll_forward(win.as_of - timedelta(days=24)),
              cal.roll_forward(win.as_of - timedelta(days=9))]
    aware = [min(a, win.as_of) for a in aware]
    # The LCSPR that is overdue at as_of: decided 7-14 months before as_of.
    overdue_target = _add_months(win.as_of, -11)
    overdue_i = int(np.argmin([abs((a - overdue_target).days) for a in aware[:-2]]))
    reviews = []
    per_year: dict[int, int] = {}
    for i, a in enumerate(aware):
        per_year[a.year] = per_year.get(a.year, 0) + 1
        rid = f"SI-{a.year}-{per_year[a.year]:02d}"
        late_notify = rng.random() < 0.2
        k_n = int(rng.integers(6, 11)) if late_notify else int(rng.choice([1, 1, 2, 2, 3, 4, 5]))
        notified = cal.add_wd_date(a, k_n)
        k_r = int(rng.integers(16, 26)) if rng.random() < 0.25 else int(rng.integers(9, 16))
        rapid = cal.add_wd_date(notified, k_r)
        rec = {"review_id": rid, "aware_on": a, "panel_notified_on": notified,
               "rapid_review_on": rapid, "outcome": "", "lcspr_decided_on": None,
               "lcspr_completed_on": None, "lcspr_published_on": None,
               "recommendations": None}
        if i == n - 1:  # the latest incident: notified, rapid review not yet held
            rec["panel_notified_on"] = cal.add_wd_date(a, 2)
            rec["rapid_review_on"] = None
        elif i == n - 2:  # rapid review held, panel decision awaited
            rec["outcome"] = "pending"
            rec["panel_notified_on"] = cal.add_wd_date(a, 3)
            rec["rapid_review_on"] = cal.add_wd_date(rec["panel_notified_on"], 12)
            if rec["rapid_review_on"] > win.as_of:
                rec["rapid_review_on"] = None
        else:
            lcspr = rng.random() < 0.3 or i == overdue_i
            if lcspr:
                rec["outcome"] = "lcspr"
                decided = cal.roll_forward(rapid + timedelta(days=int(rng.integers(7, 28))))
                completed = cal.roll_forward(
                    _add_months(decided, int(rng.integers(3, 7)))
                    + timedelta(days=int(rng.integers(0, 20))))
                published = cal.roll_forward(
                    completed + timedelta(days=int(rng.integers(10, 50))))
                if i == overdue_i:  # publication delayed by criminal proceedings
                    completed = cal.roll_forward(_add_months(decided, 5))
                    published = None
                rec["lcspr_decided_on"] = decided
                rec["lcspr_completed_on"] = completed if completed <= win.as_of else None
                rec["lcspr_published_on"] = (published if published is not None
                                             and published <= win.as_of
                                             and rec["lcspr_completed_on"] else None)
                if rec["lcspr_completed_on"]:
                    rec["recommendations"] = int(rng.integers(3, 7))
            else:
                rec["outcome"] = "no_lcspr"
                rec["recommendations"] = int(rng.choice([0, 1, 1, 2, 2, 3]))
        # Nothing after as_of is known yet.
        for key in ("panel_notified_on", "rapid_review_on"):
            if rec[key] is not None and rec[key] > win.as_of:
                rec[key] = None
        if rec["rapid_review_on"] is None and rec["outcome"] in ("lcspr", "no_lcspr"):
            rec["outcome"] = ""
            rec["lcspr_decided_on"] = rec["lcspr_completed_on"] = None
            rec["lcspr_published_on"] = rec["recommendations"] = None
        if rec["lcspr_decided_on"] is not None and rec["lcspr_decided_on"] > win.as_of:
            rec["lcspr_decided_on"] = rec["lcspr_completed_on"] = None
            rec["lcspr_published_on"] = rec["recommendations"] = None
        reviews.append(rec)
    return reviews


def _review_rows(reviews: list[dict]) -> list[list]:
    def d(x):
        return "" if x is None else x.isoformat()
    return [[r["review_id"], d(r["aware_on"]), d(r["panel_notified_on"]),
             d(r["rapid_review_on"]), r["outcome"], d(r["lcspr_decided_on"]),
             d(r["lcspr_completed_on"]), d(r["lcspr_published_on"]),
             "" if r["recommendations"] is None else str(r["recommendations"])]
            for r in reviews]


# --------------------------------------------------------------------------------------
# Actions
# --------------------------------------------------------------------------------------

ACTION_COLUMNS = ["action_id", "source_type", "source_ref", "recommendation", "owner",
                  "area_id", "subgroup", "raised_on", "due_on", "status", "completed_on",
                  "evidence"]

_RECS = {
    "front_door": [
        "Refresh the threshold guidance and relaunch it with all referring agencies",
        "Introduce a daily multi-agency triage meeting at the MASH",
        "Audit a sample of no-further-action decisions each quarter",
        "Agree an escalation route for referrers who disagree with a MASH decision",
        "Give referrers written feedback on the outcome of every contact",
        "Strengthen the step-down process from social care to early help",
    ],
    "neglect": [
        "Embed the Graded Care Profile 2 in all neglect assessments",
        "Train health visitors and school nurses in recognising cumulative neglect",
        "Publish a multi-agency neglect practice guide",
        "Review the oversight of children on plans for neglect for more than 18 months",
        "Ensure dental and health appointments missed are followed up as a neglect indicator",
    ],
    "exploitation": [
        "Offer every child returning from a missing episode a return home interview within 72 hours",
        "Share exploitation intelligence at a weekly multi-agency meeting",
        "Map peer groups and places of concern for contextual safeguarding plans",
        "Review the transition of exploited young people to adult services",
        "Develop a disruption toolkit with the community safety partnership",
    ],
    "domestic_abuse": [
        "Notify schools of domestic abuse incidents before the next school day",
        "Ensure health is represented at every MARAC meeting",
        "Record the voice of the child in all domestic abuse risk assessments",
        "Include unborn babies in domestic abuse safety planning",
        "Brief GPs on routine enquiry about domestic abuse",
    ],
    "learning_and_improvement": [
        "Publish a seven-minute briefing on the review's learning",
        "Evaluate the impact of multi-agency training three months after each course",
        "Track review recommendations to completion at every partnership meeting",
        "Include families and practitioners in every multi-agency audit",
        "Report audit findings to the partnership with an action plan",
        "Commission a thematic review of professional curiosity",
    ],
}
_OWNERS = {
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
_EVIDENCE = [
    "Revised guidance published on the partnership website and briefed to practitioners",
    "Minutes of the subgroup show the new process in place; dip sample of 10 cases confirmed it",
    "Training delivered to {n} practitioners; evaluation returned",
    "Procedure updated and signed off by the executive group",
    "Quarterly performance report shows the change sustained",
    "Re-audit of cases found the practice embedded",
    "Seven-minute briefing circulated and discussed in team meetings",
]


def _action_rows(win: _Window, seed: int, reviews: list[dict],
                 audits: list[list]) -> list[list]:
    rng = np.random.default_rng([seed, _S_ACTIONS])
    area_ids = [a[0] for a in AREAS]
    subgroup = {a[0]: a[2] for a in AREAS}
    seeds = []  # (source_type, source_ref, raised_on, area or None, count)

    def rand_area():
        return area_ids[int(rng.choice(len(area_ids), p=[0.2, 0.2, 0.2, 0.2, 0.2]))]

    # Legacy serious case review at the start of the window.
    seeds.append(("scr", "SCR-LEGACY-01", win.start + timedelta(days=9), None, 3))
    for r in reviews:
        if r["outcome"] == "no_lcspr" and r["recommendations"]:
            seeds.append(("rapid_review", r["review_id"],
                          r["rapid_review_on"] + timedelta(days=int(rng.integers(5, 20))),
                          None, r["recommendations"]))
        if r["outcome"] == "lcspr" and r["recommendations"]:
            seeds.append(("lcspr", r["review_id"], r["lcspr_completed_on"], None,
                          r["recommendations"]))
    seen = []
    for row in audits:
        if row[1] != "single_agency" and row[0] not in seen:
            seen.append(row[0])
            k = int(rng.integers(1, 4)) if row[1] == "multi_agency" else 1
            seeds.append(("audit", row[0], date.fromisoformat(row[6]) + timedelta(days=21),
                          row[2], k))
    for y in range(win.start.year, win.as_of.year + 1):
        d = date(y, 6, 15)
        if win.start <= d <= win.as_of and y % 2 == 1:
            seeds.append(("independent_review", f"ISR-{y}", d, None, 4))
        d = date(y, 3, 10)
        if win.start <= d <= win.as_of and y % 2 == 0:
            seeds.append(("section_11", f"S11-{y}", d, None, 4))
    mid = _add_months(win.start, 20)
    seeds.append(("inspection", f"JTAI-{mid.year}", mid + timedelta(days=12), "exploitation", 5))
    for k in (8, 26, 40):
        d = _add_months(win.start, k)
        if d <= win.as_of:
            seeds.append(("other", f"BP-{d.year}", d + timedelta(days=3), None, 2))
    seeds.sort(key=lambda s: (s[2], s[0], s[1]))

    rows = []
    for (stype, sref, raised, area, count) in seeds:
        if raised > win.as_of:
            continue
        for _ in range(count):
            a = area if area is not None else rand_area()
            rec = _pick(rng, _RECS[a])
            owner = _pick(rng, _OWNERS[a])
            due = raised + timedelta(days=int(rng.integers(60, 270)))
            due = _month_end(due.year, due.month)
            tf = win.frac(raised)
            p_ontime = 0.55 + 0.3 * tf
            status, completed = "in_progress", None
            if due < win.as_of:
                r = rng.random()
                if r < p_ontime:
                    span = (due - raised).days
                    completed = raised + timedelta(days=int(span * rng.uniform(0.4, 1.0)))
                elif r < p_ontime + 0.6 * (1 - p_ontime):
                    completed = due + timedelta(days=int(rng.integers(3, 150)))
                    if completed > win.as_of:
                        completed = None
                if completed is None:
                    status = "not_started" if rng.random() < 0.35 else "in_progress"
            else:
                elapsed = (win.as_of - raised).days / max(1, (due - raised).days)
                if rng.random() < 0.35 * elapsed:
                    completed = raised + timedelta(
                        days=int((win.as_of - raised).days * rng.uniform(0.3, 1.0)))
                else:
                    started = elapsed > 0.35 or rng.random() < 0.4
                    status = "in_progress" if started else "not_started"
            evidence = ""
            if completed is not None:
                status = "completed"
                if completed <= win.as_of - timedelta(days=90) and rng.random() < 0.45:
                    status = "impact_evidenced"
                evidence = _pick(rng, _EVIDENCE).format(n=int(rng.integers(25, 180)))
            keep_area = rng.random() < 0.92
            rows.append([None, stype, sref, rec, owner, a if keep_area else "",
                         subgroup[a] if keep_area else "", raised.isoformat(),
                         due.isoformat(), status,
                         "" if completed is None else completed.isoformat(), evidence])
    for i, r in enumerate(rows):
        r[0] = f"ACT-{i + 1:04d}"
    return rows


# --------------------------------------------------------------------------------------
# Training
# --------------------------------------------------------------------------------------

TRAINING_COLUMNS = ["booking_id", "course_id", "course_title", "delivered_on", "mode",
                    "area_id", "attendee_agency", "attended", "rating", "confidence_before",
                    "confidence_after", "impact_followup", "fee_gbp"]
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
_TRAIN_AGENCIES = ["education", "health", "local_authority", "police", "voluntary", "housing",
                   "probation", "youth_justice", "other"]
_TRAIN_AGENCY_P = np.array([0.30, 0.24, 0.18, 0.07, 0.10, 0.03, 0.02, 0.03, 0.03])


def _training_rows(win: _Window, seed: int) -> list[list]:
    rng = np.random.default_rng([seed, _S_TRAINING])
    cal = win.cal
    rows = []
    for m in win.months:
        n_sessions = {8: 1, 12: 3}.get(m.month, 4) + int(rng.integers(0, 2))
        last = _month_end(m.year, m.month)
        for _ in range(n_sessions):
            ci = int(rng.integers(len(COURSES)))
            cid, title, area, modes = COURSES[ci]
            mode = modes[int(rng.integers(len(modes)))]
            day = cal.roll_forward(m + timedelta(days=int(rng.integers(0, 27))))
            if day > last:
                day = cal.add_wd_date(m, 1)
            tf = win.frac(day)
            n_book = int(rng.integers(9, 21)) if mode != "e_learning" else int(rng.integers(8, 17))
            fy = _fy_of(day)
            for _ in range(n_book):
                if cid == "MA12":
                    ag = "education" if rng.random() < 0.9 else "voluntary"
                else:
                    ag = _TRAIN_AGENCIES[int(rng.choice(len(_TRAIN_AGENCIES),
                                                        p=_TRAIN_AGENCY_P))]
                p_att = {"in_person": 0.83, "virtual": 0.86, "e_learning": 0.92}[mode]
                attended = rng.random() < p_att
                rating = cb = ca = imp = ""
                if attended:
                    if rng.random() < 0.92:
                        rating = str(1 + int(rng.choice(5, p=[0.01, 0.03, 0.12, 0.42, 0.42])))
                    if rng.random() < 0.95:
                        b = 1 + int(rng.choice(5, p=[0.08, 0.27, 0.4, 0.2, 0.05]))
                        up_p = [0.14 - 0.04 * tf, 0.55, 0.26 + 0.04 * tf, 0.05]
                        a = min(5, b + int(rng.choice(4, p=up_p)))
                        cb, ca = str(b), str(a)
                    if day + timedelta(days=91) <= win.as_of and rng.random() < 0.4:
                        imp = str(1 + int(rng.choice(5, p=[0.03, 0.1, 0.3, 0.37, 0.2])))
                fee = None
                rate_year = fy >= 2025
                if ag == "education":
                    fee = 10.0 if mode == "e_learning" else (45.0 if rate_year else 40.0)
                elif ag == "voluntary":
                    fee = 10.0 if mode == "e_learning" else (30.0 if rate_year else 25.0)
                elif ag == "other":
                    fee = 15.0 if mode == "e_learning" else 62.5
                rows.append([None, cid, title, day.isoformat(), mode, area, ag,
                             _b(attended), rating, cb, ca, imp, _money(fee)])
    rows.sort(key=lambda r: (r[3], r[1]))
    for i, r in enumerate(rows):
        r[0] = f"TB{i + 1:06d}"
    return rows


# --------------------------------------------------------------------------------------
# Money: contributions and budget
# --------------------------------------------------------------------------------------

_PARTNERS = [
    ("Riverside Borough Council", "local_authority", 152_000, 0.03, None),
    ("Riverside and Wealdshire Integrated Care Board", "health", 71_500, 0.025, None),
    ("Wealdshire Police", "police", 33_000, 0.0, None),
    ("Office of the Wealdshire Police and Crime Commissioner", "police", 4_000, 0.0, 2024),
    ("Probation Service (Wealdshire delivery unit)", "other", 2_000, 0.0, None),
    ("Cafcass", "other", 550, 0.0, None),
    ("Riverside Schools Forum", "other", 10_000, 0.02, 2024),
    ("Wealdshire Fire and Rescue Service", "other", 1_500, 0.0, None),
]
_BUDGET_LINES = [
    ("expenditure", "staffing", 182_000, 0.035),
    ("expenditure", "independent_scrutiny", 24_000, 0.02),
    ("expenditure", "case_reviews", 30_000, 0.0),
    ("expenditure", "training", 26_000, 0.02),
    ("expenditure", "child_death_review", 18_000, 0.02),
    ("expenditure", "other", 11_000, 0.02),
    ("income", "training_income", 11_000, 0.04),
    ("income", "other_income", 3_000, 0.0),
]


def _money_rows(win: _Window, seed: int, training: list[list],
                reviews: list[dict]) -> tuple[list[list], list[list]]:
    rng = np.random.default_rng([seed, _S_MONEY])
    last_fy = _fy_of(win.as_of)
    years = list(range(last_fy - 4, last_fy + 1))
    contrib = []
    for k, y in enumerate(years):
        for (agency, group, base, growth, since) in _PARTNERS:
            if since is not None and y < since:
                continue
            amount = base * (1 + growth) ** k
            amount = round(amount / 50) * 50 if group != "other" else amount
            if group == "health" and y == years[1]:
                amount += 4_250.75  # a one-off top-up for a thematic review
            contrib.append([_fy_label(y), agency, group, _money(amount)])

    fees = {}
    for r in training:
        if r[12]:
            fy = _fy_of(date.fromisoformat(r[3]))
            fees[fy] = fees.get(fy, 0.0) + float(r[12])
    lcsprs = {}
    for r in reviews:
        if r["lcspr_decided_on"] is not None:
            fy = _fy_of(r["lcspr_decided_on"])
            lcsprs[fy] = lcsprs.get(fy, 0) + 1
    data_first_fy_complete = _fy_of(win.start) + (0 if win.start.month == 4 else 1)

    budget = []
    for k, y in enumerate(years):
        complete = date(y + 1, 3, 31) <= win.as_of
        for (kind, line, base, growth) in _BUDGET_LINES:
            planned = round(base * (1 + growth) ** k / 100) * 100
            actual = None
            if complete:
                if line == "training_income" and y >= data_first_fy_complete:
                    actual = fees.get(y, 0.0)
                elif line == "case_reviews":
                    actual = 9_000 + 8_500 * lcsprs.get(y, 0) + rng.uniform(-1500, 1500)
                else:
                    actual = planned * rng.uniform(0.9, 1.08)
            budget.append([_fy_label(y), kind, line, _money(planned), _money(actual)])
    return contrib, budget


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def write_demo(out_dir: Path | str, contacts: int | None = None, seed: int = 2026,
               end_month: str = "2026-10") -> dict:
    """Write the demo dataset to out_dir (created if needed); return a summary:
    {"out_dir", "as_of", "seed", "files": {file name: data rows}}."""
    n_contacts = DEFAULT_CONTACTS if contacts is None else int(contacts)
    if n_contacts < 0:
        raise ValueError("contacts must be zero or more")
    seed = int(seed)
    win = _Window(end_month)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, int] = {}

    _write_partnership(out, win, seed)
    files["partnership.toml"] = 1
    files["priority_areas.csv"] = _write_areas(out)
    cat_rows, ind_rows = _indicator_rows(win, seed)
    files["indicator_catalogue.csv"] = _write_csv(
        out / "indicator_catalogue.csv",
        ["indicator_id", "name", "area_id", "unit", "polarity", "target", "amber_tolerance",
         "frequency", "source", "definition", "expected_from"], cat_rows)
    files["indicators.csv"] = _write_csv(
        out / "indicators.csv",
        ["indicator_id", "period_start", "value", "numerator", "denominator"], ind_rows)
    files["mash_contacts.csv"] = _write_contacts(out / "mash_contacts.csv", n_contacts, win,
                                                 seed)
    audits = _audit_rows(win, seed)
    files["audits.csv"] = _write_csv(out / "audits.csv", AUDIT_COLUMNS, audits)
    reviews = _case_reviews(win, seed)
    files["case_reviews.csv"] = _write_csv(out / "case_reviews.csv", REVIEW_COLUMNS,
                                           _review_rows(reviews))
    files["actions.csv"] = _write_csv(out / "actions.csv", ACTION_COLUMNS,
                                      _action_rows(win, seed, reviews, audits))
    training = _training_rows(win, seed)
    files["training.csv"] = _write_csv(out / "training.csv", TRAINING_COLUMNS, training)
    contrib, budget = _money_rows(win, seed, training, reviews)
    files["contributions.csv"] = _write_csv(
        out / "contributions.csv", ["financial_year", "agency", "partner_group", "amount_gbp"],
        contrib)
    files["budget.csv"] = _write_csv(
        out / "budget.csv", ["financial_year", "kind", "line", "planned_gbp", "actual_gbp"],
        budget)
    data = COMPARATORS_FILE.read_bytes()
    (out / "comparators.csv").write_bytes(data)
    files["comparators.csv"] = max(0, data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1))
    return {"out_dir": str(out), "as_of": win.as_of.isoformat(), "seed": seed,
            "files": files}


if __name__ == "__main__":  # pragma: no cover - for the generator's own testing
    import argparse
    import json

    ap = argparse.ArgumentParser(description="Write the synthetic demo dataset.")
    ap.add_argument("--out", required=True)
    ap.add_argument("--contacts", type=int, default=None)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--end-month", default="2026-10")
    args = ap.parse_args()
    print(json.dumps(write_demo(args.out, args.contacts, args.seed, args.end_month), indent=2))
