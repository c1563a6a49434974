"""Front door (/front-door): coming in a later release; until then it says what it will show."""
import dash

from dashboard.views.coming import coming_page
from dashboard.views.page import render_page

dash.register_page(__name__, path="/front-door", name="Front door", title="Front door – LSCP dashboard",
                   order=2, coming=True)

WILL_SHOW = (
    "contacts over time, decisions within one working day, conversion to referral, repeat contacts, re-contact after no further action and escalations, by referrer agency, concern, age band, screening RAG and locality."
)


def layout(**kwargs):
    return render_page(kwargs, lambda ds, filters, qs: coming_page("Front door", WILL_SHOW, qs),
                       pathname="/front-door")
