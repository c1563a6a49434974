-- comparator_shares: each comparator partnership of one year, in file order, with
-- total_gbp (sum of its four partner-group amounts), share_pct per group,
-- contributions_per_head_gbp and budget_per_head_gbp (the review's per-head table).
-- A comparator missing any group amount has NULL total, shares and contributions per head.
-- Parameters: $comparator_year VARCHAR
-- Percentages are computed in DOUBLE: 100 × a DECIMAL(18,2) amount can overflow DECIMAL(18).
-- Implements: metrics.md "Funding", comparators.
WITH c AS (
    SELECT *,
           CASE WHEN local_authority_gbp IS NOT NULL AND health_gbp IS NOT NULL
                 AND police_gbp IS NOT NULL AND other_gbp IS NOT NULL
                THEN local_authority_gbp + health_gbp + police_gbp + other_gbp END AS total_gbp
    FROM comparators WHERE year = $comparator_year
)
SELECT partnership, unitary, total_population, budget_gbp, total_gbp,
       100.0 * CAST(local_authority_gbp AS DOUBLE) / NULLIF(total_gbp, 0) AS share_local_authority,
       100.0 * CAST(health_gbp AS DOUBLE) / NULLIF(total_gbp, 0) AS share_health,
       100.0 * CAST(police_gbp AS DOUBLE) / NULLIF(total_gbp, 0) AS share_police,
       100.0 * CAST(other_gbp AS DOUBLE) / NULLIF(total_gbp, 0) AS share_other,
       total_gbp / NULLIF(total_population, 0) AS contributions_per_head_gbp,
       budget_gbp / NULLIF(total_population, 0) AS budget_per_head_gbp
FROM c
ORDER BY _row
