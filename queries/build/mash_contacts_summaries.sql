-- mash_contacts_undecided and mash_contacts_daily: two tables worked out once from
-- mash_contacts_prepared (built before them: the build runs its files in name order),
-- so that mash_figures reads few rows where it would otherwise read every contact
-- (issue 11). Neither depends on a filter or on as_of.
--
-- mash_contacts_undecided: the columns pending_overdue needs of every accepted contact,
-- ordered by the day of its decision (no decision: 2100-01-01, after every allowed date),
-- so that "not decided by as_of" (decided_or_never > as_of) reads only the few blocks of
-- contacts still open at as_of.
CREATE TABLE mash_contacts_undecided AS
SELECT coalesce(CASE WHEN decision IS NOT NULL THEN decided_on_any END,
                DATE '2100-01-01') AS decided_or_never,
       received_on, add_1wd, referrer_agency, primary_concern, age_band, screening_rag,
       locality, rag_key, locality_key
FROM mash_contacts_prepared
ORDER BY decided_or_never, received_on;

-- mash_contacts_daily: the contacts counted (n) per day received and everything the
-- figures need that is not a filter or breakdown dimension: the day decided, the
-- decision and the as_of-free flags. The figures with no dimension filter and breakdown
-- none, month, quarter or decision (the computed indicators' monthly series, the
-- Overview's default view) are summed from it.
CREATE TABLE mash_contacts_daily AS
SELECT received_on, add_1wd, decided_on_any, decision, within_1wd_any, is_repeat,
       has_recontact, is_escalated, count(*) AS n
FROM mash_contacts_prepared
GROUP BY ALL
ORDER BY received_on;

-- mash_contacts_monthly: the contacts counted (n, and how many of them were decided
-- within one working day, are repeats, were contacted again within 91 days, were
-- escalated) per month received, dimension (the filters' and the breakdowns') and
-- decision: the contacts whose figures no longer depend on as_of once as_of is 91 days
-- past the end of their month. Those are the contacts with no decision, or decided
-- within 60 days of receipt: at such an as_of they are decided (or never will be) and
-- past the 91 days of nfa_recontact_3m_pct. mash_figures reads a month from here when
-- the whole month is in the period and as_of is 91 days past its end, and reads the
-- month's other contacts (decided later, or with a decision and no decision time)
-- one by one; the same test (mash_settles) picks the lines on both sides.
CREATE MACRO mash_settles(decision, decided_on_any, received_on) AS
    decision IS NULL OR coalesce(decided_on_any <= received_on + 60, false);

CREATE TABLE mash_contacts_monthly AS
SELECT CAST(date_trunc('month', received_on) AS DATE) AS month, referrer_agency,
       primary_concern, age_band, screening_rag, locality, rag_key, locality_key, decision,
       count(*) AS n,
       count(*) FILTER (within_1wd_any) AS n_within_1wd_any,
       count(*) FILTER (is_repeat) AS n_repeat,
       count(*) FILTER (has_recontact) AS n_recontact,
       count(*) FILTER (is_escalated) AS n_escalated
FROM mash_contacts_prepared
WHERE mash_settles(decision, decided_on_any, received_on)
GROUP BY ALL
ORDER BY month;

-- mash_contacts_monthly_totals: mash_contacts_monthly over every dimension (per month
-- and decision), for the figures no dimension narrows (the computed indicators' monthly
-- series over every month, the Overview with no filter): a settled month is read here
-- and the period's other days from mash_contacts_daily.
CREATE TABLE mash_contacts_monthly_totals AS
SELECT month, decision, CAST(sum(n) AS BIGINT) AS n,
       CAST(sum(n_within_1wd_any) AS BIGINT) AS n_within_1wd_any,
       CAST(sum(n_repeat) AS BIGINT) AS n_repeat,
       CAST(sum(n_recontact) AS BIGINT) AS n_recontact,
       CAST(sum(n_escalated) AS BIGINT) AS n_escalated
FROM mash_contacts_monthly
GROUP BY ALL
ORDER BY month
