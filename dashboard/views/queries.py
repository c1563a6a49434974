"""The queries these pages run, as small functions of (dataset, filters).

Filter values are bound as parameters by Dataset.run_query; they never enter SQL text.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd


def _list(value) -> list[str] | None:
    """A filter's set of codes as a SQL list parameter (None = not filtered)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    items = list(value)
    return items or None


def period_bounds(ds, filters) -> tuple[dt.date | None, dt.date]:
    """metrics.md: absent from = no lower bound; absent to = as_of."""
    return filters.period(ds.as_of)


def priority_areas(ds) -> list[dict]:
    """Accepted priority areas in file order ([] when the file is unavailable)."""
    if not ds.available("priority_areas"):
        return []
    return ds.run_query("priority_areas", area=None).to_dict("records")


def indicator_labels(ds) -> dict[str, dict]:
    if not ds.available("indicator_catalogue"):
        return {}
    frame = ds.run_query("indicator_labels")
    return {row["indicator_id"]: row for row in frame.to_dict("records")}


def open_actions(ds, filters, area_id: str) -> pd.DataFrame:
    owners = _list(getattr(filters, "owner", None))
    return ds.run_query(
        "actions_open_for_area", area_id=area_id, as_of=ds.as_of,
        owner=[o.strip().lower() for o in owners] if owners else None,
        source_type=_list(getattr(filters, "source_type", None)),
        status=_list(getattr(filters, "status", None)),
    )


def audit_exercises(ds, filters, area_id: str) -> pd.DataFrame:
    date_from, date_to = period_bounds(ds, filters)
    return ds.run_query(
        "audit_exercises_for_area", area_id=area_id, as_of=ds.as_of,
        date_from=date_from, date_to=date_to,
        agency=_list(getattr(filters, "agency", None)),
        audit_type=_list(getattr(filters, "audit_type", None)),
    )


def training_courses(ds, filters, area_id: str) -> pd.DataFrame:
    date_from, date_to = period_bounds(ds, filters)
    return ds.run_query(
        "training_courses_for_area", area_id=area_id, as_of=ds.as_of,
        date_from=date_from, date_to=date_to,
        agency=_list(getattr(filters, "agency", None)),
    )


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
