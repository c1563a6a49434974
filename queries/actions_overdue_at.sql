-- actions_overdue_at: the number of overdue actions as at each of several dates (the
-- Overview's trend of overdue actions at each month end), one row per date in order.
-- Parameters:
--   $dates VARCHAR[]  ISO dates (each is the as_of of its count)
--   $area VARCHAR[]|NULL (actions with no area_id are left out when set; 'none' selects them)
--   $owner VARCHAR[]|NULL lower-cased trimmed owners
--   $source_type, $status VARCHAR[]|NULL ($status is matched against the status at each date)
-- Implements metrics.md "Actions" `overdue` at each date: raised on or before it, status
-- at that date (completed after it = in_progress), open and due_on before it. Never
-- period- or agency-filtered.
WITH dates AS (
    SELECT CAST(d AS DATE) AS at FROM unnest($dates::VARCHAR[]) AS t(d)
), at_date AS (
    SELECT d.at, a.due_on, a.area_id, a.owner, a.source_type,
           CASE WHEN a.status IN ('completed', 'impact_evidenced') AND a.completed_on > d.at
                THEN 'in_progress' ELSE a.status END AS status_at
    FROM dates d JOIN actions a ON a.raised_on <= d.at
)
SELECT d.at AS as_of,
       count(x.at) FILTER (WHERE x.status_at IN ('not_started', 'in_progress')
                           AND x.due_on < x.at) AS overdue
FROM dates d
LEFT JOIN at_date x
       ON x.at = d.at
      AND ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(x.area_id, 'none')))
      AND ($owner::VARCHAR[] IS NULL OR list_contains($owner::VARCHAR[], lower(trim(x.owner))))
      AND ($source_type::VARCHAR[] IS NULL OR list_contains($source_type::VARCHAR[], x.source_type))
      AND ($status::VARCHAR[] IS NULL OR list_contains($status::VARCHAR[], x.status_at))
GROUP BY d.at
ORDER BY d.at
