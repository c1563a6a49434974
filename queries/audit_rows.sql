-- audit_rows: the pseudonymised audit rows behind the audit figures (the record table
-- of /audits), one row per case and auditing agency audited in the period that matches
-- the filters, in the record view $view.
-- Record views ($view):
--   all              every row audited in the period (agency_returns)
--   below_good       graded requires improvement or inadequate (agency_returns less
--                    those graded good or better)
--   inadequate       graded inadequate
--   no_child_voice   the child's voice not evident
--   no_family        the family did not take part
--   no_practitioner  no frontline practitioner took part
-- Parameters: $as_of, $date_from (NULL = no lower bound), $date_to DATE (by audited_on);
--   $agency, $area, $audit_type VARCHAR[]|NULL; $view (above).
-- Implements the row sets of metrics.md "Audits" exactly as audit_figures counts them
-- (tests compare each view's rows with its figure). The area is named from
-- priority_areas.csv (its area_id when the file does not name it); the grade sorts from
-- outstanding to inadequate, not alphabetically.
SELECT a.audit_id, a.case_ref, a.agency, coalesce(p.name, a.area_id) AS area,
       a.audit_type, a.audited_on,
       CAST(a.grade AS ENUM('outstanding', 'good', 'requires_improvement', 'inadequate'))
           AS grade,
       a.child_voice_evident, a.family_involved, a.practitioner_involved
FROM audits a
LEFT JOIN priority_areas p ON p.area_id = a.area_id
WHERE a.audited_on <= $as_of
  AND ($date_from IS NULL OR a.audited_on >= $date_from)
  AND a.audited_on <= $date_to
  AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], a.agency))
  AND ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], a.area_id))
  AND ($audit_type::VARCHAR[] IS NULL OR list_contains($audit_type::VARCHAR[], a.audit_type))
  AND CASE $view
          WHEN 'below_good' THEN a.grade IN ('requires_improvement', 'inadequate')
          WHEN 'inadequate' THEN a.grade = 'inadequate'
          WHEN 'no_child_voice' THEN NOT a.child_voice_evident
          WHEN 'no_family' THEN NOT a.family_involved
          WHEN 'no_practitioner' THEN NOT a.practitioner_involved
          ELSE true
      END
ORDER BY a.audited_on, a.audit_id, a.case_ref, a.agency
