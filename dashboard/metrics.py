"""Every figure of metrics.md, assembled from queries/ and dashboard/analysis/.

`summary(ds, filters)` returns exactly the `summary` JSON of metrics.md;
`indicator_panels` and `headline_trends` give the pages what they draw. SQL does the
counting; this module only picks the queries, binds the filters and applies the pure
analysis (SPC, RAG, due periods).
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from .analysis import periods, rag as rag_mod, spc as spc_mod
from .data import Dataset
from .data.dataset import at_once
from .data.contract import COMPUTED_INDICATORS, PARTNER_GROUPS, VOICE_SOURCES
from .analysis.values import clean, parse_iso_date, to_date
from .filters import ALL_DATES, Filters, sql_value
from .headlines import FINANCIAL_YEARS, HEADLINES, MONTH_ENDS, TREND_FREQUENCY


# ---- small helpers -----------------------------------------------------------------
def first_row(records: list[dict], columns: list[str], zero: tuple[str, ...]) -> dict:
    """The single row of a 'none' breakdown (its records: `Rows.records()`, a frame's
    `to_dict("records")`); over no rows counts are 0, the rest null."""
    if not records:
        return {c: (0 if c in zero else None) for c in columns}
    row = records[0]
    return {c: clean(row[c]) for c in columns}


def as_of_of(ds: Dataset, as_of: dt.date | None) -> dt.date:
    return as_of or ds.as_of




# ---- sections -----------------------------------------------------------------------
MASH_KEYS = ["contacts", "decided", "decided_within_1wd_pct", "pending_overdue", "conversion_pct",
             "repeat_contact_12m_pct", "nfa_recontact_3m_pct", "escalation_pct"]
AUDIT_KEYS = ["cases", "agency_returns", "good_or_better_pct", "inadequate_pct", "child_voice_pct",
              "family_involved_pct", "practitioner_involved_pct"]
ACTION_KEYS = ["total", "open", "overdue", "completed", "completed_on_time_pct",
               "impact_evidenced_pct"]
CASE_REVIEW_KEYS = ["incidents", "panel_notified_within_5wd_pct", "rapid_review_within_15wd_pct",
                    "lcspr_count", "lcspr_rate_pct", "lcspr_within_6m_pct", "lcspr_overdue"]
TRAINING_KEYS = ["bookings", "attended", "attendance_pct", "mean_rating", "confidence_uplift",
                 "improved_confidence_pct", "followup_response_pct", "mean_impact", "fee_income_gbp"]


def mash_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("mash_contacts"):
        return None
    rows = ds.rows("mash_figures", f, as_of=as_of, breakdown="none")
    return first_row(rows.records(), MASH_KEYS, ("contacts", "decided", "pending_overdue"))


def audit_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("audits"):
        return None
    out = first_row(ds.rows("audit_figures", f, as_of=as_of, breakdown="none").records(),
                    AUDIT_KEYS, ("cases", "agency_returns"))
    out["reaudits"] = [
        {k: clean(r[k]) for k in ("audit_id", "reaudit_of", "good_or_better_pct",
                                  "reaudit_of_good_or_better_pct", "change_points")}
        for r in ds.rows("audit_reaudits", f, as_of=as_of).records()
    ]
    return out


def action_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("actions"):
        return None
    return first_row(ds.rows("action_figures", f, as_of=as_of, breakdown="none").records(),
                     ACTION_KEYS, ("total", "open", "overdue", "completed"))


def case_review_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("case_reviews"):
        return None
    return first_row(ds.rows("case_review_figures", f, as_of=as_of, breakdown="none").records(),
                     CASE_REVIEW_KEYS, ("incidents", "lcspr_count", "lcspr_overdue"))


def training_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("training"):
        return None
    return first_row(ds.rows("training_figures", f, as_of=as_of, breakdown="none").records(),
                     TRAINING_KEYS, ("bookings", "attended", "fee_income_gbp"))


def funding_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    has_contrib, has_budget = ds.available("contributions"), ds.available("budget")
    if not has_contrib and not has_budget:
        return None
    year = sql_value(ds, f, "year", as_of)
    out: dict[str, Any] = {"year": year, "contributions_total": None, "share_pct": None,
                           "contributions_per_head_gbp": None, "budget_per_head_gbp": None,
                           "budget_lines": None, "training_cost_recovery_pct": None}
    if has_contrib and year:
        groups = ds.rows("contributions_by_group", f, as_of=as_of).records()
        if groups:
            out["contributions_total"] = clean(groups[0]["contributions_total"])
            out["share_pct"] = {r["partner_group"]: clean(r["share_pct"]) for r in groups}
            out["contributions_per_head_gbp"] = clean(groups[0]["contributions_per_head_gbp"])
    if has_budget and year:
        lines = ds.rows("budget_lines", f, as_of=as_of).records()
        if lines:
            out["budget_lines"] = [{k: clean(v) for k, v in r.items()} for r in lines]
            fig = ds.rows("budget_figures", f, as_of=as_of).records()[0]
            out["budget_per_head_gbp"] = clean(fig["budget_per_head_gbp"])
            out["training_cost_recovery_pct"] = clean(fig["training_cost_recovery_pct"])
    out.update(comparator_figures(ds, f, as_of))
    return out


def comparator_figures(ds: Dataset, f: Filters, as_of: dt.date) -> dict:
    empty = {"comparator_year": None, "comparator_mean_share_pct": None,
             "comparator_mean_share_pct_unitary": None, "comparators": None}
    if not ds.available("comparators"):
        return empty
    cyear = clean(ds.rows("comparator_year", f, as_of=as_of).column("comparator_year")[0])
    if cyear is None:
        return empty
    means = {r["scope"]: r for r in ds.rows("comparator_means", comparator_year=cyear).records()}
    rows = ds.rows("comparator_shares", comparator_year=cyear).records()
    return {
        "comparator_year": cyear,
        "comparator_mean_share_pct": {g: clean(means["all"][g]) for g in PARTNER_GROUPS},
        "comparator_mean_share_pct_unitary": {g: clean(means["unitary"][g]) for g in PARTNER_GROUPS},
        "comparators": [
            {"partnership": r["partnership"], "unitary": clean(r["unitary"]),
             "total_gbp": clean(r["total_gbp"]),
             "share_pct": (None if clean(r["total_gbp"]) is None else
                           {g: clean(r[f"share_{g}"]) for g in PARTNER_GROUPS}),
             "contributions_per_head_gbp": clean(r["contributions_per_head_gbp"]),
             "budget_per_head_gbp": clean(r["budget_per_head_gbp"])}
            for r in rows
        ],
    }


# ---- self-assessments and voice ---------------------------------------------------------
SELF_ASSESSMENT_KEYS = ["round", "organisations", "returns_due", "returns_received",
                        "returns_overdue", "returned_on_time_pct", "standards_rated",
                        "self_met_pct", "self_not_met_pct", "validated", "validated_met_pct",
                        "downgraded_pct", "previous_round", "previous_self_met_pct"]
BY_STANDARD_KEYS = ["framework", "standard", "standards_rated", "self_met_pct", "validated",
                    "validated_met_pct"]
SELF_ASSESSMENT_COUNTS = ("organisations", "returns_due", "returns_received", "returns_overdue",
                          "standards_rated", "validated")


def self_assessment_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    """metrics.md "Self-assessments": one round (the `round` filter, else the latest due)."""
    if not ds.available("self_assessments"):
        return None
    out = first_row(ds.rows("self_assessment_figures", f, as_of=as_of).records(),
                    SELF_ASSESSMENT_KEYS, SELF_ASSESSMENT_COUNTS)
    standards = ds.rows("self_assessment_by_standard", f, as_of=as_of)
    out["by_standard"] = [{k: clean(r[k]) for k in BY_STANDARD_KEYS}
                          for r in standards.records()]
    return out




def voice_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    """metrics.md "Voice": what was heard in the period and what was done about it."""
    if not ds.available("voice"):
        return None
    row = first_row(ds.rows("voice_figures", f, as_of=as_of, breakdown="none").records(),
                    ["heard", *(f"heard_{s}" for s in VOICE_SOURCES), "responded_pct",
                     "fed_back_pct", "median_days_to_response", "awaiting_over_90d"],
                    ("heard", *(f"heard_{s}" for s in VOICE_SOURCES), "awaiting_over_90d"))
    return {"heard": row["heard"],
            "by_source": {s: row[f"heard_{s}"] for s in VOICE_SOURCES},
            "responded_pct": row["responded_pct"], "fed_back_pct": row["fed_back_pct"],
            "median_days_to_response": row["median_days_to_response"],
            "awaiting_over_90d": row["awaiting_over_90d"]}


# ---- indicators ----------------------------------------------------------------------
COMPUTED_SOURCES = {
    # computed id -> (query, value column); run on every accepted row, whatever the filters
    "mash_decision_within_1wd": ("mash_figures", "decided_within_1wd_pct"),
    "mash_conversion_rate": ("mash_figures", "conversion_pct"),
    "mash_repeat_contacts_12m": ("mash_figures", "repeat_contact_12m_pct"),
    "audit_good_or_better": ("audit_figures", "good_or_better_pct"),
    "training_confidence_uplift": ("training_figures", "confidence_uplift"),
}
COMPUTED_FILES = {
    "mash_decision_within_1wd": "mash_contacts", "mash_conversion_rate": "mash_contacts",
    "mash_repeat_contacts_12m": "mash_contacts", "audit_good_or_better": "audits",
    "training_confidence_uplift": "training", "actions_completed_on_time": "actions",
}


def computed_series(ds: Dataset, indicator_id: str, as_of: dt.date) -> list[tuple[dt.date, float]]:
    """metrics.md: the value for every complete period with a non-null value, from all
    accepted rows whatever the filters."""
    if not ds.available(COMPUTED_FILES[indicator_id]):
        return []
    return ds.memo.remember(("computed_series", indicator_id, as_of),
                            lambda: _computed_series(ds, indicator_id, as_of))


def computed_rows(ds: Dataset, query: str, breakdown: str, as_of: dt.date) -> list[dict]:
    """The unfiltered monthly or quarterly run of a computed indicator's query, run once
    per as_of (the series and their bases share it)."""
    return ds.memo.remember(("computed_rows", query, breakdown, as_of),
                            lambda: ds.rows(query, ALL_DATES, as_of=as_of,
                                            breakdown=breakdown).records())


def _computed_series(ds: Dataset, indicator_id: str, as_of: dt.date) -> list[tuple[dt.date, float]]:
    frequency = COMPUTED_INDICATORS[indicator_id]
    breakdown = "month" if frequency == "monthly" else "quarter"
    if indicator_id == "actions_completed_on_time":
        records = ds.rows("actions_on_time_by_quarter", as_of=as_of).records()
        column = "completed_on_time_pct"
    else:
        query, column = COMPUTED_SOURCES[indicator_id]
        # the three MASH indicators share one unfiltered monthly run
        records = computed_rows(ds, query, breakdown, as_of)
    series = []
    for r in records:
        start = parse_iso_date(r["category"])
        value = clean(r[column])
        if value is not None and periods.is_complete(start, frequency, as_of):
            series.append((start, float(value)))
    return series


# The counts each computed point is worked out from (its numerator and denominator):
# public mode shows a point as c when one of them is from 1 to 5 (product.md, "SPC points
# included"). Actions are never suppressed, so their indicator has none.
COMPUTED_BASES = {
    "mash_decision_within_1wd": ("decided_within_1wd", "decided"),
    "mash_conversion_rate": ("converted", "decided"),
    "mash_repeat_contacts_12m": ("repeat_contacts_12m", "contacts"),
    "audit_good_or_better": ("good_or_better", "agency_returns"),
    "training_confidence_uplift": ("confidence_pairs",),
}


def point_bases(ds: Dataset, indicator_id: str, source: str, as_of: dt.date
                ) -> dict[dt.date, tuple]:
    """Per period of an indicator's series, the counts its value is worked out from: a
    supplied row's numerator and denominator; a computed point's from COMPUTED_BASES.
    For public mode on the pages (summary is never suppressed)."""
    as_of = as_of_of(ds, as_of)
    if source != "computed":
        if not ds.available("indicators"):
            return {}
        def supplied_bases() -> dict[str, dict]:
            bases: dict[str, dict] = {}
            for r in ds.rows("indicator_values", as_of=as_of).records():
                bases.setdefault(r["indicator_id"], {})[to_date(r["period_start"])] = (
                    clean(r["numerator"]), clean(r["denominator"]))
            return bases

        return ds.memo.remember(("supplied_bases", as_of), supplied_bases).get(indicator_id, {})
    columns = COMPUTED_BASES.get(indicator_id)
    if not columns or not ds.available(COMPUTED_FILES[indicator_id]):
        return {}
    query, _ = COMPUTED_SOURCES[indicator_id]
    breakdown = "month" if COMPUTED_INDICATORS[indicator_id] == "monthly" else "quarter"
    records = computed_rows(ds, query, breakdown, as_of)      # the series' own run
    return {parse_iso_date(r["category"]): tuple(clean(r[col]) for col in columns)
            for r in records}


def supplied_series(ds: Dataset, as_of: dt.date) -> dict[str, list[tuple[dt.date, float]]]:
    if not ds.available("indicators"):
        return {}
    out: dict[str, list] = {}
    for iid, start, value in ds.rows("indicator_values", as_of=as_of).data_of(
            "indicator_id", "period_start", "value"):
        out.setdefault(iid, []).append((to_date(start), float(value)))
    return out


def _data_missing(r: dict, latest_period: dt.date | None, as_of: dt.date, lag: int) -> bool:
    """metrics.md RAG: a supplied indicator whose latest value is older than the last due
    period (README: also one with no value at all once a return has fallen due)."""
    if r["source"] == "computed":
        return False
    last_due = periods.last_due_period(r["frequency"], as_of, lag)
    if latest_period is not None:
        return latest_period < last_due
    expected = clean(r["expected_from"])
    return expected is not None and last_due >= parse_iso_date(expected)


def indicator_context(ds: Dataset, f: Filters, as_of: dt.date) -> dict:
    """metrics.md "Context on indicators": breaks, benchmarks and latest comments, by
    indicator (and area comments by area), from the optional files that are available."""
    out: dict = {"breaks": {}, "benchmarks": {}, "comments": {}, "area_comments": {}}
    if ds.available("indicator_breaks"):
        for r in ds.rows("indicator_breaks", as_of=as_of).records():
            out["breaks"].setdefault(r["indicator_id"], []).append(
                (to_date(r["period_start"]), r["reason"]))
    if ds.available("indicator_benchmarks"):
        for r in ds.rows("indicator_benchmarks", as_of=as_of).records():
            by = out["benchmarks"].setdefault(r["indicator_id"], {})
            by.setdefault(r["comparator"], []).append(
                (to_date(r["period_start"]), float(r["value"]), clean(r["source"])))
    if ds.available("commentary"):
        for r in ds.rows("commentary_latest", f, as_of=as_of).records():
            r = {k: clean(v) for k, v in r.items()}
            if r["indicator_id"] is None:
                out["area_comments"][r["area_id"]] = r
            else:
                out["comments"][r["indicator_id"]] = r
    return out


def _benchmark_keys(by_comparator: dict) -> dict:
    """summary's `benchmarks`: each comparator's latest row (on or before as_of), in the
    order england, region, statistical_neighbours."""
    return {c: {"period_start": steps[-1][0].isoformat(), "value": steps[-1][1]}
            for c, steps in by_comparator.items()}


def _break_from(breaks: list, latest_period: dt.date | None) -> str | None:
    """The latest break at or before the latest period (metrics.md `break_from`)."""
    if latest_period is None:
        return None
    starts = [b for b, _ in breaks if b <= latest_period]
    return max(starts).isoformat() if starts else None


def indicator_panels(ds: Dataset, f: Filters, as_of: dt.date | None = None,
                     context: dict | None = None) -> list[dict] | None:
    """Every indicator of the indicator set with its series, SPC (within method breaks),
    RAG, context and summary keys."""
    as_of = as_of_of(ds, as_of)
    if not (ds.available("indicator_catalogue") and ds.available("priority_areas")):
        return None
    catalogue = ds.rows("indicator_set", f)
    supplied = supplied_series(ds, as_of)
    context = context if context is not None else indicator_context(ds, f, as_of)
    lag = ds.partnership.return_lag_days
    panels = []
    for r in catalogue.records():
        iid, polarity = r["indicator_id"], r["polarity"]
        series = (computed_series(ds, iid, as_of) if r["source"] == "computed"
                  else supplied.get(iid, []))
        breaks = context["breaks"].get(iid, [])
        spc = spc_mod.compute_spc_segments(
            [v for _, v in series],
            spc_mod.break_indices([p for p, _ in series], [b for b, _ in breaks]))
        latest = spc.latest
        target = clean(r["target"])
        latest_period, value = (series[-1] if series else (None, None))
        data_missing = _data_missing(r, latest_period, as_of, lag)
        rag = rag_mod.indicator_rag(value, target, clean(r["amber_tolerance"]), polarity,
                                    data_missing=data_missing)
        benchmarks = context["benchmarks"].get(iid, {})
        comment = context["comments"].get(iid)
        panels.append({
            "indicator_id": iid, "area_id": r["area_id"],
            "latest_period": latest_period.isoformat() if latest_period else None,
            "value": value, "target": target, "rag": rag, "data_missing": bool(data_missing),
            "variation": spc_mod.variation(spc, polarity),
            "assurance": spc_mod.assurance(spc, target, polarity),
            "mean": latest.mean if latest else None,
            "ucl": latest.ucl if latest else None,
            "lcl": latest.lcl if latest else None,
            "break_from": _break_from(breaks, latest_period),
            "benchmarks": _benchmark_keys(benchmarks),
            "comment_id": comment["comment_id"] if comment else None,
            # for the pages (not in summary):
            "name": r["name"], "unit": r["unit"], "polarity": polarity,
            "frequency": r["frequency"], "source": r["source"], "definition": r["definition"],
            "amber_tolerance": clean(r["amber_tolerance"]),
            "expected_from": clean(r["expected_from"]),
            "grey_reason": rag_mod.grey_reason(value, target, data_missing)
            if rag == "grey" else None,
            "series": series, "spc": spc, "breaks": breaks, "comment": comment,
            # comparator -> [(period_start, value, source)], oldest first
            "benchmark_series": benchmarks,
        })
    return panels


SUMMARY_INDICATOR_KEYS = ["indicator_id", "area_id", "latest_period", "value", "target", "rag",
                          "data_missing", "variation", "assurance", "mean", "ucl", "lcl",
                          "break_from", "benchmarks", "comment_id"]


def area_rows(ds: Dataset, f: Filters, panels: list[dict],
              areas: list[dict] | None = None,
              area_comments: dict | None = None) -> list[dict]:
    """summary's `areas`: each listed area (priority_areas.csv order) with its RAG and
    its latest area comment."""
    if areas is None:
        areas = ds.rows("priority_areas", f).records()
    out = []
    for a in areas:
        mine = [p for p in panels if p["area_id"] == a["area_id"]]
        counts = rag_mod.rag_counts(p["rag"] for p in mine)
        comment = (area_comments or {}).get(a["area_id"])
        out.append({"area_id": a["area_id"], "rag": rag_mod.area_rag(p["rag"] for p in mine),
                    **counts, "worst_indicator_id": rag_mod.worst_indicator(mine),
                    "comment_id": comment["comment_id"] if comment else None})
    return out


def _expected_periods(r: dict, as_of: dt.date, lag: int) -> list[dt.date]:
    """metrics.md "Data returns": the due periods of a supplied indicator, from its
    catalogue expected_from; none for a computed indicator."""
    expected = clean(r.get("expected_from"))
    if r["source"] == "computed" or expected is None:
        return []
    return periods.due_periods(to_date(expected), r["frequency"], as_of, lag)


def missing_returns(ds: Dataset, panels: list[dict], as_of: dt.date) -> list[dict]:
    """metrics.md "Data returns": every due period from expected_from with no accepted row."""
    lag = ds.partnership.return_lag_days
    out = []
    for p in panels:
        have = {start for start, _ in p["series"]}
        for start in _expected_periods(p, as_of, lag):
            if start not in have:
                out.append({"indicator_id": p["indicator_id"], "source": p["source"],
                            "period_start": start.isoformat()})
    out.sort(key=lambda m: (m["source"], m["indicator_id"], m["period_start"]))
    return out


RECEIVED, REJECTED, MISSING = "received", "rejected", "missing"


def return_statuses(ds: Dataset, f: Filters, as_of: dt.date | None = None) -> list[dict]:
    """Every due period of every supplied indicator of the indicator set (metrics.md
    "Data returns"), with its status: `received` (an accepted row), `rejected` (no
    accepted row, but a quarantined row for that indicator and period: "returned but
    rejected") or `missing`. Rejected and missing together are summary's
    missing_returns. Sorted as summary's: by (source, indicator_id, period_start)."""
    as_of = as_of_of(ds, as_of)
    if not (ds.available("indicator_catalogue") and ds.available("priority_areas")):
        return []
    lag = ds.partnership.return_lag_days
    supplied = supplied_series(ds, as_of)
    rejected = set()
    if ds.available("indicators"):
        rejected = {(r["indicator_id"], to_date(r["period_start"]))
                    for r in ds.rows("indicator_rows_rejected", as_of=as_of).records()}
    out = []
    for r in ds.rows("indicator_set", f).records():
        have = {start for start, _ in supplied.get(r["indicator_id"], [])}
        for start in _expected_periods(r, as_of, lag):
            status = (RECEIVED if start in have else
                      REJECTED if (r["indicator_id"], start) in rejected else MISSING)
            out.append({"indicator_id": r["indicator_id"], "name": r["name"],
                        "source": r["source"], "frequency": r["frequency"],
                        "period_start": start.isoformat(), "status": status})
    out.sort(key=lambda m: (m["source"], m["indicator_id"], m["period_start"]))
    return out


# ---- summary ----------------------------------------------------------------------
def summary(ds: Dataset, f: Filters, as_of: dt.date | None = None) -> dict:
    as_of = as_of_of(ds, as_of)
    date_from, date_to = f.period(as_of)
    context = indicator_context(ds, f, as_of)
    panels = indicator_panels(ds, f, as_of, context)
    return {
        "partnership": ds.partnership.name,
        "as_of": as_of.isoformat(),
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat(),
        "mash": mash_section(ds, f, as_of),
        "audits": audit_section(ds, f, as_of),
        "actions": action_section(ds, f, as_of),
        "case_reviews": case_review_section(ds, f, as_of),
        "funding": funding_section(ds, f, as_of),
        "training": training_section(ds, f, as_of),
        "indicators": None if panels is None else [
            {k: p[k] for k in SUMMARY_INDICATOR_KEYS} for p in panels],
        "areas": None if panels is None else area_rows(ds, f, panels, None,
                                                      context["area_comments"]),
        "missing_returns": None if panels is None else missing_returns(ds, panels, as_of),
        "self_assessment": self_assessment_section(ds, f, as_of),
        "voice": voice_section(ds, f, as_of),
        "validation": ds.validation_counts(),
    }


# ---- headline figures (Overview) ------------------------------------------------------
def headline_values(ds: Dataset, f: Filters, as_of: dt.date | None = None) -> dict[str, Any]:
    """Each headline figure (headlines.HEADLINES) under the filters, from the same query
    and column as `summary`; None where its file is unavailable."""
    as_of = as_of_of(ds, as_of)
    out: dict[str, Any] = {}
    for h in HEADLINES:
        if not ds.available(h.stem):
            out[h.key] = None
            continue
        records = ds.rows(h.query, f, as_of=as_of, **h.extra).records()
        zero = (h.column,) if h.unit == "count" else ()
        out[h.key] = first_row(records, [h.column], zero)[h.column]
    return out


def _trend_end(f: Filters, as_of: dt.date) -> dt.date:
    """product.md: trends end with the last complete period on or before `to`."""
    return min(f.period(as_of)[1], as_of)


def _period_trend(ds, f, as_of, h, n=12):
    frequency = TREND_FREQUENCY[h.trend]
    starts = periods.last_n_complete_periods(n, frequency, _trend_end(f, as_of))
    if not starts:
        return []
    rows = ds.rows(h.trend_query, f, as_of=as_of, date_from=starts[0],
                   date_to=periods.period_end(starts[-1], frequency),
                   breakdown="month" if frequency == "monthly" else "quarter")
    by = {c: clean(v) for c, v in rows.data_of("category", h.column)}
    return [(s.isoformat(), by.get(s.isoformat())) for s in starts]


def _month_end_trend(ds, f, as_of, h, n=12):
    ends = [periods.period_end(s, "monthly")
            for s in periods.last_n_complete_periods(n, "monthly", _trend_end(f, as_of))]
    if not ends:
        return []
    rows = ds.rows(h.trend_query, f, dates=[e.isoformat() for e in ends])
    by = {clean(d): int(v) for d, v in rows.data_of("as_of", h.column)}
    return [(e.isoformat(), by.get(e.isoformat(), 0)) for e in ends]


def _year_trend(ds, f, as_of, h, n=5):
    year = sql_value(ds, f, "year", as_of)
    if not year:
        return []
    by = {y: clean(v) for y, v in ds.rows(h.trend_query).data_of("financial_year", h.column)}
    return [(y, by.get(y)) for y in periods.previous_financial_years(year, n)]


def headline_trends(ds: Dataset, f: Filters, as_of: dt.date | None = None) -> dict[str, list]:
    """product.md: each headline figure for the 12 complete months ending with the last
    complete month on or before `to` (quarters for audits and case reviews; overdue
    actions at each month end; funding: the last five financial years up to the chosen
    year), under the current filters except the period."""
    as_of = as_of_of(ds, as_of)
    out: dict[str, list] = {}
    for h in HEADLINES:
        if not ds.available(h.stem):
            out[h.key] = []
        elif h.trend == MONTH_ENDS:
            out[h.key] = _month_end_trend(ds, f, as_of, h)
        elif h.trend == FINANCIAL_YEARS:
            out[h.key] = _year_trend(ds, f, as_of, h)
        else:
            out[h.key] = _period_trend(ds, f, as_of, h)
    return out


def overview_figures(ds: Dataset, f: Filters, as_of: dt.date | None = None) -> dict:
    """What the Overview shows and nothing more: the period, the indicator panels and
    area rows behind the tiles, the headline figures and their trends.

    The headline figures and their trends are worked out in two threads beside the
    indicator panels (`at_once`, issue 11): on two cores the Overview's thirty queries
    then take about 60% of the time they take one after the other."""
    as_of = as_of_of(ds, as_of)
    date_from, date_to = f.period(as_of)

    def the_rest():
        context = indicator_context(ds, f, as_of)
        panels = indicator_panels(ds, f, as_of, context)
        funding_year = (sql_value(ds, f, "year", as_of)
                        if ds.available("contributions") or ds.available("budget") else None)
        areas = None if panels is None else ds.rows("priority_areas", f).records()
        return context, panels, funding_year, areas, missing_by_area(ds, panels, as_of)

    (context, panels, funding_year, areas, missing), trends, (values, overdue) = at_once(
        the_rest, lambda: headline_trends(ds, f, as_of),
        lambda: (headline_values(ds, f, as_of), overdue_by_area(ds, f, as_of)))
    return {
        "as_of": as_of.isoformat(),
        "from": date_from.isoformat() if date_from else None,
        "to": date_to.isoformat(),
        "from_chosen": f.date_from is not None,
        "panels": panels,
        "area_info": {a["area_id"]: a for a in areas or []},
        "areas": None if panels is None else area_rows(ds, f, panels, areas,
                                                      context["area_comments"]),
        "area_comments": context["area_comments"],
        "headlines": values,
        "trends": trends,
        "funding_year": funding_year,
        "targets": headline_targets(ds),
        "overdue_by_area": overdue,
        "missing_by_area": missing,
    }


def headline_targets(ds: Dataset) -> dict[str, dict]:
    """The target of each headline figure that is also a computed indicator of the
    catalogue (its `target` and `polarity`), by headline key."""
    if not ds.available("indicator_catalogue"):
        return {}
    # the catalogue's, whatever the filters
    return ds.memo.remember("headline_targets", lambda: _headline_targets(ds))


def _headline_targets(ds: Dataset) -> dict[str, dict]:
    labels = {r["indicator_id"]: r for r in ds.rows("indicator_labels").records()}
    out = {}
    for h in HEADLINES:
        row = labels.get(h.indicator_id)
        if row is not None and clean(row["target"]) is not None:
            out[h.key] = {"target": clean(row["target"]), "polarity": row["polarity"]}
    return out


def overdue_by_area(ds: Dataset, f: Filters, as_of: dt.date) -> dict[str, int]:
    """Overdue actions per area_id under the filters (the Overview's tiles)."""
    if not ds.available("actions"):
        return {}
    rows = ds.rows("action_figures", f, as_of=as_of, breakdown="area_id")
    return {c: int(n) for c, n in rows.data_of("category", "overdue") if n}


def missing_by_area(ds: Dataset, panels: list[dict] | None, as_of: dt.date) -> dict[str, int]:
    """Missing returns (metrics.md "Data returns") per area_id of their indicator."""
    if not panels:
        return {}
    area_of = {p["indicator_id"]: p["area_id"] for p in panels}
    out: dict[str, int] = {}
    for m in missing_returns(ds, panels, as_of):
        area = area_of[m["indicator_id"]]
        out[area] = out.get(area, 0) + 1
    return out
