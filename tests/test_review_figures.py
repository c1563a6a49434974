"""Independent review of the figures against metrics.md: each test is a divergence found by
the review, on a hand-worked fixture (the arithmetic is in the comments).

as_of is 2024-03-31 and the return lag the default 30 days, so the last due month is
February 2024 (metrics_fixtures.AS_OF; see test_metrics_indicators.py).
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from dashboard.__main__ import main
from dashboard.data import load_dataset
from dashboard.filters import Filters
from dashboard.metrics import headline_trends
from metric_fixtures import catalogue_row, summary_of, write_dataset


def supplied(indicator_id, polarity, target, amber_tolerance=None, expected_from="2023-03-01"):
    return catalogue_row(indicator_id, "front_door", source="police", frequency="monthly",
                         unit="score", polarity=polarity, target=target,
                         amber_tolerance=amber_tolerance, expected_from=expected_from)


def monthly(indicator_id, values, first=(2023, 3)):
    """One row per month from March 2023 (12 values: March 2023 .. February 2024)."""
    y, m = first
    out = []
    for v in values:
        out.append({"indicator_id": indicator_id, "period_start": f"{y:04d}-{m:02d}-01",
                    "value": v})
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def by_id(items):
    return {i["indicator_id"]: i for i in items}


# ---- RAG: "amber t − a ≤ v < t" / "amber t < v ≤ t + a" on the values as written ------------
def test_rag_boundaries_are_exact_for_decimal_targets_and_tolerances(tmp_path):
    catalogue = [
        # higher_is_better, t = 1.1, a = 0.2: t − a = 0.9 ≤ v = 0.9 < 1.1  -> amber
        # (in binary floating point 1.1 − 0.2 = 0.9000000000000001 > 0.9, which gave red)
        supplied("h", "higher_is_better", 1.1, 0.2, expected_from="2024-02-01"),
        # lower_is_better, t = 0.7, a = 0.1: 0.7 < v = 0.8 ≤ t + a = 0.8  -> amber
        # (0.7 + 0.1 = 0.7999999999999999 < 0.8 in floating point, which gave red)
        supplied("l", "lower_is_better", 0.7, 0.1, expected_from="2024-02-01"),
    ]
    rows = [{"indicator_id": "h", "period_start": "2024-02-01", "value": "0.9"},
            {"indicator_id": "l", "period_start": "2024-02-01", "value": "0.8"}]
    s = summary_of(tmp_path, indicator_catalogue=catalogue, indicators=rows)
    got = by_id(s["indicators"])
    assert (got["h"]["rag"], got["l"]["rag"]) == ("amber", "amber")
    front_door = s["areas"][0]
    assert (front_door["rag"], front_door["red"], front_door["amber"]) == ("amber", 0, 2)


# ---- SPC: "a point exactly on the mean breaks a run" --------------------------------------
# 0.8 + 2.0 + 0.8 + 2.0 + 1.2 = 6.8; 6 × 1.8 = 10.8; + 1.6 -> sum 19.2, mean 19.2 / 12 = 1.6.
# Moving ranges: 1.2, 1.2, 1.2, 0.8, 0.6, 0, 0, 0.2, 0.2, 0, 0 -> 5.4; MR̄ = 5.4 / 11.
# 2.66 × MR̄ = 14.364 / 11 = 1.30581818…: UCL 2.90581818…, LCL 0.29418181…;
# 2-sigma lines 1.6 ± (2/3) × 1.30581818… = 2.47054545… and 0.72945454…: no point is near
# (2.0 < 2.4705; 0.8 > 0.7295) or outside; no 7 rising or falling points.
# Sides of the mean: − + − + − + + + 0 + + +: the point 1.6 is on the mean and breaks the
# last seven into two runs of three, so no shift: the latest point is common cause.
# (Floating point gave mean 1.5999999999999999, put 1.6 above it, and found a shift of 7.)
ON_THE_MEAN = [0.8, 2.0, 0.8, 2.0, 1.2, 1.8, 1.8, 1.8, 1.6, 1.8, 1.8, 1.8]


def test_a_point_exactly_on_the_mean_breaks_a_shift(tmp_path):
    catalogue = [supplied("tie", "lower_is_better", 5)]
    s = summary_of(tmp_path, indicator_catalogue=catalogue,
                   indicators=monthly("tie", ON_THE_MEAN))
    ind = s["indicators"][0]
    assert ind["latest_period"] == "2024-02-01" and ind["value"] == pytest.approx(1.8)
    assert ind["mean"] == pytest.approx(1.6, abs=1e-12)
    assert ind["ucl"] == pytest.approx(1.6 + 14.364 / 11)
    assert ind["lcl"] == pytest.approx(1.6 - 14.364 / 11)
    assert ind["variation"] == "common_cause"
    # a shift here would have been high = concerning for lower_is_better, and made this the
    # area's worst-moving indicator
    assert s["areas"][0]["worst_indicator_id"] is None


# ---- Assurance: "LCL > t consistently_passing, UCL < t consistently_failing" ----------------
# 0.1 1.1 2.0 1.4 2.0 1.6 1.6 1.9 3.1 2.6 0.0 1.8: sum 19.2, mean 1.6.
# Moving ranges 1.0 0.9 0.6 0.6 0.4 0.0 0.3 1.2 0.5 2.6 1.8: sum 9.9, MR̄ = 0.9;
# 2.66 × 0.9 = 2.394: UCL = 3.994, LCL = −0.794.
# With t = 3.994 the UCL equals the target: neither UCL < t nor (lower_is_better) UCL < t,
# so both polarities are hit_and_miss. (Floating point gave UCL 3.9939999999999998 < t:
# consistently_failing / consistently_passing.)
UCL_ON_TARGET = [0.1, 1.1, 2.0, 1.4, 2.0, 1.6, 1.6, 1.9, 3.1, 2.6, 0.0, 1.8]


def test_assurance_when_a_process_limit_equals_the_target(tmp_path):
    catalogue = [supplied("up", "higher_is_better", 3.994),
                 supplied("down", "lower_is_better", 3.994)]
    s = summary_of(tmp_path, indicator_catalogue=catalogue,
                   indicators=monthly("up", UCL_ON_TARGET) + monthly("down", UCL_ON_TARGET))
    got = by_id(s["indicators"])
    for iid in ("up", "down"):
        assert got[iid]["ucl"] == pytest.approx(3.994)
        assert got[iid]["lcl"] == pytest.approx(-0.794)
        assert got[iid]["assurance"] == "hit_and_miss", iid


# ---- summary: "An unknown option value prints one line and exits 2" ---------------------------
@pytest.mark.parametrize("value", ["2024-13-01", "20240331", "31/03/2024"])
def test_a_bad_as_of_prints_one_line_and_exits_2(capsys, tmp_path, value):
    folder = write_dataset(tmp_path)
    status = main(["summary", str(folder), "--as-of", value])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and value in err


def test_a_good_as_of_is_still_respected(capsys, tmp_path):
    folder = write_dataset(tmp_path)
    assert main(["summary", str(folder), "--as-of", "2024-02-10"]) == 0
    assert '"as_of": "2024-02-10"' in capsys.readouterr().out


# ---- Overview trend of funding: "the same figure ... each of the last 5 financial years" -------
def test_funding_trend_ends_with_the_chosen_year_even_after_as_of(tmp_path):
    # contributions 2023/24 £100 and 2024/25 £300; as_of 31 Mar 2024, year=2024/25 chosen:
    # summary's contributions_total is £300 (the year is `--year`, whatever as_of), so the
    # trend's last point (2024/25) is £300 too, and 2023/24 is £100.
    folder = write_dataset(tmp_path, contributions=[
        {"financial_year": "2023/24", "agency": "Council", "partner_group": "local_authority",
         "amount_gbp": "100"},
        {"financial_year": "2024/25", "agency": "Council", "partner_group": "local_authority",
         "amount_gbp": "300"}])
    ds = load_dataset(folder)
    f = Filters(year="2024/25")
    trend = headline_trends(ds, f)["funding.contributions_total"]
    assert trend == [("2020/21", None), ("2021/22", None), ("2022/23", None),
                     ("2023/24", 100.0), ("2024/25", 300.0)]
    assert ds.as_of == dt.date(2024, 3, 31)


# ---- datasets.md: a `number` is a number; "summary ... prints, whatever the validation found" --
def test_a_number_too_large_for_a_double_is_a_type_error_not_infinity(capsys, tmp_path):
    # 1e400 overflows a double to infinity; read as a number it made summary fail
    # ("Out of range float values are not JSON compliant") instead of printing.
    catalogue = [supplied("a", "higher_is_better", "1e400", expected_from="2024-02-01"),
                 supplied("b", "higher_is_better", 50, amber_tolerance="1e999",
                          expected_from="2024-02-01"),
                 supplied("c", "higher_is_better", 50, expected_from="2024-02-01")]
    rows = [{"indicator_id": "c", "period_start": "2024-02-01", "value": "1e400"}]
    folder = write_dataset(tmp_path, indicator_catalogue=catalogue, indicators=rows)
    ds = load_dataset(folder)
    errors = ds.report[ds.report["severity"] == "error"]
    assert sorted(zip(errors["file"], errors["row"], errors["column"], errors["rule"])) == [
        ("indicator_catalogue.csv", 1, "target", "type"),
        ("indicator_catalogue.csv", 2, "amber_tolerance", "type"),
        ("indicators.csv", 1, "value", "type"),
    ]
    capsys.readouterr()
    status = main(["summary", str(folder)])
    out, err = capsys.readouterr()
    assert status == 0, err
    s = json.loads(out)
    # only c is left in the catalogue; its one row was rejected: no value, February missing
    assert [(i["indicator_id"], i["value"], i["rag"], i["data_missing"]) for i in s["indicators"]] \
        == [("c", None, "grey", True)]
    assert s["validation"] == {"errors": 3, "warnings": 0, "quarantined_rows": 3}


def test_dates_at_the_ends_of_the_calendar_do_not_stop_summary(capsys, tmp_path):
    # 9999-12-31 and 0001-01-01 are ISO dates, but datasets.md bounds every date to
    # 1900-01-01..2099-12-31: outside it is a type error, the row is quarantined and
    # summary still prints (the working-day calendar only spans accepted dates).
    folder = write_dataset(tmp_path, audits=[
        {"case_ref": "K1", "audited_on": "2024-01-10", "grade": "good"},
        {"case_ref": "K2", "audited_on": "9999-12-31", "grade": "inadequate"},
        {"case_ref": "K3", "audited_on": "0001-01-01", "grade": "inadequate"},
    ])
    assert main(["summary", str(folder), "--from", "all"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert (s["audits"]["agency_returns"], s["audits"]["good_or_better_pct"]) == (1, 100.0)
    assert s["validation"] == {"errors": 2, "warnings": 0, "quarantined_rows": 2}


def test_the_largest_money_amounts_the_contract_allows_give_shares_not_an_error(capsys, tmp_path):
    # Money is "a decimal with up to 2 places, never negative", with no upper bound; the
    # loader keeps up to 16 digits before the point. 100 × 9999999999999999.99 overflowed
    # DuckDB's DECIMAL(18) and summary stopped with an Out of Range Error.
    big = "9999999999999999.99"
    folder = write_dataset(
        tmp_path,
        contributions=[{"financial_year": "2023/24", "agency": "Council",
                        "partner_group": "local_authority", "amount_gbp": big}],
        budget=[{"financial_year": "2023/24", "kind": "expenditure", "line": "training",
                 "actual_gbp": big},
                {"financial_year": "2023/24", "kind": "income", "line": "training_income",
                 "actual_gbp": big}],
        comparators=[{"partnership": "P", "year": "2023/24", "unitary": True,
                      "local_authority_gbp": big, "health_gbp": big, "police_gbp": big,
                      "other_gbp": big}])
    assert main(["summary", str(folder)]) == 0
    funding = json.loads(capsys.readouterr().out)["funding"]
    # one contribution: 100 % local authority; training income = training spend: 100 %
    assert funding["share_pct"]["local_authority"] == pytest.approx(100.0)
    assert funding["training_cost_recovery_pct"] == pytest.approx(100.0)
    # four equal group amounts: 25 % each, for the comparator and the means
    assert funding["comparators"][0]["share_pct"] == pytest.approx(
        {"local_authority": 25.0, "health": 25.0, "police": 25.0, "other": 25.0})
    assert funding["comparator_mean_share_pct"] == pytest.approx(
        {"local_authority": 25.0, "health": 25.0, "police": 25.0, "other": 25.0})


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31"])
def test_an_as_of_beyond_the_calendar_is_one_line_and_exit_2(capsys, tmp_path, value):
    # Months, quarters and due periods around 9999-12-31 (or 0001-01-01) need year 10000
    # (year 0): summary stopped with a traceback. It is refused like any bad as_of.
    folder = write_dataset(tmp_path, indicator_catalogue=[
        supplied("a", "higher_is_better", 50, expected_from="2024-02-01")])
    status = main(["summary", str(folder), "--as-of", value])
    out, err = capsys.readouterr()
    assert (status, out) == (2, "")
    assert len(err.strip().splitlines()) == 1 and value in err
