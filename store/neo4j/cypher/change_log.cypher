// Logs one committed write for replicas (version, the records it deleted
// and upserted, as JSON; full: too large to log, reload everything), and
// drops entries older than $keep versions. Runs in the write's transaction.
CREATE (c:CareerGraphChange {version: $version, full: $full, upsert: $upsert, delete: $delete})
WITH c
OPTIONAL MATCH (old:CareerGraphChange)
WHERE old.version <= $version - $keep
DELETE old
RETURN count(DISTINCT c) AS written
