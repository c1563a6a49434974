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
--                           primary_concern | age_band | screening_rag | locality |
--                           all (none, month and every dimension but quarter, each row
--                           naming its own in the column breakdown: the front-door page's
--                           eight tables from one reading of the contacts)
-- pending_overdue alone is never period-filtered (metrics.md "Time": always as of).
-- Read from the tables built with the database (queries/build/): the period's contacts
-- from mash_contacts_prepared (ordered by receipt, so a period reads only its blocks), or
-- their daily counts from mash_contacts_daily when no dimension filter is set and the
-- breakdown needs no dimension; the contacts still open at as_of from
-- mash_contacts_undecided (ordered by decision). Every line carries the contacts it
-- stands for (n), so both sources give the same figures.
-- Implements: contacts, decided, decided_within_1wd_pct, pending_overdue, conversion_pct,
-- repeat_contact_12m_pct, nfa_recontact_3m_pct, escalation_pct (and the monthly
-- computed indicators mash_decision_within_1wd, mash_conversion_rate,
-- mash_repeat_contacts_12m when called with breakdown 'month' and no filters).
WITH period_contacts AS (
    -- the contacts received in the period (and by as_of) that match the filters: one line
    -- per contact, or one per day and kind when nothing narrows them by a dimension
    SELECT m.received_on, m.referrer_agency, m.primary_concern, m.age_band, m.screening_rag,
           m.locality, m.decision, m.decided_on_any, m.within_1wd_any, m.is_repeat,
           m.has_recontact, m.is_escalated, 1 AS n
    FROM mash_contacts_prepared m
    WHERE NOT ($agency::VARCHAR[] IS NULL AND $age_band::VARCHAR[] IS NULL AND $concern::VARCHAR[] IS NULL
          AND $screening_rag::VARCHAR[] IS NULL AND $locality::VARCHAR[] IS NULL
          AND $breakdown IN ('none', 'month', 'quarter', 'decision'))
      AND m.received_on <= least($date_to, $as_of)
      AND m.received_on >= coalesce($date_from, DATE '1900-01-01')
      AND mash_matches(m.referrer_agency, m.age_band, m.primary_concern, m.rag_key,
                       m.locality_key, $agency::VARCHAR[], $age_band::VARCHAR[],
                       $concern::VARCHAR[], $screening_rag::VARCHAR[], $locality::VARCHAR[])
    UNION ALL
    SELECT d.received_on, NULL, NULL, NULL, NULL, NULL, d.decision, d.decided_on_any,
           d.within_1wd_any, d.is_repeat, d.has_recontact, d.is_escalated, d.n
    FROM mash_contacts_daily d
    WHERE ($agency::VARCHAR[] IS NULL AND $age_band::VARCHAR[] IS NULL AND $concern::VARCHAR[] IS NULL
          AND $screening_rag::VARCHAR[] IS NULL AND $locality::VARCHAR[] IS NULL
          AND $breakdown IN ('none', 'month', 'quarter', 'decision'))
      AND d.received_on <= least($date_to, $as_of)
      AND d.received_on >= coalesce($date_from, DATE '1900-01-01')
), pending AS (
    -- pending_overdue: received by as_of, no decision by as_of, past one working day;
    -- whatever the period
    SELECT u.*
    FROM mash_contacts_undecided u
    WHERE u.decided_or_never > $as_of
      AND u.received_on <= $as_of
      AND $as_of > u.add_1wd
      AND mash_matches(u.referrer_agency, u.age_band, u.primary_concern, u.rag_key,
                       u.locality_key, $agency::VARCHAR[], $age_band::VARCHAR[],
                       $concern::VARCHAR[], $screening_rag::VARCHAR[], $locality::VARCHAR[])
), period AS (
    SELECT *,
           -- an event after as_of has not happened yet: the contact is still pending
           decision IS NOT NULL AND decided_on_any <= $as_of AS is_decided
    FROM period_contacts
), flagged AS (
    -- lines of period contacts (in_period) and of overdue pending contacts
    -- (is_pending_overdue); a pending contact received in the period is in both
    SELECT received_on, referrer_agency, primary_concern, age_band, screening_rag, locality,
           CASE WHEN is_decided THEN decision END AS decision_at_as_of,
           true AS in_period, false AS is_pending_overdue,
           is_decided,
           -- Working Together: decision within one working day of receipt
           is_decided AND within_1wd_any AS within_1wd,
           is_decided AND decision IN ('referral_social_care', 'strategy_discussion') AS converted,
           is_repeat,
           is_decided AND decision IN ('no_further_action', 'information_advice')
               AND received_on + 91 <= $as_of AS nfa_eligible,
           has_recontact,
           is_escalated,
           n
    FROM period
    UNION ALL
    SELECT received_on, referrer_agency, primary_concern, age_band, screening_rag, locality,
           NULL, false, true, false, false, false, false, false, false, false, 1
    FROM pending
), categorised AS (
    -- each line once per breakdown asked for, with its category as a date (month,
    -- quarter) or a code, written as text once per row of the result rather than once
    -- per contact
    SELECT f.*, b.breakdown,
           CASE b.breakdown
               WHEN 'month' THEN date_trunc('month', received_on)
               WHEN 'quarter' THEN date_trunc('quarter', received_on)
           END AS period_start,
           CASE b.breakdown
               WHEN 'referrer_agency' THEN referrer_agency
               WHEN 'decision' THEN coalesce(decision_at_as_of, 'Pending')
               WHEN 'primary_concern' THEN primary_concern
               WHEN 'age_band' THEN age_band
               WHEN 'screening_rag' THEN coalesce(screening_rag, 'Not recorded')
               WHEN 'locality' THEN coalesce(trim(locality), 'Not recorded')
           END AS code
    FROM flagged f,
         unnest(CASE WHEN $breakdown = 'all'
                     THEN ['none', 'month', 'referrer_agency', 'decision', 'primary_concern',
                           'age_band', 'screening_rag', 'locality']
                     ELSE [$breakdown] END) AS b(breakdown)
)
SELECT breakdown, coalesce(strftime(period_start, '%Y-%m-%d'), code) AS category,
       CAST(coalesce(sum(n) FILTER (in_period), 0) AS BIGINT) AS contacts,
       CAST(coalesce(sum(n) FILTER (is_decided), 0) AS BIGINT) AS decided,
       CAST(coalesce(sum(n) FILTER (within_1wd), 0) AS BIGINT) AS decided_within_1wd,
       100.0 * coalesce(sum(n) FILTER (within_1wd), 0)
           / NULLIF(sum(n) FILTER (is_decided), 0) AS decided_within_1wd_pct,
       CAST(coalesce(sum(n) FILTER (is_pending_overdue), 0) AS BIGINT) AS pending_overdue,
       CAST(coalesce(sum(n) FILTER (converted), 0) AS BIGINT) AS converted,
       100.0 * coalesce(sum(n) FILTER (converted), 0)
           / NULLIF(sum(n) FILTER (is_decided), 0) AS conversion_pct,
       CAST(coalesce(sum(n) FILTER (in_period AND is_repeat), 0) AS BIGINT) AS repeat_contacts_12m,
       100.0 * coalesce(sum(n) FILTER (in_period AND is_repeat), 0)
           / NULLIF(sum(n) FILTER (in_period), 0) AS repeat_contact_12m_pct,
       CAST(coalesce(sum(n) FILTER (nfa_eligible), 0) AS BIGINT) AS nfa_eligible,
       CAST(coalesce(sum(n) FILTER (nfa_eligible AND has_recontact), 0) AS BIGINT) AS nfa_recontacted_3m,
       100.0 * coalesce(sum(n) FILTER (nfa_eligible AND has_recontact), 0)
           / NULLIF(sum(n) FILTER (nfa_eligible), 0) AS nfa_recontact_3m_pct,
       CAST(coalesce(sum(n) FILTER (in_period AND is_escalated), 0) AS BIGINT) AS escalated,
       100.0 * coalesce(sum(n) FILTER (in_period AND is_escalated), 0)
           / NULLIF(sum(n) FILTER (in_period), 0) AS escalation_pct
FROM categorised
GROUP BY breakdown, period_start, code
-- a breakdown lists only categories with contacts in the period; the single 'none' row
-- is kept when only pending_overdue contacts (outside the period) are left
HAVING breakdown = 'none' OR sum(n) FILTER (in_period) > 0
ORDER BY breakdown, category NULLS FIRST
