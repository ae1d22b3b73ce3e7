// The logged writes after version $from, oldest first, with the current
// version to tell whether any is missing.
OPTIONAL MATCH (v:CareerGraphVersion {id: 'store'})
WITH coalesce(v.value, 0) AS current
OPTIONAL MATCH (c:CareerGraphChange)
WHERE c.version > $from
WITH current, c
ORDER BY c.version
RETURN current, collect({version: c.version, full: c.full, upsert: c.upsert, delete: c.delete}) AS changes
