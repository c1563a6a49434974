-- mash_contact_rows: the pseudonymised contacts behind the front-door figures (the
-- record table of /front-door), one row per contact received by as_of that matches the
-- filters, in the record view $view:
--   all             contacts received in the period
--   decided         decided by as_of (the contacts `decided` counts)
--   decided_late    decided, not within one working day of receipt
--   pending_overdue no decision and past one working day (never period-filtered)
--   converted       decided as a referral to social care or a strategy discussion
--   repeat          another contact for the child in the 365 days before
--   nfa_recontact   no further action / information and advice, 91 days passed, and
--                   the child came back within 91 days
--   escalated       a professional challenged the decision
-- Parameters: $as_of DATE, $date_from DATE|NULL, $date_to DATE, $agency, $age_band,
--   $concern, $screening_rag VARCHAR[]|NULL, $locality VARCHAR[]|NULL (lower-cased), $view
-- Implements the row sets of metrics.md "MASH / front door" exactly as mash_figures
-- counts them (tests compare each view's rows with its figure).
WITH contacts AS (
    -- mash_contacts_prepared (queries/build/): every accepted contact with its date, its
    -- add_1wd and its as_of-free flags, worked out once (as mash_figures reads them)
    SELECT m.*,
           CASE WHEN m.decided_on_any <= $as_of THEN m.decision END AS decision_at_as_of,
           ($date_from IS NULL OR m.received_on >= $date_from)
               AND m.received_on <= $date_to AS in_period
    FROM mash_contacts_prepared m
    WHERE m.received_on <= $as_of
      -- every view but pending_overdue lists the period's contacts only: read just them
      AND ($view = 'pending_overdue'
           OR (m.received_on <= least($date_to, $as_of)
               AND m.received_on >= coalesce($date_from, DATE '1900-01-01')))
      AND mash_matches(m.referrer_agency, m.age_band, m.primary_concern, m.rag_key,
                       m.locality_key, $agency::VARCHAR[], $age_band::VARCHAR[],
                       $concern::VARCHAR[], $screening_rag::VARCHAR[], $locality::VARCHAR[])
), flagged AS (
    SELECT *,
           decision_at_as_of IS NOT NULL AND within_1wd_any AS within_1wd,
           decision_at_as_of IS NULL AND $as_of > add_1wd AS is_pending_overdue,
           decision_at_as_of IN ('no_further_action', 'information_advice')
               AND received_on + 91 <= $as_of AND has_recontact AS is_nfa_recontact
    FROM contacts
)
SELECT contact_id, child_ref, received_at, referrer_agency, primary_concern, age_band,
       screening_rag, coalesce(decision_at_as_of, 'pending') AS decision,
       CASE WHEN decision_at_as_of IS NOT NULL THEN decided_at END AS decided_at,
       within_1wd, is_repeat AS repeat_12m, is_escalated AS escalated,
       trim(locality) AS locality
FROM flagged
WHERE CASE $view
          WHEN 'pending_overdue' THEN is_pending_overdue
          WHEN 'decided' THEN in_period AND decision_at_as_of IS NOT NULL
          WHEN 'decided_late' THEN in_period AND decision_at_as_of IS NOT NULL AND NOT within_1wd
          WHEN 'converted' THEN in_period
               AND decision_at_as_of IN ('referral_social_care', 'strategy_discussion')
          WHEN 'repeat' THEN in_period AND is_repeat
          WHEN 'nfa_recontact' THEN in_period AND is_nfa_recontact
          WHEN 'escalated' THEN in_period AND is_escalated
          ELSE in_period
      END
ORDER BY received_at, contact_id
