"""Messages: a panel whose data is missing, a page not found, a refused filter."""
from __future__ import annotations

from dash import dcc, html

VALIDATION_HREF = "/data-quality"


def unavailable(what: str, reason: str | None, query_string: str = "") -> html.Div:
    """'<what> cannot be shown: <reason>.' with a link to the validation report."""
    reason = (reason or "its data file is missing or could not be read").rstrip(".")
    return html.Div(
        [
            html.Strong(f"{what} cannot be shown: "),
            html.Span(reason + ". "),
            dcc.Link("See the validation report", href=VALIDATION_HREF + query_string),
            ".",
        ],
        className="unavailable-note alert alert-light border mb-2 p-2",
        **{"data-unavailable": what},
    )


def rejected_note(what: str, rows: int, file_name: str,
                  query_string: str = "") -> html.Div | None:
    """'<what>: 3 rows of actions.csv were rejected and are left out.' with a link to the
    validation report; None when no row was rejected."""
    if not rows:
        return None
    counted = "1 row" if rows == 1 else f"{rows:,} rows"
    verb = "was" if rows == 1 else "were"
    return html.Div(
        [
            html.Strong(f"{what}: "),
            html.Span(f"{counted} of {file_name} {verb} rejected and {'is' if rows == 1 else 'are'}"
                      " left out. "),
            dcc.Link("See the validation report", href=VALIDATION_HREF + query_string),
            ".",
        ],
        className="unavailable-note rejected-note alert alert-light border mb-2 p-2 small",
        **{"data-rejected": file_name},
    )


def not_found(title: str, message: str, links: list[tuple[str, str]] | None = None) -> html.Div:
    """A proper 'not found' page: what was asked for, and where to go instead."""
    items = [html.Li(dcc.Link(text, href=href)) for text, href in (links or [])]
    return html.Div(
        [
            html.H1(title),
            html.P(message, className="lead"),
            html.P("You can go to:") if items else None,
            html.Ul(items) if items else None,
        ],
        className="not-found py-3", **{"data-not-found": "true"},
    )


def filter_refused(message: str, clear_href: str) -> html.Div:
    return html.Div(
        [
            html.H2("This view's filters were refused", className="h5"),
            html.P(message, className="mb-1"),
            dcc.Link("Clear the filters", href=clear_href),
        ],
        className="alert alert-warning mt-3", role="alert", **{"data-filter-error": "true"},
    )


def not_narrowed_note(filters, query_names, what: str) -> html.P | None:
    """'The agency filter does not narrow <what>.': which set filters do not narrow a
    figure follows from the parameters its queries take (filters.not_narrowing)."""
    from dashboard.filters import not_narrowing, period_chosen

    labels = [label for label in not_narrowing(filters, query_names)
              if label != "period" or period_chosen(filters)]
    if not labels:
        return None
    words = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    verb = "does" if len(labels) == 1 else "do"
    return html.P(f"The {words} {verb} not narrow {what}.",
                  className="small text-body-secondary mb-2 not-narrowed",
                  **{"data-not-narrowed": ",".join(labels)})
