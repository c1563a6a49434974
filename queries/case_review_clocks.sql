-- case_review_clocks: each serious incident known by $as_of with its three statutory
-- clocks (the review table of /case-reviews), in the view $view. For each clock: its due
-- date, when it happened (null: not yet at as_of), its state at as_of and by how much.
--   notification  due add_working_days(aware_on, 5) (Working Together: notify the
--                 national panel within 5 working days of becoming aware)
--   rapid review  due add_working_days(panel_notified_on, 15) (the panel's clock starts
--                 at notification; no due date until the panel is notified)
--   LCSPR         due lcspr_decided_on + 6 calendar months, the day clamped to the
--                 month's end (publish within six months of the decision); LCSPRs only
-- State: on_time (happened on or before the due date), late (after it), overdue (not
-- yet, and as_of is after the due date), running (not yet, still within time), untimed
-- (no date to start the clock from), null (no such clock: not an LCSPR). *_days: by how
-- much a clock is late or overdue: working days for notification and rapid review (the
-- least n with the date ≤ add_working_days(due, n), so a Saturday after a Friday due
-- date is 1), calendar days for the LCSPR.
--   all              reviews whose aware_on is in the period
--   overdue_or_late  those with a clock late or overdue, and every overdue LCSPR whatever
--                    the period (as lcspr_overdue counts them)
--   lcspr            outcome lcspr at as_of, in the period
--   lcspr_overdue    LCSPRs overdue at as_of, whatever the period
--   pending          outcome pending at as_of, in the period
-- Parameters: $as_of DATE, $date_from DATE|NULL (NULL = no lower bound), $date_to DATE
--   (by aware_on), $view
-- Implements metrics.md "Case reviews" row by row exactly as case_review_figures counts
-- (events dated after as_of have not happened; the outcome is pending unless
-- rapid_review_on ≤ as_of; lcspr_overdue: decided, unpublished, as_of > decided + 6
-- months). Order: reviews with an overdue clock first, then the latest aware_on first.
WITH as_at AS (
    SELECT review_id, aware_on, recommendations,
           CASE WHEN panel_notified_on <= $as_of THEN panel_notified_on END AS notified_on,
           CASE WHEN rapid_review_on <= $as_of THEN rapid_review_on END AS rapid_on,
           CASE WHEN rapid_review_on <= $as_of THEN coalesce(outcome, 'pending') ELSE 'pending' END
               AS outcome,
           CASE WHEN lcspr_decided_on <= $as_of THEN lcspr_decided_on END AS decided_on,
           CASE WHEN lcspr_completed_on <= $as_of THEN lcspr_completed_on END AS completed_on,
           CASE WHEN lcspr_published_on <= $as_of THEN lcspr_published_on END AS published_on,
           ($date_from IS NULL OR aware_on >= $date_from) AND aware_on <= $date_to AS in_period
    FROM case_reviews
    WHERE aware_on <= $as_of
), due AS (
    SELECT a.*,
           aw.add_5wd AS notify_due,
           nt.add_15wd AS rapid_due,
           CASE WHEN a.outcome = 'lcspr' AND a.decided_on IS NOT NULL
                THEN CAST(a.decided_on + INTERVAL 6 MONTH AS DATE) END AS lcspr_due
    FROM as_at a
    LEFT JOIN calendar aw ON aw.day = a.aware_on
    LEFT JOIN calendar nt ON nt.day = a.notified_on
), states AS (
    SELECT d.*,
           CASE WHEN d.notified_on IS NOT NULL
                    THEN CASE WHEN d.notified_on <= d.notify_due THEN 'on_time' ELSE 'late' END
                WHEN $as_of > d.notify_due THEN 'overdue' ELSE 'running' END AS notify_state,
           CASE WHEN d.rapid_due IS NULL THEN 'untimed'
                WHEN d.rapid_on IS NOT NULL
                    THEN CASE WHEN d.rapid_on <= d.rapid_due THEN 'on_time' ELSE 'late' END
                WHEN $as_of > d.rapid_due THEN 'overdue' ELSE 'running' END AS rapid_state,
           CASE WHEN d.outcome <> 'lcspr' THEN NULL
                WHEN d.lcspr_due IS NULL THEN 'untimed'
                WHEN d.published_on IS NOT NULL
                    THEN CASE WHEN d.published_on <= d.lcspr_due THEN 'on_time' ELSE 'late' END
                WHEN $as_of > d.lcspr_due THEN 'overdue' ELSE 'running' END AS lcspr_state
    FROM due d
), measured AS (
    SELECT s.*,
           -- working days late: from the due date to the day it happened (or to as_of)
           CASE s.notify_state
               WHEN 'late' THEN hn.wd_seq - dn.wd_seq + CAST(NOT hn.working AS INTEGER)
               WHEN 'overdue' THEN t.wd_seq - dn.wd_seq + CAST(NOT t.working AS INTEGER)
           END AS notify_days,
           CASE s.rapid_state
               WHEN 'late' THEN hr.wd_seq - dr.wd_seq + CAST(NOT hr.working AS INTEGER)
               WHEN 'overdue' THEN t.wd_seq - dr.wd_seq + CAST(NOT t.working AS INTEGER)
           END AS rapid_days,
           CASE s.lcspr_state
               WHEN 'late' THEN date_diff('day', s.lcspr_due, s.published_on)
               WHEN 'overdue' THEN date_diff('day', s.lcspr_due, $as_of)
           END AS lcspr_days
    FROM states s
    LEFT JOIN calendar dn ON dn.day = s.notify_due
    LEFT JOIN calendar hn ON hn.day = s.notified_on
    LEFT JOIN calendar dr ON dr.day = s.rapid_due
    LEFT JOIN calendar hr ON hr.day = s.rapid_on
    LEFT JOIN calendar t ON t.day = $as_of
)
SELECT review_id, aware_on,
       notify_due, notified_on, notify_state, notify_days,
       rapid_due, rapid_on, rapid_state, rapid_days,
       outcome, decided_on AS lcspr_decided_on, lcspr_due, completed_on AS lcspr_completed_on,
       published_on AS lcspr_published_on, lcspr_state, lcspr_days,
       recommendations
FROM measured
WHERE CASE $view
          WHEN 'overdue_or_late' THEN lcspr_state = 'overdue'
               OR (in_period AND (notify_state IN ('late', 'overdue')
                                  OR rapid_state IN ('late', 'overdue')
                                  OR lcspr_state = 'late'))
          WHEN 'lcspr' THEN in_period AND outcome = 'lcspr'
          WHEN 'lcspr_overdue' THEN lcspr_state = 'overdue'
          WHEN 'pending' THEN in_period AND outcome = 'pending'
          ELSE in_period
      END
ORDER BY 'overdue' IN (notify_state, rapid_state, coalesce(lcspr_state, '')) DESC,
         aware_on DESC, review_id
