-- validation_counts: summary's `validation` (metrics.md): the validation report's errors
-- and warnings, and the distinct rows quarantined (file and row of an error; a
-- file-level error has no row). No parameters: the notices added when a set is opened
-- (rows dated after as_of) are neither errors nor warnings.
SELECT count(*) FILTER (WHERE severity = 'error') AS errors,
       count(*) FILTER (WHERE severity = 'warning') AS warnings,
       count(DISTINCT ("file", "row")) FILTER (WHERE severity = 'error' AND "row" IS NOT NULL)
           AS quarantined_rows
FROM findings
