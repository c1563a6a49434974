"""Funding (/funding): coming in a later release; until then it says what it will show."""
import dash

from dashboard.views.coming import coming_page
from dashboard.views.page import render_page

dash.register_page(__name__, path="/funding", name="Funding", title="Funding – LSCP dashboard",
                   order=6, coming=True)

WILL_SHOW = (
    "contributions by partner and partner group, shares against comparator partnerships, budget per head, planned versus actual, training cost recovery."
)


def layout(**kwargs):
    return render_page(kwargs, lambda ds, filters, qs: coming_page("Funding", WILL_SHOW, qs),
                       pathname="/funding")
