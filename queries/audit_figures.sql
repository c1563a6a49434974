-- audit_figures: the audit figures of metrics.md "Audits" over rows audited in the
-- period that match the filters, one row per category of $breakdown.
-- Parameters:
--   $as_of, $date_from (NULL = no lower bound), $date_to   DATE (by audited_on)
--   $agency, $area, $audit_type   VARCHAR[]|NULL
--   $breakdown   none | quarter | month | area_id | agency | audit_type | grade
--                (or all: every one of them at once, each row naming its own in the
--                column breakdown, for a page that shows them all)
-- Implements: cases, agency_returns, good_or_better_pct, inadequate_pct, child_voice_pct,
-- family_involved_pct, practitioner_involved_pct (and the quarterly computed
-- indicator audit_good_or_better with breakdown 'quarter' and no filters).
-- Also the count of rows of each grade (graded_outstanding, graded_good,
-- graded_requires_improvement; inadequate) for the grades by quarter and the counts
-- that public mode suppresses with the percentages (product.md).
WITH rows_in_scope AS (
    SELECT *,
           CASE b.breakdown
               WHEN 'none' THEN NULL
               WHEN 'quarter' THEN strftime(date_trunc('quarter', audited_on), '%Y-%m-%d')
               WHEN 'month' THEN strftime(date_trunc('month', audited_on), '%Y-%m-%d')
               WHEN 'area_id' THEN area_id
               WHEN 'agency' THEN agency
               WHEN 'audit_type' THEN audit_type
               WHEN 'grade' THEN grade
           END AS category
    FROM audits,
         unnest(CASE WHEN $breakdown = 'all'
                     THEN ['none', 'quarter', 'month', 'area_id', 'agency', 'audit_type', 'grade']
                     ELSE [$breakdown] END) AS b(breakdown)
    WHERE audited_on <= $as_of
      AND ($date_from IS NULL OR audited_on >= $date_from)
      AND audited_on <= $date_to
      AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], agency))
      AND ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], area_id))
      AND ($audit_type::VARCHAR[] IS NULL OR list_contains($audit_type::VARCHAR[], audit_type))
)
SELECT breakdown, category,
       count(DISTINCT (audit_id, case_ref)) AS cases,
       count(*) AS agency_returns,
       count(*) FILTER (grade IN ('good', 'outstanding')) AS good_or_better,
       100.0 * count(*) FILTER (grade IN ('good', 'outstanding')) / count(*) AS good_or_better_pct,
       count(*) FILTER (grade = 'outstanding') AS graded_outstanding,
       count(*) FILTER (grade = 'good') AS graded_good,
       count(*) FILTER (grade = 'requires_improvement') AS graded_requires_improvement,
       count(*) FILTER (grade = 'inadequate') AS inadequate,
       100.0 * count(*) FILTER (grade = 'inadequate') / count(*) AS inadequate_pct,
       count(*) FILTER (child_voice_evident) AS child_voice,
       100.0 * count(*) FILTER (child_voice_evident) / count(*) AS child_voice_pct,
       count(*) FILTER (family_involved) AS family_involved,
       100.0 * count(*) FILTER (family_involved) / count(*) AS family_involved_pct,
       count(*) FILTER (practitioner_involved) AS practitioner_involved,
       100.0 * count(*) FILTER (practitioner_involved) / count(*) AS practitioner_involved_pct
FROM rows_in_scope
GROUP BY breakdown, category
ORDER BY breakdown, category NULLS FIRST
