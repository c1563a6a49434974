"""The meeting pack's progress page (/meeting-pack): what the pack will hold, then the
job's progress while it is drawn (polled every second), then the link to the PDF.

The navbar's "Meeting pack (PDF)" opens this page with the current filters (public
mode included). Opening it starts the pack's job unless the pack is on disk or being
drawn already (by this worker or another: dashboard/pack_jobs.py); each poll is a short
request, so the half minute of drawing never meets the server's request timeout.
"""
from __future__ import annotations

from dash import html

from dashboard.components.format import format_number

POLL_MS = 1000


def _size(n: int | None) -> str:
    if not n:
        return ""
    return f" ({format_number(n / 1_000_000, 1)} MB)" if n >= 100_000 else \
        f" ({format_number(max(n / 1000, 1), 0)} kB)"


def status_view(status: dict, pdf_href: str) -> tuple[list, bool, dict]:
    """(what the status region shows, whether polling stops, the retry button's style)
    for a job's status (pack_jobs.read_status)."""
    state = status.get("state")
    hidden = {"display": "none"}
    if state == "done":
        return [html.P(f"The meeting pack is ready{_size(status.get('bytes'))}.",
                       className="mb-2", **{"data-pack-state": "done"}),
                html.A("Download the meeting pack (PDF)", href=pdf_href, id="pack-download",
                       className="btn btn-primary")], True, hidden
    if state == "failed":
        return [html.P(["The meeting pack could not be prepared: ",
                        status.get("message") or "an unexpected error occurred."],
                       className="alert alert-danger", **{"data-pack-state": "failed"})
                ], True, {}
    step, steps = int(status.get("step") or 0), max(int(status.get("steps") or 1), 1)
    message = status.get("message") or "Starting"
    return [html.P(f"Preparing the meeting pack: {message}.", className="mb-1",
                   **{"data-pack-state": "running"}),
            html.Progress(value=str(min(step, steps)), max=str(steps), id="pack-progress",
                          **{"aria-label": "Meeting pack progress"},
                          className="pack-progress", style={"width": "min(30rem, 100%)"}),
            html.P("The first pack for these figures takes about half a minute; the same "
                   "pack is then ready at once for everyone. You may leave this page open "
                   "or come back to it.", className="small text-body-secondary mt-1")
            ], False, hidden


def layout(view_words: tuple[str, str], public: bool, status: dict, pdf_href: str) -> html.Div:
    """The page: what the pack holds and for which view, and its status so far."""
    from dash import dcc

    period, chosen = view_words
    children, stop, retry_style = status_view(status, pdf_href)
    return html.Div([
        html.H1("Meeting pack", className="h2"),
        html.P("A PDF of the cover (every area's RAG and the contents), the Overview, every "
               "priority area, overdue actions, case-review timeliness, the funding summary "
               "and missing returns, with page numbers.", className="lead"),
        html.Dl([html.Dt("Period"), html.Dd(period, id="pack-period"),
                 html.Dt("Filters"), html.Dd(chosen, id="pack-filters")]
                + ([html.Dt("Version"), html.Dd("Public: small numbers are suppressed and "
                                                "record-level tables left out",
                                                id="pack-public-version")] if public else []),
                className="pack-view"),
        html.Div(children, id="pack-status", role="status", **{"aria-live": "polite"}),
        html.Button("Try again", id="pack-retry", n_clicks=0, className="btn btn-secondary mt-2",
                    style=retry_style),
        dcc.Interval(id="pack-poll", interval=POLL_MS, disabled=stop),
    ], id="meeting-pack-page")
