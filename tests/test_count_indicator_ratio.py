"""datasets.md: numerator/denominator on a count indicator is a warning and ignored, even
when the value given would not pass their own type or range rules; return_lag_days bounds."""
import pytest

from dashboard.data import DatasetFolderError, load_dataset


def write(tmp_path, indicators_rows, lag=None):
    toml = 'name = "C"\nchild_population = 10\ntotal_population = 20\nas_of = "2024-03-31"\n'
    if lag is not None:
        toml += f"return_lag_days = {lag}\n"
    (tmp_path / "partnership.toml").write_text(toml)
    (tmp_path / "priority_areas.csv").write_text("area_id,name,subgroup\nfront_door,F,S\n")
    (tmp_path / "indicator_catalogue.csv").write_text(
        "indicator_id,name,area_id,unit,polarity,target,amber_tolerance,frequency,source,"
        "definition,expected_from\n"
        "n,N,front_door,count,lower_is_better,,,monthly,police,d,2024-01-01\n"
        "p,P,front_door,percent,higher_is_better,,,monthly,police,d,2024-01-01\n")
    (tmp_path / "indicators.csv").write_text(
        "indicator_id,period_start,value,numerator,denominator\n" + "".join(indicators_rows))
    return tmp_path


def test_bad_ratio_on_a_count_indicator_is_only_a_warning(tmp_path):
    ds = load_dataset(write(tmp_path, ["n,2024-01-01,7,x,0\n", "p,2024-01-01,50,1,0\n"]))
    r = ds.report
    count_rows = r[r["row"] == 1]
    assert count_rows["severity"].tolist() == ["warning"]
    assert count_rows["rule"].tolist() == ["ignored_value"]
    # the percent indicator's denominator 0 is still an error (row 2 quarantined)
    assert r[(r["row"] == 2) & (r["severity"] == "error")]["column"].tolist() == ["denominator"]
    values = ds.run_query("indicator_values", as_of="2024-03-31")
    assert values[["indicator_id", "value"]].values.tolist() == [["n", 7.0]]
    assert values["numerator"].isna().all()


@pytest.mark.parametrize("lag", [0, 366])
def test_return_lag_days_within_a_year_is_accepted(tmp_path, lag):
    assert load_dataset(write(tmp_path, [], lag=lag)).partnership.return_lag_days == lag


def test_return_lag_days_over_a_year_is_a_folder_error(tmp_path):
    with pytest.raises(DatasetFolderError, match="return_lag_days 1000000"):
        load_dataset(write(tmp_path, [], lag=1000000))
