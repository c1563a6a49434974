-- audit_reaudits: for each audit exercise whose rows carry reaudit_of = X, its
-- good_or_better_pct beside X's and the change in points (metrics.md "Audits",
-- re-audit), from all accepted rows of both audited on or before $as_of, whatever
-- the filters and the period. Ordered by audit_id. Beside the figures: each
-- exercise's rows graded good or better and its rows (the counts public mode
-- suppresses the percentages with), its last audit date and its theme.
-- Parameters: $as_of DATE
WITH graded AS (
    SELECT audit_id,
           100.0 * count(*) FILTER (grade IN ('good', 'outstanding')) / count(*) AS good_or_better_pct,
           count(*) AS agency_returns,
           count(*) FILTER (grade IN ('good', 'outstanding')) AS good_or_better,
           max(audited_on) AS last_audited_on,
           any_value(theme ORDER BY _row) AS theme
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
       r.agency_returns, o.agency_returns AS reaudit_of_agency_returns,
       r.good_or_better, o.good_or_better AS reaudit_of_good_or_better,
       r.last_audited_on, o.last_audited_on AS reaudit_of_last_audited_on,
       r.theme, o.theme AS reaudit_of_theme
FROM pairs p
JOIN graded r ON r.audit_id = p.audit_id
LEFT JOIN graded o ON o.audit_id = p.reaudit_of
ORDER BY p.audit_id
