"""The WSGI entry point for a production server: `gunicorn dashboard.wsgi:server`.

Configured from the environment only (README "Production"): DASHBOARD_DATA (else the
bundled demo), and the login settings of `python -m dashboard serve`, as DASHBOARD_*
variables. It always requires authentication (DASHBOARD_USERS or DASHBOARD_AUTH_HEADER),
an audit log and DASHBOARD_SECRET_KEY; session cookies are always Secure (gunicorn
serves behind TLS: its own --certfile, or a proxy named by
DASHBOARD_TRUSTED_PROXY_HEADER). The database built from the data is kept in
DASHBOARD_CACHE (else the user's cache folder): the first worker to start builds it,
the others wait and open it read-only. A setting that cannot be used stops the start
with one line on stderr and exit status 2; under gunicorn a security setting that
cannot be used exits with gunicorn's "app failed to load" status (4), so its master
stops instead of starting the worker again and again (settings never fix themselves),
while a data folder that cannot be read keeps status 2: gunicorn tries a new worker
again, which starts once the folder is fixed, and workers already serving go on.
"""
from __future__ import annotations

import sys

from dashboard.app import console_progress, create_app, resolve_data_dir
from dashboard.data import DatasetFolderError
from dashboard.security import SecurityConfigError, security_config
from dashboard.settings import default_cache_dir

# gunicorn's Arbiter.APP_LOAD_ERROR: a worker exiting with it stops the master
GUNICORN_APP_LOAD_ERROR = 4


def _build():
    folder = resolve_data_dir()
    try:
        cfg = security_config({}, data_dir=folder, require_login=True, secure_cookies=True)
        # each worker process watches the folder (README "Reloading")
        return create_app(folder, security=cfg, watch=True, cache_dir=default_cache_dir(),
                          progress=console_progress)
    except (SecurityConfigError, DatasetFolderError) as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        halt = isinstance(exc, SecurityConfigError) and "gunicorn.arbiter" in sys.modules
        raise SystemExit(GUNICORN_APP_LOAD_ERROR if halt else 2) from None


app = _build()
server = app.server
