"""The app fixture ("Fenmoor", as of 2024-03-31, total_population 120,000) with what the
funding and data-quality pages need on top, written after `write_fixture` (its own rows
are left as they are):

- budget.csv: four lines for 2023/24 only (so 2022/23, which has contributions, has no
  budget lines);
- comparators.csv: three 2016/17 comparators with round shares (so the comparator year
  is not the funding year, and the means are easy to work by hand);
- indicators.csv changed so the returns grid has each status: police_online_referrals_10k
  has no row for Nov 2023 (missing); edu_online_lessons_pct's Jan 2024 row has the value
  "lots-of-it" (its only row, quarantined: returned but rejected); a second
  hv_two_year_review_pct row for Feb 2024 with the value "lots-of-it" (quarantined, but
  the period has its accepted row: received); and a second health_assault_attendances
  row for Oct 2023 whose value is the formula text =1+2 (quarantined; the report's CSV
  must neutralise it).
"""
from __future__ import annotations

import csv
from pathlib import Path

from fixtures_app import write_fixture

BUDGET = [
    # financial_year, kind, line, planned_gbp, actual_gbp
    ("2023/24", "expenditure", "staffing", "100000.00", "96000.00"),        # variance -4,000
    ("2023/24", "expenditure", "training", "20000.00", "22000.00"),         # variance +2,000
    ("2023/24", "expenditure", "case_reviews", "10000.00", ""),             # no actual yet
    ("2023/24", "income", "training_income", "8000.00", "11000.00"),        # variance +3,000
]
COMPARATORS = [
    # partnership, year, unitary, total_population, budget_gbp, la, health, police, other
    ("Ashby", "2016/17", "true", "100000", "150000", "60000", "20000", "15000", "5000"),
    ("Brookvale", "2016/17", "false", "200000", "240000", "100000", "50000", "40000", "10000"),
    ("Corfield", "2016/17", "true", "50000", "40000", "28000", "6000", "4000", "2000"),
]
REJECTED_VALUE = "lots-of-it"
FORMULA_VALUE = "=1+2"


def _write(path: Path, header: list[str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def write_funding_quality_fixture(folder: Path) -> Path:
    folder = write_fixture(folder)
    _write(folder / "budget.csv",
           ["financial_year", "kind", "line", "planned_gbp", "actual_gbp"], BUDGET)
    _write(folder / "comparators.csv",
           ["partnership", "year", "unitary", "total_population", "budget_gbp",
            "local_authority_gbp", "health_gbp", "police_gbp", "other_gbp",
            "training_income_gbp", "other_income_gbp"],
           [[*c, "", ""] for c in COMPARATORS])
    path = folder / "indicators.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        header, *rows = list(csv.reader(fh))
    out = []
    for r in rows:
        if r[0] == "police_online_referrals_10k" and r[1] == "2023-11-01":
            continue                                          # missing
        if r[0] == "edu_online_lessons_pct" and r[1] == "2024-01-01":
            r = [r[0], r[1], REJECTED_VALUE, "", ""]           # returned but rejected
        out.append(r)
    out.append(["hv_two_year_review_pct", "2024-02-01", REJECTED_VALUE, "", ""])
    out.append(["health_assault_attendances", "2023-10-01", FORMULA_VALUE, "", ""])
    _write(path, header, out)
    return folder
