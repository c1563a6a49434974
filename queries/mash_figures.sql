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
-- Read from the tables built with the database (queries/build/): the counts of each
-- settled month (a whole month of the period ending 91 days or more before as_of: its
-- contacts' figures no longer depend on as_of; mash_settles decides which contacts it
-- counts) and the period's other contacts. When no dimension filter is set and the
-- breakdown needs no dimension, those are mash_contacts_monthly_totals and the daily
-- counts of mash_contacts_daily; otherwise mash_contacts_monthly (by dimension) and each
-- contact of mash_contacts_prepared (ordered by receipt, so a period reads only its
-- blocks). The
-- contacts still open at as_of come from mash_contacts_undecided (ordered by decision).
-- Every line carries the counts it stands for (n contacts, and how many of them were
-- decided within a working day, are repeats, ...), so every source gives the same
-- figures (tests/test_mash_sources.py compares them).
-- Implements: contacts, decided, decided_within_1wd_pct, pending_overdue, conversion_pct,
-- repeat_contact_12m_pct, nfa_recontact_3m_pct, escalation_pct (and the monthly
-- computed indicators mash_decision_within_1wd, mash_conversion_rate,
-- mash_repeat_contacts_12m when called with breakdown 'month' and no filters).
WITH settled AS (
    -- the months of the period read from mash_contacts_monthly: whole months in the
    -- period whose end is 91 days or more before as_of (from `first_month` to the month
    -- ending `last_month_end`; none when the first is after the last)
    SELECT CASE WHEN day(coalesce($date_from, DATE '1900-01-01')) = 1
                THEN coalesce($date_from, DATE '1900-01-01')
                ELSE CAST(date_trunc('month', CAST($date_from AS DATE)) + INTERVAL 1 MONTH AS DATE)
           END AS first_month,
           CAST(date_trunc('month', least($date_to, $as_of - 91) + 1) AS DATE) - 1
               AS last_month_end
), period_contacts AS (
    -- the contacts received in the period (and by as_of) that match the filters, as
    -- lines that each count n contacts (and how many of those are decided within one
    -- working day, repeats, contacted again, escalated): one line per contact; or the
    -- counts of a settled month (mash_contacts_monthly, `settled` true: decided or never
    -- to be by as_of); or one line per day and kind when nothing narrows them by a
    -- dimension (mash_contacts_daily)
    SELECT m.received_on, m.referrer_agency, m.primary_concern, m.age_band, m.screening_rag,
           m.locality, m.decision, m.decided_on_any, false AS settled, 1 AS n,
           CAST(m.within_1wd_any AS INTEGER) AS n_within_1wd_any,
           CAST(m.is_repeat AS INTEGER) AS n_repeat,
           CAST(m.has_recontact AS INTEGER) AS n_recontact,
           CAST(m.is_escalated AS INTEGER) AS n_escalated
    FROM mash_contacts_prepared m, settled s
    WHERE NOT ($agency::VARCHAR[] IS NULL AND $age_band::VARCHAR[] IS NULL AND $concern::VARCHAR[] IS NULL
          AND $screening_rag::VARCHAR[] IS NULL AND $locality::VARCHAR[] IS NULL
          AND $breakdown IN ('none', 'month', 'quarter', 'decision'))
      AND m.received_on <= least($date_to, $as_of)
      AND m.received_on >= coalesce($date_from, DATE '1900-01-01')
      AND NOT (m.received_on BETWEEN s.first_month AND s.last_month_end
               AND mash_settles(m.decision, m.decided_on_any, m.received_on))
      AND mash_matches(m.referrer_agency, m.age_band, m.primary_concern, m.rag_key,
                       m.locality_key, $agency::VARCHAR[], $age_band::VARCHAR[],
                       $concern::VARCHAR[], $screening_rag::VARCHAR[], $locality::VARCHAR[])
    UNION ALL
    SELECT c.month, c.referrer_agency, c.primary_concern, c.age_band, c.screening_rag,
           c.locality, c.decision, NULL, true, c.n, c.n_within_1wd_any, c.n_repeat,
           c.n_recontact, c.n_escalated
    FROM mash_contacts_monthly c, settled s
    WHERE NOT ($agency::VARCHAR[] IS NULL AND $age_band::VARCHAR[] IS NULL AND $concern::VARCHAR[] IS NULL
          AND $screening_rag::VARCHAR[] IS NULL AND $locality::VARCHAR[] IS NULL
          AND $breakdown IN ('none', 'month', 'quarter', 'decision'))
      AND c.month BETWEEN s.first_month AND s.last_month_end
      AND mash_matches(c.referrer_agency, c.age_band, c.primary_concern, c.rag_key,
                       c.locality_key, $agency::VARCHAR[], $age_band::VARCHAR[],
                       $concern::VARCHAR[], $screening_rag::VARCHAR[], $locality::VARCHAR[])
    UNION ALL
    SELECT t.month, NULL, NULL, NULL, NULL, NULL, t.decision, NULL, true, t.n,
           t.n_within_1wd_any, t.n_repeat, t.n_recontact, t.n_escalated
    FROM mash_contacts_monthly_totals t, settled s
    WHERE ($agency::VARCHAR[] IS NULL AND $age_band::VARCHAR[] IS NULL AND $concern::VARCHAR[] IS NULL
          AND $screening_rag::VARCHAR[] IS NULL AND $locality::VARCHAR[] IS NULL
          AND $breakdown IN ('none', 'month', 'quarter', 'decision'))
      AND t.month BETWEEN s.first_month AND s.last_month_end
    UNION ALL
    SELECT d.received_on, NULL, NULL, NULL, NULL, NULL, d.decision, d.decided_on_any, false,
           d.n, CASE WHEN d.within_1wd_any THEN d.n ELSE 0 END,
           CASE WHEN d.is_repeat THEN d.n ELSE 0 END,
           CASE WHEN d.has_recontact THEN d.n ELSE 0 END,
           CASE WHEN d.is_escalated THEN d.n ELSE 0 END
    FROM mash_contacts_daily d, settled s
    WHERE ($agency::VARCHAR[] IS NULL AND $age_band::VARCHAR[] IS NULL AND $concern::VARCHAR[] IS NULL
          AND $screening_rag::VARCHAR[] IS NULL AND $locality::VARCHAR[] IS NULL
          AND $breakdown IN ('none', 'month', 'quarter', 'decision'))
      AND d.received_on <= least($date_to, $as_of)
      AND d.received_on >= coalesce($date_from, DATE '1900-01-01')
      AND NOT (d.received_on BETWEEN s.first_month AND s.last_month_end
               AND mash_settles(d.decision, d.decided_on_any, d.received_on))
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
           decision IS NOT NULL AND (settled OR decided_on_any <= $as_of) AS is_decided,
           -- past the 91 days of nfa_recontact_3m_pct
           settled OR received_on + 91 <= $as_of AS past_91_days
    FROM period_contacts
), flagged AS (
    -- lines of period contacts and of overdue pending contacts, each with the counts it
    -- adds to every figure; a pending contact received in the period is in both
    SELECT received_on, referrer_agency, primary_concern, age_band, screening_rag, locality,
           CASE WHEN is_decided THEN decision END AS decision_at_as_of,
           n AS contacts,
           CASE WHEN is_decided THEN n ELSE 0 END AS decided,
           -- Working Together: decision within one working day of receipt
           CASE WHEN is_decided THEN n_within_1wd_any ELSE 0 END AS within_1wd,
           CASE WHEN is_decided AND decision IN ('referral_social_care', 'strategy_discussion')
                THEN n ELSE 0 END AS converted,
           n_repeat AS repeats,
           CASE WHEN is_decided AND decision IN ('no_further_action', 'information_advice')
                     AND past_91_days THEN n ELSE 0 END AS nfa_eligible,
           CASE WHEN is_decided AND decision IN ('no_further_action', 'information_advice')
                     AND past_91_days THEN n_recontact ELSE 0 END AS nfa_recontacted,
           n_escalated AS escalated,
           0 AS pending_overdue
    FROM period
    UNION ALL
    SELECT received_on, referrer_agency, primary_concern, age_band, screening_rag, locality,
           NULL, 0, 0, 0, 0, 0, 0, 0, 0, 1
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
       CAST(sum(contacts) AS BIGINT) AS contacts,
       CAST(sum(decided) AS BIGINT) AS decided,
       CAST(sum(within_1wd) AS BIGINT) AS decided_within_1wd,
       100.0 * sum(within_1wd) / NULLIF(sum(decided), 0) AS decided_within_1wd_pct,
       CAST(sum(pending_overdue) AS BIGINT) AS pending_overdue,
       CAST(sum(converted) AS BIGINT) AS converted,
       100.0 * sum(converted) / NULLIF(sum(decided), 0) AS conversion_pct,
       CAST(sum(repeats) AS BIGINT) AS repeat_contacts_12m,
       100.0 * sum(repeats) / NULLIF(sum(contacts), 0) AS repeat_contact_12m_pct,
       CAST(sum(nfa_eligible) AS BIGINT) AS nfa_eligible,
       CAST(sum(nfa_recontacted) AS BIGINT) AS nfa_recontacted_3m,
       100.0 * sum(nfa_recontacted) / NULLIF(sum(nfa_eligible), 0) AS nfa_recontact_3m_pct,
       CAST(sum(escalated) AS BIGINT) AS escalated,
       100.0 * sum(escalated) / NULLIF(sum(contacts), 0) AS escalation_pct
FROM categorised
GROUP BY breakdown, period_start, code
-- a breakdown lists only categories with contacts in the period; the single 'none' row
-- is kept when only pending_overdue contacts (outside the period) are left
HAVING breakdown = 'none' OR sum(contacts) > 0
ORDER BY breakdown, category NULLS FIRST
