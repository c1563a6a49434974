-- comparator_means: the mean of comparators' shares per partner group (a mean of
-- percentages, the regional average as the 2020 review computes it), over every
-- comparator of the year with all four group amounts ('all') and over unitary ones only
-- ('unitary'). Implements comparator_mean_share_pct and comparator_mean_share_pct_unitary.
-- Parameters: $comparator_year VARCHAR
-- Percentages are computed in DOUBLE: 100 × a DECIMAL(18,2) amount can overflow DECIMAL(18).
WITH shares AS (
    SELECT unitary,
           100.0 * CAST(local_authority_gbp AS DOUBLE) / t AS local_authority,
           100.0 * CAST(health_gbp AS DOUBLE) / t AS health,
           100.0 * CAST(police_gbp AS DOUBLE) / t AS police,
           100.0 * CAST(other_gbp AS DOUBLE) / t AS other
    FROM (SELECT *, local_authority_gbp + health_gbp + police_gbp + other_gbp AS t
          FROM comparators WHERE year = $comparator_year)
    WHERE t IS NOT NULL AND t > 0
)
SELECT 'all' AS scope, avg(local_authority) AS local_authority, avg(health) AS health,
       avg(police) AS police, avg(other) AS other
FROM shares
UNION ALL
SELECT 'unitary', avg(local_authority), avg(health), avg(police), avg(other)
FROM shares WHERE unitary
