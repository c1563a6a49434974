"""`python -m dashboard summary DIR [options]` (metrics.md "`summary`": every headline figure as
JSON): valid JSON with exactly the keys and key order of metrics.md's example, exit 2 for an
unknown code or an unusable folder, `--as-of` respected, `none` selects "Not recorded"."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.data import load_dataset
from metric_fixtures import (action, audit, booking, catalogue_row, contact, review, summarise,
                             write_dataset)

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "spec" / "metrics.md"

# The example of metrics.md, as written there (values are only placeholders).
EXAMPLE = r"""
{
  "partnership": "…", "as_of": "2024-03-31", "from": "2023-04-01", "to": "2024-03-31",
  "mash": {"contacts": 4, "decided": 2, "decided_within_1wd_pct": 50.0, "pending_overdue": 1,
           "conversion_pct": 50.0, "repeat_contact_12m_pct": 25.0,
           "nfa_recontact_3m_pct": null, "escalation_pct": 25.0},
  "audits": {"cases": 2, "agency_returns": 5, "good_or_better_pct": 60.0, "inadequate_pct": 20.0,
             "child_voice_pct": 40.0, "family_involved_pct": 20.0,
             "practitioner_involved_pct": 60.0,
             "reaudits": [{"audit_id": "…", "reaudit_of": "…", "good_or_better_pct": 80.0,
                           "reaudit_of_good_or_better_pct": 50.0, "change_points": 30.0}]},
  "actions": {"total": 10, "open": 4, "overdue": 2, "completed": 6,
              "completed_on_time_pct": 50.0, "impact_evidenced_pct": 33.3},
  "case_reviews": {"incidents": 3, "panel_notified_within_5wd_pct": 66.7,
                   "rapid_review_within_15wd_pct": 100.0, "lcspr_count": 1,
                   "lcspr_rate_pct": 50.0, "lcspr_within_6m_pct": null, "lcspr_overdue": 1},
  "funding": {"year": "2020/21", "contributions_total": 234504.21,
              "share_pct": {"local_authority": 75.7, "health": 14.0, "police": 7.6, "other": 2.8},
              "contributions_per_head_gbp": 1.40, "budget_per_head_gbp": 1.01,
              "budget_lines": [{"kind": "expenditure", "line": "staffing", "planned_gbp": 125000.0,
                                "actual_gbp": 120835.0, "budget_variance_gbp": -4165.0}],
              "training_cost_recovery_pct": 99.1,
              "comparator_year": "2016/17",
              "comparator_mean_share_pct": {"local_authority": 0.0, "health": 0.0, "police": 0.0, "other": 0.0},
              "comparator_mean_share_pct_unitary": {"local_authority": 0.0, "health": 0.0, "police": 0.0, "other": 0.0},
              "comparators": [{"partnership": "…", "unitary": true, "total_gbp": 0.0,
                               "share_pct": {"local_authority": 0.0, "health": 0.0, "police": 0.0, "other": 0.0},
                               "contributions_per_head_gbp": 0.0, "budget_per_head_gbp": 0.0}]},
  "training": {"bookings": 10, "attended": 8, "attendance_pct": 80.0, "mean_rating": 4.2,
               "confidence_uplift": 0.9, "improved_confidence_pct": 75.0,
               "followup_response_pct": 37.5, "mean_impact": 3.7, "fee_income_gbp": 250.0},
  "indicators": [{"indicator_id": "…", "area_id": "…", "latest_period": "2024-02-01",
                  "value": 91.5, "target": 90.0, "rag": "green", "data_missing": false,
                  "variation": "common_cause", "assurance": "hit_and_miss",
                  "mean": 88.2, "ucl": 97.0, "lcl": 79.4, "break_from": null,
                  "benchmarks": {"england": {"period_start": "2023-04-01", "value": 22.6}},
                  "comment_id": "C-17"}],
  "areas": [{"area_id": "…", "rag": "amber", "red": 0, "amber": 1, "green": 2, "grey": 1,
             "worst_indicator_id": null, "comment_id": null}],
  "missing_returns": [{"indicator_id": "…", "source": "police", "period_start": "…"}],
  "self_assessment": {"round": "2023/24", "organisations": 12, "returns_due": 12,
                      "returns_received": 10, "returns_overdue": 2, "returned_on_time_pct": 75.0,
                      "standards_rated": 80, "self_met_pct": 70.0, "self_not_met_pct": 5.0,
                      "validated": 20, "validated_met_pct": 55.0, "downgraded_pct": 25.0,
                      "previous_round": "2022/23", "previous_self_met_pct": 64.0,
                      "by_standard": [{"framework": "section_11", "standard": "1",
                                       "standards_rated": 10, "self_met_pct": 80.0,
                                       "validated": 3, "validated_met_pct": 66.7}]},
  "voice": {"heard": 40, "by_source": {"children": 20, "parents_carers": 8, "practitioners": 12},
            "responded_pct": 75.0, "fed_back_pct": 50.0, "median_days_to_response": 34.5,
            "awaiting_over_90d": 3},
  "validation": {"errors": 0, "warnings": 0, "quarantined_rows": 0}
}
"""


# dicts keyed by data (one key per comparator present) have the shape of their values
KEYED_BY_DATA = {"benchmarks"}


def shape(value, key=None):
    """The key structure of a JSON value: dict -> [(key, shape)], list -> shape of items
    (a dict keyed by data, as `benchmarks`, is checked and shown as one token)."""
    if isinstance(value, dict) and key in KEYED_BY_DATA:
        inner = {json.dumps(shape(v)) for v in value.values()}
        assert inner <= {json.dumps([["period_start", None], ["value", None]])}, inner
        assert set(value) <= {"england", "region", "statistical_neighbours"}
        return "comparator -> {period_start, value}"
    if isinstance(value, dict):
        return [(k, shape(v, k)) for k, v in value.items()]
    if isinstance(value, list):
        shapes = {json.dumps(shape(v)) for v in value}
        assert len(shapes) <= 1, "list items of different shapes"
        return [shape(value[0])] if value else []
    return None


# every file of the contract, with one or a few rows each, so that every section is filled
FULL = dict(
    indicator_catalogue=[
        catalogue_row("mash_decision_within_1wd", target=90),
        catalogue_row("cp_rate", "neglect", unit="rate_per_10k", polarity="lower_is_better",
                      target=40, source="local_authority", expected_from="2023-12-01"),
    ],
    indicators=[{"indicator_id": "cp_rate", "period_start": "2023-12-01", "value": 38.5}],
    mash_contacts=[
        contact("c1", "A", "2024-01-05T10:00", "early_help", "2024-01-08T09:00",
                screening_rag="red"),
        contact("c2", "A", "2024-02-05T10:00", screening_rag=None),
        contact("c3", "B", "2024-03-05T10:00", screening_rag="amber"),
    ],
    audits=[
        audit("K1", "police", "2023-07-10", "good", audit_id="A1"),
        audit("K1", "police", "2024-01-10", "outstanding", audit_id="A2", reaudit_of="A1"),
    ],
    actions=[action("X1", "2024-02-01", "completed", "2024-01-20", area_id="neglect"),
             action("X2", "2024-02-01")],
    case_reviews=[review("R1", "2024-01-08", "2024-01-09", "2024-01-20", "no_lcspr")],
    contributions=[
        {"financial_year": "2023/24", "agency": "Testshire County Council",
         "partner_group": "local_authority", "amount_gbp": "100000"},
        {"financial_year": "2023/24", "agency": "Testshire ICB", "partner_group": "health",
         "amount_gbp": "40000"},
        {"financial_year": "2023/24", "agency": "Testshire Police", "partner_group": "police",
         "amount_gbp": "30000"},
        {"financial_year": "2023/24", "agency": "Probation", "partner_group": "other",
         "amount_gbp": "10000"},
    ],
    budget=[
        {"financial_year": "2023/24", "kind": "expenditure", "line": "staffing",
         "planned_gbp": "125000", "actual_gbp": "120835"},
        {"financial_year": "2023/24", "kind": "expenditure", "line": "training",
         "planned_gbp": "10000", "actual_gbp": "9000"},
        {"financial_year": "2023/24", "kind": "income", "line": "training_income",
         "planned_gbp": "8000", "actual_gbp": "8500"},
    ],
    comparators=[
        {"partnership": "Northshire", "year": "2016/17", "unitary": True,
         "total_population": 200000, "budget_gbp": "300000", "local_authority_gbp": "150000",
         "health_gbp": "60000", "police_gbp": "40000", "other_gbp": "10000"},
    ],
    training=[booking("B1", "2024-01-10", rating=4, confidence_before=2, confidence_after=4,
                      impact_followup=3, fee_gbp="25")],
    self_assessments=[
        {"round": "2023/24", "framework": "section_11", "organisation": "Testshire Police",
         "agency": "police", "standard": "1", "due_on": "2023-12-01",
         "submitted_on": "2023-11-20", "self_rating": "met", "validated_rating": "partially_met",
         "validated_on": "2024-01-15"},
    ],
    voice=[{"voice_id": "V1", "heard_on": "2024-01-05", "source": "children", "channel": "forum",
            "theme": "Being listened to", "you_said": "Tell us what happens next",
            "we_did": "Letters explain next steps", "responded_on": "2024-02-05"}],
    indicator_benchmarks=[{"indicator_id": "cp_rate", "period_start": "2023-04-01",
                           "comparator": "england", "value": "42.1"}],
    indicator_breaks=[{"indicator_id": "cp_rate", "period_start": "2023-12-01",
                       "reason": "New recording system"}],
    commentary=[
        {"comment_id": "C1", "area_id": "neglect", "indicator_id": "cp_rate",
         "period_start": "2023-12-01", "written_on": "2024-01-20", "author": "Chair",
         "comment": "Rate is below target."},
        {"comment_id": "C2", "area_id": "neglect", "period_start": "2024-01-01",
         "written_on": "2024-02-20", "author": "Chair", "comment": "Steady."},
    ],
)


def run(capsys, *argv):
    """main() in process: (exit status, stdout, stderr)."""
    status = main(["summary", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys, *argv):
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def full_folder(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("full"), **FULL)


@pytest.fixture(scope="module")
def front_door_folder(tmp_path_factory):
    """Only the files the --as-of and `none` tests read (loading is the slow part)."""
    return write_dataset(tmp_path_factory.mktemp("front_door"),
                         mash_contacts=FULL["mash_contacts"], actions=FULL["actions"])


@pytest.fixture(scope="module")
def small_folder(tmp_path_factory):
    return write_dataset(tmp_path_factory.mktemp("small"),
                         mash_contacts=[contact("c1", "A", "2024-01-05T10:00")])


def test_example_in_this_test_is_the_one_in_metrics_md():
    if not SPEC.is_file():
        pytest.skip("metrics.md not beside the project")
    text = SPEC.read_text(encoding="utf-8")
    block = text.split("```json", 1)[1].split("```", 1)[0]
    assert shape(json.loads(block)) == shape(json.loads(EXAMPLE))


def test_keys_and_key_order_are_those_of_metrics_md(capsys, full_folder):
    s = run_json(capsys, full_folder)
    assert shape(s) == shape(json.loads(EXAMPLE))
    # every section is filled (so that the comparison above covered every key)
    for key in ("mash", "audits", "actions", "case_reviews", "funding", "training"):
        assert s[key] is not None, key
    assert s["audits"]["reaudits"] and s["funding"]["comparators"] and s["missing_returns"]
    assert s["indicators"] and s["areas"]
    for key in ("self_assessment", "voice"):
        assert s[key] is not None, key
    assert s["self_assessment"]["by_standard"]
    cp = [i for i in s["indicators"] if i["indicator_id"] == "cp_rate"][0]
    assert cp["benchmarks"] == {"england": {"period_start": "2023-04-01", "value": 42.1}}
    assert (cp["break_from"], cp["comment_id"]) == ("2023-12-01", "C1")
    neglect = [a for a in s["areas"] if a["area_id"] == "neglect"][0]
    assert neglect["comment_id"] == "C2"


def test_real_entry_point_prints_valid_json_and_exits_2_for_an_unknown_code(full_folder):
    proc = subprocess.run([sys.executable, "-m", "dashboard", "summary", str(full_folder),
                           "--from", "2024-01-01"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)   # strict JSON: no NaN, one object
    assert list(s) == [k for k, _ in shape(json.loads(EXAMPLE))]
    assert (s["as_of"], s["from"], s["to"]) == ("2024-03-31", "2024-01-01", "2024-03-31")
    # numbers are not rounded: c1, c2 of child A: c2 repeats c1 -> 1 of 3 contacts
    assert s["mash"]["repeat_contact_12m_pct"] == pytest.approx(100 / 3, rel=1e-12)
    proc = subprocess.run([sys.executable, "-m", "dashboard", "summary", str(full_folder),
                           "--agency", "martians"],
                          capture_output=True, text=True, cwd=ROOT, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert (proc.returncode, proc.stdout) == (2, "")
    assert len(proc.stderr.strip().splitlines()) == 1 and "martians" in proc.stderr


@pytest.mark.parametrize("option, value", [
    ("--agency", "police,martians"), ("--status", "finished"), ("--age-band", "18-25"),
    ("--concern", "bullying"), ("--screening-rag", "purple"), ("--audit-type", "peer"), ("--source-type", "ofsted"),
    ("--area", "nowhere"), ("--from", "2024-13-01"), ("--year", "2023/25"),
])
def test_unknown_values_exit_2(capsys, small_folder, option, value):
    status, out, err = run(capsys, small_folder, option, value)
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    if option == "--agency":
        assert "martians" in err


def test_folder_level_failures_exit_2(capsys, tmp_path):
    status, out, err = run(capsys, tmp_path / "missing")
    assert (status, out) == (2, "")
    folder = write_dataset(tmp_path / "no_toml")
    (folder / "partnership.toml").unlink()
    assert run(capsys, folder)[0] == 2
    folder = write_dataset(tmp_path / "bad_toml")
    (folder / "partnership.toml").write_text('name = "X"\nchild_population = -1\n'
                                             'total_population = 10\n', encoding="utf-8")
    assert run(capsys, folder)[0] == 2
    folder = write_dataset(tmp_path / "clash", mash_contacts=[])
    (folder / "mash_contacts.parquet").write_bytes(b"PAR1")
    assert run(capsys, folder)[0] == 2


def test_as_of_option_is_respected(capsys, front_door_folder):
    s = run_json(capsys, front_door_folder, "--as-of", "2024-02-10")
    # the rolling year ends on as_of: (10 Feb 2024 + 1 day) - 12 months = 11 Feb 2023
    assert (s["as_of"], s["from"], s["to"]) == ("2024-02-10", "2023-02-11", "2024-02-10")
    # c3 (5 Mar 2024) is after as_of; c2 (Mon 5 Feb) is pending, 5 Feb + 1 wd = 6 Feb < 10 Feb
    assert s["mash"]["contacts"] == 2
    assert s["mash"]["pending_overdue"] == 1
    # X1 is completed (20 Jan); X2 (due 1 Feb) open and overdue
    assert (s["actions"]["completed"], s["actions"]["overdue"]) == (1, 1)
    # --to is the as_of unless given
    s = run_json(capsys, front_door_folder, "--as-of", "2024-02-10", "--to", "2024-01-31")
    assert (s["to"], s["mash"]["contacts"]) == ("2024-01-31", 1)
    # partnership.toml's as_of when --as-of is absent
    s = run_json(capsys, front_door_folder)
    assert (s["as_of"], s["to"], s["mash"]["contacts"]) == ("2024-03-31", "2024-03-31", 3)


def test_none_selects_not_recorded(capsys, front_door_folder):
    s = run_json(capsys, front_door_folder, "--screening-rag", "none")
    assert s["mash"]["contacts"] == 1                  # c2
    s = run_json(capsys, front_door_folder, "--screening-rag", "none,red")
    assert s["mash"]["contacts"] == 2                  # c1, c2
    s = run_json(capsys, front_door_folder, "--area", "none")
    assert s["actions"]["total"] == 1                  # X2 has no area_id


def test_filter_options_have_the_address_names(capsys, full_folder):
    s = run_json(capsys, full_folder, "--agency", "police", "--area", "neglect",
                 "--age-band", "0-4", "--concern", "neglect", "--locality", "none",
                 "--audit-type", "multi_agency", "--source-type", "audit", "--owner",
                 " local AUTHORITY ", "--status", "completed", "--year", "2023/24")
    assert s["mash"]["contacts"] == 3          # all police, 0-4, neglect, no locality
    assert s["actions"]["total"] == 1          # X1
    assert s["audits"]["agency_returns"] == 2  # police, neglect, multi-agency: both rows
    assert s["training"]["bookings"] == 0      # B1 is health's, with no area
    assert s["funding"]["year"] == "2023/24"


def test_prints_whatever_the_validation_found(capsys, tmp_path):
    folder = write_dataset(tmp_path, priority_areas=None, mash_contacts=[
        contact("c1", "A", "2024-01-05T10:00"),
        contact("c2", "B", "not a date"),
    ])
    s = run_json(capsys, folder)
    assert s["mash"]["contacts"] == 1
    assert (s["indicators"], s["areas"], s["missing_returns"]) == (None, None, None)
    assert s["validation"]["errors"] >= 2       # the required file, the bad date
    assert s["validation"]["quarantined_rows"] == 1


def test_funding_ignores_agency_area_and_period_filters(full_folder):
    ds = load_dataset(full_folder)
    base = summarise(ds)["funding"]
    # 2023/24 is the latest contributions year starting on or before 31 Mar 2024
    assert base["year"] == "2023/24"
    assert base["contributions_total"] == pytest.approx(180000.0)   # 100k + 40k + 30k + 10k
    for filters in ({"agency": "police"}, {"area": "neglect"},
                    {"from": "2024-01-01", "to": "2024-01-31"}):
        assert summarise(ds, filters)["funding"] == base, filters


def test_summary_does_not_load_the_web_server(tmp_path):
    # `summary` is timed against the pandas peer (issue 11): it needs the data and the
    # figures, not flask and the login machinery (a quarter of its time when it did);
    # on a database already built it needs neither pandas nor pyarrow either (their
    # import was a third of its time): the figures are read as plain rows
    from tests.validation_fixtures import make_folder

    folder = make_folder(tmp_path)
    code = ("import sys; from dashboard.__main__ import main; "
            f"rc = main(['summary', {str(folder)!r}, '--agency', 'police']); "
            "print(sorted(m for m in ('flask', 'flask_login', 'dash', 'plotly', 'pandas', "
            "'pyarrow') if m in sys.modules), file=sys.stderr); sys.exit(rc)")

    def run():
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              env={**os.environ, "DASHBOARD_CACHE": str(tmp_path / "cache"),
                                   "PYTHONPATH": str(ROOT)}, timeout=300, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout), done.stderr.strip().splitlines()[-1]

    built, loaded = run()                       # the first run builds the database
    assert "contacts" in built["mash"]
    assert loaded == "['pandas', 'pyarrow']"    # reading and checking the files
    kept, loaded = run()                        # the second opens it
    assert loaded == "[]"
    assert kept == built


def test_validation_counts_are_the_reports(tmp_path):
    # summary's `validation` is read from the recorded findings (no pandas); it must
    # say what the report says: c2 has two bad cells and is one quarantined row, c3 a
    # third, and the notice about c4, dated after as_of, is neither error nor warning
    folder = write_dataset(tmp_path, mash_contacts=[
        contact("c1", "A", "2024-01-05T10:00"),
        contact("c2", "B", "not a date", decision="no such decision"),
        contact("c3", "C", "2024-01-06T10:00", decision="also wrong"),
        contact("c4", "D", "2030-01-06T10:00"),
    ])
    ds = load_dataset(folder)
    r = ds.report
    errors = r[r["severity"] == "error"]
    assert (r["rule"] == "after_as_of").sum() == 1
    assert ds.validation_counts() == {
        "errors": len(errors), "warnings": int((r["severity"] == "warning").sum()),
        "quarantined_rows": len(errors.dropna(subset=["row"])[["file", "row"]]
                                .drop_duplicates())}
    mash = errors[errors["file"] == "mash_contacts.csv"]
    assert set(mash["row"]) == {2, 3} and (mash["row"] == 2).sum() >= 2
    assert ds.validation_counts()["errors"] > ds.validation_counts()["quarantined_rows"] >= 2
