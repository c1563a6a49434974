"""Every row-level, cross-column, cross-row and cross-file rule of datasets.md.

Most rules are checked on one shared folder (the `batch` fixture): each file holds its
valid rows followed by one hand-made row per case, and each case row breaks exactly
one rule.  A case asserts the one finding on its row (severity, file, row, column,
rule, message naming the column and value) and that its row is quarantined while the
valid rows stay.  Rules whose findings are file-level or depend on several rows
(uniqueness, notices, re-audits, skipped cross-file checks, counts) have their own
folders below.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import pytest

from dashboard.data import load_dataset
from validation_fixtures import (
    CATALOGUE, OPTIONAL_STEMS, PRIORITY_AREAS, BASE_ROWS, clean_rows, clean_table, errors,
    findings, make_folder, only, row, rows, write_csv, columns_of,
)

# Extra catalogue rows so every unit has a supplied indicator (ehcp_timeliness: monthly
# percent; missing_episodes: quarterly count; cp_rate: monthly rate_per_10k; ic_days:
# monthly days; practice_score: monthly score; mash_decision_within_1wd: computed).
SCORE = {**CATALOGUE[0], "indicator_id": "practice_score", "name": "Practice score",
         "unit": "score", "target": "3", "amber_tolerance": "", "source": "health",
         "definition": "Mean score"}
BATCH_CATALOGUE = CATALOGUE[:4] + [SCORE] + CATALOGUE[4:]
DEFAULTS = {"priority_areas": PRIORITY_AREAS, "indicator_catalogue": BATCH_CATALOGUE}


@dataclass(frozen=True)
class Case:
    id: str
    stem: str
    changes: dict
    column: str
    rule: str
    shows: tuple[str, ...] = ()
    severity: str = "error"


@dataclass(frozen=True)
class Valid:
    """A row that must pass, with the clean values it must load as."""
    id: str
    stem: str
    changes: dict
    expect: dict = field(default_factory=dict)


E = "error"
W = "warning"
ND = {"numerator": "", "denominator": ""}

CASES = [
    # ---- required ---------------------------------------------------------------------
    Case("required_text", "mash_contacts", {"child_ref": ""}, "child_ref", "required",
         ("child_ref", "required")),
    Case("required_spaces_only", "mash_contacts", {"child_ref": "   "}, "child_ref", "required",
         ("child_ref", "required")),
    Case("required_code", "audits", {"grade": ""}, "grade", "required"),
    Case("required_boolean", "audits", {"child_voice_evident": ""}, "child_voice_evident", "required"),
    Case("required_date", "case_reviews", {"aware_on": ""}, "aware_on", "required"),
    Case("required_money", "contributions", {"amount_gbp": ""}, "amount_gbp", "required"),
    Case("required_area_name", "priority_areas", {"name": ""}, "name", "required"),
    Case("required_area_subgroup", "priority_areas", {"subgroup": ""}, "subgroup", "required"),
    Case("required_area_id", "priority_areas", {"area_id": ""}, "area_id", "required"),
    Case("required_definition", "indicator_catalogue", {"definition": ""}, "definition", "required"),
    Case("required_value", "indicators", {"value": "", **ND}, "value", "required"),
    Case("required_attended", "training", {"attended": ""}, "attended", "required"),
    # ---- types: date ------------------------------------------------------------------
    Case("date_uk_format", "audits", {"audited_on": "12/07/2023"}, "audited_on", "type",
         ("audited_on", "12/07/2023", "YYYY-MM-DD")),
    Case("date_impossible", "audits", {"audited_on": "2023-02-30"}, "audited_on", "type",
         ("audited_on", "2023-02-30")),
    Case("date_with_time", "audits", {"audited_on": "2023-07-12T10:00"}, "audited_on", "type"),
    Case("date_words", "indicators", {"period_start": "April 2023"}, "period_start", "type",
         ("period_start", "April 2023")),
    # ---- types: date-time -------------------------------------------------------------
    Case("datetime_uk", "mash_contacts", {"received_at": "08/01/2024 09:30"}, "received_at",
         "type", ("received_at", "08/01/2024 09:30", "YYYY-MM-DDTHH:MM")),
    Case("datetime_date_only", "mash_contacts", {"received_at": "2024-01-08"}, "received_at",
         "type", ("received_at", "2024-01-08")),
    Case("datetime_zone", "mash_contacts", {"received_at": "2024-01-08T09:30Z"}, "received_at",
         "type", ("2024-01-08T09:30Z",)),
    Case("datetime_hour_25", "mash_contacts", {"received_at": "2024-01-08T25:00"}, "received_at",
         "type"),
    Case("datetime_one_digit_hour", "mash_contacts", {"received_at": "2024-01-08 9:30"},
         "received_at", "type", ("2024-01-08 9:30",)),
    # ---- types: boolean ---------------------------------------------------------------
    Case("boolean_word", "mash_contacts", {"escalated": "maybe"}, "escalated", "type",
         ("escalated", "maybe", "true or false")),
    Case("boolean_y", "mash_contacts", {"escalated": "y"}, "escalated", "type"),
    Case("boolean_2", "audits", {"family_involved": "2"}, "family_involved", "type"),
    Case("boolean_unitary", "comparators", {"unitary": "unitary"}, "unitary", "type"),
    # ---- types: integer ---------------------------------------------------------------
    Case("integer_decimal", "case_reviews", {"recommendations": "2.5"}, "recommendations",
         "type", ("recommendations", "2.5", "whole number")),
    Case("integer_word", "case_reviews", {"recommendations": "six"}, "recommendations", "type"),
    Case("integer_thousands", "comparators", {"total_population": "150,000"},
         "total_population", "type", ("150,000",)),
    Case("integer_numerator", "indicators", {"numerator": "1.5", "denominator": ""},
         "numerator", "type"),
    Case("integer_rating", "training", {"impact_followup": "good"}, "impact_followup", "type"),
    # ---- types: number ----------------------------------------------------------------
    Case("number_percent_sign", "indicators", {"value": "75%", **ND}, "value", "type",
         ("value", "75%", "number")),
    Case("number_word", "indicator_catalogue", {"target": "high"}, "target", "type",
         ("target", "high")),
    # ---- types: money -----------------------------------------------------------------
    Case("money_three_decimals", "contributions", {"amount_gbp": "100.005"}, "amount_gbp",
         "type", ("amount_gbp", "100.005", "2 decimal places")),
    Case("money_pound_sign", "contributions", {"amount_gbp": "£100"}, "amount_gbp", "type",
         ("£100",)),
    Case("money_thousands", "contributions", {"amount_gbp": "1,000"}, "amount_gbp", "type"),
    Case("money_negative", "contributions", {"amount_gbp": "-100.00"}, "amount_gbp", "range",
         ("amount_gbp", "-100.00", "negative")),
    Case("money_negative_budget", "budget", {"planned_gbp": "-1"}, "planned_gbp", "range",
         ("planned_gbp", "-1")),
    Case("money_negative_fee", "training", {"fee_gbp": "-25"}, "fee_gbp", "range"),
    Case("money_comparator_decimals", "comparators", {"budget_gbp": "1.999"}, "budget_gbp", "type"),
    # ---- types: financial year --------------------------------------------------------
    Case("financial_year_not_consecutive", "contributions", {"financial_year": "2023/25"},
         "financial_year", "type", ("financial_year", "2023/25", "2023/24")),
    Case("financial_year_dash", "contributions", {"financial_year": "2023-24"},
         "financial_year", "type", ("2023-24",)),
    Case("financial_year_long", "budget", {"financial_year": "2023/2024"}, "financial_year",
         "type"),
    Case("financial_year_comparator", "comparators", {"year": "2016/18"}, "year", "type",
         ("year", "2016/18")),
    # ---- code lists -------------------------------------------------------------------
    Case("code_agency", "mash_contacts", {"referrer_agency": "met_police"}, "referrer_agency",
         "code_list", ("referrer_agency", "met_police", "police")),
    Case("code_age_band", "mash_contacts", {"age_band": "18+"}, "age_band", "code_list",
         ("age_band", "18+")),
    Case("code_decision", "mash_contacts", {"decision": "nfa"}, "decision", "code_list"),
    Case("code_concern", "mash_contacts", {"primary_concern": "bullying"}, "primary_concern",
         "code_list"),
    Case("code_rag", "mash_contacts", {"screening_rag": "blue"}, "screening_rag", "code_list"),
    Case("code_grade", "audits", {"grade": "adequate"}, "grade", "code_list",
         ("grade", "adequate")),
    Case("code_audit_type", "audits", {"audit_type": "peer"}, "audit_type", "code_list"),
    Case("code_audit_agency", "audits", {"agency": "nhs"}, "agency", "code_list"),
    Case("code_status", "actions", {"status": "done", "completed_on": ""}, "status", "code_list"),
    Case("code_source_type", "actions", {"source_type": "review"}, "source_type", "code_list"),
    Case("code_outcome", "case_reviews", {"outcome": "yes", "lcspr_decided_on": "",
                                          "lcspr_completed_on": "", "lcspr_published_on": ""},
         "outcome", "code_list"),
    Case("code_partner_group", "contributions", {"partner_group": "council"}, "partner_group",
         "code_list"),
    Case("code_budget_line", "budget", {"line": "salaries"}, "line", "code_list"),
    Case("code_budget_kind", "budget", {"kind": "spend"}, "kind", "code_list"),
    Case("code_mode", "training", {"mode": "webinar"}, "mode", "code_list", ("mode", "webinar")),
    Case("code_attendee_agency", "training", {"attendee_agency": "school"}, "attendee_agency",
         "code_list"),
    Case("code_unit", "indicator_catalogue", {"unit": "percentage"}, "unit", "code_list"),
    Case("code_polarity", "indicator_catalogue", {"polarity": "up"}, "polarity", "code_list"),
    Case("code_frequency", "indicator_catalogue", {"frequency": "annual"}, "frequency",
         "code_list"),
    Case("code_source", "indicator_catalogue", {"source": "council"}, "source", "code_list"),
    # ---- ranges -----------------------------------------------------------------------
    Case("range_percent_over_100", "indicators", {"value": "101", **ND}, "value", "range",
         ("value", "101", "0 to 100")),
    Case("range_percent_negative", "indicators", {"value": "-1", **ND}, "value", "range",
         ("value", "-1")),
    Case("range_count_negative", "indicators", {"indicator_id": "missing_episodes",
                                                "period_start": "2023-07-01", "value": "-3", **ND},
         "value", "range", ("value", "-3", "count")),
    Case("range_rate_negative", "indicators", {"indicator_id": "cp_rate",
                                               "period_start": "2023-06-01", "value": "-0.5", **ND},
         "value", "range", ("-0.5",)),
    Case("range_days_negative", "indicators", {"indicator_id": "ic_days",
                                               "period_start": "2023-06-01", "value": "-2", **ND},
         "value", "range", ("-2",)),
    Case("range_numerator_negative", "indicators", {"numerator": "-1", "denominator": ""},
         "numerator", "range", ("numerator", "-1")),
    Case("range_denominator_zero", "indicators", {"numerator": "", "denominator": "0"},
         "denominator", "range", ("denominator", "0", "greater than 0")),
    Case("range_rating_6", "training", {"rating": "6"}, "rating", "range",
         ("rating", "6", "at most 5")),
    Case("range_rating_0", "training", {"rating": "0"}, "rating", "range",
         ("rating", "0", "at least 1")),
    Case("range_confidence_before", "training", {"confidence_before": "9"}, "confidence_before",
         "range"),
    Case("range_confidence_after", "training", {"confidence_after": "-1"}, "confidence_after",
         "range"),
    Case("range_impact_followup", "training", {"impact_followup": "10"}, "impact_followup",
         "range"),
    Case("range_recommendations", "case_reviews", {"recommendations": "-1"}, "recommendations",
         "range", ("recommendations", "-1")),
    Case("range_amber_tolerance", "indicator_catalogue", {"amber_tolerance": "-1"},
         "amber_tolerance", "range", ("amber_tolerance", "-1")),
    Case("range_comparator_population", "comparators", {"total_population": "0"},
         "total_population", "range"),
    # ---- mash_contacts cross-column ---------------------------------------------------
    Case("decided_before_received", "mash_contacts",
         {"received_at": "2023-04-02T10:15", "decided_at": "2023-04-01T09:00"}, "decided_at",
         "date_order", ("decided_at 2023-04-01T09:00 is before received_at 2023-04-02T10:15",)),
    Case("decided_before_received_space", "mash_contacts",
         {"received_at": "2024-01-08 10:15", "decided_at": "2024-01-08 10:14:59"}, "decided_at",
         "date_order", ("decided_at 2024-01-08 10:14:59", "received_at 2024-01-08 10:15")),
    Case("decision_without_decided_at", "mash_contacts", {"decided_at": ""}, "decided_at",
         "required", ("decided_at", "early_help")),
    Case("decided_at_without_decision", "mash_contacts", {"decision": ""}, "decided_at",
         "decided_without_decision", ("decided_at", "2024-01-08T15:00", "no decision")),
    # ---- actions cross-column ---------------------------------------------------------
    Case("due_before_raised", "actions", {"due_on": "2023-07-31"}, "due_on", "date_order",
         ("due_on 2023-07-31", "before", "raised_on 2023-08-01")),
    Case("completed_without_date", "actions", {"completed_on": ""}, "completed_on", "required",
         ("completed_on", "completed")),
    Case("impact_evidenced_without_date", "actions",
         {"status": "impact_evidenced", "completed_on": ""}, "completed_on", "required",
         ("completed_on", "impact_evidenced")),
    Case("in_progress_with_date", "actions", {"status": "in_progress"}, "completed_on",
         "completed_on_without_completion", ("completed_on", "2023-11-30", "in_progress")),
    Case("not_started_with_date", "actions", {"status": "not_started"}, "completed_on",
         "completed_on_without_completion", ("completed_on", "2023-11-30", "not_started")),
    # ---- case_reviews cross-column ----------------------------------------------------
    Case("notified_before_aware", "case_reviews", {"panel_notified_on": "2023-05-01"},
         "panel_notified_on", "date_order",
         ("panel_notified_on 2023-05-01", "before", "aware_on 2023-05-02")),
    Case("rapid_review_before_notified", "case_reviews", {"rapid_review_on": "2023-05-03"},
         "rapid_review_on", "date_order", ("rapid_review_on 2023-05-03", "panel_notified_on 2023-05-04")),
    Case("rapid_review_before_aware", "case_reviews",
         {"panel_notified_on": "", "rapid_review_on": "2023-05-01"}, "rapid_review_on",
         "date_order", ("rapid_review_on 2023-05-01", "aware_on 2023-05-02")),
    Case("lcspr_outcome_without_rapid_review", "case_reviews", {"rapid_review_on": ""},
         "rapid_review_on", "required", ("rapid_review_on", "lcspr")),
    Case("no_lcspr_outcome_without_rapid_review", "case_reviews",
         {"outcome": "no_lcspr", "rapid_review_on": "", "lcspr_decided_on": "",
          "lcspr_completed_on": "", "lcspr_published_on": ""}, "rapid_review_on", "required",
         ("rapid_review_on", "no_lcspr")),
    Case("lcspr_dates_with_no_lcspr", "case_reviews", {"outcome": "no_lcspr"}, "outcome",
         "lcspr_dates_without_lcspr", ("outcome", "no_lcspr")),
    Case("lcspr_dates_with_pending", "case_reviews", {"outcome": "pending"}, "outcome",
         "lcspr_dates_without_lcspr", ("outcome", "pending")),
    Case("lcspr_dates_with_empty_outcome", "case_reviews",
         {"outcome": "", "lcspr_decided_on": "", "lcspr_completed_on": ""}, "outcome",
         "lcspr_dates_without_lcspr", ("outcome", "empty")),
    Case("lcspr_completed_before_decided", "case_reviews", {"lcspr_completed_on": "2023-05-24"},
         "lcspr_completed_on", "date_order",
         ("lcspr_completed_on 2023-05-24", "lcspr_decided_on 2023-05-25")),
    Case("lcspr_published_before_completed", "case_reviews",
         {"lcspr_published_on": "2023-11-29"}, "lcspr_published_on", "date_order",
         ("lcspr_published_on 2023-11-29", "lcspr_completed_on 2023-11-30")),
    Case("lcspr_published_before_decided", "case_reviews",
         {"lcspr_completed_on": "", "lcspr_published_on": "2023-05-24"}, "lcspr_published_on",
         "date_order", ("lcspr_published_on 2023-05-24", "lcspr_decided_on 2023-05-25")),
    # ---- budget line / kind -----------------------------------------------------------
    Case("income_line_as_expenditure", "budget", {"line": "training_income"}, "kind",
         "line_kind", ("training_income", "income", "expenditure")),
    Case("other_income_as_expenditure", "budget", {"line": "other_income"}, "kind", "line_kind",
         ("other_income",)),
    Case("expenditure_line_as_income", "budget", {"kind": "income"}, "kind", "line_kind",
         ("staffing", "expenditure", "income")),
    # ---- training: values on a booking not attended (warning, value ignored) ----------
    Case("rating_not_attended", "training",
         {"attended": "no", "confidence_before": "", "confidence_after": "", "impact_followup": ""},
         "rating", "ignored_value", ("rating", "4", "not attended"), W),
    Case("confidence_after_not_attended", "training",
         {"attended": "false", "rating": "", "confidence_before": "", "impact_followup": ""},
         "confidence_after", "ignored_value", ("confidence_after", "4", "not attended"), W),
    # ---- indicators: unit rules -------------------------------------------------------
    Case("count_with_numerator", "indicators",
         {"indicator_id": "missing_episodes", "period_start": "2024-04-01", "value": "12",
          "numerator": "12", "denominator": "1"}, "numerator", "ignored_value",
         ("numerator", "count"), W),
    Case("percent_mismatch", "indicators", {"value": "75.06"}, "value", "value_mismatch",
         ("value", "75.06", "15", "20", "75")),
    Case("percent_mismatch_below", "indicators", {"value": "74.94"}, "value", "value_mismatch",
         ("74.94",)),
    Case("rate_mismatch", "indicators",
         {"indicator_id": "cp_rate", "period_start": "2023-07-01", "value": "0.81",
          "numerator": "3", "denominator": "40000"}, "value", "value_mismatch",
         ("0.81", "3", "40000", "0.75")),
    Case("days_mismatch", "indicators",
         {"indicator_id": "ic_days", "period_start": "2023-07-01", "value": "15.06",
          "numerator": "45", "denominator": "3"}, "value", "value_mismatch", ("15.06", "15")),
    Case("score_mismatch", "indicators",
         {"indicator_id": "practice_score", "period_start": "2023-07-01", "value": "3.56",
          "numerator": "7", "denominator": "2"}, "value", "value_mismatch", ("3.56", "3.5")),
    # ---- indicators: period starts ----------------------------------------------------
    Case("monthly_period_not_month_start", "indicators", {"period_start": "2023-04-15"},
         "period_start", "period_start", ("period_start", "2023-04-15", "month")),
    Case("quarterly_period_not_quarter_start", "indicators",
         {"indicator_id": "missing_episodes", "period_start": "2023-05-01", "value": "3", **ND},
         "period_start", "period_start", ("period_start", "2023-05-01", "quarter")),
    Case("quarterly_period_mid_month", "indicators",
         {"indicator_id": "missing_episodes", "period_start": "2023-10-15", "value": "3", **ND},
         "period_start", "period_start", ("2023-10-15",)),
    # ---- indicators: cross-file -------------------------------------------------------
    Case("indicator_not_in_catalogue", "indicators", {"indicator_id": "not_in_catalogue"},
         "indicator_id", "cross_file", ("indicator_id", "not_in_catalogue", "indicator_catalogue")),
    Case("indicator_computed_supplied", "indicators",
         {"indicator_id": "mash_decision_within_1wd", "period_start": "2023-08-01"},
         "indicator_id", "cross_file", ("mash_decision_within_1wd", "computed")),
    # ---- catalogue: expected_from and computed ids ------------------------------------
    Case("expected_from_missing", "indicator_catalogue", {"expected_from": ""}, "expected_from",
         "required", ("expected_from", "education")),
    Case("expected_from_on_computed", "indicator_catalogue",
         {"indicator_id": "audit_good_or_better", "frequency": "quarterly", "source": "computed",
          "expected_from": "2023-04-01"}, "expected_from", "computed_expected_from",
         ("expected_from", "computed")),
    Case("expected_from_not_month_start", "indicator_catalogue", {"expected_from": "2023-04-15"},
         "expected_from", "period_start", ("expected_from", "2023-04-15", "month")),
    Case("expected_from_not_quarter_start", "indicator_catalogue",
         {"frequency": "quarterly", "expected_from": "2023-05-01"}, "expected_from",
         "period_start", ("expected_from", "2023-05-01", "quarter")),
    Case("computed_unknown_id", "indicator_catalogue",
         {"indicator_id": "made_up_metric", "source": "computed", "expected_from": ""},
         "indicator_id", "computed_indicator", ("indicator", "made_up_metric", "computed")),
    Case("computed_wrong_frequency", "indicator_catalogue",
         {"indicator_id": "mash_conversion_rate", "frequency": "quarterly", "source": "computed",
          "expected_from": ""}, "indicator_id", "computed_indicator",
         ("mash_conversion_rate", "quarterly")),
    # ---- area_id cross-file -----------------------------------------------------------
    Case("area_unknown_catalogue", "indicator_catalogue", {"area_id": "nowhere"}, "area_id",
         "cross_file", ("area_id", "nowhere", "priority_areas")),
    Case("area_unknown_audits", "audits", {"area_id": "nowhere"}, "area_id", "cross_file",
         ("area_id", "nowhere", "priority_areas")),
    Case("area_unknown_actions", "actions", {"area_id": "nowhere"}, "area_id", "cross_file",
         ("area_id", "nowhere")),
    Case("area_unknown_training", "training", {"area_id": "nowhere"}, "area_id", "cross_file",
         ("area_id", "nowhere")),
    # ---- dates between 1900-01-01 and 2099-12-31 (datasets.md: else a type error) -----------
    Case("date_far_future", "actions", {"due_on": "9999-12-31"}, "due_on", "type",
         ("due_on", "9999-12-31", "1900-01-01", "2099-12-31")),
    Case("date_after_2099", "audits", {"audited_on": "2100-01-01"}, "audited_on", "type",
         ("audited_on", "2100-01-01", "2099-12-31")),
    Case("date_before_1900", "case_reviews", {"aware_on": "1899-12-31"}, "aware_on", "type",
         ("aware_on", "1899-12-31", "1900-01-01")),
    Case("date_year_zero", "actions", {"raised_on": "0000-01-01"}, "raised_on", "type",
         ("raised_on", "0000-01-01")),
    Case("datetime_before_1900", "mash_contacts", {"received_at": "1899-12-31T23:59"},
         "received_at", "type", ("received_at", "1899-12-31T23:59", "1900-01-01")),
    Case("datetime_after_2099", "mash_contacts", {"decision": "", "decided_at": "2100-01-01 00:00"},
         "decided_at", "type", ("decided_at", "2100-01-01 00:00", "2099-12-31")),
    # ---- actions.indicator_id ---------------------------------------------------------
    Case("action_indicator_unknown", "actions", {"indicator_id": "not_in_catalogue"},
         "indicator_id", "cross_file", ("indicator_id", "not_in_catalogue", "indicator_catalogue")),
    # ---- self_assessments -------------------------------------------------------------
    Case("sa_round_format", "self_assessments", {"round": "2023-24"}, "round", "type",
         ("round", "2023-24", "2023/24")),
    Case("sa_framework_code", "self_assessments", {"framework": "s11"}, "framework",
         "code_list", ("framework", "s11", "section_11")),
    Case("sa_agency_code", "self_assessments", {"agency": "nhs"}, "agency", "code_list"),
    Case("sa_organisation_required", "self_assessments", {"organisation": " "}, "organisation",
         "required"),
    Case("sa_standard_required", "self_assessments", {"standard": ""}, "standard", "required"),
    Case("sa_due_on_required", "self_assessments", {"due_on": ""}, "due_on", "required"),
    Case("sa_due_on_type", "self_assessments", {"due_on": "30/06/2023"}, "due_on", "type"),
    Case("sa_self_rating_code", "self_assessments", {"self_rating": "good"}, "self_rating",
         "code_list", ("self_rating", "good", "partially_met")),
    Case("sa_validated_rating_code", "self_assessments", {"validated_rating": "yes"},
         "validated_rating", "code_list"),
    Case("sa_self_rating_missing", "self_assessments",
         {"self_rating": "", "validated_rating": "", "validated_on": ""}, "self_rating",
         "required", ("self_rating", "submitted_on", "2023-06-20")),
    Case("sa_self_rating_without_submission", "self_assessments",
         {"submitted_on": "", "validated_rating": "", "validated_on": ""}, "self_rating",
         "self_rating_without_submitted_on", ("self_rating", "met", "submitted_on")),
    Case("sa_validated_on_missing", "self_assessments", {"validated_on": ""}, "validated_on",
         "required", ("validated_on", "validated_rating", "partially_met")),
    Case("sa_validated_on_without_rating", "self_assessments", {"validated_rating": ""},
         "validated_on", "validated_on_without_validated_rating",
         ("validated_on", "2023-09-14", "validated_rating")),
    Case("sa_validated_before_submitted", "self_assessments", {"validated_on": "2023-06-19"},
         "validated_on", "date_order", ("validated_on 2023-06-19", "before", "submitted_on 2023-06-20")),
    Case("sa_validated_without_self_rating", "self_assessments",
         {"submitted_on": "", "self_rating": ""}, "validated_rating",
         "validated_without_self_rating", ("validated_rating", "partially_met", "self_rating")),
    Case("sa_action_unknown", "self_assessments", {"action_id": "A404"}, "action_id",
         "cross_file", ("action_id", "A404", "actions.csv")),
    Case("sa_date_out_of_range", "self_assessments", {"due_on": "2123-06-30"}, "due_on", "type",
         ("due_on", "2123-06-30", "2099-12-31")),
    # ---- voice ------------------------------------------------------------------------
    Case("voice_source_code", "voice", {"source": "young_people"}, "source", "code_list",
         ("source", "young_people", "children")),
    Case("voice_channel_code", "voice", {"channel": "email"}, "channel", "code_list"),
    Case("voice_theme_required", "voice", {"theme": ""}, "theme", "required"),
    Case("voice_you_said_required", "voice", {"you_said": ""}, "you_said", "required"),
    Case("voice_heard_on_required", "voice", {"heard_on": ""}, "heard_on", "required"),
    Case("voice_area_unknown", "voice", {"area_id": "nowhere"}, "area_id", "cross_file",
         ("area_id", "nowhere", "priority_areas")),
    Case("voice_responded_missing", "voice", {"responded_on": "", "fed_back_on": ""},
         "responded_on", "required", ("responded_on", "we_did")),
    Case("voice_responded_without_we_did", "voice", {"we_did": ""}, "responded_on",
         "responded_on_without_we_did", ("responded_on", "2023-10-02", "we_did")),
    Case("voice_responded_before_heard", "voice", {"responded_on": "2023-08-31"},
         "responded_on", "date_order", ("responded_on 2023-08-31", "before", "heard_on 2023-09-01")),
    Case("voice_fed_back_without_response", "voice", {"we_did": "", "responded_on": ""},
         "fed_back_on", "fed_back_without_response", ("fed_back_on", "2023-11-01", "responded_on")),
    Case("voice_fed_back_before_response", "voice", {"fed_back_on": "2023-10-01"},
         "fed_back_on", "date_order", ("fed_back_on 2023-10-01", "before", "responded_on 2023-10-02")),
    # ---- commentary -------------------------------------------------------------------
    Case("commentary_area_required", "commentary", {"area_id": ""}, "area_id", "required"),
    Case("commentary_area_unknown", "commentary", {"area_id": "nowhere", "indicator_id": ""},
         "area_id", "cross_file", ("area_id", "nowhere", "priority_areas")),
    Case("commentary_indicator_unknown", "commentary", {"indicator_id": "not_in_catalogue"},
         "indicator_id", "cross_file", ("indicator_id", "not_in_catalogue", "indicator_catalogue")),
    Case("commentary_indicator_other_area", "commentary", {"area_id": "front_door"},
         "indicator_id", "cross_file", ("ehcp_timeliness", "neglect", "front_door")),
    Case("commentary_area_comment_mid_month", "commentary",
         {"indicator_id": "", "period_start": "2024-02-15"}, "period_start", "period_start",
         ("period_start", "2024-02-15", "month")),
    Case("commentary_monthly_mid_month", "commentary", {"period_start": "2024-02-10"},
         "period_start", "period_start", ("2024-02-10", "month", "ehcp_timeliness")),
    Case("commentary_quarterly_not_quarter", "commentary",
         {"indicator_id": "missing_episodes", "area_id": "front_door", "period_start": "2024-02-01"},
         "period_start", "period_start", ("2024-02-01", "quarter", "missing_episodes")),
    Case("commentary_comment_required", "commentary", {"comment": ""}, "comment", "required"),
    Case("commentary_author_required", "commentary", {"author": ""}, "author", "required"),
    Case("commentary_written_on_type", "commentary", {"written_on": "March 2024"}, "written_on",
         "type"),
    # ---- indicator_benchmarks ---------------------------------------------------------
    Case("benchmark_indicator_unknown", "indicator_benchmarks", {"indicator_id": "not_in_catalogue"},
         "indicator_id", "cross_file", ("not_in_catalogue", "indicator_catalogue")),
    Case("benchmark_mid_month", "indicator_benchmarks", {"period_start": "2023-04-02"},
         "period_start", "period_start", ("2023-04-02", "month")),
    Case("benchmark_quarterly_not_quarter", "indicator_benchmarks",
         {"indicator_id": "missing_episodes", "period_start": "2023-05-01", "value": "3"},
         "period_start", "period_start", ("2023-05-01", "quarter")),
    Case("benchmark_comparator_code", "indicator_benchmarks", {"comparator": "national"},
         "comparator", "code_list", ("comparator", "national", "statistical_neighbours")),
    Case("benchmark_comparator_required", "indicator_benchmarks", {"comparator": ""},
         "comparator", "required"),
    Case("benchmark_value_required", "indicator_benchmarks", {"value": ""}, "value", "required"),
    Case("benchmark_value_type", "indicator_benchmarks", {"value": "n/a"}, "value", "type"),
    Case("benchmark_percent_over_100", "indicator_benchmarks", {"value": "100.5"}, "value",
         "range", ("value", "100.5", "0 to 100")),
    Case("benchmark_count_negative", "indicator_benchmarks",
         {"indicator_id": "missing_episodes", "period_start": "2023-07-01", "value": "-1"},
         "value", "range", ("value", "-1", "count")),
    Case("benchmark_rate_negative", "indicator_benchmarks",
         {"indicator_id": "cp_rate", "value": "-0.1"}, "value", "range", ("-0.1",)),
    # ---- indicator_breaks -------------------------------------------------------------
    Case("break_indicator_unknown", "indicator_breaks", {"indicator_id": "not_in_catalogue"},
         "indicator_id", "cross_file", ("not_in_catalogue", "indicator_catalogue")),
    Case("break_mid_month", "indicator_breaks", {"period_start": "2023-10-15"}, "period_start",
         "period_start", ("2023-10-15", "month")),
    Case("break_quarterly_not_quarter", "indicator_breaks",
         {"indicator_id": "missing_episodes", "period_start": "2023-11-01"}, "period_start",
         "period_start", ("2023-11-01", "quarter", "missing_episodes")),
    Case("break_reason_required", "indicator_breaks", {"reason": ""}, "reason", "required"),
    Case("break_period_required", "indicator_breaks", {"period_start": ""}, "period_start",
         "required"),
]

TS = pd.Timestamp
VALID = [
    # date-times: T, space, seconds; decided at the very moment received; no decision yet
    Valid("datetime_T", "mash_contacts", {"received_at": "2024-01-08T09:30"},
          {"received_at": TS("2024-01-08 09:30")}),
    Valid("datetime_space", "mash_contacts",
          {"received_at": "2024-01-08 09:30", "decided_at": "2024-01-08 15:00"},
          {"received_at": TS("2024-01-08 09:30"), "decided_at": TS("2024-01-08 15:00")}),
    Valid("datetime_seconds", "mash_contacts", {"received_at": "2024-01-08T09:30:59"},
          {"received_at": TS("2024-01-08 09:30:59")}),
    Valid("decided_same_moment", "mash_contacts", {"decided_at": "2024-01-08T09:30"}),
    Valid("not_yet_decided", "mash_contacts", {"decision": "", "decided_at": "", "escalated": ""},
          {"decision": None, "decided_at": None, "escalated": None}),
    Valid("optional_empty", "mash_contacts", {"screening_rag": "", "locality": ""}),
    # dates: a midnight time is accepted on a date (spreadsheet and pandas exports)
    Valid("date_midnight_space", "audits", {"audited_on": "2023-07-12 00:00:00"},
          {"audited_on": TS("2023-07-12")}),
    Valid("date_midnight_T", "audits", {"audited_on": "2023-07-12T00:00"},
          {"audited_on": TS("2023-07-12")}),
    # actions
    Valid("due_same_day", "actions", {"due_on": "2023-08-01", "completed_on": "2023-08-01"}),
    Valid("in_progress_no_date", "actions", {"status": "in_progress", "completed_on": ""}),
    Valid("not_started_no_date", "actions", {"status": "not_started", "completed_on": "",
                                             "area_id": ""}),
    # case reviews
    Valid("pending_aware_only", "case_reviews",
          {"panel_notified_on": "", "rapid_review_on": "", "outcome": "", "lcspr_decided_on": "",
           "lcspr_completed_on": "", "lcspr_published_on": "", "recommendations": ""}),
    Valid("no_lcspr", "case_reviews", {"outcome": "no_lcspr", "lcspr_decided_on": "",
                                       "lcspr_completed_on": "", "lcspr_published_on": ""}),
    Valid("equal_dates", "case_reviews",
          {"panel_notified_on": "2023-05-02", "rapid_review_on": "2023-05-02",
           "lcspr_decided_on": "2023-06-01", "lcspr_completed_on": "2023-06-01",
           "lcspr_published_on": "2023-06-01", "recommendations": "0"}),
    Valid("rapid_review_without_notification", "case_reviews", {"panel_notified_on": ""}),
    # money and financial years
    Valid("money_zero", "contributions", {"amount_gbp": "0"}, {"amount_gbp": 0}),
    Valid("money_one_decimal", "contributions", {"amount_gbp": "12.3"}, {"amount_gbp": 12.3}),
    Valid("money_two_decimals", "contributions", {"amount_gbp": "1234567.89"},
          {"amount_gbp": 1234567.89}),
    Valid("financial_year_century", "contributions", {"financial_year": "1999/00"},
          {"financial_year": "1999/00"}),
    Valid("budget_income", "budget", {"kind": "income", "line": "other_income", "planned_gbp": ""}),
    Valid("budget_training_income", "budget", {"kind": "income", "line": "training_income"}),
    # training
    Valid("not_attended_no_values", "training",
          {"attended": "0", "rating": "", "confidence_before": "", "confidence_after": "",
           "impact_followup": "", "fee_gbp": "40"}, {"attended": False}),
    Valid("rating_bounds", "training", {"rating": "1", "confidence_after": "5"},
          {"rating": 1, "confidence_after": 5}),
    # indicators
    Valid("percent_within_tolerance_above", "indicators", {"value": "75.05"}),
    Valid("percent_within_tolerance_below", "indicators", {"value": "74.95"}),
    Valid("percent_bounds_0", "indicators", {"value": "0", "numerator": "0"}),
    Valid("percent_bounds_100", "indicators", {"value": "100", **ND}),
    Valid("count_above_100", "indicators",
          {"indicator_id": "missing_episodes", "period_start": "2024-01-01", "value": "150", **ND}),
    Valid("quarter_start", "indicators",
          {"indicator_id": "missing_episodes", "period_start": "2023-10-01", "value": "3", **ND}),
    Valid("rate_exact", "indicators",
          {"indicator_id": "cp_rate", "period_start": "2023-08-01", "value": "0.75",
           "numerator": "3", "denominator": "40000"}),
    Valid("numerator_only", "indicators", {"value": "60", "denominator": ""}),
    Valid("score_negative_allowed", "indicators",
          {"indicator_id": "practice_score", "period_start": "2023-08-01", "value": "-1", **ND}),
    # catalogue: every computed id with its own frequency
    *[Valid(f"computed_{i}", "indicator_catalogue",
            {"indicator_id": i, "frequency": f, "source": "computed", "expected_from": ""})
      for i, f in [("mash_conversion_rate", "monthly"), ("mash_repeat_contacts_12m", "monthly"),
                   ("audit_good_or_better", "quarterly"),
                   ("training_confidence_uplift", "quarterly"),
                   ("actions_completed_on_time", "quarterly")]],
    Valid("expected_from_quarter_start", "indicator_catalogue",
          {"frequency": "quarterly", "expected_from": "2023-07-01"}),
    # dates at both ends of datasets.md's range
    Valid("date_bounds", "actions",
          {"raised_on": "1900-01-01", "due_on": "2099-12-31", "status": "in_progress",
           "completed_on": ""}, {"raised_on": TS("1900-01-01"), "due_on": TS("2099-12-31")}),
    Valid("datetime_bounds", "mash_contacts",
          {"received_at": "1900-01-01T00:00", "decided_at": "2099-12-31T23:59:59"},
          {"received_at": TS("1900-01-01"), "decided_at": TS("2099-12-31 23:59:59")}),
    Valid("action_without_indicator", "actions", {"indicator_id": ""}, {"indicator_id": None}),
    Valid("action_other_indicator", "actions", {"indicator_id": "mash_decision_within_1wd"}),
    # self_assessments: another organisation not yet returned; one not tested
    Valid("sa_not_returned", "self_assessments",
          {"organisation": "St Anne's Primary", "framework": "section_175", "agency": "education",
           "standard": "s175-1", "submitted_on": "", "self_rating": "", "validated_rating": "",
           "validated_on": "", "action_id": ""},
          {"organisation": "St Anne's Primary", "organisation_key": "st anne's primary",
           "submitted_on": None, "self_rating": None}),
    Valid("sa_not_tested", "self_assessments", {"validated_rating": "", "validated_on": ""}),
    Valid("sa_validated_same_day", "self_assessments", {"validated_on": "2023-06-20",
                                                        "validated_rating": "met"}),
    Valid("sa_returned_late", "self_assessments",
          {"organisation": "Northbrook Police", "agency": "police", "due_on": "2023-06-30",
           "submitted_on": "2023-07-15", "validated_on": "2023-09-01"}),
    # voice
    Valid("voice_no_response_yet", "voice", {"we_did": "", "responded_on": "", "fed_back_on": ""},
          {"responded_on": None}),
    Valid("voice_not_fed_back", "voice", {"fed_back_on": ""}),
    Valid("voice_no_area", "voice", {"area_id": "", "source": "practitioners", "channel": "forum"}),
    Valid("voice_same_day", "voice", {"responded_on": "2023-09-01", "fed_back_on": "2023-09-01"}),
    # commentary
    Valid("commentary_area_comment", "commentary", {"indicator_id": "", "next_steps": ""},
          {"indicator_id": None}),
    Valid("commentary_quarterly", "commentary",
          {"indicator_id": "missing_episodes", "area_id": "front_door", "period_start": "2024-01-01"}),
    Valid("commentary_computed", "commentary",
          {"indicator_id": "mash_decision_within_1wd", "area_id": "front_door"}),
    # benchmarks: any source, any unit within its range
    Valid("benchmark_computed", "indicator_benchmarks",
          {"indicator_id": "mash_decision_within_1wd", "comparator": "region"}),
    Valid("benchmark_quarter", "indicator_benchmarks",
          {"indicator_id": "missing_episodes", "period_start": "2023-10-01", "value": "250"},
          {"value": 250.0}),
    Valid("benchmark_score_negative", "indicator_benchmarks",
          {"indicator_id": "practice_score", "value": "-2", "source": ""}),
    Valid("benchmark_percent_bounds", "indicator_benchmarks",
          {"comparator": "statistical_neighbours", "value": "100"}),
    # breaks
    Valid("break_quarterly", "indicator_breaks",
          {"indicator_id": "missing_episodes", "period_start": "2024-01-01"}),
    Valid("break_computed", "indicator_breaks", {"indicator_id": "mash_conversion_rate"}),
]

STEM_ORDER = list(BASE_ROWS)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One folder holding every case: returns (dataset, {case id: (stem, row number)})."""
    data: dict[str, list[dict]] = {s: list(DEFAULTS.get(s, [BASE_ROWS[s]])) for s in STEM_ORDER}
    where: dict[str, tuple[str, int]] = {}
    for c in [*CASES, *VALID]:
        n = len(data[c.stem]) + 1
        data[c.stem].append(row(c.stem, n, **c.changes))
        assert c.id not in where, c.id
        where[c.id] = (c.stem, n)
    folder = make_folder(tmp_path_factory.mktemp("batch"), rows=data)
    return load_dataset(folder), where


def test_batch_has_no_file_level_findings(batch):
    ds, _ = batch
    # but one: its valid cases include indicator periods after as_of (issue 10)
    assert [f for f in findings(ds, row=None) if f["rule"] != "after_as_of"] == []


def test_batch_counts(batch):
    ds, _ = batch
    counts = ds.validation_counts()
    n_err = sum(c.severity == E for c in CASES)
    assert counts == {"errors": n_err, "warnings": len(CASES) - n_err, "quarantined_rows": n_err}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule(batch, case):
    ds, where = batch
    stem, n = where[case.id]
    name = f"{stem}.csv"
    on_row = findings(ds, file=name, row=n)
    assert len(on_row) == 1, f"row {n} of {name} should break exactly one rule: {on_row}"
    f = on_row[0]
    assert (f["severity"], f["file"], f["row"], f["column"], f["rule"]) == (
        case.severity, name, n, case.column, case.rule)
    message = f["message"]
    assert case.column in message, message
    if f["value"] is not None:
        assert f["value"] in message, (f["value"], message)
    for words in case.shows:
        assert words in message, (words, message)
    kept = clean_rows(ds, stem)
    assert 1 in kept  # the valid rows of the same file stay
    if case.severity == E:
        assert n not in kept, f"row {n} should be quarantined"
    else:
        assert n in kept, f"row {n} has only a warning and must be kept"


@pytest.mark.parametrize("valid", VALID, ids=[v.id for v in VALID])
def test_valid_row(batch, valid):
    ds, where = batch
    stem, n = where[valid.id]
    assert findings(ds, file=f"{stem}.csv", row=n) == []
    table = clean_table(ds, stem).set_index("_row")
    assert n in table.index
    for column, expected in valid.expect.items():
        got = table.loc[n, column]
        if expected is None:
            assert pd.isna(got), (column, got)
        else:
            assert got == expected, (column, got, expected)


# ---- value ignored: the row is kept with the value emptied ---------------------------------
def test_training_values_ignored_when_not_attended(tmp_path):
    folder = make_folder(tmp_path, rows={"training": rows("training", {"attended": "No"})})
    ds = load_dataset(folder)
    warned = findings(ds, file="training.csv", row=2)
    assert sorted(f["column"] for f in warned) == sorted(
        ["rating", "confidence_before", "confidence_after", "impact_followup"])
    assert {(f["severity"], f["rule"]) for f in warned} == {("warning", "ignored_value")}
    t = clean_table(ds, "training").set_index("_row")
    assert list(t.index) == [1, 2]
    for col in ("rating", "confidence_before", "confidence_after", "impact_followup"):
        assert pd.isna(t.loc[2, col])
        assert t.loc[1, col] == int(BASE_ROWS["training"][col])
    assert float(t.loc[2, "fee_gbp"]) == 25.0  # the fee is not a rating: kept
    assert ds.validation_counts() == {"errors": 0, "warnings": 4, "quarantined_rows": 0}


def test_numerator_denominator_ignored_on_count_indicator(tmp_path):
    ind = [row("indicators", 1, indicator_id="missing_episodes", value="12", numerator="12",
               denominator="1")]
    ds = load_dataset(make_folder(tmp_path, rows={"indicators": ind}))
    f = only(ds, file="indicators.csv", row=1)
    assert (f["severity"], f["rule"], f["column"]) == ("warning", "ignored_value", "numerator")
    t = clean_table(ds, "indicators")
    assert len(t) == 1 and t.loc[0, "value"] == 12
    assert pd.isna(t.loc[0, "numerator"]) and pd.isna(t.loc[0, "denominator"])
    assert ds.validation_counts() == {"errors": 0, "warnings": 1, "quarantined_rows": 0}


# ---- counts --------------------------------------------------------------------------------
def test_counts_one_error(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={
        "mash_contacts": rows("mash_contacts", {"age_band": "teen"})}))
    assert ds.validation_counts() == {"errors": 1, "warnings": 0, "quarantined_rows": 1}
    assert clean_rows(ds, "mash_contacts") == [1]


def test_counts_two_errors_on_one_row_quarantine_one_row(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={
        "mash_contacts": rows("mash_contacts", {"age_band": "teen", "received_at": "yesterday"},
                              {"primary_concern": "other"})}))
    errs = errors(ds)
    assert sorted((e["row"], e["column"]) for e in errs) == [(2, "age_band"), (2, "received_at")]
    assert ds.validation_counts() == {"errors": 2, "warnings": 0, "quarantined_rows": 1}
    assert clean_rows(ds, "mash_contacts") == [1, 3]


def test_counts_across_files(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={
        "mash_contacts": rows("mash_contacts", {"age_band": "teen"}),
        "actions": rows("actions", {"status": "finished", "owner": ""}),
    }))
    assert ds.validation_counts() == {"errors": 3, "warnings": 0, "quarantined_rows": 2}


# ---- accepted forms ------------------------------------------------------------------------
BOOLEANS = [("true", True), ("false", False), ("1", True), ("0", False), ("yes", True),
            ("no", False), ("TRUE", True), ("False", False), ("YES", True), ("No", False),
            ("nO", False), ("tRuE", True), (" yes ", True)]


def test_boolean_forms(tmp_path):
    variants = [{"escalated": text} for text, _ in BOOLEANS]
    ds = load_dataset(make_folder(tmp_path, rows={"mash_contacts": rows("mash_contacts", *variants)}))
    assert findings(ds, file="mash_contacts.csv") == []  # booleans are not codes: no notice
    t = clean_table(ds, "mash_contacts").set_index("_row")
    for i, (text, value) in enumerate(BOOLEANS, start=2):
        assert bool(t.loc[i, "escalated"]) is value, text


def test_datetime_and_date_forms_parse_to_the_same_moment(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"mash_contacts": rows(
        "mash_contacts", {"received_at": "2024-01-08 09:30"}, {"received_at": "2024-01-08T09:30:00"},
        {"received_at": " 2024-01-08T09:30 "})}))
    assert errors(ds) == []
    t = clean_table(ds, "mash_contacts")
    assert set(t["received_at"]) == {TS("2024-01-08 09:30")}


# ---- code lists: trimming and lower-casing -------------------------------------------------
def test_codes_matched_after_trim_and_lowercase_one_notice_per_file_and_column(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"mash_contacts": rows(
        "mash_contacts", {"referrer_agency": " Police"}, {"referrer_agency": "HEALTH "},
        {"referrer_agency": "Education", "age_band": " 0-4 "})}))
    assert errors(ds) == []
    notice = only(ds, file="mash_contacts.csv", column="referrer_agency")
    assert (notice["severity"], notice["rule"], notice["row"]) == ("notice", "code_normalised", None)
    assert "referrer_agency" in notice["message"] and "3" in notice["message"]
    only(ds, file="mash_contacts.csv", column="age_band", rule="code_normalised")
    assert len(findings(ds, rule="code_normalised")) == 2
    t = clean_table(ds, "mash_contacts")
    assert list(t["referrer_agency"]) == ["police", "police", "health", "education"]
    assert list(t["age_band"]) == ["5-9", "5-9", "5-9", "0-4"]
    assert ds.validation_counts() == {"errors": 0, "warnings": 0, "quarantined_rows": 0}


def test_area_id_matched_after_lowercase(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"training": rows("training", {"area_id": " Neglect"})}))
    assert errors(ds) == []
    only(ds, file="training.csv", column="area_id", rule="code_normalised", severity="notice")
    assert list(clean_table(ds, "training")["area_id"]) == ["neglect", "neglect"]


def test_code_still_wrong_after_normalising_is_an_error_not_a_notice(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"mash_contacts": rows(
        "mash_contacts", {"referrer_agency": " Met_Police "})}))
    e = only(ds, file="mash_contacts.csv", row=2)
    assert (e["rule"], e["column"]) == ("code_list", "referrer_agency")
    assert "Met_Police" in e["message"]
    # nothing was matched by normalising, so no notice says it was
    assert findings(ds, rule="code_normalised") == []


# ---- uniqueness ----------------------------------------------------------------------------
def test_unique_repeat_quarantined_first_kept(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"mash_contacts": rows(
        "mash_contacts", {"contact_id": "C1", "child_ref": "OTHER"}, {})}))
    e = only(ds, file="mash_contacts.csv", row=2)
    assert (e["severity"], e["column"], e["rule"], e["value"]) == ("error", "contact_id", "unique", "C1")
    assert "contact_id C1" in e["message"] and "row 1" in e["message"]
    assert clean_rows(ds, "mash_contacts") == [1, 3]
    assert clean_table(ds, "mash_contacts").loc[0, "child_ref"] == "CH1"
    assert ds.validation_counts() == {"errors": 1, "warnings": 0, "quarantined_rows": 1}


def test_unique_every_later_repeat_quarantined(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"actions": rows(
        "actions", {"action_id": "A1"}, {"action_id": "A1"})}))
    assert [(e["row"], e["rule"]) for e in errors(ds)] == [(2, "unique"), (3, "unique")]
    assert clean_rows(ds, "actions") == [1]


def test_unique_row_failing_another_rule_does_not_use_up_the_key(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"mash_contacts": rows(
        "mash_contacts", {"contact_id": "C2", "age_band": "teen"}, {"contact_id": "C2"})}))
    assert [(e["row"], e["rule"]) for e in errors(ds)] == [(2, "code_list")]
    assert clean_rows(ds, "mash_contacts") == [1, 3]


def test_unique_invalid_first_row_lets_the_next_one_in(tmp_path):
    data = [row("mash_contacts", 1, received_at="not a time"), row("mash_contacts", 1)]
    ds = load_dataset(make_folder(tmp_path, rows={"mash_contacts": data}))
    assert [(e["row"], e["rule"]) for e in errors(ds)] == [(1, "type")]
    assert clean_rows(ds, "mash_contacts") == [2]


def test_unique_row_with_only_a_warning_uses_the_key(tmp_path):
    data = rows("training", {"booking_id": "B1", "attended": "no"})
    ds = load_dataset(make_folder(tmp_path, rows={"training": data}))
    assert [(e["row"], e["rule"]) for e in errors(ds)] == [(2, "unique")]


# (stem, changes that keep the key, [changes of one key part that make a new key, ...])
TUPLE_KEYS = [
    ("priority_areas", {"name": "Another"}, [{"area_id": "another_area"}]),
    ("indicator_catalogue", {"name": "Another"}, [{"indicator_id": "another"}]),
    ("indicators", {"value": "80", "numerator": "16"}, [{"period_start": "2023-05-01"},
                                                         {"indicator_id": "cp_rate", **ND}]),
    ("mash_contacts", {"child_ref": "OTHER"}, [{"contact_id": "C9"}]),
    ("audits", {"grade": "inadequate"}, [{"agency": "police"}, {"audit_id": "MAA-2023-08"},
                                         {"case_ref": "CASE9"}]),
    ("actions", {"owner": "Police"}, [{"action_id": "A9"}]),
    ("case_reviews", {"recommendations": "1"}, [{"review_id": "R9"}]),
    ("contributions", {"amount_gbp": "5"}, [{"financial_year": "2022/23"},
                                            {"agency": "Testshire Police"}]),
    ("budget", {"planned_gbp": "5"}, [{"line": "other"}, {"kind": "income", "line": "other_income"},
                                      {"financial_year": "2022/23"}]),
    ("comparators", {"budget_gbp": "5"}, [{"year": "2017/18"}, {"partnership": "Other"}]),
    ("training", {"rating": "1"}, [{"booking_id": "B9"}]),
    ("self_assessments", {"action_id": ""}, [{"standard": "9"}, {"round": "2022/23"},
                                             {"organisation": "Other Trust"}]),
    ("voice", {"theme": "Other"}, [{"voice_id": "V9"}]),
    ("commentary", {"author": "Someone else"}, [{"comment_id": "CM9"}]),
    ("indicator_benchmarks", {"value": "60", "source": ""},
     [{"comparator": "region"}, {"period_start": "2023-05-01"}, {"indicator_id": "cp_rate"}]),
    ("indicator_breaks", {"reason": "Another reason"},
     [{"period_start": "2023-11-01"}, {"indicator_id": "cp_rate"}]),
]


@pytest.fixture(scope="module")
def unique_batch(tmp_path_factory):
    """Every file: its valid row, a repeat of its key (row 2), then rows differing in one
    key part (rows 3...), then the other default rows."""
    data = {}
    for stem, same, others in TUPLE_KEYS:
        base = row(stem)
        data[stem] = [base, {**base, **same}] + [{**base, **o} for o in others]
        data[stem] += DEFAULTS.get(stem, [])[1:]
    return load_dataset(make_folder(tmp_path_factory.mktemp("unique"), rows=data))


@pytest.mark.parametrize("stem,same,others", TUPLE_KEYS, ids=[k[0] for k in TUPLE_KEYS])
def test_unique_keys(unique_batch, stem, same, others):
    from dashboard.data.contract import BY_STEM
    ds = unique_batch
    e = only(ds, file=f"{stem}.csv", severity="error")
    label = ", ".join(BY_STEM[stem].key)
    assert (e["row"], e["column"], e["rule"]) == (2, label, "unique")
    assert label in e["message"] and "row 1" in e["message"]
    kept = clean_rows(ds, stem)
    assert 2 not in kept
    assert kept[:1 + len(others)] == [1] + list(range(3, 3 + len(others)))


def test_unique_batch_counts(unique_batch):
    assert unique_batch.validation_counts() == {
        "errors": len(TUPLE_KEYS), "warnings": 0, "quarantined_rows": len(TUPLE_KEYS)}


def test_unique_key_compared_after_normalising_codes(tmp_path):
    data = [PRIORITY_AREAS[0], {**PRIORITY_AREAS[0], "area_id": " Front_Door"}, PRIORITY_AREAS[1]]
    ds = load_dataset(make_folder(tmp_path, rows={"priority_areas": data}))
    e = only(ds, file="priority_areas.csv", severity="error")
    assert (e["row"], e["rule"]) == (2, "unique")
    assert clean_rows(ds, "priority_areas") == [1, 3]


# ---- reaudit_of ----------------------------------------------------------------------------
def test_reaudit_of_must_exist(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={"audits": rows(
        "audits", {"audit_id": "MAA-2024-01", "reaudit_of": "MAA-2022-01"})}))
    e = only(ds, file="audits.csv", severity="error")
    assert (e["row"], e["column"], e["rule"]) == (2, "reaudit_of", "cross_row")
    assert "reaudit_of MAA-2022-01" in e["message"] and "audit_id" in e["message"]
    assert clean_rows(ds, "audits") == [1]


def test_reaudit_of_existing_and_consistent_is_clean(tmp_path):
    data = rows("audits", {"audit_id": "MAA-2024-01", "reaudit_of": "MAA-2023-07"},
                {"audit_id": "MAA-2024-01", "reaudit_of": "MAA-2023-07"})
    ds = load_dataset(make_folder(tmp_path, rows={"audits": data}))
    assert errors(ds) == []
    assert clean_rows(ds, "audits") == [1, 2, 3]


def test_reaudit_of_must_be_the_same_on_every_row_of_its_audit(tmp_path):
    data = [row("audits"), row("audits", 2, audit_id="MAA-2023-01"),
            row("audits", 3, audit_id="MAA-2024-01", reaudit_of="MAA-2023-07"),
            row("audits", 4, audit_id="MAA-2024-01", reaudit_of="MAA-2023-01"),
            row("audits", 5, audit_id="MAA-2024-01", reaudit_of="")]
    ds = load_dataset(make_folder(tmp_path, rows={"audits": data}))
    errs = errors(ds)
    assert [(e["row"], e["column"], e["rule"]) for e in errs] == [
        (4, "reaudit_of", "cross_row"), (5, "reaudit_of", "cross_row")]
    assert "MAA-2023-01" in errs[0]["message"] and "MAA-2024-01" in errs[0]["message"]
    assert "empty" in errs[1]["message"]
    assert clean_rows(ds, "audits") == [1, 2, 3]


# ---- cross-file checks skipped when the referenced file is unavailable ---------------------
AREA_FILES = ("indicator_catalogue.csv", "audits.csv", "actions.csv", "training.csv",
              "voice.csv", "commentary.csv")
CATALOGUE_FILES = ("indicators.csv", "actions.csv", "commentary.csv",
                   "indicator_benchmarks.csv", "indicator_breaks.csv")


def test_area_checks_skipped_with_one_warning_when_priority_areas_unreadable(tmp_path):
    folder = make_folder(tmp_path, rows={
        "audits": rows("audits", {"area_id": "nowhere"}, {"area_id": "elsewhere"}),
        "training": rows("training", {"area_id": "nowhere"})})
    (folder / "priority_areas.csv").write_text("id,title\nfront_door,Front door\n")
    ds = load_dataset(folder)
    e = only(ds, file="priority_areas.csv", severity="error")
    assert (e["rule"], e["row"]) == ("missing_required_column", None)
    assert "area_id" in e["message"]
    assert not ds.available("priority_areas")
    for name in AREA_FILES:
        w = only(ds, file=name, severity="warning")
        assert (w["rule"], w["row"]) == ("cross_file_skipped", None)
        assert "area_id" in w["message"] and "priority_areas" in w["message"]
    assert clean_rows(ds, "audits") == [1, 2, 3]
    assert clean_rows(ds, "training") == [1, 2]
    assert ds.validation_counts() == {"errors": 1, "warnings": len(AREA_FILES),
                                      "quarantined_rows": 0}


def test_area_checks_skipped_when_priority_areas_absent(tmp_path):
    folder = make_folder(tmp_path, omit=("priority_areas",),
                         rows={"actions": rows("actions", {"area_id": "nowhere"})})
    ds = load_dataset(folder)
    e = only(ds, file="priority_areas.csv", severity="error")
    assert (e["rule"], e["row"]) == ("required_file", None)
    assert len(findings(ds, rule="cross_file_skipped")) == len(AREA_FILES)
    assert clean_rows(ds, "actions") == [1, 2]


def test_indicator_checks_skipped_with_one_warning_when_catalogue_unavailable(tmp_path):
    ind = rows("indicators", {"indicator_id": "unknown"}, {"indicator_id": "also_unknown"})
    folder = make_folder(tmp_path, rows={"indicators": ind})
    (folder / "indicator_catalogue.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    ds = load_dataset(folder)
    assert only(ds, file="indicator_catalogue.csv", severity="error")["rule"] == "unreadable_file"
    w = only(ds, file="indicators.csv", severity="warning")
    assert (w["rule"], w["row"]) == ("cross_file_skipped", None)
    assert "indicator_catalogue" in w["message"]
    assert clean_rows(ds, "indicators") == [1, 2, 3]
    for name in CATALOGUE_FILES:  # one warning each, naming the catalogue
        w = only(ds, file=name, severity="warning")
        assert (w["rule"], w["row"]) == ("cross_file_skipped", None)
        assert "indicator_id" in w["message"] and "indicator_catalogue" in w["message"]
    assert ds.validation_counts() == {"errors": 1, "warnings": len(CATALOGUE_FILES),
                                      "quarantined_rows": 0}


@pytest.mark.parametrize("stem,column,value", [
    ("self_assessments", "action_id", "A404"),
    ("actions", "indicator_id", "not_in_catalogue"),
])
def test_optional_reference_skipped_with_one_warning_when_its_file_is_absent(
        tmp_path, stem, column, value):
    target = {"action_id": "actions", "indicator_id": "indicator_catalogue"}[column]
    folder = make_folder(tmp_path, omit=(target,), rows={stem: rows(stem, {column: value})})
    ds = load_dataset(folder)
    w = only(ds, file=f"{stem}.csv", severity="warning")
    assert (w["rule"], w["row"], w["column"]) == ("cross_file_skipped", None, None)
    assert column in w["message"] and f"{target}.csv" in w["message"]
    assert clean_rows(ds, stem) == [1, 2]  # no row quarantined for it
    assert findings(ds, file=f"{stem}.csv", severity="error") == []


def test_action_id_skipped_when_actions_unreadable(tmp_path):
    folder = make_folder(tmp_path, rows={"self_assessments": rows(
        "self_assessments", {"action_id": "A404"})})
    (folder / "actions.csv").write_text("id,what\nA1,x\n")
    ds = load_dataset(folder)
    assert only(ds, file="actions.csv", severity="error")["rule"] == "missing_required_column"
    w = only(ds, file="self_assessments.csv", severity="warning")
    assert w["rule"] == "cross_file_skipped" and "action_id" in w["message"]
    assert clean_rows(ds, "self_assessments") == [1, 2]


def test_no_skip_warning_when_no_row_gives_the_optional_reference(tmp_path):
    # nothing to check, nothing skipped: actions.csv absent, no action_id given
    folder = make_folder(tmp_path, omit=("actions",),
                         rows={"self_assessments": [row("self_assessments", action_id="")]})
    ds = load_dataset(folder)
    assert findings(ds, file="self_assessments.csv") == []


def test_catalogue_unavailable_skips_frequency_and_unit_but_month_starts_still_checked(tmp_path):
    folder = make_folder(tmp_path, rows={
        # a percent benchmark of 150 and a quarterly-looking month: not checkable, kept
        "indicator_benchmarks": rows("indicator_benchmarks", {"value": "150"},
                                     {"indicator_id": "missing_episodes",
                                      "period_start": "2023-05-01"},
                                     {"period_start": "2023-06-15"}),
        "indicator_breaks": rows("indicator_breaks", {"period_start": "2024-01-31"}),
        "commentary": rows("commentary", {"indicator_id": "not_in_catalogue"}),
    })
    (folder / "indicator_catalogue.csv").write_text("indicator_id\nx\n")
    ds = load_dataset(folder)
    assert not ds.available("indicator_catalogue")
    # every period start is the first of a month, whatever the frequency
    e = only(ds, file="indicator_benchmarks.csv", severity="error")
    assert (e["row"], e["rule"], e["value"]) == (4, "period_start", "2023-06-15")
    assert clean_rows(ds, "indicator_benchmarks") == [1, 2, 3]
    e = only(ds, file="indicator_breaks.csv", severity="error")
    assert (e["row"], e["rule"]) == (2, "period_start")
    assert clean_rows(ds, "commentary") == [1, 2]
    for name in ("indicator_benchmarks.csv", "indicator_breaks.csv", "commentary.csv"):
        w = only(ds, file=name, severity="warning")
        assert w["rule"] == "cross_file_skipped" and "indicator_catalogue.csv" in w["message"]
    assert "unit range" in only(ds, file="indicator_benchmarks.csv", severity="warning")["message"]


# ---- extra columns, optional and required files --------------------------------------------
def test_extra_columns_are_notices_and_ignored(tmp_path):
    data = [{**row("mash_contacts"), "notes": "x", "Worker": "y"}]
    ds = load_dataset(make_folder(tmp_path, rows={"mash_contacts": data}))
    got = findings(ds, file="mash_contacts.csv")
    assert {(f["severity"], f["rule"], f["column"], f["row"]) for f in got} == {
        ("notice", "extra_column", "notes", None), ("notice", "extra_column", "Worker", None)}
    assert all(f["column"] in f["message"] for f in got)
    t = clean_table(ds, "mash_contacts")
    assert len(t) == 1 and "notes" not in t.columns
    assert ds.validation_counts() == {"errors": 0, "warnings": 0, "quarantined_rows": 0}


def test_header_matched_after_trimming_and_lowercasing(tmp_path):
    folder = make_folder(tmp_path)
    header = [f" {c.upper()} " if c in ("contact_id", "age_band") else c
              for c in columns_of("mash_contacts")]
    write_csv(folder / "mash_contacts.csv", [dict(zip(header, row("mash_contacts").values()))],
              header)
    ds = load_dataset(folder)
    assert errors(ds) == []
    n = only(ds, file="mash_contacts.csv")
    assert (n["severity"], n["rule"]) == ("notice", "header_normalised")
    assert clean_rows(ds, "mash_contacts") == [1]


def test_optional_files_absent_are_notices(tmp_path):
    ds = load_dataset(make_folder(tmp_path, omit=OPTIONAL_STEMS))
    got = findings(ds)
    assert len(got) == len(OPTIONAL_STEMS)
    for stem in OPTIONAL_STEMS:
        f = only(ds, file=f"{stem}.csv")
        assert (f["severity"], f["rule"], f["row"]) == ("notice", "optional_file_absent", None)
        assert stem in f["message"]
        assert not ds.available(stem)
        assert stem in ds.unavailable_reason(stem)
        assert clean_rows(ds, stem) == []
    assert ds.available("priority_areas") and ds.unavailable_reason("priority_areas") is None
    assert ds.validation_counts() == {"errors": 0, "warnings": 0, "quarantined_rows": 0}


@pytest.mark.parametrize("stem", ["priority_areas", "indicator_catalogue"])
def test_required_file_absent_is_an_error(tmp_path, stem):
    ds = load_dataset(make_folder(tmp_path, omit=(stem,)))
    e = only(ds, severity="error")
    assert (e["file"], e["row"], e["rule"]) == (f"{stem}.csv", None, "required_file")
    assert stem in e["message"] and "required" in e["message"]
    assert not ds.available(stem)
    assert ds.available("mash_contacts")  # the rest still loads
    assert clean_rows(ds, "mash_contacts") == [1]
    assert ds.validation_counts() == {"errors": 1, "warnings": len(findings(ds, severity="warning")),
                                      "quarantined_rows": 0}


def test_unknown_file_in_folder_is_a_notice(tmp_path):
    folder = make_folder(tmp_path)
    (folder / "notes.csv").write_text("a,b\n1,2\n")
    ds = load_dataset(folder)
    f = only(ds, file="notes.csv")
    assert (f["severity"], f["row"]) == ("notice", None)
    assert errors(ds) == []


def test_report_is_ordered_and_rows_are_integers(tmp_path):
    ds = load_dataset(make_folder(tmp_path, rows={
        "mash_contacts": rows("mash_contacts", {"age_band": "x"}, {}, {"escalated": "x"}),
        "priority_areas": PRIORITY_AREAS + [{"area_id": "", "name": "x", "subgroup": "y"}]}))
    r = ds.report
    assert list(r.columns) == ["severity", "file", "row", "column", "value", "rule", "message"]
    assert str(r["row"].dtype) == "Int64"
    assert [(f, int(n)) for f, n in zip(r["file"], r["row"])] == [
        ("priority_areas.csv", 3), ("mash_contacts.csv", 2), ("mash_contacts.csv", 4)]
