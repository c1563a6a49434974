"""metrics.md "Actions, as at as_of": every `summary.actions` figure on hand-worked fixtures."""
from __future__ import annotations

import pytest

from metric_fixtures import action, load, summarise, summary_of

ACTION_KEYS = ["total", "open", "overdue", "completed", "completed_on_time_pct",
               "impact_evidenced_pct"]

# as_of 2024-03-31 (partnership.toml)
ROWS = [
    # open, due after as_of: not overdue
    action("A1", "2024-04-30", owner="Local Authority", area_id="neglect", source_type="audit"),
    # open, due before as_of: overdue
    action("A2", "2024-03-01", "in_progress", owner="  local authority  ", area_id="neglect",
           source_type="lcspr"),
    # open, due on as_of: not overdue (due_on < as_of is strict)
    action("A3", "2024-03-31", owner="Police", area_id="front_door", source_type="audit"),
    # completed before its due date: on time
    action("A4", "2024-02-15", "completed", "2024-02-01", owner="Police", source_type="lcspr"),
    # completed after its due date: late
    action("A5", "2024-03-01", "completed", "2024-03-10", owner="Health, ICB", area_id="neglect",
           source_type="rapid_review"),
    # impact evidenced, completed on its due date: on time
    action("A6", "2024-01-10", "impact_evidenced", "2024-01-10", owner="Police",
           area_id="front_door", source_type="audit"),
    # marked completed on 10 Apr 2024, after as_of: in progress at as_of, and overdue
    action("A7", "2024-03-15", "completed", "2024-04-10", owner="Local Authority",
           source_type="section_11"),
    # impact evidenced on 1 May 2024, after as_of: in progress at as_of, not overdue
    action("A8", "2024-06-30", "impact_evidenced", "2024-05-01", owner="Health, ICB",
           area_id="front_door", source_type="audit"),
    # raised after as_of: ignored
    action("A9", "2024-05-01", raised_on="2024-04-05", owner="Police", area_id="neglect"),
]


def figures(total, open_, overdue, completed, on_time, impact):
    return {"total": total, "open": open_, "overdue": overdue, "completed": completed,
            "completed_on_time_pct": on_time if on_time is None else pytest.approx(on_time),
            "impact_evidenced_pct": impact if impact is None else pytest.approx(impact)}


def test_actions_as_at_as_of(tmp_path):
    a = summary_of(tmp_path, actions=ROWS)["actions"]
    assert list(a) == ACTION_KEYS
    # total A1-A8; open A1, A2, A3, A7, A8; overdue A2, A7; completed A4, A5, A6;
    # on time A4, A6: 2 / 3; impact evidenced A6: 1 / 3
    assert a == figures(8, 5, 2, 3, 100.0 * 2 / 3, 100.0 / 3)


def test_actions_with_a_later_as_of(tmp_path):
    a = summary_of(tmp_path, actions=ROWS, as_of="2024-05-31")["actions"]
    # total A1-A9; open A1, A2, A3, A9, all due before 31 May: overdue 4;
    # completed A4, A5, A6, A7 (late: 10 Apr > 15 Mar), A8 (on time): on time A4, A6, A8
    # = 3 / 5; impact evidenced A6, A8 = 2 / 5
    assert a == figures(9, 4, 4, 5, 60.0, 40.0)


@pytest.fixture(scope="module")
def actions_ds(tmp_path_factory):
    return load(tmp_path_factory.mktemp("actions"), actions=ROWS)


@pytest.mark.parametrize("filters, expected", [
    # owner: trimmed, case-insensitive -- A1, A2, A7 (open, A2 and A7 overdue)
    ({"owner": "LOCAL AUTHORITY"}, (3, 3, 2, 0, None, None)),
    # A3 open; A4, A6 completed on time; A6 impact evidenced
    ({"owner": "police"}, (3, 1, 0, 2, 100.0, 50.0)),
    # "\," is a literal comma: A5 (late), A8 (open)
    ({"owner": "Health\\, ICB"}, (2, 1, 0, 1, 0.0, 0.0)),
    ({"owner": "Health"}, (0, 0, 0, 0, None, None)),  # free text: no match, no rows
    ({"owner": "police, local authority"}, (6, 4, 2, 2, 100.0, 50.0)),
    # area: rows without area_id (A4, A7) are left out
    ({"area": "neglect"}, (3, 2, 1, 1, 0.0, 0.0)),            # A1, A2, A5
    ({"area": "front_door"}, (3, 2, 0, 1, 100.0, 100.0)),     # A3, A6, A8
    ({"area": "neglect,front_door"}, (6, 4, 1, 2, 50.0, 50.0)),
    ({"area": "none"}, (2, 1, 1, 1, 100.0, 0.0)),             # A4, A7: "not recorded"
    # source type
    ({"source-type": "audit"}, (4, 3, 0, 1, 100.0, 100.0)),   # A1, A3, A6, A8
    ({"source-type": "lcspr,section_11"}, (3, 2, 2, 1, 100.0, 0.0)),  # A2, A4, A7
    # status at as_of: A7 and A8 are in progress, not completed / impact evidenced
    ({"status": "in_progress"}, (3, 3, 2, 0, None, None)),    # A2, A7, A8
    ({"status": "completed"}, (2, 0, 0, 2, 50.0, 0.0)),       # A4, A5
    ({"status": "impact_evidenced"}, (1, 0, 0, 1, 100.0, 100.0)),  # A6
    ({"status": "not_started"}, (2, 2, 0, 0, None, None)),    # A1, A3
    # never filtered by period or agency
    ({"from": "2024-03-01", "to": "2024-03-05"}, (8, 5, 2, 3, 100.0 * 2 / 3, 100.0 / 3)),
    ({"agency": "police"}, (8, 5, 2, 3, 100.0 * 2 / 3, 100.0 / 3)),
])
def test_action_filters(actions_ds, filters, expected):
    a = summarise(actions_ds, filters)["actions"]
    assert a == figures(*expected)


def test_status_filter_uses_status_at_a_given_as_of(tmp_path):
    ds = load(tmp_path, actions=ROWS, as_of="2024-04-15")
    # at 15 Apr 2024 A7 (completed 10 Apr) is completed, late; A8 (1 May) still in progress
    a = summarise(ds, {"status": "completed"})["actions"]
    assert a == figures(3, 0, 0, 3, 100.0 / 3, 0.0)           # A4, A5, A7; on time A4 only
    a = summarise(ds, {"status": "in_progress"})["actions"]
    assert a == figures(2, 2, 1, 0, None, None)               # A2 (overdue), A8


def test_no_rows_counts_zero_percentages_null(tmp_path):
    assert summary_of(tmp_path, actions=[])["actions"] == figures(0, 0, 0, 0, None, None)


def test_section_null_when_file_absent(tmp_path):
    assert summary_of(tmp_path)["actions"] is None
