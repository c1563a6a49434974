"""Quotes closed late or never: no row may vanish without the report saying so."""
from dashboard.data import load_dataset

ACTIONS_HEADER = ("action_id,source_type,source_ref,recommendation,owner,area_id,subgroup,"
                  "raised_on,due_on,status,completed_on,evidence\n")
ROW = "{id},audit,,Do {id},Police,,,2024-01-01,2024-02-01,in_progress,,\n"


def folder(tmp_path, actions_text):
    (tmp_path / "partnership.toml").write_text(
        'name = "Q"\nchild_population = 10\ntotal_population = 20\nas_of = "2024-03-31"\n')
    (tmp_path / "priority_areas.csv").write_text("area_id,name,subgroup\nfront_door,F,S\n")
    (tmp_path / "indicator_catalogue.csv").write_text(
        "indicator_id,name,area_id,unit,polarity,target,amber_tolerance,frequency,source,"
        "definition,expected_from\n")
    (tmp_path / "actions.csv").write_text(actions_text)
    return load_dataset(tmp_path)


def test_a_quote_never_closed_makes_the_file_unavailable_naming_the_line(tmp_path):
    text = ACTIONS_HEADER + ROW.format(id="A1") + 'A2,audit,,"Do A2,Police\n' + ROW.format(id="A3")
    ds = folder(tmp_path, text)
    assert not ds.available("actions")
    errors = ds.report[(ds.report["file"] == "actions.csv") & (ds.report["severity"] == "error")]
    assert len(errors) == 1
    assert "line 3 is never closed" in errors.iloc[0]["message"]


def test_a_literal_quote_inside_an_unquoted_field_is_not_an_unclosed_quote(tmp_path):
    text = ACTIONS_HEADER + 'A1,audit,,Buy 5" screens,Police,,,2024-01-01,2024-02-01,in_progress,,\n'
    ds = folder(tmp_path, text)
    assert ds.available("actions")
    rec = ds.run_query("action_figures", as_of="2024-03-31", area=None, owner=None,
                       source_type=None, status=None, breakdown="none")
    assert int(rec["total"].iloc[0]) == 1


def test_rows_swallowed_by_a_quote_closed_late_are_warned_about(tmp_path):
    # A1's recommendation opens a quote that closes only on the A3 line, so A2 and A3
    # are read as part of A1's recommendation: 2 rows in the file, 4 lines of rows.
    text = (ACTIONS_HEADER + 'A1,audit,,"Do x\n' + ROW.format(id="A2")
            + 'A3,audit,,Do z",Police,,,2024-01-01,2024-02-01,in_progress,,\n' + ROW.format(id="A4"))
    ds = folder(tmp_path, text)
    warnings = ds.report[ds.report["rule"] == "swallowed_rows"]
    assert warnings[["file", "row", "column", "severity"]].values.tolist() == [
        ["actions.csv", 1, "recommendation", "warning"]]
    assert "spans 3 lines" in warnings.iloc[0]["message"]


def test_a_huge_cell_is_cut_short_in_the_report(tmp_path):
    text = ACTIONS_HEADER + "A1,audit,,Do it,Police,,,2024-01-01,not-a-date" + "x" * 5000 + \
        ",in_progress,,\n"
    ds = folder(tmp_path, text)
    finding = ds.report[(ds.report["rule"] == "type") & (ds.report["column"] == "due_on")].iloc[0]
    assert finding["value"].endswith("(5,010 characters)")
    assert len(finding["message"]) < 400
