-- indicator_breaks: the changes of method (indicator_breaks.csv) with period_start on or
-- before $as_of, by indicator and period: each splits the indicator's series and SPC
-- starts again from it (metrics.md "Breaks").
-- Parameters: $as_of DATE
SELECT indicator_id, period_start, reason
FROM indicator_breaks
WHERE period_start <= $as_of
ORDER BY indicator_id, period_start
