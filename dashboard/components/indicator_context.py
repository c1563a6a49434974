"""What an indicator card says beside its chart (metrics.md "Context on indicators"):
the published benchmarks and a change of method in words, the owner's latest comment,
and the actions meant to move the indicator. Data text is always rendered as text."""
from __future__ import annotations

from dash import html

from dashboard.analysis.values import to_date
from dashboard.components.format import (
    format_date, format_period, format_value, humanise_code, overdue_words,
)


def benchmark_words(panel: dict) -> html.P | None:
    """'England 28.4 (Apr 2023) · Region 26.1 (Apr 2023)': each comparator's latest
    published value, in the indicator's unit and period format, the source on hover."""
    series = panel.get("benchmark_series") or {}
    if not series:
        return None
    parts: list = ["Benchmarks: "]
    for i, (comparator, steps) in enumerate(series.items()):
        period, value, source = steps[-1]
        if i:
            parts.append(" · ")
        parts.append(html.Span(
            f"{humanise_code(comparator)} {format_value(value, panel.get('unit'))} "
            f"({format_period(period, panel.get('frequency'))})",
            title=f"Source: {source}" if source else "Source not given",
            **{"data-benchmark": comparator}))
    return html.P(parts, className="small mb-2 benchmarks")


def break_words(panel: dict) -> html.P | None:
    """The latest change of method and what it means for the chart."""
    breaks = panel.get("breaks") or []
    start = panel.get("break_from")
    if not breaks or not start:
        return None
    reason = next((r for b, r in breaks if b == to_date(start)), "")
    freq = panel.get("frequency")
    return html.P(
        [html.Strong("Method changed from "), html.Strong(format_period(start, freq)),
         f": {reason}. Mean, limits and special-cause rules start again from then."],
        className="small mb-2 method-break", **{"data-break-from": start})


def comment_block(panel: dict) -> html.Div | None:
    """The owner's latest comment: what it says, next steps, who wrote it and when; a
    note when it is about a period before the latest figures."""
    c = panel.get("comment")
    if not c:
        return None
    freq = panel.get("frequency")
    about = to_date(c.get("period_start"))
    latest = to_date(panel.get("latest_period"))
    parts = [html.P([html.Strong("Commentary: "), c.get("comment") or ""],
                    className="mb-1 comment-text")]
    if c.get("next_steps"):
        parts.append(html.P([html.Strong("Next steps: "), c["next_steps"]], className="mb-1"))
    meta = f"{c.get('author')}, {format_date(c.get('written_on'))}"
    if about and latest and about < latest:
        meta += (f" · written about {format_period(about, freq)}, before the latest "
                 "figures")
    elif about:
        meta += f" · about {format_period(about, freq)}"
    parts.append(html.P(meta, className="small text-body-secondary mb-0"))
    return html.Div(parts, className="comment border-start border-3 ps-2 mb-2",
                    **{"data-comment": c.get("comment_id")})


MAX_LINKED_ACTIONS = 5  # open ones come first; the rest are counted


def linked_actions(rows: list[dict]) -> html.Div | None:
    """The actions meant to move this indicator, with their status at as_of (open and
    overdue first; beyond MAX_LINKED_ACTIONS, how many more)."""
    if not rows:
        return None
    items = []
    for r in rows[:MAX_LINKED_ACTIONS]:
        status = humanise_code(r.get("status"))
        if r.get("days_overdue") is not None:
            status = overdue_words(r["days_overdue"])
        items.append(html.Li([html.Span(r.get("action_id") or "", className="fw-semibold text-nowrap"),
                              f": {r.get('recommendation') or ''} ({r.get('owner')}; {status})"]))
    if len(rows) > MAX_LINKED_ACTIONS:
        items.append(html.Li(f"and {len(rows) - MAX_LINKED_ACTIONS} more"))
    return html.Div([html.P("Actions meant to move this indicator:", className="small mb-1"),
                     html.Ul(items, className="small mb-2 linked-actions")])
