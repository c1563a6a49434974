"""The funding figures reproduce the shares and means published in the 2020 independent
review (its real figures ship in tests/data/review_2020: comparators.csv, the 2020/21
contributions and the 2019/20 budget actuals it quotes).

Expected values are the review's own printed figures (to one decimal place, or pence),
so these tests check our arithmetic against a table nobody here wrote.
"""
import shutil
from pathlib import Path

import pytest

from dashboard.data import load_dataset
from dashboard.filters import parse_filters
from dashboard.metrics import summary

REVIEW = Path(__file__).parent / "data" / "review_2020"


@pytest.fixture(scope="module")
def review_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    for name in ("comparators.csv", "contributions.csv", "budget.csv"):
        shutil.copy(REVIEW / name, folder / name)
    (folder / "partnership.toml").write_text(
        'name = "Review figures"\nchild_population = 41250\ntotal_population = 167025\n'
        'as_of = "2021-03-31"\n')
    (folder / "priority_areas.csv").write_text("area_id,name,subgroup\nfront_door,Front door,QA\n")
    (folder / "indicator_catalogue.csv").write_text(
        "indicator_id,name,area_id,unit,polarity,target,amber_tolerance,frequency,source,"
        "definition,expected_from\n")
    return folder


def funding(folder, **params):
    ds = load_dataset(folder)
    assert ds.validation_counts()["errors"] == 0
    return summary(ds, parse_filters(params, ds))["funding"]


def by_name(f, name):
    return next(c for c in f["comparators"] if c["partnership"] == name)


def test_contributions_total_2020_21(review_folder):
    f = funding(review_folder)
    assert f["year"] == "2020/21"  # latest contributions year starting on or before as_of
    assert f["contributions_total"] == pytest.approx(234504.21, abs=0.005)
    # 177,444 / 234,504.21 = 75.7% local authority (the review's pie chart)
    assert round(f["share_pct"]["local_authority"], 1) == 75.7
    assert sum(f["share_pct"].values()) == pytest.approx(100.0)
    assert f["contributions_per_head_gbp"] == pytest.approx(234504.21 / 167025)


def test_thurrock_shares_and_per_head(review_folder):
    t = by_name(funding(review_folder), "Thurrock")
    assert {g: round(v, 1) for g, v in t["share_pct"].items()} == {
        "local_authority": 68.3, "health": 15.8, "police": 9.5, "other": 6.4}
    assert t["total_gbp"] == 108000 + 25000 + 15000 + 10050
    assert round(t["budget_per_head_gbp"], 2) == 0.72


def test_budget_per_head_essex_and_bedford(review_folder):
    f = funding(review_folder)
    assert round(by_name(f, "Essex")["budget_per_head_gbp"], 2) == 0.27
    assert round(by_name(f, "Bedford Borough")["budget_per_head_gbp"], 2) == 1.33


def test_comparator_means(review_folder):
    f = funding(review_folder)
    assert f["comparator_year"] == "2016/17"  # no 2020/21 comparators: the latest year
    unitary = {g: round(v, 1) for g, v in f["comparator_mean_share_pct_unitary"].items()}
    assert unitary == {"local_authority": 54.9, "health": 28.7, "police": 13.5, "other": 2.9}
    everyone = {g: round(v, 1) for g, v in f["comparator_mean_share_pct"].items()}
    # The review prints 54.1% for the local authority, the share of the mean amounts;
    # metrics.md defines the mean of the shares, which is 53.8%.
    assert everyone == {"local_authority": 53.8, "health": 26.7, "police": 14.1, "other": 5.4}
    assert [c["partnership"] for c in f["comparators"]][:2] == ["Bedford Borough", "Cambridgeshire"]
    assert len(f["comparators"]) == 11


def test_training_cost_recovery_2019_20(review_folder):
    f = funding(review_folder, year="2019/20")
    # 14,868.75 training income over 15,000 training expenditure
    assert round(f["training_cost_recovery_pct"], 1) == 99.1
    assert f["contributions_total"] is None  # no 2019/20 contributions in the file
    expenditure = 120835.00 + 20000.00 + 11102.48 + 15000.00
    assert f["budget_per_head_gbp"] == pytest.approx(expenditure / 167025)
    assert all(line["budget_variance_gbp"] is None for line in f["budget_lines"])
