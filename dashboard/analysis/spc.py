"""XmR statistical process control, as metrics.md "SPC" defines it.

NHS England's "Making Data Count" rules, as NHSRplotthedots 0.2.2 codes them, without
its moving-range outlier screening. Each rule returns one int per point: +1 flagged on
the high side (or an increasing trend), -1 flagged low (or decreasing), 0 not flagged.
The lines and the rules are computed exactly on the numbers as written (`as_written`), so
that a point on the mean, or a limit on the target, is exactly that.

A method break (metrics.md "Breaks") starts a new chart: `compute_spc_segments` runs the
chart on each segment alone. What a point means (common cause, improving, concerning, and
why) is decided here and only here; charts and badges draw what these functions return.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .values import as_written as values_as_written, is_missing

# Making Data Count: fewer than 12 points is "not enough data for SPC".
MIN_POINTS = 12
# XmR chart constant: 3 / d2 with d2 = 1.128 for moving ranges of 2 points, rounded as
# Making Data Count (and NHSRplotthedots) use it: limits = mean ± 2.66·MR̄.
LIMIT_FACTOR = 2.66
# Making Data Count: a run of 7 or more points on one side of the mean is a shift.
SHIFT_RUN = 7
# Making Data Count: 7 or more points each strictly above (below) the last is a trend.
TREND_RUN = 7
# The 2-sigma ("near") lines are mean ± (2/3)·2.66·MR̄, i.e. two of the three sigmas.
TWO_SIGMA_FRACTION = Fraction(2, 3)
# Two of three: a window of 3 consecutive points, at least 2 of them near.
TWO_OF_THREE_WINDOW = 3
TWO_OF_THREE_NEAR = 2

HIGHER_IS_BETTER = "higher_is_better"
LOWER_IS_BETTER = "lower_is_better"
# Which side of the chart is good: +1 high, -1 low.
IMPROVEMENT_DIRECTION: dict[str, int] = {HIGHER_IS_BETTER: 1, LOWER_IS_BETTER: -1}

COMMON_CAUSE = "common_cause"
SPECIAL_CAUSE_IMPROVING = "special_cause_improving"
SPECIAL_CAUSE_CONCERNING = "special_cause_concerning"
CONSISTENTLY_PASSING = "consistently_passing"
CONSISTENTLY_FAILING = "consistently_failing"
HIT_AND_MISS = "hit_and_miss"

# Words shown beside the icons (hover and legend): colour is never the only cue.
VARIATION_TEXT: dict[str, str] = {
    COMMON_CAUSE: (
        "Common cause variation: no significant change; the latest point is within "
        "the range expected by chance"
    ),
    SPECIAL_CAUSE_IMPROVING: (
        "Special cause variation – improving: a change unlikely to be chance, "
        "in the better direction"
    ),
    SPECIAL_CAUSE_CONCERNING: (
        "Special cause variation – concerning: a change unlikely to be chance, "
        "in the worse direction"
    ),
}
ASSURANCE_TEXT: dict[str, str] = {
    CONSISTENTLY_PASSING: (
        "Consistently passing the target: the whole range of expected variation "
        "is on the right side of the target"
    ),
    CONSISTENTLY_FAILING: (
        "Consistently failing the target: the target lies outside the range of "
        "expected variation, so it will not be met without a change to the process"
    ),
    HIT_AND_MISS: (
        "Hit and miss: the target lies within the range of expected variation, so it "
        "will sometimes be met and sometimes missed by chance"
    ),
}
# Shown where variation / assurance are null.
NOT_ENOUGH_DATA_TEXT = f"Not enough data for SPC (fewer than {MIN_POINTS} points)"
NO_TARGET_TEXT = "No assurance: the indicator has no target"


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def as_written(x: float | Fraction) -> Fraction:
    """A number as the data wrote it (a float's shortest decimal form), as an exact fraction.

    The chart's lines and rules are computed in exact arithmetic on these, so that "exactly
    on the mean" and "strictly above UCL" mean what metrics.md says: the mean of 0.8, 2.0,
    0.8, 2.0, 1.2, 1.8, 1.8, 1.8, 1.6, 1.8, 1.8, 1.8 is 1.6 (binary floating point gives
    1.5999999999999999, which puts the point 1.6 above it).
    """
    if isinstance(x, Fraction):
        return x
    return Fraction(values_as_written(x))


# -- the four rules -----------------------------------------------------------------------
def rule_outside(values: Sequence[float], ucl: float, lcl: float) -> list[int]:
    """Rule 1: the point is strictly above UCL (+1) or strictly below LCL (-1)."""
    return [1 if v > ucl else -1 if v < lcl else 0 for v in values]


def _flag_runs(keys: Sequence[int], min_length: int, points_per_key: int) -> list[int]:
    """Flag, with their key, maximal runs of equal non-zero keys of enough points.

    keys[i] describes point i (points_per_key = 1) or the step from point i to i+1
    (points_per_key = 2, so a run of k steps covers k+1 points). A later run overwrites
    an earlier one where they share a point.
    """
    n_points = len(keys) + points_per_key - 1 if keys else 0
    flags = [0] * n_points
    i = 0
    while i < len(keys):
        j = i
        while j + 1 < len(keys) and keys[j + 1] == keys[i]:
            j += 1
        run_points = (j - i + 1) + points_per_key - 1
        if keys[i] != 0 and run_points >= min_length:
            for p in range(i, j + points_per_key):
                flags[p] = keys[i]
        i = j + 1
    return flags


def rule_shift(values: Sequence[float], mean: float, run: int = SHIFT_RUN) -> list[int]:
    """Rule 2: in a run of ≥ run points all above (+1) or all below (-1) the mean.

    A point exactly on the mean belongs to neither side and breaks the run.
    """
    return _flag_runs([_sign(v - mean) for v in values], run, points_per_key=1)


def rule_trend(values: Sequence[float], run: int = TREND_RUN) -> list[int]:
    """Rule 3: in a run of ≥ run points each strictly above (+1) / below (-1) the last.

    7 points means 6 rises; a tie breaks the run. A turning point that ends a run one
    way and starts a run the other way takes the later run's direction (as
    NHSRplotthedots' "use right side"); the latest point can only be in one run.
    """
    if len(values) < 2:
        return [0] * len(values)
    steps = [_sign(b - a) for a, b in zip(values, values[1:])]
    return _flag_runs(steps, run, points_per_key=2)


def _near(
    v: float, upper_two_sigma: float, lower_two_sigma: float, ucl: float, lcl: float
) -> int:
    """+1 / -1 when v is strictly beyond a 2-sigma line but not outside the limit."""
    if upper_two_sigma < v <= ucl:
        return 1
    if lcl <= v < lower_two_sigma:
        return -1
    return 0


def rule_two_of_three(
    values: Sequence[float],
    mean: float,
    upper_two_sigma: float,
    lower_two_sigma: float,
    ucl: float,
    lcl: float,
) -> list[int]:
    """Rule 4: a near point in a window of 3 consecutive points, all on its side of the
    mean, of which at least 2 are near on that side. Only near points are flagged."""
    n = len(values)
    near = [_near(v, upper_two_sigma, lower_two_sigma, ucl, lcl) for v in values]
    side = [_sign(v - mean) for v in values]
    flags = [0] * n
    for i, direction in enumerate(near):
        if direction == 0:
            continue
        for first in range(i - TWO_OF_THREE_WINDOW + 1, i + 1):
            window = range(first, first + TWO_OF_THREE_WINDOW)
            if first < 0 or window[-1] >= n:
                continue
            same_side = all(side[k] == direction for k in window)
            near_count = sum(1 for k in window if near[k] == direction)
            if same_side and near_count >= TWO_OF_THREE_NEAR:
                flags[i] = direction
                break
    return flags


# -- the chart ----------------------------------------------------------------------------
class _RuleFlags:
    """Per-point reading of the four rules' flags (values, outside, shift, trend and
    two_of_three are fields of the classes that use this)."""

    values: tuple[float, ...]
    outside: tuple[int, ...]
    shift: tuple[int, ...]
    trend: tuple[int, ...]
    two_of_three: tuple[int, ...]

    @property
    def rules_in_precedence(self) -> tuple[tuple[int, ...], ...]:
        """The rules in metrics.md's order for a point's direction."""
        return (self.outside, self.trend, self.two_of_three, self.shift)

    @property
    def special_cause(self) -> tuple[bool, ...]:
        """Per point: does any rule flag it?"""
        rules = self.rules_in_precedence
        return tuple(any(rule[i] for rule in rules) for i in range(len(self.values)))

    def point_direction(self, i: int) -> int:
        """Direction of point i from the first rule flagging it (outside, trend, two of
        three, shift): +1 high / increasing, -1 low / decreasing, 0 common cause."""
        for rule in self.rules_in_precedence:
            if rule[i]:
                return rule[i]
        return 0

    @property
    def directions(self) -> tuple[int, ...]:
        """point_direction of every point."""
        return tuple(self.point_direction(i) for i in range(len(self.values)))

    def latest_direction(self) -> int:
        """point_direction of the latest point."""
        return self.point_direction(len(self.values) - 1)

    @property
    def assessed(self) -> tuple[bool, ...]:
        """Per point: is it on a chart (SegmentedSpc: in a segment long enough for one)?"""
        return (True,) * len(self.values)


@dataclass(frozen=True)
class SpcResult(_RuleFlags):
    """An XmR chart: its lines and each rule's flags per point."""

    values: tuple[float, ...]
    mean: float
    mr_bar: float
    ucl: float
    lcl: float
    upper_two_sigma: float
    lower_two_sigma: float
    outside: tuple[int, ...]
    shift: tuple[int, ...]
    trend: tuple[int, ...]
    two_of_three: tuple[int, ...]
    # the exact limits (as_written arithmetic), for assurance's comparisons with the target
    exact_ucl: Fraction | None = field(default=None, repr=False, compare=False)
    exact_lcl: Fraction | None = field(default=None, repr=False, compare=False)


def compute_spc(values: Sequence[float]) -> SpcResult | None:
    """The XmR chart of values (in time order); None when fewer than MIN_POINTS."""
    xs = tuple(float(v) for v in values)
    if len(xs) < MIN_POINTS:
        return None
    if not all(math.isfinite(x) for x in xs):
        raise ValueError("SPC values must be finite numbers")
    exact = [as_written(x) for x in xs]
    mean = sum(exact, Fraction(0)) / len(exact)
    mr_bar = sum((abs(b - a) for a, b in zip(exact, exact[1:])), Fraction(0)) / (len(exact) - 1)
    spread = as_written(LIMIT_FACTOR) * mr_bar
    near_spread = TWO_SIGMA_FRACTION * spread
    # LCL is never clamped: it may be below 0 (metrics.md).
    ucl, lcl = mean + spread, mean - spread
    upper_two_sigma, lower_two_sigma = mean + near_spread, mean - near_spread
    return SpcResult(
        values=xs,
        mean=float(mean),
        mr_bar=float(mr_bar),
        ucl=float(ucl),
        lcl=float(lcl),
        upper_two_sigma=float(upper_two_sigma),
        lower_two_sigma=float(lower_two_sigma),
        outside=tuple(rule_outside(exact, ucl, lcl)),
        shift=tuple(rule_shift(exact, mean)),
        trend=tuple(rule_trend(exact)),
        two_of_three=tuple(
            rule_two_of_three(exact, mean, upper_two_sigma, lower_two_sigma, ucl, lcl)
        ),
        exact_ucl=ucl,
        exact_lcl=lcl,
    )


# -- method breaks: a chart per segment ----------------------------------------------------
RULE_NAMES = ("outside", "shift", "trend", "two_of_three")


@dataclass(frozen=True)
class SpcSegment:
    """Points start .. stop - 1 of a series, all measured the same way, and their chart."""

    start: int
    stop: int
    # None when the segment has fewer than MIN_POINTS: no mean, limits or flags
    result: SpcResult | None

    @property
    def n_points(self) -> int:
        return self.stop - self.start


@dataclass(frozen=True)
class SegmentedSpc(_RuleFlags):
    """The XmR charts of a series split by method breaks (metrics.md "Breaks").

    Each segment's mean, limits and rules are its own (no run crosses a break). The rule
    flags below span the whole series, each point's from its segment's chart, 0 in a
    segment too short for SPC; `latest` is the chart of the latest point's segment.
    """

    values: tuple[float, ...]
    segments: tuple[SpcSegment, ...]
    outside: tuple[int, ...]
    shift: tuple[int, ...]
    trend: tuple[int, ...]
    two_of_three: tuple[int, ...]

    @property
    def latest(self) -> SpcResult | None:
        """The latest point's segment's chart: variation, assurance, mean, ucl and lcl are
        its; None when that segment (or the series) has fewer than MIN_POINTS."""
        return self.segments[-1].result if self.segments else None

    @property
    def breaks(self) -> tuple[int, ...]:
        """The first point of each segment after the first."""
        return tuple(segment.start for segment in self.segments[1:])

    @property
    def assessed(self) -> tuple[bool, ...]:
        """Per point: is it in a segment with a chart (MIN_POINTS or more)?"""
        return tuple(
            segment.result is not None
            for segment in self.segments
            for _ in range(segment.n_points)
        )

    def segment_of(self, i: int) -> SpcSegment:
        """The segment holding point i."""
        for segment in self.segments:
            if segment.start <= i < segment.stop:
                return segment
        raise IndexError(f"no point {i} in a series of {len(self.values)}")


def segment_bounds(n_points: int, breaks: Iterable[int]) -> list[tuple[int, int]]:
    """(start, stop) of each segment of a series of n_points split at breaks.

    A break at index k makes point k the first of a new segment; a break at or before the
    first point, or after the last, splits nothing.
    """
    if n_points == 0:
        return []
    cuts = sorted({k for k in breaks if 0 < k < n_points})
    return list(zip([0, *cuts], [*cuts, n_points]))


def _joined_flags(segments: Sequence[SpcSegment], rule: str) -> tuple[int, ...]:
    flags: list[int] = []
    for segment in segments:
        if segment.result is None:
            flags.extend([0] * segment.n_points)
        else:
            flags.extend(getattr(segment.result, rule))
    return tuple(flags)


def compute_spc_segments(values: Sequence[float], breaks: Iterable[int] = ()) -> SegmentedSpc:
    """The XmR chart of each segment of values (in time order) split at breaks (indices of
    the first point measured the new way). With no breaks, the one segment's chart is
    exactly compute_spc(values)."""
    xs = tuple(float(v) for v in values)
    segments = tuple(
        SpcSegment(start, stop, compute_spc(xs[start:stop]))
        for start, stop in segment_bounds(len(xs), breaks)
    )
    flags = {rule: _joined_flags(segments, rule) for rule in RULE_NAMES}
    return SegmentedSpc(values=xs, segments=segments, **flags)


def as_segmented(spc: SpcResult | SegmentedSpc | None, values: Sequence) -> SegmentedSpc:
    """spc as a SegmentedSpc of values: a chart computed without breaks is the one
    segment; no chart (None) is one segment too short for SPC."""
    if isinstance(spc, SegmentedSpc):
        return spc
    if spc is not None:
        segment = SpcSegment(0, len(spc.values), spc)
        return SegmentedSpc(values=spc.values, segments=(segment,),
                            **{rule: getattr(spc, rule) for rule in RULE_NAMES})
    xs = tuple(values)
    segments = tuple(SpcSegment(a, b, None) for a, b in segment_bounds(len(xs), ()))
    return SegmentedSpc(values=xs, segments=segments,
                        **{rule: (0,) * len(xs) for rule in RULE_NAMES})


def break_indices(period_starts: Sequence, break_starts: Iterable) -> list[int]:
    """For each break's period_start, the index of the first point of the series
    (period_starts, in time order) on or after it: the first point measured the new way.
    len(period_starts) when the break is after the last point."""
    return [bisect_left(period_starts, b) for b in break_starts]


def _latest_chart(spc: SpcResult | SegmentedSpc | None) -> SpcResult | None:
    return spc.latest if isinstance(spc, SegmentedSpc) else spc


# -- what a point means: decided here, only drawn elsewhere --------------------------------
def _improvement_direction(polarity: str) -> int:
    try:
        return IMPROVEMENT_DIRECTION[polarity]
    except KeyError:
        raise ValueError(f"unknown polarity {polarity!r}") from None


# The kind of each point as the chart draws it.
POINT_COMMON = "common"
POINT_IMPROVING = "improving"
POINT_CONCERNING = "concerning"
# In a segment of fewer than MIN_POINTS: no limits, so neither common nor special cause.
POINT_NO_SPC = "no_spc"
POINT_KIND: dict[str, str] = {
    COMMON_CAUSE: POINT_COMMON,
    SPECIAL_CAUSE_IMPROVING: POINT_IMPROVING,
    SPECIAL_CAUSE_CONCERNING: POINT_CONCERNING,
}


def direction_meaning(direction: int, polarity: str) -> str:
    """COMMON_CAUSE for 0, else SPECIAL_CAUSE_IMPROVING when the direction (+1 high,
    -1 low) is the polarity's good side, SPECIAL_CAUSE_CONCERNING when it is not."""
    good = _improvement_direction(polarity)
    if direction == 0:
        return COMMON_CAUSE
    return SPECIAL_CAUSE_IMPROVING if direction == good else SPECIAL_CAUSE_CONCERNING


def variation_direction(variation: str | None, polarity: str | None) -> int:
    """The side a variation code means (direction_meaning read backwards): +1 high,
    -1 low, 0 for common cause or no variation."""
    if variation not in (SPECIAL_CAUSE_IMPROVING, SPECIAL_CAUSE_CONCERNING):
        return 0
    good = _improvement_direction(polarity or "")
    return good if variation == SPECIAL_CAUSE_IMPROVING else -good


def point_kinds(spc: SpcResult | SegmentedSpc | None, polarity: str) -> list[str]:
    """POINT_COMMON / POINT_IMPROVING / POINT_CONCERNING for each point of the chart;
    POINT_NO_SPC for a point in a segment too short for SPC; [] with no chart."""
    if spc is None:
        return []
    return [
        POINT_KIND[direction_meaning(direction, polarity)] if has_chart else POINT_NO_SPC
        for direction, has_chart in zip(spc.directions, spc.assessed)
    ]


def point_reasons(spc: SpcResult | SegmentedSpc | None, i: int) -> list[str]:
    """Why point i is special cause, in the words of the rules that flag it (metrics.md
    order); ['within the process limits'] when none does; [] with no chart for it."""
    if spc is None or not spc.assessed[i]:
        return []
    reasons = []
    if spc.outside[i]:
        reasons.append("outside the process limits")
    if spc.trend[i]:
        reasons.append(
            f"in a run of {TREND_RUN}+ {'rising' if spc.trend[i] > 0 else 'falling'} points")
    if spc.two_of_three[i]:
        side = "upper" if spc.two_of_three[i] > 0 else "lower"
        reasons.append(
            f"{TWO_OF_THREE_NEAR} of {TWO_OF_THREE_WINDOW} points near the {side} limit")
    if spc.shift[i]:
        side = "above" if spc.shift[i] > 0 else "below"
        reasons.append(f"in a run of {SHIFT_RUN}+ points {side} the mean")
    return reasons or ["within the process limits"]


def variation(result: SpcResult | SegmentedSpc | None, polarity: str) -> str | None:
    """Variation of the latest point (with breaks: on its segment's chart); None when
    there is no chart."""
    _improvement_direction(polarity)
    result = _latest_chart(result)
    if result is None:
        return None
    return direction_meaning(result.latest_direction(), polarity)


def assurance(
    result: SpcResult | SegmentedSpc | None, target: float | None, polarity: str
) -> str | None:
    """Whether the process limits (with breaks: the latest point's segment's)
    consistently pass or fail the target."""
    good = _improvement_direction(polarity)
    result = _latest_chart(result)
    if result is None or is_missing(target):
        return None
    # exact comparisons (as_written): a limit equal to the target neither passes nor fails
    t = as_written(target)
    ucl = result.exact_ucl if result.exact_ucl is not None else as_written(result.ucl)
    lcl = result.exact_lcl if result.exact_lcl is not None else as_written(result.lcl)
    if good > 0:
        passing, failing = lcl > t, ucl < t
    else:  # lower_is_better mirrors it
        passing, failing = ucl < t, lcl > t
    if passing:
        return CONSISTENTLY_PASSING
    if failing:
        return CONSISTENTLY_FAILING
    return HIT_AND_MISS
