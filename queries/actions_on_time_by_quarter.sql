-- actions_on_time_by_quarter: the computed indicator actions_completed_on_time
-- (metrics.md): per quarter of due_on, actions due in that quarter that are completed
-- (status at as_of) with completed_on ≤ due_on, over actions due in that quarter.
-- Actions raised after $as_of are ignored; all accepted rows whatever the filters.
-- Parameters: $as_of DATE
SELECT strftime(date_trunc('quarter', due_on), '%Y-%m-%d') AS category,
       count(*) AS due,
       count(*) FILTER (status IN ('completed', 'impact_evidenced')
                        AND completed_on <= $as_of AND completed_on <= due_on) AS completed_on_time,
       100.0 * count(*) FILTER (status IN ('completed', 'impact_evidenced')
                        AND completed_on <= $as_of AND completed_on <= due_on) / count(*)
           AS completed_on_time_pct
FROM actions
WHERE raised_on <= $as_of
GROUP BY category
ORDER BY category
