"""The ratings of each organisation on the self-assessment page (/self-assessment): the
standards not met by their effective rating, with both ratings and the follow-up action's
status at as_of, and the organisation-by-standard table (metrics.md "Self-assessments").
Both are hidden in public mode (product.md: the organisation-by-standard table is not
published; the not-met list is its not-met cells), so their downloads are refused there
as record tables' are."""
from __future__ import annotations

from dash import html

from dashboard.analysis.values import plain
from dashboard.components.format import format_date, humanise_code
from dashboard.components.tables import table_view
from dashboard.data import contract as C
from dashboard.views.panels import CODE, DATE, TEXT, Col, Panel, TableData, register, shown

PAGE = "self-assessment"

NOT_MET_COLS = [
    Col("standard", "Standard", TEXT), Col("organisation", "Organisation", TEXT),
    Col("agency", "Agency", CODE), Col("self_rating", "Self-rated", CODE),
    Col("validated_rating", "At challenge", CODE), Col("validated_on", "Tested on", DATE),
    Col("action_id", "Follow-up action", TEXT), Col("recommendation", "Recommendation", TEXT),
    Col("owner", "Owner", TEXT), Col("due_on", "Action due", DATE),
    Col("action_status", "Action status at the as-of date", TEXT),
]


def standard_label(framework: str, standard: str) -> str:
    """'Section 11, standard 3', 'Section 175, standard s175-2'."""
    return f"{humanise_code(framework)}, standard {standard}"


def agency_first(rows: list[dict]) -> list[dict]:
    """Organisations in the agencies' contract order (local authority, police, health,
    …, as the chart by agency), then by name: the order people read them in."""
    def key(r):
        agency = r.get("agency")
        return (C.AGENCIES.index(agency) if agency in C.AGENCIES else len(C.AGENCIES),
                str(r.get("organisation")).lower())
    return sorted(rows, key=key)


def rating_words(r: dict) -> str | None:
    """A cell of the organisation-by-standard table: the effective rating in words, the
    self-rating beside it where the challenge changed it."""
    if not r.get("has_returned"):
        return "Not returned"
    effective, own = r.get("effective_rating"), r.get("self_rating")
    validated = r.get("validated_rating")
    if not isinstance(effective, str):
        return None
    words = humanise_code(effective)
    if isinstance(validated, str) and validated != own:
        return f"{words} (self-rated {humanise_code(own).lower()})"
    if isinstance(validated, str):
        return f"{words} (confirmed)"
    return words


def _matrix_data(framework: str):
    def data(ds, filters, state) -> TableData:
        frame = ds.run("self_assessment_ratings", filters)
        ratings = frame[frame["framework"] == framework].to_dict("records")
        standards = sorted({(r["standard_order"], r["standard"]) for r in ratings})
        keys = {s: f"standard_{i}" for i, (_, s) in enumerate(standards, start=1)}
        columns = [Col("organisation", "Organisation", TEXT), Col("agency", "Agency", CODE)] + [
            Col(keys[s], f"Standard {s}", TEXT, sortable=False) for _, s in standards]
        rows: dict[str, dict] = {}
        for r in ratings:
            row = rows.setdefault(r["organisation_key"], {"organisation": r["organisation"],
                                                          "agency": r["agency"]})
            row[keys[r["standard"]]] = rating_words(r)
        return TableData(columns=columns, rows=agency_first(list(rows.values())),
                         implies_total=False)
    return data


def action_status_words(r: dict) -> str:
    """The follow-up action's status at as_of, in words (metrics.md "Actions")."""
    status = r.get("action_status")
    if not isinstance(r.get("action_id"), str):
        return "No follow-up action named"
    if not isinstance(status, str):
        return "Not found in the actions file"
    if status == "not_raised":
        return "Not raised by the as-of date"
    words = humanise_code(status)
    if r.get("overdue"):
        days = int(r["days_overdue"])
        words += f", overdue by {days} day{'' if days == 1 else 's'}"
    return words


def _not_met_data(ds, filters, state) -> TableData:
    rows = []
    for r in ds.run("self_assessment_not_met", filters).to_dict("records"):
        rows.append({c.key: plain(r.get(c.key)) for c in NOT_MET_COLS}
                    | {"standard": standard_label(r["framework"], r["standard"]),
                       "action_status": action_status_words(r)})
    return TableData(columns=NOT_MET_COLS, rows=rows, implies_total=False)


# the ratings of each organisation: hidden in public mode (product.md), so their
# downloads are refused there as record tables' are
NOT_MET_PANEL = register(Panel(PAGE, "not-met", "Standards not met, with their follow-up "
                               "actions", _not_met_data, records=True))
MATRIX_PANELS = {fw: register(Panel(PAGE, f"ratings-{fw.replace('_', '-')}",
                                    f"{humanise_code(fw)}: ratings by organisation and "
                                    "standard", _matrix_data(fw), records=True))
                 for fw in C.FRAMEWORKS}


def _public_note(what: str) -> html.P:
    return html.P(f"{what} are hidden in public mode: the ratings of each organisation "
                  "are not published.", className="mb-2")


def not_met_section(ds, filters, state, search: str) -> html.Section:
    hid = "not-met-heading"
    parts: list = [html.H2("Standards not met", className="h4", id=hid),
                   html.P("By effective rating: the rating at challenge where the standard "
                          "was tested by the as-of date, else the organisation's own. Each "
                          "shows both ratings, its follow-up action and that action's "
                          f"status at {format_date(ds.as_of)}.",
                          className="small text-body-secondary")]
    if filters.public:
        n = len(NOT_MET_PANEL.data(ds, filters, state).rows)
        parts += [_public_note("The standards not met by each organisation"),
                  html.P(f"{n} rating{'' if n == 1 else 's'} not met by effective rating.",
                         **{"data-not-met-count": str(n)})]
    else:
        table = shown(NOT_MET_PANEL, ds, filters, state)
        parts.append(table_view(table, "Standards not met by effective rating (every row's "
                                "effective rating is not met)",
                                table_id="not-met-table",
                                download_href=NOT_MET_PANEL.download_href, search=search))
    return html.Section(parts, className="mb-4", **{"aria-labelledby": hid})


def matrix_section(ds, filters, state, search: str) -> html.Section:
    hid = "ratings-heading"
    parts: list = [html.H2("Ratings by organisation and standard", className="h4", id=hid)]
    if filters.public:
        parts.append(_public_note("The ratings by organisation and standard"))
        return html.Section(parts, className="mb-4", id="ratings-matrix",
                            **{"aria-labelledby": hid})
    parts.append(html.P("Each cell is the effective rating: the rating at challenge where "
                        "the standard was tested by the as-of date, else the organisation's "
                        "own. Where the challenge changed it, the self-rating follows in "
                        "brackets; “confirmed” means it was tested and kept.",
                        className="small text-body-secondary"))
    for fw, panel in MATRIX_PANELS.items():
        table = shown(panel, ds, filters, state)
        if table.rows:
            parts.append(table_view(table, panel.title, table_id=f"{panel.key}-table",
                                    download_href=panel.download_href, search=search))
    return html.Section(parts, className="mb-4", id="ratings-matrix",
                        **{"aria-labelledby": hid})
