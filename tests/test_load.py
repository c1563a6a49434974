"""The load test, shortened for CI (benchmarks/load_under_reload.py runs the full one:
50 users, 60 s, two reloads): 6 users through every page for 8 s while the folder
changes once, against the app served on loopback with its watcher on. No request may
fail, every answer must come from one version of the data, and the reload must arrive."""
from __future__ import annotations

import threading

from benchmarks.load_under_reload import prepare, run_load, table
from fixtures_app import write_fixture


def test_users_through_every_page_while_the_data_reloads(tmp_path):
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.views.context import DATASET_KEY

    folder = prepare(write_fixture(tmp_path / "source"), tmp_path)
    app = create_app(folder, watch=True)
    holder = app.server.config[DATASET_KEY]
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        stats, written = run_load(server.server_port, folder, users=6, seconds=8,
                                  reloads=1)
    finally:
        server.shutdown()
        holder.stop_watching()
    print(table(stats))
    assert sum(stats.errors.values()) == 0, stats.mixed
    assert holder.reloads == 1 and holder.blocked is None
    assert stats.versions_seen == set(written) == {1, 2}
    pages = {label for label in stats.latencies if label.startswith("/")}
    assert {"/", "/area/…", "/data-quality", "/funding", "/front-door"} <= pages
