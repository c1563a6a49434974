"""How the server protects itself and its records (product.md "Login when served beyond
loopback"): the deployment's settings, checked at start; response headers; allowed hosts;
TLS or a trusted TLS proxy; rate limits; no server banner.

The settings are the deployment's, not the data's: they come from command-line options
(`python -m dashboard serve`) or `DASHBOARD_*` environment variables (both; an option
wins), never from partnership.toml, which travels with the data. `security_config`
checks them all and raises `SecurityConfigError` (one line) for the first mistake;
`install` wires them into the Flask server that Dash runs on (dashboard/app.py).

Why a small after_request rather than flask-talisman: flask-talisman's last release is
from 2023 and it would still need Dash's script hashes fed in; the headers are five lines.
"""
from __future__ import annotations

import ipaddress
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

CONFIG_KEY = "LSCP_SECURITY"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
DEFAULT_PROXIES = ("127.0.0.1", "::1")
DEFAULT_IDLE_MINUTES = 30
MAX_IDLE_MINUTES = 24 * 60
DEFAULT_UPLOAD_MAX_MB = 50     # the Returns page's largest file
MAX_UPLOAD_MB = 1024
# flask-limiter's notation; per user (signed in) or per client address
PACK_RATE = "10 per minute"
LOGIN_RATE = "5 per minute;30 per hour"    # failed sign-ins, per client address

ENV = {
    "users": "DASHBOARD_USERS",
    "auth_header": "DASHBOARD_AUTH_HEADER",
    "trusted_proxy_header": "DASHBOARD_TRUSTED_PROXY_HEADER",
    "trusted_proxies": "DASHBOARD_TRUSTED_PROXIES",
    "allowed_hosts": "DASHBOARD_ALLOWED_HOSTS",
    "audit_log": "DASHBOARD_AUDIT_LOG",
    "session_idle_minutes": "DASHBOARD_SESSION_IDLE_MINUTES",
    "upload_max_mb": "DASHBOARD_UPLOAD_MAX_MB",
    "secret_key": "DASHBOARD_SECRET_KEY",
}


class SecurityConfigError(ValueError):
    """A deployment setting that cannot be used: one line saying which and why."""


@dataclass
class SecurityConfig:
    users_file: Path | None = None
    auth_header: str | None = None
    certfile: Path | None = None
    keyfile: Path | None = None
    trusted_proxy_header: str | None = None
    trusted_proxies: tuple = DEFAULT_PROXIES
    allowed_hosts: tuple[str, ...] = ()
    audit_log: Path | None = None
    session_idle_minutes: int = DEFAULT_IDLE_MINUTES
    upload_max_mb: int = DEFAULT_UPLOAD_MAX_MB
    secret_key: str | None = None
    secure_cookies: bool | None = None        # None: when TLS or a proxy is in use
    proxies_given: bool = False
    users: object = field(default=None, repr=False)   # users.UsersFile, when a file is set

    @property
    def login(self) -> bool:
        return self.users_file is not None or bool(self.auth_header)

    @property
    def tls(self) -> bool:
        return self.certfile is not None or bool(self.trusted_proxy_header)

    @property
    def cookies_secure(self) -> bool:
        """product.md: Secure whenever TLS or a proxy is in use."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.tls or bool(self.auth_header)

    @property
    def behind_proxy(self) -> bool:
        """Is a proxy part of this deployment? Only then are forwarding headers read (from
        the trusted addresses); otherwise a local client could pose as another address."""
        return bool(self.trusted_proxy_header or self.auth_header or self.proxies_given)

    @property
    def proxies(self) -> list:
        return [ipaddress.ip_network(p, strict=False) for p in self.trusted_proxies]


def is_loopback(host: str) -> bool:
    host = (host or "").strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _split(value) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(v.strip() for v in value if v.strip())
    return tuple(v.strip() for v in str(value).split(",") if v.strip())


_HEADER_RE = re.compile(r"^[A-Za-z0-9-]{1,64}$")
_HOST_RE = re.compile(r"^(\.?[a-z0-9-]+(\.[a-z0-9-]+)*|\[?[0-9a-f:.]+\]?)$")


def _header(name: str, value: str | None) -> str | None:
    if value is None or value == "":
        return None
    if not _HEADER_RE.match(value):
        raise SecurityConfigError(f"{name}: {value!r} is not an HTTP header name (letters, "
                                  "digits and '-', such as X-Forwarded-User)")
    return value


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def security_config(options: Mapping | None = None, environ: Mapping | None = None, *,
                    data_dir: Path | None = None, require_login: bool = False,
                    secure_cookies: bool | None = None) -> SecurityConfig:
    """The deployment's settings: each of `options` (command-line values, None when not
    given) else its DASHBOARD_* variable in `environ`, checked. `require_login` (the
    WSGI entry point) refuses a configuration without authentication."""
    from dashboard.users import UsersFile, UsersFileError

    options = dict(options or {})
    environ = os.environ if environ is None else environ

    def get(key):
        value = options.get(key)
        if value in (None, "") and key in ENV:
            value = environ.get(ENV[key]) or None
        return value

    def opt(key):  # the name a user knows it by
        return f"--{key.replace('_', '-')} / {ENV[key]}" if key in ENV else f"--{key}"

    cfg = SecurityConfig(secure_cookies=secure_cookies)
    users = get("users")
    if users:
        cfg.users_file = Path(users)
        try:
            cfg.users = UsersFile(cfg.users_file)
        except UsersFileError as exc:
            raise SecurityConfigError(str(exc)) from None
    cfg.auth_header = _header(opt("auth_header"), get("auth_header"))
    cfg.trusted_proxy_header = _header(opt("trusted_proxy_header"),
                                       get("trusted_proxy_header"))

    cert, key = options.get("certfile"), options.get("keyfile")
    if bool(cert) != bool(key):
        raise SecurityConfigError("--certfile and --keyfile go together: give both (the "
                                  "certificate chain and its private key, PEM files)")
    for name, value in (("--certfile", cert), ("--keyfile", key)):
        if value and not Path(value).is_file():
            raise SecurityConfigError(f"{name}: {value} is not a file")
    if cert:
        import ssl

        cfg.certfile, cfg.keyfile = Path(cert), Path(key)
        try:
            ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(cert, key)
        except (ssl.SSLError, OSError) as exc:
            raise SecurityConfigError(f"--certfile / --keyfile: {cert} and {key} are not a "
                                      f"PEM certificate and its key ({exc})") from None
        if cfg.trusted_proxy_header:
            raise SecurityConfigError("--certfile and --trusted-proxy-header exclude each "
                                      "other: TLS ends either here or at the proxy")

    proxies = _split(get("trusted_proxies"))
    if proxies:
        for p in proxies:
            try:
                ipaddress.ip_network(p, strict=False)
            except ValueError:
                raise SecurityConfigError(f"{opt('trusted_proxies')}: {p!r} is not an IP "
                                          "address or network such as 10.0.0.5 or "
                                          "10.0.0.0/24") from None
        cfg.trusted_proxies = proxies
        cfg.proxies_given = True

    hosts = tuple(h.lower() for h in _split(get("allowed_hosts")))
    bad = [h for h in hosts if not _HOST_RE.match(h)]
    if bad:
        raise SecurityConfigError(f"{opt('allowed_hosts')}: {bad[0]!r} is not a host name "
                                  "(no scheme, port or path: dashboard.example.org)")
    cfg.allowed_hosts = hosts

    def whole_number(key, unit, top):
        """A setting that is a whole number from 1 to top, or None when not given."""
        value = get(key)
        if value is None:
            return None
        try:
            number = int(str(value).strip())
        except ValueError:
            number = 0
        if not 1 <= number <= top:
            raise SecurityConfigError(f"{opt(key)}: {value!r} is not a whole number of "
                                      f"{unit} from 1 to {top}")
        return number

    minutes = whole_number("session_idle_minutes", "minutes", MAX_IDLE_MINUTES)
    if minutes is not None:
        cfg.session_idle_minutes = minutes
    mb = whole_number("upload_max_mb", "megabytes", MAX_UPLOAD_MB)
    if mb is not None:
        cfg.upload_max_mb = mb

    secret = get("secret_key")
    if secret is not None and len(secret) < 32:
        raise SecurityConfigError(f"{ENV['secret_key']} is shorter than 32 characters; make "
                                  "one with: python -c 'import secrets; "
                                  "print(secrets.token_hex(32))'")
    cfg.secret_key = secret

    audit = get("audit_log")
    if audit:
        cfg.audit_log = Path(audit)
        if data_dir is not None and _inside(cfg.audit_log, Path(data_dir)):
            raise SecurityConfigError(f"{opt('audit_log')}: {audit} is inside the data folder "
                                      f"{data_dir}; keep the audit trail outside it")
        if cfg.audit_log.is_dir():
            raise SecurityConfigError(f"{opt('audit_log')}: {audit} is a folder; name a file")
        try:
            with open(cfg.audit_log, "a", encoding="utf-8"):
                pass
        except OSError as exc:
            raise SecurityConfigError(f"{opt('audit_log')}: cannot write {audit}: "
                                      f"{exc.strerror or exc}") from None

    if require_login and not cfg.login:
        raise SecurityConfigError(f"login is required here: set {ENV['users']} (a users file "
                                  f"made with python -m dashboard add-user) or "
                                  f"{ENV['auth_header']}")
    if cfg.login and cfg.audit_log is None:
        raise SecurityConfigError(f"login is configured, so record-level views must be "
                                  f"audited: set {opt('audit_log')} to a file outside the "
                                  "data folder")
    if require_login and cfg.secret_key is None:
        raise SecurityConfigError(f"set {ENV['secret_key']} (the same in every worker, so a "
                                  "session survives from one to another): python -c 'import "
                                  "secrets; print(secrets.token_hex(32))'")
    return cfg


def serving_problem(host: str, cfg: SecurityConfig) -> str | None:
    """Why the server may not listen on `host` with these settings (one line), else None."""
    if is_loopback(host):
        return None
    missing = [what for what, ok in (("login (--users or --auth-header)", cfg.login),
                                     ("TLS (--certfile and --keyfile, or "
                                      "--trusted-proxy-header)", cfg.tls)) if not ok]
    if missing:
        return (f"refusing to serve on {host}: {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not configured; serve on 127.0.0.1 "
                "(or localhost), or configure both")
    return None


# ---- the installed protections ------------------------------------------------------------
def content_security_policy(script_hashes) -> str:
    """Dash 4 runs one inline script (the renderer's start) and no eval: its hash is
    allowed, nothing else inline. Styles: plotly and React set inline styles."""
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' " + " ".join(script_hashes),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def _peer_trusted(cfg: SecurityConfig, addr: str | None) -> bool:
    try:
        ip = ipaddress.ip_address((addr or "").strip("[]"))
    except ValueError:
        return False
    return any(ip in net for net in cfg.proxies)


class TrustedProxy:
    """WSGI middleware: a request from a trusted proxy has its client address
    (X-Forwarded-For, werkzeug's ProxyFix) and, with --trusted-proxy-header, its scheme
    taken from the proxy; anyone else's forwarding headers are ignored."""

    PROXIED = "lscp.proxied"

    def __init__(self, wsgi_app, cfg: SecurityConfig):
        from werkzeug.middleware.proxy_fix import ProxyFix

        self.plain = wsgi_app
        self.fixed = ProxyFix(wsgi_app, x_for=1)
        self.cfg = cfg
        self.scheme_key = ("HTTP_" + cfg.trusted_proxy_header.upper().replace("-", "_")
                           if cfg.trusted_proxy_header else None)

    def __call__(self, environ, start_response):
        if not _peer_trusted(self.cfg, environ.get("REMOTE_ADDR")):
            return self.plain(environ, start_response)
        environ[self.PROXIED] = True
        if self.scheme_key and environ.get(self.scheme_key):
            scheme = environ[self.scheme_key].split(",")[0].strip().lower()
            environ["wsgi.url_scheme"] = "https" if scheme in ("https", "on") else "http"
            environ["lscp.proxy_scheme"] = environ["wsgi.url_scheme"]
        return self.fixed(environ, start_response)


def _host_name(host: str) -> str | None:
    host = (host or "").strip().lower()
    if host.startswith("["):
        name, _, rest = host[1:].partition("]")
        return name if not rest or re.fullmatch(r":\d{1,5}", rest) else None
    name, _, port = host.partition(":")
    if port and not port.isdigit():
        return None
    return name or None


def allowed_host(host: str, allowed) -> bool:
    """Is this Host header one we serve? (Flask's TRUSTED_HOSTS cannot list an IPv6
    address such as ::1, hence this.) A name starting with '.' allows its subdomains."""
    name = _host_name(host)
    if name is None:
        return False
    for ref in allowed:
        ref = ref.lower().strip("[]")
        if ref.startswith(".") and (name == ref[1:] or name.endswith(ref)):
            return True
        if name == ref:
            return True
    return False


def install(app, cfg: SecurityConfig, *, host: str | None = None) -> None:
    """Wire the protections into app.server (before its first request)."""
    from flask import Response, request

    server = app.server
    server.config[CONFIG_KEY] = cfg
    hosts = [*LOOPBACK_HOSTS, *cfg.allowed_hosts]
    if host and not is_loopback(host) and host not in ("0.0.0.0", "::"):
        hosts.append(host.lower())
    server.config["LSCP_ALLOWED_HOSTS"] = tuple(hosts)
    if cfg.behind_proxy:
        server.wsgi_app = TrustedProxy(server.wsgi_app, cfg)

    def refuse(message: str, status: int) -> Response:
        return Response(message + "\n", status=status, mimetype="text/plain",
                        headers={"Cache-Control": "no-store"})

    @server.before_request
    def _hosts_and_transport():
        # DNS rebinding: a page on another site whose name now points here must not read us
        if not allowed_host(request.headers.get("Host", ""), hosts):
            log.warning("refused a request for host %r from %s",
                        request.headers.get("Host", "")[:100], request.remote_addr)
            return refuse("This address is not served here.", 400)
        if request.scheme == "https":
            return None
        if request.environ.get("lscp.proxy_scheme") == "http":
            return refuse("This dashboard is served over https only.", 403)
        peer = request.environ.get("werkzeug.proxy_fix.orig", {}).get(
            "REMOTE_ADDR", request.environ.get("REMOTE_ADDR"))
        if not is_loopback(peer or ""):
            return refuse("This dashboard is served over https only.", 403)
        return None

    @server.after_request
    def _headers(response):
        h = response.headers
        h["X-Content-Type-Options"] = "nosniff"
        h["X-Frame-Options"] = "DENY"
        h["Referrer-Policy"] = "same-origin"
        if "Content-Security-Policy" not in h:
            h["Content-Security-Policy"] = content_security_policy(app.csp_hashes())
        if request.scheme == "https":
            h["Strict-Transport-Security"] = "max-age=31536000"
        return response

    from dashboard import auth

    auth.install(app, cfg)


def werkzeug_handler():
    """The development server's request handler without its Server banner (which names
    Werkzeug's and Python's versions)."""
    from werkzeug.serving import WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def send_header(self, keyword, value):
            if keyword.lower() != "server":
                super().send_header(keyword, value)

    return QuietHandler
