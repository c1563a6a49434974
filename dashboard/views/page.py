"""What every page does first: find the dataset, read the filters from the address,
refuse bad ones with a clear message, and never leave a blank page behind."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Mapping
from urllib.parse import unquote

from dash import html

from dashboard.components.notices import filter_refused
from dashboard.filters import FilterError, parse_filters
from dashboard.address import merge_search, params_from_kwargs
from dashboard.views.state import VIEW_PARAMS, StateError, parse_state
from dashboard.views.context import current_dataset

log = logging.getLogger(__name__)


def filters_for(ds, params: Mapping[str, str]):
    """(filters, query string) or raise FilterError."""
    filters = parse_filters(params, ds)
    return filters, filters.to_query_string()


def render_page(kwargs: Mapping, body: Callable, *, pathname: str = "/", ds=None,
                with_state: bool = False):
    """body(ds, filters, query_string) under the address's filters; with `with_state`,
    body(ds, filters, state, search): the view state (record view, sort, page) too, and
    the whole address (filters and view state) for links that change one of them."""
    ds = ds if ds is not None else current_dataset()
    params = params_from_kwargs(kwargs)
    try:
        filters, qs = filters_for(ds, params)
        state = parse_state(params)
    except (FilterError, StateError) as exc:
        present = "?present=1" if params.get("present") == "1" else ""
        return filter_refused(str(exc), pathname + present)
    try:
        if with_state:
            view = {k: params[k] for k in VIEW_PARAMS if params.get(k)}
            return body(ds, filters, state, merge_search(qs, view))
        return body(ds, filters, qs)
    except Exception:  # a page must say it failed, not leave the last page on screen
        log.exception("page %s failed", pathname)
        return html.Div(
            [html.H1("This page could not be drawn", className="h3"),
             html.P("An unexpected error occurred while preparing this page. The details "
                    "are in the server log.")],
            className="alert alert-danger", role="alert", **{"data-page-error": "true"},
        )


_AREA_PATH = re.compile(r"/area/([^/]+)/?")


def page_status(path: str, page_paths: Collection[str],
                area_ids: Collection[str] | None) -> int:
    """The HTTP status of the page at `path`: 404 for an address that is no page and for
    an area that is not in priority_areas.csv (the body is then the "not found" page), so
    link checkers, bookmarks and crawlers learn that the address is wrong. area_ids None:
    priority_areas.csv is unavailable, so no area can be said not to exist (the page
    says what is missing instead)."""
    path = path.rstrip("/") or "/"
    if path in page_paths:
        return 200
    match = _AREA_PATH.fullmatch(path)
    if match:
        return 200 if area_ids is None or unquote(match.group(1)) in area_ids else 404
    return 404
