"""The accessibility statement (/accessibility), last in the menu."""
import dash

from dashboard.views import accessibility
from dashboard.views.page import render_page

dash.register_page(__name__, path="/accessibility", name="Accessibility",
                   title="Accessibility statement – LSCP dashboard", order=99, menu="Help")


def layout(**kwargs):
    return render_page(kwargs, lambda ds, filters, qs: accessibility.render(ds, qs),
                       pathname="/accessibility")
