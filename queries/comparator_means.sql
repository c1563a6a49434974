-- comparator_means: the mean of comparators' shares per partner group (a mean of
-- percentages, the regional average as the 2020 review computes it), over every
-- comparator of the year with all four group amounts ('all') and over unitary ones only
-- ('unitary'). Implements comparator_mean_share_pct and comparator_mean_share_pct_unitary.
-- Parameters: $year VARCHAR
WITH shares AS (
    SELECT unitary,
           100.0 * local_authority_gbp / t AS local_authority,
           100.0 * health_gbp / t AS health,
           100.0 * police_gbp / t AS police,
           100.0 * other_gbp / t AS other
    FROM (SELECT *, local_authority_gbp + health_gbp + police_gbp + other_gbp AS t
          FROM comparators WHERE year = $year)
    WHERE t IS NOT NULL AND t > 0
)
SELECT 'all' AS scope, avg(local_authority) AS local_authority, avg(health) AS health,
       avg(police) AS police, avg(other) AS other
FROM shares
UNION ALL
SELECT 'unitary', avg(local_authority), avg(health), avg(police), avg(other)
FROM shares WHERE unitary
