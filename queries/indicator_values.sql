-- indicator_values: the supplied indicator series (accepted rows of indicators with
-- period_start on or before $as_of), ordered by indicator and period (metrics.md "Series").
-- Parameters: $as_of DATE
SELECT indicator_id, period_start, value, numerator, denominator
FROM indicators
WHERE period_start <= $as_of
ORDER BY indicator_id, period_start
