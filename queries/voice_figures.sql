-- voice_figures: the "You said, we did" figures of metrics.md "Voice", over entries heard
-- in the period (and on or before as_of) that match the area filter (an entry with no
-- area_id passes only when no area filter is set, or when it lists 'none'). One row per
-- category of $breakdown ('none' gives one row with category NULL).
-- Parameters:
--   $as_of DATE       a response counts when responded_on <= as_of, feedback when
--                     fed_back_on <= as_of
--   $date_from DATE|NULL, $date_to DATE   the period, by heard_on (inclusive)
--   $area VARCHAR[]|NULL
--   $breakdown VARCHAR none | source | channel | area_id | month
-- Implements: heard, by_source (children, parents_carers, practitioners), heard per channel
-- (the page's breakdown by channel over time), responded_pct,
-- fed_back_pct, median_days_to_response, awaiting_over_90d (never period-filtered:
-- heard on or before as_of, not responded by as_of, heard_on + 90 days < as_of).
-- The agency filter does not apply.
WITH scoped AS (
    SELECT *,
           responded_on <= $as_of AS has_response,
           fed_back_on <= $as_of AS has_feedback,
           ($date_from IS NULL OR heard_on >= $date_from) AND heard_on <= $date_to AS in_period,
           CASE $breakdown
               WHEN 'none' THEN NULL
               WHEN 'source' THEN source
               WHEN 'channel' THEN channel
               WHEN 'area_id' THEN coalesce(area_id, 'Not recorded')
               WHEN 'month' THEN strftime(date_trunc('month', heard_on), '%Y-%m-%d')
           END AS category
    FROM voice
    WHERE heard_on <= $as_of
      AND ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(area_id, 'none')))
)
SELECT category,
       count(*) FILTER (WHERE in_period) AS heard,
       count(*) FILTER (WHERE in_period AND source = 'children') AS heard_children,
       count(*) FILTER (WHERE in_period AND source = 'parents_carers') AS heard_parents_carers,
       count(*) FILTER (WHERE in_period AND source = 'practitioners') AS heard_practitioners,
       -- per channel, for the page's "heard per month, by channel" (datasets.md's codes)
       count(*) FILTER (WHERE in_period AND channel = 'survey') AS heard_survey,
       count(*) FILTER (WHERE in_period AND channel = 'forum') AS heard_forum,
       count(*) FILTER (WHERE in_period AND channel = 'audit') AS heard_audit,
       count(*) FILTER (WHERE in_period AND channel = 'case_review') AS heard_case_review,
       count(*) FILTER (WHERE in_period AND channel = 'complaint') AS heard_complaint,
       count(*) FILTER (WHERE in_period AND channel = 'other') AS heard_other,
       100.0 * count(*) FILTER (WHERE in_period AND has_response)
           / NULLIF(count(*) FILTER (WHERE in_period), 0) AS responded_pct,
       100.0 * count(*) FILTER (WHERE in_period AND has_feedback)
           / NULLIF(count(*) FILTER (WHERE in_period), 0) AS fed_back_pct,
       -- the median of an even count is the mean of the two middle values
       quantile_cont(date_diff('day', heard_on, responded_on), 0.5)
           FILTER (WHERE in_period AND has_response) AS median_days_to_response,
       count(*) FILTER (WHERE NOT coalesce(has_response, false)
                        AND heard_on + INTERVAL 90 DAY < $as_of) AS awaiting_over_90d
FROM scoped
GROUP BY category
ORDER BY category NULLS FIRST
