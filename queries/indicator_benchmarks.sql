-- indicator_benchmarks: every published benchmark (indicator_benchmarks.csv) with
-- period_start on or before $as_of, by indicator, comparator (england, region,
-- statistical_neighbours) and period. The latest row of each (indicator, comparator) is
-- the one shown beside the latest value (metrics.md "Benchmarks"); the rest draw the
-- chart's step line.
-- Parameters: $as_of DATE
SELECT indicator_id, comparator, period_start, value, source
FROM indicator_benchmarks
WHERE period_start <= $as_of
ORDER BY indicator_id,
         CASE comparator WHEN 'england' THEN 1 WHEN 'region' THEN 2 ELSE 3 END,
         period_start
