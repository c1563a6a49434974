"""Data quality (/data-quality): the validation report (the page that panels whose
data is missing link to)."""
import dash

from dashboard.views import data_quality
from dashboard.views.page import render_page

dash.register_page(__name__, path="/data-quality", name="Data quality",
                   title="Data quality – LSCP dashboard", order=8)


def layout(**kwargs):
    return render_page(kwargs, data_quality.render, pathname="/data-quality")
