"""The meeting pack (/meeting-pack): starts the pack's background job and follows it
until the PDF can be downloaded (views/pack_page.py)."""
import dash
from dash import Input, Output, State

from dashboard.views import pack_page
from dashboard.views.page import render_page

dash.register_page(__name__, path="/meeting-pack", name="Meeting pack",
                   title="Meeting pack – LSCP dashboard", order=99, nav=False, queries=())


def _body(ds, filters, qs):
    from flask import current_app

    from dashboard import pack

    try:
        _, status = pack.start_pack(current_app, ds, filters)
    except pack.PackError as exc:      # no cache folder: say so, as the poll would
        status = {"state": "failed", "message": str(exc)}
    return pack_page.layout(pack.filters_words(ds, filters), filters.public, status,
                            pack.PACK_PDF_PATH + qs)


def layout(**kwargs):
    return render_page(kwargs, _body, pathname="/meeting-pack")


@dash.callback(
    Output("pack-status", "children"),
    Output("pack-poll", "disabled"),
    Output("pack-retry", "style"),
    Input("pack-poll", "n_intervals"),
    Input("pack-retry", "n_clicks"),
    State("url", "search"),
    prevent_initial_call=True,
)
def _poll(_n, _retry, search):
    from flask import current_app

    from dashboard import pack
    from dashboard.address import parse_search
    from dashboard.filters import FilterError, parse_filters
    from dashboard.views.context import current_dataset

    ds = current_dataset()
    params = parse_search(search)
    params.pop("present", None)
    href = pack.PACK_PDF_PATH
    try:
        filters = parse_filters(params, ds)
        href += filters.to_query_string()
        _, status = pack.start_pack(current_app, ds, filters,
                                    retry=dash.ctx.triggered_id == "pack-retry")
    except (FilterError, pack.PackError) as exc:
        status = {"state": "failed", "message": str(exc)}
    return pack_page.status_view(status, href)
