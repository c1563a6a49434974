-- self_assessment_by_standard: metrics.md "Self-assessments" `by_standard`: one row per
-- (framework, standard) present in the round's rows that match the agency filter, in
-- order of first appearance among all accepted rows of the file, with the standard's
-- ratings (a standard nobody has rated yet has 0 and NULL).
-- Parameters: $round VARCHAR|NULL, $agency VARCHAR[]|NULL, $as_of DATE
-- Implements: by_standard (framework, standard, standards_rated, self_met_pct, validated,
-- validated_met_pct).
WITH first_seen AS (
    SELECT framework, standard, min(_row) AS first_row
    FROM self_assessments
    GROUP BY framework, standard
), scoped AS (
    SELECT framework, standard,
           submitted_on <= $as_of AND self_rating IS NOT NULL AS is_rated,
           self_rating,
           CASE WHEN validated_on <= $as_of THEN validated_rating END AS validated_at_as_of
    FROM self_assessments
    WHERE round = $round
      AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], agency))
)
SELECT s.framework, s.standard,
       count(*) FILTER (WHERE is_rated) AS standards_rated,
       100.0 * count(*) FILTER (WHERE is_rated AND self_rating = 'met')
           / NULLIF(count(*) FILTER (WHERE is_rated), 0) AS self_met_pct,
       count(*) FILTER (WHERE is_rated AND validated_at_as_of IS NOT NULL) AS validated,
       100.0 * count(*) FILTER (WHERE is_rated AND validated_at_as_of = 'met')
           / NULLIF(count(*) FILTER (WHERE is_rated AND validated_at_as_of IS NOT NULL), 0)
           AS validated_met_pct
FROM scoped s
JOIN first_seen f USING (framework, standard)
GROUP BY s.framework, s.standard, f.first_row
ORDER BY f.first_row
