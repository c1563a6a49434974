"""Signing in through the page in real Chromium: the sign-in page is accessible (axe), a
wrong password is said in words, the right one opens the page asked for, the navbar
names the user and Sign out ends the session. A public_only user's public toggle is on
and locked. The CSP is in force throughout (a violation is a console error)."""
from __future__ import annotations

import threading

import pytest

from test_app_pages import assert_accessible

PASSWORD = "a long enough password"


@pytest.fixture(scope="module")
def served_login(fixture_folder, tmp_path_factory):
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.security import security_config
    from dashboard.users import set_password

    deploy = tmp_path_factory.mktemp("deploy")
    set_password(deploy / "users.toml", "asha", PASSWORD)
    set_password(deploy / "users.toml", "pat", PASSWORD, public_only=True)
    cfg = security_config({"users": str(deploy / "users.toml"),
                           "audit_log": str(deploy / "audit.jsonl")}, {},
                          data_dir=fixture_folder)
    app = create_app(fixture_folder, security=cfg)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", deploy / "audit.jsonl"
    server.shutdown()
    thread.join(10)


def _sign_in(page, name, password):
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_through_the_page_and_out_again(app_page, served_login):
    url, audit = served_login
    app_page.goto(f"{url}/front-door?agency=police&rows=all")
    app_page.wait_for_selector("h1:text('Sign in')")
    assert_accessible(app_page)

    _sign_in(app_page, "asha", "not the password")
    alert = app_page.get_by_role("alert")
    assert "The user name or password is not right." in alert.inner_text()
    assert_accessible(app_page)

    _sign_in(app_page, "asha", PASSWORD)
    app_page.wait_for_selector("#signed-in-as")
    assert app_page.url == f"{url}/front-door?agency=police&rows=all"
    assert "asha" in app_page.inner_text("#signed-in-as")
    app_page.wait_for_selector("#front-door-records-table, #records")
    assert '"user": "asha"' in audit.read_text()

    app_page.click("#signed-in-as")                    # the account menu
    app_page.get_by_role("button", name="Sign out").click()
    app_page.wait_for_selector("h1:text('Sign in')")
    app_page.goto(f"{url}/front-door")
    app_page.wait_for_selector("h1:text('Sign in')")


def test_a_public_only_user_cannot_switch_public_mode_off(app_page, served_login):
    url, _ = served_login
    app_page.goto(f"{url}/login")
    _sign_in(app_page, "pat", PASSWORD)
    app_page.wait_for_selector("#signed-in-as")
    app_page.wait_for_selector("#public-note")
    toggle = app_page.locator("#public-toggle")
    assert toggle.is_checked() and toggle.is_disabled()
    app_page.goto(f"{url}/front-door?rows=all")
    app_page.wait_for_selector("text=Record-level tables are hidden in public mode.")


def test_a_page_whose_session_ended_goes_to_the_sign_in_page(chromium, served_login):
    """assets/session.js: the page's next request is refused (401), so it reloads into the
    sign-in page, which will bring the user back. (Its own page: the 401 is expected.)"""
    url, _ = served_login
    context = chromium.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}/login?next=%2Faudits")
        _sign_in(page, "asha", PASSWORD)
        page.wait_for_selector("#signed-in-as")
        # nothing in flight: a signed-in response arriving after the cookies are cleared
        # would set the session cookie again (as no idle session has requests in flight)
        page.wait_for_load_state("networkidle")
        context.clear_cookies()                 # as when the idle time has passed
        # the request is sent, not awaited: its 401 reloads the page, and awaiting the
        # fetch raced that reload ("execution context was destroyed")
        page.evaluate("() => { fetch('/_dash-update-component', {method: 'POST'}); }")
        page.wait_for_selector("h1:text('Sign in')")
        assert page.url == f"{url}/login?next=%2Faudits"
    finally:
        context.close()
