"""The Overview's headline figures (product.md "Headline figures"): one table, read by
key by `metrics` (values and trends) and by the views (tiles, links, notes)."""
from __future__ import annotations

from dataclasses import dataclass, field

# trend kinds (product.md): the figure for each of the last 12 complete months or
# quarters, overdue actions at each of 12 month ends, funding for 5 financial years
MONTHS, QUARTERS, MONTH_ENDS, FINANCIAL_YEARS = "months", "quarters", "month ends", "financial years"
TREND_FREQUENCY = {MONTHS: "monthly", QUARTERS: "quarterly", MONTH_ENDS: "monthly"}


@dataclass(frozen=True)
class Headline:
    key: str                 # summary's section.key, e.g. "mash.decided_within_1wd_pct"
    label: str
    unit: str                # percent | count | money
    query: str               # the query giving the figure (breakdown 'none' where it has one)
    column: str
    stem: str                # the dataset file it needs
    trend: str               # MONTHS | QUARTERS | MONTH_ENDS | FINANCIAL_YEARS
    trend_query: str         # the query giving the trend's points
    page: str                # the deep-dive page a tile opens
    extra: dict = field(default_factory=dict)   # non-filter parameters of `query`
    indicator_id: str | None = None   # the computed indicator of the same figure (target)

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]


HEADLINES: tuple[Headline, ...] = (
    Headline("mash.decided_within_1wd_pct", "Front-door decisions within one working day",
             "percent", "mash_figures", "decided_within_1wd_pct", "mash_contacts", MONTHS,
             "mash_figures", "/front-door", {"breakdown": "none"},
             "mash_decision_within_1wd"),
    Headline("audits.good_or_better_pct", "Audits graded good or better", "percent",
             "audit_figures", "good_or_better_pct", "audits", QUARTERS, "audit_figures",
             "/audits", {"breakdown": "none"}, "audit_good_or_better"),
    Headline("actions.overdue", "Overdue actions", "count", "action_figures", "overdue",
             "actions", MONTH_ENDS, "actions_overdue_at", "/actions", {"breakdown": "none"}),
    Headline("case_reviews.rapid_review_within_15wd_pct",
             "Rapid reviews within 15 working days of notification", "percent",
             "case_review_figures", "rapid_review_within_15wd_pct", "case_reviews", QUARTERS,
             "case_review_figures", "/case-reviews", {"breakdown": "none"}),
    Headline("funding.contributions_total", "Partner contributions", "money",
             "contributions_by_group", "contributions_total", "contributions", FINANCIAL_YEARS,
             "contributions_by_year", "/funding"),
)
BY_KEY = {h.key: h for h in HEADLINES}
