"""Overview: a tile per priority area and the headline figures with their trends."""
from __future__ import annotations

from dash import dcc, html

from dashboard.address import merge_search
from dashboard.analysis.rag import GREY_TEXT
from dashboard.components.format import (
    covers_words, format_date, format_period, period_words,
)
from dashboard.components.kpi import kpi_tile
from dashboard.components.notices import rejected_note, unavailable
from dashboard.components.rag import rag_badge, rag_counts_list, variation_icon
from dashboard.definitions import definition_href
from dashboard.filters import not_narrowing, period_chosen
from dashboard.headlines import HEADLINES, MONTH_ENDS, MONTHS, QUARTERS
from dashboard.views import queries
from dashboard.views.area import worst_first

# The queries whose parameters say which filters narrow the Overview.
QUERIES = ("indicator_set", *dict.fromkeys(h.query for h in HEADLINES))
# The files behind the area tiles and indicator cards (a rejected row changes a RAG).
INDICATOR_STEMS = ("priority_areas", "indicator_catalogue", "indicators")
# How each headline's figure is named in the "does not narrow" note.
NOTE_NAMES = {"mash": "front door", "audits": "audits", "actions": "overdue actions",
              "case_reviews": "case reviews", "funding": "funding"}


def _words(items) -> str:
    """'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def trend_label(label: str, trend: str) -> str:
    """A trend point's label as people say it: 'Nov 2025', 'Oct–Dec 2023', '31 Oct 2026'."""
    try:
        if trend == MONTHS:
            return format_period(label, "monthly")
        if trend == QUARTERS:
            return format_period(label, "quarterly")
        if trend == MONTH_ENDS:
            return format_date(label)
    except ValueError:
        pass
    return str(label)


def period_text(figures: dict) -> str:
    return ("Period: " + period_words(figures.get("from"), figures.get("to"),
                                      figures.get("from_chosen", True)))


def headline_period(h, figures: dict) -> str:
    """The period a headline figure covers, in words, beside the figure."""
    return covers_words([h.query], (figures.get("from"), figures.get("to")),
                        figures.get("as_of"), figures.get("funding_year"),
                        figures.get("from_chosen", True))


def headline_tiles(ds, figures: dict, query_string: str) -> html.Div:
    tiles = []
    for h in HEADLINES:
        value = figures["headlines"].get(h.key)
        points = [(trend_label(p, h.trend), v) for p, v in figures["trends"].get(h.key) or []]
        note = partial = None
        if not ds.available(h.stem):
            note = unavailable(h.label, ds.unavailable_reason(h.stem) or "its data is missing",
                               query_string)
        else:
            partial = rejected_note("Incomplete", *queries.rejected_rows(ds, h.stem),
                                    query_string)
        span = f"Last {len(points)} {h.trend}" if points else h.trend
        tiles.append(html.Div(
            kpi_tile(key=h.key, label=h.label, value=value, unit=h.unit, points=points,
                     span=span, unavailable=note, note=partial,
                     period=headline_period(h, figures),
                     definition_href=definition_href(h.key),
                     page_href=h.page + query_string,
                     target=(figures.get("targets") or {}).get(h.key)),
            className="col-12 col-sm-6 col-xl col-print-4",
        ))
    return html.Div(tiles, className="row g-3")


MAX_NAMED = 3  # a tile names at most three red or amber indicators, then "and N more"


def _names(panels: list[dict]) -> str:
    names = [p.get("name") or p["indicator_id"] for p in panels]
    if len(names) <= MAX_NAMED:
        return _words(names)
    return ", ".join(names[:MAX_NAMED]) + f" and {len(names) - MAX_NAMED} more"


def why_lines(mine: list[dict]) -> list:
    """Why the area has its RAG: the red and amber indicators by name (worst first), and
    which grey each grey one is."""
    lines = []
    for rag in ("red", "amber"):
        these = [p for p in mine if p.get("rag") == rag]
        if these:
            lines.append(html.Li([html.Strong(f"{rag.capitalize()}: "), _names(these)],
                                 **{"data-why": rag}))
    greys: dict[str, int] = {}
    for p in mine:
        if p.get("rag") == "grey" and p.get("grey_reason"):
            greys[p["grey_reason"]] = greys.get(p["grey_reason"], 0) + 1
    if greys:
        words = [f"{n} {GREY_TEXT[reason]}" for reason, n in greys.items()]
        lines.append(html.Li([html.Strong("Grey: "), _words(words)], **{"data-why": "grey"}))
    return lines


def _count_link(n: int, one: str, many: str, href: str, key: str):
    text = f"{n} {one if n == 1 else many}"
    return html.Li(dcc.Link(text, href=href, className="tile-link") if n else text,
                   **{f"data-{key}": str(n)})


def area_tile(area: dict, summary_area: dict, mine: list[dict], figures: dict,
              query_string: str) -> html.Div:
    rag = summary_area.get("rag") or "grey"
    worst_id = summary_area.get("worst_indicator_id")
    area_id = area["area_id"]
    worst = None
    if worst_id:
        label = next((p for p in mine if p["indicator_id"] == worst_id), {})
        worst = html.P(
            [html.Span("Moving most worryingly: "),
             html.Strong(label.get("name") or worst_id), " ",
             variation_icon("special_cause_concerning", label.get("polarity"))],
            className="worst mb-0")
    elif not mine:
        worst = html.P("No indicators for this area match the filters.",
                       className="worst mb-0 text-body-secondary")
    overdue = (figures.get("overdue_by_area") or {}).get(area_id, 0)
    missing = (figures.get("missing_by_area") or {}).get(area_id, 0)
    scope = merge_search(query_string, {"area": area_id})
    counts = html.Ul(
        [_count_link(overdue, "overdue action", "overdue actions",
                     merge_search(scope, {"rows": "overdue"}).replace("?", "/actions?", 1)
                     if scope else "/actions", "overdue"),
         _count_link(missing, "missing return", "missing returns",
                     "/data-quality" + scope + "#missing-returns", "missing")],
        className="list-unstyled small mb-0 mt-2 tile-counts")
    return html.Div(
        html.Div(
            html.Div(
                [
                    html.H3(
                        dcc.Link(area["name"], href=f"/area/{area_id}{query_string}",
                                 className="stretched-link"),
                        className="card-title h5",
                    ),
                    html.P(["Area RAG: ", rag_badge(rag)], className="mb-2"),
                    rag_counts_list(summary_area),
                    html.Ul(why_lines(mine), className="list-unstyled small mb-0 mt-2 why"),
                    html.Div(worst, className="mt-2") if worst else None,
                    counts,
                    html.P(f"Subgroup: {area.get('subgroup') or '–'}",
                           className="small text-body-secondary mt-2 mb-0"),
                ],
                className="card-body",
            ),
            className=f"card area-tile area-tile-{rag}",
            **{"data-area-tile": area_id, "data-rag": rag},
        ),
        className="col-12 col-md-6 col-xl-4 col-print-4",
    )


def area_tiles(ds, figures: dict, query_string: str) -> html.Div:
    areas_summary = figures.get("areas")
    if areas_summary is None:
        stem = "priority_areas" if not ds.available("priority_areas") else "indicator_catalogue"
        return unavailable("Priority areas", ds.unavailable_reason(stem), query_string)
    by_id = figures.get("area_info") or {}
    panels = worst_first(figures.get("panels") or [])
    tiles = [
        area_tile(by_id.get(a["area_id"], {"area_id": a["area_id"], "name": a["area_id"]}),
                  a, [p for p in panels if p["area_id"] == a["area_id"]], figures,
                  query_string)
        for a in areas_summary
    ]
    if not tiles:
        return html.P("No priority area matches the filters.")
    notes = [rejected_note("Incomplete", *queries.rejected_rows(ds, stem), query_string)
             for stem in INDICATOR_STEMS]
    return html.Div([*[n for n in notes if n is not None],
                     html.Div(tiles, className="row g-3 area-grid")])


def narrowing_notes(filters) -> list:
    """'The agency filter does not narrow the overdue actions, case reviews and funding
    figures.': from the parameters each headline's query takes."""
    by_label: dict[str, list[str]] = {}
    for h in HEADLINES:
        for label in not_narrowing(filters, [h.query]):
            if label != "period" or period_chosen(filters):
                by_label.setdefault(label, []).append(NOTE_NAMES[h.section])
    return [html.P(f"The {label} does not narrow the {_words(names)} figures.",
                   className="small text-body-secondary mb-2 not-narrowed",
                   **{"data-not-narrowed": label})
            for label, names in by_label.items()]


def overview_body(ds, filters, figures: dict, query_string: str) -> html.Div:
    """The Overview, from `metrics.overview_figures` (the same figures as `summary`)."""
    return html.Div(
        [
            html.H1("Overview", className="h2"),
            html.P([period_text(figures), f" · as of {format_date(ds.as_of)}"],
                   className="text-body-secondary", id="overview-period"),
            html.Section(
                [html.H2("Priority areas", className="h4", id="areas-heading"),
                 area_tiles(ds, figures, query_string)],
                className="mb-4", **{"aria-labelledby": "areas-heading"},
            ),
            html.Section(
                [html.H2("Headline figures", className="h4", id="headlines-heading"),
                 *narrowing_notes(filters),
                 headline_tiles(ds, figures, query_string)],
                className="mb-4 keep-together", **{"aria-labelledby": "headlines-heading"},
            ),
        ],
        id="overview",
    )


def render(ds, filters, query_string: str = "") -> html.Div:
    from dashboard.metrics import overview_figures

    figures = overview_figures(ds, filters)
    if filters.public:
        figures = public_headlines(ds, filters, figures)
    return overview_body(ds, filters, figures, query_string)


def public_headlines(ds, filters, figures: dict) -> dict:
    """The Overview's headline figures as public mode shows them: each figure worked
    out from records is its deep-dive page's own public figure (`shown` of the page's
    figures panel, so a percentage of 1 to 5 reviews is c); its trend is left out,
    since the sparkline's points are not suppressed one by one. Counts of actions and
    money are never suppressed (product.md)."""
    from dashboard.headlines import HEADLINES
    from dashboard.views import audits, case_reviews, front_door
    from dashboard.views.panels import shown
    from dashboard.views.state import ViewState

    panels = {"mash": front_door.FIGURES_PANEL, "audits": audits.FIGURES_PANEL,
              "case_reviews": case_reviews.FIGURES_PANEL}
    headlines, trends = dict(figures["headlines"]), dict(figures["trends"])
    for h in HEADLINES:
        panel = panels.get(h.section)
        if panel is None or not ds.available(h.stem):
            continue
        table = shown(panel, ds, filters, ViewState())
        headlines[h.key] = (table.rows[0] if table.rows else {}).get(h.column)
        trends[h.key] = []
    return {**figures, "headlines": headlines, "trends": trends}

