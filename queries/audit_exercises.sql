-- audit_exercises: one row per audit exercise (audit_id) of the priority areas chosen,
-- over rows audited in the period that match the agency and audit-type filters.
-- Parameters: $area (area_ids or NULL; 'none' = no area_id), $as_of, $date_from (date or NULL = no lower bound), $date_to (date),
--   $agency (list or NULL), $audit_type (list or NULL).
-- Implements metrics.md "Audits": cases = distinct (audit_id, case_ref), agency_returns =
-- rows, good_or_better_pct = rows graded good or outstanding over rows.
SELECT
    audit_id,
    any_value(audit_type ORDER BY _row) AS audit_type,
    any_value(theme ORDER BY _row) AS theme,
    min(audited_on) AS first_audited_on,
    max(audited_on) AS last_audited_on,
    count(DISTINCT case_ref) AS cases,
    count(*) AS agency_returns,
    100.0 * count(*) FILTER (WHERE grade IN ('good', 'outstanding')) / count(*)
        AS good_or_better_pct,
    100.0 * count(*) FILTER (WHERE grade = 'inadequate') / count(*) AS inadequate_pct
FROM audits
WHERE ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(area_id, 'none')))
  AND audited_on <= $as_of AND audited_on <= $date_to
  AND ($date_from IS NULL OR audited_on >= $date_from)
  AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], agency))
  AND ($audit_type::VARCHAR[] IS NULL OR list_contains($audit_type::VARCHAR[], audit_type))
GROUP BY audit_id
ORDER BY last_audited_on DESC, audit_id
