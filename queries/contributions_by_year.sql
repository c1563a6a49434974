-- contributions_by_year: contributions_total for each financial year in contributions
-- (metrics.md "Funding"), oldest first; the Overview's funding trend takes the five years
-- ending with the funding year. Every year is listed, also one starting after as_of, so
-- that a year chosen with `year` has the same total here as in summary (product.md: the
-- trend is "the same figure" for each year).
-- Parameters: none.
SELECT financial_year, sum(amount_gbp) AS contributions_total
FROM contributions
GROUP BY financial_year
ORDER BY financial_year
