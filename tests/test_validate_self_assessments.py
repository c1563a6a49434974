"""self_assessments.csv: the rules that span rows (datasets.md).

framework, agency, due_on and submitted_on are the same on every row of one (round,
organisation); a row whose parsed values differ from the organisation's first row in
the round is quarantined, where the first row is the first in file order that passes
every other row and cross-file rule; this runs before uniqueness.  Organisations are
matched trimmed, inner spaces collapsed and case-insensitively, shown as first spelled.
The single-row rules are cases of tests/test_validate_rules.py.
"""
from __future__ import annotations

from dashboard.data import load_dataset
from validation_fixtures import (
    clean_rows, clean_table, errors, findings, make_folder, only, row,
)

SA = "self_assessments"
ORG = "Eastmoor Community Health Trust"


def load(tmp_path, *data):
    return load_dataset(make_folder(tmp_path, rows={SA: list(data)}))


def test_consistent_rows_of_one_organisation_pass(tmp_path):
    ds = load(tmp_path, row(SA), row(SA, 2), row(SA, 3, validated_rating="", validated_on=""))
    assert findings(ds, file="self_assessments.csv") == []
    assert clean_rows(ds, SA) == [1, 2, 3]


def test_row_differing_from_the_first_row_is_quarantined_naming_both_values(tmp_path):
    ds = load(tmp_path, row(SA), row(SA, 2), row(SA, 3, agency="police"))
    e = only(ds, file="self_assessments.csv", severity="error")
    assert (e["row"], e["column"], e["rule"], e["value"]) == (3, "agency", "same_per_organisation",
                                                              "police")
    for words in ("agency police", "health", "row 1", ORG, "2023/24"):
        assert words in e["message"], (words, e["message"])
    assert clean_rows(ds, SA) == [1, 2]


def test_each_differing_column_is_named_and_the_row_counted_once(tmp_path):
    ds = load(tmp_path, row(SA),
              row(SA, 2, framework="section_175", due_on="2023-07-31", submitted_on="2023-07-01"))
    got = sorted((e["row"], e["column"]) for e in errors(ds))
    assert got == [(2, "due_on"), (2, "framework"), (2, "submitted_on")]
    assert {e["rule"] for e in errors(ds)} == {"same_per_organisation"}
    e = only(ds, file="self_assessments.csv", column="due_on")
    assert "2023-07-31" in e["message"] and "2023-06-30" in e["message"]
    assert ds.validation_counts()["quarantined_rows"] == 1


def test_submitted_on_empty_on_one_row_only_differs(tmp_path):
    ds = load(tmp_path, row(SA),
              row(SA, 2, submitted_on="", self_rating="", validated_rating="", validated_on=""))
    e = only(ds, file="self_assessments.csv", severity="error")
    assert (e["row"], e["column"]) == (2, "submitted_on")
    assert "empty" in e["message"] and "2023-06-20" in e["message"]


def test_parsed_values_are_compared_not_the_text(tmp_path):
    # ' HEALTH' is the code health; a date with a midnight time is the same date
    ds = load(tmp_path, row(SA),
              row(SA, 2, agency=" HEALTH", framework="Section_11", due_on="2023-06-30 00:00:00"))
    assert errors(ds) == []
    assert clean_rows(ds, SA) == [1, 2]


def test_first_row_is_the_first_that_passes_every_other_rule(tmp_path):
    # row 1 breaks a row rule (a bad code), so row 2 is the organisation's first row:
    # row 3 agrees with row 2 and passes; row 4 agrees with row 1 and is quarantined.
    ds = load(tmp_path,
              row(SA, 1, agency="police", self_rating="good"),
              row(SA, 2),
              row(SA, 3),
              row(SA, 4, agency="police"))
    assert sorted((e["row"], e["column"], e["rule"]) for e in errors(ds)) == [
        (1, "self_rating", "code_list"), (4, "agency", "same_per_organisation")]
    assert "row 2" in only(ds, file="self_assessments.csv", row=4)["message"]
    assert clean_rows(ds, SA) == [2, 3]


def test_first_row_is_the_first_that_passes_the_cross_file_rule(tmp_path):
    # row 1's action_id is not in actions.csv: it cannot be the reference row
    ds = load(tmp_path,
              row(SA, 1, due_on="2023-05-31", action_id="A404"),
              row(SA, 2),
              row(SA, 3, due_on="2023-05-31"))
    assert sorted((e["row"], e["column"], e["rule"]) for e in errors(ds)) == [
        (1, "action_id", "cross_file"), (3, "due_on", "same_per_organisation")]
    assert clean_rows(ds, SA) == [2]


def test_other_rounds_and_other_organisations_may_differ(tmp_path):
    ds = load(tmp_path, row(SA),
              row(SA, 2, round="2022/23", agency="police", due_on="2022-06-30",
                  submitted_on="2022-06-01", validated_on="2022-09-01"),
              row(SA, 3, organisation="St Anne's Primary", framework="section_175",
                  agency="education", submitted_on="", self_rating="", validated_rating="",
                  validated_on=""))
    assert errors(ds) == []
    assert clean_rows(ds, SA) == [1, 2, 3]


def test_organisation_matched_trimmed_spaces_collapsed_case_insensitive(tmp_path):
    ds = load(tmp_path, row(SA),
              row(SA, 2, organisation="  EASTMOOR   community Health trust "),
              row(SA, 3, organisation="eastmoor community health trust", agency="police"))
    e = only(ds, file="self_assessments.csv", severity="error")
    assert (e["row"], e["column"], e["rule"]) == (3, "agency", "same_per_organisation")
    assert ORG in e["message"]  # named as first spelled
    n = only(ds, file="self_assessments.csv", severity="notice")
    assert (n["rule"], n["column"], n["row"]) == ("name_normalised", "organisation", None)
    t = clean_table(ds, SA)
    # published as the first spelling, with the matching key beside it
    assert list(t["organisation"]) == [ORG, ORG]
    assert set(t["organisation_key"]) == {ORG.lower()}


def test_first_spelling_comes_from_the_accepted_rows(tmp_path):
    ds = load(tmp_path, row(SA, 1, organisation="EASTMOOR TRUST", standard=""),
              row(SA, 2, organisation="Eastmoor  Trust"), row(SA, 3, organisation="eastmoor trust"))
    assert [(e["row"], e["rule"]) for e in errors(ds)] == [(1, "required")]
    # spaces collapsed, capitals as first written among accepted rows
    assert list(clean_table(ds, SA)["organisation"]) == ["Eastmoor Trust", "Eastmoor Trust"]


def test_uniqueness_matches_organisations_the_same_way(tmp_path):
    ds = load(tmp_path, row(SA), row(SA, 2, organisation=ORG.upper(), standard="1"))
    e = only(ds, file="self_assessments.csv", severity="error")
    assert (e["row"], e["rule"], e["column"]) == (2, "unique", "round, organisation, standard")
    assert "row 1" in e["message"]


def test_consistency_is_checked_before_uniqueness(tmp_path):
    # row 2 repeats row 1's key and differs in agency: reported for the agency (the
    # consistency rule runs first), so it is not also a repeat; row 3 repeats the key
    # with the same values and is the repeat.
    ds = load(tmp_path, row(SA), row(SA, 2, standard="1", agency="police"),
              row(SA, 3, standard="1"))
    assert [(e["row"], e["rule"]) for e in errors(ds)] == [
        (2, "same_per_organisation"), (3, "unique")]
    assert clean_rows(ds, SA) == [1]


def test_standard_matched_trimmed_only(tmp_path):
    ds = load(tmp_path, row(SA, 1, standard="s175-3"), row(SA, 2, standard=" s175-3 "),
              row(SA, 3, standard="S175-3"))
    assert [(e["row"], e["rule"]) for e in errors(ds)] == [(2, "unique")]
    assert list(clean_table(ds, SA)["standard"]) == ["s175-3", "S175-3"]
