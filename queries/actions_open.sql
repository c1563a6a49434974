-- actions_open: the open actions of the priority areas chosen as at as_of, overdue first.
-- Parameters: $area (area_ids or NULL; 'none' = no area_id), $as_of, $owner (list of lower-cased trimmed owners or NULL),
--   $source_type (list or NULL), $status (list or NULL).
-- Implements metrics.md "Actions": status at as_of (an action completed after as_of is
-- in_progress), open = not_started or in_progress, overdue = open and due_on < as_of,
-- days_overdue = as_of - due_on. Never period- or agency-filtered.
WITH at_as_of AS (
    SELECT
        action_id, source_type, source_ref, recommendation, owner, subgroup,
        raised_on, due_on, evidence,
        CASE
            WHEN status IN ('completed', 'impact_evidenced')
                 AND (completed_on IS NULL OR completed_on > $as_of) THEN 'in_progress'
            ELSE status
        END AS status_at_as_of,
        _row
    FROM actions
    WHERE ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(area_id, 'none')))
      AND raised_on <= $as_of
)
SELECT
    action_id, source_type, source_ref, recommendation, owner, subgroup, raised_on, due_on,
    status_at_as_of AS status,
    due_on < $as_of AS overdue,
    CASE WHEN due_on < $as_of THEN date_diff('day', due_on, $as_of) END AS days_overdue
FROM at_as_of
WHERE status_at_as_of IN ('not_started', 'in_progress')
  AND ($owner::VARCHAR[] IS NULL OR list_contains($owner::VARCHAR[], lower(trim(owner))))
  AND ($source_type::VARCHAR[] IS NULL OR list_contains($source_type::VARCHAR[], source_type))
  AND ($status::VARCHAR[] IS NULL OR list_contains($status::VARCHAR[], status_at_as_of))
ORDER BY overdue DESC, days_overdue DESC NULLS LAST, due_on, _row
