// A level hangs off its role by HAS_LEVEL; a level moved to another role
// loses the old link, and a link that is already right is left alone.
UNWIND $rows AS row
MATCH (r:Role {id: row.parent})
MERGE (n:Level {id: row.id})
SET n.name = row.name, n.doc = row.doc
WITH n, r, row
OPTIONAL MATCH (q:Role)-[old:HAS_LEVEL]->(n)
WHERE q.id <> row.parent
DELETE old
WITH DISTINCT n, r
MERGE (r)-[:HAS_LEVEL]->(n)
RETURN count(n) AS written
