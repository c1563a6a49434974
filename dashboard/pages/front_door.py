"""Front door (/front-door): the MASH figures over time and by each dimension, and the
contacts behind them."""
import dash

from dashboard.views import front_door
from dashboard.views.page import render_page

dash.register_page(__name__, path="/front-door", name="Front door",
                   title="Front door – LSCP dashboard", order=2, queries=front_door.QUERIES,
                   menu="Deep dives")


def layout(**kwargs):
    return render_page(kwargs, front_door.render, pathname="/front-door", with_state=True)
