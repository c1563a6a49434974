-- indicator_set: the catalogue indicators listed under the filters (metrics.md
-- "Indicator set"): area_id in $area when set, source in $agency when set (computed
-- indicators always pass the agency filter), sorted by (area_id, indicator_id).
-- Parameters: $area, $agency VARCHAR[]|NULL
SELECT indicator_id, name, area_id, unit, polarity, target, amber_tolerance, frequency,
       source, definition, expected_from
FROM indicator_catalogue
WHERE ($area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], area_id))
  AND ($agency::VARCHAR[] IS NULL OR source = 'computed'
       OR list_contains($agency::VARCHAR[], source))
ORDER BY area_id, indicator_id
