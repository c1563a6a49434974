"""Every figure of metrics.md, assembled from queries/ and dashboard/analysis/.

`summary(ds, filters)` returns exactly the `summary` JSON of metrics.md;
`indicator_panels` and `headline_trends` give the pages what they draw. SQL does the
counting; this module only picks the queries, binds the filters and applies the pure
analysis (SPC, RAG, due periods).
"""
from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pandas as pd

from .analysis import periods, rag as rag_mod, spc as spc_mod
from .data import Dataset
from .data.contract import COMPUTED_INDICATORS, PARTNER_GROUPS
from .filters import Filters

NONE = "none"


# ---- small helpers -----------------------------------------------------------------
def clean(value: Any) -> Any:
    """A JSON-ready scalar: NaN/NA -> None, Decimal/numpy -> float/int, dates -> ISO."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _list(v: tuple[str, ...] | None) -> list[str] | None:
    return list(v) if v is not None else None


def _lower_list(v: tuple[str, ...] | None) -> list[str] | None:
    if v is None:
        return None
    return [s.strip().lower() if s.strip().lower() != NONE else NONE for s in v]


def first_row(df: pd.DataFrame, columns: list[str], zero: tuple[str, ...]) -> dict:
    """The single row of a 'none' breakdown; over no rows counts are 0, the rest null."""
    if df.empty:
        return {c: (0 if c in zero else None) for c in columns}
    row = df.iloc[0]
    return {c: clean(row[c]) for c in columns}


def as_of_of(ds: Dataset, as_of: dt.date | None) -> dt.date:
    return as_of or ds.as_of


# ---- parameters per query family ----------------------------------------------------
def mash_params(f: Filters, as_of: dt.date, breakdown: str = "none") -> dict:
    date_from, date_to = f.period(as_of)
    return dict(as_of=as_of, date_from=date_from, date_to=date_to, agency=_list(f.agency),
                age_band=_list(f.age_band), concern=_list(f.concern),
                screening_rag=_list(f.screening_rag), locality=_lower_list(f.locality),
                breakdown=breakdown)


def audit_params(f: Filters, as_of: dt.date, breakdown: str = "none") -> dict:
    date_from, date_to = f.period(as_of)
    return dict(as_of=as_of, date_from=date_from, date_to=date_to, agency=_list(f.agency),
                area=_list(f.area), audit_type=_list(f.audit_type), breakdown=breakdown)


def action_params(f: Filters, as_of: dt.date, breakdown: str = "none") -> dict:
    return dict(as_of=as_of, area=_list(f.area), owner=_lower_list(f.owner),
                source_type=_list(f.source_type), status=_list(f.status), breakdown=breakdown)


def case_review_params(f: Filters, as_of: dt.date, breakdown: str = "none") -> dict:
    date_from, date_to = f.period(as_of)
    return dict(as_of=as_of, date_from=date_from, date_to=date_to, breakdown=breakdown)


def training_params(f: Filters, as_of: dt.date, breakdown: str = "none") -> dict:
    date_from, date_to = f.period(as_of)
    return dict(as_of=as_of, date_from=date_from, date_to=date_to, agency=_list(f.agency),
                area=_list(f.area), breakdown=breakdown)


NO_FILTERS = Filters()


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
    df = ds.run_query("mash_figures", **mash_params(f, as_of))
    return first_row(df, MASH_KEYS, ("contacts", "decided", "pending_overdue"))


def audit_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("audits"):
        return None
    out = first_row(ds.run_query("audit_figures", **audit_params(f, as_of)), AUDIT_KEYS,
                    ("cases", "agency_returns"))
    re = ds.run_query("audit_reaudits", as_of=as_of)
    out["reaudits"] = [
        {k: clean(r[k]) for k in ("audit_id", "reaudit_of", "good_or_better_pct",
                                  "reaudit_of_good_or_better_pct", "change_points")}
        for _, r in re.iterrows()
    ]
    return out


def action_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("actions"):
        return None
    return first_row(ds.run_query("action_figures", **action_params(f, as_of)), ACTION_KEYS,
                     ("total", "open", "overdue", "completed"))


def case_review_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("case_reviews"):
        return None
    return first_row(ds.run_query("case_review_figures", **case_review_params(f, as_of)),
                     CASE_REVIEW_KEYS, ("incidents", "lcspr_count", "lcspr_overdue"))


def training_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    if not ds.available("training"):
        return None
    return first_row(ds.run_query("training_figures", **training_params(f, as_of)),
                     TRAINING_KEYS, ("bookings", "attended", "fee_income_gbp"))


def funding_year(ds: Dataset, f: Filters, as_of: dt.date) -> str | None:
    if f.year:
        return f.year
    return clean(ds.run_query("funding_year", as_of=as_of)["financial_year"].iloc[0])


def funding_section(ds: Dataset, f: Filters, as_of: dt.date) -> dict | None:
    has_contrib, has_budget = ds.available("contributions"), ds.available("budget")
    if not has_contrib and not has_budget:
        return None
    year = funding_year(ds, f, as_of)
    pop = ds.partnership.total_population
    out: dict[str, Any] = {"year": year, "contributions_total": None, "share_pct": None,
                           "contributions_per_head_gbp": None, "budget_per_head_gbp": None,
                           "budget_lines": None, "training_cost_recovery_pct": None}
    if has_contrib and year:
        groups = ds.run_query("contributions_by_group", year=year, total_population=pop)
        if not groups.empty:
            out["contributions_total"] = clean(groups["contributions_total"].iloc[0])
            out["share_pct"] = {r.partner_group: clean(r.share_pct) for r in groups.itertuples()}
            out["contributions_per_head_gbp"] = clean(groups["contributions_per_head_gbp"].iloc[0])
    if has_budget and year:
        lines = ds.run_query("budget_lines", year=year)
        if not lines.empty:
            out["budget_lines"] = [{k: clean(r[k]) for k in lines.columns} for _, r in lines.iterrows()]
            fig = ds.run_query("budget_figures", year=year, total_population=pop).iloc[0]
            out["budget_per_head_gbp"] = clean(fig["budget_per_head_gbp"])
            out["training_cost_recovery_pct"] = clean(fig["training_cost_recovery_pct"])
    out.update(comparator_figures(ds, year))
    return out


def comparator_figures(ds: Dataset, year: str | None) -> dict:
    empty = {"comparator_year": None, "comparator_mean_share_pct": None,
             "comparator_mean_share_pct_unitary": None, "comparators": None}
    if not ds.available("comparators"):
        return empty
    cyear = clean(ds.run_query("comparator_year", year=year)["comparator_year"].iloc[0])
    if cyear is None:
        return empty
    means = ds.run_query("comparator_means", year=cyear).set_index("scope")
    rows = ds.run_query("comparator_shares", year=cyear)
    return {
        "comparator_year": cyear,
        "comparator_mean_share_pct": {g: clean(means.loc["all", g]) for g in PARTNER_GROUPS},
        "comparator_mean_share_pct_unitary": {g: clean(means.loc["unitary", g]) for g in PARTNER_GROUPS},
        "comparators": [
            {"partnership": r["partnership"], "unitary": clean(r["unitary"]),
             "total_gbp": clean(r["total_gbp"]),
             "share_pct": (None if clean(r["total_gbp"]) is None else
                           {g: clean(r[f"share_{g}"]) for g in PARTNER_GROUPS}),
             "contributions_per_head_gbp": clean(r["contributions_per_head_gbp"]),
             "budget_per_head_gbp": clean(r["budget_per_head_gbp"])}
            for _, r in rows.iterrows()
        ],
    }


# ---- indicators ----------------------------------------------------------------------
COMPUTED_SOURCES = {
    # computed id -> (query, params builder, value column)
    "mash_decision_within_1wd": ("mash_figures", mash_params, "decided_within_1wd_pct"),
    "mash_conversion_rate": ("mash_figures", mash_params, "conversion_pct"),
    "mash_repeat_contacts_12m": ("mash_figures", mash_params, "repeat_contact_12m_pct"),
    "audit_good_or_better": ("audit_figures", audit_params, "good_or_better_pct"),
    "training_confidence_uplift": ("training_figures", training_params, "confidence_uplift"),
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
    key = ("computed_series", indicator_id, as_of)
    if key not in ds.memo:
        ds.memo[key] = _computed_series(ds, indicator_id, as_of)
    return ds.memo[key]


def _computed_series(ds: Dataset, indicator_id: str, as_of: dt.date) -> list[tuple[dt.date, float]]:
    frequency = COMPUTED_INDICATORS[indicator_id]
    breakdown = "month" if frequency == "monthly" else "quarter"
    if indicator_id == "actions_completed_on_time":
        df = ds.run_query("actions_on_time_by_quarter", as_of=as_of)
        column = "completed_on_time_pct"
    else:
        query, params, column = COMPUTED_SOURCES[indicator_id]
        # the three MASH indicators share one unfiltered monthly run
        key = ("computed_frame", query, breakdown, as_of)
        if key not in ds.memo:
            ds.memo[key] = ds.run_query(query, **params(NO_FILTERS, as_of, breakdown))
        df = ds.memo[key]
    series = []
    for category, value in zip(df["category"], df[column]):
        start = dt.date.fromisoformat(category)
        value = clean(value)
        if value is not None and periods.is_complete(start, frequency, as_of):
            series.append((start, float(value)))
    return series


def supplied_series(ds: Dataset, as_of: dt.date) -> dict[str, list[tuple[dt.date, float]]]:
    if not ds.available("indicators"):
        return {}
    out: dict[str, list] = {}
    df = ds.run_query("indicator_values", as_of=as_of)
    for iid, start, value in zip(df["indicator_id"], df["period_start"], df["value"]):
        out.setdefault(iid, []).append((pd.Timestamp(start).date(), float(value)))
    return out


def _none_if_nan(x):
    return clean(x)


def indicator_panels(ds: Dataset, f: Filters, as_of: dt.date | None = None) -> list[dict] | None:
    """Every indicator of the indicator set with its series, SPC, RAG and summary keys."""
    as_of = as_of_of(ds, as_of)
    if not (ds.available("indicator_catalogue") and ds.available("priority_areas")):
        return None
    catalogue = ds.run_query("indicator_set", area=_list(f.area), agency=_list(f.agency))
    supplied = supplied_series(ds, as_of)
    lag = ds.partnership.return_lag_days
    panels = []
    for r in catalogue.to_dict("records"):
        iid = r["indicator_id"]
        computed = r["source"] == "computed"
        series = computed_series(ds, iid, as_of) if computed else supplied.get(iid, [])
        values = [v for _, v in series]
        result = spc_mod.compute_spc(values)
        target = clean(r["target"])
        latest_period, value = (series[-1] if series else (None, None))
        data_missing = False
        if not computed:
            last_due = periods.last_due_period(r["frequency"], as_of, lag)
            expected = clean(r["expected_from"])
            expected = dt.date.fromisoformat(expected) if expected else None
            if latest_period is not None:
                # metrics.md: the latest supplied value is older than the last due period
                data_missing = latest_period < last_due
            else:
                # no value at all: missing once any return has fallen due
                data_missing = expected is not None and last_due >= expected
        rag = rag_mod.indicator_rag(value, target, clean(r["amber_tolerance"]), r["polarity"],
                                    data_missing=data_missing)
        panels.append({
            "indicator_id": iid, "area_id": r["area_id"],
            "latest_period": latest_period.isoformat() if latest_period else None,
            "value": value, "target": target, "rag": rag, "data_missing": bool(data_missing),
            "variation": spc_mod.variation(result, r["polarity"]),
            "assurance": spc_mod.assurance(result, target, r["polarity"]),
            "mean": result.mean if result else None,
            "ucl": result.ucl if result else None,
            "lcl": result.lcl if result else None,
            # for the pages (not in summary):
            "name": r["name"], "unit": r["unit"], "polarity": r["polarity"],
            "frequency": r["frequency"], "source": r["source"], "definition": r["definition"],
            "amber_tolerance": clean(r["amber_tolerance"]),
            "expected_from": clean(r["expected_from"]),
            "series": series, "spc": result,
        })
    return panels


SUMMARY_INDICATOR_KEYS = ["indicator_id", "area_id", "latest_period", "value", "target", "rag",
                          "data_missing", "variation", "assurance", "mean", "ucl", "lcl"]


def area_rows(ds: Dataset, f: Filters, panels: list[dict]) -> list[dict]:
    areas = ds.run_query("priority_areas", area=_list(f.area))
    out = []
    for a in areas.to_dict("records"):
        mine = [p for p in panels if p["area_id"] == a["area_id"]]
        counts = rag_mod.rag_counts(p["rag"] for p in mine)
        out.append({"area_id": a["area_id"], "rag": rag_mod.area_rag(p["rag"] for p in mine),
                    **counts, "worst_indicator_id": rag_mod.worst_indicator(mine)})
    return out


def missing_returns(ds: Dataset, panels: list[dict], as_of: dt.date) -> list[dict]:
    """metrics.md "Data returns": every due period from expected_from with no accepted row."""
    lag = ds.partnership.return_lag_days
    out = []
    for p in panels:
        if p["source"] == "computed" or not p["expected_from"]:
            continue
        have = {start for start, _ in p["series"]}
        expected = dt.date.fromisoformat(p["expected_from"])
        for start in periods.due_periods(expected, p["frequency"], as_of, lag):
            if start not in have:
                out.append({"indicator_id": p["indicator_id"], "source": p["source"],
                            "period_start": start.isoformat()})
    out.sort(key=lambda m: (m["source"], m["indicator_id"], m["period_start"]))
    return out


# ---- summary ----------------------------------------------------------------------
def summary(ds: Dataset, f: Filters, as_of: dt.date | None = None) -> dict:
    as_of = as_of_of(ds, as_of)
    date_from, date_to = f.period(as_of)
    panels = indicator_panels(ds, f, as_of)
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
        "areas": None if panels is None else area_rows(ds, f, panels),
        "missing_returns": None if panels is None else missing_returns(ds, panels, as_of),
        "validation": ds.validation_counts(),
    }


# ---- headline trends (Overview) -----------------------------------------------------
HEADLINES = ("mash.decided_within_1wd_pct", "audits.good_or_better_pct", "actions.overdue",
             "case_reviews.rapid_review_within_15wd_pct", "funding.contributions_total")


def _period_trend(ds, f, as_of, query, params, column, frequency, n=12):
    starts = periods.last_n_complete_periods(n, frequency, as_of)
    if not starts:
        return []
    window = f.with_period(starts[0], periods.period_end(starts[-1], frequency))
    df = ds.run_query(query, **params(window, as_of, "month" if frequency == "monthly" else "quarter"))
    by = {c: clean(v) for c, v in zip(df["category"], df[column])}
    return [(s.isoformat(), by.get(s.isoformat())) for s in starts]


def headline_trends(ds: Dataset, f: Filters, as_of: dt.date | None = None) -> dict[str, list]:
    """product.md: each headline figure for the last 12 complete months (quarters for
    audits and case reviews; overdue actions at each month end; funding: the last five
    financial years), under the current filters except the period."""
    as_of = as_of_of(ds, as_of)
    out: dict[str, list] = {h: [] for h in HEADLINES}
    if ds.available("mash_contacts"):
        out[HEADLINES[0]] = _period_trend(ds, f, as_of, "mash_figures", mash_params,
                                          "decided_within_1wd_pct", "monthly")
    if ds.available("audits"):
        out[HEADLINES[1]] = _period_trend(ds, f, as_of, "audit_figures", audit_params,
                                          "good_or_better_pct", "quarterly")
    if ds.available("actions"):
        trend = []
        for start in periods.last_n_complete_periods(12, "monthly", as_of):
            end = periods.period_end(start, "monthly")
            df = ds.run_query("action_figures", **action_params(f, end))
            trend.append((end.isoformat(), int(df["overdue"].iloc[0]) if not df.empty else 0))
        out[HEADLINES[2]] = trend
    if ds.available("case_reviews"):
        out[HEADLINES[3]] = _period_trend(ds, f, as_of, "case_review_figures", case_review_params,
                                          "rapid_review_within_15wd_pct", "quarterly")
    if ds.available("contributions"):
        df = ds.run_query("contributions_by_year")
        by = {y: clean(v) for y, v in zip(df["financial_year"], df["contributions_total"])}
        year = funding_year(ds, f, as_of)
        if year:
            out[HEADLINES[4]] = [(y, by.get(y)) for y in periods.previous_financial_years(year, 5)]
    return out
