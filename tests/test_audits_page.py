"""The audits page (views/audits.py) on the app fixture plus audits written here: its
figures are summary's, each record view lists exactly the rows its figure counts, the
rows sort and page in SQL, public mode suppresses as worked out by hand below, re-audits
are summary's whatever the filters, and a download equals the screen."""
from __future__ import annotations

import csv
import io

import pytest

from dashboard.components.static_html import render_html
from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import audits as au
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import ViewState
from fixtures_app import write_fixture

HEADER = ["audit_id", "audit_type", "area_id", "theme", "case_ref", "agency", "audited_on",
          "grade", "child_voice_evident", "family_involved", "practitioner_involved",
          "reaudit_of"]
# The fixture's own audits (write_fixture): one multi-agency exercise FA-YYYY-MM on the
# 15th of Feb, May, Aug and Nov from 2021 to Feb 2024, 2 cases x 3 agencies (local
# authority, health, police) each. FA-2023-08 (its 11th quarter) has 4 of its 6 rows
# good or better: 66.67%. Nothing else is audited in March 2024. Added here:
THEMATIC = [  # XA-2024-03, thematic, online harm, re-audits FA-2023-08; 8 rows, 3 cases
    # case, agency, grade, child's voice, family, practitioner
    ("X1", "local_authority", "outstanding", "true", "true", "true"),
    ("X1", "health", "good", "true", "false", "true"),
    ("X1", "police", "good", "false", "false", "true"),
    ("X2", "local_authority", "good", "true", "true", "false"),
    ("X2", "health", "requires_improvement", "true", "false", "true"),
    ("X2", "education", "good", "true", "false", "true"),
    ("X3", "education", "inadequate", "false", "false", "false"),
    ("X3", "police", "good", "true", "true", "true"),
]
# XS-2024-03, single agency (health), youth violence: 15 cases, one row each:
# 6 outstanding, 7 good, 2 requires improvement; the child's voice in the first 10; no
# family; a practitioner in all 15.
SINGLE_GRADES = ["outstanding"] * 6 + ["good"] * 7 + ["requires_improvement"] * 2
MARCH = {"from": "2024-03-01", "to": "2024-03-31"}


def extra_rows() -> list[list[str]]:
    rows = [["XA-2024-03", "thematic", "online_harm", "Online grooming", case, agency,
             "2024-03-05", grade, voice, family, practitioner, "FA-2023-08"]
            for case, agency, grade, voice, family, practitioner in THEMATIC]
    rows += [["XS-2024-03", "single_agency", "youth_violence", "", f"Y{i:02d}", "health",
              "2024-03-12", grade, "true" if i < 10 else "false", "false", "true", ""]
             for i, grade in enumerate(SINGLE_GRADES)]
    return rows


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = write_fixture(tmp_path_factory.mktemp("audits"))
    with (folder / "audits.csv").open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(extra_rows())
    return folder


@pytest.fixture(scope="module")
def ds(folder):
    ds = load_dataset(folder)
    assert ds.validation_counts()["errors"] == 0
    return ds


def figures(ds, params):
    return shown(au.FIGURES_PANEL, ds, parse_filters(params, ds), ViewState()).rows[0]


FILTER_SETS = [{}, {"from": "all"}, {"agency": "health"}, {"area": "online_harm"},
               {"audit-type": "thematic,single_agency"}, MARCH,
               {"from": "2030-01-01", "to": "2030-12-31"}]


@pytest.mark.parametrize("params", FILTER_SETS)
def test_figures_are_summarys(ds, params):
    row = figures(ds, params)
    s = summary(ds, parse_filters(params, ds))["audits"]
    for fig in au.FIGURES:
        assert row[fig.col.key] == pytest.approx(s[fig.col.key]), fig.col.key


def test_march_figures_by_hand(ds):
    # March 2024: the 8 thematic rows and the 15 single-agency rows: 23 rows, 3 + 15 cases
    row = figures(ds, MARCH)
    assert row["cases"] == 18 and row["agency_returns"] == 23
    assert row["good_or_better_pct"] == pytest.approx(100 * 19 / 23)    # 6 + 13
    assert row["inadequate_pct"] == pytest.approx(100 * 1 / 23)
    assert row["child_voice_pct"] == pytest.approx(100 * 16 / 23)       # 6 + 10
    assert row["family_involved_pct"] == pytest.approx(100 * 3 / 23)    # 3 + 0
    assert row["practitioner_involved_pct"] == pytest.approx(100 * 21 / 23)  # 6 + 15


def count_rows(ds, f, view):
    return au.RECORDS_PANEL.data(ds, f, ViewState(rows=view, page=0)).total


@pytest.mark.parametrize("params", FILTER_SETS)
def test_each_record_view_lists_the_rows_its_figure_counts(ds, params):
    f = parse_filters(params, ds)
    frame = ds.run("audit_figures", f, breakdown="none")
    row = frame.iloc[0] if len(frame) else dict.fromkeys(
        ("agency_returns", "good_or_better", "inadequate", "child_voice", "family_involved",
         "practitioner_involved"), 0)
    returns = row["agency_returns"]
    assert count_rows(ds, f, "all") == returns
    assert count_rows(ds, f, "below_good") == returns - row["good_or_better"]
    assert count_rows(ds, f, "inadequate") == row["inadequate"]
    assert count_rows(ds, f, "no_child_voice") == returns - row["child_voice"]
    assert count_rows(ds, f, "no_family") == returns - row["family_involved"]
    assert count_rows(ds, f, "no_practitioner") == returns - row["practitioner_involved"]


def test_march_record_views_by_hand(ds):
    f = parse_filters(MARCH, ds)
    assert count_rows(ds, f, "all") == 23
    assert count_rows(ds, f, "below_good") == 4     # X2 health, X3 education, 2 single
    assert count_rows(ds, f, "inadequate") == 1     # X3 education
    table = au.RECORDS_PANEL.data(ds, f, ViewState(rows="inadequate"))
    assert table.rows == [{"audit_id": "XA-2024-03", "case_ref": "X3", "agency": "education",
                           "area": "Online harm", "audit_type": "thematic",
                           "audited_on": table.rows[0]["audited_on"], "grade": "inadequate",
                           "child_voice_evident": False, "family_involved": False,
                           "practitioner_involved": False}]
    assert str(table.rows[0]["audited_on"])[:10] == "2024-03-05"


def test_record_tables_sort_and_page_in_sql(ds):
    f = parse_filters({"from": "all"}, ds)
    # 13 fixture exercises of 6 rows, and 8 + 15 rows added: 101 rows
    first = au.RECORDS_PANEL.data(ds, f, ViewState(sort="audited_on", descending=True))
    assert first.total == 101 and len(first.rows) == 25
    days = [str(r["audited_on"]) for r in first.rows]
    assert days == sorted(days, reverse=True) and days[0].startswith("2024-03-12")
    last = au.RECORDS_PANEL.data(ds, f, ViewState(sort="audited_on", descending=True, page=5))
    assert len(last.rows) == 1 and str(last.rows[0]["audited_on"]).startswith("2021-02-15")
    # grades sort from outstanding to inadequate, not alphabetically
    by_grade = au.RECORDS_PANEL.data(ds, f, ViewState(sort="grade", page=0))
    grades = [r["grade"] for r in by_grade.rows]
    assert grades[0] == "outstanding" and grades[-1] == "inadequate"
    assert grades.index("requires_improvement") > grades.index("good")
    other = au.RECORDS_PANEL.data(ds, f, ViewState(sort="1; DROP TABLE audits"))
    assert other.total == 101


def test_public_mode_figures_by_hand(ds):
    row = figures(ds, {**MARCH, "public": "1"})
    assert row["cases"] == 18 and row["agency_returns"] == 23      # neither is 1 to 5
    assert row["good_or_better_pct"] == pytest.approx(100 * 19 / 23)
    assert row["inadequate_pct"] == "c"                            # 1 inadequate
    assert row["child_voice_pct"] == pytest.approx(100 * 16 / 23)
    assert row["family_involved_pct"] == "c"                       # 3 with the family
    assert row["practitioner_involved_pct"] == pytest.approx(100 * 21 / 23)


def test_public_mode_by_audit_type_by_hand(ds):
    # March 2024 by audit type (contract order: single agency, then thematic):
    #   single agency: 15 cases, 15 rows, 13 good or better, 0 inadequate
    #   thematic:       3 cases,  8 rows,  6 good or better, 1 inadequate
    # Primary: thematic's 3 cases and its 1 inadequate are c. Secondary, down the cases
    # column (the types' cases add up to the 18 shown above): 15 is the only other
    # number, so it is c too. Rows 15 and 8 stay; good or better 13/15 and 6/8 stay;
    # thematic's inadequate share goes with its count; 0 of 15 stays.
    f = parse_filters({**MARCH, "public": "1"}, ds)
    table = shown(au.BREAKDOWN_PANELS["audit_type"], ds, f, ViewState())
    got = [{c.key: r[c.key] for c in table.columns} for r in table.rows]
    assert got == [
        {"label": "Single agency", "cases": "c", "agency_returns": 15,
         "good_or_better_pct": pytest.approx(100 * 13 / 15), "inadequate_pct": 0.0},
        {"label": "Thematic", "cases": "c", "agency_returns": 8,
         "good_or_better_pct": 75.0, "inadequate_pct": "c"},
    ]


def test_public_mode_grades_of_a_quarter_by_hand(ds):
    # Jan-Mar 2024: FA-2024-02 (1 outstanding, 1 good, 3 requires improvement,
    # 1 inadequate), XA-2024-03 (1, 5, 1, 1) and XS-2024-03 (6, 7, 2, 0):
    # 29 rows: 8 outstanding, 13 good, 6 requires improvement, 2 inadequate.
    # The 2 inadequate are c; along the row the grades add up to the 29 rows shown, so
    # the smallest other grade, requires improvement (6), is c too.
    params = {"from": "2024-01-01", "to": "2024-03-31"}
    plain = shown(au.GRADES_QUARTER_PANEL, ds, parse_filters(params, ds), ViewState())
    assert [{c.key: r[c.key] for c in plain.columns} for r in plain.rows] == [
        {"label": "Jan–Mar 2024", "agency_returns": 29, "graded_outstanding": 8,
         "graded_good": 13, "graded_requires_improvement": 6, "inadequate": 2}]
    public = shown(au.GRADES_QUARTER_PANEL, ds, parse_filters({**params, "public": "1"}, ds),
                   ViewState())
    assert [{c.key: r[c.key] for c in public.columns} for r in public.rows] == [
        {"label": "Jan–Mar 2024", "agency_returns": 29, "graded_outstanding": 8,
         "graded_good": 13, "graded_requires_improvement": "c", "inadequate": "c"}]


def test_public_mode_hides_the_rows(ds):
    f = parse_filters({**MARCH, "public": "1"}, ds)
    markup = render_html(au.render(ds, f, ViewState(), "?public=1"))
    assert "Record-level tables are hidden in public mode." in markup
    assert "Y01" not in markup and "X3" not in markup
    assert "See the rows" not in markup


@pytest.mark.parametrize("params", [{}, {"agency": "police"}, MARCH, {"public": "1"}])
def test_reaudits_are_summarys_whatever_the_filters(ds, params):
    f = parse_filters(params, ds)
    table = au.REAUDIT_PANEL.data(ds, f, ViewState())
    expected = summary(ds, parse_filters({}, ds))["audits"]["reaudits"]
    assert summary(ds, f)["audits"]["reaudits"] == expected
    keys = ("audit_id", "reaudit_of", "good_or_better_pct", "reaudit_of_good_or_better_pct",
            "change_points")
    assert [{k: r[k] for k in keys} for r in table.rows] == expected
    # by hand: XA-2024-03 has 6 of 8 rows good or better, FA-2023-08 4 of 6
    assert [(r["audit_id"], r["reaudit_of"]) for r in table.rows] == [
        ("XA-2024-03", "FA-2023-08")]
    assert table.rows[0]["good_or_better_pct"] == 75.0
    assert table.rows[0]["reaudit_of_good_or_better_pct"] == pytest.approx(200 / 3)
    assert table.rows[0]["change_points"] == pytest.approx(75 - 200 / 3)


def test_reaudits_in_public_mode_and_on_the_page(ds):
    # FA-2023-08 has 6 rows, 4 of them good or better: its share and the change are c;
    # XA-2024-03's 6 of 8 stays.
    f = parse_filters({"public": "1"}, ds)
    row = shown(au.REAUDIT_PANEL, ds, f, ViewState()).rows[0]
    assert row["good_or_better_pct"] == 75.0 and row["agency_returns"] == 8
    assert row["reaudit_of_good_or_better_pct"] == "c" and row["change_points"] == "c"
    assert row["reaudit_of_agency_returns"] == 6
    markup = render_html(au.render(ds, parse_filters({"agency": "police"}, ds), ViewState(),
                                   "?agency=police"))
    assert "whatever the filters and the period" in markup
    assert "XA-2024-03" in markup and "8.3" in markup      # 75.0 - 66.7 points


def test_a_download_equals_the_numbers_on_screen(ds, client):
    response = client.get("/download/audits/by-agency.csv?from=all")
    assert response.status_code == 200
    got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, rows = csv_rows(shown(au.BREAKDOWN_PANELS["agency"], ds,
                                  parse_filters({"from": "all"}, ds), ViewState()))
    assert got[0] == header
    assert got[1:] == [["" if r[h] is None else str(r[h]) for h in header] for r in rows]
    # by hand: each fixture exercise has 2 cases for each of its 3 agencies (13 x 2 = 26
    # each); added: health 2 thematic + 15 single, local authority 2, police 2, education 2
    assert [r[:3] for r in got[1:]] == [["Health", "43", "43"], ["Local authority", "28", "28"],
                                        ["Police", "28", "28"], ["Education", "2", "2"]]


def test_record_download_takes_every_row_and_is_refused_in_public_mode(client):
    rows = list(csv.reader(io.StringIO(client.get(
        "/download/audits/records.csv?from=all&rows=below_good").get_data(as_text=True))))
    assert rows[0][:3] == ["Audit", "Case (pseudonym)", "Agency"]
    # below good: the fixture's quarters have 4, 1, 2, 3 rows requires improvement or
    # inadequate in turn (13 quarters: 4+1+2+3 three times, then 4 = 34), plus 2 thematic
    # and 2 single-agency rows added
    assert len(rows) == 1 + 38
    assert client.get("/download/audits/records.csv?public=1").status_code == 403


def test_the_page_links_each_bar_to_its_narrowed_page(ds):
    f = parse_filters({"from": "all"}, ds)
    markup = render_html(au.render(ds, f, ViewState(), "?from=all"), link_as_text=False)
    assert 'href="?from=all&amp;agency=health"' in markup
    assert 'href="?from=all&amp;area=youth_violence"' in markup
    assert 'href="?from=all&amp;audit-type=thematic"' in markup
    # a quarter's link narrows the period to it
    assert 'href="?from=2024-01-01&amp;to=2024-03-31"' in markup
    assert "period%3A" not in markup


def test_a_dataset_without_audits_says_so(tmp_path):
    folder = write_fixture(tmp_path)
    (folder / "audits.csv").unlink()
    ds = load_dataset(folder)
    markup = render_html(au.render(ds, parse_filters({}, ds), ViewState(), ""))
    assert "The audit figures" in markup and "Rows behind the figures" not in markup
