"""Overview (/): a tile per priority area and the headline figures."""
import dash

from dashboard.views import overview
from dashboard.views.page import render_page

dash.register_page(__name__, path="/", name="Overview", title="Overview – LSCP dashboard",
                   order=0, queries=overview.QUERIES)


def layout(**kwargs):
    return render_page(kwargs, overview.render, pathname="/")
