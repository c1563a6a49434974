-- case_review_figures: the case-review figures of metrics.md "Case reviews" over reviews
-- whose aware_on is in the period, one row per category of $breakdown; lcspr_overdue is
-- never period-filtered (it is always "as of").
-- Parameters: $as_of, $date_from (NULL = no lower bound), $date_to DATE (by aware_on);
--             $breakdown none | quarter | month | outcome (the outcome at as_of)
-- Implements: incidents, panel_notified_within_5wd_pct, rapid_review_within_15wd_pct,
-- lcspr_count, lcspr_rate_pct, lcspr_within_6m_pct, lcspr_overdue; with the counts each
-- percentage is worked from (public mode suppresses a percentage with its counts).
WITH as_at AS (
    -- events dated after as_of have not happened yet
    SELECT review_id, aware_on,
           CASE WHEN panel_notified_on <= $as_of THEN panel_notified_on END AS notified_on,
           CASE WHEN rapid_review_on <= $as_of THEN rapid_review_on END AS rapid_on,
           CASE WHEN rapid_review_on <= $as_of THEN coalesce(outcome, 'pending') ELSE 'pending' END
               AS outcome_at_as_of,
           CASE WHEN lcspr_decided_on <= $as_of THEN lcspr_decided_on END AS decided_on,
           CASE WHEN lcspr_published_on <= $as_of THEN lcspr_published_on END AS published_on
    FROM case_reviews
    WHERE aware_on <= $as_of
), timed AS (
    SELECT a.*,
           -- Working Together: notify the national panel within 5 working days of becoming aware
           a.notified_on <= aw.add_5wd AS notified_in_time,
           -- the rapid review is due within 15 working days of notification
           a.rapid_on <= nt.add_15wd AS rapid_in_time,
           -- an LCSPR is to be published within six months of the decision to initiate it
           a.published_on <= CAST(a.decided_on + INTERVAL 6 MONTH AS DATE) AS published_in_time,
           outcome_at_as_of = 'lcspr' AND a.decided_on IS NOT NULL AND a.published_on IS NULL
               AND $as_of > CAST(a.decided_on + INTERVAL 6 MONTH AS DATE) AS is_lcspr_overdue,
           ($date_from IS NULL OR a.aware_on >= $date_from) AND a.aware_on <= $date_to AS in_period,
           CASE $breakdown
               WHEN 'none' THEN NULL
               WHEN 'quarter' THEN strftime(date_trunc('quarter', a.aware_on), '%Y-%m-%d')
               WHEN 'month' THEN strftime(date_trunc('month', a.aware_on), '%Y-%m-%d')
               WHEN 'outcome' THEN a.outcome_at_as_of
           END AS category
    FROM as_at a
    LEFT JOIN calendar aw ON aw.day = a.aware_on
    LEFT JOIN calendar nt ON nt.day = a.notified_on
)
SELECT category,
       count(*) FILTER (in_period) AS incidents,
       count(*) FILTER (in_period AND notified_on IS NOT NULL) AS notified,
       count(*) FILTER (in_period AND notified_in_time) AS notified_within_5wd,
       100.0 * count(*) FILTER (in_period AND notified_in_time)
           / NULLIF(count(*) FILTER (in_period AND notified_on IS NOT NULL), 0)
           AS panel_notified_within_5wd_pct,
       count(*) FILTER (in_period AND notified_on IS NOT NULL AND rapid_on IS NOT NULL) AS rapid_reviews,
       count(*) FILTER (in_period AND rapid_in_time) AS rapid_review_within_15wd,
       100.0 * count(*) FILTER (in_period AND rapid_in_time)
           / NULLIF(count(*) FILTER (in_period AND notified_on IS NOT NULL AND rapid_on IS NOT NULL), 0)
           AS rapid_review_within_15wd_pct,
       count(*) FILTER (in_period AND outcome_at_as_of = 'lcspr') AS lcspr_count,
       count(*) FILTER (in_period AND outcome_at_as_of IN ('lcspr', 'no_lcspr')) AS outcomes_decided,
       100.0 * count(*) FILTER (in_period AND outcome_at_as_of = 'lcspr')
           / NULLIF(count(*) FILTER (in_period AND outcome_at_as_of IN ('lcspr', 'no_lcspr')), 0)
           AS lcspr_rate_pct,
       count(*) FILTER (in_period AND outcome_at_as_of = 'lcspr' AND decided_on IS NOT NULL
                        AND published_on IS NOT NULL) AS lcsprs_published,
       count(*) FILTER (in_period AND outcome_at_as_of = 'lcspr' AND published_in_time)
           AS lcsprs_within_6m,
       100.0 * count(*) FILTER (in_period AND outcome_at_as_of = 'lcspr' AND published_in_time)
           / NULLIF(count(*) FILTER (in_period AND outcome_at_as_of = 'lcspr'
                                     AND decided_on IS NOT NULL AND published_on IS NOT NULL), 0)
           AS lcspr_within_6m_pct,
       count(*) FILTER (is_lcspr_overdue) AS lcspr_overdue
FROM timed
GROUP BY category
ORDER BY category NULLS FIRST
