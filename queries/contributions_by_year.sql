-- contributions_by_year: contributions_total for each financial year in contributions
-- (metrics.md "Funding"), oldest first; the headline trend uses the last five.
-- Parameters: none besides $as_of DATE (years starting after it are left out)
SELECT financial_year, sum(amount_gbp) AS contributions_total
FROM contributions
WHERE make_date(CAST(left(financial_year, 4) AS INTEGER), 4, 1) <= $as_of
GROUP BY financial_year
ORDER BY financial_year
