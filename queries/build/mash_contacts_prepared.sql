-- mash_contacts_prepared: the accepted contacts (every column of mash_contacts) with what
-- mash_figures and mash_contact_rows would otherwise work out over every contact on every
-- call, built once with the database (issue 11), ordered by received_at so that a period
-- filter skips whole blocks. Depends on no filter and no as_of:
--   received_on   date of received_at; decided_on_any  date of decided_at (as recorded)
--   add_1wd       add_working_days(received_on, 1) (the calendar table)
--   previous_at   the child's latest contact time strictly before this one
--   next_at       the child's earliest contact time strictly after this one
--   within_1wd_any  decided (at any time) on or before add_1wd
--   is_repeat     previous_at within 365 days of received_on (by date)
--   has_recontact next_at within 91 days of received_on (by date)
--   is_escalated  escalated, blank counting as no
--   rag_key, locality_key   the codes the screening RAG and locality filters match
--                           ('none' = not recorded; locality trimmed and lower-cased)
-- metrics.md searches the earlier / later contact among contacts received by as_of. An
-- earlier contact of one received by as_of was received by as_of too. A later contact
-- counts only for nfa_recontact_3m_pct, only within 91 days of a contact received at
-- least 91 days before as_of, so it is by as_of whenever it counts: the next contact
-- over all contacts gives the same figures as the next one by as_of.
CREATE TABLE mash_contacts_prepared AS
WITH visits AS (
    SELECT DISTINCT child_ref, received_at FROM mash_contacts
), neighbours AS (
    SELECT child_ref, received_at,
           lag(received_at)  OVER w AS previous_at,
           lead(received_at) OVER w AS next_at
    FROM visits
    WINDOW w AS (PARTITION BY child_ref ORDER BY received_at)
), joined AS (
    SELECT m.*,
           CAST(m.received_at AS DATE) AS received_on,
           CAST(m.decided_at AS DATE) AS decided_on_any,
           cal.add_1wd, n.previous_at, n.next_at
    FROM mash_contacts m
    JOIN neighbours n ON n.child_ref = m.child_ref AND n.received_at = m.received_at
    LEFT JOIN calendar cal ON cal.day = CAST(m.received_at AS DATE)
)
SELECT *,
       coalesce(decided_on_any <= add_1wd, false) AS within_1wd_any,
       previous_at IS NOT NULL
           AND date_diff('day', CAST(previous_at AS DATE), received_on) <= 365 AS is_repeat,
       next_at IS NOT NULL
           AND date_diff('day', received_on, CAST(next_at AS DATE)) <= 91 AS has_recontact,
       coalesce(escalated, false) AS is_escalated,
       coalesce(screening_rag, 'none') AS rag_key,
       coalesce(lower(trim(locality)), 'none') AS locality_key
FROM joined
ORDER BY received_at, _row
