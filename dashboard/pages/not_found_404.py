"""Any address that is not a page (Dash pages uses the module named not_found_404)."""
import dash

from dashboard.components.notices import not_found

dash.register_page(__name__, path="/404", name="Not found",
                   title="Page not found – LSCP dashboard", nav=False)


def layout(**kwargs):
    return not_found("Page not found", "There is no page at this address.",
                     [("Overview", "/")])
