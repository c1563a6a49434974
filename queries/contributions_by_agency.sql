-- contributions_by_agency: each contributing body's contribution in one financial year,
-- with its partner group and its share of the year's total (metrics.md "Funding":
-- contributions by partner; the shares add up to share_pct[g] per group). The largest
-- amount first, then by the agency's name; no rows when the year has no contributions.
-- Parameters: $year VARCHAR ('YYYY/YY')
-- Percentages are computed in DOUBLE: 100 × a DECIMAL(18,2) amount can overflow DECIMAL(18).
WITH year_rows AS (
    SELECT agency, partner_group, amount_gbp FROM contributions WHERE financial_year = $year
)
SELECT agency, partner_group, amount_gbp,
       100.0 * CAST(amount_gbp AS DOUBLE) / NULLIF(sum(amount_gbp) OVER (), 0) AS share_pct
FROM year_rows
ORDER BY amount_gbp DESC, agency
