-- priority_areas: the partnership's priority areas in file order (they order the
-- Overview's tiles and summary's `areas`). Parameters: $area VARCHAR[]|NULL
SELECT area_id, name, subgroup, description
FROM priority_areas
WHERE $area::VARCHAR[] IS NULL OR list_contains($area::VARCHAR[], area_id)
ORDER BY _row
