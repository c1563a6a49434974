"""The filter state shared by the address bar, the pages and `summary` (product.md).

Address parameters and `summary` options have the same names; `parse_filters` turns
either into a `Filters` value and refuses codes that are not in their list.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Iterable, Mapping
from urllib.parse import urlencode

from .analysis.periods import is_financial_year
from .data import contract as C

NOT_RECORDED = "none"  # product.md: `none` selects "Not recorded" in any list

# address parameter -> (Filters field, code list or None for free text / dynamic lists)
CODE_PARAMS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "agency": ("agency", C.AGENCIES),
    "area": ("area", None),
    "age-band": ("age_band", C.AGE_BANDS),
    "concern": ("concern", C.CONCERNS),
    "screening-rag": ("screening_rag", C.SCREENING_RAGS),
    "audit-type": ("audit_type", C.AUDIT_TYPES),
    "source-type": ("source_type", C.SOURCE_TYPES),
    "status": ("status", C.ACTION_STATUSES),
}
TEXT_PARAMS = {"locality": "locality", "owner": "owner"}
FLAG_PARAMS = {"public": "public", "present": "present"}
ALL_PARAMS = ("from", "to", *CODE_PARAMS, *TEXT_PARAMS, "year", *FLAG_PARAMS)


class FilterError(ValueError):
    """A filter value that is not allowed; the message says which and why."""


@dataclass(frozen=True)
class Filters:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    agency: tuple[str, ...] | None = None
    area: tuple[str, ...] | None = None
    age_band: tuple[str, ...] | None = None
    concern: tuple[str, ...] | None = None
    screening_rag: tuple[str, ...] | None = None
    locality: tuple[str, ...] | None = None
    audit_type: tuple[str, ...] | None = None
    source_type: tuple[str, ...] | None = None
    owner: tuple[str, ...] | None = None
    status: tuple[str, ...] | None = None
    year: str | None = None
    public: bool = False
    present: bool = False

    def period(self, as_of: dt.date) -> tuple[dt.date | None, dt.date]:
        """metrics.md: absent `from` means no lower bound; absent `to` means as_of."""
        return self.date_from, self.date_to or as_of

    def with_period(self, date_from: dt.date | None, date_to: dt.date | None) -> "Filters":
        return replace(self, date_from=date_from, date_to=date_to)

    def to_params(self) -> dict[str, str]:
        """The address parameters (and summary options) that reproduce this state."""
        out: dict[str, str] = {}
        if self.date_from:
            out["from"] = self.date_from.isoformat()
        if self.date_to:
            out["to"] = self.date_to.isoformat()
        for name, (field, _) in CODE_PARAMS.items():
            if getattr(self, field) is not None:
                out[name] = ",".join(getattr(self, field))
        for name, field in TEXT_PARAMS.items():
            if getattr(self, field) is not None:
                out[name] = ",".join(v.replace(",", "\\,") for v in getattr(self, field))
        if self.year:
            out["year"] = self.year
        for name, field in FLAG_PARAMS.items():
            if getattr(self, field):
                out[name] = "1"
        return out

    def to_query_string(self) -> str:
        params = self.to_params()
        return ("?" + urlencode(params, safe=",/\\")) if params else ""


def split_free_text(value: str) -> tuple[str, ...]:
    """Comma-separated free text where `\\,` is a literal comma."""
    parts = re.split(r"(?<!\\),", value)
    return tuple(p.replace("\\,", ",").strip() for p in parts if p.strip())


def _parse_date(name: str, value: str) -> dt.date:
    value = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise FilterError(f"{name}: {value!r} is not a date in the form YYYY-MM-DD")


def _parse_codes(name: str, value: str, allowed: Iterable[str] | None) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    if not codes:
        raise FilterError(f"{name}: no value given")
    if allowed is not None:
        allowed = set(allowed) | {NOT_RECORDED}
        bad = [c for c in codes if c not in allowed]
        if bad:
            raise FilterError(f"{name}: {', '.join(bad)} is not a known code "
                              f"(allowed: {', '.join(sorted(allowed))})")
    return codes


def _flag(name: str, value: str) -> bool:
    if value.strip() in ("1", ""):
        return value.strip() == "1"
    raise FilterError(f"{name}: use 1 or leave it out, not {value!r}")


def parse_filters(params: Mapping[str, str | None], ds=None) -> Filters:
    """Build Filters from address parameters / summary options (names as product.md).

    `ds` (a Dataset) supplies the area codes; without it any area_id is accepted.
    Unknown parameter names are ignored (an address may carry other state).
    """
    values: dict = {}
    given = {k: v for k, v in params.items() if v is not None and k in ALL_PARAMS}
    if "from" in given:
        values["date_from"] = _parse_date("from", given["from"])
    if "to" in given:
        values["date_to"] = _parse_date("to", given["to"])
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        raise FilterError(f"from {values['date_from']} is after to {values['date_to']}")
    for name, (field, allowed) in CODE_PARAMS.items():
        if name in given:
            if name == "area" and ds is not None and ds.available("priority_areas"):
                allowed = ds.run_query("priority_areas", area=None)["area_id"].tolist()
            values[field] = _parse_codes(name, given[name], allowed)
    for name, field in TEXT_PARAMS.items():
        if name in given:
            values[field] = split_free_text(given[name]) or None
    if "year" in given:
        if not is_financial_year(given["year"].strip()):
            raise FilterError(f"year: {given['year']!r} is not a financial year such as 2023/24")
        values["year"] = given["year"].strip()
    for name, field in FLAG_PARAMS.items():
        if name in given:
            values[field] = _flag(name, given[name])
    return Filters(**values)


FILTER_FIELDS = tuple(f.name for f in fields(Filters))
