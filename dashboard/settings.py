"""Every setting of the dashboard in one table, with its default and a line of help.

The README lists each one (a test checks that it does).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
# demo-data
DEFAULT_CONTACTS = 20_000
DEFAULT_SEED = 2026
DEFAULT_END_MONTH = "2026-10"
PROGRESS_MIN_CONTACTS = 200_000  # from this many contacts demo-data reports progress
# the most demo-data writes: 100 million contacts is a 12 GB file (benchmarks use 5M); a
# typo with extra zeros is refused in one line instead of failing to allocate memory
MAX_CONTACTS = 100_000_000


CACHE_ENV = "DASHBOARD_CACHE"


def default_cache_dir() -> Path:
    """The dashboard's cache folder: $DASHBOARD_CACHE, else the user's cache folder
    ($XDG_CACHE_HOME or ~/.cache, then lscp-dashboard), shared by the workers of one
    machine: the databases built from the data (db/) and finished meeting packs (packs/)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lscp-dashboard"


@dataclass(frozen=True)
class Setting:
    name: str        # command-line option or environment variable
    default: str
    help: str


SETTINGS = (
    Setting("--data", "$DASHBOARD_DATA, else datasets/demo",
            "the partnership's dataset folder to serve"),
    Setting("DASHBOARD_DATA", "unset", "dataset folder used when --data is not given"),
    Setting("--as-of", "as_of in partnership.toml, else today",
            "the date that 'now' means for every figure"),
    Setting("--host", DEFAULT_HOST, "address to serve on (beyond loopback only with login and TLS configured)"),
    Setting("--port", str(DEFAULT_PORT), "port to serve on"),
    Setting("--format", "table", "validate's output: table, csv or json"),
    Setting("--contacts", f"{DEFAULT_CONTACTS:,}",
            "demo-data: number of MASH contacts to generate (progress on stderr from "
            f"{PROGRESS_MIN_CONTACTS:,})"),
    Setting("--seed", str(DEFAULT_SEED), "demo-data: random seed (same seed, same files)"),
    Setting("--end-month", DEFAULT_END_MONTH, "demo-data: the demo's final complete month"),
    Setting("DASHBOARD_CACHE", "$XDG_CACHE_HOME/lscp-dashboard, else ~/.cache/lscp-dashboard",
            "the cache folder: the database built from each version of the data (db/), "
            "query results (results/) and finished meeting packs (packs/), shared by every "
            "server worker; writable, "
            "outside the data folder"),
    Setting("--cache-dir", "$DASHBOARD_CACHE",
            "serve, summary, validate: the cache folder holding the database built from "
            "the data, so a restart on unchanged files skips reading and validating"),
    Setting("--force", "off",
            "demo-data, template: write into a folder that holds other files (demo-data "
            "also into a partnership's own dataset); refused without it"),
    Setting("DASHBOARD_CHECK_FIGURES", "unset",
            "1: plotly checks every property of every chart as it is built (the tests set "
            "it; slower, so a served page skips the check)"),
)


@dataclass(frozen=True)
class ServeOption:
    """A login, TLS or audit option of `serve`; `env` is the variable it defaults to
    (the WSGI entry point, dashboard/wsgi.py, reads only the variables)."""
    name: str
    dest: str
    metavar: str
    env: str | None
    default: str
    help: str


SECURITY_OPTIONS = (
    ServeOption("--users", "users", "FILE", "DASHBOARD_USERS", "no login",
                "users file of [[users]] entries with hashed passwords (python -m dashboard "
                "add-user): sign-in with a name and password"),
    ServeOption("--auth-header", "auth_header", "NAME", "DASHBOARD_AUTH_HEADER", "unset",
                "header in which a trusted proxy names the signed-in user (instead of the "
                "sign-in page; public mode only unless the users file lists them)"),
    ServeOption("--certfile", "certfile", "PEM", None, "unset",
                "TLS certificate chain: serve https directly (with --keyfile)"),
    ServeOption("--keyfile", "keyfile", "PEM", None, "unset", "TLS private key"),
    ServeOption("--trusted-proxy-header", "trusted_proxy_header", "NAME",
                "DASHBOARD_TRUSTED_PROXY_HEADER", "unset",
                "header in which a proxy that terminates TLS passes the scheme (such as "
                "X-Forwarded-Proto); a request whose value is not https is refused"),
    ServeOption("--trusted-proxies", "trusted_proxies", "ADDRS", "DASHBOARD_TRUSTED_PROXIES",
                "127.0.0.1,::1",
                "addresses or networks of the proxies whose forwarding and user headers "
                "are believed, comma-separated"),
    ServeOption("--allowed-hosts", "allowed_hosts", "NAMES", "DASHBOARD_ALLOWED_HOSTS",
                "loopback names and --host",
                "host names the dashboard answers to besides localhost, 127.0.0.1 and ::1, "
                "comma-separated (.example.org allows its subdomains); any other Host is "
                "refused (DNS rebinding)"),
    ServeOption("--audit-log", "audit_log", "FILE", "DASHBOARD_AUDIT_LOG",
                "unset (required with login)",
                "file outside the data folder where every view or download of record-level "
                "rows is logged as one JSON line"),
    ServeOption("--upload-max-mb", "upload_max_mb", "MB", "DASHBOARD_UPLOAD_MAX_MB", "50",
                "the largest file the Returns page takes, in megabytes (1 to 1024); stated "
                "on the page and enforced by the server"),
    ServeOption("--session-idle-minutes", "session_idle_minutes", "N",
                "DASHBOARD_SESSION_IDLE_MINUTES", "30",
                "a signed-in user is signed out after this many minutes without a request "
                "(1 to 1440)"),
)


SETTINGS = SETTINGS + tuple(
    Setting(o.name, o.default, o.help + (f" (or {o.env})" if o.env else ""))
    for o in SECURITY_OPTIONS) + tuple(
    Setting(o.env, "unset", f"used when {o.name} is not given")
    for o in SECURITY_OPTIONS if o.env) + (
    Setting("DASHBOARD_SECRET_KEY", "random at each start (required by dashboard.wsgi)",
            "the key that signs session cookies, at least 32 characters, the same in "
            "every worker"),
)


def demo_folder() -> Path:
    return REPO_ROOT / "datasets" / "demo"
