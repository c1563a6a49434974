"""The Dash app: create_app() builds it on one dataset folder, run_server() serves it.

`python -m dashboard [--data DIR] [--as-of D] [--host H] [--port P]` calls run_server;
with no folder it serves DASHBOARD_DATA, else the bundled demo (datasets/demo).
"""
from __future__ import annotations

import atexit
import datetime as dt
import errno
import functools
import logging
import os
import sys
from pathlib import Path

import dash
from dash import ALL, Input, Output, State

from dashboard.data import DatasetFolderError, load_dataset
from dashboard.reload import DatasetHolder
from dashboard.settings import default_cache_dir, demo_folder
from dashboard.views import queries
from dashboard.views.context import DATASET_KEY, current_dataset, is_demo
from dashboard.address import parse_search
from dashboard.components.breakdown import DRILL
from dashboard.components.filter_bar import FIELD, MORE_FILTERS_BUTTON
from dashboard.components.tables import SORT_BUTTON
from dashboard.views.page import page_status
from dashboard.views.state import (
    StateError, ViewState, drill_search, parse_state, sorted_search,
)
from dashboard.views.shell import (
    CONTROL_IDS, NAV_TYPE, chrome_for_search, filter_bar_state, filters_in_words,
    list_choices, nav_pages, RELOADED_NOTICE_ID, reloaded_notice, SHELL_LOADED_ID,
    shell_layout, sync_filters, toggle_nav,
)
from dashboard.views.data_quality import RELOAD_BUTTON_ID, RELOAD_RESULT_ID, reload_now
from dashboard.analysis.values import parse_iso_date

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent
ASSETS_DIR = REPO_ROOT / "assets"
PAGES_DIR = PACKAGE_DIR / "pages"
DEFAULT_DATA_DIR = demo_folder()
DATA_ENV = "DASHBOARD_DATA"

log = logging.getLogger(__name__)

# stack.md: axe needs <html lang>; Dash's default index has none.
INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """--data DIR, else $DASHBOARD_DATA, else the bundled demo."""
    if data_dir:
        return Path(data_dir)
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return DEFAULT_DATA_DIR


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return parse_iso_date(str(value))


def create_app(data_dir: str | os.PathLike | None = None, as_of=None, *,
               dataset=None, watch: bool = False, security=None,
               host: str | None = None, cache_dir: str | os.PathLike | None = None,
               progress=None) -> dash.Dash:
    """The app on one dataset folder. Raises DatasetFolderError for a folder-level
    failure; any other problem in the folder shows on the panels that need the data.
    With `watch`, the folder is watched and reloaded when it changes (reload.py); the
    server and gunicorn ask for it, tests only when they test it.
    `security` (security.SecurityConfig) is the deployment's login, TLS, hosts and audit
    settings; without it: no login, loopback hosts only (the headers and limits always
    apply). `host` is the address served on (allowed as a Host name). With `cache_dir`,
    each version of the data is kept there as a database file (data/store.py: a restart
    on unchanged files opens it, a reload builds the next); without, it is held in
    memory. `progress` hears each step of a build."""
    as_of = _as_date(as_of)
    folder = dataset.folder if dataset is not None else resolve_data_dir(data_dir)
    loader = functools.partial(load_dataset, cache_dir=cache_dir, progress=progress)
    holder = DatasetHolder(folder, as_of, dataset=dataset, loader=loader)
    ds = holder.current
    app = dash.Dash(
        "dashboard",
        use_pages=True,
        pages_folder=str(PAGES_DIR),
        assets_folder=str(ASSETS_DIR),
        suppress_callback_exceptions=True,  # page components come and go with the page
        title=f"{ds.partnership.name} – LSCP dashboard",
        update_title=None,
        serve_locally=True,
    )
    app.index_string = INDEX_STRING
    app.server.config[DATASET_KEY] = holder
    # a function: each page load gets the shell (name, as-of, menus, filter options) of
    # the set serving it, so the shell follows a reload
    app.layout = current_shell

    def _swapped(new):
        app.title = f"{new.partnership.name} – LSCP dashboard"

    holder.on_swap = _swapped
    _register_shell_callbacks(app)
    _register_reload(app, holder, watch)
    _register_not_found_status(app)
    from dashboard import callback_guard, downloads, pack
    from dashboard import security as sec

    pack.register_routes(app.server)
    downloads.register_routes(app.server)
    sec.install(app, security if security is not None else sec.SecurityConfig(), host=host)
    # after the hosts and login gates (Flask runs them in order): a request from nobody
    # signed in is 401 (the page then goes to sign in), only then is its shape checked
    from dashboard import returns_jobs

    returns_jobs.register_size_limit(app)   # an upload over the limit: 413, body unread
    callback_guard.register(app)   # a malformed callback request: 400, one log line
    returns_jobs.register(app)     # the Returns page's callbacks: 403 without the right
    # stack.md: a fresh server can answer its first simultaneous requests with
    # "Callback function not found"; one request sets everything up first. It also
    # binds the page modules' global callbacks to this app before another is created.
    app.server.test_client().get("/")
    return app


def current_shell():
    """The page shell of the set this request reads, built once per set (and day: the
    loaded time says the day when it is not today)."""
    ds = current_dataset()

    def build():
        choices = queries.filter_choices(ds)
        return shell_layout(
            name=ds.partnership.name, as_of=ds.as_of, is_demo=is_demo(ds),
            pages=nav_pages(), areas=choices["area"], choices=choices,
            loaded_at=ds.loaded_at,
        )

    return ds.memo.remember(("shell", dt.date.today()), build)


def _same_page(pathname: str | None, search: str | None) -> str:
    """A link that loads this page again: a path on this site, never another address
    (the values come from the request)."""
    path = (pathname if pathname and pathname.startswith("/")
            and not pathname.startswith(("//", "/\\")) else "/")
    query = search if search and search.startswith("?") else ""
    return path + query


def _register_reload(app: dash.Dash, holder: DatasetHolder, watch: bool) -> None:
    """The watcher (when asked) and the data-quality page's "Reload now" button."""
    if watch:
        holder.start_watching()
        atexit.register(holder.stop_watching)

        @app.server.before_request
        def _watch_after_fork():
            holder.watch_after_fork()

    @app.callback(
        Output(RELOAD_RESULT_ID, "children"),
        Input(RELOAD_BUTTON_ID, "n_clicks"),
        State("url", "pathname"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _reload_now(clicks, pathname, search):
        if not clicks:
            return dash.no_update
        return reload_now(_same_page(pathname, search))


def _register_shell_callbacks(app: dash.Dash) -> None:
    @app.callback(
        *[Output(c, "value") for c in CONTROL_IDS],
        Output("filter-period-note", "children"),
        Output("url", "search"),
        Input("url", "search"),
        *[Input(c, "value") for c in CONTROL_IDS],
    )
    def _sync(search, *values):
        triggered = dash.ctx.triggered_id
        ds = current_dataset()
        known = list_choices(queries.filter_choices(ds))
        controls, note, new_search = sync_filters(
            triggered if isinstance(triggered, str) else None, search,
            dict(zip(CONTROL_IDS, values)), ds.as_of, known)
        return (*[controls[c] for c in CONTROL_IDS], note, new_search)

    @app.callback(
        Output("filters-words", "children"),
        Input("url", "search"),
    )
    def _words(search):
        ds = current_dataset()
        return filters_in_words(search, ds.as_of, queries.filter_choices(ds))

    @app.callback(
        Output({"type": FIELD, "param": ALL}, "style"),
        Output("filter-bar", "style"),
        Output(MORE_FILTERS_BUTTON, "children"),
        Output(MORE_FILTERS_BUTTON, "style"),
        Output(MORE_FILTERS_BUTTON, "aria-expanded"),
        Input("url", "pathname"),
        Input("url", "search"),
        Input(MORE_FILTERS_BUTTON, "n_clicks"),
        State({"type": FIELD, "param": ALL}, "id"),
        State(MORE_FILTERS_BUTTON, "aria-expanded"),
    )
    def _filter_bar(pathname, search, _clicks, field_ids, expanded):
        clicked = dash.ctx.triggered_id == MORE_FILTERS_BUTTON
        state = filter_bar_state(pathname, search, field_ids,
                                 toggled_from=(expanded == "true") if clicked else None)
        return (state["styles"], state["bar"], state["text"], state["button"],
                "true" if state["open"] else "false")

    @app.callback(
        Output({"type": NAV_TYPE, "index": ALL}, "href"),
        Output("pack-link", "href"),
        Output("filter-clear", "href"),
        Output("shell", "className"),
        Output("public-banner", "children"),
        Output(RELOADED_NOTICE_ID, "children"),
        Input("url", "pathname"),
        Input("url", "search"),
        State({"type": NAV_TYPE, "index": ALL}, "id"),
        State(SHELL_LOADED_ID, "data"),
    )
    def _chrome(pathname, search, link_ids, shell_loaded):
        return (*chrome_for_search(pathname, search, link_ids),
                reloaded_notice(shell_loaded, current_dataset(), _same_page(pathname, search)))

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        Input({"type": SORT_BUTTON, "col": ALL}, "n_clicks"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _sort(_clicks, search):
        # a button appearing with its page fires with 0 clicks: only a click sorts
        triggered = dash.ctx.triggered_id
        if not isinstance(triggered, dict) or not dash.ctx.triggered[0].get("value"):
            return dash.no_update
        try:
            state = parse_state(parse_search(search))
        except StateError:
            state = ViewState()
        return sorted_search(search, triggered["col"], state)

    @app.callback(
        Output("url", "search", allow_duplicate=True),
        Input({"type": DRILL, "param": ALL, "panel": ALL}, "clickData"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def _drill(_clicks, search):
        triggered = dash.ctx.triggered_id
        click = dash.ctx.triggered[0].get("value") if dash.ctx.triggered else None
        if not isinstance(triggered, dict) or not click:
            return dash.no_update
        custom = (click.get("points") or [{}])[0].get("customdata")
        code = custom[0] if isinstance(custom, list) and custom else custom
        return drill_search(search, triggered["param"], code) or dash.no_update

    @app.callback(
        Output("nav-collapse", "is_open"),
        Output("nav-toggler", "aria-expanded"),
        Input("nav-toggler", "n_clicks"),
        Input("url", "pathname"),
        State("nav-collapse", "is_open"),
    )
    def _toggle_nav(_clicks, _pathname, is_open):
        triggered = dash.ctx.triggered_id
        return toggle_nav(triggered if isinstance(triggered, str) else None, is_open)

    @app.callback(
        Output("account", "children"),
        Output("public-toggle", "disabled"),
        Input("url", "pathname"),
    )
    def _account(_pathname):
        # a public_only user cannot switch public mode off (auth.forced_public)
        from dashboard.auth import account_controls, forced_public

        return account_controls(), forced_public()


def _register_not_found_status(app: dash.Dash) -> None:
    """Dash answers every address with its page shell and 200; an address that is no
    page, or an unknown area, answers 404 (the body still shows the "not found" page)."""
    from flask import request

    catchall = app.config.routes_pathname_prefix + "<path:path>"

    @app.server.after_request
    def _status(response):
        if request.endpoint != catchall or response.status_code != 200:
            return response
        page_paths = {p["path"] for p in dash.page_registry.values()
                      if not p.get("path_template") and p["path"] != "/404"}
        ds = current_dataset()
        area_ids = ({a["area_id"] for a in queries.priority_areas(ds)}
                    if ds.available("priority_areas") else None)
        response.status_code = page_status(request.path, page_paths, area_ids)
        return response


def console_progress(line: str) -> None:
    """A step of building the database, on the console (stderr)."""
    print(line, file=sys.stderr, flush=True)


def run_server(data_dir=None, host: str = "127.0.0.1", port: int = 8050, as_of=None,
               security=None, cache_dir=None) -> None:
    """Serve the dashboard (the CLI's default command). Exits 2 on a folder-level
    failure or a setting that cannot be used, with one line saying why."""
    from dashboard import security as sec

    cfg = security if security is not None else sec.SecurityConfig()
    # product.md: beyond loopback the server needs a login and TLS, so pseudonymised
    # records never leave unauthenticated or in clear text.
    problem = sec.serving_problem(host, cfg) or port_problem(host, port)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(2)
    folder = resolve_data_dir(data_dir)
    try:
        app = create_app(folder, as_of=as_of, watch=True, security=cfg, host=host,
                         cache_dir=cache_dir if cache_dir is not None else default_cache_dir(),
                         progress=console_progress)
    except DatasetFolderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    scheme = "https" if cfg.certfile else "http"
    print(f"Serving {folder} on {scheme}://{host}:{port}/"
          + (" (sign-in required)" if cfg.login else ""), file=sys.stderr)
    ssl_context = (str(cfg.certfile), str(cfg.keyfile)) if cfg.certfile else None
    try:
        app.run(host=host, port=port, debug=False, ssl_context=ssl_context,
                request_handler=sec.werkzeug_handler(), threaded=True)
    except OSError as exc:  # lost a race for the port since the check
        print(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        raise SystemExit(2) from None


def port_problem(host: str, port: int) -> str | None:
    """Why (host, port) cannot be served on, in one line; None when it can. Checked
    before Dash prints "Dash is running on …", so a busy port never looks served."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"cannot serve on {host}: {exc.strerror}"
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"port {port} on {host} is already in use (another dashboard?); "
                        "choose another with --port")
            return f"cannot serve on {host}:{port}: {exc.strerror or exc}"
    return None
