"""metrics.md "Audits": every `summary.audits` figure on hand-worked fixtures."""
from __future__ import annotations

import pytest

from metric_fixtures import audit, load, summarise, summary_of

AUDIT_KEYS = ["cases", "agency_returns", "good_or_better_pct", "inadequate_pct", "child_voice_pct",
              "family_involved_pct", "practitioner_involved_pct", "reaudits"]


def flags(voice, family, practitioner):
    return {"child_voice_evident": voice, "family_involved": family,
            "practitioner_involved": practitioner}


# AUD-1: multi-agency, neglect, July 2023 -- one child's case (K1) audited by three agencies
# AUD-2: single agency, front door, January 2024 -- another K1 (a different exercise: a
# different case)
ROWS = [
    audit("K1", "local_authority", "2023-07-10", "good", audit_id="AUD-1", **flags(True, True, True)),
    audit("K1", "police", "2023-07-11", "outstanding", audit_id="AUD-1", **flags(False, False, True)),
    audit("K1", "health", "2023-07-12", "inadequate", audit_id="AUD-1", **flags(True, False, False)),
    audit("K2", "local_authority", "2023-07-12", "requires_improvement", audit_id="AUD-1",
          **flags(False, False, True)),
    audit("K1", "health", "2024-01-15", "good", audit_id="AUD-2", audit_type="single_agency",
          area_id="front_door", **flags(True, False, True)),
]


def test_cases_returns_and_percentages(tmp_path):
    a = summary_of(tmp_path, audits=ROWS)["audits"]
    assert list(a) == AUDIT_KEYS
    # distinct (audit_id, case_ref): (AUD-1, K1), (AUD-1, K2), (AUD-2, K1)
    assert a["cases"] == 3
    assert a["agency_returns"] == 5
    assert a["good_or_better_pct"] == pytest.approx(60.0)        # good, outstanding, good: 3 / 5
    assert a["inadequate_pct"] == pytest.approx(20.0)            # 1 / 5
    assert a["child_voice_pct"] == pytest.approx(60.0)           # rows 1, 3, 5: 3 / 5
    assert a["family_involved_pct"] == pytest.approx(20.0)       # row 1: 1 / 5
    assert a["practitioner_involved_pct"] == pytest.approx(80.0) # rows 1, 2, 4, 5: 4 / 5
    assert a["reaudits"] == []


def test_filters_agency_area_type_and_period(tmp_path):
    ds = load(tmp_path, audits=ROWS)
    a = summarise(ds, {"agency": "health"})["audits"]
    # rows 3 (AUD-1 K1, inadequate) and 5 (AUD-2 K1, good): 2 cases, 2 returns, 1 / 2 good
    assert (a["cases"], a["agency_returns"]) == (2, 2)
    assert a["good_or_better_pct"] == pytest.approx(50.0)
    assert a["inadequate_pct"] == pytest.approx(50.0)
    a = summarise(ds, {"area": "front_door"})["audits"]
    assert (a["cases"], a["agency_returns"]) == (1, 1)           # row 5
    a = summarise(ds, {"audit-type": "multi_agency"})["audits"]
    assert (a["cases"], a["agency_returns"]) == (2, 4)           # AUD-1: K1, K2
    assert a["good_or_better_pct"] == pytest.approx(50.0)        # good, outstanding of 4
    a = summarise(ds, {"from": "2023-07-11", "to": "2023-07-11"})["audits"]
    assert (a["cases"], a["agency_returns"]) == (1, 1)           # row 2 (inclusive bounds)
    assert a["child_voice_pct"] == pytest.approx(0.0)
    a = summarise(ds, {"to": "2023-12-31"})["audits"]
    assert (a["cases"], a["agency_returns"]) == (2, 4)           # AUD-1 only
    a = summarise(ds, {"from": "2024-01-01"})["audits"]
    assert (a["cases"], a["agency_returns"]) == (1, 1)           # no upper bound but as_of


def test_rows_audited_after_as_of_are_ignored(tmp_path):
    rows = ROWS + [audit("K9", "police", "2024-04-02", "inadequate", audit_id="AUD-2",
                         audit_type="single_agency", area_id="front_door", **flags(True, True, True))]
    a = summary_of(tmp_path, audits=rows)["audits"]       # as_of 2024-03-31
    assert (a["cases"], a["agency_returns"]) == (3, 5)
    a = summary_of(tmp_path, audits=rows, as_of="2024-04-30")["audits"]
    assert (a["cases"], a["agency_returns"]) == (4, 6)
    assert a["inadequate_pct"] == pytest.approx(100.0 * 2 / 6)


# AUD-1 (above): 2 of 4 rows good or better = 50 %. AUD-3 re-audits it in February 2024 in
# the front door area: good, good, outstanding, requires improvement = 3 / 4 = 75 %; one more
# inadequate row is audited after as_of.
REAUDIT_ROWS = ROWS + [
    audit("K1", "local_authority", "2024-02-05", "good", audit_id="AUD-3", reaudit_of="AUD-1",
          area_id="front_door", **flags(True, True, True)),
    audit("K1", "police", "2024-02-05", "good", audit_id="AUD-3", reaudit_of="AUD-1",
          area_id="front_door", **flags(True, True, True)),
    audit("K1", "health", "2024-02-06", "outstanding", audit_id="AUD-3", reaudit_of="AUD-1",
          area_id="front_door", **flags(True, True, True)),
    audit("K2", "local_authority", "2024-02-06", "requires_improvement", audit_id="AUD-3",
          reaudit_of="AUD-1", area_id="front_door", **flags(True, True, True)),
    audit("K3", "local_authority", "2024-04-03", "inadequate", audit_id="AUD-3",
          reaudit_of="AUD-1", area_id="front_door", **flags(True, True, True)),
    # AUD-4 re-audits AUD-2, but all its rows are after as_of: no re-audit yet
    audit("K1", "health", "2024-05-01", "good", audit_id="AUD-4", reaudit_of="AUD-2",
          area_id="front_door", **flags(True, True, True)),
]


def test_reaudit_change_points(tmp_path):
    a = summary_of(tmp_path, audits=REAUDIT_ROWS)["audits"]
    assert a["reaudits"] == [{"audit_id": "AUD-3", "reaudit_of": "AUD-1",
                              "good_or_better_pct": pytest.approx(75.0),
                              "reaudit_of_good_or_better_pct": pytest.approx(50.0),
                              "change_points": pytest.approx(25.0)}]  # 75 − 50


def test_reaudit_uses_all_rows_whatever_the_filters(tmp_path):
    ds = load(tmp_path, audits=REAUDIT_ROWS)
    for filters in ({"agency": "police"}, {"area": "neglect"}, {"audit-type": "deep_dive"},
                    {"from": "2024-03-01"}, {"to": "2023-07-31"}):
        re = summarise(ds, filters)["audits"]["reaudits"]
        assert len(re) == 1, filters
        assert re[0]["good_or_better_pct"] == pytest.approx(75.0), filters
        assert re[0]["reaudit_of_good_or_better_pct"] == pytest.approx(50.0), filters
        assert re[0]["change_points"] == pytest.approx(25.0), filters


def test_reaudit_as_of(tmp_path):
    # as_of 2024-05-31: AUD-3 has its fifth (inadequate) row: 3 / 5 = 60 %, change 60 − 50 = 10;
    # AUD-4: 1 / 1 good = 100 % against AUD-2's 1 / 1 = 100 %: change 0
    a = summary_of(tmp_path, audits=REAUDIT_ROWS, as_of="2024-05-31")["audits"]
    by_id = {r["audit_id"]: r for r in a["reaudits"]}
    assert set(by_id) == {"AUD-3", "AUD-4"}
    assert by_id["AUD-3"]["good_or_better_pct"] == pytest.approx(60.0)
    assert by_id["AUD-3"]["change_points"] == pytest.approx(10.0)
    assert by_id["AUD-4"]["reaudit_of"] == "AUD-2"
    assert by_id["AUD-4"]["change_points"] == pytest.approx(0.0)


def test_no_rows_counts_zero_percentages_null(tmp_path):
    a = summary_of(tmp_path, audits=[])["audits"]
    assert a == {"cases": 0, "agency_returns": 0, "good_or_better_pct": None, "inadequate_pct": None,
                 "child_voice_pct": None, "family_involved_pct": None,
                 "practitioner_involved_pct": None, "reaudits": []}


def test_filters_matching_nothing(tmp_path):
    a = summary_of(tmp_path, audits=ROWS, filters={"agency": "housing"})["audits"]
    assert (a["cases"], a["agency_returns"]) == (0, 0)
    assert a["good_or_better_pct"] is None and a["practitioner_involved_pct"] is None


def test_section_null_when_file_absent(tmp_path):
    assert summary_of(tmp_path)["audits"] is None
