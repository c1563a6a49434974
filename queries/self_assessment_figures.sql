-- self_assessment_figures: the Section 11 / section 175 figures of metrics.md
-- "Self-assessments" for one round (and, for the change, the round before it), over the
-- round's rows that match the agency filter. One row (counts 0, percentages NULL when
-- the round is NULL or has no rows after the filters).
-- Parameters:
--   $round  VARCHAR|NULL the round (YYYY/YY), already defaulted to the latest round due
--   $agency VARCHAR[]|NULL agency codes
--   $as_of  DATE  an organisation has returned when submitted_on <= as_of; a validated
--                 rating counts when validated_on <= as_of
-- Implements: round, organisations, returns_due, returns_received, returns_overdue,
-- returned_on_time_pct, standards_rated, self_met_pct, self_not_met_pct, validated,
-- validated_met_pct, downgraded_pct, previous_round, previous_self_met_pct. Never
-- period- or area-filtered. Organisations are matched by organisation_key (trimmed,
-- spaces collapsed, lower-case).
WITH rounds AS (
    SELECT $round AS round,
           (SELECT max(round) FROM self_assessments WHERE round < $round) AS previous_round
), scoped AS (
    SELECT s.*,
           s.submitted_on <= $as_of AS has_returned,
           CASE WHEN s.validated_on <= $as_of THEN s.validated_rating END AS validated_at_as_of
    FROM self_assessments s
    WHERE ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], s.agency))
), rated AS (
    -- ratings count only from organisations that have returned
    SELECT round, self_rating, validated_at_as_of,
           CASE self_rating WHEN 'met' THEN 3 WHEN 'partially_met' THEN 2 ELSE 1 END AS self_rank,
           CASE validated_at_as_of WHEN 'met' THEN 3 WHEN 'partially_met' THEN 2 ELSE 1 END
               AS validated_rank
    FROM scoped
    WHERE has_returned AND self_rating IS NOT NULL
), orgs AS (
    -- framework, agency, due_on and submitted_on are the same on every row of one
    -- organisation in a round (datasets.md): one row per organisation
    SELECT round, organisation_key, any_value(due_on) AS due_on,
           any_value(submitted_on) AS submitted_on, bool_or(has_returned) AS has_returned
    FROM scoped
    WHERE round = $round
    GROUP BY round, organisation_key
), org_figures AS (
    SELECT count(*) AS organisations,
           count(*) FILTER (WHERE due_on <= $as_of) AS returns_due,
           count(*) FILTER (WHERE has_returned) AS returns_received,
           count(*) FILTER (WHERE due_on <= $as_of AND NOT coalesce(has_returned, false))
               AS returns_overdue,
           100.0 * count(*) FILTER (WHERE due_on <= $as_of AND submitted_on <= due_on)
               / NULLIF(count(*) FILTER (WHERE due_on <= $as_of), 0) AS returned_on_time_pct
    FROM orgs
), rating_figures AS (
    SELECT round,
           count(*) AS standards_rated,
           100.0 * count(*) FILTER (WHERE self_rating = 'met') / NULLIF(count(*), 0) AS self_met_pct,
           100.0 * count(*) FILTER (WHERE self_rating = 'not_met') / NULLIF(count(*), 0)
               AS self_not_met_pct,
           count(*) FILTER (WHERE validated_at_as_of IS NOT NULL) AS validated,
           100.0 * count(*) FILTER (WHERE validated_at_as_of = 'met')
               / NULLIF(count(*) FILTER (WHERE validated_at_as_of IS NOT NULL), 0)
               AS validated_met_pct,
           100.0 * count(*) FILTER (WHERE validated_at_as_of IS NOT NULL
                                    AND validated_rank < self_rank)
               / NULLIF(count(*) FILTER (WHERE validated_at_as_of IS NOT NULL), 0)
               AS downgraded_pct
    FROM rated
    GROUP BY round
)
SELECT r.round,
       o.organisations, o.returns_due, o.returns_received, o.returns_overdue,
       o.returned_on_time_pct,
       coalesce(f.standards_rated, 0) AS standards_rated, f.self_met_pct, f.self_not_met_pct,
       coalesce(f.validated, 0) AS validated, f.validated_met_pct, f.downgraded_pct,
       r.previous_round,
       p.self_met_pct AS previous_self_met_pct
FROM rounds r
CROSS JOIN org_figures o
LEFT JOIN rating_figures f ON f.round = r.round
LEFT JOIN rating_figures p ON p.round = r.previous_round
