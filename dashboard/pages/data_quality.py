"""Data quality (/data-quality): files loaded, missing returns by agency and period,
findings by file and rule, and the validation report (the page that panels whose data
is missing link to)."""
import dash

from dashboard import reload as reloading
from dashboard.views import data_quality
from dashboard.views.context import dataset_holder
from dashboard.views.page import render_page
from dashboard.views.returns_grid import QUERIES

dash.register_page(__name__, path="/data-quality", name="Data quality",
                   title="Data quality – LSCP dashboard", order=8, queries=QUERIES)


def layout(**kwargs):
    holder = dataset_holder()
    reload = (holder.blocked, reloading.can_reload())
    return render_page(
        kwargs,
        lambda ds, filters, state, search: data_quality.render(ds, filters, state, search,
                                                               reload=reload),
        pathname="/data-quality", with_state=True)
