-- self_assessment_organisations: one row per organisation in the self-assessment round
-- (metrics.md "Self-assessments", the breakdown by organisation) that matches the agency
-- filter, with its return's state at as_of and its ratings, ordered by agency then
-- organisation.
-- Parameters:
--   $round  VARCHAR|NULL the round (YYYY/YY), already defaulted to the latest round due
--   $agency VARCHAR[]|NULL agency codes
--   $as_of  DATE  an organisation has returned when submitted_on <= as_of; a validated
--                 rating counts when validated_on <= as_of
-- Columns: organisation (its first spelling), agency, framework, due_on, submitted_on
-- (NULL when not submitted by as_of), is_due, has_returned, returned_on_time,
-- return_status (returned_on_time | returned_late | returned_not_yet_due | overdue |
-- not_yet_due), standards_rated, self_met, self_not_met, validated, downgraded,
-- not_met (by effective rating). Counts add up to self_assessment_figures' figures:
-- organisations, returns_due (is_due), returns_received (has_returned: an organisation
-- returning before its due date counts as received, never against returns_due),
-- returns_overdue. Never period- or area-filtered.
WITH scoped AS (
    SELECT s.*,
           s.submitted_on <= $as_of AS has_returned,
           CASE WHEN s.validated_on <= $as_of THEN s.validated_rating END AS validated_at_as_of
    FROM self_assessments s
    WHERE s.round = $round
      AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], s.agency))
), rated AS (
    SELECT *,
           CASE WHEN has_returned THEN self_rating END AS self_at_as_of,
           CASE self_rating WHEN 'met' THEN 3 WHEN 'partially_met' THEN 2 ELSE 1 END AS self_rank,
           CASE validated_at_as_of WHEN 'met' THEN 3 WHEN 'partially_met' THEN 2 ELSE 1 END
               AS validated_rank
    FROM scoped
), orgs AS (
    -- framework, agency, due_on and submitted_on are the same on every row of one
    -- organisation in a round (datasets.md)
    SELECT organisation_key,
           any_value(organisation) AS organisation, any_value(agency) AS agency,
           any_value(framework) AS framework, any_value(due_on) AS due_on,
           any_value(submitted_on) AS submitted_on,
           coalesce(bool_or(has_returned), false) AS has_returned,
           count(self_at_as_of) AS standards_rated,
           count(*) FILTER (WHERE self_at_as_of = 'met') AS self_met,
           count(*) FILTER (WHERE self_at_as_of = 'not_met') AS self_not_met,
           count(*) FILTER (WHERE self_at_as_of IS NOT NULL AND validated_at_as_of IS NOT NULL)
               AS validated,
           count(*) FILTER (WHERE self_at_as_of IS NOT NULL AND validated_at_as_of IS NOT NULL
                            AND validated_rank < self_rank) AS downgraded,
           count(*) FILTER (WHERE self_at_as_of IS NOT NULL
                            AND coalesce(validated_at_as_of, self_at_as_of) = 'not_met')
               AS not_met,
           min(_row) AS first_row
    FROM rated
    GROUP BY organisation_key
)
SELECT organisation, agency, framework, due_on,
       CASE WHEN has_returned THEN submitted_on END AS submitted_on,
       due_on <= $as_of AS is_due,
       has_returned,
       due_on <= $as_of AND has_returned AND submitted_on <= due_on AS returned_on_time,
       CASE
           WHEN has_returned AND due_on > $as_of THEN 'returned_not_yet_due'
           WHEN has_returned AND submitted_on <= due_on THEN 'returned_on_time'
           WHEN has_returned THEN 'returned_late'
           WHEN due_on <= $as_of THEN 'overdue'
           ELSE 'not_yet_due'
       END AS return_status,
       standards_rated, self_met, self_not_met, validated, downgraded, not_met
FROM orgs
ORDER BY agency, lower(organisation), first_row
