"""Login, sessions, headers, hosts, transport, rate limits and the audit trail (issue 10),
through Flask's test client. Each test fails when its protection is removed."""
from __future__ import annotations

import functools
import json
import logging
import re
import time

import pytest

from dashboard import security as sec
from dashboard.app import create_app
from dashboard.security import SecurityConfigError, security_config
from dashboard.users import set_password
from fixtures_app import write_fixture

PASSWORD = "correct horse battery"
RECORDS_CSV = "/download/front-door/records.csv"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("fx"))


@pytest.fixture(scope="module")
def users_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("deploy") / "users.toml"
    set_password(path, "asha", PASSWORD)
    set_password(path, "pat", PASSWORD, public_only=True)
    return path


def _app(folder, tmp_path, users_file, **options):
    options.setdefault("users", str(users_file))
    options.setdefault("audit_log", str(tmp_path / "audit.jsonl"))
    cfg = security_config(options, {}, data_dir=folder)
    return create_app(folder, security=cfg)


@pytest.fixture(scope="module")
def login_app(folder, users_file, tmp_path_factory):
    return _app(folder, tmp_path_factory.mktemp("audit"), users_file)


@pytest.fixture
def fresh_app(login_app):
    """The login app with its rate limits and audit log as new (apps are slow to build)."""
    login_app.server.extensions["lscp_limiter"].reset()
    cfg = login_app.server.config[sec.CONFIG_KEY]
    cfg.audit_log.write_text("")
    yield login_app
    login_app.server.extensions["lscp_limiter"].reset()


@pytest.fixture(scope="module")
def proxy_app(folder, users_file, tmp_path_factory):
    """Login behind a TLS proxy at 10.0.0.5 that answers to dash.example.org."""
    return _app(folder, tmp_path_factory.mktemp("proxy"), users_file,
                trusted_proxy_header="X-Forwarded-Proto", trusted_proxies="10.0.0.5",
                allowed_hosts="dash.example.org,.council.example")


def _csrf(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def sign_in(client, name="asha", password=PASSWORD, next_path="/"):
    return client.post("/login", data={"username": name, "password": password,
                                       "csrf": _csrf(client), "next": next_path})


def _audit_lines(app):
    path = app.server.config[sec.CONFIG_KEY].audit_log
    return [json.loads(line) for line in path.read_text().splitlines()]


# ---- headers, hosts, transport (no login needed) -------------------------------------------
@pytest.fixture(scope="module")
def plain_app(folder):
    return create_app(folder)


def test_security_headers_on_pages_and_downloads(plain_app):
    client = plain_app.server.test_client()
    for path in ("/", "/front-door", "/download/front-door/by-month.csv", "/_dash-layout"):
        h = client.get(path).headers
        assert h["X-Content-Type-Options"] == "nosniff", path
        assert h["X-Frame-Options"] == "DENY", path
        assert h["Referrer-Policy"] == "same-origin", path
        csp = h["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, path
        script_src = re.search(r"script-src ([^;]*)", csp).group(1)
        # no inline script but Dash's own (by hash), no eval
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert "'sha256-" in script_src


def test_the_csp_allows_exactly_the_page_inline_scripts(plain_app):
    import base64
    import hashlib

    response = plain_app.server.test_client().get("/")
    html = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>",
                        html, re.S)
    assert inline
    csp = response.headers["Content-Security-Policy"]
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


@pytest.mark.parametrize("host, ok", [
    ("localhost", True), ("127.0.0.1:8050", True), ("[::1]:8050", True),
    ("LOCALHOST:80", True), ("evil.example", False), ("evil.example:8050", False),
    ("127.0.0.1.nip.io", False), ("", False), ("localhost:abc", False),
])
def test_hosts_outside_the_allowed_list_are_refused(plain_app, host, ok):
    response = plain_app.server.test_client().get("/", headers={"Host": host})
    assert (response.status_code != 400) == ok, host
    if not ok:
        assert response.get_data(as_text=True) == "This address is not served here.\n"


def test_allowed_hosts_adds_names(proxy_app):
    client = proxy_app.server.test_client()
    https = {"X-Forwarded-Proto": "https"}
    for host, ok in (("dash.example.org", True), ("a.council.example", True),
                     ("council.example", True), ("other.example.org", False)):
        status = client.get("/login", headers={"Host": host, **https}).status_code
        assert status == (200 if ok else 400), host


def test_plain_http_is_served_to_loopback_only(plain_app):
    client = plain_app.server.test_client()
    remote = client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert remote.status_code == 403
    assert "https only" in remote.get_data(as_text=True)
    tls = client.get("/", environ_base={"REMOTE_ADDR": "10.1.2.3"}, base_url="https://localhost")
    assert tls.status_code == 200
    assert tls.headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_tls_proxy_is_believed_only_from_its_address(proxy_app):
    client = proxy_app.server.test_client()
    via = {"REMOTE_ADDR": "10.0.0.5"}
    assert client.get("/login", environ_base=via,
                      headers={"X-Forwarded-Proto": "https"}).status_code == 200
    assert client.get("/login", environ_base=via,
                      headers={"X-Forwarded-Proto": "http"}).status_code == 403
    # the same header from anyone else is ignored: plain http from afar
    assert client.get("/login", environ_base={"REMOTE_ADDR": "10.9.9.9"},
                      headers={"X-Forwarded-Proto": "https"}).status_code == 403


def test_forwarding_headers_are_ignored_without_a_proxy(fresh_app, caplog):
    client = fresh_app.server.test_client()
    with caplog.at_level(logging.WARNING, logger="dashboard.auth"):
        sign_in(client, password="wrong-wrong-1", next_path="/")
        client.post("/login", headers={"X-Forwarded-For": "10.9.8.7"}, data={
            "username": "asha", "password": "wrong-wrong-2", "csrf": _csrf(client)})
    assert "10.9.8.7" not in caplog.text


def test_the_dev_server_sends_no_version_banner(plain_app):
    import threading
    import urllib.request

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, plain_app.server, threaded=True,
                         request_handler=sec.werkzeug_handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/assets/"
                                    "dashboard.css") as r:
            assert r.headers.get("Server") is None
            assert r.status == 200
    finally:
        server.shutdown()
        thread.join(5)


# ---- configuration checked at start ---------------------------------------------------------
@pytest.mark.parametrize("options, words", [
    ({"users": "/nonexistent/users.toml"}, "does not exist"),
    ({"certfile": "/etc/hostname"}, "go together"),
    ({"session_idle_minutes": "0"}, "1 to 1440"),
    ({"session_idle_minutes": "ten"}, "1 to 1440"),
    ({"trusted_proxies": "proxy.local"}, "not an IP address"),
    ({"allowed_hosts": "https://dash.example.org"}, "not a host name"),
    ({"auth_header": "X User"}, "not an HTTP header name"),
    ({"auth_header": "X-User"}, "audit"),          # login without an audit log
    ({"secret_key": "short"}, "32 characters"),
])
def test_settings_that_cannot_be_used_are_one_line(folder, options, words):
    with pytest.raises(SecurityConfigError) as err:
        security_config(options, {}, data_dir=folder)
    assert words in str(err.value) and "\n" not in str(err.value)


def test_an_audit_log_inside_the_data_folder_is_refused(folder, users_file):
    with pytest.raises(SecurityConfigError, match="inside the data folder"):
        security_config({"users": str(users_file),
                         "audit_log": str(folder / "sub" / ".." / "audit.jsonl")}, {},
                        data_dir=folder)


def test_environment_variables_are_read_and_options_win(folder, users_file, tmp_path):
    env = {"DASHBOARD_USERS": str(users_file), "DASHBOARD_AUDIT_LOG": str(tmp_path / "a.log"),
           "DASHBOARD_SESSION_IDLE_MINUTES": "12"}
    cfg = security_config({"session_idle_minutes": "5"}, env, data_dir=folder)
    assert cfg.login and cfg.session_idle_minutes == 5 and cfg.audit_log == tmp_path / "a.log"


@pytest.mark.parametrize("options, refused", [
    ({}, True),
    ({"users": True}, True),                          # login, no TLS
    ({"trusted_proxy_header": "X-Forwarded-Proto"}, True),   # TLS, no login
    ({"users": True, "trusted_proxy_header": "X-Forwarded-Proto"}, False),
])
def test_beyond_loopback_needs_login_and_tls(folder, users_file, tmp_path, options, refused):
    if options.pop("users", None):
        options.update(users=str(users_file), audit_log=str(tmp_path / "a.log"))
    cfg = security_config(options, {}, data_dir=folder)
    assert (sec.serving_problem("0.0.0.0", cfg) is not None) == refused
    assert sec.serving_problem("127.0.0.1", cfg) is None


# ---- login -----------------------------------------------------------------------------
def test_everything_but_the_sign_in_page_needs_a_login(login_app):
    client = login_app.server.test_client()
    page = client.get("/front-door?agency=police")
    assert page.status_code == 302
    assert page.headers["Location"] == "/login?next=%2Ffront-door%3Fagency%3Dpolice"
    assert client.get(RECORDS_CSV).status_code == 302
    assert client.get("/meeting-pack.html").status_code == 302
    assert client.post("/_dash-update-component", json={}).status_code == 401
    assert client.get("/_dash-layout").status_code == 401
    assert client.get("/assets/bootstrap.min.css").status_code == 200
    assert client.get("/login").status_code == 200


def test_sign_in_sets_a_hardened_session_cookie_and_returns_to_the_page(login_app):
    client = login_app.server.test_client()
    response = sign_in(client, next_path="/front-door?agency=police")
    assert response.status_code == 302
    assert response.headers["Location"] == "/front-door?agency=police"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie       # loopback http, no TLS configured
    assert client.get("/front-door").status_code == 200
    assert client.get(RECORDS_CSV).status_code == 200


def test_cookies_are_secure_behind_tls(proxy_app):
    client = proxy_app.server.test_client()
    https = {"X-Forwarded-Proto": "https"}
    page = client.get("/login", headers=https).get_data(as_text=True)
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    response = client.post("/login", headers=https, data={
        "username": "asha", "password": PASSWORD, "csrf": token, "next": "/"})
    assert response.status_code == 302
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_wrong_password_is_refused_in_words_and_logged_without_it(login_app, caplog):
    client = login_app.server.test_client()
    with caplog.at_level(logging.WARNING, logger="dashboard.auth"):
        response = sign_in(client, password="guess-one", next_path="/")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "The user name or password is not right." in text and 'role="alert"' in text
    assert 'aria-invalid="true"' in text
    lines = [r.getMessage() for r in caplog.records if "failed sign-in" in r.getMessage()]
    assert lines == ["failed sign-in for 'asha' from 127.0.0.1"]
    assert "guess-one" not in caplog.text
    assert client.get("/").status_code == 302      # still signed out


def test_unknown_names_and_empty_fields_are_refused(login_app):
    client = login_app.server.test_client()
    assert "is not right" in sign_in(client, name="mallory").get_data(as_text=True)
    assert "Enter your user name and password." in sign_in(client, password="").get_data(
        as_text=True)
    assert client.get("/").status_code == 302


def test_the_sign_in_form_needs_its_token(login_app):
    client = login_app.server.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": "asha", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_next_never_leaves_the_site(login_app):
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        client = login_app.server.test_client()
        assert sign_in(client, next_path=target).headers["Location"] == "/"


def test_failed_sign_ins_are_rate_limited(fresh_app):
    client = fresh_app.server.test_client()
    for _ in range(5):
        assert "is not right" in sign_in(client, password="wrong-wrong").get_data(as_text=True)
    blocked = sign_in(client)               # even the right password, for a while
    assert blocked.status_code == 429
    assert "Too many failed sign-ins" in blocked.get_data(as_text=True)
    # another address is not blocked
    other = client.post("/login", environ_base={"REMOTE_ADDR": "127.0.0.2"}, data={
        "username": "asha", "password": PASSWORD, "csrf": _csrf(client), "next": "/"})
    assert other.status_code == 302


def test_a_good_sign_in_does_not_count_against_the_limit(fresh_app):
    app = fresh_app
    for _ in range(6):
        assert sign_in(app.server.test_client()).status_code == 302


def test_sign_out_ends_the_session(login_app):
    client = login_app.server.test_client()
    sign_in(client)
    assert client.get("/").status_code == 200
    assert client.get("/logout").status_code == 404       # a link cannot sign you out
    assert client.get("/").status_code == 200
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert client.get("/").status_code == 302


def test_sessions_expire_after_the_idle_time(fresh_app):
    import datetime as dt

    app = fresh_app.server
    assert app.permanent_session_lifetime == dt.timedelta(minutes=sec.DEFAULT_IDLE_MINUTES)
    stated = f"signed out after {sec.DEFAULT_IDLE_MINUTES} minutes"
    assert stated in " ".join(app.test_client().get("/login").get_data(as_text=True).split())
    app.permanent_session_lifetime = dt.timedelta(seconds=1)   # not half an hour's wait
    try:
        client = app.test_client()
        sign_in(client)
        assert client.get("/").status_code == 200
        time.sleep(2.1)
        assert client.get("/").status_code == 302
    finally:
        app.permanent_session_lifetime = dt.timedelta(minutes=sec.DEFAULT_IDLE_MINUTES)


def test_a_user_removed_from_the_file_is_signed_out(folder, tmp_path):
    users = tmp_path / "users.toml"
    set_password(users, "asha", PASSWORD)
    set_password(users, "bo", PASSWORD)
    client = _app(folder, tmp_path, users).server.test_client()
    sign_in(client, name="bo")
    assert client.get("/").status_code == 200
    text = users.read_text()
    users.write_text(text[:text.index("[[users]]\nusername = \"bo\"")])
    assert client.get("/").status_code == 302


# ---- public_only users -------------------------------------------------------------------
def test_public_only_users_cannot_leave_public_mode(login_app):
    from dashboard.filters import parse_filters

    client = login_app.server.test_client()
    sign_in(client, name="pat")
    for q in ("", "?public=", "?public=1"):
        refused = client.get(RECORDS_CSV + q)
        assert refused.status_code == 403, q
    # the same filters seen by a full user
    full = login_app.server.test_client()
    sign_in(full)
    assert full.get(RECORDS_CSV).status_code == 200

    with login_app.server.test_request_context("/"):
        from flask_login import login_user

        from dashboard.auth import User

        assert parse_filters({}).public is False
        login_user(User("pat", public_only=True))
        assert parse_filters({}).public is True
        assert parse_filters({"public": ""}).public is True


def test_public_only_records_sections_are_hidden_server_side(login_app):
    from flask_login import login_user

    from dashboard.auth import User
    from dashboard.filters import parse_filters
    from dashboard.views import front_door
    from dashboard.views.context import current_dataset
    from dashboard.views.deepdive import records_section
    from dashboard.views.state import ViewState

    with login_app.server.test_request_context("/front-door"):
        login_user(User("pat", public_only=True))
        ds = current_dataset()
        section = records_section(front_door.RECORDS_PANEL, ds, parse_filters({}), ViewState(),
                                  "", front_door.RECORD_VIEWS)
        assert "hidden in public mode" in str(section)


def test_the_shell_shows_public_mode_on_and_locked_for_them(login_app):
    from flask_login import login_user

    from dashboard.auth import User, account_controls
    from dashboard.views.shell import chrome_for_search, controls_from_search

    with login_app.server.test_request_context("/"):
        login_user(User("pat", public_only=True))
        assert controls_from_search("?public=0", login_app.server.config[
            "LSCP_DATASET"].current.as_of)["public-toggle"] is True
        assert chrome_for_search("/", "", [])[4] is not None        # the public banner
        assert "pat" in str(account_controls())


# ---- the audit trail ------------------------------------------------------------------------
def test_record_downloads_are_audited(fresh_app):
    app = fresh_app
    client = app.server.test_client()
    sign_in(client)
    response = client.get(RECORDS_CSV + "?agency=police&rows=all")
    assert response.status_code == 200
    rows = len(response.get_data(as_text=True).strip().splitlines()) - 1
    client.get("/download/front-door/by-month.csv")      # not record-level: not audited
    (line,) = _audit_lines(app)
    assert line["user"] == "asha" and line["action"] == "download"
    assert (line["page"], line["table"]) == ("front-door", "records")
    assert line["filters"] == {"agency": "police"}
    assert line["rows"] == rows > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", line["time"])


def test_record_views_are_audited(fresh_app):
    from flask_login import login_user

    from dashboard.auth import User
    from dashboard.filters import parse_filters
    from dashboard.views import front_door
    from dashboard.views.context import current_dataset
    from dashboard.views.deepdive import records_section
    from dashboard.views.state import ViewState

    app = fresh_app
    with app.server.test_request_context("/front-door"):
        login_user(User("asha", public_only=False))
        filters = parse_filters({"agency": "health"})
        records_section(front_door.RECORDS_PANEL, current_dataset(), filters, ViewState(),
                        "?agency=health", front_door.RECORD_VIEWS)
    (line,) = _audit_lines(app)
    assert line["user"] == "asha" and line["action"] == "view"
    assert line["filters"] == {"agency": "health"} and line["rows"] <= line["total"]


def test_without_a_writable_audit_log_no_records_leave(fresh_app, tmp_path):
    client = fresh_app.server.test_client()
    sign_in(client)
    cfg = fresh_app.server.config[sec.CONFIG_KEY]
    kept, cfg.audit_log = cfg.audit_log, tmp_path        # a folder cannot be appended to
    try:
        response = client.get(RECORDS_CSV)
    finally:
        cfg.audit_log = kept
    assert response.status_code == 503
    assert "audit log" in response.get_data(as_text=True)


# ---- the meeting pack's rate limit ------------------------------------------------------------
def test_the_meeting_pack_is_rate_limited_per_user(fresh_app, monkeypatch):
    from dashboard import pack

    monkeypatch.setattr(pack, "pack_html", lambda ds, filters: "<p>pack</p>")
    client = fresh_app.server.test_client()
    sign_in(client)
    limit = int(sec.PACK_RATE.split()[0])
    for _ in range(limit):
        assert client.get("/meeting-pack.html").status_code == 200
    assert client.get("/meeting-pack.html").status_code == 429
    other = client.application.test_client()
    sign_in(other, name="pat")
    assert other.get("/meeting-pack.html").status_code == 200


# ---- a trusted proxy's user header ---------------------------------------------------------
def test_a_proxy_user_header_is_believed_only_from_the_proxy(folder, users_file, tmp_path):
    app = _app(folder, tmp_path, users_file, users=str(users_file), auth_header="X-User",
               trusted_proxies="10.0.0.5")
    client = app.server.test_client()
    client.get = functools.partial(client.get, base_url="https://localhost")
    via_proxy = {"REMOTE_ADDR": "10.0.0.5"}
    assert client.get("/", environ_base=via_proxy, headers={"X-User": "asha"}).status_code == 200
    assert client.get("/", environ_base=via_proxy).status_code == 401
    forged = client.get("/", environ_base={"REMOTE_ADDR": "10.7.7.7"},
                        headers={"X-User": "asha"})
    assert forged.status_code == 401
    # listed: their own setting; not listed: public only
    assert client.get(RECORDS_CSV, environ_base=via_proxy,
                      headers={"X-User": "asha"}).status_code == 200
    assert client.get(RECORDS_CSV, environ_base=via_proxy,
                      headers={"X-User": "stranger"}).status_code == 403
    assert client.get(RECORDS_CSV, environ_base=via_proxy,
                      headers={"X-User": "pat"}).status_code == 403


def test_reload_now_is_for_signed_in_users_when_login_is_on(fresh_app):
    from dashboard.reload import can_reload

    with fresh_app.server.test_request_context("/data-quality"):
        assert can_reload() is False            # nobody signed in
    client = fresh_app.server.test_client()
    sign_in(client)
    with client:
        client.get("/data-quality")
        assert can_reload() is True             # the request of a signed-in user


def test_without_login_reload_now_is_for_whoever_reaches_loopback(plain_app):
    from dashboard.reload import can_reload

    with plain_app.server.test_request_context("/data-quality"):
        assert can_reload() is True
