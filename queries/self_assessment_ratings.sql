-- self_assessment_ratings: every rating of the self-assessment round, one row per
-- (organisation, standard) that matches the agency filter, for the organisation-by-
-- standard table (metrics.md "Self-assessments": ratings count only from organisations
-- that have returned, validated ratings only when validated_on <= as_of; the effective
-- rating is the validated rating when there is one by as_of, else the self-rating).
-- Parameters:
--   $round  VARCHAR|NULL the round (YYYY/YY), already defaulted to the latest round due
--   $agency VARCHAR[]|NULL agency codes
--   $as_of  DATE
-- Columns: organisation (first spelling), organisation_key, agency, framework, standard,
-- standard_order (the standard's first appearance among all accepted rows of the file,
-- the order of by_standard), has_returned, self_rating, validated_rating, validated_on,
-- effective_rating (NULL when the organisation has not returned). Never period- or
-- area-filtered.
WITH first_seen AS (
    SELECT framework, standard, min(_row) AS standard_order
    FROM self_assessments
    GROUP BY framework, standard
)
SELECT s.organisation, s.organisation_key, s.agency, s.framework, s.standard,
       f.standard_order,
       coalesce(s.submitted_on <= $as_of, false) AS has_returned,
       CASE WHEN s.submitted_on <= $as_of THEN s.self_rating END AS self_rating,
       CASE WHEN s.submitted_on <= $as_of AND s.validated_on <= $as_of
            THEN s.validated_rating END AS validated_rating,
       CASE WHEN s.submitted_on <= $as_of AND s.validated_on <= $as_of
            THEN s.validated_on END AS validated_on,
       CASE WHEN s.submitted_on <= $as_of
            THEN coalesce(CASE WHEN s.validated_on <= $as_of THEN s.validated_rating END,
                          s.self_rating) END AS effective_rating
FROM self_assessments s
JOIN first_seen f USING (framework, standard)
WHERE s.round = $round
  AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], s.agency))
ORDER BY s.agency, lower(s.organisation), f.standard_order
