-- mash_figures: the front-door (MASH) figures of metrics.md "MASH / front door",
-- for all contacts received in the period that match the filters, one row per
-- category of $breakdown ('none' gives one row with category NULL).
-- Parameters:
--   $as_of        DATE      figures as at the end of this day
--   $date_from    DATE|NULL period start (inclusive, by date of received_at)
--   $date_to      DATE      period end (inclusive)
--   $agency, $age_band, $concern, $screening_rag   VARCHAR[]|NULL codes ('none' = not recorded)
--   $locality     VARCHAR[]|NULL lower-cased, trimmed free text ('none' = not recorded)
--   $breakdown    VARCHAR   none | month | quarter | referrer_agency | decision |
--                           primary_concern | age_band | screening_rag | locality
-- pending_overdue alone is never period-filtered (metrics.md "Time": always as of).
-- Implements: contacts, decided, decided_within_1wd_pct, pending_overdue, conversion_pct,
-- repeat_contact_12m_pct, nfa_recontact_3m_pct, escalation_pct (and the monthly
-- computed indicators mash_decision_within_1wd, mash_conversion_rate,
-- mash_repeat_contacts_12m when called with breakdown 'month' and no filters).
WITH contacts AS (
    -- mash_contacts_prepared (queries/build/): every accepted contact with its date, its
    -- add_1wd and the child's previous and next contact times, worked out once
    SELECT m.*,
           -- an event after as_of has not happened yet: the contact is still pending
           CASE WHEN m.decided_on_any <= $as_of THEN m.decision END AS decision_at_as_of,
           CASE WHEN m.decided_on_any <= $as_of THEN m.decided_on_any END AS decided_on,
           -- metrics.md "Time": pending_overdue is never period-filtered (always as of);
           -- every other figure counts only contacts received in the period
           ($date_from IS NULL OR m.received_on >= $date_from)
               AND m.received_on <= $date_to AS in_period
    FROM mash_contacts_prepared m
    WHERE m.received_on <= $as_of
      AND ($agency::VARCHAR[] IS NULL OR list_contains($agency::VARCHAR[], m.referrer_agency))
      AND ($age_band::VARCHAR[] IS NULL OR list_contains($age_band::VARCHAR[], m.age_band))
      AND ($concern::VARCHAR[] IS NULL OR list_contains($concern::VARCHAR[], m.primary_concern))
      AND ($screening_rag::VARCHAR[] IS NULL
           OR list_contains($screening_rag::VARCHAR[], coalesce(m.screening_rag, 'none')))
      AND ($locality::VARCHAR[] IS NULL
           OR list_contains($locality::VARCHAR[], coalesce(lower(trim(m.locality)), 'none')))
), flagged AS (
    SELECT *,
           decision_at_as_of IS NOT NULL AS is_decided,
           -- Working Together: decision within one working day of receipt
           decision_at_as_of IS NOT NULL AND decided_on <= add_1wd AS within_1wd,
           decision_at_as_of IS NULL AND $as_of > add_1wd AS is_pending_overdue,
           decision_at_as_of IN ('referral_social_care', 'strategy_discussion') AS converted,
           previous_at IS NOT NULL
               AND date_diff('day', CAST(previous_at AS DATE), received_on) <= 365 AS is_repeat,
           decision_at_as_of IN ('no_further_action', 'information_advice')
               AND received_on + 91 <= $as_of AS nfa_eligible,
           next_at IS NOT NULL
               AND date_diff('day', received_on, CAST(next_at AS DATE)) <= 91 AS has_recontact,
           coalesce(escalated, false) AS is_escalated,
           CASE $breakdown
               WHEN 'none' THEN NULL
               WHEN 'month' THEN strftime(date_trunc('month', received_on), '%Y-%m-%d')
               WHEN 'quarter' THEN strftime(date_trunc('quarter', received_on), '%Y-%m-%d')
               WHEN 'referrer_agency' THEN referrer_agency
               WHEN 'decision' THEN coalesce(decision_at_as_of, 'Pending')
               WHEN 'primary_concern' THEN primary_concern
               WHEN 'age_band' THEN age_band
               WHEN 'screening_rag' THEN coalesce(screening_rag, 'Not recorded')
               WHEN 'locality' THEN coalesce(trim(locality), 'Not recorded')
           END AS category
    FROM contacts
)
SELECT category,
       count(*) FILTER (in_period) AS contacts,
       count(*) FILTER (in_period AND is_decided) AS decided,
       count(*) FILTER (in_period AND within_1wd) AS decided_within_1wd,
       100.0 * count(*) FILTER (in_period AND within_1wd)
           / NULLIF(count(*) FILTER (in_period AND is_decided), 0) AS decided_within_1wd_pct,
       count(*) FILTER (is_pending_overdue) AS pending_overdue,
       count(*) FILTER (in_period AND converted) AS converted,
       100.0 * count(*) FILTER (in_period AND converted)
           / NULLIF(count(*) FILTER (in_period AND is_decided), 0) AS conversion_pct,
       count(*) FILTER (in_period AND is_repeat) AS repeat_contacts_12m,
       100.0 * count(*) FILTER (in_period AND is_repeat)
           / NULLIF(count(*) FILTER (in_period), 0) AS repeat_contact_12m_pct,
       count(*) FILTER (in_period AND nfa_eligible) AS nfa_eligible,
       count(*) FILTER (in_period AND nfa_eligible AND has_recontact) AS nfa_recontacted_3m,
       100.0 * count(*) FILTER (in_period AND nfa_eligible AND has_recontact)
           / NULLIF(count(*) FILTER (in_period AND nfa_eligible), 0) AS nfa_recontact_3m_pct,
       count(*) FILTER (in_period AND is_escalated) AS escalated,
       100.0 * count(*) FILTER (in_period AND is_escalated)
           / NULLIF(count(*) FILTER (in_period), 0) AS escalation_pct
FROM flagged
GROUP BY category
-- a breakdown lists only categories with contacts in the period; the single 'none' row
-- is kept when only pending_overdue contacts (outside the period) are left
HAVING $breakdown = 'none' OR count(*) FILTER (in_period) > 0
ORDER BY category NULLS FIRST
