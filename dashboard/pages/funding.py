"""Funding (/funding): contributions by partner and partner group for a financial year,
shares and amounts per head against comparator partnerships, planned against actual,
training cost recovery and five years of contributions."""
import dash

from dashboard.views import funding, funding_page
from dashboard.views.page import render_page

dash.register_page(__name__, path="/funding", name="Funding", title="Funding – LSCP dashboard",
                   order=6, queries=funding.QUERIES,
                   menu="Deep dives")


def layout(**kwargs):
    return render_page(kwargs, funding_page.render, pathname="/funding", with_state=True)
