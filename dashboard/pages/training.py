"""Training (/training): bookings and attendance by agency, course, mode, area and month,
ratings, confidence before and after, three-month impact and fee income, and the
bookings behind them."""
import dash

from dashboard.views import training
from dashboard.views.page import render_page

dash.register_page(__name__, path="/training", name="Training",
                   title="Training – LSCP dashboard", order=7, queries=training.QUERIES,
                   menu="Deep dives")


def layout(**kwargs):
    return render_page(kwargs, training.render, pathname="/training", with_state=True)
