"""The app shell: navigation, the partnership and as-of date, the demo banner, the
filter bar, and the callbacks that keep the filter bar and the address in step."""
from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.filter_bar import filter_bar
from dashboard.components.format import format_date
from dashboard.address import build_search, merge_search, parse_search, split_list
from dashboard.analysis import periods
from dashboard.components.filter_bar import IN_ROW, OFFER_NOT_RECORDED, control_id
from dashboard.filters import (
    BY_NAME, CODES, DATE, FINANCIAL_YEAR, FLAG, FROM, FROM_ALL, NOT_RECORDED, PARAMS, TEXT,
    narrowing_fields,
)
from dashboard.analysis.values import parse_iso_date

PACK_PAGE_PATH = "/meeting-pack"   # the pack's progress page, then its PDF (dashboard/pack.py)
SHELL_LOADED_ID = "shell-loaded-at"
RELOADED_NOTICE_ID = "reloaded-notice"
NAV_TYPE = "nav-link"


def nav_pages(page_registry: Mapping | None = None) -> list[dict]:
    """Pages for the navigation bar, in their `order` (pages with nav=False, such as
    the area page and not-found, are left out)."""
    registry = dash.page_registry if page_registry is None else page_registry
    pages = [p for p in registry.values() if p.get("nav", True) and not p.get("path_template")]
    return sorted(pages, key=lambda p: (p.get("order") or 0, p["path"]))


def _nav_item(page: Mapping) -> dbc.NavItem:
    return dbc.NavItem(dbc.NavLink(
        page["name"], href=page["path"], active="exact",
        id={"type": NAV_TYPE, "index": page["path"]},
    ))


def _menu(label: str, entries: Sequence[tuple[str, str]], menu_id: str) -> dbc.DropdownMenu:
    """A dropdown of the menu: (words, address) entries, each carrying the filters."""
    return dbc.DropdownMenu(
        [dbc.DropdownMenuItem(words, href=href, id={"type": NAV_TYPE, "index": href})
         for words, href in entries],
        label=label, nav=True, in_navbar=True, id=menu_id)


def nav_items(pages: Sequence[Mapping], areas: Sequence[tuple[str, str]]) -> list:
    """The menu: pages in their order; pages registered with the same `menu` (Deep
    dives, Help) gathered into one dropdown where the first of them stands; the priority
    areas in a dropdown after the Overview."""
    items: list = []
    groups: dict[str, list] = {}
    for page in pages:
        menu = page.get("menu")
        if menu is None:
            items.append(_nav_item(page))
        else:
            if menu not in groups:
                groups[menu] = []
                items.append(menu)          # where the dropdown stands
            groups[menu].append((page["name"], page["path"]))
    items = [_menu(i, groups[i], "nav-" + i.lower().replace(" ", "-")) if isinstance(i, str)
             else i for i in items]
    if areas:
        items.insert(1, _menu("Priority areas",
                              [(name, f"/area/{area_id}") for area_id, name in areas],
                              "nav-areas"))
    return items


def loaded_words(loaded_at: dt.datetime, today: dt.date | None = None) -> str:
    """'loaded 09:14' today, 'loaded 28 Nov 09:14' on another day (datasets.md
    "Reloading": every page says when its data was loaded)."""
    today = today or dt.date.today()
    day = "" if loaded_at.date() == today else f"{loaded_at.day} {loaded_at:%b} "
    return f"loaded {day}{loaded_at:%H:%M}"


def navbar(*, name: str, as_of: dt.date, pages: Sequence[Mapping],
           areas: Sequence[tuple[str, str]], is_demo: bool = False,
           loaded_at: dt.datetime | None = None) -> dbc.Navbar:
    """One row on a laptop: the partnership and its as-of date, the menu, then meeting
    mode, public mode and the meeting pack (the first screen is for the page)."""
    meta = f"Data as of {format_date(as_of)}"  # the demo says it in its notice
    return dbc.Navbar(
        dbc.Container(
            [
                html.Div(
                    [
                        dcc.Link(name, href="/", className="navbar-brand",
                                 id={"type": NAV_TYPE, "index": "/#brand"}),
                        html.Div([demo_badge(as_of) if is_demo else meta,
                                  html.Span(
                                      " · " + loaded_words(loaded_at), id="loaded-at-shell",
                                      title=f"The data was loaded at "
                                            f"{loaded_at:%d %b %Y %H:%M}") if loaded_at else None],
                                 className="partnership-meta", id="as-of"),
                    ],
                    className="me-3 brand-block",
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
                        dbc.Nav(nav_items(pages, areas), navbar=True, className="me-auto"),
                        html.Div(
                            [
                                # the two switches stacked: the bar stays one row
                                html.Div([
                                    dbc.Switch(id="present-toggle", label="Meeting mode",
                                               value=False, className="text-white mb-0",
                                               input_class_name="me-1"),
                                    dbc.Switch(id="public-toggle", label="Public mode",
                                               value=False, className="text-white mb-0",
                                               input_class_name="me-1"),
                                ], className="mode-switches"),
                                # the pack above the account menu (dashboard/auth.py):
                                # signed in, the name still leaves the brand its width
                                html.Div([
                                    html.A("Meeting pack (PDF)", id="pack-link",
                                           href=PACK_PAGE_PATH,
                                           className="btn btn-light btn-sm no-print",
                                           title="A PDF of the Overview, every priority area "
                                                 "and the figures behind them under the "
                                                 "current filters (the first one takes half "
                                                 "a minute)"),
                                    html.Div(id="account"),
                                ], className="d-flex flex-column align-items-end"),
                            ],
                            className="d-flex align-items-center gap-2 no-print mode-controls",
                        ),
                    ],
                    id="nav-collapse", navbar=True, is_open=False,
                ),
            ],
            fluid=True,
        ),
        color="dark", dark=True, className="app-navbar py-1", expand="xl",
    )


def demo_badge(as_of: dt.date) -> html.Span:
    """The demo's notice under its name, with its as-of date (product.md: the demo
    banner shows that date)."""
    return html.Span(f"Synthetic demo data · as of {format_date(as_of)}",
                     title="No real child, case or person is described",
                     className="demo-note", id="demo-banner",
                     role="note")


def shell_layout(*, name: str, as_of: dt.date, is_demo: bool, pages: Sequence[Mapping],
                 areas: Sequence[tuple[str, str]], choices: Mapping[str, Sequence],
                 loaded_at: dt.datetime | None = None) -> html.Div:
    return html.Div(
        [
            dcc.Location(id="url", refresh="callback-nav"),
            # which set this shell was built on: a page drawn from a newer one says so
            dcc.Store(id=SHELL_LOADED_ID, data=loaded_at.isoformat() if loaded_at else None),
            html.A("Skip to main content", href="#main", className="skip-link"),
            html.Header([
                navbar(name=name, as_of=as_of, pages=pages, areas=areas, is_demo=is_demo,
                       loaded_at=loaded_at),
                # the navbar does not print; the partnership and date still must
                html.P(f"{name} · data as of {format_date(as_of)}"
                       + (" · synthetic demo data" if is_demo else ""),
                       className="d-none d-print-block fw-bold mb-1 print-header"),
                # inside the header landmark: axe's "region" rule wants all content in one
                html.Div(id="public-banner"),
                html.Div(id=RELOADED_NOTICE_ID, role="status"),
                html.P(id="filters-words", className="filters-words mb-0"),
            ]),
            filter_bar(as_of=as_of, choices=choices, presets=PERIOD_PRESETS),
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


# The period control's presets (issue: the default period is the rolling year).
ROLLING, LAST_FY, FY_TO_DATE, ALL_DATES, CUSTOM = "rolling", "last_fy", "fytd", "all", "custom"
PERIOD_PRESETS = (
    (ROLLING, "Rolling year"),
    (LAST_FY, "Last financial year"),
    (FY_TO_DATE, "Financial year to date"),
    (ALL_DATES, "All dates"),
    (CUSTOM, "Chosen dates"),
)


def preset_period(preset: str, as_of: dt.date) -> tuple[str | None, str | None] | None:
    """The address's (from, to) for a preset; None for CUSTOM (the dates decide)."""
    this_fy = periods.financial_year_of(as_of)
    if preset == ROLLING:
        return None, None
    if preset == LAST_FY:
        last = periods.previous_financial_years(this_fy, 2)[0]
        return (periods.financial_year_start(last).isoformat(),
                periods.financial_year_end(last).isoformat())
    if preset == FY_TO_DATE:
        return periods.financial_year_start(this_fy).isoformat(), None
    if preset == ALL_DATES:
        return FROM_ALL, None
    return None


def preset_of(from_: str | None, to: str | None, as_of: dt.date) -> str:
    """Which preset the address's (from, to) is, else CUSTOM."""
    for preset, _ in PERIOD_PRESETS[:-1]:
        if preset_period(preset, as_of) == (from_ or None, to or None):
            return preset
    return CUSTOM


def period_note(from_: str | None, to: str | None, as_of: dt.date) -> str:
    """The words under the date inputs: what a blank or 'all' means here."""
    if from_ == FROM_ALL:
        return "All dates"
    if not from_:
        return "Blank: 12 months to the end"
    return ""


# Which address parameter each control writes (the period preset writes from and to).
CONTROL_PARAMS = {control_id(p.name): p.name for p in PARAMS if p.kind != FLAG}
CONTROL_PARAMS.update({"present-toggle": "present", "public-toggle": "public"})
BY_CONTROL = {cid: BY_NAME[name] for cid, name in CONTROL_PARAMS.items()}


def _control_value(p, raw: str | None):
    """A control's value for an address parameter's text."""
    if p.kind == FLAG:
        return raw == "1"
    if p.kind == CODES:
        return split_list(raw)
    if p.kind == FROM:
        return None if raw == FROM_ALL else (raw or None)
    return raw or None


def controls_from_search(search: str | None, as_of: dt.date) -> dict:
    """The filter bar's controls as the address sets them, by control id."""
    params = parse_search(search)
    out = {"filter-period": preset_of(params.get("from") or None, params.get("to") or None,
                                      as_of)}
    # from=all is shown as the words "all dates" beside an empty date input
    out.update({cid: _control_value(p, params.get(p.name)) for cid, p in BY_CONTROL.items()})
    if _forced_public():
        out["public-toggle"] = True
    return out


def _forced_public() -> bool:
    from dashboard.auth import forced_public

    return forced_public()


CONTROL_IDS = tuple(controls_from_search(None, dt.date(2000, 1, 1)))


# No partnership has records this old: an earlier year is a date still being typed.
MIN_TYPED_YEAR = 1900


def date_being_typed(value) -> bool:
    """A native date input reports a value as soon as the year has one digit: typing
    2025 reports 0002-…, 0020-…, 0202-… first. Those are not dates the user chose."""
    if not value:
        return False
    try:
        return parse_iso_date(str(value)).year < MIN_TYPED_YEAR
    except ValueError:
        return True


def _updates(triggered: str, values: Mapping, current: Mapping, as_of: dt.date) -> dict:
    """The address parameters the triggered control changes, and only those."""
    value = values.get(triggered)
    if triggered == "filter-period":
        chosen = preset_period(value or CUSTOM, as_of)
        # a new period, like any new filter, starts the record tables at page 1
        return {} if chosen is None else {"from": chosen[0], "to": chosen[1], "page": None}
    p = BY_CONTROL.get(triggered)
    if p is None:
        return {}
    changes = {} if p.kind == FLAG else {"page": None}   # a new filter starts at page 1
    if p.kind == FLAG:
        return {p.name: "1" if value else None}
    if p.kind == FROM and not value and current.get("from") == FROM_ALL:
        return {}  # the empty input stands for "all dates": keep it
    if isinstance(value, list):
        value = _join(value)
    elif isinstance(value, str):
        value = value.strip()
    return {**changes, p.name: value or None}


def sync_filters(triggered: str | None, search: str | None, values: Mapping,
                 as_of: dt.date, known: Mapping[str, Collection[str]] | None = None
                 ) -> tuple[dict, object, object]:
    """One callback both ways (Dash forbids a cycle across two): the address sets the
    controls; a control sets its own parameters in the address, leaving the others as
    they are. `values` holds each control's value by id (CONTROL_IDS); `known` the
    codes each list control offers. Returns (control values by id, the period note,
    the new search), with dash.no_update where nothing changes: also while a date is
    half typed (so the address and history never hold the year 0002), and when a list
    drops codes it does not offer (`?agency=martians`: the page shows the refusal
    naming the allowed codes; the address keeps what was asked for)."""
    nu = dash.no_update
    unchanged = dict.fromkeys(CONTROL_IDS, nu)
    current = parse_search(search)
    if triggered in (None, "url"):
        return (controls_from_search(search, as_of),
                period_note(current.get("from"), current.get("to"), as_of), nu)
    if date_being_typed(values.get("filter-from")) or date_being_typed(values.get("filter-to")):
        return unchanged, nu, nu
    offered = (known or {}).get(triggered)
    if offered is not None:
        asked = split_list(current.get(CONTROL_PARAMS[triggered]))
        got = values.get(triggered)
        # a list control reports a list, a year or round control one value or None
        got = list(got) if isinstance(got, (list, tuple)) else ([got] if got else [])
        if got == [v for v in asked if v in offered]:
            return unchanged, nu, nu
    new_search = merge_search(search, _updates(triggered, values, current, as_of))
    if new_search == (search or ""):
        return unchanged, nu, nu
    # the other controls follow the new address (a preset fills the dates; a date
    # typed makes the preset "chosen dates"); Dash does not call this callback again
    # for the address it writes itself
    target = controls_from_search(new_search, as_of)
    follow = {c: (nu if c == triggered or target[c] == values.get(c) else target[c])
              for c in CONTROL_IDS}
    p = parse_search(new_search)
    return follow, period_note(p.get("from"), p.get("to"), as_of), new_search


def toggle_nav(triggered: str | None, is_open: bool | None) -> tuple[bool, str]:
    """The phone menu: the Menu button opens or closes it, and moving to another page
    closes it. Returns (is_open, aria-expanded)."""
    open_ = (not is_open) if triggered == "nav-toggler" else False
    return open_, "true" if open_ else "false"


def chrome_for_search(pathname: str | None, search: str | None,
                      link_ids: Sequence[Mapping]) -> tuple:
    """Links that keep the filters (navigation, pack download), the meeting-mode class
    and the public-mode banner. Returns (nav hrefs, pack href, clear-filters href, shell
    class, public banner). Clearing the filters keeps meeting and public mode."""
    search = search or ""
    params = parse_search(search)
    present = params.get("present") == "1"
    public = params.get("public") == "1" or _forced_public()
    hrefs = [lid["index"].split("#")[0] + search for lid in link_ids]
    clear = (pathname or "/") + build_search({"present": "1" if present else None,
                                              "public": "1" if public else None})
    classes = " ".join(c for c, on in (("present-mode", present), ("public-mode", public))
                       if on)
    return hrefs, PACK_PAGE_PATH + search, clear, classes, public_banner() if public else None


def public_banner() -> html.Div:
    return html.Div(
        "Public mode: counts of children, contacts, cases, audit rows, reviews and bookings "
        "from 1 to 5, and figures worked out from them, are shown as c (and, where a total "
        "would give them away, one more cell is too); record-level tables are hidden.",
        className="public-banner", id="public-note", role="note")


def page_queries(pathname: str | None, registry: Mapping | None = None) -> tuple[str, ...]:
    """The queries the page at `pathname` runs (its registry entry's `queries`)."""
    registry = dash.page_registry if registry is None else registry
    path = (pathname or "/").rstrip("/") or "/"
    for page in registry.values():
        template = page.get("path_template")
        if page.get("path") == path or (template and path.startswith(
                template.split("<", 1)[0]) and template.split("<", 1)[0] != "/"):
            return tuple(page.get("queries") or ())
    return ()


HIDDEN = {"display": "none"}


def filter_bar_state(pathname: str | None, search: str | None, field_ids: Sequence[Mapping],
                     *, toggled_from: bool | None = None,
                     registry: Mapping | None = None) -> dict:
    """What the filter bar shows on a page, the same rule everywhere. Only the filters
    that narrow the page (those whose $param its queries take; the period and its dates
    when they take $date_from), and of those the first IN_ROW in the bar's order; the
    rest fold under "More filters", which opens when one of them is set in the address
    or the user opens it (`toggled_from` is its state before a click). The button says
    how many folded filters are set and is hidden when nothing folds; the bar is hidden
    when no filter narrows the page.
    Returns {"styles": one per field, "bar": the bar's style, "open": bool,
    "text": the button's words, "button": the button's style}."""
    fields = narrowing_fields(page_queries(pathname, registry))
    params = parse_search(search)
    order = {p.name: i for i, p in enumerate(PARAMS)}
    narrowing = []
    for fid in field_ids:
        p = BY_NAME.get(fid["param"])
        if p is None or p.kind in (FROM, DATE):
            narrowing.append("date_from" in fields)
        else:
            narrowing.append(p.field in fields)
    ranked = sorted((order.get(fid["param"], -1), fid["param"])
                    for fid, narrows in zip(field_ids, narrowing) if narrows)
    folded = {name for _, name in ranked[IN_ROW:]}
    set_here = [name for name in folded if params.get(name)]
    is_open = (not toggled_from) if toggled_from is not None else bool(set_here)
    is_open = is_open and bool(folded)
    styles = [HIDDEN if not narrows or (fid["param"] in folded and not is_open) else {}
              for fid, narrows in zip(field_ids, narrowing)]
    return {"styles": styles, "bar": {} if ranked else HIDDEN, "open": is_open,
            "text": "More filters" + (f" ({len(set_here)} set)" if set_here else ""),
            "button": {} if folded else HIDDEN}


def list_choices(choices: Mapping[str, Sequence]) -> dict[str, list[str]]:
    """The codes each list control offers, by control id (from the contract's code lists
    and, for areas, the data): what a list may drop without it being the user's doing.
    The funding year and self-assessment round controls offer the years in the data: a
    shared link to a round not in the file (or a malformed one, which the page refuses)
    keeps its round when the control, which cannot show it, reports no value."""
    out = {}
    for cid, p in BY_CONTROL.items():
        if p.kind == FINANCIAL_YEAR:
            out[cid] = list(choices.get(p.name, ()))
            continue
        if p.kind != CODES:
            continue
        codes = [c for c, _ in choices[p.name]] if p.name in choices else list(p.codes or ())
        out[cid] = [*codes, NOT_RECORDED] if p.name in OFFER_NOT_RECORDED else codes
    return out


def filters_in_words(search: str | None, as_of: dt.date,
                     choices: Mapping[str, Sequence] | None = None) -> str:
    """The view in words for a meeting or a printed page: "Police only · 12 months to
    31 Oct 2026". A filter the address cannot hold (refused on the page) is left out."""
    from dashboard.components.format import humanise_code, period_words
    from dashboard.filters import FilterError, parse_filters

    try:
        f = parse_filters(parse_search(search))
    except FilterError:
        return ""
    names = dict((choices or {}).get("area", ()))
    parts = []
    for p in PARAMS:
        value = getattr(f, p.field)
        if p.kind in (FLAG, FROM, DATE) or value in (None, ()):
            continue
        if p.kind == CODES:
            words = [names.get(v, humanise_code(v)) if p.name == "area" else
                     ("Not recorded" if v == NOT_RECORDED else humanise_code(v)) for v in value]
            joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
            parts.append(f"{joined} only" if p.name in ("agency", "area")
                         else f"{p.title}: {joined}")
        elif p.kind == TEXT:
            parts.append(f"{p.title}: {', '.join(value)}")
        else:
            parts.append(f"{p.title} {value}")
    parts.append(period_words(*f.period(as_of), from_chosen=f.date_from is not None))
    return " · ".join(parts)


def reloaded_notice(shell_loaded: str | None, ds, href: str) -> html.Div | None:
    """When the page was drawn from a set loaded after this shell (the data was reloaded
    while the browser tab stayed open), say so, with a link that loads the whole page
    again so the name, as-of date, menus and filters follow."""
    if not shell_loaded or shell_loaded == ds.loaded_at.isoformat():
        return None
    return html.Div(
        [f"The data was reloaded ({loaded_words(ds.loaded_at)}; as of "
         f"{format_date(ds.as_of)}) and this page shows it. ",
         html.A("Load the page again", href=href, className="alert-link"),
         " to bring the menus and filters up to date."],
        className="alert alert-info py-1 px-2 mb-1 small", **{"data-reloaded": "true"})
