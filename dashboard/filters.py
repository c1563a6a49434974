"""The filter state shared by the address bar, the pages and `summary` (product.md).

`PARAMS` is the one table of filter parameters: each has its address name (also the
`summary` option, with `--`), its `Filters` field (also the name of the `$param` it fills
in queries/*.sql), how it is parsed, and a line of help. `parse_filters` turns address
parameters or options into a `Filters` value and refuses codes that are not in their
list; `sql_value` gives the value a query's `$param` takes (the one binder, used by
`Dataset.run`); `narrowing_fields` says which filters a set of queries honours.
"""
from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, make_dataclass, replace

from .address import build_search, split_free_text
from .analysis.periods import add_months, is_financial_year
from .analysis.values import parse_iso_date
from .data import contract as C

NOT_RECORDED = "none"  # product.md: `none` selects "Not recorded" in any list
FROM_ALL = "all"       # metrics.md: from=all means no lower bound

# parameter kinds
FROM, DATE, CODES, TEXT, FINANCIAL_YEAR, FLAG = "from", "date", "codes", "text", "fy", "flag"


@dataclass(frozen=True)
class Param:
    name: str                       # address parameter and summary option (without --)
    field: str                      # Filters field, and the $param it fills in SQL
    kind: str
    help: str
    codes: tuple[str, ...] | None = None   # CODES: the allowed list (None: the data's)
    label: str = ""                 # how notes name the filter ("agency filter")
    title: str = ""                 # the filter bar's label for its control ("Agency")


PARAMS: tuple[Param, ...] = (
    Param("from", "date_from", FROM, "period start, YYYY-MM-DD, or 'all' for no lower "
          "bound (default: the rolling year ending on `to`)", label="period", title="From"),
    Param("to", "date_to", DATE, "period end, YYYY-MM-DD (default: as_of)", label="period",
          title="To"),
    Param("agency", "agency", CODES, "agency codes, comma-separated", C.AGENCIES,
          label="agency filter", title="Agency"),
    Param("area", "area", CODES, "priority area_ids, comma-separated (from "
          "priority_areas.csv)", None, label="priority-area filter", title="Priority area"),
    Param("age-band", "age_band", CODES, "age bands, comma-separated", C.AGE_BANDS,
          label="age-band filter", title="Age band"),
    Param("concern", "concern", CODES, "primary concerns, comma-separated", C.CONCERNS,
          label="concern filter", title="Concern"),
    Param("screening-rag", "screening_rag", CODES, "screening RAG codes, comma-separated",
          C.SCREENING_RAGS, label="screening-RAG filter", title="Screening RAG"),
    Param("locality", "locality", TEXT, "localities (free text, comma-separated; \\, is a "
          "literal comma)", label="locality filter", title="Locality"),
    Param("audit-type", "audit_type", CODES, "audit types, comma-separated", C.AUDIT_TYPES,
          label="audit-type filter", title="Audit type"),
    Param("source-type", "source_type", CODES, "action source types, comma-separated",
          C.SOURCE_TYPES, label="source-type filter", title="Action source"),
    Param("owner", "owner", TEXT, "action owners (free text, comma-separated)",
          label="owner filter", title="Action owner"),
    Param("status", "status", CODES, "action statuses at as_of, comma-separated",
          C.ACTION_STATUSES, label="status filter", title="Action status"),
    Param("year", "year", FINANCIAL_YEAR, "funding financial year, YYYY/YY (default: the "
          "latest that has started by as_of)", label="funding year", title="Funding year"),
    Param("round", "round", FINANCIAL_YEAR, "self-assessment round, YYYY/YY (default: the "
          "latest round due by as_of)", label="self-assessment round",
          title="Self-assessment round"),
    Param("public", "public", FLAG, "1: public mode (small numbers suppressed)",
          title="Public mode"),
    Param("present", "present", FLAG, "1: meeting mode (large type, no filter chrome)",
          title="Meeting mode"),
)
BY_NAME = {p.name: p for p in PARAMS}
BY_FIELD = {p.field: p for p in PARAMS}
# The Filters fields that fill a query's $param of the same name.
SQL_FIELDS = frozenset(p.field for p in PARAMS if p.kind != FLAG)


def param_help(p: Param) -> str:
    """A parameter's help as `summary --help` gives it: what it takes, the codes allowed
    (from the contract's lists) and its default."""
    text = p.help
    if p.kind == CODES and p.codes:
        text += f", from: {', '.join(p.codes)}, or {NOT_RECORDED} for 'Not recorded'"
    if "default" not in text:
        text += " (default: all, not narrowed)"
    return text


class FilterError(ValueError):
    """A filter value that is not allowed; the message says which and why."""


def rolling_year_start(date_to: dt.date) -> dt.date:
    """metrics.md "Time": (to + 1 day) − 12 calendar months, the day clamped to the
    month's length (to 2024-02-28 gives 2023-02-28; 2024-02-29 gives 2023-03-01)."""
    return add_months(date_to + dt.timedelta(days=1), -12)


# The type each kind of parameter has in Filters (None / False: not set).
FIELD_TYPES = {FROM: dt.date | None, DATE: dt.date | None, CODES: tuple[str, ...] | None,
               TEXT: tuple[str, ...] | None, FINANCIAL_YEAR: str | None, FLAG: bool}


class _FilterMethods:
    def period(self, as_of: dt.date) -> tuple[dt.date | None, dt.date]:
        """metrics.md: absent `to` is as_of; absent `from` the rolling year ending on
        `to`; from=all no lower bound (None)."""
        date_to = self.date_to or as_of
        if self.from_all:
            return None, date_to
        return self.date_from or rolling_year_start(date_to), date_to

    def narrowed(self, **changes) -> "Filters":
        return replace(self, **changes)

    def to_params(self) -> dict[str, str]:
        """The address parameters (and summary options) that reproduce this state."""
        out: dict[str, str] = {}
        for p in PARAMS:
            value = getattr(self, p.field)
            if p.kind == FROM and self.from_all:
                out[p.name] = FROM_ALL
            elif p.kind in (FROM, DATE) and value:
                out[p.name] = value.isoformat()
            elif p.kind == CODES and value is not None:
                out[p.name] = ",".join(value)
            elif p.kind == TEXT and value is not None:
                out[p.name] = ",".join(v.replace(",", "\\,") for v in value)
            elif p.kind == FINANCIAL_YEAR and value:
                out[p.name] = value
            elif p.kind == FLAG and value:
                out[p.name] = "1"
        return out

    def to_query_string(self) -> str:
        return build_search(self.to_params())


# The filter state: one field per row of PARAMS (so adding a filter is one row there),
# plus from_all for from=all. Frozen, so a Filters value can key a cache.
Filters = make_dataclass(
    "Filters",
    [(p.field, FIELD_TYPES[p.kind], field(default=False if p.kind == FLAG else None))
     for p in PARAMS] + [("from_all", bool, field(default=False))],
    bases=(_FilterMethods,), frozen=True,
)
Filters.__module__ = __name__


NO_FILTERS = Filters()
ALL_DATES = Filters(from_all=True)   # every accepted row, whatever the period


# ---- parsing ---------------------------------------------------------------------------
def _parse_date(name: str, value: str) -> dt.date:
    try:
        return parse_iso_date(value)
    except ValueError:
        raise FilterError(f"{name}: {value!r} is not a date in the form YYYY-MM-DD") from None


def _parse_codes(name: str, value: str, allowed: Iterable[str] | None) -> tuple[str, ...]:
    codes = tuple(dict.fromkeys(v.strip().lower() for v in value.split(",") if v.strip()))
    if not codes:
        raise FilterError(f"{name}: no value given")
    if allowed is not None:
        allowed = list(dict.fromkeys([*allowed, NOT_RECORDED]))
        bad = [c for c in codes if c not in allowed]
        if bad:
            raise FilterError(f"{name}: {', '.join(bad)} {'is' if len(bad) == 1 else 'are'} "
                              f"not in its list (allowed: {', '.join(allowed)})")
    return codes


def _flag(name: str, value: str) -> bool:
    if value.strip() in ("1", ""):
        return value.strip() == "1"
    raise FilterError(f"{name}: use 1 or leave it out, not {value!r}")


def _financial_year(name: str, value: str) -> str:
    value = value.strip()
    if not is_financial_year(value):
        raise FilterError(f"{name}: {value!r} is not a financial year such as 2023/24")
    return value


def parse_filters(params: Mapping[str, str | None], ds=None) -> Filters:
    """Build Filters from address parameters / summary options (names as product.md).

    `ds` (a Dataset) supplies the area codes; without it any area_id is accepted.
    Unknown parameter names are ignored (an address may carry other state).
    """
    values: dict = {}
    given = {k: v for k, v in params.items() if v is not None and k in BY_NAME}
    for name, raw in given.items():
        p = BY_NAME[name]
        if p.kind == FROM:
            if raw.strip().lower() == FROM_ALL:
                values["from_all"] = True
            else:
                values["date_from"] = _parse_date(name, raw)
        elif p.kind == DATE:
            values[p.field] = _parse_date(name, raw)
        elif p.kind == CODES:
            allowed = p.codes
            if name == "area" and ds is not None and ds.available("priority_areas"):
                allowed = ds.rows("priority_areas").column("area_id")
            values[p.field] = _parse_codes(name, raw, allowed)
        elif p.kind == TEXT:
            values[p.field] = split_free_text(raw) or None
        elif p.kind == FINANCIAL_YEAR:
            values[p.field] = _financial_year(name, raw)
        elif p.kind == FLAG:
            values[p.field] = _flag(name, raw)
    if values.get("date_from") and values.get("date_to") and values["date_from"] > values["date_to"]:
        raise FilterError(f"from {values['date_from']} is after to {values['date_to']}")
    if _forced_public():   # a public_only user: ?public=0 or no flag still means public
        values["public"] = True
    return Filters(**values)


def _forced_public() -> bool:
    """auth.forced_public, asked only where a request can be served: a process that has
    not imported flask (the command line) has no signed-in user, and importing login
    (flask, flask-login) would add a quarter of `summary`'s own time (issue 11)."""
    if "flask" not in sys.modules:
        return False
    from .auth import forced_public

    return forced_public()


# ---- the binder ------------------------------------------------------------------------
def _lower(values: tuple[str, ...] | None) -> list[str] | None:
    """Free text is matched trimmed and case-insensitively (README "Free-text filters")."""
    if values is None:
        return None
    return [v.strip().lower() for v in values]


def sql_value(ds, filters: Filters, field: str, as_of: dt.date):
    """The value of the `$field` parameter of a query under `filters`: the period after
    its default, the funding year and the round after theirs, lists as lists, free
    text lower-cased. The one place a filter becomes a SQL parameter."""
    p = BY_FIELD[field]
    if p.kind in (FROM, DATE):
        date_from, date_to = filters.period(as_of)
        return date_from if p.kind == FROM else date_to
    value = getattr(filters, field)
    if p.kind == CODES:
        return None if value is None else list(value)
    if p.kind == TEXT:
        return _lower(value)
    if p.kind == FINANCIAL_YEAR:
        return value or ds.default_year(field, as_of)
    raise KeyError(field)


def narrowing_fields(query_names: Iterable[str]) -> set[str]:
    """The Filters fields that narrow the results of these queries: those whose $param
    any of them takes ("which filters narrow a figure follows from its queries")."""
    from .data.dataset import query_params

    out: set[str] = set()
    for name in query_names:
        out |= query_params(name) & SQL_FIELDS
    return out


def period_chosen(filters: Filters) -> bool:
    """Whether the address sets the period (`from`, `to` or from=all) rather than leaving
    it at its default: a page the period does not narrow says so only then (the default
    rolling year is always in force, so naming it everywhere would be noise)."""
    return filters.date_from is not None or filters.date_to is not None or filters.from_all


def not_narrowing(filters: Filters, query_names: Iterable[str]) -> list[str]:
    """The labels of the filters that are set but do not narrow these queries, in
    PARAMS order (the "does not narrow" notes come from here)."""
    narrowing = narrowing_fields(query_names)
    labels: list[str] = []
    for p in PARAMS:
        if p.kind == FLAG or p.field in narrowing or not p.label or p.label in labels:
            continue
        # the period is always in force (its default is the rolling year)
        if p.kind in (FROM, DATE):
            if not {"date_from", "date_to"} & narrowing:
                labels.append(p.label)
        elif getattr(filters, p.field) is not None:
            labels.append(p.label)
    return labels
