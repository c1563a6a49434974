"""The voice page (views/voice.py) and the area page's voice and comment, on the app
fixture with the voice entries of fixtures_assurance.py (its docstring works them
through): the figures are summary's, each log view lists exactly the entries its figure
counts, awaiting over 90 days first, the search is bound as a parameter, data text is
text, public mode suppresses nothing and keeps the log, and downloads equal the screen."""
from __future__ import annotations

import csv
import io

import pytest

from dashboard.components.static_html import render_html
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import area
from dashboard.views import voice as v
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import StateError, ViewState, parse_state
from fixtures_assurance import HYPERLINK, SCRIPT, write_assurance_fixture


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_assurance_fixture(tmp_path_factory.mktemp("voice"))


def figures_row(ds, params):
    return shown(v.FIGURES_PANEL, ds, parse_filters(params, ds), ViewState()).rows[0]


def log_ids(ds, params=None, **state):
    f = parse_filters(params or {}, ds)
    table = shown(v.LOG_PANEL, ds, f, ViewState(page=0, **state))
    return [r["voice_id"] for r in table.rows]


@pytest.mark.parametrize("params", [{}, {"from": "all"}, {"area": "online_harm"},
                                    {"area": "none"}, {"from": "2024-01-01", "to": "2024-01-31"},
                                    {"public": "1"}, {"agency": "police"}])
def test_figures_are_summarys(ds, params):
    row = figures_row(ds, params)
    s = summary(ds, parse_filters(params, ds))["voice"]
    assert row["heard"] == s["heard"]
    for source, n in s["by_source"].items():
        assert row[f"heard_{source}"] == n
    for key in ("responded_pct", "fed_back_pct", "median_days_to_response",
                "awaiting_over_90d"):
        assert row[key] == (None if s[key] is None else pytest.approx(s[key])), key


def test_the_default_figures_worked_by_hand(ds):
    row = figures_row(ds, {})
    # heard in the period: FV1, FV2, FV3, FV4, FV6, FV7 (FV5 was heard before it)
    assert (row["heard"], row["heard_children"], row["heard_parents_carers"],
            row["heard_practitioners"]) == (6, 2, 2, 2)
    # responded by as_of: FV1, FV3, FV7 (FV6 on 10 Apr, after as_of); fed back FV1, FV7
    assert row["responded_pct"] == pytest.approx(50.0)
    assert row["fed_back_pct"] == pytest.approx(100 / 3)
    assert row["median_days_to_response"] == pytest.approx(20.0)    # of 30, 20 and 5 days
    assert row["awaiting_over_90d"] == 2                            # FV2 and FV5


def test_each_log_view_lists_the_entries_its_figure_counts_awaiting_first(ds):
    # FV2 waits over 90 days, so it comes first; then the latest heard
    assert log_ids(ds) == ["FV2", "FV6", "FV4", "FV7", "FV3", "FV1"]
    # whatever the period, the longest wait first
    assert log_ids(ds, rows="awaiting") == ["FV5", "FV2"]
    assert log_ids(ds, rows="no_response") == ["FV2", "FV6", "FV4"]          # 6 - 3
    assert log_ids(ds, rows="not_fed_back") == ["FV2", "FV6", "FV4", "FV3"]  # 6 - 2
    for params in ({}, {"from": "all"}, {"area": "online_harm"}, {"area": "none"}):
        row = ds.run("voice_figures", parse_filters(params, ds), breakdown="none").iloc[0]
        heard = int(row["heard"])
        assert len(log_ids(ds, params)) == heard
        assert len(log_ids(ds, params, rows="awaiting")) == row["awaiting_over_90d"]
        assert len(log_ids(ds, params, rows="no_response")) == round(
            heard - heard * (row["responded_pct"] or 0) / 100)


def test_a_later_response_is_not_yet_made_at_as_of(ds):
    rows = {r["voice_id"]: r for r in shown(v.LOG_PANEL, ds, parse_filters({}, ds),
                                            ViewState(page=0)).rows}
    fv6 = rows["FV6"]
    assert (fv6["we_did"], fv6["responded_on"]) == (None, None)
    assert fv6["status"] == "Awaiting a response (21 days)"       # 10 Mar to 31 Mar
    assert rows["FV2"]["status"] == "Awaiting a response (243 days), over 90 days"
    assert rows["FV3"]["status"] == "Responded, not yet fed back"
    assert rows["FV1"]["status"] == "Responded and fed back"
    assert rows["FV7"]["area_name"] == "Not recorded"
    assert rows["FV1"]["area_name"] == "Online harm"


def test_the_search_is_bound_as_a_parameter(ds):
    assert log_ids(ds, q="people's") == ["FV6"]                  # a quote is just a letter
    assert log_ids(ds, q="THANKED") == ["FV7"]                   # capitals do not matter
    assert log_ids(ds, q="online safety") == ["FV6", "FV1"]      # the theme
    assert log_ids(ds, q="reporting buttons") == []              # FV6's response is later
    hostile = "x'); DROP TABLE voice; --"
    assert log_ids(ds, q=hostile) == []
    assert log_ids(ds, q="%") == [] and log_ids(ds, q="_") == []  # no pattern characters
    assert len(log_ids(ds)) == 6                                 # nothing broke
    assert int(ds.run_query("voice_log", as_of=ds.as_of, date_from=None, date_to=ds.as_of,
                            area=None, view="all", search=None, source=None,
                            channel=None).shape[0]) == 7


def test_source_and_channel_narrow_the_log_from_the_address(ds):
    assert log_ids(ds, source=("children",)) == ["FV4", "FV1"]
    assert log_ids(ds, channel=("survey",)) == ["FV7", "FV1"]
    assert log_ids(ds, source=("children",), channel=("survey",), q="tell") == ["FV1"]
    state = parse_state({"q": "  people's   apps ", "source": "Practitioners,children",
                         "channel": "forum"})
    assert (state.q, state.source, state.channel) == ("people's apps",
                                                      ("practitioners", "children"), ("forum",))
    with pytest.raises(StateError, match="martians"):
        parse_state({"source": "martians"})
    assert v.log_search("?from=all&page=2", " people's ", "children", v.ANY) == (
        "?from=all&q=people%27s&source=children")
    assert v.log_search("?q=x&source=children", "", v.ANY, v.ANY) == ""


def test_breakdowns(ds):
    f = parse_filters({}, ds)
    by = {b: [(r["label"], r["heard"]) for r in shown(p, ds, f, ViewState()).rows]
          for b, p in v.BREAKDOWN_PANELS.items()}
    assert by["source"] == [("Children", 2), ("Parents and carers", 2), ("Practitioners", 2)]
    assert by["channel"] == [("Survey", 2), ("Forum", 2), ("Audit", 1), ("Case review", 0),
                             ("Complaint", 1), ("Other", 0)]
    # every area in priority_areas.csv order; 'Not recorded' for FV7 (FV5 is out of the
    # period but still awaits a response)
    assert by["area_id"] == [("Online harm", 3), ("Serious youth violence", 1),
                             ("Early years <under-fives>", 1), ("Transitions to adulthood", 0),
                             ("Not recorded", 1)]
    months = shown(v.MONTH_PANEL, ds, f, ViewState()).rows
    assert [m["label"] for m in months][:2] == ["Apr 2023", "May 2023"] and len(months) == 12
    assert [m["heard"] for m in months] == [0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 1, 1]
    # by channel over time too (issue 8: "figures by source and channel over time"):
    # May FV1 survey, Aug FV2 forum, Nov FV3 audit, Jan FV7 survey, Feb FV4 complaint,
    # Mar FV6 forum; every channel listed, 0 when none
    by_channel = shown(v.MONTH_CHANNEL_PANEL, ds, f, ViewState()).rows
    assert [m["label"] for m in by_channel] == [m["label"] for m in months]
    assert {c.key: [m[c.key] for m in by_channel] for c in v.BY_CHANNEL} == {
        "heard_survey": [0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
        "heard_forum": [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1],
        "heard_audit": [0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
        "heard_case_review": [0] * 12,
        "heard_complaint": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0],
        "heard_other": [0] * 12}
    from dashboard.components.multi_charts import series_lines

    chart = series_lines(shown(v.MONTH_CHANNEL_PANEL, ds, f, ViewState()), "period", "label",
                         v.BY_CHANNEL)
    assert [t.name for t in chart.data] == ["Survey", "Forum", "Audit", "Case review",
                                            "Complaint", "Other"]
    styles = {(t.line.color, t.line.dash, t.marker.symbol) for t in chart.data}
    assert len(styles) == 6 and len({c for c, _, _ in styles}) == 6   # no two lines alike
    narrowed = shown(v.BREAKDOWN_PANELS["area_id"], ds,
                     parse_filters({"area": "online_harm"}, ds), ViewState()).rows
    assert [(r["code"], r["heard"]) for r in narrowed] == [("online_harm", 3)]


def test_data_text_is_text_on_screen_and_neutralised_in_csv(ds, client):
    f = parse_filters({}, ds)
    markup = render_html(v.render(ds, f, ViewState(), ""))
    assert "<script>" not in markup and "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;) visits felt rushed" in markup
    # a chart's labels too: plotly would read <b>, <a> … in them as markup
    from dashboard.components.breakdown import bar_figure

    areas = shown(v.BREAKDOWN_PANELS["area_id"], ds, f, ViewState())
    assert "Early years &lt;under-fives&gt;" in list(bar_figure(areas, "label", v.HEARD).data[0].y)
    response = client.get("/download/voice/log.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    said = {r["Entry"]: r["You said"] for r in rows}
    assert said["FV1"] == SCRIPT
    assert said["FV2"] == "'" + HYPERLINK                      # CSV injection neutralised


def test_public_mode_suppresses_nothing_and_keeps_the_log(ds, client):
    row = figures_row(ds, {"public": "1"})
    assert (row["heard"], row["heard_children"], row["awaiting_over_90d"]) == (6, 2, 2)
    markup = render_html(v.render(ds, parse_filters({"public": "1"}, ds), ViewState(),
                                  "?public=1"))
    assert "voice-log-table" in markup and "Nobody called us back" in markup
    assert "See the rows" in markup
    response = client.get("/download/voice/log.csv?public=1")
    assert response.status_code == 200 and "FV4" in response.get_data(as_text=True)


@pytest.mark.parametrize("key, panel", [
    ("figures", v.FIGURES_PANEL), ("by-month", v.MONTH_PANEL),
    ("by-month-channel", v.MONTH_CHANNEL_PANEL),
    ("by-source", v.BREAKDOWN_PANELS["source"]), ("by-channel", v.BREAKDOWN_PANELS["channel"]),
    ("by-area", v.BREAKDOWN_PANELS["area_id"]), ("log", v.LOG_PANEL)])
@pytest.mark.parametrize("params", [{}, {"from": "all", "area": "online_harm,none"},
                                    {"q": "online", "source": "children", "sort": "heard_on",
                                     "dir": "asc", "rows": "all"}])
def test_downloads_equal_the_screen(ds, client, key, panel, params):
    from dashboard.address import build_search
    from dashboard.csv_out import to_csv

    response = client.get(f"/download/voice/{key}.csv{build_search(params)}")
    assert response.status_code == 200
    # the screen's table (every row of the log, in its order), written as CSVs are
    header, rows = csv_rows(shown(panel, ds, parse_filters(params, ds),
                                  parse_state(params).every_row()))
    assert response.get_data(as_text=True) == to_csv(rows, header)
    got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert got[0] == header and len(got) == len(rows) + 1


def test_the_log_sorts_and_pages_in_sql(ds):
    f = parse_filters({"from": "all"}, ds)
    table = v.LOG_PANEL.data(ds, f, ViewState(sort="heard_on", descending=False))
    assert [r["voice_id"] for r in table.rows] == ["FV5", "FV1", "FV2", "FV3", "FV7", "FV4",
                                                   "FV6"]
    # a column that is not the log's is ignored, never put into SQL
    assert v.LOG_PANEL.data(ds, f, ViewState(sort="1; DROP TABLE voice")).total == 7


def test_the_area_page_shows_its_voice_latest_entries_and_comment(ds):
    markup = render_html(area.render(ds, parse_filters({}, ds), "online_harm"))
    s = summary(ds, parse_filters({"area": "online_harm"}, ds))["voice"]
    # FV1, FV4, FV6: 3 heard; responded FV1 only; median 30 days; none awaiting
    assert (s["heard"], s["responded_pct"], s["awaiting_over_90d"]) == (3, pytest.approx(100 / 3), 0)
    assert 'data-voice-figure="voice.heard">3 (children 2, parents and carers 0, ' \
           'practitioners 1)<' in markup
    assert 'data-voice-figure="voice.responded_pct">33.3%<' in markup
    assert 'data-voice-figure="voice.median_days_to_response">30<' in markup
    assert 'data-voice-figure="voice.awaiting_over_90d">0<' in markup
    # the latest 3 heard, latest first; FV6's later response is not shown
    order = [markup.index(f'data-voice-entry="{i}"') for i in ("FV6", "FV4", "FV1")]
    assert order == sorted(order)
    assert "Added reporting buttons" not in markup
    assert "&lt;script&gt;" in markup and "<script>" not in markup
    # the area's latest comment (FCM-2), with its author and date
    comment = summary(ds, parse_filters({}, ds))["areas"][0]
    assert comment["area_id"] == "online_harm" and comment["comment_id"] == "FCM-2"
    assert 'data-area-comment="FCM-2"' in markup
    assert "Online harm remains our top concern." in markup
    assert "Chair, online safety subgroup, 10 Mar 2024" in markup
    assert "/voice?area=online_harm" in render_html(
        area.render(ds, parse_filters({}, ds), "online_harm"), link_as_text=False)


def test_an_area_without_voice_or_comment(ds):
    markup = render_html(area.render(ds, parse_filters({}, ds), "transitions"))
    assert "Nothing heard about this area in the period." in markup
    assert "data-area-comment" not in markup
