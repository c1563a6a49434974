"""Audits (/audits): coming in a later release; until then it says what it will show."""
import dash

from dashboard.views.coming import coming_page
from dashboard.views.page import render_page

dash.register_page(__name__, path="/audits", name="Audits", title="Audits – LSCP dashboard",
                   order=3, coming=True)

WILL_SHOW = (
    "grades over time and by area and agency; involvement of children's voice, families and practitioners; re-audit improvement."
)


def layout(**kwargs):
    return render_page(kwargs, lambda ds, filters, qs: coming_page("Audits", WILL_SHOW, qs),
                       pathname="/audits")
