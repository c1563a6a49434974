"""Overview: a tile per priority area and the headline figures with their trends."""
from __future__ import annotations

from dash import dcc, html

from dashboard.components.format import format_date, format_money, format_period
from dashboard.components.kpi import kpi_tile
from dashboard.components.notices import rejected_note, unavailable
from dashboard.components.rag import rag_badge, rag_counts_list, variation_icon
from dashboard.views import queries

# product.md "Headline figures", in the order shown. `stem` is the file the figure
# needs; `trend` says what each point of its small trend is.
HEADLINES = (
    {"key": "mash.decided_within_1wd_pct", "label": "Front-door decisions within one working day",
     "unit": "percent", "stem": "mash_contacts", "trend": "months"},
    {"key": "audits.good_or_better_pct", "label": "Audits graded good or better",
     "unit": "percent", "stem": "audits", "trend": "quarters"},
    {"key": "actions.overdue", "label": "Overdue actions",
     "unit": "count", "stem": "actions", "trend": "month ends"},
    {"key": "case_reviews.rapid_review_within_15wd_pct",
     "label": "Rapid reviews within 15 working days of notification",
     "unit": "percent", "stem": "case_reviews", "trend": "quarters"},
    {"key": "funding.contributions_total", "label": "Partner contributions",
     "unit": "money", "stem": "contributions", "trend": "financial years"},
)
# The files behind the area tiles and indicator cards (a rejected row changes a RAG).
INDICATOR_STEMS = ("priority_areas", "indicator_catalogue", "indicators")
# metrics.md: the area filter does not narrow these, nor the agency filter those (said
# beside the figures).
NOT_NARROWED_BY_AREA = ("front door", "case reviews", "funding")
NOT_NARROWED_BY_AGENCY = ("overdue actions", "case reviews", "funding")


def _words(items) -> str:
    """'a, b and c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def trend_label(label: str, trend: str) -> str:
    """A trend point's label as people say it: 'Nov 2025', 'Oct–Dec 2023', '31 Oct 2026'."""
    try:
        if trend == "months":
            return format_period(label, "monthly")
        if trend == "quarters":
            return format_period(label, "quarterly")
        if trend == "month ends":
            return format_date(label)
    except ValueError:
        pass
    return str(label)


def headline_value(summary: dict, key: str):
    """summary['mash']['decided_within_1wd_pct'] for 'mash.decided_within_1wd_pct';
    KeyError-free: None when the section is null."""
    section, name = key.split(".", 1)
    block = summary.get(section)
    if not isinstance(block, dict):
        return None, False
    return block.get(name), True


def period_text(summary: dict) -> str:
    start = summary.get("from")
    end = summary.get("to")
    start_text = format_date(start) if start else "the first record"
    return f"Period: {start_text} to {format_date(end)}"


def headline_tiles(ds, summary: dict, trends: dict, query_string: str) -> html.Div:
    tiles = []
    for spec in HEADLINES:
        key, unit = spec["key"], spec["unit"]
        value, section_present = headline_value(summary, key)
        points = [(trend_label(p, spec["trend"]), v) for p, v in trends.get(key) or []]
        note = partial = None
        if not section_present or not ds.available(spec["stem"]):
            note = unavailable(spec["label"], ds.unavailable_reason(spec["stem"])
                               or "its data is missing", query_string)
        else:
            partial = rejected_note("Incomplete", *queries.rejected_rows(ds, spec["stem"]),
                                    query_string)
        span = f"Last {len(points)} {spec['trend']}" if points else spec["trend"]
        label = spec["label"]
        value_text = None
        if unit == "money":
            year = (summary.get("funding") or {}).get("year")
            label = f"{label} {year}" if year else label
            value_text = format_money(value)
            unit_for_points = "money"
        else:
            unit_for_points = unit
        tiles.append(html.Div(
            kpi_tile(key=key, label=label, value=value, unit=unit_for_points, points=points,
                     span=span, unavailable=note, value_text=value_text, note=partial),
            className="col-12 col-sm-6 col-xl col-print-4",
        ))
    return html.Div(tiles, className="row g-3")


def area_tile(area: dict, summary_area: dict, labels: dict, query_string: str) -> html.Div:
    rag = summary_area.get("rag") or "grey"
    worst_id = summary_area.get("worst_indicator_id")
    if worst_id:
        label = labels.get(worst_id, {})
        worst = html.P(
            [html.Span("Moving most worryingly: "),
             html.Strong(label.get("name") or worst_id), " ",
             variation_icon("special_cause_concerning", label.get("polarity"))],
            className="worst mb-0",
        )
    elif not any(summary_area.get(rag) for rag in ("red", "amber", "green", "grey")):
        worst = html.P("No indicators for this area match the filters.",
                       className="worst mb-0 text-body-secondary")
    else:
        worst = html.P("No indicator shows concerning special-cause variation.",
                       className="worst mb-0 text-body-secondary")
    area_id = area["area_id"]
    return html.Div(
        html.Div(
            html.Div(
                [
                    html.H3(
                        dcc.Link(area["name"], href=f"/area/{area_id}{query_string}",
                                 className="stretched-link"),
                        className="card-title h5",
                    ),
                    html.P(["Area RAG: ", rag_badge(rag)],
                           className="mb-2"),
                    rag_counts_list(summary_area),
                    html.Div(worst, className="mt-2"),
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


def area_tiles(ds, summary: dict, query_string: str) -> html.Div:
    areas_summary = summary.get("areas")
    if areas_summary is None:
        stem = "priority_areas" if not ds.available("priority_areas") else "indicator_catalogue"
        return unavailable("Priority areas", ds.unavailable_reason(stem), query_string)
    by_id = {a["area_id"]: a for a in queries.priority_areas(ds)}
    labels = queries.indicator_labels(ds)
    tiles = [
        area_tile(by_id.get(a["area_id"], {"area_id": a["area_id"], "name": a["area_id"]}),
                  a, labels, query_string)
        for a in areas_summary
    ]
    if not tiles:
        return html.P("No priority area matches the filters.")
    notes = [rejected_note("Incomplete", *queries.rejected_rows(ds, stem), query_string)
             for stem in INDICATOR_STEMS]
    return html.Div([*[n for n in notes if n is not None],
                     html.Div(tiles, className="row g-3")])


def overview_body(ds, filters, summary: dict, trends: dict, query_string: str) -> html.Div:
    """The Overview, from `summary` and `headline_trends` (the same figures as the CLI)."""
    notes = []
    if getattr(filters, "area", None):
        notes.append(html.P(
            f"The priority-area filter does not narrow the {_words(NOT_NARROWED_BY_AREA)} "
            "figures.", className="small text-body-secondary mb-2"))
    if getattr(filters, "agency", None):
        notes.append(html.P(
            f"The agency filter does not narrow the {_words(NOT_NARROWED_BY_AGENCY)} "
            "figures.", className="small text-body-secondary mb-2"))
    return html.Div(
        [
            html.H1("Overview", className="h2"),
            html.P([period_text(summary), f" · as of {format_date(ds.as_of)}"],
                   className="text-body-secondary", id="overview-period"),
            html.Section(
                [html.H2("Priority areas", className="h4", id="areas-heading"),
                 area_tiles(ds, summary, query_string)],
                className="mb-4", **{"aria-labelledby": "areas-heading"},
            ),
            html.Section(
                [html.H2("Headline figures", className="h4", id="headlines-heading"),
                 *notes,
                 headline_tiles(ds, summary, trends, query_string)],
                className="mb-4 keep-together", **{"aria-labelledby": "headlines-heading"},
            ),
        ],
        id="overview",
    )


def render(ds, filters, query_string: str = "") -> html.Div:
    from dashboard.metrics import headline_trends, summary

    return overview_body(ds, filters, summary(ds, filters), headline_trends(ds, filters),
                         query_string)
