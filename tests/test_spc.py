"""XmR SPC: the four rules on hand-made vectors, the chart, variation and assurance."""

from __future__ import annotations

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
    SpcResult,
    assurance,
    compute_spc,
    rule_outside,
    rule_shift,
    rule_trend,
    rule_two_of_three,
    variation,
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
