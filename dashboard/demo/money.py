"""contributions.csv, budget.csv and comparators.csv: the partnership's money.

comparators.csv is the one file with real figures: the Eastern region 2016/17 budgets
and contributions published in the 2020 independent review, copied unchanged.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from .common import S_MONEY, columns, money, rng_for, write_csv
from .timeline import Window, fy_label, fy_of
from ..analysis.values import parse_iso_date

COMPARATORS_FILE = Path(__file__).with_name("comparators.csv")
CONTRIBUTION_COLUMNS = columns("contributions")
BUDGET_COLUMNS = columns("budget")
YEARS = 5

# (contributing body, partner group, first-year amount, yearly growth, first year or None)
PARTNERS = [
    ("Riverside Borough Council", "local_authority", 152_000, 0.03, None),
    ("Riverside and Wealdshire Integrated Care Board", "health", 71_500, 0.025, None),
    ("Wealdshire Police", "police", 33_000, 0.0, None),
    ("Office of the Wealdshire Police and Crime Commissioner", "police", 4_000, 0.0, 2024),
    ("Probation Service (Wealdshire delivery unit)", "other", 2_000, 0.0, None),
    ("Cafcass", "other", 550, 0.0, None),
    ("Riverside Schools Forum", "other", 10_000, 0.02, 2024),
    ("Wealdshire Fire and Rescue Service", "other", 1_500, 0.0, None),
]
# (kind, line, first-year plan, yearly growth)
BUDGET_LINES = [
    ("expenditure", "staffing", 182_000, 0.035),
    ("expenditure", "independent_scrutiny", 24_000, 0.02),
    ("expenditure", "case_reviews", 30_000, 0.0),
    ("expenditure", "training", 26_000, 0.02),
    ("expenditure", "child_death_review", 18_000, 0.02),
    ("expenditure", "other", 11_000, 0.02),
    ("income", "training_income", 11_000, 0.04),
    ("income", "other_income", 3_000, 0.0),
]
# Case reviews cost a base amount plus a commissioned reviewer per LCSPR decided.
CASE_REVIEW_BASE, CASE_REVIEW_PER_LCSPR = 9_000, 8_500


def years(win: Window) -> list[int]:
    """The last five financial years up to the one holding as_of."""
    last = fy_of(win.as_of)
    return list(range(last - YEARS + 1, last + 1))


def contribution_rows(win: Window) -> list[list]:
    ys = years(win)
    rows = []
    for k, y in enumerate(ys):
        for (agency, group, base, growth, since) in PARTNERS:
            if since is not None and y < since:
                continue
            amount = base * (1 + growth) ** k
            amount = round(amount / 50) * 50 if group != "other" else amount
            if group == "health" and y == ys[1]:
                amount += 4_250.75  # a one-off top-up for a thematic review
            rows.append([fy_label(y), agency, group, money(amount)])
    return rows


def _fees_by_year(training: list[list]) -> dict[int, float]:
    fees: dict[int, float] = {}
    for r in training:
        if r[12]:
            fy = fy_of(parse_iso_date(r[3]))
            fees[fy] = fees.get(fy, 0.0) + float(r[12])
    return fees


def _lcsprs_by_year(reviews: list[dict]) -> dict[int, int]:
    out: dict[int, int] = {}
    for r in reviews:
        if r["lcspr_decided_on"] is not None:
            fy = fy_of(r["lcspr_decided_on"])
            out[fy] = out.get(fy, 0) + 1
    return out


def budget_rows(win: Window, seed: int, training: list[list],
                reviews: list[dict]) -> list[list]:
    """Planned lines every year; actuals only for complete years (training income is the
    fees booked, once the data covers the whole year)."""
    rng = rng_for(seed, S_MONEY)
    fees, lcsprs = _fees_by_year(training), _lcsprs_by_year(reviews)
    first_full_fy = fy_of(win.start) + (0 if win.start.month == 4 else 1)
    rows = []
    for k, y in enumerate(years(win)):
        complete = date(y + 1, 3, 31) <= win.as_of
        for (kind, line, base, growth) in BUDGET_LINES:
            planned = round(base * (1 + growth) ** k / 100) * 100
            actual = None
            if complete:
                if line == "training_income" and y >= first_full_fy:
                    actual = fees.get(y, 0.0)
                elif line == "case_reviews":
                    actual = (CASE_REVIEW_BASE + CASE_REVIEW_PER_LCSPR * lcsprs.get(y, 0)
                              + rng.uniform(-1500, 1500))
                else:
                    actual = planned * rng.uniform(0.9, 1.08)
            rows.append([fy_label(y), kind, line, money(planned), money(actual)])
    return rows


def write_money(out: Path, win: Window, seed: int, training: list[list],
                reviews: list[dict]) -> dict[str, int]:
    data = COMPARATORS_FILE.read_bytes()
    (out / "comparators.csv").write_bytes(data)
    return {
        "contributions.csv": write_csv(out / "contributions.csv", CONTRIBUTION_COLUMNS,
                                       contribution_rows(win)),
        "budget.csv": write_csv(out / "budget.csv", BUDGET_COLUMNS,
                                budget_rows(win, seed, training, reviews)),
        "comparators.csv": max(0, data.count(b"\n") - 1 + (0 if data.endswith(b"\n") else 1)),
    }
