-- self_assessment_not_met: the standards not met in the self-assessment round by their
-- effective rating (metrics.md "Self-assessments": the validated rating when
-- validated_on <= as_of, else the self-rating; ratings only from organisations that
-- have returned by as_of), showing both ratings, with the follow-up action
-- (self_assessments.action_id) and its status at as_of (metrics.md "Actions": an action
-- marked completed or impact_evidenced with completed_on after as_of is in_progress; an
-- action raised after as_of has no status yet).
-- Parameters:
--   $round  VARCHAR|NULL the round (YYYY/YY), already defaulted to the latest round due
--   $agency VARCHAR[]|NULL agency codes
--   $as_of  DATE
-- Columns: organisation, agency, framework, standard, self_rating, validated_rating,
-- validated_on, downgraded (rated lower at challenge than by itself), action_id,
-- recommendation, owner, due_on, action_status
-- (NULL when there is no action, 'not_raised' when it was raised after as_of), overdue,
-- days_overdue; in by_standard order of standards, then agency and organisation.
-- Never period- or area-filtered.
WITH first_seen AS (
    SELECT framework, standard, min(_row) AS standard_order
    FROM self_assessments
    GROUP BY framework, standard
), rated AS (
    SELECT s.*,
           CASE WHEN s.validated_on <= $as_of THEN s.validated_rating END AS validated_at_as_of,
           CASE WHEN s.validated_on <= $as_of THEN s.validated_on END AS validated_on_at_as_of
    FROM self_assessments s
    WHERE s.round = $round
      AND s.submitted_on <= $as_of AND s.self_rating IS NOT NULL
      AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], s.agency))
), actions_at_as_of AS (
    SELECT action_id, recommendation, owner, due_on,
           CASE WHEN raised_on > $as_of THEN 'not_raised'
                WHEN status IN ('completed', 'impact_evidenced') AND completed_on > $as_of
                THEN 'in_progress' ELSE status END AS action_status
    FROM actions
)
SELECT r.organisation, r.agency, r.framework, r.standard,
       r.self_rating, r.validated_at_as_of AS validated_rating,
       r.validated_on_at_as_of AS validated_on,
       r.validated_at_as_of IS NOT NULL AND r.self_rating <> r.validated_at_as_of
           AS downgraded,
       r.action_id,
       CASE WHEN a.action_status <> 'not_raised' THEN a.recommendation END AS recommendation,
       CASE WHEN a.action_status <> 'not_raised' THEN a.owner END AS owner,
       CASE WHEN a.action_status <> 'not_raised' THEN a.due_on END AS due_on,
       a.action_status,
       coalesce(a.action_status IN ('not_started', 'in_progress') AND a.due_on < $as_of, false)
           AS overdue,
       CASE WHEN a.action_status IN ('not_started', 'in_progress') AND a.due_on < $as_of
            THEN date_diff('day', a.due_on, $as_of) END AS days_overdue
FROM rated r
JOIN first_seen f USING (framework, standard)
LEFT JOIN actions_at_as_of a ON a.action_id = r.action_id
WHERE coalesce(r.validated_at_as_of, r.self_rating) = 'not_met'
ORDER BY f.standard_order, r.agency, lower(r.organisation), r._row
