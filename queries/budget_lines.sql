-- budget_lines: the budget rows of one financial year, in file order, with
-- budget_variance_gbp = actual − planned (NULL when either is missing).
-- Parameters: $year VARCHAR
-- Implements: metrics.md "Funding" budget_lines and budget_variance_gbp.
SELECT kind, line, planned_gbp, actual_gbp, actual_gbp - planned_gbp AS budget_variance_gbp
FROM budget
WHERE financial_year = $year
ORDER BY _row
