-- actions_by_indicator: the actions linked to an indicator (actions.indicator_id), as at
-- $as_of, for the indicator cards (metrics.md "Linked actions"): each with its status at
-- as_of and, when open and past due, its days overdue. Open actions first, then by due date.
-- Parameters: $as_of DATE
-- Implements: status at as_of (a completion dated after as_of is in_progress), overdue =
-- open and due_on < as_of, days_overdue = as_of - due_on. Never period- or agency-filtered.
WITH at_as_of AS (
    SELECT indicator_id, action_id, recommendation, owner, due_on, _row,
           CASE WHEN status IN ('completed', 'impact_evidenced') AND completed_on > $as_of
                THEN 'in_progress' ELSE status END AS status_at_as_of
    FROM actions
    WHERE indicator_id IS NOT NULL AND raised_on <= $as_of
)
SELECT indicator_id, action_id, recommendation, owner, due_on,
       status_at_as_of AS status,
       CASE WHEN status_at_as_of IN ('not_started', 'in_progress') AND due_on < $as_of
            THEN date_diff('day', due_on, $as_of) END AS days_overdue
FROM at_as_of
ORDER BY indicator_id, status_at_as_of IN ('completed', 'impact_evidenced'),
         days_overdue DESC NULLS LAST, due_on, _row
