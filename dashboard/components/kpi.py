"""Headline figure tile: the figure, its label and a small trend (line + words)."""
from __future__ import annotations

import base64
from collections.abc import Sequence

from dash import dcc, html

from dashboard.components.charts import sparkline_svg
from dashboard.components.format import DASH, format_value, is_missing

def trend_words(points: Sequence[tuple[str, float | None]], unit: str | None,
                span: str) -> str:
    """'Last 12 months: 81.0% (2023-04) to 86.2% (2024-03)' — the trend in words."""
    known = [(p, v) for p, v in points if not is_missing(v)]
    if not known:
        return f"{span}: no values"
    (p0, v0), (p1, v1) = known[0], known[-1]
    if len(known) == 1:
        return f"{span}: {format_value(v1, unit)} ({p1})"
    return f"{span}: {format_value(v0, unit)} ({p0}) to {format_value(v1, unit)} ({p1})"


def kpi_tile(*, key: str, label: str, value, unit: str | None,
             points: Sequence[tuple[str, float | None]] | None, span: str,
             unavailable: html.Div | None = None, note: html.Div | None = None,
             period: str | None = None, definition_href: str | None = None,
             page_href: str | None = None, target: dict | None = None) -> html.Div:
    """A headline tile. `unavailable` replaces the figure when its data is missing;
    `note` follows it (say, rows of its file that were rejected); `period` says what
    the figure covers ("12 months to 31 Oct 2026"); `definition_href` links to the
    figure's definition; `page_href` makes its title open the figure's deep dive;
    `target` ({target, polarity}) draws the target on the trend and says it in words."""
    title = dcc.Link(label, href=page_href) if page_href else label
    body: list = [html.H3(title, className="kpi-label h6 mb-1")]
    if period:
        body.append(html.P(period, className="kpi-period small text-body-secondary mb-1",
                           **{"data-kpi-period": key}))
    if unavailable is not None:
        body.append(unavailable)
    else:
        text = format_value(value, unit)
        body.append(html.P(text, className="kpi-value mb-1", **{"data-kpi-value": key}))
        if target:
            sign = "≥" if target.get("polarity") == "higher_is_better" else "≤"
            body.append(html.P(f"Target {sign} {format_value(target['target'], unit)}",
                               className="small mb-1", **{"data-kpi-target": key}))
        if points:
            words = trend_words(points, unit, span)
            svg = sparkline_svg(points, unit=unit, target=(target or {}).get("target"))
            body.append(html.Div(
                # the trend in words follows; the drawing is for the eye only
                html.Img(src="data:image/svg+xml;base64,"
                         + base64.b64encode(svg.encode()).decode("ascii"),
                         alt="", className="kpi-sparkline"),
                **{"aria-hidden": "true"},
            ))
            body.append(html.P(words, className="kpi-trend-text mb-0"))
        elif text == DASH:
            body.append(html.P("No value for this period", className="kpi-trend-text mb-0"))
        if note is not None:
            body.append(html.Div(note, className="mt-2"))
    if definition_href:
        # the link's words name the figure for screen readers, which list links alone
        body.append(html.P(dcc.Link(["What this measures",
                                     html.Span(f": {label}", className="visually-hidden")],
                                    href=definition_href,
                                    className="small definition-link no-print"),
                           className="mb-0 mt-1"))
    return html.Div(html.Div(body, className="card-body"), className="card kpi-tile",
                    **{"data-kpi": key})
