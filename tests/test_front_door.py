"""The front-door page (views/front_door.py) on the app fixture: its figures are
summary's, each record view lists exactly the rows its figure counts, tables sort and
page in SQL, public mode suppresses, and every download equals the screen."""
from __future__ import annotations

import csv
import io

import pytest

from dashboard.components.static_html import render_html
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import front_door as fd
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import ViewState, drill_search, parse_state
from fixtures_app import write_fixture


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_fixture(tmp_path_factory.mktemp("fd"))


def figures(ds, params):
    f = parse_filters(params, ds)
    return f, shown(fd.FIGURES_PANEL, ds, f, ViewState()).rows[0]


@pytest.mark.parametrize("params", [{}, {"from": "all"}, {"agency": "police"},
                                    {"from": "2024-02-01", "to": "2024-02-29"}])
def test_figures_are_summarys(ds, params):
    f, row = figures(ds, params)
    s = summary(ds, f)["mash"]
    for fig in fd.FIGURES:
        assert row[fig.col.key] == pytest.approx(s[fig.col.key]), fig.col.key


def count_rows(ds, f, view):
    return fd.RECORDS_PANEL.data(ds, f, ViewState(rows=view, page=0)).total


@pytest.mark.parametrize("params", [{}, {"from": "all"}, {"agency": "health"}])
def test_each_record_view_lists_the_rows_its_figure_counts(ds, params):
    f = parse_filters(params, ds)
    row = ds.run("mash_figures", f, breakdown="none").iloc[0]
    assert count_rows(ds, f, "all") == row["contacts"]
    assert count_rows(ds, f, "decided") == row["decided"]
    assert count_rows(ds, f, "decided_late") == row["decided"] - row["decided_within_1wd"]
    assert count_rows(ds, f, "pending_overdue") == row["pending_overdue"]
    assert count_rows(ds, f, "converted") == row["converted"]
    assert count_rows(ds, f, "repeat") == row["repeat_contacts_12m"]
    assert count_rows(ds, f, "nfa_recontact") == row["nfa_recontacted_3m"]
    assert count_rows(ds, f, "escalated") == row["escalated"]


def test_record_tables_sort_and_page_in_sql(ds):
    f = parse_filters({"from": "all"}, ds)
    first = fd.RECORDS_PANEL.data(ds, f, ViewState(sort="received_at", descending=True))
    assert first.total == 60 and len(first.rows) == 25
    times = [r["received_at"] for r in first.rows]
    assert times == sorted(times, reverse=True)
    third = fd.RECORDS_PANEL.data(ds, f, ViewState(sort="received_at", descending=True,
                                                   page=3))
    assert len(third.rows) == 10          # 60 rows: 25 + 25 + 10
    # a sort column that is not one of the table's is ignored, never put into SQL
    other = fd.RECORDS_PANEL.data(ds, f, ViewState(sort="1; DROP TABLE x"))
    assert other.total == 60


def test_public_mode_suppresses_small_counts_and_hides_records(ds):
    # the fixture's contacts: 20 each from police, health and education in Jan-Feb 2024
    f = parse_filters({"public": "1", "from": "2024-01-02", "to": "2024-01-04"}, ds)
    _, row = figures(ds, {"public": "1", "from": "2024-01-02", "to": "2024-01-04"})
    assert row["contacts"] == "c"                 # 3 contacts
    assert row["decided_within_1wd_pct"] == "c"   # from 3 decided
    markup = render_html(fd.render(ds, f, ViewState(), "?public=1"))
    assert "Record-level tables are hidden in public mode." in markup
    assert "MC" not in markup and "CH0" not in markup


def test_a_download_equals_the_numbers_on_screen(ds, client):
    response = client.get("/download/front-door/by-referrer-agency.csv?from=all")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    f = parse_filters({"from": "all"}, ds)
    header, rows = csv_rows(shown(fd.BREAKDOWN_PANELS["referrer_agency"], ds, f,
                                  ViewState()))
    assert got[0] == header
    assert got[1:] == [[str(r[h]) for h in header] for r in rows]
    # 20 contacts from each of three agencies: equal counts, so in the order of their words
    assert [r[:2] for r in got[1:]] == [["Education", "20"], ["Health", "20"], ["Police", "20"]]


def test_record_downloads_take_every_row_and_are_refused_in_public_mode(client):
    response = client.get("/download/front-door/records.csv?from=all&sort=contact_id")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 61                       # header + all 60 contacts, not one page
    assert client.get("/download/front-door/records.csv?public=1").status_code == 403
    assert client.get("/download/front-door/nothing.csv").status_code == 404
    bad = client.get("/download/front-door/records.csv?agency=martians")
    assert bad.status_code == 400 and "martians" in bad.get_data(as_text=True)


def test_a_click_narrows_the_page():
    assert drill_search("?from=all&page=3", "agency", "police") == "?from=all&agency=police"
    assert drill_search("", "period:monthly", "2024-02-01") == (
        "?from=2024-02-01&to=2024-02-29")
    assert drill_search("", "period:quarterly", "2024-01-01") == (
        "?from=2024-01-01&to=2024-03-31")
    assert drill_search("", "agency", None) is None


def test_view_state_in_the_address_is_checked():
    from dashboard.views.state import StateError

    assert parse_state({"page": "2", "dir": "desc", "sort": "x"}) == ViewState(
        sort="x", descending=True, page=2)
    for bad in ({"page": "0"}, {"page": "two"}, {"dir": "up"}):
        with pytest.raises(StateError):
            parse_state(bad)


@pytest.mark.parametrize("params", [{"from": "all"}, {"public": "1", "from": "2024-01-02",
                                                      "to": "2024-01-04"}])
def test_the_headline_figures_download_as_the_tiles_show_them(ds, client, params):
    """Issue 7 Done when: from a headline figure, download what you see. The tiles link
    to their CSV with the page's address (checked failing before the link existed), and
    it holds each tile's figure as shown (public mode: 3 contacts are c)."""
    import re
    from urllib.parse import urlencode

    search = "?" + urlencode(params)
    f = parse_filters(params, ds)
    markup = render_html(fd.render(ds, f, ViewState(), search), link_as_text=False)
    link = re.search(r'<a[^>]*data-download="figures"[^>]*>', markup).group(0)
    assert f'href="/download/front-door/figures.csv{search}"'.replace("&", "&amp;") in link
    got = list(csv.reader(io.StringIO(client.get(
        f"/download/front-door/figures.csv{search}").get_data(as_text=True))))
    tiles = dict(re.findall(r'data-figure="mash\.(\w+)"[^>]*>([^<]*)<', markup))
    assert got[0] == [fig.col.label for fig in fd.FIGURES]
    assert len(got) == 2
    for fig, value in zip(fd.FIGURES, got[1]):
        shown_text = tiles[fig.col.key]
        if value in ("", "c"):
            assert shown_text == ("c" if value == "c" else "–"), fig.col.key
        else:
            assert shown_text.replace(",", "").rstrip("%").startswith(
                str(round(float(value), 1)).removesuffix(".0")), (fig.col.key, value)
    if params.get("public"):
        assert got[1][0] == "c"


def test_a_page_past_the_last_shows_the_last_page_not_no_rows(ds):
    """A link kept while the data or the filters changed (?page=9 of a table of 3 pages)
    shows the last page and its pager, never "No rows match the filters" of a table that
    has rows (checked failing before shown_page)."""
    f = parse_filters({"from": "all"}, ds)
    markup = render_html(fd.render(ds, f, ViewState(page=9), "?from=all&page=9"))
    assert "No rows match the filters" not in markup
    assert "Rows 51 to 60 of 60 (page 3 of 3)" in markup
