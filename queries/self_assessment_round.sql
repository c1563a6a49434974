-- self_assessment_round: the round the self-assessment figures describe when `round`
-- is not given (metrics.md "Self-assessments"): the latest round that has a row with
-- due_on on or before $as_of, from all accepted rows whatever the filters (so every
-- agency is compared within one partnership round). One row (NULL when none is due).
-- Parameters: $as_of DATE
SELECT max(round) AS round
FROM self_assessments
WHERE due_on <= $as_of
