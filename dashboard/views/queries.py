"""The lists and tables these pages show, as small functions of (dataset, filters).

Every query runs through Dataset.run, which binds the filters as parameters; filter
values never enter SQL text.
"""
from __future__ import annotations

import pandas as pd


def priority_areas(ds) -> list[dict]:
    """Accepted priority areas in file order ([] when the file is unavailable)."""
    if not ds.available("priority_areas"):
        return []
    return ds.run("priority_areas").to_dict("records")


def filter_choices(ds) -> dict[str, list[tuple[str, str]]]:
    """The filter bar's options that come from the data: areas, funding years, rounds
    (they depend on the data only: worked out once per dataset)."""
    return ds.memo.remember("filter_choices", lambda: _filter_choices(ds))


def _filter_choices(ds) -> dict[str, list[tuple[str, str]]]:
    years = (ds.run("funding_years")["financial_year"].tolist()
             if ds.available("contributions") or ds.available("budget") else [])
    rounds = (ds.run("self_assessment_rounds")["round"].tolist()
              if ds.available("self_assessments") else [])
    # what a blank year or round control means (the defaults of metrics.md), in words
    defaults = {f: ds.default_year(f, ds.as_of) for f in ("year", "round")}
    return {"area": [(a["area_id"], a["name"]) for a in priority_areas(ds)],
            "year": years, "round": rounds, "defaults": defaults}


def open_actions(ds, filters) -> pd.DataFrame:
    return ds.run("actions_open", filters)


def audit_exercises(ds, filters) -> pd.DataFrame:
    return ds.run("audit_exercises", filters)


def training_courses(ds, filters) -> pd.DataFrame:
    return ds.run("training_courses", filters)


def actions_by_indicator(ds) -> dict[str, list[dict]]:
    """The actions linked to each indicator (actions.indicator_id), as at as_of."""
    if not ds.available("actions"):
        return {}
    out: dict[str, list[dict]] = {}
    for row in ds.run("actions_by_indicator").to_dict("records"):
        out.setdefault(row["indicator_id"], []).append(row)
    return out


def rejected_rows(ds, stem: str) -> tuple[int, str]:
    """(rows of the stem's file quarantined by validation, the file's name): a panel
    drawn from the rest of the file says that some rows are left out."""
    source = getattr(ds, "sources", {}).get(stem)
    report = getattr(ds, "report", None)
    if source is None or report is None or not len(report):
        return 0, ""
    name = source.name
    rows = report[(report["severity"] == "error") & (report["file"] == name)]
    return int(rows["row"].dropna().nunique()), name
