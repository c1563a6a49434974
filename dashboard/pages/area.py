"""Priority area (/area/<area_id>): indicator cards with SPC charts, actions, audits,
training. An unknown area_id gets a 'not found' page."""
from urllib.parse import unquote

import dash

from dashboard.views import area
from dashboard.views.context import current_dataset
from dashboard.views.page import render_page


def title(area_id=None):
    try:
        found, _ = area.find_area(current_dataset(), unquote(area_id or ""))
    except Exception:  # the title must never break the page
        found = None
    name = found["name"] if found else "Priority area not found"
    return f"{name} – LSCP dashboard"


dash.register_page(__name__, path_template="/area/<area_id>", name="Priority area",
                   title=title, order=1, nav=False, queries=area.QUERIES)


def layout(area_id=None, **kwargs):
    area_id = unquote(area_id or "")
    return render_page(
        kwargs,
        lambda ds, filters, qs: area.render(ds, filters, area_id, qs),
        pathname=f"/area/{area_id}",
    )
