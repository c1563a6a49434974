"""Printing the meeting pack to PDF: "Page n of N" on every page, and a contents list
whose page numbers are read back from the printed PDF.

How: Playwright's `page.pdf` drives the Debian Chromium (the same browser kaleido draws
the charts with) through the DevTools protocol's Page.printToPDF, the only way Chromium
prints a footer of our own (`--print-to-pdf` on the command line can only print its
default header and footer, or none). Why Playwright rather than a hand-written DevTools
client: it is maintained, its `pdf()` call and its footer template are documented and
stable, and the project already drives this Chromium with it in the browser tests.

The contents' page numbers: each section has an id and the contents list links to it,
so Chromium writes a named destination for each section into the PDF; pypdf reads on
which page each destination lies. The pack is printed with the numbers it found and
read again; when a number moved (the contents grew the cover by a page), it is printed
once more. Chromium cannot number pages in the document itself (CSS target-counter()
is not implemented), hence the second print.
"""
from __future__ import annotations

import io
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from html import escape
from pathlib import Path

log = logging.getLogger(__name__)

PDF_TIMEOUT_S = 120
MAX_PASSES = 3
# A4 with room at the foot for the page number (the footer is drawn in the margin)
MARGIN = {"top": "12mm", "bottom": "16mm", "left": "12mm", "right": "12mm"}
LAUNCH_ARGS = ["--disable-dev-shm-usage", "--disable-background-networking",
               "--disable-component-update", "--disable-gpu"]


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


def footer_template(left: str) -> str:
    """The footer Chromium prints on every page: `left` (escaped) and 'Page n of N'.
    Chromium fills the pageNumber and totalPages spans; the template has no styles of
    its own, so its font size is set here (without one it prints at 0)."""
    return (
        '<div style="font-family: system-ui, sans-serif; font-size: 8pt; color: #333; '
        'width: 100%; margin: 0 12mm; display: flex; justify-content: space-between">'
        f'<span>{escape(left)}</span>'
        '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span>'
        '</span></div>')


def destination_pages(pdf: bytes, anchors: list[str]) -> dict[str, int]:
    """The page (1-based) on which each anchor's section starts, from the PDF's named
    destinations (Chromium writes one for each element a link points to)."""
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    found = {}
    for name, dest in reader.named_destinations.items():
        key = str(name).lstrip("/")
        if key in anchors:
            found[key] = reader.get_destination_page_number(dest) + 1
    return found


def print_numbered(document: Callable[[dict[str, int] | None], str], anchors: list[str],
                   footer: str, progress: Callable[[str], None] = lambda _m: None,
                   chromium: str | None = None) -> bytes:
    """Print `document(page_numbers)` to PDF, its contents numbered: first with no
    numbers, then with the numbers the last print had, until they hold."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - a dependency of the package
        raise PackError("Playwright is not installed, so the meeting pack cannot be "
                        "printed") from None
    chrome = chromium or chromium_path()
    numbers: dict[str, int] | None = None
    try:
        with sync_playwright() as p, tempfile.TemporaryDirectory(prefix="lscp-pack-") as tmp:
            browser = p.chromium.launch(executable_path=chrome, args=LAUNCH_ARGS,
                                        timeout=PDF_TIMEOUT_S * 1000)
            try:
                page = browser.new_page()
                page.set_default_timeout(PDF_TIMEOUT_S * 1000)
                src = Path(tmp) / "pack.html"
                for attempt in range(MAX_PASSES):
                    progress("Printing" if numbers is None else "Numbering the contents")
                    src.write_text(document(numbers), encoding="utf-8")
                    # a file, not set_content: a pack with many charts is several MB
                    page.goto(src.as_uri(), wait_until="load")
                    pdf = page.pdf(format="A4", print_background=True,
                                   display_header_footer=True,
                                   header_template="<span></span>",
                                   footer_template=footer_template(footer),
                                   margin=MARGIN, outline=True, tagged=True)
                    found = destination_pages(pdf, anchors)
                    if found == numbers:
                        return pdf
                    if len(found) < len(anchors):
                        missing = sorted(set(anchors) - set(found))
                        log.warning("pack sections without a destination: %s", missing)
                    numbers = found
                log.warning("the contents' page numbers did not settle in %d prints",
                            MAX_PASSES)
                return pdf
            finally:
                browser.close()
    except PlaywrightError as exc:
        log.error("chromium could not print the pack: %s", exc)
        raise PackError("Chromium could not print the meeting pack") from None
