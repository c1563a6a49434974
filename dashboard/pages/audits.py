"""Audits (/audits): grades over time and by area, agency and audit type, involvement of
children's voice, families and practitioners, re-audit improvement, and the audit rows
behind them."""
import dash

from dashboard.views import audits
from dashboard.views.page import render_page

dash.register_page(__name__, path="/audits", name="Audits", title="Audits – LSCP dashboard",
                   order=3, queries=audits.QUERIES,
                   menu="Deep dives")


def layout(**kwargs):
    return render_page(kwargs, audits.render, pathname="/audits", with_state=True)
