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
INCOME_LINES = ("training_income", "other_income")
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
# 'key' is an identifier such as area_id (trimmed, case kept); 'text' is free text.
TEXT, KEY, CODE, DATE, DATETIME, BOOLEAN, INTEGER, NUMBER, MONEY, YEAR = (
    "text", "key", "code", "date", "datetime", "boolean", "integer", "number", "money",
    "financial_year",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    codes: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    min_exclusive: bool = False


@dataclass(frozen=True)
class Rule:
    """A row-level rule: rows where `bad` (SQL over parsed columns) is true break it.

    `message` is a SQL string expression building the data officer's sentence;
    `column` names the column reported, `value` the SQL of the value shown.
    """
    name: str
    column: str
    bad: str
    message: str
    value: str | None = None
    severity: str = "error"


@dataclass(frozen=True)
class IgnoreRule:
    """A value ignored (set empty) but the row kept, with a warning."""
    columns: tuple[str, ...]
    when: str
    message: str


@dataclass(frozen=True)
class FileSpec:
    stem: str
    columns: tuple[Column, ...]
    required_file: bool = False
    key: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    ignore: tuple[IgnoreRule, ...] = field(default=())

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _fmt(col: str) -> str:
    """SQL showing a value the way the file wrote it (trimmed), for messages."""
    return f"coalesce({col}__raw, 'empty')"


def _order(a: str, b: str, what: str = "before") -> Rule:
    return Rule(
        "date_order", a, f"{a} < {b}",
        f"'{a} ' || {_fmt(a)} || ' is {what} {b} ' || {_fmt(b)}",
    )


PRIORITY_AREAS = FileSpec(
    "priority_areas",
    (
        Column("area_id", KEY, required=True),
        Column("name", TEXT, required=True),
        Column("subgroup", TEXT, required=True),
        Column("description", TEXT),
    ),
    required_file=True,
    key=("area_id",),
)

INDICATOR_CATALOGUE = FileSpec(
    "indicator_catalogue",
    (
        Column("indicator_id", KEY, required=True),
        Column("name", TEXT, required=True),
        Column("area_id", KEY, required=True),
        Column("unit", CODE, required=True, codes=UNITS),
        Column("polarity", CODE, required=True, codes=POLARITIES),
        Column("target", NUMBER),
        Column("amber_tolerance", NUMBER, minimum=0),
        Column("frequency", CODE, required=True, codes=FREQUENCIES),
        Column("source", CODE, required=True, codes=AGENCIES + ("computed",)),
        Column("definition", TEXT, required=True),
        Column("expected_from", DATE),
    ),
    required_file=True,
    key=("indicator_id",),
    rules=(
        Rule("required", "expected_from", "source <> 'computed' AND expected_from IS NULL",
             "'expected_from is required for an indicator supplied by ' || source"),
        Rule("computed_expected_from", "expected_from",
             "source = 'computed' AND expected_from IS NOT NULL",
             "'expected_from ' || expected_from__raw || ' must be empty for a computed indicator ('"
             " || indicator_id || ')'"),
        Rule("period_start", "expected_from",
             "expected_from IS NOT NULL AND ((frequency = 'monthly' AND day(expected_from) <> 1) "
             "OR (frequency = 'quarterly' AND (day(expected_from) <> 1 "
             "OR month(expected_from) NOT IN (1, 4, 7, 10))))",
             "'expected_from ' || " + _fmt("expected_from")
             + " || ' is not the first day of a ' || "
             "CASE frequency WHEN 'monthly' THEN 'month' ELSE 'quarter (1 Jan, 1 Apr, 1 Jul, 1 Oct)' END"),
        Rule("computed_indicator", "indicator_id",
             "source = 'computed' AND (indicator_id, frequency) NOT IN ("
             + ", ".join(f"('{i}', '{f}')" for i, f in COMPUTED_INDICATORS.items()) + ")",
             "'indicator_id ' || indicator_id || ' (' || frequency || ') is marked computed, but the "
             "dashboard computes only: " + "; ".join(f"{i} ({f})" for i, f in COMPUTED_INDICATORS.items())
             + "'"),
    ),
)

INDICATORS = FileSpec(
    "indicators",
    (
        Column("indicator_id", KEY, required=True),
        Column("period_start", DATE, required=True),
        Column("value", NUMBER, required=True),
        Column("numerator", INTEGER, minimum=0),
        Column("denominator", INTEGER, minimum=0, min_exclusive=True),
    ),
    key=("indicator_id", "period_start"),
    # Unit- and frequency-dependent rules need the catalogue: see validate.py.
)

MASH_CONTACTS = FileSpec(
    "mash_contacts",
    (
        Column("contact_id", TEXT, required=True),
        Column("child_ref", TEXT, required=True),
        Column("received_at", DATETIME, required=True),
        Column("referrer_agency", CODE, required=True, codes=AGENCIES),
        Column("primary_concern", CODE, required=True, codes=CONCERNS),
        Column("age_band", CODE, required=True, codes=AGE_BANDS),
        Column("screening_rag", CODE, codes=SCREENING_RAGS),
        Column("decision", CODE, codes=DECISIONS),
        Column("decided_at", DATETIME),
        Column("escalated", BOOLEAN),
        Column("locality", TEXT),
    ),
    key=("contact_id",),
    rules=(
        Rule("required", "decided_at", "decision IS NOT NULL AND decided_at IS NULL",
             "'decided_at is required when a decision (' || decision || ') is recorded'"),
        Rule("decided_without_decision", "decided_at", "decision IS NULL AND decided_at IS NOT NULL",
             "'decided_at ' || " + _fmt("decided_at") + " || ' is given but there is no decision'"),
        Rule("date_order", "decided_at", "decided_at < received_at",
             "'decided_at ' || decided_at__raw || ' is before received_at ' || received_at__raw"),
    ),
)

AUDITS = FileSpec(
    "audits",
    (
        Column("audit_id", TEXT, required=True),
        Column("audit_type", CODE, required=True, codes=AUDIT_TYPES),
        Column("area_id", KEY, required=True),
        Column("theme", TEXT),
        Column("case_ref", TEXT, required=True),
        Column("agency", CODE, required=True, codes=AGENCIES),
        Column("audited_on", DATE, required=True),
        Column("grade", CODE, required=True, codes=GRADES),
        Column("child_voice_evident", BOOLEAN, required=True),
        Column("family_involved", BOOLEAN, required=True),
        Column("practitioner_involved", BOOLEAN, required=True),
        Column("reaudit_of", TEXT),
    ),
    key=("audit_id", "case_ref", "agency"),
    # reaudit_of must exist and be consistent within its audit_id: see validate.py.
)

ACTIONS = FileSpec(
    "actions",
    (
        Column("action_id", TEXT, required=True),
        Column("source_type", CODE, required=True, codes=SOURCE_TYPES),
        Column("source_ref", TEXT),
        Column("recommendation", TEXT, required=True),
        Column("owner", TEXT, required=True),
        Column("area_id", KEY),
        Column("subgroup", TEXT),
        Column("raised_on", DATE, required=True),
        Column("due_on", DATE, required=True),
        Column("status", CODE, required=True, codes=ACTION_STATUSES),
        Column("completed_on", DATE),
        Column("evidence", TEXT),
    ),
    key=("action_id",),
    rules=(
        _order("due_on", "raised_on"),
        Rule("required", "completed_on",
             "status IN ('completed', 'impact_evidenced') AND completed_on IS NULL",
             "'completed_on is required when status is ' || status"),
        Rule("completed_on_without_completion", "completed_on",
             "status IN ('not_started', 'in_progress') AND completed_on IS NOT NULL",
             "'completed_on ' || " + _fmt("completed_on")
             + " || ' is given but status is ' || status || ' (leave it empty until completed)'"),
    ),
)

CASE_REVIEWS = FileSpec(
    "case_reviews",
    (
        Column("review_id", TEXT, required=True),
        Column("aware_on", DATE, required=True),
        Column("panel_notified_on", DATE),
        Column("rapid_review_on", DATE),
        Column("outcome", CODE, codes=OUTCOMES),
        Column("lcspr_decided_on", DATE),
        Column("lcspr_completed_on", DATE),
        Column("lcspr_published_on", DATE),
        Column("recommendations", INTEGER, minimum=0),
    ),
    key=("review_id",),
    rules=(
        _order("panel_notified_on", "aware_on"),
        _order("rapid_review_on", "panel_notified_on"),
        Rule("date_order", "rapid_review_on",
             "panel_notified_on IS NULL AND rapid_review_on < aware_on",
             "'rapid_review_on ' || " + _fmt("rapid_review_on")
             + " || ' is before aware_on ' || " + _fmt("aware_on")),
        Rule("required", "rapid_review_on",
             "outcome IN ('lcspr', 'no_lcspr') AND rapid_review_on IS NULL",
             "'outcome ' || outcome || ' needs rapid_review_on (the rapid review decides it)'"),
        Rule("lcspr_dates_without_lcspr", "outcome",
             "coalesce(outcome, 'pending') <> 'lcspr' AND (lcspr_decided_on IS NOT NULL "
             "OR lcspr_completed_on IS NOT NULL OR lcspr_published_on IS NOT NULL)",
             "'LCSPR dates are given but outcome is ' || coalesce(outcome, 'empty (pending)')"),
        _order("lcspr_completed_on", "lcspr_decided_on"),
        _order("lcspr_published_on", "lcspr_completed_on"),
        Rule("date_order", "lcspr_published_on",
             "lcspr_completed_on IS NULL AND lcspr_published_on < lcspr_decided_on",
             "'lcspr_published_on ' || " + _fmt("lcspr_published_on")
             + " || ' is before lcspr_decided_on ' || " + _fmt("lcspr_decided_on")),
    ),
)

CONTRIBUTIONS = FileSpec(
    "contributions",
    (
        Column("financial_year", YEAR, required=True),
        Column("agency", TEXT, required=True),
        Column("partner_group", CODE, required=True, codes=PARTNER_GROUPS),
        Column("amount_gbp", MONEY, required=True),
    ),
    key=("financial_year", "agency"),
)

BUDGET = FileSpec(
    "budget",
    (
        Column("financial_year", YEAR, required=True),
        Column("kind", CODE, required=True, codes=BUDGET_KINDS),
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
             "ELSE 'expenditure' END || ', not ' || kind"),
    ),
)

COMPARATORS = FileSpec(
    "comparators",
    (
        Column("partnership", TEXT, required=True),
        Column("year", YEAR, required=True),
        Column("unitary", BOOLEAN),
        Column("total_population", INTEGER, minimum=0, min_exclusive=True),
        Column("budget_gbp", MONEY),
        Column("local_authority_gbp", MONEY),
        Column("health_gbp", MONEY),
        Column("police_gbp", MONEY),
        Column("other_gbp", MONEY),
        Column("training_income_gbp", MONEY),
        Column("other_income_gbp", MONEY),
    ),
    key=("partnership", "year"),
)

TRAINING = FileSpec(
    "training",
    (
        Column("booking_id", TEXT, required=True),
        Column("course_id", TEXT, required=True),
        Column("course_title", TEXT, required=True),
        Column("delivered_on", DATE, required=True),
        Column("mode", CODE, required=True, codes=MODES),
        Column("area_id", KEY),
        Column("attendee_agency", CODE, required=True, codes=AGENCIES),
        Column("attended", BOOLEAN, required=True),
        Column("rating", INTEGER, minimum=1, maximum=5),
        Column("confidence_before", INTEGER, minimum=1, maximum=5),
        Column("confidence_after", INTEGER, minimum=1, maximum=5),
        Column("impact_followup", INTEGER, minimum=1, maximum=5),
        Column("fee_gbp", MONEY),
    ),
    key=("booking_id",),
    ignore=(
        IgnoreRule(
            ("rating", "confidence_before", "confidence_after", "impact_followup"),
            "NOT attended",
            "the booking was not attended, so this value is ignored",
        ),
    ),
)

# Load order matters: a file is checked against the files it references.
FILES: tuple[FileSpec, ...] = (
    PRIORITY_AREAS, INDICATOR_CATALOGUE, INDICATORS, MASH_CONTACTS, AUDITS, ACTIONS,
    CASE_REVIEWS, CONTRIBUTIONS, BUDGET, COMPARATORS, TRAINING,
)
BY_STEM = {f.stem: f for f in FILES}

# Cross-file rules: (file, column) -> (referenced file, referenced column, extra condition).
AREA_REFERENCES = ("indicator_catalogue", "audits", "actions", "training")
