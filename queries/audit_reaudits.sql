-- audit_reaudits: for each audit exercise whose rows carry reaudit_of = X, its
-- good_or_better_pct beside X's and the change in points (metrics.md "Audits",
-- re-audit), from all accepted rows of both audited on or before $as_of, whatever
-- the filters and the period. Ordered by audit_id.
-- Parameters: $as_of DATE
WITH graded AS (
    SELECT audit_id,
           100.0 * count(*) FILTER (grade IN ('good', 'outstanding')) / count(*) AS good_or_better_pct,
           count(*) AS agency_returns
    FROM audits
    WHERE audited_on <= $as_of
    GROUP BY audit_id
), pairs AS (
    SELECT DISTINCT audit_id, reaudit_of
    FROM audits
    WHERE reaudit_of IS NOT NULL AND audited_on <= $as_of
)
SELECT p.audit_id, p.reaudit_of,
       r.good_or_better_pct,
       o.good_or_better_pct AS reaudit_of_good_or_better_pct,
       r.good_or_better_pct - o.good_or_better_pct AS change_points,
       r.agency_returns, o.agency_returns AS reaudit_of_agency_returns
FROM pairs p
JOIN graded r ON r.audit_id = p.audit_id
LEFT JOIN graded o ON o.audit_id = p.reaudit_of
ORDER BY p.audit_id
