"""The data contract of ../shared/spec/datasets.md as data: files, columns, types, rules.

The loader and validator read these tables; nothing else in the code base lists
columns or code values.  Cross-column rules are SQL predicates over the parsed
columns (they name columns only, never data values) with a message template.
"""
from __future__ import annotations

from dataclasses import dataclass, field

AGENCIES = (
    "local_authority", "police", "health", "education", "probation", "youth_justice",
    "housing", "cafcass", "voluntary", "family_or_public", "anonymous", "other",
)
PARTNER_GROUPS = ("local_authority", "health", "police", "other")
CONCERNS = (
    "neglect", "domestic_abuse", "physical_abuse", "sexual_abuse", "emotional_abuse",
    "exploitation", "missing", "mental_health", "online_safety", "other",
)
AGE_BANDS = ("unborn", "0-4", "5-9", "10-15", "16-17")
SCREENING_RAGS = ("red", "amber", "green")
DECISIONS = (
    "no_further_action", "information_advice", "early_help", "referral_social_care",
    "strategy_discussion",
)
AUDIT_TYPES = ("multi_agency", "single_agency", "deep_dive", "thematic")
GRADES = ("outstanding", "good", "requires_improvement", "inadequate")
SOURCE_TYPES = (
    "lcspr", "scr", "rapid_review", "audit", "independent_review", "section_11",
    "inspection", "other",
)
ACTION_STATUSES = ("not_started", "in_progress", "completed", "impact_evidenced")
OUTCOMES = ("lcspr", "no_lcspr", "pending")
MODES = ("virtual", "in_person", "e_learning")
UNITS = ("percent", "rate_per_10k", "count", "days", "score")
# datasets.md indicators.csv `value`: the range each unit's values can take, (low, high),
# None where unbounded. Charts draw a process limit beyond it at its edge.
UNIT_RANGES: dict[str, tuple[float | None, float | None]] = {
    "percent": (0, 100), "rate_per_10k": (0, None), "count": (0, None), "days": (0, None),
    "score": (None, None),
}
POLARITIES = ("higher_is_better", "lower_is_better")
FREQUENCIES = ("monthly", "quarterly")
BUDGET_KINDS = ("income", "expenditure")
BUDGET_LINES = (
    "staffing", "independent_scrutiny", "case_reviews", "training", "child_death_review",
    "training_income", "other_income", "other",
)
BANK_HOLIDAY_REGIONS = ("england-and-wales", "scotland", "northern-ireland")

# metrics.md: the six indicators the dashboard computes itself, with their frequency.
COMPUTED_INDICATORS = {
    "mash_decision_within_1wd": "monthly",
    "mash_conversion_rate": "monthly",
    "mash_repeat_contacts_12m": "monthly",
    "audit_good_or_better": "quarterly",
    "training_confidence_uplift": "quarterly",
    "actions_completed_on_time": "quarterly",
}

# Column kinds.  'code' has a fixed list (matched after trim + lower-case);
# 'key' is an identifier such as area_id (trimmed, lower-cased); 'text' is free text;
# 'name' is text matched trimmed, inner spaces collapsed and case-insensitively (an
# organisation written two ways is one organisation).
TEXT, KEY, CODE, DATE, DATETIME, BOOLEAN, INTEGER, NUMBER, MONEY, YEAR, NAME = (
    "text", "key", "code", "date", "datetime", "boolean", "integer", "number", "money",
    "financial_year", "name",
)

# datasets.md: every date and date-time lies in these years; outside them it is a type error.
DATE_MIN, DATE_MAX = "1900-01-01", "2099-12-31"
# datasets.md, commentary: comment and next_steps hold at most this many characters
# (Unicode code points, a line ending counted as one).
COMMENT_LIMIT = 2000


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    codes: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_exclusive: bool = False
    max_length: int | None = None   # characters (code points, line endings count one)
    note: str = ""                   # one line for the data officer (datasets/README.md)


@dataclass(frozen=True)
class Rule:
    """A row-level rule: rows where `bad` (SQL over parsed columns) is true break it.

    `message` is a SQL string expression building the data officer's sentence;
    `column` names the column reported, `value` the SQL of the value shown; `help`
    says the rule in words for datasets/README.md.
    """
    name: str
    column: str
    bad: str
    message: str
    value: str | None = None
    severity: str = "error"
    help: str = ""


@dataclass(frozen=True)
class IgnoreRule:
    """A value ignored (set empty) but the row kept, with a warning."""
    columns: tuple[str, ...]
    when: str
    message: str
    help: str = ""


@dataclass(frozen=True)
class FileSpec:
    stem: str
    columns: tuple[Column, ...]
    required_file: bool = False
    key: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    ignore: tuple[IgnoreRule, ...] = field(default=())
    help: str = ""                   # what one row is
    checks: tuple[str, ...] = ()     # rules validate.py implements itself, in words

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _fmt(col: str) -> str:
    """SQL showing a value the way the file wrote it (trimmed), for messages."""
    return f"coalesce({col}__raw, 'empty')"


def _order(a: str, b: str, what: str = "before") -> Rule:
    return Rule(
        "date_order", a, f"{a} < {b}",
        f"'{a} ' || {_fmt(a)} || ' is {what} {b} ' || {_fmt(b)}",
        help=f"{a} is not before {b}.",
    )


def not_period_start(col: str, frequency: str) -> str:
    """SQL: `col` is a date that is not a period start of `frequency` (SQL giving
    'monthly' or 'quarterly'; NULL when unknown, and then only a month start is asked,
    since every period start is the first of a month)."""
    return (f"({col} IS NOT NULL AND (day({col}) <> 1 OR (({frequency}) = 'quarterly' "
            f"AND month({col}) NOT IN (1, 4, 7, 10))))")


def period_start_message(col: str, frequency: str, indicator: str | None = None) -> str:
    """SQL for the sentence of a `not_period_start` breach."""
    whose = (f" || coalesce(' (' || {indicator} || ' is ' || ({frequency}) || ')', '')"
             if indicator else "")
    return (f"'{col} ' || {_fmt(col)} || ' is not the first day of a ' || "
            f"CASE WHEN ({frequency}) = 'quarterly' THEN 'quarter (1 Jan, 1 Apr, 1 Jul, 1 Oct)' "
            f"ELSE 'month' END{whose}")


def _presence(a: str, b: str, what_b: str) -> tuple[Rule, Rule]:
    """`a` is required when `b` is set and must be empty otherwise.  Presence is read
    from the cells as written (__raw), so a badly typed `b` is reported once, as a type
    error, not again as a missing or unexpected `a`."""
    return (
        Rule("required", a, f"{b}__raw IS NOT NULL AND {a}__raw IS NULL",
             f"'{a} is required when {b} is given (' || {b}__raw || ')'",
             help=f"{a} is required when {b} is given."),
        Rule(f"{a}_without_{b}", a, f"{b}__raw IS NULL AND {a}__raw IS NOT NULL",
             f"'{a} ' || {a}__raw || ' is given but {b} is empty ({what_b})'",
             help=f"{a} is empty when {b} is empty."),
    )


PRIORITY_AREAS = FileSpec(
    "priority_areas",
    (
        Column("area_id", KEY, required=True, note="short identifier, e.g. front_door"),
        Column("name", TEXT, required=True, note="shown on the area's tile"),
        Column("subgroup", TEXT, required=True, note="the subgroup that owns the area"),
        Column("description", TEXT, note="a sentence or two about the area"),
    ),
    required_file=True,
    key=("area_id",),
    help="The partnership's priority areas; every figure is grouped under one.",
)

_COMPUTED_LIST = "; ".join(f"{i} ({f})" for i, f in COMPUTED_INDICATORS.items())

INDICATOR_CATALOGUE = FileSpec(
    "indicator_catalogue",
    (
        Column("indicator_id", KEY, required=True, note="short identifier of the indicator"),
        Column("name", TEXT, required=True, note="as shown on the dashboard"),
        Column("area_id", KEY, required=True, note="the priority area it belongs to"),
        Column("unit", CODE, required=True, codes=UNITS, note="what the values measure"),
        Column("polarity", CODE, required=True, codes=POLARITIES,
               note="which direction is an improvement"),
        Column("target", NUMBER, note="empty = no target (its RAG is grey)"),
        Column("amber_tolerance", NUMBER, minimum=0,
               note="how far from the target is still amber; empty = 0"),
        Column("frequency", CODE, required=True, codes=FREQUENCIES,
               note="how often a value is due"),
        Column("source", CODE, required=True, codes=AGENCIES + ("computed",),
               note="the agency that supplies the values, or computed (the dashboard "
                    "works it out from the record-level files)"),
        Column("definition", TEXT, required=True, note="numerator and denominator in words"),
        Column("expected_from", DATE,
               note="the first period a return is due; empty for a computed indicator"),
    ),
    required_file=True,
    key=("indicator_id",),
    rules=(
        Rule("required", "expected_from", "source <> 'computed' AND expected_from IS NULL",
             "'expected_from is required for an indicator supplied by ' || source",
             help="expected_from is required when the source is an agency."),
        Rule("computed_expected_from", "expected_from",
             "source = 'computed' AND expected_from IS NOT NULL",
             "'expected_from ' || expected_from__raw || ' must be empty for a computed indicator ('"
             " || indicator_id || ')'",
             help="expected_from is empty for a computed indicator."),
        Rule("period_start", "expected_from", not_period_start("expected_from", "frequency"),
             period_start_message("expected_from", "frequency"),
             help="expected_from is the first day of a month (monthly) or of a quarter "
                  "(quarterly: 1 Jan, 1 Apr, 1 Jul, 1 Oct)."),
        Rule("computed_indicator", "indicator_id",
             "source = 'computed' AND (indicator_id, frequency) NOT IN ("
             + ", ".join(f"('{i}', '{f}')" for i, f in COMPUTED_INDICATORS.items()) + ")",
             "'indicator_id ' || indicator_id || ' (' || frequency || ') is marked computed, but the "
             "dashboard computes only: " + _COMPUTED_LIST + "'",
             help="A computed indicator is one the dashboard computes, with its own "
                  "frequency: " + _COMPUTED_LIST + "."),
    ),
    help="One row per indicator: what it measures, its target and who supplies it.",
)

INDICATORS = FileSpec(
    "indicators",
    (
        Column("indicator_id", KEY, required=True, note="an indicator of the catalogue"),
        Column("period_start", DATE, required=True,
               note="first day of the month or quarter the value is for"),
        Column("value", NUMBER, required=True, note="the figure for the period"),
        Column("numerator", INTEGER, minimum=0, note="optional; ignored on a count indicator"),
        Column("denominator", INTEGER, minimum=0, min_exclusive=True,
               note="optional; ignored on a count indicator"),
    ),
    key=("indicator_id", "period_start"),
    # Unit- and frequency-dependent rules need the catalogue: see validate.py.
    help="The values that agencies supply, one row per indicator and period.",
    checks=(
        "indicator_id is in the catalogue, and its source there is not computed (the "
        "dashboard computes those itself).",
        "period_start is the first day of a month (monthly indicator) or of a quarter "
        "(quarterly: 1 Jan, 1 Apr, 1 Jul, 1 Oct).",
        "value is 0 to 100 for a percent indicator and never negative for count, "
        "rate_per_10k and days.",
        "With both numerator and denominator, value equals 100·n/d (percent), 10000·n/d "
        "(rate_per_10k) or n/d (days, score), compared in hundredths with a tolerance of 5.",
        "On a count indicator, numerator and denominator are ignored with a warning.",
    ),
)

MASH_CONTACTS = FileSpec(
    "mash_contacts",
    (
        Column("contact_id", TEXT, required=True, note="the contact's reference"),
        Column("child_ref", TEXT, required=True,
               note="pseudonymous child reference, never a name"),
        Column("received_at", DATETIME, required=True, note="when the contact arrived"),
        Column("referrer_agency", CODE, required=True, codes=AGENCIES, note="who made it"),
        Column("primary_concern", CODE, required=True, codes=CONCERNS),
        Column("age_band", CODE, required=True, codes=AGE_BANDS),
        Column("screening_rag", CODE, codes=SCREENING_RAGS, note="urgency at screening"),
        Column("decision", CODE, codes=DECISIONS, note="empty = not decided yet"),
        Column("decided_at", DATETIME, note="when the decision was made"),
        Column("escalated", BOOLEAN, note="a professional challenge of the decision was raised"),
        Column("locality", TEXT, note="optional area within the partnership"),
    ),
    key=("contact_id",),
    rules=(
        Rule("required", "decided_at", "decision IS NOT NULL AND decided_at IS NULL",
             "'decided_at is required when a decision (' || decision || ') is recorded'",
             help="decided_at is required when there is a decision."),
        Rule("decided_without_decision", "decided_at", "decision IS NULL AND decided_at IS NOT NULL",
             "'decided_at ' || " + _fmt("decided_at") + " || ' is given but there is no decision'",
             help="decided_at is empty when there is no decision."),
        Rule("date_order", "decided_at", "decided_at < received_at",
             "'decided_at ' || decided_at__raw || ' is before received_at ' || received_at__raw",
             help="decided_at is not before received_at."),
    ),
    help="One row per contact received by the MASH (front door).",
)

AUDITS = FileSpec(
    "audits",
    (
        Column("audit_id", TEXT, required=True, note="the audit exercise, e.g. MAA-2023-07"),
        Column("audit_type", CODE, required=True, codes=AUDIT_TYPES),
        Column("area_id", KEY, required=True, note="the priority area audited"),
        Column("theme", TEXT),
        Column("case_ref", TEXT, required=True, note="pseudonymous case reference"),
        Column("agency", CODE, required=True, codes=AGENCIES, note="the auditing agency"),
        Column("audited_on", DATE, required=True),
        Column("grade", CODE, required=True, codes=GRADES),
        Column("child_voice_evident", BOOLEAN, required=True),
        Column("family_involved", BOOLEAN, required=True, note="the family took part"),
        Column("practitioner_involved", BOOLEAN, required=True,
               note="a frontline practitioner took part"),
        Column("reaudit_of", TEXT, note="the audit_id of the exercise this one re-audits"),
    ),
    key=("audit_id", "case_ref", "agency"),
    # reaudit_of must exist and be consistent within its audit_id: see validate.py.
    help="One row per case audited, per auditing agency.",
    checks=(
        "reaudit_of, when given, is an audit_id of this file.",
        "Every row of one audit_id names the same reaudit_of; a row that differs from the "
        "audit's first row is rejected.",
    ),
)

ACTIONS = FileSpec(
    "actions",
    (
        Column("action_id", TEXT, required=True, note="the action's reference"),
        Column("source_type", CODE, required=True, codes=SOURCE_TYPES,
               note="what the recommendation came from"),
        Column("source_ref", TEXT, note="e.g. the review or audit id"),
        Column("recommendation", TEXT, required=True),
        Column("owner", TEXT, required=True, note="agency or group that owns it"),
        Column("area_id", KEY, note="the priority area it serves"),
        Column("subgroup", TEXT),
        Column("raised_on", DATE, required=True),
        Column("due_on", DATE, required=True),
        Column("status", CODE, required=True, codes=ACTION_STATUSES),
        Column("completed_on", DATE, note="when it was completed"),
        Column("evidence", TEXT, note="how completion or impact was evidenced"),
        Column("indicator_id", KEY, note="the indicator this action is meant to move"),
    ),
    key=("action_id",),
    rules=(
        _order("due_on", "raised_on"),
        Rule("required", "completed_on",
             "status IN ('completed', 'impact_evidenced') AND completed_on IS NULL",
             "'completed_on is required when status is ' || status",
             help="completed_on is required when status is completed or impact_evidenced."),
        Rule("completed_on_without_completion", "completed_on",
             "status IN ('not_started', 'in_progress') AND completed_on IS NOT NULL",
             "'completed_on ' || " + _fmt("completed_on")
             + " || ' is given but status is ' || status || ' (leave it empty until completed)'",
             help="completed_on is empty while status is not_started or in_progress."),
    ),
    help="Recommendations and actions, tracked to completion.",
)

CASE_REVIEWS = FileSpec(
    "case_reviews",
    (
        Column("review_id", TEXT, required=True),
        Column("aware_on", DATE, required=True,
               note="the partnership became aware of the serious incident"),
        Column("panel_notified_on", DATE, note="notification to the national panel"),
        Column("rapid_review_on", DATE, note="rapid review completed and sent to the panel"),
        Column("outcome", CODE, codes=OUTCOMES, note="the rapid review's decision; empty = pending"),
        Column("lcspr_decided_on", DATE, note="decision to commission an LCSPR"),
        Column("lcspr_completed_on", DATE, note="final report completed"),
        Column("lcspr_published_on", DATE),
        Column("recommendations", INTEGER, minimum=0, note="number of recommendations made"),
    ),
    key=("review_id",),
    rules=(
        _order("panel_notified_on", "aware_on"),
        _order("rapid_review_on", "panel_notified_on"),
        Rule("date_order", "rapid_review_on",
             "panel_notified_on IS NULL AND rapid_review_on < aware_on",
             "'rapid_review_on ' || " + _fmt("rapid_review_on")
             + " || ' is before aware_on ' || " + _fmt("aware_on"),
             help="rapid_review_on is not before aware_on (also without a notification date)."),
        Rule("required", "rapid_review_on",
             "outcome IN ('lcspr', 'no_lcspr') AND rapid_review_on IS NULL",
             "'outcome ' || outcome || ' needs rapid_review_on (the rapid review decides it)'",
             help="An outcome lcspr or no_lcspr needs rapid_review_on."),
        Rule("lcspr_dates_without_lcspr", "outcome",
             "coalesce(outcome, 'pending') <> 'lcspr' AND (lcspr_decided_on IS NOT NULL "
             "OR lcspr_completed_on IS NOT NULL OR lcspr_published_on IS NOT NULL)",
             "'LCSPR dates are given but outcome is ' || coalesce(outcome, 'empty (pending)')",
             help="The lcspr_* dates are given only with outcome lcspr."),
        _order("lcspr_completed_on", "lcspr_decided_on"),
        _order("lcspr_published_on", "lcspr_completed_on"),
        Rule("date_order", "lcspr_published_on",
             "lcspr_completed_on IS NULL AND lcspr_published_on < lcspr_decided_on",
             "'lcspr_published_on ' || " + _fmt("lcspr_published_on")
             + " || ' is before lcspr_decided_on ' || " + _fmt("lcspr_decided_on"),
             help="lcspr_published_on is not before lcspr_decided_on (also without a "
                  "completion date)."),
    ),
    help="Serious incidents, rapid reviews and local child safeguarding practice reviews "
         "(LCSPRs), one row per incident.",
)

CONTRIBUTIONS = FileSpec(
    "contributions",
    (
        Column("financial_year", YEAR, required=True),
        Column("agency", TEXT, required=True, note="the contributing body, e.g. Essex Police"),
        Column("partner_group", CODE, required=True, codes=PARTNER_GROUPS),
        Column("amount_gbp", MONEY, required=True),
    ),
    key=("financial_year", "agency"),
    help="Partner funding, one row per contributing body per financial year.",
)

BUDGET = FileSpec(
    "budget",
    (
        Column("financial_year", YEAR, required=True),
        Column("kind", CODE, required=True, codes=BUDGET_KINDS,
               note="contributions are not repeated here"),
        Column("line", CODE, required=True, codes=BUDGET_LINES),
        Column("planned_gbp", MONEY),
        Column("actual_gbp", MONEY),
    ),
    key=("financial_year", "kind", "line"),
    rules=(
        Rule("line_kind", "kind",
             "(line IN ('training_income', 'other_income')) <> (kind = 'income')",
             "'line ' || line || ' must have kind ' || "
             "CASE WHEN line IN ('training_income', 'other_income') THEN 'income' "
             "ELSE 'expenditure' END || ', not ' || kind",
             help="training_income and other_income are income lines; every other line "
                  "is expenditure."),
    ),
    help="Income and expenditure lines of the partnership's budget.",
)

COMPARATORS = FileSpec(
    "comparators",
    (
        Column("partnership", TEXT, required=True, note="the other partnership"),
        Column("year", YEAR, required=True),
        Column("unitary", BOOLEAN),
        Column("total_population", INTEGER, minimum=0, min_exclusive=True),
        Column("budget_gbp", MONEY),
        Column("local_authority_gbp", MONEY, note="contribution of the partner group"),
        Column("health_gbp", MONEY, note="contribution of the partner group"),
        Column("police_gbp", MONEY, note="contribution of the partner group"),
        Column("other_gbp", MONEY, note="contribution of the partner group"),
        Column("training_income_gbp", MONEY),
        Column("other_income_gbp", MONEY),
    ),
    key=("partnership", "year"),
    help="Other partnerships' budgets and contributions, for benchmarking.",
)

TRAINING = FileSpec(
    "training",
    (
        Column("booking_id", TEXT, required=True),
        Column("course_id", TEXT, required=True),
        Column("course_title", TEXT, required=True),
        Column("delivered_on", DATE, required=True),
        Column("mode", CODE, required=True, codes=MODES),
        Column("area_id", KEY, note="the priority area the course serves"),
        Column("attendee_agency", CODE, required=True, codes=AGENCIES),
        Column("attended", BOOLEAN, required=True),
        Column("rating", INTEGER, minimum=1, maximum=5, note="the attendee's course rating"),
        Column("confidence_before", INTEGER, minimum=1, maximum=5,
               note="self-rated, before the course"),
        Column("confidence_after", INTEGER, minimum=1, maximum=5,
               note="self-rated, straight after it"),
        Column("impact_followup", INTEGER, minimum=1, maximum=5,
               note="three months on: has it changed practice?"),
        Column("fee_gbp", MONEY, note="charged for the booking"),
    ),
    key=("booking_id",),
    ignore=(
        IgnoreRule(
            ("rating", "confidence_before", "confidence_after", "impact_followup"),
            "NOT attended",
            "the booking was not attended, so this value is ignored",
            help="On a booking not attended, rating, confidence_before, confidence_after "
                 "and impact_followup are ignored with a warning (the row is kept).",
        ),
    ),
    help="One row per booking on a multi-agency course.",
)

RATINGS = ("met", "partially_met", "not_met")
FRAMEWORKS = ("section_11", "section_175")
# datasets.md: these are the same on every row of one (round, organisation).
SAME_PER_ORGANISATION = ("framework", "agency", "due_on", "submitted_on")

SELF_ASSESSMENTS = FileSpec(
    "self_assessments",
    (
        Column("round", YEAR, required=True, note="the financial year of the round"),
        Column("framework", CODE, required=True, codes=FRAMEWORKS,
               note="Section 11 (agencies) or section 175 (schools)"),
        # matched trimmed, spaces collapsed, case-insensitive; the clean table shows the
        # first spelling among accepted rows, with organisation_key beside it (validate.py)
        Column("organisation", NAME, required=True,
               note="the organisation rating itself; spaces and capitals do not matter"),
        Column("agency", CODE, required=True, codes=AGENCIES),
        Column("standard", TEXT, required=True, note="the standard's short code, e.g. 3 or s175-3"),
        Column("due_on", DATE, required=True, note="when the return was due"),
        Column("submitted_on", DATE, note="empty = return not received"),
        Column("self_rating", CODE, codes=RATINGS, note="the organisation's own rating"),
        Column("validated_rating", CODE, codes=RATINGS,
               note="the rating after challenge; empty = not tested"),
        Column("validated_on", DATE, note="when the rating was tested"),
        Column("action_id", TEXT, note="the follow-up action in actions.csv"),
    ),
    key=("round", "organisation", "standard"),
    rules=(
        *_presence("self_rating", "submitted_on", "the return has not been received"),
        *_presence("validated_on", "validated_rating", "no rating was tested"),
        _order("validated_on", "submitted_on"),
        Rule("validated_without_self_rating", "validated_rating",
             "validated_rating__raw IS NOT NULL AND self_rating__raw IS NULL",
             "'validated_rating ' || validated_rating__raw || ' is given but there is no "
             "self_rating to test'",
             help="A validated_rating needs a self_rating on the same row."),
    ),
    help="Section 11 and section 175 self-assessments: one row per organisation, round "
         "and standard.",
    checks=(
        "framework, agency, due_on and submitted_on are the same on every row of one "
        "organisation in one round: a row that differs from that organisation's first row "
        "in the round (the first in file order that passes every other rule) is rejected. "
        "This is checked before the unique key.",
        "Organisations are matched trimmed, with inner spaces collapsed and ignoring "
        "capitals; the dashboard shows each organisation as first spelled.",
    ),
)

VOICE_SOURCES = ("children", "parents_carers", "practitioners")
VOICE_CHANNELS = ("survey", "forum", "audit", "case_review", "complaint", "other")

VOICE = FileSpec(
    "voice",
    (
        Column("voice_id", TEXT, required=True),
        Column("heard_on", DATE, required=True),
        Column("source", CODE, required=True, codes=VOICE_SOURCES, note="who spoke"),
        Column("channel", CODE, required=True, codes=VOICE_CHANNELS),
        Column("area_id", KEY, note="the priority area it concerns"),
        Column("theme", TEXT, required=True),
        Column("you_said", TEXT, required=True,
               note="what was said, with nothing that identifies anyone"),
        Column("we_did", TEXT, note="what the partnership did in response"),
        Column("responded_on", DATE, note="when the response was made"),
        Column("fed_back_on", DATE, note="when those who spoke were told of the response"),
    ),
    key=("voice_id",),
    rules=(
        *_presence("responded_on", "we_did", "there is no response to date"),
        _order("responded_on", "heard_on"),
        Rule("fed_back_without_response", "fed_back_on",
             "fed_back_on__raw IS NOT NULL AND responded_on__raw IS NULL",
             "'fed_back_on ' || fed_back_on__raw || ' is given but responded_on is empty "
             "(feedback tells people of a response)'",
             help="fed_back_on needs responded_on."),
        _order("fed_back_on", "responded_on"),
    ),
    help="\"You said, we did\": what children, families and practitioners told the "
         "partnership, and what it did.",
)

COMMENTARY = FileSpec(
    "commentary",
    (
        Column("comment_id", TEXT, required=True),
        Column("area_id", KEY, required=True, note="the priority area"),
        Column("indicator_id", KEY, note="empty = a comment on the whole area"),
        Column("period_start", DATE, required=True, note="the period the comment is about"),
        Column("written_on", DATE, required=True),
        Column("author", TEXT, required=True, note="a role, e.g. Chair, exploitation subgroup"),
        Column("comment", TEXT, required=True, max_length=COMMENT_LIMIT,
               note="what the figures mean"),
        Column("next_steps", TEXT, max_length=COMMENT_LIMIT),
    ),
    key=("comment_id",),
    help="The owners' narrative beside the figures.",
    checks=(
        "period_start is a period start of the indicator's frequency (first of a month, or "
        "of a quarter for a quarterly indicator); for an area comment, a month start.",
        f"comment and next_steps hold at most {COMMENT_LIMIT:,} characters, counted as "
        "Unicode code points with each line ending (`\\r\\n`, `\\r` or `\\n`) counted as one, "
        "after trimming spaces at both ends; longer is an error.",
    ),
)

COMPARATOR_KINDS = ("england", "region", "statistical_neighbours")

INDICATOR_BENCHMARKS = FileSpec(
    "indicator_benchmarks",
    (
        Column("indicator_id", KEY, required=True, note="any indicator of the catalogue"),
        Column("period_start", DATE, required=True, note="the period the figure is for"),
        Column("comparator", CODE, required=True, codes=COMPARATOR_KINDS),
        Column("value", NUMBER, required=True, note="the published figure"),
        Column("source", TEXT, note="e.g. DfE Children in need 2023-24"),
    ),
    key=("indicator_id", "period_start", "comparator"),
    help="Published comparators for indicators (England, region, statistical neighbours).",
    checks=(
        "period_start is a period start of the indicator's frequency.",
        "value follows the indicator's unit as in indicators.csv: 0 to 100 for percent, "
        "never negative for count, rate_per_10k and days (checked only when the catalogue "
        "is available).",
    ),
)

INDICATOR_BREAKS = FileSpec(
    "indicator_breaks",
    (
        Column("indicator_id", KEY, required=True, note="an indicator of the catalogue"),
        Column("period_start", DATE, required=True,
               note="the first period measured the new way"),
        Column("reason", TEXT, required=True, note="shown on the chart"),
    ),
    key=("indicator_id", "period_start"),
    help="Changes of method: SPC starts again from each break.",
    checks=("period_start is a period start of the indicator's frequency.",),
)

# Load order matters: a file is checked against the files loaded before it.
FILES: tuple[FileSpec, ...] = (
    PRIORITY_AREAS, INDICATOR_CATALOGUE, INDICATORS, MASH_CONTACTS, AUDITS, ACTIONS,
    CASE_REVIEWS, CONTRIBUTIONS, BUDGET, COMPARATORS, TRAINING, SELF_ASSESSMENTS, VOICE,
    COMMENTARY, INDICATOR_BENCHMARKS, INDICATOR_BREAKS,
)
BY_STEM = {f.stem: f for f in FILES}

# The date that places each row in time (metrics.md "Time" and "Context on
# indicators"): a row dated after as_of is left out of every figure until then, and the
# report says how many once per file (issue 10), so that a wrong as_of is noticed.
# Reference files and money have none; a self-assessment round not yet due still counts
# its organisations, so it is not left out either.
DATED_BY = {
    "indicators": "period_start", "indicator_benchmarks": "period_start",
    "indicator_breaks": "period_start", "mash_contacts": "received_at",
    "audits": "audited_on", "actions": "raised_on", "case_reviews": "aware_on",
    "training": "delivered_on", "voice": "heard_on", "commentary": "written_on",
}


@dataclass(frozen=True)
class Reference:
    """A cross-file rule: a value of `stem`.`column` must be a `target_column` of an
    accepted row of `target` (with the columns of `same` equal too)."""
    stem: str
    column: str
    target: str
    target_column: str
    same: tuple[str, ...] = ()


REFERENCES: tuple[Reference, ...] = (
    *(Reference(stem, "area_id", "priority_areas", "area_id")
      for stem in ("indicator_catalogue", "audits", "actions", "training", "voice",
                   "commentary")),
    Reference("actions", "indicator_id", "indicator_catalogue", "indicator_id"),
    Reference("commentary", "indicator_id", "indicator_catalogue", "indicator_id",
              same=("area_id",)),
    Reference("indicator_benchmarks", "indicator_id", "indicator_catalogue", "indicator_id"),
    Reference("indicator_breaks", "indicator_id", "indicator_catalogue", "indicator_id"),
    Reference("self_assessments", "action_id", "actions", "action_id"),
)
# indicators.csv refers to the catalogue too, with its own rule (a computed indicator
# must not be supplied): validate.py.


@dataclass(frozen=True)
class TomlSetting:
    """A setting of partnership.toml: its TOML form, whether required, its meaning."""
    name: str
    kind: str                  # text, integer, date, code, boolean
    required: bool
    default: str | None        # in TOML syntax; None: no default
    example: str               # in TOML syntax
    note: str


PARTNERSHIP_SETTINGS: tuple[TomlSetting, ...] = (
    TomlSetting("name", "text", True, None, '"Northbrook Safeguarding Children Partnership"',
                "the partnership's name, shown on every page"),
    TomlSetting("child_population", "integer", True, None, "41250",
                "residents aged 0-17, for rates per 10,000 children"),
    TomlSetting("total_population", "integer", True, None, "167025",
                "all residents, for budget per head"),
    TomlSetting("bank_holidays", "code", False, '"england-and-wales"', '"england-and-wales"',
                "whose bank holidays are not working days: "
                + ", ".join(BANK_HOLIDAY_REGIONS)),
    TomlSetting("return_lag_days", "integer", False, "30", "30",
                "days after a period ends before its return is due (0 to 366)"),
    TomlSetting("reload_quiet_s", "integer", False, "10", "10",
                "seconds without a file changing before the folder is read again"),
    TomlSetting("as_of", "date", False, None, '"2024-03-31"',
                "the date that 'now' means (default: today); a dataset that ends on a fixed "
                "date must set it"),
    TomlSetting("demo", "boolean", False, "false", "false",
                "true only for synthetic demo data: every page then says so"),
)
SETTING_BY_NAME = {s.name: s for s in PARTNERSHIP_SETTINGS}
