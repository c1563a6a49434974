"""Who is signed in (product.md "Login"): flask-login sessions over the users file, or a
user named by a trusted proxy's header.

For other parts of the dashboard:
- `login_enabled()`: is login configured for the app serving this request?
- `current_user()`: the signed-in `User` (name, agency, uploads, role, public_only), or
  None (nobody signed in, or login not configured: served on loopback without it).
- `forced_public()`: must this request be in public mode whatever the address says?
  (`parse_filters` asks it, so every page, download and pack follows.)

Sessions: a signed cookie (Flask's, through flask-login) that is HttpOnly, SameSite=Lax,
Secure when TLS or a proxy is in use, and expires after `session_idle_minutes` without a
request (the cookie is signed again at each request, and Flask refuses one signed longer
ago than that). Failed sign-ins are rate-limited per client address and logged as one
line without the password.
"""
from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from flask_login import LoginManager, UserMixin, login_user, logout_user
from flask_login import current_user as _flask_current_user

log = logging.getLogger(__name__)

LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"
OPEN_PREFIXES = ("/assets/",)           # the sign-in page's stylesheets; no data


@dataclass(frozen=True)
class User(UserMixin):
    name: str
    public_only: bool = True
    agency: str | None = None
    uploads: tuple[str, ...] | str = ()
    role: str | None = None

    def get_id(self) -> str:
        return self.name

    @classmethod
    def from_entry(cls, entry) -> "User":
        return cls(name=entry.username, public_only=entry.public_only, agency=entry.agency,
                   uploads=entry.uploads, role=entry.role)


def _config():
    from flask import current_app, has_app_context

    from dashboard.security import CONFIG_KEY

    if not has_app_context():
        return None
    return current_app.config.get(CONFIG_KEY)


def login_enabled() -> bool:
    cfg = _config()
    return bool(cfg and cfg.login)


def current_user() -> User | None:
    from flask import has_request_context

    if not has_request_context() or not login_enabled():
        return None
    user = _flask_current_user
    return user._get_current_object() if user.is_authenticated else None


def forced_public() -> bool:
    """Public mode is forced for a public_only user (the toggle and ?public=0 do nothing)."""
    user = current_user()
    return bool(user and user.public_only)


def client_address() -> str:
    from flask import request

    return request.remote_addr or "unknown"


def user_key() -> str:
    """A rate-limit key: the signed-in user, else the client address."""
    user = current_user()
    return f"user:{user.name}" if user else f"addr:{client_address()}"


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never //evil.example or https://…)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


# ---- the sign-in page -------------------------------------------------------------------
def sign_in_page(*, error: str | None = None, username: str = "", next_path: str = "/",
                 csrf: str = "", idle_minutes: int = 30, title: str = "Sign in") -> str:
    """A plain HTML form (no script): labels, autocomplete, the error in words, linked to
    the fields it is about."""
    err = ""
    described = ""
    invalid = ""
    if error:
        err = (f'<div class="alert alert-danger" role="alert" id="signin-error">'
               f'<h2 class="h6 mb-1">There is a problem</h2><p class="mb-0">{escape(error)}'
               '</p></div>')
        described = ' aria-describedby="signin-error"'
        invalid = ' aria-invalid="true"'
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – LSCP dashboard</title>
<link rel="stylesheet" href="/assets/bootstrap.min.css">
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body>
<header class="bg-dark text-white py-2 mb-4"><div class="container">
<p class="h5 mb-0">LSCP dashboard</p></div></header>
<main id="main" class="container" style="max-width: 28rem">
<h1 class="h3 mb-3">{escape(title)}</h1>
{err}
<form method="post" action="{LOGIN_PATH}" novalidate>
<input type="hidden" name="csrf" value="{escape(csrf)}">
<input type="hidden" name="next" value="{escape(next_path)}">
<div class="mb-3">
<label class="form-label" for="username">User name</label>
<input class="form-control" id="username" name="username" type="text" required
 autocomplete="username" autocapitalize="none" spellcheck="false" value="{escape(username)}"{described}{invalid}>
</div>
<div class="mb-3">
<label class="form-label" for="password">Password</label>
<input class="form-control" id="password" name="password" type="password" required
 autocomplete="current-password"{described}{invalid}>
</div>
<button class="btn btn-primary" type="submit">Sign in</button>
</form>
<p class="mt-4 small text-body-secondary">You are signed out after {idle_minutes} minutes without
using the dashboard. Ask your administrator if you have no account or forgot your
password.</p>
</main>
</body>
</html>"""


def install(app, cfg) -> None:
    """Sessions, the sign-in and sign-out routes, the gate in front of every other
    address, and the rate limits (sign-in failures, the meeting pack)."""
    from flask import Response, redirect, request, session
    from flask_limiter import Limiter

    from dashboard.security import LOGIN_RATE, PACK_RATE

    server = app.server
    server.config.update(
        SECRET_KEY=cfg.secret_key or secrets.token_hex(32),
        SESSION_COOKIE_NAME="lscp_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=cfg.cookies_secure,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(minutes=cfg.session_idle_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SECURE=cfg.cookies_secure,
    )
    limiter = Limiter(key_func=client_address, app=server, storage_uri="memory://",
                      headers_enabled=False)
    server.extensions["lscp_limiter"] = limiter

    @server.errorhandler(429)
    def _too_many(_exc):
        if request.path == LOGIN_PATH:
            log.warning("sign-in refused for %s: too many failed attempts", client_address())
            return Response(_page(error="Too many failed sign-ins from your address. Wait a "
                                  "minute, then try again.", status_title="Sign in"),
                            status=429, mimetype="text/html")
        return Response("Too many requests: wait a minute, then try again.\n", status=429,
                        mimetype="text/plain")

    # the meeting pack is costly (Chromium): a few per user per minute
    for endpoint in ("meeting_pack_pdf", "meeting_pack_html"):
        view = server.view_functions.get(endpoint)
        if view is not None:
            server.view_functions[endpoint] = limiter.limit(PACK_RATE, key_func=user_key)(view)

    def _page(error=None, username="", next_path="/", status_title="Sign in"):
        token = session.get("csrf") or secrets.token_urlsafe(24)
        session["csrf"] = token
        return sign_in_page(error=error, username=username, next_path=next_path,
                            csrf=token, idle_minutes=cfg.session_idle_minutes,
                            title=status_title)

    if not cfg.login:
        return

    manager = LoginManager()
    manager.init_app(server)
    manager.session_protection = "basic"

    def _users():
        return cfg.users.current() if cfg.users is not None else {}

    @manager.user_loader
    def _load(name):
        if cfg.auth_header:
            return None            # the proxy names the user on every request
        entry = _users().get(name)
        return User.from_entry(entry) if entry else None

    if cfg.auth_header:
        from dashboard.security import TrustedProxy

        @manager.request_loader
        def _from_proxy(req):
            if not req.environ.get(TrustedProxy.PROXIED):
                return None
            name = (req.headers.get(cfg.auth_header) or "").strip()
            if not name:
                return None
            entry = _users().get(name)
            return User.from_entry(entry) if entry else User(name=name[:200],
                                                             public_only=True)

    @server.before_request
    def _gate():
        path = request.path
        if request.endpoint in ("lscp_login", "lscp_logout") or path.startswith(OPEN_PREFIXES):
            return None
        if _flask_current_user.is_authenticated:
            return None
        if cfg.auth_header:
            log.warning("refused %s from %s: no %s from a trusted proxy", path,
                        client_address(), cfg.auth_header)
            return Response("Sign-in is handled by your organisation's proxy, and this "
                            "request did not come through it.\n", status=401,
                            mimetype="text/plain")
        if request.method == "GET" and not path.startswith("/_"):
            return redirect(f"{LOGIN_PATH}?next={_quote(request.full_path.rstrip('?'))}")
        return Response("Sign in first: your session has ended.\n", status=401,
                        mimetype="text/plain")

    def _quote(value: str) -> str:
        from urllib.parse import quote

        return quote(value, safe="")

    def login_view():
        if cfg.auth_header:
            return redirect("/")
        next_path = _safe_next(request.values.get("next"))
        if request.method == "GET":
            if _flask_current_user.is_authenticated:
                return redirect(next_path)
            return Response(_page(next_path=next_path), mimetype="text/html",
                            headers={"Cache-Control": "no-store"})
        username = (request.form.get("username") or "").strip()[:64]
        password = request.form.get("password") or ""
        token = request.form.get("csrf") or ""
        expected = session.get("csrf")
        if not expected or not secrets.compare_digest(token, expected):
            return Response(_page(error="The form had expired. Please sign in again.",
                                  username=username, next_path=next_path),
                            status=400, mimetype="text/html")
        from dashboard.users import check_password

        entry = check_password(_users(), username, password) if username and password else None
        if entry is None:
            log.warning("failed sign-in for %r from %s", username, client_address())
            error = ("Enter your user name and password." if not (username and password)
                     else "The user name or password is not right.")
            # 200, not 401: the form again, with the error (browsers log a 401 page as an
            # error); the rate limit counts this response by its mark
            response = Response(_page(error=error, username=username, next_path=next_path),
                                mimetype="text/html", headers={"Cache-Control": "no-store"})
            response.failed_sign_in = True
            return response
        session.clear()                      # a new session at sign-in (no fixation)
        session.permanent = True
        login_user(User.from_entry(entry))
        log.info("signed in: %r from %s", entry.username, client_address())
        return redirect(next_path)

    def logout_view():
        user = current_user()
        logout_user()
        session.clear()
        if user:
            log.info("signed out: %r", user.name)
        return redirect(LOGIN_PATH)

    server.add_url_rule(LOGIN_PATH, "lscp_login", limiter.limit(
        LOGIN_RATE, methods=["POST"],
        deduct_when=lambda r: getattr(r, "failed_sign_in", False))(login_view),
        methods=["GET", "POST"])
    server.add_url_rule(LOGOUT_PATH, "lscp_logout", logout_view, methods=["POST"])


def account_controls():
    """The navbar's account menu: the signed-in name as its button; in it, Data returns
    (only for those who may send) and Sign out (nothing without login). One small
    button, so that the navbar stays one row and the brand two lines on a laptop."""
    import dash_bootstrap_components as dbc
    from dash import html

    user = current_user()
    if user is None:
        return None
    cfg = _config()
    from dashboard import returns

    name = html.Span([html.Span("Signed in as ", className="visually-hidden"), user.name],
                     id="signed-in-as")
    items = []
    if returns.upload_stems(user) or returns.is_admin(user):
        items.append(dbc.DropdownMenuItem("Data returns", href="/returns", id="nav-returns"))
    if not cfg.auth_header:
        items.append(html.Form(html.Button("Sign out", type="submit", className="dropdown-item"),
                               action=LOGOUT_PATH, method="POST", className="mb-0"))
    if not items:
        return html.Span(name, className="text-white small")
    return dbc.DropdownMenu(items, label=name, id="account-menu", align_end=True,
                            in_navbar=True, color="link",
                            toggleClassName="nav-link text-nowrap px-1")
