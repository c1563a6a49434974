"""What a deep-dive chart shows, in words (each chart's caption), and the small pieces
of breakdown tables that several pages share: period rows with their words, and area
names for area_ids. Suppressed values ("c" in public mode) are never named as highest
or lowest."""
from __future__ import annotations

from dashboard.analysis.periods import is_period_start, period_end, period_start
from dashboard.components.format import format_date, format_period
from dashboard.views import queries
from dashboard.views.deepdive import code_rows
from dashboard.views.panels import Col, TableData, cell_text


def _known(table: TableData, col: Col) -> list[dict]:
    return [r for r in table.rows if isinstance(r.get(col.key), (int, float))
            and not isinstance(r.get(col.key), bool)]


def bar_words(table: TableData, col: Col, noun: str, empty: str) -> str:
    """'5 agencies; the highest good or better: Police (90.0%), the lowest: Health
    (60.0%).' (only the highest when all are equal or there is one)."""
    if not table.rows:
        return empty
    known = _known(table, col)
    count = f"{len(table.rows)} {noun}"
    if not known:
        return count + "."
    top = max(known, key=lambda r: r[col.key])
    low = min(known, key=lambda r: r[col.key])
    words = (f"{count}; the highest {col.label.lower()}: {top['label']} "
             f"({cell_text(col, top[col.key])})")
    if low is not top and low[col.key] != top[col.key]:
        words += f", the lowest: {low['label']} ({cell_text(col, low[col.key])})"
    return words + "."


def trend_words(table: TableData, col: Col, what: str, empty: str) -> str:
    """'Good or better per quarter from Jan–Mar 2026 (75.0%) to Jul–Sep 2026 (80.0%).'"""
    if not table.rows:
        return empty
    first, last = table.rows[0], table.rows[-1]
    if first is last:
        return f"{what} in {first['label']}: {cell_text(col, first.get(col.key))}."
    return (f"{what} from {first['label']} ({cell_text(col, first.get(col.key))}) to "
            f"{last['label']} ({cell_text(col, last.get(col.key))}).")


def period_rows(records: list[dict], frequency: str) -> list[dict]:
    """A month or quarter breakdown's rows (`Rows.records()`, figures_by): `period` its
    first day (what a click narrows to), `label` its words."""
    rows = code_rows(records)
    for r in rows:
        r["period"] = r["category"]
        r["label"] = format_period(r["category"], frequency)
    return rows


def part_period_note(table: TableData, filters, as_of, frequency: str) -> str:
    """' In this period the first quarter counts from 1 Nov 2025 …' when the first or
    last period drawn is only partly inside the period, else ''."""
    if not table.rows:
        return ""
    date_from, date_to = filters.period(as_of)
    unit = {"quarterly": "quarter", "monthly": "month"}[frequency]
    first, last = str(table.rows[0]["period"]), str(table.rows[-1]["period"])
    parts = []
    if (date_from is not None and not is_period_start(date_from, frequency)
            and first == period_start(date_from, frequency).isoformat()):
        parts.append(f"the first {unit} counts from {format_date(date_from)}")
    if (period_end(period_start(date_to, frequency), frequency) != date_to
            and last == period_start(date_to, frequency).isoformat()):
        parts.append(f"the last {unit} counts to {format_date(date_to)}")
    if not parts:
        return ""
    return " In this period " + " and ".join(parts) + "."


def area_names(ds) -> dict[str, str]:
    """area_id -> its name in priority_areas.csv."""
    return dict(queries.filter_choices(ds)["area"])


def name_areas(ds, rows: list[dict]) -> list[dict]:
    """Breakdown rows by area_id with each area's name as its label (its filter code
    stays the area_id)."""
    names = area_names(ds)
    for r in rows:
        if r.get("code") not in (None, "none"):
            r["label"] = names.get(r["code"], r["code"])
    return rows


def area_order(ds) -> list[str]:
    """area_ids in priority_areas.csv order (the order the Overview lists them)."""
    return list(area_names(ds))


def hidden_parts_note(table: TableData, cols) -> str:
    """' Parts shown as c are not drawn, …' when public mode hid a part of a stacked bar
    (its total is still written at its end), else ''."""
    if any(r.get(c.key) == "c" for r in table.rows for c in cols):
        return (" Parts suppressed in public mode (c) are not drawn, so a bar can stop "
                "short of the total written beside it.")
    return ""


def deep_chart(panel, table: TableData, figure, *, words: str, empty: str, search: str = "",
               drill_param: str | None = None, label_key: str | None = None,
               code_key: str | None = None):
    """chart_panel, or when the filters leave nothing to draw, the panel saying so
    (without empty axes or an offer to click)."""
    from dashboard.components.breakdown import chart_panel
    from dashboard.components.series_charts import empty_figure

    if not table.rows:
        return chart_panel(panel, table, empty_figure(), words=empty, search=search)
    return chart_panel(panel, table, figure, words=words, search=search,
                       drill_param=drill_param, label_key=label_key, code_key=code_key)
