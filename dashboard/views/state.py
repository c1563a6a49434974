"""The view state that lives in the address beside the filters: which rows a record
table shows (`rows`), how it is sorted (`sort`, `dir`) and which page of it (`page`);
on the data-quality page, which findings of the validation report are listed (`file`,
`severity`) and whether the returns grid shows every due period (`periods=all`); and
what a log is searched for (`q`, free text) and narrowed to (`source`, `channel`: voice
codes, /voice's log only).

`rows` picks one of a page's named record views, `sort` is checked against the table's
own columns before it reaches Dataset.run_table, and `file` and `severity` select rows of
the validation report in Python. `q`, `source` and `channel` are values a page passes by
name to its query (`$search`, `$source`, `$channel`): bound as SQL parameters, never put
into SQL text.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from dashboard.address import merge_search, split_list

VIEW_PARAMS = ("rows", "sort", "dir", "page", "file", "severity", "periods", "q", "source",
               "channel")
SEVERITIES = ("error", "warning", "notice")
ALL_PERIODS = "all"
PAGE_SIZE = 25
ASC, DESC = "asc", "desc"
MAX_SEARCH = 200          # characters of `q` kept (a search, not a document)


class StateError(ValueError):
    """A view parameter that is not allowed; the message says which and why."""


@dataclass(frozen=True)
class ViewState:
    rows: str | None = None
    sort: str | None = None
    descending: bool = False
    page: int = 1
    file: str | None = None          # validation report: one file's findings
    severity: str | None = None      # validation report: one severity's findings
    all_periods: bool = False        # returns grid: every due period, not the latest
    q: str | None = None                       # free-text search of a log
    source: tuple[str, ...] | None = None      # voice sources (codes)
    channel: tuple[str, ...] | None = None     # voice channels (codes)

    # page 0 means every row (a download of a record table takes all its rows)
    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE if self.page > 0 else 0

    @property
    def limit(self) -> int | None:
        return PAGE_SIZE if self.page > 0 else None

    def every_row(self) -> "ViewState":
        return replace(self, page=0)


def parse_state(params: Mapping[str, str]) -> ViewState:
    """The view state of an address ('?rows=overdue&sort=due_on&dir=desc&page=2')."""
    direction = (params.get("dir") or ASC).strip().lower()
    if direction not in (ASC, DESC):
        raise StateError(f"dir: use asc or desc, not {params.get('dir')!r}")
    page_text = (params.get("page") or "1").strip()
    if not page_text.isdigit() or int(page_text) < 1:
        raise StateError(f"page: {params.get('page')!r} is not a page number (1, 2, …)")
    severity = (params.get("severity") or "").strip().lower() or None
    if severity is not None and severity not in SEVERITIES:
        raise StateError(f"severity: use {', '.join(SEVERITIES)}, not "
                         f"{params.get('severity')!r}")
    periods = (params.get("periods") or "").strip().lower() or None
    if periods not in (None, ALL_PERIODS):
        raise StateError(f"periods: use all or leave it out, not {params.get('periods')!r}")
    q = " ".join((params.get("q") or "").split())[:MAX_SEARCH] or None
    return ViewState(rows=(params.get("rows") or "").strip() or None,
                     sort=(params.get("sort") or "").strip() or None,
                     descending=direction == DESC, page=int(page_text),
                     file=(params.get("file") or "").strip() or None, severity=severity,
                     all_periods=periods == ALL_PERIODS, q=q,
                     source=_codes(params, "source"), channel=_codes(params, "channel"))


def _codes(params: Mapping[str, str], name: str) -> tuple[str, ...] | None:
    """A list of voice codes from the address, each checked against its list."""
    from dashboard.data.contract import VOICE_CHANNELS, VOICE_SOURCES

    allowed = {"source": VOICE_SOURCES, "channel": VOICE_CHANNELS}[name]
    codes = tuple(dict.fromkeys(c.strip().lower() for c in split_list(params.get(name))
                                if c.strip()))
    bad = [c for c in codes if c not in allowed]
    if bad:
        raise StateError(f"{name}: {', '.join(bad)} {'is' if len(bad) == 1 else 'are'} not "
                         f"in its list (allowed: {', '.join(allowed)})")
    return codes or None


def sorted_search(search: str | None, column: str, state: ViewState) -> str:
    """The address after a click on a column's sort button: a new column sorts
    ascending, the same column flips; paging starts again at page 1."""
    descending = state.sort == column and not state.descending
    return merge_search(search, {"sort": column, "dir": DESC if descending else None,
                                 "page": None})


def paged_search(search: str | None, page: int) -> str:
    return merge_search(search, {"page": str(page) if page > 1 else None})


def rows_search(search: str | None, rows: str | None) -> str:
    """The address that opens one record view (sort and page start again)."""
    return merge_search(search, {"rows": rows, "sort": None, "dir": None, "page": None})


def drill_search(search: str | None, param: str, code) -> str | None:
    """The address after a click on a chart's bar or point: the page narrowed to it.
    `param` is the filter the chart's dimension is (agency, concern, …), or
    'period:monthly' / 'period:quarterly' for a point of a trend (from and to become that
    month or quarter). None when the click carries nothing to narrow to."""
    from dashboard.analysis.periods import period_end
    from dashboard.analysis.values import parse_iso_date

    if code in (None, ""):
        return None
    if param.startswith("period:"):
        try:
            start = parse_iso_date(str(code)[:10])
        except ValueError:
            return None
        end = period_end(start, param.split(":", 1)[1])
        return merge_search(search, {"from": start.isoformat(), "to": end.isoformat(),
                                     "page": None})
    return merge_search(search, {param: str(code), "page": None})
