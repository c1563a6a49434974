"""The funding page (views/funding.py) on the app fixture with a budget and three
comparators (tests/funding_quality_fixtures.py): its figures are summary's funding
section, for the default year and for a year with no budget lines; the comparator
averages and the budget figures worked by hand; a download equals the screen; public
mode changes nothing (money is never suppressed)."""
from __future__ import annotations

import csv
import io

import pytest

from dashboard.components.static_html import render_html
from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import funding as fv
from dashboard.views import funding_page as fp
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import ViewState
from fixtures_app import write_fixture
from funding_quality_fixtures import write_funding_quality_fixture

GROUPS = ("local_authority", "health", "police", "other")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_funding_quality_fixture(tmp_path_factory.mktemp("funding"))


def table(panel, ds, params):
    return shown(panel, ds, parse_filters(params, ds), ViewState())


def by(rows, key, value):
    return next(r for r in rows if r[key] == value)


@pytest.mark.parametrize("params", [{}, {"year": "2023/24"}, {"year": "2022/23"},
                                    {"year": "2019/20"}])
def test_every_figure_is_summarys(ds, params):
    s = summary(ds, parse_filters(params, ds))["funding"]
    figures = table(fv.FIGURES_PANEL, ds, params).rows[0]
    for key in ("contributions_total", "contributions_per_head_gbp", "budget_per_head_gbp",
                "training_cost_recovery_pct"):
        assert figures[key] == s[key], key
    groups = table(fv.BY_GROUP_PANEL, ds, params).rows
    if s["share_pct"]:
        assert [r["code"] for r in groups] == list(GROUPS)
        for r in groups:
            assert r["share_pct"] == pytest.approx(s["share_pct"][r["code"]])
    for r in groups:
        assert r["mean_share_pct"] == s["comparator_mean_share_pct"][r["code"]]
        assert r["mean_share_pct_unitary"] == s["comparator_mean_share_pct_unitary"][r["code"]]
    shares = table(fv.SHARES_PANEL, ds, params).rows
    per_head = table(fv.PER_HEAD_PANEL, ds, params).rows
    for c in s["comparators"]:
        row = by(shares, "partnership", c["partnership"])
        assert row["total_gbp"] == c["total_gbp"]
        assert {g: row[f"share_{g}"] for g in GROUPS} == c["share_pct"]
        head = by(per_head, "partnership", c["partnership"])
        assert head["contributions_per_head_gbp"] == c["contributions_per_head_gbp"]
        assert head["budget_per_head_gbp"] == c["budget_per_head_gbp"]
    own = per_head[0]
    assert own["contributions_per_head_gbp"] == s["contributions_per_head_gbp"]
    assert own["budget_per_head_gbp"] == s["budget_per_head_gbp"]
    lines = table(fv.BUDGET_PANEL, ds, params).rows
    assert [{k: r[k] for k in ("kind", "line", "planned_gbp", "actual_gbp",
                                "budget_variance_gbp")} for r in lines] == (
        s["budget_lines"] or [])


def test_the_default_year_and_the_budget_worked_by_hand(ds):
    s = summary(ds, parse_filters({}, ds))["funding"]
    # as of 2024-03-31 the latest contributions year started is 2023/24
    assert s["year"] == "2023/24"
    figures = table(fv.FIGURES_PANEL, ds, {}).rows[0]
    # 110,000 + 30,000 + 22,000.50 from three bodies, over 120,000 people
    assert figures["contributions_total"] == pytest.approx(162000.50)
    assert figures["contributions_per_head_gbp"] == pytest.approx(162000.50 / 120000)
    # expenditure actuals 96,000 + 22,000 (case reviews has none yet) over 120,000
    assert figures["budget_per_head_gbp"] == pytest.approx(118000 / 120000)
    # training income 11,000 over training expenditure 22,000
    assert figures["training_cost_recovery_pct"] == pytest.approx(50.0)
    lines = table(fv.BUDGET_PANEL, ds, {}).rows
    assert [(r["line"], r["budget_variance_gbp"]) for r in lines] == [
        ("staffing", -4000), ("training", 2000), ("case_reviews", None),
        ("training_income", 3000)]
    own = table(fv.PER_HEAD_PANEL, ds, {}).rows[0]
    assert own["budget_gbp"] == pytest.approx(118000)
    assert own["total_population"] == 120000


def test_contributions_by_body_and_over_five_years(ds):
    rows = table(fv.BY_AGENCY_PANEL, ds, {}).rows
    # the largest first: council 110,000, ICB 30,000, police 22,000.50 (of 162,000.50)
    assert [(r["agency"], r["partner_group"]) for r in rows] == [
        ("Fenmoor Council", "local_authority"), ("Fenmoor ICB", "health"),
        ("Fenmoor Police", "police")]
    assert rows[0]["share_pct"] == pytest.approx(100 * 110000 / 162000.50)
    assert sum(r["share_pct"] for r in rows) == pytest.approx(100.0)
    years = table(fv.BY_YEAR_PANEL, ds, {}).rows
    assert [(r["year"], r["contributions_total"]) for r in years] == [
        ("2019/20", None), ("2020/21", None), ("2021/22", None), ("2022/23", 120000),
        ("2023/24", pytest.approx(162000.50))]
    # a chosen year moves the window with it
    assert table(fv.BY_YEAR_PANEL, ds, {"year": "2022/23"}).rows[-1]["year"] == "2022/23"


def test_comparator_averages_worked_by_hand(ds):
    s = summary(ds, parse_filters({}, ds))["funding"]
    # comparators.csv has 2016/17 only: the funding year 2023/24 is not there
    assert s["comparator_year"] == "2016/17"
    # Ashby 60/20/15/5, Brookvale 50/25/20/5, Corfield 70/15/10/5 (per cent)
    assert s["comparator_mean_share_pct"] == pytest.approx(
        {"local_authority": 60.0, "health": 20.0, "police": 15.0, "other": 5.0})
    # unitary: Ashby and Corfield
    assert s["comparator_mean_share_pct_unitary"] == pytest.approx(
        {"local_authority": 65.0, "health": 17.5, "police": 12.5, "other": 5.0})
    shares = table(fv.SHARES_PANEL, ds, {}).rows
    assert [r["partnership"] for r in shares] == [
        "Fenmoor Test Safeguarding Partnership (this partnership, 2023/24)", "Ashby",
        "Brookvale", "Corfield", "Average of all comparators",
        "Average of unitary comparators"]
    assert [shares[-2][f"share_{g}"] for g in GROUPS] == pytest.approx([60, 20, 15, 5])
    assert [shares[-1][f"share_{g}"] for g in GROUPS] == pytest.approx([65, 17.5, 12.5, 5])
    per_head = {r["partnership"]: r for r in table(fv.PER_HEAD_PANEL, ds, {}).rows}
    # Ashby: 100,000 from 100,000 people, budget 150,000; Corfield 40,000 / 50,000 people
    assert per_head["Ashby"]["contributions_per_head_gbp"] == pytest.approx(1.0)
    assert per_head["Ashby"]["budget_per_head_gbp"] == pytest.approx(1.5)
    assert per_head["Corfield"]["contributions_per_head_gbp"] == pytest.approx(0.8)
    groups = table(fv.BY_GROUP_PANEL, ds, {}).rows
    assert by(groups, "code", "local_authority")["mean_share_pct"] == pytest.approx(60.0)


def test_the_page_says_which_comparator_year_and_why(ds):
    markup = render_html(fp.render(ds, parse_filters({}, ds), ViewState(), ""))
    assert "Financial year 2023/24" in markup
    assert ("Comparator figures are for 2016/17: comparators.csv has no figures for "
            "2023/24, so its latest year is used.") in markup
    # the partnership's own row is highlighted
    assert "<strong>Fenmoor Test Safeguarding Partnership (this partnership, 2023/24)" in markup
    assert "Training cost recovery: 50.0% (training income £11,000 over training " \
           "expenditure £22,000, actual amounts)." in markup
    assert "−£4,000" in markup                     # a variance below plan


def test_a_year_with_no_budget_lines(ds):
    f = parse_filters({"year": "2022/23"}, ds)
    s = summary(ds, f)["funding"]
    assert s["budget_lines"] is None and s["budget_per_head_gbp"] is None
    assert s["contributions_total"] == 120000
    assert table(fv.BUDGET_PANEL, ds, {"year": "2022/23"}).rows == []
    markup = render_html(fp.render(ds, f, ViewState(), "?year=2022/23"))
    assert "No budget lines are recorded for 2022/23." in markup
    assert "Financial year 2022/23" in markup


def test_missing_files_are_named_and_the_rest_is_shown(tmp_path):
    # the plain app fixture has contributions but neither budget.csv nor comparators.csv
    ds = load_dataset(write_fixture(tmp_path))
    markup = render_html(fp.render(ds, parse_filters({}, ds), ViewState(), ""))
    assert 'data-unavailable="The budget"' in markup
    assert 'data-unavailable="Comparators"' in markup
    assert "budget.csv was not supplied" in markup
    assert "£162,001" in markup                    # the contributions still show


def test_public_mode_changes_nothing_on_this_page(ds):
    for panel in (fv.FIGURES_PANEL, fv.BY_AGENCY_PANEL, fv.BY_GROUP_PANEL, fv.SHARES_PANEL,
                  fv.PER_HEAD_PANEL, fv.BUDGET_PANEL, fv.BY_YEAR_PANEL):
        assert table(panel, ds, {"public": "1"}).rows == table(panel, ds, {}).rows
    markup = render_html(fp.render(ds, parse_filters({"public": "1"}, ds), ViewState(), ""))
    assert "money is never suppressed" in markup


@pytest.mark.parametrize("key", ["comparator-shares", "budget-lines", "by-partner",
                                 "by-partner-group", "per-head", "by-year", "figures"])
def test_a_download_equals_the_screen(ds, client, key):
    response = client.get(f"/download/funding/{key}.csv?year=2023/24")
    assert response.status_code == 200
    got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    panel = next(p for p in (fv.FIGURES_PANEL, fv.BY_AGENCY_PANEL, fv.BY_GROUP_PANEL,
                             fv.SHARES_PANEL, fv.PER_HEAD_PANEL, fv.BUDGET_PANEL,
                             fv.BY_YEAR_PANEL) if p.key == key)
    header, rows = csv_rows(table(panel, ds, {"year": "2023/24"}))
    assert got[0] == header
    assert got[1:] == [["" if r[h] is None else str(r[h]) for h in header] for r in rows]


def test_the_budget_download_by_hand(client):
    got = list(csv.reader(io.StringIO(client.get(
        "/download/funding/budget-lines.csv").get_data(as_text=True))))
    assert got[0] == ["Budget line", "Kind", "Planned", "Actual",
                      "Variance (actual − planned)"]
    assert got[1] == ["Staffing (expenditure)", "Expenditure", "100000.0", "96000.0",
                      "-4000.0"]
    assert got[3] == ["Case reviews (expenditure)", "Expenditure", "10000.0", "", ""]
