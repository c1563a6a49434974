"""The actions page (views/actions.py) on a hand-worked fixture: its figures are
summary's under every filter, the tracker lists every action (those with no area too:
every overdue action the headline counts is in the overdue view), each view holds
exactly the actions its figure counts, status is the status at as_of, the tracker sorts
and pages in SQL, public mode never suppresses actions, and a download equals the screen.

The fixture (as_of 2024-03-31; areas front_door and neglect):
  A1  due 30 Apr 2024, not started        Local Authority  neglect     audit
  A2  due  1 Mar 2024, in progress        local authority  neglect     lcspr    overdue 30 days
  A3  due 31 Mar 2024, not started        Police           front_door  audit    (due on as_of:
                                                                                  not overdue)
  A4  due 15 Feb 2024, completed 1 Feb    Police           (no area)   lcspr    on time
  A5  due  1 Mar 2024, completed 10 Mar   Health, ICB      neglect     rapid_review  late
  A6  due 10 Jan 2024, impact 10 Jan      Police           front_door  audit    on time
  A7  due 15 Mar 2024, completed 10 Apr   Local Authority  (no area)   section_11
      (after as_of: in progress at as_of, overdue 16 days)
  A8  due 30 Jun 2024, impact 1 May       Health, ICB      front_door  audit    (after as_of:
                                                                                  in progress)
  A9  raised 5 Apr 2024, after as_of: not on the page at all
Figures: total 8 (A1-A8); open A1 A2 A3 A7 A8 = 5; overdue A2 A7 = 2; completed A4 A5 A6
= 3; on time A4 A6 = 66.7%; impact evidenced A6 = 33.3%.
"""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from dash import dcc

from dashboard.address import parse_search
from dashboard.components.static_html import render_html
from dashboard.csv_out import neutralise
from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.metrics import computed_series, summary
from dashboard.views import actions as av
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import ViewState, drill_search, parse_state
from metric_fixtures import action, catalogue_row, load

ROWS = [
    action("A1", "2024-04-30", owner="Local Authority", area_id="neglect", source_type="audit",
           subgroup="Practice"),
    action("A2", "2024-03-01", "in_progress", owner="  local authority  ", area_id="neglect",
           source_type="lcspr", subgroup="Practice",
           recommendation="=HYPERLINK(\"http://x\") tell <b>everyone</b>"),
    action("A3", "2024-03-31", owner="Police", area_id="front_door", source_type="audit",
           indicator_id="front_door_timeliness"),
    action("A4", "2024-02-15", "completed", "2024-02-01", owner="Police", source_type="lcspr"),
    action("A5", "2024-03-01", "completed", "2024-03-10", owner="Health, ICB",
           area_id="neglect", source_type="rapid_review"),
    action("A6", "2024-01-10", "impact_evidenced", "2024-01-10", owner="Police",
           area_id="front_door", source_type="audit", evidence="Re-audit in February"),
    action("A7", "2024-03-15", "completed", "2024-04-10", owner="Local Authority",
           source_type="section_11"),
    action("A8", "2024-06-30", "impact_evidenced", "2024-05-01", owner="Health, ICB",
           area_id="front_door", source_type="audit"),
    action("A9", "2024-05-01", raised_on="2024-04-05", owner="Police", area_id="neglect"),
]
CATALOGUE = [catalogue_row("front_door_timeliness", "front_door", source="police",
                           expected_from="2023-04-01", name="Decisions within one working day")]


def dataset(folder, as_of=None):
    return load(folder, as_of=as_of, actions=ROWS, indicator_catalogue=CATALOGUE)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("actions")
    dataset(folder)
    return folder


def figures(ds, params):
    f = parse_filters(params, ds)
    return f, shown(av.FIGURES_PANEL, ds, f, ViewState()).rows[0]


def ids(ds, params, view, **state):
    f = parse_filters(params, ds)
    table = av.TRACKER_PANEL.data(ds, f, ViewState(rows=view, page=0, **state))
    return [r["action_id"] for r in table.rows]


FILTER_SETS = [{}, {"area": "neglect"}, {"area": "none"}, {"area": "front_door,none"},
               {"owner": "local authority"}, {"owner": "Health\\, ICB"},
               {"source-type": "audit,lcspr"}, {"status": "in_progress"},
               {"status": "completed,impact_evidenced", "area": "front_door"},
               # neither narrows actions: the figures stay those of no filter
               {"from": "2024-01-01", "to": "2024-01-31", "agency": "police"}]


@pytest.mark.parametrize("params", FILTER_SETS)
def test_figures_are_summarys(ds, params):
    f, row = figures(ds, params)
    s = summary(ds, f)["actions"]
    for fig in av.FIGURES:
        assert row[fig.col.key] == pytest.approx(s[fig.col.key]), fig.col.key


def test_figures_worked_by_hand(ds):
    _, row = figures(ds, {})
    assert row == {"total": 8, "open": 5, "overdue": 2, "completed": 3,
                   "completed_on_time_pct": pytest.approx(200 / 3),
                   "impact_evidenced_pct": pytest.approx(100 / 3)}


@pytest.mark.parametrize("params", FILTER_SETS)
def test_each_view_lists_the_actions_its_figure_counts(ds, params):
    s = summary(ds, parse_filters(params, ds))["actions"]
    assert len(ids(ds, params, "all")) == s["total"]
    assert len(ids(ds, params, "open")) == s["open"]
    assert len(ids(ds, params, "overdue")) == s["overdue"]
    assert len(ids(ds, params, "completed")) == s["completed"]
    impact = len(ids(ds, params, "impact_evidenced"))
    if s["completed"]:
        assert 100.0 * impact / s["completed"] == pytest.approx(s["impact_evidenced_pct"])
    else:
        assert impact == 0


def test_every_action_is_listed_those_with_no_area_too(ds):
    # A4 and A7 have no area_id; A9 was raised after as_of
    assert sorted(ids(ds, {}, "all")) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"]
    # overdue first (most days first), then the other open actions by due date, then the
    # completed ones by due date
    assert ids(ds, {}, "all") == ["A2", "A7", "A3", "A1", "A8", "A6", "A4", "A5"]
    # the headline's two overdue actions are both in the overdue view, A7 with no area
    assert ids(ds, {}, "overdue") == ["A2", "A7"]
    assert ids(ds, {"area": "none"}, "overdue") == ["A7"]
    assert ids(ds, {"area": "neglect"}, "overdue") == ["A2"]
    assert ids(ds, {}, "impact_evidenced") == ["A6"]


def test_every_overdue_action_of_the_demo_is_in_the_overdue_view():
    from dashboard.settings import demo_folder

    demo = load_dataset(demo_folder())
    s = summary(demo, parse_filters({}, demo))["actions"]
    overdue = ids(demo, {}, "overdue")
    assert len(overdue) == s["overdue"]
    # the demo's oldest overdue action has no priority area: no area page lists it
    rows = {r["action_id"]: r for r in av.TRACKER_PANEL.data(
        demo, parse_filters({}, demo), ViewState(rows="overdue", page=0)).rows}
    assert rows["ACT-0001"]["area_name"] is None


def test_status_is_the_status_at_as_of(folder, ds):
    row = {r["action_id"]: r for r in av.TRACKER_PANEL.data(
        ds, parse_filters({}, ds), ViewState(page=0)).rows}
    # A7 is marked completed on 10 Apr 2024, after as_of: in progress then, with no
    # completion date, and 31 Mar - 15 Mar = 16 days overdue
    assert row["A7"]["status"] == "in_progress"
    assert row["A7"]["completed_on"] is None
    assert row["A7"]["days_overdue"] == "16 days overdue"
    assert row["A2"]["days_overdue"] == "30 days overdue"      # 31 Mar - 1 Mar 2024
    assert row["A3"]["days_overdue"] is None                   # due on as_of itself
    assert row["A8"]["status"] == "in_progress" and row["A8"]["days_overdue"] is None
    assert row["A6"]["status"] == "impact_evidenced"
    assert row["A6"]["completed_on"].date() == dt.date(2024, 1, 10)
    # the status filter matches the status at as_of
    assert ids(ds, {"status": "in_progress"}, "all") == ["A2", "A7", "A8"]
    # a month later A7 and A8 are done and A9 (raised 5 Apr) is open and overdue
    later = load_dataset(folder, as_of=dt.date(2024, 5, 31))
    row = {r["action_id"]: r for r in av.TRACKER_PANEL.data(
        later, parse_filters({}, later), ViewState(page=0)).rows}
    assert row["A7"]["status"] == "completed"
    assert row["A7"]["completed_on"].date() == dt.date(2024, 4, 10)
    assert row["A7"]["days_overdue"] is None
    assert row["A9"]["days_overdue"] == "30 days overdue"      # 31 May - 1 May
    assert row["A1"]["days_overdue"] == "31 days overdue"      # 31 May - 30 Apr
    assert ids(later, {}, "overdue") == ["A2", "A3", "A1", "A9"]  # 91, 61, 31, 30 days


# ---- sorting and paging in SQL --------------------------------------------------------
@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """30 open actions P01-P30, P(i) due i * 4 days before as_of (4 to 120 days overdue),
    and one completed Q01: 31 rows, so two pages of 25."""
    rows = [action(f"P{i:02d}", (dt.date(2024, 3, 31) - dt.timedelta(days=4 * i)).isoformat(),
                   owner=f"Owner {i % 3}") for i in range(1, 31)]
    rows.append(action("Q01", "2024-01-10", "completed", "2024-01-05"))
    return load(tmp_path_factory.mktemp("many"), actions=rows)


def test_the_tracker_sorts_and_pages_in_sql(many):
    f = parse_filters({}, many)
    first = av.TRACKER_PANEL.data(many, f, ViewState(sort="days_overdue"))
    assert first.total == 31 and len(first.rows) == 25
    # sorted by the number of days (in SQL), not by the words: 4 < 8 < ... < 100 < 120
    assert [r["action_id"] for r in first.rows[:3]] == ["P01", "P02", "P03"]
    assert first.rows[0]["days_overdue"] == "4 days overdue"
    second = av.TRACKER_PANEL.data(many, f, ViewState(sort="days_overdue", page=2))
    # P26-P30 (104 to 120 days), then Q01 (not overdue: nulls last)
    assert [r["action_id"] for r in second.rows] == ["P26", "P27", "P28", "P29", "P30",
                                                     "Q01"]
    down = av.TRACKER_PANEL.data(many, f, ViewState(sort="days_overdue", descending=True))
    assert down.rows[0]["days_overdue"] == "120 days overdue"
    # by due date: P30 (2 Dec 2023) ... P21 (7 Jan 2024), Q01 (10 Jan), P20 (11 Jan) ...
    # P01 (27 Mar): rows 26 to 31 are P06 to P01
    by_due = av.TRACKER_PANEL.data(many, f, ViewState(sort="due_on", page=2))
    assert [r["action_id"] for r in by_due.rows] == ["P06", "P05", "P04", "P03", "P02", "P01"]
    assert av.TRACKER_PANEL.data(many, f, ViewState(sort="due_on")).rows[10]["action_id"] == (
        "Q01")
    # a sort that is not one of the tracker's columns is ignored, never put into SQL
    other = av.TRACKER_PANEL.data(many, f, ViewState(sort="1; DROP TABLE actions"))
    assert other.total == 31 and other.rows[0]["action_id"] == "P30"   # the default order


# ---- breakdowns, drill-down and the quarterly indicator ----------------------------------
def breakdown(ds, name, params=None):
    table = shown(av.BREAKDOWN_PANELS[name], ds, parse_filters(params or {}, ds), ViewState())
    return [(r["label"], r["code"], r["total"], r["open"], r["overdue"], r["completed"])
            for r in table.rows]


def test_breakdowns_worked_by_hand(ds):
    # (label, filter code, total, open, overdue, completed); the largest first, ties by name
    assert breakdown(ds, "source_type") == [
        ("Audit", "audit", 4, 3, 0, 1),            # A1 A3 A8 open, A6 done
        ("LCSPR", "lcspr", 2, 1, 1, 1),            # A2 overdue, A4 done
        ("Rapid review", "rapid_review", 1, 0, 0, 1),
        ("Section 11", "section_11", 1, 1, 1, 0)]  # A7
    # owners grouped as the owner filter matches them (trimmed, any case), shown with
    # their first spelling in the file; a comma in an owner is escaped for the address
    assert breakdown(ds, "owner") == [
        ("Local Authority", "local authority", 3, 3, 2, 0),   # A1, A2, A7
        ("Police", "police", 3, 1, 0, 2),                     # A3; A4, A6
        ("Health, ICB", "health\\, icb", 2, 1, 0, 1)]         # A8; A5
    assert breakdown(ds, "area_id") == [
        ("Front door", "front_door", 3, 2, 0, 1),             # A3 A8; A6
        ("Neglect", "neglect", 3, 2, 1, 1),                   # A1 A2; A5
        ("Not recorded", "none", 2, 1, 1, 1)]                 # A7; A4
    assert breakdown(ds, "subgroup") == [
        ("Practice", "Practice", 2, 2, 1, 0), ("Not recorded", "none", 6, 3, 1, 3)]
    # statuses at as_of, in the contract's order
    assert breakdown(ds, "status") == [
        ("Not started", "not_started", 2, 2, 0, 0), ("In progress", "in_progress", 3, 3, 2, 0),
        ("Completed", "completed", 2, 0, 0, 2),
        ("Impact evidenced", "impact_evidenced", 1, 0, 0, 1)]


@pytest.mark.parametrize("name, param", [("source_type", "source-type"), ("owner", "owner"),
                                         ("area_id", "area"), ("status", "status")])
def test_a_click_on_a_bar_narrows_the_page_to_its_category(ds, name, param):
    for label, code, total, *_ in breakdown(ds, name):
        search = drill_search("?rows=overdue&page=2", param, code)
        assert "page=" not in search
        f, row = figures(ds, parse_search(search))
        assert row["total"] == total, (label, search)


def test_completion_on_time_by_quarter_is_the_computed_indicator(ds):
    # due Jan-Mar 2024 (raised by as_of): A2 A3 A4 A5 A6 A7; on time A4 (1 Feb <= 15 Feb)
    # and A6 (10 Jan on its due date); A7's completion is after as_of. Apr-Jun 2024 (A1,
    # A8) is not complete at as_of, so not listed. Filters never narrow it.
    for params in ({}, {"area": "neglect"}):
        rows = shown(av.QUARTER_PANEL, ds, parse_filters(params, ds), ViewState()).rows
        assert [(r["label"], r["due"], r["completed_on_time"]) for r in rows] == [
            ("Jan–Mar 2024", 6, 2)]
        assert rows[0]["completed_on_time_pct"] == pytest.approx(100 / 3)
    series = computed_series(ds, "actions_completed_on_time", ds.as_of)
    assert [(d.isoformat(), v) for d, v in series] == [
        (r["period"], pytest.approx(r["completed_on_time_pct"])) for r in rows]


# ---- public mode, the screen and downloads -------------------------------------------------
def test_public_mode_never_suppresses_actions_and_keeps_the_tracker(ds, client):
    f, row = figures(ds, {"public": "1"})
    assert row == figures(ds, {})[1]                  # 2 overdue stays 2, not c
    assert breakdown(ds, "source_type", {"public": "1"}) == breakdown(ds, "source_type")
    markup = render_html(av.render(ds, f, ViewState(), "?public=1"))
    assert "Record-level tables are hidden" not in markup
    assert "A7" in markup and "16 days overdue" in markup
    assert "See the 2 rows" in markup                 # the overdue tile still links to them
    response = client.get("/download/actions/tracker.csv?public=1&rows=overdue")
    assert response.status_code == 200
    assert [r[0] for r in csv.reader(io.StringIO(response.get_data(as_text=True)))] == [
        "Action", "A2", "A7"]


def test_the_screen_shows_data_as_text_marks_overdue_and_links_indicators(ds):
    search = "?area=front_door,none&rows=all&sort=due_on&page=1"
    f = parse_filters(parse_search(search), ds)
    markup = render_html(av.render(ds, f, ViewState(rows="all", sort="due_on"), search))
    assert "As at 31 Mar 2024" in markup
    assert "the period and the agency filter never narrow them" in markup
    assert "<span>Decisions within one working day</span>" in markup      # A3's indicator
    assert '<span class="overdue-text">16 days overdue</span>' in markup    # A7
    # the indicator by its catalogue name links to its area page, keeping the filters only
    table = av.tracker_screen(search)(av.TRACKER_PANEL.data(ds, f, ViewState(rows="all")))
    link = next(r["indicator_name"] for r in table.rows if r["action_id"] == "A3")
    assert isinstance(link, dcc.Link) and link.children == "Decisions within one working day"
    assert link.href == "/area/front_door?area=front_door,none"
    everything = render_html(av.render(ds, parse_filters({}, ds), ViewState(), ""))
    assert "tell &lt;b&gt;everyone&lt;/b&gt;" in everything and "<b>everyone" not in everything
    agency = render_html(av.render(ds, parse_filters({"agency": "police"}, ds), ViewState(),
                                   "?agency=police"))
    assert "The agency filter does not narrow this page." in agency


def test_a_download_equals_the_screen(ds, client):
    for key, search in (("tracker", "?rows=overdue&sort=action_id&dir=desc"),
                        ("tracker", "?owner=police"), ("by-owner", ""),
                        ("on-time-by-quarter", "?area=neglect"), ("figures", "?status=completed")):
        response = client.get(f"/download/actions/{key}.csv{search}")
        assert response.status_code == 200, key
        got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        params = parse_search(search)
        panel = next(p for p in (av.TRACKER_PANEL, av.QUARTER_PANEL, av.FIGURES_PANEL,
                                 *av.BREAKDOWN_PANELS.values()) if p.key == key)
        header, rows = csv_rows(shown(panel, ds, parse_filters(params, ds),
                                      parse_state(params).every_row()))
        assert got[0] == header
        assert got[1:] == [["" if r[h] is None else neutralise(str(r[h])) for h in header]
                           for r in rows]
    # a recommendation that a spreadsheet would run is neutralised with an apostrophe
    got = list(csv.DictReader(io.StringIO(client.get(
        "/download/actions/tracker.csv?rows=overdue").get_data(as_text=True))))
    assert got[0]["Action"] == "A2"
    assert got[0]["Recommendation"] == "'=HYPERLINK(\"http://x\") tell <b>everyone</b>"
    assert got[0]["Days overdue"] == "30 days overdue" and got[0]["Due"] == "2024-03-01"
    assert got[1]["Priority area"] == ""              # A7 has no area


def test_an_unavailable_actions_file_is_said_not_hidden(tmp_path):
    from fixtures_app import write_fixture

    broken = load_dataset(write_fixture(tmp_path, broken=True))
    markup = render_html(av.render(broken, parse_filters({}, broken), ViewState(), ""))
    assert "The actions tracker cannot be shown" in markup and "due_on" in markup
