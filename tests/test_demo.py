"""Tests of the synthetic demo dataset generator (dashboard/demo/) and `demo-data`.

Every expectation is computed from the generated files and the data contract
(shared/spec/datasets.md), never from hard-coded figures of one run.
"""
from __future__ import annotations

import calendar
import csv
import re
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import holidays
import numpy as np
import pytest

from dashboard import demo
from dashboard.demo import write_demo

AGENCIES = {"local_authority", "police", "health", "education", "probation", "youth_justice",
            "housing", "cafcass", "voluntary", "family_or_public", "anonymous", "other"}
PARTNER_GROUPS = {"local_authority", "health", "police", "other"}
CONCERNS = {"neglect", "domestic_abuse", "physical_abuse", "sexual_abuse", "emotional_abuse",
            "exploitation", "missing", "mental_health", "online_safety", "other"}
AGE_BANDS = {"unborn", "0-4", "5-9", "10-15", "16-17"}
RAGS = {"red", "amber", "green"}
DECISIONS = {"no_further_action", "information_advice", "early_help", "referral_social_care",
             "strategy_discussion"}
AUDIT_TYPES = {"multi_agency", "single_agency", "deep_dive", "thematic"}
GRADES = {"outstanding", "good", "requires_improvement", "inadequate"}
SOURCE_TYPES = {"lcspr", "scr", "rapid_review", "audit", "independent_review", "section_11",
                "inspection", "other"}
STATUSES = {"not_started", "in_progress", "completed", "impact_evidenced"}
OUTCOMES = {"lcspr", "no_lcspr", "pending"}
MODES = {"virtual", "in_person", "e_learning"}
UNITS = {"percent", "rate_per_10k", "count", "days", "score"}
POLARITIES = {"higher_is_better", "lower_is_better"}
FREQUENCIES = {"monthly", "quarterly"}
LINES = {"staffing", "independent_scrutiny", "case_reviews", "training", "child_death_review",
         "training_income", "other_income", "other"}
COMPUTED = {
    "mash_decision_within_1wd": "monthly",
    "mash_conversion_rate": "monthly",
    "mash_repeat_contacts_12m": "monthly",
    "audit_good_or_better": "quarterly",
    "training_confidence_uplift": "quarterly",
    "actions_completed_on_time": "quarterly",
}
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
MONEY_RE = re.compile(r"^\d+(\.\d{1,2})?$")
FY_RE = re.compile(r"^(\d{4})/(\d{2})$")
BOOL = {"true", "false"}
SEED_COMPARATORS = Path(__file__).resolve().parents[1] / "dashboard" / "demo" / "comparators.csv"
CSV_FILES = ["priority_areas.csv", "indicator_catalogue.csv", "indicators.csv",
             "mash_contacts.csv", "audits.csv", "actions.csv", "case_reviews.csv",
             "training.csv", "contributions.csv", "budget.csv", "comparators.csv",
             "self_assessments.csv", "voice.csv", "commentary.csv",
             "indicator_benchmarks.csv", "indicator_breaks.csv"]
# datasets.md codes of the optional files added with self-assessments, voice and context.
FRAMEWORKS = {"section_11", "section_175"}
RATING_ORDER = ["met", "partially_met", "not_met"]  # metrics.md: met > partially_met > not_met
VOICE_SOURCES = {"children", "parents_carers", "practitioners"}
CHANNELS = {"survey", "forum", "audit", "case_review", "complaint", "other"}
COMPARATORS = {"england", "region", "statistical_neighbours"}


# ----------------------------------------------------------------------------- helpers

def read(folder: Path, name: str) -> list[dict]:
    with open(folder / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def d(s: str) -> date:
    return date.fromisoformat(s)


def month_end(x: date) -> date:
    return date(x.year, x.month, calendar.monthrange(x.year, x.month)[1])


def add_months(x: date, k: int) -> date:
    n = x.year * 12 + x.month - 1 + k
    y, m = divmod(n, 12)
    return date(y, m + 1, min(x.day, calendar.monthrange(y, m + 1)[1]))


def quarter_start(x: date) -> date:
    return date(x.year, 3 * ((x.month - 1) // 3) + 1, 1)


def as_of_of(folder: Path) -> date:
    return d(tomllib.loads((folder / "partnership.toml").read_text("utf-8"))["as_of"])


def busdaycal(as_of: date) -> np.busdaycalendar:
    years = range(as_of.year - 6, as_of.year + 2)
    hols = sorted(holidays.country_holidays("GB", subdiv="ENG", years=years).keys())
    return np.busdaycalendar(weekmask="1111100", holidays=np.array(hols, "datetime64[D]"))


def add_wd(cal, day: date, n: int) -> date:
    return np.busday_offset(np.datetime64(day, "D"), n, roll="backward",
                            busdaycal=cal).astype(object)


def due_periods(expected_from: date, freq: str, as_of: date, lag: int) -> list[date]:
    step = 1 if freq == "monthly" else 3
    out, p = [], expected_from
    while True:
        end = add_months(p, step) - timedelta(days=1)
        if end + timedelta(days=lag) > as_of:
            return out
        out.append(p)
        p = add_months(p, step)


def latest_variation(values: list[float], polarity: str) -> str | None:
    """metrics.md SPC: the variation of the latest point (independent implementation)."""
    x = np.asarray(values, dtype=float)
    n = len(x)
    if n < 12:
        return None
    mean = x.mean()
    mr = np.abs(np.diff(x)).mean()
    ucl, lcl = mean + 2.66 * mr, mean - 2.66 * mr
    hi2, lo2 = mean + 2 / 3 * 2.66 * mr, mean - 2 / 3 * 2.66 * mr
    i = n - 1
    direction = 0
    if x[i] > ucl:
        direction = 1
    elif x[i] < lcl:
        direction = -1
    if not direction:  # trend: 7 points, 6 strict rises (or falls), ending at i
        up = down = 0
        k = i
        while k > 0 and x[k] > x[k - 1]:
            up, k = up + 1, k - 1
        k = i
        while k > 0 and x[k] < x[k - 1]:
            down, k = down + 1, k - 1
        direction = 1 if up >= 6 else -1 if down >= 6 else 0
    if not direction and i >= 2:  # two of three near points on one side
        w = x[i - 2:i + 1]
        if lcl <= x[i] < lo2 and (w < mean).all() and ((w < lo2) & (w >= lcl)).sum() >= 2:
            direction = -1
        if hi2 < x[i] <= ucl and (w > mean).all() and ((w > hi2) & (w <= ucl)).sum() >= 2:
            direction = 1
    if not direction:  # shift: 7 or more on one side of the mean, ending at i
        side = np.sign(x - mean)
        run, k = 0, i
        while k >= 0 and side[k] == side[i] and side[i] != 0:
            run, k = run + 1, k - 1
        direction = int(side[i]) if run >= 7 else 0
    if not direction:
        return "common_cause"
    good = 1 if polarity == "higher_is_better" else -1
    return "special_cause_improving" if direction == good else "special_cause_concerning"


def rag(value: float | None, target: str, amber: str, polarity: str) -> str:
    if value is None or target == "":
        return "grey"
    t, a = float(target), float(amber or 0)
    if polarity == "higher_is_better":
        return "green" if value >= t else "amber" if value >= t - a else "red"
    return "green" if value <= t else "amber" if value <= t + a else "red"


def catalogue(folder: Path) -> dict[str, dict]:
    return {c["indicator_id"]: c for c in read(folder, "indicator_catalogue.csv")}


def is_period_start(x: date, freq: str) -> bool:
    return x.day == 1 and (freq == "monthly" or x.month in (1, 4, 7, 10))


def fy_start(label: str) -> date:
    m = FY_RE.match(label)
    assert m and (int(m.group(1)) + 1) % 100 == int(m.group(2)), label
    return date(int(m.group(1)), 4, 1)


def org_key(name: str) -> str:
    """datasets.md: organisations matched trimmed, inner spaces collapsed, any case."""
    return " ".join(name.split()).lower()


# ----------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def default(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo")
    return out, write_demo(out)


@pytest.fixture(scope="module")
def other_end(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("demo_feb")
    return out, write_demo(out, contacts=3000, seed=11, end_month="2025-02")


@pytest.fixture(scope="module", params=["default", "other_end"])
def dataset(request) -> Path:
    return request.getfixturevalue(request.param)[0]


# ----------------------------------------------------------------------------- files

def test_required_files_and_summary(default):
    out, summary = default
    assert (out / "partnership.toml").is_file()
    for name in CSV_FILES:
        assert (out / name).is_file(), name
        assert summary["files"][name] == len(read(out, name)), name
    assert summary["as_of"] == as_of_of(out).isoformat()
    total = sum(p.stat().st_size for p in out.iterdir())
    assert total < 5_000_000


def test_csv_encoding_and_line_endings(dataset):
    for name in CSV_FILES:
        data = (dataset / name).read_bytes()
        data.decode("utf-8")
        assert not data.startswith(b"\xef\xbb\xbf")
        if name != "comparators.csv":
            assert b"\r" not in data, name
            assert data.endswith(b"\n"), name
        with open(dataset / name, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert all(len(r) == len(rows[0]) for r in rows), name


def test_partnership_toml(default, other_end):
    for (out, _), end_month in ((default, "2026-10"), (other_end, "2025-02")):
        cfg = tomllib.loads((out / "partnership.toml").read_text("utf-8"))
        assert "fictional" in cfg["name"].lower() or "synthetic" in cfg["name"].lower()
        assert isinstance(cfg["child_population"], int) and cfg["child_population"] > 0
        assert isinstance(cfg["total_population"], int) and cfg["total_population"] > 0
        assert cfg["bank_holidays"] == "england-and-wales"
        assert cfg["return_lag_days"] == 30
        y, m = map(int, end_month.split("-"))
        assert cfg["as_of"] == month_end(date(y, m, 1)).isoformat()


def test_comparators_copied_unchanged(default):
    out, _ = default
    assert (out / "comparators.csv").read_bytes() == SEED_COMPARATORS.read_bytes()


# ----------------------------------------------------------------------------- determinism

def test_same_seed_gives_identical_bytes(default, tmp_path):
    out, _ = default
    again = tmp_path / "again"
    write_demo(again)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    for name in names:
        assert (out / name).read_bytes() == (again / name).read_bytes(), name


def test_different_seed_gives_different_contacts(default, tmp_path):
    out, _ = default
    write_demo(tmp_path, seed=7)
    assert (tmp_path / "mash_contacts.csv").read_bytes() != (out / "mash_contacts.csv").read_bytes()
    assert len(read(tmp_path, "mash_contacts.csv")) == len(read(out, "mash_contacts.csv"))


@pytest.mark.parametrize("n", [0, 1, 2_345])
def test_contacts_scaling_gives_exactly_n_rows(tmp_path, n):
    write_demo(tmp_path, contacts=n)
    rows = read(tmp_path, "mash_contacts.csv")
    assert len(rows) == n
    assert len({r["contact_id"] for r in rows}) == n


def test_contacts_in_many_chunks(tmp_path, monkeypatch):
    """Chunked writing: exact count, unique ids, time order, repeats across chunk edges."""
    monkeypatch.setattr(demo.contacts, "CHUNK_ROWS", 1_500)
    n = 9_000
    write_demo(tmp_path, contacts=n, seed=3)
    rows = read(tmp_path, "mash_contacts.csv")
    assert len(rows) == n
    assert len({r["contact_id"] for r in rows}) == n
    times = [r["received_at"] for r in rows]
    assert times == sorted(times)
    assert 18 <= repeat_pct(rows) <= 27


def test_contacts_scaling_leaves_other_files_unchanged(default, tmp_path):
    out, _ = default
    write_demo(tmp_path, contacts=1_000)
    for name in CSV_FILES:
        if name != "mash_contacts.csv":
            assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


# ----------------------------------------------------------------------------- contract rules

def test_priority_areas_and_catalogue(dataset):
    areas = read(dataset, "priority_areas.csv")
    area_ids = [a["area_id"] for a in areas]
    assert len(areas) >= 5 and len(set(area_ids)) == len(area_ids)
    assert all(a["name"] and a["subgroup"] for a in areas)
    cat = read(dataset, "indicator_catalogue.csv")
    ids = [c["indicator_id"] for c in cat]
    assert len(cat) >= 15 and len(set(ids)) == len(ids)
    for c in cat:
        assert c["name"] and c["definition"]
        assert c["area_id"] in area_ids
        assert c["unit"] in UNITS and c["polarity"] in POLARITIES
        assert c["frequency"] in FREQUENCIES
        if c["target"]:
            float(c["target"])
        if c["amber_tolerance"]:
            assert float(c["amber_tolerance"]) >= 0
        if c["source"] == "computed":
            assert COMPUTED.get(c["indicator_id"]) == c["frequency"]
            assert c["expected_from"] == ""
        else:
            assert c["source"] in AGENCIES
            e = d(c["expected_from"])
            assert e.day == 1
            if c["frequency"] == "quarterly":
                assert e.month in (1, 4, 7, 10)
    assert {c["indicator_id"] for c in cat if c["source"] == "computed"} == set(COMPUTED)
    supplied = [c for c in cat if c["source"] != "computed"]
    assert len({c["source"] for c in supplied}) >= 4
    assert {c["frequency"] for c in supplied} == FREQUENCIES
    assert any(c["target"] == "" for c in cat)


def test_indicator_values(dataset):
    cat = {c["indicator_id"]: c for c in read(dataset, "indicator_catalogue.csv")}
    rows = read(dataset, "indicators.csv")
    keys = [(r["indicator_id"], r["period_start"]) for r in rows]
    assert len(set(keys)) == len(keys)
    as_of = as_of_of(dataset)
    with_nd = 0
    for r in rows:
        c = cat[r["indicator_id"]]
        assert c["source"] != "computed"
        p = d(r["period_start"])
        assert p.day == 1 and p <= as_of
        if c["frequency"] == "quarterly":
            assert p.month in (1, 4, 7, 10)
        assert p >= d(c["expected_from"])
        v = float(r["value"])
        assert v >= 0
        if c["unit"] == "percent":
            assert v <= 100
        if r["numerator"] or r["denominator"]:
            assert c["unit"] != "count"
            n, den = int(r["numerator"]), int(r["denominator"])
            assert n >= 0 and den > 0
            with_nd += 1
            e = {"percent": 100 * n / den, "rate_per_10k": 10000 * n / den}.get(c["unit"], n / den)
            assert abs(round(100 * v) - round(100 * e)) <= 5, r
    assert with_nd > 0


def test_mash_contacts_rules(dataset):
    rows = read(dataset, "mash_contacts.csv")
    as_of = as_of_of(dataset)
    assert len({r["contact_id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["contact_id"] and r["child_ref"]
        assert DATETIME_RE.match(r["received_at"])
        assert r["referrer_agency"] in AGENCIES
        assert r["primary_concern"] in CONCERNS
        assert r["age_band"] in AGE_BANDS
        assert r["screening_rag"] in RAGS | {""}
        assert r["escalated"] in BOOL
        assert r["received_at"][:10] <= as_of.isoformat()
        if r["decision"]:
            assert r["decision"] in DECISIONS
            assert DATETIME_RE.match(r["decided_at"])
            assert r["decided_at"] >= r["received_at"]
        else:
            assert r["decided_at"] == ""
    months = {r["received_at"][:7] for r in rows}
    first = add_months(date(as_of.year, as_of.month, 1), -47)
    assert min(months) == first.isoformat()[:7]
    assert max(months) == as_of.isoformat()[:7]
    assert len(months) == 48


def test_audits_rules(dataset):
    areas = {a["area_id"] for a in read(dataset, "priority_areas.csv")}
    rows = read(dataset, "audits.csv")
    keys = [(r["audit_id"], r["case_ref"], r["agency"]) for r in rows]
    assert len(set(keys)) == len(keys)
    ids = {r["audit_id"] for r in rows}
    reaudit = {}
    for r in rows:
        assert r["audit_type"] in AUDIT_TYPES and r["grade"] in GRADES
        assert r["agency"] in AGENCIES and r["area_id"] in areas
        assert r["case_ref"] and d(r["audited_on"]) <= as_of_of(dataset)
        for col in ("child_voice_evident", "family_involved", "practitioner_involved"):
            assert r[col] in BOOL
        reaudit.setdefault(r["audit_id"], set()).add(r["reaudit_of"])
        if r["reaudit_of"]:
            assert r["reaudit_of"] in ids
    assert all(len(v) == 1 for v in reaudit.values())
    assert len({(r["audit_id"], r["case_ref"]) for r in rows}) < len(rows)
    assert {r["audit_type"] for r in rows} == AUDIT_TYPES


def test_actions_rules(dataset):
    areas = {a["area_id"] for a in read(dataset, "priority_areas.csv")}
    rows = read(dataset, "actions.csv")
    as_of = as_of_of(dataset)
    assert len({r["action_id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["source_type"] in SOURCE_TYPES and r["status"] in STATUSES
        assert r["recommendation"] and r["owner"]
        assert r["area_id"] in areas | {""}
        assert d(r["due_on"]) >= d(r["raised_on"]) and d(r["raised_on"]) <= as_of
        done = r["status"] in ("completed", "impact_evidenced")
        assert bool(r["completed_on"]) == done
        if done:
            assert d(r["completed_on"]) <= as_of and r["evidence"]
        assert r["indicator_id"] == "" or r["indicator_id"] in catalogue(dataset)
    assert sum(r["area_id"] != "" for r in rows) > 0.8 * len(rows)
    assert sum(r["indicator_id"] != "" for r in rows) > 0.3 * len(rows)


def test_case_review_rules(dataset):
    rows = read(dataset, "case_reviews.csv")
    assert len({r["review_id"] for r in rows}) == len(rows)
    for r in rows:
        chain = [r["aware_on"], r["panel_notified_on"], r["rapid_review_on"]]
        present = [d(x) for x in chain if x]
        assert present == sorted(present) and r["aware_on"]
        assert r["outcome"] in OUTCOMES | {""}
        if r["outcome"] in ("lcspr", "no_lcspr"):
            assert r["rapid_review_on"]
        lc = [r["lcspr_decided_on"], r["lcspr_completed_on"], r["lcspr_published_on"]]
        if any(lc):
            assert r["outcome"] == "lcspr"
            got = [d(x) for x in lc if x]
            assert got == sorted(got)
            assert lc[0]  # completion and publication only after a decision
        if r["recommendations"]:
            assert int(r["recommendations"]) >= 0


def test_training_rules(dataset):
    areas = {a["area_id"] for a in read(dataset, "priority_areas.csv")}
    rows = read(dataset, "training.csv")
    assert len({r["booking_id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["course_id"] and r["course_title"] and d(r["delivered_on"])
        assert r["mode"] in MODES and r["attendee_agency"] in AGENCIES
        assert r["area_id"] in areas | {""}
        assert r["attended"] in BOOL
        scores = [r[c] for c in ("rating", "confidence_before", "confidence_after",
                                 "impact_followup")]
        if r["attended"] == "false":
            assert not any(scores)
        for s in scores:
            if s:
                assert s in {"1", "2", "3", "4", "5"}
        if r["fee_gbp"]:
            assert MONEY_RE.match(r["fee_gbp"]) and "." in r["fee_gbp"]


def test_money_rules(dataset):
    as_of = as_of_of(dataset)
    fy_now = as_of.year if as_of.month >= 4 else as_of.year - 1
    expected_years = [f"{y}/{(y + 1) % 100:02d}" for y in range(fy_now - 4, fy_now + 1)]
    contrib = read(dataset, "contributions.csv")
    keys = [(r["financial_year"], r["agency"]) for r in contrib]
    assert len(set(keys)) == len(keys)
    assert sorted({r["financial_year"] for r in contrib}) == expected_years
    for y in expected_years:
        assert {r["partner_group"] for r in contrib if r["financial_year"] == y} == PARTNER_GROUPS
    for r in contrib:
        assert FY_RE.match(r["financial_year"]) and MONEY_RE.match(r["amount_gbp"])
    budget = read(dataset, "budget.csv")
    keys = [(r["financial_year"], r["kind"], r["line"]) for r in budget]
    assert len(set(keys)) == len(keys)
    assert sorted({r["financial_year"] for r in budget}) == expected_years
    for r in budget:
        assert r["line"] in LINES
        assert r["kind"] == ("income" if r["line"] in ("training_income", "other_income")
                             else "expenditure")
        for c in ("planned_gbp", "actual_gbp"):
            assert r[c] == "" or MONEY_RE.match(r[c])
    assert {r["line"] for r in budget} == LINES
    current = [r for r in budget if r["financial_year"] == expected_years[-1]]
    assert current and all(r["actual_gbp"] == "" for r in current)
    earlier = [r for r in budget if r["financial_year"] != expected_years[-1]]
    assert all(r["actual_gbp"] for r in earlier)


# ----------------------------------------------------------------------------- patterns

def repeat_pct(rows: list[dict]) -> float:
    last: dict[str, tuple[str, date]] = {}
    repeats = 0
    for r in sorted(rows, key=lambda r: r["received_at"]):
        day = d(r["received_at"][:10])
        prev = last.get(r["child_ref"])
        if prev and prev[0] < r["received_at"] and (day - prev[1]).days <= 365:
            repeats += 1
        last[r["child_ref"]] = (r["received_at"], day)
    return 100 * repeats / len(rows)


def test_front_door_patterns(default):
    out, _ = default
    rows = read(out, "mash_contacts.csv")
    as_of = as_of_of(out)
    cal = busdaycal(as_of)
    by_month: dict[str, list[bool]] = {}
    for r in rows:
        if r["decision"]:
            ok = d(r["decided_at"][:10]) <= add_wd(cal, d(r["received_at"][:10]), 1)
            by_month.setdefault(r["received_at"][:7], []).append(ok)
    months = sorted(by_month)
    pct = lambda ms: 100 * np.mean([x for m in ms for x in by_month[m]])  # noqa: E731
    early, late = pct(months[:12]), pct(months[-12:])
    assert early < 78 and late >= 89 and late - early >= 12

    assert 20 <= repeat_pct(rows) <= 25
    esc = 100 * np.mean([r["escalated"] == "true" for r in rows])
    assert 2 <= esc <= 4.5

    agencies = [r["referrer_agency"] for r in rows]
    counts = {a: agencies.count(a) for a in set(agencies)}
    ranked = sorted(counts, key=counts.get, reverse=True)
    assert ranked[0] == "police" and "education" in ranked[:3]
    assert any(r["screening_rag"] == "" for r in rows)
    assert any(r["locality"] == "" for r in rows)
    assert len({r["locality"] for r in rows} - {""}) in (4, 5)

    # Seasonality: August and late December are quiet, September-November busy.
    per_month: dict[str, int] = {}
    for r in rows:
        per_month[r["received_at"][:7]] = per_month.get(r["received_at"][:7], 0) + 1
    aug = np.mean([v for k, v in per_month.items() if k.endswith("-08")])
    autumn = np.mean([v for k, v in per_month.items() if k[5:] in ("09", "10", "11")])
    assert aug < 0.85 * autumn
    late_dec = sum(1 for r in rows if r["received_at"][5:10] >= "12-24")
    mid_dec = sum(1 for r in rows if "12-10" <= r["received_at"][5:10] < "12-18")
    assert late_dec < mid_dec

    # Weekends and Fridays occur; most contacts arrive in working hours.
    wd = [d(r["received_at"][:10]).weekday() for r in rows]
    assert 0 < sum(w >= 5 for w in wd) < 0.2 * len(rows) and wd.count(4) > 0
    hours = [int(r["received_at"][11:13]) for r in rows]
    assert np.mean([8 <= h < 18 for h in hours]) > 0.7

    # A handful undecided at as_of, some overdue (more than one working day old).
    pending = [r for r in rows if not r["decision"]]
    assert 0 < len(pending) < 0.01 * len(rows)
    overdue = [r for r in pending
               if as_of > add_wd(cal, d(r["received_at"][:10]), 1)]
    assert overdue


def test_indicator_patterns(default):
    out, _ = default
    as_of = as_of_of(out)
    cat = {c["indicator_id"]: c for c in read(out, "indicator_catalogue.csv")}
    series: dict[str, list[tuple[str, float]]] = {}
    for r in read(out, "indicators.csv"):
        series.setdefault(r["indicator_id"], []).append((r["period_start"], float(r["value"])))
    variations, rags, missing = {}, {}, []
    for iid, c in cat.items():
        if c["source"] == "computed":
            continue
        pts = sorted(series.get(iid, []))
        due = due_periods(d(c["expected_from"]), c["frequency"], as_of, 30)
        got = {p for p, _ in pts}
        missing += [(iid, p.isoformat()) for p in due if p.isoformat() not in got]
        assert pts
        stale = d(pts[-1][0]) < due[-1]
        rags[iid] = "grey" if stale else rag(pts[-1][1], c["target"], c["amber_tolerance"],
                                             c["polarity"])
        variations[iid] = latest_variation([v for _, v in pts], c["polarity"])
        if c["frequency"] == "quarterly" and iid != "education_dsl_training_pct":
            assert len(pts) >= 12
    assert variations["health_marac_attendance_pct"] == "special_cause_improving"
    assert variations["la_return_interviews_72h_pct"] == "special_cause_concerning"
    assert rags["la_return_interviews_72h_pct"] == "red"
    assert {"red", "amber", "green", "grey"} <= set(rags.values())
    # Missing returns: only police's Encompass return, the last due month and one earlier.
    assert {i for i, _ in missing} == {"police_encompass_notifications_pct"}
    enc = cat["police_encompass_notifications_pct"]
    last_due = due_periods(d(enc["expected_from"]), "monthly", as_of, 30)[-1].isoformat()
    assert len(missing) == 2 and ("police_encompass_notifications_pct", last_due) in missing
    assert rags["police_encompass_notifications_pct"] == "grey"
    # Seasonality: police missing episodes peak in summer.
    miss = series["police_missing_episodes"]
    summer = np.mean([v for p, v in miss if p[5:7] in ("06", "07", "08")])
    winter = np.mean([v for p, v in miss if p[5:7] in ("11", "12", "01")])
    assert summer > winter


def test_audit_patterns(default):
    out, _ = default
    rows = read(out, "audits.csv")
    gob = lambda rs: 100 * np.mean([r["grade"] in ("good", "outstanding") for r in rs])  # noqa
    by_q: dict[date, list[dict]] = {}
    for r in rows:
        by_q.setdefault(quarter_start(d(r["audited_on"])), []).append(r)
    qs = sorted(by_q)
    assert len(qs) >= 12
    assert gob([r for q in qs[-4:] for r in by_q[q]]) > gob([r for q in qs[:4] for r in by_q[q]]) + 15
    re_ids = {(r["audit_id"], r["reaudit_of"]) for r in rows if r["reaudit_of"]}
    assert len(re_ids) >= 2
    for new, old in re_ids:
        assert gob([r for r in rows if r["audit_id"] == new]) > gob(
            [r for r in rows if r["audit_id"] == old])
        assert min(r["audited_on"] for r in rows if r["audit_id"] == new) > max(
            r["audited_on"] for r in rows if r["audit_id"] == old)


def test_action_patterns(default):
    out, _ = default
    rows = read(out, "actions.csv")
    as_of = as_of_of(out)
    assert 100 <= len(rows) <= 150
    assert len({r["source_type"] for r in rows}) >= 6
    open_ = [r for r in rows if r["status"] in ("not_started", "in_progress")]
    assert any(d(r["due_on"]) < as_of for r in open_)
    done = [r for r in rows if r["completed_on"]]
    assert any(d(r["completed_on"]) > d(r["due_on"]) for r in done)
    assert any(d(r["completed_on"]) <= d(r["due_on"]) for r in done)
    assert {"in_progress", "completed", "impact_evidenced"} <= {r["status"] for r in rows}
    # Actions due in each complete quarter, for the computed indicator.
    qs = {quarter_start(d(r["due_on"])) for r in rows
          if add_months(quarter_start(d(r["due_on"])), 3) <= as_of + timedelta(days=1)}
    assert len(qs) >= 12
    # Review recommendations come back as actions.
    reviews = {r["review_id"] for r in read(out, "case_reviews.csv")}
    assert any(r["source_ref"] in reviews for r in rows if r["source_type"] == "lcspr")


def test_case_review_patterns(default):
    out, _ = default
    rows = read(out, "case_reviews.csv")
    as_of = as_of_of(out)
    cal = busdaycal(as_of)
    assert 20 <= len(rows) <= 30
    notified = [r for r in rows if r["panel_notified_on"]]
    within = [d(r["panel_notified_on"]) <= add_wd(cal, d(r["aware_on"]), 5) for r in notified]
    assert 0.6 < np.mean(within) < 1.0
    overdue = [r for r in rows if r["lcspr_decided_on"] and not r["lcspr_published_on"]
               and as_of > add_months(d(r["lcspr_decided_on"]), 6)]
    assert overdue
    latest = max(rows, key=lambda r: r["aware_on"])
    assert latest["outcome"] in ("", "pending") and not latest["rapid_review_on"]
    assert {"lcspr", "no_lcspr"} <= {r["outcome"] for r in rows}
    assert any(r["lcspr_published_on"] for r in rows)


def test_training_patterns(default):
    out, _ = default
    rows = read(out, "training.csv")
    as_of = as_of_of(out)
    assert 2_000 <= len(rows) <= 4_000
    att = [r for r in rows if r["attended"] == "true"]
    assert 0.8 <= len(att) / len(rows) <= 0.9
    eligible = [r for r in att if d(r["delivered_on"]) + timedelta(days=91) <= as_of]
    share = np.mean([r["impact_followup"] != "" for r in eligible])
    assert 0.3 <= share <= 0.5
    ups = [int(r["confidence_after"]) - int(r["confidence_before"]) for r in att
           if r["confidence_before"] and r["confidence_after"]]
    assert np.mean(ups) > 0.5
    assert any(r["fee_gbp"] for r in rows) and any(not r["fee_gbp"] for r in rows)
    assert {r["mode"] for r in rows} == MODES
    assert sum(r["area_id"] != "" for r in rows) > 0.7 * len(rows)


def test_generator_uses_the_maintained_bank_holiday_calendar():
    """The generator's working days are those of `holidays` (England and Wales), the
    calendar the dashboard counts with: every weekday bank holiday, one-offs included."""
    cal = demo.timeline.WorkCalendar(2015, 2029)
    lib = {x for x in holidays.country_holidays("GB", subdiv="ENG", years=range(2015, 2030))
           if x.weekday() < 5}
    assert set(cal.holidays.astype(object)) == lib
    assert date(2022, 9, 19) in lib and date(2023, 5, 8) in lib


def test_bad_end_month_is_refused(tmp_path):
    with pytest.raises(ValueError):
        write_demo(tmp_path, end_month="October")


# ----------------------------------------------------------------------------- command line

REPO = Path(__file__).resolve().parents[1]


def demo_data(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", "demo-data", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def assert_one_line_error(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for w in words:
        assert w in lines[0], lines[0]


def test_cli_refuses_a_folder_with_other_files_unless_forced(tmp_path):
    (tmp_path / "minutes.docx").write_text("not a dataset file")
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = demo_data("--out", str(tmp_path), "--contacts", "50")
    assert_one_line_error(proc, "minutes.docx", "--force")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    proc = demo_data("--out", str(tmp_path), "--contacts", "50", "--force")
    assert proc.returncode == 0, proc.stderr
    assert len(read(tmp_path, "mash_contacts.csv")) == 50
    assert (tmp_path / "minutes.docx").read_text() == "not a dataset file"


def test_cli_rewrites_a_demo_folder_and_ignores_dot_folders(tmp_path):
    write_demo(tmp_path, contacts=40)
    (tmp_path / ".versions" / "indicators").mkdir(parents=True)
    (tmp_path / ".versions" / "log.csv").write_text("time,user\n")
    (tmp_path / "indicators.csv").unlink()
    (tmp_path / "audits.parquet").write_bytes(b"PAR1")  # a dataset file too
    proc = demo_data("--out", str(tmp_path), "--contacts", "40")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "indicators.csv").is_file()
    assert not (tmp_path / "audits.parquet").exists()  # one file per stem
    assert (tmp_path / ".versions" / "log.csv").read_text() == "time,user\n"


def test_cli_refuses_a_partnerships_own_dataset_unless_forced(tmp_path):
    (tmp_path / "partnership.toml").write_text('name = "A real partnership"\n')
    (tmp_path / "indicators.csv").write_text("indicator_id,period_start,value\n")
    assert_one_line_error(demo_data("--out", str(tmp_path), "--contacts", "10"), "demo = true")
    assert (tmp_path / "indicators.csv").read_text() == "indicator_id,period_start,value\n"


@pytest.mark.parametrize("case", ["file", "month_13", "month_word", "cannot_create",
                                  "negative_contacts"])
def test_cli_mistakes_are_one_line_and_exit_2(tmp_path, case):
    a_file = tmp_path / "a_file.csv"
    a_file.write_text("x\n")
    out = str(tmp_path / "out")
    args, words = {
        "file": (["--out", str(a_file)], ["a_file.csv", "not a folder"]),
        "month_13": (["--out", out, "--end-month", "2026-13"], ["2026-13", "YYYY-MM"]),
        "month_word": (["--out", out, "--end-month", "foo"], ["foo", "YYYY-MM"]),
        "cannot_create": (["--out", str(a_file / "sub")], ["cannot create"]),
        "negative_contacts": (["--out", out, "--contacts", "-5"], ["contacts", "-5"]),
    }[case]
    assert_one_line_error(demo_data(*args), *words)
    assert not (tmp_path / "out").exists()


def test_cli_progress_for_large_contact_counts(tmp_path):
    from dashboard.settings import PROGRESS_MIN_CONTACTS

    n = PROGRESS_MIN_CONTACTS + 1
    proc = demo_data("--out", str(tmp_path / "big"), "--contacts", str(n))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 10, lines
    pcts = [int(re.search(r"(\d+)%", x).group(1)) for x in lines]
    assert [p // 10 for p in pcts] == list(range(1, 11)) and pcts[-1] == 100
    assert f"{n:,} of {n:,}" in lines[-1]
    small = demo_data("--out", str(tmp_path / "small"), "--contacts", "500")
    assert small.returncode == 0 and small.stderr == ""


# ----------------------------------------------------------------------------- optional files
# self_assessments, voice, commentary, indicator_benchmarks, indicator_breaks: the rules
# of datasets.md, then the patterns the demo promises (module docstring).

def test_self_assessment_rules(dataset):
    rows = read(dataset, "self_assessments.csv")
    as_of = as_of_of(dataset)
    action_ids = {a["action_id"] for a in read(dataset, "actions.csv")}
    keys, first = set(), {}
    for r in rows:
        assert fy_start(r["round"]) and r["framework"] in FRAMEWORKS
        assert r["organisation"].strip() and r["agency"] in AGENCIES and r["standard"].strip()
        due = d(r["due_on"])
        assert bool(r["submitted_on"]) == bool(r["self_rating"])
        assert r["self_rating"] in set(RATING_ORDER) | {""}
        assert bool(r["validated_rating"]) == bool(r["validated_on"])
        if r["validated_rating"]:
            assert r["validated_rating"] in RATING_ORDER and r["self_rating"]
            assert d(r["validated_on"]) >= d(r["submitted_on"])
            assert d(r["validated_on"]) <= as_of
        if r["submitted_on"]:
            assert d(r["submitted_on"]) <= as_of
        assert r["action_id"] == "" or r["action_id"] in action_ids
        key = (r["round"], org_key(r["organisation"]), r["standard"].strip())
        assert key not in keys
        keys.add(key)
        same = (r["framework"], r["agency"], due, r["submitted_on"])
        assert first.setdefault((r["round"], org_key(r["organisation"])), same) == same


def _rounds(dataset) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in read(dataset, "self_assessments.csv"):
        out.setdefault(r["round"], []).append(r)
    return dict(sorted(out.items()))


def _returns(rows: list[dict]) -> dict[str, tuple[date, str]]:
    """organisation -> (due_on, submitted_on) of one round."""
    return {org_key(r["organisation"]): (d(r["due_on"]), r["submitted_on"]) for r in rows}


def test_self_assessment_patterns(dataset):
    as_of = as_of_of(dataset)
    rounds = _rounds(dataset)
    assert len(rounds) == 2
    for rows in rounds.values():
        assert all(d(r["due_on"]) <= as_of for r in rows)
        assert 15 <= len(_returns(rows)) <= 20
        agencies = {r["agency"] for r in rows if r["framework"] == "section_11"}
        assert len(agencies) >= 6
        assert {r["standard"] for r in rows if r["framework"] == "section_11"} == {
            str(k) for k in range(1, 9)}
        schools = [r for r in rows if r["framework"] == "section_175"]
        assert schools and all(r["agency"] == "education" for r in schools)
        assert all(r["standard"].startswith("s175-") for r in schools)
    latest = rounds[max(rounds, key=fy_start)]
    returns = _returns(latest)
    assert any(sub and d(sub) > due for due, sub in returns.values())  # a late return
    assert any(not sub for _, sub in returns.values())  # a missing return
    for rows in rounds.values():  # downgrades at challenge
        tested = [r for r in rows if r["validated_rating"]]
        assert tested and any(RATING_ORDER.index(r["validated_rating"])
                              > RATING_ORDER.index(r["self_rating"]) for r in tested)


def test_not_met_standards_have_section_11_follow_ups(dataset):
    actions = {a["action_id"]: a for a in read(dataset, "actions.csv")}
    rows = read(dataset, "self_assessments.csv")
    not_met = [r for r in rows if (r["validated_rating"] or r["self_rating"]) == "not_met"]
    assert not_met and all(r["action_id"] for r in not_met)
    follow_ups = [actions[r["action_id"]] for r in not_met]
    assert all(a["source_type"] == "section_11" for a in follow_ups)
    statuses = {a["status"] for a in follow_ups}
    assert statuses & {"completed", "impact_evidenced"}
    assert statuses & {"not_started", "in_progress"}


def test_voice_rules(dataset):
    rows = read(dataset, "voice.csv")
    as_of = as_of_of(dataset)
    areas = {a["area_id"] for a in read(dataset, "priority_areas.csv")}
    assert len({r["voice_id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["source"] in VOICE_SOURCES and r["channel"] in CHANNELS
        assert r["area_id"] in areas | {""}
        assert r["theme"].strip() and r["you_said"].strip()
        heard = d(r["heard_on"])
        assert heard <= as_of
        assert bool(r["we_did"]) == bool(r["responded_on"])
        if r["responded_on"]:
            assert heard <= d(r["responded_on"]) <= as_of
        if r["fed_back_on"]:
            assert r["responded_on"] and d(r["responded_on"]) <= d(r["fed_back_on"]) <= as_of


def test_voice_patterns(dataset):
    rows = read(dataset, "voice.csv")
    as_of = as_of_of(dataset)
    heard = sorted(d(r["heard_on"]) for r in rows)
    assert heard[0] <= add_months(as_of, -33) and heard[-1] >= as_of - timedelta(days=45)
    assert {r["source"] for r in rows} == VOICE_SOURCES
    assert {r["channel"] for r in rows} == CHANNELS
    assert any(r["area_id"] == "" for r in rows) and any(r["area_id"] for r in rows)
    responded = [r for r in rows if r["responded_on"]]
    assert len(responded) > 0.75 * len(rows)
    assert len([r for r in responded if r["fed_back_on"]]) > 0.4 * len(responded)
    # metrics.md awaiting_over_90d: not responded by as_of, heard_on + 90 days < as_of.
    awaiting = [r for r in rows if not r["responded_on"]
                and d(r["heard_on"]) + timedelta(days=90) < as_of]
    assert len(awaiting) >= 3


def test_benchmark_rules_and_patterns(dataset):
    cat = catalogue(dataset)
    as_of = as_of_of(dataset)
    rows = read(dataset, "indicator_benchmarks.csv")
    keys = [(r["indicator_id"], r["period_start"], r["comparator"]) for r in rows]
    assert len(set(keys)) == len(keys)
    for r in rows:
        c = cat[r["indicator_id"]]
        start = d(r["period_start"])
        assert is_period_start(start, c["frequency"]) and start <= as_of
        assert r["comparator"] in COMPARATORS and r["source"]
        v = float(r["value"])
        assert v >= 0 and (c["unit"] != "percent" or v <= 100)
    ids = {r["indicator_id"] for r in rows}
    assert len(ids) >= 4
    assert {cat[i]["source"] == "computed" for i in ids} == {True, False}
    assert {r["comparator"] for r in rows} == COMPARATORS
    # Published with a lag: the newest figure is older than the indicators' latest.
    assert max(d(r["period_start"]) for r in rows) < as_of - timedelta(days=180)


def _computed_within_1wd_by_month(folder: Path) -> dict[str, float]:
    """metrics.md decided_within_1wd_pct per month of received_at (complete months)."""
    as_of = as_of_of(folder)
    cal = busdaycal(as_of)
    by_month: dict[str, list[bool]] = {}
    for r in read(folder, "mash_contacts.csv"):
        if r["decision"]:
            ok = d(r["decided_at"][:10]) <= add_wd(cal, d(r["received_at"][:10]), 1)
            by_month.setdefault(r["received_at"][:7], []).append(ok)
    return {m: 100 * np.mean(v) for m, v in sorted(by_month.items())
            if month_end(d(m + "-01")) <= as_of}


def test_breaks_rules_and_the_mash_step(dataset):
    cat = catalogue(dataset)
    as_of = as_of_of(dataset)
    rows = read(dataset, "indicator_breaks.csv")
    keys = [(r["indicator_id"], r["period_start"]) for r in rows]
    assert len(set(keys)) == len(keys)
    for r in rows:
        assert r["indicator_id"] in cat and r["reason"].strip()
        assert is_period_start(d(r["period_start"]), cat[r["indicator_id"]]["frequency"])
        assert d(r["period_start"]) <= as_of
    supplied: dict[str, list[str]] = {}
    for r in read(dataset, "indicators.csv"):
        supplied.setdefault(r["indicator_id"], []).append(r["period_start"])
    series = _computed_within_1wd_by_month(dataset)
    for r in rows:  # at least 12 points in the segment the break starts
        points = (list(series) if r["indicator_id"] == "mash_decision_within_1wd"
                  else [p[:7] for p in supplied[r["indicator_id"]]])
        assert len([p for p in points if p >= r["period_start"][:7]]) >= 12, r
    mash = [r for r in rows if r["indicator_id"] == "mash_decision_within_1wd"]
    assert len(mash) == 1
    brk = mash[0]["period_start"][:7]
    before = [v for m, v in series.items() if m < brk][-12:]
    after = [v for m, v in series.items() if m >= brk][:12]
    assert np.mean(after) - np.mean(before) >= 8  # the process visibly changed
    assert min(after) > np.mean(before)


def test_commentary_rules(dataset):
    cat = catalogue(dataset)
    as_of = as_of_of(dataset)
    areas = {a["area_id"] for a in read(dataset, "priority_areas.csv")}
    rows = read(dataset, "commentary.csv")
    assert len({r["comment_id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["area_id"] in areas and r["author"].strip() and r["comment"].strip()
        start = d(r["period_start"])
        if r["indicator_id"]:
            c = cat[r["indicator_id"]]
            assert c["area_id"] == r["area_id"]
            assert is_period_start(start, c["frequency"])
        else:
            assert start.day == 1
        assert start <= d(r["written_on"]) <= as_of
        assert len(r["comment"]) <= 2000 and len(r["next_steps"]) <= 2000
        assert not re.search(r"\b(Mr|Mrs|Ms|Dr)\b", r["author"])  # roles, not people
    area_comments = {r["area_id"] for r in rows if not r["indicator_id"]}
    assert len(area_comments) > len(areas) / 2


def _summary(folder: Path) -> dict:
    from dashboard.data import load_dataset
    from dashboard.filters import parse_filters
    from dashboard.metrics import summary

    ds = load_dataset(folder)
    return summary(ds, parse_filters({}, ds))


def _latest_comments(folder: Path, as_of: date) -> dict[str, dict]:
    """metrics.md: greatest written_on ≤ as_of, ties by the greater comment_id."""
    latest: dict[str, dict] = {}
    for r in read(folder, "commentary.csv"):
        if r["indicator_id"] and d(r["written_on"]) <= as_of:
            best = latest.get(r["indicator_id"])
            if best is None or (r["written_on"], r["comment_id"]) > (best["written_on"],
                                                                     best["comment_id"]):
                latest[r["indicator_id"]] = r
    return latest


def test_commentary_on_red_and_amber_indicators(dataset):
    as_of = as_of_of(dataset)
    indicators = _summary(dataset)["indicators"]
    latest = _latest_comments(dataset, as_of)
    flagged = [i["indicator_id"] for i in indicators if i["rag"] in ("red", "amber")]
    assert flagged
    commented = [i for i in flagged if i in latest]
    assert len(commented) >= 0.6 * len(flagged), (flagged, commented)
    # "written about <period>, before the latest figures" shows for at least one.
    period = {i["indicator_id"]: i["latest_period"] for i in indicators}
    assert any(period.get(i) and c["period_start"] < period[i] for i, c in latest.items())


# Literals allowed to look like a contract list: an indicator's RAG colours are not the
# screening RAG codes of mash_contacts, although both are red, amber and green.
NOT_CONTRACT_LISTS = {("dashboard/analysis/rag.py", "RATED")}


def test_code_lists_and_headers_come_from_the_contract_not_copies():
    """Issue 6: the demo (and every other module) shares the contract's code lists and
    file headers instead of copying them, so a code or column added to contract.py
    reaches them all. A literal list of strings equal to one of the contract's lists (a
    code list, or a file's columns) anywhere in dashboard/ outside contract.py fails."""
    import ast

    from dashboard.data import contract as C

    root = Path(__file__).resolve().parents[1]
    lists: dict[frozenset, str] = {}
    for name, value in vars(C).items():
        if (isinstance(value, (tuple, dict)) and len(value) >= 2
                and all(isinstance(v, str) for v in value)):
            lists.setdefault(frozenset(value), name)
    for spec in C.FILES:
        lists.setdefault(frozenset(c.name for c in spec.columns), f"the columns of {spec.stem}")
    copies = []
    for path in sorted((root / "dashboard").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if rel == "dashboard/data/contract.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, (ast.Tuple, ast.List, ast.Set)) and len(node.elts) >= 2
                    and all(isinstance(e, ast.Constant) and isinstance(e.value, str)
                            for e in node.elts)):
                continue
            key = frozenset(e.value for e in node.elts)
            if key in lists:
                copies.append((rel, node.lineno, lists[key]))
    allowed = {(rel, line, name) for rel, line, name in copies
               if any(rel == r and _assigned_name(root / rel, line) == n
                      for r, n in NOT_CONTRACT_LISTS)}
    assert sorted(set(copies) - allowed) == []


def _assigned_name(path: Path, line: int) -> str | None:
    """The name assigned on `line` of `path` ("RATED = (…)"), if any."""
    text = path.read_text(encoding="utf-8").splitlines()[line - 1]
    match = re.match(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*[:=]", text)
    return match.group(1) if match else None
