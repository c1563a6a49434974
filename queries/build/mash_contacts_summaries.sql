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
ORDER BY received_on
