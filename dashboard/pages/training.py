"""Training (/training): coming in a later release; until then it says what it will show."""
import dash

from dashboard.views.coming import coming_page
from dashboard.views.page import render_page

dash.register_page(__name__, path="/training", name="Training", title="Training – LSCP dashboard",
                   order=7, coming=True)

WILL_SHOW = (
    "bookings and attendance by agency, ratings, confidence before and after, three-month impact and fee income."
)


def layout(**kwargs):
    return render_page(kwargs, lambda ds, filters, qs: coming_page("Training", WILL_SHOW, qs),
                       pathname="/training")
