-- voice_log: the "You said, we did" log (metrics.md "Voice"), one row per entry heard on
-- or before as_of that matches the area filter (an entry with no area_id passes only
-- when no area filter is set, or when it lists 'none'), in the view $view:
--   all           heard in the period (the entries `heard` counts)
--   awaiting      not responded by as_of and heard_on + 90 days < as_of, whatever the
--                 period (the entries `awaiting_over_90d` counts)
--   no_response   heard in the period, not responded by as_of
--   not_fed_back  heard in the period, not fed back by as_of
-- narrowed by $search (free text, matched case-insensitively anywhere in the theme,
-- what was said or what was done), $source and $channel. What was done, and when it was
-- responded to and fed back, show only when they happened by as_of (at an earlier
-- as_of a later response is not yet made). Entries waiting over 90 days without a
-- response come first (the longest wait first), then the latest heard.
-- Parameters:
--   $as_of DATE, $date_from DATE|NULL, $date_to DATE (the period, by heard_on)
--   $area VARCHAR[]|NULL
--   $view VARCHAR all | awaiting | no_response | not_fed_back
--   $search VARCHAR|NULL text to look for (bound, never put into SQL text)
--   $source VARCHAR[]|NULL, $channel VARCHAR[]|NULL voice codes
-- The agency filter does not apply.
WITH scoped AS (
    SELECT v.*,
           coalesce(v.responded_on <= $as_of, false) AS has_response,
           coalesce(v.fed_back_on <= $as_of, false) AS has_feedback,
           ($date_from IS NULL OR v.heard_on >= $date_from) AND v.heard_on <= $date_to
               AS in_period,
           p.name AS area_name
    FROM voice v
    LEFT JOIN priority_areas p ON p.area_id = v.area_id
    WHERE v.heard_on <= $as_of
      AND ($area::VARCHAR[] IS NULL
           OR list_contains($area::VARCHAR[], coalesce(v.area_id, 'none')))
      AND ($source::VARCHAR[] IS NULL OR list_contains($source::VARCHAR[], v.source))
      AND ($channel::VARCHAR[] IS NULL OR list_contains($channel::VARCHAR[], v.channel))
), shown AS (
    SELECT *,
           NOT has_response AND heard_on + INTERVAL 90 DAY < $as_of AS awaiting_over_90d,
           CASE WHEN has_response THEN we_did END AS we_did_at_as_of
    FROM scoped
)
SELECT voice_id, heard_on, source, channel, area_id, area_name, theme, you_said,
       we_did_at_as_of AS we_did,
       CASE WHEN has_response THEN responded_on END AS responded_on,
       CASE WHEN has_feedback THEN fed_back_on END AS fed_back_on,
       awaiting_over_90d,
       CASE WHEN NOT has_response THEN date_diff('day', heard_on, $as_of) END AS days_waiting,
       CASE WHEN awaiting_over_90d THEN 'awaiting_over_90d'
            WHEN NOT has_response THEN 'awaiting'
            WHEN has_feedback THEN 'fed_back'
            ELSE 'responded' END AS status
FROM shown
WHERE CASE $view
          WHEN 'awaiting' THEN awaiting_over_90d
          WHEN 'no_response' THEN in_period AND NOT has_response
          WHEN 'not_fed_back' THEN in_period AND NOT has_feedback
          ELSE in_period
      END
  AND ($search::VARCHAR IS NULL
       OR contains(lower(theme), lower($search::VARCHAR))
       OR contains(lower(you_said), lower($search::VARCHAR))
       OR contains(lower(coalesce(we_did_at_as_of, '')), lower($search::VARCHAR)))
ORDER BY awaiting_over_90d DESC, CASE WHEN awaiting_over_90d THEN heard_on END ASC,
         heard_on DESC, voice_id
