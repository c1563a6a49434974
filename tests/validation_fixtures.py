"""A minimal valid dataset folder, written to a temporary directory, for validation tests.

`make_folder(tmp_path)` writes partnership.toml, priority_areas.csv,
indicator_catalogue.csv and one valid row for every other file of datasets.md, so a
test can break exactly one thing.  `row(stem, n, **changes)` returns the valid row of
`stem` made distinct (its unique key changed) for n > 1, with `changes` applied:

    folder = make_folder(tmp_path, rows={"mash_contacts": [row("mash_contacts"),
                                                           row("mash_contacts", 2, decision="x")]})
    ds = load_dataset(folder)

Helpers at the bottom read findings and clean rows back from a Dataset.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd

from dashboard.data import contract as C

PARTNERSHIP_TOML = """\
name = "Testshire Safeguarding Children Partnership"
child_population = 40000
total_population = 160000
as_of = "2024-03-31"
"""

# priority_areas.csv and indicator_catalogue.csv have a few rows so that every
# unit and frequency can be referenced; every other file has one valid row.
PRIORITY_AREAS = [
    {"area_id": "front_door", "name": "Front door", "subgroup": "Performance",
     "description": "Contacts and decisions"},
    {"area_id": "neglect", "name": "Neglect", "subgroup": "Practice", "description": ""},
]

CATALOGUE = [
    # supplied, monthly percent
    {"indicator_id": "ehcp_timeliness", "name": "EHCP timeliness", "area_id": "neglect",
     "unit": "percent", "polarity": "higher_is_better", "target": "80", "amber_tolerance": "5",
     "frequency": "monthly", "source": "education", "definition": "EHCPs in 20 weeks / all",
     "expected_from": "2023-04-01"},
    # supplied, quarterly count
    {"indicator_id": "missing_episodes", "name": "Missing episodes", "area_id": "front_door",
     "unit": "count", "polarity": "lower_is_better", "target": "", "amber_tolerance": "",
     "frequency": "quarterly", "source": "police", "definition": "Episodes reported",
     "expected_from": "2023-04-01"},
    # supplied, monthly rate per 10,000
    {"indicator_id": "cp_rate", "name": "Child protection rate", "area_id": "neglect",
     "unit": "rate_per_10k", "polarity": "lower_is_better", "target": "40",
     "amber_tolerance": "2", "frequency": "monthly", "source": "local_authority",
     "definition": "Children on a plan per 10,000", "expected_from": "2023-04-01"},
    # supplied, monthly days
    {"indicator_id": "ic_days", "name": "Days to initial conference", "area_id": "neglect",
     "unit": "days", "polarity": "lower_is_better", "target": "15", "amber_tolerance": "",
     "frequency": "monthly", "source": "local_authority", "definition": "Mean working days",
     "expected_from": "2023-04-01"},
    # computed by the dashboard (metrics.md)
    {"indicator_id": "mash_decision_within_1wd", "name": "MASH decisions in 1 working day",
     "area_id": "front_door", "unit": "percent", "polarity": "higher_is_better",
     "target": "90", "amber_tolerance": "5", "frequency": "monthly", "source": "computed",
     "definition": "Decisions within one working day / decisions", "expected_from": ""},
]

BASE_ROWS: dict[str, dict[str, str]] = {
    "priority_areas": PRIORITY_AREAS[0],
    "indicator_catalogue": CATALOGUE[0],
    "indicators": {"indicator_id": "ehcp_timeliness", "period_start": "2023-04-01",
                   "value": "75", "numerator": "15", "denominator": "20"},
    "mash_contacts": {"contact_id": "C1", "child_ref": "CH1", "received_at": "2024-01-08T09:30",
                      "referrer_agency": "police", "primary_concern": "neglect",
                      "age_band": "5-9", "screening_rag": "amber",
                      "decision": "early_help", "decided_at": "2024-01-08T15:00",
                      "escalated": "false", "locality": "North"},
    "audits": {"audit_id": "MAA-2023-07", "audit_type": "multi_agency", "area_id": "neglect",
               "theme": "Neglect", "case_ref": "CASE1", "agency": "health",
               "audited_on": "2023-07-12", "grade": "good", "child_voice_evident": "true",
               "family_involved": "false", "practitioner_involved": "true", "reaudit_of": ""},
    "actions": {"action_id": "A1", "source_type": "audit", "source_ref": "MAA-2023-07",
                "recommendation": "Improve recording", "owner": "Health",
                "area_id": "neglect", "subgroup": "Practice", "raised_on": "2023-08-01",
                "due_on": "2023-12-31", "status": "completed", "completed_on": "2023-11-30",
                "evidence": "Dip sample", "indicator_id": "ehcp_timeliness"},
    "case_reviews": {"review_id": "R1", "aware_on": "2023-05-02",
                     "panel_notified_on": "2023-05-04", "rapid_review_on": "2023-05-20",
                     "outcome": "lcspr", "lcspr_decided_on": "2023-05-25",
                     "lcspr_completed_on": "2023-11-30", "lcspr_published_on": "2024-01-15",
                     "recommendations": "6"},
    "contributions": {"financial_year": "2023/24", "agency": "Testshire County Council",
                      "partner_group": "local_authority", "amount_gbp": "120000.50"},
    "budget": {"financial_year": "2023/24", "kind": "expenditure", "line": "staffing",
               "planned_gbp": "150000", "actual_gbp": "148500.25"},
    "comparators": {"partnership": "Northbrook", "year": "2016/17", "unitary": "true",
                    "total_population": "150000", "budget_gbp": "250000",
                    "local_authority_gbp": "120000", "health_gbp": "60000",
                    "police_gbp": "40000", "other_gbp": "5000",
                    "training_income_gbp": "20000", "other_income_gbp": "5000"},
    "training": {"booking_id": "B1", "course_id": "K1", "course_title": "Neglect toolkit",
                 "delivered_on": "2023-10-05", "mode": "virtual", "area_id": "neglect",
                 "attendee_agency": "education", "attended": "yes", "rating": "4",
                 "confidence_before": "2", "confidence_after": "4", "impact_followup": "3",
                 "fee_gbp": "25.00"},
    "self_assessments": {"round": "2023/24", "framework": "section_11",
                         "organisation": "Eastmoor Community Health Trust", "agency": "health",
                         "standard": "1", "due_on": "2023-06-30", "submitted_on": "2023-06-20",
                         "self_rating": "met", "validated_rating": "partially_met",
                         "validated_on": "2023-09-14", "action_id": "A1"},
    "voice": {"voice_id": "V1", "heard_on": "2023-09-01", "source": "children",
              "channel": "survey", "area_id": "neglect", "theme": "Being listened to",
              "you_said": "Workers change too often", "we_did": "Named worker pilot",
              "responded_on": "2023-10-02", "fed_back_on": "2023-11-01"},
    "commentary": {"comment_id": "CM1", "area_id": "neglect", "indicator_id": "ehcp_timeliness",
                   "period_start": "2024-02-01", "written_on": "2024-03-10",
                   "author": "Chair, neglect subgroup", "comment": "Timeliness is recovering.",
                   "next_steps": "Review in June"},
    "indicator_benchmarks": {"indicator_id": "ehcp_timeliness", "period_start": "2023-04-01",
                             "comparator": "england", "value": "50.2",
                             "source": "DfE SEN2 2023"},
    "indicator_breaks": {"indicator_id": "ehcp_timeliness", "period_start": "2023-10-01",
                         "reason": "New recording system"},
}

STEMS = tuple(f.stem for f in C.FILES)
OPTIONAL_STEMS = tuple(f.stem for f in C.FILES if not f.required_file)


def _month_plus(iso: str, months: int) -> str:
    d = dt.date.fromisoformat(iso)
    m = d.month - 1 + months
    return dt.date(d.year + m // 12, m % 12 + 1, 1).isoformat()


def _year_minus(fy: str, years: int) -> str:
    start = int(fy[:4]) - years
    return f"{start}/{(start + 1) % 100:02d}"


def row(stem: str, n: int = 1, **changes: str) -> dict[str, str]:
    """The valid row of `stem`, with its unique key made distinct for n > 1."""
    r = dict(BASE_ROWS[stem])
    if n > 1:
        if stem == "priority_areas":
            r["area_id"] = f"area_{n}"
        elif stem == "indicator_catalogue":
            r["indicator_id"] = f"indicator_{n}"
        elif stem == "indicators":
            r["period_start"] = _month_plus(r["period_start"], n - 1)
        elif stem == "mash_contacts":
            r["contact_id"] = f"C{n}"
        elif stem == "audits":
            r["case_ref"] = f"CASE{n}"
        elif stem == "actions":
            r["action_id"] = f"A{n}"
        elif stem == "case_reviews":
            r["review_id"] = f"R{n}"
        elif stem == "contributions":
            r["agency"] = f"Agency {n}"
        elif stem == "budget":
            r["financial_year"] = _year_minus(r["financial_year"], n - 1)
        elif stem == "comparators":
            r["partnership"] = f"Partnership {n}"
        elif stem == "training":
            r["booking_id"] = f"B{n}"
        elif stem == "self_assessments":
            r["standard"] = str(n)
        elif stem == "voice":
            r["voice_id"] = f"V{n}"
        elif stem == "commentary":
            r["comment_id"] = f"CM{n}"
        elif stem in ("indicator_benchmarks", "indicator_breaks"):
            r["period_start"] = _month_plus(r["period_start"], n - 1)
    r.update(changes)
    return r


def rows(stem: str, *variants: dict[str, str]) -> list[dict[str, str]]:
    """Row 1 is the valid row; row k+1 is the valid row k+1 with variants[k-1] applied."""
    return [row(stem)] + [row(stem, i + 2, **v) for i, v in enumerate(variants)]


def columns_of(stem: str) -> list[str]:
    return [c.name for c in C.BY_STEM[stem].columns]


def write_csv(path: Path, data: list[dict[str, str]], header: list[str] | None = None) -> Path:
    header = header or (list(data[0]) if data else [])
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        w.writeheader()
        for r in data:
            w.writerow({k: r.get(k, "") for k in header})
    return path


def make_folder(
    tmp_path: Path,
    rows: dict[str, list[dict[str, str]]] | None = None,
    omit: tuple[str, ...] | list[str] = (),
    toml: str | None = PARTNERSHIP_TOML,
    name: str = "data",
) -> Path:
    """Write the minimal valid folder; `rows` replaces a file's rows, `omit` leaves files out.

    priority_areas and indicator_catalogue default to their full lists above; the
    others to their one valid row.  `toml=None` leaves partnership.toml out.
    """
    rows = rows or {}
    folder = tmp_path / name
    folder.mkdir(parents=True, exist_ok=True)
    if toml is not None:
        (folder / "partnership.toml").write_text(toml, encoding="utf-8")
    defaults = {"priority_areas": PRIORITY_AREAS, "indicator_catalogue": CATALOGUE}
    for stem in STEMS:
        if stem in omit:
            continue
        data = rows.get(stem, defaults.get(stem, [BASE_ROWS.get(stem)]))
        header = columns_of(stem)
        if data:
            header += [k for k in data[0] if k not in header]
        write_csv(folder / f"{stem}.csv", data, header)
    return folder


# ---- reading results back ------------------------------------------------------------
def findings(ds, **where) -> list[dict]:
    """Report rows (as dicts, row as int or None) matching every `where` equality."""
    out = []
    for rec in ds.report.to_dict("records"):
        rec = {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v)
               for k, v in rec.items()}
        if rec["row"] is not None:
            rec["row"] = int(rec["row"])
        if all(rec.get(k) == v for k, v in where.items()):
            out.append(rec)
    return out


def only(ds, **where) -> dict:
    """The one report row matching `where` (fails, showing the report, otherwise)."""
    found = findings(ds, **where)
    assert len(found) == 1, f"expected one finding {where}, got {found}\nreport:\n{ds.report.to_string()}"
    return found[0]


def errors(ds) -> list[dict]:
    return findings(ds, severity="error")


def clean_rows(ds, stem: str) -> list[int]:
    """The _row numbers of `stem`'s clean (not quarantined) rows."""
    return [int(r) for r, in ds.con.execute(f"SELECT _row FROM {stem} ORDER BY _row").fetchall()]


def clean_table(ds, stem: str) -> pd.DataFrame:
    return ds.con.execute(f"SELECT * FROM {stem} ORDER BY _row").df()
