-- comparator_year: the comparator year for a funding year (metrics.md "Funding"): $year
-- itself when comparators has rows for it, else the latest year in comparators.
-- Parameters: $year VARCHAR|NULL
SELECT CASE WHEN EXISTS (SELECT 1 FROM comparators WHERE year = $year) THEN $year
            ELSE (SELECT max(year) FROM comparators) END AS comparator_year
