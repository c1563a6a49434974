-- budget_figures: one row of year-level budget figures (metrics.md "Funding").
-- Parameters: $year VARCHAR, $total_population BIGINT
-- Implements: budget_per_head_gbp (expenditure actuals summed over total_population) and
-- training_cost_recovery_pct (training_income actual over training expenditure actual;
-- NULL unless both lines have an actual).
WITH y AS (SELECT * FROM budget WHERE financial_year = $year)
SELECT (SELECT count(*) FROM y) AS budget_rows,
       (SELECT coalesce(sum(actual_gbp), 0) FROM y WHERE kind = 'expenditure')
           / $total_population AS budget_per_head_gbp,
       100.0 * CAST((SELECT max(actual_gbp) FROM y WHERE line = 'training_income') AS DOUBLE)
           / NULLIF((SELECT max(actual_gbp) FROM y WHERE line = 'training' AND kind = 'expenditure'), 0)
           AS training_cost_recovery_pct
