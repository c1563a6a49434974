"""RAG of indicators and areas, counts and the worst-moving indicator (metrics.md)."""

from __future__ import annotations

import math

import pytest

from dashboard.analysis.rag import (
    RAG_ORDER,
    RAG_TEXT,
    area_rag,
    indicator_rag,
    rag_counts,
    worst_indicator,
)


def test_rag_order_is_worst_first():
    assert RAG_ORDER == ("red", "amber", "green", "grey")
    assert RAG_TEXT == {
        "red": "Red",
        "amber": "Amber",
        "green": "Green",
        "grey": "Grey – no rating",
    }


# -- indicator RAG ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # higher_is_better, t = 90, a = 5: green v ≥ 90; amber 85 ≤ v < 90; red v < 85.
        (95.0, "green"),
        (90.0, "green"),
        (89.9, "amber"),
        (85.0, "amber"),
        (84.9, "red"),
    ],
)
def test_higher_is_better(value, expected):
    assert indicator_rag(value, 90.0, 5.0, "higher_is_better") == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # lower_is_better, t = 10, a = 2: green v ≤ 10; amber 10 < v ≤ 12; red v > 12.
        (5.0, "green"),
        (10.0, "green"),
        (10.1, "amber"),
        (12.0, "amber"),
        (12.1, "red"),
    ],
)
def test_lower_is_better(value, expected):
    assert indicator_rag(value, 10.0, 2.0, "lower_is_better") == expected


@pytest.mark.parametrize("tolerance", [None, math.nan, 0.0])
def test_no_tolerance_means_zero(tolerance):
    # t = 90, a = 0: 90 green, anything below red (no amber band).
    assert indicator_rag(90.0, 90.0, tolerance, "higher_is_better") == "green"
    assert indicator_rag(89.99, 90.0, tolerance, "higher_is_better") == "red"
    assert indicator_rag(10.01, 10.0, tolerance, "lower_is_better") == "red"


def test_threshold_uses_t_minus_a_as_written():
    # t − a = 0.3 − 0.1 = 0.19999999999999998 in floating point, so v = 0.2 ≥ t − a.
    assert indicator_rag(0.2, 0.3, 0.1, "higher_is_better") == "amber"


@pytest.mark.parametrize(
    ("value", "target", "data_missing"),
    [
        (95.0, None, False),  # no target
        (None, 90.0, False),  # no value
        (math.nan, 90.0, False),  # no value (pandas NaN)
        (95.0, math.nan, False),  # no target (pandas NaN)
        (95.0, 90.0, True),  # latest supplied value older than the last due period
    ],
)
def test_grey(value, target, data_missing):
    assert indicator_rag(value, target, 5.0, "higher_is_better", data_missing) == "grey"


def test_unknown_polarity_is_an_error():
    with pytest.raises(ValueError):
        indicator_rag(1.0, 1.0, 0.0, "sideways")


# -- area RAG and counts ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("rags", "expected"),
    [
        (["green", "amber", "grey"], "amber"),
        (["green", "red", "amber"], "red"),
        (["green", "green"], "green"),
        (["grey", "green"], "green"),  # greys ignored
        (["grey", "grey"], "grey"),  # all grey
        ([], "grey"),
    ],
)
def test_area_rag(rags, expected):
    assert area_rag(rags) == expected


def test_area_rag_accepts_any_iterable():
    assert area_rag(r for r in ("grey", "amber")) == "amber"


def test_unknown_rag_is_an_error():
    with pytest.raises(ValueError):
        area_rag(["green", "purple"])
    with pytest.raises(ValueError):
        rag_counts(["purple"])


def test_rag_counts():
    counts = rag_counts(["green", "amber", "green", "grey"])
    assert counts == {"red": 0, "amber": 1, "green": 2, "grey": 1}
    assert list(counts) == list(RAG_ORDER)
    assert rag_counts([]) == {"red": 0, "amber": 0, "green": 0, "grey": 0}


# -- worst-moving indicator -------------------------------------------------------------
def _ind(indicator_id: str, rag: str, variation: str | None) -> dict:
    return {"indicator_id": indicator_id, "rag": rag, "variation": variation}


def test_worst_indicator_is_the_worst_rag_among_concerning():
    indicators = [
        _ind("a_red_common", "red", "common_cause"),  # red, but not concerning
        _ind("b_green_concerning", "green", "special_cause_concerning"),
        _ind("c_amber_concerning", "amber", "special_cause_concerning"),
        _ind("d_red_improving", "red", "special_cause_improving"),
        _ind("e_grey_concerning", "grey", "special_cause_concerning"),
    ]
    assert worst_indicator(indicators) == "c_amber_concerning"


def test_worst_indicator_ties_by_id():
    indicators = [
        _ind("neglect_2", "red", "special_cause_concerning"),
        _ind("neglect_1", "red", "special_cause_concerning"),
    ]
    assert worst_indicator(indicators) == "neglect_1"


def test_grey_counts_below_green():
    indicators = [
        _ind("a", "grey", "special_cause_concerning"),
        _ind("b", "green", "special_cause_concerning"),
    ]
    assert worst_indicator(indicators) == "b"


def test_worst_indicator_none_when_nothing_concerning():
    assert worst_indicator([]) is None
    assert worst_indicator([_ind("a", "red", "common_cause"), _ind("b", "red", None)]) is None
