-- actions_tracker: every action raised on or before $as_of that matches the filters (the
-- tracker of /actions), in the view $view, with its status at as_of, its days overdue,
-- its priority area's name and the indicator it is meant to move (name and area).
-- Actions with no area_id are listed too (unless the area filter leaves them out).
--   all               every action
--   open              not started or in progress at as_of
--   overdue           open and due before as_of
--   completed         completed or impact evidenced at as_of
--   impact_evidenced  impact evidenced at as_of
-- Parameters: $as_of DATE, $area VARCHAR[]|NULL ('none' = no area_id; rows with no
--   area_id are left out when it is set otherwise), $owner VARCHAR[]|NULL (lower-cased,
--   trimmed), $source_type VARCHAR[]|NULL, $status VARCHAR[]|NULL (matched against the
--   status at as_of), $view
-- Implements the row sets of metrics.md "Actions" exactly as action_figures counts them
-- (tests compare each view's rows with its figure): status at as_of (an action marked
-- completed or impact_evidenced with completed_on after as_of is in_progress then),
-- open, overdue (due_on < as_of), completed, days_overdue = as_of - due_on; never
-- period- or agency-filtered. Order: overdue first (most days overdue first), then the
-- other open actions by due date, then the completed ones by due date.
WITH at_as_of AS (
    SELECT *,
           -- a completion dated after as_of has not happened yet: still in progress then
           CASE WHEN status IN ('completed', 'impact_evidenced') AND completed_on > $as_of
                THEN 'in_progress' ELSE status END AS status_at_as_of
    FROM actions
    WHERE raised_on <= $as_of
), scoped AS (
    SELECT *,
           status_at_as_of IN ('not_started', 'in_progress') AS is_open,
           status_at_as_of IN ('not_started', 'in_progress') AND due_on < $as_of AS is_overdue
    FROM at_as_of
    WHERE ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(area_id, 'none')))
      AND ($owner::VARCHAR[] IS NULL OR list_contains($owner::VARCHAR[], lower(trim(owner))))
      AND ($source_type::VARCHAR[] IS NULL OR list_contains($source_type::VARCHAR[], source_type))
      AND ($status::VARCHAR[] IS NULL OR list_contains($status::VARCHAR[], status_at_as_of))
)
SELECT a.action_id, a.source_type, a.source_ref, a.recommendation, trim(a.owner) AS owner,
       a.area_id, p.name AS area_name, trim(a.subgroup) AS subgroup, a.raised_on, a.due_on,
       a.status_at_as_of AS status,
       CASE WHEN NOT a.is_open THEN a.completed_on END AS completed_on,
       CASE WHEN a.is_overdue THEN date_diff('day', a.due_on, $as_of) END AS days_overdue,
       a.evidence, a.indicator_id, c.name AS indicator_name, c.area_id AS indicator_area_id
FROM scoped a
LEFT JOIN priority_areas p ON p.area_id = a.area_id
LEFT JOIN indicator_catalogue c ON c.indicator_id = a.indicator_id
WHERE CASE $view
          WHEN 'open' THEN a.is_open
          WHEN 'overdue' THEN a.is_overdue
          WHEN 'completed' THEN NOT a.is_open
          WHEN 'impact_evidenced' THEN a.status_at_as_of = 'impact_evidenced'
          ELSE true
      END
ORDER BY a.is_overdue DESC, days_overdue DESC NULLS LAST, a.is_open DESC, a.due_on, a.action_id
