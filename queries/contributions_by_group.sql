-- contributions_by_group: partner contributions of one financial year by partner group,
-- with each group's share of the total (metrics.md "Funding": contributions_total,
-- share_pct[g], contributions_per_head_gbp). Every partner group is listed, with 0 when it
-- gave nothing; no rows at all when the year has no contributions.
-- Parameters: $year VARCHAR ('YYYY/YY'), $total_population BIGINT
WITH year_rows AS (
    SELECT partner_group, amount_gbp FROM contributions WHERE financial_year = $year
), groups(partner_group, ordinal) AS (
    VALUES ('local_authority', 1), ('health', 2), ('police', 3), ('other', 4)
), totals AS (
    SELECT sum(amount_gbp) AS contributions_total FROM year_rows
)
SELECT g.partner_group,
       coalesce(sum(y.amount_gbp), 0) AS amount_gbp,
       t.contributions_total,
       100.0 * CAST(coalesce(sum(y.amount_gbp), 0) AS DOUBLE) / NULLIF(t.contributions_total, 0) AS share_pct,
       t.contributions_total / $total_population AS contributions_per_head_gbp
FROM groups g
CROSS JOIN totals t
LEFT JOIN year_rows y ON y.partner_group = g.partner_group
WHERE (SELECT count(*) FROM year_rows) > 0
GROUP BY g.partner_group, g.ordinal, t.contributions_total
ORDER BY g.ordinal
