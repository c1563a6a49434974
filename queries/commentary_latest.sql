-- commentary_latest: the latest comment (metrics.md "Commentary") of each indicator and
-- each area (indicator_id NULL: a comment on the whole area), among comments written on
-- or before $as_of: the greatest written_on, ties by the greater comment_id compared as
-- text. The area filter applies; the period does not.
-- Parameters: $as_of DATE, $area VARCHAR[]|NULL
SELECT comment_id, area_id, indicator_id, period_start, written_on, author, comment,
       next_steps
FROM commentary
WHERE written_on <= $as_of
  AND ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], area_id))
QUALIFY row_number() OVER (PARTITION BY area_id, indicator_id
                           ORDER BY written_on DESC, comment_id DESC) = 1
ORDER BY area_id, indicator_id NULLS FIRST
