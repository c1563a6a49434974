"""The WSGI entry point for a production server: `gunicorn dashboard.wsgi:server`.

The data folder comes from $DASHBOARD_DATA (else the bundled demo), as for the CLI."""
from __future__ import annotations

from dashboard.app import create_app

app = create_app(watch=True)  # each worker process watches the folder
server = app.server
