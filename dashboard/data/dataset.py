"""A partnership's dataset folder as one in-process DuckDB database plus its report.

`load_dataset(folder)` raises `DatasetFolderError` (one clear line) only for
folder-level failures; every other problem becomes a row of `Dataset.report`.
`Dataset.run(name, filters, **extra)` binds a query's parameters from the filters and
answers a pandas DataFrame (the pages draw and tabulate them); `Dataset.rows` binds the
same way and answers plain `Rows` (metrics.py: the figures are a handful of values, and
`summary` then never loads pandas). Both run through `Dataset._execute`, the only place
SQL from queries/ runs.
"""
from __future__ import annotations

import contextvars
import datetime as dt
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from functools import lru_cache
from pathlib import Path

import duckdb

from ..analysis.values import is_missing, parse_iso_date
from . import contract as C
from .entries import entry_problem

if TYPE_CHECKING:     # pandas, pyarrow and the validator load only where they are used:
    import pandas as pd   # `summary` on a kept database needs none of them
    from .validate import Validator

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
# tables built with the database from the clean tables, each a CREATE TABLE named for it
BUILD_DIR = QUERIES_DIR / "build"
PARAM_RE = re.compile(r"\$([a-z_][a-z0-9_]*)")


_LAST_ORDER = re.compile(r"\n[ \t]*ORDER BY ([^\n]+?)[ \t;]*\Z")
_ORDER_TERM = re.compile(r"(\w+)(?:\s+(?:ASC|DESC))?(?:\s+NULLS\s+(?:FIRST|LAST))?", re.I)


def split_order(text: str, columns: list[str]) -> tuple[str, list[str] | None]:
    """A query's text without its closing ORDER BY line, and that line's terms, when
    each term orders by one of the query's own output `columns` (so the order can be
    applied around it); otherwise the text as it is and None. Paging needs the order to
    be total (a unique column last, as mash_contact_rows ends with contact_id); an
    order that chooses rows (DISTINCT ON) is never moved."""
    match = _LAST_ORDER.search(text.rstrip())
    if match is None or re.search(r"DISTINCT\s+ON", text, re.I):
        return text, None
    terms = [t.strip() for t in match.group(1).split(",")]
    for term in terms:
        m = _ORDER_TERM.fullmatch(term)
        if m is None or m.group(1) not in columns:
            return text, None
    return text.rstrip()[:match.start()], terms


def at_once(first: Callable[[], Any], *others: Callable[[], Any]) -> list:
    """Run `first` in this thread and each of `others` in a thread of its own, all at
    once, and answer their results in order (an exception in any is raised here).

    Issue 11: a query's planning is single-threaded and, on a partnership's data, about
    as long as its run, so on two cores queries that do not depend on one another finish
    sooner side by side. Each thread reads through its own cursor (Dataset._cursor) and
    in a copy of this thread's context (the request, the Dash callback)."""
    if not others:
        return [first()]
    with ThreadPoolExecutor(max_workers=len(others)) as pool:
        futures = [pool.submit(contextvars.copy_context().run, work) for work in others]
        head = first()
        return [head, *(f.result() for f in futures)]


class Memo:
    """Results a Dataset works out once and reuses, keyed by the caller: at most `size`
    of them, the least recently used forgotten first (keys may carry a filter set, and
    a server meets endlessly many). Safe to share between a worker's threads; two
    threads asking at once for a missing key may both work it out (the same value)."""

    def __init__(self, size: int = 512):
        self._size = size
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, key, work_out: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = work_out()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def get(self, key, default=None) -> Any:
        """What is remembered under `key` (`default` when nothing is), working nothing out."""
        with self._lock:
            if key not in self._items:
                return default
            self._items.move_to_end(key)
            return self._items[key]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


class DatasetFolderError(Exception):
    """The folder cannot be used at all (missing, bad partnership.toml, clashing files)."""


class QueryError(Exception):
    """A query was called with parameters that do not match its SQL file."""


@dataclass(frozen=True)
class Rows:
    """A query's answer as plain Python values (ints, floats, Decimals, dates, text,
    None): its column names and its rows, in the query's order."""
    columns: tuple[str, ...]
    data: list[tuple]

    @classmethod
    def of(cls, cursor) -> "Rows":
        data = cursor.fetchall()
        return cls(tuple(d[0] for d in cursor.description), data)

    def column(self, name: str) -> list:
        i = self.columns.index(name)
        return [r[i] for r in self.data]

    def records(self) -> list[dict]:
        return [dict(zip(self.columns, r)) for r in self.data]

    def data_of(self, *names: str) -> list[tuple]:
        """Each row's values of the columns `names`, in that order."""
        at = [self.columns.index(n) for n in names]
        return [tuple(r[i] for i in at) for r in self.data]


@dataclass(frozen=True)
class Partnership:
    name: str
    child_population: int
    total_population: int
    bank_holidays: str = "england-and-wales"
    return_lag_days: int = 30
    reload_quiet_s: int = 10
    as_of: dt.date | None = None
    demo: bool = False


def _positive_int(data: dict, key: str, problems: list[str], default: int | None = None,
                  allow_zero: bool = False, maximum: int | None = None) -> int | None:
    """The setting `key` as a whole number, or None with a sentence added to `problems`."""
    if key not in data:
        if default is None:
            problems.append(_missing(key))
        return default
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or (value == 0 and not allow_zero):
        problems.append(f"{key} must be a {'' if allow_zero else 'positive '}whole number"
                        f"{' (0 or more)' if allow_zero else ''}, not {value!r}")
        return None
    if maximum is not None and value > maximum:
        problems.append(f"{key} {value} is more than {maximum} (a return due more than a "
                        "year after its period is a typo)")
        return None
    return value


def _missing(key: str) -> str:
    return f"{key} is missing ({C.SETTING_BY_NAME[key].note})"


MAX_RETURN_LAG_DAYS = 366
CALENDAR_FLOOR = dt.date(1950, 1, 1)
CALENDAR_CEILING = dt.date(2100, 12, 31)


def _as_of_range_problem(as_of: dt.date, what: str = "as_of") -> str | None:
    # periods and working days past these years are not computed
    if CALENDAR_FLOOR <= as_of <= CALENDAR_CEILING:
        return None
    return (f"{what} {as_of.isoformat()} is outside the years {CALENDAR_FLOOR.year} to "
            f"{CALENDAR_CEILING.year}, which the working-day calendar covers")


def read_partnership(folder: Path) -> Partnership:
    """partnership.toml, checked whole: one DatasetFolderError naming every missing or
    invalid setting at once (datasets.md, Validation), so a new folder is fixed in one go."""
    path = folder / "partnership.toml"
    if path.exists() or path.is_symlink():
        if problem := entry_problem(path, folder):   # a folder, a pipe, a link elsewhere
            raise DatasetFolderError(f"{folder}: {problem}")
    if not path.is_file():
        raise DatasetFolderError(f"{folder}: partnership.toml is missing; it names the partnership "
                                 "and its populations")
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DatasetFolderError(f"partnership.toml is not valid TOML: {exc}") from None
    problems: list[str] = []
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        problems.append(f"name must be text in quotes, not {name!r}")
    elif not isinstance(name, str) or not name.strip():
        problems.append(_missing("name"))
    child_population = _positive_int(data, "child_population", problems)
    total_population = _positive_int(data, "total_population", problems)
    region = data.get("bank_holidays", "england-and-wales")
    if region not in C.BANK_HOLIDAY_REGIONS:
        problems.append(f"bank_holidays {region!r} is not one of "
                        + ", ".join(C.BANK_HOLIDAY_REGIONS))
    return_lag_days = _positive_int(data, "return_lag_days", problems, 30, allow_zero=True,
                                    maximum=MAX_RETURN_LAG_DAYS)
    reload_quiet_s = _positive_int(data, "reload_quiet_s", problems, 10, allow_zero=True)
    as_of = data.get("as_of")
    if as_of is not None:
        try:
            as_of = parse_date(as_of, "as_of")
        except DatasetFolderError as exc:
            problems.append(str(exc))
        else:
            if problem := _as_of_range_problem(as_of):
                problems.append(problem)
    if problems:
        raise DatasetFolderError("partnership.toml: " + "; ".join(problems))
    return Partnership(
        name=name.strip(),
        child_population=child_population,
        total_population=total_population,
        bank_holidays=region,
        return_lag_days=return_lag_days,
        reload_quiet_s=reload_quiet_s,
        as_of=as_of,
        demo=bool(data.get("demo", False)),
    )


def parse_date(value, what: str) -> dt.date:
    try:
        return parse_iso_date(value)
    except ValueError:
        raise DatasetFolderError(f"{what} {value!r} is not a date in the form YYYY-MM-DD") from None


def find_files(folder: Path) -> dict[str, Path]:
    by_stem: dict[str, list[Path]] = {}
    for p in sorted(folder.iterdir()):
        # every entry named like a data file, whatever it is (a folder, a pipe, a broken
        # link: the validator reports it as a file-level error, never "not supplied")
        if p.suffix.lower() in (".csv", ".parquet"):
            by_stem.setdefault(p.stem.lower(), []).append(p)
    for stem, paths in by_stem.items():
        if len(paths) > 1:
            raise DatasetFolderError(
                f"{folder}: two files for {stem}: " + " and ".join(p.name for p in paths)
                + "; keep only one")
    return {stem: paths[0] for stem, paths in by_stem.items()}


@lru_cache(maxsize=None)
def query_text(name: str) -> str:
    if not re.fullmatch(r"[a-z0-9_]+", name):
        raise QueryError(f"bad query name {name!r}")
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise QueryError(f"no query {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def query_params(name: str) -> frozenset[str]:
    sql = re.sub(r"--[^\n]*", "", query_text(name))
    return frozenset(PARAM_RE.findall(sql))


@dataclass
class Loaded:
    """What validation found out about each file besides the tables and findings: whether
    it was loaded (else why not), where it came from, its size and row counts. Kept
    beside the tables in an on-disk database (store.py), so a restart reads it back."""
    available: dict[str, bool]
    reasons: dict[str, str]
    sources: dict[str, Path]
    file_stats: dict[str, dict]
    built_at: dt.datetime

    @classmethod
    def of(cls, validator: Validator) -> "Loaded":
        return cls(dict(validator.available), dict(validator.unavailable_reason),
                   dict(validator.sources),
                   {stem: dict(v) for stem, v in validator.file_stats.items()},
                   dt.datetime.now())


class Dataset:
    def __init__(self, folder: Path, partnership: Partnership, con: duckdb.DuckDBPyConnection,
                 loaded: Loaded, as_of: dt.date, database: Path | None = None,
                 results=None):
        self.folder = folder
        self.partnership = partnership
        self.con = con
        self.as_of = as_of
        # the on-disk database file this set is read from (None: held in memory)
        self.database = database
        # query results shared by the workers (results.py; None: held in memory)
        self.results = results
        self._available = dict(loaded.available)
        self._reasons = dict(loaded.reasons)
        self.sources = dict(loaded.sources)
        self.file_stats = {stem: dict(v) for stem, v in loaded.file_stats.items()}
        next_seq = con.execute("SELECT coalesce(max(seq), 0) + 1 FROM findings").fetchall()[0][0]
        # the findings that depend on as_of, after the recorded ones (the report and
        # validation_counts read both)
        self._notices = _rows_after_as_of(con, self, as_of, first_seq=int(next_seq))
        self._report: pd.DataFrame | None = None
        self._report_lock = threading.Lock()
        # when this set began serving (a reload under a new as_of opens the same
        # database again: the page shell must still see a new set)
        self.loaded_at = dt.datetime.now()
        self._local = threading.local()
        # results worked out once and reused (computed indicator series, a page's
        # breakdowns under one filter set), keyed by the caller; the data never changes
        # under a Dataset.
        self.memo = Memo()
        # how many times each query ran (tests count the queries a page needs)
        self.queries_run: Counter[str] = Counter()
        self._count_lock = threading.Lock()
        self._columns: dict[str, list[str]] = {}

    @property
    def report(self) -> pd.DataFrame:
        """The validation report (validate.report_frame): the recorded findings and the
        notices of rows dated after as_of. Made when first asked for."""
        with self._report_lock:
            if self._report is None:
                import pandas as pd

                from .validate import findings_frame, report_frame

                findings = findings_frame(self._cursor())
                if self._notices:
                    findings = pd.concat([findings, pd.DataFrame(self._notices)],
                                         ignore_index=True)
                self._report = report_frame(findings)
            return self._report

    @property
    def is_demo(self) -> bool:
        return self.partnership.demo

    def available(self, stem: str) -> bool:
        return self._available.get(stem, False)

    def unavailable_reason(self, stem: str) -> str | None:
        return None if self.available(stem) else self._reasons.get(stem, f"{stem} is unavailable")

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        # stack.md: one connection shared by threads gives wrong answers; a cursor per thread.
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            cur = self._local.cursor = self.con.cursor()
        return cur

    def _execute(self, name: str, params: dict, fetch: Callable, shape: str):
        """Run queries/<name>.sql with exactly its named parameters bound, never
        formatted in, and `fetch` its answer from the cursor; shared by the workers
        under the answer's `shape` as well as the query and parameters."""
        wanted = query_params(name)
        given = set(params)
        if wanted != given:
            missing, extra = sorted(wanted - given), sorted(given - wanted)
            raise QueryError(f"query {name}: missing parameters {missing}, unexpected {extra}")
        sql = query_text(name)

        def execute():
            with self._count_lock:       # pages may query from several threads
                self.queries_run[name] += 1
            return fetch(self._cursor().execute(sql, params))

        if self.results is None:
            return execute()
        return self.results.get_or_run(shape + name, sql, params, execute)

    def run_query(self, name: str, **params) -> pd.DataFrame:
        """queries/<name>.sql with exactly `params` bound, as a DataFrame. Pages call
        `run`, which fills the parameters."""
        return self._execute(name, params, lambda cur: cur.df(), "")

    def rows(self, name: str, filters=None, *, as_of: dt.date | None = None,
             **extra) -> Rows:
        """queries/<name>.sql under `filters`, its parameters filled by `bind`, as
        plain Rows (the figures of metrics.py)."""
        return self._execute(name, self.bind(name, filters, as_of=as_of, **extra), Rows.of,
                             "rows:")

    def clear_result_cache(self) -> None:
        """Forget the shared results (benchmarks measure queries, not the cache)."""
        if self.results is not None:
            self.results.clear()

    def context(self, param: str, as_of: dt.date):
        """Parameters that come from the dataset itself rather than the filters."""
        if param == "as_of":
            return as_of
        if param == "total_population":
            return self.partnership.total_population
        if param == "child_population":
            return self.partnership.child_population
        raise KeyError(param)

    CONTEXT_PARAMS = frozenset({"as_of", "total_population", "child_population"})

    def bind(self, name: str, filters=None, *, as_of: dt.date | None = None,
             **extra) -> dict:
        """The parameters of queries/<name>.sql under `filters` (the one binder): each
        `$param` named like a Filters field is filled from the filters (resolved: the
        period after its default, the funding year and round after theirs); `$as_of`
        (the dataset's, or the `as_of` given, which also resolves the defaults) and the
        populations from the dataset; the rest from `extra`, which wins over both (a
        trend window passes its own period)."""
        from ..filters import NO_FILTERS, SQL_FIELDS, sql_value

        wanted = query_params(name)
        unexpected = sorted(set(extra) - wanted)
        if unexpected:
            raise QueryError(f"query {name}: it takes no parameters {unexpected}")
        filters = NO_FILTERS if filters is None else filters
        as_of = as_of or self.as_of
        params = {}
        for param in wanted:
            if param in extra:
                params[param] = extra[param]
            elif param in SQL_FIELDS:
                params[param] = sql_value(self, filters, param, as_of)
            elif param in self.CONTEXT_PARAMS:
                params[param] = self.context(param, as_of)
            else:
                raise QueryError(f"query {name}: ${param} needs a value")
        return params

    def run(self, name: str, filters=None, *, as_of: dt.date | None = None,
            **extra) -> pd.DataFrame:
        """queries/<name>.sql under `filters`, its parameters filled by `bind`."""
        return self.run_query(name, **self.bind(name, filters, as_of=as_of, **extra))

    def run_table(self, name: str, filters=None, *, sort: str | None = None,
                  descending: bool = False, limit: int | None = None, offset: int = 0,
                  as_of: dt.date | None = None, **extra) -> tuple[pd.DataFrame, int]:
        """A page of queries/<name>.sql's rows, sorted in SQL, and how many rows there
        are in all (record tables: sorting and paging happen on the server). `sort`
        must be one of the query's own columns (checked against them, so a column name
        never comes from the address into SQL text); ties keep the query's order."""
        params = self.bind(name, filters, as_of=as_of, **extra)
        inner = query_text(name)
        cur = self._cursor()
        if name not in self._columns:     # the query's own columns: its text decides them
            self._columns[name] = [d[0] for d in cur.execute(
                f"SELECT * FROM ({inner}) AS q LIMIT 0", params).description]
        columns = self._columns[name]
        if sort is not None and sort not in columns:
            raise QueryError(f"query {name}: no column {sort!r} to sort by")
        by = (['"' + sort.replace('"', '""') + '"' + (" DESC" if descending else " ASC")
               + " NULLS LAST"] if sort is not None else [])
        unordered, order = split_order(inner, columns)
        if order is not None:
            # the query ends by ordering on its own columns: sort and page in one
            # ORDER BY ... LIMIT, which DuckDB answers keeping only the page's rows (a
            # top-N) rather than ordering every row
            page_sql = f"SELECT * FROM ({unordered}) AS q ORDER BY {', '.join(by + order)}"
        else:
            page_sql = (f"SELECT * EXCLUDE (_q_order) FROM (SELECT *, row_number() OVER () "
                        f"AS _q_order FROM ({inner}) AS q) ORDER BY "
                        f"{', '.join(by + ['_q_order'])}")
        page_sql += " LIMIT $_limit OFFSET $_offset"

        def execute() -> tuple[pd.DataFrame, int]:
            with self._count_lock:
                self.queries_run[name] += 1
            total = cur.execute(f"SELECT count(*) FROM ({unordered}) AS q",
                                params).fetchall()[0][0]
            page = cur.execute(page_sql, {**params, "_limit": limit if limit is not None
                                          else total or 1, "_offset": offset}).df()
            return page, int(total)

        if self.results is None or limit is None:     # a whole download is not kept
            return execute()
        # the page of rows is shared like any result; who viewed it is still logged
        # by the page on every view (audit.record_access)
        return self.results.get_or_run(
            f"table:{name}", inner,
            {**params, "_sort": sort, "_descending": descending, "_limit": limit,
             "_offset": offset}, execute)

    DEFAULT_YEAR_QUERIES = {"year": ("funding_year", ("contributions", "budget")),
                            "round": ("self_assessment_round", ("self_assessments",))}

    def default_year(self, field: str, as_of: dt.date) -> str | None:
        """The funding year (metrics.md "Funding") or self-assessment round
        ("Self-assessments") used when the filters name none; it depends on the
        data and as_of only, so it is worked out once per as_of."""
        query, stems = self.DEFAULT_YEAR_QUERIES[field]
        def work_out() -> str | None:
            value = None
            if any(self.available(s) for s in stems):
                value = self.rows(query, as_of=as_of).data[0][0]
            return None if is_missing(value) else str(value)

        return self.memo.remember(("default_year", field, as_of), work_out)

    def file_loads(self) -> list[dict]:
        """One entry per file of the contract, in contract order: its file name, whether
        it was loaded (else why not), its size and modification time when it was
        loaded, the rows accepted, the distinct rows quarantined, and the findings of
        each severity (the data-quality page's "when each file was loaded")."""
        r = self.report
        out = []
        for spec in C.FILES:
            stem = spec.stem
            source = self.sources.get(stem)
            name = source.name if source is not None else f"{stem}.csv"
            mine = r[r["file"] == name]
            errors = mine[mine["severity"] == "error"]
            stats = self.file_stats.get(stem, {})
            modified = stats.get("modified_ts")
            out.append({
                "stem": stem, "file": name, "supplied": source is not None,
                "loaded": self.available(stem), "reason": self.unavailable_reason(stem),
                "size_bytes": stats.get("size_bytes"),
                "modified_at": (dt.datetime.fromtimestamp(modified)
                                if modified is not None else None),
                "loaded_at": self.loaded_at if self.available(stem) else None,
                "rows_accepted": stats.get("rows_accepted") if self.available(stem) else None,
                "rows_quarantined": int(errors["row"].dropna().nunique()),
                "errors": int(len(errors)),
                "warnings": int((mine["severity"] == "warning").sum()),
                "notices": int((mine["severity"] == "notice").sum()),
            })
        return out

    def validation_counts(self) -> dict[str, int]:
        """summary's `validation`: the report's errors and warnings, and the distinct rows
        quarantined (a row with two errors is one row). The notices added when the set
        is opened are neither, so the recorded findings answer it."""
        errors, warnings, quarantined = self.rows("validation_counts").data[0]
        return {"errors": int(errors), "warnings": int(warnings),
                "quarantined_rows": int(quarantined)}


DATE_COLUMNS = {
    spec.stem: [c.name for c in spec.columns if c.kind in (C.DATE, C.DATETIME)]
    for spec in C.FILES
}


def _calendar_span(con: duckdb.DuckDBPyConnection, as_of: dt.date | None) -> tuple[dt.date, dt.date]:
    """The days the working-day calendar must cover: every date of the data, as_of and
    today, a week before and 60 days after (the longest clock, 15 working days, fits).
    Validation keeps data dates within datasets.md's 1900-2099 and as_of is checked on
    its own, so no clamping is needed. With no as_of (a database kept on disk, opened
    later under any as_of and on any day) it covers every as_of allowed."""
    if as_of is None:
        lows, highs = [CALENDAR_FLOOR], [CALENDAR_CEILING]
    else:
        lows, highs = [as_of], [as_of, dt.date.today()]
    for stem, cols in DATE_COLUMNS.items():
        for col in cols:
            lo, hi = con.execute(f"SELECT CAST(min({col}) AS DATE), CAST(max({col}) AS DATE) "
                                 f"FROM {stem}").fetchall()[0]
            if lo is not None:
                lows.append(lo)
                highs.append(hi)
    return min(lows) - dt.timedelta(days=7), max(highs) + dt.timedelta(days=60)


def _rows_after_as_of(con, ds: "Dataset", as_of: dt.date, first_seq: int) -> list[dict]:
    """One notice per file with rows dated after as_of (issue 10): they are left out of
    every figure, and a wrong as_of must not hide data silently. Worked out when a set
    is opened, as it depends on as_of (a database on disk serves any)."""
    out = []
    for stem, column in C.DATED_BY.items():
        if not ds.available(stem):
            continue
        n = con.execute(f"SELECT count(*) FROM {stem} WHERE CAST({column} AS DATE) > ?",
                        [as_of]).fetchall()[0][0]
        if n:
            out.append({
                "severity": "notice", "file": ds.sources[stem].name, "row": None,
                "column": column, "value": None, "rule": "after_as_of",
                "message": f"{n:,} row{'s are' if n != 1 else ' is'} dated after as_of "
                           f"{as_of.isoformat()} ({column}) and left out of every figure until "
                           "then; if that is unexpected, check as_of in partnership.toml",
                "seq": first_seq + len(out)})
    return out


def build(con: duckdb.DuckDBPyConnection, folder: Path, partnership: Partnership,
          files: dict[str, Path], as_of: dt.date | None,
          progress: Callable[[str], None] | None = None,
          memory_limits: tuple[str, str] | None = None) -> Loaded:
    """Read and validate every file of the folder into `con`: the clean typed tables,
    the quarantined rows, the findings and the working-day calendar (for `as_of`, or
    for every as_of when None). `memory_limits`: see Validator."""
    from ..analysis.workdays import WorkingCalendar
    from .validate import Validator

    validator = Validator(con, memory_limits)
    for spec in C.FILES:
        path = files.get(spec.stem)
        if progress is not None and path is not None:
            try:
                size = f" ({path.stat().st_size / 1e6:,.1f} MB)"
            except OSError:
                size = ""
            progress(f"reading and checking {path.name}{size}")
        validator.load(spec, path)
    for stem, path in files.items():
        if stem not in C.BY_STEM:
            validator.file_finding("notice", path.name, "unknown_file",
                                   f"{path.name} is not part of the dataset contract and is ignored")
    lo, hi = _calendar_span(con, as_of)
    calendar = WorkingCalendar(partnership.bank_holidays, lo, hi).to_frame()
    con.register("_calendar", calendar)
    con.execute("CREATE TABLE calendar AS SELECT CAST(day AS DATE) AS day, working, wd_seq, "
                "CAST(add_1wd AS DATE) AS add_1wd, CAST(add_5wd AS DATE) AS add_5wd, "
                "CAST(add_15wd AS DATE) AS add_15wd FROM _calendar")
    con.unregister("_calendar")
    for path in sorted(BUILD_DIR.glob("*.sql")):
        # tables worked out once from the clean ones (queries/build/: named, with a header)
        if progress is not None:
            progress(f"preparing {path.stem}")
        con.execute(path.read_text(encoding="utf-8"))
    return Loaded.of(validator)


def load_dataset(folder: Path | str, as_of: dt.date | None = None, *,
                 cache_dir: Path | str | None = None,
                 progress: Callable[[str], None] | None = None) -> Dataset:
    """The folder as a Dataset. With `cache_dir`, the validated set is kept there as a
    DuckDB file named by the fingerprint of everything that shapes it (store.py): a
    start on unchanged files opens it read-only instead of reading and validating
    again. Without, it is built in memory. `progress` hears a line per step of a build."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise DatasetFolderError(f"{folder} is a file, not a folder: give the folder that "
                                 "holds partnership.toml and the dataset files")
    if not folder.is_dir():
        raise DatasetFolderError(f"{folder}: no such folder")
    partnership = read_partnership(folder)
    as_of = as_of or partnership.as_of or dt.date.today()
    if problem := _as_of_range_problem(as_of):
        raise DatasetFolderError(problem)
    files = find_files(folder)
    if cache_dir is None:
        con = duckdb.connect(":memory:")
        loaded = build(con, folder, partnership, files, as_of, progress)
        return Dataset(folder, partnership, con, loaded, as_of)
    from .store import open_or_build

    from .results import open_shared_results

    con, loaded, path = open_or_build(folder, partnership, files, Path(cache_dir), progress)
    return Dataset(folder, partnership, con, loaded, as_of, database=path,
                   results=open_shared_results(cache_dir, path.stem))
