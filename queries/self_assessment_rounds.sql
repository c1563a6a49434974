-- self_assessment_rounds: every round in self_assessments, latest first (the round
-- filter's choices). Parameters: none.
SELECT DISTINCT round FROM self_assessments ORDER BY round DESC
