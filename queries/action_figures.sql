-- action_figures: the actions figures of metrics.md "Actions", as at $as_of, over actions
-- raised on or before $as_of matching the filters (never filtered by period or agency),
-- one row per category of $breakdown.
-- Parameters:
--   $as_of DATE
--   $area VARCHAR[]|NULL (actions with no area_id are left out when set; 'none' selects them)
--   $owner VARCHAR[]|NULL lower-cased trimmed owners
--   $source_type, $status VARCHAR[]|NULL ($status is matched against the status at as_of)
--   $breakdown none | source_type | owner | area_id | subgroup | status
--                (or all: every one of them at once, each row naming its own in the
--                column breakdown, for a page that shows them all)
-- By owner, owners are grouped as the owner filter matches them (trimmed, case-
-- insensitive: the category is the lower-cased owner) and `written` gives each
-- group's first spelling in the file, to show.
-- Implements: total, open, overdue, completed, completed_on_time_pct, impact_evidenced_pct.
WITH at_as_of AS (
    SELECT *,
           -- a completion dated after as_of has not happened yet: still in progress then
           CASE WHEN status IN ('completed', 'impact_evidenced') AND completed_on > $as_of
                THEN 'in_progress' ELSE status END AS status_at_as_of
    FROM actions
    WHERE raised_on <= $as_of
), scoped AS (
    SELECT *,
           status_at_as_of IN ('not_started', 'in_progress') AS is_open,
           status_at_as_of IN ('completed', 'impact_evidenced') AS is_completed,
           CASE b.breakdown
               WHEN 'none' THEN NULL
               WHEN 'source_type' THEN source_type
               WHEN 'owner' THEN lower(trim(owner))
               WHEN 'area_id' THEN coalesce(area_id, 'Not recorded')
               WHEN 'subgroup' THEN coalesce(trim(subgroup), 'Not recorded')
               WHEN 'status' THEN status_at_as_of
           END AS category
    FROM at_as_of,
         unnest(CASE WHEN $breakdown = 'all'
                     THEN ['none', 'source_type', 'owner', 'area_id', 'subgroup', 'status']
                     ELSE [$breakdown] END) AS b(breakdown)
    WHERE ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], coalesce(area_id, 'none')))
      AND ($owner::VARCHAR[] IS NULL OR list_contains($owner::VARCHAR[], lower(trim(owner))))
      AND ($source_type::VARCHAR[] IS NULL OR list_contains($source_type::VARCHAR[], source_type))
      AND ($status::VARCHAR[] IS NULL OR list_contains($status::VARCHAR[], status_at_as_of))
)
SELECT breakdown, category,
       arg_min(trim(owner), _row) AS written,
       count(*) AS total,
       count(*) FILTER (is_open) AS open,
       count(*) FILTER (is_open AND due_on < $as_of) AS overdue,
       count(*) FILTER (is_completed) AS completed,
       count(*) FILTER (is_completed AND completed_on <= due_on) AS completed_on_time,
       100.0 * count(*) FILTER (is_completed AND completed_on <= due_on)
           / NULLIF(count(*) FILTER (is_completed), 0) AS completed_on_time_pct,
       count(*) FILTER (status_at_as_of = 'impact_evidenced') AS impact_evidenced,
       100.0 * count(*) FILTER (status_at_as_of = 'impact_evidenced')
           / NULLIF(count(*) FILTER (is_completed), 0) AS impact_evidenced_pct
FROM scoped
GROUP BY breakdown, category
ORDER BY breakdown, category NULLS FIRST
