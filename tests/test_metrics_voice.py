"""metrics.md "Voice: 'You said, we did'": every `summary.voice` figure on hand-worked
fixtures.

as_of 2024-03-31; the default period is the rolling year 2023-04-01 .. 2024-03-31.
Day counts used below: 2024-01-01 + 90 days = 2024-03-31 (31 Jan is day 30, 29 Feb day 59,
31 Mar day 90: 2024 is a leap year); 2023-12-31 + 90 days = 2024-03-30;
2023-12-01 + 90 days = 2024-02-29; 2023-03-31 + 90 days = 2023-06-29;
2023-09-01 + 90 days = 2023-11-30.
"""
from __future__ import annotations

import pytest

from metric_fixtures import load, summarise, summary_of

VOICE_KEYS = ["heard", "by_source", "responded_pct", "fed_back_pct", "median_days_to_response",
              "awaiting_over_90d"]
SOURCES = ["children", "parents_carers", "practitioners"]


def heard(voice_id, heard_on, source="children", area_id=None, responded_on=None,
          fed_back_on=None, channel="survey"):
    return {"voice_id": voice_id, "heard_on": heard_on, "source": source, "channel": channel,
            "area_id": area_id, "theme": "Being listened to", "you_said": "Something we said",
            "we_did": "Something we did" if responded_on else None,
            "responded_on": responded_on, "fed_back_on": fed_back_on}


ROWS = [
    # first day of the default period; responded in 10 days, fed back
    heard("V1", "2023-04-01", "children", "front_door", "2023-04-11", "2023-04-20"),
    # the day before the default period; never responded: awaiting (29 Jun 2023 < as_of)
    heard("V2", "2023-03-31", "children", "front_door"),
    # responded in 20 days, no feedback
    heard("V3", "2023-06-01", "parents_carers", "neglect", "2023-06-21"),
    # no area; responded in 60 days (31 Oct 2023); fed back 2 Apr 2024, after as_of: not yet
    heard("V4", "2023-09-01", "children", None, "2023-10-31", "2024-04-02"),
    # responded 5 Apr 2024, after as_of: not yet responded; 29 Feb 2024 < as_of: awaiting
    heard("V5", "2023-12-01", "children", "neglect", "2024-04-05"),
    # not responded; 1 Jan 2024 + 90 days = 31 Mar 2024 = as_of: not strictly before, so
    # not awaiting
    heard("V6", "2024-01-01", "children", "front_door"),
    # no area; not responded; 31 Dec 2023 + 90 days = 30 Mar 2024 < as_of: awaiting
    heard("V7", "2023-12-31", "practitioners", None),
    # heard after as_of: ignored everywhere
    heard("V8", "2024-04-01", "parents_carers", "neglect"),
    # responded in 3 days, fed back on as_of (counts)
    heard("V9", "2024-03-01", "children", "neglect", "2024-03-04", "2024-03-31"),
]


def figures(heard_, children, parents_carers, practitioners, responded, fed_back, median,
            awaiting):
    def approx(x):
        return x if x is None else pytest.approx(x)
    return {"heard": heard_,
            "by_source": {"children": children, "parents_carers": parents_carers,
                          "practitioners": practitioners},
            "responded_pct": approx(responded), "fed_back_pct": approx(fed_back),
            "median_days_to_response": approx(median), "awaiting_over_90d": awaiting}


# default period, no filters
DEFAULT = figures(
    7,              # V1, V3, V4, V5, V6, V7, V9 (V2 before the period, V8 after as_of)
    5, 1, 1,        # children V1, V4, V5, V6, V9; parents_carers V3; practitioners V7
    400.0 / 7,      # responded by as_of: V1, V3, V4, V9 (V5's response is after as_of)
    200.0 / 7,      # fed back by as_of: V1, V9 (V4's feedback is after as_of)
    15.0,           # days 3, 10, 20, 60: even count, (10 + 20) / 2
    3,              # V2 (whatever the period), V5, V7; not V6 (boundary)
)


@pytest.fixture(scope="module")
def voice_ds(tmp_path_factory):
    return load(tmp_path_factory.mktemp("voice"), voice=ROWS)


def test_voice_figures_over_the_default_period(voice_ds):
    v = summarise(voice_ds)["voice"]
    assert list(v) == VOICE_KEYS
    assert list(v["by_source"]) == SOURCES
    assert v == DEFAULT


def test_from_all(voice_ds):
    assert summarise(voice_ds, {"from": "all"})["voice"] == figures(
        8,              # DEFAULT's 7 and V2
        6, 1, 1,
        50.0,           # 4 / 8
        25.0,           # 2 / 8
        15.0,
        3,
    )


def test_rolling_year_ends_on_to(voice_ds):
    # to 2024-02-29: from 2023-03-01, so V2 (31 Mar 2023) is in and V9 (1 Mar 2024) out
    assert summarise(voice_ds, {"to": "2024-02-29"})["voice"] == figures(
        7,              # V1, V2, V3, V4, V5, V6, V7
        5, 1, 1,        # children V1, V2, V4, V5, V6
        300.0 / 7,      # V1, V3, V4
        100.0 / 7,      # V1
        20.0,           # days 10, 20, 60: odd count, the middle one
        3,
    )


def test_period_ending_after_as_of_still_stops_at_as_of(voice_ds):
    # to 2024-12-31: from 2024-01-01; V8 (1 Apr 2024) is in the period but after as_of
    assert summarise(voice_ds, {"to": "2024-12-31"})["voice"] == figures(
        2,              # V6, V9
        2, 0, 0,
        50.0, 50.0,     # V9
        3.0,
        3,
    )


def test_median_of_an_odd_count(voice_ds):
    # 2023-06-01 .. as_of: V3, V4, V5, V6, V7, V9; responded V3 (20), V4 (60), V9 (3)
    v = summarise(voice_ds, {"from": "2023-06-01"})["voice"]
    assert v["heard"] == 6
    assert v["median_days_to_response"] == pytest.approx(20.0)


def test_none_responded_gives_null_median_and_awaiting_is_never_period_filtered(voice_ds):
    # 2023-11-01 .. 2024-02-29: V5, V6, V7, none responded by as_of
    assert summarise(voice_ds, {"from": "2023-11-01", "to": "2024-02-29"})["voice"] == figures(
        3, 2, 0, 1, 0.0, 0.0, None, 3)
    # a period with nothing in it: counts 0, percentages and median null; awaiting still 3
    assert summarise(voice_ds, {"from": "2022-01-01", "to": "2022-12-31"})["voice"] == figures(
        0, 0, 0, 0, None, None, None, 3)


@pytest.mark.parametrize("area, expected", [
    ("neglect", figures(
        3,              # V3, V5, V9 (V8 after as_of)
        2, 1, 0,        # children V5, V9; parents_carers V3
        200.0 / 3,      # V3, V9
        100.0 / 3,      # V9
        11.5,           # days 3, 20
        1)),            # V5
    ("front_door", figures(
        2,              # V1, V6 (V2 before the period)
        2, 0, 0,
        50.0, 50.0,     # V1
        10.0,
        1)),            # V2: not period-filtered, but area-filtered
    ("none", figures(
        2,              # the rows with no area_id: V4, V7
        1, 0, 1,
        50.0,           # V4
        0.0,            # V4's feedback is after as_of
        60.0,
        1)),            # V7
    ("front_door,none", figures(
        4,              # V1, V4, V6, V7
        3, 0, 1,
        50.0,           # V1, V4
        25.0,           # V1
        35.0,           # days 10, 60
        2)),            # V2, V7
])
def test_area_filter(voice_ds, area, expected):
    # a row with no area_id passes only with no area filter, or with `none` in it
    assert summarise(voice_ds, {"area": area})["voice"] == expected


def test_agency_filter_does_not_apply(voice_ds):
    assert summarise(voice_ds, {"agency": "police"})["voice"] == DEFAULT
    assert summarise(voice_ds, {"agency": "health,education"})["voice"] == DEFAULT


def test_earlier_as_of_shows_later_responses_as_not_yet_made(tmp_path):
    # --as-of 2023-10-30: the period is 2022-10-31 .. 2023-10-30; V5-V9 are heard later
    v = summary_of(tmp_path, voice=ROWS, as_of="2023-10-30")["voice"]
    assert v == figures(
        4,              # V2, V1, V3, V4
        3, 1, 0,        # children V1, V2, V4; parents_carers V3
        50.0,           # V1, V3; V4's response (31 Oct 2023) is after as_of
        25.0,           # V1
        15.0,           # days 10, 20
        1,              # V2; V4 (1 Sep 2023 + 90 = 30 Nov 2023) is not over 90 days yet
    )


@pytest.mark.parametrize("as_of, awaiting", [
    ("2024-03-31", 0),   # 1 Jan 2024 + 90 days = 31 Mar 2024: not strictly before as_of
    ("2024-04-01", 1),
])
def test_awaiting_over_90_days_boundary(tmp_path, as_of, awaiting):
    rows = [heard("V", "2024-01-01")]
    assert summary_of(tmp_path, voice=rows, as_of=as_of)["voice"]["awaiting_over_90d"] == awaiting


@pytest.mark.parametrize("as_of, awaiting", [
    ("2024-04-09", 1),   # responded 10 Apr 2024, after as_of: still awaiting
    ("2024-04-10", 0),   # responded on as_of
])
def test_awaiting_until_responded(tmp_path, as_of, awaiting):
    rows = [heard("V", "2024-01-01", responded_on="2024-04-10")]
    assert summary_of(tmp_path, voice=rows, as_of=as_of)["voice"]["awaiting_over_90d"] == awaiting


def test_empty_file(tmp_path):
    assert summary_of(tmp_path, voice=[])["voice"] == figures(0, 0, 0, 0, None, None, None, 0)


def test_section_null_when_file_absent(tmp_path):
    assert summary_of(tmp_path)["voice"] is None
