"""The first screen is for the page (issue: meeting view): at 1280 × 720 the header,
banner and filters take at most a quarter of the height; on a projector (1920 × 1080) in
meeting mode every area tile shows without scrolling; on every page the filters beyond the
first five that narrow it fold behind a "More filters" button; identifiers never wrap
mid-word. Checked on
the demo (a long partnership name, five areas) and on the Fenmoor fixture."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Served
from test_app_pages import assert_accessible

DEMO = Path(__file__).resolve().parents[2] / "datasets" / "demo"
QUARTER_OF_720 = 720 / 4
PASSWORD = "a long enough password"
# how many lines an element's text takes: one box per line of its text
LINES = """e => { const r = document.createRange(); r.selectNodeContents(e);
    return new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => b.top)).size; }"""


@pytest.fixture(scope="module")
def served_demo():
    s = Served(DEMO)
    yield s
    s.close()


def bottom(page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    return box["y"] + box["height"]


def chrome_bottom(page) -> float:
    """Where the page's own content starts: the lowest of the header, the filter bar and
    the meeting-mode filters line, whichever show."""
    return page.evaluate("""() => Math.max(...['header', '#filter-bar', '.filters-words']
        .map(s => document.querySelector(s))
        .filter(e => e && e.offsetParent !== null)
        .map(e => e.getBoundingClientRect().bottom))""")


@pytest.mark.parametrize("which", ["demo", "fixture"])
@pytest.mark.parametrize("path", ["/", "/?present=1&agency=police"])
def test_header_and_filters_take_at_most_a_quarter_of_a_laptop_screen(
        which, path, served, served_demo, app_page):
    app = served_demo if which == "demo" else served
    app_page.set_viewport_size({"width": 1280, "height": 720})
    app_page.goto(app.url + path)
    app_page.wait_for_selector("[data-area-tile]")
    if "present" in path:
        app_page.wait_for_selector(".filters-words:has-text('Police only')")
    # the navbar is one row: the menu and the mode switches share the brand's line
    brand = app_page.locator(".navbar-brand").bounding_box()
    menu = app_page.locator("#nav-collapse").bounding_box()
    assert menu["y"] < brand["y"] + brand["height"], "the menu wrapped under the name"
    assert chrome_bottom(app_page) <= QUARTER_OF_720


@pytest.fixture(scope="module")
def served_demo_signed_in(tmp_path_factory):
    """The demo behind login, as production always is, with a user who may send returns
    (the account menu then holds Data returns and Sign out)."""
    import threading

    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.security import security_config
    from dashboard.users import set_password

    deploy = tmp_path_factory.mktemp("deploy_demo")
    set_password(deploy / "users.toml", "asha", PASSWORD, uploads=["indicators"],
                 agency="police", admin=True)
    cfg = security_config({"users": str(deploy / "users.toml"),
                           "audit_log": str(deploy / "audit.jsonl")}, {}, data_dir=DEMO)
    server = make_server("127.0.0.1", 0, create_app(DEMO, security=cfg).server,
                         threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


def test_signed_in_the_header_still_takes_at_most_a_quarter(served_demo_signed_in, app_page):
    app_page.set_viewport_size({"width": 1280, "height": 720})
    app_page.goto(served_demo_signed_in + "/login")
    app_page.get_by_label("User name").fill("asha")
    app_page.get_by_label("Password").fill(PASSWORD)
    app_page.get_by_role("button", name="Sign in").click()
    app_page.wait_for_selector("[data-area-tile]")
    assert "asha" in app_page.inner_text("#signed-in-as")
    assert chrome_bottom(app_page) <= QUARTER_OF_720
    # the account menu opens on Data returns and Sign out
    app_page.click("#signed-in-as")
    app_page.wait_for_selector("#nav-returns", state="visible")
    assert app_page.get_by_role("button", name="Sign out").is_visible()
    assert_accessible(app_page)


@pytest.mark.parametrize("path, drawn", [("/area/neglect", ".indicator-card"),
                                         ("/front-door", "#page-figures"),
                                         ("/audits", "#page-figures")])
def test_an_area_page_and_the_deep_dives_keep_the_quarter_too(path, drawn, served_demo,
                                                             app_page):
    app_page.set_viewport_size({"width": 1280, "height": 720})
    app_page.goto(served_demo.url + path)
    app_page.wait_for_selector(drawn)
    assert app_page.locator("#more-filters-button").is_visible()
    assert chrome_bottom(app_page) <= QUARTER_OF_720


def test_every_area_tile_shows_on_a_projector_in_meeting_mode(served_demo, app_page):
    app_page.set_viewport_size({"width": 1920, "height": 1080})
    app_page.goto(served_demo.url + "/?present=1")
    app_page.wait_for_selector("#shell.present-mode [data-area-tile]")
    tiles = app_page.locator("[data-area-tile]")
    assert tiles.count() == 5
    for i in range(tiles.count()):
        box = tiles.nth(i).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 1080, i


def test_more_filters_is_a_button_that_opens_and_opens_itself(served, app_page):
    app_page.set_viewport_size({"width": 1280, "height": 720})
    app_page.goto(served.url + "/")
    app_page.wait_for_selector("[data-area-tile]")      # the page drawn, not only the shell
    button = app_page.locator("#more-filters-button")
    concern = app_page.locator("#filter-concern")
    assert button.get_attribute("aria-expanded") == "false"
    assert not concern.is_visible()
    # in the filters' own row, not on a line of its own
    assert bottom(app_page, "#more-filters-button") <= bottom(app_page, "#filter-agency") + 8
    button.click()
    concern.wait_for(state="visible")
    assert button.get_attribute("aria-expanded") == "true"
    assert_accessible(app_page)
    button.click()
    concern.wait_for(state="hidden")
    # a folded filter set in the address opens the fold and the button counts it
    app_page.goto(served.url + "/?concern=neglect")
    concern.wait_for(state="visible")
    # the fields show before the bar's callback answers (then it folds them and names
    # the count): wait for its answer, not only for the field
    app_page.wait_for_selector("#more-filters-button:has-text('(1 set)')")


def test_an_identifier_is_never_split_over_lines(served_demo, app_page):
    # a phone-width column: the action ids beside long recommendations stay whole
    app_page.set_viewport_size({"width": 390, "height": 900})
    app_page.goto(served_demo.url + "/area/front_door")
    ids = app_page.locator(".linked-actions .fw-semibold")
    ids.first.wait_for()
    assert ids.count() > 0
    # squeezed as narrow as can be: only a break the text allows ("ACT-|0055") is used
    app_page.evaluate("document.querySelectorAll('.linked-actions li')"
                      ".forEach(li => li.style.width = '1px')")
    for i in range(ids.count()):
        assert ids.nth(i).evaluate(LINES) == 1, ids.nth(i).inner_text()
    app_page.goto(served_demo.url + "/actions?view=overdue")
    cells = app_page.locator(".record-table tbody td:first-child")
    cells.first.wait_for()
    app_page.evaluate("document.querySelector('.record-table').style.width = '1px'")
    for i in range(min(cells.count(), 10)):
        assert cells.nth(i).evaluate(LINES) == 1, cells.nth(i).inner_text()
