"""Missing returns by agency and period, as a grid (metrics.md "Data returns"): a row per
supplied indicator (its source agency and the indicator), a column per due period, each
cell in words: "Received", "Missing", "Returned but rejected" (the period's only rows
were quarantined) or "Not expected" (before the indicator's first due period).

Monthly and quarterly indicators have a grid each. By default a grid shows the latest
12 due periods of its frequency; `periods=all` in the address shows every one. The
agency and area filters narrow it as they narrow the indicator set; the statuses come
from metrics.return_statuses, whose missing and rejected cells are summary's
missing_returns.
"""
from __future__ import annotations

from dataclasses import replace

from dash import dcc, html

from dashboard import metrics
from dashboard.address import merge_search
from dashboard.components.breakdown import narrowed_links
from dashboard.components.format import format_period, humanise_code
from dashboard.components.tables import table_view
from dashboard.data.contract import FREQUENCIES
from dashboard.views.panels import TEXT, Col, Panel, TableData, register, shown
from dashboard.views.state import ALL_PERIODS

PAGE = "data-quality"
QUERIES = ("indicator_set", "indicator_values", "indicator_rows_rejected")
LATEST = 12
WORDS = {metrics.RECEIVED: "Received", metrics.MISSING: "Missing",
         metrics.REJECTED: "Returned but rejected"}
NOT_EXPECTED = "Not expected"
ANCHOR = "missing-returns"


def statuses(ds, filters) -> list[dict]:
    """metrics.return_statuses under the filters, worked out once per filter set a
    request asks for (the grids and the counts share it)."""
    return ds.memo.remember(("return_statuses", filters.agency, filters.area, ds.as_of),
                            lambda: metrics.return_statuses(ds, filters, ds.as_of))


def grid_periods(rows: list[dict], frequency: str, every: bool) -> list[str]:
    """The due periods a grid shows: every one any of its indicators has, or the latest
    LATEST of them."""
    starts = sorted({r["period_start"] for r in rows if r["frequency"] == frequency})
    return starts if every else starts[-LATEST:]


def grid_data(frequency: str):
    def data(ds, filters, state) -> TableData:
        rows = [r for r in statuses(ds, filters) if r["frequency"] == frequency]
        shown_periods = grid_periods(rows, frequency, state.all_periods)
        columns = [Col("agency_label", "Source agency", TEXT, sortable=False),
                   Col("indicator", "Indicator", TEXT, sortable=False),
                   *(Col(p, format_period(p, frequency), TEXT, sortable=False)
                     for p in shown_periods)]
        lines: dict[str, dict] = {}
        for r in rows:
            line = lines.setdefault(r["indicator_id"], {
                "source": r["source"], "agency_label": humanise_code(r["source"]),
                "indicator": f"{r['name']} ({r['indicator_id']})",
                **dict.fromkeys(shown_periods, NOT_EXPECTED)})
            if r["period_start"] in line:
                line[r["period_start"]] = WORDS[r["status"]]
        return TableData(columns=columns, rows=list(lines.values()), implies_total=False)
    return data


GRID_PANELS = {
    freq: register(Panel(PAGE, f"returns-{freq}", f"{freq.capitalize()} returns by agency "
                         "and period", grid_data(freq)))
    for freq in FREQUENCIES
}

STYLE = {"Received": "return-received", "Missing": "return-missing",
         "Returned but rejected": "return-rejected", NOT_EXPECTED: "return-not-expected"}


def _cells(table: TableData, report_href: str) -> TableData:
    """Status words as styled text (words first; colour only supports them), a rejected
    period linking to the report of its file's errors."""
    periods = [c.key for c in table.columns[2:]]
    rows = []
    for r in table.rows:
        out = dict(r)
        for p in periods:
            word = r[p]
            out[p] = (dcc.Link(word, href=report_href, className=STYLE[word])
                      if word == WORDS[metrics.REJECTED] else
                      html.Span(word, className=STYLE[word]))
        rows.append(out)
    return replace(table, rows=rows)


def counts_words(rows: list[dict]) -> str:
    missing = sum(r["status"] == metrics.MISSING for r in rows)
    rejected = sum(r["status"] == metrics.REJECTED for r in rows)
    indicators = len({r["indicator_id"] for r in rows})
    return (f"{indicators} supplied indicator{'' if indicators == 1 else 's'}; over every "
            f"due period since each one's first: {missing} missing "
            f"return{'' if missing == 1 else 's'} and {rejected} returned but rejected "
            f"(summary counts both as missing returns: {missing + rejected}).")


def returns_section(ds, filters, state, search: str) -> html.Section:
    heading = html.H2("Missing returns by agency and period", className="h4", id=ANCHOR,
                      tabIndex="-1")
    if not (ds.available("indicator_catalogue") and ds.available("priority_areas")):
        return html.Section([heading, html.P("The returns cannot be listed: the indicator "
                                             "catalogue or the priority areas are "
                                             "unavailable (see the report below).")],
                            className="mb-4")
    rows = statuses(ds, filters)
    source = ds.sources.get("indicators")
    report_href = merge_search(search, {"file": source.name if source else "indicators.csv",
                                        "severity": "error", "page": None}) + "#report"
    if state.all_periods:
        toggle = dcc.Link(f"Show the latest {LATEST} due periods only",
                          href=merge_search(search, {"periods": None}) + f"#{ANCHOR}")
        window = "Every due period is shown."
    else:
        toggle = dcc.Link("Show every due period",
                          href=merge_search(search, {"periods": ALL_PERIODS}) + f"#{ANCHOR}")
        window = f"Each grid shows the latest {LATEST} due periods of its frequency."
    parts = [heading,
             html.P(["A return is due once its period has ended and ",
                     f"{ds.partnership.return_lag_days} days have passed. ",
                     counts_words(rows)], id="returns-counts"),
             html.P([window, " ", toggle, "."], className="small no-print")]
    if not rows:
        parts.append(html.P("No supplied indicator has a return due under these filters."))
    for freq, panel in GRID_PANELS.items():
        table = shown(panel, ds, filters, state)
        if not table.rows:
            continue
        linked = narrowed_links(_cells(table, report_href), "agency_label", "source",
                                "agency", search)
        parts.append(html.H3(panel.title, className="h5"))
        parts.append(table_view(linked, f"{panel.title}: each cell says whether the period's "
                                "return was received", table_id=f"{panel.key}-table",
                                download_href=panel.download_href, search=search))
    return html.Section(parts, className="mb-4", **{"aria-labelledby": ANCHOR})
