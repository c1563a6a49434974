"""A data return through the browser in real Chromium (issue 12): an agency's data officer
signs in, opens Data returns from the navbar, uploads a file (set_input_files on Dash's
upload), sees the check's report and what it changes, confirms, and the Overview's
figures change. The page is accessible (axe) before and after the check."""
from __future__ import annotations

import threading

import pytest

from fixtures_app import write_fixture
from test_app_pages import assert_accessible

PASSWORD = "a long enough password"
MARCH = (b"indicator_id,period_start,value\n"
         b"police_online_referrals_10k,2024-03-01,2.5\n"
         b"police_online_referrals_10k,2024-03-32,3\n")


@pytest.fixture(scope="module")
def served_returns(tmp_path_factory):
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.security import security_config
    from dashboard.users import set_password

    root = tmp_path_factory.mktemp("returns_browser")
    folder = write_fixture(root / "data")
    users = root / "users.toml"
    # an administrator too, so that axe also checks the versions section
    set_password(users, "asha", PASSWORD, uploads=["indicators"], agency="police", admin=True)
    cfg = security_config({"users": str(users), "audit_log": str(root / "audit.jsonl")}, {},
                          data_dir=folder)
    app = create_app(folder, security=cfg)
    app.server.config["LSCP_PACK_CACHE"] = str(root / "cache")
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", folder
    server.shutdown()
    thread.join(10)


def test_upload_check_confirm_and_the_board_figures_change(app_page, served_returns):
    url, folder = served_returns
    page = app_page
    page.goto(f"{url}/login")
    page.get_by_label("User name").fill("asha")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector('[data-area-tile="online_harm"][data-rag="red"]')

    page.click("#signed-in-as")                        # the account menu
    page.click("#nav-returns")
    page.wait_for_selector("#returns-limit")
    page.wait_for_selector("#returns-template")
    assert "at most 50 MB" in page.inner_text("#returns-limit")
    assert_accessible(page)

    page.set_input_files("#returns-upload input[type=file]", files=[
        {"name": "march.csv", "mimeType": "text/csv", "buffer": MARCH}])
    page.wait_for_selector("#returns-preview-body")
    counts = page.inner_text("#returns-counts")
    assert "2 rows sent: 1 accepted, 1 quarantined" in counts
    assert "2024-03-32" in page.inner_text("#returns-report")
    rags = page.inner_text("#returns-rags")
    assert "Online harm" in rags and "Red" in rags and "Green" in rags
    assert not (folder / ".versions").exists() or not (folder / ".versions" / "log.csv").exists()
    assert_accessible(page)

    page.get_by_role("button", name="Confirm").click()
    confirmed = page.wait_for_selector("[data-returns-state=confirmed]")
    assert "march.csv merged into the indicators file" in confirmed.inner_text()
    assert (folder / ".versions" / "log.csv").is_file()
    # an administrator's list of versions follows at once, without opening the page again
    page.wait_for_selector("#returns-log:has-text('march.csv')")
    # the drop zone is drawn again: the same file name can be sent again, then cancelled
    page.set_input_files("#returns-upload input[type=file]", files=[
        {"name": "march.csv", "mimeType": "text/csv", "buffer": MARCH[:-41]}])
    page.wait_for_selector("#returns-preview-body")
    assert "1 row sent: 1 accepted" in page.inner_text("#returns-counts")
    page.get_by_role("button", name="Cancel").click()
    page.wait_for_selector("text=Cancelled: nothing was changed.")

    page.goto(url + "/")
    page.wait_for_selector('[data-area-tile="online_harm"][data-rag="green"]')
    page.goto(url + "/returns")
    page.wait_for_selector("#returns-log")
    assert "march.csv" in page.inner_text("#returns-log")
    assert_accessible(page)
