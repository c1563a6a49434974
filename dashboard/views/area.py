"""Priority area page: indicator cards with SPC charts, then the area's open and
overdue actions, its audits and its training."""
from __future__ import annotations

from dash import dcc, html

from dashboard.analysis.rag import RAG_ORDER, area_rag, rag_counts
from dashboard.analysis.suppression import SUPPRESSED, Spec, suppress_rows
from dashboard.components.charts import Benchmark, chart_words, spc_figure
from dashboard.components.format import (
    covers_words, format_against_target,
    format_date, format_number, format_period, format_value, humanise_code, is_missing,
)
from dashboard.components.indicator_context import (
    benchmark_words, break_words, comment_block, linked_actions,
)
from dashboard.components.notices import (
    not_found, not_narrowed_note, rejected_note, unavailable,
)
from dashboard.components.rag import (
    assurance_icon, assurance_words, rag_assurance_note, rag_badge, rag_counts_list,
    variation_icon,
    variation_words,
)
from dashboard.data.dataset import at_once
from dashboard.definitions import definition_href
from dashboard.views import queries
from dashboard.components.tables import data_table

# The queries whose parameters say which filters narrow an area page.
QUERIES = ("indicator_set", "actions_open", "audit_exercises", "training_courses")

GRAPH_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines",
                               "hoverClosestCartesian", "hoverCompareCartesian"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}


def area_not_found(area_id: str, areas: list[dict], query_string: str) -> html.Div:
    return not_found(
        "Priority area not found",
        f"There is no priority area “{area_id}” in this partnership's priority_areas.csv.",
        [("Overview", "/" + query_string)]
        + [(a["name"], f"/area/{a['area_id']}{query_string}") for a in areas],
    )


def benchmark_lines(panel: dict) -> list[Benchmark]:
    """The panel's published comparators as the chart draws them (step lines)."""
    return [Benchmark(c, humanise_code(c), [(p, v) for p, v, _ in steps], steps[-1][2])
            for c, steps in (panel.get("benchmark_series") or {}).items()]


def target_text(panel: dict) -> str:
    target = panel.get("target")
    if is_missing(target):
        return "No target"
    sign = "≥" if panel.get("polarity") == "higher_is_better" else "≤"
    return f"Target {sign} {format_value(target, panel.get('unit'))}"


def source_text(panel: dict) -> str:
    source = panel.get("source")
    if source == "computed":
        return "Computed from the partnership's records (all agencies)"
    # The agency's name as the agency filter shows it ("Supplied by voluntary" read
    # oddly): "Supplied by: Voluntary", "Supplied by: Youth justice".
    return f"Supplied by: {humanise_code(source)}"


def chart_summary(panel: dict) -> str:
    """The chart in words, for screen readers and the meeting pack."""
    return chart_words(
        panel.get("series") or [], panel.get("spc"),
        polarity=panel.get("polarity") or "higher_is_better", unit=panel.get("unit"),
        frequency=panel.get("frequency"), breaks=panel.get("breaks"),
        benchmarks=benchmark_lines(panel),
    )


def _disagreement(panel: dict) -> html.P | None:
    note = rag_assurance_note(panel.get("rag"), panel.get("assurance"))
    return html.P(note, className="small mb-2 rag-assurance-note",
                  **{"data-disagreement": "true"}) if note else None


def public_panel(ds, panel: dict) -> dict:
    """The card's panel as public mode shows it: each point worked out from 1 to 5
    records (a count it is computed from, or a supplied row's numerator or denominator,
    from 1 to 5) is left out of the chart and, when it is the latest, its value shows as
    c. The mean, limits and RAG stay (they are not a figure of 1 to 5 records)."""
    from dashboard.analysis.suppression import is_small
    from dashboard.metrics import point_bases

    bases = point_bases(ds, panel["indicator_id"], panel.get("source"), ds.as_of)
    hidden = {p for p, counts in bases.items() if any(is_small(n) for n in counts)}
    series = panel.get("series") or []
    if not hidden.intersection(p for p, _ in series):
        return panel
    latest = series[-1][0] if series else None
    return {**panel, "series": [(p, None if p in hidden else v) for p, v in series],
            "suppressed_points": sum(p in hidden for p, _ in series),
            "value_suppressed": latest in hidden}


def indicator_card(panel: dict, filters, index: int, actions: list[dict] = ()) -> html.Div:
    iid = panel["indicator_id"]
    unit, freq = panel.get("unit"), panel.get("frequency")
    x_range = None
    if filters.date_from or filters.date_to:
        x_range = (filters.date_from, filters.date_to)
    present = bool(getattr(filters, "present", False))
    fig = spc_figure(
        panel.get("series") or [], panel.get("spc"), target=panel.get("target"),
        polarity=panel.get("polarity") or "higher_is_better", unit=unit, frequency=freq,
        x_range=x_range, height=None, font_size=17 if present else 13,
        breaks=panel.get("breaks"), benchmarks=benchmark_lines(panel),
    )
    # The box sets the chart's height (not the figure), so that print can resize it.
    chart_height = "380px" if present else "300px"
    has_target = not is_missing(panel.get("target"))
    summary_id = f"chart-summary-{index}"
    latest = [
        html.Span(SUPPRESSED if panel.get("value_suppressed") else
                  format_against_target(panel.get("value"), panel.get("target"), unit),
                  className="latest me-2",
                  **{"data-latest": iid}),
        html.Span(format_period(panel.get("latest_period"), freq)
                  if panel.get("latest_period") else "no value yet",
                  className="text-body-secondary me-3"),
        html.Span(["RAG: ", rag_badge(panel.get("rag"))], className="me-3"),
        html.Span(target_text(panel), className="text-body-secondary"),
    ]
    if panel.get("suppressed_points"):
        latest.append(html.P(f"Public mode: {panel['suppressed_points']} of the chart's "
                             "points are worked out from 1 to 5 records and are not shown.",
                             className="small mb-0 mt-1", **{"data-suppressed": iid}))
    if panel.get("data_missing"):
        latest.append(html.P("Data missing: the latest return is older than the last due "
                             "period, so the RAG is grey.", className="small mb-0 mt-1"))
    return html.Div(
        html.Div(
            html.Div(
                [
                    html.H3(panel.get("name") or iid, className="h5 card-title mb-1"),
                    html.P(source_text(panel), className="small text-body-secondary mb-2"),
                    html.Div(latest, className="d-flex flex-wrap align-items-center mb-2"),
                    benchmark_words(panel),
                    break_words(panel),
                    html.Dl(
                        [
                            html.Dt(variation_icon(panel.get("variation"),
                                                   panel.get("polarity"))),
                            html.Dd(variation_words(panel.get("variation")),
                                    className="small"),
                            html.Dt(assurance_icon(panel.get("assurance"), has_target)),
                            html.Dd(assurance_words(panel.get("assurance"), has_target),
                                    className="small mb-1"),
                        ],
                        className="spc-meaning mb-2",
                    ),
                    _disagreement(panel),
                    html.Figure(
                        [
                            dcc.Graph(figure=fig, config=GRAPH_CONFIG, className="spc-graph",
                                      id={"type": "spc-graph", "index": iid},
                                      style={"height": chart_height}),
                            html.Figcaption(chart_summary(panel), id=summary_id,
                                            className="visually-hidden"),
                        ],
                        className="mb-1", **{"aria-describedby": summary_id},
                    ),
                    comment_block(panel),
                    linked_actions(list(actions)),
                    html.P(["Definition: ", panel.get("definition") or "–"],
                           className="definition mb-1"),
                    html.P(dcc.Link(["How RAG, variation and assurance are worked out",
                                     html.Span(f": {panel.get('name') or iid}",
                                               className="visually-hidden")],
                                    href=definition_href("indicators.rag"),
                                    className="small definition-link no-print"),
                           className="mb-0"),
                ],
                className="card-body",
            ),
            className="card indicator-card h-100",
            **{"data-indicator": iid, "data-rag": panel.get("rag") or "grey"},
        ),
        className="col-12 col-xl-6",
    )


def _fmt_pct(v):
    return format_value(v, "percent")


def _fmt_mean(v):
    return f"{v:.1f}"


def partial_notes(ds, stems, qs: str) -> list:
    """A note for each file behind a panel that had rows rejected by validation."""
    notes = [rejected_note("Incomplete", *queries.rejected_rows(ds, stem), qs)
             for stem in stems if ds.available(stem)]
    return [n for n in notes if n is not None]


def _fmt_count(v) -> str:
    return format_number(v, 0)


# Public mode (product.md): counts of audit rows, cases and bookings from 1 to 5, and the
# figures worked out from them, show as c. Each row (an audit exercise, a course) stands
# alone: no row or column implies a total, so no secondary suppression.
AUDIT_PUBLIC = Spec(counts=("cases", "agency_returns"),
                    derived={"good_or_better_pct": ("cases", "agency_returns"),
                             "inadequate_pct": ("cases", "agency_returns")})
TRAINING_PUBLIC = Spec(counts=("bookings", "attended"),
                       derived={"attendance_pct": ("bookings", "attended"),
                                "mean_rating": ("attended",),
                                "confidence_uplift": ("attended",)})


def public_rows(rows: list[dict], filters, spec: Spec) -> list[dict]:
    return suppress_rows(rows, spec) if getattr(filters, "public", False) else rows


def _shown(fmt):
    """A cell formatter that writes a suppressed value (c) as it is."""
    return lambda v: v if isinstance(v, str) else fmt(v)


def _file_section(ds, filters, stem: str, query: str, label: str, heading: str, qs: str,
                  build_body) -> html.Section:
    """A section drawn from one dataset file: its heading, a note when the file is
    unavailable or had rows rejected, which filters do not narrow it, then the body
    `build_body()` returns."""
    hid = f"{stem}-heading"
    title = html.H2(heading, className="h4 mb-0", id=hid)
    covers = html.P(covers_words([query], filters.period(ds.as_of), ds.as_of,
                                 from_chosen=filters.date_from is not None),
                    className="small text-body-secondary mb-2", **{"data-covers": stem})
    if not ds.available(stem):
        body = unavailable(label, ds.unavailable_reason(stem), qs)
    else:
        body = build_body()
    notes = [*partial_notes(ds, (stem,), qs),
             not_narrowed_note(filters, (query,), label.lower())]
    return html.Section([title, covers, *notes, body], className="mb-4",
                        **{"aria-labelledby": hid})


def actions_section(ds, filters, qs: str) -> html.Section:
    def body():
        rows = queries.open_actions(ds, filters).to_dict("records")
        if not rows:
            return html.P("No open actions for this area.")
        overdue = sum(1 for r in rows if r.get("overdue"))
        for r in rows:
            r["status_text"] = ("Overdue – " if r.get("overdue") else "") + humanise_code(
                r.get("status"))
        return html.Div([
            html.P(f"{len(rows)} open, of which {overdue} overdue (as of "
                   f"{format_date(ds.as_of)}).", **{"data-actions-counts": "true"}),
            data_table(rows, [
                ("Action", "action_id", None),
                ("Recommendation", "recommendation", None),
                ("Owner", "owner", None),
                ("Source", "source_type", humanise_code),
                ("Due", "due_on", format_date),
                ("Status", "status_text", None),
                ("Days overdue", "days_overdue", _fmt_count),
            ], "Open actions, overdue first", table_id="area-actions",
                numeric=("days_overdue",)),
        ])

    return _file_section(ds, filters, "actions", "actions_open", "Actions",
                         "Open and overdue actions", qs, body)


def audits_section(ds, filters, qs: str) -> html.Section:
    def body():
        rows = queries.audit_exercises(ds, filters).to_dict("records")
        if not rows:
            return html.P("No audits of this area in the period.")
        return data_table(public_rows(rows, filters, AUDIT_PUBLIC), [
            ("Audit", "audit_id", None),
            ("Type", "audit_type", humanise_code),
            ("Theme", "theme", None),
            ("Audited", "last_audited_on", format_date),
            ("Cases", "cases", _shown(_fmt_count)),
            ("Agency returns", "agency_returns", _shown(_fmt_count)),
            ("Good or better", "good_or_better_pct", _shown(_fmt_pct)),
            ("Inadequate", "inadequate_pct", _shown(_fmt_pct)),
        ], "Audit exercises in the period, latest first", table_id="area-audits",
            numeric=("cases", "agency_returns", "good_or_better_pct", "inadequate_pct"))

    return _file_section(ds, filters, "audits", "audit_exercises", "Audits", "Audits", qs,
                         body)


def training_section(ds, filters, qs: str) -> html.Section:
    def body():
        rows = queries.training_courses(ds, filters).to_dict("records")
        if not rows:
            return html.P("No training for this area in the period.")
        return data_table(public_rows(rows, filters, TRAINING_PUBLIC), [
            ("Course", "course_title", None),
            ("Sessions", "sessions", _fmt_count),
            ("Last delivered", "last_delivered_on", format_date),
            ("Bookings", "bookings", _shown(_fmt_count)),
            ("Attended", "attendance_pct", _shown(_fmt_pct)),
            ("Mean rating (1-5)", "mean_rating", _shown(_fmt_mean)),
            ("Confidence uplift", "confidence_uplift", _shown(_fmt_mean)),
        ], "Courses in the period, latest first", table_id="area-training",
            numeric=("sessions", "bookings", "attendance_pct", "mean_rating",
                     "confidence_uplift"))

    return _file_section(ds, filters, "training", "training_courses", "Training",
                         "Training", qs, body)


def voice_section(ds, filters, area_id: str, qs: str) -> html.Section:
    """The area's "you said, we did" section (views/area_voice.py)."""
    from dashboard.views import area_voice

    return _file_section(ds, filters, "voice", "voice_figures", "Voice",
                         "Voice: you said, we did", qs,
                         lambda: area_voice.voice_body(ds, filters, area_id, qs))


def area_sections(ds, filters, area_id: str, qs: str) -> list:
    """The sections below the indicator cards: open actions, audits, training, voice."""
    return [actions_section(ds, filters, qs), audits_section(ds, filters, qs),
            training_section(ds, filters, qs), voice_section(ds, filters, area_id, qs)]


def area_filters(filters, area_id: str):
    """The area page always shows its own area, whatever the area filter says."""
    return filters.narrowed(area=(area_id,))


def worst_first(panels: list[dict]) -> list[dict]:
    """Cards in the order a meeting reads them: red first, then amber, green, grey;
    within a RAG, concerning variation first; then by name."""
    def key(p):
        rag = p.get("rag") if p.get("rag") in RAG_ORDER else "grey"
        return (RAG_ORDER.index(rag), p.get("variation") != "special_cause_concerning",
                (p.get("name") or p["indicator_id"]).lower())
    return sorted(panels, key=key)


def area_body(ds, filters, area: dict, panels: list[dict], qs: str,
              area_comment: dict | None = None, sections: list | None = None) -> html.Div:
    """`area_comment`: the area's latest comment (metrics.indicator_context's
    area_comments), shown with its author and date. `sections`: area_sections, when
    already worked out."""
    from dashboard.views.area_voice import area_comment as comment_of

    area_id = area["area_id"]
    if sections is None:
        sections = area_sections(ds, filters, area_id, qs)
    panels = worst_first(panels)
    rags = [p.get("rag") or "grey" for p in panels]
    rag = area_rag(rags)
    counts = rag_counts(rags)
    if not ds.available("indicator_catalogue"):
        cards = unavailable("Indicators", ds.unavailable_reason("indicator_catalogue"), qs)
    elif not panels:
        cards = html.P("No indicators for this area match the filters.")
    else:
        linked = queries.actions_by_indicator(ds)
        cards = html.Div([indicator_card(public_panel(ds, p) if filters.public else p,
                                         filters, i, linked.get(p["indicator_id"], []))
                          for i, p in enumerate(panels)], className="row g-3")
    return html.Div(
        [
            html.P(dcc.Link("← Overview", href="/" + qs), className="no-print mb-1"),
            html.H1(area["name"], className="h2"),
            html.P(area.get("description") or "", className="lead mb-1")
            if area.get("description") else None,
            html.P(f"Subgroup: {area.get('subgroup') or '–'}", className="text-body-secondary"),
            html.Div(["Area RAG:", rag_badge(rag),
                      html.Div(rag_counts_list(counts), className="ms-2")],
                     className="d-flex align-items-center flex-wrap gap-2 mb-3",
                     **{"data-area-rag": rag}),
            comment_of(area_comment),
            html.Section([html.H2("Indicators", className="h4", id="indicators-heading"),
                          *partial_notes(ds, ("indicator_catalogue", "indicators"), qs),
                          cards],
                         className="mb-4", **{"aria-labelledby": "indicators-heading"}),
            *sections,
        ],
        id="area-page", **{"data-area": area_id},
    )


def find_area(ds, area_id: str | None) -> tuple[dict | None, list[dict]]:
    areas = queries.priority_areas(ds)
    return next((a for a in areas if a["area_id"] == area_id), None), areas


def render(ds, filters, area_id: str | None, query_string: str = "") -> html.Div:
    from dashboard.metrics import indicator_context, indicator_panels

    area, areas = find_area(ds, area_id)
    if area is None:
        if not ds.available("priority_areas"):
            return html.Div([
                html.H1("Priority area", className="h2"),
                unavailable("Priority areas", ds.unavailable_reason("priority_areas"),
                            query_string),
            ])
        return area_not_found(area_id or "", areas, query_string)
    area_id = area["area_id"]
    scoped = area_filters(filters, area_id)

    def indicators():
        context = indicator_context(ds, scoped, ds.as_of)
        return context, [p for p in indicator_panels(ds, scoped, context=context) or []
                         if p.get("area_id") == area_id]

    # the sections below the cards read other files: worked out at the same time
    (context, panels), sections = at_once(
        indicators, lambda: area_sections(ds, scoped, area_id, query_string))
    return area_body(ds, scoped, area, panels, query_string,
                     context["area_comments"].get(area_id), sections)
