-- funding_year: the financial year the funding figures describe when --year is not given
-- (metrics.md "Funding"): the latest financial_year in contributions that starts on or
-- before $as_of, else the latest such year in budget. One row (NULL when neither has one).
-- Parameters: $as_of DATE
SELECT coalesce(
    (SELECT max(financial_year) FROM contributions
      WHERE make_date(CAST(left(financial_year, 4) AS INTEGER), 4, 1) <= $as_of),
    (SELECT max(financial_year) FROM budget
      WHERE make_date(CAST(left(financial_year, 4) AS INTEGER), 4, 1) <= $as_of)
) AS financial_year
