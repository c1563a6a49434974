"""The meeting pack: a cover (every area's RAG, the date, period and filters in words,
and a numbered contents list), the Overview, every priority area, then overdue actions,
case-review timeliness, the funding summary and missing returns, as one PDF with
"Page n of N" on every page.

How: the pack is the pages' own components (dashboard/views) rendered to static HTML
with Bootstrap and the print stylesheet inlined, charts turned into SVG images by
plotly's kaleido, and the HTML printed to PDF by the same Chromium that kaleido uses
(pack_print: Playwright's page.pdf, for the footer and the contents' page numbers).
Why this way rather than a PDF library (reportlab, fpdf2): screen, browser print and PDF
share one layout and one print stylesheet; Chromium handles any Unicode in partnership
data and lays out tables; and kaleido already needs Chromium. The pack has no script,
and its Content-Security-Policy forbids any (and any request out): data text can never
run or fetch anything.

A pack takes half a minute, longer than a production server lets a request run, so it
is background work (pack_jobs): the navbar's link opens /meeting-pack (the progress
page, pages/meeting_pack.py), which starts the job and follows it; /meeting-pack.pdf
serves the finished pack from the on-disk cache that every worker shares, and sends a
browser that asks before it is ready to the progress page. /meeting-pack.html is the
pack before printing (without page numbers), drawn in the request.

Public mode (`public=1`, as on every page): the figures beyond the areas come from the
deep-dive pages' panels (`shown`), suppressed as there; the headline figures are the
deep-dive pages' own public figures; record-level tables are left out; the cover says
it is the public version.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import plotly.graph_objects as go
from dash import dcc, html

from dashboard import pack_jobs
from dashboard.components.format import format_date, period_words
from dashboard.components.rag import rag_badge
from dashboard.components.static_html import render_html
from dashboard.pack_print import PackError, chromium_path, print_numbered  # noqa: F401
from dashboard.pack_sections import Section, sections
from dashboard.views import area as area_view
from dashboard.views import overview as overview_view
from dashboard.views import queries
from dashboard.views.context import is_demo
from dashboard.views.shell import PACK_PAGE_PATH

log = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parents[1] / "assets"
CSS_FILES = ("bootstrap.min.css", "dashboard.css")
PACK_PDF_PATH = "/meeting-pack.pdf"
PACK_HTML_PATH = "/meeting-pack.html"
# A4 at 96 dpi is 794 px wide; 12 mm margins leave about 700 px for a chart.
CHART_WIDTH = 700
PACK_CHART_HEIGHT = 270
SVG_CACHE_SIZE = 512
# the progress page's steps beyond the charts: the figures, the first print, numbering
STEPS_BEYOND_CHARTS = 3

_kaleido_lock = threading.Lock()
_svg_cache: OrderedDict[str, bytes] = OrderedDict()

Progress = Callable[[int, int, str], None]


def figure_svg(fig, width: int, height: int) -> bytes:
    """The figure as SVG through kaleido's one long-lived browser (stack.md: ~0.2 s an
    image instead of ~3 s). kaleido's sync server is not safe for concurrent callers.
    Images are kept by content: the indicator charts rarely change between packs."""
    import kaleido

    key = hashlib.sha256(f"{width}x{height}:{fig.to_json()}".encode()).hexdigest()
    with _kaleido_lock:
        if key in _svg_cache:
            _svg_cache.move_to_end(key)
            return _svg_cache[key]
        try:
            kaleido.start_sync_server(silence_warnings=True)
            svg = kaleido.calc_fig_sync(fig, opts={"format": "svg", "width": width,
                                                   "height": height})
        except Exception as exc:  # kaleido raises its own types when Chromium fails
            log.exception("kaleido could not draw a chart")
            raise PackError(f"the charts could not be drawn ({type(exc).__name__})") from None
        _svg_cache[key] = svg
        while len(_svg_cache) > SVG_CACHE_SIZE:
            _svg_cache.popitem(last=False)
        return svg


def _graph_image(graph: dcc.Graph) -> str:
    # the plot, not only its legend, readable at A4 width (the tiles' small trends are
    # drawings already, charts.sparkline_svg)
    fig = go.Figure(graph.figure).update_layout(height=PACK_CHART_HEIGHT)
    svg = figure_svg(fig, CHART_WIDTH, PACK_CHART_HEIGHT)
    src = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    # The chart is described in words beside it (figcaption / trend text).
    # in a box that never breaks: Chromium would otherwise slice an image over two pages
    return (f'<div class="pack-chart-box"><img src="{src}" alt="" class="pack-chart" '
            f'style="width: 100%; max-width: {CHART_WIDTH}px; height: auto"></div>')


def count_graphs(node) -> int:
    """How many charts a component tree holds (for the progress page's steps)."""
    if isinstance(node, (list, tuple)):
        return sum(count_graphs(n) for n in node)
    if isinstance(node, dcc.Graph):
        return 1
    children = getattr(node, "children", None)
    return count_graphs(children) if children is not None and not isinstance(
        children, (str, int, float)) else 0


# ---- what the pack holds -------------------------------------------------------------------
OVERVIEW_ANCHOR = "pack-overview"


def area_anchor(area_id: str) -> str:
    return f"pack-area-{area_id}"


@dataclass
class PackContent:
    """Everything the pack shows, worked out once (then drawn, printed and numbered)."""
    figures: dict                 # metrics.overview_figures (public headlines in public mode)
    areas: list[dict]             # the listed areas: {area_id, name, ...}
    sections: list[Section]       # in the contents' order


def pack_content(ds, filters) -> PackContent:
    from dashboard.metrics import overview_figures

    qs = filters.to_query_string()
    figures = overview_figures(ds, filters)
    if filters.public:
        figures = overview_view.public_headlines(ds, filters, figures)
    panels = figures.get("panels") or []
    names = {a["area_id"]: a for a in queries.priority_areas(ds)}
    listed = [names[a["area_id"]] for a in figures.get("areas") or [] if a["area_id"] in names]
    parts = [Section(OVERVIEW_ANCHOR, "Overview: priority areas and headline figures",
                     html.Div(overview_view.overview_body(ds, filters, figures, qs),
                              id=OVERVIEW_ANCHOR, className="print-break-before"))]
    for area in listed:
        area_id = area["area_id"]
        mine = [p for p in panels if p.get("area_id") == area_id]
        # areas and the sections after them flow on from the page before, under a rule:
        # a page of its own for each would leave the end of every area's last page (and
        # the Overview's second page) mostly white; the contents gives their pages
        parts.append(Section(area_anchor(area_id), area["name"], html.Div(
            area_view.area_body(ds, area_view.area_filters(filters, area_id), area, mine, qs,
                                (figures.get("area_comments") or {}).get(area_id)),
            className="pack-area", id=area_anchor(area_id),
        )))
    return PackContent(figures=figures, areas=listed, sections=parts + sections(ds, filters))


# ---- the cover -----------------------------------------------------------------------------
PUBLIC_WORDS = ("Public version: counts of children, contacts, cases, audit rows, reviews "
                "and bookings from 1 to 5, and figures worked out from them, are shown as c; "
                "record-level tables are left out.")


def filters_words(ds, filters) -> tuple[str, str]:
    """(the period, the filters) in words, as meeting mode says them on screen
    (shell.filters_in_words: one way of saying a view)."""
    from dashboard.views.shell import filters_in_words

    period = period_words(*filters.period(ds.as_of), from_chosen=filters.date_from is not None)
    words = filters_in_words(filters.to_query_string(), ds.as_of, queries.filter_choices(ds))
    chosen = words[:-len(period)].rstrip(" ·") if words.endswith(period) else words
    return period, chosen or "None: every agency, area and category"


def _count_cell(n) -> html.Td:
    return html.Td(str(n or 0), className="text-end")


def rag_summary(content: PackContent) -> html.Table:
    """Every listed area's RAG in words and colour (the badge's symbol too), its counts
    of red, amber, green and grey indicators, overdue actions and missing returns."""
    figures = content.figures
    by_id = {a["area_id"]: a for a in figures.get("areas") or []}
    overdue = figures.get("overdue_by_area") or {}
    missing = figures.get("missing_by_area") or {}
    head = html.Thead(html.Tr([html.Th(t, scope="col", className=c) for t, c in (
        ("Priority area", ""), ("RAG", ""), ("Red", "text-end"), ("Amber", "text-end"),
        ("Green", "text-end"), ("Grey", "text-end"), ("Overdue actions", "text-end"),
        ("Missing returns", "text-end"))]))
    rows = []
    for area in content.areas:
        a = by_id.get(area["area_id"], {})
        rag = a.get("rag") or "grey"
        rows.append(html.Tr([
            html.Th(area["name"], scope="row"),
            html.Td(rag_badge(rag)),
            *[_count_cell(a.get(k)) for k in ("red", "amber", "green", "grey")],
            _count_cell(overdue.get(area["area_id"])),
            _count_cell(missing.get(area["area_id"])),
        ], **{"data-cover-area": area["area_id"], "data-cover-rag": rag}))
    return html.Table([html.Caption("Priority areas at a glance", className="caption-top"),
                       head, html.Tbody(rows)],
                      className="table table-sm align-middle pack-rag-summary")


def contents(content: PackContent) -> html.Nav:
    # the number is filled in after each print (PackDocument.html); a link within the
    # document is what makes Chromium write the section's named destination
    items = [html.Li([html.A(s.title, href=f"#{s.anchor}"),
                      html.Span(className="pack-toc-dots", **{"aria-hidden": "true"}),
                      html.Span(f"@@{s.anchor}@@", className="pack-toc-page")],
                     **{"data-toc": s.anchor})
             for s in content.sections]
    return html.Nav([html.H2("Contents", className="h4"),
                     html.Ol(items, className="pack-toc")], **{"aria-label": "Contents"})


def cover(ds, filters, content: PackContent, produced: dt.datetime) -> html.Header:
    period, chosen = filters_words(ds, filters)
    facts = [("Data as of", format_date(ds.as_of)), ("Period", period), ("Filters", chosen),
             ("Produced", produced.strftime("%-d %b %Y %H:%M"))]
    return html.Header([
        html.H1([ds.partnership.name, html.Br(), html.Span("Meeting pack", className="h2")],
                className="h1 mb-3"),
        html.P(PUBLIC_WORDS, className="pack-public", id="pack-public")
        if filters.public else None,
        html.P(f"Synthetic demo data: these figures are made up for demonstration (as of "
               f"{format_date(ds.as_of)}).", className="demo-banner")
        if is_demo(ds) else None,
        html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v, **{
            "data-cover": k.lower().replace(" ", "-")}))], className="pack-facts"),
        rag_summary(content),
        contents(content),
    ], className="pack-cover", id="pack-cover")


# ---- the document --------------------------------------------------------------------------
PACK_CSS = """
@page { size: A4 portrait; margin: 12mm 12mm 16mm 12mm; }
.pack-cover h1 { font-size: 26pt; }
.pack-cover h1 .h2 { font-weight: 400; }
.pack-facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
.pack-facts dt { font-weight: 600; }
.pack-facts dd { margin: 0; }
.pack-public { border: 2px solid #0b3d91; color: #0b3d91; padding: .4rem .6rem; font-weight: 600; }
.pack-rag-summary { font-size: 10pt; break-inside: avoid; }
.pack-rag-summary .rag-badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.pack-toc { padding-left: 1.4rem; }
.pack-toc li { display: flex; gap: .5rem; }
.pack-toc li a { color: #1a1a1a; text-decoration: none; }
.pack-toc li::after { content: none; }
.pack-toc-page { margin-left: auto; font-variant-numeric: tabular-nums; }
.pack-toc li a { flex: 0 1 auto; }
.pack-toc li .pack-toc-dots { flex: 1 1 auto; border-bottom: 1px dotted #6c757d; margin: 0 .3rem .3rem; }
.pack-chart { display: block; }
.pack-chart-box, .pack-chart { break-inside: avoid; page-break-inside: avoid; }
.no-print { display: none !important; }
.pack-section #page-figures .row > * { flex: 0 0 auto; width: 33.333%; }
.pack-section .kpi-tile .kpi-value { font-size: 16pt; }
.pack-section .kpi-tile, .pack-section .row > * { break-inside: avoid; }
.keep-together { break-inside: avoid; page-break-inside: avoid; }
.pack-area, .pack-section { border-top: 2px solid #1a1a1a; padding-top: .75rem; margin-top: 1.5rem; }
/* an area's title keeps with its RAG line and first card */
.pack-area h1, .pack-area .lead, .pack-area [data-area-rag] { break-after: avoid; }
/* the Overview on two pages: the area tiles, then the headline figures (kept together) */
#overview .area-tile { font-size: 9pt; }
#overview .area-tile .card-title { font-size: 11pt; }
#overview .area-tile .card-body { padding: .4rem .6rem; }
/* An indicator card is most of a page: it may go on over the page between its parts
   (its heading and figure, its chart, its commentary, its actions), each kept whole,
   so that a page never holds one card and two-fifths of white. */
.pack-area .row:has(> * > .indicator-card) { display: block; }
.pack-area .row > *:has(> .indicator-card) { width: 100%; break-inside: auto; }
.pack-area .indicator-card { break-inside: auto; margin-bottom: .75rem; }
.pack-area .indicator-card .card-body > * { break-inside: avoid; }
.pack-area .indicator-card h3, .pack-area .indicator-card .card-title,
.pack-area .indicator-card .card-body > *:nth-child(-n+3) { break-after: avoid; }
table { break-inside: auto; }
tr, .card { break-inside: avoid; }
thead { display: table-header-group; }
"""


@dataclass
class PackDocument:
    """The pack's HTML with a place for each contents entry's page number."""
    template: str
    anchors: list[str]
    steps: int = STEPS_BEYOND_CHARTS      # for the progress page: charts + 3

    def html(self, numbers: dict[str, int] | None) -> str:
        out = self.template
        for anchor in self.anchors:
            n = (numbers or {}).get(anchor)
            out = out.replace(f"@@{anchor}@@", str(n) if n else "…")
        return out


def pack_document(ds, filters, progress: Progress = lambda *_: None) -> PackDocument:
    """The whole pack as one self-contained HTML document (no script, no links out).
    progress(step, steps, words): the charts are steps 1…n of n + 3."""
    progress(0, 1, "Working out the figures")
    content = pack_content(ds, filters)
    produced = dt.datetime.now()
    tree = html.Div([cover(ds, filters, content, produced),
                     *[s.body for s in content.sections]], className="container-xxl")
    total = count_graphs(tree)
    steps = total + STEPS_BEYOND_CHARTS
    drawn = [0]
    progress(1, steps, "Drawing the charts")

    def image(graph):
        drawn[0] += 1
        progress(1 + drawn[0], steps, f"Drawing chart {drawn[0]} of {total}")
        return _graph_image(graph)

    # links out of the pack become text; the contents' links within it stay
    body = render_html(tree, graph_image=image)
    css = "\n".join((ASSETS_DIR / name).read_text(encoding="utf-8") for name in CSS_FILES)
    name = escape(ds.partnership.name)
    template = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Meeting pack – {name}</title>
<style>{css}
{PACK_CSS}</style>
</head>
<body>
{body}
</body>
</html>"""
    return PackDocument(template, [s.anchor for s in content.sections], steps)


def pack_html(ds, filters) -> str:
    """The pack before printing (its contents without page numbers)."""
    return pack_document(ds, filters).html(None)


def footer_words(ds, filters) -> str:
    words = f"{ds.partnership.name} · meeting pack · data as of {format_date(ds.as_of)}"
    return words + (" · public version" if filters.public else "")


def build_pdf(ds, filters, progress: Progress = lambda *_: None) -> bytes:
    """Draw and print the pack: the figures, each chart, then two or three prints to
    number the contents."""
    document = pack_document(ds, filters, progress)
    last = document.steps

    def printing(message: str) -> None:
        # the first print, then numbering (a third print, rarely, stays on the last step)
        progress(last - 1 if message == "Printing" else last, last, message)

    return print_numbered(document.html, document.anchors, footer_words(ds, filters),
                          printing)


# ---- the job and the routes ----------------------------------------------------------------
def cache_folder(server, ds) -> Path:
    return pack_jobs.cache_dir(server.config, ds.folder)


def start_pack(server, ds, filters, *, retry: bool = False) -> tuple[str, dict]:
    """(the pack's key, its status), starting its job when nobody is drawing it."""
    folder = cache_folder(server, ds)
    key = pack_jobs.pack_key(ds, filters)
    status = pack_jobs.ensure_pack(folder, key,
                                   lambda progress: build_pdf(ds, filters, progress),
                                   retry=retry)
    return key, status


def pack_filename(ds, filters) -> str:
    public = "-public" if filters.public else ""
    return f"meeting-pack-{ds.as_of.isoformat()}{public}.pdf"


def register_routes(server) -> None:
    """GET /meeting-pack.pdf (the finished pack, else to the progress page) and
    /meeting-pack.html, with the address's filters."""
    from flask import Response, redirect, request, send_file

    from dashboard.address import parse_search
    from dashboard.filters import FilterError, parse_filters
    from dashboard.views.context import current_dataset

    def _filters(ds):
        # the same codec as the pages (address.parse_search), not a second one
        params = parse_search(request.query_string.decode("utf-8", "replace"))
        params.pop("present", None)
        return parse_filters(params, ds)

    def _text(message: str, status: int) -> Response:
        return Response(message + "\n", status=status, mimetype="text/plain")

    def _asked(ds):
        """(filters, None), or (None, the 400 that says why they were refused)."""
        try:
            return _filters(ds), None
        except FilterError as exc:
            return None, _text(f"The filters were refused: {exc}", 400)

    def pack_pdf_view():
        ds = current_dataset()
        filters, refused = _asked(ds)
        if refused:
            return refused
        try:
            folder = cache_folder(server, ds)
            key = pack_jobs.pack_key(ds, filters)
        except PackError as exc:
            return _text(str(exc), 503)
        pdf = pack_jobs.cached_pdf(folder, key)
        if pdf is None:
            # not drawn yet (or still drawing): the progress page starts and follows it
            query = filters.to_query_string()
            return redirect(PACK_PAGE_PATH + query, code=303)
        response = send_file(pdf, mimetype="application/pdf", as_attachment=True,
                             download_name=pack_filename(ds, filters), max_age=0)
        response.headers["Cache-Control"] = "no-store"
        return response

    def pack_html_view():
        ds = current_dataset()
        filters, refused = _asked(ds)
        if refused:
            return refused
        try:
            body = pack_html(ds, filters)
        except PackError as exc:
            return _text(str(exc), 503)
        return Response(body, mimetype="text/html", headers={"Cache-Control": "no-store"})

    server.add_url_rule(PACK_PDF_PATH, "meeting_pack_pdf", pack_pdf_view)
    server.add_url_rule(PACK_HTML_PATH, "meeting_pack_html", pack_html_view)
