-- indicator_labels: each catalogue indicator's name, area, unit, polarity, frequency,
-- source and target, in file order.
-- Parameters: none.
-- Used by: the Overview's headline figures (the target of the computed indicator that
-- has the same figure) and the pages that name indicators.
SELECT indicator_id, name, area_id, unit, polarity, frequency, source, target
FROM indicator_catalogue
ORDER BY _row
