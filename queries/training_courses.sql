-- training_courses: one row per course of the priority areas chosen, over bookings
-- delivered in the period that match the agency filter.
-- Parameters: $area (area_ids or NULL; 'none' = no area_id), $as_of, $date_from (date or NULL = no lower bound), $date_to (date),
--   $agency (list or NULL).
-- Implements metrics.md "Training": bookings, attended, attendance_pct, mean_rating,
-- confidence_uplift (mean of after - before over attendees with both).
SELECT
    course_id,
    any_value(course_title ORDER BY _row) AS course_title,
    count(DISTINCT delivered_on) AS sessions,
    max(delivered_on) AS last_delivered_on,
    count(*) AS bookings,
    count(*) FILTER (WHERE attended) AS attended,
    100.0 * count(*) FILTER (WHERE attended) / count(*) AS attendance_pct,
    avg(rating) FILTER (WHERE attended) AS mean_rating,
    avg(confidence_after - confidence_before)
        FILTER (WHERE attended AND confidence_after IS NOT NULL
                AND confidence_before IS NOT NULL) AS confidence_uplift
FROM training
WHERE ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(area_id, 'none')))
  AND delivered_on <= $as_of AND delivered_on <= $date_to
  AND ($date_from IS NULL OR delivered_on >= $date_from)
  AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], attendee_agency))
GROUP BY course_id
ORDER BY last_delivered_on DESC, course_id
