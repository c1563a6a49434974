"""Definitions (/definitions): every figure's definition; figures link here."""
import dash

from dashboard.definitions import DEFINITIONS_PATH
from dashboard.views import definitions
from dashboard.views.page import render_page

dash.register_page(__name__, path=DEFINITIONS_PATH, name="Definitions",
                   title="Definitions – LSCP dashboard", order=9, menu="Help")


def layout(**kwargs):
    return render_page(kwargs, definitions.render, pathname=DEFINITIONS_PATH)
