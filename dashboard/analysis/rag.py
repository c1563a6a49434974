"""Red / amber / green ratings of indicators and areas (metrics.md "RAG")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from .spc import SPECIAL_CAUSE_CONCERNING
from .values import as_written, is_missing

# Worst first: the order used for area RAG and for ranking indicators.
RAG_ORDER: tuple[str, ...] = ("red", "amber", "green", "grey")
RATED = ("red", "amber", "green")

RAG_TEXT: dict[str, str] = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "grey": "Grey – no rating",
}

# metrics.md RAG as data: per polarity, how a value passes a threshold, and the bands in
# order, each with its threshold as target + k × amber_tolerance. The first band passed
# wins; a value passing none is red.
#   higher_is_better: green v ≥ t;  amber v ≥ t − a;  else red.
#   lower_is_better:  green v ≤ t;  amber v ≤ t + a;  else red.
RAG_THRESHOLDS: dict[str, dict[str, Any]] = {
    "higher_is_better": {
        "passes": lambda value, threshold: value >= threshold,
        "bands": (("green", 0), ("amber", -1)),
    },
    "lower_is_better": {
        "passes": lambda value, threshold: value <= threshold,
        "bands": (("green", 0), ("amber", +1)),
    },
}
FALLBACK_RAG = "red"


def indicator_rag(
    value: float | None,
    target: float | None,
    amber_tolerance: float | None,
    polarity: str,
    data_missing: bool = False,
) -> str:
    """RAG of an indicator's latest value; grey with no target, no value or data missing."""
    try:
        rule = RAG_THRESHOLDS[polarity]
    except KeyError:
        raise ValueError(f"unknown polarity {polarity!r}") from None
    if data_missing or is_missing(value) or is_missing(target):
        return "grey"
    # datasets.md: amber_tolerance empty = 0. Compared in exact decimals (as_written).
    tolerance = Decimal(0) if is_missing(amber_tolerance) else as_written(amber_tolerance)
    value, target = as_written(value), as_written(target)
    for rag, k in rule["bands"]:
        if rule["passes"](value, target + k * tolerance):
            return rag
    return FALLBACK_RAG


# metrics.md RAG: which grey it is, most actionable first.
GREY_DATA_MISSING, GREY_NO_VALUE, GREY_NO_TARGET = "data_missing", "no_value", "no_target"
GREY_TEXT = {GREY_DATA_MISSING: "data missing (a return not received)",
             GREY_NO_VALUE: "no value yet", GREY_NO_TARGET: "no target"}


def grey_reason(value, target, data_missing: bool = False) -> str | None:
    """Why an indicator is grey (None when it has a RAG): its return is missing, it has
    no value yet, or it has no target."""
    if data_missing:
        return GREY_DATA_MISSING
    if is_missing(value):
        return GREY_NO_VALUE
    if is_missing(target):
        return GREY_NO_TARGET
    return None


def _rank(rag: str) -> int:
    try:
        return RAG_ORDER.index(rag)
    except ValueError:
        raise ValueError(f"unknown RAG {rag!r}") from None


def area_rag(rags: Iterable[str]) -> str:
    """The worst RAG, greys ignored; grey when all are grey (or there are none)."""
    ranks = [_rank(r) for r in rags]
    rated = [r for r in ranks if RAG_ORDER[r] in RATED]
    return RAG_ORDER[min(rated)] if rated else "grey"


def rag_counts(rags: Iterable[str]) -> dict[str, int]:
    """How many of each RAG: keys red, amber, green, grey (in that order)."""
    counts = dict.fromkeys(RAG_ORDER, 0)
    for rag in rags:
        counts[RAG_ORDER[_rank(rag)]] += 1
    return counts


def worst_indicator(indicators: Iterable[Mapping[str, Any]]) -> str | None:
    """metrics.md worst-moving indicator: among those with concerning variation, the
    worst RAG, ties by indicator_id; None when none is concerning."""
    concerning = [i for i in indicators if i.get("variation") == SPECIAL_CAUSE_CONCERNING]
    if not concerning:
        return None
    worst = min(concerning, key=lambda i: (_rank(i.get("rag") or "grey"), i["indicator_id"]))
    return worst["indicator_id"]
