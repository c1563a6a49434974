-- training_rows: the bookings behind the training figures (the record table of
-- /training), one row per booking delivered in the period that matches the filters, in
-- the record view $view.
-- Record views ($view):
--   all            every booking delivered in the period (bookings)
--   attended       attended (attended)
--   not_attended   booked but not attended (bookings less attended)
--   rated          attended and gave a rating (ratings: the rows mean_rating is over)
--   not_improved   attended, confidence given before and after, and after not above
--                  before (confidence_pairs less improved_confidence)
--   no_followup    attended with no three-month follow-up score (attended less
--                  followup_responses)
--   impact_scored  with a three-month follow-up score (the rows mean_impact is over)
-- Parameters: $as_of, $date_from (NULL = no lower bound), $date_to DATE (by
--   delivered_on); $agency (attendee agency), $area VARCHAR[]|NULL ('none' = no area);
--   $view (above).
-- Implements the row sets of metrics.md "Training" exactly as training_figures counts
-- them (tests compare each view's rows with its figure). The area is named from
-- priority_areas.csv (its area_id when the file does not name it).
SELECT t.booking_id, t.course_title, t.delivered_on, t.mode,
       coalesce(p.name, t.area_id) AS area, t.attendee_agency, t.attended, t.rating,
       t.confidence_before, t.confidence_after, t.impact_followup, t.fee_gbp
FROM training t
LEFT JOIN priority_areas p ON p.area_id = t.area_id
WHERE t.delivered_on <= $as_of
  AND ($date_from IS NULL OR t.delivered_on >= $date_from)
  AND t.delivered_on <= $date_to
  AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], t.attendee_agency))
  AND ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(t.area_id, 'none')))
  AND CASE $view
          WHEN 'attended' THEN t.attended
          WHEN 'not_attended' THEN NOT t.attended
          WHEN 'rated' THEN t.attended AND t.rating IS NOT NULL
          WHEN 'not_improved' THEN t.attended AND t.confidence_before IS NOT NULL
               AND t.confidence_after IS NOT NULL
               AND t.confidence_after <= t.confidence_before
          WHEN 'no_followup' THEN t.attended AND t.impact_followup IS NULL
          WHEN 'impact_scored' THEN t.impact_followup IS NOT NULL
          ELSE true
      END
ORDER BY t.delivered_on, t.booking_id
