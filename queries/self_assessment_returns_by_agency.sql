-- self_assessment_returns_by_agency: the returns of the self-assessment round by agency
-- (metrics.md "Self-assessments", the breakdown by agency), one row per agency with an
-- organisation in the round that matches the agency filter, in agency order.
-- Parameters:
--   $round  VARCHAR|NULL the round (YYYY/YY), already defaulted to the latest round due
--   $agency VARCHAR[]|NULL agency codes
--   $as_of  DATE  an organisation has returned when submitted_on <= as_of
-- Columns: category (the agency), organisations, returns_due, returns_received,
-- returns_overdue, returned_on_time, returned_on_time_pct, and for the chart the
-- organisations by the state of their return at as_of: returned_on_time,
-- returned_late, returned_not_yet_due (received before the due date), overdue,
-- not_yet_due. Received is counted against organisations, never against returns_due
-- (an organisation may return before its due date). Never period- or area-filtered.
WITH orgs AS (
    SELECT organisation_key, any_value(agency) AS agency, any_value(due_on) AS due_on,
           any_value(submitted_on) AS submitted_on,
           coalesce(bool_or(submitted_on <= $as_of), false) AS has_returned
    FROM self_assessments
    WHERE round = $round
      AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], agency))
    GROUP BY organisation_key
)
SELECT agency AS category,
       count(*) AS organisations,
       count(*) FILTER (WHERE due_on <= $as_of) AS returns_due,
       count(*) FILTER (WHERE has_returned) AS returns_received,
       count(*) FILTER (WHERE due_on <= $as_of AND NOT has_returned) AS returns_overdue,
       count(*) FILTER (WHERE due_on <= $as_of AND submitted_on <= due_on) AS returned_on_time,
       100.0 * count(*) FILTER (WHERE due_on <= $as_of AND submitted_on <= due_on)
           / NULLIF(count(*) FILTER (WHERE due_on <= $as_of), 0) AS returned_on_time_pct,
       count(*) FILTER (WHERE due_on <= $as_of AND has_returned AND submitted_on > due_on)
           AS returned_late,
       count(*) FILTER (WHERE due_on > $as_of AND has_returned) AS returned_not_yet_due,
       count(*) FILTER (WHERE due_on > $as_of AND NOT has_returned) AS not_yet_due
FROM orgs
GROUP BY agency
ORDER BY agency
