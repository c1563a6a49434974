"""The query runner: one SQL file per result, parameters bound and checked, never formatted."""
import re
from pathlib import Path

import pytest

from dashboard.data import QueryError, load_dataset
from dashboard.data.dataset import QUERIES_DIR, query_params, query_text
from dashboard.filters import parse_filters
from dashboard.metrics import summary

SQL_FILES = sorted(QUERIES_DIR.glob("*.sql"))


def test_there_are_queries():
    assert len(SQL_FILES) >= 10


@pytest.mark.parametrize("path", SQL_FILES, ids=lambda p: p.stem)
def test_every_query_has_a_header_naming_itself_and_its_parameters(path):
    text = path.read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("--"))
    assert text.startswith(f"-- {path.stem}:"), "first line: '-- <name>: what it returns'"
    for param in query_params(path.stem):
        assert f"${param}" in header, f"${param} is not described in the header"


@pytest.fixture
def small(tmp_path):
    (tmp_path / "partnership.toml").write_text(
        'name = "Q"\nchild_population = 10\ntotal_population = 20\nas_of = "2024-03-31"\n')
    (tmp_path / "priority_areas.csv").write_text("area_id,name,subgroup\nfront_door,F,S\n")
    (tmp_path / "indicator_catalogue.csv").write_text(
        "indicator_id,name,area_id,unit,polarity,target,amber_tolerance,frequency,source,"
        "definition,expected_from\n")
    (tmp_path / "mash_contacts.csv").write_text(
        "contact_id,child_ref,received_at,referrer_agency,primary_concern,age_band,screening_rag,"
        "decision,decided_at,escalated,locality\n"
        "c1,k1,2024-03-01T09:00,police,neglect,0-4,,,,,North\n")
    return load_dataset(tmp_path)


def test_missing_and_unexpected_parameters_are_refused(small):
    with pytest.raises(QueryError, match="missing parameters"):
        small.run_query("indicator_values")
    with pytest.raises(QueryError, match="unexpected"):
        small.run_query("indicator_values", as_of="2024-03-31", agency=None)
    with pytest.raises(QueryError):
        small.run_query("../etc/passwd")


def test_filter_values_are_bound_not_formatted(small):
    hostile = "x'); DROP TABLE mash_contacts; --"
    f = parse_filters({"locality": hostile}, small)
    assert summary(small, f)["mash"]["contacts"] == 0  # no match means no rows, never an error
    assert summary(small, parse_filters({"locality": " north "}, small))["mash"]["contacts"] == 1
    assert small.con.execute("SELECT count(*) FROM mash_contacts").fetchall() == [(1,)]


def test_pages_and_metrics_never_build_sql():
    """Only dashboard/data runs SQL text; other modules name queries by their file stem."""
    root = Path(__file__).resolve().parents[1] / "dashboard"
    offenders = []
    for py in root.rglob("*.py"):
        if "data" in py.relative_to(root).parts:
            continue
        text = py.read_text(encoding="utf-8")
        if re.search(r"\.execute\(|duckdb\.connect", text):
            offenders.append(str(py))
    assert offenders == []
