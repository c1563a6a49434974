"""Case reviews (/case-reviews): notification, rapid review and LCSPR timeliness against
the statutory timescales, by quarter and outcome, and each review's clocks."""
import dash

from dashboard.views import case_reviews
from dashboard.views.page import render_page

dash.register_page(__name__, path="/case-reviews", name="Case reviews",
                   title="Case reviews – LSCP dashboard", order=5,
                   queries=case_reviews.QUERIES,
                   menu="Deep dives")


def layout(**kwargs):
    return render_page(kwargs, case_reviews.render, pathname="/case-reviews", with_state=True)
