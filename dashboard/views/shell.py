"""The app shell: navigation, the partnership and as-of date, the demo banner, the
filter bar, and the callbacks that keep the filter bar and the address in step."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.filter_bar import filter_bar
from dashboard.components.format import format_date
from dashboard.views.context import merge_search, params_from_search

PACK_PDF_PATH = "/meeting-pack.pdf"
NAV_TYPE = "nav-link"


def nav_pages(page_registry: Mapping | None = None) -> list[dict]:
    """Pages for the navigation bar, in their `order` (pages with nav=False, such as
    the area page and not-found, are left out)."""
    registry = dash.page_registry if page_registry is None else page_registry
    pages = [p for p in registry.values() if p.get("nav", True) and not p.get("path_template")]
    return sorted(pages, key=lambda p: (p.get("order") or 0, p["path"]))


def _nav_item(page: Mapping) -> dbc.NavItem:
    label = [page["name"]]
    if page.get("coming"):
        label += [" ", html.Span("(coming)", className="coming")]
    return dbc.NavItem(dbc.NavLink(
        label, href=page["path"], active="exact",
        id={"type": NAV_TYPE, "index": page["path"]},
    ))


def navbar(*, name: str, as_of: dt.date, pages: Sequence[Mapping],
           areas: Sequence[tuple[str, str]]) -> dbc.Navbar:
    area_items = [
        dbc.DropdownMenuItem(area_name, href=f"/area/{area_id}",
                             id={"type": NAV_TYPE, "index": f"/area/{area_id}"})
        for area_id, area_name in areas
    ]
    items = [_nav_item(p) for p in pages]
    if area_items:
        items.insert(1, dbc.DropdownMenu(area_items, label="Priority areas", nav=True,
                                         in_navbar=True, id="nav-areas"))
    return dbc.Navbar(
        dbc.Container(
            [
                html.Div(
                    [
                        dcc.Link(name, href="/", className="navbar-brand",
                                 id={"type": NAV_TYPE, "index": "/#brand"}),
                        html.Div(f"Data as of {format_date(as_of)}",
                                 className="partnership-meta", id="as-of"),
                    ],
                    className="me-3",
                ),
                # On a phone the links fold behind a "Menu" button, so that the page's
                # first screen shows the page and not only the navigation.
                html.Button(
                    [html.Span(className="navbar-toggler-icon", **{"aria-hidden": "true"}),
                     html.Span("Menu", className="ms-2")],
                    id="nav-toggler", type="button", className="navbar-toggler text-white",
                    **{"aria-controls": "nav-collapse", "aria-expanded": "false"},
                ),
                dbc.Collapse(
                    [
                        dbc.Nav(items, navbar=True, className="me-auto flex-wrap"),
                        html.Div(
                            [
                                dbc.Switch(id="present-toggle", label="Meeting mode",
                                           value=False, className="text-white mb-0 me-3",
                                           input_class_name="me-1"),
                                html.A("Download meeting pack (PDF)", id="pack-link",
                                       href=PACK_PDF_PATH,
                                       className="btn btn-light btn-sm no-print",
                                       download="meeting-pack.pdf",
                                       title="A PDF of the Overview and every priority area "
                                             "under the current filters (it can take half "
                                             "a minute)"),
                            ],
                            className="d-flex align-items-center flex-wrap gap-2 no-print",
                        ),
                    ],
                    id="nav-collapse", navbar=True, is_open=False, className="flex-wrap",
                ),
            ],
            fluid="xxl", className="flex-wrap",
        ),
        color="dark", dark=True, className="app-navbar", expand="lg",
    )


def demo_banner(as_of: dt.date) -> html.Div:
    return html.Div(
        f"Synthetic demo data: these figures are made up for demonstration "
        f"(as of {format_date(as_of)}). No real child or case is described.",
        className="demo-banner", id="demo-banner", role="note",
    )


def shell_layout(*, name: str, as_of: dt.date, is_demo: bool, pages: Sequence[Mapping],
                 areas: Sequence[tuple[str, str]], agencies: Sequence[str]) -> html.Div:
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            html.A("Skip to main content", href="#main", className="skip-link"),
            html.Header([
                navbar(name=name, as_of=as_of, pages=pages, areas=areas),
                # the navbar does not print; the partnership and date still must
                html.P(f"{name} · data as of {format_date(as_of)}",
                       className="d-none d-print-block fw-bold mb-1 print-header"),
                demo_banner(as_of) if is_demo else None,
            ]),
            filter_bar(as_of=as_of, agencies=agencies, areas=areas),
            html.Main(
                html.Div(dash.page_container, className="container-xxl py-3"),
                id="main", tabIndex="-1",
            ),
        ],
        id="shell",
    )


# -- callbacks as plain functions ----------------------------------------------------------
def _join(values) -> str | None:
    if not values:
        return None
    if isinstance(values, str):
        return values
    return ",".join(str(v) for v in values)


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def controls_from_search(search: str | None) -> tuple:
    """(from, to, agency list, area list, present) as the filter bar shows them."""
    p = params_from_search(search)
    return (p.get("from") or None, p.get("to") or None, _split(p.get("agency")),
            _split(p.get("area")), p.get("present") == "1")


# No partnership has records this old: an earlier year is a date still being typed.
MIN_TYPED_YEAR = 1900


def date_being_typed(value) -> bool:
    """A native date input reports a value as soon as the year has one digit: typing
    2025 reports 0002-…, 0020-…, 0202-… first. Those are not dates the user chose."""
    if not value:
        return False
    try:
        return dt.date.fromisoformat(str(value)).year < MIN_TYPED_YEAR
    except ValueError:
        return True


def sync_filters(triggered: str | None, search: str | None, from_, to, agency, area,
                 present) -> tuple:
    """One callback both ways (Dash forbids a cycle across two): the address sets the
    controls; a control sets the address. Returns (from, to, agency, area, present,
    search); dash.no_update where nothing changes (also while a date is half typed, so
    the address and history never hold the year 0002)."""
    nu = dash.no_update
    if triggered in (None, "url"):
        return (*controls_from_search(search), nu)
    if date_being_typed(from_) or date_being_typed(to):
        return (nu,) * 6
    new_search = merge_search(search, {
        "from": from_ or None,
        "to": to or None,
        "agency": _join(agency),
        "area": _join(area),
        "present": "1" if present else None,
    })
    if new_search == (search or ""):
        return (nu,) * 6
    return (nu, nu, nu, nu, nu, new_search)


def toggle_nav(triggered: str | None, is_open: bool | None) -> tuple[bool, str]:
    """The phone menu: the Menu button opens or closes it, and moving to another page
    closes it. Returns (is_open, aria-expanded)."""
    open_ = (not is_open) if triggered == "nav-toggler" else False
    return open_, "true" if open_ else "false"


def chrome_for_search(pathname: str | None, search: str | None,
                      link_ids: Sequence[Mapping]) -> tuple:
    """Links that keep the filters (navigation, pack download) and the meeting-mode
    class. Returns (nav hrefs, pack href, clear-filters href, shell class)."""
    search = search or ""
    present = params_from_search(search).get("present") == "1"
    hrefs = [lid["index"].split("#")[0] + search for lid in link_ids]
    clear = (pathname or "/") + ("?present=1" if present else "")
    return hrefs, PACK_PDF_PATH + search, clear, "present-mode" if present else ""
