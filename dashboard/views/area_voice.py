"""What a priority area page shows beside its indicators (metrics.md "Linked actions" and
"Commentary"): the area's latest comment, with its author and date, and the area's
voice figures with its latest "you said, we did" entries. Data text is shown as text."""
from __future__ import annotations

from dash import dcc, html

from dashboard.address import merge_search
from dashboard.components.format import (
    format_date, format_number, format_period, format_value, humanise_code,
)
from dashboard.metrics import voice_section

LATEST_ENTRIES = 3


def area_comment(c: dict | None) -> html.Section | None:
    """The area's latest comment (no indicator_id; greatest written_on by as_of: the one
    summary's areas[].comment_id names, from metrics.indicator_context), or None."""
    if not c:
        return None
    parts = [html.H2("Latest comment on the area", className="h5", id="area-comment-heading"),
             html.P(c.get("comment") or "", className="mb-1 comment-text")]
    if c.get("next_steps"):
        parts.append(html.P([html.Strong("Next steps: "), c["next_steps"]], className="mb-1"))
    parts.append(html.P(f"{c.get('author')}, {format_date(c.get('written_on'))} · about "
                        f"{format_period(c.get('period_start'), 'monthly')}",
                        className="small text-body-secondary mb-0"))
    return html.Section(parts, className="comment border-start border-3 ps-2 mb-4",
                        **{"data-area-comment": c.get("comment_id"),
                           "aria-labelledby": "area-comment-heading"})


def _entry(r: dict) -> html.Li:
    responded = r.get("responded_on")
    heard = (f"Heard {format_date(r.get('heard_on'))} from "
             f"{humanise_code(r.get('source')).lower()} ({humanise_code(r.get('channel')).lower()})")
    done = ([html.Strong("We did: "), r.get("we_did") or "",
             f" (responded {format_date(responded)}"
             + (f", fed back {format_date(r.get('fed_back_on'))})" if r.get("fed_back_on")
                else ")")]
            if isinstance(r.get("we_did"), str) else [html.Strong("We did: "),
                                                     "no response yet."])
    return html.Li([html.P([html.Strong(r.get("theme") or ""), f" · {heard}"],
                           className="small text-body-secondary mb-1"),
                    html.P([html.Strong("You said: "), r.get("you_said") or ""], className="mb-1"),
                    html.P(done, className="mb-0")],
                   className="mb-2 border-start border-3 ps-2",
                   **{"data-voice-entry": r.get("voice_id")})


def voice_body(ds, filters, area_id: str, qs: str) -> html.Div:
    """The area's voice figures (summary's voice section under the area filter) and its
    latest entries heard in the period, latest first."""
    v = voice_section(ds, filters, ds.as_of) or {}
    sources = ", ".join(f"{humanise_code(s).lower()} {n:,}"
                        for s, n in (v.get("by_source") or {}).items())
    figures = [
        ("voice.heard", "Heard", f"{v.get('heard') or 0:,} ({sources})"),
        ("voice.responded_pct", "Responded", format_value(v.get("responded_pct"), "percent")),
        ("voice.fed_back_pct", "Fed back", format_value(v.get("fed_back_pct"), "percent")),
        ("voice.median_days_to_response", "Days to respond (median)",
         format_number(v.get("median_days_to_response"))),
        ("voice.awaiting_over_90d", "Awaiting a response over 90 days (heard on any date)",
         f"{v.get('awaiting_over_90d') or 0:,}"),
    ]
    items = []
    for key, label, value in figures:
        items += [html.Dt(label, className="col-sm-5 fw-normal"),
                  html.Dd(value, className="col-sm-7 fw-semibold mb-1",
                          **{"data-voice-figure": key})]
    frame, _ = ds.run_table("voice_log", filters, view="all", search=None, source=None,
                            channel=None, sort="heard_on", descending=True,
                            limit=LATEST_ENTRIES)
    entries = frame.to_dict("records")
    latest = (html.Ul([_entry(r) for r in entries], className="list-unstyled mb-1")
              if entries else html.P("Nothing heard about this area in the period."))
    return html.Div([
        html.Dl(items, className="row mb-2", id="area-voice-figures",
                style={"maxWidth": "48rem"}),
        html.H3("Latest “you said, we did”", className="h6"),
        latest,
        html.P(dcc.Link("See everything heard about this area",
                        href="/voice" + merge_search(qs, {"area": area_id})),
               className="small no-print"),
    ])
