"""Small dataset folders for the metrics tests, written from dicts of rows.

    folder = write_dataset(tmp_path, mash_contacts=[contact("c1", "A", "2024-01-08T09:00")])
    s = summary_of(tmp_path, mash_contacts=[...], filters={"from": "2024-01-01"})

Every file is written with all the columns of the contract (datasets.md), in contract
order; a row dict names only the columns it cares about and the rest take the defaults
below (valid values for the required columns), or are left empty. A file given as None
or not given is not written (optional files are then absent); `[]` writes a header only.

`load(...)` refuses (AssertionError) a fixture that the validator would quarantine rows
of, unless strict=False, so that a typo in a fixture cannot silently change a figure.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, Iterable, Mapping

from dashboard.data import Dataset, load_dataset
from dashboard.data import contract as C
from dashboard.filters import parse_filters
from dashboard.metrics import summary

AS_OF = "2024-03-31"

PARTNERSHIP = {
    "name": "Testshire Safeguarding Children Partnership",
    "child_population": 40000,
    "total_population": 160000,
    "as_of": AS_OF,
}

AREAS = [
    {"area_id": "front_door", "name": "Front door", "subgroup": "Performance"},
    {"area_id": "neglect", "name": "Neglect", "subgroup": "Practice"},
]

# Values for the required columns, so that a test row names only what it is about.
DEFAULTS: dict[str, dict[str, Any]] = {
    "priority_areas": {"name": "An area", "subgroup": "A subgroup"},
    "indicator_catalogue": {"name": "An indicator", "unit": "percent",
                            "polarity": "higher_is_better", "frequency": "monthly",
                            "source": "computed", "definition": "numerator / denominator"},
    "indicators": {},
    "mash_contacts": {"referrer_agency": "police", "primary_concern": "neglect",
                      "age_band": "0-4"},
    "audits": {"audit_id": "AUD-1", "audit_type": "multi_agency", "area_id": "neglect",
               "agency": "local_authority", "grade": "good", "child_voice_evident": True,
               "family_involved": False, "practitioner_involved": False},
    "actions": {"source_type": "audit", "recommendation": "Do the thing", "owner": "Local Authority",
                "raised_on": "2023-01-01"},
    "case_reviews": {},
    "contributions": {},
    "budget": {},
    "comparators": {},
    "training": {"course_id": "C1", "course_title": "Neglect basics", "mode": "virtual",
                 "attendee_agency": "health"},
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_csv(path: Path, stem: str, rows: Iterable[Mapping[str, Any]]) -> None:
    columns = [c.name for c in C.BY_STEM[stem].columns]
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(columns)
        for row in rows:
            unknown = set(row) - set(columns)
            assert not unknown, f"{stem}: no such column(s) {sorted(unknown)}"
            full = {**DEFAULTS.get(stem, {}), **row}
            w.writerow([_cell(full.get(c)) for c in columns])


def write_dataset(folder: Path, *, partnership: Mapping[str, Any] | None = None,
                  priority_areas: list[dict] | None = AREAS,
                  indicator_catalogue: list[dict] | None = (),
                  **files: list[dict] | None) -> Path:
    """Write partnership.toml and the CSVs named by keyword (stem=rows) into `folder`.

    `partnership` entries override PARTNERSHIP (a value None drops the key).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    settings = {**PARTNERSHIP, **(partnership or {})}
    (folder / "partnership.toml").write_text(
        "".join(f"{k} = {_toml_value(v)}\n" for k, v in settings.items() if v is not None),
        encoding="utf-8")
    all_files = {"priority_areas": priority_areas, "indicator_catalogue": indicator_catalogue,
                 **files}
    for stem, rows in all_files.items():
        assert stem in C.BY_STEM, f"no dataset file {stem}"
        if rows is None:
            continue
        write_csv(folder / f"{stem}.csv", stem, list(rows))
    return folder


def load(folder: Path, *, as_of: str | dt.date | None = None, strict: bool = True,
         **kwargs) -> Dataset:
    """write_dataset(folder, **kwargs) and load it; strict: no error findings at all,
    except a required file left out on purpose (priority_areas / indicator_catalogue None)."""
    write_dataset(folder, **kwargs)
    if isinstance(as_of, str):
        as_of = dt.date.fromisoformat(as_of)
    ds = load_dataset(folder, as_of=as_of)
    if strict:
        errors = ds.report[(ds.report["severity"] == "error")
                           & (ds.report["rule"] != "required_file")]
        assert errors.empty, "fixture has errors:\n" + errors.to_string()
    return ds


def summarise(ds: Dataset, filters: Mapping[str, str] | None = None) -> dict:
    """The `summary` dict of a loaded dataset under address-style filters."""
    return summary(ds, parse_filters(dict(filters or {}), ds))


def summary_of(folder: Path, *, filters: Mapping[str, str] | None = None,
               as_of: str | dt.date | None = None, strict: bool = True, **kwargs) -> dict:
    """The `summary` dict of a fixture folder written from kwargs, under filters."""
    return summarise(load(folder, as_of=as_of, strict=strict, **kwargs), filters)


# ---- row builders ----------------------------------------------------------------------
def contact(contact_id: str, child_ref: str, received_at: str, decision: str | None = None,
            decided_at: str | None = None, **other) -> dict:
    return {"contact_id": contact_id, "child_ref": child_ref, "received_at": received_at,
            "decision": decision, "decided_at": decided_at, **other}


def audit(case_ref: str, agency: str, audited_on: str, grade: str, **other) -> dict:
    return {"case_ref": case_ref, "agency": agency, "audited_on": audited_on, "grade": grade,
            **other}


def action(action_id: str, due_on: str, status: str = "not_started",
           completed_on: str | None = None, **other) -> dict:
    return {"action_id": action_id, "due_on": due_on, "status": status,
            "completed_on": completed_on, **other}


def review(review_id: str, aware_on: str, panel_notified_on: str | None = None,
           rapid_review_on: str | None = None, outcome: str | None = None, **other) -> dict:
    return {"review_id": review_id, "aware_on": aware_on, "panel_notified_on": panel_notified_on,
            "rapid_review_on": rapid_review_on, "outcome": outcome, **other}


def booking(booking_id: str, delivered_on: str, attended: bool = True, **other) -> dict:
    return {"booking_id": booking_id, "delivered_on": delivered_on, "attended": attended, **other}


def catalogue_row(indicator_id: str, area_id: str = "front_door", **other) -> dict:
    return {"indicator_id": indicator_id, "area_id": area_id, **other}


def monthly_rows(indicator_id: str, first: str, values) -> list[dict]:
    """One indicators.csv row per month from `first` (YYYY-MM-01)."""
    y, m = int(first[:4]), int(first[5:7])
    rows = []
    for v in values:
        rows.append({"indicator_id": indicator_id, "period_start": f"{y:04d}-{m:02d}-01",
                     "value": v})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return rows
