"""GET /download/<page>/<panel>.csv?<address>: the CSV of exactly what a chart's numbers
or a table show under the address's filters (views/panels.py `shown`), cells that a
spreadsheet would run neutralised (csv_out.py). A record table's download holds every
row in the table's sort order, not only the page on screen; in public mode record
tables are hidden, so their downloads are refused."""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def register_routes(server) -> None:
    from flask import Response, request

    from dashboard.address import parse_search
    from dashboard.audit import record_access
    from dashboard.csv_out import to_csv
    from dashboard.filters import FilterError, parse_filters
    from dashboard.views.context import current_dataset
    from dashboard.views.panels import PANELS, csv_rows, shown
    from dashboard.views.state import StateError, parse_state

    def _text(message: str, status: int) -> Response:
        return Response(message + "\n", status=status, mimetype="text/plain")

    def download(page: str, key: str):
        panel = PANELS.get((page, key))
        if panel is None:
            return _text(f"There is no download {page}/{key}.csv.", 404)
        ds = current_dataset()
        params = parse_search(request.query_string.decode("utf-8", "replace"))
        try:
            filters = parse_filters(params, ds)
            state = parse_state(params)
        except (FilterError, StateError) as exc:
            return _text(f"The filters were refused: {exc}", 400)
        if panel.records and filters.public:
            return _text("Record-level tables are hidden in public mode.", 403)
        table = shown(panel, ds, filters, state.every_row())
        header, rows = csv_rows(table)
        if panel.records and not record_access("download", page, key, filters, len(rows),
                                               table.total, state.rows):
            return _text("Record-level rows cannot be downloaded now: the audit log cannot "
                         "be written. Tell your administrator.", 503)
        name = f"{page}-{key}-{ds.as_of.isoformat()}.csv"
        return Response(to_csv(rows, header), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "Cache-Control": "no-store"})

    server.add_url_rule("/download/<page>/<key>.csv", "download_csv", download)
