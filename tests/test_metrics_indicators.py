"""metrics.md "Indicators, RAG and statistical process control" and "Data returns":
`summary.indicators`, `summary.areas` and `summary.missing_returns` on hand-worked fixtures.

With as_of 2024-03-31 and the default return lag (30 days) the last due month is February
2024 (29 Feb + 30 = 30 Mar <= 31 Mar; 31 Mar + 30 > as_of) and the last due quarter is
Oct-Dec 2023 (31 Dec + 30 = 30 Jan 2024; 31 Mar 2024 + 30 > as_of).
"""
from __future__ import annotations

import datetime as dt

import pytest

from dashboard.filters import Filters
from dashboard.metrics import indicator_panels
from metric_fixtures import (action, audit, booking, catalogue_row, contact, load, monthly_rows,
                             summarise, summary_of)

INDICATOR_KEYS = ["indicator_id", "area_id", "latest_period", "value", "target", "rag",
                  "data_missing", "variation", "assurance", "mean", "ucl", "lcl",
                  "break_from", "benchmarks", "comment_id"]
AREA_KEYS = ["area_id", "rag", "red", "amber", "green", "grey", "worst_indicator_id",
             "comment_id"]
# With no indicator_breaks, indicator_benchmarks or commentary file (metrics.md).
NO_CONTEXT = {"break_from": None, "benchmarks": {}, "comment_id": None}


def supplied(indicator_id, area_id="front_door", source="police", frequency="monthly",
             expected_from="2024-02-01", **other):
    return catalogue_row(indicator_id, area_id, source=source, frequency=frequency,
                         expected_from=expected_from, **other)


def by_id(items):
    return {i["indicator_id"]: i for i in items}


# ---- RAG --------------------------------------------------------------------------------------
RAG_CASES = [
    # id, polarity, target, amber_tolerance, value, rag
    ("h_green_at_target", "higher_is_better", 90, 5, 90, "green"),
    ("h_amber_at_edge", "higher_is_better", 90, 5, 85, "amber"),       # t − a <= v < t
    ("h_red_below_edge", "higher_is_better", 90, 5, 84.9, "red"),       # v < t − a
    ("h_red_no_tolerance", "higher_is_better", 90, None, 89.99, "red"),  # empty tolerance = 0
    ("l_green_at_target", "lower_is_better", 10, 2, 10, "green"),
    ("l_amber_at_edge", "lower_is_better", 10, 2, 12, "amber"),         # t < v <= t + a
    ("l_red_above_edge", "lower_is_better", 10, 2, 12.1, "red"),
    ("l_green_below", "lower_is_better", 10, 2, 3, "green"),
    ("x_no_target", "higher_is_better", None, 5, 50, "grey"),
]


def test_indicator_rag(tmp_path):
    catalogue = [supplied(i, unit="score", polarity=p, target=t, amber_tolerance=a)
                 for i, p, t, a, _, _ in RAG_CASES]
    rows = [{"indicator_id": i, "period_start": "2024-02-01", "value": v}
            for i, _, _, _, v, _ in RAG_CASES]
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows)
    got = by_id(s["indicators"])
    for i, _, t, _, v, rag in RAG_CASES:
        assert list(got[i]) == INDICATOR_KEYS
        assert got[i]["rag"] == rag, i
        assert got[i]["value"] == pytest.approx(v)
        assert got[i]["target"] == (None if t is None else pytest.approx(t))
        assert got[i]["latest_period"] == "2024-02-01"
        assert got[i]["data_missing"] is False
        # one point: no SPC, no assurance
        assert [got[i][k] for k in ("variation", "assurance", "mean", "ucl", "lcl")] == [None] * 5
    assert s["missing_returns"] == []   # February 2024 is the only due month, and returned


def test_latest_value_is_the_latest_period_on_or_before_as_of(tmp_path):
    catalogue = [supplied("ind", target=50, expected_from="2023-12-01")]
    rows = monthly_rows("ind", "2023-12-01", [10, 60, 20, 70, 80])  # Dec 2023 .. Apr 2024
    # written out of order: the series is ordered by period_start
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows[::-1])
    ind = s["indicators"][0]
    # April 2024 starts after as_of: ignored; March 2024 (not yet due) is the latest
    assert (ind["latest_period"], ind["value"], ind["rag"]) == ("2024-03-01", 70, "green")
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows, as_of="2024-02-15")
    ind = s["indicators"][0]
    assert (ind["latest_period"], ind["value"], ind["rag"]) == ("2024-02-01", 20, "red")


# ---- data missing -----------------------------------------------------------------------------
def test_data_missing_when_latest_value_older_than_last_due_period(tmp_path):
    catalogue = [
        supplied("m_old", target=50, expected_from="2024-01-01"),   # latest Jan < Feb: missing
        supplied("m_due", target=50, expected_from="2024-01-01"),   # latest Feb: fine
        supplied("q_due", target=50, frequency="quarterly", expected_from="2023-07-01"),
        supplied("q_old", target=50, frequency="quarterly", expected_from="2023-07-01"),
        # nothing due yet (March 2024 is not due): no value, grey, but no data missing
        supplied("m_new", target=50, expected_from="2024-03-01"),
    ]
    rows = (monthly_rows("m_old", "2024-01-01", [90])
            + monthly_rows("m_due", "2024-01-01", [90, 90])
            + [{"indicator_id": "q_due", "period_start": "2023-10-01", "value": 90},
               {"indicator_id": "q_old", "period_start": "2023-07-01", "value": 90}])
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows)
    got = by_id(s["indicators"])
    assert (got["m_old"]["rag"], got["m_old"]["data_missing"]) == ("grey", True)
    assert (got["m_old"]["latest_period"], got["m_old"]["value"]) == ("2024-01-01", 90)
    assert (got["m_due"]["rag"], got["m_due"]["data_missing"]) == ("green", False)
    assert (got["q_due"]["rag"], got["q_due"]["data_missing"]) == ("green", False)
    assert (got["q_old"]["rag"], got["q_old"]["data_missing"]) == ("grey", True)
    assert got["m_new"] == {"indicator_id": "m_new", "area_id": "front_door", "latest_period": None,
                            "value": None, "target": 50, "rag": "grey", "data_missing": False,
                            "variation": None, "assurance": None, "mean": None, "ucl": None,
                            "lcl": None, **NO_CONTEXT}


def test_return_lag_days_moves_the_last_due_period(tmp_path):
    catalogue = [supplied("m", target=50, expected_from="2024-01-01")]
    rows = monthly_rows("m", "2024-01-01", [90, 90])   # January and February 2024
    # lag 0: March 2024 (31 Mar + 0 <= as_of) is due and missing
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows,
                   partnership={"return_lag_days": 0})
    assert (s["indicators"][0]["rag"], s["indicators"][0]["data_missing"]) == ("grey", True)
    assert s["missing_returns"] == [{"indicator_id": "m", "source": "police",
                                     "period_start": "2024-03-01"}]
    # lag 45: the last due month is January (31 Jan + 45 = 16 Mar; 29 Feb + 45 = 14 Apr)
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows[:1],
                   partnership={"return_lag_days": 45})
    assert (s["indicators"][0]["rag"], s["indicators"][0]["data_missing"]) == ("green", False)
    assert s["missing_returns"] == []


# ---- missing returns ---------------------------------------------------------------------------
MR_CATALOGUE = [
    supplied("p_b", source="police", expected_from="2023-11-01"),
    supplied("p_a", source="police", expected_from="2024-01-01", area_id="neglect"),
    supplied("h_q", source="health", frequency="quarterly", expected_from="2023-04-01",
             area_id="neglect"),
    supplied("e_new", source="education", expected_from="2024-03-01"),
    catalogue_row("mash_decision_within_1wd"),   # computed: never a missing return
]
MR_ROWS = (
    # p_b: due Nov, Dec 2023, Jan, Feb 2024; returned Nov and Jan (and March, not yet due)
    monthly_rows("p_b", "2023-11-01", [50]) + monthly_rows("p_b", "2024-01-01", [50])
    + monthly_rows("p_b", "2024-03-01", [50])
    # p_a: due Jan, Feb 2024; February's only row is rejected (a percentage above 100)
    + monthly_rows("p_a", "2024-01-01", [50, 150])
    # h_q: due Apr-Jun, Jul-Sep, Oct-Dec 2023; returned Jul-Sep only
    + [{"indicator_id": "h_q", "period_start": "2023-07-01", "value": 50}]
)


def test_missing_returns_order_and_due_periods(tmp_path):
    s = summary_of(tmp_path, indicator_catalogue=MR_CATALOGUE, indicators=MR_ROWS, strict=False)
    assert s["validation"]["quarantined_rows"] == 1
    # by (source, indicator_id, period_start); e_new has nothing due yet
    assert s["missing_returns"] == [
        {"indicator_id": "h_q", "source": "health", "period_start": "2023-04-01"},
        {"indicator_id": "h_q", "source": "health", "period_start": "2023-10-01"},
        {"indicator_id": "p_a", "source": "police", "period_start": "2024-02-01"},
        {"indicator_id": "p_b", "source": "police", "period_start": "2023-12-01"},
        {"indicator_id": "p_b", "source": "police", "period_start": "2024-02-01"},
    ]


def test_missing_returns_with_no_lag_and_a_later_as_of(tmp_path):
    s = summary_of(tmp_path, indicator_catalogue=MR_CATALOGUE, indicators=MR_ROWS, strict=False,
                   partnership={"return_lag_days": 0}, as_of="2024-04-15")
    # lag 0, as_of 15 Apr: months due to March 2024, quarters to Jan-Mar 2024
    assert s["missing_returns"] == [
        {"indicator_id": "e_new", "source": "education", "period_start": "2024-03-01"},
        {"indicator_id": "h_q", "source": "health", "period_start": "2023-04-01"},
        {"indicator_id": "h_q", "source": "health", "period_start": "2023-10-01"},
        {"indicator_id": "h_q", "source": "health", "period_start": "2024-01-01"},
        {"indicator_id": "p_a", "source": "police", "period_start": "2024-02-01"},
        {"indicator_id": "p_a", "source": "police", "period_start": "2024-03-01"},
        {"indicator_id": "p_b", "source": "police", "period_start": "2023-12-01"},
        {"indicator_id": "p_b", "source": "police", "period_start": "2024-02-01"},
    ]


# ---- indicator set under the area and agency filters --------------------------------------------
def test_indicator_set_under_area_and_agency_filters(tmp_path):
    catalogue = MR_CATALOGUE + [catalogue_row("audit_good_or_better", "neglect",
                                              frequency="quarterly")]
    ds = load(tmp_path, indicator_catalogue=catalogue, indicators=MR_ROWS, strict=False)

    def listed(filters):
        s = summarise(ds, filters)
        return ([i["indicator_id"] for i in s["indicators"]], [a["area_id"] for a in s["areas"]],
                sorted({m["indicator_id"] for m in s["missing_returns"]}))

    # sorted by (area_id, indicator_id)
    assert listed({}) == (["e_new", "mash_decision_within_1wd", "p_b",
                           "audit_good_or_better", "h_q", "p_a"],
                          ["front_door", "neglect"], ["h_q", "p_a", "p_b"])
    # agency: supplied indicators of the agency; computed ones always
    assert listed({"agency": "police"}) == (["mash_decision_within_1wd", "p_b",
                                             "audit_good_or_better", "p_a"],
                                            ["front_door", "neglect"], ["p_a", "p_b"])
    assert listed({"agency": "health,education"}) == (["e_new", "mash_decision_within_1wd",
                                                       "audit_good_or_better", "h_q"],
                                                      ["front_door", "neglect"], ["h_q"])
    # area: only the areas' indicators, and only those areas listed
    assert listed({"area": "neglect"}) == (["audit_good_or_better", "h_q", "p_a"], ["neglect"],
                                           ["h_q", "p_a"])
    assert listed({"area": "front_door", "agency": "health"}) == (
        ["mash_decision_within_1wd"], ["front_door"], [])
    # counts follow the set: neglect has 3 indicators, 2 with agency police
    s = summarise(ds, {"agency": "police"})
    neglect = next(a for a in s["areas"] if a["area_id"] == "neglect")
    assert neglect["red"] + neglect["amber"] + neglect["green"] + neglect["grey"] == 2


def test_sections_null_when_catalogue_or_areas_unavailable(tmp_path):
    s = summary_of(tmp_path / "a", indicator_catalogue=None)
    assert (s["indicators"], s["areas"], s["missing_returns"]) == (None, None, None)
    s = summary_of(tmp_path / "b", priority_areas=None,
                   indicator_catalogue=[catalogue_row("mash_conversion_rate")])
    assert (s["indicators"], s["areas"], s["missing_returns"]) == (None, None, None)


def test_computed_indicator_with_its_file_absent_is_listed_with_nulls(tmp_path):
    s = summary_of(tmp_path, indicator_catalogue=[catalogue_row("mash_conversion_rate", target=10)])
    assert s["indicators"] == [{"indicator_id": "mash_conversion_rate", "area_id": "front_door",
                                "latest_period": None, "value": None, "target": 10, "rag": "grey",
                                "data_missing": False, "variation": None, "assurance": None,
                                "mean": None, "ucl": None, "lcl": None, **NO_CONTEXT}]


# ---- SPC --------------------------------------------------------------------------------------
ALTERNATING = [10, 12] * 6   # 12 points: mean 11, every moving range 2
SPIKE = [10, 12] * 5 + [10, 40]


def test_spc_fields_only_with_12_points(tmp_path):
    catalogue = [
        supplied("twelve", unit="score", target=5, expected_from="2023-03-01"),
        supplied("eleven", unit="score", target=5, expected_from="2023-04-01"),
        supplied("twelve_no_target", unit="score", expected_from="2023-03-01"),
        supplied("twelve_lower_pass", unit="score", target=20, polarity="lower_is_better",
                 expected_from="2023-03-01"),
        supplied("twelve_lower_fail", unit="score", target=5, polarity="lower_is_better",
                 expected_from="2023-03-01"),
        supplied("twelve_higher_fail", unit="score", target=20, expected_from="2023-03-01"),
        supplied("twelve_hit_and_miss", unit="score", target=11, expected_from="2023-03-01"),
    ]
    rows = (monthly_rows("twelve", "2023-03-01", ALTERNATING)          # Mar 2023 - Feb 2024
            + monthly_rows("eleven", "2023-04-01", ALTERNATING[1:])    # Apr 2023 - Feb 2024
            + monthly_rows("twelve_no_target", "2023-03-01", ALTERNATING)
            + monthly_rows("twelve_lower_pass", "2023-03-01", ALTERNATING)
            + monthly_rows("twelve_lower_fail", "2023-03-01", ALTERNATING)
            + monthly_rows("twelve_higher_fail", "2023-03-01", ALTERNATING)
            + monthly_rows("twelve_hit_and_miss", "2023-03-01", ALTERNATING))
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows)
    got = by_id(s["indicators"])
    # mean (6·10 + 6·12) / 12 = 11; MR̄ = 2; limits 11 ± 2.66·2 = 16.32 / 5.68;
    # 2-sigma lines 11 ± 3.547: no point near or outside, sides alternate, no trend
    t = got["twelve"]
    assert t["mean"] == pytest.approx(11.0)
    assert t["ucl"] == pytest.approx(16.32)
    assert t["lcl"] == pytest.approx(5.68)
    assert t["variation"] == "common_cause"
    assert t["assurance"] == "consistently_passing"      # LCL 5.68 > target 5
    assert t["rag"] == "green"                           # latest 12 >= 5
    e = got["eleven"]
    assert [e[k] for k in ("variation", "assurance", "mean", "ucl", "lcl")] == [None] * 5
    assert (e["value"], e["rag"]) == (12, "green")
    n = got["twelve_no_target"]
    assert n["variation"] == "common_cause" and n["mean"] == pytest.approx(11.0)
    assert n["assurance"] is None and n["rag"] == "grey"
    assert got["twelve_lower_pass"]["assurance"] == "consistently_passing"  # UCL 16.32 < 20
    assert got["twelve_lower_fail"]["assurance"] == "consistently_failing"  # LCL 5.68 > 5
    assert got["twelve_higher_fail"]["assurance"] == "consistently_failing"  # UCL 16.32 < 20
    assert got["twelve_hit_and_miss"]["assurance"] == "hit_and_miss"


def test_spc_uses_the_full_series_whatever_the_period(tmp_path):
    catalogue = [supplied("spike", unit="score", target=15, amber_tolerance=5,
                          polarity="lower_is_better", expected_from="2023-03-01")]
    ds = load(tmp_path, indicator_catalogue=catalogue,
              indicators=monthly_rows("spike", "2023-03-01", SPIKE))
    for filters in ({}, {"from": "2024-01-01"}, {"to": "2023-06-30"}):
        i = summarise(ds, filters)["indicators"][0]
        # mean (6·10 + 5·12 + 40) / 12 = 160 / 12; MR̄ = (10·2 + 30) / 11 = 50 / 11;
        # UCL = 13.33 + 2.66 · 4.545 = 25.42 < 40: outside, high -> concerning (lower is better)
        assert i["mean"] == pytest.approx(160 / 12), filters
        assert i["ucl"] == pytest.approx(160 / 12 + 2.66 * 50 / 11), filters
        assert i["lcl"] == pytest.approx(160 / 12 - 2.66 * 50 / 11), filters
        assert i["variation"] == "special_cause_concerning", filters
        assert (i["latest_period"], i["value"], i["rag"]) == ("2024-02-01", 40, "red"), filters


# ---- areas ------------------------------------------------------------------------------------
def test_area_rag_counts_and_worst_indicator(tmp_path):
    areas = [  # file order, not alphabetical
        {"area_id": "neglect", "name": "Neglect", "subgroup": "Practice"},
        {"area_id": "exploitation", "name": "Exploitation", "subgroup": "Practice"},
        {"area_id": "front_door", "name": "Front door", "subgroup": "Performance"},
        {"area_id": "online", "name": "Online", "subgroup": "Practice"},
    ]

    def ind(iid, area, target, tol=None, polarity="lower_is_better"):
        return supplied(iid, area, unit="score", polarity=polarity, target=target,
                        amber_tolerance=tol, expected_from="2023-03-01")

    catalogue = [
        # front_door: latest 40, concerning (see the SPC test above)
        ind("zz_red", "front_door", 15, 5),         # 40 > 15 + 5: red
        ind("aa_amber", "front_door", 38, 5),       # 38 < 40 <= 43: amber
        ind("bb_green", "front_door", 12),          # ALTERNATING ends at 12 <= 12: green, common
        # neglect: two red concerning -> ties by indicator_id; a red common-cause one is
        # never the worst-moving
        ind("n2", "neglect", 15), ind("n1", "neglect", 15),
        ind("n0", "neglect", 1),                    # ALTERNATING, 12 > 1: red, common cause
        # exploitation: grey only (no target): a concerning grey one is still the worst-moving
        # (the ranking is red, amber, green, grey); the improving one is not concerning
        ind("x_grey", "exploitation", None),
        ind("x_improving", "exploitation", None, polarity="higher_is_better"),
        # online: nothing
    ]
    rows = (monthly_rows("zz_red", "2023-03-01", SPIKE) + monthly_rows("aa_amber", "2023-03-01", SPIKE)
            + monthly_rows("bb_green", "2023-03-01", ALTERNATING)
            + monthly_rows("n2", "2023-03-01", SPIKE) + monthly_rows("n1", "2023-03-01", SPIKE)
            + monthly_rows("n0", "2023-03-01", ALTERNATING)
            + monthly_rows("x_grey", "2023-03-01", SPIKE)
            + monthly_rows("x_improving", "2023-03-01", SPIKE))
    ds = load(tmp_path, priority_areas=areas, indicator_catalogue=catalogue, indicators=rows)
    s = summarise(ds)
    got = by_id(s["indicators"])
    assert got["zz_red"]["variation"] == "special_cause_concerning"
    assert got["x_improving"]["variation"] == "special_cause_improving"
    assert got["bb_green"]["variation"] == "common_cause"
    assert s["areas"] == [
        {"area_id": "neglect", "rag": "red", "red": 3, "amber": 0, "green": 0, "grey": 0,
         "worst_indicator_id": "n1", "comment_id": None},
        {"area_id": "exploitation", "rag": "grey", "red": 0, "amber": 0, "green": 0, "grey": 2,
         "worst_indicator_id": "x_grey", "comment_id": None},
        {"area_id": "front_door", "rag": "red", "red": 1, "amber": 1, "green": 1, "grey": 0,
         "worst_indicator_id": "zz_red", "comment_id": None},
        {"area_id": "online", "rag": "grey", "red": 0, "amber": 0, "green": 0, "grey": 0,
         "worst_indicator_id": None, "comment_id": None},
    ]
    assert all(list(a) == AREA_KEYS for a in s["areas"])
    # the area filter lists only its areas, in file order
    s = summarise(ds, {"area": "front_door,neglect"})
    assert [a["area_id"] for a in s["areas"]] == ["neglect", "front_door"]
    s = summarise(ds, {"area": "front_door"})
    assert s["areas"] == [{"area_id": "front_door", "rag": "red", "red": 1, "amber": 1,
                           "green": 1, "grey": 0, "worst_indicator_id": "zz_red", "comment_id": None}]


def test_area_rag_amber_with_greys_ignored(tmp_path):
    catalogue = [supplied("a", target=50, amber_tolerance=10),
                 supplied("g", target=50), supplied("n"),
                 supplied("old", target=50, expected_from="2024-01-01")]  # data missing: grey
    rows = [{"indicator_id": "a", "period_start": "2024-02-01", "value": 45},   # amber
            {"indicator_id": "g", "period_start": "2024-02-01", "value": 55},   # green
            {"indicator_id": "n", "period_start": "2024-02-01", "value": 5},    # no target: grey
            {"indicator_id": "old", "period_start": "2024-01-01", "value": 1}]  # would be red
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows)
    assert s["areas"][0] == {"area_id": "front_door", "rag": "amber", "red": 0, "amber": 1,
                             "green": 1, "grey": 2, "worst_indicator_id": None, "comment_id": None}


# ---- the six computed indicators ----------------------------------------------------------------
COMPUTED_CATALOGUE = [
    catalogue_row("mash_decision_within_1wd", target=90, amber_tolerance=10),
    catalogue_row("mash_conversion_rate"),
    catalogue_row("mash_repeat_contacts_12m", polarity="lower_is_better", target=20),
    catalogue_row("audit_good_or_better", "neglect", frequency="quarterly", target=60),
    catalogue_row("training_confidence_uplift", "neglect", unit="score", frequency="quarterly",
                  target=0.5),
    catalogue_row("actions_completed_on_time", "neglect", frequency="quarterly", target=80,
                  amber_tolerance=15),
]
COMPUTED_FILES = dict(
    mash_contacts=[
        # January 2024: decided j1 (same day: within; referral: converted), j2 (Fri 12 Jan,
        # decided Tue 16 Jan > Mon 15 Jan: late); j3 pending and a repeat of child A
        contact("j1", "A", "2024-01-08T09:00", "referral_social_care", "2024-01-08T15:00"),
        contact("j2", "B", "2024-01-12T09:00", "no_further_action", "2024-01-16T09:00"),
        contact("j3", "A", "2024-01-20T09:00", referrer_agency="health"),
        # February: both within; one strategy discussion; no repeats
        contact("f1", "C", "2024-02-05T09:00", "strategy_discussion", "2024-02-05T12:00"),
        contact("f2", "D", "2024-02-06T09:00", "early_help", "2024-02-06T12:00"),
        # March: within, not converted, a repeat of child A (20 Jan -> 4 Mar)
        contact("m1", "A", "2024-03-04T09:00", "early_help", "2024-03-04T12:00"),
    ],
    audits=[
        # Jul-Sep 2023: good, inadequate = 50 %
        audit("K1", "police", "2023-07-10", "good", audit_id="A1"),
        audit("K1", "health", "2023-08-10", "inadequate", audit_id="A1"),
        # Oct-Dec 2023: good, outstanding, requires improvement = 2 / 3
        audit("K2", "police", "2023-10-10", "good", audit_id="A2", area_id="front_door"),
        audit("K2", "health", "2023-11-10", "outstanding", audit_id="A2", area_id="front_door"),
        audit("K3", "police", "2023-12-10", "requires_improvement", audit_id="A2",
              area_id="front_door"),
        # Jan-Mar 2024: good = 100 %
        audit("K4", "police", "2024-03-31", "good", audit_id="A3"),
    ],
    training=[
        # Jul-Sep 2023: attended but no confidence pair: no value, no point
        booking("T0", "2023-08-01", rating=4),
        # Oct-Dec 2023: +2 and 0 -> mean 1.0
        booking("T1", "2023-10-05", confidence_before=2, confidence_after=4),
        booking("T2", "2023-12-20", confidence_before=3, confidence_after=3),
        # Jan-Mar 2024: -1 (T4 not attended: its values are ignored) -> -1.0
        booking("T3", "2024-02-01", confidence_before=4, confidence_after=3),
        booking("T4", "2024-02-01", attended=False),
    ],
    actions=[
        # due Oct-Dec 2023: X1 on time, X2 late, X3 not started -> 1 / 3
        action("X1", "2023-11-30", "completed", "2023-11-20"),
        action("X2", "2023-12-15", "completed", "2024-01-05"),
        action("X3", "2023-10-10", area_id="neglect"),
        # due Jan-Mar 2024: X4, X5 on time; X6 completed after its due date -> 2 / 3
        action("X4", "2024-02-01", "impact_evidenced", "2024-02-01", owner="Police"),
        action("X5", "2024-03-31", "completed", "2024-03-30"),
        action("X6", "2024-03-20", "completed", "2024-04-02"),
        # due Apr-Jun 2024: quarter not complete
        action("X7", "2024-05-01"),
    ],
)


def test_six_computed_indicators(tmp_path):
    ds = load(tmp_path, indicator_catalogue=COMPUTED_CATALOGUE, **COMPUTED_FILES)
    series = {p["indicator_id"]: p["series"] for p in indicator_panels(ds, Filters())}
    d = dt.date
    assert series["mash_decision_within_1wd"] == [
        (d(2024, 1, 1), pytest.approx(50.0)), (d(2024, 2, 1), pytest.approx(100.0)),
        (d(2024, 3, 1), pytest.approx(100.0))]        # March is complete on 31 Mar
    assert series["mash_conversion_rate"] == [
        (d(2024, 1, 1), pytest.approx(50.0)), (d(2024, 2, 1), pytest.approx(50.0)),
        (d(2024, 3, 1), pytest.approx(0.0))]
    assert series["mash_repeat_contacts_12m"] == [
        (d(2024, 1, 1), pytest.approx(100.0 / 3)), (d(2024, 2, 1), pytest.approx(0.0)),
        (d(2024, 3, 1), pytest.approx(100.0))]
    assert series["audit_good_or_better"] == [
        (d(2023, 7, 1), pytest.approx(50.0)), (d(2023, 10, 1), pytest.approx(200.0 / 3)),
        (d(2024, 1, 1), pytest.approx(100.0))]
    assert series["training_confidence_uplift"] == [
        (d(2023, 10, 1), pytest.approx(1.0)), (d(2024, 1, 1), pytest.approx(-1.0))]
    assert series["actions_completed_on_time"] == [
        (d(2023, 10, 1), pytest.approx(100.0 / 3)), (d(2024, 1, 1), pytest.approx(200.0 / 3))]

    got = by_id(summarise(ds)["indicators"])
    expected = {  # latest period, value, RAG
        "mash_decision_within_1wd": ("2024-03-01", 100.0, "green"),    # >= 90
        "mash_conversion_rate": ("2024-03-01", 0.0, "grey"),           # no target
        "mash_repeat_contacts_12m": ("2024-03-01", 100.0, "red"),      # lower; > 20 + 0
        "audit_good_or_better": ("2024-01-01", 100.0, "green"),
        "training_confidence_uplift": ("2024-01-01", -1.0, "red"),     # < 0.5
        "actions_completed_on_time": ("2024-01-01", 200.0 / 3, "amber"),  # 65 <= 66.7 < 80
    }
    for iid, (period, value, rag) in expected.items():
        i = got[iid]
        assert (i["latest_period"], i["value"], i["rag"]) == (period, pytest.approx(value), rag), iid
        assert i["data_missing"] is False and i["variation"] is None, iid


def test_computed_indicators_use_all_rows_whatever_the_filters(tmp_path):
    ds = load(tmp_path, indicator_catalogue=COMPUTED_CATALOGUE, **COMPUTED_FILES)
    base = summarise(ds)["indicators"]
    for filters in ({"agency": "health", "concern": "missing", "audit-type": "thematic"},
                    {"from": "2024-02-01", "to": "2024-02-29"},
                    {"owner": "police", "status": "completed"}):
        assert summarise(ds, filters)["indicators"] == base, filters
    # the area filter narrows the set, not the values
    neglect = summarise(ds, {"area": "neglect"})["indicators"]
    assert neglect == [i for i in base if i["area_id"] == "neglect"]


def test_computed_indicators_only_complete_periods(tmp_path):
    # --as-of 2024-03-20: March and Jan-Mar 2024 are incomplete
    ds = load(tmp_path, indicator_catalogue=COMPUTED_CATALOGUE, as_of="2024-03-20",
              **COMPUTED_FILES)
    got = by_id(summarise(ds)["indicators"])
    assert (got["mash_decision_within_1wd"]["latest_period"],
            got["mash_decision_within_1wd"]["value"]) == ("2024-02-01", pytest.approx(100.0))
    assert (got["mash_repeat_contacts_12m"]["latest_period"],
            got["mash_repeat_contacts_12m"]["value"]) == ("2024-02-01", pytest.approx(0.0))
    assert (got["audit_good_or_better"]["latest_period"],
            got["audit_good_or_better"]["value"]) == ("2023-10-01", pytest.approx(200.0 / 3))
    assert (got["training_confidence_uplift"]["latest_period"],
            got["training_confidence_uplift"]["value"]) == ("2023-10-01", pytest.approx(1.0))
    assert (got["actions_completed_on_time"]["latest_period"],
            got["actions_completed_on_time"]["value"]) == ("2023-10-01", pytest.approx(100.0 / 3))
