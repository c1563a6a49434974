-- indicator_labels: each catalogue indicator's name, area, unit and polarity, in file order.
-- Parameters: none.
-- Used by: Overview tiles (the worst-moving indicator's name and its icon's direction).
SELECT indicator_id, name, area_id, unit, polarity, frequency, source
FROM indicator_catalogue
ORDER BY _row
