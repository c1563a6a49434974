"""Validate dataset files against the contract with set-based SQL, and load clean rows.

For each file: read every cell as text (reader.py), map the header to the contract,
parse each column with SQL, record every breach in the `findings` table, quarantine
the rows with errors, check uniqueness among the rest (first row kept) and create the
clean typed table named after the file's stem. Column names in SQL come from the
contract (never from the file's header, which is data); values are never SQL text.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from . import contract as C
from .entries import entry_problem
from .reader import UnreadableFile, read_file

ERROR, WARNING, NOTICE = "error", "warning", "notice"

# What else is not checked, per file, when indicator_catalogue.csv is unavailable (one
# warning names it all; a month start is still required of every period_start).
CATALOGUE_DEPENDENT = {
    "indicators": ", whether it is supplied rather than computed, period_start's quarter "
                  "and the value's unit range and ratio",
    "commentary": " and period_start's quarter",
    "indicator_benchmarks": ", period_start's quarter and the value's unit range",
    "indicator_breaks": " and period_start's quarter",
}

# DuckDB's memory in a build kept on disk while a file's rows are copied from Arrow,
# which holds the whole file meanwhile (~1.4x the CSV): the two stay within a process's
# 2 GB at 5M contacts (issue 11)
COPY_MEMORY_LIMIT = "512MB"

FINDINGS_DDL = """
CREATE TABLE findings (
    severity VARCHAR, file VARCHAR, "row" BIGINT, "column" VARCHAR, value VARCHAR,
    rule VARCHAR, message VARCHAR, seq BIGINT
)
"""

NUM_RE = r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?"
SQL_TYPES = {
    C.TEXT: "VARCHAR", C.KEY: "VARCHAR", C.CODE: "VARCHAR", C.DATE: "DATE",
    C.DATETIME: "TIMESTAMP", C.BOOLEAN: "BOOLEAN", C.INTEGER: "BIGINT", C.NUMBER: "DOUBLE",
    C.MONEY: "DECIMAL(18,2)", C.YEAR: "VARCHAR", C.NAME: "VARCHAR",
}
TYPE_HINTS = {
    C.DATE: "is not a date in the form YYYY-MM-DD",
    C.DATETIME: "is not a date-time in the form YYYY-MM-DDTHH:MM",
    C.BOOLEAN: "is not true or false",
    C.INTEGER: "is not a whole number",
    C.NUMBER: "is not a number",
    C.MONEY: "is not an amount in pounds with at most 2 decimal places",
    C.YEAR: "is not a financial year such as 2023/24",
}


DATE_RANGE = (f"BETWEEN DATE '{C.DATE_MIN}' AND DATE '{C.DATE_MAX}'")


def parse_sql(kind: str, s: str, bounded: bool = True) -> str:
    """SQL parsing the trimmed text `s` as `kind`; NULL when it does not parse.

    Dates and date-times outside C.DATE_MIN..C.DATE_MAX do not parse (datasets.md: a
    type error); `bounded=False` parses them anyway, to tell that case apart in messages.
    """
    if kind in (C.CODE, C.KEY):
        return f"lower({s})"
    if kind == C.TEXT:
        return s
    if kind == C.NAME:
        # datasets.md: matched with inner spaces collapsed (and case-insensitively: see
        # match_sql); the case as written is kept for display.
        return f"regexp_replace({s}, '\\s+', ' ', 'g')"
    if kind in (C.DATE, C.DATETIME):
        if kind == C.DATE:
            # A midnight time is accepted on a date: spreadsheet and pandas exports write dates so.
            value = (f"CASE WHEN regexp_full_match({s}, '\\d{{4}}-\\d{{2}}-\\d{{2}}([T ]00:00(:00(\\.0+)?)?)?') "
                     f"THEN TRY_CAST(left({s}, 10) AS DATE) END")
        else:
            value = (f"CASE WHEN regexp_full_match({s}, '\\d{{4}}-\\d{{2}}-\\d{{2}}[T ]\\d{{2}}:\\d{{2}}(:\\d{{2}}(\\.\\d+)?)?') "
                     f"THEN TRY_CAST(replace({s}, 'T', ' ') AS TIMESTAMP) END")
        if not bounded:
            return value
        return f"CASE WHEN CAST({value} AS DATE) {DATE_RANGE} THEN {value} END"
    if kind == C.BOOLEAN:
        return (f"CASE WHEN lower({s}) IN ('true', '1', 'yes') THEN true "
                f"WHEN lower({s}) IN ('false', '0', 'no') THEN false END")
    if kind == C.INTEGER:
        return (f"CASE WHEN regexp_full_match({s}, '[+-]?\\d+(\\.0*)?') "
                f"THEN TRY_CAST(split_part({s}, '.', 1) AS BIGINT) END")
    if kind == C.NUMBER:
        # a number too large for a double (1e400) would be infinity: not a number either
        return (f"CASE WHEN regexp_full_match({s}, '{NUM_RE}') "
                f"AND isfinite(TRY_CAST({s} AS DOUBLE)) THEN TRY_CAST({s} AS DOUBLE) END")
    if kind == C.MONEY:
        return (f"CASE WHEN regexp_full_match({s}, '[+-]?(\\d+(\\.\\d{{0,2}})?|\\.\\d{{1,2}})') "
                f"THEN TRY_CAST({s} AS DECIMAL(18,2)) END")
    if kind == C.YEAR:
        return (f"CASE WHEN regexp_full_match({s}, '\\d{{4}}/\\d{{2}}') AND "
                f"(TRY_CAST(left({s}, 4) AS INTEGER) + 1) % 100 = TRY_CAST(right({s}, 2) AS INTEGER) "
                f"THEN {s} END")
    raise ValueError(kind)


def q(text: str) -> str:
    """A SQL string literal for a constant from the contract (never for data)."""
    return "'" + text.replace("'", "''") + "'"


OUT_OF_RANGE = (f" is outside the dates the dashboard accepts ({C.DATE_MIN} to {C.DATE_MAX}); "
                "check the year")


def text_length_sql(s: str) -> str:
    """SQL: the length of text `s` in Unicode code points, a line ending (\\r\\n, \\r or
    \\n) counted as one character (datasets.md, commentary)."""
    return f"length(regexp_replace({s}, '\\r\\n?', chr(10), 'g'))"


def match_sql(c: C.Column) -> str:
    """SQL of the value by which `c` is compared (keys, uniqueness, grouping)."""
    return f"lower({c.name})" if c.kind == C.NAME else c.name


def published_columns(spec: C.FileSpec) -> list[tuple[str, str]]:
    """(name, SQL type) of the clean table of `spec`, after _row.

    A 'name' column (self_assessments.organisation) is published as its first spelling
    among the accepted rows, in file order, with a `<name>_key` column beside it holding
    the matching form (trimmed, spaces collapsed, lower-case) for joins and filters.
    """
    out = []
    for c in spec.columns:
        out.append((c.name, SQL_TYPES[c.kind]))
        if c.kind == C.NAME:
            out.append((f"{c.name}_key", "VARCHAR"))
    return out


class Validator:
    """Loads a folder's files into `con`, recording findings; one instance per load."""

    def __init__(self, con: duckdb.DuckDBPyConnection,
                 memory_limits: tuple[str, str] | None = None):
        """`memory_limits`: (while Arrow holds a file being copied in, after), the
        DuckDB memory limits of a build that sets them (store.py); None leaves the
        connection's limit alone (a build in memory)."""
        self.con = con
        self.memory_limits = memory_limits
        self.con.execute("SET enable_progress_bar = false")
        self.con.execute(FINDINGS_DDL)
        self.available: dict[str, bool] = {}
        self.unavailable_reason: dict[str, str] = {}
        self.sources: dict[str, Path] = {}
        # per stem, as loaded: the file's size and modification time, rows read and
        # rows accepted (the data-quality page shows them beside the report)
        self.file_stats: dict[str, dict] = {}
        self._seq = 0

    # ---- findings -------------------------------------------------------------
    def file_finding(self, severity: str, file: str, rule: str, message: str,
                     column: str | None = None, value: str | None = None) -> None:
        self._seq += 1
        self.con.execute(
            "INSERT INTO findings VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
            [severity, file, column, value, rule, message, self._seq],
        )

    def file_findings(self, severity: str, file: str, rule: str,
                      items: list[tuple[str, str | None]]) -> None:
        """file_finding for many (message, column) at once, in one statement: a header of
        thousands of unknown columns is one insert, not thousands (issue 11)."""
        if not items:
            return
        first = self._seq + 1
        self._seq += len(items)
        frame = pd.DataFrame({
            "severity": severity, "file": file, "row": pd.array([None] * len(items), "Int64"),
            "column": [c for _, c in items], "value": pd.array([None] * len(items), "string"),
            "rule": rule, "message": [m for m, _ in items],
            "seq": range(first, first + len(items))})
        self.con.register("_findings_frame", frame)
        try:
            self.con.execute("INSERT INTO findings SELECT * FROM _findings_frame")
        finally:
            self.con.unregister("_findings_frame")

    def row_findings(self, file: str, table: str, where: str, column: str, rule: str,
                     message_sql: str, value_sql: str | None, severity: str = ERROR) -> None:
        self._seq += 1
        value_sql = value_sql or "NULL"
        self.con.execute(f"""
            INSERT INTO findings
            SELECT {q(severity)}, {q(file)}, _row, {q(column)}, CAST({value_sql} AS VARCHAR),
                   {q(rule)}, coalesce({message_sql}, {q(rule.replace('_', ' '))}), {self._seq}
            FROM {table} WHERE coalesce({where}, false)
        """)

    # ---- one file -------------------------------------------------------------
    def load(self, spec: C.FileSpec, path: Path | None) -> None:
        stem = spec.stem
        self._create_empty(spec)
        if path is None:
            if spec.required_file:
                self._unavailable(spec, f"{stem}.csv is required but absent", rule="required_file")
            else:
                self.available[stem] = False
                self.unavailable_reason[stem] = f"{stem}.csv was not supplied"
                self.file_finding(NOTICE, f"{stem}.csv", "optional_file_absent",
                                  f"{stem}.csv was not supplied; panels that need it say so")
            return
        name = path.name
        self.sources[stem] = path
        problem = entry_problem(path, path.parent)
        if problem:   # issue 10: never "not supplied", and never opened (a FIFO blocks)
            self.file_stats[stem] = {"size_bytes": None, "modified_ts": None,
                                     "rows_read": None, "rows_accepted": None}
            self._unavailable(spec, problem, file=name, rule="not_a_file")
            return
        stat = path.stat()
        self.file_stats[stem] = {"size_bytes": stat.st_size, "modified_ts": stat.st_mtime,
                                 "rows_read": None, "rows_accepted": None}
        try:
            raw = read_file(path)
        except UnreadableFile as exc:
            self._unavailable(spec, f"{name}: {exc}", file=name, rule="unreadable_file")
            return
        for w in raw.warnings:
            self.file_finding(WARNING, name, "encoding", f"{name}: {w}")
        mapping = self._map_header(spec, name, raw.header)
        if mapping is None:
            return
        before = self._seq
        try:
            self._load_rows(spec, name, raw, mapping)
        except duckdb.OutOfMemoryException:
            # never a traceback: the file is named, the rest of the folder still loads
            # (its half-made tables and row findings are dropped with it)
            raw.frame = None
            for table in (f"raw_{stem}", f"parsed_{stem}"):
                self.con.execute(f"DROP TABLE IF EXISTS {table}")
            self.con.execute("DELETE FROM findings WHERE file = ? AND seq > ?", [name, before])
            self.file_stats[stem]["rows_read"] = None
            self._create_empty(spec)
            self._unavailable(spec, f"{name} is too large to check within the memory the "
                              "dashboard allows itself; split it, or remove columns the "
                              "contract does not use", file=name, rule="too_large")

    def _load_rows(self, spec: C.FileSpec, name: str, raw, mapping: dict[str, int]) -> None:
        stem = spec.stem
        # only the contract's columns go into DuckDB (columns it does not know are
        # reported from the header): a file with thousands of unknown columns would
        # otherwise cost a block of memory per column (issue 11)
        wanted = ["_row", *(f"c{i}" for i in sorted(set(mapping.values())))]
        # While Arrow holds the file, a build that limits DuckDB's memory lowers it;
        # the build's own limit comes back once Arrow's copy is freed (parsing with half
        # the memory spilled to disk and took twice as long at 5M contacts, issue 11)
        rows_read = raw.frame.num_rows
        try:
            if self.memory_limits is not None:
                self.con.execute(f"SET memory_limit = '{self.memory_limits[0]}'")
            self.con.register("_raw_frame", raw.frame.select(
                [n for n in wanted if n in raw.frame.column_names]))
            self.con.execute(f"CREATE OR REPLACE TABLE raw_{stem} AS SELECT * FROM _raw_frame")
        finally:
            self.con.unregister("_raw_frame")
            raw.frame = None   # DuckDB holds the rows now: free Arrow's copy before parsing
            pa.default_memory_pool().release_unused()
            if self.memory_limits is not None:
                self.con.execute(f"SET memory_limit = '{self.memory_limits[1]}'")
        self.file_stats[stem]["rows_read"] = rows_read
        if rows_read == 0:
            self.file_finding(NOTICE, name, "no_rows",
                              f"{name} has a header but no rows yet")
        self._parse(spec, mapping)
        for problem in raw.problems:   # rows the reader could not trust: quarantined
            self._seq += 1
            self.con.execute(
                "INSERT INTO findings VALUES ('error', ?, ?, ?, NULL, ?, ?, ?)",
                [name, problem.row, problem.column, problem.rule, problem.message, self._seq])
        self._check_columns(spec, name)
        self._check_swallowed_rows(spec, name, len(raw.header))
        for rule in spec.rules:
            self.row_findings(name, f"parsed_{stem}", rule.bad, rule.column, rule.name,
                              rule.message, rule.value or f"{rule.column}__raw", rule.severity)
        self._check_references(spec, name)
        # file-specific rules run after every other row and cross-file rule: the
        # self-assessment consistency rule needs to know which rows pass all of them.
        special = getattr(self, f"_check_{stem}", None)
        if special:
            special(spec, name)
        self._check_unique(spec, name)
        self._apply_ignores(spec, name)
        self._publish(spec)
        self.available[stem] = True

    def _unavailable(self, spec: C.FileSpec, message: str, file: str | None = None,
                     rule: str = "unreadable_file") -> None:
        self.available[spec.stem] = False
        self.unavailable_reason[spec.stem] = message
        self.file_finding(ERROR, file or f"{spec.stem}.csv", rule, message)

    def _create_empty(self, spec: C.FileSpec) -> None:
        cols = ", ".join(f"{name} {sql_type}" for name, sql_type in published_columns(spec))
        self.con.execute(f"CREATE OR REPLACE TABLE {spec.stem} (_row BIGINT, {cols})")
        typed = ", ".join(f"{c.name} {SQL_TYPES[c.kind]}" for c in spec.columns)
        self.con.execute(f"CREATE OR REPLACE TABLE quarantined_{spec.stem} (_row BIGINT, {typed})")

    def _map_header(self, spec: C.FileSpec, name: str, header: list[str]) -> dict[str, int] | None:
        normalised = [h.strip().lstrip("\ufeff").lower() for h in header]
        wanted = {c.name for c in spec.columns}
        seen: dict[str, int] = {}
        for i, h in enumerate(normalised):
            if h in wanted and h in seen:
                self._unavailable(spec, f"{name}: column {h} appears twice in the header",
                                  file=name, rule="duplicate_column")
                return None
            seen.setdefault(h, i)
        missing = [c.name for c in spec.columns if c.required and c.name not in seen]
        if missing:
            hint = ""
            if len(header) == 1 and any(d in header[0] for d in ";\t|"):
                hint = " (the file seems to use another delimiter; the contract requires commas)"
            self._unavailable(
                spec, f"{name}: required column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(missing)} missing from the header{hint}", file=name,
                rule="missing_required_column")
            return None
        extras = [header[i] for i, h in enumerate(normalised) if h not in wanted]
        self.file_findings(NOTICE, name, "extra_column", [
            (f"column '{extra}' is not in the contract and is ignored", extra)
            for extra in extras])
        renamed = [header[seen[c]] for c in wanted & seen.keys() if header[seen[c]] != c]
        if renamed:
            self.file_finding(NOTICE, name, "header_normalised",
                              "column names matched after trimming or lower-casing: "
                              + ", ".join(sorted(renamed)))
        return {c: seen[c] for c in wanted if c in seen}

    def _parse(self, spec: C.FileSpec, mapping: dict[str, int]) -> None:
        parts = ["_row"]
        for c in spec.columns:
            if c.name in mapping:
                src = f"c{mapping[c.name]}"
                parts.append(f"{src} AS {c.name}__orig")
                parts.append(f"NULLIF(trim({src}, ' \t\r\n'), '') AS {c.name}__raw")
            else:
                parts.append(f"NULL::VARCHAR AS {c.name}__orig")
                parts.append(f"NULL::VARCHAR AS {c.name}__raw")
        inner = ", ".join(parts)
        typed = ", ".join(
            f"CAST({parse_sql(c.kind, c.name + '__raw')} AS {SQL_TYPES[c.kind]}) AS {c.name}"
            for c in spec.columns)
        self.con.execute(f"""
            CREATE OR REPLACE TABLE parsed_{spec.stem} AS
            SELECT *, {typed} FROM (SELECT {inner} FROM raw_{spec.stem})
        """)
        self.con.execute(f"DROP TABLE raw_{spec.stem}")

    def _check_columns(self, spec: C.FileSpec, name: str) -> None:
        t = f"parsed_{spec.stem}"
        for c in spec.columns:
            raw = f"{c.name}__raw"
            if c.required:
                self.row_findings(name, t, f"{raw} IS NULL", c.name, "required",
                                  q(f"{c.name} is required but empty"), None)
            if c.kind in TYPE_HINTS:
                message = f"{q(c.name + ' ')} || {raw} || {q(' ' + TYPE_HINTS[c.kind])}"
                if c.kind in (C.DATE, C.DATETIME):
                    message = (f"CASE WHEN {parse_sql(c.kind, raw, bounded=False)} IS NOT NULL "
                               f"THEN {q(c.name + ' ')} || {raw} || {q(OUT_OF_RANGE)} "
                               f"ELSE {message} END")
                self.row_findings(name, t, f"{raw} IS NOT NULL AND {c.name} IS NULL", c.name,
                                  "type", message, raw)
            if c.max_length is not None:
                n = text_length_sql(raw)
                self.row_findings(
                    name, t, f"{n} > {c.max_length}", c.name, "too_long",
                    f"{q(c.name + ' is ')} || format('{{:,}}', {n}) || "
                    f"{q(f' characters long; at most {c.max_length:,} are allowed (a line ending counts as one)')}",
                    raw)
            if c.kind == C.NAME:
                spellings = self.con.execute(
                    f"SELECT count(*) FROM (SELECT {match_sql(c)} FROM {t} WHERE {c.name} "
                    f"IS NOT NULL GROUP BY 1 HAVING count(DISTINCT {raw}) > 1)").fetchall()[0][0]
                if spellings:
                    self.file_finding(NOTICE, name, "name_normalised",
                                      f"{spellings} {c.name}(s) written in more than one way "
                                      "(spaces or capitals) were matched as one; each is shown "
                                      "as first spelled", column=c.name)
            if c.codes:
                listed = ", ".join(q(v) for v in c.codes)
                self.row_findings(name, t, f"{c.name} IS NOT NULL AND {c.name} NOT IN ({listed})",
                                  c.name, "code_list",
                                  f"{q(c.name + ' ')} || {raw} || {q(' is not one of: ' + ', '.join(c.codes))}",
                                  raw)
            if c.kind in (C.CODE, C.KEY):
                # only values that the normalising made match count (a value still not
                # in the list is an error, not a match)
                listed_only = f" AND {c.name} IN ({', '.join(q(v) for v in c.codes)})" if c.codes else ""
                n = self.con.execute(
                    f"SELECT count(*) FROM {t} WHERE {c.name}__orig IS DISTINCT FROM {c.name} "
                    f"AND {c.name} IS NOT NULL{listed_only}").fetchall()[0][0]
                if n:
                    self.file_finding(NOTICE, name, "code_normalised",
                                      f"{n} value(s) of {c.name} matched after trimming spaces "
                                      "or lower-casing", column=c.name)
            self._check_range(c, name, t)

    def _check_swallowed_rows(self, spec: C.FileSpec, name: str, width: int) -> None:
        """Warn when a cell holds line breaks followed by what looks like whole rows
        (a quote closed late swallows the rows between into one cell)."""
        if width < 3:
            return
        t = f"parsed_{spec.stem}"
        for c in spec.columns:
            raw = f"{c.name}__raw"
            commas = (f"list_max(list_transform(string_split({raw}, chr(10))[2:], "
                      f"lambda l: length(l) - length(replace(l, ',', ''))))")
            self.row_findings(
                name, t, f"contains({raw}, chr(10)) AND {commas} >= {width - 1}", c.name,
                "swallowed_rows",
                f"'{c.name} spans ' || (length({raw}) - length(replace({raw}, chr(10), '')) + 1) "
                f"|| ' lines that look like rows of the file: a quote was probably not closed "
                f"where it should have been, and the rows it swallowed are not counted'",
                raw, severity=WARNING)

    def _check_range(self, c: C.Column, name: str, t: str) -> None:
        if c.kind == C.MONEY:
            self.row_findings(name, t, f"{c.name} < 0", c.name, "range",
                              f"{q(c.name + ' ')} || {c.name}__raw || ' is negative; money is never negative'",
                              f"{c.name}__raw")
        if c.minimum is not None:
            op, word = ("<=", "must be greater than") if c.min_exclusive else ("<", "must be at least")
            self.row_findings(name, t, f"{c.name} {op} {c.minimum}", c.name, "range",
                              f"{q(c.name + ' ')} || {c.name}__raw || {q(f' {word} {c.minimum:g}')}",
                              f"{c.name}__raw")
        if c.maximum is not None:
            self.row_findings(name, t, f"{c.name} > {c.maximum}", c.name, "range",
                              f"{q(c.name + ' ')} || {c.name}__raw || {q(f' must be at most {c.maximum:g}')}",
                              f"{c.name}__raw")

    # ---- file-specific and cross-file rules ---------------------------------------
    def _skip_cross_file(self, name: str, other: str, what: str) -> None:
        self.file_finding(WARNING, name, "cross_file_skipped",
                          f"{what} was not checked because {other} is unavailable")

    def _check_references(self, spec: C.FileSpec, name: str) -> None:
        """Cross-file rules of C.REFERENCES: a value must exist among the accepted rows
        of the referenced file.  With that file unavailable, one warning per referenced
        file (when some row gives a value to check) and no row is quarantined."""
        t = f"parsed_{spec.stem}"
        refs = [r for r in C.REFERENCES if r.stem == spec.stem]
        skipped: dict[str, list[str]] = {}
        for r in refs:
            if not self.available.get(r.target):
                used = self.con.execute(
                    f"SELECT count(*) FROM {t} WHERE {r.column} IS NOT NULL").fetchall()[0][0]
                if used:  # nothing to check, nothing skipped
                    skipped.setdefault(r.target, []).append(r.column)
                continue
            match = " AND ".join([f"k.{r.target_column} = {t}.{r.column}",
                                  *(f"k.{c} = {t}.{c}" for c in r.same)])
            bad = (" AND ".join(f"{c} IS NOT NULL" for c in (r.column, *r.same))
                   + f" AND NOT EXISTS (SELECT 1 FROM {r.target} k WHERE {match})")
            message = f"'{r.column} ' || {r.column} || ' is not in {r.target}.csv'"
            if r.same:
                # the value exists under another area_id: say which
                found = " || ', ' || ".join(f"k.{c}" for c in r.same)
                elsewhere = (f"(SELECT string_agg(DISTINCT {found}, '; ') FROM {r.target} k "
                             f"WHERE k.{r.target_column} = {t}.{r.column})")
                names = ", ".join(r.same)
                values = " || ', ' || ".join(r.same)
                message = (f"CASE WHEN {elsewhere} IS NULL THEN {message} ELSE '{r.column} ' || "
                           f"{r.column} || ' belongs to {names} ' || {elsewhere} || ' in "
                           f"{r.target}.csv, not to ' || {values} END")
            self.row_findings(name, t, bad, r.column, "cross_file", message, f"{r.column}__raw")
        for target, columns in skipped.items():
            what = " and ".join(columns)
            if target == "indicator_catalogue" and spec.stem in CATALOGUE_DEPENDENT:
                what += CATALOGUE_DEPENDENT[spec.stem]
            self._skip_cross_file(name, f"{target}.csv", what)

    # ---- rules that need the indicator's catalogue row ---------------------------------
    def _join_catalogue(self, t: str) -> bool:
        """Add the catalogue's source, unit, frequency (cat_*) to `t`, NULL when the
        catalogue is unavailable or has no such indicator.  Returns whether it is available."""
        available = bool(self.available.get("indicator_catalogue"))
        if available:
            self.con.execute(f"""
                CREATE OR REPLACE TABLE {t} AS
                SELECT p.*, k.source AS cat_source, k.unit AS cat_unit, k.frequency AS cat_frequency
                FROM {t} p LEFT JOIN indicator_catalogue k USING (indicator_id)
            """)
        else:
            self.con.execute(f"""
                CREATE OR REPLACE TABLE {t} AS
                SELECT *, NULL::VARCHAR AS cat_source, NULL::VARCHAR AS cat_unit,
                       NULL::VARCHAR AS cat_frequency FROM {t}
            """)
        return available

    def _check_period_start(self, name: str, t: str, frequency: str = "cat_frequency") -> None:
        """period_start is a period start of the indicator's frequency; with the frequency
        unknown (no catalogue), at least the first of a month, as every period start is."""
        self.row_findings(name, t, C.not_period_start("period_start", frequency),
                          "period_start", "period_start",
                          C.period_start_message("period_start", frequency, "indicator_id"),
                          "period_start__raw")

    def _check_unit_range(self, name: str, t: str) -> None:
        """datasets.md: percent 0 to 100; count, rate_per_10k and days never negative."""
        self.row_findings(name, t, "cat_unit = 'percent' AND (value < 0 OR value > 100)", "value",
                          "range", "'value ' || value__raw || ' is a percentage and must be from 0 to 100'",
                          "value__raw")
        self.row_findings(name, t, "cat_unit IN ('count', 'rate_per_10k', 'days') AND value < 0",
                          "value", "range", "'value ' || value__raw || ' must not be negative for a ' "
                          "|| cat_unit || ' indicator'", "value__raw")

    def _check_indicators(self, spec: C.FileSpec, name: str) -> None:
        t = "parsed_indicators"
        if not self._join_catalogue(t):
            self._skip_cross_file(name, "indicator_catalogue.csv",
                                  "indicator_id" + CATALOGUE_DEPENDENT["indicators"])
            self._check_period_start(name, t)
            return
        self.row_findings(name, t, "indicator_id IS NOT NULL AND cat_source IS NULL", "indicator_id",
                          "cross_file", "'indicator_id ' || indicator_id || ' is not in indicator_catalogue.csv'",
                          "indicator_id__raw")
        self.row_findings(name, t, "cat_source = 'computed'", "indicator_id", "cross_file",
                          "'indicator_id ' || indicator_id || ' is computed by the dashboard from the "
                          "record-level files and must not be supplied'", "indicator_id__raw")
        self._check_period_start(name, t)
        self._check_unit_range(name, t)
        expected = ("CASE cat_unit WHEN 'percent' THEN 100.0 * numerator / denominator "
                    "WHEN 'rate_per_10k' THEN 10000.0 * numerator / denominator "
                    "ELSE 1.0 * numerator / denominator END")
        # datasets.md: compared in hundredths, |round(100·value) − round(100·e)| ≤ 5.
        self.row_findings(
            name, t,
            f"cat_unit <> 'count' AND numerator IS NOT NULL AND denominator > 0 AND "
            f"abs(round(100 * value) - round(100 * ({expected}))) > 5",
            "value", "value_mismatch",
            f"'value ' || value__raw || ' does not match numerator ' || numerator || ' / denominator ' "
            f"|| denominator || ' (expected ' || round({expected}, 2) || ')'", "value__raw")
        # datasets.md: on a count indicator numerator and denominator are ignored (a
        # warning), so their own type and range errors do not reject the row.
        self.con.execute(f"""
            DELETE FROM findings WHERE file = {q(name)} AND "column" IN ('numerator', 'denominator')
              AND rule IN ('type', 'range')
              AND "row" IN (SELECT _row FROM {t} WHERE cat_unit = 'count')
        """)
        self.row_findings(name, t, "cat_unit = 'count' AND (numerator__raw IS NOT NULL OR denominator__raw IS NOT NULL)",
                          "numerator", "ignored_value",
                          "'numerator ' || coalesce(numerator__raw, 'empty') || ' and denominator ' || "
                          "coalesce(denominator__raw, 'empty') || ' are ignored: ' || indicator_id || "
                          "' is a count indicator'",
                          "numerator__raw", severity=WARNING)
        self.con.execute(f"""
            UPDATE {t} SET numerator = NULL, denominator = NULL WHERE cat_unit = 'count'
        """)

    def _check_commentary(self, spec: C.FileSpec, name: str) -> None:
        t = "parsed_commentary"
        self._join_catalogue(t)
        # datasets.md: an area comment (no indicator_id) is about a month.
        self._check_period_start(
            name, t, "CASE WHEN indicator_id__raw IS NULL THEN 'monthly' ELSE cat_frequency END")

    def _check_indicator_benchmarks(self, spec: C.FileSpec, name: str) -> None:
        t = "parsed_indicator_benchmarks"
        self._join_catalogue(t)
        self._check_period_start(name, t)
        self._check_unit_range(name, t)  # cat_unit is NULL without the catalogue: not checked

    def _check_indicator_breaks(self, spec: C.FileSpec, name: str) -> None:
        t = "parsed_indicator_breaks"
        self._join_catalogue(t)
        self._check_period_start(name, t)

    def _check_audits(self, spec: C.FileSpec, name: str) -> None:
        t = "parsed_audits"
        self.row_findings(
            name, t,
            "reaudit_of IS NOT NULL AND reaudit_of NOT IN (SELECT audit_id FROM parsed_audits "
            "WHERE audit_id IS NOT NULL)", "reaudit_of", "cross_row",
            "'reaudit_of ' || reaudit_of || ' is not an audit_id in this file'", "reaudit_of__raw")
        self.row_findings(
            name, t,
            "_row IN (SELECT _row FROM (SELECT _row, reaudit_of, first_value(reaudit_of) OVER "
            "(PARTITION BY audit_id ORDER BY _row) AS first_reaudit FROM parsed_audits "
            "WHERE audit_id IS NOT NULL) WHERE reaudit_of IS DISTINCT FROM first_reaudit)",
            "reaudit_of", "cross_row",
            "'reaudit_of ' || coalesce(reaudit_of, 'empty') || ' differs from the first row of audit ' "
            "|| audit_id || ' (every row of an audit must name the same reaudit_of)'", "reaudit_of__raw")

    def _check_self_assessments(self, spec: C.FileSpec, name: str) -> None:
        """datasets.md: framework, agency, due_on and submitted_on are the same on every
        row of one (round, organisation).  The reference row is the organisation's first
        row in the round, in file order, among rows that pass every other row and
        cross-file rule (so this runs after them, and before uniqueness); a row that
        differs from it is quarantined, one finding per differing column."""
        t = "parsed_self_assessments"
        org = match_sql(spec.column("organisation"))
        firsts = ", ".join(
            f"first_value({c}) OVER w AS first_{c}, first_value({c}__raw) OVER w AS first_{c}__raw"
            for c in C.SAME_PER_ORGANISATION)
        self.con.execute(f"""
            CREATE OR REPLACE TEMP TABLE sa_first AS
            SELECT *, first_value(_row) OVER w AS first_row,
                   first_value(organisation) OVER w AS first_organisation, {firsts}
            FROM {t}
            WHERE round IS NOT NULL AND organisation IS NOT NULL
              AND _row NOT IN {self._errors_subquery(name)}
            WINDOW w AS (PARTITION BY round, {org} ORDER BY _row)
        """)
        for c in C.SAME_PER_ORGANISATION:
            self.row_findings(
                name, "sa_first", f"_row <> first_row AND {c} IS DISTINCT FROM first_{c}",
                c, "same_per_organisation",
                f"'{c} ' || {C._fmt(c)} || ' differs from ' || coalesce(first_{c}__raw, 'empty') "
                f"|| ' on row ' || first_row || ', the first row of organisation ' || first_organisation "
                f"|| ' in round ' "
                f"|| round || ' (framework, agency, due_on and submitted_on must be the same on "
                f"every row of one organisation in a round)'",
                f"{c}__raw")
        self.con.execute("DROP TABLE sa_first")

    # ---- uniqueness, ignored values, publication ----------------------------------
    def _errors_subquery(self, name: str) -> str:
        return (f"(SELECT \"row\" FROM findings WHERE file = {q(name)} AND severity = 'error' "
                f"AND \"row\" IS NOT NULL)")

    def _check_unique(self, spec: C.FileSpec, name: str) -> None:
        if not spec.key:
            return
        key = ", ".join(match_sql(spec.column(k)) for k in spec.key)
        shown = " || ', ' || ".join(f"coalesce(CAST({k} AS VARCHAR), '')" for k in spec.key)
        label = ", ".join(spec.key)
        self._seq += 1
        self.con.execute(f"""
            INSERT INTO findings
            SELECT 'error', {q(name)}, _row, {q(label)}, {shown}, 'unique',
                   {q(label + ' ')} || {shown} || ' repeats row ' || first_row
                   || ' (the first row with this key is kept)', {self._seq}
            FROM (
                SELECT _row, {", ".join(spec.key)}, min(_row) OVER (PARTITION BY {key}) AS first_row
                FROM parsed_{spec.stem}
                WHERE _row NOT IN {self._errors_subquery(name)}
            ) WHERE _row > first_row
        """)

    def _apply_ignores(self, spec: C.FileSpec, name: str) -> None:
        t = f"parsed_{spec.stem}"
        for rule in spec.ignore:
            for col in rule.columns:
                self.row_findings(name, t,
                                  f"({rule.when}) AND {col} IS NOT NULL AND _row NOT IN {self._errors_subquery(name)}",
                                  col, "ignored_value", f"{q(col + ' ' )} || {col}__raw || {q(': ' + rule.message)}",
                                  f"{col}__raw", severity=WARNING)
                self.con.execute(f"UPDATE {t} SET {col} = NULL WHERE {rule.when}")

    def _publish(self, spec: C.FileSpec) -> None:
        errors = self._errors_subquery(self.sources[spec.stem].name)
        # The quarantined rows, typed where a value parses (NULL where it does not), so
        # that the data-quality page can tell which indicator and period a rejected
        # indicators.csv row was for ("returned but rejected", metrics.md "Data returns").
        self.con.execute(f"""
            INSERT INTO quarantined_{spec.stem}
            SELECT _row, {", ".join(c.name for c in spec.columns)} FROM parsed_{spec.stem}
            WHERE _row IN {errors} ORDER BY _row
        """)
        cols = []
        for c in spec.columns:
            if c.kind == C.NAME:
                # the first spelling among accepted rows (WHERE runs before the window)
                cols.append(f"first_value({c.name}) OVER (PARTITION BY {match_sql(c)} "
                            f"ORDER BY _row) AS {c.name}")
                cols.append(f"{match_sql(c)} AS {c.name}_key")
            else:
                cols.append(c.name)
        self.con.execute(f"""
            CREATE OR REPLACE TABLE {spec.stem} AS
            SELECT _row, {", ".join(cols)} FROM parsed_{spec.stem}
            WHERE _row NOT IN {errors}
            ORDER BY _row
        """)
        self.con.execute(f"DROP TABLE parsed_{spec.stem}")
        self.file_stats[spec.stem]["rows_accepted"] = self.con.execute(
            f"SELECT count(*) FROM {spec.stem}").fetchall()[0][0]

    def report(self) -> pd.DataFrame:
        return report_frame(self.findings())

    def findings(self) -> pd.DataFrame:
        """The findings table as recorded (with `seq`, the order they were found in)."""
        return findings_frame(self.con)


def findings_frame(con) -> pd.DataFrame:
    return con.execute(
        'SELECT severity, file, "row", "column", value, rule, message, seq FROM findings'
    ).df()


def report_frame(findings: pd.DataFrame) -> pd.DataFrame:
    """The validation report from recorded findings: by file in contract order, then
    row (file-level findings first), then the order they were found in."""
    order = {f.stem: i for i, f in enumerate(C.FILES)}
    df = findings.copy()
    df["_file_order"] = df["file"].map(lambda f: order.get(Path(str(f)).stem, len(order)))
    df = df.sort_values(["_file_order", "row", "seq"], na_position="first", kind="stable")
    df = df.drop(columns=["_file_order", "seq"]).reset_index(drop=True)
    for col in ("value", "message"):
        df[col] = df[col].map(_shorten)
    df["row"] = df["row"].astype("Int64")
    return df


REPORT_TEXT_LIMIT = 300


def _shorten(text):
    """Report cells stay readable: a huge cell is cut, saying how long it was."""
    if isinstance(text, str) and len(text) > REPORT_TEXT_LIMIT:
        return f"{text[:REPORT_TEXT_LIMIT]}… ({len(text):,} characters)"
    return text
