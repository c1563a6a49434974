"""metrics.md "Self-assessments (self_assessments): Section 11 and section 175": every
`summary.self_assessment` figure on hand-worked fixtures.

as_of is 2024-03-31 unless a test says otherwise. Organisations (by round):

2022/23, all due 2023-01-31:
  P    Northbrook Police (police), returned 2023-01-15 (on time):
         2 met, 1 not_met (validated not_met 2023-03-01), 3 met, 7 met
  H    Eastmoor Community Health Trust (health), returned 2023-01-20 (on time):
         1 met, 2 partially_met
  Prob Probation Service (probation), returned 2023-02-05 (late): 1 not_met
2023/24:
  A  Eastmoor Community Health Trust (health), due 2024-01-31, returned 2024-01-20, spelt
     three ways (rows 1, 2 and 12):
       3 met -> validated partially_met 2024-03-01 (a downgrade)
       1 met -> validated met 2024-03-01
       2 partially_met -> validated not_met 2024-03-01 (a downgrade)
  B  Northbrook Police (police), due 2024-01-31, returned 2024-02-10 (late):
       3 not_met -> validated partially_met 2024-03-10 (an upgrade, not a downgrade)
       1 partially_met -> validated met 2024-04-10 (after as_of: not validated yet)
       2 met
  C  St Anne's Primary (education, section_175), due 2024-01-31, no return: s175-1
  D  Northbrook Council (local_authority), due 2024-04-30 (not yet due), returned early
     2024-03-15:
       3 met; 1 not_met -> validated not_met 2024-03-20; 2 met (written " 2 ": standards
       are matched trimmed)
  E  Youth Justice Service (youth_justice), due 2024-02-28, submitted 2024-04-05 (after
     as_of: not returned, so its ratings do not count): 5 met, 3 not_met
2024/25: A, due 2025-01-31 (not yet due at 2024-03-31), returned early 2024-03-20: 1 met

File order of the standards: 3 (row 1), 1 (row 2), 2 (row 3, in round 2022/23), 7 (row 6),
5 (row 10), s175-1 (row 16). Within round 2023/24 alone the order would be 3, 1, 5, 2,
s175-1, and alphabetically 1, 2, 3, 5, s175-1: by_standard must follow the file.

Choice where metrics.md is ambiguous: "When no round is chosen ... or the chosen round has
no rows after the filters, `round` is that round or null, counts are 0, percentages null"
is read as the round's own figures (the general rule that a percentage over no rows is
null). `previous_round` ("the latest round before `round` in the file") and
`previous_self_met_pct` ("self_met_pct of that round under the same filters") keep their
own definitions: for a well-formed round not in the file they describe the latest round
before it, and under an agency filter that leaves the round empty they are that agency's
figures for the previous round.
"""
from __future__ import annotations

import json

import pytest

from dashboard.__main__ import main
from dashboard.filters import FilterError, parse_filters
from metric_fixtures import load, summarise, summary_of, write_dataset

SA_KEYS = ["round", "organisations", "returns_due", "returns_received", "returns_overdue",
           "returned_on_time_pct", "standards_rated", "self_met_pct", "self_not_met_pct",
           "validated", "validated_met_pct", "downgraded_pct", "previous_round",
           "previous_self_met_pct", "by_standard"]
BY_STANDARD_KEYS = ["framework", "standard", "standards_rated", "self_met_pct", "validated",
                    "validated_met_pct"]


def sa(round_, organisation, agency, standard, due_on, submitted_on=None, self_rating=None,
       validated_rating=None, validated_on=None, framework="section_11"):
    return {"round": round_, "framework": framework, "organisation": organisation,
            "agency": agency, "standard": standard, "due_on": due_on,
            "submitted_on": submitted_on, "self_rating": self_rating,
            "validated_rating": validated_rating, "validated_on": validated_on}


A = "Eastmoor Community Health Trust"
ROWS = [
    sa("2023/24", A, "health", "3", "2024-01-31", "2024-01-20", "met",
       "partially_met", "2024-03-01"),                                                # 1
    sa("2023/24", "  eastmoor   COMMUNITY health trust ", "health", "1", "2024-01-31",
       "2024-01-20", "met", "met", "2024-03-01"),                                      # 2
    sa("2022/23", "Northbrook Police", "police", "2", "2023-01-31", "2023-01-15", "met"),  # 3
    sa("2022/23", "Northbrook Police", "police", "1", "2023-01-31", "2023-01-15", "not_met",
       "not_met", "2023-03-01"),                                                       # 4
    sa("2022/23", "Northbrook Police", "police", "3", "2023-01-31", "2023-01-15", "met"),  # 5
    sa("2022/23", "Northbrook Police", "police", "7", "2023-01-31", "2023-01-15", "met"),  # 6
    sa("2022/23", A, "health", "1", "2023-01-31", "2023-01-20", "met"),                    # 7
    sa("2022/23", A, "health", "2", "2023-01-31", "2023-01-20", "partially_met"),          # 8
    sa("2022/23", "Probation Service", "probation", "1", "2023-01-31", "2023-02-05",
       "not_met"),                                                                     # 9
    sa("2023/24", "Youth Justice Service", "youth_justice", "5", "2024-02-28", "2024-04-05",
       "met"),                                                                         # 10
    sa("2023/24", "Youth Justice Service", "youth_justice", "3", "2024-02-28", "2024-04-05",
       "not_met"),                                                                     # 11
    sa("2023/24", "EASTMOOR COMMUNITY HEALTH TRUST", "health", "2", "2024-01-31",
       "2024-01-20", "partially_met", "not_met", "2024-03-01"),                        # 12
    sa("2023/24", "Northbrook Police", "police", "3", "2024-01-31", "2024-02-10", "not_met",
       "partially_met", "2024-03-10"),                                                 # 13
    sa("2023/24", "Northbrook Police", "police", "1", "2024-01-31", "2024-02-10",
       "partially_met", "met", "2024-04-10"),                                          # 14
    sa("2023/24", "Northbrook Police", "police", "2", "2024-01-31", "2024-02-10", "met"),  # 15
    sa("2023/24", "St Anne's Primary", "education", "s175-1", "2024-01-31",
       framework="section_175"),                                                       # 16
    sa("2023/24", "Northbrook Council", "local_authority", "3", "2024-04-30", "2024-03-15",
       "met"),                                                                         # 17
    sa("2023/24", "Northbrook Council", "local_authority", "1", "2024-04-30", "2024-03-15",
       "not_met", "not_met", "2024-03-20"),                                            # 18
    sa("2023/24", "Northbrook Council", "local_authority", " 2 ", "2024-04-30", "2024-03-15",
       "met"),                                                   # 19 (standard trimmed: "2")
    sa("2024/25", A, "health", "1", "2025-01-31", "2024-03-20", "met"),                # 20
]


def approx(x):
    return x if x is None else pytest.approx(x)


def figures(round_, organisations, due, received, overdue, on_time, rated, self_met,
            self_not_met, validated, validated_met, downgraded, previous_round,
            previous_self_met, by_standard):
    return {"round": round_, "organisations": organisations, "returns_due": due,
            "returns_received": received, "returns_overdue": overdue,
            "returned_on_time_pct": approx(on_time), "standards_rated": rated,
            "self_met_pct": approx(self_met), "self_not_met_pct": approx(self_not_met),
            "validated": validated, "validated_met_pct": approx(validated_met),
            "downgraded_pct": approx(downgraded), "previous_round": previous_round,
            "previous_self_met_pct": approx(previous_self_met),
            "by_standard": [standard(*s) for s in by_standard]}


def standard(framework, code, rated, self_met, validated, validated_met):
    return {"framework": framework, "standard": code, "standards_rated": rated,
            "self_met_pct": approx(self_met), "validated": validated,
            "validated_met_pct": approx(validated_met)}


def empty(round_, previous_round=None, previous_self_met=None):
    """A round with no rows (after the filters), or no round: counts 0, percentages null."""
    return figures(round_, 0, 0, 0, 0, None, 0, None, None, 0, None, None,
                   previous_round, previous_self_met, [])


# 2022/23 under no filter at as_of 2024-03-31: rated P 4 + H 2 + Prob 1 = 7; met P2, P3, P7,
# H1 = 4.
SELF_MET_2022 = 100.0 * 4 / 7

# Round 2023/24, no filters, as_of 2024-03-31.
FIGURES_2023 = figures(
    "2023/24",
    5,              # A (three spellings, one organisation), B, C, D, E
    4,              # due by as_of: A, B, C (31 Jan), E (28 Feb); D is due 30 Apr
    3,              # returned by as_of: A, B, D (early); E's return is dated after as_of
    2,              # due and not returned: C (none), E (after as_of)
    25.0,           # due with submitted_on <= due_on: A only (B late, C none, E late) / 4
    9,              # rated rows of returned organisations: A 3, B 3, D 3 (not E's)
    100.0 * 5 / 9,  # met: A3, A1, B2, D3, D2
    100.0 * 2 / 9,  # not_met: B3, D1
    5,              # validated by as_of: A3, A1, A2, B3, D1 (B1's is 10 Apr 2024)
    20.0,           # validated met: A1 / 5
    40.0,           # downgraded: A3 met -> partially_met, A2 partially_met -> not_met;
                    # not A1 (same), B3 (not_met -> partially_met is an upgrade), D1 (same)
    "2022/23",
    SELF_MET_2022,
    [
        # in order of first appearance in the file: 3, 1, 2 (row 3, round 2022/23), 5, s175-1
        ("section_11", "3", 3, 200.0 / 3, 2, 0.0),    # A3 met, B3 not_met, D3 met (E3 not
                                                       # returned); validated A3, B3 (both pm)
        ("section_11", "1", 3, 100.0 / 3, 2, 50.0),   # A1 met, B1 pm, D1 not_met;
                                                       # validated A1 met, D1 not_met
        ("section_11", "2", 3, 200.0 / 3, 1, 0.0),    # A2 pm, B2 met, D2 met; validated A2
        ("section_11", "5", 0, None, 0, None),        # only E, which has not returned
        ("section_175", "s175-1", 0, None, 0, None),  # only C, no return
    ],
)


@pytest.fixture(scope="module")
def sa_ds(tmp_path_factory):
    return load(tmp_path_factory.mktemp("sa"), self_assessments=ROWS)


def test_latest_due_round_and_its_figures(sa_ds):
    s = summarise(sa_ds)["self_assessment"]
    assert list(s) == SA_KEYS
    assert all(list(b) == BY_STANDARD_KEYS for b in s["by_standard"])
    # 2024/25 has a row returned before as_of, but none due by it: 2023/24 is chosen
    assert s == FIGURES_2023


def test_organisations_matched_trimmed_collapsed_case_insensitive(sa_ds):
    # rows 1, 2 and 12 spell A three ways: one organisation, shown with its first spelling
    clean = sa_ds.con.execute(
        "SELECT DISTINCT organisation FROM self_assessments WHERE round = '2023/24' "
        "AND agency = 'health'").fetchall()
    assert clean == [(A,)]
    s = summarise(sa_ds, {"agency": "health"})["self_assessment"]
    assert (s["organisations"], s["returns_due"], s["returns_received"]) == (1, 1, 1)


def test_round_given_explicitly(sa_ds):
    s = summarise(sa_ds, {"round": "2022/23"})["self_assessment"]
    assert s == figures(
        "2022/23",
        3,              # P, H, Prob
        3, 3, 0,        # all due 31 Jan 2023 and all returned by as_of
        200.0 / 3,      # on time: P, H; Prob returned 5 Feb 2023
        7,              # P 4, H 2, Prob 1
        SELF_MET_2022,  # 4 / 7
        200.0 / 7,      # not_met: P1, Prob1
        1, 0.0, 0.0,    # P1 validated not_met: not met, not a downgrade
        None, None,     # no round before 2022/23 in the file
        [
            # file order: 3 (row 1), 1 (row 2), 2 (row 3), 7 (row 6); within the round
            # alone it would be 2, 1, 3, 7
            ("section_11", "3", 1, 100.0, 0, None),       # P3 met
            ("section_11", "1", 3, 100.0 / 3, 1, 0.0),    # P1 nm (validated nm), H1 met, Prob1 nm
            ("section_11", "2", 2, 50.0, 0, None),        # P2 met, H2 pm
            ("section_11", "7", 1, 100.0, 0, None),       # P7 met
        ],
    )


def test_round_not_yet_due_given_explicitly(sa_ds):
    s = summarise(sa_ds, {"round": "2024/25"})["self_assessment"]
    assert s == figures(
        "2024/25",
        1,              # A
        0,              # due 31 Jan 2025: not due at as_of
        1,              # returned early (20 Mar 2024): received, counted against organisations
        0,
        None,           # no return due: on-time percentage over 0 is null
        1, 100.0, 0.0,  # A1 met
        0, None, None,
        "2023/24", 100.0 * 5 / 9,
        [("section_11", "1", 1, 100.0, 0, None)],
    )


def test_well_formed_round_not_in_the_file(sa_ds):
    # before every round of the file: nothing before it either
    assert summarise(sa_ds, {"round": "2019/20"})["self_assessment"] == empty("2019/20")
    # after every round: the round's own figures are those of no rows; previous_round is
    # the latest round before it in the file, with its self_met_pct (see the module
    # docstring: our reading of metrics.md)
    assert summarise(sa_ds, {"round": "2030/31"})["self_assessment"] == empty(
        "2030/31", "2024/25", 100.0)


@pytest.mark.parametrize("value", ["2023/25", "2023-24", "23/24", "2023"])
def test_malformed_round_is_refused(sa_ds, value):
    with pytest.raises(FilterError):
        parse_filters({"round": value}, sa_ds)


def test_round_option_of_summary(tmp_path, capsys):
    folder = write_dataset(tmp_path, self_assessments=ROWS)
    assert main(["summary", str(folder), "--round", "2024/25"]) == 0
    assert json.loads(capsys.readouterr().out)["self_assessment"]["round"] == "2024/25"
    # a malformed round: one line, exit 2
    assert main(["summary", str(folder), "--round", "2023/25"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("as_of, round_", [
    ("2023-01-30", None),        # nothing due yet: the earliest due_on is 31 Jan 2023
    ("2023-01-31", "2022/23"),   # due on as_of counts
    ("2024-01-30", "2022/23"),   # 2023/24's first due_on is 31 Jan 2024
    ("2024-01-31", "2023/24"),
    ("2025-01-31", "2024/25"),
])
def test_round_default_is_the_latest_with_a_row_due(tmp_path, as_of, round_):
    s = summary_of(tmp_path, self_assessments=ROWS, as_of=as_of)["self_assessment"]
    assert s["round"] == round_


def test_no_round_due_yet(tmp_path):
    s = summary_of(tmp_path, self_assessments=ROWS, as_of="2023-01-30")["self_assessment"]
    assert s == empty(None)
    # a file with only a round not yet due (a return already in) chooses nothing either
    s = summary_of(tmp_path, self_assessments=[ROWS[-1]])["self_assessment"]
    assert s == empty(None)


def test_first_round_due_at_as_of(tmp_path):
    # --as-of 2023-01-31: round 2022/23
    s = summary_of(tmp_path, self_assessments=ROWS, as_of="2023-01-31")["self_assessment"]
    assert s == figures(
        "2022/23",
        3, 3,
        2,              # P (15 Jan), H (20 Jan); Prob's return (5 Feb) is after as_of
        1,              # Prob: due and not returned
        200.0 / 3,      # P, H on time
        6,              # P 4, H 2 (Prob's rating does not count yet)
        200.0 / 3,      # met: P2, P3, P7, H1
        100.0 / 6,      # not_met: P1
        0, None, None,  # P1's validation (1 Mar 2023) is after as_of
        None, None,
        [
            ("section_11", "3", 1, 100.0, 0, None),
            ("section_11", "1", 2, 50.0, 0, None),        # P1 nm, H1 met; Prob1 not returned
            ("section_11", "2", 2, 50.0, 0, None),
            ("section_11", "7", 1, 100.0, 0, None),
        ],
    )


def test_earlier_as_of_returns_and_validations_not_yet_made(tmp_path):
    # --as-of 2024-03-05: B's return (10 Feb) is in, D's (15 Mar) is not; A's validations
    # (1 Mar) count, B3's (10 Mar) and D1's (20 Mar) do not
    s = summary_of(tmp_path, self_assessments=ROWS, as_of="2024-03-05")["self_assessment"]
    assert s == figures(
        "2023/24",
        5,
        4,              # A, B, C, E (28 Feb); D due 30 Apr
        2,              # A, B
        2,              # C, E
        25.0,           # A
        6,              # A 3, B 3
        50.0,           # A3, A1, B2
        100.0 / 6,      # B3
        3,              # A3, A1, A2
        100.0 / 3,      # A1
        200.0 / 3,      # A3, A2
        "2022/23", SELF_MET_2022,
        [
            ("section_11", "3", 2, 50.0, 1, 0.0),     # A3 met, B3 nm; validated A3 (pm)
            ("section_11", "1", 2, 50.0, 1, 100.0),   # A1 met, B1 pm; validated A1 (met)
            ("section_11", "2", 2, 50.0, 1, 0.0),     # A2 pm, B2 met; validated A2 (nm)
            ("section_11", "5", 0, None, 0, None),
            ("section_175", "s175-1", 0, None, 0, None),
        ],
    )


def test_agency_filter_narrows(sa_ds):
    s = summarise(sa_ds, {"agency": "health,police"})["self_assessment"]
    assert s == figures(
        "2023/24",
        2,              # A, B
        2, 2, 0,
        50.0,           # A on time, B late
        6,              # A 3, B 3
        50.0,           # A3, A1, B2
        100.0 / 6,      # B3
        4,              # A3, A1, A2, B3
        25.0,           # A1
        50.0,           # A3, A2
        "2022/23",
        200.0 / 3,      # 2022/23 health and police: P 4 + H 2 rated, met P2, P3, P7, H1
        [
            ("section_11", "3", 2, 50.0, 2, 0.0),
            ("section_11", "1", 2, 50.0, 1, 100.0),
            ("section_11", "2", 2, 50.0, 1, 0.0),
        ],
    )


def test_agency_filter_does_not_change_the_round(sa_ds):
    # probation only has rows in 2022/23: the round is still the partnership's 2023/24,
    # which has no probation rows; 2022/23's probation self_met_pct is 0 / 1 (Prob1 not_met)
    s = summarise(sa_ds, {"agency": "probation"})["self_assessment"]
    assert s == empty("2023/24", "2022/23", 0.0)
    # education: only C, due and not returned; no education rows in 2022/23
    s = summarise(sa_ds, {"agency": "education"})["self_assessment"]
    assert s == figures("2023/24", 1, 1, 0, 1, 0.0, 0, None, None, 0, None, None,
                        "2022/23", None,
                        [("section_175", "s175-1", 0, None, 0, None)])
    # health has rows in 2024/25 too (returned early, not due): still 2023/24
    assert summarise(sa_ds, {"agency": "health"})["self_assessment"]["round"] == "2023/24"


@pytest.mark.parametrize("filters", [
    {"area": "neglect"}, {"area": "none"}, {"from": "all"},
    {"from": "2024-03-01", "to": "2024-03-10"}, {"to": "2023-06-30"},
])
def test_area_filter_and_period_change_nothing(sa_ds, filters):
    assert summarise(sa_ds, filters)["self_assessment"] == FIGURES_2023


def test_empty_file_has_no_round(tmp_path):
    assert summary_of(tmp_path, self_assessments=[])["self_assessment"] == empty(None)


def test_section_null_when_file_absent(tmp_path):
    assert summary_of(tmp_path)["self_assessment"] is None
    assert summary_of(tmp_path, filters={"round": "2023/24"})["self_assessment"] is None
