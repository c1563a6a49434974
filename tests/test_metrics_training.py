"""metrics.md "Training": every `summary.training` figure on hand-worked fixtures."""
from __future__ import annotations

import pytest

from metric_fixtures import booking, load, summarise, summary_of

TRAINING_KEYS = ["bookings", "attended", "attendance_pct", "mean_rating", "confidence_uplift",
                 "improved_confidence_pct", "followup_response_pct", "mean_impact", "fee_income_gbp"]

# as_of 2024-03-31
ROWS = [
    booking("B1", "2024-01-10", rating=5, confidence_before=2, confidence_after=4,
            impact_followup=4, fee_gbp="50", area_id="neglect", attendee_agency="health"),
    booking("B2", "2024-01-10", rating=4, confidence_before=3, confidence_after=3,
            fee_gbp="50.00", area_id="neglect", attendee_agency="police"),
    booking("B3", "2024-02-15", confidence_before=4, confidence_after=3, impact_followup=2,
            fee_gbp="25.50", area_id="front_door", attendee_agency="health"),
    booking("B4", "2024-02-15", rating=3, confidence_after=5, attendee_agency="education"),
    # not attended: its values are ignored (a warning), the booking and its fee count
    booking("B5", "2024-03-01", attended=False, rating=1, confidence_before=1, confidence_after=5,
            impact_followup=1, fee_gbp="50", area_id="neglect", attendee_agency="health"),
    # delivered after as_of: ignored
    booking("B6", "2024-04-02", rating=1, fee_gbp="10", area_id="neglect"),
]


def figures(bookings, attended, attendance, rating, uplift, improved, followup, impact, fee):
    def approx(x):
        return x if x is None else pytest.approx(x)
    return {"bookings": bookings, "attended": attended, "attendance_pct": approx(attendance),
            "mean_rating": approx(rating), "confidence_uplift": approx(uplift),
            "improved_confidence_pct": approx(improved), "followup_response_pct": approx(followup),
            "mean_impact": approx(impact), "fee_income_gbp": approx(fee)}


@pytest.fixture(scope="module")
def training_ds(tmp_path_factory):
    return load(tmp_path_factory.mktemp("training"), training=ROWS)


def test_training_figures(training_ds):
    t = summarise(training_ds)["training"]
    assert list(t) == TRAINING_KEYS
    assert t == figures(
        5, 4, 80.0,           # B1-B5; attended B1-B4
        (5 + 4 + 3) / 3,      # ratings of attendees: B1, B2, B4 (B3 none; B5's ignored) = 4.0
        (2 + 0 - 1) / 3,      # pairs: B1 +2, B2 0, B3 -1 (B4 has no "before")
        100.0 / 3,            # improved: B1 of the 3 pairs
        50.0,                 # follow-up from B1, B3 of 4 attendees
        (4 + 2) / 2,          # mean impact 3.0
        50 + 50 + 25.50 + 50, # fees of all bookings in the period (B4 none): 175.50
    )


@pytest.mark.parametrize("filters, expected", [
    # B1, B3, B5
    ({"agency": "health"}, (3, 2, 200 / 3, 5.0, (2 - 1) / 2, 50.0, 100.0, 3.0, 125.5)),
    # B1, B2, B5
    ({"area": "neglect"}, (3, 2, 200 / 3, 4.5, 1.0, 50.0, 50.0, 4.0, 150.0)),
    # B4 (no area_id): no pair, no follow-up, no fee
    ({"area": "none"}, (1, 1, 100.0, 3.0, None, None, 0.0, None, 0.0)),
    # B3, B4, B5
    ({"from": "2024-02-01"}, (3, 2, 200 / 3, 3.0, -1.0, 0.0, 50.0, 2.0, 75.5)),
    # B1, B2 (to inclusive)
    ({"to": "2024-01-10"}, (2, 2, 100.0, 4.5, 1.0, 50.0, 50.0, 4.0, 100.0)),
    # B5 only: nobody attended
    ({"from": "2024-03-01"}, (1, 0, 0.0, None, None, None, None, None, 50.0)),
    # nothing
    ({"agency": "housing"}, (0, 0, None, None, None, None, None, None, 0.0)),
])
def test_training_filters(training_ds, filters, expected):
    assert summarise(training_ds, filters)["training"] == figures(*expected)


def test_rows_after_as_of_are_ignored(tmp_path):
    t = summary_of(tmp_path, training=ROWS, as_of="2024-04-30")["training"]
    # B6 is in: 6 bookings, 5 attended; ratings 5, 4, 3, 1; fee + 10
    assert (t["bookings"], t["attended"]) == (6, 5)
    assert t["attendance_pct"] == pytest.approx(100.0 * 5 / 6)
    assert t["mean_rating"] == pytest.approx(13 / 4)
    assert t["fee_income_gbp"] == pytest.approx(185.5)


def test_no_rows(tmp_path):
    assert summary_of(tmp_path, training=[])["training"] == figures(0, 0, None, None, None, None,
                                                                    None, None, 0.0)


def test_section_null_when_file_absent(tmp_path):
    assert summary_of(tmp_path)["training"] is None
