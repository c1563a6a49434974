"""The training page (views/training.py) on the app fixture plus bookings written here:
its figures are summary's, each record view lists exactly the bookings its figure
counts, the bookings sort and page in SQL, public mode suppresses as worked out by hand
below (money never), and a download equals the screen."""
from __future__ import annotations

import csv
import io

import pytest

from dashboard.components.static_html import render_html
from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.metrics import summary
from dashboard.views import training as tr
from dashboard.views.panels import csv_rows, shown
from dashboard.views.state import ViewState
from fixtures_app import write_fixture

# The fixture's own bookings (write_fixture): FB000 to FB011 on "Keeping children safe
# online", virtual, online harm, delivered on the 10th of Jan (i % 3 == 0), Feb (1) or
# Mar (2) 2024; police for even i, education for odd; not attended when i % 5 == 0;
# attendees rate 4, confidence 2 before and 4 after, no follow-up; fee 25.00 each.
# In March: FB002 (police), FB005 (education, not attended), FB008 (police),
# FB011 (education). Added here, all on 20 Mar 2024:
TITLE = "Thresholds <and> referrals & you"     # data text, never markup
EXTRA = [
    # id, agency, area, mode, attended, rating, before, after, impact, fee
    ("XB01", "health", "", "in_person", "true", "5", "2", "5", "4", "40.00"),
    ("XB02", "health", "", "in_person", "true", "4", "3", "3", "3", "40.00"),
    ("XB03", "health", "", "in_person", "true", "3", "4", "3", "", "40.00"),
    ("XB04", "health", "", "in_person", "true", "", "", "4", "5", "40.00"),
    ("XB05", "health", "", "in_person", "false", "", "", "", "", "40.00"),
    ("XB06", "local_authority", "youth_violence", "e_learning", "true", "5", "1", "4", "",
     ""),
    ("XB07", "local_authority", "youth_violence", "e_learning", "true", "4", "2", "3", "4",
     "0.00"),
]
MARCH = {"from": "2024-03-01", "to": "2024-03-31"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = write_fixture(tmp_path_factory.mktemp("training"))
    with (folder / "training.csv").open("a", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [b, "CT2", TITLE, "2024-03-20", mode, area, agency, attended, rating, before,
             after, impact, fee]
            for b, agency, area, mode, attended, rating, before, after, impact, fee in EXTRA)
    return folder


@pytest.fixture(scope="module")
def ds(folder):
    ds = load_dataset(folder)
    assert ds.validation_counts()["errors"] == 0
    return ds


def figures(ds, params):
    return shown(tr.FIGURES_PANEL, ds, parse_filters(params, ds), ViewState()).rows[0]


FILTER_SETS = [{}, {"from": "all"}, {"agency": "health"}, {"area": "none"},
               {"area": "youth_violence,online_harm"}, MARCH,
               {"from": "2030-01-01", "to": "2030-12-31"}]


@pytest.mark.parametrize("params", FILTER_SETS)
def test_figures_are_summarys(ds, params):
    row = figures(ds, params)
    s = summary(ds, parse_filters(params, ds))["training"]
    for fig in tr.FIGURES:
        assert row[fig.col.key] == pytest.approx(s[fig.col.key]), fig.col.key


def test_march_figures_by_hand(ds):
    # 4 fixture bookings (3 attended) and 7 added (6 attended)
    row = figures(ds, MARCH)
    assert row["bookings"] == 11 and row["attended"] == 9
    assert row["attendance_pct"] == pytest.approx(100 * 9 / 11)
    # ratings: 4, 4, 4 and 5, 4, 3, 5, 4 (XB04 gave none): 33 / 8
    assert row["mean_rating"] == pytest.approx(33 / 8)
    # before/after pairs: 3 x (2 -> 4), XB01 +3, XB02 0, XB03 -1, XB06 +3, XB07 +1:
    # 8 pairs, 12 points up, 6 improved (XB04 gave only "after")
    assert row["confidence_uplift"] == pytest.approx(1.5)
    assert row["improved_confidence_pct"] == pytest.approx(75.0)
    # follow-up scores 4, 3, 5, 4 from 9 attendees
    assert row["followup_response_pct"] == pytest.approx(100 * 4 / 9)
    assert row["mean_impact"] == pytest.approx(4.0)
    assert row["fee_income_gbp"] == pytest.approx(4 * 25 + 5 * 40)


def count_rows(ds, f, view):
    return tr.RECORDS_PANEL.data(ds, f, ViewState(rows=view, page=0)).total


@pytest.mark.parametrize("params", FILTER_SETS)
def test_each_record_view_lists_the_rows_its_figure_counts(ds, params):
    f = parse_filters(params, ds)
    frame = ds.run("training_figures", f, breakdown="none")
    row = frame.iloc[0] if len(frame) else dict.fromkeys(
        ("bookings", "attended", "ratings", "confidence_pairs", "improved_confidence",
         "followup_responses"), 0)
    assert count_rows(ds, f, "all") == row["bookings"]
    assert count_rows(ds, f, "not_attended") == row["bookings"] - row["attended"]
    assert count_rows(ds, f, "not_improved") == (row["confidence_pairs"]
                                                 - row["improved_confidence"])
    assert count_rows(ds, f, "no_followup") == row["attended"] - row["followup_responses"]
    assert count_rows(ds, f, "attended") == row["attended"]
    assert count_rows(ds, f, "rated") == row["ratings"]


@pytest.mark.parametrize("params", FILTER_SETS)
def test_the_mean_figures_rows_are_the_rows_they_are_worked_from(ds, params):
    """'Rated' and 'With a follow-up score' list exactly the bookings whose scores the
    mean rating and the mean impact average."""
    f = parse_filters(params, ds)
    frame = ds.run("training_figures", f, breakdown="none")

    def mean_of(view, key):
        rows = tr.RECORDS_PANEL.data(ds, f, ViewState(rows=view, page=0).every_row()).rows
        values = [r[key] for r in rows]
        assert None not in values
        return sum(values) / len(values) if values else None

    expected = frame.iloc[0] if len(frame) else {"mean_rating": None, "mean_impact": None}
    for view, key in (("rated", "rating"), ("impact_scored", "impact_followup")):
        mean = mean_of(view, key)
        figure = expected[f"mean_{'rating' if key == 'rating' else 'impact'}"]
        if mean is None:
            assert figure is None or figure != figure      # NULL (NaN in a frame)
        else:
            assert mean == pytest.approx(figure), view


def test_march_record_views_by_hand(ds):
    f = parse_filters(MARCH, ds)
    ids = {view: [r["booking_id"] for r in tr.RECORDS_PANEL.data(
        ds, f, ViewState(rows=view, page=0)).rows] for view in
        ("not_attended", "not_improved", "no_followup")}
    assert ids == {"not_attended": ["FB005", "XB05"], "not_improved": ["XB02", "XB03"],
                   "no_followup": ["FB002", "FB008", "FB011", "XB03", "XB06"]}


def test_bookings_sort_and_page_in_sql(ds):
    f = parse_filters({"from": "all"}, ds)
    first = tr.RECORDS_PANEL.data(ds, f, ViewState(sort="booking_id", descending=True))
    assert first.total == 19 and len(first.rows) == 19
    assert [r["booking_id"] for r in first.rows[:2]] == ["XB07", "XB06"]
    small = tr.RECORDS_PANEL.data(ds, f, ViewState(sort="fee_gbp", descending=True))
    fees = [r["fee_gbp"] for r in small.rows]
    assert fees[:5] == [40.0] * 5 and fees[-1] is None        # no fee last
    other = tr.RECORDS_PANEL.data(ds, f, ViewState(sort="x; DROP TABLE training"))
    assert other.total == 19


def test_the_breakdowns_by_hand(ds):
    f = parse_filters(MARCH, ds)
    agency = shown(tr.BREAKDOWN_PANELS["attendee_agency"], ds, f, ViewState())
    assert [(r["label"], r["code"], r["bookings"], r["attended"], r["did_not_attend"])
            for r in agency.rows] == [("Health", "health", 5, 4, 1),
                                      ("Education", "education", 2, 1, 1),
                                      ("Local authority", "local_authority", 2, 2, 0),
                                      ("Police", "police", 2, 2, 0)]
    area = shown(tr.BREAKDOWN_PANELS["area_id"], ds, f, ViewState())
    # priority_areas.csv order, then "Not recorded" (a link to area=none)
    assert [(r["label"], r["code"], r["bookings"]) for r in area.rows] == [
        ("Online harm", "online_harm", 4), ("Serious youth violence", "youth_violence", 2),
        ("Not recorded", "none", 5)]
    mode = shown(tr.BREAKDOWN_PANELS["mode"], ds, f, ViewState())
    assert [(r["label"], r["bookings"]) for r in mode.rows] == [
        ("Virtual", 4), ("In person", 5), ("E-learning", 2)]
    ratings = shown(tr.RATING_PANEL, ds, f, ViewState())
    assert [(r["label"], r["attended"]) for r in ratings.rows] == [
        ("Rated 5", 2), ("Rated 4", 5), ("Rated 3", 1), ("No rating", 1)]
    impact = shown(tr.IMPACT_PANEL, ds, f, ViewState())
    assert [(r["label"], r["attended"]) for r in impact.rows] == [
        ("Scored 5", 1), ("Scored 4", 2), ("Scored 3", 1), ("No follow-up response", 5)]
    confidence = shown(tr.CONFIDENCE_PANEL, ds, f, ViewState())
    rows = {r["label"]: r for r in confidence.rows}
    # TITLE: XB01 2->5, XB02 3->3, XB03 4->3, XB06 1->4, XB07 2->3
    assert rows[TITLE]["confidence_pairs"] == 5
    assert rows[TITLE]["mean_confidence_before"] == pytest.approx(12 / 5)
    assert rows[TITLE]["mean_confidence_after"] == pytest.approx(18 / 5)
    assert rows[TITLE]["confidence_uplift"] == pytest.approx(6 / 5)


def test_public_mode_by_hand(ds):
    f = parse_filters({**MARCH, "public": "1"}, ds)
    row = shown(tr.FIGURES_PANEL, ds, f, ViewState()).rows[0]
    # 11 bookings, 9 attended: shown; 8 ratings and 8 pairs (6 improved): shown;
    # 4 follow-up responses: the response share and the mean impact are c; money stays
    assert row["bookings"] == 11 and row["attended"] == 9
    assert row["attendance_pct"] == pytest.approx(100 * 9 / 11)
    assert row["mean_rating"] == pytest.approx(33 / 8)
    assert row["confidence_uplift"] == pytest.approx(1.5)
    assert row["improved_confidence_pct"] == pytest.approx(75.0)
    assert row["followup_response_pct"] == "c" and row["mean_impact"] == "c"
    assert row["fee_income_gbp"] == pytest.approx(300.0)
    # by agency every count is 1 to 5 (c) or 0 (shown); shares and means go with their
    # counts; a mean over no follow-up stays "–" (None); fees are never suppressed
    agency = shown(tr.BREAKDOWN_PANELS["attendee_agency"], ds, f, ViewState())
    assert [(r["label"], r["bookings"], r["attended"], r["did_not_attend"],
             r["attendance_pct"], r["mean_rating"], r["mean_impact"], r["fee_income_gbp"])
            for r in agency.rows] == [
        ("Health", "c", "c", "c", "c", "c", "c", 200.0),
        ("Education", "c", "c", "c", "c", "c", None, 50.0),
        ("Local authority", "c", "c", 0, "c", "c", "c", 0.0),
        ("Police", "c", "c", 0, "c", "c", None, 50.0)]
    markup = render_html(tr.render(ds, f, ViewState(), "?public=1"))
    assert "Record-level tables are hidden in public mode." in markup
    assert "XB01" not in markup and "FB002" not in markup


def test_public_mode_splits_attended_and_not_along_each_row(ds):
    # from=all by mode: virtual 12 bookings (9 attended, 3 not), in person 5 (4 and 1),
    # e-learning 2 (2 and 0). Virtual's 3 no-shows are c, so along its row its 9
    # attendees are c too (the two parts add up to the 12 shown).
    f = parse_filters({"from": "all", "public": "1"}, ds)
    mode = shown(tr.BREAKDOWN_PANELS["mode"], ds, f, ViewState())
    assert [(r["label"], r["bookings"], r["attended"], r["did_not_attend"])
            for r in mode.rows][0] == ("Virtual", 12, "c", "c")


def test_a_download_equals_the_numbers_on_screen(ds, client):
    response = client.get("/download/training/by-agency.csv?from=2024-03-01&to=2024-03-31")
    assert response.status_code == 200
    got = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, rows = csv_rows(shown(tr.BREAKDOWN_PANELS["attendee_agency"], ds,
                                  parse_filters(MARCH, ds), ViewState()))
    assert got[0] == header
    assert got[1:] == [["" if r[h] is None else str(r[h]) for h in header] for r in rows]
    assert [r[:4] for r in got[1:]] == [["Health", "5", "4", "1"], ["Education", "2", "1", "1"],
                                        ["Local authority", "2", "2", "0"],
                                        ["Police", "2", "2", "0"]]
    # in public mode the download is suppressed as the screen is; money is not
    public = list(csv.reader(io.StringIO(client.get(
        "/download/training/fees-by-agency.csv?from=2024-03-01&to=2024-03-31&public=1")
        .get_data(as_text=True))))
    assert public[0] == ["Attendee agency", "Bookings", "Fee income"]
    assert public[1] == ["Health", "c", "200.0"]


def test_record_download_takes_every_row_and_is_refused_in_public_mode(client):
    rows = list(csv.reader(io.StringIO(client.get(
        "/download/training/records.csv?from=all&rows=not_attended").get_data(as_text=True))))
    # by the day delivered: FB000 on 10 Jan, FB010 on 10 Feb, FB005 on 10 Mar, XB05 20 Mar
    assert [r[0] for r in rows[1:]] == ["FB000", "FB010", "FB005", "XB05"]
    assert client.get("/download/training/records.csv?public=1").status_code == 403


def test_data_text_is_text(ds):
    f = parse_filters(MARCH, ds)
    markup = render_html(tr.render(ds, f, ViewState(), ""))
    assert "Thresholds &lt;and&gt; referrals &amp; you" in markup
    assert "<and>" not in markup
    # plotly reads '<' in a label as its own markup: the chart gets it escaped
    from dashboard.components.series_charts import series_bars, Series

    table = shown(tr.CONFIDENCE_PANEL, ds, f, ViewState())
    figure = series_bars(table, "label", [Series(tr.BEFORE), Series(tr.AFTER)])
    labels = list(figure.data[0].y)
    assert any("&lt;and&gt;" in label for label in labels)
    assert not any("<and>" in label for label in labels)


def test_the_page_links_each_bar_to_its_narrowed_page(ds):
    markup = render_html(tr.render(ds, parse_filters(MARCH, ds), ViewState(),
                                   "?from=2024-03-01&to=2024-03-31"), link_as_text=False)
    assert 'href="?from=2024-03-01&amp;to=2024-03-31&amp;agency=health"' in markup
    assert 'href="?from=2024-03-01&amp;to=2024-03-31&amp;area=none"' in markup
    assert 'href="?from=2024-03-01&amp;to=2024-03-31"' in markup    # March, a month


def test_a_dataset_without_training_says_so(tmp_path):
    folder = write_fixture(tmp_path)
    (folder / "training.csv").unlink()
    ds = load_dataset(folder)
    markup = render_html(tr.render(ds, parse_filters({}, ds), ViewState(), ""))
    assert "The training figures" in markup and "Rows behind the figures" not in markup
