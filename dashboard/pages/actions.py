"""Actions (/actions): coming in a later release; until then it says what it will show."""
import dash

from dashboard.views.coming import coming_page
from dashboard.views.page import render_page

dash.register_page(__name__, path="/actions", name="Actions", title="Actions – LSCP dashboard",
                   order=4, coming=True)

WILL_SHOW = (
    "the tracker of actions and recommendations (source, owner, due date, status, days overdue), filterable and sortable; completion on time; impact evidenced."
)


def layout(**kwargs):
    return render_page(kwargs, lambda ds, filters, qs: coming_page("Actions", WILL_SHOW, qs),
                       pathname="/actions")
