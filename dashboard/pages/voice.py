"""Voice (/voice): "You said, we did": the figures by source, channel and area and over
time, and the log, searchable, with what awaits a response after 90 days first."""
import dash
from dash import Input, Output, State

from dashboard.views import voice
from dashboard.views.page import render_page

dash.register_page(__name__, path="/voice", name="Voice", title="Voice – LSCP dashboard",
                   order=7.6, queries=voice.QUERIES,
                   menu="Deep dives")


def layout(**kwargs):
    return render_page(kwargs, voice.render, pathname="/voice", with_state=True)


@dash.callback(
    Output("url", "search", allow_duplicate=True),
    Input(voice.SEARCH_BUTTON, "n_clicks"),
    Input(voice.SEARCH_INPUT, "n_submit"),
    Input(voice.SOURCE_SELECT, "value"),
    Input(voice.CHANNEL_SELECT, "value"),
    State(voice.SEARCH_INPUT, "value"),
    State("url", "search"),
    prevent_initial_call=True,
)
def _search_the_log(_clicks, _submits, source, channel, words, search):
    """The log's search form writes the address; the page follows the address."""
    new = voice.log_search(search, words, source, channel)
    return dash.no_update if new == (search or "") else new
