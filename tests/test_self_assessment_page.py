"""The self-assessment page (views/self_assessment.py) on the app fixture with the
self-assessments of fixtures_assurance.py (its docstring works the data through): the
figures are summary's, returns by agency and organisation, not-met standards by
effective rating with their actions' status at as_of, the organisation-by-standard
table (hidden in public mode), data text as text, and downloads equal to the screen."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from dashboard.analysis.values import to_date
from dashboard.components.static_html import render_html
from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import self_assessment as sa
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import ViewState
from fixtures_assurance import write_assurance_fixture


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_assurance_fixture(tmp_path_factory.mktemp("sa"))


def page(ds, params=None, state=ViewState()):
    f = parse_filters(params or {}, ds)
    return render_html(sa.render(ds, f, state, f.to_query_string()))


def figures_row(ds, params):
    return shown(sa.FIGURES_PANEL, ds, parse_filters(params, ds), ViewState()).rows[0]


@pytest.mark.parametrize("params", [{}, {"round": "2022/23"}, {"round": "2024/25"},
                                    {"round": "2019/20"}, {"agency": "police"},
                                    {"agency": "health,education"}, {"public": "1"}])
def test_figures_are_summarys(ds, params):
    row = figures_row(ds, params)
    s = summary(ds, parse_filters(params, ds))["self_assessment"]
    for fig in sa.FIGURES:
        if fig.col.key == "change":
            continue
        assert row[fig.col.key] == pytest.approx(s[fig.col.key]), fig.col.key


def test_the_default_round_is_the_latest_due_and_its_figures_are_worked_by_hand(ds):
    row = figures_row(ds, {})
    # 2024/25 is due 31 Jan 2025, after as_of: the latest round due is 2023/24
    assert row["round"] == "2023/24"
    # P, H, S, C, Y; due by as_of: P, H, S, Y (C is due 30 Apr); returned: P, H, C
    assert (row["organisations"], row["returns_due"], row["returns_received"],
            row["returns_overdue"]) == (5, 4, 3, 2)
    assert row["returned_on_time_pct"] == pytest.approx(25.0)          # only P, of 4
    # rated: P 3, H 3, C 3 (Y's rating is dated after as_of); met: P1, H1, C1-3
    assert row["standards_rated"] == 9
    assert row["self_met_pct"] == pytest.approx(500 / 9)
    assert row["self_not_met_pct"] == pytest.approx(300 / 9)         # P2, P3, H3
    # tested by as_of: P1 (met -> not_met, down) and P2 (not_met -> met, up)
    assert (row["validated"], row["validated_met_pct"], row["downgraded_pct"]) == (2, 50.0, 50.0)
    assert row["previous_round"] == "2022/23"
    assert row["previous_self_met_pct"] == pytest.approx(200 / 3)
    assert row["change"] == "Down 11.1 points"                        # 55.6 - 66.7
    markup = page(ds)
    assert "Round 2023/24: the latest round with a return due by 31 Mar 2024" in markup


def test_received_is_shown_against_organisations_never_over_due(ds):
    markup = page(ds)
    # C returned early: 3 received of 5 organisations, while only 4 were due
    assert "3 of 5 organisations have returned. 4 were due by 31 Mar 2024; 2 of them " \
           "have not returned." in markup
    assert "of 4 due" not in markup and "3 of 4" not in markup


def test_returns_by_agency_and_by_organisation(ds):
    f = parse_filters({}, ds)
    agencies = {r["code"]: r for r in shown(sa.AGENCY_PANEL, ds, f, ViewState()).rows}
    # in the contract's agency order
    assert list(agencies) == ["local_authority", "police", "health", "education",
                              "youth_justice"]
    council = agencies["local_authority"]
    assert (council["organisations"], council["returns_due"], council["returns_received"],
            council["returned_not_yet_due"], council["returned_on_time_pct"]) == (1, 0, 1, 1, None)
    assert (agencies["health"]["returned_late"], agencies["health"]["returned_on_time_pct"]) \
        == (1, 0.0)
    assert agencies["education"]["returns_overdue"] == 1
    assert agencies["youth_justice"]["returns_overdue"] == 1
    # the agencies add up to summary's figures
    s = summary(ds, f)["self_assessment"]
    for key in ("organisations", "returns_due", "returns_received", "returns_overdue"):
        assert sum(r[key] for r in agencies.values()) == s[key], key
    orgs = {r["organisation"]: r["return_status"]
            for r in shown(sa.ORGANISATION_PANEL, ds, f, ViewState()).rows}
    # H's rows are spelt two ways: one organisation, shown with its first spelling
    assert orgs == {"Fenmoor Council": "Returned before the due date",
                    "Fenmoor Police": "Returned on time", "Fenmoor ICB": "Returned late",
                    "St Anne's <Primary>": "Overdue", "Fenmoor Youth Justice": "Overdue"}


def test_not_met_standards_by_effective_rating_with_their_actions_status_at_as_of(ds):
    rows = shown(sa.NOT_MET_PANEL, ds, parse_filters({}, ds), ViewState()).rows
    got = [(r["standard"], r["organisation"], r["self_rating"], r["validated_rating"],
            r["action_id"], r["action_status"]) for r in rows]
    assert got == [
        # self-rated met, not met at challenge (1 Mar): listed, with both ratings; FX-004
        # was completed on 1 May 2024, after as_of: in progress then, and overdue since
        # its due date of 30 Sep 2023
        ("Section 11, standard 1", "Fenmoor Police", "met", "not_met", "FX-004",
         "In progress, overdue by 183 days"),
        # H rated itself not met; its action was raised after as_of
        ("Section 11, standard 3", "Fenmoor ICB", "not_met", None, "FXS-9",
         "Not raised by the as-of date"),
        # tested on 15 Apr, after as_of: not yet tested, so its own not met stands
        ("Section 11, standard 3", "Fenmoor Police", "not_met", None, "FX-003", "Completed"),
    ]
    # not listed: P2 (not met, found met at challenge: upgraded) and Y1 (not returned)
    assert not any(r["standard"] == "Section 11, standard 2" for r in rows)
    assert "Fenmoor Youth Justice" not in {r["organisation"] for r in rows}
    assert to_date(rows[0]["validated_on"]) == dt.date(2024, 3, 1)


def test_a_later_as_of_counts_the_later_challenge_and_completion(folder):
    later = load_dataset(folder, as_of=dt.date(2024, 5, 31))
    rows = shown(sa.NOT_MET_PANEL, later, parse_filters({"round": "2023/24"}, later),
                 ViewState()).rows
    # P3 was found met on 15 Apr: no longer not met; FX-004 is completed (1 May);
    # Y returned on 2 Apr with standard 1 not met; FXS-9 is raised and not started,
    # due 30 Sep 2024
    assert [(r["organisation"], r["standard"], r["action_status"]) for r in rows] == [
        ("Fenmoor Police", "Section 11, standard 1", "Completed"),
        ("Fenmoor Youth Justice", "Section 11, standard 1", "No follow-up action named"),
        ("Fenmoor ICB", "Section 11, standard 3", "Not started")]


def test_the_organisation_by_standard_table(ds):
    table = shown(sa.MATRIX_PANELS["section_11"], ds, parse_filters({}, ds), ViewState())
    assert [c.label for c in table.columns] == ["Organisation", "Agency", "Standard 1",
                                                "Standard 2", "Standard 3"]
    cells = {r["organisation"]: [r.get(f"standard_{i}") for i in (1, 2, 3)]
             for r in table.rows}
    assert cells == {
        "Fenmoor Council": ["Met", "Met", "Met"],
        "Fenmoor Police": ["Not met (self-rated met)", "Met (self-rated not met)", "Not met"],
        "Fenmoor ICB": ["Met", "Partially met", "Not met"],
        "Fenmoor Youth Justice": ["Not returned", None, None],
    }
    schools = shown(sa.MATRIX_PANELS["section_175"], ds, parse_filters({}, ds), ViewState())
    assert schools.rows == [{"organisation": "St Anne's <Primary>", "agency": "education",
                             "standard_1": "Not returned"}]


def test_public_mode_hides_the_ratings_of_each_organisation_and_suppresses_no_count(ds, client):
    markup = page(ds, {"public": "1"})
    assert "ratings-section-11-table" not in markup and "not-met-table" not in markup
    assert "are hidden in public mode" in markup
    assert "3 ratings not met by effective rating." in markup
    # organisations are never suppressed: 2 overdue stays 2
    row = figures_row(ds, {"public": "1"})
    assert (row["returns_overdue"], row["returns_received"]) == (2, 3)
    for key in ("ratings-section-11", "ratings-section-175", "not-met"):
        assert client.get(f"/download/self-assessment/{key}.csv?public=1").status_code == 403
        assert client.get(f"/download/self-assessment/{key}.csv").status_code == 200
    # returns stay published
    assert client.get("/download/self-assessment/returns-by-organisation.csv?public=1"
                      ).status_code == 200
    shown_markup = page(ds)
    assert "ratings-section-11-table" in shown_markup and "not-met-table" in shown_markup


def test_data_text_is_text(ds):
    markup = page(ds, {"round": "2023/24"})
    assert "St Anne&#x27;s &lt;Primary&gt;" in markup and "<Primary>" not in markup


@pytest.mark.parametrize("key, panel", [
    ("returns-by-agency", sa.AGENCY_PANEL), ("returns-by-organisation", sa.ORGANISATION_PANEL),
    ("by-standard-section-11", sa.STANDARD_PANELS["section_11"]),
    ("not-met", sa.NOT_MET_PANEL), ("ratings-section-11", sa.MATRIX_PANELS["section_11"]),
    ("figures", sa.FIGURES_PANEL)])
@pytest.mark.parametrize("params", [{}, {"round": "2022/23", "agency": "police"}])
def test_downloads_equal_the_screen(ds, client, key, panel, params):
    search = parse_filters(params, ds).to_query_string()
    response = client.get(f"/download/self-assessment/{key}.csv{search}")
    assert response.status_code == 200
    got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, rows = csv_rows(shown(panel, ds, parse_filters(params, ds), ViewState()))
    assert got[0] == header
    assert got[1:] == [["" if r[h] is None else str(r[h]) for h in header] for r in rows]


def test_the_by_standard_charts_follow_summary_in_file_order(ds):
    f = parse_filters({}, ds)
    s = summary(ds, f)["self_assessment"]["by_standard"]
    rows = [r for panel in sa.STANDARD_PANELS.values()
            for r in shown(panel, ds, f, ViewState()).rows]
    assert [(r["framework"], r["standard"]) for r in rows] == [
        (b["framework"], b["standard"]) for b in s] == [
        ("section_11", "1"), ("section_11", "2"), ("section_11", "3"), ("section_175", "s175-1")]
    for got, want in zip(rows, s):
        for key in ("standards_rated", "self_met_pct", "validated", "validated_met_pct"):
            assert got[key] == (pytest.approx(want[key]) if want[key] is not None else None)
    assert sa._tested_text(rows[0]) == "0.0% (1 tested)"      # P1 tested, found not met
    assert sa._tested_text(rows[2]) == "– (none tested)"


def test_a_round_with_no_rows_and_a_missing_file_say_so(ds, tmp_path):
    markup = page(ds, {"round": "2019/20"})
    assert "Round 2019/20, as chosen. It has no returns in the file." in markup
    assert "No organisation in this round matches the filters." in markup
    from fixtures_app import write_fixture

    bare = load_dataset(write_fixture(tmp_path / "bare"))
    assert "The self-assessment figures cannot be shown" in render_html(
        sa.render(bare, parse_filters({}, bare), ViewState(), ""))


def test_the_page_is_routed_and_narrowed_by_agency_and_round_only(client):
    from dashboard.filters import narrowing_fields

    assert narrowing_fields(sa.QUERIES) == {"agency", "round"}
    assert client.get("/self-assessment").status_code == 200
