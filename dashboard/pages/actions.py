"""Actions and recommendations (/actions): the tracker of every action, its figures as at
the as-of date, breakdowns with drill-down and completion on time by quarter."""
import dash

from dashboard.views import actions
from dashboard.views.page import render_page

dash.register_page(__name__, path="/actions", name="Actions", title="Actions – LSCP dashboard",
                   order=4, queries=actions.QUERIES,
                   menu="Deep dives")


def layout(**kwargs):
    return render_page(kwargs, actions.render, pathname="/actions", with_state=True)
