"""Training (/training): bookings and attendance by attendee agency, course, mode, area
and month; ratings; confidence before and after; three-month impact on practice; fee
income (metrics.md "Training"), and the bookings behind them."""
from __future__ import annotations

from dash import html

from dashboard.components.breakdown import bar_figure, trend_figure
from dashboard.components.series_charts import (
    DARK_BLUE, GREY, ORANGE, Series, series_bars, series_trend,
)
from dashboard.data import contract as C
from dashboard.metrics import first_row
from dashboard.views.chart_words import (
    area_order, bar_words, deep_chart, hidden_parts_note, name_areas, part_period_note,
    period_rows, trend_words,
)
from dashboard.views.deepdive import (
    Figure, RecordView, code_rows, figure_tiles, figures_by, figures_table,
    figures_together, missing_file,
    page_heading, record_data, records_section,
)
from dashboard.views.panels import (
    BOOL, CODE, COUNT, DATE, MONEY, NUMBER, PERCENT, TEXT, Col, Panel, TableData,
    order_rows, register, shown,
)

PAGE = "training"
STEM = "training"
QUERIES = ("training_figures", "training_rows")

BOOKINGS = Col("bookings", "Bookings", COUNT, small=True)
ATTENDED = Col("attended", "Attended", COUNT, small=True)
DID_NOT_ATTEND = Col("did_not_attend", "Did not attend", COUNT, small=True)
ATTENDANCE = Col("attendance_pct", "Attendance", PERCENT, base=("bookings", "attended"))
RATING = Col("mean_rating", "Mean rating (out of 5)", NUMBER, base=("ratings",))
UPLIFT = Col("confidence_uplift", "Confidence uplift (points)", NUMBER,
             base=("confidence_pairs",))
IMPROVED = Col("improved_confidence_pct", "Confidence improved", PERCENT,
               base=("confidence_pairs", "improved_confidence"))
FOLLOWUP = Col("followup_response_pct", "Follow-up response", PERCENT,
               base=("attended", "followup_responses"))
IMPACT = Col("mean_impact", "Impact on practice (out of 5)", NUMBER,
             base=("followup_responses",))
FEES = Col("fee_income_gbp", "Fee income", MONEY)   # money is never suppressed
FIGURES = (
    Figure("training", BOOKINGS, "all"), Figure("training", ATTENDED, "attended"),
    Figure("training", ATTENDANCE, "not_attended"), Figure("training", RATING, "rated"),
    Figure("training", UPLIFT, "not_improved"), Figure("training", IMPROVED, "not_improved"),
    Figure("training", FOLLOWUP, "no_followup"), Figure("training", IMPACT, "impact_scored"),
    Figure("training", FEES, "all"),
)
# the counts the means and percentages are worked from (suppressed with them)
BASES = [Col(k, k, COUNT, small=True) for k in (
    "ratings", "confidence_pairs", "improved_confidence", "followup_responses")]
PAIRS = Col("confidence_pairs", "Attendees rating confidence before and after", COUNT,
            small=True)
BEFORE = Col("mean_confidence_before", "Mean confidence before", NUMBER,
             base=("confidence_pairs",))
AFTER = Col("mean_confidence_after", "Mean confidence after", NUMBER,
            base=("confidence_pairs",))
ATTENDEES = Col("attended", "Attendees", COUNT, small=True)

LABEL = Col("label", "Category", TEXT, sortable=False)
BREAKDOWN_TABLE = [BOOKINGS, ATTENDED, DID_NOT_ATTEND, ATTENDANCE, RATING, UPLIFT, IMPACT, FEES]
ATTENDANCE_SERIES = [Series(ATTENDED, DARK_BLUE), Series(DID_NOT_ATTEND, GREY, "/")]
# breakdown -> (title, the filter a bar narrows to, or None, what its categories are)
BREAKDOWNS = {
    "attendee_agency": ("Bookings by attendee agency", "agency", "agencies"),
    "course": ("Bookings by course", None, "courses"),
    "mode": ("Bookings by mode of delivery", None, "modes"),
    "area_id": ("Bookings by priority area", "area", "areas"),
}
RECORD_VIEWS = (
    RecordView("all", "All bookings in the period"),
    RecordView("attended", "Attended"),
    RecordView("not_attended", "Not attended"),
    RecordView("rated", "Rated"),
    RecordView("not_improved", "Confidence not improved"),
    RecordView("no_followup", "No three-month follow-up"),
    RecordView("impact_scored", "With a three-month follow-up score"),
)
RECORD_COLS = [
    Col("booking_id", "Booking", TEXT), Col("course_title", "Course", TEXT),
    Col("delivered_on", "Delivered", DATE), Col("mode", "Mode", CODE),
    Col("area", "Priority area", TEXT), Col("attendee_agency", "Attendee agency", CODE),
    Col("attended", "Attended", BOOL), Col("rating", "Rating", COUNT),
    Col("confidence_before", "Confidence before", COUNT),
    Col("confidence_after", "Confidence after", COUNT),
    Col("impact_followup", "Impact at three months", COUNT), Col("fee_gbp", "Fee", MONEY),
]
NO_ROWS = "No bookings match the filters."


def _chart(*args, **kwargs):
    """A chart panel; with nothing to draw, it says NO_ROWS instead."""
    return deep_chart(*args, **{"empty": NO_ROWS, **kwargs})


# ---- data -------------------------------------------------------------------------------
def _figures_data(ds, filters, state) -> TableData:
    records = figures_by(ds, "training_figures", filters, "none")
    keys = [f.col.key for f in FIGURES] + [c.key for c in BASES]
    # over no bookings the counts and the fees are 0 and the means undefined (summary)
    row = first_row(records, keys, ("bookings", "attended", "fee_income_gbp",
                                  *(c.key for c in BASES)))
    return figures_table(row, FIGURES, BASES)


def _rows_by(breakdown: str, ds, filters) -> list[dict]:
    rows = code_rows(figures_by(ds, "training_figures", filters, breakdown))
    for r in rows:
        r["did_not_attend"] = r["bookings"] - r["attended"]
    if breakdown == "area_id":
        return order_rows(name_areas(ds, rows), area_order(ds))
    if breakdown == "course":
        for r in rows:        # a course title is the partnership's words, not a code
            r["label"], r["code"] = r["category"], None
    return order_rows(rows, C.MODES if breakdown == "mode" else None, by="bookings")


def _breakdown_data(breakdown: str):
    def data(ds, filters, state) -> TableData:
        return TableData(columns=[LABEL, *BREAKDOWN_TABLE], rows=_rows_by(breakdown, ds, filters),
                         across=("attended", "did_not_attend"))
    return data


def _month_data(ds, filters, state) -> TableData:
    rows = period_rows(figures_by(ds, "training_figures", filters, "month"), "monthly")
    return TableData(columns=[Col("label", "Month", TEXT, sortable=False), BOOKINGS, ATTENDED,
                              ATTENDANCE, RATING, UPLIFT, FEES], rows=rows)


def _confidence_data(ds, filters, state) -> TableData:
    rows = [r for r in _rows_by("course", ds, filters) if r["confidence_pairs"]]
    return TableData(columns=[Col("label", "Course", TEXT, sortable=False), PAIRS, BEFORE,
                              AFTER, UPLIFT, IMPROVED], rows=rows)


def _score_data(breakdown: str, words: str, none_words: str):
    """Attendees by the score they gave (5 to 1), then those who gave none: bookings not
    attended are left out, so the attendees add up to `attended`."""
    def data(ds, filters, state) -> TableData:
        rows = [r for r in code_rows(figures_by(ds, "training_figures", filters, breakdown))
                if r["category"] != "Not attended"]
        for r in rows:
            r["label"] = none_words if r["category"] == "Not recorded" else (
                f"{words} {r['category']}")
        rows.sort(key=lambda r: (r["category"] == "Not recorded", -int(
            r["category"]) if r["category"].isdigit() else 0))
        return TableData(columns=[Col("label", "Score", TEXT, sortable=False), ATTENDEES],
                         rows=rows)
    return data


def _fee_data(breakdown: str, heading: str):
    def data(ds, filters, state) -> TableData:
        rows = order_rows(_rows_by(breakdown, ds, filters), by="fee_income_gbp")
        return TableData(columns=[Col("label", heading, TEXT, sortable=False), BOOKINGS, FEES],
                         rows=rows)
    return data


FIGURES_PANEL = register(Panel(PAGE, "figures", "Training figures", _figures_data))
MONTH_PANEL = register(Panel(PAGE, "by-month", "Bookings and attendance by month",
                             _month_data))
ATTENDANCE_MONTH_PANEL = register(Panel(PAGE, "attendance-by-month", "Attendance by month",
                                        _month_data))
PANEL_KEYS = {"attendee_agency": "by-agency", "course": "by-course", "mode": "by-mode",
              "area_id": "by-area"}
BREAKDOWN_PANELS = {b: register(Panel(PAGE, PANEL_KEYS[b], title, _breakdown_data(b)))
                    for b, (title, _, _) in BREAKDOWNS.items()}
RATING_PANEL = register(Panel(PAGE, "ratings", "Ratings given by attendees",
                              _score_data("rating", "Rated", "No rating")))
CONFIDENCE_PANEL = register(Panel(PAGE, "confidence-by-course",
                                  "Confidence before and after, by course", _confidence_data))
IMPACT_PANEL = register(Panel(PAGE, "impact", "Impact on practice three months on",
                              _score_data("impact", "Scored", "No follow-up response")))
FEE_PANELS = {
    "attendee_agency": register(Panel(PAGE, "fees-by-agency", "Fee income by attendee agency",
                                      _fee_data("attendee_agency", "Attendee agency"))),
    "course": register(Panel(PAGE, "fees-by-course", "Fee income by course",
                             _fee_data("course", "Course"))),
}
RECORDS_PANEL = register(Panel(PAGE, "records", "Bookings",
                               record_data("training_rows", RECORD_COLS, RECORD_VIEWS),
                               records=True))


# ---- page -------------------------------------------------------------------------------
def render(ds, filters, state, search: str) -> html.Div:
    heading = page_heading(ds, filters, "Training",
                           "Multi-agency training: who booked and attended, how courses "
                           "were rated, whether confidence rose, whether practice changed "
                           "three months on, and the fees charged.", QUERIES, (STEM,),
                           search)
    missing = missing_file(ds, STEM, "The training figures", search)
    if missing is not None:
        return html.Div([*heading, missing], id="training")
    # every panel's rows in one run, and the record table's page beside it
    figures_together(ds, "training_figures", filters, records=(RECORDS_PANEL, state, RECORD_VIEWS))
    figures = shown(FIGURES_PANEL, ds, filters, state)
    return html.Div(
        [*heading,
         # the tiles' titles are h3s: a heading above them keeps the outline in order
         html.H2("Headline figures", className="visually-hidden"),
         figure_tiles(figures, FIGURES, search, download_href=FIGURES_PANEL.download_href,
                      public=filters.public),
         html.H2("Bookings and attendance", className="h4"),
         _row(_over_time(ds, filters, state, search) + _by_dimension(ds, filters, state,
                                                                      search)),
         html.H2("Ratings, confidence and impact on practice", className="h4"),
         *_evaluation(ds, filters, state, search),
         html.H2("Fee income", className="h4"),
         _row(_fees(ds, filters, state, search)),
         records_section(RECORDS_PANEL, ds, filters, state, search, RECORD_VIEWS)],
        id="training")


def _row(charts: list) -> html.Div:
    return html.Div([html.Div(c, className="col-12 col-xl-6") for c in charts],
                    className="row g-3")


def _over_time(ds, filters, state, search: str) -> list:
    months = shown(MONTH_PANEL, ds, filters, state)
    part = part_period_note(months, filters, ds.as_of, "monthly")
    drill = dict(search=search, drill_param="period:monthly", label_key="label",
                 code_key="period")
    return [
        _chart(MONTH_PANEL, months,
                    series_trend(months, "period", "label",
                                 [Series(BOOKINGS, DARK_BLUE),
                                  Series(ATTENDED, ORANGE, dash="dash", symbol="square")]),
                    words=trend_words(months, BOOKINGS, "Bookings per month delivered",
                                      NO_ROWS) + (" Attended beside them." if months.rows
                                                  else "") + part, **drill),
        _chart(ATTENDANCE_MONTH_PANEL, months,
                    trend_figure(months, "period", "label", ATTENDANCE),
                    words=trend_words(months, ATTENDANCE, "Attendance per month delivered",
                                      NO_ROWS) + part, **drill),
    ]


def _by_dimension(ds, filters, state, search: str) -> list:
    charts = []
    for breakdown, (title, param, noun) in BREAKDOWNS.items():
        panel = BREAKDOWN_PANELS[breakdown]
        table = shown(panel, ds, filters, state)
        words = bar_words(table, BOOKINGS, noun, NO_ROWS)
        if table.rows:
            words += (" Each bar is split into attended and did not attend; the number at "
                      "its end is the bookings." + hidden_parts_note(
                          table, [ATTENDED, DID_NOT_ATTEND]))
        charts.append(_chart(
            panel, table, series_bars(table, "label", ATTENDANCE_SERIES, code_key="code",
                                      stacked=True, total=BOOKINGS),
            words=words, search=search, drill_param=param, label_key="label",
            code_key="code"))
    return charts


def _evaluation(ds, filters, state, search: str) -> list:
    ratings = shown(RATING_PANEL, ds, filters, state)
    confidence = shown(CONFIDENCE_PANEL, ds, filters, state)
    impact = shown(IMPACT_PANEL, ds, filters, state)
    return [_row([
        _chart(RATING_PANEL, ratings, bar_figure(ratings, "label", ATTENDEES),
                    words=_score_words(ratings, "the course rating they gave (5 is best)"),
                    search=search),
        _chart(IMPACT_PANEL, impact, bar_figure(impact, "label", ATTENDEES),
                    words=_score_words(impact, "the three-month follow-up score they gave: "
                                       "has the course changed their practice (5 is most)"),
                    search=search)]),
        # course titles are long: the confidence chart takes the page's width
        _chart(CONFIDENCE_PANEL, confidence,
                    series_bars(confidence, "label",
                                [Series(BEFORE, ORANGE, "/"), Series(AFTER, DARK_BLUE)],
                                scale=(0, 5.9)),
                    words="Mean self-rated confidence (1 to 5) before and straight after "
                          "each course, over attendees who gave both.",
                    empty="No attendee rated their confidence both before and after.",
                    search=search),
    ]


def _score_words(table: TableData, what: str) -> str:
    if not table.rows:
        return "No attendees in the period."
    return f"Attendees by {what}; the last bar counts attendees who gave none." if any(
        r["category"] == "Not recorded" for r in table.rows) else f"Attendees by {what}."


def _fees(ds, filters, state, search: str) -> list:
    """Fee income by who paid and by course; money is never suppressed (product.md)."""
    charts = []
    for breakdown, param, noun in (("attendee_agency", "agency", "agencies"),
                                   ("course", None, "courses")):
        panel = FEE_PANELS[breakdown]
        table = shown(panel, ds, filters, state)
        figure = series_bars(table, "label", [Series(FEES)], code_key="code")
        figure.update_xaxes(tickprefix="£")
        charts.append(_chart(panel, table, figure,
                                  words=bar_words(table, FEES, noun, NO_ROWS), search=search,
                                  drill_param=param, label_key="label", code_key="code"))
    return charts
