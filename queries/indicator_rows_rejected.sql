-- indicator_rows_rejected: each (indicator_id, period_start) of an indicators.csv row that
-- validation quarantined, where both values could be read, for periods starting on or
-- before $as_of (metrics.md "Data returns": a due period whose only row was quarantined
-- is "returned but rejected" on the data-quality page; summary still counts it missing).
-- Parameters: $as_of DATE
SELECT DISTINCT indicator_id, period_start
FROM quarantined_indicators
WHERE indicator_id IS NOT NULL AND period_start IS NOT NULL AND period_start <= $as_of
ORDER BY indicator_id, period_start
