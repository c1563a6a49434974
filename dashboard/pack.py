"""The meeting pack: the Overview and every priority area as one PDF.

How: the pack is the pages' own components (dashboard/views) rendered to static HTML
with Bootstrap and the print stylesheet inlined, charts turned into SVG images by
plotly's kaleido, and the HTML printed to PDF by the same Chromium that kaleido uses
(`--print-to-pdf`). Why this way rather than a PDF library (reportlab, fpdf2): no new
dependency; screen, browser print and PDF share one layout and one print stylesheet;
Chromium handles any Unicode in partnership data and lays out tables; and kaleido
already needs Chromium. The pack has no script, and its Content-Security-Policy forbids any (and any
request out): data text can never run or fetch anything.

Routes: /meeting-pack.pdf and /meeting-pack.html (the same pack before printing), with
the address's filters.
"""
from __future__ import annotations

import base64
import hashlib
import datetime as dt
import logging
import os
import shutil
import subprocess
import tempfile
import threading
from collections import OrderedDict
from html import escape
from pathlib import Path

import plotly.graph_objects as go
from dash import dcc, html

from dashboard.components.format import format_date, period_words
from dashboard.components.static_html import render_html
from dashboard.views import area as area_view
from dashboard.views import overview as overview_view
from dashboard.views import queries
from dashboard.views.context import is_demo

log = logging.getLogger(__name__)

ASSETS_DIR = Path(__file__).resolve().parents[1] / "assets"
CSS_FILES = ("bootstrap.min.css", "dashboard.css")
# A4 at 96 dpi is 794 px wide; 12 mm margins leave about 700 px for a chart.
CHART_WIDTH = 700
SPARK_WIDTH = 220
PACK_CHART_HEIGHT = 230
PDF_TIMEOUT_S = 120
CACHE_SIZE = 8
SVG_CACHE_SIZE = 512

_kaleido_lock = threading.Lock()
_pack_lock = threading.Lock()
_cache: OrderedDict[tuple, bytes] = OrderedDict()
_svg_cache: OrderedDict[str, bytes] = OrderedDict()


class PackError(RuntimeError):
    """The pack could not be produced (no Chromium, or printing failed)."""


def chromium_path() -> str:
    """BROWSER_PATH (as kaleido reads it), else chromium on PATH."""
    for candidate in (os.environ.get("BROWSER_PATH"), "chromium", "chromium-browser",
                      "google-chrome"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    raise PackError("Chromium is not installed (apt-get install chromium), so the meeting "
                    "pack cannot be printed")


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
    fig = graph.figure
    height = int(fig.layout.height or 300)
    small = height <= 80
    width = SPARK_WIDTH if small else CHART_WIDTH
    if not small:  # three indicator cards to an A4 page
        height = PACK_CHART_HEIGHT
        fig = go.Figure(fig).update_layout(height=height)
    svg = figure_svg(fig, width, height)
    src = "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
    # The chart is described in words beside it (figcaption / trend text).
    return (f'<img src="{src}" alt="" class="pack-chart" '
            f'style="width: 100%; max-width: {width}px; height: auto">')


def pack_body(ds, filters) -> html.Div:
    """Overview then every listed area, each area on a new page."""
    from dashboard.metrics import overview_figures

    qs = filters.to_query_string()
    figures = overview_figures(ds, filters)
    parts = [overview_view.overview_body(ds, filters, figures, qs)]
    panels = figures.get("panels") or []
    listed = [a["area_id"] for a in figures.get("areas") or []]
    areas = {a["area_id"]: a for a in queries.priority_areas(ds)}
    for area_id in listed:
        area = areas.get(area_id)
        if area is None:
            continue
        mine = [p for p in panels if p.get("area_id") == area_id]
        parts.append(html.Div(
            area_view.area_body(ds, area_view.area_filters(filters, area_id), area, mine, qs,
                                (figures.get("area_comments") or {}).get(area_id)),
            className="print-break-before pack-area",
        ))
    return html.Div(parts)


def pack_html(ds, filters) -> str:
    """The whole pack as one self-contained HTML document (no script, no links)."""
    css = "\n".join((ASSETS_DIR / name).read_text(encoding="utf-8") for name in CSS_FILES)
    name = escape(ds.partnership.name)
    period = period_words(*filters.period(ds.as_of), from_chosen=filters.date_from is not None)
    filters_text = ", ".join(f"{k} = {v}" for k, v in filters.to_params().items()) or "none"
    banner = ""
    if is_demo(ds):
        banner = (f'<p class="demo-banner">Synthetic demo data: these figures are made up '
                  f'for demonstration (as of {escape(format_date(ds.as_of))}).</p>')
    body = render_html(pack_body(ds, filters), graph_image=_graph_image)
    generated = dt.datetime.now().strftime("%d %b %Y %H:%M")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Meeting pack – {name}</title>
<style>{css}
.pack-cover {{ border-bottom: 2px solid #1a1a1a; margin-bottom: 1rem; }}
.pack-chart {{ display: block; }}
.pack-area .no-print {{ display: none; }}
</style>
</head>
<body>
<div class="container-xxl">
<header class="pack-cover">
<h1 class="h3 mb-1">{name}: meeting pack</h1>
<p class="mb-1">Data as of {escape(format_date(ds.as_of))} · period: {escape(period)} ·
filters: {escape(filters_text)} · produced {escape(generated)}</p>
{banner}
</header>
{body}
</div>
</body>
</html>"""


def html_to_pdf(document: str) -> bytes:
    """Print an HTML document to PDF with headless Chromium."""
    chrome = chromium_path()
    with tempfile.TemporaryDirectory(prefix="lscp-pack-") as tmp:
        src = Path(tmp) / "pack.html"
        out = Path(tmp) / "pack.pdf"
        src.write_text(document, encoding="utf-8")
        cmd = [
            chrome, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            f"--user-data-dir={tmp}/profile",
            "--no-pdf-header-footer", f"--print-to-pdf={out}", src.as_uri(),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=PDF_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise PackError("printing the meeting pack took too long") from None
        if not out.is_file() or out.stat().st_size == 0:
            log.error("chromium print failed: %s", proc.stderr.decode("utf-8", "replace")[-2000:])
            raise PackError("Chromium could not print the meeting pack")
        return out.read_bytes()


def meeting_pack_pdf(ds, filters) -> bytes:
    """The pack as PDF bytes; the last few packs are kept (same data, same filters)."""
    key = (id(ds), getattr(ds, "loaded_at", None), ds.as_of, filters.to_query_string())
    with _pack_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        pdf = html_to_pdf(pack_html(ds, filters))
        _cache[key] = pdf
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return pdf


def pack_filename(ds) -> str:
    return f"meeting-pack-{ds.as_of.isoformat()}.pdf"


def register_routes(server) -> None:
    """GET /meeting-pack.pdf and /meeting-pack.html with the address's filters."""
    from flask import Response, request

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

    def _pack_response(build, mimetype: str, headers: dict) -> Response:
        ds = current_dataset()
        try:
            filters = _filters(ds)
        except FilterError as exc:
            return _text(f"The filters were refused: {exc}", 400)
        try:
            body = build(ds, filters)
        except PackError as exc:
            return _text(str(exc), 503)
        return Response(body, mimetype=mimetype,
                        headers={"Cache-Control": "no-store", **headers(ds)})

    def pack_pdf_view():
        return _pack_response(meeting_pack_pdf, "application/pdf", lambda ds: {
            "Content-Disposition": f'attachment; filename="{pack_filename(ds)}"'})

    def pack_html_view():
        return _pack_response(pack_html, "text/html", lambda ds: {})

    server.add_url_rule("/meeting-pack.pdf", "meeting_pack_pdf", pack_pdf_view)
    server.add_url_rule("/meeting-pack.html", "meeting_pack_html", pack_html_view)
