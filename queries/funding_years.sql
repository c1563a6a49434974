-- funding_years: every financial year in contributions or budget, latest first (the
-- funding year filter's choices). Parameters: none.
SELECT financial_year FROM contributions
UNION
SELECT financial_year FROM budget
ORDER BY financial_year DESC
