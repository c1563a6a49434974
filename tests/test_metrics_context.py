"""metrics.md "Context on indicators: benchmarks, breaks, commentary": `break_from`,
`benchmarks` and `comment_id` of `summary.indicators`, `comment_id` of `summary.areas`,
and SPC within method breaks, on hand-worked fixtures.

as_of 2024-03-31 unless a test says otherwise. Supplied indicators (police, score, monthly):
  ind_a (front_door, target 9): Jan 2022 .. Feb 2024, 26 points: 14 alternating 20, 22
      (Jan 2022 .. Feb 2023), then 12 alternating 10, 12 (Mar 2023 .. Feb 2024).
      Breaks: 2022-06-01, 2023-03-01, 2024-03-01 (after latest_period, before as_of) and
      2024-05-01 (after as_of).
  ind_a_twin (front_door, target 9): the same values, no break.
  ind_short (neglect, target 11): Jul 2022 .. Feb 2024, 20 points alternating 10, 12
      (Feb 2024 is the 20th: 12). Break 2023-04-01: the latest segment, Apr 2023 ..
      Feb 2024, has 11 points.
  ind_short_twin (neglect, target 11): the same values, no break.
  ind_edge (front_door): Mar 2023 .. Feb 2024, 12 points alternating 10, 12; breaks
      2023-03-01 (the first point: splits nothing) and 2024-02-01 (the latest point).
  ind_empty (front_door, target 50): no values, a break 2023-01-01.
Computed: mash_decision_within_1wd (front_door, target 90): one contact a month Jan 2023 ..
  Mar 2024 (15 complete months); 100 % in Jan, Feb, Mar 2023, then 0, 100, 0, ... , 100
  (Apr 2023 .. Mar 2024, 12 points). Break 2023-04-01.
"""
from __future__ import annotations

import datetime as dt

import pytest

from dashboard.filters import parse_filters
from dashboard.metrics import indicator_context, indicator_panels
from metric_fixtures import catalogue_row, contact, load, monthly_rows, summarise, summary_of

SPC_KEYS = ("variation", "assurance", "mean", "ucl", "lcl")


def supplied(indicator_id, area_id, target, expected_from):
    return catalogue_row(indicator_id, area_id, source="police", unit="score",
                         frequency="monthly", target=target, expected_from=expected_from)


def brk(indicator_id, period_start, reason="New recording system"):
    return {"indicator_id": indicator_id, "period_start": period_start, "reason": reason}


def bench(indicator_id, period_start, comparator, value):
    return {"indicator_id": indicator_id, "period_start": period_start,
            "comparator": comparator, "value": value, "source": f"{comparator} {period_start}"}


def comment(comment_id, area_id, indicator_id, period_start, written_on):
    return {"comment_id": comment_id, "area_id": area_id, "indicator_id": indicator_id,
            "period_start": period_start, "written_on": written_on,
            "author": "Chair, performance subgroup", "comment": "What the figures mean"}


ALTERNATING_12 = [10, 12] * 6
A_VALUES = [20, 22] * 7 + ALTERNATING_12          # 26 points, Jan 2022 .. Feb 2024

CATALOGUE = [
    supplied("ind_a", "front_door", 9, "2022-01-01"),
    supplied("ind_a_twin", "front_door", 9, "2022-01-01"),
    supplied("ind_edge", "front_door", None, "2023-03-01"),
    supplied("ind_empty", "front_door", 50, "2024-02-01"),
    supplied("ind_short", "neglect", 11, "2022-07-01"),
    supplied("ind_short_twin", "neglect", 11, "2022-07-01"),
    catalogue_row("mash_decision_within_1wd", "front_door", target=90),
]
INDICATORS = (monthly_rows("ind_a", "2022-01-01", A_VALUES)
              + monthly_rows("ind_a_twin", "2022-01-01", A_VALUES)
              + monthly_rows("ind_edge", "2023-03-01", ALTERNATING_12)
              + monthly_rows("ind_short", "2022-07-01", [10, 12] * 10)
              + monthly_rows("ind_short_twin", "2022-07-01", [10, 12] * 10))


def _contacts():
    """One contact a month, Jan 2023 .. Mar 2024, received on the 10th: decided the same
    day (within one working day: 100 %) or on the 20th (late: 0 %)."""
    rows = []
    months = [(2023, m) for m in range(1, 13)] + [(2024, m) for m in range(1, 4)]
    for k, (y, m) in enumerate(months):
        # Jan-Mar 2023 (k 0-2) within; from Apr 2023 (k 3) late, within, late, ...
        within = k < 3 or (k - 3) % 2 == 1
        day = "10" if within else "20"
        rows.append(contact(f"c{k}", f"child{k}", f"{y}-{m:02d}-10T09:00", "early_help",
                            f"{y}-{m:02d}-{day}T10:00"))
    return rows


BREAKS = [
    brk("ind_a", "2024-05-01", "A change after as_of"),
    brk("ind_a", "2023-03-01", "New MASH recording system"),
    brk("ind_a", "2022-06-01", "Old system patched"),
    brk("ind_a", "2024-03-01", "Definition change (no figures yet)"),
    brk("ind_short", "2023-04-01"),
    brk("ind_edge", "2023-03-01"),
    brk("ind_edge", "2024-02-01"),
    brk("mash_decision_within_1wd", "2023-04-01"),
    brk("ind_empty", "2023-01-01"),
]

BENCHMARKS = [
    # file order: statistical_neighbours, region, england; periods out of order
    bench("ind_a", "2023-07-01", "statistical_neighbours", 18.0),
    bench("ind_a", "2022-07-01", "statistical_neighbours", 17.0),
    bench("ind_a", "2023-01-01", "region", 19.5),
    bench("ind_a", "2024-04-01", "england", 25.0),    # after as_of: not yet
    bench("ind_a", "2023-04-01", "england", 22.6),    # the latest on or before as_of
    bench("ind_a", "2022-04-01", "england", 20.0),
    bench("ind_short", "2024-04-01", "england", 30.0),  # only one, after as_of: none
    bench("ind_short_twin", "2023-01-01", "statistical_neighbours", 11.0),
    bench("ind_short_twin", "2023-01-01", "region", 10.5),
    bench("mash_decision_within_1wd", "2023-04-01", "england", 75.0),
]

COMMENTARY = [
    comment("FD-1", "front_door", None, "2024-01-01", "2024-03-01"),
    comment("FD-2", "front_door", None, "2024-02-01", "2024-03-20"),  # the area's latest
    comment("FD-3", "front_door", None, "2024-03-01", "2024-04-01"),  # after as_of
    comment("C1", "front_door", "ind_a", "2023-12-01", "2024-01-10"),
    # a tie on written_on, later than FD-2 (an indicator comment is never the area's):
    # "C9" > "C10" compared as text, whatever the file order or the numbers in them
    comment("C9", "front_door", "ind_a", "2024-01-01", "2024-03-25"),
    comment("C10", "front_door", "ind_a", "2024-02-01", "2024-03-25"),
    comment("C11", "front_door", "ind_a", "2024-02-01", "2024-04-02"),  # after as_of
    comment("T1", "front_door", "ind_a_twin", "2024-02-01", "2024-05-01"),  # after as_of
    comment("N1", "neglect", None, "2023-12-01", "2024-01-05"),
    comment("N9", "neglect", None, "2024-01-01", "2024-02-01"),    # tie: "N9" > "N10"
    comment("N10", "neglect", None, "2024-01-01", "2024-02-01"),
    comment("S0", "neglect", "ind_short", "2024-01-01", "2024-03-30"),
    comment("S1", "neglect", "ind_short", "2024-02-01", "2024-03-31"),  # written on as_of
]

FILES = dict(indicator_catalogue=CATALOGUE, indicators=INDICATORS, mash_contacts=_contacts(),
             indicator_breaks=BREAKS, indicator_benchmarks=BENCHMARKS, commentary=COMMENTARY)


def by_id(items):
    return {i["indicator_id"]: i for i in items}


@pytest.fixture(scope="module")
def ctx_ds(tmp_path_factory):
    return load(tmp_path_factory.mktemp("context"), **FILES)


@pytest.fixture(scope="module")
def indicators(ctx_ds):
    return by_id(summarise(ctx_ds)["indicators"])


# ---- breaks and SPC ------------------------------------------------------------------------
def test_spc_on_the_latest_segment_only(indicators):
    a = indicators["ind_a"]
    assert (a["latest_period"], a["value"]) == ("2024-02-01", 12)
    # the latest break at or before latest_period (2024-02-01): 2023-03-01; not 2024-03-01
    # (after latest_period, though before as_of) nor 2024-05-01 (after as_of)
    assert a["break_from"] == "2023-03-01"
    # segment Mar 2023 .. Feb 2024: 10, 12, ..., 12 (12 points): mean 11; the 11 moving
    # ranges are all 2: MR̄ 2; UCL 11 + 2.66·2 = 16.32, LCL 5.68; 2-sigma lines
    # 11 ± 3.547: no point near or outside; sides alternate: no shift; no trend
    assert a["mean"] == pytest.approx(11.0)
    assert a["ucl"] == pytest.approx(16.32)
    assert a["lcl"] == pytest.approx(5.68)
    assert a["variation"] == "common_cause"
    assert a["assurance"] == "hit_and_miss"      # 5.68 < target 9 < 16.32
    assert a["rag"] == "green"                   # 12 >= 9


def test_without_the_break_the_earlier_level_flags_the_latest_point(indicators):
    t = indicators["ind_a_twin"]
    assert t["break_from"] is None
    # all 26 points: mean (7·20 + 7·22 + 6·10 + 6·12) / 26 = 426 / 26; moving ranges
    # 13 × 2, |10 − 22| = 12, 11 × 2: MR̄ 60 / 25 = 2.4; 2.66·2.4 = 6.384
    mean = 426 / 26
    assert t["mean"] == pytest.approx(mean)
    assert t["ucl"] == pytest.approx(mean + 6.384)
    assert t["lcl"] == pytest.approx(mean - 6.384)     # 10.0006
    # the last 12 points are all below the mean (a shift): low, concerning (higher is better)
    assert t["variation"] == "special_cause_concerning"
    assert t["assurance"] == "consistently_passing"    # LCL 10.0006 > 9
    assert t["rag"] == "green"


def test_no_run_crosses_a_break(ctx_ds):
    panels = by_id(indicator_panels(ctx_ds, parse_filters({}, ctx_ds)))
    twin, a = panels["ind_a_twin"]["spc"], panels["ind_a"]["spc"]
    # without breaks: 14 points above the mean (20, 22), then 12 below: two shifts
    assert twin.shift == (1,) * 14 + (-1,) * 12
    # with breaks: segments Jan-May 2022 (5 points) and Jun 2022-Feb 2023 (9 points) are too
    # short for SPC; Mar 2023-Feb 2024 alternates about its own mean: nothing flagged
    assert [(s.start, s.stop) for s in a.segments] == [(0, 5), (5, 14), (14, 26)]
    assert a.shift == (0,) * 26
    assert a.special_cause == (False,) * 26
    # the chart's breaks: those on or before as_of (2024-05-01 is not one)
    assert [b for b, _ in panels["ind_a"]["breaks"]] == [
        dt.date(2022, 6, 1), dt.date(2023, 3, 1), dt.date(2024, 3, 1)]


def test_latest_segment_under_12_points_has_no_spc_but_the_same_rag(indicators):
    s, twin = indicators["ind_short"], indicators["ind_short_twin"]
    assert s["break_from"] == "2023-04-01"
    assert [s[k] for k in SPC_KEYS] == [None] * 5        # Apr 2023 .. Feb 2024: 11 points
    # without the break: 20 points alternating 10, 12: mean 11, MR̄ 2, common cause
    assert twin["break_from"] is None
    assert twin["mean"] == pytest.approx(11.0) and twin["variation"] == "common_cause"
    assert twin["assurance"] == "hit_and_miss"           # 5.68 < 11 < 16.32
    # RAG does not depend on breaks: 12 >= 11 either way
    assert (s["value"], s["rag"]) == (twin["value"], twin["rag"]) == (12, "green")


def test_break_on_the_latest_period(indicators):
    e = indicators["ind_edge"]
    # 2024-02-01 is at (not before) latest_period: it is break_from, and leaves a one-point
    # segment; the break on the first point splits nothing
    assert (e["latest_period"], e["break_from"]) == ("2024-02-01", "2024-02-01")
    assert [e[k] for k in SPC_KEYS] == [None] * 5
    assert e["rag"] == "grey"                             # no target


def test_break_without_values(indicators):
    # no latest_period: no break at or before it
    e = indicators["ind_empty"]
    assert (e["latest_period"], e["value"], e["break_from"]) == (None, None, None)
    assert [e[k] for k in SPC_KEYS] == [None] * 5


def test_computed_indicator_with_a_break(indicators):
    m = indicators["mash_decision_within_1wd"]
    assert (m["latest_period"], m["value"]) == ("2024-03-01", pytest.approx(100.0))
    assert m["break_from"] == "2023-04-01"
    # segment Apr 2023 .. Mar 2024: 0, 100, ..., 100 (12 points): mean 50; MR̄ 100;
    # UCL 50 + 266 = 316, LCL 50 − 266 = −216 (never clamped); nothing flagged
    assert m["mean"] == pytest.approx(50.0)
    assert m["ucl"] == pytest.approx(316.0)
    assert m["lcl"] == pytest.approx(-216.0)
    assert m["variation"] == "common_cause"
    assert m["assurance"] == "hit_and_miss"       # −216 < 90 < 316
    assert m["rag"] == "green"                    # 100 >= 90


def test_computed_indicator_without_the_breaks_file(tmp_path):
    files = {**FILES, "indicator_breaks": None}
    m = by_id(summary_of(tmp_path, **files)["indicators"])["mash_decision_within_1wd"]
    assert m["break_from"] is None
    # all 15 points: 100 × 3 then 0, 100, ...: sum 100·(3 + 6) = 900, mean 60; moving
    # ranges 0, 0, then 12 × 100: MR̄ 1200 / 14
    assert m["mean"] == pytest.approx(60.0)
    assert m["ucl"] == pytest.approx(60.0 + 2.66 * 1200 / 14)
    assert m["rag"] == "green"


def test_breaks_after_as_of_are_ignored(tmp_path):
    # --as-of 2023-12-31: ind_a's series ends Dec 2023; 2024-03-01 and 2024-05-01 are after
    # as_of; the latest segment Mar .. Dec 2023 has 10 points
    ds = load(tmp_path, as_of="2023-12-31", **FILES)
    panels = by_id(indicator_panels(ds, parse_filters({}, ds)))
    a = panels["ind_a"]
    assert [b for b, _ in a["breaks"]] == [dt.date(2022, 6, 1), dt.date(2023, 3, 1)]
    assert (a["latest_period"], a["break_from"]) == ("2023-12-01", "2023-03-01")
    assert a["spc"].latest is None


def test_no_breaks_file(tmp_path):
    files = {**FILES, "indicator_breaks": None}
    got = by_id(summary_of(tmp_path, **files)["indicators"])
    assert {i: got[i]["break_from"] for i in got} == dict.fromkeys(got)
    # ind_a is then its twin
    assert {k: got["ind_a"][k] for k in SPC_KEYS} == {k: got["ind_a_twin"][k] for k in SPC_KEYS}


# ---- benchmarks ----------------------------------------------------------------------------
def test_benchmarks_latest_on_or_before_as_of_in_comparator_order(indicators):
    b = indicators["ind_a"]["benchmarks"]
    assert list(b) == ["england", "region", "statistical_neighbours"]
    assert b == {
        "england": {"period_start": "2023-04-01", "value": pytest.approx(22.6)},  # not Apr 2024
        "region": {"period_start": "2023-01-01", "value": pytest.approx(19.5)},
        "statistical_neighbours": {"period_start": "2023-07-01", "value": pytest.approx(18.0)},
    }
    # only comparators present, in the order region, statistical_neighbours
    assert list(indicators["ind_short_twin"]["benchmarks"]) == ["region",
                                                                 "statistical_neighbours"]
    # computed indicators have benchmarks too
    assert indicators["mash_decision_within_1wd"]["benchmarks"] == {
        "england": {"period_start": "2023-04-01", "value": pytest.approx(75.0)}}


def test_no_benchmark_by_as_of_gives_an_empty_object(indicators):
    assert indicators["ind_short"]["benchmarks"] == {}      # its only one is Apr 2024
    assert indicators["ind_a_twin"]["benchmarks"] == {}     # none at all


def test_benchmark_dated_as_of_counts(tmp_path):
    got = by_id(summary_of(tmp_path, as_of="2024-04-01", **FILES)["indicators"])
    assert got["ind_a"]["benchmarks"]["england"] == {"period_start": "2024-04-01",
                                                      "value": pytest.approx(25.0)}
    assert got["ind_short"]["benchmarks"] == {
        "england": {"period_start": "2024-04-01", "value": pytest.approx(30.0)}}


def test_no_benchmarks_file(tmp_path):
    files = {**FILES, "indicator_benchmarks": None}
    got = summary_of(tmp_path, **files)["indicators"]
    assert [i["benchmarks"] for i in got] == [{}] * len(CATALOGUE)


# ---- commentary ----------------------------------------------------------------------------
def test_latest_comment_per_indicator_and_per_area(ctx_ds, indicators):
    assert {i: indicators[i]["comment_id"] for i in indicators} == {
        "ind_a": "C9",                       # 25 Mar tie: "C9" > "C10" as text; C11 after as_of
        "ind_a_twin": None,                  # T1 is after as_of
        "ind_edge": None,
        "ind_empty": None,
        "ind_short": "S1",                   # written on as_of
        "ind_short_twin": None,
        "mash_decision_within_1wd": None,
    }
    areas = {a["area_id"]: a["comment_id"] for a in summarise(ctx_ds)["areas"]}
    # front_door: FD-2 (20 Mar), not ind_a's later C9/C10, not FD-3 (after as_of);
    # neglect: the 1 Feb tie, "N9" > "N10"
    assert areas == {"front_door": "FD-2", "neglect": "N9"}


def test_comments_at_an_earlier_as_of(tmp_path):
    # --as-of 2024-03-10
    s = summary_of(tmp_path, as_of="2024-03-10", **FILES)
    got = by_id(s["indicators"])
    assert got["ind_a"]["comment_id"] == "C1"          # C9, C10 are written 25 Mar
    assert got["ind_short"]["comment_id"] is None      # S0, S1: 30 and 31 Mar
    assert {a["area_id"]: a["comment_id"] for a in s["areas"]} == {"front_door": "FD-1",
                                                                   "neglect": "N9"}


def test_area_filter_applies_to_comments_and_the_indicator_set(ctx_ds):
    s = summarise(ctx_ds, {"area": "neglect"})
    assert [(i["indicator_id"], i["comment_id"]) for i in s["indicators"]] == [
        ("ind_short", "S1"), ("ind_short_twin", None)]
    assert [(a["area_id"], a["comment_id"]) for a in s["areas"]] == [("neglect", "N9")]
    context = indicator_context(ctx_ds, parse_filters({"area": "neglect"}, ctx_ds),
                                ctx_ds.as_of)
    assert set(context["comments"]) == {"ind_short"}
    assert set(context["area_comments"]) == {"neglect"}


@pytest.mark.parametrize("filters", [
    {"from": "all"}, {"from": "2024-03-26"}, {"from": "2023-01-01", "to": "2023-06-30"},
    {"agency": "health"},
])
def test_period_does_not_change_the_context(ctx_ds, indicators, filters):
    s = summarise(ctx_ds, filters)
    got = by_id(s["indicators"])
    for iid, i in got.items():
        assert {k: i[k] for k in ("break_from", "benchmarks", "comment_id", *SPC_KEYS)} == {
            k: indicators[iid][k] for k in ("break_from", "benchmarks", "comment_id",
                                            *SPC_KEYS)}, (filters, iid)
    assert {a["area_id"]: a["comment_id"] for a in s["areas"]} == {"front_door": "FD-2",
                                                                   "neglect": "N9"}


def test_no_commentary_file(tmp_path):
    files = {**FILES, "commentary": None}
    s = summary_of(tmp_path, **files)
    assert [i["comment_id"] for i in s["indicators"]] == [None] * len(CATALOGUE)
    assert [a["comment_id"] for a in s["areas"]] == [None, None]
