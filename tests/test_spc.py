"""XmR SPC: the four rules on hand-made vectors, the chart, variation and assurance; the
charts of a series split by method breaks; what a point means."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.analysis.spc import (
    ASSURANCE_TEXT,
    LIMIT_FACTOR,
    MIN_POINTS,
    SHIFT_RUN,
    TREND_RUN,
    TWO_SIGMA_FRACTION,
    VARIATION_TEXT,
    SegmentedSpc,
    SpcResult,
    SpcSegment,
    as_segmented,
    assurance,
    break_indices,
    compute_spc,
    compute_spc_segments,
    direction_meaning,
    point_kinds,
    point_reasons,
    rule_outside,
    rule_shift,
    rule_trend,
    rule_two_of_three,
    segment_bounds,
    variation,
    variation_direction,
)

# A small hand-worked series (see test_limits_by_hand).
SMALL = [3, 5, 4, 6, 5, 7, 4, 6, 5, 3, 4, 8]


def test_constants_are_making_data_counts():
    assert MIN_POINTS == 12
    assert LIMIT_FACTOR == 2.66
    assert SHIFT_RUN == 7
    assert TREND_RUN == 7
    assert TWO_SIGMA_FRACTION == pytest.approx(2 / 3)


# -- rule 1: outside the limits --------------------------------------------------------
def test_rule_outside():
    # UCL 3, LCL -3: only strictly beyond a limit is flagged; on the limit is not.
    assert rule_outside([3.5, 3, -3, -3.01, 0], ucl=3, lcl=-3) == [1, 0, 0, -1, 0]


# -- rule 2: shift ------------------------------------------------------------------------
def test_shift_of_seven_above_and_below():
    assert rule_shift([1] * 7, mean=0) == [1] * 7
    assert rule_shift([-1] * 8, mean=0) == [-1] * 8


def test_six_on_one_side_is_not_a_shift():
    assert rule_shift([1] * 6, mean=0) == [0] * 6
    assert rule_shift([1] * 6 + [-1] + [1] * 6, mean=0) == [0] * 13


def test_point_on_the_mean_breaks_a_shift():
    # 3 above, one exactly on the mean, then 4 above: two runs of 3 and 4, neither 7.
    assert rule_shift([1, 1, 1, 0, 1, 1, 1, 1], mean=0) == [0] * 8
    # 3 above, on the mean, then 7 above: only the run of 7 is flagged.
    assert rule_shift([1, 1, 1, 0] + [2] * 7, mean=0) == [0, 0, 0, 0] + [1] * 7


def test_every_point_of_a_shift_is_flagged_even_before_the_seventh():
    values = [5, -1, -2, -1, -3, -1, -2, -1, 4]
    assert rule_shift(values, mean=0) == [0, -1, -1, -1, -1, -1, -1, -1, 0]


# -- rule 3: trend ------------------------------------------------------------------------
def test_seven_points_six_rises_is_a_trend():
    assert rule_trend([1, 2, 3, 4, 5, 6, 7]) == [1] * 7
    assert rule_trend([7, 6, 5, 4, 3, 2, 1]) == [-1] * 7


def test_six_points_five_rises_is_not_a_trend():
    assert rule_trend([1, 2, 3, 4, 5, 6]) == [0] * 6
    assert rule_trend([9, 1, 2, 3, 4, 5, 6]) == [0] * 7  # 6 points after the fall


def test_a_tie_breaks_a_trend():
    # 1,2,3 | 3,4,5,6,7: the tie 3 → 3 splits 8 points into runs of 3 and 5 points.
    assert rule_trend([1, 2, 3, 3, 4, 5, 6, 7]) == [0] * 8


def test_trend_turning_point_takes_the_later_run():
    # Up 1..7 (7 points) then down 7..1 (7 points): the peak (index 6) is in both;
    # it takes the later, decreasing run.
    values = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    assert rule_trend(values) == [1] * 6 + [-1] * 7


def test_trend_of_short_series():
    assert rule_trend([]) == []
    assert rule_trend([1]) == [0]


# -- rule 4: two of three -----------------------------------------------------------------
# mean 0, 2-sigma lines ±2, limits ±3 for all these vectors.
NEAR_LINES = dict(mean=0, upper_two_sigma=2, lower_two_sigma=-2, ucl=3, lcl=-3)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # two near points in a window all above the mean: both flagged.
        ([0.5, 2.5, 2.5], [0, 1, 1]),
        # near, not near, near: only the near points are flagged.
        ([2.5, 1, 2.5], [1, 0, 1]),
        # low side.
        ([-2.5, -2.5, -1], [-1, -1, 0]),
        # one of the three on the other side of the mean: no flag.
        ([2.5, -1, 2.5], [0, 0, 0]),
        # one of the three exactly on the mean is on neither side: no flag.
        ([2.5, 0, 2.5], [0, 0, 0]),
        # a point beyond UCL is not "near": only one near point.
        ([0.5, 2.5, 3.5], [0, 0, 0]),
        # ... but it still counts as on the upper side of the window.
        ([2.5, 3.5, 2.5], [1, 0, 1]),
        # exactly on a 2-sigma line is not near (strictly beyond is required).
        ([2, 2.5, 2], [0, 0, 0]),
        # exactly on UCL is near (not outside).
        ([3, 3, 0.5], [1, 1, 0]),
        # two near points but on opposite sides: no flag.
        ([2.5, 1, -2.5], [0, 0, 0]),
        # fewer than 3 points: no window.
        ([2.5, 2.5], [0, 0]),
        # windows that would reach past either end do not count.
        ([2.5, 2.5, -1, 1, 1, 1, -2.5, -2.5], [0, 0, 0, 0, 0, 0, 0, 0]),
    ],
)
def test_rule_two_of_three(values, expected):
    assert rule_two_of_three(values, **NEAR_LINES) == expected


# -- the chart ----------------------------------------------------------------------------
def test_limits_by_hand():
    result = compute_spc(SMALL)
    assert result is not None
    # mean = (3+5+4+6+5+7+4+6+5+3+4+8) / 12 = 60 / 12 = 5
    assert result.mean == pytest.approx(5.0)
    # MR = 2,1,2,1,2,3,2,1,2,1,4 (sum 21); MR̄ = 21 / 11 = 1.909091
    assert result.mr_bar == pytest.approx(21 / 11)
    # UCL = 5 + 2.66 × 21/11 = 5 + 5.078182 = 10.078182; LCL = 5 − 5.078182
    assert result.ucl == pytest.approx(10.078182, abs=1e-6)
    assert result.lcl == pytest.approx(-0.078182, abs=1e-6)
    # 2-sigma: 5 ± (2/3) × 5.078182 = 5 ± 3.385455
    assert result.upper_two_sigma == pytest.approx(8.385455, abs=1e-6)
    assert result.lower_two_sigma == pytest.approx(1.614545, abs=1e-6)
    # Nothing flags: max 8 < 8.39, min 3 > 1.61; no 7-run on one side; no trend.
    assert result.special_cause == (False,) * 12
    assert result.latest_direction() == 0
    assert variation(result, "higher_is_better") == "common_cause"


def test_lcl_below_zero_is_not_clamped():
    result = compute_spc(SMALL)
    assert result.lcl < 0  # −0.078182, as worked above


def test_eleven_points_is_not_enough():
    assert compute_spc(SMALL[:11]) is None
    assert variation(None, "higher_is_better") is None
    assert assurance(None, 5.0, "higher_is_better") is None


def test_result_fields_are_tuples():
    result = compute_spc(SMALL)
    assert isinstance(result, SpcResult)
    assert result.values == tuple(float(v) for v in SMALL)
    for rule in (result.outside, result.shift, result.trend, result.two_of_three):
        assert isinstance(rule, tuple) and len(rule) == 12


def test_non_finite_values_are_an_error():
    with pytest.raises(ValueError):
        compute_spc(SMALL[:-1] + [float("nan")])


# A series whose latest point is flagged low by shift but increasing by trend.
#   values 14,10,14,10,14,10, 1,2,3,4,5,6,7 (13 points)
#   mean = (3×14 + 3×10 + 28) / 13 = 100/13 = 7.6923
#   MR = 4,4,4,4,4, 9, 1,1,1,1,1,1 → 35; MR̄ = 35/12 = 2.9167; 2.66·MR̄ = 7.7583
#   UCL = 15.4506, LCL = −0.0660; 2-sigma lines 12.8645 and 2.5201
# The last 7 points (1..7) are all below 7.69: shift −1. They rise 6 times: trend +1.
# 7 is neither outside nor near. Trend comes before shift, so the latest point is high.
TREND_BEATS_SHIFT = [14, 10, 14, 10, 14, 10, 1, 2, 3, 4, 5, 6, 7]


def test_precedence_trend_beats_shift():
    result = compute_spc(TREND_BEATS_SHIFT)
    assert result.mean == pytest.approx(100 / 13)
    assert result.mr_bar == pytest.approx(35 / 12)
    assert result.ucl == pytest.approx(15.4506, abs=1e-4)
    assert result.lcl == pytest.approx(-0.0660, abs=1e-4)
    assert result.shift[-1] == -1
    assert result.trend[-1] == 1
    assert result.outside[-1] == 0 and result.two_of_three[-1] == 0
    assert result.latest_direction() == 1
    assert variation(result, "higher_is_better") == "special_cause_improving"
    assert variation(result, "lower_is_better") == "special_cause_concerning"
    # The 14s are near (12.86 < 14 ≤ 15.45) two in every window of 14,10,14: flagged.
    assert result.two_of_three[:6] == (1, 0, 1, 0, 1, 0)
    # 1 and 2 are near low (−0.07 ≤ x < 2.52) in the window 1,2,3 below the mean.
    assert result.two_of_three[6:8] == (-1, -1)


# Outside beats trend: 20 zeros then 100, 99, ..., 94 (27 points).
#   mean = (100+99+...+94) / 27 = 679/27 = 25.1481
#   MR = nineteen 0s, 100, six 1s → 106; MR̄ = 106/26 = 4.0769; 2.66·MR̄ = 10.8446
#   UCL = 35.9928: 94 is outside (high); 100..94 is a 7-point decreasing trend.
OUTSIDE_BEATS_TREND = [0] * 20 + [100, 99, 98, 97, 96, 95, 94]


def test_precedence_outside_beats_trend():
    result = compute_spc(OUTSIDE_BEATS_TREND)
    assert result.mean == pytest.approx(679 / 27)
    assert result.ucl == pytest.approx(679 / 27 + 2.66 * 106 / 26)
    assert result.outside[-1] == 1
    assert result.trend[-1] == -1
    assert result.latest_direction() == 1
    assert variation(result, "higher_is_better") == "special_cause_improving"
    assert variation(result, "lower_is_better") == "special_cause_concerning"


# Shift alone: 6,8,6,8,6,8 then 4,5,4,5,4,5,4 (13 points).
#   mean = (42 + 31) / 13 = 73/13 = 5.6154; the last 7 are all below it (5 < 5.62).
#   MR = 2,2,2,2,2, 4, 1,1,1,1,1,1 → 20; MR̄ = 20/12; 2.66·MR̄ = 4.4333
#   2-sigma lines 5.6154 ± 2.9556 = 8.571 / 2.660: nothing near; no trend (alternating).
SHIFT_ONLY = [6, 8, 6, 8, 6, 8, 4, 5, 4, 5, 4, 5, 4]


def test_shift_alone_gives_the_side_of_the_mean():
    result = compute_spc(SHIFT_ONLY)
    assert result.mean == pytest.approx(73 / 13)
    assert result.mr_bar == pytest.approx(20 / 12)
    assert result.shift == (0,) * 6 + (-1,) * 7
    assert result.outside == result.trend == result.two_of_three == (0,) * 13
    assert result.latest_direction() == -1
    assert variation(result, "higher_is_better") == "special_cause_concerning"
    assert variation(result, "lower_is_better") == "special_cause_improving"
    assert result.special_cause == (False,) * 6 + (True,) * 7


def test_unknown_polarity_is_an_error():
    with pytest.raises(ValueError):
        variation(compute_spc(SMALL), "sideways")
    with pytest.raises(ValueError):
        assurance(compute_spc(SMALL), 5.0, "sideways")


# -- assurance ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "polarity", "expected"),
    [
        # SMALL: LCL −0.078, UCL 10.078.
        (-1.0, "higher_is_better", "consistently_passing"),  # LCL > −1
        (11.0, "higher_is_better", "consistently_failing"),  # UCL < 11
        (5.0, "higher_is_better", "hit_and_miss"),
        (11.0, "lower_is_better", "consistently_passing"),  # UCL < 11
        (-1.0, "lower_is_better", "consistently_failing"),  # LCL > −1
        (5.0, "lower_is_better", "hit_and_miss"),
        (None, "higher_is_better", None),
    ],
)
def test_assurance(target, polarity, expected):
    assert assurance(compute_spc(SMALL), target, polarity) == expected


def test_every_code_has_words():
    assert set(VARIATION_TEXT) == {
        "common_cause",
        "special_cause_improving",
        "special_cause_concerning",
    }
    assert set(ASSURANCE_TEXT) == {"consistently_passing", "consistently_failing", "hit_and_miss"}
    assert all(text.strip() for text in [*VARIATION_TEXT.values(), *ASSURANCE_TEXT.values()])


# -- properties ---------------------------------------------------------------------------
series = st.lists(st.integers(min_value=-1000, max_value=1000), min_size=MIN_POINTS, max_size=40)


@given(values=series)
def test_mirrored_series_has_mirrored_flags(values):
    result = compute_spc(values)
    mirrored = compute_spc([-v for v in values])
    assert mirrored.ucl == -result.lcl
    for rule in ("outside", "shift", "trend", "two_of_three"):
        assert getattr(mirrored, rule) == tuple(-f for f in getattr(result, rule))


@given(values=series)
def test_chart_invariants(values):
    result = compute_spc(values)
    assert result.lcl <= result.lower_two_sigma <= result.mean
    assert result.mean <= result.upper_two_sigma <= result.ucl
    # A point is never both outside and near.
    assert not any(o and t for o, t in zip(result.outside, result.two_of_three))
    assert result.latest_direction() in (-1, 0, 1)


# -- method breaks: a chart per segment -----------------------------------------------------
# Six points above the mean before a break and one after.
#   BEFORE_BREAK = 3,1,3,1,3,1, 3,3,3,3,3,3: mean 30/12 = 2.5; the last six are above it
#   (index 5, a 1, is below): a run of 6, not a shift.
#   AFTER_BREAK = 3,1 × 6: mean 2; its first point, 3, is above its own mean.
# As one series (no break): mean 54/24 = 2.25 and points 6..12 (six 3s and the 3 after the
# break) are 7 in a row above it: a shift. With the break, no run crosses it: no shift.
BEFORE_BREAK = [3, 1, 3, 1, 3, 1, 3, 3, 3, 3, 3, 3]
AFTER_BREAK = [3, 1] * 6


def test_a_shift_never_crosses_a_break():
    whole = compute_spc(BEFORE_BREAK + AFTER_BREAK)
    assert whole.mean == pytest.approx(2.25)
    assert whole.shift[6:13] == (1,) * 7
    split = compute_spc_segments(BEFORE_BREAK + AFTER_BREAK, [12])
    assert split.shift == (0,) * 24
    assert split.special_cause == (False,) * 24
    assert split.latest_direction() == 0


def test_segment_lines_by_hand():
    split = compute_spc_segments(BEFORE_BREAK + AFTER_BREAK, [12])
    first, second = split.segments
    assert (first.start, first.stop, second.start, second.stop) == (0, 12, 12, 24)
    # BEFORE_BREAK: mean 2.5; MR = 2,2,2,2,2,2,0,0,0,0,0 (sum 12), MR̄ = 12/11 = 1.090909;
    # 2.66·MR̄ = 2.901818: UCL 5.401818, LCL −0.401818; 2-sigma 2.5 ± 1.934545.
    assert first.result.mean == pytest.approx(2.5)
    assert first.result.mr_bar == pytest.approx(12 / 11)
    assert first.result.ucl == pytest.approx(5.401818, abs=1e-6)
    assert first.result.lcl == pytest.approx(-0.401818, abs=1e-6)
    assert first.result.upper_two_sigma == pytest.approx(4.434545, abs=1e-6)
    # AFTER_BREAK: mean 2; every MR is 2, MR̄ = 2; 2.66·2 = 5.32: UCL 7.32, LCL −3.32.
    assert second.result.mean == pytest.approx(2.0)
    assert second.result.ucl == pytest.approx(7.32)
    assert second.result.lcl == pytest.approx(-3.32)
    # the latest point's segment gives the headline lines
    assert split.latest is second.result
    assert split.breaks == (12,)


# A trend across a break: the first segment ends 1,2,3,4 and the second starts 5,6,7,
# seven points and six rises as one series; with the break each run has only 4 or 3.
TREND_BEFORE = [5, 9, 5, 9, 5, 9, 5, 9, 1, 2, 3, 4]
TREND_AFTER = [5, 6, 7, 3, 7, 3, 7, 3, 7, 3, 7, 3]


def test_a_trend_never_crosses_a_break():
    assert compute_spc(TREND_BEFORE + TREND_AFTER).trend[8:15] == (1,) * 7
    assert compute_spc_segments(TREND_BEFORE + TREND_AFTER, [12]).trend == (0,) * 24


def test_a_short_last_segment_has_no_chart_and_no_variation():
    # SMALL (12 points, mean 5, limits −0.078 and 10.078) then a break and 3 points.
    split = compute_spc_segments(SMALL + [50, 60, 70], [12])
    assert split.segments[0].result == compute_spc(SMALL)
    assert split.segments[1] == SpcSegment(12, 15, None)
    assert split.latest is None
    # 50 would be far outside SMALL's limits, but no limit applies to it
    assert split.outside[12:] == split.shift[12:] == split.trend[12:] == (0, 0, 0)
    assert split.assessed == (True,) * 12 + (False,) * 3
    assert variation(split, "higher_is_better") is None
    assert assurance(split, 5.0, "higher_is_better") is None
    assert point_kinds(split, "higher_is_better") == ["common"] * 12 + ["no_spc"] * 3
    assert point_reasons(split, 13) == []
    assert point_reasons(split, 0) == ["within the process limits"]


def test_a_short_first_segment_has_no_flags_and_the_latest_has_a_chart():
    # 11 points, then SHIFT_ONLY (13 points, its last 7 below its mean: concerning for
    # higher_is_better).
    split = compute_spc_segments([100] * 11 + SHIFT_ONLY, [11])
    assert split.segments[0].result is None
    assert split.latest == compute_spc(SHIFT_ONLY)
    assert split.shift == (0,) * 11 + compute_spc(SHIFT_ONLY).shift
    assert variation(split, "higher_is_better") == "special_cause_concerning"
    assert assurance(split, 4.0, "higher_is_better") == assurance(
        compute_spc(SHIFT_ONLY), 4.0, "higher_is_better")


@pytest.mark.parametrize("breaks", [[0], [-3], [24], [99], [0, 24, 0]])
def test_a_break_at_the_first_point_or_after_the_last_splits_nothing(breaks):
    values = BEFORE_BREAK + AFTER_BREAK
    assert compute_spc_segments(values, breaks) == compute_spc_segments(values)
    assert compute_spc_segments(values, breaks).latest == compute_spc(values)


def test_no_breaks_is_exactly_compute_spc():
    for values in (SMALL, TREND_BEATS_SHIFT, OUTSIDE_BEATS_TREND, SHIFT_ONLY):
        split = compute_spc_segments(values)
        result = compute_spc(values)
        assert split.segments == (SpcSegment(0, len(values), result),)
        assert split.latest == result
        assert split.latest.exact_ucl == result.exact_ucl
        for rule in ("outside", "shift", "trend", "two_of_three"):
            assert getattr(split, rule) == getattr(result, rule)
        assert split.directions == result.directions
        for polarity in ("higher_is_better", "lower_is_better"):
            assert variation(split, polarity) == variation(result, polarity)
            assert assurance(split, 5.0, polarity) == assurance(result, 5.0, polarity)
    assert compute_spc_segments(SMALL[:11]).latest is None


# Two breaks: SMALL, then [20, 24, 22, 26] × 3, then SMALL + 100.
#   second segment: mean 92 × 3 / 12 = 23; MR = 4,2,4,6,4,2,4,6,4,2,4 (sum 42),
#   MR̄ = 42/11 = 3.818182; 2.66·MR̄ = 10.156364: UCL 33.156364, LCL 12.843636.
#   third: SMALL's lines moved up by 100: mean 105, UCL 110.078182, LCL 99.921818.
SECOND = [20, 24, 22, 26] * 3
THIRD = [v + 100 for v in SMALL]


def test_two_breaks():
    split = compute_spc_segments(SMALL + SECOND + THIRD, [24, 12])
    assert [(s.start, s.stop) for s in split.segments] == [(0, 12), (12, 24), (24, 36)]
    first, second, third = (s.result for s in split.segments)
    assert first == compute_spc(SMALL)
    assert second.mean == pytest.approx(23.0)
    assert second.ucl == pytest.approx(33.156364, abs=1e-6)
    assert second.lcl == pytest.approx(12.843636, abs=1e-6)
    assert third.mean == pytest.approx(105.0)
    assert third.ucl == pytest.approx(110.078182, abs=1e-6)
    assert split.latest is third
    # as one series, the last 12 points are all far above the mean: outside and shift
    assert compute_spc(SMALL + SECOND + THIRD).latest_direction() == 1
    assert split.special_cause == (False,) * 36
    assert variation(split, "higher_is_better") == "common_cause"


def test_two_breaks_with_a_short_middle_segment():
    split = compute_spc_segments(SMALL + [40, 41, 42] + SMALL, [12, 15])
    assert [s.result is None for s in split.segments] == [False, True, False]
    assert split.assessed[12:15] == (False,) * 3
    assert split.latest == compute_spc(SMALL)
    assert split.segment_of(13) == SpcSegment(12, 15, None)


def test_segment_bounds():
    assert segment_bounds(0, [3]) == []
    assert segment_bounds(5, []) == [(0, 5)]
    assert segment_bounds(5, [3, 1, 3, 0, 5, 9]) == [(0, 1), (1, 3), (3, 5)]


def test_break_indices_are_the_first_point_measured_the_new_way():
    starts = [dt.date(2023, m, 1) for m in (1, 2, 3, 5)]  # April missing
    breaks = [dt.date(2022, 12, 1), dt.date(2023, 2, 1), dt.date(2023, 4, 1),
              dt.date(2023, 6, 1)]
    # before the series: 0; on a point: that point; in a gap: the next point; after: n
    assert break_indices(starts, breaks) == [0, 1, 3, 4]


def test_as_segmented_wraps_a_chart_without_breaks():
    result = compute_spc(SMALL)
    wrapped = as_segmented(result, SMALL)
    assert wrapped == compute_spc_segments(SMALL)
    none = as_segmented(None, [1, 2, 3])
    assert isinstance(none, SegmentedSpc)
    assert none.segments == (SpcSegment(0, 3, None),) and none.latest is None
    assert as_segmented(wrapped, SMALL) is wrapped


segment_cases = st.lists(st.integers(min_value=-50, max_value=50), min_size=1, max_size=40).flatmap(
    lambda values: st.tuples(
        st.just(values), st.lists(st.integers(min_value=-2, max_value=len(values) + 2),
                                  max_size=4)))


@given(case=segment_cases)
def test_each_segment_is_the_chart_of_its_points_alone(case):
    values, breaks = case
    split = compute_spc_segments(values, breaks)
    assert [s.start for s in split.segments[1:]] == sorted({b for b in breaks
                                                            if 0 < b < len(values)})
    for segment in split.segments:
        alone = compute_spc(values[segment.start:segment.stop])
        assert segment.result == alone
        for rule in ("outside", "shift", "trend", "two_of_three"):
            flags = getattr(split, rule)[segment.start:segment.stop]
            assert flags == (getattr(alone, rule) if alone else (0,) * segment.n_points)


# -- what a point means (decided here; the components only draw it) ------------------------
@pytest.mark.parametrize(("direction", "polarity", "meaning"), [
    (1, "higher_is_better", "special_cause_improving"),
    (-1, "higher_is_better", "special_cause_concerning"),
    (1, "lower_is_better", "special_cause_concerning"),
    (-1, "lower_is_better", "special_cause_improving"),
    (0, "lower_is_better", "common_cause"),
])
def test_direction_meaning_and_back(direction, polarity, meaning):
    assert direction_meaning(direction, polarity) == meaning
    assert variation_direction(meaning, polarity) == direction


def test_variation_direction_of_no_variation_is_zero():
    assert variation_direction(None, None) == 0
    assert variation_direction("common_cause", None) == 0
    with pytest.raises(ValueError):
        variation_direction("special_cause_improving", "sideways")


def test_point_kinds_and_reasons():
    result = compute_spc(SHIFT_ONLY)
    assert point_kinds(result, "higher_is_better") == ["common"] * 6 + ["concerning"] * 7
    assert point_kinds(result, "lower_is_better") == ["common"] * 6 + ["improving"] * 7
    assert point_kinds(None, "higher_is_better") == []
    assert point_reasons(result, 12) == ["in a run of 7+ points below the mean"]
    assert point_reasons(None, 0) == []
    rising = compute_spc([1, 2, 1, 2, 1, 2, 3, 4, 5, 6, 7, 8])
    assert point_reasons(rising, 11) == [
        "outside the process limits", "in a run of 7+ rising points"]
    assert point_reasons(compute_spc(TREND_BEATS_SHIFT), 6) == [
        "in a run of 7+ rising points", "2 of 3 points near the lower limit",
        "in a run of 7+ points below the mean"]
