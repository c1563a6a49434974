"""Case reviews (/case-reviews): coming in a later release; until then it says what it will show."""
import dash

from dashboard.views.coming import coming_page
from dashboard.views.page import render_page

dash.register_page(__name__, path="/case-reviews", name="Case reviews", title="Case reviews – LSCP dashboard",
                   order=5, coming=True)

WILL_SHOW = (
    "notification, rapid review and LCSPR timeliness against the statutory timescales in working days."
)


def layout(**kwargs):
    return render_page(kwargs, lambda ds, filters, qs: coming_page("Case reviews", WILL_SHOW, qs),
                       pathname="/case-reviews")
