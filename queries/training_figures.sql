-- training_figures: the training figures of metrics.md "Training" over bookings delivered
-- in the period that match the filters, one row per category of $breakdown.
-- Parameters: $as_of, $date_from (NULL = no lower bound), $date_to DATE (by delivered_on);
--   $agency, $area VARCHAR[]|NULL;
--   $breakdown none | month | quarter | attendee_agency | course | mode | area_id |
--              rating | impact (the score an attendee gave, 'Not recorded' when none;
--              bookings not attended are the category 'Not attended')
--              or all: every one of them at once, each row naming its own in the
--              column breakdown, for a page that shows them all
-- Implements: bookings, attended, attendance_pct, mean_rating, confidence_uplift,
-- improved_confidence_pct, followup_response_pct, mean_impact, fee_income_gbp (and the
-- quarterly computed indicator training_confidence_uplift). Also the mean confidence
-- before and after over the attendees with both (whose difference is the uplift), and
-- the counts public mode suppresses the means and percentages with (product.md).
WITH scoped AS (
    SELECT *,
           attended AND confidence_before IS NOT NULL AND confidence_after IS NOT NULL AS has_both,
           CASE b.breakdown
               WHEN 'none' THEN NULL
               WHEN 'month' THEN strftime(date_trunc('month', delivered_on), '%Y-%m-%d')
               WHEN 'quarter' THEN strftime(date_trunc('quarter', delivered_on), '%Y-%m-%d')
               WHEN 'attendee_agency' THEN attendee_agency
               WHEN 'course' THEN course_title
               WHEN 'mode' THEN mode
               WHEN 'area_id' THEN coalesce(area_id, 'Not recorded')
               WHEN 'rating' THEN CASE WHEN NOT attended THEN 'Not attended'
                                       ELSE coalesce(CAST(rating AS VARCHAR), 'Not recorded') END
               WHEN 'impact' THEN CASE WHEN NOT attended THEN 'Not attended'
                                       ELSE coalesce(CAST(impact_followup AS VARCHAR), 'Not recorded') END
           END AS category
    FROM training,
         unnest(CASE WHEN $breakdown = 'all'
                     THEN ['none', 'month', 'quarter', 'attendee_agency', 'course', 'mode', 'area_id', 'rating', 'impact']
                     ELSE [$breakdown] END) AS b(breakdown)
    WHERE delivered_on <= $as_of
      AND ($date_from IS NULL OR delivered_on >= $date_from)
      AND delivered_on <= $date_to
      AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], attendee_agency))
      AND ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(area_id, 'none')))
)
SELECT breakdown, category,
       count(*) AS bookings,
       count(*) FILTER (attended) AS attended,
       100.0 * count(*) FILTER (attended) / count(*) AS attendance_pct,
       count(rating) FILTER (attended) AS ratings,
       avg(rating) FILTER (attended) AS mean_rating,
       count(*) FILTER (has_both) AS confidence_pairs,
       avg(confidence_after - confidence_before) FILTER (has_both) AS confidence_uplift,
       avg(confidence_before) FILTER (has_both) AS mean_confidence_before,
       avg(confidence_after) FILTER (has_both) AS mean_confidence_after,
       count(*) FILTER (has_both AND confidence_after > confidence_before) AS improved_confidence,
       100.0 * count(*) FILTER (has_both AND confidence_after > confidence_before)
           / NULLIF(count(*) FILTER (has_both), 0) AS improved_confidence_pct,
       count(impact_followup) FILTER (attended) AS followup_responses,
       100.0 * count(impact_followup) FILTER (attended)
           / NULLIF(count(*) FILTER (attended), 0) AS followup_response_pct,
       avg(impact_followup) AS mean_impact,
       coalesce(sum(fee_gbp), 0) AS fee_income_gbp
FROM scoped
GROUP BY breakdown, category
ORDER BY breakdown, category NULLS FIRST
